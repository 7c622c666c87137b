//! A small orders API as an OAuth 2.0 resource server: access tokens from the issuer's
//! `client_credentials` or authorization-code flows, `orders:read` to list, `orders:write` to
//! place an order, `/health` open to the load balancer.
//!
//! Without `ISSUER` it runs as a demo that needs nothing else: an issuer in this process on
//! loopback, and four `curl` commands printed to try (a valid token, a missing scope, an
//! expired token, a DPoP request with its proof):
//!
//! ```sh
//! cargo run -p jwt-ring-axum --example orders_api
//! ```
//!
//! With `ISSUER` it verifies that issuer's tokens (`https`; a local issuer on plain `http`
//! needs `ALLOW_LOOPBACK_HTTP=1`):
//!
//! ```sh
//! ISSUER=http://127.0.0.1:8080 ALLOW_LOOPBACK_HTTP=1 RESOURCE=https://api.example/orders \
//!     cargo run -p jwt-ring-axum --example orders_api
//! curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/orders
//! ```
//!
//! `BIND` sets the address (default `127.0.0.1:3000`). `PUBLIC_ORIGIN=https://api.example`
//! accepts DPoP-bound tokens too (RFC 9449), with the proofs' `jti`s remembered in Redis at
//! `REDIS_URL` (shared by every instance) or, without it, in this process's memory.

#[allow(dead_code)]
pub mod demo;

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::routing::get;
use jwt_ring::oauth::dpop::DpopVerifier;
use jwt_ring::oauth::{AsyncReplayStore, MemoryReplayStore, ScopeRequirement};
use jwt_ring_axum::{AccessToken, DpopSettings, ResourceServer, require_scopes};
use jwt_ring_http::{HttpOptions, RemoteKeys};
use jwt_ring_redis::{RedisReplayStore, RedisStoreOptions};
use serde_json::{Value, json};

/// The resource indicator (RFC 8707) the API answers to unless `RESOURCE` says otherwise.
pub const RESOURCE: &str = "https://api.example/orders";

/// The API's routes behind the resource server.
pub fn app(server: &ResourceServer) -> Router {
    let read = Router::new()
        .route("/orders", get(list_orders))
        .route_layer(require_scopes(ScopeRequirement::all(["orders:read"])).realm("orders"));
    let write = Router::new()
        .route("/orders/new", axum::routing::post(place_order))
        .route_layer(require_scopes(ScopeRequirement::all(["orders:write"])).realm("orders"));
    Router::new()
        .merge(read)
        .merge(write)
        .layer(server.layer())
        .route("/health", get(|| async { "ok" }))
}

async fn list_orders(token: AccessToken) -> Json<Value> {
    let claims = token.claims();
    Json(json!({
        "owner": claims.registered.sub(),
        "client_id": claims.custom.client_id,
        "orders": [],
    }))
}

async fn place_order(token: AccessToken) -> Json<Value> {
    Json(json!({ "placed_by": token.claims().custom.client_id }))
}

/// Discovers the issuer and builds the resource server for `resource`.
pub async fn resource_server(
    issuer: &str,
    resource: &str,
    http: HttpOptions,
) -> Result<ResourceServer, Box<dyn std::error::Error>> {
    let keys = RemoteKeys::builder().http(http).discover(issuer).await?;
    let validator = keys.access_token_validator(resource).build()?;
    Ok(ResourceServer::new(validator).realm("orders"))
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let Ok(issuer) = std::env::var("ISSUER") else {
        let demo = demo::start(&bind).await?;
        println!("{}", demo::banner(&demo));
        println!("Ctrl-C to stop.");
        tokio::signal::ctrl_c().await?;
        return Ok(());
    };
    let resource = std::env::var("RESOURCE").unwrap_or_else(|_| RESOURCE.to_owned());
    let mut http = HttpOptions::default();
    if std::env::var("ALLOW_LOOPBACK_HTTP").is_ok_and(|value| value == "1") {
        http = http.allow_loopback_http();
    }
    let mut server = resource_server(&issuer, &resource, http).await?;
    if let Ok(origin) = std::env::var("PUBLIC_ORIGIN") {
        let store: Arc<dyn AsyncReplayStore> = match std::env::var("REDIS_URL") {
            Ok(url) => {
                Arc::new(RedisReplayStore::connect(&url, RedisStoreOptions::default()).await?)
            }
            Err(_) => Arc::new(MemoryReplayStore::default()),
        };
        let verifier = DpopVerifier::builder().build()?;
        server = server.with_dpop(DpopSettings::new(verifier, store, origin));
    }
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!("orders API on http://{}", listener.local_addr()?);
    axum::serve(listener, app(&server)).await?;
    Ok(())
}
