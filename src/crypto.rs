//! The extension point: [`Signer`] and [`Verifier`].
//!
//! Every algorithm, built in or not, is reached through these two object-safe traits. They know
//! nothing of ring: an HSM, a cloud KMS or an algorithm ring lacks (ES512, ES256K) plugs in from the
//! user's own crate by implementing them.

use std::error::Error as StdError;
use std::fmt;

/// Produces JWS signatures for one algorithm with one key.
///
/// # Contract
///
/// * [`algorithm`](Signer::algorithm) is the JWA name written into the token's `alg` header
///   (RFC 7518 §3.1), for example `"ES256"`. It must never be `"none"`: `encode` refuses it.
/// * [`sign`](Signer::sign) receives the JWS signing input (`BASE64URL(header) "." BASE64URL(payload)`),
///   not a digest: hashing is the signer's job.
/// * ECDSA signatures are the fixed-width `R || S` form of RFC 7518 §3.4, not DER; see
///   [`ecdsa::der_signature_to_fixed`](crate::ecdsa::der_signature_to_fixed) for services that
///   return DER.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Signer, hmac};
///
/// let key = hmac::Key::new(&hmac::HS256, &[7u8; 32])?;
/// assert_eq!(Signer::algorithm(&key), "HS256");
/// let signature = key.sign(b"header.payload")?;
/// assert_eq!(signature.len(), 32);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Signer: Send + Sync {
    /// The JWA algorithm name this key signs with, written as the token's `alg`.
    fn algorithm(&self) -> &str;

    /// The key id written as the token's `kid` when the header does not set one.
    fn key_id(&self) -> Option<&str> {
        None
    }

    /// Signs the JWS signing input.
    ///
    /// # Errors
    ///
    /// [`SigningError`] when the signature cannot be produced (a remote signer is unreachable, the
    /// random number generator failed).
    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError>;

    /// Whether the key signs only with FIPS-approved primitives of a FIPS 140-3 validated
    /// module (the aws-lc backend built with the feature `fips`). `false` unless the key says
    /// otherwise, as a user-defined key cannot be assumed to.
    fn fips(&self) -> bool {
        false
    }
}

/// Checks JWS signatures for one algorithm with one key.
///
/// # Contract
///
/// * [`algorithm`](Verifier::algorithm) is the only JWA name this key accepts. The validator
///   compares it with the token's `alg` itself, so a verifier never sees a token of another
///   algorithm.
/// * [`verify`](Verifier::verify) receives the signing input as it appears in the token (not a
///   digest) and the decoded signature bytes; it must compare in constant time where the
///   algorithm is symmetric.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Signer, Verifier, hmac};
///
/// let key = hmac::Key::new(&hmac::HS256, &[7u8; 32])?;
/// let signature = key.sign(b"header.payload")?;
/// assert!(key.verify(b"header.payload", &signature).is_ok());
/// assert!(key.verify(b"header.payloaD", &signature).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Verifier: Send + Sync {
    /// The JWA algorithm name this key verifies, compared with the token's `alg`.
    fn algorithm(&self) -> &str;

    /// The key id used to select this key for a token's `kid`.
    fn key_id(&self) -> Option<&str> {
        None
    }

    /// Checks `signature` over `signing_input`.
    ///
    /// # Errors
    ///
    /// [`InvalidSignature`] when the signature does not verify, for whatever reason.
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature>;

    /// Whether the key verifies only with FIPS-approved primitives of a FIPS 140-3 validated
    /// module (the aws-lc backend built with the feature `fips`). `false` unless the key says
    /// otherwise, as a user-defined key cannot be assumed to.
    fn fips(&self) -> bool {
        false
    }
}

/// A signature did not verify.
///
/// Deliberately opaque: telling an attacker *why* a signature failed only helps the attacker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid signature")]
pub struct InvalidSignature;

/// A signature could not be produced.
///
/// Carries the underlying cause (for example a KMS client error) as its
/// [`source`](std::error::Error::source), so that callers can log it; the message itself never
/// contains key material.
#[derive(thiserror::Error)]
#[error("signing failed")]
pub struct SigningError {
    #[source]
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl SigningError {
    /// A signing failure without further detail.
    pub fn new() -> Self {
        Self { source: None }
    }

    /// A signing failure caused by `source`, for signers that call out to other systems.
    pub fn from_source(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self {
            source: Some(source.into()),
        }
    }
}

impl Default for SigningError {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningError")
            .field("source", &self.source)
            .finish()
    }
}

impl<S: Signer + ?Sized> Signer for &S {
    fn algorithm(&self) -> &str {
        (**self).algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        (**self).key_id()
    }
    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError> {
        (**self).sign(signing_input)
    }
    fn fips(&self) -> bool {
        (**self).fips()
    }
}

impl<S: Signer + ?Sized> Signer for Box<S> {
    fn algorithm(&self) -> &str {
        (**self).algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        (**self).key_id()
    }
    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError> {
        (**self).sign(signing_input)
    }
    fn fips(&self) -> bool {
        (**self).fips()
    }
}

impl<S: Signer + ?Sized> Signer for std::sync::Arc<S> {
    fn algorithm(&self) -> &str {
        (**self).algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        (**self).key_id()
    }
    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError> {
        (**self).sign(signing_input)
    }
    fn fips(&self) -> bool {
        (**self).fips()
    }
}

impl<V: Verifier + ?Sized> Verifier for Box<V> {
    fn algorithm(&self) -> &str {
        (**self).algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        (**self).key_id()
    }
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        (**self).verify(signing_input, signature)
    }
    fn fips(&self) -> bool {
        (**self).fips()
    }
}

impl<V: Verifier + ?Sized> Verifier for std::sync::Arc<V> {
    fn algorithm(&self) -> &str {
        (**self).algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        (**self).key_id()
    }
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        (**self).verify(signing_input, signature)
    }
    fn fips(&self) -> bool {
        (**self).fips()
    }
}
