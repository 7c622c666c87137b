//! RFC 9068 access tokens: the preset's required claims, `typ`, algorithms and scopes.

mod common;

use common::{NOW, at, now, sign_raw, table};
use jwt_ring::oauth::{
    AccessTokenClaims, AccessTokenError, AccessTokenValidator, Confirmation, Scope,
    ScopeRequirement,
};
use jwt_ring::{ClaimFailure, ClaimName, ConfigError, HeaderError, NoCustomClaims, VerifyError};
use serde::Deserialize;
use serde_json::{Value, json};

const ISS: &str = "https://as.example";
const API: &str = "https://api.example";

fn payload() -> Value {
    json!({
        "iss": ISS, "aud": API, "sub": "alice", "client_id": "client-1",
        "iat": NOW, "exp": NOW + 300, "jti": "id-1",
        "scope": "orders:read orders:write",
    })
}

fn header(typ: &str, alg: &str) -> Value {
    json!({"alg": alg, "typ": typ})
}

fn es256() -> common::Entry {
    table().into_iter().find(|e| e.alg == "ES256").unwrap()
}

fn validator(entry: &common::Entry) -> AccessTokenValidator {
    AccessTokenValidator::builder(ISS, API)
        .key(entry.verifier.clone())
        .build()
        .unwrap()
}

fn token(entry: &common::Entry, header: &Value, payload: &Value) -> String {
    sign_raw(
        header.to_string().as_bytes(),
        payload.to_string().as_bytes(),
        &*entry.signer,
    )
}

fn verify(
    v: &AccessTokenValidator,
    token: &str,
) -> Result<AccessTokenClaims<NoCustomClaims>, AccessTokenError> {
    v.verify_at::<NoCustomClaims>(token, now())
        .map(|t| t.into_claims().custom)
}

#[test]
fn every_asymmetric_algorithm_is_accepted_and_hmac_is_not_by_default() {
    for entry in table() {
        let v = validator(&entry);
        let t = token(&entry, &header("at+jwt", entry.alg), &payload());
        let result = verify(&v, &t);
        if entry.alg.starts_with("HS") {
            assert!(
                matches!(
                    result,
                    Err(AccessTokenError::Verify(VerifyError::AlgorithmNotAllowed))
                ),
                "{}",
                entry.alg
            );
        } else {
            let claims = result.unwrap();
            assert_eq!(claims.client_id, "client-1", "{}", entry.alg);
            assert!(claims.scope.contains("orders:write"));
        }
    }
}

#[test]
fn hmac_is_accepted_when_named() {
    let entry = table().into_iter().find(|e| e.alg == "HS256").unwrap();
    let v = AccessTokenValidator::builder(ISS, API)
        .key(entry.verifier.clone())
        .algorithms(["HS256"])
        .build()
        .unwrap();
    let t = token(&entry, &header("at+jwt", "HS256"), &payload());
    assert!(verify(&v, &t).is_ok());
}

#[test]
fn typ_must_be_at_jwt() {
    let entry = es256();
    let v = validator(&entry);
    for (typ, ok) in [
        ("at+jwt", true),
        ("application/at+jwt", true),
        ("AT+JWT", true),
        ("JWT", false),
        ("jwt", false),
        ("application/jwt", false),
        ("id_token+jwt", false),
    ] {
        let t = token(&entry, &header(typ, "ES256"), &payload());
        let result = verify(&v, &t);
        if ok {
            assert!(result.is_ok(), "{typ}");
        } else {
            assert!(
                matches!(
                    result,
                    Err(AccessTokenError::Verify(VerifyError::Header(
                        HeaderError::UnexpectedType
                    )))
                ),
                "{typ}"
            );
        }
    }
    let t = token(&entry, &json!({"alg": "ES256"}), &payload());
    assert!(matches!(
        verify(&v, &t),
        Err(AccessTokenError::Verify(VerifyError::Header(
            HeaderError::UnexpectedType
        )))
    ));
}

#[test]
fn every_required_claim_is_required() {
    let entry = es256();
    let v = validator(&entry);
    for name in ["iss", "aud", "exp", "sub", "client_id", "iat", "jti"] {
        let mut p = payload();
        p.as_object_mut().unwrap().remove(name);
        let t = token(&entry, &header("at+jwt", "ES256"), &p);
        match verify(&v, &t) {
            Err(AccessTokenError::Verify(VerifyError::Claim(error))) => {
                assert_eq!(error.claim(), &ClaimName::new(name), "{name}");
                assert_eq!(error.failure(), ClaimFailure::Missing, "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn issuer_and_resource_are_checked() {
    let entry = es256();
    let v = validator(&entry);
    for (name, value) in [
        ("iss", json!("https://evil.example")),
        ("aud", json!("https://other-api.example")),
        ("aud", json!(["https://other-api.example"])),
    ] {
        let mut p = payload();
        p[name] = value;
        let t = token(&entry, &header("at+jwt", "ES256"), &p);
        match verify(&v, &t) {
            Err(AccessTokenError::Verify(VerifyError::Claim(error))) => {
                assert_eq!(error.claim(), &ClaimName::new(name));
                assert_eq!(error.failure(), ClaimFailure::NotAccepted);
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    let mut p = payload();
    p["aud"] = json!(["https://other-api.example", API]);
    let t = token(&entry, &header("at+jwt", "ES256"), &p);
    assert!(verify(&v, &t).is_ok());

    let second = AccessTokenValidator::builder(ISS, API)
        .resource("urn:api")
        .key(entry.verifier.clone())
        .build()
        .unwrap();
    p["aud"] = json!("urn:api");
    let t = token(&entry, &header("at+jwt", "ES256"), &p);
    assert!(verify(&second, &t).is_ok());
    assert!(verify(&v, &t).is_err());
}

#[test]
fn expiry_is_checked_with_the_injected_clock() {
    let entry = es256();
    let v = validator(&entry);
    let t = token(&entry, &header("at+jwt", "ES256"), &payload());
    assert!(v.verify_at::<NoCustomClaims>(&t, at(NOW + 299)).is_ok());
    match v.verify_at::<NoCustomClaims>(&t, at(NOW + 300)) {
        Err(AccessTokenError::Verify(VerifyError::Claim(e))) => {
            assert_eq!(e.failure(), ClaimFailure::Expired)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mistyped_profile_claims_are_errors_not_absent() {
    let entry = es256();
    let v = validator(&entry);
    for (name, value) in [
        ("client_id", json!(42)),
        ("scope", json!(["orders:read"])),
        ("scope", json!("orders:read  orders:write")),
        ("scope", json!("")),
        ("scope", json!("bad\\scope")),
        ("groups", json!("admins")),
        ("roles", json!([1])),
        ("entitlements", json!({})),
        ("amr", json!("pwd")),
        ("auth_time", json!("yesterday")),
        ("acr", json!(1)),
        ("cnf", json!("key")),
        ("cnf", json!({"jkt": 7})),
    ] {
        let mut p = payload();
        p[name] = value;
        let t = token(&entry, &header("at+jwt", "ES256"), &p);
        assert!(
            matches!(
                verify(&v, &t),
                Err(AccessTokenError::Verify(VerifyError::ClaimsType))
            ),
            "{name}"
        );
    }
}

#[test]
fn bound_tokens_are_refused_unless_the_caller_checks_the_binding() {
    let entry = es256();
    let v = validator(&entry);
    for cnf in [
        json!({"jkt": "abc"}),
        json!({"x5t#S256": "def"}),
        json!({"kid": "x"}),
    ] {
        let mut p = payload();
        p["cnf"] = cnf.clone();
        let t = token(&entry, &header("at+jwt", "ES256"), &p);
        assert!(
            matches!(verify(&v, &t), Err(AccessTokenError::UncheckedBinding)),
            "{cnf}"
        );
    }
}

#[test]
fn optional_claims_are_read() {
    let entry = es256();
    let v = AccessTokenValidator::builder(ISS, API)
        .key(entry.verifier.clone())
        .accept_bound_tokens()
        .build()
        .unwrap();
    let mut p = payload();
    p["auth_time"] = json!(NOW - 60);
    p["acr"] = json!("urn:mace:incommon:iap:silver");
    p["amr"] = json!(["pwd", "otp"]);
    p["groups"] = json!(["g1"]);
    p["roles"] = json!(["r1", "r2"]);
    p["entitlements"] = json!(["e1"]);
    // A certificate binding, checked by the caller; a DPoP `jkt` never passes `verify_at`.
    p["cnf"] = json!({"x5t#S256": "def", "unknown": 1});
    p.as_object_mut().unwrap().remove("scope");
    let t = token(&entry, &header("at+jwt", "ES256"), &p);
    let claims = verify(&v, &t).unwrap();
    assert_eq!(claims.auth_time.unwrap().unix(), NOW - 60);
    assert_eq!(claims.acr.as_deref(), Some("urn:mace:incommon:iap:silver"));
    assert_eq!(claims.amr, ["pwd", "otp"]);
    assert_eq!(claims.groups, ["g1"]);
    assert_eq!(claims.roles, ["r1", "r2"]);
    assert_eq!(claims.entitlements, ["e1"]);
    assert_eq!(
        claims.cnf,
        Some(Confirmation {
            jkt: None,
            x5t_s256: Some("def".into())
        })
    );
    assert_eq!(claims.scope, Scope::empty());
    p["cnf"] = json!({"jkt": "abc", "x5t#S256": "def"});
    let t = token(&entry, &header("at+jwt", "ES256"), &p);
    assert!(matches!(
        verify(&v, &t),
        Err(AccessTokenError::UncheckedBinding)
    ));
}

#[derive(Debug, Deserialize)]
struct Tenant {
    tenant: String,
}

#[test]
fn extra_claims_are_flattened_into_the_callers_type() {
    let entry = es256();
    let v = validator(&entry);
    let mut p = payload();
    p["tenant"] = json!("acme");
    let t = token(&entry, &header("at+jwt", "ES256"), &p);
    let claims = v.verify_at::<Tenant>(&t, now()).unwrap().into_claims();
    assert_eq!(claims.custom.extra.tenant, "acme");
    assert_eq!(claims.custom.client_id, "client-1");
    assert_eq!(claims.registered.sub(), Some("alice"));
    p.as_object_mut().unwrap().remove("tenant");
    let t = token(&entry, &header("at+jwt", "ES256"), &p);
    assert!(matches!(
        v.verify_at::<Tenant>(&t, now()),
        Err(AccessTokenError::Verify(VerifyError::ClaimsType))
    ));
}

#[test]
fn validator_wide_scope_requirement() {
    let entry = es256();
    let t = token(&entry, &header("at+jwt", "ES256"), &payload());
    let build = |r| {
        AccessTokenValidator::builder(ISS, API)
            .key(entry.verifier.clone())
            .requires_scopes(r)
            .build()
            .unwrap()
    };
    assert!(
        verify(
            &build(ScopeRequirement::all(["orders:read", "orders:write"])),
            &t
        )
        .is_ok()
    );
    assert!(verify(&build(ScopeRequirement::any(["admin", "orders:read"])), &t).is_ok());
    match verify(&build(ScopeRequirement::all(["orders:read", "admin"])), &t) {
        Err(AccessTokenError::InsufficientScope(e)) => assert_eq!(e.missing(), ["admin"]),
        other => panic!("{other:?}"),
    }
    // A token that fails verification never reaches the scope check.
    let expired = build(ScopeRequirement::all(["admin"]));
    assert!(matches!(
        expired.verify_at::<NoCustomClaims>(&t, at(NOW + 1000)),
        Err(AccessTokenError::Verify(VerifyError::Claim(_)))
    ));
}

#[test]
fn configuration_errors_pass_through() {
    assert!(matches!(
        AccessTokenValidator::builder(ISS, API).build(),
        Err(ConfigError::NoKeys)
    ));
    let entry = es256();
    assert!(matches!(
        AccessTokenValidator::builder(ISS, API)
            .key(entry.verifier.clone())
            .algorithms(Vec::<String>::new())
            .build(),
        Err(ConfigError::EmptyList)
    ));
}

#[test]
fn claims_round_trip_through_encode() {
    let entry = es256();
    let v = validator(&entry);
    let claims = jwt_ring::Claims::new(
        AccessTokenClaims::new("client-9", NoCustomClaims {})
            .with_scope(Scope::from_tokens(["a", "b"]).unwrap()),
    )
    .with_issuer(ISS)
    .with_audience(API)
    .with_subject("bob")
    .with_issued_at(now().into())
    .with_jwt_id("j")
    .valid_for(now(), jwt_ring::time::Duration::minutes(1));
    let t = jwt_ring::encode(
        &jwt_ring::Header::new().with_typ("at+jwt"),
        &claims,
        &*entry.signer,
    )
    .unwrap();
    let text = String::from_utf8(common::unb64(&common::segments(&t)[1])).unwrap();
    assert!(!text.contains("amr"), "empty lists are not written: {text}");
    let bare = serde_json::to_value(AccessTokenClaims::new("c", NoCustomClaims {})).unwrap();
    assert_eq!(
        bare,
        json!({"client_id": "c"}),
        "an empty scope is not written"
    );
    let read = verify(&v, &t).unwrap();
    assert_eq!(read.client_id, "client-9");
    assert_eq!(read.scope.as_str(), "a b");
}
