//! The HTTP driver against a real OpenID Provider (panva's `oidc-provider` on loopback): real
//! discovery, a real JWK Set, and real RFC 9068 access tokens obtained with `client_credentials`.

mod support;

use jwt_ring::{NoCustomClaims, Validator, VerifyError};
use jwt_ring_http::RemoteKeys;
use jwt_ring_testkit::{AUDIT_RESOURCE, BILLING_RESOURCE, ORDERS_RESOURCE, OidcProvider};
use serde::Deserialize;
use support::loopback;

/// The provider's keys through discovery, over loopback `http`.
async fn discover(provider: &OidcProvider) -> RemoteKeys {
    RemoteKeys::builder()
        .http(loopback())
        .discover(provider.issuer())
        .await
        .expect("discovery")
}

#[derive(Debug, Deserialize)]
struct AccessClaims {
    client_id: String,
    scope: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_tokens_from_a_real_provider_verify_through_discovery() {
    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let keys = discover(&provider).await;
    assert_eq!(keys.jwks_uri().as_str(), provider.jwks_uri());
    let status = keys.status();
    assert!(status.loaded);
    assert!(status.key_ids.len() >= 3, "{:?}", status.key_ids);

    // Each resource's tokens are signed with another algorithm: ES256, RS256 and EdDSA.
    for (resource, scope, alg) in [
        (ORDERS_RESOURCE, "orders:read", "ES256"),
        (BILLING_RESOURCE, "billing:read", "RS256"),
        (AUDIT_RESOURCE, "audit:read", "EdDSA"),
    ] {
        let validator = keys
            .validator(
                Validator::builder()
                    .audience(resource)
                    .typ("at+jwt")
                    .require_claim("client_id")
                    .require_claim("jti"),
            )
            .unwrap();
        let token = provider
            .client_credentials_token(resource, scope)
            .await
            .expect("a client_credentials access token");
        let verified = validator.verify::<AccessClaims>(&token).await.unwrap();
        assert_eq!(verified.header().algorithm(), Some(alg));
        assert_eq!(verified.claims().registered.iss(), Some(provider.issuer()));
        assert_eq!(
            verified.claims().custom.client_id,
            jwt_ring_testkit::BASIC_CLIENT_ID
        );
        assert_eq!(verified.claims().custom.scope, scope);
    }

    // A token for one resource is refused by another's validator.
    let orders = keys
        .validator(Validator::builder().audience(ORDERS_RESOURCE).typ("at+jwt"))
        .unwrap();
    let billing_token = provider
        .client_credentials_token(BILLING_RESOURCE, "billing:read")
        .await
        .unwrap();
    assert!(matches!(
        orders.verify::<NoCustomClaims>(&billing_token).await,
        Err(VerifyError::Claim(_))
    ));
    // One discovery, one JWK Set fetch for all of it.
    assert_eq!(keys.status().fetches, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rfc9068_preset_verifies_real_access_tokens_with_remote_keys() {
    use jwt_ring::oauth::{AccessTokenError, AccessTokenValidator, ScopeRequirement};

    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let keys = discover(&provider).await;
    let orders = AccessTokenValidator::builder(provider.issuer(), ORDERS_RESOURCE)
        .key_resolver(keys.key_set().clone())
        .requires_scopes(ScopeRequirement::all(["orders:read"]))
        .build()
        .unwrap();
    let token = provider
        .client_credentials_token(ORDERS_RESOURCE, "orders:read orders:write")
        .await
        .unwrap();
    let verified = keys
        .verify_with(&token, |now| {
            orders.verify_at::<NoCustomClaims>(&token, now)
        })
        .await
        .unwrap();
    assert_eq!(
        verified.claims().custom.client_id,
        jwt_ring_testkit::BASIC_CLIENT_ID
    );
    assert!(verified.claims().custom.scope.contains("orders:write"));

    let narrow = provider
        .client_credentials_token(ORDERS_RESOURCE, "orders:write")
        .await
        .unwrap();
    let refused = keys
        .verify_with(&narrow, |now| {
            orders.verify_at::<NoCustomClaims>(&narrow, now)
        })
        .await;
    assert!(
        matches!(refused, Err(AccessTokenError::InsufficientScope(_))),
        "{refused:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_id_token_from_the_code_flow_is_checked_with_nonce_and_at_hash() {
    use jwt_ring::oauth::{IdTokenError, IdTokenExpectations, IdTokenValidator};
    use jwt_ring_testkit::{AuthorizationRequest, BASIC_CLIENT_ID, BASIC_CLIENT_SECRET};

    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let keys = discover(&provider).await;
    let nonce = "n-0S6_WzA2Mj";
    let authorized = provider
        .authorize(&AuthorizationRequest {
            client_id: BASIC_CLIENT_ID,
            response_type: "code",
            scope: "openid",
            nonce,
            login: "alice",
            max_age: Some(300),
        })
        .await
        .expect("the code flow");
    let code = authorized.get("code").expect("a code").to_owned();
    let response = provider
        .token_request(
            Some((BASIC_CLIENT_ID, BASIC_CLIENT_SECRET)),
            &[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", jwt_ring_testkit::REDIRECT_URI),
            ],
        )
        .await
        .unwrap();
    assert_eq!(response.status, 200, "{}", response.body);
    let id_token = response.body["id_token"].as_str().unwrap().to_owned();
    let access_token = response.access_token().unwrap().to_owned();

    let validator = IdTokenValidator::builder(provider.issuer(), BASIC_CLIENT_ID)
        .key_resolver(keys.key_set().clone())
        .build()
        .unwrap();
    // From the token endpoint `at_hash` is optional (Core §3.1.3.6) and this provider leaves
    // it out: it is checked when present, required only when asked.
    let expected = IdTokenExpectations::new()
        .nonce(nonce)
        .max_age(jwt_ring::time::Duration::seconds(300))
        .access_token(&access_token);
    let verified = keys
        .verify_with(&id_token, |now| {
            validator.verify_at::<NoCustomClaims>(&id_token, &expected, now)
        })
        .await
        .unwrap();
    assert_eq!(verified.claims().registered.sub(), Some("alice"));

    // Another nonce, another access token: refused by name.
    let wrong_nonce = IdTokenExpectations::new().nonce("another");
    assert!(matches!(
        validator.verify::<NoCustomClaims>(&id_token, &wrong_nonce),
        Err(IdTokenError::NonceMismatch)
    ));
    let demanded = IdTokenExpectations::new()
        .nonce(nonce)
        .access_token(&access_token)
        .require_access_token_hash();
    assert!(matches!(
        validator.verify::<NoCustomClaims>(&id_token, &demanded),
        Err(IdTokenError::AccessTokenHashMissing)
    ));
    // A validator for another client refuses it (aud).
    let other = IdTokenValidator::builder(provider.issuer(), "another-client")
        .key_resolver(keys.key_set().clone())
        .build()
        .unwrap();
    assert!(matches!(
        other.verify::<NoCustomClaims>(&id_token, &IdTokenExpectations::new().nonce(nonce)),
        Err(IdTokenError::Verify(VerifyError::Claim(_)))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hybrid_flow_id_token_binds_the_code_with_c_hash() {
    use jwt_ring::oauth::{IdTokenError, IdTokenExpectations, IdTokenValidator};
    use jwt_ring_testkit::{AuthorizationRequest, ProviderOptions};

    let mut options = ProviderOptions::default();
    options.clients.push(serde_json::json!({
        "client_id": "jwt-ring-hybrid",
        "client_secret": "jwt-ring-hybrid-test-secret-not-for-production",
        "grant_types": ["authorization_code", "implicit"],
        "response_types": ["code id_token"],
        "redirect_uris": [jwt_ring_testkit::REDIRECT_URI],
    }));
    let provider = OidcProvider::start_with(options)
        .await
        .expect("oidc-provider starts");
    let keys = discover(&provider).await;
    let nonce = "n-hybrid-1";
    let authorized = provider
        .authorize(&AuthorizationRequest {
            client_id: "jwt-ring-hybrid",
            response_type: "code id_token",
            scope: "openid",
            nonce,
            login: "bob",
            max_age: None,
        })
        .await
        .expect("the hybrid flow");
    let code = authorized.get("code").expect("a code");
    let id_token = authorized
        .get("id_token")
        .expect("a front-channel id_token");
    let validator = IdTokenValidator::builder(provider.issuer(), "jwt-ring-hybrid")
        .key_resolver(keys.key_set().clone())
        .build()
        .unwrap();
    let expected = IdTokenExpectations::new()
        .nonce(nonce)
        .code(code)
        .require_code_hash();
    let verified = keys
        .verify_with(id_token, |now| {
            validator.verify_at::<NoCustomClaims>(id_token, &expected, now)
        })
        .await
        .unwrap();
    assert_eq!(verified.claims().registered.sub(), Some("bob"));
    // A code swapped in by an attacker does not match the ID token's c_hash.
    let swapped = IdTokenExpectations::new().nonce(nonce).code("swapped-code");
    assert!(matches!(
        validator.verify::<NoCustomClaims>(id_token, &swapped),
        Err(IdTokenError::CodeHashMismatch)
    ));
}
