//! An OAuth 2.0 resource server for [axum](https://docs.rs/axum) on
//! [jwt-ring](https://docs.rs/jwt-ring): reads the bearer token (RFC 6750 §2.1), verifies it as
//! an RFC 9068 access token with keys fetched from the issuer, puts the typed claims in the
//! request, and answers failures with the RFC 6750 status and `WWW-Authenticate` challenge.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use axum::{Router, routing::get};
//! use jwt_ring::oauth::ScopeRequirement;
//! use jwt_ring_axum::{AccessToken, ResourceServer, require_scopes};
//! use jwt_ring_http::RemoteKeys;
//!
//! let keys = RemoteKeys::discover("https://issuer.example").await?;
//! let validator = keys.access_token_validator("https://api.example/orders").build()?;
//! let server: ResourceServer = ResourceServer::new(validator).realm("orders");
//!
//! async fn list(token: AccessToken) -> String {
//!     format!("orders of {}", token.claims().registered.sub().unwrap_or("?"))
//! }
//! let app: Router = Router::new()
//!     .route("/orders", get(list))
//!     .route_layer(require_scopes(ScopeRequirement::all(["orders:read"])).realm("orders"))
//!     .layer(server.layer());
//! # drop(app);
//! # Ok(())
//! # }
//! ```
//!
//! Failures never echo the token: a missing or malformed `Authorization` header answers 400
//! `invalid_request` (401 without an error code when there is no header at all), a token that
//! does not verify 401 `invalid_token`, a missing scope 403 `insufficient_scope` naming the
//! scopes needed, and keys that cannot be had 503.
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod dpop;
mod extract;
mod layer;
mod rejection;
mod scopes;
mod server;

pub use dpop::DpopSettings;
pub use extract::{AccessToken, GrantedScope};
pub use jwt_ring::oauth::bearer::AuthScheme;
pub use layer::{BearerLayer, BearerService};
pub use rejection::Refusal;
pub use scopes::{RequireScopes, RequireScopesLayer, require_scopes};
pub use server::{ResourceServer, Verification};
