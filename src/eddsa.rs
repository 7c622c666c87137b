//! EdDSA with Ed25519 over ring, under either JWA name: `EdDSA` (RFC 8037 §3.1, the default,
//! which every verifier knows) or `Ed25519` (RFC 9864 §2.2, the fully-specified name).
//!
//! A key is bound to one of the two names: an [`ED25519`] key verifies `alg: "Ed25519"` tokens
//! only, never an `EdDSA` one, so that no token can move it to another curve's `EdDSA`.

use std::fmt;

use ring::rand::SystemRandom;
use ring::signature::{self, Ed25519KeyPair, KeyPair as _};

use crate::crypto::{InvalidSignature, Signer, SigningError, Verifier};
use crate::error::KeyRejected;

/// The JWA name of EdDSA (RFC 8037 §3.1).
pub const ALGORITHM: &str = "EdDSA";

/// An EdDSA algorithm name a key is bound to.
#[derive(Debug, PartialEq, Eq)]
pub struct Algorithm {
    name: &'static str,
}

impl Algorithm {
    /// The JWA name written to and compared with `alg`.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// `EdDSA` (RFC 8037 §3.1): the polymorphic name, Ed25519 here. The default, for interop.
pub static EDDSA: Algorithm = Algorithm { name: ALGORITHM };

/// `Ed25519` (RFC 9864 §2.2): the fully-specified name of EdDSA over Ed25519.
pub static ED25519: Algorithm = Algorithm { name: "Ed25519" };

/// The algorithm named `alg`, if it is one of the two.
pub(crate) fn algorithm_named(alg: &str) -> Option<&'static Algorithm> {
    [&EDDSA, &ED25519].into_iter().find(|a| a.name == alg)
}

const PUBLIC_KEY_LEN: usize = 32;
const SIGNATURE_LEN: usize = 64;

/// An Ed25519 private key.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Signer, Verifier, eddsa};
///
/// let (key, _pkcs8) = eddsa::SigningKey::generate()?;
/// let signature = key.sign(b"input")?;
/// assert!(key.verifying_key().verify(b"input", &signature).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SigningKey {
    key_pair: Ed25519KeyPair,
    algorithm: &'static Algorithm,
    kid: Option<String>,
}

impl SigningKey {
    /// A key from a PKCS#8 v1 or v2 document (DER). A v2 document's public key must match.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the document is malformed or not Ed25519.
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, KeyRejected> {
        let key_pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8)
            .map_err(|_| KeyRejected::new("not a valid PKCS#8 Ed25519 private key"))?;
        Ok(Self {
            key_pair,
            algorithm: &EDDSA,
            kid: None,
        })
    }

    /// A key from its 32-byte seed (a JWK's `d`, RFC 8037 §2).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the seed is not 32 bytes.
    pub fn from_seed(seed: &[u8]) -> Result<Self, KeyRejected> {
        let key_pair = Ed25519KeyPair::from_seed_unchecked(seed)
            .map_err(|_| KeyRejected::new("Ed25519 seed is not 32 bytes"))?;
        Ok(Self {
            key_pair,
            algorithm: &EDDSA,
            kid: None,
        })
    }

    /// A key from its seed and public key (a JWK's `d` and `x`), checking that they match.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when either is malformed or they do not belong together.
    pub fn from_seed_and_public_key(seed: &[u8], public_key: &[u8]) -> Result<Self, KeyRejected> {
        let key_pair = Ed25519KeyPair::from_seed_and_public_key(seed, public_key)
            .map_err(|_| KeyRejected::new("Ed25519 seed and public key do not match"))?;
        Ok(Self {
            key_pair,
            algorithm: &EDDSA,
            kid: None,
        })
    }

    /// A new random key, with its PKCS#8 v2 document for storage.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the system random number generator fails.
    pub fn generate() -> Result<(Self, Vec<u8>), KeyRejected> {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|_| KeyRejected::new("the random number generator failed"))?;
        let key = Self::from_pkcs8(pkcs8.as_ref())?;
        Ok((key, pkcs8.as_ref().to_vec()))
    }

    /// Sets the key id written to `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Binds the key to `algorithm` instead of [`EDDSA`]: with [`ED25519`] it writes
    /// `alg: "Ed25519"` (RFC 9864).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::{Signer, eddsa};
    ///
    /// let key = eddsa::SigningKey::from_seed(&[7; 32])?.with_algorithm(&eddsa::ED25519);
    /// assert_eq!(key.algorithm(), "Ed25519");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_algorithm(mut self, algorithm: &'static Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The matching public key, with the same key id and algorithm.
    pub fn verifying_key(&self) -> VerifyingKey {
        let mut public_key = [0u8; PUBLIC_KEY_LEN];
        public_key.copy_from_slice(self.key_pair.public_key().as_ref());
        VerifyingKey {
            public_key,
            algorithm: self.algorithm,
            kid: self.kid.clone(),
        }
    }
}

impl Signer for SigningKey {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError> {
        Ok(self.key_pair.sign(signing_input).as_ref().to_vec())
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("eddsa::SigningKey")
            .field("algorithm", &self.algorithm.name)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// An Ed25519 public key.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifyingKey {
    public_key: [u8; PUBLIC_KEY_LEN],
    algorithm: &'static Algorithm,
    kid: Option<String>,
}

impl VerifyingKey {
    /// A key from its 32 bytes (a JWK's `x`, RFC 8037 §2).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when it is not 32 bytes.
    pub fn from_bytes(public_key: &[u8]) -> Result<Self, KeyRejected> {
        let public_key = <[u8; PUBLIC_KEY_LEN]>::try_from(public_key)
            .map_err(|_| KeyRejected::new("Ed25519 public key is not 32 bytes"))?;
        Ok(Self {
            public_key,
            algorithm: &EDDSA,
            kid: None,
        })
    }

    /// Sets the key id matched against `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Binds the key to `algorithm` instead of [`EDDSA`]: with [`ED25519`] it verifies
    /// `alg: "Ed25519"` tokens (RFC 9864), and no `EdDSA` token.
    pub fn with_algorithm(mut self, algorithm: &'static Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The algorithm the key is bound to.
    pub fn algorithm(&self) -> &'static Algorithm {
        self.algorithm
    }

    /// The 32 public key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.public_key
    }
}

impl Verifier for VerifyingKey {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if signature.len() != SIGNATURE_LEN {
            return Err(InvalidSignature);
        }
        signature::UnparsedPublicKey::new(&signature::ED25519, &self.public_key)
            .verify(signing_input, signature)
            .map_err(|_| InvalidSignature)
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("eddsa::VerifyingKey")
            .field("algorithm", &self.algorithm.name)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}
