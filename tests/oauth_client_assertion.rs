//! RFC 7523 client assertions as RFC 10070 updates them: minting, verifying, the audience and
//! `typ` rules, the legacy opt-in, and the `jti` replay check.

mod common;

use common::{NOW, at, hs256_key, now, segments, sign_raw, table, unb64};
use jwt_ring::oauth::client_assertion::{
    AssertionError, CLIENT_ASSERTION_JWT_TYPE, ClientAssertion, ClientAssertionValidator,
    DEFAULT_LIFETIME, MintError,
};
use jwt_ring::replay::{MemoryReplayStore, ReplayError, ReplayStore};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{ClaimFailure, ClaimName, ConfigError, HeaderError, VerifyError, hmac};
use serde_json::{Value, json};

const CLIENT: &str = "client-1";
const ISSUER: &str = "https://as.example";
const TOKEN_ENDPOINT: &str = "https://as.example/token";

fn validator(entry: &common::Entry) -> ClientAssertionValidator {
    ClientAssertionValidator::builder(CLIENT, ISSUER)
        .key(entry.verifier.clone())
        .build()
        .unwrap()
}

/// A validator that also takes the pre-RFC 10070 form, with the token endpoint as `aud`.
fn legacy(entry: &common::Entry) -> ClientAssertionValidator {
    ClientAssertionValidator::builder(CLIENT, ISSUER)
        .key(entry.verifier.clone())
        .allow_legacy_assertions([TOKEN_ENDPOINT])
        .build()
        .unwrap()
}

fn payload() -> Value {
    json!({"iss": CLIENT, "sub": CLIENT, "aud": ISSUER, "exp": NOW + 60, "iat": NOW, "jti": "j-1"})
}

fn sign(entry: &common::Entry, payload: &Value) -> String {
    sign_typed(entry, Some(CLIENT_ASSERTION_JWT_TYPE), payload)
}

fn sign_typed(entry: &common::Entry, typ: Option<&str>, payload: &Value) -> String {
    let mut header = json!({"alg": entry.alg});
    if let Some(typ) = typ {
        header["typ"] = json!(typ);
    }
    sign_raw(
        header.to_string().as_bytes(),
        payload.to_string().as_bytes(),
        &*entry.signer,
    )
}

fn es256() -> common::Entry {
    table().into_iter().find(|e| e.alg == "ES256").unwrap()
}

/// The attack RFC 10070 closes, "audience injection": a client that put the token endpoint
/// URL in `aud` (or several values in an array) could be led by a malicious authorization
/// server, naming the victim's token endpoint as its own, to mint an assertion the victim
/// accepted. The victim now takes only its issuer identifier, alone, as a string, in an
/// assertion typed `client-authentication+jwt`.
#[test]
fn audience_injection_an_assertion_for_the_token_endpoint_is_refused() {
    let entry = es256();
    let v = validator(&entry);
    let with_aud = |aud: Value| {
        let mut p = payload();
        p["aud"] = aud;
        p
    };
    // The token endpoint as the audience: not this server's identifier.
    let result = v.verify_at(
        &sign(&entry, &with_aud(json!(TOKEN_ENDPOINT))),
        &MemoryReplayStore::default(),
        now(),
    );
    match result {
        Err(AssertionError::Verify(VerifyError::Claim(e))) => {
            assert_eq!(e.claim(), &ClaimName::Aud);
            assert_eq!(e.failure(), ClaimFailure::NotAccepted);
        }
        other => panic!("{other:?}"),
    }
    // The issuer inside an array, alone or with others: not a single string.
    for aud in [
        json!([ISSUER]),
        json!([ISSUER, TOKEN_ENDPOINT]),
        json!([TOKEN_ENDPOINT, ISSUER]),
    ] {
        let store = MemoryReplayStore::default();
        assert!(
            matches!(
                v.verify_at(&sign(&entry, &with_aud(aud.clone())), &store, now()),
                Err(AssertionError::AudienceNotIssuer)
            ),
            "{aud}"
        );
        assert!(store.is_empty(), "a refused assertion is not recorded");
    }
    // Untyped, or typed as a plain JWT or another profile's token.
    for typ in [None, Some("JWT"), Some("at+jwt")] {
        assert!(
            matches!(
                v.verify_at(
                    &sign_typed(&entry, typ, &payload()),
                    &MemoryReplayStore::default(),
                    now()
                ),
                Err(AssertionError::Verify(VerifyError::Header(
                    HeaderError::UnexpectedType
                )))
            ),
            "{typ:?}"
        );
    }
    // What RFC 10070 asks for is accepted, `application/` prefix and case aside.
    for typ in [
        CLIENT_ASSERTION_JWT_TYPE,
        "application/client-authentication+jwt",
        "Client-Authentication+JWT",
    ] {
        assert!(
            v.verify_at(
                &sign_typed(&entry, Some(typ), &payload()),
                &MemoryReplayStore::default(),
                now()
            )
            .is_ok(),
            "{typ}"
        );
    }
}

#[test]
fn legacy_assertions_are_an_explicit_opt_in() {
    let entry = es256();
    let v = legacy(&entry);
    for (typ, aud) in [
        (None, json!(TOKEN_ENDPOINT)),
        (Some("JWT"), json!(TOKEN_ENDPOINT)),
        (None, json!([ISSUER, TOKEN_ENDPOINT])),
        (None, json!([ISSUER])),
        (Some(CLIENT_ASSERTION_JWT_TYPE), json!(ISSUER)),
        (
            Some("application/client-authentication+jwt"),
            json!(TOKEN_ENDPOINT),
        ),
    ] {
        let mut p = payload();
        p["aud"] = aud.clone();
        assert!(
            v.verify_at(
                &sign_typed(&entry, typ, &p),
                &MemoryReplayStore::default(),
                now()
            )
            .is_ok(),
            "{typ:?} {aud}"
        );
    }
    // Even then, another profile's type and another audience are refused.
    assert!(matches!(
        v.verify_at(
            &sign_typed(&entry, Some("at+jwt"), &payload()),
            &MemoryReplayStore::default(),
            now()
        ),
        Err(AssertionError::Verify(VerifyError::Header(
            HeaderError::UnexpectedType
        )))
    ));
    let mut p = payload();
    p["aud"] = json!("https://other.example/token");
    assert!(matches!(
        v.verify_at(
            &sign_typed(&entry, None, &p),
            &MemoryReplayStore::default(),
            now()
        ),
        Err(AssertionError::Verify(VerifyError::Claim(_)))
    ));
    // A client that predates RFC 10070 mints plain JWTs for the token endpoint.
    let token = ClientAssertion::new(CLIENT, TOKEN_ENDPOINT)
        .plain_jwt_type()
        .sign_at(&*entry.signer, now())
        .unwrap();
    let header: Value = serde_json::from_slice(&unb64(&segments(&token)[0])).unwrap();
    assert_eq!(header["typ"], "JWT");
    assert!(
        v.verify_at(&token, &MemoryReplayStore::default(), now())
            .is_ok()
    );
    assert!(matches!(
        validator(&entry).verify_at(&token, &MemoryReplayStore::default(), now()),
        Err(AssertionError::Verify(_))
    ));
}

#[test]
fn minted_claims() {
    let entry = table().into_iter().next().unwrap();
    let token = ClientAssertion::new(CLIENT, ISSUER)
        .sign_at(&*entry.signer, now())
        .unwrap();
    let header: Value = serde_json::from_slice(&unb64(&segments(&token)[0])).unwrap();
    assert_eq!(header["typ"], CLIENT_ASSERTION_JWT_TYPE);
    let payload: Value = serde_json::from_slice(&unb64(&segments(&token)[1])).unwrap();
    assert_eq!(payload["iss"], CLIENT);
    assert_eq!(payload["sub"], CLIENT);
    assert_eq!(payload["aud"], ISSUER);
    assert_eq!(payload["iat"], NOW);
    assert_eq!(payload["exp"], NOW + DEFAULT_LIFETIME.whole_seconds());
    let jti = payload["jti"].as_str().unwrap();
    assert_eq!(unb64(jti).len(), 16);
    let again = ClientAssertion::new(CLIENT, ISSUER)
        .claims_at(now())
        .unwrap();
    assert_ne!(again.registered.jti(), Some(jti));
    let longer = ClientAssertion::new(CLIENT, ISSUER)
        .lifetime(Duration::seconds(30))
        .claims_at(now())
        .unwrap();
    assert_eq!(longer.registered.exp().unwrap().unix(), NOW + 30);
    for lifetime in [Duration::ZERO, Duration::seconds(-1)] {
        assert!(matches!(
            ClientAssertion::new(CLIENT, ISSUER)
                .lifetime(lifetime)
                .claims_at(now()),
            Err(MintError::Lifetime)
        ));
    }
}

#[test]
fn minted_assertions_verify_for_every_algorithm() {
    for entry in table() {
        let store = MemoryReplayStore::default();
        for (v, audience) in [
            (validator(&entry), ISSUER),
            (legacy(&entry), TOKEN_ENDPOINT),
        ] {
            let token = ClientAssertion::new(CLIENT, audience)
                .sign_at(&*entry.signer, now())
                .unwrap();
            let verified = v.verify_at(&token, &store, now()).unwrap();
            assert_eq!(
                verified.claims().registered.sub(),
                Some(CLIENT),
                "{}",
                entry.alg
            );
            assert!(matches!(
                v.verify_at(&token, &store, at(NOW + 1)),
                Err(AssertionError::Replayed)
            ));
        }
    }
}

#[test]
fn client_secret_jwt() {
    let key = hs256_key();
    let token = ClientAssertion::new(CLIENT, ISSUER)
        .sign_at(&key, now())
        .unwrap();
    let v = ClientAssertionValidator::builder(CLIENT, ISSUER)
        .key(key)
        .algorithms(["HS256"])
        .build()
        .unwrap();
    assert!(
        v.verify_at(&token, &MemoryReplayStore::new(1), now())
            .is_ok()
    );
}

#[test]
fn claims_are_enforced() {
    let entry = table().into_iter().find(|e| e.alg == "ES256").unwrap();
    let v = validator(&entry);
    for (name, value, failure) in [
        ("iss", Some(json!("client-2")), ClaimFailure::NotAccepted),
        ("sub", Some(json!("client-2")), ClaimFailure::NotAccepted),
        (
            "aud",
            Some(json!("https://other.example")),
            ClaimFailure::NotAccepted,
        ),
        ("iss", None, ClaimFailure::Missing),
        ("sub", None, ClaimFailure::Missing),
        ("aud", None, ClaimFailure::Missing),
        ("exp", None, ClaimFailure::Missing),
        ("jti", None, ClaimFailure::Missing),
        ("exp", Some(json!(NOW)), ClaimFailure::Expired),
        ("nbf", Some(json!(NOW + 1)), ClaimFailure::NotYetValid),
    ] {
        let mut p = payload();
        match value {
            Some(value) => p[name] = value,
            None => {
                p.as_object_mut().unwrap().remove(name);
            }
        }
        let store = MemoryReplayStore::default();
        match v.verify_at(&sign(&entry, &p), &store, now()) {
            Err(AssertionError::Verify(VerifyError::Claim(e))) => {
                assert_eq!(e.claim(), &ClaimName::new(name), "{name}");
                assert_eq!(e.failure(), failure, "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
        assert!(store.is_empty(), "a refused assertion is not recorded");
    }
}

#[test]
fn lifetime_is_bounded() {
    let entry = table().into_iter().find(|e| e.alg == "ES256").unwrap();
    let store = MemoryReplayStore::default();
    let v = ClientAssertionValidator::builder(CLIENT, ISSUER)
        .key(entry.verifier.clone())
        .max_lifetime(Duration::seconds(120))
        .build()
        .unwrap();
    let mut p = payload();
    p["exp"] = json!(NOW + 121);
    assert!(matches!(
        v.verify_at(&sign(&entry, &p), &store, now()),
        Err(AssertionError::LifetimeTooLong)
    ));
    p["exp"] = json!(NOW + 120);
    assert!(v.verify_at(&sign(&entry, &p), &store, now()).is_ok());
    let lenient = ClientAssertionValidator::builder(CLIENT, ISSUER)
        .key(entry.verifier.clone())
        .max_lifetime(Duration::seconds(120))
        .leeway(Duration::seconds(5))
        .build()
        .unwrap();
    p["exp"] = json!(NOW + 125);
    p["jti"] = json!("j-2");
    assert!(lenient.verify_at(&sign(&entry, &p), &store, now()).is_ok());
    p["exp"] = json!(NOW + 126);
    p["jti"] = json!("j-3");
    assert!(matches!(
        lenient.verify_at(&sign(&entry, &p), &store, now()),
        Err(AssertionError::LifetimeTooLong)
    ));
    // Default: five minutes.
    let default = validator(&entry);
    p["exp"] = json!(NOW + 301);
    assert!(matches!(
        default.verify_at(&sign(&entry, &p), &store, now()),
        Err(AssertionError::LifetimeTooLong)
    ));
    p["exp"] = json!(NOW + 300);
    assert!(default.verify_at(&sign(&entry, &p), &store, now()).is_ok());
}

/// A store that records what it was asked and answers as told.
struct Recording {
    answer: fn() -> Result<bool, ReplayError>,
    calls: std::sync::Mutex<Vec<(String, String, OffsetDateTime, OffsetDateTime)>>,
}

impl ReplayStore for Recording {
    fn first_seen(
        &self,
        scope: &str,
        jti: &str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<bool, ReplayError> {
        self.calls
            .lock()
            .unwrap()
            .push((scope.into(), jti.into(), until, now));
        (self.answer)()
    }
}

#[test]
fn the_store_sees_the_client_jti_and_expiry() {
    let entry = table().into_iter().find(|e| e.alg == "ES256").unwrap();
    let v = ClientAssertionValidator::builder(CLIENT, ISSUER)
        .key(entry.verifier.clone())
        .leeway(Duration::seconds(7))
        .build()
        .unwrap();
    let store = Recording {
        answer: || Ok(true),
        calls: Default::default(),
    };
    v.verify_at(&sign(&entry, &payload()), &store, now())
        .unwrap();
    assert_eq!(
        store.calls.lock().unwrap().as_slice(),
        [(
            format!("client-assertion:{CLIENT}"),
            "j-1".to_owned(),
            at(NOW + 67),
            now()
        )]
    );
    let failing = Recording {
        answer: || Err(ReplayError::Unavailable("down".into())),
        calls: Default::default(),
    };
    assert!(matches!(
        v.verify_at(&sign(&entry, &payload()), &failing, now()),
        Err(AssertionError::Store(ReplayError::Unavailable(_)))
    ));
    let full = MemoryReplayStore::new(0);
    assert!(matches!(
        v.verify_at(&sign(&entry, &payload()), &full, now()),
        Err(AssertionError::Store(ReplayError::Full))
    ));
}

#[test]
fn configuration() {
    let entry = table().into_iter().find(|e| e.alg == "ES256").unwrap();
    for lifetime in [Duration::ZERO, Duration::seconds(-5)] {
        assert!(matches!(
            ClientAssertionValidator::builder(CLIENT, ISSUER)
                .key(entry.verifier.clone())
                .max_lifetime(lifetime)
                .build(),
            Err(ConfigError::OutOfRange)
        ));
    }
    assert!(matches!(
        ClientAssertionValidator::builder(CLIENT, "")
            .key(entry.verifier.clone())
            .build(),
        Err(ConfigError::OutOfRange)
    ));
    assert!(matches!(
        ClientAssertionValidator::builder(CLIENT, ISSUER).build(),
        Err(ConfigError::NoKeys)
    ));
}

#[test]
fn sign_uses_the_current_time() {
    let entry = table().into_iter().find(|e| e.alg == "ES256").unwrap();
    let token = ClientAssertion::new(CLIENT, ISSUER)
        .sign(&*entry.signer)
        .unwrap();
    let payload: Value = serde_json::from_slice(&unb64(&segments(&token)[1])).unwrap();
    let iat = payload["iat"].as_i64().unwrap();
    assert_eq!(payload["exp"].as_i64().unwrap(), iat + 60);
    // Verified at its own issue time, not the wall clock's.
    let verified = validator(&entry)
        .verify_at(&token, &MemoryReplayStore::default(), at(iat))
        .unwrap();
    assert_eq!(verified.claims().registered.iss(), Some(CLIENT));
}

/// The validator and its builder say what they check (client, issuer, the legacy opt-in), and
/// never show a client secret.
#[test]
fn debug_output_names_the_settings_and_holds_no_secrets() {
    let secret = b"client-secret-of-client-1-which-is-long-enough-for-hs256";
    let builder = || {
        ClientAssertionValidator::builder(CLIENT, ISSUER)
            .key(hmac::Key::new(&hmac::HS256, secret).unwrap())
            .allow_legacy_assertions([TOKEN_ENDPOINT])
    };
    let shown = [
        format!("{:?}", builder()),
        format!("{:?}", builder().build().unwrap()),
    ];
    for (debug, name) in shown.iter().zip([
        "ClientAssertionValidatorBuilder",
        "ClientAssertionValidator {",
    ]) {
        assert!(debug.starts_with(name), "{debug}");
        for part in [CLIENT, TOKEN_ENDPOINT, "legacy"] {
            assert!(debug.contains(part), "{part} missing from {debug}");
        }
        assert!(!debug.contains("client-secret"), "{debug}");
    }
    assert!(shown[0].contains(ISSUER), "{}", shown[0]);
}
