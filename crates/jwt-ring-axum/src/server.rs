//! [`ResourceServer`]: the access-token policy of one API, and the keys it verifies with.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderName, Method, Uri, header};
use jwt_ring::oauth::bearer::{
    AuthScheme, BearerError, Credentials, Rejection, credentials_from_headers, from_headers,
};
use jwt_ring::oauth::dpop::{DpopError, DpopRequest};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, AsyncReplayStore};
use jwt_ring::revocation::is_revoked_async;
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{NoCustomClaims, Token, VerifyError};
use jwt_ring_http::{RemoteAccessTokenValidator, RemoteKeys};
use serde::de::DeserializeOwned;

use crate::dpop::DpopSettings;
use crate::extract::AccessToken;
use crate::rejection::Refusal;

/// The `DPoP` request header that carries the proof (RFC 9449 §4.1).
static DPOP: HeaderName = HeaderName::from_static("dpop");

/// One API's resource server: an RFC 9068 validator (with the issuer's remote keys, or keys of
/// its own), and the `realm` of its challenges. `T` is the type of the token's own claims
/// beyond RFC 9068's.
///
/// Cheap to clone: the parts are shared.
pub struct ResourceServer<T = NoCustomClaims> {
    validator: Arc<AccessTokenValidator>,
    keys: Option<RemoteKeys>,
    realm: Option<Arc<str>>,
    dpop: Option<DpopSettings>,
    revoked: Option<Arc<dyn AsyncReplayStore>>,
    claims: PhantomData<fn() -> T>,
}

impl<T> Clone for ResourceServer<T> {
    fn clone(&self) -> Self {
        Self {
            validator: Arc::clone(&self.validator),
            keys: self.keys.clone(),
            realm: self.realm.clone(),
            dpop: self.dpop.clone(),
            revoked: self.revoked.clone(),
            claims: PhantomData,
        }
    }
}

/// What a [`ResourceServer`] verifies with: a [`RemoteAccessTokenValidator`] (the issuer's keys,
/// fetched when a token needs it: the paved path, from
/// [`RemoteKeys::access_token_validator`]) or an [`AccessTokenValidator`] with keys of its own.
pub struct Verification {
    validator: AccessTokenValidator,
    keys: Option<RemoteKeys>,
}

impl From<RemoteAccessTokenValidator> for Verification {
    fn from(remote: RemoteAccessTokenValidator) -> Self {
        let (validator, keys) = remote.into_parts();
        Self {
            validator,
            keys: Some(keys),
        }
    }
}

impl From<AccessTokenValidator> for Verification {
    fn from(validator: AccessTokenValidator) -> Self {
        Self {
            validator,
            keys: None,
        }
    }
}

impl fmt::Debug for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verification")
            .field("validator", &self.validator)
            .field("keys", &self.keys)
            .finish()
    }
}

impl<T: DeserializeOwned + Send + Sync + 'static> ResourceServer<T> {
    /// A resource server verifying with `validator`: a [`RemoteAccessTokenValidator`] (the
    /// first load is awaited, a rotation's new `kid` causes one shared refresh) or an
    /// [`AccessTokenValidator`] with keys of its own.
    pub fn new(validator: impl Into<Verification>) -> Self {
        let Verification { validator, keys } = validator.into();
        Self {
            validator: Arc::new(validator),
            keys,
            realm: None,
            dpop: None,
            revoked: None,
            claims: PhantomData,
        }
    }

    /// The `realm` of the `WWW-Authenticate` challenges (RFC 6750 §3).
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(Arc::from(realm.into()));
        self
    }

    /// Accepts DPoP-bound access tokens (RFC 9449 §7): `Authorization: DPoP <token>` with a
    /// proof checked by `dpop`. Bearer tokens are still accepted unless the settings are
    /// [`required`](DpopSettings::required); a DPoP-bound token presented as `Bearer` is
    /// refused either way.
    pub fn with_dpop(mut self, dpop: DpopSettings) -> Self {
        self.dpop = Some(dpop);
        self
    }

    /// Refuses access tokens revoked in `store` ([`revocation`](jwt_ring::revocation)),
    /// a store shared with every instance of the service (a Redis store) or this process's
    /// own. Looked up once the token is otherwise valid: a revoked one gets 401
    /// `invalid_token`, and a store that does not answer 503 (fail closed).
    ///
    /// The validator needs no deny-list of its own; RFC 9068 tokens always carry `jti`.
    pub fn deny_revoked(mut self, store: Arc<dyn AsyncReplayStore>) -> Self {
        self.revoked = Some(store);
        self
    }

    /// Reads the credentials of a request (`method`, `uri` and `headers`) and verifies them.
    /// `uri` is the one the client called: inside a nested router, the `OriginalUri`, since a
    /// DPoP proof names the whole path.
    ///
    /// # Errors
    ///
    /// The [`Refusal`] to answer with: 400/401 for the headers, 401 for the token or the DPoP
    /// proof (with a fresh `DPoP-Nonce` when the proof needs one), 403 for a scope the
    /// validator requires, 503 when no keys could be had or the replay store did not answer.
    pub async fn authenticate(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
    ) -> Result<(AccessToken<T>, AuthScheme), Refusal> {
        let values = headers
            .get_all(header::AUTHORIZATION)
            .iter()
            .map(|value| value.as_bytes());
        let Some(dpop) = &self.dpop else {
            let token = from_headers(values)
                .map_err(|error| Refusal::bearer(Rejection::from(&error), self.realm_str()))?;
            return self
                .verify_bearer(token)
                .await
                .map_err(|rejection| Refusal::bearer(rejection, self.realm_str()));
        };
        let credentials = credentials_from_headers(values)
            .map_err(|error| self.refuse(dpop, Rejection::from(&error), None, None))?;
        match credentials {
            Credentials {
                scheme: AuthScheme::Dpop,
                token,
            } => self.verify_dpop(dpop, method, uri, headers, token).await,
            Credentials { .. } if dpop.is_required() => {
                let refused = Rejection::from(&BearerError::OtherScheme);
                Err(self.refuse(dpop, refused, None, None))
            }
            Credentials { token, .. } => self
                .verify_bearer(token)
                .await
                .map_err(|rejection| self.refuse(dpop, rejection, None, None)),
        }
    }

    /// A bearer token: the validator refuses DPoP-bound (`cnf`) tokens (RFC 9449 §7.2).
    /// The caller renders the challenges: they depend on the schemes the server accepts.
    async fn verify_bearer(&self, token: &str) -> Result<(AccessToken<T>, AuthScheme), Rejection> {
        let verified = match &self.keys {
            Some(keys) => {
                keys.verify_with(token, |now| self.validator.verify_at::<T>(token, now))
                    .await
            }
            None => self.validator.verify::<T>(token),
        };
        let token = verified.map_err(|error| Rejection::from(&error))?;
        self.check_not_revoked(&token).await?;
        Ok((AccessToken::new(token), AuthScheme::Bearer))
    }

    /// Refuses a verified token its issuer revoked, when a deny-list is configured.
    async fn check_not_revoked(
        &self,
        token: &Token<AccessTokenClaims<T>>,
    ) -> Result<(), Rejection> {
        let Some(store) = &self.revoked else {
            return Ok(());
        };
        let claims = &token.claims().registered;
        let (issuer, jti) = (
            claims.iss().unwrap_or_default(),
            claims.jti().unwrap_or_default(),
        );
        let now = OffsetDateTime::now_utc();
        match is_revoked_async(&**store, issuer, jti, now).await {
            Ok(false) => Ok(()),
            Ok(true) => Err(Rejection::from(&VerifyError::Revoked)),
            Err(error) => Err(Rejection::from(&VerifyError::RevocationUnknown(error))),
        }
    }

    /// A DPoP-bound token: the proof against the request, the token and its binding to the
    /// proof's key, the deny-list, and only then the proof's `jti` in the shared store, so that
    /// a request refused for any other reason leaves nothing there (RFC 9449 §11.1).
    async fn verify_dpop(
        &self,
        dpop: &DpopSettings,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        token: &str,
    ) -> Result<(AccessToken<T>, AuthScheme), Refusal> {
        let now = OffsetDateTime::now_utc();
        let htu = dpop.htu(uri.path());
        let request = DpopRequest::new(method.as_str(), &htu)
            .proof_headers(headers.get_all(&DPOP).iter().map(|value| value.as_bytes()))
            .access_token(token);
        let refuse_proof = |error: DpopError| {
            let nonce = match error {
                DpopError::UseNonce => dpop.verifier().fresh_nonce(now),
                _ => None,
            };
            self.refuse(dpop, Rejection::from(&error), Some(AuthScheme::Dpop), nonce)
        };
        let proof = dpop
            .verifier()
            .check_at(&request, now)
            .map_err(refuse_proof)?;
        let verified = match &self.keys {
            Some(keys) => {
                keys.verify_with(token, |now| {
                    self.validator.check_dpop_at::<T>(token, &proof, now)
                })
                .await
            }
            None => self.validator.check_dpop_at::<T>(token, &proof, now),
        };
        let refuse = |rejection| self.refuse(dpop, rejection, Some(AuthScheme::Dpop), None);
        let token = verified.map_err(|error| refuse(Rejection::from(&error)))?;
        self.check_not_revoked(&token).await.map_err(refuse)?;
        proof
            .record_async(dpop.store(), now)
            .await
            .map_err(refuse_proof)?;
        Ok((AccessToken::new(token), AuthScheme::Dpop))
    }

    /// The answer of a server that accepts DPoP: the failure in the scheme the client used,
    /// and a bare challenge for the other scheme it may use.
    fn refuse(
        &self,
        dpop: &DpopSettings,
        rejection: Rejection,
        scheme: Option<AuthScheme>,
        nonce: Option<String>,
    ) -> Refusal {
        let realm = self.realm_str();
        let algs = dpop.verifier().algorithms();
        let bare = Rejection::from(&BearerError::Missing);
        let challenges = if dpop.is_required() || scheme == Some(AuthScheme::Dpop) {
            vec![rejection.dpop_challenge(realm, algs)]
        } else {
            vec![rejection.challenge(realm), bare.dpop_challenge(realm, algs)]
        };
        Refusal::new(rejection, challenges.into_iter().flatten().collect(), nonce)
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
            .field("dpop", &self.dpop)
            .field("deny_revoked", &self.revoked.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a resource server verifies with shows in its `Debug`: the validator's settings and
    /// whether its keys are remote, never key material.
    #[test]
    fn a_verification_shows_its_validator_and_whether_its_keys_are_remote() {
        let secret = b"the HMAC secret of this test, over thirty-two bytes";
        let key = jwt_ring::hmac::Key::new(&jwt_ring::hmac::HS256, secret).unwrap();
        let validator = AccessTokenValidator::builder("https://as.example", "https://api.example")
            .key(key)
            .build()
            .unwrap();
        let debug = format!("{:?}", Verification::from(validator));
        assert!(debug.starts_with("Verification {"), "{debug}");
        for part in ["https://as.example", "at+jwt", "keys: None"] {
            assert!(debug.contains(part), "{part} missing from {debug}");
        }
        assert!(!debug.contains("HMAC secret"), "{debug}");
    }
}
