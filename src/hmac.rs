//! HS256, HS384 and HS512 (RFC 7518 §3.2) on a [`Backend`]: ring's or aws-lc's HMAC.
//!
//! A key is built for one algorithm and refuses secrets shorter than the hash output, as
//! RFC 7518 §3.2 requires. Verification compares tags in constant time.

use std::fmt;

use crate::backend::primitives::rand::{SecureRandom, SystemRandom};
use crate::backend::{Backend, Hash, Unavailable, per_backend};
use crate::crypto::{InvalidSignature, Signer, SigningError, Verifier};
use crate::error::KeyRejected;

/// The shortest secret a FIPS backend accepts, in bytes (112 bits, NIST SP 800-131A).
const MIN_FIPS_KEY_LEN: usize = 14;

/// An HMAC algorithm as JWS names it, on one backend.
pub struct Algorithm {
    name: &'static str,
    hash: Hash,
    min_key_len: usize,
    backend: Backend,
}

impl Algorithm {
    /// The JWA name, for example `"HS256"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The shortest secret RFC 7518 §3.2 allows: the hash output length, in bytes.
    pub fn min_key_len(&self) -> usize {
        self.min_key_len
    }

    /// The backend keys made for this algorithm compute with.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The same algorithm on `backend`: keys made for the result compute with it.
    ///
    /// # Errors
    ///
    /// [`Unavailable`] when this build lacks `backend`.
    pub fn on(&'static self, backend: Backend) -> Result<&'static Algorithm, Unavailable> {
        crate::backend::counterpart(FAMILY, self.name, backend, |other| {
            (other.name, other.backend)
        })
    }
}

impl PartialEq for Algorithm {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Algorithm {}

impl fmt::Debug for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

macro_rules! algorithm {
    ($name:literal, $hash:ident, $len:literal, $backend:expr) => {
        Algorithm {
            name: $name,
            hash: Hash::$hash,
            min_key_len: $len,
            backend: $backend,
        }
    };
}

/// HMAC using SHA-256 (RFC 7518 §3.2); secrets of at least 32 bytes. On the default backend.
pub static HS256: Algorithm = algorithm!("HS256", Sha256, 32, Backend::DEFAULT);

/// HMAC using SHA-384 (RFC 7518 §3.2); secrets of at least 48 bytes. On the default backend.
pub static HS384: Algorithm = algorithm!("HS384", Sha384, 48, Backend::DEFAULT);

/// HMAC using SHA-512 (RFC 7518 §3.2); secrets of at least 64 bytes. On the default backend.
pub static HS512: Algorithm = algorithm!("HS512", Sha512, 64, Backend::DEFAULT);

#[cfg(all(feature = "ring", feature = "aws-lc"))]
static HS256_AWS_LC: Algorithm = algorithm!("HS256", Sha256, 32, Backend::AwsLc);
#[cfg(all(feature = "ring", feature = "aws-lc"))]
static HS384_AWS_LC: Algorithm = algorithm!("HS384", Sha384, 48, Backend::AwsLc);
#[cfg(all(feature = "ring", feature = "aws-lc"))]
static HS512_AWS_LC: Algorithm = algorithm!("HS512", Sha512, 64, Backend::AwsLc);

/// Every algorithm of this module on every backend of this build.
static FAMILY: &[&Algorithm] = &[
    &HS256,
    &HS384,
    &HS512,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &HS256_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &HS384_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &HS512_AWS_LC,
];

// ring keeps the HMAC state inline (about 200 bytes), aws-lc-rs behind a pointer: a key is
// made once and kept, so the size difference costs nothing worth an indirection on ring's
// verify path.
per_backend!(
    #[derive(Clone)]
    #[allow(clippy::large_enum_variant)]
    enum BackendKey => HmacKey
);

/// A shared HMAC secret bound to one algorithm; it both signs and verifies.
///
/// `Debug` shows the algorithm and key id, never the secret.
///
/// # Examples
///
/// ```
/// use jwt_ring::hmac;
///
/// let key = hmac::Key::new(&hmac::HS256, b"0123456789abcdef0123456789abcdef")?;
/// assert!(hmac::Key::new(&hmac::HS256, b"too short").is_err());
/// assert!(!format!("{key:?}").contains("0123"));
/// # Ok::<(), jwt_ring::KeyRejected>(())
/// ```
#[derive(Clone)]
pub struct Key {
    algorithm: &'static Algorithm,
    key: BackendKey,
    secret: Vec<u8>,
    kid: Option<String>,
}

impl Key {
    /// A key for `algorithm` from `secret`.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when `secret` is shorter than the hash output (RFC 7518 §3.2).
    pub fn new(algorithm: &'static Algorithm, secret: &[u8]) -> Result<Self, KeyRejected> {
        if secret.len() < algorithm.min_key_len {
            return Err(KeyRejected::new(
                "HMAC secret is shorter than the hash output (RFC 7518 section 3.2)",
            ));
        }
        Self::from_secret(algorithm, secret)
    }

    /// A new random key for `algorithm`, as long as the hash output.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the system random number generator fails.
    pub fn generate(algorithm: &'static Algorithm) -> Result<Self, KeyRejected> {
        let mut secret = vec![0u8; algorithm.min_key_len];
        SystemRandom::new()
            .fill(&mut secret)
            .map_err(|_| KeyRejected::new("the random number generator failed"))?;
        Self::from_secret(algorithm, &secret)
    }

    /// A key of any secret length RFC 7518 leaves to the caller (the floor is checked by
    /// [`new`](Self::new)); a FIPS backend still refuses one under 112 bits.
    pub(crate) fn from_secret(
        algorithm: &'static Algorithm,
        secret: &[u8],
    ) -> Result<Self, KeyRejected> {
        if algorithm.backend.is_fips() && secret.len() < MIN_FIPS_KEY_LEN {
            return Err(KeyRejected::NOT_FIPS_APPROVED);
        }
        let key = match algorithm.backend {
            #[cfg(feature = "ring")]
            Backend::Ring => {
                BackendKey::Ring(crate::backend::ring::HmacKey::new(algorithm.hash, secret))
            }
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => {
                BackendKey::AwsLc(crate::backend::aws_lc::HmacKey::new(algorithm.hash, secret))
            }
            #[allow(unreachable_patterns)]
            _ => return Err(KeyRejected::new("this build lacks the key's backend")),
        };
        Ok(Self {
            algorithm,
            key,
            secret: secret.to_vec(),
            kid: None,
        })
    }

    /// Sets the key id written to and matched against `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> &'static Algorithm {
        self.algorithm
    }

    /// The backend the key computes with.
    pub fn backend(&self) -> Backend {
        self.algorithm.backend
    }

    /// The raw secret, for storing a generated key.
    ///
    /// # Security
    ///
    /// Whoever holds the secret can mint tokens.
    pub fn secret(&self) -> &[u8] {
        &self.secret
    }
}

impl Signer for Key {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError> {
        Ok(crate::backend::dispatch!(&self.key, BackendKey, key => key.sign(signing_input)))
    }

    fn fips(&self) -> bool {
        self.backend().is_fips()
    }
}

impl Verifier for Key {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        let valid = crate::backend::dispatch!(&self.key, BackendKey, key => key.verify(signing_input, signature));
        if valid { Ok(()) } else { Err(InvalidSignature) }
    }

    fn fips(&self) -> bool {
        self.backend().is_fips()
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("hmac::Key")
            .field("algorithm", &self.algorithm.name)
            .field("backend", &self.algorithm.backend)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_floor_is_the_hash_length() {
        for alg in [&HS256, &HS384, &HS512] {
            assert!(Key::new(alg, &vec![1; alg.min_key_len - 1]).is_err());
            assert!(Key::new(alg, &vec![1; alg.min_key_len]).is_ok());
            let generated = Key::generate(alg).unwrap();
            assert_eq!(generated.secret().len(), alg.min_key_len);
        }
    }
}
