//! ES512 through the extension point: the user-defined `Signer`/`Verifier` of
//! `examples/es512/mod.rs` (RustCrypto `p521`) driven by jwt-ring's `encode` and `Validator`.
//!
//! Checks RFC 7515 Appendix A.4 (ECDSA P-521 SHA-512), a sign/verify round trip, and that
//! tampered signatures, wrong-size signatures and bad keys are refused.

mod common;
#[path = "../examples/es512/mod.rs"]
mod es512;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::hex;
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    ClaimFailure, ClaimName, Claims, Header, Malformed, NoCustomClaims, Part, Signer,
    UntrustedToken, Validator, Verifier, VerifyError, encode,
};
use serde::Deserialize;

/// RFC 7515 Appendix A.4, copied into tests/vectors with its source note.
const A4_JSON: &str = include_str!("vectors/rfc7515_a4_es512.json");

#[derive(Deserialize)]
struct A4 {
    alg: String,
    jwk: Jwk,
    signing_input: String,
    payload_utf8: String,
    signature_hex: String,
    compact: String,
}

#[derive(Deserialize)]
struct Jwk {
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

fn a4_public_key() -> es512::VerifyingKey {
    let a4 = a4();
    es512::VerifyingKey::from_coordinates(&b64(&a4.jwk.x), &b64(&a4.jwk.y)).unwrap()
}

fn a4_private_key() -> es512::SigningKey {
    es512::SigningKey::from_scalar(&b64(&a4().jwk.d)).unwrap()
}

/// A fixed clock: 2027-01-15T08:00:00Z.
fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
}

fn validator(key: es512::VerifyingKey) -> Validator {
    Validator::builder()
        .key(key)
        .issuer("https://auth.example")
        .audience("reports")
        .build()
        .unwrap()
}

fn claims() -> Claims {
    Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_subject("alice")
        .with_audience("reports")
        .valid_for(now() - Duration::minutes(1), Duration::minutes(10))
}

/// Flips one bit of the token's decoded signature at `index` and re-encodes it.
fn with_signature_bit_flipped(token: &str, index: usize) -> String {
    let (signing_input, signature) = token.rsplit_once('.').unwrap();
    let mut signature = b64(signature);
    signature[index] ^= 0x01;
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

#[test]
fn a4_vector_is_consistent() {
    let a4 = a4();
    let untrusted = UntrustedToken::parse(&a4.compact).unwrap();
    assert_eq!(untrusted.algorithm(), "ES512");
    assert_eq!(untrusted.signing_input(), a4.signing_input);
    assert_eq!(untrusted.signature(), hex(&a4.signature_hex).as_slice());
    assert_eq!(untrusted.signature().len(), es512::SIGNATURE_LEN);
    let payload = b64(a4.signing_input.split('.').nth(1).unwrap());
    assert_eq!(payload, a4.payload_utf8.as_bytes());
}

#[test]
fn a4_private_key_matches_its_public_key() {
    let a4 = a4();
    let (x, y) = a4_private_key().verifying_key().coordinates();
    assert_eq!(x, b64(&a4.jwk.x));
    assert_eq!(y, b64(&a4.jwk.y));
}

#[test]
fn a4_signature_verifies_with_the_custom_verifier() {
    let a4 = a4();
    let key = a4_public_key();
    let signature = hex(&a4.signature_hex);
    assert_eq!(Verifier::algorithm(&key), "ES512");
    assert!(key.verify(a4.signing_input.as_bytes(), &signature).is_ok());

    let mut other_input = a4.signing_input.clone().into_bytes();
    *other_input.last_mut().unwrap() ^= 0x01;
    assert!(matches!(
        key.verify(&other_input, &signature),
        Err(jwt_ring::InvalidSignature)
    ));
}

/// A.4's payload is the string "Payload", not a claims set. The validator checks the signature
/// before it reads the payload, so the token gets exactly as far as the payload's JSON: the
/// signature held. With one signature bit flipped it stops at the signature instead.
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

    let untrusted = UntrustedToken::parse(&a4.compact).unwrap();
    let result = validator.verify_untrusted_at::<NoCustomClaims>(&untrusted, now());
    assert!(
        matches!(
            result,
            Err(VerifyError::Malformed(Malformed::Json(Part::Payload)))
        ),
        "{result:?}"
    );

    for index in [0, 65, 66, es512::SIGNATURE_LEN - 1] {
        let tampered = with_signature_bit_flipped(&a4.compact, index);
        let result = validator.verify_at::<NoCustomClaims>(&tampered, now());
        assert!(
            matches!(result, Err(VerifyError::InvalidSignature)),
            "bit flipped in byte {index}: {result:?}"
        );
    }
}

#[test]
fn a4_key_signs_tokens_the_validator_accepts() {
    let token = encode(&Header::new(), &claims(), &a4_private_key()).unwrap();
    let verified = validator(a4_public_key())
        .verify_at::<NoCustomClaims>(&token, now())
        .unwrap();
    assert_eq!(verified.header().algorithm(), Some("ES512"));
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
}

#[test]
fn generated_key_round_trips_through_encode_and_validator() {
    let signing_key = es512::SigningKey::generate().unwrap().with_key_id("p521-1");
    assert_eq!(Signer::algorithm(&signing_key), "ES512");
    assert_eq!(Signer::key_id(&signing_key), Some("p521-1"));
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();

    let untrusted = UntrustedToken::parse(&token).unwrap();
    assert_eq!(untrusted.algorithm(), "ES512");
    assert_eq!(untrusted.header().kid(), Some("p521-1"));
    assert_eq!(untrusted.signature().len(), es512::SIGNATURE_LEN);

    let verified = validator(signing_key.verifying_key())
        .verify_at::<NoCustomClaims>(&token, now())
        .unwrap();
    assert_eq!(verified.header().kid(), Some("p521-1"));
    assert_eq!(
        verified.claims().registered.iss(),
        Some("https://auth.example")
    );
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
}

#[test]
fn tampered_signature_is_rejected() {
    let signing_key = es512::SigningKey::generate().unwrap();
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();
    let validator = validator(signing_key.verifying_key());
    assert!(validator.verify_at::<NoCustomClaims>(&token, now()).is_ok());

    // One bit in R, one in S.
    for index in [10, es512::COORDINATE_LEN + 10] {
        let tampered = with_signature_bit_flipped(&token, index);
        let result = validator.verify_at::<NoCustomClaims>(&tampered, now());
        assert!(
            matches!(result, Err(VerifyError::InvalidSignature)),
            "bit flipped in byte {index}: {result:?}"
        );
    }

    // The signature of one token on the claims of another.
    let other = encode(
        &Header::new(),
        &claims().with_subject("mallory"),
        &signing_key,
    )
    .unwrap();
    let (other_input, _) = other.rsplit_once('.').unwrap();
    let (_, signature) = token.rsplit_once('.').unwrap();
    let spliced = format!("{other_input}.{signature}");
    let result = validator.verify_at::<NoCustomClaims>(&spliced, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );

    // A valid signature from a different key.
    let stranger = es512::SigningKey::generate().unwrap();
    let forged = encode(&Header::new(), &claims(), &stranger).unwrap();
    let result = validator.verify_at::<NoCustomClaims>(&forged, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
}

#[test]
fn signatures_of_the_wrong_size_are_rejected() {
    let signing_key = es512::SigningKey::generate().unwrap();
    let key = signing_key.verifying_key();
    let signature = signing_key.sign(b"input").unwrap();
    assert_eq!(signature.len(), es512::SIGNATURE_LEN);
    assert!(key.verify(b"input", &signature).is_ok());

    let truncated = &signature[..es512::SIGNATURE_LEN - 1];
    let mut extended = signature.clone();
    extended.push(0);
    let all_zero = vec![0u8; es512::SIGNATURE_LEN];
    for bad in [truncated, extended.as_slice(), all_zero.as_slice(), &[]] {
        assert!(
            matches!(key.verify(b"input", bad), Err(jwt_ring::InvalidSignature)),
            "{} bytes",
            bad.len()
        );
    }
}

#[test]
fn token_claiming_another_algorithm_finds_no_key() {
    let signing_key = es512::SigningKey::generate().unwrap();
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();
    // Same header and payload bytes, but announcing ES384: no ES384 key is configured, so the
    // ES512 verifier is never asked.
    let (_, rest) = token.split_once('.').unwrap();
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES384","typ":"JWT"}"#);
    let relabelled = format!("{header}.{rest}");
    let result =
        validator(signing_key.verifying_key()).verify_at::<NoCustomClaims>(&relabelled, now());
    assert!(
        matches!(result, Err(VerifyError::NoMatchingKey)),
        "{result:?}"
    );
}

#[test]
fn claims_are_checked_after_the_custom_signature() {
    let signing_key = es512::SigningKey::generate().unwrap();
    let validator = validator(signing_key.verifying_key());
    let expired = Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_audience("reports")
        .valid_for(now() - Duration::hours(2), Duration::hours(1));
    let token = encode(&Header::new(), &expired, &signing_key).unwrap();
    let result = validator.verify_at::<NoCustomClaims>(&token, now());
    assert!(
        matches!(&result, Err(VerifyError::Claim(error))
            if *error.claim() == ClaimName::Exp && error.failure() == ClaimFailure::Expired),
        "{result:?}"
    );
}

#[test]
fn bad_keys_are_refused() {
    let a4 = a4();
    let (x, mut y) = (b64(&a4.jwk.x), b64(&a4.jwk.y));
    assert!(es512::VerifyingKey::from_coordinates(&x[1..], &y).is_err());
    assert!(es512::VerifyingKey::from_coordinates(&x, &[y.as_slice(), &[0]].concat()).is_err());
    y[65] ^= 0x01;
    let off_curve = es512::VerifyingKey::from_coordinates(&x, &y);
    assert!(
        matches!(&off_curve, Err(error) if error.to_string().contains("not on P-521")),
        "{off_curve:?}"
    );

    let d = b64(&a4.jwk.d);
    assert!(es512::SigningKey::from_scalar(&d[1..]).is_err());
    assert!(es512::SigningKey::from_scalar(&[0u8; es512::COORDINATE_LEN]).is_err());
    // 2^521 - 1 is above the group order n.
    let mut too_big = [0xffu8; es512::COORDINATE_LEN];
    too_big[0] = 0x01;
    assert!(es512::SigningKey::from_scalar(&too_big).is_err());
}

#[test]
fn debug_output_does_not_show_the_private_scalar() {
    let key = a4_private_key().with_key_id("rfc7515-a4");
    let debug = format!("{key:?}");
    assert!(debug.contains("rfc7515-a4"), "{debug}");
    let d = b64(&a4().jwk.d);
    let d_hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!debug.to_lowercase().contains(&d_hex[..16]), "{debug}");
    assert!(!debug.contains(&a4().jwk.d[..16]), "{debug}");
}

#[test]
fn key_ids_select_among_es512_keys() {
    let old = es512::SigningKey::generate().unwrap().with_key_id("old");
    let new = es512::SigningKey::generate().unwrap().with_key_id("new");
    // The relying party builds its keys from published coordinates and key ids.
    let public = |key: &es512::SigningKey, kid: &str| {
        let (x, y) = key.verifying_key().coordinates();
        es512::VerifyingKey::from_coordinates(&x, &y)
            .unwrap()
            .with_key_id(kid)
    };
    let validator = Validator::builder()
        .key(public(&old, "old"))
        .key(public(&new, "new"))
        .issuer("https://auth.example")
        .audience("reports")
        .build()
        .unwrap();
    for key in [&old, &new] {
        let token = encode(&Header::new(), &claims(), key).unwrap();
        let verified = validator
            .verify_at::<NoCustomClaims>(&token, now())
            .unwrap();
        assert_eq!(verified.header().kid(), Signer::key_id(key));
    }

    let unknown = encode(&Header::new().with_key_id("retired"), &claims(), &new).unwrap();
    let result = validator.verify_at::<NoCustomClaims>(&unknown, now());
    assert!(
        matches!(result, Err(VerifyError::NoMatchingKey)),
        "{result:?}"
    );

    // A token naming one key but signed by the other fails on its signature.
    let mislabelled = encode(&Header::new().with_key_id("old"), &claims(), &new).unwrap();
    let result = validator.verify_at::<NoCustomClaims>(&mislabelled, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
}

/// RFC 7520 §4.3 (ECDSA signature, ES512), verified with the §3.2 P-521 key's public
/// coordinates through the user-defined verifier.
#[test]
fn rfc7520_section_4_3_verifies_through_the_extension() {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("vectors/rfc/rfc7520_section4_jws.json")).unwrap();
    let vector = vectors["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|vector| vector["section"] == "4.3")
        .unwrap();
    assert_eq!(vector["alg"], "ES512");
    let jwk = &vector["public_jwk"];
    assert_eq!(jwk["crv"], "P-521");
    let coordinate = |name: &str| URL_SAFE_NO_PAD.decode(jwk[name].as_str().unwrap()).unwrap();
    let key = es512::VerifyingKey::from_coordinates(&coordinate("x"), &coordinate("y")).unwrap();
    let token = vector["compact"].as_str().unwrap();

    let untrusted = UntrustedToken::parse(token).unwrap();
    assert_eq!(untrusted.algorithm(), "ES512");
    assert_eq!(
        untrusted.header().kid(),
        Some("bilbo.baggins@hobbiton.example")
    );
    assert!(
        key.verify(untrusted.signing_input().as_bytes(), untrusted.signature())
            .is_ok()
    );
    let mut tampered = untrusted.signature().to_vec();
    tampered[70] ^= 1;
    assert!(
        key.verify(untrusted.signing_input().as_bytes(), &tampered)
            .is_err()
    );
    // Without aws-lc the crate's own JWK import has no P-521 key type: that is what the
    // extension is for. With it, the crate's own ES512 key verifies the same vector.
    let imported = jwt_ring::jwk::Jwk::from_json(&jwk.to_string());
    #[cfg(not(feature = "aws-lc"))]
    assert!(matches!(
        imported,
        Err(jwt_ring::jwk::JwkError::Unsupported)
    ));
    #[cfg(feature = "aws-lc")]
    {
        let own = imported.unwrap().verifier_for("ES512").unwrap();
        assert!(
            own.verify(untrusted.signing_input().as_bytes(), untrusted.signature())
                .is_ok()
        );
        assert!(
            own.verify(untrusted.signing_input().as_bytes(), &tampered)
                .is_err()
        );
    }
}
