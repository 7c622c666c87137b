//! JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037 §2): strict import into the crate's keys, public
//! export, and thumbprints (RFC 7638, RFC 9278).
//!
//! A JWK's `alg`, `use` and `key_ops` are honoured: a key marked for encryption, or for another
//! algorithm than the one asked for, never becomes a verifier.
//!
//! Encryption keys (`use: "enc"`, a JWE `alg`, X25519) are read by the same parser and become
//! [`jwe`](crate::jwe) keys with [`Jwk::decrypting_key`] and [`Jwk::encrypting_key`], or a
//! local set of them with [`DecryptingKeySet`]; they never verify or sign, and signing keys
//! never decrypt or encrypt.

use std::fmt;

use crate::backend::Backend;
use crate::backend::primitives::digest;
use serde::Deserialize;

use crate::base64url;
use crate::crypto::{Signer, Verifier};
use crate::{ecdsa, eddsa, hmac, rsa};

mod encryption;
mod encryption_sets;
mod set;
pub use encryption_sets::{DecryptingKeySet, EncryptingKeySet};
pub use set::{
    JwkSet, JwkSetError, JwkSetOptions, MAX_JWK_SET_KEYS, MAX_JWK_SET_LEN, SkipReason, SkippedKey,
};

/// The longest `kid` accepted, in bytes.
pub const MAX_KID_LEN: usize = 256;

/// The longest single JWK accepted, in bytes of JSON.
pub const MAX_JWK_LEN: usize = 64 * 1024;

/// Why a JWK could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwkError {
    /// The text is not a JSON object with correctly typed members, or it is too large.
    #[error("JWK is malformed")]
    Malformed,
    /// A member that must be base64url is not strict base64url.
    #[error("JWK member `{0}` is not strict base64url")]
    Base64(&'static str),
    /// A member the key type requires is absent.
    #[error("JWK member `{0}` is missing")]
    MissingMember(&'static str),
    /// A member that does not belong to the key type, or contradicts another member, is present.
    #[error("JWK member `{0}` is inconsistent with the key")]
    Inconsistent(&'static str),
    /// The key type or curve is not one this crate implements for the use asked for (for
    /// example `X25519` for signing, `P-521` without aws-lc).
    #[error("JWK key type or curve is not supported")]
    Unsupported,
    /// `alg` is not an algorithm of this key type for the use asked for: a JWS algorithm for
    /// a signing or verifying key, a JWE key-management algorithm for an encryption key. A
    /// JWK whose `alg` is a JWE algorithm never becomes a verifier, and one whose `alg` is a
    /// JWS algorithm never becomes an encryption key.
    #[error("JWK `alg` does not fit the key type")]
    AlgorithmMismatch,
    /// The key has no `alg` and its type allows several algorithms; name one.
    #[error("JWK has no `alg`; name the algorithm to use")]
    AlgorithmNeeded,
    /// `use` or `key_ops` forbid the operation asked for (RFC 7517 §4.2, §4.3).
    #[error("JWK `use` or `key_ops` does not allow this operation")]
    OperationNotAllowed,
    /// A public key was asked for but the JWK holds private key material.
    #[error("JWK holds private key material where a public key is expected")]
    PrivateMaterial,
    /// A private key was asked for but the JWK holds only public material.
    #[error("JWK holds no private key material")]
    NoPrivateMaterial,
    /// `kid` is longer than [`MAX_KID_LEN`].
    #[error("JWK `kid` is too long")]
    KeyIdTooLong,
    /// The key material was refused (too short, not on the curve, not a valid key pair).
    #[error(transparent)]
    Rejected(#[from] crate::KeyRejected),
    /// The backend asked for is not in this build, or lacks the key's algorithm.
    #[error(transparent)]
    Backend(#[from] crate::backend::Unavailable),
}

/// The hash of a JWK thumbprint (RFC 7638 §3, RFC 9278).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ThumbprintHash {
    /// SHA-256, the usual choice.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl ThumbprintHash {
    fn algorithm(self) -> &'static digest::Algorithm {
        match self {
            ThumbprintHash::Sha256 => &digest::SHA256,
            ThumbprintHash::Sha384 => &digest::SHA384,
            ThumbprintHash::Sha512 => &digest::SHA512,
        }
    }

    /// The hash's name in the IANA Named Information registry, as RFC 9278 URIs use it.
    pub fn name(self) -> &'static str {
        match self {
            ThumbprintHash::Sha256 => "sha-256",
            ThumbprintHash::Sha384 => "sha-384",
            ThumbprintHash::Sha512 => "sha-512",
        }
    }
}

/// The curves this crate implements for `EC` keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
    /// Only with the aws-lc backend, the one with P-521.
    #[cfg(feature = "aws-lc")]
    P521,
}

impl Curve {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            #[cfg(feature = "aws-lc")]
            "P-521" => Some(Curve::P521),
            _ => None,
        }
    }

    /// The curve's algorithm on the default backend for it (aws-lc for P-521).
    fn algorithm(self) -> &'static ecdsa::Algorithm {
        match self {
            Curve::P256 => &ecdsa::ES256,
            Curve::P384 => &ecdsa::ES384,
            #[cfg(feature = "aws-lc")]
            Curve::P521 => &ecdsa::ES512,
        }
    }

    fn of(algorithm: &ecdsa::Algorithm) -> Self {
        match algorithm.coordinate_len() {
            32 => Curve::P256,
            #[cfg(feature = "aws-lc")]
            66 => Curve::P521,
            _ => Curve::P384,
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
struct RsaPrivate {
    d: Vec<u8>,
    p: Vec<u8>,
    q: Vec<u8>,
    dp: Vec<u8>,
    dq: Vec<u8>,
    qi: Vec<u8>,
}

#[derive(Clone, PartialEq, Eq)]
enum Material {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
        private: Option<RsaPrivate>,
    },
    Ec {
        curve: Curve,
        x: Vec<u8>,
        y: Vec<u8>,
        d: Option<Vec<u8>>,
    },
    Ed25519 {
        x: Vec<u8>,
        d: Option<Vec<u8>>,
    },
    /// An `OKP` key on X25519 (RFC 8037 §2): for ECDH-ES encryption only.
    X25519 {
        x: Vec<u8>,
        d: Option<Vec<u8>>,
    },
    Oct {
        k: Vec<u8>,
    },
}

const RSA_ALGORITHMS: [&str; 6] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
const HMAC_ALGORITHMS: [&str; 3] = ["HS256", "HS384", "HS512"];
const RSA_ENCRYPTION: [&str; 2] = ["RSA-OAEP", "RSA-OAEP-256"];
const ECDH_ENCRYPTION: [&str; 3] = ["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A256KW"];
/// The key-management algorithms of a symmetric key, then the content encryptions a JWK's
/// `alg` may name for a direct (`dir`) key (RFC 7518 §7.1 registers both as JWK `alg` values;
/// the JOSE cookbook's RFC 7520 §5.6 key says `A128GCM`).
const OCT_ENCRYPTION: [&str; 9] = [
    "dir",
    "A128KW",
    "A256KW",
    "A128GCMKW",
    "A256GCMKW",
    "A128GCM",
    "A256GCM",
    "A128CBC-HS256",
    "A256CBC-HS512",
];

impl Material {
    /// The JWS algorithms this kind of key can be used with.
    fn algorithms(&self) -> &'static [&'static str] {
        match self {
            Material::Rsa { .. } => &RSA_ALGORITHMS,
            Material::Ec {
                curve: Curve::P256, ..
            } => &["ES256"],
            Material::Ec {
                curve: Curve::P384, ..
            } => &["ES384"],
            #[cfg(feature = "aws-lc")]
            Material::Ec {
                curve: Curve::P521, ..
            } => &["ES512"],
            // RFC 8037's polymorphic name first: the one a JWK without `alg` signs with.
            Material::Ed25519 { .. } => &["EdDSA", "Ed25519"],
            Material::X25519 { .. } => &[],
            Material::Oct { .. } => &HMAC_ALGORITHMS,
        }
    }

    /// The JWE algorithms (`alg`, RFC 7518 §4) this kind of key can be used with, whether or
    /// not this build offers them; for `oct`, also the content encryptions of a direct key.
    fn encryption_algorithms(&self) -> &'static [&'static str] {
        match self {
            Material::Rsa { .. } => &RSA_ENCRYPTION,
            Material::Ec { .. } | Material::X25519 { .. } => &ECDH_ENCRYPTION,
            Material::Ed25519 { .. } => &[],
            Material::Oct { .. } => &OCT_ENCRYPTION,
        }
    }

    /// The algorithm a key of this type uses when nothing names one: the only one it has, or
    /// `EdDSA` for Ed25519 (RFC 9864's `Ed25519` is chosen by naming it). `None` for RSA and
    /// `oct` keys, whose algorithm must be named.
    fn default_algorithm(&self) -> Option<&'static str> {
        match (self, self.algorithms()) {
            (Material::Ed25519 { .. }, [first, ..]) | (_, [first]) => Some(first),
            _ => None,
        }
    }

    fn is_private(&self) -> bool {
        match self {
            Material::Rsa { private, .. } => private.is_some(),
            Material::Ec { d, .. } | Material::Ed25519 { d, .. } | Material::X25519 { d, .. } => {
                d.is_some()
            }
            Material::Oct { .. } => true,
        }
    }

    fn is_symmetric(&self) -> bool {
        matches!(self, Material::Oct { .. })
    }
}

/// A JSON Web Key, parsed and checked.
///
/// `Debug` never shows private members.
///
/// # Examples
///
/// ```
/// use jwt_ring::jwk::{Jwk, ThumbprintHash};
///
/// // RFC 7638 §3.1
/// let jwk = Jwk::from_json(r#"{"kty":"RSA","e":"AQAB","alg":"RS256","kid":"2011-04-29",
///   "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#)?;
/// assert_eq!(
///     jwk.thumbprint(ThumbprintHash::Sha256),
///     "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
/// );
/// let verifier = jwk.verifier()?;
/// assert_eq!(verifier.algorithm(), "RS256");
/// # Ok::<(), jwt_ring::jwk::JwkError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Jwk {
    material: Material,
    alg: Option<String>,
    kid: Option<String>,
    key_use: Option<String>,
    key_ops: Option<Vec<String>>,
}

/// When an EC JWK's point is checked to be on its curve.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PointCheck {
    /// While the JWK is read: every public constructor.
    Now,
    /// By the caller, when a signature fails (see [`Jwk::from_json_unchecked_point`]).
    Deferred,
}

/// The members of a JWK as written, before any checks.
#[derive(Deserialize)]
struct RawJwk {
    kty: String,
    #[serde(rename = "use")]
    key_use: Option<String>,
    key_ops: Option<Vec<String>>,
    alg: Option<String>,
    kid: Option<String>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    d: Option<String>,
    n: Option<String>,
    e: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
    oth: Option<serde::de::IgnoredAny>,
    k: Option<String>,
}

/// `bytes` without leading zero octets. RFC 7518 §2 integers are minimal and RFC 7638 hashes
/// that form, so a zero-prefixed `n` or `e` (which some libraries emit) is normalized rather
/// than given a second thumbprint for the same key.
fn minimal(mut bytes: Vec<u8>) -> Vec<u8> {
    let zeros = bytes.iter().take_while(|byte| **byte == 0).count();
    bytes.drain(..zeros);
    bytes
}

fn decode_member(value: &Option<String>, name: &'static str) -> Result<Option<Vec<u8>>, JwkError> {
    value
        .as_deref()
        .map(|text| base64url::decode(text.as_bytes()).ok_or(JwkError::Base64(name)))
        .transpose()
}

fn required(value: &Option<String>, name: &'static str) -> Result<Vec<u8>, JwkError> {
    decode_member(value, name)?.ok_or(JwkError::MissingMember(name))
}

fn absent(raw: &RawJwk, names: &[&'static str]) -> Result<(), JwkError> {
    for name in names {
        let present = match *name {
            "crv" => raw.crv.is_some(),
            "x" => raw.x.is_some(),
            "y" => raw.y.is_some(),
            "n" => raw.n.is_some(),
            "e" => raw.e.is_some(),
            "k" => raw.k.is_some(),
            "d" => raw.d.is_some(),
            "p" => raw.p.is_some() || raw.q.is_some(),
            _ => false,
        };
        if present {
            return Err(JwkError::Inconsistent(name));
        }
    }
    Ok(())
}

/// A JWK's members as written, from at most [`MAX_JWK_LEN`] bytes of one JSON object (never an
/// array, which serde would read by position).
fn read_raw(json: &str) -> Result<RawJwk, JwkError> {
    if json.len() > MAX_JWK_LEN || !crate::json::starts_as_object(json.as_bytes()) {
        return Err(JwkError::Malformed);
    }
    serde_json::from_str(json).map_err(|_| JwkError::Malformed)
}

impl Jwk {
    /// Parses and checks one JWK.
    ///
    /// Checks: members typed and base64url-strict; the members of the key type present and no
    /// others' key members; `alg` a JWS algorithm of the key type and curve; EC coordinates and
    /// private scalars exactly the curve's length and the point on the curve; Ed25519 keys 32
    /// bytes; `key_ops` without repeats and consistent with `use`; `kid` at most
    /// [`MAX_KID_LEN`] bytes. Unknown members (`x5c`, `x5t`, ...) are ignored.
    ///
    /// # Errors
    ///
    /// A [`JwkError`] naming the first problem found.
    pub fn from_json(json: &str) -> Result<Self, JwkError> {
        Self::from_raw(&read_raw(json)?, PointCheck::Now)
    }

    /// As [`from_json`](Self::from_json), without checking that an EC key's point is on its
    /// curve: for a key that verifies one signature and is then dropped (a DPoP proof's), since
    /// ring's ECDSA verification refuses a point off the curve itself, and the on-curve check
    /// (an ECDH agreement) costs about as much as the signature check.
    ///
    /// The caller must not trust the key before a signature verified with it, and should call
    /// [`has_valid_point`](Self::has_valid_point) when one fails, to tell a bad key from a bad
    /// signature.
    pub(crate) fn from_json_unchecked_point(json: &str) -> Result<Self, JwkError> {
        Self::from_raw(&read_raw(json)?, PointCheck::Deferred)
    }

    /// Whether an EC key's point is on its curve (always, for a JWK read by
    /// [`from_json`](Self::from_json)); true for other key types.
    pub(crate) fn has_valid_point(&self) -> bool {
        match &self.material {
            Material::Ec { curve, x, y, .. } => {
                ecdsa::VerifyingKey::from_coordinates(curve.algorithm(), x, y).is_ok()
            }
            _ => true,
        }
    }

    fn from_raw(raw: &RawJwk, point_check: PointCheck) -> Result<Self, JwkError> {
        let material = match raw.kty.as_str() {
            "RSA" => {
                absent(raw, &["crv", "x", "y", "k"])?;
                if raw.oth.is_some() {
                    return Err(JwkError::Unsupported);
                }
                let private = match decode_member(&raw.d, "d")? {
                    None => {
                        absent(raw, &["p"])?;
                        None
                    }
                    Some(d) => Some(RsaPrivate {
                        d,
                        p: required(&raw.p, "p")?,
                        q: required(&raw.q, "q")?,
                        dp: required(&raw.dp, "dp")?,
                        dq: required(&raw.dq, "dq")?,
                        qi: required(&raw.qi, "qi")?,
                    }),
                };
                Material::Rsa {
                    n: minimal(required(&raw.n, "n")?),
                    e: minimal(required(&raw.e, "e")?),
                    private,
                }
            }
            "EC" => {
                absent(raw, &["n", "e", "k", "p"])?;
                let crv = raw.crv.as_deref().ok_or(JwkError::MissingMember("crv"))?;
                let curve = Curve::from_name(crv).ok_or(JwkError::Unsupported)?;
                let len = curve.algorithm().coordinate_len();
                let x = required(&raw.x, "x")?;
                let y = required(&raw.y, "y")?;
                let d = decode_member(&raw.d, "d")?;
                if x.len() != len {
                    return Err(JwkError::Inconsistent("x"));
                }
                if y.len() != len {
                    return Err(JwkError::Inconsistent("y"));
                }
                if d.as_ref().is_some_and(|d| d.len() != len) {
                    return Err(JwkError::Inconsistent("d"));
                }
                if point_check == PointCheck::Now {
                    ecdsa::VerifyingKey::from_coordinates(curve.algorithm(), &x, &y)?;
                }
                Material::Ec { curve, x, y, d }
            }
            "OKP" => {
                absent(raw, &["n", "e", "k", "y", "p"])?;
                let crv = raw.crv.as_deref().ok_or(JwkError::MissingMember("crv"))?;
                if crv != "Ed25519" && crv != "X25519" {
                    return Err(JwkError::Unsupported);
                }
                let x = required(&raw.x, "x")?;
                let d = decode_member(&raw.d, "d")?;
                if x.len() != 32 {
                    return Err(JwkError::Inconsistent("x"));
                }
                if d.as_ref().is_some_and(|d| d.len() != 32) {
                    return Err(JwkError::Inconsistent("d"));
                }
                if crv == "X25519" {
                    Material::X25519 { x, d }
                } else {
                    Material::Ed25519 { x, d }
                }
            }
            "oct" => {
                absent(raw, &["crv", "x", "y", "n", "e", "d", "p"])?;
                let k = required(&raw.k, "k")?;
                if k.is_empty() {
                    return Err(JwkError::Inconsistent("k"));
                }
                Material::Oct { k }
            }
            _ => return Err(JwkError::Unsupported),
        };
        if let Some(alg) = &raw.alg {
            let alg = alg.as_str();
            if !material.algorithms().contains(&alg)
                && !material.encryption_algorithms().contains(&alg)
            {
                return Err(JwkError::AlgorithmMismatch);
            }
        }
        if raw.kid.as_ref().is_some_and(|kid| kid.len() > MAX_KID_LEN) {
            return Err(JwkError::KeyIdTooLong);
        }
        if let Some(ops) = &raw.key_ops {
            let repeated = ops
                .iter()
                .enumerate()
                .any(|(i, op)| ops.iter().take(i).any(|earlier| earlier == op));
            if repeated {
                return Err(JwkError::Inconsistent("key_ops"));
            }
            let signature_ops = ops.iter().all(|op| op == "sign" || op == "verify");
            if raw.key_use.as_deref() == Some("sig") && !signature_ops {
                return Err(JwkError::Inconsistent("key_ops"));
            }
            let any_signature_op = ops.iter().any(|op| op == "sign" || op == "verify");
            if raw.key_use.as_deref() == Some("enc") && any_signature_op {
                return Err(JwkError::Inconsistent("key_ops"));
            }
        }
        Ok(Self {
            material,
            alg: raw.alg.clone(),
            kid: raw.kid.clone(),
            key_use: raw.key_use.clone(),
            key_ops: raw.key_ops.clone(),
        })
    }

    /// `kty`: `"RSA"`, `"EC"`, `"OKP"` or `"oct"`.
    pub fn key_type(&self) -> &'static str {
        match self.material {
            Material::Rsa { .. } => "RSA",
            Material::Ec { .. } => "EC",
            Material::Ed25519 { .. } | Material::X25519 { .. } => "OKP",
            Material::Oct { .. } => "oct",
        }
    }

    /// `alg`, if the key names one.
    pub fn algorithm(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// `kid`, if the key has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// `use` (RFC 7517 §4.2), for example `"sig"`.
    pub fn key_use(&self) -> Option<&str> {
        self.key_use.as_deref()
    }

    /// `key_ops` (RFC 7517 §4.3).
    pub fn key_ops(&self) -> Option<&[String]> {
        self.key_ops.as_deref()
    }

    /// Whether the JWK holds private (or, for `oct`, secret) key material.
    pub fn is_private(&self) -> bool {
        self.material.is_private()
    }

    /// Whether the JWK is a symmetric (`oct`) key.
    pub fn is_symmetric(&self) -> bool {
        self.material.is_symmetric()
    }

    /// Sets `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The same key without its private members. `oct` keys have no public part.
    ///
    /// # Errors
    ///
    /// [`JwkError::Unsupported`] for `oct` keys.
    pub fn to_public(&self) -> Result<Self, JwkError> {
        let material = match &self.material {
            Material::Rsa { n, e, .. } => Material::Rsa {
                n: n.clone(),
                e: e.clone(),
                private: None,
            },
            Material::Ec { curve, x, y, .. } => Material::Ec {
                curve: *curve,
                x: x.clone(),
                y: y.clone(),
                d: None,
            },
            Material::Ed25519 { x, .. } => Material::Ed25519 {
                x: x.clone(),
                d: None,
            },
            Material::X25519 { x, .. } => Material::X25519 {
                x: x.clone(),
                d: None,
            },
            Material::Oct { .. } => return Err(JwkError::Unsupported),
        };
        Ok(Self {
            material,
            ..self.clone()
        })
    }

    /// The public key material alone, without `alg`, `kid`, `use` or `key_ops`: what a DPoP
    /// proof embeds (RFC 9449 §4.2), so that no member can stop the recipient verifying with it.
    pub(crate) fn to_bare_public(&self) -> Result<Self, JwkError> {
        let public = self.to_public()?;
        Ok(Self {
            material: public.material,
            alg: None,
            kid: None,
            key_use: None,
            key_ops: None,
        })
    }

    /// The algorithms this key may be used with: its `alg`, or every algorithm of its type.
    pub fn algorithms(&self) -> Vec<&str> {
        match &self.alg {
            Some(alg) => vec![alg.as_str()],
            None => self.material.algorithms().to_vec(),
        }
    }

    fn allows(&self, operation: &str) -> bool {
        let use_allows = self
            .key_use
            .as_deref()
            .is_none_or(|key_use| key_use == "sig");
        let ops_allow = self
            .key_ops
            .as_ref()
            .is_none_or(|ops| ops.iter().any(|op| op == operation));
        use_allows && ops_allow
    }

    fn check_algorithm(&self, alg: &str) -> Result<(), JwkError> {
        if !self.material.algorithms().contains(&alg) {
            return Err(JwkError::AlgorithmMismatch);
        }
        match &self.alg {
            Some(own) if own != alg => Err(JwkError::AlgorithmMismatch),
            _ => Ok(()),
        }
    }

    fn only_algorithm(&self) -> Result<&str, JwkError> {
        if self.material.algorithms().is_empty() {
            return Err(JwkError::Unsupported);
        }
        match (&self.alg, self.material.default_algorithm()) {
            (Some(alg), _) => Ok(alg),
            (None, Some(default)) => Ok(default),
            (None, None) => Err(JwkError::AlgorithmNeeded),
        }
    }

    /// A verifier for the key's algorithm (its `alg`, or the only one its type allows).
    ///
    /// # Errors
    ///
    /// [`JwkError::AlgorithmNeeded`] for RSA and `oct` keys without `alg`; otherwise as for
    /// [`verifier_for`](Self::verifier_for).
    pub fn verifier(&self) -> Result<Box<dyn Verifier>, JwkError> {
        self.verifier_for(self.only_algorithm()?)
    }

    /// A verifier for `alg`, on the default backend for it.
    ///
    /// # Errors
    ///
    /// [`JwkError::AlgorithmMismatch`] when `alg` is not the key's `alg` or not of its type,
    /// [`JwkError::OperationNotAllowed`] when `use`/`key_ops` forbid verifying,
    /// [`JwkError::PrivateMaterial`] for an asymmetric private key, and
    /// [`JwkError::Rejected`] for key material that fails the key's own checks.
    pub fn verifier_for(&self, alg: &str) -> Result<Box<dyn Verifier>, JwkError> {
        self.verifier_with(alg, None)
    }

    /// A verifier for `alg` on `backend`.
    ///
    /// # Errors
    ///
    /// As for [`verifier_for`](Self::verifier_for), and [`JwkError::Backend`] when this build
    /// lacks `backend` or `backend` lacks `alg`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::jwk::Jwk;
    /// use jwt_ring::{Backend, ecdsa};
    ///
    /// let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    /// let jwk = Jwk::from_json(&key.verifying_key().to_jwk().to_json())?;
    /// for backend in Backend::enabled() {
    ///     let verifier = jwk.verifier_on("ES256", *backend)?;
    ///     assert_eq!(verifier.algorithm(), "ES256");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verifier_on(&self, alg: &str, backend: Backend) -> Result<Box<dyn Verifier>, JwkError> {
        self.verifier_with(alg, Some(backend))
    }

    pub(crate) fn verifier_with(
        &self,
        alg: &str,
        backend: Option<Backend>,
    ) -> Result<Box<dyn Verifier>, JwkError> {
        self.check_algorithm(alg)?;
        if !self.allows("verify") {
            return Err(JwkError::OperationNotAllowed);
        }
        if self.is_private() && !self.is_symmetric() {
            return Err(JwkError::PrivateMaterial);
        }
        let kid = self.kid.clone();
        let verifier: Box<dyn Verifier> = match &self.material {
            Material::Rsa { n, e, .. } => {
                let algorithm = on(rsa_algorithm(alg)?, backend, rsa::Algorithm::on)?;
                let key = rsa::VerifyingKey::from_components(algorithm, n, e)?;
                Box::new(with_kid(key, kid, rsa::VerifyingKey::with_key_id))
            }
            Material::Ec { curve, x, y, .. } => {
                // `Material::Ec` is built from a point already on the curve (checked when the JWK
                // was parsed, or taken from a key that holds one), or, for a per-request key,
                // one that the verification checks (`from_json_unchecked_point`).
                let algorithm = on(curve.algorithm(), backend, ecdsa::Algorithm::on)?;
                let key = ecdsa::VerifyingKey::from_checked_coordinates(algorithm, x, y)?;
                Box::new(with_kid(key, kid, ecdsa::VerifyingKey::with_key_id))
            }
            Material::Ed25519 { x, .. } => {
                let algorithm = on(eddsa_algorithm(alg)?, backend, eddsa::Algorithm::on)?;
                let key = eddsa::VerifyingKey::from_bytes_for(algorithm, x)?;
                Box::new(with_kid(key, kid, eddsa::VerifyingKey::with_key_id))
            }
            Material::X25519 { .. } => return Err(JwkError::Unsupported),
            Material::Oct { k } => {
                let algorithm = on(hmac_algorithm(alg)?, backend, hmac::Algorithm::on)?;
                let key = hmac::Key::new(algorithm, k)?;
                Box::new(with_kid(key, kid, hmac::Key::with_key_id))
            }
        };
        Ok(verifier)
    }

    /// A signer for the key's algorithm (its `alg`, or the only one its type allows).
    ///
    /// # Errors
    ///
    /// As for [`signer_for`](Self::signer_for).
    pub fn signer(&self) -> Result<Box<dyn Signer>, JwkError> {
        self.signer_for(self.only_algorithm()?)
    }

    /// A signer for `alg`, from a private (or `oct`) JWK, on the default backend for it.
    ///
    /// # Errors
    ///
    /// [`JwkError::NoPrivateMaterial`] for a public key; otherwise as for
    /// [`verifier_for`](Self::verifier_for), with `sign` as the operation.
    pub fn signer_for(&self, alg: &str) -> Result<Box<dyn Signer>, JwkError> {
        self.signer_with(alg, None)
    }

    /// A signer for `alg` on `backend`.
    ///
    /// # Errors
    ///
    /// As for [`signer_for`](Self::signer_for), and [`JwkError::Backend`] when this build lacks
    /// `backend` or `backend` lacks `alg`.
    pub fn signer_on(&self, alg: &str, backend: Backend) -> Result<Box<dyn Signer>, JwkError> {
        self.signer_with(alg, Some(backend))
    }

    fn signer_with(
        &self,
        alg: &str,
        backend: Option<Backend>,
    ) -> Result<Box<dyn Signer>, JwkError> {
        self.check_algorithm(alg)?;
        if !self.allows("sign") {
            return Err(JwkError::OperationNotAllowed);
        }
        let kid = self.kid.clone();
        let signer: Box<dyn Signer> = match &self.material {
            Material::Rsa {
                n,
                e,
                private: Some(private),
            } => {
                let components = rsa::PrivateComponents {
                    n,
                    e,
                    d: &private.d,
                    p: &private.p,
                    q: &private.q,
                    dp: &private.dp,
                    dq: &private.dq,
                    qi: &private.qi,
                };
                let algorithm = on(rsa_algorithm(alg)?, backend, rsa::Algorithm::on)?;
                let key = rsa::SigningKey::from_components(algorithm, &components)?;
                Box::new(with_kid(key, kid, rsa::SigningKey::with_key_id))
            }
            Material::Ec {
                curve,
                x,
                y,
                d: Some(d),
            } => {
                let point = ecdsa::uncompressed_point(x, y);
                let algorithm = on(curve.algorithm(), backend, ecdsa::Algorithm::on)?;
                let key = ecdsa::SigningKey::from_private_and_public(algorithm, d, &point)?;
                Box::new(with_kid(key, kid, ecdsa::SigningKey::with_key_id))
            }
            Material::Ed25519 { x, d: Some(d) } => {
                let algorithm = on(eddsa_algorithm(alg)?, backend, eddsa::Algorithm::on)?;
                let key = eddsa::SigningKey::from_seed_and_public_key_for(algorithm, d, x)?;
                Box::new(with_kid(key, kid, eddsa::SigningKey::with_key_id))
            }
            Material::Oct { k } => {
                let algorithm = on(hmac_algorithm(alg)?, backend, hmac::Algorithm::on)?;
                let key = hmac::Key::new(algorithm, k)?;
                Box::new(with_kid(key, kid, hmac::Key::with_key_id))
            }
            _ => return Err(JwkError::NoPrivateMaterial),
        };
        Ok(signer)
    }

    /// The RFC 7638 thumbprint: the base64url hash of the key's required members, in
    /// lexicographic order, without whitespace. Private members never take part, so a private
    /// key and its public key have the same thumbprint.
    pub fn thumbprint(&self, hash: ThumbprintHash) -> String {
        let canonical = self.canonical_members();
        let digest = digest::digest(hash.algorithm(), canonical.as_bytes());
        base64url::encode(digest.as_ref())
    }

    /// The RFC 9278 thumbprint URI, for example
    /// `urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8...`.
    pub fn thumbprint_uri(&self, hash: ThumbprintHash) -> String {
        format!(
            "urn:ietf:params:oauth:jwk-thumbprint:{}:{}",
            hash.name(),
            self.thumbprint(hash)
        )
    }

    fn canonical_members(&self) -> String {
        let b64 = base64url::encode;
        match &self.material {
            Material::Rsa { n, e, .. } => {
                format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64(e), b64(n))
            }
            Material::Ec { curve, x, y, .. } => format!(
                r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                curve.algorithm().curve(),
                b64(x),
                b64(y)
            ),
            Material::Ed25519 { x, .. } => {
                format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, b64(x))
            }
            Material::X25519 { x, .. } => {
                format!(r#"{{"crv":"X25519","kty":"OKP","x":"{}"}}"#, b64(x))
            }
            Material::Oct { k } => format!(r#"{{"k":"{}","kty":"oct"}}"#, b64(k)),
        }
    }

    /// The JWK as JSON, private members included if it has any.
    ///
    /// # Security
    ///
    /// For a private or `oct` key the output is a secret. Publish [`to_public`](Self::to_public)
    /// instead.
    pub fn to_json(&self) -> String {
        let mut members: Vec<(&str, String)> = vec![("kty", self.key_type().to_owned())];
        let mut put = |name: &'static str, bytes: &[u8]| {
            members.push((name, base64url::encode(bytes)));
        };
        match &self.material {
            Material::Rsa { n, e, private } => {
                put("n", n);
                put("e", e);
                if let Some(private) = private {
                    put("d", &private.d);
                    put("p", &private.p);
                    put("q", &private.q);
                    put("dp", &private.dp);
                    put("dq", &private.dq);
                    put("qi", &private.qi);
                }
            }
            Material::Ec { x, y, d, .. } => {
                put("x", x);
                put("y", y);
                if let Some(d) = d {
                    put("d", d);
                }
            }
            Material::Ed25519 { x, d } | Material::X25519 { x, d } => {
                put("x", x);
                if let Some(d) = d {
                    put("d", d);
                }
            }
            Material::Oct { k } => put("k", k),
        }
        match &self.material {
            Material::Ec { curve, .. } => {
                members.push(("crv", curve.algorithm().curve().to_owned()));
            }
            Material::Ed25519 { .. } => members.push(("crv", "Ed25519".to_owned())),
            Material::X25519 { .. } => members.push(("crv", "X25519".to_owned())),
            _ => {}
        }
        for (name, value) in [
            ("alg", &self.alg),
            ("kid", &self.kid),
            ("use", &self.key_use),
        ] {
            if let Some(value) = value {
                members.push((name, value.clone()));
            }
        }
        let mut map = serde_json::Map::new();
        for (name, value) in members {
            map.insert(name.to_owned(), serde_json::Value::String(value));
        }
        if let Some(ops) = &self.key_ops {
            let ops = ops.iter().cloned().map(serde_json::Value::String).collect();
            map.insert("key_ops".to_owned(), serde_json::Value::Array(ops));
        }
        serde_json::Value::Object(map).to_string()
    }

    fn public(material: Material, alg: &str, kid: Option<&str>) -> Self {
        Self {
            material,
            alg: Some(alg.to_owned()),
            kid: kid.map(str::to_owned),
            key_use: Some("sig".to_owned()),
            key_ops: None,
        }
    }
}

fn with_kid<K>(key: K, kid: Option<String>, set: fn(K, String) -> K) -> K {
    match kid {
        Some(kid) => set(key, kid),
        None => key,
    }
}

fn rsa_algorithm(alg: &str) -> Result<&'static rsa::Algorithm, JwkError> {
    Ok(match alg {
        "RS256" => &rsa::RS256,
        "RS384" => &rsa::RS384,
        "RS512" => &rsa::RS512,
        "PS256" => &rsa::PS256,
        "PS384" => &rsa::PS384,
        "PS512" => &rsa::PS512,
        _ => return Err(JwkError::AlgorithmMismatch),
    })
}

fn eddsa_algorithm(alg: &str) -> Result<&'static eddsa::Algorithm, JwkError> {
    eddsa::algorithm_named(alg, Backend::DEFAULT).ok_or(JwkError::AlgorithmMismatch)
}

/// `algorithm`, or its counterpart on `backend` when one is asked for.
fn on<A: 'static>(
    algorithm: &'static A,
    backend: Option<Backend>,
    on: fn(&'static A, Backend) -> Result<&'static A, crate::backend::Unavailable>,
) -> Result<&'static A, JwkError> {
    match backend {
        Some(backend) => Ok(on(algorithm, backend)?),
        None => Ok(algorithm),
    }
}

fn hmac_algorithm(alg: &str) -> Result<&'static hmac::Algorithm, JwkError> {
    Ok(match alg {
        "HS256" => &hmac::HS256,
        "HS384" => &hmac::HS384,
        "HS512" => &hmac::HS512,
        _ => return Err(JwkError::AlgorithmMismatch),
    })
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kty", &self.key_type())
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .field("use", &self.key_use)
            .field("key_ops", &self.key_ops)
            .field("private", &self.is_private())
            .finish_non_exhaustive()
    }
}

impl rsa::VerifyingKey {
    /// The public JWK (RFC 7518 §6.3.1), with `alg`, `kid` and `use: "sig"`.
    pub fn to_jwk(&self) -> Jwk {
        let material = Material::Rsa {
            n: self.modulus().to_vec(),
            e: self.exponent().to_vec(),
            private: None,
        };
        Jwk::public(material, self.algorithm().name(), Verifier::key_id(self))
    }
}

impl ecdsa::VerifyingKey {
    /// The public JWK (RFC 7518 §6.2.1), with `alg`, `kid` and `use: "sig"`.
    pub fn to_jwk(&self) -> Jwk {
        let algorithm = self.algorithm();
        let len = algorithm.coordinate_len();
        let point = self.uncompressed_point();
        let coordinate = |from: usize| point.get(from..from + len).unwrap_or_default().to_vec();
        let material = Material::Ec {
            curve: Curve::of(algorithm),
            x: coordinate(1),
            y: coordinate(1 + len),
            d: None,
        };
        Jwk::public(material, algorithm.name(), Verifier::key_id(self))
    }
}

impl eddsa::VerifyingKey {
    /// The public JWK (RFC 8037 §2), with the key's `alg` (`EdDSA`, or `Ed25519` for a key bound
    /// to RFC 9864's name), `kid` and `use: "sig"`.
    pub fn to_jwk(&self) -> Jwk {
        let material = Material::Ed25519 {
            x: self.as_bytes().to_vec(),
            d: None,
        };
        Jwk::public(material, self.algorithm().name(), Verifier::key_id(self))
    }
}

impl hmac::Key {
    /// The secret as an `oct` JWK (RFC 7518 §6.4), with `alg`, `kid` and `use: "sig"`.
    ///
    /// # Security
    ///
    /// The result contains the secret. It is a separate, explicitly named call so that secrets
    /// are never exported by accident.
    pub fn to_jwk_private(&self) -> Jwk {
        let material = Material::Oct {
            k: self.secret().to_vec(),
        };
        Jwk::public(material, self.algorithm().name(), Verifier::key_id(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_and_import_round_trip() {
        let (signing, _) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
        let public = signing.verifying_key().with_key_id("k");
        let jwk = public.to_jwk();
        let again = Jwk::from_json(&jwk.to_json()).unwrap();
        assert_eq!(again, jwk);
        assert_eq!(again.kid(), Some("k"));
        let verifier = again.verifier().unwrap();
        let signature = signing.sign(b"m").unwrap();
        assert!(verifier.verify(b"m", &signature).is_ok());
    }

    #[test]
    fn honours_use_and_key_ops() {
        let base = r#""kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","alg":"HS256""#;
        let enc = Jwk::from_json(&format!(r#"{{{base},"use":"enc"}}"#)).unwrap();
        assert_eq!(enc.verifier().err(), Some(JwkError::OperationNotAllowed));
        let sign_only = Jwk::from_json(&format!(r#"{{{base},"key_ops":["sign"]}}"#)).unwrap();
        assert_eq!(
            sign_only.verifier().err(),
            Some(JwkError::OperationNotAllowed)
        );
        assert!(sign_only.signer().is_ok());
        let repeated = Jwk::from_json(&format!(r#"{{{base},"key_ops":["sign","sign"]}}"#));
        assert_eq!(repeated.err(), Some(JwkError::Inconsistent("key_ops")));
        let wrong_alg = Jwk::from_json(&format!("{{{}}}", base.replace("HS256", "ES256")));
        assert_eq!(wrong_alg.err(), Some(JwkError::AlgorithmMismatch));
    }
}
