//! The MUST rules of the JWT BCP update (draft-ietf-oauth-rfc8725bis, which obsoletes
//! RFC 8725), one test each, as the README's security section maps them. Section numbers are the
//! draft's (-10). Rules that concern JWE only (the `p2c` cap of §3.13, decompression bombs of
//! §2.12) are held in `tests/jwe.rs`: the JWE decrypter refuses `PBES2-*` and `zip` outright, and
//! a validator refuses every JWE (`jws_and_jwe_are_told_apart`).

mod common;

use common::{b64, hs256_key, now, segments};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenError, AccessTokenValidator};
use jwt_ring::time::Duration;
use jwt_ring::{
    ClaimName, Claims, Header, HeaderError, Malformed, NoCustomClaims, Validator, VerifyError,
    ecdsa, encode, hmac,
};
use serde_json::json;

fn token() -> String {
    let claims = Claims::registered_only()
        .with_issuer("https://as.example")
        .valid_for(now(), Duration::minutes(5));
    encode(&Header::new(), &claims, &hs256_key()).unwrap()
}

fn validator() -> Validator {
    Validator::builder().key(hs256_key()).build().unwrap()
}

fn verify(validator: &Validator, token: &str) -> Result<(), VerifyError> {
    validator
        .verify_at::<NoCustomClaims>(token, now())
        .map(drop)
}

/// §3.14: content with any character besides base64url and `.` (braces, quotes, whitespace,
/// padding, the base64 alphabet) is not a JWT and is rejected; so is the JSON serialization
/// (§2.13: a JSON JWS can carry a payload the compact form does not sign).
#[test]
fn content_outside_base64url_and_dots_is_rejected() {
    let good = token();
    assert!(verify(&validator(), &good).is_ok());
    let [header, payload, signature] = [0, 1, 2].map(|i| segments(&good)[i].clone());
    let json_serialization = json!({
        "protected": header, "payload": payload, "signature": signature,
    })
    .to_string();
    let mut cases = vec![
        json_serialization,
        format!("{{{good}}}"),
        format!("\"{good}\""),
    ];
    for inserted in [" ", "\n", "\t", "=", "+", "/", "\0", "{", "\"", "\\"] {
        cases.push(format!("{header}{inserted}.{payload}.{signature}"));
        cases.push(format!("{header}.{payload}.{signature}{inserted}"));
    }
    for bad in cases {
        let result = verify(&validator(), &bad);
        assert!(
            matches!(result, Err(VerifyError::Malformed(_))),
            "{bad:?}: {result:?}"
        );
    }
}

/// §3.1: the algorithms in use are an allowlist, never a blocklist: a key verifies the one
/// algorithm it is bound to, at the moment of use, whatever the token's `alg` says, so no
/// spelling of `none` (§2.11: `noNE` bypassed a blocklist) and no other algorithm reaches a key.
#[test]
fn one_algorithm_per_key_is_checked_at_use() {
    let key = hs256_key();
    let claims = json!({ "exp": common::NOW + 60 });
    for alg in [
        "none", "None", "NONE", "noNE", "HS384", "hs256", " HS256", "HS256 ", "RS256", "",
    ] {
        let header = b64(json!({ "alg": alg }).to_string().as_bytes());
        let body = b64(claims.to_string().as_bytes());
        let signature = hmac::Key::new(&hmac::HS256, common::HS256_SECRET)
            .map(|k| jwt_ring::Signer::sign(&k, format!("{header}.{body}").as_bytes()).unwrap())
            .unwrap();
        let forged = format!("{header}.{body}.{}", b64(&signature));
        let result = verify(&validator(), &forged);
        assert!(
            matches!(
                result,
                Err(VerifyError::NoMatchingKey
                    | VerifyError::Header(
                        HeaderError::AlgorithmNone
                            | HeaderError::MissingAlgorithm
                            | HeaderError::InvalidMember(_)
                    ))
            ),
            "{alg:?}: {result:?}"
        );
    }
    // A validator's own allowlist narrows what its keys may verify.
    let narrowed = Validator::builder().key(key).algorithms(["HS512"]).build();
    assert!(matches!(
        verify(&narrowed.unwrap(), &token()),
        Err(VerifyError::AlgorithmNotAllowed)
    ));
}

/// JWS and JWE are told apart: a five-segment token is named a JWE and refused before any key
/// is looked at, so no encrypted token is ever taken for a signed one.
#[test]
fn jws_and_jwe_are_told_apart() {
    let jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d";
    assert!(matches!(
        verify(&validator(), jwe),
        Err(VerifyError::Malformed(Malformed::Jwe))
    ));
    for dots in ["a.b", "a.b.c.d", "a.b.c.d.e.f"] {
        assert!(matches!(
            verify(&validator(), dots),
            Err(VerifyError::Malformed(Malformed::SegmentCount))
        ));
    }
}

/// §3.11: a `typ` without `/` is compared as if it had the `application/` prefix, ignoring
/// case; one with another `/` is another media type.
#[test]
fn typ_without_a_slash_is_compared_with_the_application_prefix() {
    let key = hs256_key();
    let validator = Validator::builder()
        .key(key.clone())
        .typ("at+jwt")
        .build()
        .unwrap();
    let claims = Claims::registered_only().valid_for(now(), Duration::minutes(5));
    for (typ, accepted) in [
        ("at+jwt", true),
        ("AT+JWT", true),
        ("application/at+jwt", true),
        ("Application/At+Jwt", true),
        ("jwt", false),
        ("text/at+jwt", false),
        ("application/x/at+jwt", false),
        ("application/", false),
    ] {
        let token = encode(&Header::new().with_typ(typ), &claims, &key).unwrap();
        assert_eq!(verify(&validator, &token).is_ok(), accepted, "{typ}");
    }
    // Configured with the prefix, the same tokens pass.
    let prefixed = Validator::builder()
        .key(key.clone())
        .typ("application/at+jwt")
        .build()
        .unwrap();
    let token = encode(&Header::new().with_typ("at+jwt"), &claims, &key).unwrap();
    assert!(verify(&prefixed, &token).is_ok());
}

/// The issuer is bound to its keys: a token that names one issuer and is signed by another's
/// key is refused, and a validator pinned to an issuer takes no other issuer's token signed by
/// a key it trusts. (Remote keys are pinned to the discovered issuer the same way.)
#[test]
fn issuer_to_keys_binding() {
    let (issuer_a, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let (issuer_b, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let access = |iss: &str, key: &ecdsa::SigningKey| {
        let claims = Claims::new(AccessTokenClaims::new("c", NoCustomClaims {}))
            .with_issuer(iss)
            .with_audience("https://api.example")
            .with_subject("alice")
            .with_issued_at(now().into())
            .with_jwt_id("j")
            .valid_for(now(), Duration::minutes(5));
        encode(&Header::new().with_typ("at+jwt"), &claims, key).unwrap()
    };
    let validator = AccessTokenValidator::builder("https://a.example", "https://api.example")
        .key(issuer_a.verifying_key())
        .build()
        .unwrap();
    assert!(
        validator
            .verify_at::<NoCustomClaims>(&access("https://a.example", &issuer_a), now())
            .is_ok()
    );
    // B's key claiming to be A: the signature is not A's.
    assert!(matches!(
        validator.verify_at::<NoCustomClaims>(&access("https://a.example", &issuer_b), now()),
        Err(AccessTokenError::Verify(VerifyError::InvalidSignature))
    ));
    // A's key signing for B: the issuer is not A.
    match validator.verify_at::<NoCustomClaims>(&access("https://b.example", &issuer_a), now()) {
        Err(AccessTokenError::Verify(VerifyError::Claim(error))) => {
            assert_eq!(error.claim(), &ClaimName::Iss);
        }
        other => panic!("{other:?}"),
    }
}

/// §3.10: claim values are attacker input: a registered claim of the wrong type is an error,
/// never "absent", and the caller's own claims are typed.
#[test]
fn claims_are_attacker_input() {
    let key = hs256_key();
    let validator = Validator::builder()
        .key(key.clone())
        .issuer("https://as.example")
        .build()
        .unwrap();
    for claims in [
        json!({ "exp": common::NOW + 60, "iss": ["https://as.example"] }),
        json!({ "exp": common::NOW + 60, "iss": 7 }),
        json!({ "exp": "tomorrow", "iss": "https://as.example" }),
        json!({ "exp": common::NOW + 60, "iss": "https://as.example", "aud": { "a": 1 } }),
    ] {
        let token = encode(&Header::new(), &claims, &key).unwrap();
        let result = verify(&validator, &token);
        assert!(
            matches!(result, Err(VerifyError::Claim(_) | VerifyError::ClaimsType)),
            "{claims}: {result:?}"
        );
    }
}
