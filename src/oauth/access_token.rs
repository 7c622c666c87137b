//! RFC 9068 JWT access tokens: typed claims and a validator preset for resource servers.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::dpop::{DpopError, UnrecordedProof, access_token_hash};
use super::scope::{InsufficientScope, Scope, ScopeRequirement};
use crate::claims::{NoCustomClaims, NumericDate, RegisteredClaims};
use crate::crypto::Verifier;
use crate::error::{ConfigError, VerifyError};
use crate::header::Header;
use crate::keyset::KeyResolver;
use crate::replay::{AsyncReplayStore, ReplayStore};
use crate::token::Token;
use crate::validation::{Validator, ValidatorBuilder};

/// The `typ` of a JWT access token (RFC 9068 §2.1); `application/at+jwt` is accepted too.
pub const ACCESS_TOKEN_TYPE: &str = "at+jwt";

/// The asymmetric JWS algorithms (RFC 7518 §3.1, RFC 8037, RFC 8812) the presets accept when no
/// algorithm list is configured. HMAC (`HS*`) is absent: a shared secret lets every holder mint
/// tokens (RFC 9068 §4).
pub const ASYMMETRIC_ALGORITHMS: [&str; 12] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K",
    "EdDSA", "Ed25519",
];

/// The claims of an RFC 9068 access token besides the registered ones, plus the caller's own
/// claims `T`.
///
/// The registered claims (`iss`, `sub`, `aud`, `exp`, `iat`, `jti`) are in
/// [`Claims::registered`](crate::Claims::registered) of the verified token.
///
/// A member with the wrong JSON type (a `scope` that is an array, or breaks RFC 6749 §3.3) makes
/// verification fail with [`VerifyError::ClaimsType`]: never read as absent.
///
/// # Examples
///
/// ```
/// use jwt_ring::NoCustomClaims;
/// use jwt_ring::oauth::{AccessTokenClaims, Scope};
///
/// let claims = AccessTokenClaims::new("client-1", NoCustomClaims {})
///     .with_scope("orders:read".parse()?);
/// assert!(claims.scope.contains("orders:read"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenClaims<T = NoCustomClaims> {
    /// `client_id` (RFC 8693 §4.3, RFC 9068 §2.2): the client the token was issued to. Required;
    /// a token without it is refused before this is read, so it is never empty after
    /// verification.
    #[serde(default)]
    pub client_id: String,
    /// `scope` (RFC 8693 §4.2, RFC 9068 §2.2.3): empty when the claim is absent.
    #[serde(default, skip_serializing_if = "Scope::is_empty")]
    pub scope: Scope,
    /// `auth_time` (OIDC Core §2, RFC 9068 §2.2.1): when the user authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<NumericDate>,
    /// `acr` (OIDC Core §2, RFC 9068 §2.2.1): the authentication context class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// `amr` (OIDC Core §2, RFC 9068 §2.2.1): the authentication methods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amr: Vec<String>,
    /// `groups` (RFC 7643 §4.1.2, RFC 9068 §2.2.3.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// `roles` (RFC 7643 §4.1.2, RFC 9068 §2.2.3.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `entitlements` (RFC 7643 §4.1.2, RFC 9068 §2.2.3.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entitlements: Vec<String>,
    /// `cnf` (RFC 7800 §3.1): the key the token is bound to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnf: Option<Confirmation>,
    /// The caller's own claims.
    #[serde(flatten)]
    pub extra: T,
}

impl<T> AccessTokenClaims<T> {
    /// Claims for `client_id` with `extra` private claims and nothing else.
    pub fn new(client_id: impl Into<String>, extra: T) -> Self {
        Self {
            client_id: client_id.into(),
            scope: Scope::empty(),
            auth_time: None,
            acr: None,
            amr: Vec::new(),
            groups: Vec::new(),
            roles: Vec::new(),
            entitlements: Vec::new(),
            cnf: None,
            extra,
        }
    }

    /// Sets `scope`.
    pub fn with_scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// Checks the granted `scope` against `requirement`.
    ///
    /// # Errors
    ///
    /// [`InsufficientScope`] naming the missing scopes.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::NoCustomClaims;
    /// use jwt_ring::oauth::{AccessTokenClaims, ScopeRequirement};
    ///
    /// let claims = AccessTokenClaims::new("c", NoCustomClaims {}).with_scope("a".parse()?);
    /// assert!(claims.requires_scopes(&ScopeRequirement::all(["a"])).is_ok());
    /// assert!(claims.requires_scopes(&ScopeRequirement::all(["b"])).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn requires_scopes(&self, requirement: &ScopeRequirement) -> Result<(), InsufficientScope> {
        requirement.check(&self.scope)
    }
}

/// The confirmation claim `cnf` (RFC 7800 §3.1): how the token is bound to a key.
///
/// Only the members this crate knows are kept; others are ignored when reading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    /// `jkt` (RFC 9449 §6.1): the RFC 7638 thumbprint of a DPoP key, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jkt: Option<String>,
    /// `x5t#S256` (RFC 8705 §3.1): the SHA-256 thumbprint of a client certificate, base64url.
    #[serde(default, rename = "x5t#S256", skip_serializing_if = "Option::is_none")]
    pub x5t_s256: Option<String>,
}

/// A verified access token failed the resource server's policy: either verification itself or
/// the scope requirement configured with [`AccessTokenValidatorBuilder::requires_scopes`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AccessTokenError {
    /// The token is not a valid access token.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// The token is valid but lacks a required scope.
    #[error(transparent)]
    InsufficientScope(#[from] InsufficientScope),
    /// The token is bound to a key (`cnf`, RFC 7800) that was not checked: a DPoP-bound token
    /// sent as a bearer token (RFC 9449 §7.2, refused whatever the builder said) or a
    /// certificate-bound one without its certificate check (RFC 8705 §3).
    #[error("the token is bound to a key that was not checked")]
    UncheckedBinding,
    /// The token is not bound to the DPoP proof presented with it: no `cnf.jkt`, another key's
    /// thumbprint ([`DpopError::KeyMismatch`]), or a proof whose `ath` is not this token's hash
    /// ([`DpopError::TokenHash`]) (RFC 9449 §7.1).
    #[error(transparent)]
    Dpop(DpopError),
}

/// Verifies RFC 9068 JWT access tokens for one resource server.
///
/// What it enforces (RFC 9068 §2.1, §2.2, §4), none of which can be switched off:
/// * header `typ` is `at+jwt` (or `application/at+jwt`, RFC 8725 §3.11);
/// * `iss` equals the issuer, `aud` contains the resource indicator;
/// * `exp`, `sub`, `client_id`, `iat` and `jti` are present; `exp`, `nbf` and `iat` are checked
///   against the clock;
/// * the signature uses an asymmetric algorithm ([`ASYMMETRIC_ALGORITHMS`]) unless
///   [`algorithms`](AccessTokenValidatorBuilder::algorithms) names others;
/// * the scopes given to [`requires_scopes`](AccessTokenValidatorBuilder::requires_scopes),
///   if any, are granted;
/// * a DPoP-bound token (`cnf.jkt`) passes only [`verify_dpop_at`](Self::verify_dpop_at), with
///   its proof, never [`verify_at`](Self::verify_at) (RFC 9449 §7.2); a token with another
///   `cnf` (mutual TLS) is refused unless
///   [`accept_bound_tokens`](AccessTokenValidatorBuilder::accept_bound_tokens) says the caller
///   checks the certificate binding, since a bound token used as a plain bearer token is the
///   theft the binding exists to stop (RFC 8705 §3).
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, ScopeRequirement};
/// use jwt_ring::{Claims, Header, NoCustomClaims, ecdsa, encode};
/// use time::{Duration, OffsetDateTime};
///
/// let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
/// let now = OffsetDateTime::now_utc();
/// let claims = Claims::new(
///     AccessTokenClaims::new("client-1", NoCustomClaims {}).with_scope("orders:read".parse()?),
/// )
/// .with_issuer("https://as.example")
/// .with_audience("https://api.example")
/// .with_subject("alice")
/// .with_issued_at(now.into())
/// .with_jwt_id("id-1")
/// .valid_for(now, Duration::minutes(5));
/// let token = encode(&Header::new().with_typ("at+jwt"), &claims, &key)?;
///
/// let validator = AccessTokenValidator::builder("https://as.example", "https://api.example")
///     .key(key.verifying_key())
///     .requires_scopes(ScopeRequirement::all(["orders:read"]))
///     .build()?;
/// let verified = validator.verify::<NoCustomClaims>(&token)?;
/// assert_eq!(verified.claims().custom.client_id, "client-1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AccessTokenValidator {
    validator: Validator,
    scopes: Option<ScopeRequirement>,
    accept_bound: bool,
}

impl AccessTokenValidator {
    /// Starts configuring a validator for tokens from `issuer` (its exact `iss`) meant for
    /// `resource` (the resource indicator, RFC 8707, that must appear in `aud`).
    pub fn builder(
        issuer: impl Into<String>,
        resource: impl Into<String>,
    ) -> AccessTokenValidatorBuilder {
        AccessTokenValidatorBuilder {
            inner: Validator::builder(),
            issuer: issuer.into(),
            resources: vec![resource.into()],
            algorithms: None,
            scopes: None,
            accept_bound: false,
        }
    }

    /// Verifies `token` against the current time.
    ///
    /// # Errors
    ///
    /// See [`verify_at`](Self::verify_at).
    pub fn verify<T: DeserializeOwned>(
        &self,
        token: &str,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        self.verify_at(token, OffsetDateTime::now_utc())
    }

    /// Verifies `token` as of `now`.
    ///
    /// # Errors
    ///
    /// [`AccessTokenError::Verify`] with the [`VerifyError`] of the failing step (a wrong `typ`
    /// is [`HeaderError::UnexpectedType`](crate::HeaderError::UnexpectedType), a missing
    /// required claim a [`ClaimError`](crate::ClaimError) naming it), or
    /// [`AccessTokenError::InsufficientScope`] when the configured scopes are not granted, and
    /// [`AccessTokenError::UncheckedBinding`] for a DPoP-bound token (`cnf.jkt`), and for any
    /// other `cnf` unless bound tokens are accepted.
    pub fn verify_at<T: DeserializeOwned>(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        let token = self
            .validator
            .verify_at::<AccessTokenClaims<T>>(token, now)?;
        if let Some(cnf) = &token.claims().custom.cnf {
            // A DPoP-bound token is only ever accepted with its proof (RFC 9449 §7.2).
            if cnf.jkt.is_some() || !self.accept_bound {
                return Err(AccessTokenError::UncheckedBinding);
            }
        }
        if let Some(requirement) = &self.scopes {
            token.claims().custom.requires_scopes(requirement)?;
        }
        Ok(token)
    }

    /// Verifies a DPoP-bound `token` presented with `proof` (`Authorization: DPoP <token>`,
    /// RFC 9449 §7.1) against the current time, recording the proof in `store` last.
    ///
    /// # Errors
    ///
    /// See [`verify_dpop_at`](Self::verify_dpop_at).
    pub fn verify_dpop<T: DeserializeOwned>(
        &self,
        token: &str,
        proof: UnrecordedProof,
        store: &dyn ReplayStore,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        self.verify_dpop_at(token, proof, store, OffsetDateTime::now_utc())
    }

    /// Verifies a DPoP-bound `token` presented with `proof` as of `now`, then records the proof
    /// in `store` (RFC 9449 §11.1): [`check_dpop_at`](Self::check_dpop_at) first, and the
    /// store only once everything else passed, so that requests refused for their token leave
    /// nothing behind.
    ///
    /// `proof` comes from [`DpopVerifier::check_at`](super::dpop::DpopVerifier::check_at),
    /// which has checked the proof itself against the request.
    ///
    /// # Errors
    ///
    /// As for [`check_dpop_at`](Self::check_dpop_at), then [`AccessTokenError::Dpop`] with
    /// [`DpopError::Replayed`] for a proof used before, or [`DpopError::Store`] when the store
    /// cannot answer (a 503).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::oauth::dpop::{DpopKey, DpopRequest, DpopVerifier, ProofOptions};
    /// use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, Confirmation, MemoryReplayStore};
    /// use jwt_ring::{Claims, Header, NoCustomClaims, ecdsa, encode};
    /// use time::{Duration, OffsetDateTime};
    ///
    /// let now = OffsetDateTime::now_utc();
    /// let dpop_key = DpopKey::generate("ES256")?;
    ///
    /// // The authorization server binds the token to the client's key.
    /// let (as_key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    /// let mut custom = AccessTokenClaims::new("client-1", NoCustomClaims {});
    /// custom.cnf = Some(Confirmation { jkt: Some(dpop_key.thumbprint().to_owned()), x5t_s256: None });
    /// let claims = Claims::new(custom)
    ///     .with_issuer("https://as.example")
    ///     .with_audience("https://api.example")
    ///     .with_subject("alice")
    ///     .with_issued_at(now.into())
    ///     .with_jwt_id("id-1")
    ///     .valid_for(now, Duration::minutes(5));
    /// let token = encode(&Header::new().with_typ("at+jwt"), &claims, &as_key)?;
    ///
    /// // The client calls the API.
    /// let uri = "https://api.example/orders";
    /// let proof = dpop_key.proof_at("GET", uri, &ProofOptions::new().access_token(&token), now)?;
    ///
    /// // The resource server checks the proof against the request, then the token and its
    /// // binding, and records the proof last.
    /// let request = DpopRequest::new("GET", uri).proof_headers([proof.as_bytes()]).access_token(&token);
    /// let checked = DpopVerifier::builder().build()?.check_at(&request, now)?;
    /// let validator = AccessTokenValidator::builder("https://as.example", "https://api.example")
    ///     .key(as_key.verifying_key())
    ///     .build()?;
    /// let store = MemoryReplayStore::default();
    /// let verified = validator.verify_dpop_at::<NoCustomClaims>(&token, checked, &store, now)?;
    /// assert_eq!(verified.claims().registered.sub(), Some("alice"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_dpop_at<T: DeserializeOwned>(
        &self,
        token: &str,
        proof: UnrecordedProof,
        store: &dyn ReplayStore,
        now: OffsetDateTime,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        let verified = self.check_dpop_at(token, &proof, now)?;
        proof.record(store, now).map_err(AccessTokenError::Dpop)?;
        Ok(verified)
    }

    /// As [`verify_dpop_at`](Self::verify_dpop_at), with a store that answers by a future (one
    /// shared between instances).
    ///
    /// # Errors
    ///
    /// As for [`verify_dpop_at`](Self::verify_dpop_at).
    pub async fn verify_dpop_at_async<T: DeserializeOwned>(
        &self,
        token: &str,
        proof: UnrecordedProof,
        store: &dyn AsyncReplayStore,
        now: OffsetDateTime,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        let verified = self.check_dpop_at(token, &proof, now)?;
        proof
            .record_async(store, now)
            .await
            .map_err(AccessTokenError::Dpop)?;
        Ok(verified)
    }

    /// Verifies a DPoP-bound `token` and its binding to `proof` as of `now`, without recording
    /// the proof: the token as [`verify_at`](Self::verify_at) does (a `cnf` claim is expected
    /// here), then `cnf.jkt` is the thumbprint of the proof's key and the proof's `ath` the hash
    /// of this token (RFC 9449 §6.1, §7.1).
    ///
    /// For callers that run the replay check themselves afterwards (a tower layer that awaits
    /// its store on its own runtime): record `proof` with
    /// [`UnrecordedProof::record`](super::dpop::UnrecordedProof::record) or
    /// [`record_async`](super::dpop::UnrecordedProof::record_async) once this and any other
    /// check passed. The token is hashed at most once per request: when the proof was checked
    /// with this token, its `ath` was compared then.
    ///
    /// # Errors
    ///
    /// As for [`verify_at`](Self::verify_at), and [`AccessTokenError::Dpop`] with
    /// [`DpopError::KeyMismatch`] for a token without `cnf.jkt` or bound to another key, or
    /// [`DpopError::TokenHash`] for a proof made for another token.
    pub fn check_dpop_at<T: DeserializeOwned>(
        &self,
        token: &str,
        proof: &UnrecordedProof,
        now: OffsetDateTime,
    ) -> Result<Token<AccessTokenClaims<T>>, AccessTokenError> {
        let verified = self
            .validator
            .verify_at::<AccessTokenClaims<T>>(token, now)?;
        let jkt = verified
            .claims()
            .custom
            .cnf
            .as_ref()
            .and_then(|cnf| cnf.jkt.as_deref());
        if jkt != Some(proof.proof.thumbprint()) {
            return Err(AccessTokenError::Dpop(DpopError::KeyMismatch));
        }
        let hash_matches = match proof.access_token.as_deref() {
            // The proof's `ath` was found to be the hash of this very token.
            Some(checked) => checked == token,
            None => proof.proof.access_token_hash() == Some(access_token_hash(token).as_str()),
        };
        if !hash_matches {
            return Err(AccessTokenError::Dpop(DpopError::TokenHash));
        }
        if let Some(requirement) = &self.scopes {
            verified.claims().custom.requires_scopes(requirement)?;
        }
        Ok(verified)
    }
}

impl fmt::Debug for AccessTokenValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokenValidator")
            .field("validator", &self.validator)
            .field("scopes", &self.scopes)
            .field("accept_bound", &self.accept_bound)
            .finish()
    }
}

/// Configures an [`AccessTokenValidator`]. The RFC 9068 rules are applied by
/// [`build`](Self::build) and cannot be undone by these settings.
pub struct AccessTokenValidatorBuilder {
    inner: ValidatorBuilder,
    issuer: String,
    resources: Vec<String>,
    algorithms: Option<Vec<String>>,
    scopes: Option<ScopeRequirement>,
    accept_bound: bool,
}

impl AccessTokenValidatorBuilder {
    /// Adds a verification key (see [`ValidatorBuilder::key`]).
    pub fn key(mut self, key: impl Verifier + 'static) -> Self {
        self.inner = self.inner.key(key);
        self
    }

    /// Adds several verification keys of one type.
    pub fn keys<V: Verifier + 'static>(mut self, keys: impl IntoIterator<Item = V>) -> Self {
        self.inner = self.inner.keys(keys);
        self
    }

    /// Uses a key resolver, for example a [`RemoteKeySet`](crate::remote::RemoteKeySet).
    pub fn key_resolver(mut self, resolver: impl KeyResolver + 'static) -> Self {
        self.inner = self.inner.key_resolver(resolver);
        self
    }

    /// Also accepts tokens whose `aud` contains `resource` (a second name for this API).
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.resources.push(resource.into());
        self
    }

    /// Accepts only these algorithms instead of [`ASYMMETRIC_ALGORITHMS`].
    ///
    /// # Security
    ///
    /// Naming an `HS*` algorithm accepts tokens MACed with a secret the resource server shares
    /// with the authorization server, so the resource server can mint tokens too (RFC 9068 §4).
    pub fn algorithms<I: IntoIterator<Item = S>, S: Into<String>>(mut self, algorithms: I) -> Self {
        self.algorithms = Some(algorithms.into_iter().map(Into::into).collect());
        self
    }

    /// Tolerates this much clock skew (see [`ValidatorBuilder::leeway`]).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.inner = self.inner.leeway(leeway);
        self
    }

    /// Rejects tokens issued longer ago than `max_age`.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.inner = self.inner.max_age(max_age);
        self
    }

    /// Refuses tokens longer than `max_len` bytes.
    pub fn max_token_len(mut self, max_len: usize) -> Self {
        self.inner = self.inner.max_token_len(max_len);
        self
    }

    /// Requires one more claim to be present.
    pub fn require_claim(mut self, name: impl Into<String>) -> Self {
        self.inner = self.inner.require_claim(name);
        self
    }

    /// Adds a check of the caller's own (see [`ValidatorBuilder::check`]).
    pub fn check<F>(mut self, check: F) -> Self
    where
        F: Fn(&Header, &RegisteredClaims) -> Result<(), Box<dyn StdError + Send + Sync>>
            + Send
            + Sync
            + 'static,
    {
        self.inner = self.inner.check(check);
        self
    }

    /// Refuses tokens revoked in `store` (see [`ValidatorBuilder::deny_revoked`]).
    pub fn deny_revoked(mut self, store: Arc<dyn ReplayStore>) -> Self {
        self.inner = self.inner.deny_revoked(store);
        self
    }

    /// Requires every token to grant these scopes. Per-operation requirements are checked with
    /// [`AccessTokenClaims::requires_scopes`] instead.
    pub fn requires_scopes(mut self, requirement: ScopeRequirement) -> Self {
        self.scopes = Some(requirement);
        self
    }

    /// Accepts tokens with a `cnf` claim other than DPoP's in [`verify_at`]: the caller checks
    /// the binding itself (the client certificate against `cnf.x5t#S256`, RFC 8705 §3) before
    /// trusting the token. A DPoP-bound token (`cnf.jkt`) is still refused there, whatever
    /// this says: it passes only [`verify_dpop_at`](AccessTokenValidator::verify_dpop_at),
    /// with its proof (RFC 9449 §7.2).
    ///
    /// [`verify_at`]: AccessTokenValidator::verify_at
    ///
    /// # Security
    ///
    /// Without that check a stolen certificate-bound token works as a bearer token.
    pub fn accept_bound_tokens(mut self) -> Self {
        self.accept_bound = true;
        self
    }

    /// Builds the validator with the RFC 9068 rules on top of the settings above.
    ///
    /// # Errors
    ///
    /// As for [`ValidatorBuilder::build`] ([`ConfigError::NoKeys`] without keys,
    /// [`ConfigError::EmptyList`] for an empty algorithm list, ..).
    pub fn build(self) -> Result<AccessTokenValidator, ConfigError> {
        let algorithms = match self.algorithms {
            Some(list) => list,
            None => ASYMMETRIC_ALGORITHMS
                .iter()
                .map(|a| (*a).to_owned())
                .collect(),
        };
        let validator = ["exp", "sub", "client_id", "iat", "jti"]
            .into_iter()
            .fold(self.inner, ValidatorBuilder::require_claim)
            .typ(ACCESS_TOKEN_TYPE)
            .issuer(self.issuer)
            .audiences(self.resources)
            .algorithms(algorithms)
            .build()?;
        Ok(AccessTokenValidator {
            validator,
            scopes: self.scopes,
            accept_bound: self.accept_bound,
        })
    }
}

impl fmt::Debug for AccessTokenValidatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokenValidatorBuilder")
            .field("issuer", &self.issuer)
            .field("resources", &self.resources)
            .field("algorithms", &self.algorithms)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}
