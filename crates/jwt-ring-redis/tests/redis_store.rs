//! `RedisReplayStore` against a real `redis-server` (started by the testkit), and against fake
//! servers for the failures a real one does not produce on demand.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use jwt_ring::oauth::{AsyncReplayStore, ReplayError};
use jwt_ring_redis::{DEFAULT_KEY_PREFIX, Error, RedisReplayStore, RedisStoreOptions};
use jwt_ring_testkit::RedisServer;
use support::{FakeRedis, is_setup};
use time::OffsetDateTime;

fn t(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_767_225_600 + seconds).unwrap()
}

async fn store(redis: &RedisServer, prefix: &str) -> RedisReplayStore {
    RedisReplayStore::connect(
        &redis.url(),
        RedisStoreOptions::default().key_prefix(prefix),
    )
    .await
    .unwrap()
}

/// A plain connection for looking at what the store wrote.
fn raw(redis: &RedisServer) -> redis::Connection {
    redis::Client::open(redis.url())
        .unwrap()
        .get_connection()
        .unwrap()
}

fn keys(redis: &RedisServer, pattern: &str) -> Vec<String> {
    redis::cmd("KEYS")
        .arg(pattern)
        .query(&mut raw(redis))
        .unwrap()
}

/// How many connections the server has, the one asking included.
fn client_count(redis: &RedisServer) -> usize {
    let clients: String = redis::cmd("CLIENT")
        .arg("LIST")
        .query(&mut raw(redis))
        .unwrap();
    clients.lines().count()
}

/// The [`Error`] inside an `Unavailable`, which every failure must be.
fn unavailable(result: Result<bool, ReplayError>) -> Error {
    match result {
        Err(ReplayError::Unavailable(source)) => *source.downcast::<Error>().unwrap(),
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

#[tokio::test]
async fn first_use_is_accepted_and_every_later_one_refused() {
    let redis = RedisServer::start().unwrap();
    let store = store(&redis, "p:").await;
    assert!(store.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
    assert!(!store.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
    assert!(
        !store
            .first_seen_async("c", "j", t(60), t(30))
            .await
            .unwrap()
    );
    assert!(store.first_seen_async("c", "k", t(60), t(0)).await.unwrap());
}

#[tokio::test]
async fn two_stores_on_one_redis_see_each_others_values() {
    let redis = RedisServer::start().unwrap();
    let one = store(&redis, DEFAULT_KEY_PREFIX).await;
    let two = RedisReplayStore::connect(&redis.url(), RedisStoreOptions::default())
        .await
        .unwrap();
    assert!(
        one.first_seen_async("c", "from-one", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        !two.first_seen_async("c", "from-one", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        two.first_seen_async("c", "from-two", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        !one.first_seen_async("c", "from-two", t(60), t(0))
            .await
            .unwrap()
    );
    // Two connections, one per store, and the raw one asking.
    assert_eq!(client_count(&redis), 3);
}

#[tokio::test]
async fn scopes_are_separate_and_unambiguous() {
    let redis = RedisServer::start().unwrap();
    let store = store(&redis, "p:").await;
    assert!(
        store
            .first_seen_async("client-1", "j", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        store
            .first_seen_async("client-2", "j", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        store
            .first_seen_async("ab", "c", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        store
            .first_seen_async("a", "bc", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        !store
            .first_seen_async("ab", "c", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        !store
            .first_seen_async("a", "bc", t(60), t(0))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn prefixes_are_separate() {
    let redis = RedisServer::start().unwrap();
    let one = store(&redis, "one:").await;
    let two = store(&redis, "two:").await;
    assert!(one.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
    assert!(two.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
    assert!(!one.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_64_concurrent_calls_exactly_one_is_first() {
    let redis = RedisServer::start().unwrap();
    let store = Arc::new(store(&redis, "p:").await);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let store = Arc::clone(&store);
        calls.spawn(async move { store.first_seen_async("c", "same", t(60), t(0)).await });
    }
    let answers: Vec<bool> = calls
        .join_all()
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(answers.len(), 64);
    assert_eq!(answers.iter().filter(|first| **first).count(), 1);
    // All on one multiplexed connection: the store's and the raw one asking.
    assert_eq!(client_count(&redis), 2);
}

#[tokio::test]
async fn the_key_is_prefixed_hashed_and_expires_at_until() {
    let redis = RedisServer::start().unwrap();
    let store = store(&redis, "svc:").await;
    let until = t(60) + time::Duration::microseconds(1);
    assert!(
        store
            .first_seen_async("client-1", "jti-in-clear", until, t(0))
            .await
            .unwrap()
    );

    let written = keys(&redis, "*");
    assert_eq!(written.len(), 1);
    let key = &written[0];
    assert_eq!(
        *key,
        RedisReplayStore::key_for("svc:", "client-1", "jti-in-clear")
    );
    assert!(key.starts_with("svc:"));
    assert_eq!(key.len(), "svc:".len() + 43);
    assert!(!key.contains("jti-in-clear") && !key.contains("client-1"));
    let value: String = redis::cmd("GET").arg(key).query(&mut raw(&redis)).unwrap();
    assert_eq!(value, "1");
    let pttl: i64 = redis::cmd("PTTL").arg(key).query(&mut raw(&redis)).unwrap();
    // 60 s and 1 µs, rounded up to 60 001 ms; Redis counts down from there.
    assert!(pttl > 0 && pttl <= 60_001, "{pttl}");
}

#[tokio::test]
async fn an_expired_until_is_not_stored() {
    let redis = RedisServer::start().unwrap();
    let store = store(&redis, "p:").await;
    assert!(store.first_seen_async("c", "j", t(0), t(0)).await.unwrap());
    assert!(store.first_seen_async("c", "j", t(-1), t(0)).await.unwrap());
    assert!(keys(&redis, "*").is_empty());
    // Still refused while an earlier use is remembered, as the in-memory store does.
    assert!(store.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
    assert!(!store.first_seen_async("c", "j", t(0), t(0)).await.unwrap());
    assert_eq!(keys(&redis, "*").len(), 1);
}

#[tokio::test]
async fn the_farthest_until_is_accepted_by_redis() {
    let redis = RedisServer::start().unwrap();
    let store = store(&redis, "p:").await;
    let far = time::PrimitiveDateTime::MAX.assume_utc();
    assert!(store.first_seen_async("c", "j", far, t(0)).await.unwrap());
    let pttl: i64 = redis::cmd("PTTL")
        .arg(RedisReplayStore::key_for("p:", "c", "j"))
        .query(&mut raw(&redis))
        .unwrap();
    assert!(pttl > 200_000_000_000_000, "{pttl}");
}

// Multi-threaded: the reconnection each failed call starts runs (and fails) at once on another
// worker while Redis is down, so the first call after the restart finds a failed connection
// and must start a new one itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fails_closed_while_redis_is_down_and_recovers_by_itself() {
    let mut redis = RedisServer::start().unwrap();
    let store = store(&redis, "p:").await;
    assert!(
        store
            .first_seen_async("c", "before", t(60), t(0))
            .await
            .unwrap()
    );

    redis.stop();
    for jti in ["during-1", "during-2", "before"] {
        let error = unavailable(store.first_seen_async("c", jti, t(60), t(0)).await);
        assert!(
            matches!(error, Error::Connection(_) | Error::Timeout),
            "{error:?}"
        );
    }

    redis.restart().unwrap();
    // The same store, no reconnecting by hand. The restarted Redis is empty.
    assert!(
        store
            .first_seen_async("c", "after", t(60), t(0))
            .await
            .unwrap()
    );
    assert!(
        !store
            .first_seen_async("c", "after", t(60), t(0))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_silent_server_is_unavailable_not_a_hang() {
    // It answers the connection set-up, then nothing.
    let fake = FakeRedis::start(|command| is_setup(command).then_some(b"+OK\r\n")).await;
    let options = RedisStoreOptions::default().response_timeout(Duration::from_millis(100));
    let store = RedisReplayStore::connect(&fake.url(), options)
        .await
        .unwrap();
    let error = unavailable(store.first_seen_async("c", "j", t(60), t(0)).await);
    assert!(matches!(error, Error::Timeout), "{error:?}");
    let error = unavailable(store.first_seen_async("c", "j", t(0), t(0)).await);
    assert!(matches!(error, Error::Timeout), "{error:?}");
}

#[tokio::test]
async fn connecting_to_a_server_that_never_answers_times_out() {
    let fake = FakeRedis::silent().await;
    let options = RedisStoreOptions::default().connect_timeout(Duration::from_millis(100));
    let error = RedisReplayStore::connect(&fake.url(), options)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
}

#[tokio::test]
async fn connecting_to_a_closed_port_is_a_connection_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("redis://127.0.0.1:{port}/");
    let error = RedisReplayStore::connect(&url, RedisStoreOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    assert_eq!(error.to_string(), "could not reach redis");
}

#[tokio::test]
async fn invalid_urls_are_refused() {
    for url in ["", "not a url", "http://127.0.0.1/", "rediss://127.0.0.1/"] {
        let error = RedisReplayStore::connect(url, RedisStoreOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidUrl), "{url}: {error:?}");
    }
}

#[tokio::test]
async fn error_replies_are_refusals() {
    let fake = FakeRedis::start(|command| {
        Some(if is_setup(command) {
            b"+OK\r\n"
        } else {
            b"-OOM command not allowed\r\n"
        })
    })
    .await;
    let store = RedisReplayStore::connect(&fake.url(), RedisStoreOptions::default())
        .await
        .unwrap();
    for until in [t(60), t(0)] {
        let error = unavailable(store.first_seen_async("c", "j", until, t(0)).await);
        assert!(matches!(error, Error::Refused(_)), "{error:?}");
    }
}

#[tokio::test]
async fn an_error_reply_is_not_sent_again() {
    static SETS: AtomicUsize = AtomicUsize::new(0);
    let fake = FakeRedis::start(|command| {
        if is_setup(command) {
            return Some(b"+OK\r\n");
        }
        SETS.fetch_add(1, Ordering::SeqCst);
        Some(b"-READONLY You can't write against a read only replica.\r\n")
    })
    .await;
    let store = RedisReplayStore::connect(&fake.url(), RedisStoreOptions::default())
        .await
        .unwrap();
    let error = unavailable(store.first_seen_async("c", "j", t(60), t(0)).await);
    assert!(matches!(error, Error::Refused(_)), "{error:?}");
    assert_eq!(SETS.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unexpected_replies_are_errors() {
    let fake = FakeRedis::start(|command| {
        Some(match command[0].as_slice() {
            b"SET" => b":1\r\n",
            b"EXISTS" => b":2\r\n",
            _ => b"+OK\r\n",
        })
    })
    .await;
    let store = RedisReplayStore::connect(&fake.url(), RedisStoreOptions::default())
        .await
        .unwrap();
    for until in [t(60), t(0)] {
        let error = unavailable(store.first_seen_async("c", "j", until, t(0)).await);
        assert!(matches!(error, Error::UnexpectedReply), "{error:?}");
    }
}

#[tokio::test]
async fn a_set_answered_with_okay_text_is_not_taken_for_ok() {
    // Only the status reply OK counts; a bulk string "OK" (or nil for EXISTS) does not.
    let fake = FakeRedis::start(|command| {
        Some(match command[0].as_slice() {
            b"SET" => b"$2\r\nOK\r\n",
            b"EXISTS" => b"$-1\r\n",
            _ => b"+OK\r\n",
        })
    })
    .await;
    let store = RedisReplayStore::connect(&fake.url(), RedisStoreOptions::default())
        .await
        .unwrap();
    for until in [t(60), t(0)] {
        let error = unavailable(store.first_seen_async("c", "j", until, t(0)).await);
        assert!(matches!(error, Error::UnexpectedReply), "{error:?}");
    }
}

#[tokio::test]
async fn passwords_never_reach_debug_or_errors() {
    let redis = RedisServer::start().unwrap();
    let () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("requirepass")
        .arg("s3cret-pw")
        .query(&mut raw(&redis))
        .unwrap_or(());
    let port = redis.port();

    let url = format!("redis://:s3cret-pw@127.0.0.1:{port}/");
    let store = RedisReplayStore::connect(&url, RedisStoreOptions::default())
        .await
        .unwrap();
    assert!(store.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
    let debug = format!("{store:?}");
    assert!(!debug.contains("s3cret-pw"), "{debug}");
    assert!(debug.contains(&format!("127.0.0.1:{port}")), "{debug}");
    assert!(debug.contains("jwt-ring:replay:"), "{debug}");

    let url = format!("redis://:wr0ng-pw@127.0.0.1:{port}/");
    let error = RedisReplayStore::connect(&url, RedisStoreOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Refused(_)), "{error:?}");
    let mut chain = format!("{error} {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        chain.push_str(&format!(" {inner} {inner:?}"));
        source = inner.source();
    }
    assert!(!chain.contains("wr0ng-pw"), "{chain}");
}

#[tokio::test]
async fn debug_shows_the_settings() {
    let redis = RedisServer::start().unwrap();
    let options = RedisStoreOptions::new()
        .key_prefix("k:")
        .connect_timeout(Duration::from_millis(700))
        .response_timeout(Duration::from_millis(300));
    let store = RedisReplayStore::connect(&format!("{}3", redis.url()), options)
        .await
        .unwrap();
    let debug = format!("{store:?}");
    for part in ["\"k:\"", "700ms", "300ms", "db: 3"] {
        assert!(debug.contains(part), "{part} in {debug}");
    }
    // db 3 is really used.
    assert!(store.first_seen_async("c", "j", t(60), t(0)).await.unwrap());
    let mut raw = raw(&redis);
    let () = redis::cmd("SELECT").arg(3).query(&mut raw).unwrap();
    let size: i64 = redis::cmd("DBSIZE").query(&mut raw).unwrap();
    assert_eq!(size, 1);
}

#[test]
fn options_have_the_documented_defaults() {
    let options = RedisStoreOptions::default();
    assert_eq!(options, RedisStoreOptions::new());
    assert_eq!(options.key_prefix_value(), "jwt-ring:replay:");
    assert_eq!(DEFAULT_KEY_PREFIX, "jwt-ring:replay:");
    assert_eq!(options.connect_timeout_value(), Duration::from_secs(1));
    assert_eq!(options.response_timeout_value(), Duration::from_millis(500));
    let changed = options
        .key_prefix("x:")
        .connect_timeout(Duration::from_secs(2))
        .response_timeout(Duration::from_secs(3));
    assert_eq!(changed.key_prefix_value(), "x:");
    assert_eq!(changed.connect_timeout_value(), Duration::from_secs(2));
    assert_eq!(changed.response_timeout_value(), Duration::from_secs(3));
}

/// Polls a future once, outside any runtime.
fn poll_once<F: std::future::Future>(future: F) -> std::task::Poll<F::Output> {
    let waker = std::task::Waker::noop();
    std::pin::pin!(future).poll(&mut std::task::Context::from_waker(waker))
}

#[test]
fn outside_a_tokio_runtime_it_fails_instead_of_panicking() {
    let redis = RedisServer::start().unwrap();
    let url = redis.url();
    let connecting = RedisReplayStore::connect(&url, RedisStoreOptions::default());
    assert!(matches!(
        poll_once(connecting),
        std::task::Poll::Ready(Err(Error::NoRuntime))
    ));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime
        .block_on(RedisReplayStore::connect(
            &redis.url(),
            RedisStoreOptions::default(),
        ))
        .unwrap();
    match poll_once(store.first_seen_async("c", "j", t(60), t(0))) {
        std::task::Poll::Ready(result) => assert!(matches!(unavailable(result), Error::NoRuntime)),
        std::task::Poll::Pending => panic!("must answer at once"),
    }
    // Nothing was stored.
    assert!(keys(&redis, "*").is_empty());
    assert!(
        runtime
            .block_on(store.first_seen_async("c", "j", t(60), t(0)))
            .unwrap()
    );
}

#[tokio::test]
async fn revocations_are_shared_and_lookups_write_nothing() {
    use jwt_ring::revocation::{is_revoked_async, revoke_async};
    let redis = RedisServer::start().unwrap();
    let (a, b) = (store(&redis, "r:").await, store(&redis, "r:").await);
    for _ in 0..3 {
        assert!(!is_revoked_async(&b, "iss", "token-1", t(0)).await.unwrap());
    }
    assert!(keys(&redis, "r:*").is_empty(), "a lookup writes nothing");
    revoke_async(&a, "iss", "token-1", t(60), t(0))
        .await
        .unwrap();
    revoke_async(&b, "iss", "token-1", t(60), t(1))
        .await
        .unwrap();
    assert_eq!(keys(&redis, "r:*").len(), 1);
    assert!(is_revoked_async(&b, "iss", "token-1", t(1)).await.unwrap());
    assert!(is_revoked_async(&a, "iss", "token-1", t(1)).await.unwrap());
    assert!(
        !is_revoked_async(&a, "other", "token-1", t(1))
            .await
            .unwrap()
    );
    assert!(!is_revoked_async(&a, "iss", "token-2", t(1)).await.unwrap());
}
