//! An OAuth 2.0 resource server verifying JWT access tokens (RFC 9068) from an issuer URL.
//!
//! The issuer here is a small in-process stand-in on loopback, so the example runs anywhere: it
//! serves OpenID Connect Discovery metadata and a JWK Set over real HTTP, and mints tokens. The
//! resource server half is what a service writes: discover the issuer, build the validator once,
//! verify each request's bearer token. Then the issuer rotates its keys the way rotation should
//! go: the next key is published ahead, signing moves to it, and the old key is withdrawn; the
//! cache's next refresh drops it.
//!
//! Run with `cargo run -p jwt-ring-http --example resource_server`.

use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use jwt_ring::jwk::Jwk;
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenError};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, VerifyError, ecdsa, encode};
use jwt_ring_http::{HttpOptions, RemoteKeys};

const RESOURCE: &str = "https://api.example.com/orders";

/// The stand-in issuer's state: the keys it publishes and the one it signs with.
struct Issuer {
    url: String,
    signing: ecdsa::SigningKey,
    published: Vec<Jwk>,
}

type Shared = Arc<RwLock<Issuer>>;

async fn metadata(State(issuer): State<Shared>) -> impl IntoResponse {
    let url = issuer.read().map(|i| i.url.clone()).unwrap_or_default();
    let body = format!(r#"{{"issuer":"{url}","jwks_uri":"{url}/jwks"}}"#);
    ([(header::CONTENT_TYPE, "application/json")], body)
}

async fn jwks(State(issuer): State<Shared>) -> impl IntoResponse {
    let members: Vec<String> = issuer
        .read()
        .map(|i| i.published.iter().map(Jwk::to_json).collect())
        .unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "application/jwk-set+json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        format!(r#"{{"keys":[{}]}}"#, members.join(",")),
    )
}

fn new_key(kid: &str) -> Result<ecdsa::SigningKey, Box<dyn std::error::Error>> {
    let (key, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    Ok(key.with_key_id(kid))
}

fn mint(
    issuer: &Shared,
    audience: &str,
    scope: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let issuer = issuer.read().map_err(|_| "issuer lock poisoned")?;
    let now = OffsetDateTime::now_utc();
    let claims = Claims::new(
        AccessTokenClaims::new("s6BhdRkqt3", NoCustomClaims {}).with_scope(scope.parse()?),
    )
    .with_issuer(issuer.url.clone())
    .with_subject("user-5ba552d67")
    .with_audience(audience)
    .with_issued_at(now.into())
    .with_jwt_id(format!("at-{}", now.unix_timestamp_nanos()))
    .valid_for(now, Duration::minutes(5));
    Ok(encode(
        &Header::new().with_typ("at+jwt"),
        &claims,
        &issuer.signing,
    )?)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // --- The stand-in issuer, on a free loopback port. ---------------------------------------
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let first = new_key("2026-12-a")?;
    let next = new_key("2026-12-b")?;
    let issuer: Shared = Arc::new(RwLock::new(Issuer {
        url: url.clone(),
        published: vec![
            first.verifying_key().to_jwk(),
            next.verifying_key().to_jwk(),
        ],
        signing: first,
    }));
    let app = Router::new()
        .route("/.well-known/openid-configuration", get(metadata))
        .route("/jwks", get(jwks))
        .with_state(Arc::clone(&issuer));
    tokio::spawn(async move { axum::serve(listener, app).await });

    // --- The resource server: three lines, then one verify per request. ----------------------
    let keys = RemoteKeys::builder()
        // Loopback `http` for this example only; real issuers are fetched over `https`.
        .http(HttpOptions::default().allow_loopback_http())
        .discover(&url)
        .await?;
    // The RFC 9068 preset, pinned to the discovered issuer: `typ` at+jwt, `aud`, `client_id`,
    // `jti`, and DPoP-bound tokens refused as bearer tokens.
    let validator = keys.access_token_validator(RESOURCE).build()?;

    let token = mint(&issuer, RESOURCE, "orders:read")?;
    let old_token = token.clone();
    let access = validator.verify::<NoCustomClaims>(&token).await?;
    let claims = access.claims();
    println!(
        "200: sub={} client_id={} scope={:?}",
        claims.registered.sub().unwrap_or("-"),
        claims.custom.client_id,
        claims.custom.scope
    );

    // --- The issuer signs with the key it published ahead: no fetch needed. -----------------
    issuer.write().map_err(|_| "issuer lock poisoned")?.signing = next;
    let token = mint(&issuer, RESOURCE, "orders:read")?;
    validator.verify::<NoCustomClaims>(&token).await?;
    println!(
        "200 with the next key, fetches so far: {}",
        keys.status().fetches
    );

    // --- The issuer withdraws the old key; the next refresh drops it. ------------------------
    issuer
        .write()
        .map_err(|_| "issuer lock poisoned")?
        .published
        .remove(0);
    // A refresh task (`keys.spawn_refresh_task(..)`) or the cache's max age would do this.
    keys.load().await?;
    match validator.verify::<NoCustomClaims>(&old_token).await {
        Err(AccessTokenError::Verify(VerifyError::NoMatchingKey)) => println!(
            "401 invalid_token: key 2026-12-a withdrawn; keys now {:?}",
            keys.status().key_ids
        ),
        other => return Err(format!("expected the old key to be gone, got {other:?}").into()),
    }

    // --- A token for another API is refused, whatever key signed it. -------------------------
    let other = mint(&issuer, "https://billing.example.com", "billing:read")?;
    match validator.verify::<NoCustomClaims>(&other).await {
        Err(AccessTokenError::Verify(VerifyError::Claim(error))) => {
            println!("401 invalid_token: {error}")
        }
        other => return Err(format!("expected an audience error, got {other:?}").into()),
    }
    Ok(())
}
