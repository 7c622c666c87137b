//! [`CachePolicy`]: every number a [`RemoteKeySet`](super::RemoteKeySet) works by, with the
//! reasons for its defaults.

use time::Duration;

/// How a [`RemoteKeySet`](super::RemoteKeySet) caches a JWK Set: freshness, refresh, back-off,
/// outage tolerance and limits.
///
/// Start from a preset: [`production`](Self::production) (the default) or
/// [`short_windows`](Self::short_windows) for tests and local development, then change what
/// you must. Every setter takes the value as given; [`validate`](Self::validate), which
/// [`RemoteKeySet::new`](super::RemoteKeySet::new) runs, refuses a setting outside its bounds
/// with a [`PolicyError`] naming the setting and the bound, rather than quietly using another
/// value. Every duration setter takes a `time::Duration` or a `std::time::Duration`. The
/// defaults, and why:
///
/// | setting | default | why |
/// |---|---|---|
/// | [`default_max_age`](Self::default_max_age) | 10 min | panva/jose's `createRemoteJWKSet` uses 10 min; Nimbus 5 min. Used only when the response has no `Cache-Control: max-age`. |
/// | [`max_age_bounds`](Self::max_age_bounds) | 30 s ..= 24 h | A server's `max-age` is honoured, but not `max-age=0` (a fetch per request) nor a year (rotation never seen); Microsoft.IdentityModel refreshes every 12 h, so 24 h is a generous ceiling. |
/// | [`refresh_ahead`](Self::refresh_ahead) | 30 s | Nimbus refreshes 30 s before expiry: requests keep being served from the fresh set while the new one is fetched. |
/// | [`jitter`](Self::jitter) | 30 s | A fleet that started together would otherwise refresh in lockstep; Microsoft.IdentityModel adds 0–60 min to its 12 h. Scaled down to our 10 min default. |
/// | [`unknown_kid_cooldown`](Self::unknown_kid_cooldown) | 30 s | jose's cooldown and Nimbus's rate limit are 30 s. Counted from the last *attempt*, successful or not: jose counts from the last success, so during an outage every unknown `kid` starts a fetch. |
/// | [`new_kid_interval`](Self::new_kid_interval) | 5 s | A rotation's new `kid` must not wait out the cooldown: a token issued after the last successful fetch ([`FetchReason::UnknownKidIssuedAt`](super::FetchReason::UnknownKidIssuedAt)) may fetch again this soon after the last attempt. Its `iat` is not verified, so this bounds a flood of forged tokens to 12 fetches a minute. |
/// | [`retry_after_failure`](Self::retry_after_failure) | 30 s | A failing endpoint is asked again at most this often by scheduled refreshes, instead of on every `due` check. |
/// | [`stale_if_error`](Self::stale_if_error) | 1 h | Microsoft.IdentityModel keeps the last known good metadata for 1 h ("stale metadata is better than no metadata"); jose has none and fails hard as soon as the cache expires. Past it, verification fails with [`KeysUnavailable`](crate::VerifyError::KeysUnavailable). |
/// | [`max_body_len`](Self::max_body_len) | 256 KiB | Nimbus's 50 KiB is too tight for keys with `x5c` certificate chains; jose has no limit at all. |
/// | [`max_keys`](Self::max_keys) | 100 | Issuers publish a handful of keys; a hundred leaves room for rotation overlap and bounds the work an endpoint can cause. |
///
/// # Examples
///
/// ```
/// use jwt_ring::remote::CachePolicy;
/// use jwt_ring::time::Duration;
///
/// let policy = CachePolicy::default()
///     .default_max_age(Duration::minutes(5))
///     .jitter(Duration::ZERO)
///     .max_body_len(64 * 1024);
/// assert_eq!(policy.max_body_len_value(), 64 * 1024);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachePolicy {
    pub(crate) default_max_age: Duration,
    pub(crate) min_max_age: Duration,
    pub(crate) max_max_age: Duration,
    pub(crate) refresh_ahead: Duration,
    pub(crate) jitter: Duration,
    pub(crate) unknown_kid_cooldown: Duration,
    pub(crate) new_kid_interval: Duration,
    pub(crate) retry_after_failure: Duration,
    pub(crate) stale_if_error: Duration,
    pub(crate) max_body_len: usize,
    pub(crate) max_keys: usize,
    pub(crate) backend: Option<crate::Backend>,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self {
            default_max_age: Duration::minutes(10),
            min_max_age: Duration::seconds(30),
            max_max_age: Duration::hours(24),
            refresh_ahead: Duration::seconds(30),
            jitter: Duration::seconds(30),
            unknown_kid_cooldown: Duration::seconds(30),
            new_kid_interval: Duration::seconds(5),
            retry_after_failure: Duration::seconds(30),
            stale_if_error: Duration::hours(1),
            max_body_len: 256 * 1024,
            max_keys: 100,
            backend: None,
        }
    }
}

/// A setting of a [`CachePolicy`] outside its bounds, named with the bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// A duration is negative.
    #[error("cache policy: `{0}` must not be negative")]
    Negative(&'static str),
    /// The freshness used without `Cache-Control` is outside the bounds every freshness is
    /// clamped to, so it would never be used as set.
    #[error(
        "cache policy: `default_max_age` ({value}) is outside `max_age_bounds` ({min} to {max}); \
         set the bounds too, or start from CachePolicy::short_windows()"
    )]
    DefaultMaxAgeOutOfBounds {
        /// The default freshness set.
        value: Duration,
        /// The lower bound.
        min: Duration,
        /// The upper bound.
        max: Duration,
    },
    /// The bounds are the wrong way round.
    #[error("cache policy: `max_age_bounds` minimum ({min}) is above its maximum ({max})")]
    ReversedBounds {
        /// The lower bound set.
        min: Duration,
        /// The upper bound set.
        max: Duration,
    },
    /// A limit is zero: nothing would ever be accepted.
    #[error("cache policy: `{0}` must be at least 1")]
    Zero(&'static str),
}

/// A duration as a `time::Duration`, from either that or a `std::time::Duration` (saturating:
/// a `std` duration beyond `i64::MAX` seconds is `Duration::MAX`).
pub(crate) fn duration(d: impl TryInto<Duration>) -> Duration {
    d.try_into().unwrap_or(Duration::MAX)
}

impl CachePolicy {
    /// The production policy, the same as [`CachePolicy::default`]: the defaults in the table
    /// above.
    pub fn production() -> Self {
        Self::default()
    }

    /// A coherent policy with short windows, for tests and local development: sets fresh for
    /// 5 s (a server's `max-age` clamped to 1 s ..= 1 h), refreshed 1 s ahead without jitter,
    /// an unknown `kid` and a failed fetch retried after 1 s, and the last known good keys
    /// served for 10 s past their expiry. One call instead of eight setters.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::remote::{CachePolicy, RemoteKeySet};
    ///
    /// let cache = RemoteKeySet::new(CachePolicy::short_windows())?;
    /// # drop(cache);
    /// # Ok::<(), jwt_ring::remote::PolicyError>(())
    /// ```
    pub fn short_windows() -> Self {
        Self {
            default_max_age: Duration::seconds(5),
            min_max_age: Duration::SECOND,
            max_max_age: Duration::HOUR,
            refresh_ahead: Duration::SECOND,
            jitter: Duration::ZERO,
            unknown_kid_cooldown: Duration::SECOND,
            new_kid_interval: Duration::SECOND,
            retry_after_failure: Duration::SECOND,
            stale_if_error: Duration::seconds(10),
            ..Self::default()
        }
    }

    /// Checks every setting against its bounds.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Negative`] for a negative duration,
    /// [`PolicyError::ReversedBounds`], [`PolicyError::DefaultMaxAgeOutOfBounds`] when the
    /// default freshness would be clamped, and [`PolicyError::Zero`] for a zero body length or
    /// key count.
    pub fn validate(&self) -> Result<(), PolicyError> {
        for (name, value) in [
            ("default_max_age", self.default_max_age),
            ("max_age_bounds", self.min_max_age),
            ("refresh_ahead", self.refresh_ahead),
            ("jitter", self.jitter),
            ("unknown_kid_cooldown", self.unknown_kid_cooldown),
            ("new_kid_interval", self.new_kid_interval),
            ("retry_after_failure", self.retry_after_failure),
            ("stale_if_error", self.stale_if_error),
        ] {
            if value.is_negative() {
                return Err(PolicyError::Negative(name));
            }
        }
        if self.min_max_age > self.max_max_age {
            return Err(PolicyError::ReversedBounds {
                min: self.min_max_age,
                max: self.max_max_age,
            });
        }
        if !(self.min_max_age..=self.max_max_age).contains(&self.default_max_age) {
            return Err(PolicyError::DefaultMaxAgeOutOfBounds {
                value: self.default_max_age,
                min: self.min_max_age,
                max: self.max_max_age,
            });
        }
        if self.max_body_len == 0 {
            return Err(PolicyError::Zero("max_body_len"));
        }
        if self.max_keys == 0 {
            return Err(PolicyError::Zero("max_keys"));
        }
        Ok(())
    }

    /// How long a set is fresh when the response carries no `Cache-Control: max-age`. It must
    /// lie within [`max_age_bounds`](Self::max_age_bounds).
    pub fn default_max_age(self, d: impl TryInto<Duration>) -> Self {
        Self {
            default_max_age: duration(d),
            ..self
        }
    }

    /// The range a server's `Cache-Control: max-age` is clamped to; `no-store` gives the lower
    /// bound. The default freshness must lie within it.
    pub fn max_age_bounds(self, min: impl TryInto<Duration>, max: impl TryInto<Duration>) -> Self {
        Self {
            min_max_age: duration(min),
            max_max_age: duration(max),
            ..self
        }
    }

    /// How long before expiry a refresh becomes due. The lead time (this plus the jitter) is
    /// capped at half of the set's lifetime, so a short `max-age` never makes a set due for
    /// refresh as soon as it arrives.
    pub fn refresh_ahead(self, d: impl TryInto<Duration>) -> Self {
        Self {
            refresh_ahead: duration(d),
            ..self
        }
    }

    /// The most extra lead time drawn at random (with `ring`'s `SystemRandom`) at each
    /// successful fetch, so that servers do not refresh in lockstep. `Duration::ZERO` makes
    /// the schedule deterministic, for tests.
    pub fn jitter(self, d: impl TryInto<Duration>) -> Self {
        Self {
            jitter: duration(d),
            ..self
        }
    }

    /// How long after the last fetch attempt (successful or not) a token with an unknown `kid`
    /// may trigger another fetch.
    pub fn unknown_kid_cooldown(self, d: impl TryInto<Duration>) -> Self {
        Self {
            unknown_kid_cooldown: duration(d),
            ..self
        }
    }

    /// How long after the last fetch attempt a token issued after the last successful fetch
    /// (by its unverified `iat`) with an unknown `kid` may trigger another fetch, instead of
    /// the whole [`unknown_kid_cooldown`](Self::unknown_kid_cooldown): the key of a token newer
    /// than the set is probably new. Never longer than the cooldown.
    pub fn new_kid_interval(self, d: impl TryInto<Duration>) -> Self {
        Self {
            new_kid_interval: duration(d),
            ..self
        }
    }

    /// How long after a failed attempt a scheduled refresh waits before it is due again.
    pub fn retry_after_failure(self, d: impl TryInto<Duration>) -> Self {
        Self {
            retry_after_failure: duration(d),
            ..self
        }
    }

    /// How long past its expiry the last known good set still verifies tokens while refreshes
    /// fail.
    pub fn stale_if_error(self, d: impl TryInto<Duration>) -> Self {
        Self {
            stale_if_error: duration(d),
            ..self
        }
    }

    /// The largest response body accepted, in bytes. The driver enforces it while reading
    /// ([`max_body_len_value`](Self::max_body_len_value)); the cache checks it again.
    pub fn max_body_len(self, n: usize) -> Self {
        Self {
            max_body_len: n,
            ..self
        }
    }

    /// The most keys accepted in one set.
    pub fn max_keys(self, n: usize) -> Self {
        Self {
            max_keys: n,
            ..self
        }
    }

    /// The backend the fetched keys compute with (see
    /// [`JwkSetOptions::backend`](crate::jwk::JwkSetOptions::backend)).
    pub fn backend(self, backend: crate::Backend) -> Self {
        Self {
            backend: Some(backend),
            ..self
        }
    }

    /// The largest response body accepted, in bytes, for the driver to stop reading at.
    pub fn max_body_len_value(&self) -> usize {
        self.max_body_len
    }

    /// A freshness lifetime clamped to the bounds.
    pub(crate) fn clamp_max_age(&self, d: Duration) -> Duration {
        d.clamp(self.min_max_age, self.max_max_age)
    }
}
