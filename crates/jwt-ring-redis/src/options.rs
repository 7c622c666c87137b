//! How the store names its keys and how long it waits for Redis.

use jwt_ring::time::Duration;

/// The key prefix of [`RedisStoreOptions::default`].
pub const DEFAULT_KEY_PREFIX: &str = "jwt-ring:replay:";

/// How a [`RedisReplayStore`](crate::RedisReplayStore) names its keys and how long it waits.
/// Every field has a documented default; set the ones to change:
///
/// ```
/// use jwt_ring::time::Duration;
/// use jwt_ring_redis::RedisStoreOptions;
///
/// let options = RedisStoreOptions::default()
///     .key_prefix("orders-api:dpop:")
///     .response_timeout(Duration::milliseconds(200));
/// assert_eq!(options.response_timeout_value(), Duration::milliseconds(200));
/// // A `std::time::Duration` is taken too.
/// let same = RedisStoreOptions::default().response_timeout(std::time::Duration::from_millis(200));
/// assert_eq!(same.response_timeout_value(), Duration::milliseconds(200));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedisStoreOptions {
    pub(crate) key_prefix: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) response_timeout: Duration,
}

impl Default for RedisStoreOptions {
    /// Keys under [`DEFAULT_KEY_PREFIX`] (`jwt-ring:replay:`), 1 s to connect, 500 ms for a
    /// call to be answered.
    fn default() -> Self {
        Self {
            key_prefix: DEFAULT_KEY_PREFIX.to_owned(),
            connect_timeout: Duration::SECOND,
            response_timeout: Duration::milliseconds(500),
        }
    }
}

impl RedisStoreOptions {
    /// The same as [`RedisStoreOptions::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The prefix of every key the store writes (default `jwt-ring:replay:`): give each
    /// service, or each kind of `jti`, its own when they share a Redis database.
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.key_prefix = prefix.into();
        self
    }

    /// The limit for one connection attempt, at start-up and when reconnecting (default 1 s):
    /// a `time::Duration` or a `std::time::Duration`.
    pub fn connect_timeout(mut self, timeout: impl TryInto<Duration>) -> Self {
        self.connect_timeout = timeout.try_into().unwrap_or(Duration::MAX);
        self
    }

    /// The limit for one call to be answered, waiting for a reconnection included (default
    /// 500 ms). A call that gets no answer in time fails with
    /// [`ReplayError::Unavailable`](jwt_ring::oauth::ReplayError::Unavailable) instead of
    /// holding the request that made it.
    pub fn response_timeout(mut self, timeout: impl TryInto<Duration>) -> Self {
        self.response_timeout = timeout.try_into().unwrap_or(Duration::MAX);
        self
    }

    /// The key prefix set.
    pub fn key_prefix_value(&self) -> &str {
        &self.key_prefix
    }

    /// The connect timeout set.
    pub fn connect_timeout_value(&self) -> Duration {
        self.connect_timeout
    }

    /// The response timeout set.
    pub fn response_timeout_value(&self) -> Duration {
        self.response_timeout
    }
}

/// `d` as a `std` duration for the client: a negative one is zero.
pub(crate) fn std_duration(d: Duration) -> std::time::Duration {
    std::time::Duration::try_from(d).unwrap_or(std::time::Duration::ZERO)
}
