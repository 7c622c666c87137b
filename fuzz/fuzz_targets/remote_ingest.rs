//! What an issuer's server sends, fed to the remote key cache and the metadata parser: the
//! first line is a `Cache-Control` value, the rest the body.
//!
//! Invariants: ingest never panics; a refused body leaves nothing loaded; a loaded set's lifetime
//! is within the policy's bounds whatever `Cache-Control` says; metadata is accepted only with
//! exactly the expected issuer and a `jwks_uri`.
#![no_main]

use jwt_ring::remote::{
    CachePolicy, FetchOutcome, FetchReason, HttpResponse, ProviderMetadata, RemoteKeySet,
};
use jwt_ring::time::{Duration, OffsetDateTime};
use libfuzzer_sys::fuzz_target;

const ISSUER: &str = "https://issuer.example";

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (first, rest) = data.split_at(split);
    let body = rest.get(1..).unwrap_or_default();
    let cache_control = std::str::from_utf8(first).ok();

    let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("a fixed clock");
    let policy = CachePolicy::default()
        .jitter(Duration::ZERO)
        .max_age_bounds(Duration::seconds(30), Duration::hours(24));
    let remote = RemoteKeySet::new(policy).expect("the policy is within its bounds");
    let ticket = remote
        .begin_fetch(FetchReason::Initial, now)
        .expect("the first fetch is due");
    let mut response = HttpResponse::new(200, body);
    response.cache_control = cache_control;
    let result = remote.ingest(ticket, FetchOutcome::Response(response), now);
    let status = remote.status(now);
    match result {
        Ok(ingested) => {
            assert!(status.loaded && status.serving);
            let lifetime = ingested.expires_at - now;
            assert!(lifetime >= Duration::seconds(30) && lifetime <= Duration::hours(24));
            assert!(ingested.keys >= 1);
        }
        Err(error) => {
            assert!(!status.loaded);
            assert_eq!(status.last_error, Some(error));
        }
    }

    if let Ok(metadata) = ProviderMetadata::from_json(body, ISSUER) {
        assert_eq!(metadata.issuer(), ISSUER);
        assert!(!metadata.jwks_uri().is_empty());
    }
});
