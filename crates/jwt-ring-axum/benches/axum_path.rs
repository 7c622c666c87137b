//! The axum path (token in the `Authorization` header to the handler) against the bare
//! RFC 9068 verification it wraps, for ES256: what the layer, the extractor, the scope check and
//! axum's routing add.
//!
//! Run with `cargo bench -p jwt-ring-axum`.

use std::hint::black_box;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, ScopeRequirement};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, ecdsa, encode};
use jwt_ring_axum::{AccessToken, ResourceServer, require_scopes};
use tower::ServiceExt;

const ISSUER: &str = "https://issuer.example";
const RESOURCE: &str = "https://api.example/orders";

fn setup() -> (AccessTokenValidator, AccessTokenValidator, String) {
    let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).expect("an ES256 key");
    let now = OffsetDateTime::now_utc();
    let scope = "orders:read orders:write".parse().expect("a scope");
    let claims =
        Claims::new(AccessTokenClaims::new("client-1", NoCustomClaims {}).with_scope(scope))
            .with_issuer(ISSUER)
            .with_audience(RESOURCE)
            .with_subject("alice")
            .with_jwt_id("bench-1")
            .valid_for(now, Duration::hours(24));
    let token = encode(&Header::new().with_typ("at+jwt"), &claims, &key).expect("signing");
    let validator = || {
        AccessTokenValidator::builder(ISSUER, RESOURCE)
            .key(key.verifying_key())
            .build()
            .expect("a validator")
    };
    (validator(), validator(), token)
}

async fn handler(token: AccessToken) -> &'static str {
    black_box(token.claims().custom.client_id.len());
    "ok"
}

fn axum_path(c: &mut Criterion) {
    let (bare, layered, token) = setup();
    let server: ResourceServer = ResourceServer::new(layered).realm("orders");
    let app = Router::new()
        .route("/orders", get(handler))
        .route_layer(require_scopes(ScopeRequirement::all(["orders:read"])))
        .layer(server.layer());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let authorization = format!("Bearer {token}");
    let request = || {
        Request::get("/orders")
            .header(header::AUTHORIZATION, authorization.as_str())
            .body(Body::empty())
            .expect("a request")
    };
    let status = runtime
        .block_on(app.clone().oneshot(request()))
        .map(|r| r.status());
    assert_eq!(status.ok(), Some(StatusCode::OK));

    let mut group = c.benchmark_group("axum_path/ES256");
    group.bench_function("verify", |b| {
        b.iter(|| {
            let verified = bare
                .verify::<NoCustomClaims>(black_box(&token))
                .expect("the token verifies");
            let needed = ScopeRequirement::all(["orders:read"]);
            verified
                .claims()
                .custom
                .requires_scopes(&needed)
                .expect("the scope is granted");
            black_box(verified)
        });
    });
    group.bench_function("axum", |b| {
        b.iter(|| {
            let response = runtime
                .block_on(app.clone().oneshot(request()))
                .expect("a response");
            assert_eq!(response.status(), StatusCode::OK);
            black_box(response)
        });
    });
    group.finish();
}

criterion_group!(benches, axum_path);
criterion_main!(benches);
