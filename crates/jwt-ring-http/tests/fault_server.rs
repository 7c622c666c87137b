//! The HTTP driver against a local server that misbehaves on demand: rotation, outages, slow,
//! oversized and malformed answers, `kid` floods, `ETag` revalidation, and metadata that names
//! another issuer.

mod support;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use jwt_ring::remote::{
    CachePolicy, FetchError, FetchFailure, FetchOutcome, FetchReason, HttpResponse,
};
use jwt_ring::time::Duration;
use jwt_ring::{NoCustomClaims, Validator, VerifyError};
use jwt_ring_http::{
    Error, HttpOptions, MetadataLocation, RemoteKeys, RemoteValidator, TransportFailure,
};
use jwt_ring_testkit::{Endpoint, JwksServer};
use support::{jwks, key, loopback, token};

/// A policy for tests that move in real time: no jitter, no refresh-ahead, and no cooldown
/// unless a test sets one.
fn quick() -> CachePolicy {
    CachePolicy::default()
        .jitter(Duration::ZERO)
        .refresh_ahead(Duration::ZERO)
        .unknown_kid_cooldown(Duration::ZERO)
        .retry_after_failure(Duration::ZERO)
}

async fn discover(server: &JwksServer, policy: CachePolicy) -> RemoteKeys {
    RemoteKeys::builder()
        .policy(policy)
        .http(loopback())
        .discover(&server.issuer())
        .await
        .expect("discovery against the local server")
}

fn validator(keys: &RemoteKeys) -> RemoteValidator {
    keys.validator(Validator::builder().audience("api"))
        .expect("a validator")
}

#[tokio::test]
async fn discovery_loads_the_keys_and_pins_the_issuer() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let keys = discover(&server, quick()).await;
    assert_eq!(
        keys.metadata().map(|m| m.issuer()),
        Some(server.issuer().as_str())
    );
    assert_eq!(keys.jwks_uri().as_str(), server.jwks_uri());
    let validator = validator(&keys);
    let verified = validator
        .verify::<NoCustomClaims>(&token(&signing, &server.issuer()))
        .await
        .unwrap();
    assert_eq!(verified.header().kid(), Some("k1"));
    // A token from another issuer, signed by the same key, is refused: the issuer is pinned.
    let foreign = token(&signing, "https://other.example");
    assert!(matches!(
        validator.verify::<NoCustomClaims>(&foreign).await,
        Err(VerifyError::Claim(_))
    ));
    assert_eq!(server.hits(Endpoint::OpenidConfiguration), 1);
    assert_eq!(server.hits(Endpoint::Jwks), 1);
    let accept = server
        .last_request_header(Endpoint::Jwks, "accept")
        .unwrap();
    assert_eq!(accept, "application/jwk-set+json, application/json");
    let agent = server
        .last_request_header(Endpoint::Jwks, "user-agent")
        .unwrap();
    assert!(agent.starts_with("jwt-ring-http/"), "{agent}");
}

#[tokio::test]
async fn rfc8414_metadata_is_found_by_path_insertion() {
    let server = JwksServer::start().await.unwrap();
    server.set_issuer_path("/tenant/7");
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let issuer = server.issuer();
    assert!(issuer.ends_with("/tenant/7"), "{issuer}");
    let keys = RemoteKeys::builder()
        .policy(quick())
        .http(loopback())
        .metadata_location(MetadataLocation::OAuthAuthorizationServer)
        .discover(&issuer)
        .await
        .unwrap();
    assert_eq!(server.hits(Endpoint::OauthAuthorizationServer), 1);
    validator(&keys)
        .verify::<NoCustomClaims>(&token(&signing, &issuer))
        .await
        .unwrap();
}

#[tokio::test]
async fn metadata_naming_another_issuer_is_refused() {
    let server = JwksServer::start().await.unwrap();
    server.set_metadata_issuer(Some("https://attacker.example"));
    let result = RemoteKeys::builder()
        .http(loopback())
        .discover(&server.issuer())
        .await;
    assert!(matches!(
        result,
        Err(Error::Metadata(
            jwt_ring::remote::MetadataError::IssuerMismatch
        ))
    ));
    // Not even a trailing slash is forgiven: issuers compare exactly.
    let server = JwksServer::start().await.unwrap();
    let result = RemoteKeys::builder()
        .http(loopback())
        .discover(&format!("{}/", server.issuer()))
        .await;
    assert!(matches!(
        result,
        Err(Error::Metadata(
            jwt_ring::remote::MetadataError::IssuerMismatch
        ))
    ));
    assert_eq!(server.hits(Endpoint::Jwks), 0);
}

#[tokio::test]
async fn plain_http_is_refused_unless_loopback_is_allowed() {
    let server = JwksServer::start().await.unwrap();
    let result = RemoteKeys::discover(&server.issuer()).await;
    assert!(matches!(result, Err(Error::InsecureUrl)));
    // A jwks_uri in the metadata that is not https is refused too, even on loopback.
    server.set_metadata_jwks_uri(Some("http://keys.example/jwks"));
    let result = RemoteKeys::builder()
        .http(loopback())
        .discover(&server.issuer())
        .await;
    assert!(matches!(result, Err(Error::InsecureUrl)));
    assert_eq!(server.hits(Endpoint::OpenidConfiguration), 1);
    assert_eq!(server.hits(Endpoint::Jwks), 0);
}

#[tokio::test]
async fn rotation_adds_the_new_kid_and_drops_the_old_one() {
    let server = JwksServer::start().await.unwrap();
    let old = key("old");
    server.set_jwks(&jwks(&[&old]));
    let keys = discover(&server, quick()).await;
    let validator = validator(&keys);
    let issuer = server.issuer();
    validator
        .verify::<NoCustomClaims>(&token(&old, &issuer))
        .await
        .unwrap();

    let new = key("new");
    server.set_jwks(&jwks(&[&new]));
    // The new kid is unknown: one refresh, then it verifies.
    validator
        .verify::<NoCustomClaims>(&token(&new, &issuer))
        .await
        .unwrap();
    assert_eq!(server.hits(Endpoint::Jwks), 2);
    assert_eq!(keys.status().key_ids, vec!["new".to_owned()]);
    // The refresh dropped the old key: its tokens no longer verify.
    assert!(matches!(
        validator
            .verify::<NoCustomClaims>(&token(&old, &issuer))
            .await,
        Err(VerifyError::NoMatchingKey)
    ));
}

#[tokio::test]
async fn an_outage_serves_the_last_known_good_keys_then_fails_closed() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let policy = quick()
        .max_age_bounds(Duration::ZERO, Duration::hours(24))
        .default_max_age(Duration::milliseconds(200))
        .stale_if_error(Duration::milliseconds(1200));
    let keys = discover(&server, policy).await;
    let validator = validator(&keys);
    let good = token(&signing, &server.issuer());
    server.down().await;
    tokio::time::sleep(StdDuration::from_millis(400)).await;
    // Expired, the endpoint down: the last known good keys still verify.
    validator.verify::<NoCustomClaims>(&good).await.unwrap();
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    let status = keys.status();
    assert!(status.loaded);
    assert!(status.failures >= 1, "{status:?}");
    assert!(status.last_error.is_some());
    // Past the stale window: keys unavailable (a 503, not a 401).
    tokio::time::sleep(StdDuration::from_millis(1200)).await;
    assert!(matches!(
        validator.verify::<NoCustomClaims>(&good).await,
        Err(VerifyError::KeysUnavailable)
    ));
    // The endpoint returns: the next verification fetches and succeeds.
    server.up().await.unwrap();
    validator.verify::<NoCustomClaims>(&good).await.unwrap();
}

#[tokio::test]
async fn a_slow_endpoint_times_out() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let http = HttpOptions::default()
        .allow_loopback_http()
        .timeout(StdDuration::from_millis(300));
    let keys = RemoteKeys::builder()
        .policy(quick())
        .http(http)
        .discover(&server.issuer())
        .await
        .unwrap();
    server.set_delay(StdDuration::from_secs(5));
    let error = keys.load().await.unwrap_err();
    assert_eq!(error.transport_failure(), Some(TransportFailure::Timeout));
    assert_eq!(
        error.to_string(),
        format!(
            "request to {} failed: no answer within the timeout",
            server.jwks_uri()
        )
    );
    assert_eq!(
        keys.status().last_error,
        Some(FetchError::Transport(FetchFailure::Timeout))
    );
    // The keys loaded before still verify.
    let validator = validator(&keys);
    server.set_delay(StdDuration::ZERO);
    validator
        .verify::<NoCustomClaims>(&token(&signing, &server.issuer()))
        .await
        .unwrap();
}

#[tokio::test]
async fn oversized_and_malformed_sets_are_refused_and_the_old_keys_kept() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let keys = discover(&server, quick().max_body_len(16 * 1024)).await;
    let validator = validator(&keys);
    let good = token(&signing, &server.issuer());

    server.set_oversized_jwks(64 * 1024);
    assert!(matches!(keys.load().await, Err(Error::TooLarge)));
    assert_eq!(keys.status().last_error, Some(FetchError::TooLarge));
    validator.verify::<NoCustomClaims>(&good).await.unwrap();

    server.set_malformed_jwks();
    assert!(matches!(
        keys.load().await,
        Err(Error::Keys(FetchError::Malformed(_)))
    ));
    validator.verify::<NoCustomClaims>(&good).await.unwrap();

    server.set_jwks(r#"{"keys":[]}"#);
    assert!(matches!(
        keys.load().await,
        Err(Error::Keys(FetchError::NoUsableKeys))
    ));
    server.set_jwks_status(500);
    assert!(matches!(
        keys.load().await,
        Err(Error::Keys(FetchError::Status(500)))
    ));
    validator.verify::<NoCustomClaims>(&good).await.unwrap();
    assert_eq!(keys.status().key_ids, vec!["k1".to_owned()]);
}

#[tokio::test]
async fn a_remote_set_never_yields_a_symmetric_key() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    let secret = r#"{"kty":"oct","kid":"s","alg":"HS256","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
    let set = jwks(&[&signing]).replacen("[", &format!("[{secret},"), 1);
    server.set_jwks(&set);
    let keys = discover(&server, quick()).await;
    assert_eq!(keys.status().key_ids, vec!["k1".to_owned()]);
    let hmac = jwt_ring::hmac::Key::new(&jwt_ring::hmac::HS256, &[0u8; 32])
        .unwrap()
        .with_key_id("s");
    let claims = jwt_ring::Claims::registered_only()
        .with_issuer(server.issuer())
        .with_audience("api")
        .valid_for(
            jwt_ring::time::OffsetDateTime::now_utc(),
            Duration::minutes(5),
        );
    let forged = jwt_ring::encode(&jwt_ring::Header::new(), &claims, &hmac).unwrap();
    assert!(matches!(
        validator(&keys).verify::<NoCustomClaims>(&forged).await,
        Err(VerifyError::NoMatchingKey)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kid_flood_causes_at_most_one_fetch_per_cooldown() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let keys = discover(&server, quick().unknown_kid_cooldown(Duration::seconds(30))).await;
    server.set_delay(StdDuration::from_millis(100));
    let validator = Arc::new(validator(&keys));
    let issuer = server.issuer();
    let mut tasks = Vec::new();
    for n in 0..200 {
        let validator = Arc::clone(&validator);
        let forged = token(&key(&format!("unknown-{n}")), &issuer);
        tasks.push(tokio::spawn(async move {
            validator.verify::<NoCustomClaims>(&forged).await
        }));
    }
    for task in tasks {
        assert!(matches!(
            task.await.unwrap(),
            Err(VerifyError::NoMatchingKey)
        ));
    }
    // The discovery load, then at most one refresh for the whole flood.
    assert!(
        server.hits(Endpoint::Jwks) <= 2,
        "{}",
        server.hits(Endpoint::Jwks)
    );
    assert!(keys.status().unknown_kid_refusals >= 1);
}

#[tokio::test]
async fn an_unchanged_set_is_revalidated_with_its_etag() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    server.set_etag(Some("\"v1\""));
    server.set_cache_control(Some("public, max-age=120"));
    let keys = discover(&server, quick()).await;
    let status = keys.status();
    let lifetime = status.expires_at.unwrap() - status.fetched_at.unwrap();
    assert_eq!(lifetime.whole_seconds(), 120);
    keys.load().await.unwrap();
    assert_eq!(
        server
            .last_request_header(Endpoint::Jwks, "if-none-match")
            .as_deref(),
        Some("\"v1\"")
    );
    assert_eq!(server.not_modified(), 1);
    assert_eq!(keys.status().not_modified, 1);
    validator(&keys)
        .verify::<NoCustomClaims>(&token(&signing, &server.issuer()))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lazy_start_makes_concurrent_first_requests_share_one_fetch() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    server.set_delay(StdDuration::from_millis(200));
    let keys = RemoteKeys::builder()
        .policy(CachePolicy::default())
        .http(loopback())
        .jwks_uri_lazy(&server.jwks_uri())
        .unwrap();
    assert!(!keys.status().loaded);
    assert_eq!(server.hits(Endpoint::Jwks), 0);
    let validator = Arc::new(validator(&keys));
    let good = token(&signing, &server.issuer());
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let validator = Arc::clone(&validator);
        let good = good.clone();
        tasks.push(tokio::spawn(async move {
            validator.verify::<NoCustomClaims>(&good).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(server.hits(Endpoint::Jwks), 1);
}

#[tokio::test]
async fn the_refresh_task_follows_the_set_without_any_request() {
    let server = JwksServer::start().await.unwrap();
    let first = key("first");
    server.set_jwks(&jwks(&[&first]));
    let policy = quick()
        .max_age_bounds(Duration::ZERO, Duration::hours(24))
        .default_max_age(Duration::milliseconds(100));
    let keys = discover(&server, policy).await;
    let second = key("second");
    server.set_jwks(&jwks(&[&second]));
    let task = keys.spawn_refresh_task(StdDuration::from_millis(20));
    let mut waited = 0;
    while keys.status().key_ids != vec!["second".to_owned()] && waited < 100 {
        tokio::time::sleep(StdDuration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(keys.status().key_ids, vec!["second".to_owned()]);
    // Dropping the handle stops the task: no fetch after it.
    drop(task);
    tokio::time::sleep(StdDuration::from_millis(50)).await;
    let hits = server.hits(Endpoint::Jwks);
    tokio::time::sleep(StdDuration::from_millis(400)).await;
    assert_eq!(server.hits(Endpoint::Jwks), hits);
}

#[tokio::test]
async fn a_due_set_is_refreshed_in_the_background_while_requests_go_on() {
    let server = JwksServer::start().await.unwrap();
    let first = key("first");
    let second = key("second");
    server.set_jwks(&jwks(&[&first]));
    let policy = quick()
        .max_age_bounds(Duration::ZERO, Duration::hours(24))
        .default_max_age(Duration::milliseconds(100));
    let keys = discover(&server, policy).await;
    let validator = validator(&keys);
    server.set_jwks(&jwks(&[&first, &second]));
    tokio::time::sleep(StdDuration::from_millis(150)).await;
    // Due: this request verifies with the keys it has and starts a refresh behind it.
    validator
        .verify::<NoCustomClaims>(&token(&first, &server.issuer()))
        .await
        .unwrap();
    let mut waited = 0;
    while keys.status().key_ids.len() < 2 && waited < 100 {
        tokio::time::sleep(StdDuration::from_millis(20)).await;
        waited += 1;
    }
    assert_eq!(server.hits(Endpoint::Jwks), 2);
    assert_eq!(keys.status().key_ids.len(), 2);
}

#[tokio::test]
async fn redirects_are_followed_only_within_the_limit() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let elsewhere = JwksServer::start().await.unwrap();
    elsewhere.set_jwks_status(302);
    elsewhere.set_jwks_header("location", &server.jwks_uri());
    let keys = RemoteKeys::builder()
        .http(loopback())
        .jwks_uri(&elsewhere.jwks_uri())
        .await
        .unwrap();
    assert_eq!(keys.status().key_ids, vec!["k1".to_owned()]);
    let none = RemoteKeys::builder()
        .http(loopback().max_redirects(0))
        .jwks_uri(&elsewhere.jwks_uri())
        .await;
    let error = none.unwrap_err();
    assert_eq!(error.transport_failure(), Some(TransportFailure::Redirect));
    assert!(
        error.to_string().contains("a redirect was refused"),
        "{error}"
    );
    // A redirect that leaves https (here: to plain http off loopback) is refused.
    elsewhere.set_jwks_header("location", "http://keys.example/jwks");
    let insecure = RemoteKeys::builder()
        .http(loopback())
        .jwks_uri(&elsewhere.jwks_uri())
        .await;
    let error = insecure.unwrap_err();
    assert_eq!(error.transport_failure(), Some(TransportFailure::Redirect));
}

/// A JWK Set document padded with JSON whitespace to exactly `len` bytes.
fn padded(document: &str, len: usize) -> String {
    let body = document.strip_suffix('}').unwrap();
    format!("{body}{}}}", " ".repeat(len - document.len()))
}

#[tokio::test]
async fn the_body_limit_admits_exactly_its_length_whether_announced_or_streamed() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    let document = padded(&jwks(&[&signing]), 4096);
    assert_eq!(document.len(), 4096);
    server.set_jwks(&document);
    for chunked in [false, true] {
        server.set_chunked(chunked);
        let at_limit = RemoteKeys::builder()
            .policy(quick().max_body_len(4096))
            .http(loopback())
            .jwks_uri(&server.jwks_uri())
            .await;
        assert!(at_limit.is_ok(), "chunked={chunked}: {at_limit:?}");
        let over = RemoteKeys::builder()
            .policy(quick().max_body_len(4095))
            .http(loopback())
            .jwks_uri(&server.jwks_uri())
            .await;
        assert!(
            matches!(over, Err(Error::TooLarge)),
            "chunked={chunked}: {over:?}"
        );
    }
}

#[tokio::test]
async fn the_metadata_limit_and_the_user_agent_are_configurable() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let small = RemoteKeys::builder()
        .http(loopback().max_metadata_len(64))
        .discover(&server.issuer())
        .await;
    assert!(matches!(small, Err(Error::TooLarge)), "{small:?}");
    RemoteKeys::builder()
        .http(loopback().user_agent("resource-server/7"))
        .discover(&server.issuer())
        .await
        .unwrap();
    assert_eq!(
        server
            .last_request_header(Endpoint::Jwks, "user-agent")
            .as_deref(),
        Some("resource-server/7")
    );
}

#[tokio::test]
async fn metadata_answered_with_an_error_status_is_refused() {
    let server = JwksServer::start().await.unwrap();
    server.set_metadata_status(404);
    let result = RemoteKeys::builder()
        .http(loopback())
        .discover(&server.issuer())
        .await;
    assert!(matches!(result, Err(Error::Status(404))), "{result:?}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_connect_error() {
    let server = JwksServer::start().await.unwrap();
    let issuer = server.issuer();
    server.down().await;
    let result = RemoteKeys::builder()
        .http(loopback())
        .discover(&issuer)
        .await;
    let error = result.unwrap_err();
    assert_eq!(
        error.transport_failure(),
        Some(TransportFailure::Refused),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_unreachable_endpoint_is_recorded_as_a_connect_failure() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    let keys = discover(&server, quick()).await;
    server.down().await;
    let error = keys.load().await.unwrap_err();
    assert_eq!(
        error.transport_failure(),
        Some(TransportFailure::Refused),
        "{error:?}"
    );
    assert_eq!(
        keys.status().last_error,
        Some(FetchError::Transport(FetchFailure::Connect))
    );
    let debug = format!("{keys:?}");
    assert!(debug.contains(&server.jwks_uri()), "{debug}");
    assert!(debug.contains("RemoteKeys"), "{debug}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_load_that_joins_a_failed_fetch_reports_whether_keys_still_serve() {
    let server = JwksServer::start().await.unwrap();
    let signing = key("k1");
    server.set_jwks(&jwks(&[&signing]));
    server.set_jwks_status(500);
    server.set_delay(StdDuration::from_millis(300));
    // Nothing loaded: the caller who joins the failed fetch gets its error too.
    let lazy = RemoteKeys::builder()
        .policy(quick())
        .http(loopback())
        .jwks_uri_lazy(&server.jwks_uri())
        .unwrap();
    let (first, second) = tokio::join!(lazy.load(), async {
        tokio::time::sleep(StdDuration::from_millis(50)).await;
        lazy.load().await
    });
    assert!(
        matches!(first, Err(Error::Keys(FetchError::Status(500)))),
        "{first:?}"
    );
    assert!(
        matches!(second, Err(Error::Keys(FetchError::Status(500)))),
        "{second:?}"
    );
    assert_eq!(server.hits(Endpoint::Jwks), 1);

    // Keys loaded: the joining caller is told all is well, since they still serve.
    server.set_jwks_status(200);
    server.set_delay(StdDuration::ZERO);
    lazy.load().await.unwrap();
    server.set_jwks_status(500);
    server.set_delay(StdDuration::from_millis(300));
    let (first, second) = tokio::join!(lazy.load(), async {
        tokio::time::sleep(StdDuration::from_millis(50)).await;
        lazy.load().await
    });
    assert!(
        matches!(first, Err(Error::Keys(FetchError::Status(500)))),
        "{first:?}"
    );
    assert!(second.is_ok(), "{second:?}");
    assert_eq!(server.hits(Endpoint::Jwks), 3);
}

#[tokio::test]
async fn verify_with_tries_again_when_a_fetch_landed_while_it_verified() {
    let server = JwksServer::start().await.unwrap();
    let old = key("old");
    server.set_jwks(&jwks(&[&old]));
    // A cooldown the test never waits out: the refresh for the unknown kid is refused.
    let policy = quick()
        .unknown_kid_cooldown(Duration::hours(1))
        .new_kid_interval(Duration::hours(1));
    let keys = discover(&server, policy).await;
    let new = key("new");
    let new_set = jwks(&[&new]);
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let token = token(&new, &server.issuer());
    let result = keys
        .verify_with(&token, |now| {
            if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                // Another driver's fetch lands between this verification and the refresh.
                let cache = keys.key_set();
                let ticket = cache.begin_fetch(FetchReason::Requested, now).unwrap();
                let response = HttpResponse::new(200, new_set.as_bytes());
                cache
                    .ingest(ticket, FetchOutcome::Response(response), now)
                    .unwrap();
                return Err(VerifyError::NoMatchingKey);
            }
            Ok(keys.status().key_ids.clone())
        })
        .await;
    assert_eq!(result.unwrap(), vec!["new".to_owned()]);
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    // The refused refresh made no request.
    assert_eq!(server.hits(Endpoint::Jwks), 1);
}

#[tokio::test]
async fn settings_outside_their_bounds_are_refused_when_the_keys_are_built() {
    use jwt_ring::remote::PolicyError;

    // A default freshness of 1 s was quietly clamped to 30 s; now it is an error naming the
    // bound, before any request.
    let short = CachePolicy::default().default_max_age(Duration::SECOND);
    let result = RemoteKeys::builder()
        .policy(short)
        .jwks_uri_lazy("https://as.example/jwks");
    match result {
        Err(Error::Policy(PolicyError::DefaultMaxAgeOutOfBounds { value, min, .. })) => {
            assert_eq!((value, min), (Duration::SECOND, Duration::seconds(30)));
        }
        other => panic!("{other:?}"),
    }
    // The preset for tests is coherent as it is.
    assert!(
        RemoteKeys::builder()
            .policy(CachePolicy::short_windows())
            .jwks_uri_lazy("https://as.example/jwks")
            .is_ok()
    );
    // A timeout must be positive; either duration type is taken.
    for timeout in [Duration::ZERO, Duration::seconds(-1)] {
        let result = RemoteKeys::builder()
            .http(HttpOptions::default().timeout(timeout))
            .jwks_uri_lazy("https://as.example/jwks");
        assert!(matches!(result, Err(Error::Options(_))), "{timeout}");
    }
    let from_std = HttpOptions::default().timeout(StdDuration::from_millis(1500));
    assert_eq!(from_std.timeout_value(), Duration::milliseconds(1500));
}
