//! Attacks on the resource-server layer, each test named after one: a DPoP flood that filled
//! the replay store (memory and a real `redis-server`), a DPoP-bound token presented as
//! Bearer, a wrong `htu` inside a nested router, and access tokens in the query string or a
//! form body (OAuth 2.1 §5.2: never read).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::routing::get;
use jwt_ring::ecdsa::{self, SigningKey};
use jwt_ring::oauth::dpop::{DpopKey, DpopVerifier, ProofOptions};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, AsyncReplayStore, Confirmation};
use jwt_ring::replay::MemoryReplayStore;
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, encode};
use jwt_ring_axum::{AccessToken, DpopSettings, ResourceServer};
use jwt_ring_redis::{RedisReplayStore, RedisStoreOptions};
use jwt_ring_testkit::RedisServer;
use tower::ServiceExt;

const ISSUER: &str = "https://as.example";
const RESOURCE: &str = "https://api.example";
const ORIGIN: &str = "https://api.example";

/// How many refused requests each flood sends: twice the memory store's default capacity.
const FLOOD: usize = 20_000;

struct Issuer {
    key: SigningKey,
}

impl Issuer {
    fn new() -> Self {
        let (key, _) = SigningKey::generate(&ecdsa::ES256).unwrap();
        Self { key }
    }

    fn validator(&self) -> AccessTokenValidator {
        AccessTokenValidator::builder(ISSUER, RESOURCE)
            .key(self.key.verifying_key())
            .build()
            .unwrap()
    }

    /// An access token, bound to `jkt` when given, expired when `expired`.
    fn token(&self, jkt: Option<&str>, expired: bool) -> String {
        let now = OffsetDateTime::now_utc();
        let issued = if expired {
            now - Duration::hours(1)
        } else {
            now
        };
        let mut custom = AccessTokenClaims::new("client-1", NoCustomClaims {});
        custom.cnf = jkt.map(|jkt| Confirmation {
            jkt: Some(jkt.to_owned()),
            x5t_s256: None,
        });
        let claims = Claims::new(custom)
            .with_issuer(ISSUER)
            .with_audience(RESOURCE)
            .with_subject("alice")
            .with_issued_at(issued.into())
            .with_jwt_id(format!("at-{}", now.unix_timestamp_nanos()))
            .valid_for(issued, Duration::minutes(5));
        encode(&Header::new().with_typ("at+jwt"), &claims, &self.key).unwrap()
    }
}

async fn whoami(token: AccessToken) -> String {
    token
        .claims()
        .registered
        .sub()
        .unwrap_or_default()
        .to_owned()
}

/// The orders routes behind the layer, at `/orders`.
fn app(server: &ResourceServer) -> Router {
    Router::new()
        .route("/orders", get(whoami).post(whoami))
        .layer(server.layer())
}

fn dpop_request(path: &str, token: &str, proof: &str) -> Request {
    Request::builder()
        .uri(path)
        .header(header::AUTHORIZATION, format!("DPoP {token}"))
        .header("dpop", proof)
        .body(Body::empty())
        .unwrap()
}

fn proof(key: &DpopKey, htu: &str, token: &str) -> String {
    key.proof("GET", htu, &ProofOptions::new().access_token(token))
        .unwrap()
}

async fn status(app: &Router, request: Request) -> StatusCode {
    app.clone().oneshot(request).await.unwrap().status()
}

/// Sends `FLOOD` requests whose proofs are valid but whose tokens are not (garbage, expired,
/// bound to another key), each refused with 401; then one real client's request, accepted.
async fn flood_then_a_real_client(issuer: &Issuer, app: &Router) {
    let throwaway = DpopKey::generate("ES256").unwrap();
    let someone_else = DpopKey::generate("ES256").unwrap();
    let tokens = [
        "x".to_owned(),
        issuer.token(Some(throwaway.thumbprint()), true),
        issuer.token(Some(someone_else.thumbprint()), false),
    ];
    let htu = format!("{ORIGIN}/orders");
    for i in 0..FLOOD {
        let token = &tokens[i % tokens.len()];
        let request = dpop_request("/orders", token, &proof(&throwaway, &htu, token));
        assert_eq!(status(app, request).await, StatusCode::UNAUTHORIZED, "{i}");
    }
    let client = DpopKey::generate("ES256").unwrap();
    let token = issuer.token(Some(client.thumbprint()), false);
    let request = dpop_request("/orders", &token, &proof(&client, &htu, &token));
    assert_eq!(status(app, request).await, StatusCode::OK);
}

#[tokio::test]
async fn dpop_flood_through_the_layer_leaves_no_memory_store_entries() {
    let issuer = Issuer::new();
    let store = Arc::new(MemoryReplayStore::default());
    let shared: Arc<dyn AsyncReplayStore> = store.clone();
    let dpop = DpopSettings::new(DpopVerifier::builder().build().unwrap(), shared, ORIGIN);
    let server = ResourceServer::new(issuer.validator()).with_dpop(dpop);
    flood_then_a_real_client(&issuer, &app(&server)).await;
    assert_eq!(store.len(), 1, "only the real client's proof is remembered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dpop_flood_through_the_layer_leaves_no_redis_keys() {
    let redis = RedisServer::start().unwrap();
    let store = RedisReplayStore::connect(&redis.url(), RedisStoreOptions::new())
        .await
        .unwrap();
    let issuer = Issuer::new();
    let dpop = DpopSettings::new(
        DpopVerifier::builder().build().unwrap(),
        Arc::new(store),
        ORIGIN,
    );
    let server = ResourceServer::new(issuer.validator()).with_dpop(dpop);
    assert_eq!(redis.key_count().unwrap(), 0);
    flood_then_a_real_client(&issuer, &app(&server)).await;
    assert_eq!(
        redis.key_count().unwrap(),
        1,
        "only the real client's proof is remembered"
    );
}

#[tokio::test]
async fn dpop_bound_token_as_bearer_is_refused_through_the_layer() {
    let issuer = Issuer::new();
    // Built to accept bound tokens (for certificate bindings), with DPoP optional.
    let validator = AccessTokenValidator::builder(ISSUER, RESOURCE)
        .key(issuer.key.verifying_key())
        .accept_bound_tokens()
        .build()
        .unwrap();
    let dpop = DpopSettings::new(
        DpopVerifier::builder().build().unwrap(),
        Arc::new(MemoryReplayStore::default()),
        ORIGIN,
    );
    for server in [
        ResourceServer::new(validator).with_dpop(dpop),
        ResourceServer::new(issuer.validator()),
    ] {
        let key = DpopKey::generate("ES256").unwrap();
        let token = issuer.token(Some(key.thumbprint()), false);
        let bearer = Request::builder()
            .uri("/orders")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let response = app(&server).oneshot(bearer).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let challenge = response.headers()[header::WWW_AUTHENTICATE]
            .to_str()
            .unwrap();
        assert!(
            challenge.contains(r#"error="invalid_token""#),
            "{challenge}"
        );
    }
}

#[tokio::test]
async fn dpop_htu_under_a_nested_router_is_the_public_path() {
    let issuer = Issuer::new();
    let dpop = DpopSettings::new(
        DpopVerifier::builder().build().unwrap(),
        Arc::new(MemoryReplayStore::default()),
        ORIGIN,
    );
    let server = ResourceServer::new(issuer.validator()).with_dpop(dpop);
    // The layer inside the nested router: axum strips `/v1` from the URI it sees.
    let nested = Router::new().nest("/v1", app(&server));
    let key = DpopKey::generate("ES256").unwrap();
    let token = issuer.token(Some(key.thumbprint()), false);
    let right = proof(&key, &format!("{ORIGIN}/v1/orders"), &token);
    let request = dpop_request("/v1/orders", &token, &right);
    assert_eq!(status(&nested, request).await, StatusCode::OK);
    // A proof for the path without its prefix is for another resource.
    let wrong = proof(&key, &format!("{ORIGIN}/orders"), &token);
    let response = nested
        .clone()
        .oneshot(dpop_request("/v1/orders", &token, &wrong))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let challenge = response.headers()[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap();
    assert!(challenge.contains("invalid_dpop_proof"), "{challenge}");
    // Outside any nesting the same layer still uses the request's own path.
    let flat = app(&server);
    let token = issuer.token(Some(key.thumbprint()), false);
    let request = dpop_request(
        "/orders",
        &token,
        &proof(&key, &format!("{ORIGIN}/orders"), &token),
    );
    assert_eq!(status(&flat, request).await, StatusCode::OK);
}

#[tokio::test]
async fn access_tokens_in_the_query_or_a_form_body_are_never_read() {
    let issuer = Issuer::new();
    let token = issuer.token(None, false);
    let dpop = DpopSettings::new(
        DpopVerifier::builder().build().unwrap(),
        Arc::new(MemoryReplayStore::default()),
        ORIGIN,
    );
    for server in [
        ResourceServer::new(issuer.validator()),
        ResourceServer::new(issuer.validator()).with_dpop(dpop.clone()),
    ] {
        let app = app(&server.realm("orders"));
        let query = Request::builder()
            .uri(format!("/orders?access_token={token}"))
            .body(Body::empty())
            .unwrap();
        let form = Request::builder()
            .method(Method::POST)
            .uri("/orders")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("access_token={token}")))
            .unwrap();
        for request in [query, form] {
            let response = app.clone().oneshot(request).await.unwrap();
            // As for a request without credentials: 401, a challenge without an error code.
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            let challenge = response.headers()[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap();
            assert!(!challenge.contains("error="), "{challenge}");
        }
        // The same token in the header is accepted.
        let header_request = Request::builder()
            .uri("/orders")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(status(&app, header_request).await, StatusCode::OK);
    }
}
