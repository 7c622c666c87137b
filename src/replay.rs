//! Remembering `jti` values to refuse replayed assertions (RFC 7523 §3 item 7, RFC 7519 §4.1.7).

use std::collections::{BTreeMap, HashMap};
use std::error::Error as StdError;
use std::future::{Future, ready};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use time::OffsetDateTime;

/// Where `jti` values are remembered until their token expires: in memory
/// ([`MemoryReplayStore`]), or shared between instances (a Redis store in its own crate).
///
/// Implementations must be atomic: two concurrent calls with the same `scope` and `jti` may not
/// both return `Ok(true)`. This crate's own entries use scopes that begin with `dpop:`,
/// `client-assertion:` or `revoked:`; keep other scopes of your own apart from those. A call whose `until` is not after `now` must record nothing and only
/// say whether the value is remembered (`Ok(false)`) or not (`Ok(true)`): the
/// [`revocation`](crate::revocation) deny-list looks values up that way.
pub trait ReplayStore: Send + Sync {
    /// Records `jti` within `scope` (for example the client id) until `until`, and says whether
    /// this is its first use: `Ok(true)` the first time, `Ok(false)` while it is remembered.
    ///
    /// # Errors
    ///
    /// [`ReplayError`] when the store cannot record the value; the caller must then refuse the
    /// token (failing open would allow replays).
    fn first_seen(
        &self,
        scope: &str,
        jti: &str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<bool, ReplayError>;
}

/// What [`AsyncReplayStore::first_seen_async`] returns: a boxed future, so that the trait can be
/// used as `dyn AsyncReplayStore`.
pub type ReplayFuture<'a> = Pin<Box<dyn Future<Output = Result<bool, ReplayError>> + Send + 'a>>;

/// A [`ReplayStore`] whose answer comes over the network: a store shared by several instances
/// (a Redis store in its own crate).
///
/// Every [`ReplayStore`] is one too, answering at once, so async callers (a DPoP check in a
/// tower layer, say) take `&dyn AsyncReplayStore` and work with either kind. The core defines
/// the trait only; it runs no executor and does no I/O.
///
/// Implementations must be atomic and answer an `until` that is not after `now` without
/// recording, as for [`ReplayStore`], and must fail closed: an answer they cannot get is an
/// error, never `Ok(true)`.
///
/// # Examples
///
/// ```
/// use jwt_ring::replay::{AsyncReplayStore, MemoryReplayStore};
/// use time::{Duration, OffsetDateTime};
///
/// async fn check(store: &dyn AsyncReplayStore, jti: &str) -> bool {
///     let now = OffsetDateTime::now_utc();
///     store
///         .first_seen_async("proofs", jti, now + Duration::minutes(1), now)
///         .await
///         .unwrap_or(false) // an unavailable store refuses
/// }
/// # let _ = check(&MemoryReplayStore::default(), "jti-1");
/// ```
pub trait AsyncReplayStore: Send + Sync {
    /// As [`ReplayStore::first_seen`], answered by a future.
    ///
    /// # Errors
    ///
    /// [`ReplayError`] when the store cannot record the value; the caller must then refuse the
    /// token.
    fn first_seen_async<'a>(
        &'a self,
        scope: &'a str,
        jti: &'a str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> ReplayFuture<'a>;
}

impl<S: ReplayStore + ?Sized> AsyncReplayStore for S {
    fn first_seen_async<'a>(
        &'a self,
        scope: &'a str,
        jti: &'a str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> ReplayFuture<'a> {
        Box::pin(ready(self.first_seen(scope, jti, until, now)))
    }
}

/// A [`ReplayStore`] could not record a value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The store is at capacity with entries that have not expired.
    #[error("the replay store is full")]
    Full,
    /// `scope` and `jti` together are longer than the store accepts.
    #[error("the token identifier is too long to record")]
    TooLong,
    /// The store's backend failed.
    #[error("the replay store is unavailable")]
    Unavailable(#[source] Box<dyn StdError + Send + Sync>),
}

/// The kinds of value this crate remembers in a replay store. Each has its own namespace: the
/// scope of an entry is the kind's name, a `:`, then the kind's own value (a client id, an
/// issuer, a DPoP verifier's scope). No kind's name holds a `:`, so no value a client chooses
/// can make one kind's scope equal another's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// DPoP proofs (RFC 9449 §11.1), by the verifier's replay scope.
    Dpop,
    /// RFC 7523 client assertions, by client id.
    ClientAssertion,
    /// The revocation deny-list, by issuer.
    Revoked,
}

impl ScopeKind {
    /// The scope of `value`'s entries of this kind.
    pub(crate) fn scope(self, value: &str) -> String {
        let kind = match self {
            ScopeKind::Dpop => "dpop",
            ScopeKind::ClientAssertion => "client-assertion",
            ScopeKind::Revoked => "revoked",
        };
        format!("{kind}:{value}")
    }
}

/// The longest `scope` plus `jti`, in bytes, that [`MemoryReplayStore`] records.
pub const MAX_ENTRY_LEN: usize = 512;

/// The capacity of [`MemoryReplayStore::default`].
pub const DEFAULT_CAPACITY: usize = 10_000;

/// A [`ReplayStore`] in this process's memory, bounded in entries and bytes.
///
/// Each entry holds at most [`MAX_ENTRY_LEN`] bytes of key plus a date and the map's own
/// overhead: under 1 KiB, so the store never holds more than about `capacity` KiB (10 MB for
/// [`DEFAULT_CAPACITY`]). When it is full of entries that have not expired, a new value is
/// refused with [`ReplayError::Full`] rather than forgetting a value that could still be
/// replayed. Suits one instance; several instances need a shared store.
///
/// Every call costs the same however full the store is: entries are filed by the second they
/// expire in, and each call drops the seconds that have passed, so no call scans the whole
/// store under its lock. An entry makes room within a second of its expiry.
///
/// # Examples
///
/// ```
/// use jwt_ring::replay::{MemoryReplayStore, ReplayStore};
/// use time::{Duration, OffsetDateTime};
///
/// let store = MemoryReplayStore::new(1000);
/// let now = OffsetDateTime::now_utc();
/// let until = now + Duration::minutes(1);
/// assert!(store.first_seen("client-1", "jti-1", until, now)?);
/// assert!(!store.first_seen("client-1", "jti-1", until, now)?);
/// assert!(store.first_seen("client-2", "jti-1", until, now)?);
/// # Ok::<(), jwt_ring::replay::ReplayError>(())
/// ```
#[derive(Debug)]
pub struct MemoryReplayStore {
    entries: Mutex<Entries>,
    capacity: usize,
}

/// The remembered values, and the same keys filed by the second they expire in.
#[derive(Debug, Default)]
struct Entries {
    until: HashMap<Arc<str>, OffsetDateTime>,
    /// Keys by the first whole second at or after their `until`. A key whose entry was renewed
    /// or dropped since may linger here; the sweep checks the map before removing anything.
    by_second: BTreeMap<i64, Vec<Arc<str>>>,
}

impl Entries {
    /// Drops the entries of every second that has fully passed at `now`: each key is filed
    /// once per insertion and dropped once, so the work is constant per call on average.
    fn sweep(&mut self, now: OffsetDateTime) {
        let current = now.unix_timestamp();
        while let Some(entry) = self.by_second.first_entry() {
            if *entry.key() > current {
                break;
            }
            for key in entry.remove() {
                if self.until.get(&key).is_some_and(|until| *until <= now) {
                    self.until.remove(&key);
                }
            }
        }
    }

    fn insert(&mut self, key: &str, until: OffsetDateTime) {
        let key: Arc<str> = Arc::from(key);
        let second = until
            .unix_timestamp()
            .saturating_add(i64::from(until.nanosecond() > 0));
        self.by_second
            .entry(second)
            .or_default()
            .push(Arc::clone(&key));
        self.until.insert(key, until);
    }
}

impl MemoryReplayStore {
    /// A store that holds at most `capacity` unexpired entries.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(Entries::default()),
            capacity,
        }
    }

    /// The most entries the store holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The entries held now, expired ones included until they are dropped.
    pub fn len(&self) -> usize {
        self.lock().until.len()
    }

    /// Whether the store holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, even if a thread panicked while holding them: every write leaves them
    /// consistent.
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryReplayStore {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl ReplayStore for MemoryReplayStore {
    fn first_seen(
        &self,
        scope: &str,
        jti: &str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<bool, ReplayError> {
        if scope.len().saturating_add(jti.len()) > MAX_ENTRY_LEN {
            return Err(ReplayError::TooLong);
        }
        // The scope's length first, so that ("ab", "c") and ("a", "bc") differ.
        let key = format!("{}:{scope}{jti}", scope.len());
        let mut entries = self.lock();
        entries.sweep(now);
        if let Some(expiry) = entries.until.get(key.as_str()) {
            if *expiry > now {
                return Ok(false);
            }
        }
        if until <= now {
            // Already expired: nothing to remember, and the token is refused elsewhere.
            entries.until.remove(key.as_str());
            return Ok(true);
        }
        if !entries.until.contains_key(key.as_str()) && entries.until.len() >= self.capacity {
            return Err(ReplayError::Full);
        }
        entries.insert(&key, until);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::{AsyncReplayStore, MAX_ENTRY_LEN, MemoryReplayStore, ReplayError, ReplayStore};
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};
    use time::OffsetDateTime;

    /// Polls a future that must be ready at once (no executor in the core's tests).
    fn ready_now<F: Future>(future: F) -> F::Output {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("a synchronous store's future must be ready"),
        }
    }

    #[test]
    fn every_store_is_an_async_store_with_the_same_answers() {
        let store = MemoryReplayStore::new(1);
        let shared: &dyn AsyncReplayStore = &store;
        assert!(ready_now(shared.first_seen_async("c", "j", t(60), t(0))).unwrap());
        assert!(!ready_now(shared.first_seen_async("c", "j", t(60), t(1))).unwrap());
        assert!(!store.first_seen("c", "j", t(60), t(2)).unwrap());
        assert!(matches!(
            ready_now(shared.first_seen_async("c", "k", t(60), t(3))),
            Err(ReplayError::Full)
        ));
    }

    fn t(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_767_225_600 + seconds).unwrap()
    }

    #[test]
    fn remembers_until_expiry() {
        let store = MemoryReplayStore::new(10);
        assert!(store.is_empty());
        assert!(store.first_seen("c", "j", t(60), t(0)).unwrap());
        assert!(!store.is_empty());
        assert!(!store.first_seen("c", "j", t(60), t(59)).unwrap());
        assert_eq!(store.len(), 1);
        // At expiry the value is forgotten (its token is expired too).
        assert!(store.first_seen("c", "j", t(120), t(60)).unwrap());
        assert!(!store.first_seen("c", "j", t(120), t(61)).unwrap());
    }

    #[test]
    fn scopes_are_separate_and_unambiguous() {
        let store = MemoryReplayStore::new(10);
        assert!(store.first_seen("ab", "c", t(60), t(0)).unwrap());
        assert!(store.first_seen("a", "bc", t(60), t(0)).unwrap());
        assert!(!store.first_seen("ab", "c", t(60), t(0)).unwrap());
    }

    #[test]
    fn full_store_drops_expired_entries_or_refuses() {
        let store = MemoryReplayStore::new(2);
        assert_eq!(store.capacity(), 2);
        assert!(store.first_seen("c", "1", t(10), t(0)).unwrap());
        assert!(store.first_seen("c", "2", t(20), t(0)).unwrap());
        assert!(matches!(
            store.first_seen("c", "3", t(30), t(5)),
            Err(ReplayError::Full)
        ));
        // The unexpired entries are still remembered.
        assert!(!store.first_seen("c", "1", t(10), t(5)).unwrap());
        // Once "1" expires there is room again.
        assert!(store.first_seen("c", "3", t(30), t(10)).unwrap());
        assert_eq!(store.len(), 2);
        assert!(!store.first_seen("c", "2", t(20), t(10)).unwrap());
        // A remembered value is answered even when full.
        assert!(!store.first_seen("c", "3", t(30), t(11)).unwrap());
    }

    #[test]
    fn expired_entries_are_dropped_as_their_seconds_pass() {
        let store = MemoryReplayStore::new(10);
        let half = time::Duration::milliseconds(500);
        assert!(store.first_seen("c", "1", t(10), t(0)).unwrap());
        assert!(store.first_seen("c", "2", t(10) + half, t(0)).unwrap());
        assert!(store.first_seen("c", "3", t(30), t(0)).unwrap());
        // Any call drops what has expired by the whole second: "1" at 10, "2" at 11.
        assert!(store.first_seen("c", "4", t(30), t(10)).unwrap());
        assert_eq!(store.len(), 3);
        assert!(store.first_seen("c", "5", t(30), t(11)).unwrap());
        assert_eq!(store.len(), 3);
        // A renewed entry is not dropped by the second it was first filed in.
        assert!(store.first_seen("c", "6", t(12), t(11)).unwrap());
        assert!(store.first_seen("c", "6", t(40), t(12)).unwrap());
        assert!(store.first_seen("c", "7", t(40), t(13)).unwrap());
        assert!(!store.first_seen("c", "6", t(40), t(14)).unwrap());
        // Lookups that record nothing sweep too.
        assert!(store.first_seen("c", "8", t(31), t(31)).unwrap());
        assert_eq!(store.len(), 2, "only 6 and 7 are left");
    }

    #[test]
    fn a_full_store_stays_full_of_live_entries_and_refuses() {
        let store = MemoryReplayStore::new(1000);
        for i in 0..1000 {
            assert!(
                store
                    .first_seen("c", &i.to_string(), t(60 + i), t(0))
                    .unwrap()
            );
        }
        for at in 0..60 {
            assert!(matches!(
                store.first_seen("c", "new", t(120), t(at)),
                Err(ReplayError::Full)
            ));
        }
        // Each passing second frees exactly the entries that expired in it.
        assert!(store.first_seen("c", "new", t(120), t(60)).unwrap());
        assert!(!store.first_seen("c", "999", t(2000), t(60)).unwrap());
        assert_eq!(store.len(), 1000);
    }

    #[test]
    fn an_expired_value_is_not_stored() {
        let store = MemoryReplayStore::new(1);
        assert!(store.first_seen("c", "1", t(0), t(0)).unwrap());
        assert!(store.is_empty());
        assert!(store.first_seen("c", "2", t(1), t(0)).unwrap());
    }

    #[test]
    fn kinds_have_separate_namespaces() {
        use super::ScopeKind;
        let kinds = [
            ScopeKind::Dpop,
            ScopeKind::ClientAssertion,
            ScopeKind::Revoked,
        ];
        // A value that spells another kind's scope stays in its own kind.
        for (i, a) in kinds.iter().enumerate() {
            for (j, b) in kinds.iter().enumerate() {
                let spelled = b.scope("x");
                assert_ne!(a.scope(&spelled), b.scope("x"), "{i} {j}");
                assert_eq!(a.scope("x") == b.scope("x"), i == j);
            }
        }
        assert_eq!(
            ScopeKind::Revoked.scope("https://as.example"),
            "revoked:https://as.example"
        );
        assert_eq!(ScopeKind::Dpop.scope("api"), "dpop:api");
        assert_eq!(ScopeKind::ClientAssertion.scope("c"), "client-assertion:c");
    }

    #[test]
    fn entry_length_is_bounded() {
        let store = MemoryReplayStore::default();
        let jti = "x".repeat(MAX_ENTRY_LEN - 1);
        assert!(store.first_seen("c", &jti, t(60), t(0)).unwrap());
        let jti = "x".repeat(MAX_ENTRY_LEN);
        assert!(matches!(
            store.first_seen("c", &jti, t(60), t(0)),
            Err(ReplayError::TooLong)
        ));
    }
}
