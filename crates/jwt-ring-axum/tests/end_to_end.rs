//! The orders API example over real HTTP, with access tokens from a real OpenID Provider
//! (panva's `oidc-provider` on loopback): the right token passes, every wrong one gets the
//! RFC 6750 answer.

#[path = "../examples/orders_api/main.rs"]
mod orders_api;

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, encode};
use jwt_ring_http::HttpOptions;
use jwt_ring_testkit::{
    BILLING_RESOURCE, ORDERS_RESOURCE, OidcProvider, PROVIDER_PRIVATE_JWKS, http_client,
};
use serde::Serialize;

struct Api {
    base: String,
    client: jwt_ring_testkit::reqwest::Client,
}

struct Answer {
    status: u16,
    challenge: Option<String>,
    body: String,
}

impl Api {
    async fn call(&self, method: &str, path: &str, authorization: Option<&str>) -> Answer {
        let url = format!("{}{path}", self.base);
        let mut request = match method {
            "POST" => self.client.post(url),
            _ => self.client.get(url),
        };
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.expect("the API answers");
        let status = response.status().as_u16();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            challenge,
            body,
        }
    }
}

async fn start(provider: &OidcProvider) -> Api {
    let server = orders_api::resource_server(
        provider.issuer(),
        ORDERS_RESOURCE,
        HttpOptions::default().allow_loopback_http(),
    )
    .await
    .expect("discovery");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = orders_api::app(&server);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Api {
        base,
        client: http_client().unwrap(),
    }
}

#[derive(Serialize)]
struct Extra {
    client_id: &'static str,
    scope: &'static str,
}

/// A token signed with the provider's own ES256 key, as the provider would never issue it.
fn forged(provider: &OidcProvider, typ: &str, issued: OffsetDateTime) -> String {
    let jwk = jwt_ring::jwk::Jwk::from_json(
        &serde_json::from_str::<serde_json::Value>(PROVIDER_PRIVATE_JWKS).unwrap()["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|key| key["kid"] == "testkit-es256")
            .unwrap()
            .to_string(),
    )
    .unwrap();
    let signer = jwk.signer().unwrap();
    let claims = Claims::new(Extra {
        client_id: "jwt-ring-basic",
        scope: "orders:read",
    })
    .with_issuer(provider.issuer())
    .with_subject("jwt-ring-basic")
    .with_audience(ORDERS_RESOURCE)
    .with_jwt_id("forged-1")
    .valid_for(issued, Duration::minutes(5));
    encode(&Header::new().with_typ(typ), &claims, &*signer).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_orders_api_answers_each_token_as_rfc_6750_says() {
    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let api = start(&provider).await;

    assert_eq!(api.call("GET", "/health", None).await.status, 200);

    // The right token, the right scope: 200.
    let read = provider
        .client_credentials_token(ORDERS_RESOURCE, "orders:read")
        .await
        .unwrap();
    let ok = api
        .call("GET", "/orders", Some(&format!("Bearer {read}")))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("jwt-ring-basic"), "{}", ok.body);
    // The scheme is case-insensitive.
    let lower = api
        .call("GET", "/orders", Some(&format!("bearer {read}")))
        .await;
    assert_eq!(lower.status, 200);

    // No credentials: 401 with a bare challenge.
    let none = api.call("GET", "/orders", None).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.challenge.as_deref(), Some(r#"Bearer realm="orders""#));

    // Another scheme is no bearer credential at all: 401 without an error code (RFC 6750 §3.1).
    let basic = api.call("GET", "/orders", Some("Basic dXNlcjpwYXNz")).await;
    assert_eq!(basic.status, 401);
    assert_eq!(basic.challenge.as_deref(), Some(r#"Bearer realm="orders""#));

    // A malformed header: 400 invalid_request.
    for bad in ["Bearer a b", "Bearer", "Bearer x, Bearer y"] {
        let answer = api.call("GET", "/orders", Some(bad)).await;
        assert_eq!(answer.status, 400, "{bad}");
        let challenge = answer.challenge.unwrap();
        assert!(
            challenge.contains(r#"error="invalid_request""#),
            "{challenge}"
        );
    }

    // Tampered, wrong audience, wrong typ (an ID-token-like JWT), expired: 401 invalid_token.
    let mut tampered = read.clone().into_bytes();
    let inside = tampered.len() - 10;
    tampered[inside] = if tampered[inside] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let billing = provider
        .client_credentials_token(BILLING_RESOURCE, "billing:read")
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let not_an_access_token = forged(&provider, "JWT", now);
    let expired = forged(&provider, "at+jwt", now - Duration::hours(1));
    for (name, token) in [
        ("tampered", &tampered),
        ("wrong audience", &billing),
        ("typ JWT", &not_an_access_token),
        ("expired", &expired),
    ] {
        let answer = api
            .call("GET", "/orders", Some(&format!("Bearer {token}")))
            .await;
        assert_eq!(answer.status, 401, "{name}");
        let challenge = answer.challenge.unwrap();
        assert!(
            challenge.contains(r#"error="invalid_token""#),
            "{name}: {challenge}"
        );
        assert!(
            !challenge.contains(token.as_str()),
            "{name}: the token is echoed"
        );
        assert!(answer.body.is_empty(), "{name}: {}", answer.body);
    }
    // The forged token with the right typ and time verifies: the failures above are the checks.
    let fresh = forged(&provider, "at+jwt", now);
    let answer = api
        .call("GET", "/orders", Some(&format!("Bearer {fresh}")))
        .await;
    assert_eq!(answer.status, 200);

    // Valid token, missing scope: 403 insufficient_scope naming the scope needed.
    let write = provider
        .client_credentials_token(ORDERS_RESOURCE, "orders:write")
        .await
        .unwrap();
    let answer = api
        .call("GET", "/orders", Some(&format!("Bearer {write}")))
        .await;
    assert_eq!(answer.status, 403);
    let challenge = answer.challenge.unwrap();
    assert!(
        challenge.contains(r#"error="insufficient_scope""#),
        "{challenge}"
    );
    assert!(challenge.contains(r#"scope="orders:read""#), "{challenge}");
    let answer = api
        .call("POST", "/orders/new", Some(&format!("Bearer {read}")))
        .await;
    assert_eq!(answer.status, 403);
    let answer = api
        .call("POST", "/orders/new", Some(&format!("Bearer {write}")))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_key_jwt_client_authenticates_with_an_assertion_minted_here() {
    use jwt_ring::ecdsa;
    use jwt_ring::oauth::ClientAssertion;
    use jwt_ring_testkit::{
        PRIVATE_KEY_JWT_CLIENT_ID, PRIVATE_KEY_JWT_CLIENT_KID, PRIVATE_KEY_JWT_CLIENT_PEM,
    };

    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let api = start(&provider).await;
    let key = ecdsa::SigningKey::from_pem(&ecdsa::ES256, PRIVATE_KEY_JWT_CLIENT_PEM)
        .unwrap()
        .with_key_id(PRIVATE_KEY_JWT_CLIENT_KID);
    // RFC 7523 §3 as RFC 10070 updates it: iss = sub = client_id, aud the authorization
    // server's issuer identifier alone, typ client-authentication+jwt. oidc-provider takes it.
    let assertion = ClientAssertion::new(PRIVATE_KEY_JWT_CLIENT_ID, provider.issuer())
        .sign(&key)
        .unwrap();
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
    let answer = api
        .call("GET", "/orders", Some(&format!("Bearer {token}")))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer.body.contains(PRIVATE_KEY_JWT_CLIENT_ID),
        "{}",
        answer.body
    );

    // The provider remembers the assertion's jti: the same assertion again is refused.
    let replayed = provider.token_request(None, &form).await.unwrap();
    assert_eq!(replayed.status, 401, "{}", replayed.body);
    // An assertion signed by another key is refused.
    let (other, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let forged = ClientAssertion::new(PRIVATE_KEY_JWT_CLIENT_ID, provider.issuer())
        .sign(&other.with_key_id(PRIVATE_KEY_JWT_CLIENT_KID))
        .unwrap();
    let mut form = form;
    form[5].1 = forged.as_str();
    let refused = provider.token_request(None, &form).await.unwrap();
    assert_eq!(refused.status, 401, "{}", refused.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_id_token_presented_as_an_access_token_is_refused() {
    use jwt_ring_testkit::{AuthorizationRequest, BASIC_CLIENT_ID, BASIC_CLIENT_SECRET};

    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let api = start(&provider).await;
    let authorized = provider
        .authorize(&AuthorizationRequest {
            client_id: BASIC_CLIENT_ID,
            response_type: "code",
            scope: "openid",
            nonce: "n-1",
            login: "alice",
            max_age: None,
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
    let id_token = response.body["id_token"].as_str().expect("an id_token");
    // Signed by the same issuer with a published key, but it is no access token: typ confusion.
    let answer = api
        .call("GET", "/orders", Some(&format!("Bearer {id_token}")))
        .await;
    assert_eq!(answer.status, 401);
    let challenge = answer.challenge.unwrap();
    assert!(
        challenge.contains(r#"error="invalid_token""#),
        "{challenge}"
    );
}
