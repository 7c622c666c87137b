//! Errors of the HTTP driver: what went wrong while finding or fetching an issuer's keys.

use jwt_ring::remote::{FetchError, MetadataError};

/// Why discovery, a key fetch or the driver's configuration failed.
///
/// Messages name the step that failed, never a response body or a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL does not parse, or has no host.
    #[error("invalid URL")]
    InvalidUrl,
    /// The URL is not `https`, and is not a loopback `http` URL that was explicitly allowed.
    #[error("URL must use https")]
    InsecureUrl,
    /// The URL, a redirect, or every address its name resolves to, is internal (private,
    /// loopback, link-local, ..) and the options do not allow that
    /// ([`HttpOptions::allow_internal_addresses`](crate::HttpOptions::allow_internal_addresses)).
    #[error("refusing to connect to an internal address")]
    InternalAddress,
    /// The HTTP client could not be built (TLS set-up).
    #[error("HTTP client set-up failed")]
    Client,
    /// No answer within the timeout.
    #[error("request timed out")]
    Timeout,
    /// The server could not be reached, or the connection failed mid-way.
    #[error("request failed: server unreachable or connection broken")]
    Connect,
    /// A redirect was refused: too many of them, or one that leaves `https`.
    #[error("redirect refused")]
    Redirect,
    /// The server answered with a status other than 200.
    #[error("server answered with HTTP status {0}")]
    Status(u16),
    /// The response body is larger than the limit.
    #[error("response body is larger than the limit")]
    TooLarge,
    /// The discovery metadata was refused.
    #[error("discovery metadata refused: {0}")]
    Metadata(#[from] MetadataError),
    /// The JWK Set was refused by the cache.
    #[error("JWK Set refused: {0}")]
    Keys(#[from] FetchError),
}
