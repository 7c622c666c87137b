//! Errors of the HTTP driver: what went wrong while finding or fetching an issuer's keys.

use std::error::Error as StdError;
use std::fmt;

use jwt_ring::remote::{FetchError, MetadataError, PolicyError};
use url::Url;

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
    /// An option is outside its bounds (the message names it).
    #[error("invalid HTTP options: {0}")]
    Options(&'static str),
    /// The cache policy has a setting outside its bounds.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The HTTP client could not be built (TLS set-up).
    #[error("HTTP client set-up failed")]
    Client,
    /// A request got no usable answer: `url` (without credentials, query or fragment) and
    /// `failure` say where and why; [`source`](StdError::source) gives the HTTP client's error.
    #[error("request to {url} failed: {failure}")]
    Transport {
        /// The URL requested, scheme, host, port and path only.
        url: String,
        /// What went wrong.
        failure: TransportFailure,
        /// The HTTP client's own error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
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

impl Error {
    /// The transport failure, when the request got no usable answer.
    pub fn transport_failure(&self) -> Option<TransportFailure> {
        match self {
            Error::Transport { failure, .. } => Some(*failure),
            _ => None,
        }
    }

    pub(crate) fn transport(
        url: &Url,
        failure: TransportFailure,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Error::Transport {
            url: redacted(url),
            failure,
            source: source.into(),
        }
    }
}

/// Why a request got no usable answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportFailure {
    /// The host name could not be resolved.
    Dns,
    /// The host refused the connection (nothing listens on that port).
    Refused,
    /// The TLS handshake failed (certificate, protocol, or not a TLS server).
    Tls,
    /// No complete answer within the timeout.
    Timeout,
    /// A redirect was refused: too many of them, or one that leaves `https`.
    Redirect,
    /// The connection failed or broke for another reason.
    Connection,
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportFailure::Dns => "the host name could not be resolved",
            TransportFailure::Refused => "the connection was refused",
            TransportFailure::Tls => "the TLS handshake failed",
            TransportFailure::Timeout => "no answer within the timeout",
            TransportFailure::Redirect => "a redirect was refused (too many, or leaving https)",
            TransportFailure::Connection => "the connection failed",
        })
    }
}

/// `url` as an error may show it: scheme, host, port and path. User names, passwords, the
/// query and the fragment can hold credentials and are left out.
fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_errors_hold_no_credentials() {
        let url = Url::parse("https://user:hunter2@as.example:8443/keys?token=abc#frag").unwrap();
        let error = Error::transport(&url, TransportFailure::Refused, "refused");
        let shown = error.to_string();
        assert_eq!(
            shown,
            "request to https://as.example:8443/keys failed: the connection was refused"
        );
        for secret in ["user", "hunter2", "token", "abc", "frag"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert_eq!(error.transport_failure(), Some(TransportFailure::Refused));
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("refused")
        );
        assert_eq!(Error::TooLarge.transport_failure(), None);
    }
}
