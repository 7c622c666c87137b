//! An issuer's keys over HTTP for [jwt-ring](https://docs.rs/jwt-ring): OpenID Connect
//! Discovery and RFC 8414 metadata, and the JWK Set at its `jwks_uri`, cached and refreshed by
//! the core's sans-IO [`RemoteKeySet`](jwt_ring::remote::RemoteKeySet).
//!
//! The core decides *when* to fetch and *what* to keep (max age, refresh-ahead with jitter,
//! cooldown on unknown `kid`, last known good on outage, limits); this crate only does the
//! fetching, with [reqwest](https://docs.rs/reqwest) on rustls (aws-lc-rs, post-quantum key
//! exchange first), and runs on Tokio.
//!
//! # Three lines for a resource server
//!
//! ```no_run
//! # async fn run(bearer_token: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use jwt_ring::NoCustomClaims;
//! use jwt_ring_http::RemoteKeys;
//!
//! let keys = RemoteKeys::discover("https://issuer.example").await?;
//! let validator = keys.access_token_validator("https://api.example").build()?;
//! let access = validator.verify::<NoCustomClaims>(bearer_token).await?;
//! # drop(access);
//! # Ok(())
//! # }
//! ```
//!
//! The validator is the RFC 9068 preset (`typ: at+jwt`, `iss` the discovered issuer, `aud` the
//! resource, `client_id`, `jti`, DPoP-bound tokens refused as bearer tokens), verifying with the
//! issuer's keys and fetching when a token needs it. [`RemoteKeys::validator`] gives a plain
//! [`Validator`](jwt_ring::Validator) instead, for tokens that are not access tokens.
//!
//! For axum, `jwt-ring-axum`'s `ResourceServer` takes this validator and answers with the
//! RFC 6750 challenges.
//!
//! # Security
//!
//! * Only `https` is fetched (loopback `http` only when [`HttpOptions::allow_loopback_http`] is
//!   set), redirects are limited and may not leave `https`.
//! * No internal address is ever connected to (private, loopback, link-local such as a cloud
//!   metadata endpoint, shared, reserved): not as an IP literal in the issuer, the `jwks_uri` or
//!   a redirect, and not as any address a name resolves to. A deployment whose issuer lives
//!   inside its own network says so with [`HttpOptions::allow_internal_addresses`].
//! * Only the configured issuer's metadata and its `jwks_uri` are fetched: never a URL a token
//!   names (`jku`, `x5u`, or a `kid` that looks like a URL).
//! * Metadata is refused unless its `issuer` is exactly the configured issuer (RFC 8414 §3.3,
//!   OpenID Connect Discovery §4.3), and the validator is pinned to that issuer.
//! * Bodies are capped while they are read; a remote set never yields symmetric or private keys.
//! * Every request has a timeout (5 s by default); an unknown `kid` causes at most one fetch per
//!   cooldown, shared by all callers.
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod access_tokens;
mod client;
mod destination;
mod error;
mod remote_keys;
mod urls;
mod validator;

pub use access_tokens::{RemoteAccessTokenValidator, RemoteAccessTokenValidatorBuilder};
pub use client::HttpOptions;
pub use error::{Error, TransportFailure};
pub use remote_keys::{RefreshTask, RemoteKeys, RemoteKeysBuilder};
pub use urls::MetadataLocation;
pub use validator::{KeyFailure, RemoteValidator};
