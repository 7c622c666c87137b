//! ES256 and ES384 (RFC 7518 §3.4) over ring's ECDSA, with fixed-width `R || S` signatures.
//!
//! Keys are built for one curve and hash. Public keys are checked to be on the curve when they are
//! built, not when the first token arrives.

use std::fmt;

use ring::agreement;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair as _};

use crate::crypto::{InvalidSignature, Signer, SigningError, Verifier};
use crate::error::KeyRejected;

/// An ECDSA algorithm as JWS names it: a curve and a hash.
pub struct Algorithm {
    name: &'static str,
    curve: &'static str,
    signing: &'static signature::EcdsaSigningAlgorithm,
    verification: &'static signature::EcdsaVerificationAlgorithm,
    agreement: &'static agreement::Algorithm,
    coordinate_len: usize,
}

impl Algorithm {
    /// The JWA name, for example `"ES256"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JWK curve name (RFC 7518 §6.2.1.1), for example `"P-256"`.
    pub fn curve(&self) -> &'static str {
        self.curve
    }

    /// The length of one coordinate, and of `R` and `S`, in bytes.
    pub fn coordinate_len(&self) -> usize {
        self.coordinate_len
    }

    /// The length of a fixed-width signature, `R || S`.
    pub fn signature_len(&self) -> usize {
        2 * self.coordinate_len
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

/// ECDSA using P-256 and SHA-256 (RFC 7518 §3.4).
pub static ES256: Algorithm = Algorithm {
    name: "ES256",
    curve: "P-256",
    signing: &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
    verification: &signature::ECDSA_P256_SHA256_FIXED,
    agreement: &agreement::ECDH_P256,
    coordinate_len: 32,
};

/// ECDSA using P-384 and SHA-384 (RFC 7518 §3.4).
pub static ES384: Algorithm = Algorithm {
    name: "ES384",
    curve: "P-384",
    signing: &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
    verification: &signature::ECDSA_P384_SHA384_FIXED,
    agreement: &agreement::ECDH_P384,
    coordinate_len: 48,
};

/// An ECDSA private key bound to one algorithm.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Signer, Verifier, ecdsa};
///
/// let (key, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
/// let signature = key.sign(b"input")?;
/// assert_eq!(signature.len(), 64);
/// assert!(key.verifying_key().verify(b"input", &signature).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SigningKey {
    algorithm: &'static Algorithm,
    key_pair: EcdsaKeyPair,
    rng: SystemRandom,
    kid: Option<String>,
}

impl SigningKey {
    /// A key from a PKCS#8 v1 or v2 document (DER) for `algorithm`'s curve.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the document is malformed or for another curve.
    pub fn from_pkcs8(algorithm: &'static Algorithm, pkcs8: &[u8]) -> Result<Self, KeyRejected> {
        let rng = SystemRandom::new();
        let key_pair = EcdsaKeyPair::from_pkcs8(algorithm.signing, pkcs8, &rng)
            .map_err(|_| KeyRejected::new("not a PKCS#8 private key for this algorithm's curve"))?;
        Ok(Self {
            algorithm,
            key_pair,
            rng,
            kid: None,
        })
    }

    /// A key from the private scalar `d` and the uncompressed public point `04 || X || Y`, as
    /// a JWK carries them.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the scalar or point is malformed or they do not belong together.
    pub fn from_private_and_public(
        algorithm: &'static Algorithm,
        private_scalar: &[u8],
        public_point: &[u8],
    ) -> Result<Self, KeyRejected> {
        let rng = SystemRandom::new();
        let key_pair = EcdsaKeyPair::from_private_key_and_public_key(
            algorithm.signing,
            private_scalar,
            public_point,
            &rng,
        )
        .map_err(|_| KeyRejected::new("EC private and public key do not form a valid key pair"))?;
        Ok(Self {
            algorithm,
            key_pair,
            rng,
            kid: None,
        })
    }

    /// A new random key, with its PKCS#8 document for storage.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the system random number generator fails.
    pub fn generate(algorithm: &'static Algorithm) -> Result<(Self, Vec<u8>), KeyRejected> {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(algorithm.signing, &rng)
            .map_err(|_| KeyRejected::new("the random number generator failed"))?;
        let key = Self::from_pkcs8(algorithm, pkcs8.as_ref())?;
        Ok((key, pkcs8.as_ref().to_vec()))
    }

    /// Sets the key id written to `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> &'static Algorithm {
        self.algorithm
    }

    /// The matching public key, with the same key id.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey {
            algorithm: self.algorithm,
            point: self.key_pair.public_key().as_ref().to_vec(),
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
        self.key_pair
            .sign(&self.rng, signing_input)
            .map(|signature| signature.as_ref().to_vec())
            .map_err(|_| SigningError::new())
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ecdsa::SigningKey")
            .field("algorithm", &self.algorithm.name)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// An ECDSA public key bound to one algorithm.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifyingKey {
    algorithm: &'static Algorithm,
    point: Vec<u8>,
    kid: Option<String>,
}

impl VerifyingKey {
    /// A key from the uncompressed point `04 || X || Y`.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the point has the wrong length or is not on the curve.
    pub fn from_uncompressed_point(
        algorithm: &'static Algorithm,
        point: &[u8],
    ) -> Result<Self, KeyRejected> {
        if point.len() != 1 + 2 * algorithm.coordinate_len || point.first() != Some(&0x04) {
            return Err(KeyRejected::new(
                "EC public key is not an uncompressed point of this curve's size",
            ));
        }
        check_on_curve(algorithm, point)?;
        Ok(Self {
            algorithm,
            point: point.to_vec(),
            kid: None,
        })
    }

    /// A key from its affine coordinates, each exactly the curve's coordinate length (as a JWK
    /// carries them, RFC 7518 §6.2.1.2).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when a coordinate has the wrong length or the point is not on the curve.
    pub fn from_coordinates(
        algorithm: &'static Algorithm,
        x: &[u8],
        y: &[u8],
    ) -> Result<Self, KeyRejected> {
        if x.len() != algorithm.coordinate_len || y.len() != algorithm.coordinate_len {
            return Err(KeyRejected::new("EC coordinate has the wrong length"));
        }
        Self::from_uncompressed_point(algorithm, &uncompressed_point(x, y))
    }

    /// A key from coordinates already checked by [`from_coordinates`](Self::from_coordinates):
    /// a parsed JWK's, whose point was validated when the JWK was read. Skips the second
    /// on-curve check (an ECDH agreement, more costly than the signature check), which matters
    /// for keys built per request, as a DPoP proof's is.
    pub(crate) fn from_checked_coordinates(
        algorithm: &'static Algorithm,
        x: &[u8],
        y: &[u8],
    ) -> Self {
        Self {
            algorithm,
            point: uncompressed_point(x, y),
            kid: None,
        }
    }

    /// Sets the key id matched against `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> &'static Algorithm {
        self.algorithm
    }

    /// The uncompressed point `04 || X || Y`.
    pub fn uncompressed_point(&self) -> &[u8] {
        &self.point
    }
}

/// The SEC1 uncompressed encoding `04 || X || Y` of a point given by its coordinates.
pub(crate) fn uncompressed_point(x: &[u8], y: &[u8]) -> Vec<u8> {
    let mut point = Vec::with_capacity(1 + x.len() + y.len());
    point.push(0x04);
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    point
}

/// Rejects points that are not on the curve, using ring's own public-key validation: an ECDH
/// agreement with a throwaway key fails for any invalid point.
fn check_on_curve(algorithm: &'static Algorithm, point: &[u8]) -> Result<(), KeyRejected> {
    let rng = SystemRandom::new();
    let ephemeral = agreement::EphemeralPrivateKey::generate(algorithm.agreement, &rng)
        .map_err(|_| KeyRejected::new("the random number generator failed"))?;
    let peer = agreement::UnparsedPublicKey::new(algorithm.agreement, point);
    agreement::agree_ephemeral(ephemeral, &peer, |_| ())
        .map_err(|_| KeyRejected::new("EC public key is not a point on the curve"))
}

impl Verifier for VerifyingKey {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if signature.len() != self.algorithm.signature_len() {
            return Err(InvalidSignature);
        }
        signature::UnparsedPublicKey::new(self.algorithm.verification, &self.point)
            .verify(signing_input, signature)
            .map_err(|_| InvalidSignature)
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ecdsa::VerifyingKey")
            .field("algorithm", &self.algorithm.name)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// Converts a DER `ECDSA-Sig-Value` (as HSMs and cloud KMS services return) into the
/// fixed-width `R || S` form JWS requires (RFC 7518 §3.4).
///
/// Parsing uses the `der` crate and accepts only canonical DER.
///
/// # Errors
///
/// [`SigningError`] when the input is not canonical DER or `R`/`S` do not fit the curve.
///
/// # Examples
///
/// ```
/// use jwt_ring::ecdsa;
///
/// // SEQUENCE { INTEGER 1, INTEGER 2 }
/// let der = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02];
/// let fixed = ecdsa::der_signature_to_fixed(&ecdsa::ES256, &der)?;
/// assert_eq!(fixed.len(), 64);
/// assert_eq!((fixed[31], fixed[63]), (1, 2));
/// # Ok::<(), jwt_ring::SigningError>(())
/// ```
#[cfg(feature = "der")]
pub fn der_signature_to_fixed(
    algorithm: &'static Algorithm,
    der_signature: &[u8],
) -> Result<Vec<u8>, SigningError> {
    use der::{Decode, Reader, SliceReader, asn1::UintRef};

    let invalid = |_| SigningError::new();
    let mut reader = SliceReader::new(der_signature).map_err(invalid)?;
    let (r, s) = reader
        .sequence(|seq| Ok((UintRef::decode(seq)?, UintRef::decode(seq)?)))
        .map_err(invalid)?;
    reader.finish(()).map_err(invalid)?;

    let len = algorithm.coordinate_len;
    let mut fixed = vec![0u8; 2 * len];
    for (index, value) in [r.as_bytes(), s.as_bytes()].into_iter().enumerate() {
        let end = (index + 1) * len;
        let start = end
            .checked_sub(value.len())
            .filter(|start| *start >= index * len);
        let slot = start
            .and_then(|start| fixed.get_mut(start..end))
            .ok_or_else(SigningError::new)?;
        slot.copy_from_slice(value);
    }
    Ok(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_points_off_the_curve() {
        let (key, _) = SigningKey::generate(&ES256).unwrap();
        let mut point = key.verifying_key().uncompressed_point().to_vec();
        assert!(VerifyingKey::from_uncompressed_point(&ES256, &point).is_ok());
        point[64] ^= 1;
        assert!(VerifyingKey::from_uncompressed_point(&ES256, &point).is_err());
        assert!(VerifyingKey::from_uncompressed_point(&ES384, &point).is_err());
    }

    #[cfg(feature = "der")]
    #[test]
    fn der_conversion_is_strict() {
        // Leading 0x00 on a high-bit value is canonical; without it the integer is negative.
        let der = [0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x05];
        let fixed = der_signature_to_fixed(&ES256, &der).unwrap();
        assert_eq!((fixed[31], fixed[63]), (0x80, 0x05));
        for bad in [
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01][..],
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x00],
            &[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x05],
            &[0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x05],
            &[],
        ] {
            assert!(der_signature_to_fixed(&ES256, bad).is_err(), "{bad:02x?}");
        }
        let mut too_big = vec![0x30, 0x26, 0x02, 0x21, 0x01];
        too_big.extend([0u8; 32]);
        too_big.extend([0x02, 0x01, 0x01]);
        assert!(der_signature_to_fixed(&ES256, &too_big).is_err());
    }
}
