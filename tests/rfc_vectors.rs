//! The JWS examples of RFC 7515 Appendix A, RFC 7519 §3.1 / §6.1 and RFC 8037 Appendix A.4,
//! checked through the public API only: keys are built from the RFCs' JWK members the way a user
//! would, tokens go through `Validator::verify_at` with a fixed clock, and every deterministic
//! signature is reproduced byte for byte.
//!
//! The vectors are copied under `tests/vectors/rfc/` (see `tests/vectors/README.md` for sources and
//! licensing). RFC 7515 A.4 (ES512) runs with the `aws-lc` feature, on its P-521.

mod common;

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::hex;
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{
    ClaimFailure, ClaimName, HeaderError, Malformed, NoCustomClaims, Part, Signer, UntrustedToken,
    Validator, Verifier, VerifyError, ecdsa, eddsa, hmac, rsa,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

const RFC7515: &str = include_str!("vectors/rfc/rfc7515_appendix_a.json");
const RFC7519: &str = include_str!("vectors/rfc/rfc7519_examples.json");
const RFC8037: &str = include_str!("vectors/rfc/rfc8037_appendix_a.json");

/// `exp` of every RFC 7515 / RFC 7519 example payload: 2011-03-22T18:43:00Z.
const EXAMPLE_EXP: i64 = 1_300_819_380;

/// One JWS vector, in the layout of section 2.1 of the vectors README.
#[derive(Debug, Deserialize)]
struct JwsVector {
    id: String,
    alg: String,
    jwk: Option<Map<String, Value>>,
    payload_hex: String,
    signing_input: String,
    signature_b64u: String,
    signature_hex: String,
    compact: String,
    expected: String,
    #[serde(default)]
    claims: Option<Value>,
}

impl JwsVector {
    /// A JWK member, base64url-decoded.
    fn jwk_member(&self, name: &str) -> Vec<u8> {
        let jwk = self.jwk.as_ref().expect("vector has a key");
        let text = jwk[name].as_str().expect("JWK member is a string");
        URL_SAFE_NO_PAD
            .decode(text)
            .expect("JWK member is base64url")
    }

    /// The signature octets, decoded from `signature_b64u` and checked against `signature_hex`.
    fn signature(&self) -> Vec<u8> {
        let decoded = URL_SAFE_NO_PAD.decode(&self.signature_b64u).unwrap();
        assert_eq!(decoded, hex(&self.signature_hex), "{}", self.id);
        decoded
    }

    /// The vector's token with one bit of the signature flipped.
    fn tampered(&self) -> String {
        let mut signature = self.signature();
        signature[0] ^= 0x01;
        format!(
            "{}.{}",
            self.signing_input,
            URL_SAFE_NO_PAD.encode(&signature)
        )
    }

    /// Checks the vector's own consistency before any test relies on it.
    fn check_layout(&self) {
        assert_eq!(
            self.compact,
            format!("{}.{}", self.signing_input, self.signature_b64u),
            "{}",
            self.id
        );
        let payload_b64u = self.signing_input.split('.').nth(1).unwrap();
        assert_eq!(
            URL_SAFE_NO_PAD.decode(payload_b64u).unwrap(),
            hex(&self.payload_hex),
            "{}",
            self.id
        );
    }
}

#[derive(Debug, Deserialize)]
struct VectorFile {
    vectors: Vec<JwsVector>,
}

fn vector(file: &str, id: &str) -> JwsVector {
    let file: VectorFile = serde_json::from_str(file).unwrap();
    let vector = file
        .vectors
        .into_iter()
        .find(|v| v.id == id)
        .unwrap_or_else(|| panic!("no vector {id}"));
    vector.check_layout();
    vector
}

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap()
}

/// One second before the example payload expires.
fn before_expiry() -> OffsetDateTime {
    at(EXAMPLE_EXP - 1)
}

/// The private claim of the RFC 7515 / RFC 7519 example payload.
#[derive(Debug, Deserialize)]
struct JoeClaims {
    #[serde(rename = "http://example.com/is_root")]
    is_root: bool,
}

/// A validator holding only `key` refuses the vector's token with one signature bit flipped as an
/// invalid signature: the claims (`T`) are never read.
fn assert_tampered_is_invalid_signature<T: DeserializeOwned + fmt::Debug>(
    v: &JwsVector,
    key: impl Verifier + 'static,
) {
    let validator = Validator::builder().key(key).build().unwrap();
    let result = validator.verify_at::<T>(&v.tampered(), before_expiry());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
}

/// Verifies the `joe` example payload shared by A.1, A.2, A.3 and RFC 7519 §3.1, then checks
/// that the same token is expired at its `exp` and that a flipped signature bit is refused.
fn check_joe_token(v: &JwsVector, validator: &Validator) {
    let token = validator
        .verify_at::<JoeClaims>(&v.compact, before_expiry())
        .unwrap_or_else(|e| panic!("{}: {e}", v.id));
    assert_eq!(token.header().algorithm(), Some(v.alg.as_str()));
    let claims = token.claims();
    assert_eq!(claims.registered.iss(), Some("joe"));
    assert_eq!(
        claims.registered.exp().map(|exp| exp.unix()),
        Some(EXAMPLE_EXP)
    );
    assert_eq!(claims.registered.sub(), None);
    assert_eq!(claims.registered.aud(), None);
    assert!(claims.custom.is_root);

    let expired = validator.verify_at::<JoeClaims>(&v.compact, at(EXAMPLE_EXP));
    assert!(
        matches!(&expired, Err(VerifyError::Claim(e))
            if *e.claim() == ClaimName::Exp && e.failure() == ClaimFailure::Expired),
        "{}: {expired:?}",
        v.id
    );

    let tampered = validator.verify_at::<JoeClaims>(&v.tampered(), before_expiry());
    assert!(
        matches!(tampered, Err(VerifyError::InvalidSignature)),
        "{}: {tampered:?}",
        v.id
    );
}

// ---------------------------------------------------------------------------------------------
// RFC 7515 A.1: HS256
// ---------------------------------------------------------------------------------------------

fn rfc7515_a1_key(v: &JwsVector) -> hmac::Key {
    hmac::Key::new(&hmac::HS256, &v.jwk_member("k")).unwrap()
}

#[test]
fn rfc7515_a1_hs256_verifies_with_custom_claim() {
    let v = vector(RFC7515, "rfc7515-A.1");
    assert_eq!(v.alg, "HS256");
    let validator = Validator::builder()
        .key(rfc7515_a1_key(&v))
        .build()
        .unwrap();
    check_joe_token(&v, &validator);

    let token = validator
        .verify_at::<JoeClaims>(&v.compact, before_expiry())
        .unwrap();
    assert_eq!(token.header().typ(), Some("JWT"));
}

#[test]
fn rfc7515_a1_hs256_signature_reproduces() {
    let v = vector(RFC7515, "rfc7515-A.1");
    let key = rfc7515_a1_key(&v);
    assert_eq!(Signer::algorithm(&key), v.alg);
    let signature = key.sign(v.signing_input.as_bytes()).unwrap();
    assert_eq!(signature, v.signature());
    assert_eq!(URL_SAFE_NO_PAD.encode(&signature), v.signature_b64u);
}

#[test]
fn rfc7515_a1_hs256_flipped_signature_bit_is_rejected() {
    let v = vector(RFC7515, "rfc7515-A.1");
    let key = rfc7515_a1_key(&v);
    let mut signature = v.signature();
    signature[31] ^= 0x80;
    assert!(key.verify(v.signing_input.as_bytes(), &signature).is_err());

    assert_tampered_is_invalid_signature::<JoeClaims>(&v, key);
}

// ---------------------------------------------------------------------------------------------
// RFC 7515 A.2: RS256
// ---------------------------------------------------------------------------------------------

fn rfc7515_a2_public_key(v: &JwsVector) -> rsa::VerifyingKey {
    rsa::VerifyingKey::from_components(&rsa::RS256, &v.jwk_member("n"), &v.jwk_member("e")).unwrap()
}

/// A PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2) built from a JWK's members with the `der` crate:
/// `SEQUENCE { version 0, n, e, d, p, q, dp, dq, qi }`.
#[cfg(feature = "der")]
fn pkcs1_from_jwk(v: &JwsVector) -> Vec<u8> {
    use der::asn1::UintRef;
    use der::{Encode, Header, Length, SliceWriter, Tag};

    let members: Vec<Vec<u8>> = ["n", "e", "d", "p", "q", "dp", "dq", "qi"]
        .iter()
        .map(|name| v.jwk_member(name))
        .collect();
    let integers: Vec<UintRef<'_>> = members
        .iter()
        .map(|bytes| UintRef::new(bytes).unwrap())
        .collect();
    let version = 0u8;
    let body_len = integers
        .iter()
        .fold(version.encoded_len(), |len, int| {
            len? + int.encoded_len()?
        })
        .unwrap();
    let header = Header::new(Tag::Sequence, body_len).unwrap();
    let total: Length = (header.encoded_len().unwrap() + body_len).unwrap();
    let mut buffer = vec![0u8; usize::try_from(total).unwrap()];
    let mut writer = SliceWriter::new(&mut buffer);
    header.encode(&mut writer).unwrap();
    version.encode(&mut writer).unwrap();
    for int in &integers {
        int.encode(&mut writer).unwrap();
    }
    let written = writer.finish().unwrap().len();
    assert_eq!(written, buffer.len());
    buffer
}

#[test]
fn rfc7515_a2_rs256_verifies() {
    let v = vector(RFC7515, "rfc7515-A.2");
    assert_eq!(v.alg, "RS256");
    let key = rfc7515_a2_public_key(&v);
    assert_eq!(key.modulus().len(), 256);
    let validator = Validator::builder().key(key).build().unwrap();
    check_joe_token(&v, &validator);
}

#[cfg(feature = "der")]
#[test]
fn rfc7515_a2_rs256_signature_reproduces() {
    let v = vector(RFC7515, "rfc7515-A.2");
    let key = rsa::SigningKey::from_pkcs1(&rsa::RS256, &pkcs1_from_jwk(&v)).unwrap();
    assert_eq!(Signer::algorithm(&key), v.alg);
    assert_eq!(key.verifying_key(), rfc7515_a2_public_key(&v));
    let signature = key.sign(v.signing_input.as_bytes()).unwrap();
    assert_eq!(signature, v.signature());
    assert_eq!(URL_SAFE_NO_PAD.encode(&signature), v.signature_b64u);
}

#[test]
fn rfc7515_a2_rs256_signature_reproduces_from_jwk_components() {
    let v = vector(RFC7515, "rfc7515-A.2");
    let [n, e, d, p, q, dp, dq, qi] =
        ["n", "e", "d", "p", "q", "dp", "dq", "qi"].map(|name| v.jwk_member(name));
    let components = rsa::PrivateComponents {
        n: &n,
        e: &e,
        d: &d,
        p: &p,
        q: &q,
        dp: &dp,
        dq: &dq,
        qi: &qi,
    };
    let key = rsa::SigningKey::from_components(&rsa::RS256, &components).unwrap();
    assert_eq!(key.verifying_key(), rfc7515_a2_public_key(&v));
    let signature = key.sign(v.signing_input.as_bytes()).unwrap();
    assert_eq!(signature, v.signature());

    // Swapped primes no longer match the CRT coefficient: the key is refused when built.
    let swapped_primes = rsa::PrivateComponents {
        p: &q,
        q: &p,
        ..components
    };
    assert!(rsa::SigningKey::from_components(&rsa::RS256, &swapped_primes).is_err());

    // Swapped CRT exponents are caught by ring only when signing (its fault check). Whichever
    // step refuses them, such a key must never produce a signature.
    let swapped_exponents = rsa::PrivateComponents {
        dp: &dq,
        dq: &dp,
        ..components
    };
    if let Ok(key) = rsa::SigningKey::from_components(&rsa::RS256, &swapped_exponents) {
        assert!(key.sign(v.signing_input.as_bytes()).is_err());
    }
}

#[test]
fn rfc7515_a2_rs256_flipped_signature_bit_is_rejected() {
    let v = vector(RFC7515, "rfc7515-A.2");
    let key = rfc7515_a2_public_key(&v);
    let mut signature = v.signature();
    *signature.last_mut().unwrap() ^= 0x01;
    assert!(key.verify(v.signing_input.as_bytes(), &signature).is_err());

    assert_tampered_is_invalid_signature::<JoeClaims>(&v, key);
}

// ---------------------------------------------------------------------------------------------
// RFC 7515 A.3: ES256
// ---------------------------------------------------------------------------------------------

fn rfc7515_a3_public_key(v: &JwsVector) -> ecdsa::VerifyingKey {
    assert_eq!(v.jwk.as_ref().unwrap()["crv"], "P-256");
    ecdsa::VerifyingKey::from_coordinates(&ecdsa::ES256, &v.jwk_member("x"), &v.jwk_member("y"))
        .unwrap()
}

#[test]
fn rfc7515_a3_es256_verifies() {
    let v = vector(RFC7515, "rfc7515-A.3");
    assert_eq!(v.alg, "ES256");
    assert_eq!(v.signature().len(), ecdsa::ES256.signature_len());
    let validator = Validator::builder()
        .key(rfc7515_a3_public_key(&v))
        .build()
        .unwrap();
    check_joe_token(&v, &validator);
}

#[test]
fn rfc7515_a3_es256_private_key_matches_and_signs() {
    // ECDSA is randomized, so the RFC's signature cannot be reproduced; the JWK's private key
    // must still pair with its public point, and a fresh signature must verify.
    let v = vector(RFC7515, "rfc7515-A.3");
    let public = rfc7515_a3_public_key(&v);
    let key = ecdsa::SigningKey::from_private_and_public(
        &ecdsa::ES256,
        &v.jwk_member("d"),
        public.uncompressed_point(),
    )
    .unwrap();
    assert_eq!(key.verifying_key(), public);
    let signature = key.sign(v.signing_input.as_bytes()).unwrap();
    assert_eq!(signature.len(), 64);
    assert!(
        public
            .verify(v.signing_input.as_bytes(), &signature)
            .is_ok()
    );
}

#[test]
fn rfc7515_a3_es256_flipped_signature_bit_is_rejected() {
    let v = vector(RFC7515, "rfc7515-A.3");
    let key = rfc7515_a3_public_key(&v);
    for index in [0, 63] {
        let mut signature = v.signature();
        signature[index] ^= 0x01;
        assert!(key.verify(v.signing_input.as_bytes(), &signature).is_err());
    }

    assert_tampered_is_invalid_signature::<JoeClaims>(&v, key);
}

// ---------------------------------------------------------------------------------------------
// RFC 7515 A.5 and RFC 7519 §6.1: unsecured (`alg: none`)
// ---------------------------------------------------------------------------------------------

/// A validator that would accept the A.1 HS256 token, so that any refusal below is about `none`.
fn hs256_validator() -> Validator {
    let a1 = vector(RFC7515, "rfc7515-A.1");
    Validator::builder()
        .key(rfc7515_a1_key(&a1))
        .allow_missing_expiry()
        .build()
        .unwrap()
}

fn check_unsecured_rejected(v: &JwsVector) {
    assert_eq!(v.alg, "none");
    assert_eq!(v.expected, "unsecured");
    assert!(v.compact.ends_with('.'));
    let validator = hs256_validator();

    // As published: the empty signature is refused while splitting, before the header is read.
    let result = validator.verify_at::<NoCustomClaims>(&v.compact, before_expiry());
    assert!(
        matches!(
            result,
            Err(VerifyError::Malformed(Malformed::Empty(Part::Signature)))
        ),
        "{}: {result:?}",
        v.id
    );
    let parsed = UntrustedToken::parse(&v.compact);
    assert!(
        matches!(
            parsed,
            Err(VerifyError::Malformed(Malformed::Empty(Part::Signature)))
        ),
        "{}: {parsed:?}",
        v.id
    );

    // With a signature attached (here the valid A.1 HMAC), the header itself is refused.
    let a1 = vector(RFC7515, "rfc7515-A.1");
    let signed = format!("{}{}", v.compact, a1.signature_b64u);
    let result = validator.verify_at::<NoCustomClaims>(&signed, before_expiry());
    assert!(
        matches!(result, Err(VerifyError::Header(HeaderError::AlgorithmNone))),
        "{}: {result:?}",
        v.id
    );
    let parsed = UntrustedToken::parse(&signed);
    assert!(
        matches!(parsed, Err(VerifyError::Header(HeaderError::AlgorithmNone))),
        "{}: {parsed:?}",
        v.id
    );
}

#[test]
fn rfc7515_a5_unsecured_is_rejected() {
    check_unsecured_rejected(&vector(RFC7515, "rfc7515-A.5"));
}

#[test]
fn rfc7519_6_1_unsecured_is_rejected() {
    check_unsecured_rejected(&vector(RFC7519, "rfc7519-6.1"));
}

// ---------------------------------------------------------------------------------------------
// RFC 7519 §3.1: the example JWT (HS256, the RFC 7515 A.1 key)
// ---------------------------------------------------------------------------------------------

#[test]
fn rfc7519_3_1_example_jwt_verifies() {
    let v = vector(RFC7519, "rfc7519-3.1");
    assert_eq!(v.alg, "HS256");
    let validator = Validator::builder()
        .key(rfc7515_a1_key(&v))
        .build()
        .unwrap();
    check_joe_token(&v, &validator);

    // The verified claims are exactly the ones the RFC lists.
    let expected = v.claims.as_ref().unwrap();
    let token = validator
        .verify_at::<JoeClaims>(&v.compact, before_expiry())
        .unwrap();
    let claims = token.claims();
    assert_eq!(claims.registered.iss(), expected["iss"].as_str());
    assert_eq!(
        claims.registered.exp().map(|exp| exp.unix()),
        expected["exp"].as_i64()
    );
    assert_eq!(
        Some(claims.custom.is_root),
        expected["http://example.com/is_root"].as_bool()
    );
    assert_eq!(expected.as_object().unwrap().len(), 3);

    // RFC 7519 §3.1 and RFC 7515 A.1 are the same token.
    let a1 = vector(RFC7515, "rfc7515-A.1");
    assert_eq!(v.compact, a1.compact);
    assert_eq!(v.jwk, a1.jwk);
}

#[test]
fn rfc7519_3_1_signature_reproduces_and_bit_flip_is_rejected() {
    let v = vector(RFC7519, "rfc7519-3.1");
    let key = rfc7515_a1_key(&v);
    assert_eq!(key.sign(v.signing_input.as_bytes()).unwrap(), v.signature());

    assert_tampered_is_invalid_signature::<JoeClaims>(&v, key);
}

// ---------------------------------------------------------------------------------------------
// RFC 8037 A.4 / A.5: Ed25519
// ---------------------------------------------------------------------------------------------

fn rfc8037_a4() -> JwsVector {
    let v = vector(RFC8037, "rfc8037-A.4");
    assert_eq!(v.alg, eddsa::ALGORITHM);
    assert_eq!(v.jwk.as_ref().unwrap()["crv"], "Ed25519");
    v
}

#[test]
fn rfc8037_a4_ed25519_signature_reproduces() {
    let v = rfc8037_a4();
    let key = eddsa::SigningKey::from_seed_and_public_key(&v.jwk_member("d"), &v.jwk_member("x"))
        .unwrap();
    assert_eq!(Signer::algorithm(&key), v.alg);
    let signature = key.sign(v.signing_input.as_bytes()).unwrap();
    assert_eq!(signature, v.signature());
    assert_eq!(URL_SAFE_NO_PAD.encode(&signature), v.signature_b64u);

    // The A.1 seed alone derives the A.2 public key.
    let from_seed = eddsa::SigningKey::from_seed(&v.jwk_member("d")).unwrap();
    assert_eq!(from_seed.verifying_key().as_bytes(), v.jwk_member("x"));
}

#[test]
fn rfc8037_a5_ed25519_verifies() {
    let v = rfc8037_a4();
    let key = eddsa::VerifyingKey::from_bytes(&v.jwk_member("x")).unwrap();

    // The signature over the token's own signing input verifies with the A.2 public key.
    let untrusted = UntrustedToken::parse(&v.compact).unwrap();
    assert_eq!(untrusted.algorithm(), "EdDSA");
    assert_eq!(untrusted.signing_input(), v.signing_input);
    assert!(
        key.verify(untrusted.signing_input().as_bytes(), untrusted.signature())
            .is_ok()
    );

    // Through the validator: the payload is the text "Example of Ed25519 signing", not a claims
    // set, so the signature passes and the claims step then refuses the payload.
    let validator = Validator::builder().key(key).build().unwrap();
    let result = validator.verify_at::<NoCustomClaims>(&v.compact, before_expiry());
    assert!(
        matches!(
            result,
            Err(VerifyError::Malformed(Malformed::Json(Part::Payload)))
        ),
        "{result:?}"
    );
}

#[test]
fn rfc8037_a4_ed25519_flipped_signature_bit_is_rejected() {
    let v = rfc8037_a4();
    let key = eddsa::VerifyingKey::from_bytes(&v.jwk_member("x")).unwrap();
    let mut signature = v.signature();
    signature[40] ^= 0x04;
    assert!(key.verify(v.signing_input.as_bytes(), &signature).is_err());

    // The signature is checked before the (non-JSON) payload: a bad one is reported as such.
    assert_tampered_is_invalid_signature::<NoCustomClaims>(&v, key);
}

/// RFC 7515 Appendix A.4 (ES512), through the crate's own P-521 keys: the aws-lc backend's
/// (ring has no P-521). RFC 7520 §4.3 is in `tests/jwk.rs`.
#[cfg(feature = "aws-lc")]
mod es512 {
    use super::*;
    use jwt_ring::time::Duration;
    use jwt_ring::{Backend, Claims, Header, encode};

    const A4_JSON: &str = include_str!("vectors/rfc7515_a4_es512.json");

    #[derive(Deserialize)]
    struct A4 {
        alg: String,
        jwk: A4Jwk,
        signing_input: String,
        payload_utf8: String,
        signature_hex: String,
        compact: String,
    }

    #[derive(Deserialize)]
    struct A4Jwk {
        crv: String,
        x: String,
        y: String,
        d: String,
    }

    fn a4() -> A4 {
        let a4: A4 = serde_json::from_str(A4_JSON).unwrap();
        assert_eq!(a4.alg, "ES512");
        assert_eq!(a4.jwk.crv, "P-521");
        a4
    }

    fn b64(text: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(text).unwrap()
    }

    fn es512() -> &'static ecdsa::Algorithm {
        ecdsa::ES512.on(Backend::AwsLc).unwrap()
    }

    fn a4_public_key() -> ecdsa::VerifyingKey {
        let a4 = a4();
        ecdsa::VerifyingKey::from_coordinates(es512(), &b64(&a4.jwk.x), &b64(&a4.jwk.y)).unwrap()
    }

    fn a4_private_key() -> ecdsa::SigningKey {
        let public = a4_public_key();
        ecdsa::SigningKey::from_private_and_public(
            es512(),
            &b64(&a4().jwk.d),
            public.uncompressed_point(),
        )
        .unwrap()
    }

    /// A fixed clock: 2027-01-15T08:00:00Z.
    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
    }

    fn validator(key: ecdsa::VerifyingKey) -> Validator {
        Validator::builder()
            .key(key)
            .issuer("https://auth.example")
            .audience("reports")
            .build()
            .unwrap()
    }

    #[test]
    fn a4_vector_is_consistent() {
        let a4 = a4();
        let untrusted = UntrustedToken::parse(&a4.compact).unwrap();
        assert_eq!(untrusted.algorithm(), "ES512");
        assert_eq!(untrusted.signing_input(), a4.signing_input);
        assert_eq!(untrusted.signature(), hex(&a4.signature_hex).as_slice());
        assert_eq!(untrusted.signature().len(), es512().signature_len());
        let payload = b64(a4.signing_input.split('.').nth(1).unwrap());
        assert_eq!(payload, a4.payload_utf8.as_bytes());
    }

    #[test]
    fn a4_private_key_matches_its_public_key() {
        assert_eq!(a4_private_key().verifying_key(), a4_public_key());
        let a4 = a4();
        let mut wrong_d = b64(&a4.jwk.d);
        *wrong_d.last_mut().unwrap() ^= 1;
        assert!(
            ecdsa::SigningKey::from_private_and_public(
                es512(),
                &wrong_d,
                a4_public_key().uncompressed_point()
            )
            .is_err()
        );
    }

    #[test]
    fn a4_signature_verifies() {
        let a4 = a4();
        let key = a4_public_key();
        let signature = hex(&a4.signature_hex);
        assert_eq!(Verifier::algorithm(&key), "ES512");
        assert!(key.verify(a4.signing_input.as_bytes(), &signature).is_ok());

        let mut other_input = a4.signing_input.clone().into_bytes();
        *other_input.last_mut().unwrap() ^= 0x01;
        assert!(key.verify(&other_input, &signature).is_err());
    }

    /// A.4's payload is the string "Payload", not a claims set. The validator checks the
    /// signature before it reads the payload, so the token gets exactly as far as the payload's
    /// JSON: the signature held. With one signature bit flipped it stops at the signature.
    #[test]
    fn a4_passes_the_signature_check_of_the_validator() {
        let a4 = a4();
        let validator = validator(a4_public_key());
        let result = validator.verify_at::<NoCustomClaims>(&a4.compact, now());
        assert!(
            matches!(
                result,
                Err(VerifyError::Malformed(Malformed::Json(Part::Payload)))
            ),
            "{result:?}"
        );
        let (signing_input, signature) = a4.compact.rsplit_once('.').unwrap();
        for index in [0, 65, 66, es512().signature_len() - 1] {
            let mut signature = b64(signature);
            signature[index] ^= 0x01;
            let tampered = format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature));
            let result = validator.verify_at::<NoCustomClaims>(&tampered, now());
            assert!(
                matches!(result, Err(VerifyError::InvalidSignature)),
                "bit flipped in byte {index}: {result:?}"
            );
        }
    }

    #[test]
    fn a4_key_signs_tokens_the_validator_accepts() {
        let claims = Claims::registered_only()
            .with_issuer("https://auth.example")
            .with_subject("alice")
            .with_audience("reports")
            .valid_for(now() - Duration::minutes(1), Duration::minutes(10));
        let token = encode(&Header::new(), &claims, &a4_private_key()).unwrap();
        let verified = validator(a4_public_key())
            .verify_at::<NoCustomClaims>(&token, now())
            .unwrap();
        assert_eq!(verified.header().algorithm(), Some("ES512"));
        assert_eq!(verified.claims().registered.sub(), Some("alice"));
    }
}
