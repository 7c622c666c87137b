//! The real OpenID Provider starts, publishes discovery and keys, and issues RFC 9068 access
//! tokens that jwt-ring verifies.

use std::time::Duration;

use jwt_ring::jwk::{Jwk, JwkSet};
use jwt_ring::time::{self, OffsetDateTime};
use jwt_ring::{Claims, Header, NumericDate, Validator, dangerous, encode};
use jwt_ring_testkit::{
    AUDIT_RESOURCE, BASIC_CLIENT_ID, BASIC_CLIENT_SECRET, BILLING_RESOURCE, Error, ORDERS_RESOURCE,
    OidcProvider, PRIVATE_KEY_JWT_CLIENT_ID, PRIVATE_KEY_JWT_CLIENT_JWK,
    PRIVATE_KEY_JWT_CLIENT_KID, PROVIDER_PRIVATE_JWKS, ProviderOptions, Resource,
};
use serde_json::Value;

async fn get_json(url: &str) -> Value {
    let response = jwt_ring_testkit::http_client()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "GET {url}");
    response.json().await.unwrap()
}

/// A validator for the provider's access tokens for `resource`, with its published keys.
async fn access_token_validator(provider: &OidcProvider, resource: &str) -> Validator {
    let discovery = get_json(&provider.discovery_url()).await;
    let jwks_uri = discovery["jwks_uri"].as_str().unwrap();
    let jwks = jwt_ring_testkit::http_client()
        .unwrap()
        .get(jwks_uri)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let keys = JwkSet::from_json(&jwks).unwrap();
    assert!(keys.skipped().is_empty(), "{:?}", keys.skipped());
    Validator::builder()
        .key_resolver(keys)
        .typ("at+jwt")
        .issuer(provider.issuer())
        .audience(resource)
        .require_claim("sub")
        .require_claim("client_id")
        .require_claim("iat")
        .require_claim("jti")
        .build()
        .unwrap()
}

/// The instant the provider stamped into the token: verification is pinned to it instead of
/// reading this machine's clock.
fn issued_at(token: &str) -> OffsetDateTime {
    let peeked = dangerous::decode_unverified::<Value>(token).unwrap();
    peeked
        .claims()
        .registered
        .iat()
        .unwrap()
        .to_offset_date_time()
}

#[tokio::test]
async fn discovery_announces_the_loopback_issuer_and_its_keys() {
    let provider = OidcProvider::shared().await.unwrap();
    assert_eq!(
        provider.issuer(),
        format!("http://127.0.0.1:{}", provider.port())
    );

    let discovery = get_json(&provider.discovery_url()).await;
    assert_eq!(discovery["issuer"], provider.issuer());
    assert_eq!(discovery["jwks_uri"], provider.jwks_uri().as_str());
    assert_eq!(
        discovery["token_endpoint"],
        provider.token_endpoint().as_str()
    );
    assert_eq!(
        discovery["authorization_endpoint"],
        provider.authorization_endpoint().as_str()
    );
    let grants = discovery["grant_types_supported"].as_array().unwrap();
    assert!(grants.contains(&Value::from("client_credentials")));
    let dpop_algs = discovery["dpop_signing_alg_values_supported"]
        .as_array()
        .unwrap();
    assert!(dpop_algs.contains(&Value::from("ES256")));

    // The published keys are exactly the public halves of the committed fixtures.
    let published = get_json(&provider.jwks_uri()).await;
    let kids: Vec<&str> = published["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|key| key["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["testkit-rs256", "testkit-es256", "testkit-eddsa"]);
    assert!(!published.to_string().contains("\"d\""));
    let fixtures: Value = serde_json::from_str(PROVIDER_PRIVATE_JWKS).unwrap();
    for (public, private) in published["keys"]
        .as_array()
        .unwrap()
        .iter()
        .zip(fixtures["keys"].as_array().unwrap())
    {
        let public = Jwk::from_json(&public.to_string()).unwrap();
        let private = Jwk::from_json(&private.to_string()).unwrap();
        assert_eq!(public, private.to_public().unwrap());
    }
}

#[tokio::test]
async fn client_credentials_tokens_for_each_resource_verify_with_jwt_ring() {
    let provider = OidcProvider::shared().await.unwrap();
    let table = [
        (
            ORDERS_RESOURCE,
            "orders:read orders:write",
            "ES256",
            "testkit-es256",
        ),
        (BILLING_RESOURCE, "billing:read", "RS256", "testkit-rs256"),
        (AUDIT_RESOURCE, "audit:read", "EdDSA", "testkit-eddsa"),
    ];
    for (resource, scope, alg, kid) in table {
        let token = provider
            .client_credentials_token(resource, scope)
            .await
            .unwrap();

        let untrusted = jwt_ring::UntrustedToken::parse(&token).unwrap();
        assert_eq!(untrusted.header().typ(), Some("at+jwt"), "{resource}");
        assert_eq!(untrusted.algorithm(), alg, "{resource}");
        assert_eq!(untrusted.header().kid(), Some(kid), "{resource}");

        let validator = access_token_validator(provider, resource).await;
        let now = issued_at(&token) + time::Duration::seconds(1);
        let verified = validator.verify_at::<Value>(&token, now).unwrap();
        let claims = verified.claims();
        assert_eq!(claims.registered.iss(), Some(provider.issuer()));
        assert!(claims.registered.aud().unwrap().contains(resource));
        assert_eq!(claims.custom["client_id"], BASIC_CLIENT_ID);
        assert_eq!(claims.custom["scope"], scope);

        // A resource server for another API refuses it.
        let other = access_token_validator(provider, "https://api.example/other").await;
        assert!(matches!(
            other.verify_at::<Value>(&token, now),
            Err(jwt_ring::VerifyError::Claim(_))
        ));
    }
}

#[tokio::test]
async fn the_signing_algorithm_of_a_resource_is_configurable() {
    let options = ProviderOptions::default()
        .with_resource_alg(ORDERS_RESOURCE, "EdDSA")
        .with_resource_alg(BILLING_RESOURCE, "ES256");
    let mut options = options;
    options.resources.push(Resource::new(
        "https://api.example/reports",
        "reports:read",
        "RS256",
    ));
    let provider = OidcProvider::start_with(options).await.unwrap();
    for (resource, scope, alg) in [
        (ORDERS_RESOURCE, "orders:read", "EdDSA"),
        (BILLING_RESOURCE, "billing:read", "ES256"),
        ("https://api.example/reports", "reports:read", "RS256"),
    ] {
        let token = provider
            .client_credentials_token(resource, scope)
            .await
            .unwrap();
        let untrusted = jwt_ring::UntrustedToken::parse(&token).unwrap();
        assert_eq!(untrusted.algorithm(), alg, "{resource}");
        let validator = access_token_validator(&provider, resource).await;
        let now = issued_at(&token) + time::Duration::seconds(1);
        validator.verify_at::<Value>(&token, now).unwrap();
    }
}

#[tokio::test]
async fn the_access_token_lifetime_is_configurable() {
    let mut options = ProviderOptions {
        access_token_ttl: Duration::from_secs(120),
        ..ProviderOptions::default()
    };
    options.resources[1].access_token_ttl = Some(Duration::from_secs(60));
    let provider = OidcProvider::start_with(options).await.unwrap();
    for (resource, scope, lifetime) in [
        (ORDERS_RESOURCE, "orders:read", 120),
        (BILLING_RESOURCE, "billing:read", 60),
    ] {
        let token = provider
            .client_credentials_token(resource, scope)
            .await
            .unwrap();
        let claims = dangerous::decode_unverified::<Value>(&token).unwrap();
        let registered = &claims.claims().registered;
        let exp = registered.exp().unwrap().unix();
        let iat = registered.iat().unwrap().unix();
        assert_eq!(exp - iat, lifetime, "{resource}");
    }
}

#[tokio::test]
async fn an_unknown_resource_is_refused_with_invalid_target() {
    let provider = OidcProvider::shared().await.unwrap();
    let error = provider
        .client_credentials_token("https://api.example/unknown", "orders:read")
        .await
        .unwrap_err();
    match error {
        Error::TokenRequest { status, body } => {
            assert_eq!(status, 400);
            assert!(body.contains("invalid_target"), "{body}");
        }
        other => panic!("expected a token request error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_private_key_jwt_client_authenticates_with_the_fixture_key() {
    let provider = OidcProvider::shared().await.unwrap();
    let key = Jwk::from_json(PRIVATE_KEY_JWT_CLIENT_JWK).unwrap();
    assert_eq!(key.kid(), Some(PRIVATE_KEY_JWT_CLIENT_KID));
    let signer = key.signer().unwrap();

    // The provider checks the assertion against its own clock, so it is minted with the real one.
    let now = OffsetDateTime::now_utc();
    let claims = Claims::registered_only()
        .with_issuer(PRIVATE_KEY_JWT_CLIENT_ID)
        .with_subject(PRIVATE_KEY_JWT_CLIENT_ID)
        .with_audience(provider.issuer())
        .with_jwt_id(format!("testkit-{}", now.unix_timestamp_nanos()))
        .with_issued_at(NumericDate::from_unix(now.unix_timestamp()).unwrap())
        .with_expiry(NumericDate::from_unix(now.unix_timestamp() + 60).unwrap());
    let header = Header::new().with_key_id(PRIVATE_KEY_JWT_CLIENT_KID);
    let assertion = encode(&header, &claims, &*signer).unwrap();

    let form = [
        ("grant_type", "client_credentials"),
        ("resource", ORDERS_RESOURCE),
        ("scope", "orders:read"),
        ("client_id", PRIVATE_KEY_JWT_CLIENT_ID),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion.as_str()),
    ];
    let response = provider.token_request(None, &form).await.unwrap();
    assert_eq!(response.status, 200, "{}", response.body);
    let token = response.access_token().unwrap();
    let claims = dangerous::decode_unverified::<Value>(token).unwrap();
    assert_eq!(
        claims.claims().custom["client_id"],
        PRIVATE_KEY_JWT_CLIENT_ID
    );

    // The same assertion again is a replay: the provider remembers its jti.
    let replay = provider.token_request(None, &form).await.unwrap();
    assert_eq!(replay.status, 401);
    assert_eq!(replay.body["error"], "invalid_client");
    assert!(replay.access_token().is_none());
}

#[tokio::test]
async fn token_requests_carry_extra_headers_and_return_errors_as_data() {
    let provider = OidcProvider::shared().await.unwrap();
    let form = [
        ("grant_type", "client_credentials"),
        ("resource", AUDIT_RESOURCE),
        ("scope", "audit:read"),
    ];
    // Without client authentication the provider refuses, and the refusal is data.
    let refused = provider.token_request(None, &form).await.unwrap();
    assert_eq!(refused.status, 400);
    assert_eq!(refused.body["error"], "invalid_request");
    assert!(refused.access_token().is_none());
    assert!(refused.dpop_nonce.is_none());

    // The same credentials as client_secret_basic, written as an extra header.
    let credentials = basic_authorization(BASIC_CLIENT_ID, BASIC_CLIENT_SECRET);
    let accepted = provider
        .token_request_with_headers(None, &[("authorization", &credentials)], &form)
        .await
        .unwrap();
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.body["token_type"], "Bearer");
    assert!(accepted.access_token().is_some());
}

#[tokio::test]
async fn the_encrypted_id_token_clients_are_registered_with_the_public_fixture_keys() {
    use jwt_ring_testkit::{
        AuthorizationRequest, CLIENT_ENCRYPTION_PRIVATE_JWKS, ECDH_ES_CLIENT_ID,
        ECDH_ES_CLIENT_KID, RSA_OAEP_CLIENT_ID, RSA_OAEP_CLIENT_KID,
    };

    // Each client's metadata names its key's algorithm and holds that key's public half only.
    let fixtures: Value = serde_json::from_str(CLIENT_ENCRYPTION_PRIVATE_JWKS).unwrap();
    let options = ProviderOptions::default();
    for (client_id, kid, alg, enc) in [
        (
            RSA_OAEP_CLIENT_ID,
            RSA_OAEP_CLIENT_KID,
            "RSA-OAEP-256",
            Some("A256GCM"),
        ),
        (ECDH_ES_CLIENT_ID, ECDH_ES_CLIENT_KID, "ECDH-ES", None),
    ] {
        let client = options
            .clients
            .iter()
            .find(|client| client["client_id"] == client_id)
            .unwrap();
        assert_eq!(client["id_token_encrypted_response_alg"], alg);
        assert_eq!(
            client["id_token_encrypted_response_enc"].as_str(),
            enc,
            "{client_id}"
        );
        let private = fixtures["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|key| key["kid"] == kid)
            .unwrap();
        let private = Jwk::from_json(&private.to_string()).unwrap();
        assert_eq!(private.algorithm(), Some(alg));
        assert_eq!(private.key_use(), Some("enc"));
        let registered = client["jwks"]["keys"].as_array().unwrap();
        assert_eq!(registered.len(), 1);
        let registered = Jwk::from_json(&registered[0].to_string()).unwrap();
        assert_eq!(registered, private.to_public().unwrap());
        assert!(!registered.is_private(), "{client_id}");
    }

    // The provider announces the algorithms and accepts the clients: its ID tokens for them
    // are JWEs (five segments).
    let provider = OidcProvider::shared().await.unwrap();
    let discovery = get_json(&provider.discovery_url()).await;
    assert_eq!(
        discovery["id_token_encryption_alg_values_supported"],
        serde_json::json!(["RSA-OAEP-256", "ECDH-ES"])
    );
    assert_eq!(
        discovery["id_token_encryption_enc_values_supported"],
        serde_json::json!(["A128CBC-HS256", "A256GCM"])
    );
    let response_types = discovery["response_types_supported"].as_array().unwrap();
    assert!(response_types.contains(&Value::from("code id_token token")));
    let authorized = provider
        .authorize(&AuthorizationRequest {
            client_id: ECDH_ES_CLIENT_ID,
            response_type: "code id_token token",
            scope: "openid",
            nonce: "n-testkit",
            login: "dave",
            max_age: None,
        })
        .await
        .unwrap();
    assert_eq!(authorized.get("id_token").unwrap().split('.').count(), 5);
    assert!(authorized.get("access_token").is_some());
}

/// `Basic base64(id:secret)` (RFC 7617), as reqwest writes it.
fn basic_authorization(id: &str, secret: &str) -> String {
    let request = jwt_ring_testkit::http_client()
        .unwrap()
        .get("http://127.0.0.1/")
        .basic_auth(id, Some(secret))
        .build()
        .unwrap();
    request.headers()["authorization"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn options_that_are_not_json_are_refused_before_starting() {
    let options = ProviderOptions {
        jwks: "not json".to_owned(),
        ..ProviderOptions::default()
    };
    let error = OidcProvider::start_with(options).await.unwrap_err();
    assert!(matches!(error, Error::Options(_)), "{error:?}");
}

#[tokio::test]
async fn a_missing_node_is_named() {
    let options = ProviderOptions {
        node: "/nonexistent/testkit/node".into(),
        ..ProviderOptions::default()
    };
    let error = OidcProvider::start_with(options).await.unwrap_err();
    assert!(matches!(error, Error::NodeNotFound), "{error:?}");
}

#[tokio::test]
async fn a_provider_that_cannot_start_reports_its_stderr() {
    let options = ProviderOptions {
        jwks: r#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#.to_owned(),
        ..ProviderOptions::default()
    };
    let error = OidcProvider::start_with(options).await.unwrap_err();
    match error {
        Error::NotReady { reason, stderr } => {
            assert!(reason.contains("exited"), "{reason}");
            assert!(stderr.contains("jwks"), "{stderr}");
        }
        other => panic!("expected NotReady, got {other:?}"),
    }
}

#[tokio::test]
async fn the_shared_provider_is_started_once() {
    let first = OidcProvider::shared().await.unwrap();
    let second = OidcProvider::shared().await.unwrap();
    assert!(std::ptr::eq(first, second));
    assert_eq!(first.issuer(), second.issuer());
}

#[test]
fn a_provider_outlives_the_runtime_that_started_it() {
    let runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    };
    let first = runtime();
    let provider = first.block_on(OidcProvider::start()).unwrap();
    first
        .block_on(provider.client_credentials_token(ORDERS_RESOURCE, "orders:read"))
        .unwrap();
    drop(first);

    let second = runtime();
    let token = second
        .block_on(provider.client_credentials_token(BILLING_RESOURCE, "billing:read"))
        .unwrap();
    let untrusted = jwt_ring::UntrustedToken::parse(&token).unwrap();
    assert_eq!(untrusted.algorithm(), "RS256");
    // The stderr reader is a thread of its own, still collecting.
    assert!(provider.stderr().contains("oidc-provider WARNING"));
}

#[tokio::test]
async fn a_provider_that_is_not_ready_in_time_is_reported_and_stopped() {
    let options = ProviderOptions {
        ready_timeout: Duration::from_millis(1),
        ..ProviderOptions::default()
    };
    let error = OidcProvider::start_with(options).await.unwrap_err();
    assert!(
        matches!(&error, Error::NotReady { reason, .. } if reason.starts_with("no ready line within")),
        "{error:?}"
    );
}

#[tokio::test]
async fn dropping_the_provider_stops_it() {
    let provider = OidcProvider::start().await.unwrap();
    let url = provider.discovery_url();
    get_json(&url).await;
    drop(provider);
    // The kill is asynchronous: allow the process a moment to die, without timing anything.
    let mut refused = false;
    for _ in 0..100 {
        if jwt_ring_testkit::http_client()
            .unwrap()
            .get(&url)
            .send()
            .await
            .is_err()
        {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(refused, "the provider still answers after drop");
}
