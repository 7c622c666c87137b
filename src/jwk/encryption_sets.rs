//! JWE keys from JWK Sets (RFC 7517 §5): a party's own decryption keys
//! ([`DecryptingKeySet`], a local set of secrets) and the encryption keys another party
//! publishes ([`EncryptingKeySet`], public keys, for encrypting to it). One loader reads both,
//! so the two skip and report keys by the same rules.

use std::collections::HashMap;

use crate::backend::Backend;
use crate::jwe::{self, KeyAlgorithm};
use crate::jwk::encryption::{DECRYPT_OPS, ENCRYPT_OPS};
use crate::jwk::set::{JwkSetError, JwkSetOptions, SkipReason, SkippedKey, kid_of, members};
use crate::jwk::{Jwk, JwkError};

/// The decryption keys of a JWK Set (RFC 7517 §5), for a
/// [`Decrypter`](crate::jwe::Decrypter), which then selects among them by `kid` and `alg`.
///
/// A key is loaded when it is marked for encryption (`use: "enc"`, or `key_ops` holding
/// `decrypt` or `unwrapKey`), names its JWE algorithm in `alg`, and holds private (or `oct`)
/// material; every other key is skipped and reported in [`skipped`](Self::skipped), as
/// [`JwkSet`](super::JwkSet) does for verification keys. Two keys sharing an algorithm and
/// `kid` are both skipped ([`SkipReason::DuplicateKeyId`]).
///
/// Decryption keys are secrets: this loads a local set, never a fetched one (a
/// [`RemoteKeySet`](crate::remote::RemoteKeySet) holds public keys only).
///
/// # Examples
///
/// ```
/// use jwt_ring::jwe;
/// use jwt_ring::jwk::DecryptingKeySet;
///
/// let set = DecryptingKeySet::from_json(r#"{"keys":[
///   {"kty":"oct","use":"enc","alg":"A128GCMKW","kid":"a","k":"AAECAwQFBgcICQoLDA0ODw"},
///   {"kty":"oct","use":"sig","alg":"HS256","kid":"b","k":"AAECAwQFBgcICQoLDA0ODw"}
/// ]}"#)?;
/// assert_eq!(set.keys().len(), 1);
/// assert_eq!(set.skipped()[0].kid.as_deref(), Some("b"));
/// let decrypter = jwe::Decrypter::builder().keys(set.into_keys()).build()?;
/// # let _ = decrypter;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct DecryptingKeySet {
    keys: Vec<jwe::DecryptingKey>,
    skipped: Vec<SkippedKey>,
}

impl DecryptingKeySet {
    /// Loads a JWK Set's decryption keys with the default limits.
    ///
    /// # Errors
    ///
    /// A [`JwkSetError`] when the set as a whole cannot be used; problems with single keys are
    /// reported in [`skipped`](Self::skipped) instead.
    pub fn from_json(json: &str) -> Result<Self, JwkSetError> {
        Self::from_json_with_options(json, &JwkSetOptions::default())
    }

    /// Loads a JWK Set's decryption keys with `options`: its limits, whether `oct` keys are
    /// loaded, and the backend symmetric keys compute with (RSA-OAEP and ECDH-ES decryption
    /// keys are always on aws-lc).
    ///
    /// # Errors
    ///
    /// As for [`from_json`](Self::from_json).
    pub fn from_json_with_options(
        json: &str,
        options: &JwkSetOptions,
    ) -> Result<Self, JwkSetError> {
        let (keys, skipped) = load_set(json, options, &DECRYPT_OPS, |jwk, algorithm| {
            jwk.decrypting_key_for(algorithm)
        })?;
        Ok(Self { keys, skipped })
    }

    /// The keys loaded.
    pub fn keys(&self) -> &[jwe::DecryptingKey] {
        &self.keys
    }

    /// The keys loaded, by value: for [`DecrypterBuilder::keys`](crate::jwe::DecrypterBuilder::keys).
    pub fn into_keys(self) -> Vec<jwe::DecryptingKey> {
        self.keys
    }

    /// The keys not loaded, and why.
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }
}

/// The encryption keys a party publishes in its JWK Set (a client's `jwks`, a provider's
/// `jwks_uri`), for encrypting tokens *to* it: public keys only, each bound to the JWE
/// algorithm its `alg` names.
///
/// A key is loaded when it is marked for encryption (`use: "enc"`, or `key_ops` holding
/// `encrypt` or `wrapKey`) and names its JWE algorithm in `alg`; private members are never
/// read, so a set fetched from a URL yields no decryption key. Other keys are skipped and
/// reported as [`DecryptingKeySet`] does; [`key`](Self::key) chooses one by algorithm and
/// `kid`.
///
/// # Examples
///
/// ```
/// use jwt_ring::jwe;
/// use jwt_ring::jwk::{EncryptingKeySet, JwkSetOptions};
///
/// let published = r#"{"keys":[
///   {"kty":"EC","crv":"P-256","use":"enc","alg":"ECDH-ES","kid":"enc-1",
///    "x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0",
///    "y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"},
///   {"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"sig-1",
///    "x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0",
///    "y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"}
/// ]}"#;
/// let set = EncryptingKeySet::from_json_with_options(published, &JwkSetOptions::public_keys_only())?;
/// let key = set.key(&jwe::ECDH_ES, None).expect("the only ECDH-ES key");
/// assert_eq!(key.key_id(), Some("enc-1"));
/// let token = jwe::encrypt(&jwe::Header::new(), b"to the party", key, &jwe::A128GCM)?;
/// assert_eq!(token.split('.').count(), 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct EncryptingKeySet {
    keys: Vec<jwe::EncryptingKey>,
    skipped: Vec<SkippedKey>,
}

impl EncryptingKeySet {
    /// Loads a JWK Set's encryption keys with the default limits (which allow `oct` keys, for
    /// a local set shared with the party; pass
    /// [`JwkSetOptions::public_keys_only`] for a published one).
    ///
    /// # Errors
    ///
    /// A [`JwkSetError`] when the set as a whole cannot be used; problems with single keys are
    /// reported in [`skipped`](Self::skipped) instead.
    pub fn from_json(json: &str) -> Result<Self, JwkSetError> {
        Self::from_json_with_options(json, &JwkSetOptions::default())
    }

    /// Loads a JWK Set's encryption keys with `options`: its limits, whether `oct` keys are
    /// loaded, and the backend the keys compute with (by default aws-lc when this build has
    /// it, which has every content encryption, else ring).
    ///
    /// # Errors
    ///
    /// As for [`from_json`](Self::from_json).
    pub fn from_json_with_options(
        json: &str,
        options: &JwkSetOptions,
    ) -> Result<Self, JwkSetError> {
        let (keys, skipped) = load_set(json, options, &ENCRYPT_OPS, |jwk, algorithm| {
            jwk.encrypting_key_for(algorithm)
        })?;
        Ok(Self { keys, skipped })
    }

    /// The key to encrypt to for `algorithm`: the one with `kid` when given, otherwise the
    /// only key of that algorithm (`None` when there are several: pick one by `kid`).
    pub fn key(&self, algorithm: &KeyAlgorithm, kid: Option<&str>) -> Option<&jwe::EncryptingKey> {
        let mut candidates = self.keys.iter().filter(|key| {
            key.algorithm() == algorithm && kid.is_none_or(|kid| key.key_id() == Some(kid))
        });
        let key = candidates.next()?;
        candidates.next().is_none().then_some(key)
    }

    /// A set with no keys.
    pub(crate) fn empty() -> Self {
        Self {
            keys: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// The keys loaded.
    pub fn keys(&self) -> &[jwe::EncryptingKey] {
        &self.keys
    }

    /// The keys not loaded, and why.
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }
}

/// Loads the keys of a JWK Set marked for one of `ops` (or `use: "enc"`) with `make`, skipping
/// (and reporting) the others and every key whose algorithm and `kid` another key shares.
fn load_set<K: SetKey>(
    json: &str,
    options: &JwkSetOptions,
    ops: &[&str],
    make: impl Fn(&Jwk, &'static KeyAlgorithm) -> Result<K, JwkError>,
) -> Result<(Vec<K>, Vec<SkippedKey>), JwkSetError> {
    let mut loaded = Vec::new();
    let mut skipped = Vec::new();
    for (index, member) in members(json, options)?.iter().enumerate() {
        let skip = |reason: SkipReason, kid: Option<&str>| SkippedKey {
            index,
            kid: kid.map(str::to_owned),
            reason,
        };
        let jwk = match Jwk::from_json(member.get()) {
            Ok(jwk) => jwk,
            Err(error) => {
                skipped.push(skip(error.into(), kid_of(member.get()).as_deref()));
                continue;
            }
        };
        match load(&jwk, options, ops, &make) {
            Ok(key) => loaded.push((index, key)),
            Err(reason) => skipped.push(skip(reason, jwk.kid())),
        }
    }
    let mut count: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for (_, key) in &loaded {
        *count.entry(key.identity()).or_default() += 1;
    }
    let duplicated: Vec<bool> = loaded
        .iter()
        .map(|(_, key)| count.get(&key.identity()).is_some_and(|n| *n > 1))
        .collect();
    let mut keys = Vec::new();
    for ((index, key), duplicate) in loaded.into_iter().zip(duplicated) {
        if duplicate {
            skipped.push(SkippedKey {
                index,
                kid: key.identity().1.map(str::to_owned),
                reason: SkipReason::DuplicateKeyId,
            });
        } else {
            keys.push(key);
        }
    }
    skipped.sort_by_key(|skipped| skipped.index);
    Ok((keys, skipped))
}

/// One key of a set, or why it is skipped.
fn load<K>(
    jwk: &Jwk,
    options: &JwkSetOptions,
    ops: &[&str],
    make: impl Fn(&Jwk, &'static KeyAlgorithm) -> Result<K, JwkError>,
) -> Result<K, SkipReason> {
    let marked = jwk.key_use() == Some("enc")
        || jwk
            .key_ops()
            .is_some_and(|key_ops| key_ops.iter().any(|op| ops.contains(&op.as_str())));
    if !marked {
        return Err(JwkError::OperationNotAllowed.into());
    }
    if jwk.is_symmetric() && !options.allow_symmetric {
        return Err(SkipReason::SymmetricNotAllowed);
    }
    let backend = options.backend.unwrap_or(Backend::AwsLc);
    let algorithm = jwk.own_encryption_algorithm(backend)?;
    let algorithm = match options.backend {
        Some(backend) => algorithm.on(backend).map_err(JwkError::Backend)?,
        None => algorithm,
    };
    Ok(make(jwk, algorithm)?)
}

/// What identifies a key in a set: its algorithm's name and its `kid`.
trait SetKey {
    fn identity(&self) -> (&str, Option<&str>);
}

impl SetKey for jwe::DecryptingKey {
    fn identity(&self) -> (&str, Option<&str>) {
        (self.algorithm().name(), self.key_id())
    }
}

impl SetKey for jwe::EncryptingKey {
    fn identity(&self) -> (&str, Option<&str>) {
        (self.algorithm().name(), self.key_id())
    }
}
