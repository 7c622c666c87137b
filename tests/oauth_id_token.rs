//! OpenID Connect ID tokens: OIDC Core §3.1.3.7 and the hash checks of §3.2.2.11 / §3.3.2.11.

mod common;

use common::{NOW, at, now, sign_raw, table};
use jwt_ring::oauth::id_token::left_half_hash;
use jwt_ring::oauth::{IdTokenClaims, IdTokenError, IdTokenExpectations, IdTokenValidator};
use jwt_ring::time::Duration;
use jwt_ring::{ClaimFailure, ClaimName, Malformed, NoCustomClaims, VerifyError, jwe};
use serde_json::{Value, json};

const ISS: &str = "https://op.example";
const CLIENT: &str = "client-1";
const AT: &str = "an access token";
const CODE: &str = "an authorization code";

fn payload(alg: &str) -> Value {
    json!({
        "iss": ISS, "aud": CLIENT, "sub": "alice", "iat": NOW, "exp": NOW + 300,
        "nonce": "n-1", "auth_time": NOW - 120, "acr": "silver",
        "at_hash": left_half_hash(alg, AT), "c_hash": left_half_hash(alg, CODE),
    })
}

fn sign(entry: &common::Entry, header: &Value, payload: &Value) -> String {
    sign_raw(
        header.to_string().as_bytes(),
        payload.to_string().as_bytes(),
        &*entry.signer,
    )
}

fn validator(entry: &common::Entry) -> IdTokenValidator {
    IdTokenValidator::builder(ISS, CLIENT)
        .key(entry.verifier.clone())
        .build()
        .unwrap()
}

fn full() -> IdTokenExpectations<'static> {
    IdTokenExpectations::new()
        .nonce("n-1")
        .max_age(Duration::minutes(5))
        .acr_values(["gold", "silver"])
        .access_token(AT)
        .require_access_token_hash()
        .code(CODE)
        .require_code_hash()
}

fn es256() -> common::Entry {
    table().into_iter().find(|e| e.alg == "ES256").unwrap()
}

fn check(payload: &Value, expected: &IdTokenExpectations<'_>) -> Result<(), IdTokenError> {
    let entry = es256();
    let token = sign(&entry, &json!({"alg": "ES256", "typ": "JWT"}), payload);
    validator(&entry)
        .verify_at::<NoCustomClaims>(&token, expected, now())
        .map(|_| ())
}

#[test]
fn every_algorithm_with_every_check() {
    for entry in table() {
        let token = sign(&entry, &json!({"alg": entry.alg}), &payload(entry.alg));
        let verified = validator(&entry)
            .verify_at::<NoCustomClaims>(&token, &full(), now())
            .unwrap_or_else(|e| panic!("{}: {e:?}", entry.alg));
        let claims: &IdTokenClaims = &verified.claims().custom;
        assert_eq!(claims.nonce.as_deref(), Some("n-1"));
        // The hash of another algorithm family does not match.
        let other = if entry.alg.ends_with("256") {
            "RS512"
        } else {
            "RS256"
        };
        let mut p = payload(entry.alg);
        p["at_hash"] = json!(left_half_hash(other, AT));
        let token = sign(&entry, &json!({"alg": entry.alg}), &p);
        assert!(
            matches!(
                validator(&entry).verify_at::<NoCustomClaims>(&token, &full(), now()),
                Err(IdTokenError::AccessTokenHashMismatch)
            ),
            "{}",
            entry.alg
        );
    }
}

#[test]
fn registered_claims_are_enforced() {
    for name in ["iss", "aud", "sub", "iat", "exp"] {
        let mut p = payload("ES256");
        p.as_object_mut().unwrap().remove(name);
        match check(&p, &IdTokenExpectations::new()) {
            Err(IdTokenError::Verify(VerifyError::Claim(e))) => {
                assert_eq!(e.claim(), &ClaimName::new(name));
                assert_eq!(e.failure(), ClaimFailure::Missing);
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    for (name, value) in [
        ("iss", json!("https://evil.example")),
        ("aud", json!("other")),
    ] {
        let mut p = payload("ES256");
        p[name] = value;
        assert!(matches!(
            check(&p, &IdTokenExpectations::new()),
            Err(IdTokenError::Verify(VerifyError::Claim(_)))
        ));
    }
}

#[test]
fn azp_rules() {
    for (aud, azp, expected) in [
        (json!(CLIENT), None, Ok(())),
        (json!([CLIENT]), None, Ok(())),
        (json!(CLIENT), Some(CLIENT), Ok(())),
        (json!([CLIENT, "other"]), Some(CLIENT), Ok(())),
        (json!([CLIENT, "other"]), None, Err("missing")),
        (json!([CLIENT, "other"]), Some("other"), Err("mismatch")),
        (json!(CLIENT), Some("other"), Err("mismatch")),
    ] {
        let mut p = payload("ES256");
        p["aud"] = aud.clone();
        if let Some(azp) = azp {
            p["azp"] = json!(azp);
        }
        let result = check(&p, &IdTokenExpectations::new());
        match expected {
            Ok(()) => assert!(result.is_ok(), "{aud} {azp:?}: {result:?}"),
            Err("missing") => assert!(
                matches!(result, Err(IdTokenError::MissingAuthorizedParty)),
                "{aud}"
            ),
            Err(_) => assert!(
                matches!(result, Err(IdTokenError::AuthorizedPartyMismatch)),
                "{aud} {azp:?}"
            ),
        }
    }
}

#[test]
fn nonce_rules() {
    let expected = IdTokenExpectations::new().nonce("n-1");
    assert!(check(&payload("ES256"), &expected).is_ok());
    let mut p = payload("ES256");
    p["nonce"] = json!("n-2");
    assert!(matches!(
        check(&p, &expected),
        Err(IdTokenError::NonceMismatch)
    ));
    assert!(check(&p, &IdTokenExpectations::new()).is_ok());
    p.as_object_mut().unwrap().remove("nonce");
    assert!(matches!(
        check(&p, &expected),
        Err(IdTokenError::NonceMissing)
    ));
    p["nonce"] = json!(1);
    assert!(matches!(
        check(&p, &expected),
        Err(IdTokenError::Verify(VerifyError::ClaimsType))
    ));
}

#[test]
fn max_age_rules() {
    let entry = es256();
    let token = sign(&entry, &json!({"alg": "ES256"}), &payload("ES256"));
    // auth_time is NOW - 120.
    let two = IdTokenExpectations::new().max_age(Duration::seconds(120));
    let v = validator(&entry);
    assert!(v.verify_at::<NoCustomClaims>(&token, &two, now()).is_ok());
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&token, &two, at(NOW + 1)),
        Err(IdTokenError::AuthenticationTooOld)
    ));
    let lenient = IdTokenValidator::builder(ISS, CLIENT)
        .key(entry.verifier.clone())
        .leeway(Duration::seconds(5))
        .build()
        .unwrap();
    assert!(
        lenient
            .verify_at::<NoCustomClaims>(&token, &two, at(NOW + 5))
            .is_ok()
    );
    assert!(matches!(
        lenient.verify_at::<NoCustomClaims>(&token, &two, at(NOW + 6)),
        Err(IdTokenError::AuthenticationTooOld)
    ));
    let mut p = payload("ES256");
    p.as_object_mut().unwrap().remove("auth_time");
    assert!(matches!(
        check(&p, &two),
        Err(IdTokenError::AuthTimeMissing)
    ));
    assert!(check(&p, &IdTokenExpectations::new()).is_ok());
}

#[test]
fn acr_rules() {
    let wanted = IdTokenExpectations::new().acr_values(["gold", "silver"]);
    assert!(check(&payload("ES256"), &wanted).is_ok());
    let gold = IdTokenExpectations::new().acr_values(["gold"]);
    assert!(matches!(
        check(&payload("ES256"), &gold),
        Err(IdTokenError::AcrNotAccepted)
    ));
    let mut p = payload("ES256");
    p.as_object_mut().unwrap().remove("acr");
    assert!(matches!(check(&p, &wanted), Err(IdTokenError::AcrMissing)));
    assert!(check(&p, &IdTokenExpectations::new()).is_ok());
}

#[test]
fn hash_rules() {
    let at_only = IdTokenExpectations::new().access_token(AT);
    let code_only = IdTokenExpectations::new().code(CODE);
    assert!(check(&payload("ES256"), &at_only).is_ok());
    assert!(check(&payload("ES256"), &code_only).is_ok());
    let wrong_at = IdTokenExpectations::new().access_token("another token");
    assert!(matches!(
        check(&payload("ES256"), &wrong_at),
        Err(IdTokenError::AccessTokenHashMismatch)
    ));
    let wrong_code = IdTokenExpectations::new().code("another code");
    assert!(matches!(
        check(&payload("ES256"), &wrong_code),
        Err(IdTokenError::CodeHashMismatch)
    ));
    let mut p = payload("ES256");
    p.as_object_mut().unwrap().remove("at_hash");
    p.as_object_mut().unwrap().remove("c_hash");
    // Absent hashes are accepted unless required.
    assert!(check(&p, &at_only).is_ok());
    assert!(check(&p, &code_only).is_ok());
    assert!(matches!(
        check(&p, &at_only.clone().require_access_token_hash()),
        Err(IdTokenError::AccessTokenHashMissing)
    ));
    assert!(matches!(
        check(&p, &code_only.clone().require_code_hash()),
        Err(IdTokenError::CodeHashMissing)
    ));
    // Required hashes without a value to compare to are not checked.
    assert!(check(&p, &IdTokenExpectations::new().require_access_token_hash()).is_ok());
}

#[test]
fn an_access_token_is_not_an_id_token() {
    let entry = es256();
    for typ in ["at+jwt", "application/at+jwt"] {
        let token = sign(
            &entry,
            &json!({"alg": "ES256", "typ": typ}),
            &payload("ES256"),
        );
        assert!(matches!(
            validator(&entry).verify_at::<NoCustomClaims>(&token, &full(), now()),
            Err(IdTokenError::AccessTokenType)
        ));
    }
}

#[test]
fn the_signature_comes_first() {
    let entry = es256();
    let other = table().into_iter().find(|e| e.alg == "ES384").unwrap();
    let mut p = payload("ES256");
    p["nonce"] = json!("wrong");
    let token = sign(&other, &json!({"alg": "ES256"}), &p);
    assert!(matches!(
        validator(&entry).verify_at::<NoCustomClaims>(&token, &full(), now()),
        Err(IdTokenError::Verify(_))
    ));
}

/// The attack: an ID token whose `auth_time` is far in the future (`9223372036854775807`, read
/// as 9999-12-31) panicked the verifier when `max_age` was requested, since `auth_time +
/// max_age + leeway` overflowed. Now the sum saturates: such an authentication is simply recent.
#[test]
fn far_future_auth_time_with_max_age_does_not_panic() {
    let entry = es256();
    let lenient = || {
        IdTokenValidator::builder(ISS, CLIENT)
            .key(entry.verifier.clone())
            .leeway(Duration::MAX)
            .build()
            .unwrap()
    };
    for auth_time in [json!(i64::MAX), json!(1e300), json!(253_402_300_799_i64)] {
        let mut p = payload("ES256");
        p["auth_time"] = auth_time.clone();
        let token = sign(&entry, &json!({"alg": "ES256"}), &p);
        for max_age in [Duration::seconds(1), Duration::MAX] {
            let expected = IdTokenExpectations::new().max_age(max_age);
            for v in [validator(&entry), lenient()] {
                let result = v.verify_at::<NoCustomClaims>(&token, &expected, now());
                assert!(result.is_ok(), "{auth_time}: {result:?}");
            }
        }
    }
    // The most negative dates are long past whatever the allowance, unless it is unbounded.
    let mut p = payload("ES256");
    p["auth_time"] = json!(i64::MIN);
    let token = sign(&entry, &json!({"alg": "ES256"}), &p);
    let expected = IdTokenExpectations::new().max_age(Duration::days(365));
    assert!(matches!(
        validator(&entry).verify_at::<NoCustomClaims>(&token, &expected, now()),
        Err(IdTokenError::AuthenticationTooOld)
    ));
}

// Encrypted ID tokens (OIDC Core §10.2): signed, then encrypted to the client. The outer layer
// is A256GCMKW with AES-GCM here, so these run on both backends; RSA-OAEP-256 and ECDH-ES are
// below, with the aws-lc feature, and against a real provider in jwt-ring-http's tests.

const CLIENT_KEY: [u8; 32] = [0x3c; 32];

fn decrypter_with(secret: &[u8; 32]) -> jwe::Decrypter {
    jwe::Decrypter::builder()
        .key(jwe::DecryptingKey::symmetric(&jwe::A256GCMKW, secret).unwrap())
        .build()
        .unwrap()
}

fn encrypting_validator(entry: &common::Entry, decrypter: jwe::Decrypter) -> IdTokenValidator {
    IdTokenValidator::builder(ISS, CLIENT)
        .key(entry.verifier.clone())
        .decrypter(decrypter)
        .build()
        .unwrap()
}

/// `signed` encrypted to the client with A256GCMKW/A256GCM, with `cty` when given.
fn encrypt_to_client(signed: &str, cty: Option<&str>) -> String {
    let header = match cty {
        Some(cty) => jwe::Header::new().with_content_type(cty),
        None => jwe::Header::new(),
    };
    let key = jwe::EncryptingKey::symmetric(&jwe::A256GCMKW, &CLIENT_KEY).unwrap();
    jwe::encrypt(&header, signed.as_bytes(), &key, &jwe::A256GCM).unwrap()
}

/// An ES256 ID token with `payload`, signed and then encrypted with `cty: JWT`.
fn encrypted(payload: &Value) -> String {
    let signed = sign(&es256(), &json!({"alg": "ES256", "typ": "JWT"}), payload);
    encrypt_to_client(&signed, Some("JWT"))
}

#[test]
fn encrypted_id_token_is_decrypted_then_checked() {
    let entry = es256();
    let token = encrypted(&payload("ES256"));
    assert_eq!(token.split('.').count(), 5);
    let verified = encrypting_validator(&entry, decrypter_with(&CLIENT_KEY))
        .verify_at::<NoCustomClaims>(&token, &full(), now())
        .unwrap();
    // The inner JWS's header: at_hash and c_hash were computed with its ES256.
    assert_eq!(verified.header().algorithm(), Some("ES256"));
    assert_eq!(verified.claims().custom.nonce.as_deref(), Some("n-1"));
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
}

#[test]
fn unencrypted_id_token_is_refused_when_encryption_is_registered() {
    let entry = es256();
    let signed = sign(&entry, &json!({"alg": "ES256"}), &payload("ES256"));
    // Valid as a signed ID token ...
    assert!(
        validator(&entry)
            .verify_at::<NoCustomClaims>(&signed, &full(), now())
            .is_ok()
    );
    // ... but a client that registered encryption accepts only encrypted ones.
    let result = encrypting_validator(&entry, decrypter_with(&CLIENT_KEY))
        .verify_at::<NoCustomClaims>(&signed, &full(), now());
    assert!(
        matches!(
            result,
            Err(IdTokenError::Decrypt(jwe::NestedError::NotEncrypted))
        ),
        "{result:?}"
    );
}

#[test]
fn encrypted_id_token_is_refused_without_a_decrypter() {
    let entry = es256();
    let result = validator(&entry).verify_at::<NoCustomClaims>(
        &encrypted(&payload("ES256")),
        &full(),
        now(),
    );
    assert!(
        matches!(
            result,
            Err(IdTokenError::Verify(VerifyError::Malformed(Malformed::Jwe)))
        ),
        "{result:?}"
    );
}

#[test]
fn encrypted_id_token_for_another_key_is_refused() {
    let entry = es256();
    let result = encrypting_validator(&entry, decrypter_with(&[0x3d; 32]))
        .verify_at::<NoCustomClaims>(&encrypted(&payload("ES256")), &full(), now());
    assert!(
        matches!(
            result,
            Err(IdTokenError::Decrypt(jwe::NestedError::Outer(
                jwe::DecryptError::Decryption
            )))
        ),
        "{result:?}"
    );
}

#[test]
fn id_token_rules_still_apply_after_decryption() {
    let entry = es256();
    let v = encrypting_validator(&entry, decrypter_with(&CLIENT_KEY));
    let token = encrypted(&payload("ES256"));
    let other_nonce = IdTokenExpectations::new().nonce("n-2");
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&token, &other_nonce, now()),
        Err(IdTokenError::NonceMismatch)
    ));
    let other_access_token = IdTokenExpectations::new().access_token("another token");
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&token, &other_access_token, now()),
        Err(IdTokenError::AccessTokenHashMismatch)
    ));
    // Registered claims of the inner token, and its signature, fail as for a plain ID token.
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&token, &full(), at(NOW + 301)),
        Err(IdTokenError::Verify(VerifyError::Claim(_)))
    ));
    let mut p = payload("ES256");
    p["aud"] = json!("another-client");
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&encrypted(&p), &full(), now()),
        Err(IdTokenError::Verify(VerifyError::Claim(_)))
    ));
    let es384 = table().into_iter().find(|e| e.alg == "ES384").unwrap();
    let forged = sign(&es384, &json!({"alg": "ES256"}), &payload("ES256"));
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&encrypt_to_client(&forged, Some("JWT")), &full(), now()),
        Err(IdTokenError::Verify(VerifyError::InvalidSignature))
    ));
}

#[test]
fn encrypted_id_token_without_cty_jwt_is_refused() {
    let entry = es256();
    let v = encrypting_validator(&entry, decrypter_with(&CLIENT_KEY));
    let signed = sign(&entry, &json!({"alg": "ES256"}), &payload("ES256"));
    for cty in [None, Some("json"), Some("application/json")] {
        let result =
            v.verify_at::<NoCustomClaims>(&encrypt_to_client(&signed, cty), &full(), now());
        assert!(
            matches!(
                result,
                Err(IdTokenError::Decrypt(jwe::NestedError::NotNested))
            ),
            "{cty:?}: {result:?}"
        );
    }
    // `application/jwt` names a JWT too (RFC 7515 §4.1.10).
    assert!(
        v.verify_at::<NoCustomClaims>(
            &encrypt_to_client(&signed, Some("application/jwt")),
            &full(),
            now()
        )
        .is_ok()
    );
}

#[test]
fn encrypted_claims_without_a_signature_are_refused() {
    let entry = es256();
    let v = encrypting_validator(&entry, decrypter_with(&CLIENT_KEY));
    // Bare claims JSON, then a JWE inside the JWE.
    let bare = encrypt_to_client(&payload("ES256").to_string(), Some("JWT"));
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&bare, &full(), now()),
        Err(IdTokenError::Decrypt(jwe::NestedError::UnsignedInner))
    ));
    let twice = encrypt_to_client(&encrypted(&payload("ES256")), Some("JWT"));
    assert!(matches!(
        v.verify_at::<NoCustomClaims>(&twice, &full(), now()),
        Err(IdTokenError::Decrypt(jwe::NestedError::InnerJwe))
    ));
}

#[test]
fn decryption_errors_name_the_layer_and_hide_the_token() {
    let entry = es256();
    let v = encrypting_validator(&entry, decrypter_with(&[0x3d; 32]));
    let token = encrypted(&payload("ES256"));
    let error = v
        .verify_at::<NoCustomClaims>(&token, &full(), now())
        .unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("encrypted id token"), "{text}");
    assert!(std::error::Error::source(&error).is_some());
    for segment in token.split('.') {
        assert!(!text.contains(segment), "{text}");
    }
    // The validator's Debug shows the decrypter but not its key (0x3d bytes).
    let debug = format!("{v:?}");
    assert!(debug.contains("decrypter"), "{debug}");
    assert!(!debug.contains("61, 61"), "{debug}");
}

/// The key-management algorithms providers use for ID tokens: RSA-OAEP-256 and ECDH-ES, here
/// with A256GCM and with AES-CBC-HMAC (oidc-provider's default `enc`, `A128CBC-HS256`).
#[cfg(feature = "aws-lc")]
#[test]
fn rsa_oaep_256_and_ecdh_es_id_tokens() {
    use jwt_ring::Backend;

    fn rsa() -> jwe::DecryptingKey {
        jwe::DecryptingKey::rsa_oaep_generate(&jwe::RSA_OAEP_256, 2048)
            .unwrap()
            .0
    }
    fn ecdh() -> jwe::DecryptingKey {
        let algorithm = jwe::ECDH_ES.on(Backend::AwsLc).unwrap();
        jwe::DecryptingKey::ecdh_generate(algorithm, jwe::Curve::P256).unwrap()
    }

    let entry = es256();
    let signed = sign(&entry, &json!({"alg": "ES256"}), &payload("ES256"));
    let validator_for =
        |key| encrypting_validator(&entry, jwe::Decrypter::builder().key(key).build().unwrap());
    let cases: [(fn() -> jwe::DecryptingKey, _); 2] =
        [(rsa, &jwe::A256GCM), (ecdh, &jwe::A128CBC_HS256)];
    for (make, enc) in cases {
        let key = make();
        let name = key.algorithm().name();
        let token = jwe::encrypt(
            &jwe::Header::new().with_content_type("JWT"),
            signed.as_bytes(),
            &key.encrypting_key().unwrap(),
            enc,
        )
        .unwrap();
        let verified = validator_for(key)
            .verify_at::<NoCustomClaims>(&token, &full(), now())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(
            verified.claims().custom.nonce.as_deref(),
            Some("n-1"),
            "{name}"
        );
        // Another key of the same algorithm: the one decryption error.
        let result = validator_for(make()).verify_at::<NoCustomClaims>(&token, &full(), now());
        assert!(
            matches!(
                result,
                Err(IdTokenError::Decrypt(jwe::NestedError::Outer(
                    jwe::DecryptError::Decryption
                )))
            ),
            "{name}: {result:?}"
        );
    }
}
