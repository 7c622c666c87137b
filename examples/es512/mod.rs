//! ES512 (ECDSA using P-521 and SHA-512, RFC 7518 §3.4) as a user-defined algorithm.
//!
//! ring has no P-521 signatures, so this module plugs RustCrypto's `p521` crate into jwt-ring's
//! extension point: [`Signer`] and [`Verifier`] are implemented here, outside the library, the
//! way an application would do it in its own crate. Nothing in jwt-ring knows about ES512.
//!
//! The contract the traits ask for:
//! * `algorithm()` is the JWA name, `"ES512"`;
//! * `sign()` receives the JWS signing input (not a digest) and hashes it itself (SHA-512);
//! * signatures are fixed-width `R || S`, 66 + 66 bytes (RFC 7518 §3.4), not DER.
//!
//! Shared by `examples/custom_algorithm.rs` and `tests/es512_extension.rs`.

use std::fmt;

use jwt_ring::{InvalidSignature, Signer, SigningError, Verifier};
use p521::ecdsa::signature::{Signer as _, Verifier as _};
use ring::rand::{SecureRandom, SystemRandom};

/// The JWA name (RFC 7518 §3.1).
pub const ALGORITHM: &str = "ES512";

/// The length of a P-521 coordinate, of the private scalar, and of `R` and of `S`, in bytes:
/// 521 bits rounded up (RFC 7518 §3.4, §6.2.1.2).
pub const COORDINATE_LEN: usize = 66;

/// The length of a fixed-width ES512 signature, `R || S`.
pub const SIGNATURE_LEN: usize = 2 * COORDINATE_LEN;

/// A P-521 key could not be built: wrong length, out of range, or not on the curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyError(&'static str);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ES512 key rejected: {}", self.0)
    }
}

impl std::error::Error for KeyError {}

/// An ES512 private key. Signs deterministically (RFC 6979), as `p521` does.
pub struct SigningKey {
    key: p521::ecdsa::SigningKey,
    kid: Option<String>,
}

impl SigningKey {
    /// A key from the private scalar `d`, exactly [`COORDINATE_LEN`] bytes big-endian (a JWK's
    /// `d`, RFC 7518 §6.2.2.1).
    pub fn from_scalar(d: &[u8]) -> Result<Self, KeyError> {
        if d.len() != COORDINATE_LEN {
            return Err(KeyError("the private scalar is not 66 bytes"));
        }
        let key = p521::ecdsa::SigningKey::from_slice(d)
            .map_err(|_| KeyError("the private scalar is zero or not below the group order"))?;
        Ok(Self { key, kid: None })
    }

    /// A new random key, drawing the scalar from ring's system random number generator.
    ///
    /// The top byte of a 66-byte scalar holds a single bit (521 = 65 * 8 + 1); a candidate that
    /// is still out of range is drawn again.
    pub fn generate() -> Result<Self, KeyError> {
        let rng = SystemRandom::new();
        let mut d = [0u8; COORDINATE_LEN];
        for _ in 0..64 {
            rng.fill(&mut d)
                .map_err(|_| KeyError("the random number generator failed"))?;
            d[0] &= 0x01;
            if let Ok(key) = Self::from_scalar(&d) {
                return Ok(key);
            }
        }
        Err(KeyError("no valid scalar was drawn"))
    }

    /// Sets the key id written to `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The matching public key, with the same key id.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey {
            key: *self.key.verifying_key(),
            kid: self.kid.clone(),
        }
    }
}

impl Signer for SigningKey {
    fn algorithm(&self) -> &str {
        ALGORITHM
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError> {
        // `try_sign` hashes with SHA-512 and returns the fixed-width form, R || S.
        let signature: p521::ecdsa::Signature = self
            .key
            .try_sign(signing_input)
            .map_err(SigningError::from_source)?;
        Ok(signature.to_bytes().to_vec())
    }
}

/// `Debug` names the algorithm and key id, never the scalar.
impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("es512::SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// An ES512 public key.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    key: p521::ecdsa::VerifyingKey,
    kid: Option<String>,
}

impl VerifyingKey {
    /// A key from its affine coordinates, each exactly [`COORDINATE_LEN`] bytes (a JWK's `x` and
    /// `y`, RFC 7518 §6.2.1.2). The point must be on the curve.
    pub fn from_coordinates(x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        if x.len() != COORDINATE_LEN || y.len() != COORDINATE_LEN {
            return Err(KeyError("a coordinate is not 66 bytes"));
        }
        let mut point = Vec::with_capacity(1 + 2 * COORDINATE_LEN);
        point.push(0x04);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        let key = p521::ecdsa::VerifyingKey::from_sec1_bytes(&point)
            .map_err(|_| KeyError("the point is not on P-521"))?;
        Ok(Self { key, kid: None })
    }

    /// Sets the key id matched against `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The affine coordinates `(x, y)`, each [`COORDINATE_LEN`] bytes, as a JWK publishes them.
    pub fn coordinates(&self) -> (Vec<u8>, Vec<u8>) {
        let point = self.key.to_sec1_point(false);
        // Uncompressed SEC1: 0x04 || x || y.
        let (x, y) = point.as_bytes()[1..].split_at(COORDINATE_LEN);
        (x.to_vec(), y.to_vec())
    }
}

impl Verifier for VerifyingKey {
    fn algorithm(&self) -> &str {
        ALGORITHM
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        // Only the fixed-width form is JWS; a DER signature (or any other length) is refused
        // before it reaches the curve arithmetic.
        if signature.len() != SIGNATURE_LEN {
            return Err(InvalidSignature);
        }
        let signature =
            p521::ecdsa::Signature::from_slice(signature).map_err(|_| InvalidSignature)?;
        self.key
            .verify(signing_input, &signature)
            .map_err(|_| InvalidSignature)
    }
}
