//! A deny-list of revoked tokens, kept in a [`ReplayStore`]: the same store, in memory or
//! shared by every instance, that remembers DPoP proofs and client assertions.
//!
//! Revoking a token records its `jti`, scoped by its issuer, until the token expires (after
//! that it is refused anyway, so the entry may go). Checking a token looks its `jti` up
//! without recording anything: [`ReplayStore::first_seen`] with an `until` that is not after
//! `now` only asks. A validator built with
//! [`ValidatorBuilder::deny_revoked`](crate::ValidatorBuilder::deny_revoked) checks every token
//! it accepts; an async service does the same with [`is_revoked_async`].
//!
//! A revocation list is only as good as its store: a store that cannot answer makes the check
//! fail closed ([`VerifyError::RevocationUnknown`](crate::VerifyError::RevocationUnknown)).
//!
//! # Examples
//!
//! ```
//! use jwt_ring::replay::MemoryReplayStore;
//! use jwt_ring::revocation::{is_revoked, revoke};
//! use time::{Duration, OffsetDateTime};
//!
//! let store = MemoryReplayStore::default();
//! let now = OffsetDateTime::now_utc();
//! let expires = now + Duration::minutes(5);
//! revoke(&store, "https://as.example", "token-1", expires, now)?;
//! assert!(is_revoked(&store, "https://as.example", "token-1", now)?);
//! assert!(!is_revoked(&store, "https://as.example", "token-2", now)?);
//! assert!(!is_revoked(&store, "https://other.example", "token-1", now)?);
//! # Ok::<(), jwt_ring::replay::ReplayError>(())
//! ```

use time::OffsetDateTime;

use crate::replay::{AsyncReplayStore, ReplayError, ReplayStore, ScopeKind};

/// The scope a revoked `jti` of `issuer` is remembered in: `jti` values are unique per issuer
/// (RFC 7519 §4.1.7), so one issuer's revocation never touches another's tokens. The kind's
/// prefix keeps the entries apart from DPoP proofs and client assertions sharing the store,
/// whatever a client id spells.
fn scope(issuer: &str) -> String {
    ScopeKind::Revoked.scope(issuer)
}

/// Revokes the token `jti` of `issuer` until `until`, its `exp`. Revoking a token twice, or
/// one that has already expired, is not an error.
///
/// # Errors
///
/// [`ReplayError`] when the store cannot record it: the token is then *not* revoked.
pub fn revoke<S: ReplayStore + ?Sized>(
    store: &S,
    issuer: &str,
    jti: &str,
    until: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), ReplayError> {
    store.first_seen(&scope(issuer), jti, until, now).map(drop)
}

/// Whether the token `jti` of `issuer` is revoked as of `now`. Records nothing.
///
/// # Errors
///
/// [`ReplayError`] when the store cannot answer: the caller must refuse the token.
pub fn is_revoked<S: ReplayStore + ?Sized>(
    store: &S,
    issuer: &str,
    jti: &str,
    now: OffsetDateTime,
) -> Result<bool, ReplayError> {
    store
        .first_seen(&scope(issuer), jti, now, now)
        .map(|first| !first)
}

/// As [`revoke`], for a store that answers over the network (or any [`ReplayStore`]).
///
/// # Errors
///
/// As for [`revoke`].
pub async fn revoke_async<S: AsyncReplayStore + ?Sized>(
    store: &S,
    issuer: &str,
    jti: &str,
    until: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), ReplayError> {
    let scope = scope(issuer);
    store
        .first_seen_async(&scope, jti, until, now)
        .await
        .map(drop)
}

/// As [`is_revoked`], for a store that answers over the network (or any [`ReplayStore`]).
///
/// # Errors
///
/// As for [`is_revoked`].
pub async fn is_revoked_async<S: AsyncReplayStore + ?Sized>(
    store: &S,
    issuer: &str,
    jti: &str,
    now: OffsetDateTime,
) -> Result<bool, ReplayError> {
    let scope = scope(issuer);
    let first = store.first_seen_async(&scope, jti, now, now).await?;
    Ok(!first)
}

#[cfg(test)]
mod tests {
    use super::{is_revoked, is_revoked_async, revoke, revoke_async};
    use crate::replay::{MemoryReplayStore, ReplayStore};
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};
    use time::OffsetDateTime;

    fn t(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_767_225_600 + seconds).unwrap()
    }

    fn ready_now<F: Future>(future: F) -> F::Output {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("a synchronous store's future must be ready"),
        }
    }

    #[test]
    fn a_revoked_token_stays_revoked_until_its_expiry_and_checks_record_nothing() {
        let store = MemoryReplayStore::new(4);
        for _ in 0..3 {
            assert!(!is_revoked(&store, "iss", "a", t(0)).unwrap());
        }
        assert!(store.is_empty(), "a check records nothing");
        revoke(&store, "iss", "a", t(60), t(0)).unwrap();
        revoke(&store, "iss", "a", t(60), t(1)).unwrap();
        assert_eq!(store.len(), 1);
        assert!(is_revoked(&store, "iss", "a", t(59)).unwrap());
        assert!(!is_revoked(&store, "iss", "a", t(60)).unwrap());
        assert!(!is_revoked(&store, "other", "a", t(1)).unwrap());
    }

    #[test]
    fn revocations_do_not_collide_with_replay_entries() {
        let store = MemoryReplayStore::new(4);
        assert!(store.first_seen("iss", "a", t(60), t(0)).unwrap());
        assert!(!is_revoked(&store, "iss", "a", t(0)).unwrap());
        revoke(&store, "iss", "b", t(60), t(0)).unwrap();
        assert!(store.first_seen("iss", "b", t(60), t(0)).unwrap());
    }

    #[test]
    fn the_async_forms_give_the_same_answers() {
        let store = MemoryReplayStore::new(4);
        ready_now(revoke_async(&store, "iss", "a", t(60), t(0))).unwrap();
        assert!(ready_now(is_revoked_async(&store, "iss", "a", t(1))).unwrap());
        assert!(is_revoked(&store, "iss", "a", t(1)).unwrap());
        assert!(!ready_now(is_revoked_async(&store, "iss", "b", t(1))).unwrap());
        assert!(!ready_now(is_revoked_async(&store, "iss", "a", t(60))).unwrap());
    }

    #[test]
    fn a_store_that_cannot_record_is_an_error() {
        let store = MemoryReplayStore::new(1);
        revoke(&store, "iss", "a", t(60), t(0)).unwrap();
        assert!(revoke(&store, "iss", "b", t(60), t(0)).is_err());
        assert!(ready_now(revoke_async(&store, "iss", "b", t(60), t(0))).is_err());
        let long = "x".repeat(600);
        assert!(is_revoked(&store, "iss", &long, t(0)).is_err());
        assert!(ready_now(is_revoked_async(&store, "iss", &long, t(0))).is_err());
    }
}
