//! [`RemoteValidator`]: a jwt-ring [`Validator`] whose keys come from [`RemoteKeys`], with the
//! fetches a verification may need (first load, unknown `kid`) done on the way.

use jwt_ring::remote::FetchReason;
use jwt_ring::{Token, Validator, VerifyError};
use serde::de::DeserializeOwned;

use crate::remote_keys::{Fetch, RemoteKeys, now};

/// Verifies tokens with keys fetched from an issuer.
///
/// Built by [`RemoteKeys::validator`]. Every check is the core [`Validator`]'s; this type only
/// decides when to fetch:
/// * keys due for refresh: a background refresh starts and this request goes on with the keys
///   it has;
/// * no usable keys (never loaded, or past the stale window): this request waits for the one
///   shared fetch;
/// * a token whose key is not in the set: one refresh, shared by every caller and at most one per
///   cooldown, then one more try.
///
/// # Errors of `verify`
///
/// The core's [`VerifyError`]s; [`VerifyError::KeysUnavailable`] when no usable keys could be
/// had, which a service answers with 503, not 401.
#[derive(Debug)]
pub struct RemoteValidator {
    keys: RemoteKeys,
    validator: Validator,
}

impl RemoteValidator {
    pub(crate) fn new(keys: RemoteKeys, validator: Validator) -> Self {
        Self { keys, validator }
    }

    /// Verifies `token` now, fetching keys first when it must.
    ///
    /// # Errors
    ///
    /// As for [`Validator::verify_at`], and [`VerifyError::KeysUnavailable`].
    pub async fn verify<T: DeserializeOwned>(&self, token: &str) -> Result<Token<T>, VerifyError> {
        let cache = self.keys.key_set();
        if let Some(reason) = cache.due(now()) {
            match reason {
                FetchReason::Initial => {
                    let _ = self.keys.fetch(reason).await;
                }
                _ => self.keys.refresh_in_background(reason).await,
            }
        }
        let before = cache.generation();
        let reason = match self.validator.verify_at(token, now()) {
            Err(VerifyError::NoMatchingKey) => FetchReason::UnknownKid,
            Err(VerifyError::KeysUnavailable) => FetchReason::Expired,
            done => return done,
        };
        match self.keys.fetch(reason).await {
            Fetch::Done(_) | Fetch::Joined => {}
            // Nothing new can be fetched now, but another caller's fetch may have landed since
            // this verification started.
            Fetch::Refused if cache.generation() != before => {}
            Fetch::Refused => {
                return Err(match reason {
                    FetchReason::UnknownKid => VerifyError::NoMatchingKey,
                    _ => VerifyError::KeysUnavailable,
                });
            }
        }
        self.validator.verify_at(token, now())
    }

    /// The core validator (its checks, without fetching).
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// The keys this validator uses.
    pub fn keys(&self) -> &RemoteKeys {
        &self.keys
    }
}
