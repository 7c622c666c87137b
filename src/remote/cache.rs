//! [`RemoteKeySet`]: the cache state machine. Reads take no lock; the short mutex that orders
//! fetches is never held across I/O, because the I/O happens in the driver, between
//! [`begin_fetch`](RemoteKeySet::begin_fetch) and [`ingest`](RemoteKeySet::ingest).

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::backend::primitives::rand::{SecureRandom, SystemRandom};
use arc_swap::ArcSwapOption;
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

use super::cache_control::lifetime;
use super::fetch::{FetchError, FetchFailure, FetchOutcome, FetchReason, HttpResponse, Ingested};
use super::policy::{CachePolicy, PolicyError};
use crate::error::VerifyError;
use crate::header::Header;
use crate::jwe::{EncryptingKey, KeyAlgorithm};
use crate::jwk::{EncryptingKeySet, JwkSet, JwkSetError, JwkSetOptions, SkippedKey};
use crate::keyset::{KeyResolver, KeySet, Resolved};

/// A JWK Set fetched from a URL and cached by a [`CachePolicy`], without doing any I/O itself.
///
/// A driver (an HTTP client, a test) asks [`due`](Self::due) whether a fetch is needed, claims
/// the one fetch allowed in flight with [`begin_fetch`](Self::begin_fetch), performs it with the
/// ticket's [`if_none_match`](FetchTicket::if_none_match), and hands back the outcome with
/// [`ingest`](Self::ingest). The clock is always passed in.
///
/// As a [`KeyResolver`] it serves the current set to a [`Validator`](crate::Validator):
///
/// * reads are lock-free (`arc-swap`): a token is never verified behind a fetch;
/// * a set is fresh for its `Cache-Control: max-age`, clamped, or the default; a refresh is due
///   a little (with jitter) before expiry;
/// * a failed fetch (transport, status, malformed, empty, too large, only symmetric or private
///   keys) never replaces the current set: the last known good set keeps verifying until
///   [`stale_if_error`](CachePolicy::stale_if_error) past its expiry, then verification fails
///   with [`VerifyError::KeysUnavailable`], which is also the answer before the first load;
/// * a key that disappears from the published set stops verifying as soon as the fetch that
///   drops it is ingested;
/// * a token with an unknown `kid` may start a fetch ([`FetchReason::UnknownKid`]) at most
///   once per [`unknown_kid_cooldown`](CachePolicy::unknown_kid_cooldown), counted from the
///   last attempt, successful or not, and only one fetch is ever in flight: a flood of unknown
///   `kid`s costs one fetch per cooldown; a token issued after the last successful fetch
///   ([`FetchReason::UnknownKidIssuedAt`], a rotation's new key) waits only
///   [`new_kid_interval`](CachePolicy::new_kid_interval), so a flood of forged fresh tokens
///   costs one fetch per interval;
/// * a remote set never yields symmetric (`oct`) or private keys: they are skipped, like
///   unusable keys, counted in [`Ingested::skipped`] and listed with their reasons in
///   [`CacheStatus::skipped_keys`].
///
/// Clones share the same cache.
///
/// # Examples
///
/// A driver with a fake clock and a canned response:
///
/// ```
/// use jwt_ring::remote::{CachePolicy, FetchOutcome, FetchReason, HttpResponse, RemoteKeySet};
/// use jwt_ring::time::{Duration, OffsetDateTime};
/// use jwt_ring::{Claims, Header, NoCustomClaims, Validator, VerifyError, eddsa, encode};
///
/// let key = eddsa::SigningKey::from_seed(&[7; 32])?.with_key_id("k1");
/// let jwks = format!(r#"{{"keys":[{}]}}"#, key.verifying_key().to_jwk().to_json());
///
/// let remote = RemoteKeySet::new(CachePolicy::default().jitter(Duration::ZERO))?;
/// let validator = Validator::builder().key_resolver(remote.clone()).build()?;
/// let mut now = OffsetDateTime::from_unix_timestamp(1_767_225_600)?;
/// let claims = Claims::registered_only().valid_for(now, Duration::hours(3));
/// let token = encode(&Header::new(), &claims, &key)?;
///
/// // Nothing loaded yet: keys are unavailable (a 503, not a 401).
/// assert!(matches!(
///     validator.verify_at::<NoCustomClaims>(&token, now),
///     Err(VerifyError::KeysUnavailable)
/// ));
///
/// // The driver's loop: fetch when due, hand back what came.
/// let reason = remote.due(now).expect("a first fetch is due");
/// assert_eq!(reason, FetchReason::Initial);
/// let ticket = remote.begin_fetch(reason, now).expect("no other fetch in flight");
/// let mut response = HttpResponse::new(200, jwks.as_bytes());
/// response.cache_control = Some("max-age=300");
/// let ingested = remote.ingest(ticket, FetchOutcome::Response(response), now)?;
/// assert_eq!(ingested.expires_at, now + Duration::minutes(5));
/// assert!(validator.verify_at::<NoCustomClaims>(&token, now).is_ok());
///
/// // Fresh: nothing to do. 30 s before expiry a refresh is due.
/// assert_eq!(remote.due(now + Duration::minutes(4)), None);
/// now += Duration::seconds(270);
/// assert_eq!(remote.due(now), Some(FetchReason::RefreshAhead));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct RemoteKeySet {
    inner: Arc<Inner>,
}

struct Inner {
    policy: CachePolicy,
    /// The last known good set: read without a lock.
    current: ArcSwapOption<Loaded>,
    /// Fetch bookkeeping: held for a few comparisons at a time, never across I/O.
    state: Mutex<State>,
    /// Bumped (under the lock) when a fetch ends; read without it, by callers on the verify path.
    generation: AtomicU64,
    rng: SystemRandom,
}

/// A set in use, with its schedule.
struct Loaded {
    keys: Arc<KeySet>,
    /// The set's JWE encryption keys (public), for encrypting to the party that publishes it.
    encryption: Arc<EncryptingKeySet>,
    /// Sorted key ids, for [`RemoteKeySet::has_kid`] and the status.
    kids: Arc<[String]>,
    jwks: usize,
    /// The keys of the document that are not used, and why.
    skipped: Arc<[SkippedKey]>,
    expires_at: OffsetDateTime,
    refresh_at: OffsetDateTime,
    /// `expires_at` plus the stale window: past it, the set no longer verifies.
    serve_until: OffsetDateTime,
}

#[derive(Default)]
struct State {
    in_flight: Option<u64>,
    next_ticket: u64,
    last_attempt: Option<OffsetDateTime>,
    last_success: Option<OffsetDateTime>,
    /// Whether the most recent finished attempt failed (back-off for scheduled refreshes).
    failing: bool,
    last_error: Option<FetchError>,
    etag: Option<String>,
    fetches: u64,
    failures: u64,
    not_modified: u64,
    unknown_kid_refusals: u64,
}

/// The right to perform the one fetch in flight, from [`RemoteKeySet::begin_fetch`].
///
/// Hand it back with [`RemoteKeySet::ingest`]. Dropping it instead (the driver's task was
/// cancelled) frees the slot for the next fetch and counts as a failed attempt
/// ([`FetchError::Abandoned`]), so the back-off and the cooldown still apply.
pub struct FetchTicket {
    inner: Arc<Inner>,
    id: u64,
    reason: FetchReason,
    if_none_match: Option<String>,
    done: bool,
}

/// A snapshot of a [`RemoteKeySet`], for health checks and metrics.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheStatus {
    /// Whether a set was ever loaded.
    pub loaded: bool,
    /// Bumped by every ingest, successful or not, and by every abandoned ticket.
    pub generation: u64,
    /// When the current set was last fetched or confirmed (`304`).
    pub fetched_at: Option<OffsetDateTime>,
    /// When the last fetch was started or finished, successful or not.
    pub last_attempt: Option<OffsetDateTime>,
    /// When the current set stops being fresh.
    pub expires_at: Option<OffsetDateTime>,
    /// Whether the current set is past its expiry (it may still serve within the stale
    /// window, see [`serving`](Self::serving)).
    pub stale: bool,
    /// Whether tokens are verified at this time: a set is loaded and within its stale window.
    pub serving: bool,
    /// The error of the last attempt, cleared by a success.
    pub last_error: Option<FetchError>,
    /// The `kid`s of the current set's keys, sorted.
    pub key_ids: Vec<String>,
    /// The keys of the current set's document that are not used, each with its position,
    /// `kid` (when readable) and the reason: malformed, unsupported, symmetric, private.
    pub skipped_keys: Vec<SkippedKey>,
    /// Fetches started.
    pub fetches: u64,
    /// Fetches that failed or were abandoned.
    pub failures: u64,
    /// Fetches answered `304 Not Modified`.
    pub not_modified: u64,
    /// Unknown-`kid` fetches refused by the cooldown.
    pub unknown_kid_refusals: u64,
}

impl RemoteKeySet {
    /// An empty cache working by `policy`: nothing verifies until the first successful
    /// [`ingest`](Self::ingest).
    ///
    /// # Errors
    ///
    /// The [`PolicyError`] of a setting outside its bounds ([`CachePolicy::validate`]).
    pub fn new(policy: CachePolicy) -> Result<Self, PolicyError> {
        policy.validate()?;
        Ok(Self {
            inner: Arc::new(Inner {
                policy,
                current: ArcSwapOption::empty(),
                state: Mutex::new(State::default()),
                generation: AtomicU64::new(0),
                rng: SystemRandom::new(),
            }),
        })
    }

    /// The policy the cache works by.
    pub fn policy(&self) -> &CachePolicy {
        &self.inner.policy
    }

    /// Whether a scheduled fetch is due at `now`, and why; `None` when there is nothing to do.
    ///
    /// A fetch is due when no set was ever loaded ([`FetchReason::Initial`]), when the set's
    /// refresh-ahead time ([`FetchReason::RefreshAhead`]) or expiry ([`FetchReason::Expired`])
    /// has come, and, after a failed attempt, only once
    /// [`retry_after_failure`](CachePolicy::retry_after_failure) has passed
    /// ([`FetchReason::Retry`]). Never while a fetch is in flight.
    pub fn due(&self, now: OffsetDateTime) -> Option<FetchReason> {
        // The common case, read without the lock: a loaded set before its refresh time has
        // nothing due, whatever the bookkeeping says (as the full check below would find).
        if let Some(loaded) = self.inner.current.load().as_ref() {
            if now < loaded.refresh_at {
                return None;
            }
        }
        let state = self.inner.lock();
        self.inner.due(&state, now)
    }

    /// Claims the single fetch in flight, for `reason`.
    ///
    /// `None` when a fetch is already in flight, when `reason` is
    /// [`FetchReason::UnknownKid`] and the cooldown since the last attempt has not passed, or
    /// [`FetchReason::UnknownKidIssuedAt`] and neither has the cooldown nor, for a token issued
    /// after the last successful fetch, the [`new_kid_interval`](CachePolicy::new_kid_interval)
    /// (the refusal is counted in [`CacheStatus::unknown_kid_refusals`]), or when a scheduled reason
    /// is given while [`due`](Self::due) says nothing is due. Never blocks on I/O: it takes a
    /// mutex for a few comparisons.
    pub fn begin_fetch(&self, reason: FetchReason, now: OffsetDateTime) -> Option<FetchTicket> {
        let mut state = self.inner.lock();
        if state.in_flight.is_some() {
            return None;
        }
        if reason == FetchReason::Requested {
            // Asked for by the application: the in-flight check above is the only limit.
        } else if reason.is_unknown_kid() {
            if !self.inner.unknown_kid_may_fetch(&state, reason, now) {
                state.unknown_kid_refusals += 1;
                return None;
            }
        } else {
            self.inner.due(&state, now)?;
        }
        state.next_ticket += 1;
        let id = state.next_ticket;
        state.in_flight = Some(id);
        state.last_attempt = Some(now);
        state.fetches += 1;
        Some(FetchTicket {
            inner: Arc::clone(&self.inner),
            id,
            reason,
            if_none_match: state.etag.clone(),
            done: false,
        })
    }

    /// Hands back what the fetch of `ticket` returned, at `now`.
    ///
    /// Always records the attempt and frees the slot for the next fetch. A `200` whose body is
    /// a JWK Set with at least one usable public key replaces the current set at once; a `304`
    /// keeps the current set and renews its freshness. Either way the new lifetime comes from
    /// `Cache-Control` (see [`CachePolicy`]) and the `ETag` is kept for the next request.
    ///
    /// # Errors
    ///
    /// A [`FetchError`] when the outcome gives no usable set; the current set then stays, and
    /// the error shows in [`status`](Self::status) until the next success.
    pub fn ingest(
        &self,
        mut ticket: FetchTicket,
        outcome: FetchOutcome<'_>,
        now: OffsetDateTime,
    ) -> Result<Ingested, FetchError> {
        if !Arc::ptr_eq(&self.inner, &ticket.inner) {
            // The ticket's own set is released by its drop.
            return Err(FetchError::ForeignTicket);
        }
        ticket.done = true;
        let result = self.inner.take(outcome, now);
        let mut state = self.inner.lock();
        if state.in_flight == Some(ticket.id) {
            state.in_flight = None;
        }
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
        state.last_attempt = Some(now);
        match &result {
            Ok((ingested, etag)) => {
                state.failing = false;
                state.last_error = None;
                state.last_success = Some(now);
                if ingested.changed {
                    state.etag = etag.clone();
                } else {
                    state.not_modified += 1;
                }
            }
            Err(error) => {
                state.failing = true;
                state.failures += 1;
                state.last_error = Some(*error);
            }
        }
        result.map(|(ingested, _)| ingested)
    }

    /// A number bumped by every ingest, successful or not, and by every abandoned ticket: a
    /// task waiting for the fetch in flight knows it finished when this changes.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Whether the current set has a usable key with this `kid`, for any algorithm: a token
    /// whose `kid` is not here may call for a [`FetchReason::UnknownKid`] fetch.
    pub fn has_kid(&self, kid: &str) -> bool {
        self.inner.current.load().as_ref().is_some_and(|loaded| {
            loaded
                .kids
                .binary_search_by(|known| known.as_str().cmp(kid))
                .is_ok()
        })
    }

    /// The published JWE encryption key for `algorithm` (and `kid`, when given), to encrypt
    /// to the party whose set this is: as [`EncryptingKeySet::key`], from the current set, if
    /// `now` is within its lifetime plus the stale window. A fetched set never yields a
    /// decryption key: its private members are never read.
    pub fn encrypting_key(
        &self,
        algorithm: &KeyAlgorithm,
        kid: Option<&str>,
        now: OffsetDateTime,
    ) -> Option<EncryptingKey> {
        let current = self.inner.current.load();
        let loaded = current
            .as_ref()
            .filter(|loaded| now <= loaded.serve_until)?;
        loaded.encryption.key(algorithm, kid).cloned()
    }

    /// A snapshot of the cache at `now`.
    pub fn status(&self, now: OffsetDateTime) -> CacheStatus {
        let state = self.inner.lock();
        let current = self.inner.current.load_full();
        CacheStatus {
            loaded: current.is_some(),
            generation: self.inner.generation.load(Ordering::Acquire),
            fetched_at: state.last_success,
            last_attempt: state.last_attempt,
            expires_at: current.as_ref().map(|loaded| loaded.expires_at),
            stale: current
                .as_ref()
                .is_some_and(|loaded| now >= loaded.expires_at),
            serving: current
                .as_ref()
                .is_some_and(|loaded| now <= loaded.serve_until),
            last_error: state.last_error,
            key_ids: current
                .as_ref()
                .map(|loaded| loaded.kids.to_vec())
                .unwrap_or_default(),
            skipped_keys: current
                .as_ref()
                .map(|loaded| loaded.skipped.to_vec())
                .unwrap_or_default(),
            fetches: state.fetches,
            failures: state.failures,
            not_modified: state.not_modified,
            unknown_kid_refusals: state.unknown_kid_refusals,
        }
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock; a poisoned one still holds consistent state.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a token with an unknown `kid` may start a fetch at `now`: once the cooldown
    /// since the last attempt has passed, or, for a token issued after the last successful
    /// fetch, once the shorter new-`kid` interval has.
    fn unknown_kid_may_fetch(
        &self,
        state: &State,
        reason: FetchReason,
        now: OffsetDateTime,
    ) -> bool {
        let Some(last) = state.last_attempt else {
            return true;
        };
        let policy = &self.policy;
        // `iat` is usually whole seconds: a token of the same second as the fetch may be newer.
        let wait = match (reason, state.last_success) {
            (FetchReason::UnknownKidIssuedAt(issued), Some(success))
                if issued.saturating_add(Duration::SECOND) > success =>
            {
                policy.new_kid_interval.min(policy.unknown_kid_cooldown)
            }
            _ => policy.unknown_kid_cooldown,
        };
        now >= saturating_add(last, wait)
    }

    fn due(&self, state: &State, now: OffsetDateTime) -> Option<FetchReason> {
        if state.in_flight.is_some() {
            return None;
        }
        let backing_off = state.failing
            && state
                .last_attempt
                .is_some_and(|last| now < saturating_add(last, self.policy.retry_after_failure));
        let reason = match self.current.load().as_ref() {
            None if state.last_attempt.is_none() => return Some(FetchReason::Initial),
            None => FetchReason::Retry,
            Some(loaded) if now >= loaded.expires_at => FetchReason::Expired,
            Some(loaded) if now >= loaded.refresh_at => FetchReason::RefreshAhead,
            Some(_) => return None,
        };
        match (state.failing, backing_off) {
            (_, true) => None,
            (true, false) => Some(FetchReason::Retry),
            (false, false) => Some(reason),
        }
    }

    /// Turns an outcome into the new current set (published here) and the `ETag` to keep.
    fn take(
        &self,
        outcome: FetchOutcome<'_>,
        now: OffsetDateTime,
    ) -> Result<(Ingested, Option<String>), FetchError> {
        let response = match outcome {
            FetchOutcome::Response(response) => response,
            FetchOutcome::Failed(FetchFailure::TooLarge) => return Err(FetchError::TooLarge),
            FetchOutcome::Failed(failure) => return Err(FetchError::Transport(failure)),
        };
        match response.status {
            200 => self.take_set(&response, now),
            304 => {
                let previous = self.current.load_full();
                let previous = previous.ok_or(FetchError::NotModifiedWithoutSet)?;
                let loaded = self.schedule(
                    (Arc::clone(&previous.keys), Arc::clone(&previous.encryption)),
                    Arc::clone(&previous.kids),
                    (previous.jwks, Arc::clone(&previous.skipped)),
                    response.cache_control,
                    now,
                );
                let ingested = loaded.ingested(false);
                self.current.store(Some(Arc::new(loaded)));
                Ok((ingested, None))
            }
            status => Err(FetchError::Status(status)),
        }
    }

    fn take_set(
        &self,
        response: &HttpResponse<'_>,
        now: OffsetDateTime,
    ) -> Result<(Ingested, Option<String>), FetchError> {
        if response.body.len() > self.policy.max_body_len {
            return Err(FetchError::TooLarge);
        }
        let text = std::str::from_utf8(response.body)
            .map_err(|_| FetchError::Malformed(JwkSetError::Malformed))?;
        let mut options = JwkSetOptions::public_keys_only()
            .max_len(self.policy.max_body_len)
            .max_keys(self.policy.max_keys);
        if let Some(backend) = self.policy.backend {
            options = options.backend(backend);
        }
        let set = JwkSet::from_json_with_options(text, &options).map_err(|error| match error {
            JwkSetError::TooLarge => FetchError::TooLarge,
            other => FetchError::Malformed(other),
        })?;
        if set.key_set().is_empty() {
            return Err(FetchError::NoUsableKeys);
        }
        // The same document's encryption keys; a set without any has none to serve.
        let encryption = EncryptingKeySet::from_json_with_options(text, &options)
            .unwrap_or_else(|_| EncryptingKeySet::empty());
        let mut kids: Vec<String> = set
            .jwks()
            .iter()
            .filter_map(|jwk| jwk.kid().map(str::to_owned))
            .collect();
        kids.sort_unstable();
        kids.dedup();
        let counts = (set.jwks().len(), Arc::from(set.skipped()));
        let loaded = self.schedule(
            (Arc::new(set.into_key_set()), Arc::new(encryption)),
            kids.into(),
            counts,
            response.cache_control,
            now,
        );
        let ingested = loaded.ingested(true);
        self.current.store(Some(Arc::new(loaded)));
        Ok((ingested, response.etag.map(str::to_owned)))
    }

    /// A set's schedule from `now`: lifetime from `Cache-Control`, refresh ahead of expiry by
    /// the policy's lead plus jitter, the lead capped at half the lifetime.
    fn schedule(
        &self,
        (keys, encryption): (Arc<KeySet>, Arc<EncryptingKeySet>),
        kids: Arc<[String]>,
        (jwks, skipped): (usize, Arc<[SkippedKey]>),
        cache_control: Option<&str>,
        now: OffsetDateTime,
    ) -> Loaded {
        let lifetime = lifetime(cache_control, &self.policy);
        let lead = self
            .policy
            .refresh_ahead
            .saturating_add(self.jitter())
            .min(lifetime / 2);
        let expires_at = saturating_add(now, lifetime);
        Loaded {
            keys,
            encryption,
            kids,
            jwks,
            skipped,
            expires_at,
            refresh_at: saturating_add(now, lifetime.saturating_sub(lead)),
            serve_until: saturating_add(expires_at, self.policy.stale_if_error),
        }
    }

    /// A random duration in `0 ..= policy.jitter`, to the millisecond; zero if the system's
    /// random source fails (the schedule is then merely not spread).
    fn jitter(&self) -> Duration {
        let range = u64::try_from(self.policy.jitter.whole_milliseconds()).unwrap_or(u64::MAX);
        if range == 0 {
            return Duration::ZERO;
        }
        let mut bytes = [0u8; 8];
        if self.rng.fill(&mut bytes).is_err() {
            return Duration::ZERO;
        }
        let millis = u64::from_le_bytes(bytes) % range.saturating_add(1);
        Duration::milliseconds(i64::try_from(millis).unwrap_or(i64::MAX))
    }
}

impl Loaded {
    fn ingested(&self, changed: bool) -> Ingested {
        Ingested {
            changed,
            keys: self.jwks,
            skipped: self.skipped.len(),
            expires_at: self.expires_at,
        }
    }
}

/// `at + d`, or the latest representable time.
fn saturating_add(at: OffsetDateTime, d: Duration) -> OffsetDateTime {
    at.checked_add(d)
        .unwrap_or_else(|| PrimitiveDateTime::MAX.assume_utc())
}

impl KeyResolver for RemoteKeySet {
    /// The key from the current set, whatever its age: without a clock, the stale window
    /// cannot be checked. The [`Validator`](crate::Validator) calls
    /// [`resolve_at`](Self::resolve_at) instead.
    fn resolve(&self, header: &Header) -> Result<Resolved<'_>, VerifyError> {
        let current = self.inner.current.load();
        let loaded = current.as_ref().ok_or(VerifyError::KeysUnavailable)?;
        select(loaded, header)
    }

    /// The key from the current set if `now` is within its lifetime plus the stale window;
    /// [`VerifyError::KeysUnavailable`] otherwise, and before the first load.
    fn resolve_at(
        &self,
        header: &Header,
        now: OffsetDateTime,
    ) -> Result<Resolved<'_>, VerifyError> {
        let current = self.inner.current.load();
        let loaded = current.as_ref().ok_or(VerifyError::KeysUnavailable)?;
        if now > loaded.serve_until {
            return Err(VerifyError::KeysUnavailable);
        }
        select(loaded, header)
    }
    /// Whether every key fetched is made on a FIPS backend: the policy's
    /// [`backend`](CachePolicy::backend), or the default one.
    fn fips(&self) -> bool {
        self.inner
            .policy
            .backend
            .unwrap_or(crate::Backend::DEFAULT)
            .is_fips()
    }
}

fn select<'a>(loaded: &Loaded, header: &Header) -> Result<Resolved<'a>, VerifyError> {
    let alg = header.algorithm().ok_or(VerifyError::NoMatchingKey)?;
    loaded
        .keys
        .select_shared(header.kid(), alg)
        .map(|key| Resolved::shared(Arc::clone(key)))
}

impl FetchTicket {
    /// Why this fetch was claimed.
    pub fn reason(&self) -> FetchReason {
        self.reason
    }

    /// The `ETag` to send as `If-None-Match`: the one of the last `200` that carried one.
    pub fn if_none_match(&self) -> Option<&str> {
        self.if_none_match.as_deref()
    }
}

impl Drop for FetchTicket {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut state = self.inner.lock();
        if state.in_flight == Some(self.id) {
            state.in_flight = None;
            self.inner.generation.fetch_add(1, Ordering::AcqRel);
            state.failing = true;
            state.failures += 1;
            state.last_error = Some(FetchError::Abandoned);
        }
    }
}

impl fmt::Debug for FetchTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchTicket")
            .field("reason", &self.reason)
            .field("if_none_match", &self.if_none_match)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RemoteKeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let current = self.inner.current.load();
        f.debug_struct("RemoteKeySet")
            .field("policy", &self.inner.policy)
            .field("key_ids", &current.as_ref().map(|loaded| &loaded.kids))
            .field(
                "expires_at",
                &current.as_ref().map(|loaded| loaded.expires_at),
            )
            .finish_non_exhaustive()
    }
}
