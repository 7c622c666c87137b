//! Nested JWTs (RFC 7519 §5.2, §11.2): a JWS signed, then encrypted, accepted only by
//! `Decrypter::decrypt_and_verify_at`, which requires both layers. The attack tests are named
//! after the attack they stop.
//!
//! The outer layer is `dir` or `A256GCMKW` with AES-GCM and the inner one HS256, so every test
//! runs on both backends.

mod common;

use common::{at, b64, hs256_key, now, sign_raw};
use jwt_ring::jwe::{self, DecryptError, Decrypter, DecryptingKey, EncryptingKey, NestedError};
use jwt_ring::time::Duration;
use jwt_ring::{
    ClaimFailure, ClaimName, Claims, Header, Malformed, NoCustomClaims, Validator, VerifyError,
    encode, hmac,
};

const SECRET: [u8; 32] = [0x5a; 32];
const ISSUER: &str = "https://issuer.example";

fn encrypting_key() -> EncryptingKey {
    EncryptingKey::symmetric(&jwe::A256GCMKW, &SECRET).unwrap()
}

fn decrypter() -> Decrypter {
    Decrypter::builder()
        .key(DecryptingKey::symmetric(&jwe::A256GCMKW, &SECRET).unwrap())
        .build()
        .unwrap()
}

fn validator() -> Validator {
    Validator::builder()
        .key(hs256_key())
        .issuer(ISSUER)
        .build()
        .unwrap()
}

fn claims() -> Claims {
    Claims::registered_only()
        .with_issuer(ISSUER)
        .with_subject("alice")
        .valid_for(now(), Duration::minutes(5))
}

fn signed(claims: &Claims) -> String {
    encode(&Header::new(), claims, &hs256_key()).unwrap()
}

/// Encrypts `plaintext` with `cty`, when given.
fn encrypt(plaintext: &[u8], cty: Option<&str>) -> String {
    let header = match cty {
        Some(cty) => jwe::Header::new().with_content_type(cty),
        None => jwe::Header::new(),
    };
    jwe::encrypt(&header, plaintext, &encrypting_key(), &jwe::A256GCM).unwrap()
}

fn nested(claims: &Claims) -> String {
    encrypt(signed(claims).as_bytes(), Some("JWT"))
}

fn verify(token: &str) -> Result<jwt_ring::Token<NoCustomClaims>, NestedError> {
    decrypter().decrypt_and_verify_at(token, &validator(), now())
}

fn claim_error(
    result: Result<jwt_ring::Token<NoCustomClaims>, NestedError>,
) -> (String, ClaimFailure) {
    match result {
        Err(NestedError::Inner(VerifyError::Claim(error))) => {
            (error.claim().to_string(), error.failure())
        }
        other => panic!("expected an inner claim error, got {other:?}"),
    }
}

#[test]
fn signed_then_encrypted_round_trips() {
    let token = nested(&claims());
    let verified = verify(&token).unwrap();
    assert_eq!(verified.claims().registered.iss(), Some(ISSUER));
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
    assert_eq!(verified.header().algorithm(), Some("HS256"));
}

#[test]
fn round_trips_with_dir_and_the_system_clock() {
    let claims = Claims::registered_only().with_issuer(ISSUER).valid_for(
        jwt_ring::time::OffsetDateTime::now_utc(),
        Duration::minutes(5),
    );
    let key = EncryptingKey::symmetric(&jwe::DIR, &SECRET).unwrap();
    let token = jwe::encrypt(
        &jwe::Header::new().with_content_type("JWT"),
        signed(&claims).as_bytes(),
        &key,
        &jwe::A256GCM,
    )
    .unwrap();
    let decrypter = Decrypter::builder()
        .key(DecryptingKey::symmetric(&jwe::DIR, &SECRET).unwrap())
        .build()
        .unwrap();
    let verified = decrypter
        .decrypt_and_verify::<NoCustomClaims>(&token, &validator())
        .unwrap();
    assert_eq!(verified.claims().registered.iss(), Some(ISSUER));
}

/// RFC 7515 §4.1.10: `cty` is a media type, compared without regard to case, and
/// `application/` may be left out.
#[test]
fn cty_jwt_is_accepted_in_every_spelling() {
    for cty in ["JWT", "jwt", "Jwt", "application/jwt", "APPLICATION/JWT"] {
        let token = encrypt(signed(&claims()).as_bytes(), Some(cty));
        assert!(verify(&token).is_ok(), "{cty}");
    }
}

/// Without `cty: JWT` the plaintext is not declared a nested JWT (RFC 7519 §5.2): a token
/// encrypted for another purpose is not read as one, even when it holds a valid JWS.
#[test]
fn missing_or_other_cty_is_refused() {
    let inner = signed(&claims());
    for cty in [
        None,
        Some("text/plain"),
        Some("JOSE"),
        Some("application/jose"),
        Some("JWTX"),
        Some("application/jwt/x"),
        Some(""),
    ] {
        let token = encrypt(inner.as_bytes(), cty);
        assert!(
            matches!(verify(&token), Err(NestedError::NotNested)),
            "{cty:?}"
        );
    }
}

/// RFC 7519 §11.2 / RFC 8725bis: encryption alone does not authenticate the issuer (anyone
/// with the recipient's public key can encrypt), so a JWE whose plaintext is bare claims is
/// refused, whatever `cty` says.
#[test]
fn unsigned_inner_token_is_refused() {
    let claims_json = serde_json::to_vec(&claims()).unwrap();
    for plaintext in [
        claims_json.as_slice(),
        b"{}".as_slice(),
        b"",
        b"not.a.jws with spaces",
        &[0xff, 0xfe, b'.', b'.'],
        b"a.b",
        b"a.b.c.d",
    ] {
        let token = encrypt(plaintext, Some("JWT"));
        assert!(
            matches!(verify(&token), Err(NestedError::UnsignedInner)),
            "{:?}",
            String::from_utf8_lossy(plaintext)
        );
    }
}

/// One layer of encryption is decrypted, never more: no recursion for an attacker to drive.
#[test]
fn jwe_inside_jwe_is_refused() {
    let inner = nested(&claims());
    let token = encrypt(inner.as_bytes(), Some("JWT"));
    assert!(matches!(verify(&token), Err(NestedError::InnerJwe)));
}

/// The inner `alg: none` is refused by the validator, as it is for a plain token.
#[test]
fn unsigned_alg_none_inner_jws_is_refused() {
    let payload = serde_json::to_vec(&claims()).unwrap();
    for alg in ["none", "None", "NONE"] {
        let header = format!(r#"{{"alg":"{alg}"}}"#);
        for signature in ["", "c2ln"] {
            let inner = format!("{}.{}.{signature}", b64(header.as_bytes()), b64(&payload));
            let token = encrypt(inner.as_bytes(), Some("JWT"));
            assert!(
                matches!(verify(&token), Err(NestedError::Inner(_))),
                "{alg} {signature:?}"
            );
        }
    }
}

#[test]
fn inner_signature_by_another_key_is_refused() {
    let other = hmac::Key::new(&hmac::HS256, &[0x11; 32]).unwrap();
    let inner = encode(&Header::new(), &claims(), &other).unwrap();
    let token = encrypt(inner.as_bytes(), Some("JWT"));
    assert!(matches!(
        verify(&token),
        Err(NestedError::Inner(VerifyError::InvalidSignature))
    ));
}

#[test]
fn inner_altered_payload_is_refused() {
    let inner = signed(&claims());
    let mut parts: Vec<&str> = inner.split('.').collect();
    let forged = b64(br#"{"iss":"https://issuer.example","sub":"mallory","exp":1999999999}"#);
    parts[1] = &forged;
    let token = encrypt(parts.join(".").as_bytes(), Some("JWT"));
    assert!(matches!(
        verify(&token),
        Err(NestedError::Inner(VerifyError::InvalidSignature))
    ));
}

#[test]
fn inner_expired_token_is_refused() {
    let claims = Claims::registered_only()
        .with_issuer(ISSUER)
        .valid_for(at(common::NOW - 3600), Duration::minutes(5));
    let (claim, failure) = claim_error(verify(&nested(&claims)));
    assert_eq!(claim, ClaimName::Exp.to_string());
    assert_eq!(failure, ClaimFailure::Expired);
}

#[test]
fn inner_wrong_issuer_is_refused() {
    let claims = Claims::registered_only()
        .with_issuer("https://attacker.example")
        .valid_for(now(), Duration::minutes(5));
    let (claim, failure) = claim_error(verify(&nested(&claims)));
    assert_eq!(claim, ClaimName::Iss.to_string());
    assert_eq!(failure, ClaimFailure::NotAccepted);
}

/// Every alteration of the outer layer is the one decryption error, as from `decrypt`: the
/// nested call adds no oracle.
#[test]
fn outer_tamper_is_the_uniform_decryption_error() {
    let token = nested(&claims());
    let segments: Vec<&str> = token.split('.').collect();
    for index in 1..5 {
        let mut altered: Vec<String> = segments.iter().map(|s| s.to_string()).collect();
        let bytes = common::unb64(&altered[index]);
        let mut bytes = bytes.clone();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        altered[index] = b64(&bytes);
        let result = verify(&altered.join("."));
        assert!(
            matches!(result, Err(NestedError::Outer(DecryptError::Decryption))),
            "segment {index}: {result:?}"
        );
    }
    let wrong_key = Decrypter::builder()
        .key(DecryptingKey::symmetric(&jwe::A256GCMKW, &[0x11; 32]).unwrap())
        .build()
        .unwrap();
    assert!(matches!(
        wrong_key.decrypt_and_verify_at::<NoCustomClaims>(&token, &validator(), now()),
        Err(NestedError::Outer(DecryptError::Decryption))
    ));
}

/// A signed token without the encryption layer is named, not verified: a caller that asked
/// for a nested JWT gets one or nothing.
#[test]
fn plain_jws_given_to_the_nested_call_is_refused() {
    let plain = signed(&claims());
    assert!(
        validator()
            .verify_at::<NoCustomClaims>(&plain, now())
            .is_ok()
    );
    assert!(matches!(verify(&plain), Err(NestedError::NotEncrypted)));
}

/// The validator refuses a JWE by name, so a nested token cannot skip its signature check by
/// being handed to `verify` either.
#[test]
fn nested_token_given_to_verify_is_refused() {
    let token = nested(&claims());
    assert!(matches!(
        validator().verify_at::<NoCustomClaims>(&token, now()),
        Err(VerifyError::Malformed(Malformed::Jwe))
    ));
}

#[test]
fn errors_name_the_layer() {
    assert!(
        NestedError::Outer(DecryptError::Decryption)
            .to_string()
            .contains("outer")
    );
    assert!(
        NestedError::Inner(VerifyError::InvalidSignature)
            .to_string()
            .contains("inner")
    );
    let raw = sign_raw(br#"{"alg":"HS256"}"#, b"[]", &hs256_key());
    let token = encrypt(raw.as_bytes(), Some("JWT"));
    let error = verify(&token).unwrap_err();
    assert!(matches!(error, NestedError::Inner(_)), "{error:?}");
    assert!(!format!("{error:?} {error}").contains(&raw));
}
