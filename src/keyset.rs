//! Choosing the verifier for a token: the [`KeyResolver`] trait and [`KeySet`], an immutable set
//! of keys selected by `kid` and `alg`.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use arc_swap::ArcSwap;
use time::OffsetDateTime;

use crate::crypto::Verifier;
use crate::error::{ConfigError, VerifyError};
use crate::header::Header;

/// Picks the verifier for a token from its (untrusted) header.
///
/// The validator checks the returned verifier's algorithm against the token's `alg` itself, so a
/// sloppy resolver cannot cause algorithm confusion. Resolvers must never build a key from the
/// token's own `jwk`, `jku`, `x5u` or `x5c`.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Header, KeyResolver, Resolved, Verifier, VerifyError, hmac};
///
/// struct OneKey(hmac::Key);
///
/// impl KeyResolver for OneKey {
///     fn resolve(&self, _header: &Header) -> Result<Resolved<'_>, VerifyError> {
///         Ok(Resolved::borrowed(&self.0))
///     }
/// }
/// ```
pub trait KeyResolver: Send + Sync {
    /// The verifier for a token with `header`.
    ///
    /// # Errors
    ///
    /// [`VerifyError::NoMatchingKey`] or [`VerifyError::AmbiguousKey`] when no single key fits.
    fn resolve(&self, header: &Header) -> Result<Resolved<'_>, VerifyError>;

    /// The verifier for a token with `header`, as of `now`: the
    /// [`Validator`](crate::Validator) calls this one, with the same clock it checks the claims
    /// against, so that a resolver whose keys expire (such as a cached remote key set) needs no
    /// clock of its own and tests can drive it with a fixed one. The default ignores `now` and calls
    /// [`resolve`](Self::resolve).
    ///
    /// # Errors
    ///
    /// As for [`resolve`](Self::resolve), and [`VerifyError::KeysUnavailable`] when the
    /// resolver has no keys it may use at `now`.
    fn resolve_at(
        &self,
        header: &Header,
        now: OffsetDateTime,
    ) -> Result<Resolved<'_>, VerifyError> {
        let _ = now;
        self.resolve(header)
    }

    /// Whether every key the resolver can return verifies only with FIPS-approved primitives
    /// of a FIPS 140-3 validated module ([`Verifier::fips`]). `false` unless the resolver
    /// says otherwise.
    fn fips(&self) -> bool {
        false
    }
}

/// A verifier chosen by a [`KeyResolver`]: borrowed from the resolver, or shared with it (for
/// resolvers whose keys can be replaced while tokens are being verified).
pub struct Resolved<'a>(ResolvedInner<'a>);

enum ResolvedInner<'a> {
    Borrowed(&'a dyn Verifier),
    Shared(Arc<dyn Verifier>),
}

impl<'a> Resolved<'a> {
    /// A verifier the resolver owns.
    pub fn borrowed(verifier: &'a dyn Verifier) -> Self {
        Self(ResolvedInner::Borrowed(verifier))
    }

    /// A verifier shared through an [`Arc`].
    pub fn shared(verifier: Arc<dyn Verifier>) -> Self {
        Self(ResolvedInner::Shared(verifier))
    }
}

impl<'a> Deref for Resolved<'a> {
    type Target = dyn Verifier + 'a;

    fn deref(&self) -> &Self::Target {
        match &self.0 {
            ResolvedInner::Borrowed(verifier) => *verifier,
            ResolvedInner::Shared(verifier) => verifier.as_ref(),
        }
    }
}

impl fmt::Debug for Resolved<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resolved")
            .field("algorithm", &self.algorithm())
            .field("kid", &self.key_id())
            .finish()
    }
}

/// An immutable set of verification keys, selected by the token's `kid` and `alg`.
///
/// Selection rules:
/// * a token's `alg` must equal the key's algorithm; keys of other algorithms are never tried;
/// * a token with `kid` uses the key with that `kid`; if no key has it, a key without `kid` is
///   used when exactly one of them has the token's algorithm;
/// * a token without `kid` is accepted only when exactly one key has its algorithm;
/// * two keys with the same `kid` and algorithm are refused when the set is built.
///
/// Lookup by `kid` is a hash-map probe, so it stays flat as the set grows.
///
/// # Examples
///
/// ```
/// use jwt_ring::{KeySet, hmac};
///
/// let old = hmac::Key::new(&hmac::HS256, &[1u8; 32])?.with_key_id("2026-10");
/// let new = hmac::Key::new(&hmac::HS256, &[2u8; 32])?.with_key_id("2026-11");
/// let keys = KeySet::new([old, new])?;
/// assert_eq!(keys.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct KeySet {
    keys: Vec<Arc<dyn Verifier>>,
    by_kid: HashMap<String, Vec<usize>>,
    without_kid: Vec<usize>,
    /// Keys by algorithm: a handful of entries, scanned linearly (cheaper than hashing).
    by_alg: Vec<(String, Vec<usize>)>,
}

impl KeySet {
    /// Builds a set from verifiers.
    ///
    /// # Errors
    ///
    /// [`ConfigError::DuplicateKeyId`] when two keys share a `kid` and algorithm, and
    /// [`ConfigError::AlgorithmNone`] for a verifier that names `none`.
    pub fn new<V, I>(keys: I) -> Result<Self, ConfigError>
    where
        V: Verifier + 'static,
        I: IntoIterator<Item = V>,
    {
        let mut shared = Vec::new();
        for key in keys {
            push_shared(&mut shared, key);
        }
        Self::from_shared(shared)
    }

    /// Builds a set from boxed verifiers of different types.
    ///
    /// # Errors
    ///
    /// As for [`new`](Self::new).
    pub fn from_boxed(keys: Vec<Box<dyn Verifier>>) -> Result<Self, ConfigError> {
        Self::from_shared(keys.into_iter().map(Arc::from).collect())
    }

    /// Builds a set from shared verifiers.
    ///
    /// # Errors
    ///
    /// As for [`new`](Self::new).
    pub fn from_shared(keys: Vec<Arc<dyn Verifier>>) -> Result<Self, ConfigError> {
        let mut by_kid: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_alg: Vec<(String, Vec<usize>)> = Vec::new();
        let mut without_kid = Vec::new();
        for (index, key) in keys.iter().enumerate() {
            let alg = key.algorithm();
            if alg.is_empty() || alg.eq_ignore_ascii_case("none") {
                return Err(ConfigError::AlgorithmNone);
            }
            match by_alg.iter_mut().find(|(name, _)| name == alg) {
                Some((_, indices)) => indices.push(index),
                None => by_alg.push((alg.to_owned(), vec![index])),
            }
            match key.key_id() {
                Some(kid) => {
                    let same_kid = by_kid.entry(kid.to_owned()).or_default();
                    let clash = same_kid
                        .iter()
                        .filter_map(|other| keys.get(*other))
                        .any(|other| other.algorithm() == alg);
                    if clash {
                        return Err(ConfigError::DuplicateKeyId);
                    }
                    same_kid.push(index);
                }
                None => without_kid.push(index),
            }
        }
        Ok(Self {
            keys,
            by_kid,
            without_kid,
            by_alg,
        })
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set has no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key for a token with `kid` and `alg`, by the rules above.
    ///
    /// # Errors
    ///
    /// [`VerifyError::NoMatchingKey`] or [`VerifyError::AmbiguousKey`].
    #[inline]
    pub fn select(&self, kid: Option<&str>, alg: &str) -> Result<&dyn Verifier, VerifyError> {
        self.select_shared(kid, alg).map(|key| key.as_ref())
    }

    /// As [`select`](Self::select), returning the shared key.
    ///
    /// # Errors
    ///
    /// [`VerifyError::NoMatchingKey`] or [`VerifyError::AmbiguousKey`].
    #[inline]
    pub fn select_shared(
        &self,
        kid: Option<&str>,
        alg: &str,
    ) -> Result<&Arc<dyn Verifier>, VerifyError> {
        let fits = |index: &&usize| {
            self.keys
                .get(**index)
                .is_some_and(|key| key.algorithm() == alg)
        };
        let candidates: &[usize] = match kid {
            Some(kid) => match self.by_kid.get(kid) {
                Some(same_kid) => {
                    let index = same_kid
                        .iter()
                        .find(fits)
                        .ok_or_else(|| VerifyError::NoMatchingKey)?;
                    return self.key(*index);
                }
                None => &self.without_kid,
            },
            None => {
                // Every key in an algorithm's list has that algorithm: only the count matters.
                let same_alg = self
                    .by_alg
                    .iter()
                    .find(|(name, _)| name == alg)
                    .map(|(_, indices)| indices.as_slice())
                    .unwrap_or_default();
                return match same_alg {
                    [index] => self.key(*index),
                    [] => Err(VerifyError::NoMatchingKey),
                    _ => Err(VerifyError::AmbiguousKey),
                };
            }
        };
        let mut fitting = candidates.iter().filter(fits);
        match (fitting.next(), fitting.next()) {
            (Some(index), None) => self.key(*index),
            (Some(_), Some(_)) => Err(VerifyError::AmbiguousKey),
            (None, _) => Err(VerifyError::NoMatchingKey),
        }
    }

    fn key(&self, index: usize) -> Result<&Arc<dyn Verifier>, VerifyError> {
        self.keys
            .get(index)
            .ok_or_else(|| VerifyError::NoMatchingKey)
    }
}

impl KeyResolver for KeySet {
    fn resolve(&self, header: &Header) -> Result<Resolved<'_>, VerifyError> {
        let alg = header
            .algorithm()
            .ok_or_else(|| VerifyError::NoMatchingKey)?;
        self.select(header.kid(), alg).map(Resolved::borrowed)
    }

    /// Whether the set has keys and every one of them is FIPS ([`Verifier::fips`]).
    fn fips(&self) -> bool {
        !self.keys.is_empty() && self.keys.iter().all(|key| key.fips())
    }
}

/// Appends `verifier` to `keys` behind one `Arc`. A verifier that already is a
/// `Box<dyn Verifier>` or an `Arc<dyn Verifier>`, as callers holding keys of several types pass
/// them, is not wrapped a second time: verifying with it is then one dynamic call, not two.
pub(crate) fn push_shared<V: Verifier + 'static>(keys: &mut Vec<Arc<dyn Verifier>>, verifier: V) {
    let mut slot = Some(verifier);
    let any: &mut dyn Any = &mut slot;
    let unwrapped = if let Some(boxed) = any.downcast_mut::<Option<Box<dyn Verifier>>>() {
        boxed.take().map(Arc::from)
    } else if let Some(shared) = any.downcast_mut::<Option<Arc<dyn Verifier>>>() {
        shared.take()
    } else {
        None
    };
    // Exactly one of the two holds the verifier.
    keys.extend(unwrapped);
    keys.extend(slot.map(|verifier| Arc::new(verifier) as Arc<dyn Verifier>));
}

/// A key set that can be replaced while validators use it, for key rotation.
///
/// Verifying takes no lock: readers load the current set atomically (with `arc-swap`), and
/// [`replace`](Self::replace) publishes a new set without blocking them. Clones share the same
/// set, so one clone can be given to the [`Validator`](crate::Validator) and another kept by the
/// task that refreshes keys.
///
/// # Examples
///
/// ```
/// use jwt_ring::{KeySet, SharedKeySet, Validator, hmac};
///
/// let first = KeySet::new([hmac::Key::new(&hmac::HS256, &[1u8; 32])?.with_key_id("a")])?;
/// let shared = SharedKeySet::new(first);
/// let validator = Validator::builder().key_resolver(shared.clone()).build()?;
/// // Later, from the refresh task:
/// shared.replace(KeySet::new([hmac::Key::new(&hmac::HS256, &[2u8; 32])?.with_key_id("b")])?);
/// # drop(validator);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct SharedKeySet {
    current: Arc<ArcSwap<KeySet>>,
}

impl SharedKeySet {
    /// Shares `keys`.
    pub fn new(keys: KeySet) -> Self {
        Self {
            current: Arc::new(ArcSwap::from_pointee(keys)),
        }
    }

    /// Replaces the keys for every validator using this set; verifications under way finish
    /// with the keys they started with.
    pub fn replace(&self, keys: KeySet) {
        self.current.store(Arc::new(keys));
    }

    /// The keys now in use.
    pub fn current(&self) -> Arc<KeySet> {
        self.current.load_full()
    }
}

impl KeyResolver for SharedKeySet {
    fn resolve(&self, header: &Header) -> Result<Resolved<'_>, VerifyError> {
        let alg = header
            .algorithm()
            .ok_or_else(|| VerifyError::NoMatchingKey)?;
        let keys = self.current.load();
        keys.select_shared(header.kid(), alg)
            .map(|key| Resolved::shared(Arc::clone(key)))
    }

    /// Whether the keys now in use are FIPS: a set put in later must be checked again.
    fn fips(&self) -> bool {
        self.current.load().fips()
    }
}

impl fmt::Debug for SharedKeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedKeySet")
            .field(&self.current.load())
            .finish()
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.keys
                    .iter()
                    .map(|key| (key.algorithm().to_owned(), key.key_id().map(str::to_owned))),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hmac;

    fn key() -> hmac::Key {
        hmac::Key::new(&hmac::HS256, &[7u8; 32]).expect("a valid key")
    }

    #[test]
    fn a_boxed_or_shared_verifier_is_not_wrapped_again() {
        let mut keys = Vec::new();
        let boxed: Box<dyn Verifier> = Box::new(key());
        push_shared(&mut keys, boxed);
        let shared: Arc<dyn Verifier> = Arc::new(key());
        push_shared(&mut keys, Arc::clone(&shared));
        push_shared(&mut keys, key());
        assert_eq!(keys.len(), 3);
        // The value behind each `Arc` is the key itself, not a box or an `Arc` holding it.
        for key in &keys {
            assert_eq!(
                std::mem::size_of_val(&**key),
                std::mem::size_of::<hmac::Key>()
            );
        }
        assert!(keys.get(1).is_some_and(|key| Arc::ptr_eq(key, &shared)));
    }
}
