//! Why the store could not connect, or why Redis did not answer a call.

use std::error::Error as StdError;

/// Why [`RedisReplayStore::connect`](crate::RedisReplayStore::connect) failed, and the source
/// of every [`ReplayError::Unavailable`](jwt_ring::oauth::ReplayError::Unavailable) the store
/// returns (reach it with `downcast_ref::<jwt_ring_redis::Error>()`).
///
/// Messages never contain the URL, its password or a `jti`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL does not parse, or names a scheme this build does not support (`rediss` needs
    /// TLS, which this crate does not enable).
    #[error("invalid redis URL")]
    InvalidUrl,
    /// Called outside a Tokio runtime: the connection needs one to run on (with its time
    /// driver enabled, as `#[tokio::main]` and `Runtime::new` do).
    #[error("not called within a tokio runtime")]
    NoRuntime,
    /// No connection or no answer within the configured timeout.
    #[error("redis did not answer within the timeout")]
    Timeout,
    /// Redis could not be reached, or the connection broke.
    #[error("could not reach redis")]
    Connection(#[source] Box<dyn StdError + Send + Sync>),
    /// Redis answered with an error: authentication failed, out of memory, a read-only
    /// replica, a command not allowed to this user.
    #[error("redis refused the command")]
    Refused(#[source] Box<dyn StdError + Send + Sync>),
    /// Redis answered `SET ... NX` with something else than `OK` or nil.
    #[error("unexpected reply from redis")]
    UnexpectedReply,
}

impl Error {
    /// Sorts a redis-rs error; the redis error itself stays the source (its messages hold
    /// neither the URL nor the keys).
    pub(crate) fn from_redis(error: redis::RedisError) -> Self {
        if error.is_timeout() {
            Self::Timeout
        } else if error.is_io_error() {
            Self::Connection(Box::new(error))
        } else {
            Self::Refused(Box::new(error))
        }
    }
}
