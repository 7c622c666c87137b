//! RFC 6750: reading bearer credentials and answering failures with the right challenge.

mod common;

use common::{NOW, at, now, sign_raw, table};
use jwt_ring::oauth::bearer::{
    BearerError, ErrorCode, Rejection, from_headers, parse_authorization,
};
use jwt_ring::oauth::{AccessTokenError, AccessTokenValidator, Scope, ScopeRequirement};
use jwt_ring::{Malformed, NoCustomClaims, VerifyError};
use serde_json::json;

#[test]
fn authorization_header_table() {
    use BearerError::*;
    for (value, expected) in [
        (&b"Bearer abc"[..], Ok("abc")),
        (b"bearer abc", Ok("abc")),
        (b"BEARER abc", Ok("abc")),
        (b"BeArEr   a.b-c_d~e+f/g==", Ok("a.b-c_d~e+f/g==")),
        (b"Bearer", Err(Malformed)),
        (b"Bearer ", Err(Malformed)),
        (b"Bearer  ", Err(Malformed)),
        (b"", Err(Malformed)),
        (b" Bearer abc", Err(Malformed)),
        (b"Bearer abc ", Err(Malformed)),
        (b"Bearer\tabc", Err(OtherScheme)),
        (b"Bearer abc def", Err(Malformed)),
        (b"Bearer a=b", Err(Malformed)),
        (b"Bearer =", Err(Malformed)),
        (b"Bearer \"abc\"", Err(Malformed)),
        (b"Bearer abc\xff", Err(Malformed)),
        (b"Bearer abc, Bearer def", Err(MultipleCredentials)),
        (b"Bearer abc,def", Err(MultipleCredentials)),
        (b"Basic dXNlcjpwYXNz", Err(OtherScheme)),
        (b"DPoP abc", Err(OtherScheme)),
        (b"Bearerabc", Err(OtherScheme)),
        (b"Bearers abc", Err(OtherScheme)),
    ] {
        assert_eq!(
            parse_authorization(value),
            expected,
            "{}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn several_headers_are_several_credentials() {
    assert_eq!(from_headers([&b"Bearer t"[..]]), Ok("t"));
    assert_eq!(from_headers(Vec::<&[u8]>::new()), Err(BearerError::Missing));
    assert_eq!(
        from_headers([&b"Bearer t"[..], b"Bearer t"]),
        Err(BearerError::MultipleCredentials)
    );
    assert_eq!(
        from_headers([&b"Basic x"[..]]),
        Err(BearerError::OtherScheme)
    );
}

#[test]
fn header_failures_map_to_rfc_6750() {
    for (error, status, code, challenge) in [
        (BearerError::Missing, 401, None, r#"Bearer realm="api""#),
        (BearerError::OtherScheme, 401, None, r#"Bearer realm="api""#),
        (
            BearerError::Malformed,
            400,
            Some(ErrorCode::InvalidRequest),
            r#"Bearer realm="api", error="invalid_request", error_description="the authorization header is malformed""#,
        ),
        (
            BearerError::MultipleCredentials,
            400,
            Some(ErrorCode::InvalidRequest),
            r#"Bearer realm="api", error="invalid_request", error_description="more than one credential was sent""#,
        ),
    ] {
        let rejection = Rejection::from(&error);
        assert_eq!(rejection.status(), status, "{error:?}");
        assert_eq!(rejection.error(), code, "{error:?}");
        assert_eq!(rejection.challenge(Some("api")).as_deref(), Some(challenge));
    }
    assert_eq!(
        Rejection::from(&BearerError::Missing)
            .challenge(None)
            .as_deref(),
        Some("Bearer")
    );
    assert_eq!(
        Rejection::from(&BearerError::Malformed)
            .challenge(None)
            .as_deref(),
        Some(
            r#"Bearer error="invalid_request", error_description="the authorization header is malformed""#
        )
    );
}

#[test]
fn error_codes() {
    for (code, text, status) in [
        (ErrorCode::InvalidRequest, "invalid_request", 400),
        (ErrorCode::InvalidToken, "invalid_token", 401),
        (ErrorCode::InsufficientScope, "insufficient_scope", 403),
    ] {
        assert_eq!(code.as_str(), text);
        assert_eq!(code.to_string(), text);
        assert_eq!(code.status(), status);
    }
}

const ISS: &str = "https://as.example";
const API: &str = "https://api.example";

/// Every verification failure a resource server meets, produced for real.
#[test]
fn every_verify_error_maps_to_invalid_token_or_503() {
    let entry = table().into_iter().find(|e| e.alg == "ES256").unwrap();
    let other = table().into_iter().find(|e| e.alg == "PS256").unwrap();
    let validator = AccessTokenValidator::builder(ISS, API)
        .key(entry.verifier.clone())
        .build()
        .unwrap();
    let header = json!({"alg": "ES256", "typ": "at+jwt"}).to_string();
    let good = json!({
        "iss": ISS, "aud": API, "sub": "alice", "client_id": "c", "iat": NOW,
        "exp": NOW + 60, "jti": "j", "scope": "read"
    });
    let sign = |h: &str, p: &serde_json::Value| {
        sign_raw(h.as_bytes(), p.to_string().as_bytes(), &*entry.signer)
    };
    let valid = sign(&header, &good);
    // A character inside the signature, not the last one: changing the last one can leave
    // non-canonical trailing bits, a malformed token rather than a wrong signature.
    let mut tampered = valid.clone().into_bytes();
    let inside = tampered.len() - 10;
    tampered[inside] = if tampered[inside] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let mut wrong_client = good.clone();
    wrong_client["client_id"] = json!(7);
    let cases: Vec<(String, &str)> = vec![
        ("not a token".into(), "the access token is malformed"),
        (
            sign(&json!({"alg": "ES256", "typ": "JWT"}).to_string(), &good),
            "the access token header is not acceptable",
        ),
        (
            sign_raw(
                header.replace("ES256", "PS256").as_bytes(),
                good.to_string().as_bytes(),
                &*other.signer,
            ),
            "no key matches the access token",
        ),
        (tampered, "the access token signature is invalid"),
        (
            sign(&header, &wrong_client),
            "the access token claims are not acceptable",
        ),
    ];
    for (token, description) in cases {
        let error = validator
            .verify_at::<NoCustomClaims>(&token, now())
            .unwrap_err();
        let rejection = Rejection::from(&error);
        assert_eq!(rejection.status(), 401, "{error:?}");
        assert_eq!(rejection.error(), Some(ErrorCode::InvalidToken));
        assert_eq!(rejection.description(), Some(description), "{error:?}");
        let challenge = rejection.challenge(Some("api")).unwrap();
        assert!(challenge.starts_with(r#"Bearer realm="api", error="invalid_token""#));
        for segment in token.split('.') {
            if segment.len() > 3 {
                assert!(!challenge.contains(segment), "token echoed: {challenge}");
            }
        }
    }
    let expired = validator
        .verify_at::<NoCustomClaims>(&valid, at(NOW + 60))
        .unwrap_err();
    assert_eq!(
        Rejection::from(&expired).description(),
        Some("the access token expired")
    );
    // A future `iat` alone is no error (clock skew between servers; see the security model).
    assert!(
        validator
            .verify_at::<NoCustomClaims>(&valid, at(NOW - 10))
            .is_ok()
    );
    let mut future = good.clone();
    future["nbf"] = json!(NOW + 10);
    let not_yet = validator
        .verify_at::<NoCustomClaims>(&sign(&header, &future), now())
        .unwrap_err();
    assert_eq!(
        Rejection::from(&not_yet).description(),
        Some("the access token is not yet valid")
    );
}

#[test]
fn every_variant_by_construction() {
    let cases: Vec<(VerifyError, u16, Option<&str>)> = vec![
        (
            Malformed::SegmentCount.into(),
            401,
            Some("the access token is malformed"),
        ),
        (
            jwt_ring::HeaderError::AlgorithmNone.into(),
            401,
            Some("the access token header is not acceptable"),
        ),
        (
            VerifyError::NoMatchingKey,
            401,
            Some("no key matches the access token"),
        ),
        (
            VerifyError::AmbiguousKey,
            401,
            Some("no key matches the access token"),
        ),
        (
            VerifyError::AlgorithmNotAllowed,
            401,
            Some("the access token algorithm is not allowed"),
        ),
        (
            VerifyError::InvalidSignature,
            401,
            Some("the access token signature is invalid"),
        ),
        (
            VerifyError::ClaimsType,
            401,
            Some("the access token claims are not acceptable"),
        ),
        (
            VerifyError::Custom("deny-listed".into()),
            401,
            Some("the access token was rejected"),
        ),
        (VerifyError::KeysUnavailable, 503, None),
    ];
    for (error, status, description) in cases {
        let rejection = Rejection::from(&error);
        assert_eq!(rejection.status(), status, "{error:?}");
        assert_eq!(rejection.description(), description, "{error:?}");
        assert_eq!(rejection.challenge(Some("x")).is_none(), status == 503);
        if status == 503 {
            assert_eq!(rejection.error(), None);
        }
        let via = Rejection::from(&AccessTokenError::Verify(error));
        assert_eq!(via, rejection);
    }
}

#[test]
fn insufficient_scope_is_403_with_the_required_scopes() {
    let granted = Scope::parse("orders:read").unwrap();
    let error = ScopeRequirement::all(["orders:read", "orders:write"])
        .check(&granted)
        .unwrap_err();
    let rejection = Rejection::from(&error);
    assert_eq!(rejection.status(), 403);
    assert_eq!(rejection.error(), Some(ErrorCode::InsufficientScope));
    assert_eq!(rejection.scope(), Some("orders:read orders:write"));
    assert_eq!(
        rejection.challenge(Some("api")).as_deref(),
        Some(
            r#"Bearer realm="api", error="insufficient_scope", error_description="the access token lacks a required scope", scope="orders:read orders:write""#
        )
    );
    assert_eq!(
        Rejection::from(&AccessTokenError::InsufficientScope(error)),
        rejection
    );

    // Requirement names that are not scope-tokens never reach the header.
    let error = ScopeRequirement::any(["bad\"name", "", "ok"])
        .check(&Scope::empty())
        .unwrap_err();
    assert_eq!(Rejection::from(&error).scope(), Some("ok"));
    let error = ScopeRequirement::any(["bad name"])
        .check(&Scope::empty())
        .unwrap_err();
    let rejection = Rejection::from(&error);
    assert_eq!(rejection.scope(), None);
    assert!(!rejection.challenge(None).unwrap().contains("scope="));
}

#[test]
fn an_unchecked_binding_is_invalid_token() {
    let rejection = Rejection::from(&AccessTokenError::UncheckedBinding);
    assert_eq!(rejection.status(), 401);
    assert_eq!(rejection.error(), Some(ErrorCode::InvalidToken));
    assert_eq!(
        rejection.description(),
        Some("the access token is bound to a key and cannot be used as a bearer token")
    );
}

#[test]
fn realm_is_quoted() {
    let rejection = Rejection::from(&BearerError::Missing);
    assert_eq!(
        rejection.challenge(Some("say \"hi\" \\ \r\n")).as_deref(),
        Some(r#"Bearer realm="say \"hi\" \\ ??""#)
    );
}
