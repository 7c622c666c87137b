//! Verifying with keys from [`RemoteKeys`]: [`RemoteKeys::verify_with`] wraps any verification
//! (a core [`Validator`], an RFC 9068 access-token or an ID-token validator) with the fetches it
//! may need, and [`RemoteValidator`] is that for a core [`Validator`].

use jwt_ring::oauth::{AccessTokenError, AssertionError, IdTokenError};
use jwt_ring::remote::FetchReason;
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{ConfigError, Token, Validator, ValidatorBuilder, VerifyError};
use serde::de::DeserializeOwned;

use crate::remote_keys::{Fetch, RemoteKeys, now};

/// An error that may say the keys were the problem: the token's key is not in the set
/// ([`VerifyError::NoMatchingKey`]) or no usable set is loaded
/// ([`VerifyError::KeysUnavailable`]). [`RemoteKeys::verify_with`] fetches and tries once more
/// on those two.
pub trait KeyFailure {
    /// The verification error inside, if there is one.
    fn verify_error(&self) -> Option<&VerifyError>;
}

impl KeyFailure for VerifyError {
    fn verify_error(&self) -> Option<&VerifyError> {
        Some(self)
    }
}

impl KeyFailure for AccessTokenError {
    fn verify_error(&self) -> Option<&VerifyError> {
        match self {
            AccessTokenError::Verify(error) => Some(error),
            _ => None,
        }
    }
}

impl KeyFailure for IdTokenError {
    fn verify_error(&self) -> Option<&VerifyError> {
        match self {
            IdTokenError::Verify(error) => Some(error),
            _ => None,
        }
    }
}

impl KeyFailure for AssertionError {
    fn verify_error(&self) -> Option<&VerifyError> {
        match self {
            AssertionError::Verify(error) => Some(error),
            _ => None,
        }
    }
}

impl RemoteKeys {
    /// Runs `verify` for `token` at the current time, with the fetches a verification may need:
    /// * keys due for refresh: a background refresh starts, and `verify` runs at once with the
    ///   keys loaded;
    /// * no keys loaded yet: this call waits for the one shared first fetch;
    /// * `verify` fails with [`VerifyError::NoMatchingKey`] (a `kid` not in the set, perhaps a
    ///   rotation) or [`VerifyError::KeysUnavailable`]: one refresh, shared by every caller and
    ///   limited by the cooldown, then `verify` runs once more. A token issued after the last
    ///   successful fetch waits only the shorter new-`kid` interval
    ///   ([`FetchReason::for_unknown_kid`]), so a rotation is picked up within seconds.
    ///
    /// `verify` must resolve its keys through [`key_set`](Self::key_set) (a validator built
    /// with it as its key resolver) and verify `token`; it gets the time to verify at.
    ///
    /// # Errors
    ///
    /// Whatever `verify` returns.
    pub async fn verify_with<R, E: KeyFailure>(
        &self,
        token: &str,
        verify: impl Fn(OffsetDateTime) -> Result<R, E>,
    ) -> Result<R, E> {
        let cache = self.key_set();
        // One clock read serves the due check and the verification, unless a fetch was awaited
        // in between.
        let mut at = now();
        if let Some(reason) = cache.due(at) {
            match reason {
                FetchReason::Initial => {
                    let _ = self.fetch(reason).await;
                    at = now();
                }
                _ => self.refresh_in_background(reason).await,
            }
        }
        let before = cache.generation();
        let first = verify(at);
        let reason = match first.as_ref().err().and_then(KeyFailure::verify_error) {
            Some(VerifyError::NoMatchingKey) => FetchReason::for_unknown_kid(token),
            Some(VerifyError::KeysUnavailable) => FetchReason::Expired,
            _ => return first,
        };
        match self.fetch(reason).await {
            Fetch::Done(_) | Fetch::Joined => {}
            // Nothing can be fetched now, but another caller's fetch may have landed since
            // `verify` ran.
            Fetch::Refused if cache.generation() != before => {}
            Fetch::Refused => return first,
        }
        verify(now())
    }

    /// A plain validator whose keys are these, pinned to the discovered issuer (when
    /// discovered), for tokens that are not access tokens. The rest of `builder` (audience,
    /// `typ`, leeway, checks) is kept as given.
    ///
    /// # Security
    ///
    /// A resource server verifies access tokens with
    /// [`access_token_validator`](Self::access_token_validator) instead: a plain validator
    /// checks no `typ` unless told (an ID token for the same audience passes) and ignores
    /// `cnf` (a DPoP-bound token passes as a bearer token).
    ///
    /// # Errors
    ///
    /// As for [`ValidatorBuilder::build`].
    pub fn validator(&self, builder: ValidatorBuilder) -> Result<RemoteValidator, ConfigError> {
        let mut builder = builder.key_resolver(self.key_set().clone());
        if let Some(metadata) = self.metadata() {
            builder = builder.issuer(metadata.issuer());
        }
        Ok(RemoteValidator {
            keys: self.clone(),
            validator: builder.build()?,
        })
    }
}

/// Verifies tokens with keys fetched from an issuer: a core [`Validator`] run through
/// [`RemoteKeys::verify_with`].
///
/// Built by [`RemoteKeys::validator`]. Every check is the core validator's; this type only
/// decides when to fetch.
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
    /// Verifies `token` now, fetching keys first when it must.
    ///
    /// # Errors
    ///
    /// As for [`Validator::verify_at`], and [`VerifyError::KeysUnavailable`].
    pub async fn verify<T: DeserializeOwned>(&self, token: &str) -> Result<Token<T>, VerifyError> {
        self.keys
            .verify_with(token, |now| self.validator.verify_at(token, now))
            .await
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
