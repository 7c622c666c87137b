//! [`ResourceServer`]: the access-token policy of one API, and the keys it verifies with.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use axum::http::{HeaderMap, header};
use jwt_ring::NoCustomClaims;
use jwt_ring::oauth::AccessTokenValidator;
use jwt_ring::oauth::bearer::{Rejection, from_headers};
use jwt_ring_http::RemoteKeys;
use serde::de::DeserializeOwned;

use crate::extract::AccessToken;
use crate::layer::BearerLayer;

/// One API's resource server: an RFC 9068 [`AccessTokenValidator`], the issuer's
/// [`RemoteKeys`] when the validator resolves keys through them, and the `realm` of its
/// challenges. `T` is the type of the token's own claims beyond RFC 9068's.
///
/// Cheap to clone: the parts are shared.
pub struct ResourceServer<T = NoCustomClaims> {
    validator: Arc<AccessTokenValidator>,
    keys: Option<RemoteKeys>,
    realm: Option<Arc<str>>,
    claims: PhantomData<fn() -> T>,
}

impl<T> Clone for ResourceServer<T> {
    fn clone(&self) -> Self {
        Self {
            validator: Arc::clone(&self.validator),
            keys: self.keys.clone(),
            realm: self.realm.clone(),
            claims: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + Send + Sync + 'static> ResourceServer<T> {
    /// A resource server verifying with `validator`.
    pub fn new(validator: AccessTokenValidator) -> Self {
        Self {
            validator: Arc::new(validator),
            keys: None,
            realm: None,
            claims: PhantomData,
        }
    }

    /// Verifies through `keys` ([`RemoteKeys::verify_with`]): the first load is awaited, a
    /// rotation's new `kid` causes one shared refresh. The validator must resolve its keys
    /// with `keys.key_set()`.
    pub fn with_remote_keys(mut self, keys: RemoteKeys) -> Self {
        self.keys = Some(keys);
        self
    }

    /// The `realm` of the `WWW-Authenticate` challenges (RFC 6750 §3).
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(Arc::from(realm.into()));
        self
    }

    /// The tower layer that authenticates every request.
    pub fn layer(&self) -> BearerLayer<T> {
        BearerLayer::new(self.clone())
    }

    /// Reads the bearer token from `headers` and verifies it.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] to answer with: 400/401 for the header, 401 for the token, 403 for a
    /// scope the validator requires, 503 when no keys could be had.
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<AccessToken<T>, Rejection> {
        let values = headers
            .get_all(header::AUTHORIZATION)
            .iter()
            .map(|value| value.as_bytes());
        let token = from_headers(values).map_err(|error| Rejection::from(&error))?;
        let verified = match &self.keys {
            Some(keys) => {
                keys.verify_with(|now| self.validator.verify_at::<T>(token, now))
                    .await
            }
            None => self.validator.verify::<T>(token),
        };
        verified
            .map(AccessToken::new)
            .map_err(|error| Rejection::from(&error))
    }

    pub(crate) fn realm_str(&self) -> Option<&str> {
        self.realm.as_deref()
    }
}

impl<T> fmt::Debug for ResourceServer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceServer")
            .field("validator", &self.validator)
            .field("keys", &self.keys)
            .field("realm", &self.realm)
            .finish()
    }
}
