//! [`RemoteKeys`]: an issuer's JWK Set, fetched over HTTP and cached by jwt-ring's sans-IO
//! [`RemoteKeySet`], which decides when to fetch and what to keep.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use jwt_ring::remote::{
    CachePolicy, CacheStatus, FetchError, FetchFailure, FetchOutcome, FetchReason, HttpResponse,
    Ingested, ProviderMetadata, RemoteKeySet,
};
use jwt_ring::time::{Duration, OffsetDateTime};
use tokio::sync::Mutex;
use url::Url;

use crate::client::{HttpClient, HttpOptions};
use crate::error::{Error, TransportFailure};
use crate::urls::{MetadataLocation, checked_url};

/// What a JWK Set request accepts (RFC 7517 §8.5 registers the first).
const ACCEPT_JWK_SET: &str = "application/jwk-set+json, application/json";

/// An issuer's verification keys, fetched from its `jwks_uri` and kept fresh.
///
/// Clones share one cache and one HTTP client. Verifying with a known key takes no lock and
/// makes no request: the keys are read through the core's lock-free [`RemoteKeySet`]. Fetches
/// happen when the set is due for refresh (in the background once keys are loaded), when a token
/// names a `kid` the set lacks (at most once per cooldown, shared by all callers), and from an
/// optional [`RefreshTask`].
///
/// # Examples
///
/// ```no_run
/// # async fn run(token: &str) -> Result<(), Box<dyn std::error::Error>> {
/// use jwt_ring::NoCustomClaims;
/// use jwt_ring_http::RemoteKeys;
///
/// let keys = RemoteKeys::discover("https://issuer.example").await?;
/// let validator = keys.access_token_validator("https://api.example").build()?;
/// let verified = validator.verify::<NoCustomClaims>(token).await?;
/// # drop(verified);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RemoteKeys {
    inner: Arc<Inner>,
}

struct Inner {
    cache: RemoteKeySet,
    http: HttpClient,
    jwks_uri: Url,
    metadata: Option<ProviderMetadata>,
    /// Held across a fetch so that callers who need keys wait for the one fetch under way
    /// instead of starting their own. Verifying with known keys never touches it.
    fetching: Mutex<()>,
    /// Whether a background refresh task has been spawned and not finished.
    background: AtomicBool,
}

/// Configures [`RemoteKeys`]: the cache policy and the HTTP options.
#[derive(Clone, Debug, Default)]
pub struct RemoteKeysBuilder {
    policy: CachePolicy,
    http: HttpOptions,
    location: MetadataLocation,
}

impl RemoteKeysBuilder {
    /// The cache policy (max age, cooldown, stale window, limits): see [`CachePolicy`].
    pub fn policy(mut self, policy: CachePolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The HTTP options (timeout, redirects, loopback `http` for tests).
    pub fn http(mut self, http: HttpOptions) -> Self {
        self.http = http;
        self
    }

    /// Where [`discover`](Self::discover) looks for the metadata: OpenID Connect Discovery (the
    /// default) or RFC 8414.
    pub fn metadata_location(mut self, location: MetadataLocation) -> Self {
        self.location = location;
        self
    }

    /// Loads `issuer`'s metadata, refuses it unless its `issuer` is exactly `issuer`, then loads
    /// the keys at its `jwks_uri`.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] for a cache policy setting outside its bounds, [`Error::Options`] for
    /// an HTTP option outside its bounds; [`Error::InsecureUrl`] for a non-`https` issuer or
    /// `jwks_uri`; [`Error::Metadata`] when the
    /// metadata is malformed or names another issuer; the transport errors; [`Error::Keys`] when
    /// the first JWK Set is refused.
    pub async fn discover(self, issuer: &str) -> Result<RemoteKeys, Error> {
        let http = HttpClient::new(self.http)?;
        let issuer_url = checked_url(issuer, http.options())?;
        let metadata_url = self.location.url_for(&issuer_url)?;
        let max_len = http.options().max_metadata_len;
        let fetched = http
            .get(&metadata_url, "application/json", None, max_len)
            .await?;
        if fetched.status != 200 {
            return Err(Error::Status(fetched.status));
        }
        let metadata = ProviderMetadata::from_json(&fetched.body, issuer)?;
        let jwks_uri = checked_url(metadata.jwks_uri(), http.options())?;
        let keys = RemoteKeys::with_parts(self.policy, http, jwks_uri, Some(metadata))?;
        keys.load().await?;
        Ok(keys)
    }

    /// Loads the keys at `jwks_uri` (no discovery).
    ///
    /// # Errors
    ///
    /// As for [`discover`](Self::discover), without the metadata errors.
    pub async fn jwks_uri(self, jwks_uri: &str) -> Result<RemoteKeys, Error> {
        let keys = self.jwks_uri_lazy(jwks_uri)?;
        keys.load().await?;
        Ok(keys)
    }

    /// Points at `jwks_uri` without fetching: the first verification (or [`RemoteKeys::load`])
    /// fetches. For services that must start while the issuer is unreachable.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidUrl`], [`Error::InsecureUrl`], [`Error::Policy`], [`Error::Options`] or
    /// [`Error::Client`].
    pub fn jwks_uri_lazy(self, jwks_uri: &str) -> Result<RemoteKeys, Error> {
        let http = HttpClient::new(self.http)?;
        let jwks_uri = checked_url(jwks_uri, http.options())?;
        RemoteKeys::with_parts(self.policy, http, jwks_uri, None)
    }
}

impl RemoteKeys {
    /// Starts configuring remote keys.
    pub fn builder() -> RemoteKeysBuilder {
        RemoteKeysBuilder::default()
    }

    /// Discovers `issuer` with the default policy and options: see
    /// [`RemoteKeysBuilder::discover`].
    ///
    /// # Errors
    ///
    /// As for [`RemoteKeysBuilder::discover`].
    pub async fn discover(issuer: &str) -> Result<Self, Error> {
        Self::builder().discover(issuer).await
    }

    fn with_parts(
        policy: CachePolicy,
        http: HttpClient,
        jwks_uri: Url,
        metadata: Option<ProviderMetadata>,
    ) -> Result<Self, Error> {
        Ok(Self {
            inner: Arc::new(Inner {
                cache: RemoteKeySet::new(policy)?,
                http,
                jwks_uri,
                metadata,
                fetching: Mutex::new(()),
                background: AtomicBool::new(false),
            }),
        })
    }

    /// The core cache, to hand to a [`ValidatorBuilder::key_resolver`](jwt_ring::ValidatorBuilder::key_resolver) of your own.
    pub fn key_set(&self) -> &RemoteKeySet {
        &self.inner.cache
    }

    /// The discovered metadata, when these keys were found by discovery.
    pub fn metadata(&self) -> Option<&ProviderMetadata> {
        self.inner.metadata.as_ref()
    }

    /// Where the keys are fetched from.
    pub fn jwks_uri(&self) -> &Url {
        &self.inner.jwks_uri
    }

    /// The cache's state and counters, for health checks and metrics.
    pub fn status(&self) -> CacheStatus {
        self.inner.cache.status(now())
    }

    /// Fetches the keys now, or waits for the fetch under way: for start-up, an operator's
    /// "reload keys", or a test. Tokens never cause this unlimited kind of fetch.
    ///
    /// # Errors
    ///
    /// The fetch's error; the last known good keys stay in use.
    pub async fn load(&self) -> Result<(), Error> {
        match self.fetch(FetchReason::Requested).await {
            Fetch::Done(result) => result.map(|_| ()),
            // Another caller's fetch finished while this one waited: report what it left.
            Fetch::Joined | Fetch::Refused => match self.inner.cache.status(now()) {
                status if !status.serving => Err(status
                    .last_error
                    .map_or(Error::Keys(FetchError::NoUsableKeys), Error::Keys)),
                _ => Ok(()),
            },
        }
    }

    /// Runs a fetch for `reason`, or joins the one under way.
    pub(crate) async fn fetch(&self, reason: FetchReason) -> Fetch {
        let seen = self.inner.cache.generation();
        let _one_at_a_time = self.inner.fetching.lock().await;
        if self.inner.cache.generation() != seen {
            return Fetch::Joined;
        }
        let Some(ticket) = self.inner.cache.begin_fetch(reason, now()) else {
            return Fetch::Refused;
        };
        let if_none_match = ticket.if_none_match().map(str::to_owned);
        let max_len = self.inner.cache.policy().max_body_len_value();
        let response = self
            .inner
            .http
            .get(
                &self.inner.jwks_uri,
                ACCEPT_JWK_SET,
                if_none_match.as_deref(),
                max_len,
            )
            .await;
        let cache = &self.inner.cache;
        Fetch::Done(match response {
            Ok(fetched) => {
                let mut response = HttpResponse::new(fetched.status, &fetched.body);
                response.etag = fetched.etag.as_deref();
                response.cache_control = fetched.cache_control.as_deref();
                cache
                    .ingest(ticket, FetchOutcome::Response(response), now())
                    .map_err(Error::Keys)
            }
            Err(error) => {
                let failure = match (&error, error.transport_failure()) {
                    (_, Some(TransportFailure::Timeout)) => FetchFailure::Timeout,
                    (Error::TooLarge, _) => FetchFailure::TooLarge,
                    (_, Some(_)) => FetchFailure::Connect,
                    _ => FetchFailure::Other,
                };
                // The ingest only records the failure; the transport error says more.
                let _ = cache.ingest(ticket, FetchOutcome::Failed(failure), now());
                Err(error)
            }
        })
    }

    /// Starts a refresh in the background unless one is running, so that the request that
    /// noticed the set is due does not wait for it. Without a Tokio runtime, refreshes inline.
    pub(crate) async fn refresh_in_background(&self, reason: FetchReason) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            let _ = self.fetch(reason).await;
            return;
        };
        if self.inner.background.swap(true, Ordering::AcqRel) {
            return;
        }
        let keys = self.clone();
        runtime.spawn(async move {
            let _ = keys.fetch(reason).await;
            keys.inner.background.store(false, Ordering::Release);
        });
    }

    /// Starts a task that refreshes the keys whenever the cache says a fetch is due, checking
    /// every `every` (a check is a clock read and a comparison; it makes no request unless one is
    /// due). The task stops when the returned handle is dropped.
    ///
    /// Without it, fetches happen on the verifying path: refresh-ahead in the background, and a
    /// wait only when no usable keys are loaded.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime, as `tokio::spawn` does.
    pub fn spawn_refresh_task(&self, every: impl TryInto<Duration>) -> RefreshTask {
        // A period of at least a millisecond: tokio's interval refuses zero.
        let every = StdDuration::try_from(every.try_into().unwrap_or(Duration::MAX))
            .unwrap_or(StdDuration::ZERO)
            .max(StdDuration::from_millis(1));
        let keys = self.clone();
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Some(reason) = keys.inner.cache.due(now()) {
                    let _ = keys.fetch(reason).await;
                }
            }
        });
        RefreshTask(task)
    }
}

/// How a call to [`RemoteKeys::fetch`] ended.
pub(crate) enum Fetch {
    /// This caller fetched.
    Done(Result<Ingested, Error>),
    /// Another caller's fetch finished while this one waited: its result is in the cache.
    Joined,
    /// The cache refused a fetch now (cooldown, back-off, or not due).
    Refused,
}

/// The background refresh started by [`RemoteKeys::spawn_refresh_task`]; dropping it stops it.
#[derive(Debug)]
pub struct RefreshTask(tokio::task::JoinHandle<()>);

impl Drop for RefreshTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl fmt::Debug for RemoteKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteKeys")
            .field("jwks_uri", &self.inner.jwks_uri.as_str())
            .field("issuer", &self.inner.metadata.as_ref().map(|m| m.issuer()))
            .field("cache", &self.inner.cache)
            .finish()
    }
}

pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
