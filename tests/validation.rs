//! Every validation rule at a fixed clock, each asserting the exact error: expiry and leeway edges,
//! `nbf`, `iat`, max age, `iss`/`aud`/`sub`, `typ`, required claims, custom checks, `crit`,
//! algorithm lists, key selection by `kid`, configuration errors, mistyped claims, threads, and
//! the zero-copy path.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{NOW, at, b64, hs256_key, now, segments};
use jwt_ring::time::Duration;
use jwt_ring::{
    ClaimFailure, ClaimName, Claims, ConfigError, Header, HeaderError, NoCustomClaims, NumericDate,
    Token, UntrustedToken, Validator, ValidatorBuilder, VerifyError, encode, hmac,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `exp` ten minutes after the fixed clock.
const EXP: i64 = NOW + 600;

fn token(claims: &Value) -> String {
    token_with(&Header::new(), claims)
}

fn token_with(header: &Header, claims: &Value) -> String {
    encode(header, claims, &hs256_key()).unwrap()
}

fn builder() -> ValidatorBuilder {
    Validator::builder().key(hs256_key())
}

fn validator() -> Validator {
    builder().build().unwrap()
}

fn verify_at(validator: &Validator, token: &str, unix: i64) -> Result<Token, VerifyError> {
    validator.verify_at::<NoCustomClaims>(token, at(unix))
}

fn verify(validator: &Validator, token: &str) -> Result<Token, VerifyError> {
    verify_at(validator, token, NOW)
}

#[track_caller]
fn assert_claim(result: Result<Token, VerifyError>, claim: ClaimName, failure: ClaimFailure) {
    let error = result.unwrap_err();
    assert!(
        matches!(&error, VerifyError::Claim(e) if *e.claim() == claim && e.failure() == failure),
        "expected {claim} {failure:?}, got {error:?}"
    );
}

#[test]
fn exp_is_required_unless_explicitly_waived() {
    let no_exp = token(&json!({ "sub": "alice" }));
    assert_claim(
        verify(&validator(), &no_exp),
        ClaimName::Exp,
        ClaimFailure::Missing,
    );
    let lenient = builder().allow_missing_expiry().build().unwrap();
    assert!(verify(&lenient, &no_exp).is_ok());
    // A present exp is still checked.
    let expired = token(&json!({ "exp": NOW - 1 }));
    assert_claim(
        verify(&lenient, &expired),
        ClaimName::Exp,
        ClaimFailure::Expired,
    );
}

#[test]
fn exp_edges_with_and_without_leeway() {
    let token = token(&json!({ "exp": EXP }));
    let strict = validator();
    let lenient = builder().leeway(Duration::seconds(60)).build().unwrap();
    for (validator, now, ok) in [
        (&strict, EXP - 1, true),
        (&strict, EXP, false),
        (&strict, EXP + 1, false),
        (&lenient, EXP, true),
        (&lenient, EXP + 59, true),
        (&lenient, EXP + 60, false),
        (&lenient, EXP + 61, false),
    ] {
        let result = verify_at(validator, &token, now);
        if ok {
            assert!(result.is_ok(), "at exp{:+}: {result:?}", now - EXP);
        } else {
            assert_claim(result, ClaimName::Exp, ClaimFailure::Expired);
        }
    }
}

#[test]
fn fractional_exp_is_compared_exactly() {
    let token = token(&json!({ "exp": EXP as f64 + 0.5 }));
    assert!(verify_at(&validator(), &token, EXP).is_ok());
    assert_claim(
        verify_at(&validator(), &token, EXP + 1),
        ClaimName::Exp,
        ClaimFailure::Expired,
    );
}

#[test]
fn nbf_edges_with_and_without_leeway() {
    let nbf = NOW + 10;
    let token = token(&json!({ "exp": EXP, "nbf": nbf }));
    let strict = validator();
    let lenient = builder().leeway(Duration::seconds(5)).build().unwrap();
    for (validator, now, ok) in [
        (&strict, nbf - 1, false),
        (&strict, nbf, true),
        (&lenient, nbf - 6, false),
        (&lenient, nbf - 5, true),
        (&lenient, nbf - 1, true),
    ] {
        let result = verify_at(validator, &token, now);
        if ok {
            assert!(result.is_ok(), "at nbf{:+}: {result:?}", now - nbf);
        } else {
            assert_claim(result, ClaimName::Nbf, ClaimFailure::NotYetValid);
        }
    }
}

#[test]
fn a_future_iat_is_not_checked_by_default() {
    // RFC 7519 §4.1.6 gives `iat` no say over validity: `exp` and `nbf` bound it.
    for iat in [NOW + 1, NOW + 5, NOW + 3600] {
        let token = token(&json!({ "exp": EXP, "iat": iat }));
        assert!(
            verify(&validator(), &token).is_ok(),
            "iat now{:+}",
            iat - NOW
        );
    }
    // The window the issuer stated still holds.
    let token = token(&json!({ "exp": EXP, "iat": NOW + 5 }));
    assert_claim(
        verify_at(&validator(), &token, EXP),
        ClaimName::Exp,
        ClaimFailure::Expired,
    );
}

#[test]
fn a_token_minted_by_an_issuer_5_seconds_ahead_verifies_by_default() {
    // The issuer's clock reads NOW + 5 when it mints a five-minute token, as issuers do:
    // `iat` now, `exp` now + lifetime.
    let issuer_now = at(NOW + 5);
    let claims = Claims::registered_only()
        .with_issuer("https://auth.example")
        .valid_for(issuer_now, Duration::minutes(5));
    let token = encode(&Header::new(), &claims, &hs256_key()).unwrap();
    let validator = builder().issuer("https://auth.example").build().unwrap();
    let verified = verify_at(&validator, &token, NOW).unwrap();
    assert_eq!(
        verified.claims().registered.iat().map(|d| d.unix()),
        Some(NOW + 5)
    );
    // It still expires on the issuer's word, with no leeway added.
    assert_claim(
        verify_at(&validator, &token, NOW + 5 + 300),
        ClaimName::Exp,
        ClaimFailure::Expired,
    );
    // An `nbf` is the issuer's explicit statement: it is checked without leeway.
    let claims = claims.with_not_before(issuer_now.into());
    let token = encode(&Header::new(), &claims, &hs256_key()).unwrap();
    assert_claim(
        verify_at(&validator, &token, NOW),
        ClaimName::Nbf,
        ClaimFailure::NotYetValid,
    );
    let lenient = builder()
        .issuer("https://auth.example")
        .leeway(Duration::seconds(5))
        .build()
        .unwrap();
    assert!(verify_at(&lenient, &token, NOW).is_ok());
}

#[test]
fn iat_in_the_future_edges_when_asked_for() {
    let iat = NOW + 10;
    let token = token(&json!({ "exp": EXP, "iat": iat }));
    let strict = builder().reject_future_issued_at().build().unwrap();
    let lenient = builder()
        .reject_future_issued_at()
        .leeway(Duration::seconds(5))
        .build()
        .unwrap();
    // `max_age` trusts `iat` as the issue time, so it refuses a future one too.
    let aged = builder()
        .max_age(Duration::hours(1))
        .leeway(Duration::seconds(5))
        .build()
        .unwrap();
    for (validator, now, ok) in [
        (&strict, iat - 1, false),
        (&strict, iat, true),
        (&lenient, iat - 6, false),
        (&lenient, iat - 5, true),
        (&aged, iat - 6, false),
        (&aged, iat - 5, true),
    ] {
        let result = verify_at(validator, &token, now);
        if ok {
            assert!(result.is_ok(), "at iat{:+}: {result:?}", now - iat);
        } else {
            assert_claim(result, ClaimName::Iat, ClaimFailure::IssuedInFuture);
        }
    }
}

#[test]
fn max_age_edges_and_missing_iat() {
    let far_exp = NOW + 86_400;
    let token = token(&json!({ "exp": far_exp, "iat": NOW }));
    let strict = builder().max_age(Duration::seconds(300)).build().unwrap();
    let lenient = builder()
        .max_age(Duration::seconds(300))
        .leeway(Duration::seconds(10))
        .build()
        .unwrap();
    for (validator, now, ok) in [
        (&strict, NOW, true),
        (&strict, NOW + 300, true),
        (&strict, NOW + 301, false),
        (&lenient, NOW + 310, true),
        (&lenient, NOW + 311, false),
    ] {
        let result = verify_at(validator, &token, now);
        if ok {
            assert!(result.is_ok(), "at iat{:+}: {result:?}", now - NOW);
        } else {
            assert_claim(result, ClaimName::Iat, ClaimFailure::TooOld);
        }
    }
    let no_iat = self::token(&json!({ "exp": far_exp }));
    assert_claim(
        verify(&strict, &no_iat),
        ClaimName::Iat,
        ClaimFailure::Missing,
    );
    assert!(
        verify(&validator(), &no_iat).is_ok(),
        "iat optional by default"
    );
}

#[test]
fn huge_leeway_saturates_instead_of_overflowing() {
    let token = token(&json!({ "exp": 1, "nbf": 253_402_300_799_i64, "iat": 253_402_300_799_i64 }));
    let validator = builder().leeway(Duration::MAX).build().unwrap();
    assert!(verify(&validator, &token).is_ok());
    let max_age = builder().max_age(Duration::MAX).build().unwrap();
    let old = self::token(&json!({ "exp": EXP, "iat": 0 }));
    assert!(verify(&max_age, &old).is_ok());
}

#[test]
fn issuer_and_subject_when_configured_are_required_and_checked() {
    type Configure = fn(ValidatorBuilder) -> ValidatorBuilder;
    let cases: [(&str, ClaimName, Configure, Configure); 2] = [
        (
            "iss",
            ClaimName::Iss,
            |b| b.issuer("https://a.example"),
            |b| b.issuers(["https://b.example", "https://a.example"]),
        ),
        (
            "sub",
            ClaimName::Sub,
            |b| b.subject("https://a.example"),
            |b| b.subjects(["https://b.example", "https://a.example"]),
        ),
    ];
    for (name, claim, one, many) in cases {
        for configure in [one, many] {
            let validator = configure(builder()).build().unwrap();
            let with = |value: Value| token(&json!({ "exp": EXP, name: value }));
            assert!(verify(&validator, &with(json!("https://a.example"))).is_ok());
            assert_claim(
                verify(&validator, &token(&json!({ "exp": EXP }))),
                claim.clone(),
                ClaimFailure::Missing,
            );
            for wrong in [
                "https://c.example",
                "https://A.example",
                "",
                "https://a.example/",
            ] {
                assert_claim(
                    verify(&validator, &with(json!(wrong))),
                    claim.clone(),
                    ClaimFailure::NotAccepted,
                );
            }
        }
        // Not configured: any value passes.
        let any = token(&json!({ "exp": EXP, name: "whatever" }));
        assert!(verify(&validator(), &any).is_ok(), "{name}");
    }
}

#[test]
fn audience_rules() {
    let with_aud = |aud: Value| token(&json!({ "exp": EXP, "aud": aud }));
    let no_aud = token(&json!({ "exp": EXP }));
    let api = builder().audience("api").build().unwrap();
    let either = builder().audiences(["api", "web"]).build().unwrap();
    let ignoring = builder().ignore_audience().build().unwrap();
    let unconfigured = validator();

    assert!(verify(&api, &with_aud(json!("api"))).is_ok());
    assert!(verify(&api, &with_aud(json!(["other", "api"]))).is_ok());
    assert!(verify(&either, &with_aud(json!("web"))).is_ok());
    assert!(verify(&either, &with_aud(json!(["x", "web", "y"]))).is_ok());
    assert_claim(verify(&api, &no_aud), ClaimName::Aud, ClaimFailure::Missing);
    for wrong in [
        json!("other"),
        json!(["other", "API"]),
        json!([]),
        json!(""),
    ] {
        assert_claim(
            verify(&api, &with_aud(wrong.clone())),
            ClaimName::Aud,
            ClaimFailure::NotAccepted,
        );
        assert_claim(
            verify(&either, &with_aud(wrong)),
            ClaimName::Aud,
            ClaimFailure::NotAccepted,
        );
    }

    // RFC 7519 §4.1.3: a token for some audience is not for a validator that has none.
    for aud in [json!("api"), json!(["api"]), json!([])] {
        assert_claim(
            verify(&unconfigured, &with_aud(aud.clone())),
            ClaimName::Aud,
            ClaimFailure::Unexpected,
        );
        assert!(verify(&ignoring, &with_aud(aud)).is_ok());
    }
    assert!(verify(&unconfigured, &no_aud).is_ok());
    assert!(verify(&ignoring, &no_aud).is_ok());
    // An audience together with ignore_audience is a contradiction, refused at build.
    assert!(matches!(
        builder().ignore_audience().audience("api").build(),
        Err(ConfigError::Conflicting)
    ));
}

#[test]
fn typ_is_compared_as_rfc_8725_says() {
    let claims = json!({ "exp": EXP });
    let with_typ = |typ: &str| token_with(&Header::new().with_typ(typ), &claims);
    let without_typ = token_with(&Header::new().without_typ(), &claims);
    for configured in [
        "at+jwt",
        "AT+JWT",
        "application/at+jwt",
        "Application/AT+JWT",
    ] {
        let validator = builder().typ(configured).build().unwrap();
        for typ in [
            "at+jwt",
            "AT+JWT",
            "application/at+jwt",
            "APPLICATION/at+JWT",
        ] {
            let result = verify(&validator, &with_typ(typ));
            assert!(result.is_ok(), "{configured} vs {typ}: {result:?}");
        }
        for typ in [
            "JWT",
            "jwt",
            "application/jwt",
            "at+jwt ",
            "at+jwt;q=1",
            "x/at+jwt",
            "application/application/at+jwt",
            "",
        ] {
            let error = verify(&validator, &with_typ(typ)).unwrap_err();
            assert!(
                matches!(error, VerifyError::Header(HeaderError::UnexpectedType)),
                "{configured} vs {typ:?}: {error:?}"
            );
        }
        let error = verify(&validator, &without_typ).unwrap_err();
        assert!(
            matches!(error, VerifyError::Header(HeaderError::UnexpectedType)),
            "{configured} vs missing typ: {error:?}"
        );
    }
    // Without a configured type, any typ (or none) is accepted.
    assert!(verify(&validator(), &with_typ("anything")).is_ok());
    assert!(verify(&validator(), &without_typ).is_ok());
}

#[test]
fn required_claims_registered_and_custom() {
    let validator = builder()
        .require_claim("jti")
        .require_claim("nbf")
        .require_claim("tenant")
        .require_claim("scope")
        .build()
        .unwrap();
    let full = json!({ "exp": EXP, "jti": "j", "nbf": NOW, "tenant": "t", "scope": null });
    assert!(verify(&validator, &token(&full)).is_ok());
    for (drop, claim) in [
        ("jti", ClaimName::Jti),
        ("nbf", ClaimName::Nbf),
        ("tenant", ClaimName::Other("tenant".to_owned())),
        ("scope", ClaimName::Other("scope".to_owned())),
    ] {
        let mut claims = full.clone();
        claims.as_object_mut().unwrap().remove(drop);
        assert_claim(
            verify(&validator, &token(&claims)),
            claim.clone(),
            ClaimFailure::Missing,
        );
        assert_eq!(claim, ClaimName::new(drop));
    }

    let names: Vec<String> = (0..65).map(|i| format!("c{i}")).collect();
    assert!(builder().require_claim("x").build().is_ok());
    assert!(
        names[..64]
            .iter()
            .fold(builder(), |b, name| b.require_claim(name.clone()))
            .build()
            .is_ok()
    );
    let error = names
        .iter()
        .fold(builder(), |b, name| b.require_claim(name.clone()))
        .build()
        .unwrap_err();
    assert_eq!(error, ConfigError::OutOfRange);
}

#[test]
fn sixty_four_required_custom_claims_are_all_tracked() {
    let names: Vec<String> = (0..64).map(|i| format!("c{i}")).collect();
    let validator = names
        .iter()
        .fold(builder(), |b, name| b.require_claim(name.clone()))
        .build()
        .unwrap();
    let mut claims = serde_json::Map::new();
    claims.insert("exp".to_owned(), json!(EXP));
    for name in &names {
        claims.insert(name.clone(), json!(1));
    }
    assert!(verify(&validator, &token(&Value::Object(claims.clone()))).is_ok());
    for missing in ["c0", "c31", "c63"] {
        let mut partial = claims.clone();
        partial.remove(missing);
        assert_claim(
            verify(&validator, &token(&Value::Object(partial))),
            ClaimName::Other(missing.to_owned()),
            ClaimFailure::Missing,
        );
    }
}

#[derive(Debug)]
struct Revoked;

impl std::fmt::Display for Revoked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("token revoked")
    }
}

impl std::error::Error for Revoked {}

#[test]
fn custom_check_runs_last_and_is_reported_as_custom() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let validator = builder()
        .issuer("https://a.example")
        .check(move |header, claims| {
            seen.fetch_add(1, Ordering::SeqCst);
            assert_eq!(header.algorithm(), Some("HS256"));
            match claims.jti() {
                Some("revoked-1" | "revoked-2") => Err(Box::new(Revoked)),
                _ => Ok(()),
            }
        })
        .build()
        .unwrap();
    let with_jti =
        |jti: &str| token(&json!({ "exp": EXP, "iss": "https://a.example", "jti": jti }));

    assert!(verify(&validator, &with_jti("fine")).is_ok());
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let error = verify(&validator, &with_jti("revoked-1")).unwrap_err();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let VerifyError::Custom(source) = error else {
        panic!("expected Custom, got {error:?}");
    };
    assert!(source.downcast_ref::<Revoked>().is_some());

    // Not reached when the signature fails...
    let [header, payload, _] = segments(&with_jti("revoked-2"));
    let forged = format!("{header}.{payload}.{}", b64(&[0; 32]));
    let error = verify(&validator, &forged).unwrap_err();
    assert!(matches!(error, VerifyError::InvalidSignature), "{error:?}");
    // ...nor when a built-in claim check fails.
    let expired = token(&json!({ "exp": NOW, "iss": "https://a.example", "jti": "revoked-1" }));
    assert_claim(
        verify(&validator, &expired),
        ClaimName::Exp,
        ClaimFailure::Expired,
    );
    let wrong_iss = token(&json!({ "exp": EXP, "iss": "https://b.example", "jti": "revoked-1" }));
    assert_claim(
        verify(&validator, &wrong_iss),
        ClaimName::Iss,
        ClaimFailure::NotAccepted,
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn several_checks_run_in_order_and_stop_at_the_first_failure() {
    let order = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (first, second) = (order.clone(), order.clone());
    let validator = builder()
        .check(move |_, _| {
            first.lock().unwrap().push(1);
            Err("first check says no".into())
        })
        .check(move |_, _| {
            second.lock().unwrap().push(2);
            Ok(())
        })
        .build()
        .unwrap();
    let error = verify(&validator, &token(&json!({ "exp": EXP }))).unwrap_err();
    assert!(matches!(error, VerifyError::Custom(_)), "{error:?}");
    assert_eq!(*order.lock().unwrap(), [1]);
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Policy {
    tenant_policy: String,
}

#[test]
fn crit_extensions_must_be_understood() {
    let header = Header::new()
        .with_extra(&Policy {
            tenant_policy: "strict".to_owned(),
        })
        .unwrap()
        .with_critical(["tenant_policy"]);
    let token = token_with(&header, &json!({ "exp": EXP }));

    let error = verify(&validator(), &token).unwrap_err();
    assert!(
        matches!(error, VerifyError::Header(HeaderError::UnsupportedCritical)),
        "{error:?}"
    );
    let other = builder()
        .understood_critical(["something_else"])
        .build()
        .unwrap();
    let error = verify(&other, &token).unwrap_err();
    assert!(
        matches!(error, VerifyError::Header(HeaderError::UnsupportedCritical)),
        "{error:?}"
    );

    let understood = builder()
        .understood_critical(["tenant_policy"])
        .build()
        .unwrap();
    let verified = verify(&understood, &token).unwrap();
    assert_eq!(
        verified.header().critical(),
        Some(&["tenant_policy".to_owned()][..])
    );
    assert_eq!(
        verified.header().extra::<Policy>().unwrap().tenant_policy,
        "strict"
    );
    // Understanding an extension does not make it required.
    assert!(verify(&understood, &self::token(&json!({ "exp": EXP }))).is_ok());
}

#[test]
fn allowed_algorithms_list() {
    let hs384 = hmac::Key::new(&hmac::HS384, &[9; 48]).unwrap();
    let claims = json!({ "exp": EXP });
    let hs256_token = token(&claims);
    let hs384_token = encode(&Header::new(), &claims, &hs384).unwrap();

    let only_hs384 = Validator::builder()
        .key(hs256_key())
        .key(hs384.clone())
        .algorithms(["HS384"])
        .build()
        .unwrap();
    let error = verify(&only_hs384, &hs256_token).unwrap_err();
    assert!(
        matches!(error, VerifyError::AlgorithmNotAllowed),
        "{error:?}"
    );
    assert!(verify(&only_hs384, &hs384_token).is_ok());

    let both = builder().algorithms(["HS256", "RS256"]).build().unwrap();
    assert!(verify(&both, &hs256_token).is_ok());
    // The list only narrows: it cannot add an algorithm no key has.
    let error = verify(&both, &hs384_token).unwrap_err();
    assert!(matches!(error, VerifyError::NoMatchingKey), "{error:?}");
    // Exact names: no case folding.
    let lower = builder().algorithms(["hs256"]).build().unwrap();
    let error = verify(&lower, &hs256_token).unwrap_err();
    assert!(
        matches!(error, VerifyError::AlgorithmNotAllowed),
        "{error:?}"
    );
}

fn kid_key(fill: u8, kid: &str) -> hmac::Key {
    hmac::Key::new(&hmac::HS256, &[fill; 32])
        .unwrap()
        .with_key_id(kid)
}

#[test]
fn keys_are_selected_by_kid() {
    let claims = json!({ "exp": EXP });
    let a = kid_key(1, "a");
    let b = kid_key(2, "b");
    let validator = Validator::builder()
        .keys([a.clone(), b.clone()])
        .build()
        .unwrap();

    // The signer's key id is written as kid and selects the matching key.
    for key in [&a, &b] {
        let token = encode(&Header::new(), &claims, key).unwrap();
        let verified = verify(&validator, &token).unwrap();
        assert_eq!(verified.header().kid(), jwt_ring::Signer::key_id(key));
    }
    // kid "b" signed with key a: the kid picks b, whose check fails.
    let mislabelled = encode(&Header::new().with_key_id("b"), &claims, &a).unwrap();
    let error = verify(&validator, &mislabelled).unwrap_err();
    assert!(matches!(error, VerifyError::InvalidSignature), "{error:?}");

    let unknown = encode(&Header::new().with_key_id("c"), &claims, &a).unwrap();
    let error = verify(&validator, &unknown).unwrap_err();
    assert!(matches!(error, VerifyError::NoMatchingKey), "{error:?}");

    let unlabelled_a = hmac::Key::new(&hmac::HS256, &[1; 32]).unwrap();
    let no_kid = encode(&Header::new(), &claims, &unlabelled_a).unwrap();
    let error = verify(&validator, &no_kid).unwrap_err();
    assert!(matches!(error, VerifyError::AmbiguousKey), "{error:?}");

    // One key of the token's algorithm: no kid needed.
    let single = Validator::builder().key(a.clone()).build().unwrap();
    assert!(verify(&single, &no_kid).is_ok());

    // An unknown kid falls back to the one key without kid.
    let with_fallback = Validator::builder()
        .key(b.clone())
        .key(unlabelled_a.clone())
        .build()
        .unwrap();
    assert!(verify(&with_fallback, &unknown).is_ok());
    // Two keys without kid: an unknown kid is ambiguous.
    let two_unlabelled = Validator::builder()
        .key(unlabelled_a)
        .key(hmac::Key::new(&hmac::HS256, &[3; 32]).unwrap())
        .build()
        .unwrap();
    let error = verify(&two_unlabelled, &unknown).unwrap_err();
    assert!(matches!(error, VerifyError::AmbiguousKey), "{error:?}");

    // The same kid for two algorithms is fine.
    let hs384_a = hmac::Key::new(&hmac::HS384, &[4; 48])
        .unwrap()
        .with_key_id("a");
    let mixed = Validator::builder()
        .key(a.clone())
        .key(hs384_a.clone())
        .build()
        .unwrap();
    assert!(verify(&mixed, &encode(&Header::new(), &claims, &a).unwrap()).is_ok());
    assert!(verify(&mixed, &encode(&Header::new(), &claims, &hs384_a).unwrap()).is_ok());

    // The same kid and algorithm twice cannot be built.
    let error = Validator::builder()
        .key(a)
        .key(kid_key(5, "a"))
        .build()
        .unwrap_err();
    assert_eq!(error, ConfigError::DuplicateKeyId);
}

#[test]
fn configuration_errors() {
    assert_eq!(
        Validator::builder().build().unwrap_err(),
        ConfigError::NoKeys
    );
    assert_eq!(
        Validator::builder().issuer("x").build().unwrap_err(),
        ConfigError::NoKeys
    );
    let empty: [&str; 0] = [];
    type Configure = fn(ValidatorBuilder, [&'static str; 0]) -> ValidatorBuilder;
    let lists: [(&str, Configure); 4] = [
        ("algorithms", |b, l| b.algorithms(l)),
        ("issuers", |b, l| b.issuers(l)),
        ("audiences", |b, l| b.audiences(l)),
        ("subjects", |b, l| b.subjects(l)),
    ];
    for (name, configure) in lists {
        let error = configure(builder(), empty).build().unwrap_err();
        assert_eq!(error, ConfigError::EmptyList, "{name}");
    }
    for (name, configured) in [
        ("negative leeway", builder().leeway(Duration::seconds(-1))),
        ("negative max age", builder().max_age(Duration::seconds(-1))),
        ("zero token limit", builder().max_token_len(0)),
        ("zero header limit", builder().max_header_len(0)),
    ] {
        assert_eq!(
            configured.build().unwrap_err(),
            ConfigError::OutOfRange,
            "{name}"
        );
    }
    assert!(builder().leeway(Duration::ZERO).build().is_ok());
    assert!(builder().max_age(Duration::ZERO).build().is_ok());
    assert!(builder().max_token_len(1).build().is_ok());
    assert!(builder().max_header_len(1).build().is_ok());
}

#[test]
fn mistyped_registered_claims_are_invalid_not_missing() {
    let validator = builder()
        .issuer("https://a.example")
        .audience("api")
        .subject("alice")
        .build()
        .unwrap();
    let lenient = builder()
        .allow_missing_expiry()
        .ignore_audience()
        .build()
        .unwrap();
    let base = json!({ "exp": EXP, "iss": "https://a.example", "aud": "api", "sub": "alice" });
    assert!(verify(&validator, &token(&base)).is_ok());
    for (name, value, claim) in [
        ("aud", json!(1), ClaimName::Aud),
        ("aud", json!([1]), ClaimName::Aud),
        ("aud", json!(["api", 1]), ClaimName::Aud),
        ("aud", json!({ "api": true }), ClaimName::Aud),
        ("aud", json!(null), ClaimName::Aud),
        ("iss", json!(1), ClaimName::Iss),
        ("iss", json!(["https://a.example"]), ClaimName::Iss),
        ("iss", json!(null), ClaimName::Iss),
        ("sub", json!(true), ClaimName::Sub),
        ("exp", json!("1767226200"), ClaimName::Exp),
        ("exp", json!(null), ClaimName::Exp),
        ("exp", json!([EXP]), ClaimName::Exp),
        ("nbf", json!("0"), ClaimName::Nbf),
        ("iat", json!(false), ClaimName::Iat),
        ("jti", json!(7), ClaimName::Jti),
    ] {
        let mut claims = base.clone();
        claims[name] = value.clone();
        let token = token(&claims);
        for validator in [&validator, &lenient] {
            let result = verify(validator, &token);
            assert!(
                matches!(&result, Err(VerifyError::Claim(e)) if *e.claim() == claim && e.failure() == ClaimFailure::Invalid),
                "{name} = {value}: {result:?}"
            );
        }
    }
}

#[test]
fn a_bad_signature_hides_every_claim_problem() {
    let validator = builder().issuer("https://a.example").build().unwrap();
    for claims in [
        json!({ "exp": NOW - 3600, "iss": "https://a.example" }),
        json!({ "iss": "https://a.example" }),
        json!({ "exp": "soon", "iss": 5 }),
        json!({ "exp": EXP, "iss": "https://evil.example", "aud": "x" }),
    ] {
        let genuine = token(&claims);
        assert!(matches!(
            verify(&validator, &genuine),
            Err(VerifyError::Claim(_))
        ));
        let [header, payload, _] = segments(&genuine);
        let other_key = hmac::Key::new(&hmac::HS256, &[0xee; 32]).unwrap();
        let forged = common::sign_segments(&header, &payload, &other_key);
        let error = verify(&validator, &forged).unwrap_err();
        assert!(
            matches!(error, VerifyError::InvalidSignature),
            "{claims}: {error:?}"
        );
    }
}

#[test]
fn validator_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Validator>();
    assert_send_sync::<VerifyError>();

    let validator = builder().issuer("https://a.example").build().unwrap();
    let good = token(&json!({ "exp": EXP, "iss": "https://a.example", "sub": "alice" }));
    let expired = token(&json!({ "exp": NOW, "iss": "https://a.example" }));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    for _ in 0..50 {
                        let verified = verify(&validator, &good).unwrap();
                        assert_eq!(verified.claims().registered.sub(), Some("alice"));
                        assert_claim(
                            verify(&validator, &expired),
                            ClaimName::Exp,
                            ClaimFailure::Expired,
                        );
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    });

    let shared = Arc::new(validator);
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let shared = shared.clone();
            let good = good.clone();
            std::thread::spawn(move || verify(&shared, &good).is_ok())
        })
        .collect();
    for thread in threads {
        assert!(thread.join().unwrap());
    }
}

#[derive(Debug, Deserialize)]
struct Borrowed<'a> {
    scope: &'a str,
    tenant: &'a str,
    #[serde(default)]
    level: u8,
}

#[test]
fn zero_copy_claims_borrow_from_the_token() {
    let validator = builder().subject("alice").build().unwrap();
    let text = token(
        &json!({ "exp": EXP, "sub": "alice", "scope": "read write", "tenant": "t-1", "level": 3 }),
    );
    let untrusted = UntrustedToken::parse(&text).unwrap();
    assert_eq!(untrusted.algorithm(), "HS256");
    let claims: Claims<Borrowed<'_>> = validator.verify_untrusted_at(&untrusted, now()).unwrap();
    assert_eq!(claims.custom.scope, "read write");
    assert_eq!(claims.custom.tenant, "t-1");
    assert_eq!(claims.custom.level, 3);
    assert_eq!(claims.registered.sub(), Some("alice"));

    // The same rules apply on this path.
    let expired = token(&json!({ "exp": NOW, "sub": "alice", "scope": "s", "tenant": "t" }));
    let untrusted = UntrustedToken::parse(&expired).unwrap();
    let error = validator
        .verify_untrusted_at::<Borrowed<'_>>(&untrusted, now())
        .unwrap_err();
    assert!(
        matches!(&error, VerifyError::Claim(e) if *e.claim() == ClaimName::Exp && e.failure() == ClaimFailure::Expired),
        "{error:?}"
    );
    let [header, payload, _] = segments(&text);
    let forged = format!("{header}.{payload}.{}", b64(&[1; 32]));
    let untrusted = UntrustedToken::parse(&forged).unwrap();
    let error = validator
        .verify_untrusted_at::<Borrowed<'_>>(&untrusted, now())
        .unwrap_err();
    assert!(matches!(error, VerifyError::InvalidSignature), "{error:?}");

    // A missing field, a wrong type, or an escaped string a &str cannot borrow: the claims do
    // not fit the caller's type.
    for claims in [
        json!({ "exp": EXP, "sub": "alice", "scope": "s" }),
        json!({ "exp": EXP, "sub": "alice", "scope": "s", "tenant": 1 }),
        json!({ "exp": EXP, "sub": "alice", "scope": "a\"b", "tenant": "t" }),
    ] {
        let text = token(&claims);
        let untrusted = UntrustedToken::parse(&text).unwrap();
        let error = validator
            .verify_untrusted_at::<Borrowed<'_>>(&untrusted, now())
            .unwrap_err();
        assert!(
            matches!(error, VerifyError::ClaimsType),
            "{claims}: {error:?}"
        );
    }
}

#[test]
fn owned_custom_claims_type_mismatch() {
    #[derive(Debug, Deserialize)]
    struct Needs {
        roles: Vec<String>,
    }
    let validator = validator();
    for claims in [
        json!({ "exp": EXP }),
        json!({ "exp": EXP, "roles": "admin" }),
        json!({ "exp": EXP, "roles": [1] }),
    ] {
        let error = validator
            .verify_at::<Needs>(&token(&claims), now())
            .unwrap_err();
        assert!(
            matches!(error, VerifyError::ClaimsType),
            "{claims}: {error:?}"
        );
    }
    let verified = validator
        .verify_at::<Needs>(&token(&json!({ "exp": EXP, "roles": ["a"] })), now())
        .unwrap();
    assert_eq!(verified.claims().custom.roles, ["a"]);
}

#[test]
fn a_far_future_exp_saturates_and_never_expires() {
    let max = NumericDate::MAX;
    for exp in [
        json!(9_223_372_036_854_775_807_i64),
        json!(18_446_744_073_709_551_615_u64),
        json!(1e20),
        json!(1e300),
        json!(253_402_300_800_i64),
    ] {
        let token = token(&json!({ "exp": exp }));
        // Even the largest leeway and the last representable instant do not overflow.
        let lenient = builder().leeway(Duration::MAX).build().unwrap();
        for validator in [&validator(), &lenient] {
            let verified = verify(validator, &token).unwrap();
            assert_eq!(verified.claims().registered.exp(), Some(max), "exp {exp}");
            let last = max.to_offset_date_time() - Duration::seconds(1);
            assert!(validator.verify_at::<NoCustomClaims>(&token, last).is_ok());
        }
        // At the saturated instant itself the token has expired, as at any `exp`.
        let result = validator().verify_at::<NoCustomClaims>(&token, max.to_offset_date_time());
        assert_claim(result, ClaimName::Exp, ClaimFailure::Expired);
    }
}

#[test]
fn dates_before_1970_are_dates_in_the_past() {
    // An `exp` before 1970 has expired, whatever the leeway a caller could sensibly set.
    for exp in [
        json!(-1),
        json!(-1.5),
        json!(-9_223_372_036_854_775_808_i64),
        json!(-1e300),
    ] {
        let token = token(&json!({ "exp": exp }));
        let lenient = builder().leeway(Duration::days(365)).build().unwrap();
        for validator in [&validator(), &lenient] {
            assert_claim(
                verify(validator, &token),
                ClaimName::Exp,
                ClaimFailure::Expired,
            );
        }
    }
    // An `nbf` or `iat` before 1970 has passed.
    let token = token(&json!({ "exp": EXP, "nbf": -1, "iat": -1e20 }));
    let verified = verify(&validator(), &token).unwrap();
    assert_eq!(
        verified.claims().registered.nbf().map(|d| d.unix()),
        Some(-1)
    );
    assert_eq!(verified.claims().registered.iat(), Some(NumericDate::MIN));
    // ...which `max_age` finds too old, not malformed.
    let aged = builder().max_age(Duration::days(365)).build().unwrap();
    assert_claim(verify(&aged, &token), ClaimName::Iat, ClaimFailure::TooOld);
}

#[test]
fn a_far_future_nbf_or_iat_saturates_and_is_never_reached() {
    let late = token(&json!({ "exp": 1e20, "nbf": 1e20 }));
    let lenient = builder().leeway(Duration::MAX).build().unwrap();
    assert_claim(
        verify(&validator(), &late),
        ClaimName::Nbf,
        ClaimFailure::NotYetValid,
    );
    // The largest leeway saturates rather than overflows, and then admits it.
    assert!(verify(&lenient, &late).is_ok());
    let token = token(&json!({ "exp": EXP, "iat": 9_223_372_036_854_775_807_i64 }));
    assert!(verify(&validator(), &token).is_ok());
    let strict = builder().reject_future_issued_at().build().unwrap();
    assert_claim(
        verify(&strict, &token),
        ClaimName::Iat,
        ClaimFailure::IssuedInFuture,
    );
}

/// The defect: a date past 9999 was read as `NumericDate::MAX`, so a service that forwards or
/// re-serialises the claims changed `exp = 9223372036854775807` into `253402300799`. Validation
/// still saturates; the number the issuer wrote is what a caller reads and writes back.
#[test]
fn claims_past_the_year_9999_keep_the_number_the_issuer_wrote() {
    #[derive(Serialize, Deserialize)]
    struct Own {
        deadline: NumericDate,
    }
    let cases = [
        (json!(9_223_372_036_854_775_807_i64), i64::MAX),
        (json!(18_446_744_073_709_551_615_u64), i64::MAX),
        (json!(253_402_300_800_i64), 253_402_300_800),
        (json!(1e20), i64::MAX),
        (json!(1e300), i64::MAX),
        (json!(1.5e15), 1_500_000_000_000_000),
    ];
    for (far, unix) in cases {
        let token = token(&json!({ "exp": far, "iat": -far.as_f64().unwrap(), "deadline": far }));
        let verified = validator().verify_at::<Own>(&token, now()).unwrap();
        let registered = &verified.claims().registered;
        let exp = registered.exp().unwrap();
        // Compared as the validator sees it...
        assert_eq!(exp, NumericDate::MAX, "{far}");
        assert_eq!(
            exp.to_offset_date_time(),
            NumericDate::MAX.to_offset_date_time()
        );
        // ...read and written back as the issuer wrote it.
        assert_eq!(exp.unix(), unix, "{far}");
        let written = serde_json::to_value(verified.claims()).unwrap();
        assert_eq!(written["exp"], far, "{far}");
        assert_eq!(written["deadline"], far, "{far}");
        assert_eq!(
            written["iat"].as_f64(),
            Some(-far.as_f64().unwrap()),
            "{far}"
        );
    }
    // The most negative integer keeps its value too.
    let token = token(&json!({ "exp": EXP, "iat": i64::MIN }));
    let verified = verify(&validator(), &token).unwrap();
    assert_eq!(verified.claims().registered.iat().unwrap().unix(), i64::MIN);
    let written = serde_json::to_value(verified.claims()).unwrap();
    assert_eq!(written["iat"], json!(i64::MIN));
}
