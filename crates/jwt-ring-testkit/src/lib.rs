//! Test support for jwt-ring's integration tests: real servers on loopback, never used outside
//! tests (a dev-dependency only, `publish = false`).
//!
//! - [`OidcProvider`] starts panva's `oidc-provider` (a certified OpenID Provider) under Node.js,
//!   signing with the committed test keys in `fixtures/`, and fetches real access tokens from it.
//! - [`JwksServer`] serves discovery metadata and a JWK Set whose behaviour a test changes at
//!   runtime: status, body, headers, `ETag`/`If-None-Match`, delay, outage; it counts requests.
//! - [`RedisServer`] starts `redis-server` (persistence off) on a free port, and stops and
//!   restarts it on the same port to simulate an outage.
//!
//! The HTTP servers bind `127.0.0.1` port 0, so the system picks a free port and no two tests race
//! for one; `redis-server` cannot bind port 0, so it gets a port the system picked a moment
//! before (and another one if that was taken meanwhile). All of them stop when dropped, so a
//! failing test never leaves a server behind.
//!
//! # Security
//!
//! Every key and secret in this crate is a published test fixture: anyone can read them. Never
//! use them anywhere but in tests.
//!
//! # Examples
//!
//! ```no_run
//! use jwt_ring_testkit::{OidcProvider, ORDERS_RESOURCE};
//!
//! # async fn run() -> Result<(), jwt_ring_testkit::Error> {
//! let provider = OidcProvider::start().await?;
//! let token = provider.client_credentials_token(ORDERS_RESOURCE, "orders:read").await?;
//! assert_eq!(token.split('.').count(), 3);
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod authorize;
mod error;
mod http;
mod jwks_server;
mod provider;
mod redis_server;

pub use authorize::{AuthorizationRequest, AuthorizationResponse};
pub use error::Error;
pub use http::{http_client, http_client_builder};
pub use jwks_server::{Endpoint, JwksServer};
pub use provider::{
    AUDIT_RESOURCE, BASIC_CLIENT_ID, BASIC_CLIENT_SECRET, BILLING_RESOURCE,
    CLIENT_ENCRYPTION_PRIVATE_JWKS, ECDH_ES_CLIENT_ID, ECDH_ES_CLIENT_KID, ENCRYPTED_CLIENT_SECRET,
    ORDERS_RESOURCE, OidcProvider, PRIVATE_KEY_JWT_CLIENT_ID, PRIVATE_KEY_JWT_CLIENT_JWK,
    PRIVATE_KEY_JWT_CLIENT_KID, PRIVATE_KEY_JWT_CLIENT_PEM, PROVIDER_PRIVATE_JWKS, ProviderOptions,
    REDIRECT_URI, RSA_OAEP_CLIENT_ID, RSA_OAEP_CLIENT_KID, Resource, TokenResponse,
};
pub use redis_server::{REDIS_READY_TIMEOUT, RedisServer};
/// The HTTP client crate the helpers use, for tests that call the servers themselves.
pub use reqwest;

/// The README's example compiles.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
