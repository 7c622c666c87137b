//! RFC 7523 JWT client assertions: minting them (a client using `private_key_jwt` or
//! `client_secret_jwt`, OIDC Core §9) and verifying them (an authorization server).

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use time::{Duration, OffsetDateTime};

use crate::base64url;
use crate::claims::{Claims, NoCustomClaims};
use crate::crypto::{Signer, Verifier};
use crate::encode::encode;
use crate::error::{ConfigError, EncodeError, VerifyError};
use crate::header::Header;
use crate::keyset::KeyResolver;
use crate::replay::{ReplayError, ReplayStore, ScopeKind};
use crate::token::Token;
use crate::validation::{Validator, ValidatorBuilder};

/// The `client_assertion_type` that goes with a JWT client assertion (RFC 7523 §2.2).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The lifetime of a minted assertion unless set otherwise: one minute.
pub const DEFAULT_LIFETIME: Duration = Duration::seconds(60);

/// The longest lifetime a verified assertion may have left unless set otherwise: five minutes.
pub const DEFAULT_MAX_LIFETIME: Duration = Duration::minutes(5);

/// A client assertion could not be minted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MintError {
    /// The system random number generator failed.
    #[error("the random number generator failed")]
    Random,
    /// The lifetime is zero or negative.
    #[error("the assertion lifetime must be positive")]
    Lifetime,
    /// Signing or serializing failed.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// A JWT client assertion to mint (RFC 7523 §2.2, §3): `iss` = `sub` = the client id, `aud` the
/// authorization server, `exp` a short time ahead, `iat` now, and a random `jti`.
///
/// # Examples
///
/// ```
/// use jwt_ring::ecdsa;
/// use jwt_ring::oauth::client_assertion::{CLIENT_ASSERTION_TYPE, ClientAssertion};
///
/// let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
/// let assertion = ClientAssertion::new("client-1", "https://as.example/token").sign(&key)?;
/// // POST client_assertion_type=CLIENT_ASSERTION_TYPE&client_assertion=<assertion>
/// assert_eq!(assertion.split('.').count(), 3);
/// # let _ = CLIENT_ASSERTION_TYPE;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAssertion {
    client_id: String,
    audience: String,
    lifetime: Duration,
}

impl ClientAssertion {
    /// An assertion by `client_id` for `audience`: the authorization server's issuer identifier
    /// or its token endpoint URL, as the server documents.
    pub fn new(client_id: impl Into<String>, audience: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            audience: audience.into(),
            lifetime: DEFAULT_LIFETIME,
        }
    }

    /// Sets how long the assertion is valid ([`DEFAULT_LIFETIME`] otherwise).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The claims of an assertion minted at `now`, with a fresh random `jti` (128 bits).
    ///
    /// # Errors
    ///
    /// [`MintError::Lifetime`] for a lifetime that is not positive, [`MintError::Random`] when
    /// the random generator fails.
    pub fn claims_at(&self, now: OffsetDateTime) -> Result<Claims<NoCustomClaims>, MintError> {
        if !self.lifetime.is_positive() {
            return Err(MintError::Lifetime);
        }
        Ok(Claims::registered_only()
            .with_issuer(&self.client_id)
            .with_subject(&self.client_id)
            .with_audience(self.audience.as_str())
            .with_jwt_id(random_jti()?)
            .valid_for(now, self.lifetime))
    }

    /// Signs an assertion minted at `now`.
    ///
    /// # Errors
    ///
    /// As for [`claims_at`](Self::claims_at), and [`MintError::Encode`] when signing fails.
    pub fn sign_at<S: Signer + ?Sized>(
        &self,
        signer: &S,
        now: OffsetDateTime,
    ) -> Result<String, MintError> {
        Ok(encode(&Header::new(), &self.claims_at(now)?, signer)?)
    }

    /// Signs an assertion minted now.
    ///
    /// # Errors
    ///
    /// As for [`sign_at`](Self::sign_at).
    pub fn sign<S: Signer + ?Sized>(&self, signer: &S) -> Result<String, MintError> {
        self.sign_at(signer, OffsetDateTime::now_utc())
    }
}

/// 128 random bits, base64url.
fn random_jti() -> Result<String, MintError> {
    let mut bytes = [0u8; 16];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| MintError::Random)?;
    Ok(base64url::encode(&bytes))
}

/// A client assertion was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AssertionError {
    /// Signature, `iss`, `sub`, `aud`, `exp` or `jti` failed.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// `exp` is further in the future than the configured maximum lifetime.
    #[error("claim `exp` is too far in the future")]
    LifetimeTooLong,
    /// The `jti` was already used by this client.
    #[error("the assertion was already used")]
    Replayed,
    /// The replay store could not record the `jti`; the assertion is refused.
    #[error("the replay check failed")]
    Store(#[from] ReplayError),
}

/// Verifies one client's JWT client assertions (RFC 7523 §3), for an authorization server.
///
/// Enforced: the signature with the client's registered key; `iss` and `sub` equal the client
/// id; `aud` contains one of the server's identifiers (its issuer, its token endpoint); `exp`
/// present, not passed, and at most the maximum lifetime ahead; `jti` present and never seen
/// before within the client (through a [`ReplayStore`], checked last so that invalid assertions
/// never fill it); `nbf` and `iat` when present.
///
/// # Examples
///
/// ```
/// use jwt_ring::ecdsa;
/// use jwt_ring::oauth::client_assertion::{AssertionError, ClientAssertion, ClientAssertionValidator};
/// use jwt_ring::replay::MemoryReplayStore;
///
/// let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
/// let assertion = ClientAssertion::new("client-1", "https://as.example/token").sign(&key)?;
///
/// let validator = ClientAssertionValidator::builder(
///     "client-1",
///     ["https://as.example", "https://as.example/token"],
/// )
/// .key(key.verifying_key())
/// .build()?;
/// let store = MemoryReplayStore::default();
/// assert!(validator.verify(&assertion, &store).is_ok());
/// assert!(matches!(validator.verify(&assertion, &store), Err(AssertionError::Replayed)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ClientAssertionValidator {
    validator: Validator,
    client_id: String,
    max_lifetime: Duration,
    leeway: Duration,
}

impl ClientAssertionValidator {
    /// Starts configuring a validator for assertions by `client_id` addressed to any of
    /// `audiences` (the server's issuer identifier and token endpoint URL).
    pub fn builder<I, S>(
        client_id: impl Into<String>,
        audiences: I,
    ) -> ClientAssertionValidatorBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ClientAssertionValidatorBuilder {
            inner: Validator::builder(),
            client_id: client_id.into(),
            audiences: audiences.into_iter().map(Into::into).collect(),
            max_lifetime: DEFAULT_MAX_LIFETIME,
            leeway: Duration::ZERO,
        }
    }

    /// Verifies `assertion` against the current time.
    ///
    /// # Errors
    ///
    /// See [`verify_at`](Self::verify_at).
    pub fn verify(
        &self,
        assertion: &str,
        store: &dyn ReplayStore,
    ) -> Result<Token<NoCustomClaims>, AssertionError> {
        self.verify_at(assertion, store, OffsetDateTime::now_utc())
    }

    /// Verifies `assertion` as of `now`, recording its `jti` in `store`.
    ///
    /// # Errors
    ///
    /// [`AssertionError::Verify`] for the signature and registered claims,
    /// [`AssertionError::LifetimeTooLong`], [`AssertionError::Replayed`], or
    /// [`AssertionError::Store`] when the store cannot record the `jti`.
    pub fn verify_at(
        &self,
        assertion: &str,
        store: &dyn ReplayStore,
        now: OffsetDateTime,
    ) -> Result<Token<NoCustomClaims>, AssertionError> {
        let token = self.validator.verify_at::<NoCustomClaims>(assertion, now)?;
        let registered = &token.claims().registered;
        // The validator requires both; `None` cannot happen here but is refused all the same.
        let (Some(exp), Some(jti)) = (registered.exp(), registered.jti()) else {
            return Err(AssertionError::LifetimeTooLong);
        };
        let exp = exp.to_offset_date_time();
        if exp
            > now
                .saturating_add(self.max_lifetime)
                .saturating_add(self.leeway)
        {
            return Err(AssertionError::LifetimeTooLong);
        }
        let until = exp.saturating_add(self.leeway);
        let scope = ScopeKind::ClientAssertion.scope(&self.client_id);
        if store.first_seen(&scope, jti, until, now)? {
            Ok(token)
        } else {
            Err(AssertionError::Replayed)
        }
    }
}

impl fmt::Debug for ClientAssertionValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAssertionValidator")
            .field("validator", &self.validator)
            .field("client_id", &self.client_id)
            .field("max_lifetime", &self.max_lifetime)
            .finish_non_exhaustive()
    }
}

/// Configures a [`ClientAssertionValidator`]. The RFC 7523 rules are applied by
/// [`build`](Self::build).
pub struct ClientAssertionValidatorBuilder {
    inner: ValidatorBuilder,
    client_id: String,
    audiences: Vec<String>,
    max_lifetime: Duration,
    leeway: Duration,
}

impl ClientAssertionValidatorBuilder {
    /// Adds a verification key: the client's registered public key (`private_key_jwt`), or an
    /// HMAC key from its secret (`client_secret_jwt`).
    pub fn key(mut self, key: impl Verifier + 'static) -> Self {
        self.inner = self.inner.key(key);
        self
    }

    /// Adds several verification keys of one type.
    pub fn keys<V: Verifier + 'static>(mut self, keys: impl IntoIterator<Item = V>) -> Self {
        self.inner = self.inner.keys(keys);
        self
    }

    /// Uses a key resolver, for example the client's registered `jwks_uri` set.
    pub fn key_resolver(mut self, resolver: impl KeyResolver + 'static) -> Self {
        self.inner = self.inner.key_resolver(resolver);
        self
    }

    /// Accepts only these algorithms, on top of the keys' own pinning
    /// (`token_endpoint_auth_signing_alg`).
    pub fn algorithms<I: IntoIterator<Item = S>, S: Into<String>>(mut self, algorithms: I) -> Self {
        self.inner = self.inner.algorithms(algorithms);
        self
    }

    /// Tolerates this much clock skew, on `exp`, `nbf`, `iat` and the maximum lifetime.
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.inner = self.inner.leeway(leeway);
        self.leeway = leeway;
        self
    }

    /// Refuses assertions whose `exp` is more than `max_lifetime` ahead
    /// ([`DEFAULT_MAX_LIFETIME`] otherwise): the replay store then never holds a `jti` longer
    /// than that.
    pub fn max_lifetime(mut self, max_lifetime: Duration) -> Self {
        self.max_lifetime = max_lifetime;
        self
    }

    /// Builds the validator.
    ///
    /// # Errors
    ///
    /// [`ConfigError::OutOfRange`] for a maximum lifetime that is not positive,
    /// [`ConfigError::EmptyList`] without audiences, otherwise as [`ValidatorBuilder::build`].
    pub fn build(self) -> Result<ClientAssertionValidator, ConfigError> {
        if !self.max_lifetime.is_positive() {
            return Err(ConfigError::OutOfRange);
        }
        let validator = ["exp", "jti"]
            .into_iter()
            .fold(self.inner, ValidatorBuilder::require_claim)
            .issuer(self.client_id.clone())
            .subject(self.client_id.clone())
            .audiences(self.audiences)
            .build()?;
        Ok(ClientAssertionValidator {
            validator,
            client_id: self.client_id,
            max_lifetime: self.max_lifetime,
            leeway: self.leeway,
        })
    }
}

impl fmt::Debug for ClientAssertionValidatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAssertionValidatorBuilder")
            .field("client_id", &self.client_id)
            .field("audiences", &self.audiences)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::random_jti;

    #[test]
    fn jti_is_128_random_bits() {
        let a = random_jti().unwrap();
        let b = random_jti().unwrap();
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
    }
}
