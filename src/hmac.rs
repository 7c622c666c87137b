//! HS256, HS384 and HS512 (RFC 7518 §3.2) over `ring::hmac`.
//!
//! A key is built for one algorithm and refuses secrets shorter than the hash output, as
//! RFC 7518 §3.2 requires. Verification compares tags in constant time.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};

use crate::crypto::{InvalidSignature, Signer, SigningError, Verifier};
use crate::error::KeyRejected;

/// An HMAC algorithm as JWS names it.
pub struct Algorithm {
    name: &'static str,
    ring: &'static ring::hmac::Algorithm,
    min_key_len: usize,
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

/// HMAC using SHA-256 (RFC 7518 §3.2); secrets of at least 32 bytes.
pub static HS256: Algorithm = Algorithm {
    name: "HS256",
    ring: &ring::hmac::HMAC_SHA256,
    min_key_len: 32,
};

/// HMAC using SHA-384 (RFC 7518 §3.2); secrets of at least 48 bytes.
pub static HS384: Algorithm = Algorithm {
    name: "HS384",
    ring: &ring::hmac::HMAC_SHA384,
    min_key_len: 48,
};

/// HMAC using SHA-512 (RFC 7518 §3.2); secrets of at least 64 bytes.
pub static HS512: Algorithm = Algorithm {
    name: "HS512",
    ring: &ring::hmac::HMAC_SHA512,
    min_key_len: 64,
};

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
    key: ring::hmac::Key,
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
        Ok(Self::from_secret(algorithm, secret))
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
        Ok(Self::from_secret(algorithm, &secret))
    }

    pub(crate) fn from_secret(algorithm: &'static Algorithm, secret: &[u8]) -> Self {
        Self {
            algorithm,
            key: ring::hmac::Key::new(*algorithm.ring, secret),
            secret: secret.to_vec(),
            kid: None,
        }
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
        Ok(ring::hmac::sign(&self.key, signing_input).as_ref().to_vec())
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
        ring::hmac::verify(&self.key, signing_input, signature).map_err(|_| InvalidSignature)
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("hmac::Key")
            .field("algorithm", &self.algorithm.name)
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
