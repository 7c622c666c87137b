// The floor's code, written once over the library named `lib` (ring, or aws-lc-rs, whose API
// follows ring's): included by `floor/ring.rs` and `floor/aws_lc.rs`, which provide the few
// parts where the two differ (`ecdsa_key_pair`, `modulus_len`, `PublicKey`, `public_key`,
// `verify_signature`, `p521`), as `src/backend/common.rs` is shared by the crate's backends.
//
// The floor: split, decode, read `alg`, verify with a pre-built key, parse the claims into one
// borrowed struct, compare `exp`/`nbf`/`iat`/`iss`/`aud`. Nothing else.

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use lib::rand::SystemRandom;
use lib::signature::{
    self, EcdsaKeyPair, EcdsaSigningAlgorithm, EcdsaVerificationAlgorithm, Ed25519KeyPair,
    KeyPair as _, RsaKeyPair,
};
use serde::{Deserialize, Serialize};

use crate::support;

/// Strict base64url, as the crate decodes it: no padding, canonical trailing bits.
const B64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// `crit` is read only to be refused: the floor understands no extension, and RFC 7515
/// §4.1.11 makes a token naming one it does not understand invalid.
#[derive(Deserialize)]
struct HeaderRef<'a> {
    #[serde(borrow)]
    alg: &'a str,
    crit: Option<serde::de::IgnoredAny>,
}

#[derive(Serialize)]
struct HeaderOut<'a> {
    alg: &'a str,
    typ: &'a str,
}

/// The claims as the floor signs them.
#[derive(Serialize)]
pub struct ClaimsRef<'a> {
    pub iss: &'a str,
    pub sub: &'a str,
    pub aud: &'a str,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: &'a str,
    pub scope: &'a str,
}

impl<'a> ClaimsRef<'a> {
    /// The standard claims, borrowed from `flat`.
    pub fn new(flat: &'a support::FlatClaims) -> Self {
        Self {
            iss: &flat.iss,
            sub: &flat.sub,
            aud: &flat.aud,
            exp: flat.exp,
            nbf: flat.nbf,
            iat: flat.iat,
            jti: &flat.jti,
            scope: &flat.scope,
        }
    }
}

/// The claims as the floor reads them. The dates are `f64`: a NumericDate may have a fraction
/// (RFC 7519 §2), so a correct verifier cannot insist on integers.
#[derive(Deserialize)]
struct ClaimsIn<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: f64,
    nbf: f64,
    iat: f64,
    // Parsed, not compared: the floor reads every claim ours reads.
    #[allow(dead_code)]
    jti: &'a str,
    #[allow(dead_code)]
    scope: &'a str,
}

// Keys are held inline, not boxed: the floor's timed path has no indirection ours could skip.
#[allow(clippy::large_enum_variant)]
enum VerifyKey {
    Hmac(lib::hmac::Key),
    Public(PublicKey),
}

#[allow(clippy::large_enum_variant)]
enum SignKey {
    Hmac(lib::hmac::Key),
    Rsa(RsaKeyPair, &'static dyn signature::RsaEncoding),
    Ecdsa(EcdsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

/// The floor for one algorithm, on this library, with its keys built.
pub struct Floor {
    alg: &'static str,
    verify_key: VerifyKey,
    sign_key: SignKey,
    rng: SystemRandom,
}

#[derive(Debug)]
pub struct Rejected;

/// The ECDSA algorithms and key of a JWS name, or `None` when the library lacks the curve.
#[allow(clippy::type_complexity)]
fn ecdsa_algorithms(
    alg: &str,
) -> Option<(
    &'static EcdsaSigningAlgorithm,
    &'static EcdsaVerificationAlgorithm,
    &'static [u8],
)> {
    match alg {
        "ES256" => Some((
            &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &signature::ECDSA_P256_SHA256_FIXED,
            support::P256_PK8,
        )),
        "ES384" => Some((
            &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            &signature::ECDSA_P384_SHA384_FIXED,
            support::P384_PK8,
        )),
        "ES512" => p521().map(|(signing, verification)| (signing, verification, support::P521_PK8)),
        _ => None,
    }
}

impl Floor {
    /// The floor for `alg`, or `None` when this library does not have it (ring: ES512).
    pub fn new(alg: &'static str) -> Option<Self> {
        let hmac = |algorithm| lib::hmac::Key::new(algorithm, support::HMAC_SECRET);
        let (verify_key, sign_key) = match alg {
            "HS256" | "HS384" | "HS512" => {
                let algorithm = match alg {
                    "HS256" => lib::hmac::HMAC_SHA256,
                    "HS384" => lib::hmac::HMAC_SHA384,
                    _ => lib::hmac::HMAC_SHA512,
                };
                (
                    VerifyKey::Hmac(hmac(algorithm)),
                    SignKey::Hmac(hmac(algorithm)),
                )
            }
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
                let (verification, padding): (
                    &'static signature::RsaParameters,
                    &'static dyn signature::RsaEncoding,
                ) = match alg {
                    "RS256" => (
                        &signature::RSA_PKCS1_2048_8192_SHA256,
                        &signature::RSA_PKCS1_SHA256,
                    ),
                    "RS384" => (
                        &signature::RSA_PKCS1_2048_8192_SHA384,
                        &signature::RSA_PKCS1_SHA384,
                    ),
                    "RS512" => (
                        &signature::RSA_PKCS1_2048_8192_SHA512,
                        &signature::RSA_PKCS1_SHA512,
                    ),
                    "PS256" => (
                        &signature::RSA_PSS_2048_8192_SHA256,
                        &signature::RSA_PSS_SHA256,
                    ),
                    "PS384" => (
                        &signature::RSA_PSS_2048_8192_SHA384,
                        &signature::RSA_PSS_SHA384,
                    ),
                    _ => (
                        &signature::RSA_PSS_2048_8192_SHA512,
                        &signature::RSA_PSS_SHA512,
                    ),
                };
                let pair = RsaKeyPair::from_pkcs8(support::RSA2048_PK8).expect("RSA key");
                (
                    VerifyKey::Public(public_key(verification, pair.public_key().as_ref())),
                    SignKey::Rsa(pair, padding),
                )
            }
            "ES256" | "ES384" | "ES512" => {
                let (signing, verification, pkcs8) = ecdsa_algorithms(alg)?;
                let pair = ecdsa_key_pair(signing, pkcs8);
                (
                    VerifyKey::Public(public_key(verification, pair.public_key().as_ref())),
                    SignKey::Ecdsa(pair),
                )
            }
            "EdDSA" => {
                let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(support::ED25519_PK8)
                    .expect("Ed25519 key");
                (
                    VerifyKey::Public(public_key(&signature::ED25519, pair.public_key().as_ref())),
                    SignKey::Ed25519(pair),
                )
            }
            other => panic!("no floor for {other}"),
        };
        Some(Self {
            alg,
            verify_key,
            sign_key,
            rng: SystemRandom::new(),
        })
    }

    /// Verifies `token` as of `now` (Unix seconds) and returns the `sub` claim's length, so that
    /// the claims are really read.
    pub fn verify(&self, token: &str, now: i64) -> Result<usize, Rejected> {
        let mut parts = token.splitn(4, '.');
        let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Rejected);
        };
        let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];

        let mut header = [0u8; 256];
        let header_len = B64
            .decode_slice(header_b64, &mut header)
            .map_err(|_| Rejected)?;
        let mut signature = [0u8; 512];
        let signature_len = B64
            .decode_slice(signature_b64, &mut signature)
            .map_err(|_| Rejected)?;
        let payload = B64.decode(payload_b64).map_err(|_| Rejected)?;

        let header: HeaderRef<'_> =
            serde_json::from_slice(&header[..header_len]).map_err(|_| Rejected)?;
        if header.alg != self.alg || header.crit.is_some() {
            return Err(Rejected);
        }
        let signature = &signature[..signature_len];
        let valid = match &self.verify_key {
            VerifyKey::Hmac(key) => {
                lib::hmac::verify(key, signing_input.as_bytes(), signature).is_ok()
            }
            VerifyKey::Public(key) => verify_signature(key, signing_input.as_bytes(), signature),
        };
        if !valid {
            return Err(Rejected);
        }

        let claims: ClaimsIn<'_> = serde_json::from_slice(&payload).map_err(|_| Rejected)?;
        let now = now as f64;
        if now >= claims.exp || now < claims.nbf || claims.iat > now {
            return Err(Rejected);
        }
        if claims.iss != support::ISSUER || claims.aud != support::AUDIENCE {
            return Err(Rejected);
        }
        Ok(claims.sub.len())
    }

    /// Signs the standard claims: serialize header and claims, base64, sign, base64.
    pub fn sign(&self, claims: &ClaimsRef<'_>) -> String {
        let header = serde_json::to_vec(&HeaderOut {
            alg: self.alg,
            typ: "JWT",
        })
        .expect("header serializes");
        let payload = serde_json::to_vec(claims).expect("claims serialize");
        let mut token = String::with_capacity((header.len() + payload.len()) * 4 / 3 + 400);
        B64.encode_string(&header, &mut token);
        token.push('.');
        B64.encode_string(&payload, &mut token);
        let message = token.as_bytes();
        let signature: Vec<u8> = match &self.sign_key {
            SignKey::Hmac(key) => lib::hmac::sign(key, message).as_ref().to_vec(),
            SignKey::Rsa(pair, padding) => {
                let mut signature = vec![0u8; modulus_len(pair)];
                pair.sign(*padding, &self.rng, message, &mut signature)
                    .expect("RSA signs");
                signature
            }
            SignKey::Ecdsa(pair) => pair
                .sign(&self.rng, message)
                .expect("ECDSA signs")
                .as_ref()
                .to_vec(),
            SignKey::Ed25519(pair) => pair.sign(message).as_ref().to_vec(),
        };
        token.push('.');
        B64.encode_string(&signature, &mut token);
        token
    }
}
