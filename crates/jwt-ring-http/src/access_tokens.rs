//! [`RemoteAccessTokenValidator`]: the RFC 9068 resource-server preset with an issuer's remote
//! keys, the issuer written once (the discovered one) and the keys wired once.

use std::fmt;

use jwt_ring::oauth::dpop::UnrecordedProof;
use jwt_ring::oauth::{
    AccessTokenClaims, AccessTokenError, AccessTokenValidator, AccessTokenValidatorBuilder,
    ScopeRequirement,
};
use jwt_ring::time::Duration;
use jwt_ring::{ConfigError, Token};
use serde::de::DeserializeOwned;

use crate::remote_keys::RemoteKeys;

impl RemoteKeys {
    /// An RFC 9068 access-token validator for `resource` (the resource indicator that must be in
    /// `aud`, RFC 8707), pinned to the discovered issuer and verifying with these keys: the
    /// paved path for a resource server. It refuses tokens without `typ: at+jwt` (ID tokens,
    /// say) and DPoP-bound tokens presented as bearer tokens, among the rest of RFC 9068.
    ///
    /// Keys loaded from a `jwks_uri` without discovery name no issuer: give it with
    /// [`RemoteAccessTokenValidatorBuilder::issuer`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(bearer_token: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// use jwt_ring::NoCustomClaims;
    /// use jwt_ring::oauth::ScopeRequirement;
    /// use jwt_ring_http::RemoteKeys;
    ///
    /// let keys = RemoteKeys::discover("https://issuer.example").await?;
    /// let validator = keys
    ///     .access_token_validator("https://api.example")
    ///     .requires_scopes(ScopeRequirement::all(["orders:read"]))
    ///     .build()?;
    /// let access = validator.verify::<NoCustomClaims>(bearer_token).await?;
    /// # drop(access);
    /// # Ok(())
    /// # }
    /// ```
    pub fn access_token_validator(
        &self,
        resource: impl Into<String>,
    ) -> RemoteAccessTokenValidatorBuilder {
        RemoteAccessTokenValidatorBuilder {
            keys: self.clone(),
            resource: resource.into(),
            issuer: None,
            configure: Vec::new(),
        }
    }
}

type Setting = Box<dyn FnOnce(AccessTokenValidatorBuilder) -> AccessTokenValidatorBuilder + Send>;

/// Configures a [`RemoteAccessTokenValidator`]: the settings of the core
/// [`AccessTokenValidatorBuilder`], with the issuer and the keys already given.
pub struct RemoteAccessTokenValidatorBuilder {
    keys: RemoteKeys,
    resource: String,
    issuer: Option<String>,
    configure: Vec<Setting>,
}

impl RemoteAccessTokenValidatorBuilder {
    /// The issuer, for keys loaded without discovery. With discovered keys it must be the
    /// discovered issuer (or be left out).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Requires every token to grant these scopes (see
    /// [`AccessTokenValidatorBuilder::requires_scopes`]).
    pub fn requires_scopes(self, requirement: ScopeRequirement) -> Self {
        self.configure(move |builder| builder.requires_scopes(requirement))
    }

    /// Also accepts tokens whose `aud` contains `resource` (see
    /// [`AccessTokenValidatorBuilder::resource`]).
    pub fn resource(self, resource: impl Into<String>) -> Self {
        let resource = resource.into();
        self.configure(move |builder| builder.resource(resource))
    }

    /// Tolerates this much clock skew (see [`AccessTokenValidatorBuilder::leeway`]).
    pub fn leeway(self, leeway: Duration) -> Self {
        self.configure(move |builder| builder.leeway(leeway))
    }

    /// Any other setting of the core builder: algorithms, a maximum age, the caller's own
    /// checks, a revocation store.
    pub fn configure(
        mut self,
        setting: impl FnOnce(AccessTokenValidatorBuilder) -> AccessTokenValidatorBuilder
        + Send
        + 'static,
    ) -> Self {
        self.configure.push(Box::new(setting));
        self
    }

    /// Builds the validator.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Conflicting`] for an [`issuer`](Self::issuer) other than the discovered
    /// one, [`ConfigError::EmptyList`] when no issuer is known (keys without discovery and no
    /// [`issuer`](Self::issuer)), otherwise as [`AccessTokenValidatorBuilder::build`].
    pub fn build(self) -> Result<RemoteAccessTokenValidator, ConfigError> {
        let discovered = self
            .keys
            .metadata()
            .map(|metadata| metadata.issuer().to_owned());
        let issuer = match (discovered, self.issuer) {
            (Some(discovered), Some(given)) if discovered != given => {
                return Err(ConfigError::Conflicting);
            }
            (Some(issuer), _) | (None, Some(issuer)) => issuer,
            (None, None) => return Err(ConfigError::EmptyList),
        };
        let builder = AccessTokenValidator::builder(issuer, self.resource)
            .key_resolver(self.keys.key_set().clone());
        let validator = self
            .configure
            .into_iter()
            .fold(builder, |builder, setting| setting(builder))
            .build()?;
        Ok(RemoteAccessTokenValidator {
            keys: self.keys,
            validator,
        })
    }
}

impl fmt::Debug for RemoteAccessTokenValidatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteAccessTokenValidatorBuilder")
            .field("keys", &self.keys)
            .field("resource", &self.resource)
            .field("issuer", &self.issuer)
            .field("settings", &self.configure.len())
            .finish()
    }
}

/// Verifies RFC 9068 access tokens with an issuer's remote keys: a core
/// [`AccessTokenValidator`] run through [`RemoteKeys::verify_with`], which fetches when a
/// token needs it (a rotation's new `kid`, keys past their lifetime).
///
/// Built by [`RemoteKeys::access_token_validator`]. Every check is the core validator's.
#[derive(Debug)]
pub struct RemoteAccessTokenValidator {
    keys: RemoteKeys,
    validator: AccessTokenValidator,
}

impl RemoteAccessTokenValidator {
    /// Verifies a bearer `token` now, fetching keys first when it must.
    ///
    /// # Errors
    ///
    /// As for [`AccessTokenValidator::verify_at`]; a DPoP-bound token is
    /// [`AccessTokenError::UncheckedBinding`] here. Keys that cannot be had are
    /// [`VerifyError::KeysUnavailable`](jwt_ring::VerifyError::KeysUnavailable) (a 503).
    pub async fn verify<T: DeserializeOwned>(
        &self,
        token: &str,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        self.keys
            .verify_with(token, |now| self.validator.verify_at(token, now))
            .await
    }

    /// Verifies a DPoP-bound `token` and its binding to `proof` now, without recording the
    /// proof (see [`AccessTokenValidator::check_dpop_at`]): record it once every other check of
    /// the request passed.
    ///
    /// # Errors
    ///
    /// As for [`AccessTokenValidator::check_dpop_at`].
    pub async fn check_dpop<T: DeserializeOwned>(
        &self,
        token: &str,
        proof: &UnrecordedProof,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        self.keys
            .verify_with(token, |now| self.validator.check_dpop_at(token, proof, now))
            .await
    }

    /// The core validator (its checks, without fetching).
    pub fn validator(&self) -> &AccessTokenValidator {
        &self.validator
    }

    /// The keys this validator uses.
    pub fn keys(&self) -> &RemoteKeys {
        &self.keys
    }

    /// The validator and the keys, for a caller that drives them itself.
    pub fn into_parts(self) -> (AccessTokenValidator, RemoteKeys) {
        (self.validator, self.keys)
    }
}
