//! What passes between a [`RemoteKeySet`](super::RemoteKeySet) and the driver that fetches for
//! it: why a fetch is made, what it returned, and what became of it.

use time::OffsetDateTime;

use crate::claims::NumericDate;
use crate::jwk::JwkSetError;
use crate::token::UntrustedToken;

/// Why a fetch is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FetchReason {
    /// No set was ever fetched.
    Initial,
    /// The set is still fresh, but its refresh-ahead time has come.
    RefreshAhead,
    /// The set has expired (it may still serve within the stale window).
    Expired,
    /// A token names a `kid` the set does not have: perhaps the issuer rotated its keys.
    UnknownKid,
    /// As [`UnknownKid`](Self::UnknownKid), for a token that says it was issued at this time
    /// (its `iat`, not verified: the token's key is the one missing). Issued after the last
    /// successful fetch, its key is probably new, and the cache allows a fetch sooner than the
    /// cooldown: see [`CachePolicy::new_kid_interval`](super::CachePolicy::new_kid_interval).
    /// [`FetchReason::for_unknown_kid`] picks this or `UnknownKid` for a token.
    UnknownKidIssuedAt(OffsetDateTime),
    /// The last attempt failed and its back-off has passed.
    Retry,
    /// The application asked for a refresh (an operator's "reload keys", a test). Only the
    /// in-flight check applies: no token can cause this reason, so it cannot be used to make
    /// the service fetch without bound.
    Requested,
}

impl FetchReason {
    /// The reason to give [`RemoteKeySet::begin_fetch`](super::RemoteKeySet::begin_fetch) for
    /// `token`, whose `kid` the set lacks: [`UnknownKidIssuedAt`](Self::UnknownKidIssuedAt)
    /// with its `iat` when the token has a readable one, [`UnknownKid`](Self::UnknownKid)
    /// otherwise.
    ///
    /// The `iat` is read without verifying anything: a forger can choose it, which is why it
    /// only ever shortens the wait to [`new_kid_interval`](super::CachePolicy::new_kid_interval),
    /// never to nothing.
    pub fn for_unknown_kid(token: &str) -> Self {
        unverified_issued_at(token).map_or(Self::UnknownKid, Self::UnknownKidIssuedAt)
    }

    /// Whether a token with an unknown `kid` asks for this fetch.
    pub(crate) fn is_unknown_kid(self) -> bool {
        matches!(self, Self::UnknownKid | Self::UnknownKidIssuedAt(_))
    }
}

/// The `iat` of `token`, read from its payload without verifying it.
fn unverified_issued_at(token: &str) -> Option<OffsetDateTime> {
    #[derive(serde::Deserialize)]
    struct IssuedAt {
        iat: Option<NumericDate>,
    }
    let parsed = UntrustedToken::parse(token).ok()?;
    let payload = parsed.payload();
    if !crate::json::starts_as_object(payload) {
        return None;
    }
    let claims: IssuedAt = serde_json::from_slice(payload).ok()?;
    claims.iat.map(|iat| iat.to_offset_date_time())
}

/// What a fetch returned, handed to [`RemoteKeySet::ingest`](super::RemoteKeySet::ingest).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum FetchOutcome<'a> {
    /// A response was read. The driver stops reading the body at
    /// [`CachePolicy::max_body_len_value`](super::CachePolicy::max_body_len_value); a body that
    /// would be larger is a [`FetchFailure::TooLarge`] instead.
    Response(HttpResponse<'a>),
    /// No usable response, for the driver's reason.
    Failed(FetchFailure),
}

/// The parts of an HTTP response the cache reads.
///
/// # Examples
///
/// ```
/// use jwt_ring::remote::HttpResponse;
///
/// let mut response = HttpResponse::new(200, br#"{"keys":[]}"#);
/// response.cache_control = Some("public, max-age=300");
/// response.etag = Some("\"v7\"");
/// assert_eq!(response.status, 200);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpResponse<'a> {
    /// The status code.
    pub status: u16,
    /// The body, already capped by the driver.
    pub body: &'a [u8],
    /// The `ETag` header, sent back as `If-None-Match` on the next fetch.
    pub etag: Option<&'a str>,
    /// The `Cache-Control` header, read for `max-age` and `no-store`.
    pub cache_control: Option<&'a str>,
}

impl<'a> HttpResponse<'a> {
    /// A response with `status` and `body`, without `ETag` or `Cache-Control`.
    pub fn new(status: u16, body: &'a [u8]) -> Self {
        Self {
            status,
            body,
            etag: None,
            cache_control: None,
        }
    }
}

/// Why the driver got no usable response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchFailure {
    /// The request did not finish in time.
    #[error("the request timed out")]
    Timeout,
    /// No connection could be made (DNS, TCP, TLS).
    #[error("no connection could be made")]
    Connect,
    /// The body is larger than the policy's limit; reading stopped there.
    #[error("the response body is larger than the limit")]
    TooLarge,
    /// Any other failure of the transport.
    #[error("the request failed")]
    Other,
}

/// What a successful [`ingest`](super::RemoteKeySet::ingest) did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ingested {
    /// Whether a new set was taken; `false` on `304 Not Modified`.
    pub changed: bool,
    /// The usable keys in the current set.
    pub keys: usize,
    /// The keys of the current set's document that were skipped (unusable, symmetric,
    /// private, duplicate `kid`).
    pub skipped: usize,
    /// When the current set stops being fresh.
    pub expires_at: OffsetDateTime,
}

/// Why a fetch did not give a usable set. The last known good set, if any, stays in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The driver got no response.
    #[error("fetching the JWK Set failed: {0}")]
    Transport(FetchFailure),
    /// The response's status is neither 200 nor 304.
    #[error("the JWK Set endpoint answered with status {0}")]
    Status(u16),
    /// The body is larger than [`CachePolicy::max_body_len`](super::CachePolicy::max_body_len).
    #[error("the JWK Set is larger than the limit")]
    TooLarge,
    /// The body is not a JWK Set within the limits.
    #[error("the JWK Set is unusable")]
    Malformed(#[source] JwkSetError),
    /// The set parsed but holds no usable public signing key (empty, or only symmetric,
    /// private or unsupported keys): good keys are never replaced by it.
    #[error("the JWK Set holds no usable public key")]
    NoUsableKeys,
    /// `304 Not Modified` arrived while no set is cached.
    #[error("not modified, but no JWK Set is cached")]
    NotModifiedWithoutSet,
    /// The ticket was dropped without being ingested (the driver's task was cancelled).
    #[error("the fetch was abandoned")]
    Abandoned,
    /// The ticket was issued by another remote key set.
    #[error("the ticket belongs to another remote key set")]
    ForeignTicket,
}
