//! The HTTP driver against a real OpenID Provider (panva's `oidc-provider` on loopback): real
//! discovery, a real JWK Set, and real RFC 9068 access tokens obtained with `client_credentials`.

mod support;

use jwt_ring::{NoCustomClaims, Validator, VerifyError};
use jwt_ring_http::RemoteKeys;
use jwt_ring_testkit::{AUDIT_RESOURCE, BILLING_RESOURCE, ORDERS_RESOURCE, OidcProvider};
use serde::Deserialize;
use support::loopback;

#[derive(Debug, Deserialize)]
struct AccessClaims {
    client_id: String,
    scope: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_tokens_from_a_real_provider_verify_through_discovery() {
    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let keys = RemoteKeys::builder()
        .http(loopback())
        .discover(provider.issuer())
        .await
        .expect("discovery");
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
    let keys = RemoteKeys::builder()
        .http(loopback())
        .discover(provider.issuer())
        .await
        .expect("discovery");
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
        .verify_with(|now| orders.verify_at::<NoCustomClaims>(&token, now))
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
        .verify_with(|now| orders.verify_at::<NoCustomClaims>(&narrow, now))
        .await;
    assert!(
        matches!(refused, Err(AccessTokenError::InsufficientScope(_))),
        "{refused:?}"
    );
}
