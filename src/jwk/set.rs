//! JWK Sets (RFC 7517 §5): a whole `jwks_uri` document turned into a key set, with the keys that
//! cannot be used skipped and reported rather than fatal.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::backend::Backend;
use crate::crypto::Verifier;
use crate::error::VerifyError;
use crate::header::Header;
use crate::jwk::{Jwk, JwkError};
use crate::keyset::{KeyResolver, KeySet, Resolved};

/// The longest JWK Set accepted by [`JwkSet::from_json`], in bytes of JSON.
pub const MAX_JWK_SET_LEN: usize = 1024 * 1024;

/// The most keys accepted in one JWK Set by [`JwkSet::from_json`].
pub const MAX_JWK_SET_KEYS: usize = 1000;

/// Why a whole JWK Set was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwkSetError {
    /// The text is larger than the limit.
    #[error("JWK Set is larger than the limit")]
    TooLarge,
    /// The set has more keys than the limit.
    #[error("JWK Set has more keys than the limit")]
    TooManyKeys,
    /// The text is not a JSON object with a `keys` array.
    #[error("JWK Set is not a JSON object with a `keys` array")]
    Malformed,
}

/// Why one key of a set is not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// The key itself is malformed, unsupported or refused.
    #[error(transparent)]
    Key(#[from] JwkError),
    /// Another key has the same `kid` for the same algorithm, or an entry of the same key type
    /// with that `kid` could not be imported, so the key cannot be chosen safely.
    #[error("another key has the same `kid` and algorithm")]
    DuplicateKeyId,
    /// The key is symmetric (`oct`) and the loader was told that this set must hold public keys
    /// only ([`JwkSetOptions::allow_symmetric`]), as a set fetched from a URL must: a secret
    /// published there is no longer a secret.
    #[error("symmetric keys are not allowed in this JWK Set")]
    SymmetricNotAllowed,
}

/// How [`JwkSet::from_json_with_options`] loads a set: its limits, and whether it may hold
/// symmetric keys.
///
/// The default is what [`JwkSet::from_json`] uses: [`MAX_JWK_SET_LEN`], [`MAX_JWK_SET_KEYS`] and
/// symmetric keys allowed (a set read from local configuration may hold the HMAC secrets shared
/// with a peer). [`public_keys_only`](Self::public_keys_only) is for sets that must never hold
/// secrets, such as one fetched from a `jwks_uri`.
///
/// Mixing symmetric and asymmetric keys in one set does not open algorithm confusion: every key
/// is bound to its algorithms, so an `oct` key only ever verifies HS256/384/512 and an RSA key
/// only RS*/PS*, whatever the token's header says.
///
/// # Examples
///
/// ```
/// use jwt_ring::jwk::{JwkSet, JwkSetOptions, SkipReason};
///
/// let json = r#"{"keys":[
///   {"kty":"OKP","crv":"Ed25519","kid":"a","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
///   {"kty":"oct","kid":"s","alg":"HS256","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
/// ]}"#;
/// let set = JwkSet::from_json_with_options(json, &JwkSetOptions::public_keys_only())?;
/// assert_eq!(set.jwks().len(), 1);
/// assert_eq!(set.skipped()[0].reason, SkipReason::SymmetricNotAllowed);
/// # Ok::<(), jwt_ring::jwk::JwkSetError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JwkSetOptions {
    pub(super) max_len: usize,
    pub(super) max_keys: usize,
    pub(super) allow_symmetric: bool,
    pub(super) backend: Option<Backend>,
}

impl Default for JwkSetOptions {
    fn default() -> Self {
        Self {
            max_len: MAX_JWK_SET_LEN,
            max_keys: MAX_JWK_SET_KEYS,
            allow_symmetric: true,
            backend: None,
        }
    }
}

impl JwkSetOptions {
    /// The defaults, with symmetric keys skipped ([`SkipReason::SymmetricNotAllowed`]).
    pub fn public_keys_only() -> Self {
        Self::default().allow_symmetric(false)
    }

    /// The longest set accepted, in bytes of JSON.
    pub fn max_len(self, max_len: usize) -> Self {
        Self { max_len, ..self }
    }

    /// The most keys accepted in one set.
    pub fn max_keys(self, max_keys: usize) -> Self {
        Self { max_keys, ..self }
    }

    /// Whether symmetric (`oct`) keys are loaded; when not, each is skipped with
    /// [`SkipReason::SymmetricNotAllowed`]. Private asymmetric keys are always skipped
    /// ([`JwkError::PrivateMaterial`]).
    pub fn allow_symmetric(self, allow_symmetric: bool) -> Self {
        Self {
            allow_symmetric,
            ..self
        }
    }

    /// The backend every key of the set computes with. Unset, each algorithm's default is
    /// used (ring's, with ES512 on aws-lc). A key whose algorithm `backend` lacks is skipped
    /// with [`JwkError::Backend`].
    pub fn backend(self, backend: Backend) -> Self {
        Self {
            backend: Some(backend),
            ..self
        }
    }
}

/// A key of the set that is not used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedKey {
    /// Its position in the `keys` array.
    pub index: usize,
    /// Its `kid`, when it could be read.
    pub kid: Option<String>,
    /// Why it is not used.
    pub reason: SkipReason,
}

/// A parsed JWK Set, ready to verify tokens.
///
/// Each usable key becomes one verifier per algorithm it allows (its `alg`, or every algorithm
/// of its type). Keys are then chosen as [`KeySet`] describes: by `kid` and `alg`, with a token
/// without `kid` accepted only when exactly one key fits. Keys marked `use: "enc"`, or whose
/// `key_ops` lack `verify`, or that carry private material, are skipped and reported in
/// [`skipped`](Self::skipped).
///
/// # Examples
///
/// ```
/// use jwt_ring::jwk::JwkSet;
///
/// let set = JwkSet::from_json(r#"{"keys":[
///   {"kty":"OKP","crv":"Ed25519","kid":"a","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
///   {"kty":"OKP","crv":"X25519","kid":"b","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}
/// ]}"#)?;
/// assert_eq!(set.jwks().len(), 1);
/// assert_eq!(set.skipped()[0].kid.as_deref(), Some("b"));
/// # Ok::<(), jwt_ring::jwk::JwkSetError>(())
/// ```
#[derive(Debug)]
pub struct JwkSet {
    jwks: Vec<Jwk>,
    keys: KeySet,
    skipped: Vec<SkippedKey>,
}

#[derive(Deserialize)]
struct RawSet<'a> {
    #[serde(borrow)]
    keys: Vec<&'a RawValue>,
}

/// What can be read of a key that failed to import.
#[derive(Deserialize)]
struct KidOnly {
    kid: Option<String>,
    kty: Option<String>,
}

/// The `keys` of a JWK Set, each as its JSON text, within `options`' limits.
pub(super) fn members<'a>(
    json: &'a str,
    options: &JwkSetOptions,
) -> Result<Vec<&'a RawValue>, JwkSetError> {
    if json.len() > options.max_len {
        return Err(JwkSetError::TooLarge);
    }
    if !crate::json::starts_as_object(json.as_bytes()) {
        return Err(JwkSetError::Malformed);
    }
    let raw: RawSet<'_> = serde_json::from_str(json).map_err(|_| JwkSetError::Malformed)?;
    if raw.keys.len() > options.max_keys {
        return Err(JwkSetError::TooManyKeys);
    }
    Ok(raw.keys)
}

/// The `kid` of a key that failed to import, when it can be read.
pub(super) fn kid_of(text: &str) -> Option<String> {
    crate::json::starts_as_object(text.as_bytes())
        .then(|| serde_json::from_str::<KidOnly>(text).ok())
        .flatten()
        .and_then(|partial| partial.kid)
}

impl JwkSet {
    /// Parses a JWK Set with the default limits ([`MAX_JWK_SET_LEN`], [`MAX_JWK_SET_KEYS`]).
    ///
    /// # Errors
    ///
    /// A [`JwkSetError`] when the set as a whole cannot be used; problems with single keys are
    /// reported in [`skipped`](Self::skipped) instead.
    pub fn from_json(json: &str) -> Result<Self, JwkSetError> {
        Self::from_json_with_options(json, &JwkSetOptions::default())
    }

    /// Parses a JWK Set with the given limits, symmetric keys allowed.
    ///
    /// # Errors
    ///
    /// As for [`from_json`](Self::from_json).
    pub fn from_json_with_limits(
        json: &str,
        max_len: usize,
        max_keys: usize,
    ) -> Result<Self, JwkSetError> {
        let options = JwkSetOptions::default().max_len(max_len).max_keys(max_keys);
        Self::from_json_with_options(json, &options)
    }

    /// Parses a JWK Set with `options`: its limits, and whether symmetric keys are loaded.
    ///
    /// # Errors
    ///
    /// As for [`from_json`](Self::from_json).
    pub fn from_json_with_options(
        json: &str,
        options: &JwkSetOptions,
    ) -> Result<Self, JwkSetError> {
        let members = members(json, options)?;
        let mut jwks = Vec::new();
        let mut skipped = Vec::new();
        let mut taken = Vec::new();
        for (index, member) in members.iter().enumerate() {
            match Jwk::from_json(member.get()) {
                Ok(jwk) if jwk.is_symmetric() && !options.allow_symmetric => {
                    skipped.push(SkippedKey {
                        index,
                        kid: jwk.kid().map(str::to_owned),
                        reason: SkipReason::SymmetricNotAllowed,
                    });
                }
                Ok(jwk) => jwks.push((index, jwk)),
                Err(error) => {
                    let text = member.get();
                    let partial = crate::json::starts_as_object(text.as_bytes())
                        .then(|| serde_json::from_str::<KidOnly>(text).ok())
                        .flatten();
                    let (kid, kty) = partial.map_or((None, None), |p| (p.kid, p.kty));
                    if let Some(kid) = &kid {
                        taken.push((kid.clone(), kty));
                    }
                    skipped.push(SkippedKey {
                        index,
                        kid,
                        reason: error.into(),
                    });
                }
            }
        }
        Self::from_jwks(jwks, skipped, &taken, options.backend)
    }

    /// Builds a set from JWKs already parsed (for example from configuration). Symmetric and
    /// asymmetric keys may be mixed: each key verifies only its own algorithms.
    ///
    /// # Errors
    ///
    /// None today: keys that cannot be used are reported in [`skipped`](Self::skipped). The
    /// `Result` leaves room for whole-set checks.
    pub fn from_keys(keys: impl IntoIterator<Item = Jwk>) -> Result<Self, JwkSetError> {
        Self::from_jwks(
            keys.into_iter().enumerate().collect(),
            Vec::new(),
            &[],
            None,
        )
    }

    /// `taken` holds the `kid` (and `kty`, if readable) of entries that failed to import: a
    /// usable key sharing one of them is ambiguous too, since the publisher's intent is unclear.
    fn from_jwks(
        jwks: Vec<(usize, Jwk)>,
        mut skipped: Vec<SkippedKey>,
        taken: &[(String, Option<String>)],
        backend: Option<Backend>,
    ) -> Result<Self, JwkSetError> {
        let mut candidates: Vec<(usize, Arc<dyn Verifier>)> = Vec::new();
        let mut usable = Vec::new();
        for (index, jwk) in jwks {
            let mut verifiers = Vec::new();
            let mut failure = None;
            for alg in jwk.algorithms() {
                match jwk.verifier_with(alg, backend) {
                    Ok(verifier) => verifiers.push(Arc::<dyn Verifier>::from(verifier)),
                    Err(error) => failure = Some(error),
                }
            }
            match (verifiers.is_empty(), failure) {
                // No algorithm at all: a key type that never verifies (an X25519 key).
                (true, failure) => skipped.push(SkippedKey {
                    index,
                    kid: jwk.kid().map(str::to_owned),
                    reason: failure.unwrap_or(JwkError::Unsupported).into(),
                }),
                _ => {
                    candidates.extend(verifiers.into_iter().map(|v| (index, v)));
                    usable.push((index, jwk));
                }
            }
        }
        // A kid shared by two keys for the same algorithm makes both unusable.
        let mut first_with: HashMap<(&str, &str), usize> = HashMap::new();
        let mut duplicates = HashSet::new();
        for (index, verifier) in &candidates {
            let Some(kid) = verifier.key_id() else {
                continue;
            };
            match first_with.entry((kid, verifier.algorithm())) {
                Entry::Occupied(first) if first.get() != index => {
                    duplicates.extend([*first.get(), *index]);
                }
                Entry::Occupied(_) => {}
                Entry::Vacant(slot) => {
                    slot.insert(*index);
                }
            }
        }
        let mut jwks = Vec::new();
        for (index, jwk) in &usable {
            let shares_kid_with_skipped = taken.iter().any(|(kid, kty)| {
                jwk.kid() == Some(kid.as_str())
                    && kty.as_deref().is_none_or(|kty| kty == jwk.key_type())
            });
            if shares_kid_with_skipped {
                duplicates.insert(*index);
            }
        }
        for (index, jwk) in usable {
            if duplicates.contains(&index) {
                skipped.push(SkippedKey {
                    index,
                    kid: jwk.kid().map(str::to_owned),
                    reason: SkipReason::DuplicateKeyId,
                });
            } else {
                jwks.push(jwk);
            }
        }
        candidates.retain(|(index, _)| !duplicates.contains(index));
        skipped.sort_by_key(|skipped| skipped.index);
        let keys = KeySet::from_shared(candidates.into_iter().map(|(_, v)| v).collect())
            .map_err(|_| JwkSetError::Malformed)?;
        Ok(Self {
            jwks,
            keys,
            skipped,
        })
    }

    /// The keys in use.
    pub fn jwks(&self) -> &[Jwk] {
        &self.jwks
    }

    /// The keys not used, and why.
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// The verifiers, selected by `kid` and `alg`.
    pub fn key_set(&self) -> &KeySet {
        &self.keys
    }

    /// The verifiers, by value (for [`SharedKeySet`](crate::SharedKeySet) rotation).
    pub fn into_key_set(self) -> KeySet {
        self.keys
    }
}

impl KeyResolver for JwkSet {
    fn resolve(&self, header: &Header) -> Result<Resolved<'_>, VerifyError> {
        self.keys.resolve(header)
    }

    fn fips(&self) -> bool {
        self.keys.fips()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const K2: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE";

    #[test]
    fn a_kid_shared_with_a_broken_entry_of_the_same_type_is_ambiguous() {
        // The second entry's `k` has padding, so it cannot be imported; its kid still counts.
        let json = format!(
            r#"{{"keys":[{{"kty":"oct","kid":"a","alg":"HS256","k":"{K1}"}},
                         {{"kty":"oct","kid":"a","alg":"HS256","k":"{K2}="}},
                         {{"kty":"oct","kid":"b","alg":"HS256","k":"{K2}"}}]}}"#
        );
        let set = JwkSet::from_json(&json).unwrap();
        assert_eq!(set.jwks().len(), 1);
        assert_eq!(set.jwks()[0].kid(), Some("b"));
        let reasons: Vec<_> = set.skipped().iter().map(|s| (s.index, s.reason)).collect();
        assert_eq!(
            reasons,
            [
                (0, SkipReason::DuplicateKeyId),
                (1, SkipReason::Key(JwkError::Base64("k")))
            ]
        );
    }

    #[test]
    fn the_same_kid_on_another_key_type_is_allowed() {
        // RFC 7517 §4.5: keys of different types may share a kid as equivalent alternatives.
        let json = format!(
            r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"a",
                           "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}},
                         {{"kty":"EC","crv":"P-256","kid":"a","x":"{K1}","y":"{K1}"}}]}}"#
        );
        let set = JwkSet::from_json(&json).unwrap();
        assert_eq!(set.jwks().len(), 1);
        assert!(matches!(
            set.skipped()[0].reason,
            SkipReason::Key(JwkError::Rejected(_))
        ));
    }
}
