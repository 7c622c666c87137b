//! A `jti` replay store in Redis for [jwt-ring](https://docs.rs/jwt-ring), shared by every
//! instance of a service: DPoP proofs (RFC 9449 §11.1) and client assertions (RFC 7523 §3)
//! are accepted once across all of them.
//!
//! [`RedisReplayStore`] implements the core's
//! [`AsyncReplayStore`](jwt_ring::oauth::AsyncReplayStore) with one atomic
//! `SET key 1 NX PX ttl` per call, on [redis-rs](https://docs.rs/redis)'s reconnecting,
//! multiplexed connection, under Tokio.
//!
//! ```no_run
//! use jwt_ring::oauth::AsyncReplayStore;
//! use jwt_ring_redis::{RedisReplayStore, RedisStoreOptions};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let store = RedisReplayStore::connect("redis://127.0.0.1:6379/", RedisStoreOptions::default())
//!     .await?;
//! let shared: &dyn AsyncReplayStore = &store; // where the core asks for a store
//! # let _ = shared;
//! # Ok(())
//! # }
//! ```
//!
//! # Security
//!
//! * Fails closed: no answer within the response timeout (500 ms by default), a broken
//!   connection or an error reply is
//!   [`ReplayError::Unavailable`](jwt_ring::oauth::ReplayError::Unavailable), never "first
//!   seen"; the caller refuses the token.
//! * Keys are a prefix and a SHA-256 hash of the scope and the `jti`: fixed length, nothing of
//!   the `jti` in clear, scopes never collide.
//! * Errors and `Debug` output never show the URL's password or a `jti`.
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod error;
mod key;
mod options;
mod store;

pub use error::Error;
pub use options::{DEFAULT_KEY_PREFIX, RedisStoreOptions};
pub use store::RedisReplayStore;

/// The README's examples compile.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
