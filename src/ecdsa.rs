//! ES256, ES384 and ES512 (RFC 7518 §3.4), with fixed-width `R || S` signatures, on a
//! [`Backend`]: ring (the default) or aws-lc. ES512 (P-521) needs the aws-lc backend.
//!
//! Keys are built for one curve and hash. Public keys are checked to be on the curve when they are
//! built, not when the first token arrives.

use std::fmt;

use crate::backend::{Backend, EcCurve, Unavailable, make, per_backend};
use crate::crypto::{InvalidSignature, Signer, SigningError, Verifier};
use crate::error::KeyRejected;

/// An ECDSA algorithm as JWS names it: a curve and a hash, on one backend.
pub struct Algorithm {
    name: &'static str,
    curve_name: &'static str,
    curve: EcCurve,
    coordinate_len: usize,
    backend: Backend,
}

impl Algorithm {
    /// The JWA name, for example `"ES256"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JWK curve name (RFC 7518 §6.2.1.1), for example `"P-256"`.
    pub fn curve(&self) -> &'static str {
        self.curve_name
    }

    /// The length of one coordinate, and of `R` and `S`, in bytes.
    pub fn coordinate_len(&self) -> usize {
        self.coordinate_len
    }

    /// The length of a fixed-width signature, `R || S`.
    pub fn signature_len(&self) -> usize {
        2 * self.coordinate_len
    }

    /// The backend keys made for this algorithm compute with.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The same algorithm on `backend`: keys made for the result compute with it.
    ///
    /// # Errors
    ///
    /// [`Unavailable`] when this build lacks `backend`, or `backend` lacks the algorithm (ring
    /// has no ES512).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::{Backend, ecdsa};
    ///
    /// let es256 = ecdsa::ES256.on(Backend::DEFAULT)?;
    /// assert_eq!(es256, &ecdsa::ES256);
    /// assert_eq!(es256.backend(), Backend::DEFAULT);
    /// # Ok::<(), jwt_ring::backend::Unavailable>(())
    /// ```
    pub fn on(&'static self, backend: Backend) -> Result<&'static Algorithm, Unavailable> {
        crate::backend::counterpart(FAMILY, self.name, backend, |other| {
            (other.name, other.backend)
        })
    }
}

/// Two algorithms are the same algorithm whatever their backends.
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
    ($name:literal, $curve_name:literal, $curve:ident, $len:literal, $backend:expr) => {
        Algorithm {
            name: $name,
            curve_name: $curve_name,
            curve: EcCurve::$curve,
            coordinate_len: $len,
            backend: $backend,
        }
    };
}

/// ECDSA using P-256 and SHA-256 (RFC 7518 §3.4), on the default backend.
pub static ES256: Algorithm = algorithm!("ES256", "P-256", P256, 32, Backend::DEFAULT);

/// ECDSA using P-384 and SHA-384 (RFC 7518 §3.4), on the default backend.
pub static ES384: Algorithm = algorithm!("ES384", "P-384", P384, 48, Backend::DEFAULT);

/// ECDSA using P-521 and SHA-512 (RFC 7518 §3.4), on the aws-lc backend (ring has no P-521).
#[cfg(feature = "aws-lc")]
pub static ES512: Algorithm = algorithm!("ES512", "P-521", P521, 66, Backend::AwsLc);

#[cfg(all(feature = "ring", feature = "aws-lc"))]
static ES256_AWS_LC: Algorithm = algorithm!("ES256", "P-256", P256, 32, Backend::AwsLc);
#[cfg(all(feature = "ring", feature = "aws-lc"))]
static ES384_AWS_LC: Algorithm = algorithm!("ES384", "P-384", P384, 48, Backend::AwsLc);

/// Every algorithm of this module on every backend of this build.
static FAMILY: &[&Algorithm] = &[
    &ES256,
    &ES384,
    #[cfg(feature = "aws-lc")]
    &ES512,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &ES256_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &ES384_AWS_LC,
];

per_backend!(enum KeyPair => EcdsaKeyPair);
per_backend!(#[derive(Clone)] enum PublicKey => EcdsaPublicKey);

/// An ECDSA private key bound to one algorithm, on its algorithm's backend.
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
    pair: KeyPair,
    /// The public half, made (and checked) with the pair.
    public: VerifyingKey,
    kid: Option<String>,
}

impl SigningKey {
    /// A key from a PKCS#8 v1 or v2 document (DER) for `algorithm`'s curve.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the document is malformed or for another curve.
    pub fn from_pkcs8(algorithm: &'static Algorithm, pkcs8: &[u8]) -> Result<Self, KeyRejected> {
        let pair = make!(algorithm.backend, KeyPair, lib => lib::EcdsaKeyPair::from_pkcs8(algorithm.curve, pkcs8))
            .ok_or(KeyRejected::new("not a PKCS#8 private key for this algorithm's curve"))?;
        Self::from_pair(algorithm, pair)
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
        let pair = make!(algorithm.backend, KeyPair, lib => lib::EcdsaKeyPair::from_private_and_public(algorithm.curve, private_scalar, public_point))
            .ok_or(KeyRejected::new("EC private and public key do not form a valid key pair"))?;
        Self::from_pair(algorithm, pair)
    }

    /// A new random key, with its PKCS#8 document for storage.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the system random number generator fails.
    pub fn generate(algorithm: &'static Algorithm) -> Result<(Self, Vec<u8>), KeyRejected> {
        let pkcs8 = crate::backend::with_backend!(
            algorithm.backend,
            lib => lib::EcdsaKeyPair::generate_pkcs8(algorithm.curve),
            else None
        )
        .ok_or(KeyRejected::new("the random number generator failed"))?;
        let key = Self::from_pkcs8(algorithm, &pkcs8)?;
        Ok((key, pkcs8))
    }

    fn from_pair(algorithm: &'static Algorithm, pair: KeyPair) -> Result<Self, KeyRejected> {
        let point = crate::backend::dispatch!(&pair, KeyPair, pair => pair.public_point().to_vec());
        let public = VerifyingKey::from_checked_point(algorithm, point)?;
        Ok(Self {
            algorithm,
            pair,
            public,
            kid: None,
        })
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

    /// The backend the key computes with.
    pub fn backend(&self) -> Backend {
        self.algorithm.backend
    }

    /// The matching public key, with the same key id and backend.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.public.clone().with_kid(self.kid.clone())
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
        crate::backend::dispatch!(&self.pair, KeyPair, pair => pair.sign(signing_input))
            .ok_or_else(SigningError::new)
    }

    fn fips(&self) -> bool {
        self.backend().is_fips()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ecdsa::SigningKey")
            .field("algorithm", &self.algorithm.name)
            .field("backend", &self.algorithm.backend)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// An ECDSA public key bound to one algorithm, on its algorithm's backend.
#[derive(Clone)]
pub struct VerifyingKey {
    algorithm: &'static Algorithm,
    point: Vec<u8>,
    public: PublicKey,
    kid: Option<String>,
}

/// Two keys are equal when they are the same point for the same algorithm, whatever their
/// backends.
impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        (self.algorithm, &self.point, &self.kid) == (other.algorithm, &other.point, &other.kid)
    }
}

impl Eq for VerifyingKey {}

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
        let public = make!(algorithm.backend, PublicKey, lib => lib::EcdsaPublicKey::on_curve(algorithm.curve, point))
            .ok_or(OFF_CURVE)?;
        Ok(Self::from_parts(algorithm, point.to_vec(), public))
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

    /// A key from coordinates already checked by [`from_coordinates`](Self::from_coordinates)
    /// (a parsed JWK's), or whose first verification checks them (a DPoP proof's): skips
    /// ring's on-curve check (an ECDH agreement, more costly than the signature check). aws-lc
    /// checks the point as it parses it, at no such cost.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when aws-lc finds the point off the curve.
    pub(crate) fn from_checked_coordinates(
        algorithm: &'static Algorithm,
        x: &[u8],
        y: &[u8],
    ) -> Result<Self, KeyRejected> {
        Self::from_checked_point(algorithm, uncompressed_point(x, y))
    }

    fn from_checked_point(
        algorithm: &'static Algorithm,
        point: Vec<u8>,
    ) -> Result<Self, KeyRejected> {
        let public = make!(algorithm.backend, PublicKey, lib => lib::EcdsaPublicKey::new(algorithm.curve, &point))
            .ok_or(OFF_CURVE)?;
        Ok(Self::from_parts(algorithm, point, public))
    }

    fn from_parts(algorithm: &'static Algorithm, point: Vec<u8>, public: PublicKey) -> Self {
        Self {
            algorithm,
            point,
            public,
            kid: None,
        }
    }

    fn with_kid(mut self, kid: Option<String>) -> Self {
        self.kid = kid;
        self
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

    /// The backend the key computes with.
    pub fn backend(&self) -> Backend {
        self.algorithm.backend
    }

    /// The uncompressed point `04 || X || Y`.
    pub fn uncompressed_point(&self) -> &[u8] {
        &self.point
    }
}

const OFF_CURVE: KeyRejected = KeyRejected::new("EC public key is not a point on the curve");

/// The SEC1 uncompressed encoding `04 || X || Y` of a point given by its coordinates.
pub(crate) fn uncompressed_point(x: &[u8], y: &[u8]) -> Vec<u8> {
    let mut point = Vec::with_capacity(1 + x.len() + y.len());
    point.push(0x04);
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    point
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
        let valid = crate::backend::dispatch!(&self.public, PublicKey, public => public.verify(signing_input, signature));
        if valid { Ok(()) } else { Err(InvalidSignature) }
    }

    fn fips(&self) -> bool {
        self.backend().is_fips()
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ecdsa::VerifyingKey")
            .field("algorithm", &self.algorithm.name)
            .field("backend", &self.algorithm.backend)
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
