//! ES256K (ECDSA using secp256k1 and SHA-256, RFC 8812 §3.2) as a user-defined algorithm.
//!
//! Neither of jwt-ring's crypto backends has secp256k1 (ring has none; aws-lc adds ES512 but not
//! this curve), so this module plugs RustCrypto's `k256` crate into jwt-ring's extension point:
//! [`Signer`] and [`Verifier`] are implemented here, outside the library, the way an application
//! would do it in its own crate. Nothing in jwt-ring knows about ES256K.
//!
//! The contract the traits ask for, and what RFC 8812 adds:
//! * `algorithm()` is the JWA name, `"ES256K"`;
//! * `sign()` receives the JWS signing input (not a digest) and hashes it itself (SHA-256);
//! * signatures are fixed-width `R || S`, 32 + 32 bytes, as for ES256 (RFC 7518 §3.4): any
//!   other length, DER included, fails validation;
//! * keys are JWKs with `kty: "EC"` and `crv: "secp256k1"`, the point uncompressed as `x` and `y`
//!   of exactly 32 bytes each (RFC 8812 §3.1), and the point must be on secp256k1.
//!
//! # High-S signatures
//!
//! For every ECDSA signature `(r, s)` over a message, `(r, n - s)` is another valid one. Bitcoin
//! (BIP 62, BIP 146) accepts only the "low-S" form, `s <= n / 2`, and `k256` follows it on both
//! sides: it always signs low-S, and its own `verify` refuses a high-S signature (`k256` sets
//! `EcdsaCurve::NORMALIZE_S`).
//!
//! RFC 8812 has no such rule: ES256K is ECDSA as FIPS 186 defines it, which accepts any `s` in
//! `[1, n - 1]`. General-purpose ECDSA implementations (OpenSSL's, Java's, Go's) do not normalise
//! `S`, so JOSE libraries built on them emit high-S about half the time, and refusing it would
//! refuse their tokens at random. So [`VerifyingKey`] accepts both forms: it normalises `S` to
//! low-S before handing the signature to `k256`. jwt-ring's built-in ES256 and ES384 keys accept
//! both forms too (Wycheproof's "signature malleability" cases are valid for them).
//! [`SigningKey`] signs low-S, so its tokens verify under either policy.
//!
//! The consequence is the usual one for ECDSA: a token has two valid signatures, so the token
//! string is not a unique identifier. Detect replays by `jti` (as jwt-ring's `ReplayStore`
//! does), never by the whole token string.
//!
//! Shared by `examples/custom_algorithm.rs` and `tests/es256k_extension.rs`.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_ring::{InvalidSignature, Signer, SigningError, Verifier};
use k256::ecdsa::signature::{Signer as _, Verifier as _};
use ring::rand::{SecureRandom, SystemRandom};

/// The JWA name (RFC 8812 §3.2).
pub const ALGORITHM: &str = "ES256K";

/// The JWK `crv` value (RFC 8812 §3.1).
pub const CURVE: &str = "secp256k1";

/// The length of a secp256k1 coordinate, of the private scalar, and of `R` and of `S`, in bytes.
pub const COORDINATE_LEN: usize = 32;

/// The length of a fixed-width ES256K signature, `R || S`.
pub const SIGNATURE_LEN: usize = 2 * COORDINATE_LEN;

/// A secp256k1 key could not be built: wrong length, out of range, not on the curve, or a JWK
/// that is not an ES256K public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyError(&'static str);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ES256K key rejected: {}", self.0)
    }
}

impl std::error::Error for KeyError {}

/// An ES256K private key. Signs deterministically (RFC 6979) and always low-S, as `k256` does.
pub struct SigningKey {
    key: k256::ecdsa::SigningKey,
    kid: Option<String>,
}

impl SigningKey {
    /// A key from the private scalar `d`, exactly [`COORDINATE_LEN`] bytes big-endian (a JWK's
    /// `d`).
    pub fn from_scalar(d: &[u8]) -> Result<Self, KeyError> {
        if d.len() != COORDINATE_LEN {
            return Err(KeyError("the private scalar is not 32 bytes"));
        }
        let key = k256::ecdsa::SigningKey::from_slice(d)
            .map_err(|_| KeyError("the private scalar is zero or not below the group order"))?;
        Ok(Self { key, kid: None })
    }

    /// A new random key, drawing the scalar from ring's system random number generator. A
    /// candidate that is zero or not below the group order (probability about 2^-128) is drawn
    /// again.
    pub fn generate() -> Result<Self, KeyError> {
        let rng = SystemRandom::new();
        let mut d = [0u8; COORDINATE_LEN];
        for _ in 0..64 {
            rng.fill(&mut d)
                .map_err(|_| KeyError("the random number generator failed"))?;
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
        // `try_sign` hashes with SHA-256 and returns the fixed-width form, R || S, low-S.
        let signature: k256::ecdsa::Signature = self
            .key
            .try_sign(signing_input)
            .map_err(SigningError::from_source)?;
        Ok(signature.to_bytes().to_vec())
    }
}

/// `Debug` names the algorithm and key id, never the scalar.
impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("es256k::SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// An ES256K public key.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    key: k256::ecdsa::VerifyingKey,
    kid: Option<String>,
}

impl VerifyingKey {
    /// A key from its affine coordinates, each exactly [`COORDINATE_LEN`] bytes (a JWK's `x` and
    /// `y`). The point must be on secp256k1: a P-256 point, whose JWK differs only in `crv`, is
    /// refused here.
    pub fn from_coordinates(x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        if x.len() != COORDINATE_LEN || y.len() != COORDINATE_LEN {
            return Err(KeyError("a coordinate is not 32 bytes"));
        }
        let mut point = Vec::with_capacity(1 + 2 * COORDINATE_LEN);
        point.push(0x04);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        let key = k256::ecdsa::VerifyingKey::from_sec1_bytes(&point)
            .map_err(|_| KeyError("the point is not on secp256k1"))?;
        Ok(Self { key, kid: None })
    }

    /// A key from a public JWK (RFC 8812 §3.1): `kty` must be `"EC"` and `crv` `"secp256k1"`,
    /// `x` and `y` base64url of 32 bytes each; `alg`, when present, must be `"ES256K"`; `kid`,
    /// when present, becomes the key id. A JWK carrying the private `d` is refused: public keys
    /// only.
    pub fn from_jwk(jwk: &str) -> Result<Self, KeyError> {
        #[derive(serde::Deserialize)]
        struct Jwk<'a> {
            kty: &'a str,
            crv: &'a str,
            x: &'a str,
            y: &'a str,
            alg: Option<&'a str>,
            kid: Option<String>,
            d: Option<&'a str>,
        }
        let jwk: Jwk<'_> =
            serde_json::from_str(jwk).map_err(|_| KeyError("not a JWK with kty, crv, x and y"))?;
        if jwk.kty != "EC" {
            return Err(KeyError("kty is not EC"));
        }
        if jwk.crv != CURVE {
            return Err(KeyError("crv is not secp256k1"));
        }
        if jwk.alg.is_some_and(|alg| alg != ALGORITHM) {
            return Err(KeyError("alg is not ES256K"));
        }
        if jwk.d.is_some() {
            return Err(KeyError("the JWK holds a private key"));
        }
        let decode = |text: &str| {
            URL_SAFE_NO_PAD
                .decode(text)
                .map_err(|_| KeyError("a coordinate is not base64url"))
        };
        let key = Self::from_coordinates(&decode(jwk.x)?, &decode(jwk.y)?)?;
        Ok(match jwk.kid {
            Some(kid) => key.with_key_id(kid),
            None => key,
        })
    }

    /// The public JWK (RFC 8812 §3.1), with `alg` and, when set, `kid`.
    pub fn to_jwk(&self) -> String {
        let (x, y) = self.coordinates();
        let mut jwk = serde_json::json!({
            "kty": "EC",
            "crv": CURVE,
            "x": URL_SAFE_NO_PAD.encode(x),
            "y": URL_SAFE_NO_PAD.encode(y),
            "alg": ALGORITHM,
        });
        if let Some(kid) = &self.kid {
            jwk["kid"] = kid.as_str().into();
        }
        jwk.to_string()
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

    /// Accepts low-S and high-S signatures alike (see the module documentation); refuses any
    /// signature that is not 64 bytes, and any `R` or `S` that is zero or not below the group
    /// order.
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        // Only the fixed-width form is JWS; a DER signature (or any other length) is refused
        // before it reaches the curve arithmetic.
        if signature.len() != SIGNATURE_LEN {
            return Err(InvalidSignature);
        }
        let signature =
            k256::ecdsa::Signature::from_slice(signature).map_err(|_| InvalidSignature)?;
        // k256 refuses high-S; RFC 8812 does not. (r, s) and (r, n - s) verify alike in ECDSA,
        // so normalising first checks exactly the FIPS 186 equation.
        self.key
            .verify(signing_input, &signature.normalize_s())
            .map_err(|_| InvalidSignature)
    }
}
