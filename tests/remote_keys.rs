//! `remote::RemoteKeySet` driven as an HTTP client would drive it, with a fake clock and canned
//! responses: first load, freshness, refresh ahead, expiry and the stale window, failures that
//! keep the last known good set, refused sets, rotation, the unknown-`kid` cooldown, single
//! flight (across threads too), abandoned tickets, `304 Not Modified`, `Cache-Control`
//! clamping; then discovery metadata. Tokens are real (ES256, RS256, EdDSA) and verified through
//! `Validator::builder().key_resolver(remote.clone())`.

mod common;

use std::sync::{Arc, Barrier};

use jwt_ring::jwk::{JwkError, JwkSetError, MAX_JWK_SET_LEN, SkipReason, SkippedKey};
use jwt_ring::remote::{
    CachePolicy, FetchError, FetchFailure, FetchOutcome, FetchReason, HttpResponse, Ingested,
    MAX_METADATA_LEN, MetadataError, PolicyError, ProviderMetadata, RemoteKeySet,
};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, Header, KeyResolver, NoCustomClaims, Signer, Validator, VerifyError, ecdsa, eddsa,
    encode, rsa,
};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Helpers

fn t0() -> OffsetDateTime {
    common::now()
}

fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

/// The default policy without jitter, so that the schedule is exact.
fn policy() -> CachePolicy {
    CachePolicy::default().jitter(Duration::ZERO)
}

struct Keys {
    es: ecdsa::SigningKey,
    rs: rsa::SigningKey,
    ed: eddsa::SigningKey,
}

fn keys() -> Keys {
    Keys {
        es: ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, common::P256_PKCS8)
            .unwrap()
            .with_key_id("es"),
        rs: rsa::SigningKey::from_pkcs8(&rsa::RS256, common::RSA_2048_PKCS8)
            .unwrap()
            .with_key_id("rs"),
        ed: eddsa::SigningKey::from_seed(&[0x42; 32])
            .unwrap()
            .with_key_id("ed"),
    }
}

fn es_jwk(key: &ecdsa::SigningKey) -> Value {
    serde_json::from_str(&key.verifying_key().to_jwk().to_json()).unwrap()
}

fn rs_jwk(key: &rsa::SigningKey) -> Value {
    serde_json::from_str(&key.verifying_key().to_jwk().to_json()).unwrap()
}

fn ed_jwk(key: &eddsa::SigningKey) -> Value {
    serde_json::from_str(&key.verifying_key().to_jwk().to_json()).unwrap()
}

fn document(keys: &[Value]) -> String {
    json!({ "keys": keys }).to_string()
}

fn all_three(keys: &Keys) -> String {
    document(&[es_jwk(&keys.es), rs_jwk(&keys.rs), ed_jwk(&keys.ed)])
}

/// A token valid for two days from `t0`, so that only the keys decide.
fn token(signer: &dyn Signer) -> String {
    let claims = Claims::registered_only()
        .with_subject("alice")
        .valid_for(t0(), Duration::days(2));
    encode(&Header::new(), &claims, signer).unwrap()
}

fn validator(remote: &RemoteKeySet) -> Validator {
    Validator::builder()
        .key_resolver(remote.clone())
        .build()
        .unwrap()
}

fn verify(validator: &Validator, token: &str, now: OffsetDateTime) -> Result<(), VerifyError> {
    validator.verify_at::<NoCustomClaims>(token, now).map(drop)
}

fn ok(body: &str) -> HttpResponse<'_> {
    HttpResponse::new(200, body.as_bytes())
}

/// Claims a fetch for `reason` at `now` and ingests `response`.
fn fetch(
    remote: &RemoteKeySet,
    reason: FetchReason,
    now: OffsetDateTime,
    response: HttpResponse<'_>,
) -> Result<Ingested, FetchError> {
    let ticket = remote.begin_fetch(reason, now).expect("a fetch may start");
    assert_eq!(ticket.reason(), reason);
    remote.ingest(ticket, FetchOutcome::Response(response), now)
}

/// Claims a fetch at `now` that fails with `failure`.
fn fail(
    remote: &RemoteKeySet,
    reason: FetchReason,
    now: OffsetDateTime,
    failure: FetchFailure,
) -> FetchError {
    let ticket = remote.begin_fetch(reason, now).expect("a fetch may start");
    remote
        .ingest(ticket, FetchOutcome::Failed(failure), now)
        .unwrap_err()
}

/// A cache loaded at `t0` with all three keys and `max-age=600`.
fn loaded(keys: &Keys) -> RemoteKeySet {
    let remote = RemoteKeySet::new(policy()).unwrap();
    let body = all_three(keys);
    let mut response = ok(&body);
    response.cache_control = Some("max-age=600");
    fetch(&remote, FetchReason::Initial, t0(), response).unwrap();
    remote
}

// ---------------------------------------------------------------------------------------------
// Loading and serving

#[test]
fn the_first_load_serves_every_algorithm() {
    let keys = keys();
    let remote = RemoteKeySet::new(policy()).unwrap();
    let validator = validator(&remote);
    let tokens = [token(&keys.es), token(&keys.rs), token(&keys.ed)];

    // Before the first load: nothing verifies, and it is not the token's fault.
    for token in &tokens {
        assert!(matches!(
            verify(&validator, token, t0()),
            Err(VerifyError::KeysUnavailable)
        ));
    }
    assert!(matches!(
        remote.resolve(&Header::new()),
        Err(VerifyError::KeysUnavailable)
    ));
    let status = remote.status(t0());
    assert!(!status.loaded && !status.serving && !status.stale);
    assert_eq!(status.expires_at, None);
    assert_eq!(remote.due(t0()), Some(FetchReason::Initial));
    assert!(!remote.has_kid("es"));

    let body = all_three(&keys);
    let ingested = fetch(&remote, FetchReason::Initial, t0(), ok(&body)).unwrap();
    assert_eq!(
        ingested,
        Ingested {
            changed: true,
            keys: 3,
            skipped: 0,
            expires_at: t0() + Duration::minutes(10),
        }
    );
    for token in &tokens {
        verify(&validator, token, t0()).unwrap();
    }
    let status = remote.status(t0());
    assert!(status.loaded && status.serving && !status.stale);
    assert_eq!(status.key_ids, ["ed", "es", "rs"]);
    assert_eq!(status.fetched_at, Some(t0()));
    assert_eq!(status.last_attempt, Some(t0()));
    assert_eq!(status.expires_at, Some(t0() + Duration::minutes(10)));
    assert_eq!((status.fetches, status.failures), (1, 0));
    assert_eq!(status.generation, 1);
    assert_eq!(status.last_error, None);
    assert!(remote.has_kid("es") && remote.has_kid("rs") && remote.has_kid("ed"));
    assert!(!remote.has_kid("e") && !remote.has_kid("ES"));
}

#[test]
fn a_fresh_set_needs_nothing_until_refresh_ahead() {
    let keys = keys();
    let remote = loaded(&keys);
    // Expires at t0 + 600 s; refresh is due 30 s earlier.
    for at in [0, 1, 300, 569] {
        assert_eq!(remote.due(t0() + secs(at)), None, "{at}");
        assert!(
            remote
                .begin_fetch(FetchReason::RefreshAhead, t0() + secs(at))
                .is_none()
        );
    }
    assert_eq!(
        remote.due(t0() + secs(570)),
        Some(FetchReason::RefreshAhead)
    );
    assert_eq!(
        remote.due(t0() + secs(599)),
        Some(FetchReason::RefreshAhead)
    );
    assert_eq!(remote.due(t0() + secs(600)), Some(FetchReason::Expired));
    assert!(!remote.status(t0() + secs(599)).stale);
    assert!(remote.status(t0() + secs(600)).stale);

    // A refresh renews the schedule from its own time.
    let body = all_three(&keys);
    let at = t0() + secs(575);
    let ingested = fetch(&remote, FetchReason::RefreshAhead, at, ok(&body)).unwrap();
    assert_eq!(ingested.expires_at, at + secs(600));
    assert_eq!(remote.due(at + secs(569)), None);
    assert_eq!(remote.due(at + secs(570)), Some(FetchReason::RefreshAhead));
}

#[test]
fn jitter_only_brings_the_refresh_forward_within_its_bound() {
    let keys = keys();
    let body = all_three(&keys);
    let mut spread = 0;
    for _ in 0..20 {
        let remote = RemoteKeySet::new(CachePolicy::default().jitter(secs(30))).unwrap();
        fetch(&remote, FetchReason::Initial, t0(), ok(&body)).unwrap();
        // Expiry 600 s; lead between 30 s and 60 s.
        assert_eq!(remote.due(t0() + secs(539)), None);
        assert_eq!(
            remote.due(t0() + secs(570)),
            Some(FetchReason::RefreshAhead)
        );
        if remote.due(t0() + secs(569)).is_some() {
            spread += 1;
        }
    }
    // A draw below 1 s has a chance of 1 in 30: twenty of them in a row do not happen.
    assert!(spread > 0, "the jitter never moved the refresh");
}

#[test]
fn refresh_ahead_is_the_policys() {
    let keys = keys();
    let body = all_three(&keys);
    let remote = RemoteKeySet::new(policy().refresh_ahead(secs(60))).unwrap();
    assert_eq!(remote.policy(), &policy().refresh_ahead(secs(60)));
    assert_ne!(remote.policy(), &CachePolicy::default());
    fetch(&remote, FetchReason::Initial, t0(), ok(&body)).unwrap();
    assert_eq!(remote.due(t0() + secs(539)), None);
    assert_eq!(
        remote.due(t0() + secs(540)),
        Some(FetchReason::RefreshAhead)
    );
}

#[test]
fn the_refresh_lead_is_at_most_half_the_lifetime() {
    let keys = keys();
    let body = all_three(&keys);
    let remote = RemoteKeySet::new(policy().refresh_ahead(Duration::minutes(5))).unwrap();
    let mut response = ok(&body);
    response.cache_control = Some("max-age=60");
    fetch(&remote, FetchReason::Initial, t0(), response).unwrap();
    assert_eq!(remote.due(t0()), None);
    assert_eq!(remote.due(t0() + secs(29)), None);
    assert_eq!(remote.due(t0() + secs(30)), Some(FetchReason::RefreshAhead));

    // The shortest lifetime: due after 15 s, although the last attempt (a success) was 15 s
    // ago: the failure back-off only follows failures.
    let remote = RemoteKeySet::new(policy().retry_after_failure(Duration::minutes(5))).unwrap();
    let mut response = ok(&body);
    response.cache_control = Some("max-age=30");
    fetch(&remote, FetchReason::Initial, t0(), response).unwrap();
    assert_eq!(remote.due(t0() + secs(14)), None);
    assert_eq!(remote.due(t0() + secs(15)), Some(FetchReason::RefreshAhead));
}

#[test]
fn max_age_is_taken_from_cache_control_and_clamped() {
    let keys = keys();
    let body = all_three(&keys);
    let cases: &[(Option<&str>, Duration)] = &[
        (None, Duration::minutes(10)),
        (Some("public, max-age=300"), secs(300)),
        (Some("max-age=0"), secs(30)),
        (Some("max-age=5"), secs(30)),
        (Some("max-age=31536000"), Duration::hours(24)),
        (Some("max-age=99999999999999999999"), Duration::hours(24)),
        (Some("no-store"), secs(30)),
        (Some("no-cache"), Duration::minutes(10)),
        (Some("max-age=abc"), Duration::minutes(10)),
    ];
    for (cache_control, lifetime) in cases {
        let remote = RemoteKeySet::new(policy()).unwrap();
        let mut response = ok(&body);
        response.cache_control = *cache_control;
        let ingested = fetch(&remote, FetchReason::Initial, t0(), response).unwrap();
        assert_eq!(ingested.expires_at, t0() + *lifetime, "{cache_control:?}");
    }
    // Bounds and default are the policy's.
    let custom = policy()
        .default_max_age(Duration::minutes(2))
        .max_age_bounds(secs(60), Duration::minutes(5));
    for (cache_control, lifetime) in [
        (None, Duration::minutes(2)),
        (Some("max-age=10"), secs(60)),
        (Some("max-age=3600"), Duration::minutes(5)),
    ] {
        let remote = RemoteKeySet::new(custom.clone()).unwrap();
        let mut response = ok(&body);
        response.cache_control = cache_control;
        let ingested = fetch(&remote, FetchReason::Initial, t0(), response).unwrap();
        assert_eq!(ingested.expires_at, t0() + lifetime, "{cache_control:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Outages

#[test]
fn the_last_known_good_set_serves_through_the_stale_window_then_fails_closed() {
    let keys = keys();
    let remote = loaded(&keys);
    let validator = validator(&remote);
    let token = token(&keys.es);
    let expiry = t0() + secs(600);

    let error = fail(&remote, FetchReason::Expired, expiry, FetchFailure::Timeout);
    assert_eq!(error, FetchError::Transport(FetchFailure::Timeout));
    for at in [
        expiry,
        expiry + Duration::minutes(30),
        expiry + Duration::hours(1),
    ] {
        verify(&validator, &token, at).unwrap();
        let status = remote.status(at);
        assert!(status.stale && status.serving);
    }
    let past = expiry + Duration::hours(1) + Duration::nanoseconds(1);
    assert!(matches!(
        verify(&validator, &token, past),
        Err(VerifyError::KeysUnavailable)
    ));
    let status = remote.status(past);
    assert!(status.loaded && status.stale && !status.serving);
    assert_eq!(
        status.last_error,
        Some(FetchError::Transport(FetchFailure::Timeout))
    );
    assert_eq!((status.fetches, status.failures), (2, 1));
    assert_eq!(status.fetched_at, Some(t0()));
    assert_eq!(status.last_attempt, Some(expiry));
    // Without a clock, `resolve` serves the current set as it is.
    let header: Header = serde_json::from_value(json!({"alg": "ES256", "kid": "es"})).unwrap();
    assert_eq!(remote.resolve(&header).unwrap().key_id(), Some("es"));
    assert!(matches!(
        remote.resolve_at(&header, past),
        Err(VerifyError::KeysUnavailable)
    ));

    // A success ends the outage.
    let body = all_three(&keys);
    fetch(&remote, FetchReason::Retry, past, ok(&body)).unwrap();
    verify(&validator, &token, past).unwrap();
    assert_eq!(remote.status(past).last_error, None);
}

#[test]
fn after_a_failure_scheduled_refreshes_back_off() {
    let keys = keys();
    let remote = loaded(&keys);
    let expiry = t0() + secs(600);
    fail(&remote, FetchReason::Expired, expiry, FetchFailure::Connect);
    for at in [0, 1, 29] {
        assert_eq!(remote.due(expiry + secs(at)), None, "{at}");
        assert!(
            remote
                .begin_fetch(FetchReason::Expired, expiry + secs(at))
                .is_none()
        );
    }
    assert_eq!(remote.due(expiry + secs(30)), Some(FetchReason::Retry));
    fail(
        &remote,
        FetchReason::Retry,
        expiry + secs(30),
        FetchFailure::Other,
    );
    assert_eq!(remote.due(expiry + secs(59)), None);
    assert_eq!(remote.due(expiry + secs(60)), Some(FetchReason::Retry));
    let body = all_three(&keys);
    fetch(&remote, FetchReason::Retry, expiry + secs(60), ok(&body)).unwrap();
    assert_eq!(remote.due(expiry + secs(60)), None);
    assert_eq!(remote.status(expiry).failures, 2);

    // A failed first load is retried after the back-off as well.
    let remote = RemoteKeySet::new(policy().retry_after_failure(secs(10))).unwrap();
    fail(&remote, FetchReason::Initial, t0(), FetchFailure::Timeout);
    assert_eq!(remote.due(t0() + secs(9)), None);
    assert_eq!(remote.due(t0() + secs(10)), Some(FetchReason::Retry));
}

#[test]
fn unusable_responses_never_replace_good_keys() {
    let keys = keys();
    let es_only = document(&[es_jwk(&keys.es)]);
    let oct_only = json!({"keys": [{"kty": "oct", "kid": "hs", "alg": "HS256",
        "k": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}]})
    .to_string();
    let private_only = {
        let jwk = json!({"kty": "EC", "crv": "P-256", "kid": "priv", "use": "sig",
            "x": "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            "y": "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
            "d": "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE"});
        document(&[jwk])
    };
    let unsupported_only = document(&[json!({"kty": "OKP", "crv": "X25519", "kid": "x",
        "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"})]);
    let too_many = document(&vec![es_jwk(&keys.es); 101]);
    let oversized = format!("{{\"keys\":[],\"pad\":\"{}\"}}", "a".repeat(256 * 1024));
    let bodies: Vec<(HttpResponse<'_>, FetchError)> = vec![
        (ok(r#"{"keys":[]}"#), FetchError::NoUsableKeys),
        (ok(&oct_only), FetchError::NoUsableKeys),
        (ok(&private_only), FetchError::NoUsableKeys),
        (ok(&unsupported_only), FetchError::NoUsableKeys),
        (
            ok("not json"),
            FetchError::Malformed(JwkSetError::Malformed),
        ),
        (
            ok(r#"{"keys":{}}"#),
            FetchError::Malformed(JwkSetError::Malformed),
        ),
        (ok("[]"), FetchError::Malformed(JwkSetError::Malformed)),
        (ok(""), FetchError::Malformed(JwkSetError::Malformed)),
        (
            HttpResponse::new(200, b"{\"keys\":[\xff]}"),
            FetchError::Malformed(JwkSetError::Malformed),
        ),
        (
            ok(&too_many),
            FetchError::Malformed(JwkSetError::TooManyKeys),
        ),
        (ok(&oversized), FetchError::TooLarge),
        (
            HttpResponse::new(500, es_only.as_bytes()),
            FetchError::Status(500),
        ),
        (HttpResponse::new(404, b""), FetchError::Status(404)),
        (
            HttpResponse::new(201, es_only.as_bytes()),
            FetchError::Status(201),
        ),
    ];
    let remote = loaded(&keys);
    let validator = validator(&remote);
    let tokens = [token(&keys.es), token(&keys.rs), token(&keys.ed)];
    // Each attempt waits out the cooldown of the one before, as an unknown kid would.
    let mut now = t0();
    for (index, (response, expected)) in bodies.into_iter().enumerate() {
        now += secs(30);
        let result = fetch(&remote, FetchReason::UnknownKid, now, response);
        assert_eq!(result, Err(expected), "case {index}");
        for token in &tokens {
            verify(&validator, token, now).unwrap();
        }
        let status = remote.status(now);
        assert_eq!(status.key_ids, ["ed", "es", "rs"]);
        assert_eq!(status.last_error, Some(expected));
        assert_eq!(status.failures, index as u64 + 1);
        assert_eq!(status.expires_at, Some(t0() + secs(600)));
    }
    for (failure, expected) in [
        (FetchFailure::TooLarge, FetchError::TooLarge),
        (
            FetchFailure::Connect,
            FetchError::Transport(FetchFailure::Connect),
        ),
    ] {
        now += secs(30);
        assert_eq!(
            fail(&remote, FetchReason::UnknownKid, now, failure),
            expected
        );
        verify(&validator, &tokens[0], now).unwrap();
    }
}

#[test]
fn a_remote_set_skips_symmetric_and_private_keys() {
    let keys = keys();
    let private = json!({"kty": "EC", "crv": "P-256", "kid": "priv", "use": "sig",
        "x": "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
        "y": "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
        "d": "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE"});
    let secret = [0x33u8; 32];
    let oct = json!({"kty": "oct", "kid": "hs", "alg": "HS256",
        "k": base64_url(&secret)});
    let body = document(&[es_jwk(&keys.es), oct, private]);
    let remote = RemoteKeySet::new(policy()).unwrap();
    let ingested = fetch(&remote, FetchReason::Initial, t0(), ok(&body)).unwrap();
    assert_eq!((ingested.keys, ingested.skipped), (1, 2));
    let status = remote.status(t0());
    assert_eq!(status.key_ids, ["es"]);
    // The skipped keys are named, with their reasons (the README promised them; `status()`
    // had only a count).
    assert_eq!(
        status.skipped_keys,
        [
            SkippedKey {
                index: 1,
                kid: Some("hs".to_owned()),
                reason: SkipReason::SymmetricNotAllowed
            },
            SkippedKey {
                index: 2,
                kid: Some("priv".to_owned()),
                reason: SkipReason::Key(JwkError::PrivateMaterial)
            },
        ]
    );
    // A `304` keeps them with the set.
    let ticket = remote.begin_fetch(FetchReason::Requested, t0()).unwrap();
    let not_modified = HttpResponse::new(304, b"");
    remote
        .ingest(ticket, FetchOutcome::Response(not_modified), t0())
        .unwrap();
    assert_eq!(remote.status(t0()).skipped_keys.len(), 2);
    assert!(!remote.has_kid("hs") && !remote.has_kid("priv"));
    // An HS256 token made with the published secret does not verify.
    let hs = jwt_ring::hmac::Key::new(&jwt_ring::hmac::HS256, &secret)
        .unwrap()
        .with_key_id("hs");
    assert!(matches!(
        verify(&validator(&remote), &token(&hs), t0()),
        Err(VerifyError::NoMatchingKey)
    ));
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

// ---------------------------------------------------------------------------------------------
// Rotation and unknown kids

#[test]
fn rotation_adds_the_new_key_and_drops_the_old_one() {
    let keys = keys();
    let remote = loaded(&keys);
    let validator = validator(&remote);
    let (next, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let next = next.with_key_id("es-2026-12");
    let new_token = token(&next);
    let old_token = token(&keys.es);
    let now = t0() + secs(60);

    // The new kid is unknown: the driver sees it and asks for a fetch.
    assert!(matches!(
        verify(&validator, &new_token, now),
        Err(VerifyError::NoMatchingKey)
    ));
    assert!(!remote.has_kid("es-2026-12"));
    // Overlap: both keys published.
    let both = document(&[es_jwk(&keys.es), es_jwk(&next)]);
    let ingested = fetch(&remote, FetchReason::UnknownKid, now, ok(&both)).unwrap();
    assert!(ingested.changed);
    verify(&validator, &new_token, now).unwrap();
    verify(&validator, &old_token, now).unwrap();
    // The old key is withdrawn: it stops verifying with the fetch that drops it.
    let later = now + Duration::minutes(10);
    let only_new = document(&[es_jwk(&next)]);
    fetch(&remote, FetchReason::Expired, later, ok(&only_new)).unwrap();
    verify(&validator, &new_token, later).unwrap();
    assert!(matches!(
        verify(&validator, &old_token, later),
        Err(VerifyError::NoMatchingKey)
    ));
    assert!(matches!(
        verify(&validator, &token(&keys.rs), later),
        Err(VerifyError::NoMatchingKey)
    ));
    assert!(!remote.has_kid("es") && remote.has_kid("es-2026-12"));
    assert_eq!(remote.status(later).key_ids, ["es-2026-12"]);
}

#[test]
fn the_unknown_kid_cooldown_counts_from_the_last_attempt() {
    let keys = keys();
    let remote = loaded(&keys); // attempt at t0, successful
    let at = |s: i64| t0() + secs(s);
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, at(10))
            .is_none()
    );
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, at(29))
            .is_none()
    );
    assert_eq!(remote.status(at(29)).unknown_kid_refusals, 2);

    // After the cooldown: one fetch, which fails and takes 5 s.
    let ticket = remote.begin_fetch(FetchReason::UnknownKid, at(30)).unwrap();
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, at(31))
            .is_none()
    );
    remote
        .ingest(ticket, FetchOutcome::Failed(FetchFailure::Timeout), at(35))
        .unwrap_err();
    // The failed attempt restarts the cooldown (panva/jose would fetch again at once).
    for s in [36, 50, 64] {
        assert!(
            remote.begin_fetch(FetchReason::UnknownKid, at(s)).is_none(),
            "{s}"
        );
    }
    // The refusal at 31 s was for the fetch in flight, not the cooldown.
    assert_eq!(remote.status(at(64)).unknown_kid_refusals, 5);
    let ticket = remote.begin_fetch(FetchReason::UnknownKid, at(65)).unwrap();
    assert_eq!(ticket.reason(), FetchReason::UnknownKid);
    drop(ticket);

    // The unknown-kid path ignores the schedule's back-off, but not its own cooldown.
    let remote = RemoteKeySet::new(policy().unknown_kid_cooldown(secs(5))).unwrap();
    assert!(remote.begin_fetch(FetchReason::UnknownKid, t0()).is_some());
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, t0() + secs(4))
            .is_none()
    );
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, t0() + secs(5))
            .is_some()
    );
}

#[test]
fn a_flood_of_unknown_kids_costs_one_fetch_per_cooldown() {
    let keys = keys();
    let remote = loaded(&keys);
    let mut started = 0;
    let body = document(&[ed_jwk(&keys.ed)]);
    // 100 requests a second for two minutes, each with a kid the set lacks.
    for ms in (0..120_000).step_by(10) {
        let now = t0() + Duration::milliseconds(ms);
        if remote.has_kid("forged") {
            continue;
        }
        if let Some(ticket) = remote.begin_fetch(FetchReason::UnknownKid, now) {
            started += 1;
            remote
                .ingest(ticket, FetchOutcome::Response(ok(&body)), now)
                .unwrap();
        }
    }
    // At t0 + 30, 60, 90 s (the load at t0 counts as the first attempt).
    assert_eq!(started, 3);
    assert_eq!(remote.status(t0()).fetches, 4);
}

// ---------------------------------------------------------------------------------------------
// Single flight

#[test]
fn only_one_fetch_is_in_flight() {
    let keys = keys();
    let remote = RemoteKeySet::new(policy()).unwrap();
    let ticket = remote.begin_fetch(FetchReason::Initial, t0()).unwrap();
    assert_eq!(ticket.if_none_match(), None);
    assert_eq!(remote.due(t0()), None);
    for reason in [
        FetchReason::Initial,
        FetchReason::RefreshAhead,
        FetchReason::Expired,
        FetchReason::UnknownKid,
        FetchReason::Retry,
    ] {
        assert!(
            remote
                .begin_fetch(reason, t0() + Duration::hours(1))
                .is_none()
        );
    }
    // A clone shares the slot.
    assert!(
        remote
            .clone()
            .begin_fetch(FetchReason::UnknownKid, t0() + Duration::hours(1))
            .is_none()
    );
    let generation = remote.generation();
    let body = all_three(&keys);
    remote
        .ingest(ticket, FetchOutcome::Response(ok(&body)), t0())
        .unwrap();
    assert_eq!(remote.generation(), generation + 1);
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, t0() + secs(30))
            .is_some()
    );
}

#[test]
fn racing_threads_get_exactly_one_ticket() {
    for round in 0..20 {
        let remote = RemoteKeySet::new(policy()).unwrap();
        let barrier = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8)
            .map(|thread| {
                let remote = remote.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    let reason = if thread % 2 == 0 {
                        FetchReason::Initial
                    } else {
                        FetchReason::UnknownKid
                    };
                    barrier.wait();
                    remote.begin_fetch(reason, t0())
                })
            })
            .collect();
        // Every ticket is kept until all threads are done, so none is released early.
        let tickets: Vec<_> = handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect();
        assert_eq!(tickets.iter().flatten().count(), 1, "round {round}");
        assert_eq!(remote.status(t0()).fetches, 1);
    }
}

#[test]
fn a_dropped_ticket_frees_the_slot_and_counts_as_a_failure() {
    let keys = keys();
    let remote = loaded(&keys);
    let expiry = t0() + secs(600);
    let generation = remote.generation();
    let ticket = remote.begin_fetch(FetchReason::Expired, expiry).unwrap();
    assert!(format!("{ticket:?}").contains("Expired"));
    drop(ticket);
    assert_eq!(remote.generation(), generation + 1);
    let status = remote.status(expiry);
    assert_eq!(status.last_error, Some(FetchError::Abandoned));
    assert_eq!((status.fetches, status.failures), (2, 1));
    // The back-off and the cooldown apply as after any failure.
    assert_eq!(remote.due(expiry + secs(29)), None);
    assert_eq!(remote.due(expiry + secs(30)), Some(FetchReason::Retry));
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, expiry + secs(29))
            .is_none()
    );
    let ticket = remote
        .begin_fetch(FetchReason::UnknownKid, expiry + secs(30))
        .unwrap();
    let body = all_three(&keys);
    remote
        .ingest(ticket, FetchOutcome::Response(ok(&body)), expiry + secs(30))
        .unwrap();
    // An ingested ticket is not counted again.
    let status = remote.status(expiry + secs(30));
    assert_eq!((status.fetches, status.failures), (3, 1));
    assert_eq!(status.generation, generation + 2);
    assert_eq!(status.last_error, None);
}

#[test]
fn a_ticket_from_another_set_is_refused() {
    let keys = keys();
    let one = RemoteKeySet::new(policy()).unwrap();
    let other = RemoteKeySet::new(policy()).unwrap();
    let ticket = other.begin_fetch(FetchReason::Initial, t0()).unwrap();
    let body = all_three(&keys);
    assert_eq!(
        one.ingest(ticket, FetchOutcome::Response(ok(&body)), t0()),
        Err(FetchError::ForeignTicket)
    );
    assert!(!one.status(t0()).loaded);
    assert_eq!(one.generation(), 0);
    // The ticket's own set got its slot back.
    assert_eq!(other.status(t0()).last_error, Some(FetchError::Abandoned));
    assert_eq!(other.generation(), 1);
}

// ---------------------------------------------------------------------------------------------
// Conditional requests

#[test]
fn not_modified_keeps_the_set_and_renews_it() {
    let keys = keys();
    let remote = RemoteKeySet::new(policy()).unwrap();
    let validator = validator(&remote);
    // 304 before any set: nothing to keep.
    let result = fetch(
        &remote,
        FetchReason::Initial,
        t0(),
        HttpResponse::new(304, b""),
    );
    assert_eq!(result, Err(FetchError::NotModifiedWithoutSet));

    let body = all_three(&keys);
    let mut response = ok(&body);
    response.etag = Some("\"v1\"");
    response.cache_control = Some("max-age=60");
    let at = t0() + secs(30);
    fetch(&remote, FetchReason::Retry, at, response).unwrap();

    let later = at + secs(60);
    let ticket = remote.begin_fetch(FetchReason::Expired, later).unwrap();
    assert_eq!(ticket.if_none_match(), Some("\"v1\""));
    let mut not_modified = HttpResponse::new(304, b"");
    not_modified.cache_control = Some("max-age=300");
    let ingested = remote
        .ingest(ticket, FetchOutcome::Response(not_modified), later)
        .unwrap();
    assert_eq!(
        ingested,
        Ingested {
            changed: false,
            keys: 3,
            skipped: 0,
            expires_at: later + secs(300),
        }
    );
    verify(&validator, &token(&keys.ed), later).unwrap();
    let status = remote.status(later);
    assert_eq!((status.not_modified, status.fetched_at), (1, Some(later)));
    assert_eq!(status.key_ids, ["ed", "es", "rs"]);
    assert_eq!(remote.due(later + secs(269)), None);

    // The ETag stays for the next request; a 200 without one clears it.
    let next = later + secs(300);
    let ticket = remote.begin_fetch(FetchReason::Expired, next).unwrap();
    assert_eq!(ticket.if_none_match(), Some("\"v1\""));
    remote
        .ingest(ticket, FetchOutcome::Response(ok(&body)), next)
        .unwrap();
    let ticket = remote
        .begin_fetch(FetchReason::UnknownKid, next + secs(30))
        .unwrap();
    assert_eq!(ticket.if_none_match(), None);
}

// ---------------------------------------------------------------------------------------------
// Policy

#[test]
fn a_setting_outside_its_bounds_is_an_error_naming_the_bound() {
    // The defect: `default_max_age(1 s)` alone was clamped to 30 s, and negative durations
    // quietly became zero. Now each is refused, and says which bound.
    let short = CachePolicy::default().default_max_age(secs(1));
    let error = RemoteKeySet::new(short).unwrap_err();
    assert_eq!(
        error,
        PolicyError::DefaultMaxAgeOutOfBounds {
            value: secs(1),
            min: secs(30),
            max: Duration::hours(24)
        }
    );
    assert_eq!(
        error.to_string(),
        "cache policy: `default_max_age` (1s) is outside `max_age_bounds` (30s to 1d); set the \
         bounds too, or start from CachePolicy::short_windows()"
    );
    let cases: [(CachePolicy, PolicyError); 10] = [
        (policy().jitter(secs(-5)), PolicyError::Negative("jitter")),
        (
            policy().refresh_ahead(secs(-5)),
            PolicyError::Negative("refresh_ahead"),
        ),
        (
            policy().stale_if_error(secs(-1)),
            PolicyError::Negative("stale_if_error"),
        ),
        (
            policy().unknown_kid_cooldown(secs(-1)),
            PolicyError::Negative("unknown_kid_cooldown"),
        ),
        (
            policy().new_kid_interval(secs(-1)),
            PolicyError::Negative("new_kid_interval"),
        ),
        (
            policy().retry_after_failure(secs(-1)),
            PolicyError::Negative("retry_after_failure"),
        ),
        (
            policy().default_max_age(secs(-1)),
            PolicyError::Negative("default_max_age"),
        ),
        (
            policy().max_age_bounds(secs(120), secs(60)),
            PolicyError::ReversedBounds {
                min: secs(120),
                max: secs(60),
            },
        ),
        (policy().max_body_len(0), PolicyError::Zero("max_body_len")),
        (policy().max_keys(0), PolicyError::Zero("max_keys")),
    ];
    for (policy, expected) in cases {
        assert_eq!(policy.validate(), Err(expected));
        assert_eq!(RemoteKeySet::new(policy).err(), Some(expected));
    }
    // The bounds the default must lie within may be set in either order of calls.
    let shorter = CachePolicy::default()
        .default_max_age(secs(1))
        .max_age_bounds(secs(1), Duration::hours(1));
    assert_eq!(shorter.validate(), Ok(()));
    // std durations are taken as well as time's.
    let from_std = CachePolicy::default().refresh_ahead(std::time::Duration::from_secs(60));
    assert_eq!(from_std, CachePolicy::default().refresh_ahead(secs(60)));
    assert_eq!(
        CachePolicy::default().stale_if_error(std::time::Duration::MAX),
        CachePolicy::default().stale_if_error(Duration::MAX)
    );
}

#[test]
fn the_presets_are_coherent_and_the_short_one_is_short() {
    assert_eq!(CachePolicy::production(), CachePolicy::default());
    // What the documentation says the short preset is, setter by setter.
    assert_eq!(
        CachePolicy::short_windows(),
        CachePolicy::default()
            .default_max_age(secs(5))
            .max_age_bounds(secs(1), Duration::hours(1))
            .refresh_ahead(secs(1))
            .jitter(Duration::ZERO)
            .unknown_kid_cooldown(secs(1))
            .new_kid_interval(secs(1))
            .retry_after_failure(secs(1))
            .stale_if_error(secs(10))
    );
    for preset in [CachePolicy::production(), CachePolicy::short_windows()] {
        assert_eq!(preset.validate(), Ok(()));
    }
    // Loaded without Cache-Control under the short preset: fresh 5 s, refreshed 1 s ahead,
    // served 10 s past expiry, an unknown kid fetched again after 1 s.
    let keys = keys();
    let remote = RemoteKeySet::new(CachePolicy::short_windows()).unwrap();
    let body = all_three(&keys);
    let ingested = fetch(&remote, FetchReason::Initial, t0(), ok(&body)).unwrap();
    assert_eq!(ingested.expires_at, t0() + secs(5));
    assert_eq!(remote.due(t0() + Duration::milliseconds(3_999)), None);
    assert_eq!(remote.due(t0() + secs(4)), Some(FetchReason::RefreshAhead));
    let validator = validator(&remote);
    let token = token(&keys.es);
    verify(&validator, &token, t0() + secs(15)).unwrap();
    assert!(matches!(
        verify(
            &validator,
            &token,
            t0() + secs(15) + Duration::nanoseconds(1)
        ),
        Err(VerifyError::KeysUnavailable)
    ));
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, t0() + Duration::milliseconds(999))
            .is_none()
    );
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, t0() + secs(1))
            .is_some()
    );
}

#[test]
fn policy_limits_are_the_policys() {
    let keys = keys();
    let body = all_three(&keys);
    let defaults = CachePolicy::default();
    assert_eq!(defaults.max_body_len_value(), 256 * 1024);
    assert_eq!(defaults.clone().max_body_len(10).max_body_len_value(), 10);
    assert!(MAX_JWK_SET_LEN >= defaults.max_body_len_value());
    // max_keys is the policy's.
    let remote = RemoteKeySet::new(policy().max_keys(2)).unwrap();
    assert_eq!(
        fetch(&remote, FetchReason::Initial, t0(), ok(&body)),
        Err(FetchError::Malformed(JwkSetError::TooManyKeys))
    );
    // max_body_len is the policy's.
    let remote = RemoteKeySet::new(policy().max_body_len(body.len() - 1)).unwrap();
    assert_eq!(
        fetch(&remote, FetchReason::Initial, t0(), ok(&body)),
        Err(FetchError::TooLarge)
    );
    let remote = RemoteKeySet::new(policy().max_body_len(body.len())).unwrap();
    assert!(fetch(&remote, FetchReason::Initial, t0(), ok(&body)).is_ok());
    assert!(format!("{remote:?}").contains("RemoteKeySet"));
}

// ---------------------------------------------------------------------------------------------
// Discovery metadata

const ISSUER: &str = "https://id.example/tenant";

fn metadata(members: Value) -> Vec<u8> {
    members.to_string().into_bytes()
}

#[test]
fn metadata_is_read_for_its_exact_issuer() {
    let json = metadata(json!({
        "issuer": ISSUER,
        "jwks_uri": "https://id.example/tenant/jwks",
        "token_endpoint": "https://id.example/tenant/token",
        "authorization_endpoint": "https://id.example/tenant/authorize",
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256"],
        "dpop_signing_alg_values_supported": ["ES256", "EdDSA"],
        "response_types_supported": ["code"],
    }));
    let read = ProviderMetadata::from_json(&json, ISSUER).unwrap();
    assert_eq!(read.issuer(), ISSUER);
    assert_eq!(read.jwks_uri(), "https://id.example/tenant/jwks");
    assert_eq!(
        read.token_endpoint(),
        Some("https://id.example/tenant/token")
    );
    assert_eq!(
        read.authorization_endpoint(),
        Some("https://id.example/tenant/authorize")
    );
    assert_eq!(
        read.id_token_signing_alg_values_supported(),
        Some(&["RS256".to_owned(), "ES256".to_owned()][..])
    );
    assert_eq!(
        read.token_endpoint_auth_signing_alg_values_supported(),
        Some(&["ES256".to_owned()][..])
    );
    assert_eq!(
        read.dpop_signing_alg_values_supported(),
        Some(&["ES256".to_owned(), "EdDSA".to_owned()][..])
    );
    let minimal = metadata(json!({"issuer": ISSUER, "jwks_uri": "https://id.example/k"}));
    let read = ProviderMetadata::from_json(&minimal, ISSUER).unwrap();
    assert_eq!(read.token_endpoint(), None);
    assert_eq!(read.authorization_endpoint(), None);
    assert_eq!(read.id_token_signing_alg_values_supported(), None);
    assert_eq!(
        read.token_endpoint_auth_signing_alg_values_supported(),
        None
    );
    assert_eq!(read.dpop_signing_alg_values_supported(), None);
}

#[test]
fn metadata_for_another_issuer_or_without_keys_is_refused() {
    let jwks = "https://id.example/tenant/jwks";
    let cases: Vec<(Vec<u8>, MetadataError)> = vec![
        (
            metadata(json!({"issuer": "https://id.example/tenant/", "jwks_uri": jwks})),
            MetadataError::IssuerMismatch,
        ),
        (
            metadata(json!({"issuer": "https://ID.example/tenant", "jwks_uri": jwks})),
            MetadataError::IssuerMismatch,
        ),
        (
            metadata(json!({"issuer": "https://id.example", "jwks_uri": jwks})),
            MetadataError::IssuerMismatch,
        ),
        (
            metadata(json!({"jwks_uri": jwks})),
            MetadataError::IssuerMismatch,
        ),
        (
            metadata(json!({"issuer": ISSUER})),
            MetadataError::MissingJwksUri,
        ),
        (
            metadata(json!({"issuer": ISSUER, "jwks_uri": ""})),
            MetadataError::MissingJwksUri,
        ),
        (
            metadata(json!({"issuer": ISSUER, "jwks_uri": 7})),
            MetadataError::Malformed,
        ),
        (
            metadata(json!({"issuer": [ISSUER], "jwks_uri": jwks})),
            MetadataError::Malformed,
        ),
        (
            metadata(json!({"issuer": ISSUER, "jwks_uri": jwks,
                "id_token_signing_alg_values_supported": "RS256"})),
            MetadataError::Malformed,
        ),
        (
            format!(
                r#"{{"issuer":"https://evil.example","issuer":"{ISSUER}","jwks_uri":"{jwks}"}}"#
            )
            .into_bytes(),
            MetadataError::Malformed,
        ),
        (b"[]".to_vec(), MetadataError::Malformed),
        // Metadata is a JSON object (RFC 8414 §3.2): an array is not read by position.
        (
            format!(r#"["{ISSUER}","{jwks}"]"#).into_bytes(),
            MetadataError::Malformed,
        ),
        (b"\"text\"".to_vec(), MetadataError::Malformed),
        (b"".to_vec(), MetadataError::Malformed),
        (b"{".to_vec(), MetadataError::Malformed),
        (b"{\"issuer\":\"\xff\"}".to_vec(), MetadataError::Malformed),
    ];
    for (index, (json, expected)) in cases.iter().enumerate() {
        assert_eq!(
            ProviderMetadata::from_json(json, ISSUER).err(),
            Some(*expected),
            "case {index}"
        );
    }

    // Size: 256 KiB, room for large real documents; at the limit read, past it refused
    // before parsing.
    assert_eq!(MAX_METADATA_LEN, 256 * 1024);
    let base = metadata(json!({"issuer": ISSUER, "jwks_uri": jwks, "pad": ""}));
    let pad = MAX_METADATA_LEN - base.len();
    let at_limit = metadata(json!({"issuer": ISSUER, "jwks_uri": jwks, "pad": "a".repeat(pad)}));
    assert_eq!(at_limit.len(), MAX_METADATA_LEN);
    assert!(ProviderMetadata::from_json(&at_limit, ISSUER).is_ok());
    let over = metadata(json!({"issuer": ISSUER, "jwks_uri": jwks, "pad": "a".repeat(pad + 1)}));
    assert_eq!(
        ProviderMetadata::from_json(&over, ISSUER).err(),
        Some(MetadataError::TooLarge)
    );
    assert_eq!(
        MetadataError::IssuerMismatch.to_string(),
        "metadata `issuer` is not the expected issuer"
    );
}

// ---------------------------------------------------------------------------------------------
// Rotation inside the cooldown

/// An Ed25519 key of the issuer, the `n`th it rotates to.
fn issuer_key(n: u8) -> eddsa::SigningKey {
    eddsa::SigningKey::from_seed(&[n.wrapping_add(1); 32])
        .unwrap()
        .with_key_id(format!("k{n}"))
}

/// A token signed by `key`, issued at `now`.
fn token_issued(key: &eddsa::SigningKey, now: OffsetDateTime) -> String {
    let claims = Claims::registered_only()
        .with_subject("alice")
        .valid_for(now, Duration::minutes(5));
    encode(&Header::new(), &claims, key).unwrap()
}

/// The defect: the unknown-`kid` cooldown (30 s from the last attempt) also held back the
/// fetch a rotation needs, so a second rotation within 30 s of any fetch made tokens signed by
/// the new key fail (401 `invalid_token`, which clients treat as final) for up to 27 s. A token
/// whose `iat` is later than the last successful fetch names a key that is probably new: it
/// may fetch once `new_kid_interval` (5 s) has passed since the last attempt.
///
/// The issuer rotates at the times below and signs every token after a rotation with the new
/// key; a client sends one every 100 ms. Prints and checks the longest refusal.
#[test]
fn a_rotation_inside_the_cooldown_refuses_new_tokens_for_at_most_five_seconds() {
    let remote = RemoteKeySet::new(policy()).unwrap();
    let validator = validator(&remote);
    let rotations_ms = [8_000, 8_100, 20_000, 23_000, 29_900, 31_000, 45_000, 47_500];
    let keys: Vec<eddsa::SigningKey> = (0..=rotations_ms.len() as u8).map(issuer_key).collect();
    // The issuer publishes the current key and the one before it, as issuers do.
    let published = |n: usize| {
        let mut jwks = vec![ed_jwk(&keys[n])];
        if n > 0 {
            jwks.push(ed_jwk(&keys[n - 1]));
        }
        document(&jwks)
    };
    fetch(&remote, FetchReason::Initial, t0(), ok(&published(0))).unwrap();
    let mut current = 0;
    let mut refused_since: Option<OffsetDateTime> = None;
    let mut longest = Duration::ZERO;
    for ms in (0..60_000).step_by(100) {
        let now = t0() + Duration::milliseconds(ms);
        current = rotations_ms.iter().filter(|at| **at <= ms).count();
        let token = token_issued(&keys[current], now);
        let mut result = verify(&validator, &token, now);
        if matches!(result, Err(VerifyError::NoMatchingKey)) {
            let reason = FetchReason::for_unknown_kid(&token);
            let whole_second = jwt_ring::NumericDate::from(now).to_offset_date_time();
            assert_eq!(reason, FetchReason::UnknownKidIssuedAt(whole_second));
            if let Some(ticket) = remote.begin_fetch(reason, now) {
                let body = published(current);
                remote
                    .ingest(ticket, FetchOutcome::Response(ok(&body)), now)
                    .unwrap();
                result = verify(&validator, &token, now);
            }
        }
        match (result, refused_since) {
            (Ok(()), Some(since)) => {
                longest = longest.max(now - since);
                refused_since = None;
            }
            (Ok(()), None) => {}
            (Err(VerifyError::NoMatchingKey), None) => refused_since = Some(now),
            (Err(VerifyError::NoMatchingKey), Some(_)) => {}
            (Err(other), _) => panic!("{ms} ms: {other:?}"),
        }
    }
    assert_eq!(current, rotations_ms.len());
    assert_eq!(refused_since, None, "the last key is in use");
    println!("longest refusal after a rotation: {longest}");
    assert!(longest <= secs(5), "{longest}");
    assert!(
        longest > Duration::ZERO,
        "some rotation fell inside the interval"
    );
}

/// The interval must still bound a flood: forged tokens with random `kid`s and a fresh (or a
/// far-future) `iat` start at most one fetch per 5 s, 12 a minute, and tokens without a
/// readable `iat` one per 30 s cooldown, as before.
#[test]
fn a_flood_of_unknown_kids_with_fresh_iats_costs_at_most_one_fetch_per_five_seconds() {
    let keys = keys();
    for (name, iat_ahead) in [
        ("fresh", Duration::ZERO),
        ("far future", Duration::days(3650)),
    ] {
        let remote = loaded(&keys);
        let body = document(&[ed_jwk(&keys.ed)]);
        let mut started = 0;
        // 100 forged tokens a second for a minute.
        for ms in (0..60_000).step_by(10) {
            let now = t0() + Duration::milliseconds(ms);
            let forger = eddsa::SigningKey::from_seed(&[7; 32])
                .unwrap()
                .with_key_id(format!("forged-{ms}"));
            let token = token_issued(&forger, now + iat_ahead);
            if let Some(ticket) = remote.begin_fetch(FetchReason::for_unknown_kid(&token), now) {
                started += 1;
                remote
                    .ingest(ticket, FetchOutcome::Response(ok(&body)), now)
                    .unwrap();
            }
        }
        println!("{name} iat: {started} fetches in a minute");
        // At 5, 10, .., 55 s: the load at t0 counts as the first attempt.
        assert_eq!(started, 11, "{name}");
    }
    // Without a readable `iat` the plain cooldown applies.
    let remote = loaded(&keys);
    assert_eq!(
        FetchReason::for_unknown_kid("not.a.token"),
        FetchReason::UnknownKid
    );
    let no_iat = encode(
        &Header::new(),
        &Claims::registered_only().with_subject("x"),
        &issuer_key(9),
    )
    .unwrap();
    assert_eq!(
        FetchReason::for_unknown_kid(&no_iat),
        FetchReason::UnknownKid
    );
    assert!(
        remote
            .begin_fetch(FetchReason::UnknownKid, t0() + secs(29))
            .is_none()
    );
    // A token issued before the last successful fetch names a key that fetch would have had.
    let old = token_issued(&issuer_key(9), t0() - secs(1));
    assert!(
        remote
            .begin_fetch(FetchReason::for_unknown_kid(&old), t0() + secs(10))
            .is_none()
    );
    let new = token_issued(&issuer_key(9), t0() + secs(1));
    assert!(
        remote
            .begin_fetch(FetchReason::for_unknown_kid(&new), t0() + secs(4))
            .is_none(),
        "the interval since the last attempt has not passed"
    );
    assert!(
        remote
            .begin_fetch(FetchReason::for_unknown_kid(&new), t0() + secs(5))
            .is_some()
    );
}
