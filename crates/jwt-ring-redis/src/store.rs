//! The store: one reconnecting, multiplexed connection, and `SET key 1 NX PX ttl`.

use std::fmt;
use std::time::Duration;

use jwt_ring::oauth::{AsyncReplayStore, ReplayError, ReplayFuture};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, Value};
use time::OffsetDateTime;

use crate::error::Error;
use crate::key::{replay_key, ttl_ms};
use crate::options::{RedisStoreOptions, std_duration};

/// A `jti` replay store in Redis, shared by every instance of a service that points at the
/// same Redis (RFC 9449 §11.1 for DPoP proofs, RFC 7523 §3 for client assertions).
///
/// Each value is one key, `prefix` + base64url(SHA-256(scope, jti)), written with the atomic
/// `SET key 1 NX PX ttl`: the first caller gets `OK` and so `Ok(true)`, every other caller
/// (on any instance) gets nil and so `Ok(false)`, until the key expires at `until`.
///
/// One multiplexed connection carries every call: concurrent calls are pipelined on it, and
/// it reconnects by itself after Redis restarts or the network fails. Clone the store, or
/// share it behind an `Arc`: clones share the connection.
///
/// # Security
///
/// The store fails closed: when Redis cannot be reached or does not answer within the
/// response timeout, the call returns [`ReplayError::Unavailable`] (its source is an
/// [`Error`]), never `Ok(true)`, and the caller refuses the token. The key holds a hash, not
/// the `jti`; `Debug` shows the server's address, never a password from the URL.
///
/// Redis must keep the keys until they expire: a Redis that restarts without persistence, or
/// evicts keys under memory pressure (any `maxmemory-policy` but `noeviction` or a
/// `volatile-*` one with other volatile keys to evict), forgets values that could then be
/// replayed until their tokens expire.
///
/// # Examples
///
/// ```no_run
/// use jwt_ring::oauth::AsyncReplayStore;
/// use jwt_ring_redis::{RedisReplayStore, RedisStoreOptions};
/// use time::{Duration, OffsetDateTime};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let store = RedisReplayStore::connect("redis://127.0.0.1:6379/", RedisStoreOptions::default())
///     .await?;
/// let now = OffsetDateTime::now_utc();
/// let until = now + Duration::minutes(5);
/// assert!(store.first_seen_async("client-1", "jti-1", until, now).await?);
/// assert!(!store.first_seen_async("client-1", "jti-1", until, now).await?);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisReplayStore {
    connection: ConnectionManager,
    key_prefix: String,
    response_timeout: Duration,
    connect_timeout: Duration,
    /// `host:port` or a socket path: no user name, no password.
    endpoint: String,
    db: i64,
}

impl RedisReplayStore {
    /// Connects to the Redis at `url` (`redis://[user:password@]host[:port][/db]`, or
    /// `redis+unix:///path`) and checks that it answers.
    ///
    /// Must be called within a Tokio runtime with its time driver enabled (as `#[tokio::main]`
    /// and `Runtime::new` build it), which then drives the connection; so must
    /// [`first_seen_async`](AsyncReplayStore::first_seen_async).
    ///
    /// # Errors
    ///
    /// [`Error::NoRuntime`] outside a Tokio runtime, [`Error::InvalidUrl`], [`Error::Timeout`] when the connection is not ready within the
    /// connect timeout, [`Error::Connection`] when Redis cannot be reached, [`Error::Refused`]
    /// when it refuses the credentials. No message contains the URL.
    pub async fn connect(url: &str, options: RedisStoreOptions) -> Result<Self, Error> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::NoRuntime);
        }
        let client = Client::open(url).map_err(|_| Error::InvalidUrl)?;
        let info = client.get_connection_info();
        let endpoint = info.addr().to_string();
        let db = info.redis_settings().db();
        // No retries inside a reconnection: a call that finds the connection broken starts
        // a new attempt itself, so every attempt is one that some call is waiting for.
        let config = ConnectionManagerConfig::new()
            .set_number_of_retries(0)
            .set_connection_timeout(Some(std_duration(options.connect_timeout)))
            .set_response_timeout(Some(std_duration(options.response_timeout)));
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(Error::from_redis)?;
        Ok(Self {
            connection,
            key_prefix: options.key_prefix,
            response_timeout: std_duration(options.response_timeout),
            connect_timeout: std_duration(options.connect_timeout),
            endpoint,
            db,
        })
    }

    /// The key a `jti` is remembered under: the prefix and the unpadded base64url SHA-256 of
    /// the scope's length (eight bytes, big-endian), the scope and the `jti`. For operators
    /// who inspect Redis; the store computes it itself.
    ///
    /// ```
    /// let key = jwt_ring_redis::RedisReplayStore::key_for("jwt-ring:replay:", "client-1", "jti-1");
    /// assert!(key.starts_with("jwt-ring:replay:"));
    /// assert_eq!(key.len(), "jwt-ring:replay:".len() + 43);
    /// ```
    pub fn key_for(prefix: &str, scope: &str, jti: &str) -> String {
        replay_key(prefix, scope, jti)
    }

    /// Runs one `SET NX PX`, or `EXISTS` for an expired `until`, retrying once when the
    /// connection was broken (the first failure starts the reconnection).
    async fn first_seen_inner(&self, key: String, ttl: Option<u64>) -> Result<bool, Error> {
        let command = match ttl {
            Some(ttl) => {
                let mut command = redis::cmd("SET");
                command.arg(&key).arg(1).arg("NX").arg("PX").arg(ttl);
                command
            }
            None => {
                let mut command = redis::cmd("EXISTS");
                command.arg(&key);
                command
            }
        };
        let mut connection = self.connection.clone();
        let mut reply = command.query_async::<Value>(&mut connection).await;
        if reply.as_ref().is_err_and(is_broken_connection) {
            reply = command.query_async::<Value>(&mut connection).await;
        }
        match (ttl, reply.map_err(Error::from_redis)?) {
            (Some(_), Value::Okay) => Ok(true),
            (Some(_), Value::Nil) => Ok(false),
            // Already expired: never stored, but refused while an earlier use is remembered,
            // as the in-memory store does.
            (None, Value::Int(0)) => Ok(true),
            (None, Value::Int(1)) => Ok(false),
            _ => Err(Error::UnexpectedReply),
        }
    }
}

/// Whether the connection was lost (reset, closed, refused), so that the command may be sent
/// again on a new one. A timeout is not: the command may still be running.
///
/// Sending `SET NX` again after a connection broke mid-call fails closed: if the first one
/// reached Redis, the second gets nil and the call answers `Ok(false)`.
fn is_broken_connection(error: &redis::RedisError) -> bool {
    !error.is_timeout() && error.is_io_error()
}

impl AsyncReplayStore for RedisReplayStore {
    /// Records `jti` within `scope` until `until` with one atomic `SET NX PX`.
    ///
    /// When `until` is not after `now`, nothing is stored: the answer is `Ok(false)` while an
    /// earlier use is remembered, `Ok(true)` otherwise (as the in-memory store answers).
    ///
    /// # Errors
    ///
    /// [`ReplayError::Unavailable`], with an [`Error`] as its source, when Redis does not answer
    /// within the response timeout (reconnecting included), cannot be reached or refuses the
    /// command, or when polled outside a Tokio runtime.
    fn first_seen_async<'a>(
        &'a self,
        scope: &'a str,
        jti: &'a str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> ReplayFuture<'a> {
        let key = replay_key(&self.key_prefix, scope, jti);
        let ttl = ttl_ms(until, now);
        Box::pin(async move {
            if tokio::runtime::Handle::try_current().is_err() {
                return Err(ReplayError::Unavailable(Box::new(Error::NoRuntime)));
            }
            match tokio::time::timeout(self.response_timeout, self.first_seen_inner(key, ttl)).await
            {
                Ok(Ok(first)) => Ok(first),
                Ok(Err(error)) => Err(ReplayError::Unavailable(Box::new(error))),
                Err(_elapsed) => Err(ReplayError::Unavailable(Box::new(Error::Timeout))),
            }
        })
    }
}

impl fmt::Debug for RedisReplayStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisReplayStore")
            .field("endpoint", &self.endpoint)
            .field("db", &self.db)
            .field("key_prefix", &self.key_prefix)
            .field("connect_timeout", &self.connect_timeout)
            .field("response_timeout", &self.response_timeout)
            .finish_non_exhaustive()
    }
}
