//! RFC 7523 JWT client assertions as RFC 10070 updates them: minting them (a client using
//! `private_key_jwt` or `client_secret_jwt`, OIDC Core §9) and verifying them (an authorization
//! server).
//!
//! RFC 10070 closes the "audience injection" attack: a client that put the token endpoint URL
//! (or any of several values) in `aud` could be made, by a malicious authorization server
//! claiming another's token endpoint in its metadata, to mint an assertion that the other
//! server accepted. Now `aud` is the authorization server's issuer identifier alone, as a JSON
//! string, and the assertion is explicitly typed `client-authentication+jwt`. Both sides here
//! do that by default; accepting the older form is an explicit opt-in
//! ([`ClientAssertionValidatorBuilder::allow_legacy_assertions`]).

use std::fmt;

use crate::backend::primitives::rand::{SecureRandom, SystemRandom};
use time::{Duration, OffsetDateTime};

use crate::base64url;
use crate::claims::{Claims, NoCustomClaims};
use crate::crypto::{Signer, Verifier};
use crate::encode::encode;
use crate::error::{ConfigError, EncodeError, HeaderError, VerifyError};
use crate::header::Header;
use crate::keyset::KeyResolver;
use crate::replay::{ReplayError, ReplayStore, ScopeKind};
use crate::token::Token;
use crate::validation::{Validator, ValidatorBuilder};

/// The `client_assertion_type` that goes with a JWT client assertion (RFC 7523 §2.2).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The `typ` of a client assertion (RFC 10070): `application/client-authentication+jwt` is
/// accepted too.
pub const CLIENT_ASSERTION_JWT_TYPE: &str = "client-authentication+jwt";

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

/// A JWT client assertion to mint (RFC 7523 §2.2, §3, RFC 10070): `iss` = `sub` = the client
/// id, `aud` the authorization server's issuer identifier as a single string, `exp` a short time
/// ahead, `iat` now, a random `jti`, and the header's `typ` `client-authentication+jwt`.
///
/// # Examples
///
/// ```
/// use jwt_ring::ecdsa;
/// use jwt_ring::oauth::client_assertion::{CLIENT_ASSERTION_TYPE, ClientAssertion};
///
/// let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
/// // The authorization server's issuer identifier, from its metadata's `issuer`.
/// let assertion = ClientAssertion::new("client-1", "https://as.example").sign(&key)?;
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
    typed: bool,
}

impl ClientAssertion {
    /// An assertion by `client_id` for the authorization server whose issuer identifier is
    /// `issuer` (its metadata's `issuer`, RFC 8414): the only `aud` RFC 10070 allows.
    ///
    /// An authorization server that predates RFC 10070 may document its token endpoint URL as
    /// the audience instead; pass that here, and see [`plain_jwt_type`](Self::plain_jwt_type).
    pub fn new(client_id: impl Into<String>, issuer: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            audience: issuer.into(),
            lifetime: DEFAULT_LIFETIME,
            typed: true,
        }
    }

    /// Writes the header's plain `typ: JWT` instead of `client-authentication+jwt`, for an
    /// authorization server that predates RFC 10070 and refuses a `typ` it does not know.
    pub fn plain_jwt_type(mut self) -> Self {
        self.typed = false;
        self
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
        let header = if self.typed {
            Header::new().with_typ(CLIENT_ASSERTION_JWT_TYPE)
        } else {
            Header::new()
        };
        Ok(encode(&header, &self.claims_at(now)?, signer)?)
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
    /// `aud` holds the issuer identifier, but not as a single JSON string (an array, even of
    /// one member): RFC 10070 requires the issuer alone, as a string.
    #[error("claim `aud` is not the issuer identifier as a single string")]
    AudienceNotIssuer,
    /// The `jti` was already used by this client.
    #[error("the assertion was already used")]
    Replayed,
    /// The replay store could not record the `jti`; the assertion is refused.
    #[error("the replay check failed")]
    Store(#[from] ReplayError),
}

/// Verifies one client's JWT client assertions (RFC 7523 §3 as RFC 10070 updates it), for an
/// authorization server.
///
/// Enforced: the signature with the client's registered key; the header's `typ` is
/// `client-authentication+jwt`; `iss` and `sub` equal the client id; `aud` is the server's
/// issuer identifier, as a single JSON string (its token endpoint URL, or an array, is refused:
/// RFC 10070); `exp` present, not passed, and at most the maximum lifetime ahead; `jti` present
/// and never seen before within the client (through a [`ReplayStore`], checked last so that
/// invalid assertions never fill it); `nbf` and `iat` when present. Clients that predate
/// RFC 10070 are accepted only through
/// [`allow_legacy_assertions`](ClientAssertionValidatorBuilder::allow_legacy_assertions).
///
/// # Examples
///
/// ```
/// use jwt_ring::ecdsa;
/// use jwt_ring::oauth::client_assertion::{AssertionError, ClientAssertion, ClientAssertionValidator};
/// use jwt_ring::replay::MemoryReplayStore;
///
/// let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
/// let assertion = ClientAssertion::new("client-1", "https://as.example").sign(&key)?;
///
/// let validator = ClientAssertionValidator::builder("client-1", "https://as.example")
///     .key(key.verifying_key())
///     .build()?;
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
    /// `None` under RFC 10070; the extra audiences accepted from legacy clients otherwise.
    legacy: Option<Vec<String>>,
}

impl ClientAssertionValidator {
    /// Starts configuring a validator for assertions by `client_id` addressed to the
    /// authorization server whose issuer identifier is `issuer` (RFC 10070).
    pub fn builder(
        client_id: impl Into<String>,
        issuer: impl Into<String>,
    ) -> ClientAssertionValidatorBuilder {
        ClientAssertionValidatorBuilder {
            inner: Validator::builder(),
            client_id: client_id.into(),
            issuer: issuer.into(),
            legacy: None,
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
    /// [`AssertionError::Verify`] for the signature, the `typ` and registered claims,
    /// [`AssertionError::AudienceNotIssuer`] for an `aud` array, [`AssertionError::LifetimeTooLong`],
    /// [`AssertionError::Replayed`], or [`AssertionError::Store`] when the store cannot record
    /// the `jti`.
    pub fn verify_at(
        &self,
        assertion: &str,
        store: &dyn ReplayStore,
        now: OffsetDateTime,
    ) -> Result<Token<NoCustomClaims>, AssertionError> {
        let token = self.validator.verify_at::<NoCustomClaims>(assertion, now)?;
        let registered = &token.claims().registered;
        match &self.legacy {
            // The validator checked that `aud` holds the issuer: it must be that alone.
            None => {
                if !matches!(registered.aud(), Some(aud) if !aud.is_array()) {
                    return Err(AssertionError::AudienceNotIssuer);
                }
            }
            // Untyped, `JWT`, or this profile's type; never another profile's.
            Some(_) => {
                let typed = token.header().typ().is_none_or(|typ| {
                    typ.eq_ignore_ascii_case("JWT") || is_client_assertion_type(typ)
                });
                if !typed {
                    return Err(AssertionError::Verify(VerifyError::Header(
                        HeaderError::UnexpectedType,
                    )));
                }
            }
        }
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
        // The store's entry lives as long as the assertion could be replayed.
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
            .field("legacy", &self.legacy)
            .finish_non_exhaustive()
    }
}

/// `client-authentication+jwt`, in any case, with or without `application/`.
fn is_client_assertion_type(typ: &str) -> bool {
    let bare = match typ.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("application/") => {
            typ.get(12..).unwrap_or_default()
        }
        _ => typ,
    };
    bare.eq_ignore_ascii_case(CLIENT_ASSERTION_JWT_TYPE)
}

/// Configures a [`ClientAssertionValidator`]. The RFC 7523 and RFC 10070 rules are applied by
/// [`build`](Self::build).
pub struct ClientAssertionValidatorBuilder {
    inner: ValidatorBuilder,
    client_id: String,
    issuer: String,
    legacy: Option<Vec<String>>,
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

    /// Also accepts assertions in the form RFC 7523 allowed before RFC 10070, from clients
    /// that have not moved on: `aud` the issuer or any of `audiences` (the token endpoint URL,
    /// say), as a string or in an array, and a header without `typ` (or with `JWT`).
    ///
    /// # Security
    ///
    /// This reopens the audience injection attack RFC 10070 closes: a client that puts the
    /// token endpoint URL in `aud` can be led by a malicious authorization server to mint an
    /// assertion this server accepts. Use it for a migration, per client, and drop it after.
    pub fn allow_legacy_assertions<I, S>(mut self, audiences: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.legacy = Some(audiences.into_iter().map(Into::into).collect());
        self
    }

    /// Builds the validator.
    ///
    /// # Errors
    ///
    /// [`ConfigError::OutOfRange`] for a maximum lifetime that is not positive or an empty
    /// issuer, otherwise as [`ValidatorBuilder::build`].
    pub fn build(self) -> Result<ClientAssertionValidator, ConfigError> {
        if !self.max_lifetime.is_positive() || self.issuer.is_empty() {
            return Err(ConfigError::OutOfRange);
        }
        let checked = ["exp", "jti"]
            .into_iter()
            .fold(self.inner, ValidatorBuilder::require_claim)
            .issuer(self.client_id.clone())
            .subject(self.client_id.clone());
        let checked = match &self.legacy {
            None => checked.audience(self.issuer).typ(CLIENT_ASSERTION_JWT_TYPE),
            Some(extra) => {
                checked.audiences(std::iter::once(self.issuer).chain(extra.iter().cloned()))
            }
        };
        Ok(ClientAssertionValidator {
            validator: checked.build()?,
            client_id: self.client_id,
            max_lifetime: self.max_lifetime,
            leeway: self.leeway,
            legacy: self.legacy,
        })
    }
}

impl fmt::Debug for ClientAssertionValidatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAssertionValidatorBuilder")
            .field("client_id", &self.client_id)
            .field("issuer", &self.issuer)
            .field("legacy", &self.legacy)
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
