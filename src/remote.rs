//! Keys from an authorization server: a cached remote JWK Set and discovery metadata, as a
//! state machine without I/O.
//!
//! Resource servers verify tokens with keys their authorization server publishes at a
//! `jwks_uri` (found in its [metadata](ProviderMetadata)), and rotates. Fetching them is where
//! hand-written code goes wrong: a fetch per request, a thundering herd on an unknown `kid`,
//! keys never refreshed, a verifier that fails hard when the endpoint blips, or one that serves
//! a stale set forever. [`RemoteKeySet`] holds that policy as plain code with the clock passed
//! in; any HTTP client (the `jwt-ring-http` crate, a wasm fetch, a test) drives it:
//!
//! 1. [`RemoteKeySet::due`] says whether a scheduled fetch is needed at `now`; a token whose
//!    `kid` is not in the set ([`RemoteKeySet::has_kid`]) may call for a
//!    [`FetchReason::UnknownKid`] fetch;
//! 2. [`RemoteKeySet::begin_fetch`] hands out the single [`FetchTicket`] in flight, or `None`
//!    (a fetch is already running, or the unknown-`kid` cooldown holds);
//! 3. the driver performs the request (with the ticket's `If-None-Match`, reading at most
//!    [`CachePolicy::max_body_len_value`] bytes) and gives the result to
//!    [`RemoteKeySet::ingest`].
//!
//! Verification never waits for any of it: the [`Validator`](crate::Validator) reads the
//! current set without a lock, through [`KeyResolver::resolve_at`](crate::KeyResolver::resolve_at)
//! with its own clock.
//!
//! # Examples
//!
//! See [`RemoteKeySet`] for a driver loop with a fake clock.

mod cache;
mod cache_control;
mod fetch;
mod metadata;
mod policy;

pub use cache::{CacheStatus, FetchTicket, RemoteKeySet};
pub use fetch::{FetchError, FetchFailure, FetchOutcome, FetchReason, HttpResponse, Ingested};
pub use metadata::{MAX_METADATA_LEN, MetadataError, ProviderMetadata};
pub use policy::{CachePolicy, PolicyError};
