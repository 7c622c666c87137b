//! OpenID Connect ID tokens (OpenID Connect Core 1.0 §2, §3.1.3.7, §3.2.2.11, §3.3.2.11).

use std::error::Error as StdError;
use std::fmt;

use crate::backend::primitives::digest;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::access_token::ACCESS_TOKEN_TYPE;
use crate::base64url;
use crate::claims::{NoCustomClaims, NumericDate, RegisteredClaims};
use crate::crypto::Verifier;
use crate::error::{ConfigError, VerifyError};
use crate::header::Header;
use crate::jwe::{Decrypter, NestedError};
use crate::keyset::KeyResolver;
use crate::token::Token;
use crate::validation::{Validator, ValidatorBuilder};

/// The claims of an ID token besides the registered ones (OIDC Core §2), plus the caller's own
/// claims `T` (profile claims such as `email`, §5.1).
///
/// A member with the wrong JSON type fails verification with [`VerifyError::ClaimsType`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdTokenClaims<T = NoCustomClaims> {
    /// `nonce`: the value the relying party sent in the authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// `auth_time`: when the end user authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<NumericDate>,
    /// `acr`: the authentication context class reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// `amr`: the authentication methods references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amr: Vec<String>,
    /// `azp`: the authorized party, the client the token was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// `at_hash`: the access token hash (§3.1.3.6, §3.2.2.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
    /// `c_hash`: the authorization code hash (§3.3.2.11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub c_hash: Option<String>,
    /// The caller's own claims.
    #[serde(flatten)]
    pub extra: T,
}

/// An ID token was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IdTokenError {
    /// Signature, `iss`, `aud`, `exp`, `iat`, `sub` or the claim types failed (of the inner
    /// JWS, when the validator decrypts).
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// The validator has a [decrypter](IdTokenValidatorBuilder::decrypter) and the token's
    /// encrypted outer layer was not accepted (OIDC Core §10.2): the token is a plain JWS
    /// ([`NestedError::NotEncrypted`]), was not decrypted ([`NestedError::Outer`], with the one
    /// [`DecryptError::Decryption`](crate::jwe::DecryptError::Decryption) for every
    /// cryptographic failure), has no `cty` `JWT` ([`NestedError::NotNested`]), or holds no
    /// JWS ([`NestedError::InnerJwe`], [`NestedError::UnsignedInner`]).
    ///
    /// [`NestedError::Inner`] never appears here: the inner JWS's failures are
    /// [`IdTokenError::Verify`] and the other variants, as for an unencrypted ID token.
    #[error("encrypted id token: {0}")]
    Decrypt(#[source] NestedError),
    /// The header's `typ` says this is an access token (`at+jwt`), not an ID token.
    #[error("the token is an access token, not an id token")]
    AccessTokenType,
    /// `aud` has several values but `azp` is absent (§3.1.3.7 item 4).
    #[error("claim `azp` is missing although `aud` has several values")]
    MissingAuthorizedParty,
    /// `azp` is not this client's id (§3.1.3.7 item 5).
    #[error("claim `azp` is not this client")]
    AuthorizedPartyMismatch,
    /// A nonce was sent but the token has none (§3.1.3.7 item 11).
    #[error("claim `nonce` is missing")]
    NonceMissing,
    /// `nonce` differs from the one sent.
    #[error("claim `nonce` does not match the request")]
    NonceMismatch,
    /// `max_age` was requested but `auth_time` is absent (§2, §3.1.3.7 item 13).
    #[error("claim `auth_time` is missing although `max_age` was requested")]
    AuthTimeMissing,
    /// The end user authenticated longer ago than `max_age` allows.
    #[error("claim `auth_time` is older than the requested `max_age`")]
    AuthenticationTooOld,
    /// An `acr` was requested but the token has none (§3.1.3.7 item 12).
    #[error("claim `acr` is missing")]
    AcrMissing,
    /// `acr` is not one of the requested values.
    #[error("claim `acr` is not one of the requested values")]
    AcrNotAccepted,
    /// `at_hash` is required and absent (§3.2.2.10).
    #[error("claim `at_hash` is missing")]
    AccessTokenHashMissing,
    /// `at_hash` does not match the access token (§3.1.3.8, §3.2.2.9).
    #[error("claim `at_hash` does not match the access token")]
    AccessTokenHashMismatch,
    /// `c_hash` is required and absent (§3.3.2.11).
    #[error("claim `c_hash` is missing")]
    CodeHashMissing,
    /// `c_hash` does not match the authorization code (§3.3.2.10).
    #[error("claim `c_hash` does not match the authorization code")]
    CodeHashMismatch,
    /// The token's `alg` has no hash this crate knows, so `at_hash`/`c_hash` cannot be checked.
    #[error("the token's algorithm has no known hash for `at_hash` or `c_hash`")]
    UnsupportedHashAlgorithm,
}

/// The left half of the hash of `value` with the hash of `alg`, base64url-encoded: the
/// `at_hash` and `c_hash` of OIDC Core §3.1.3.6 and §3.3.2.11.
///
/// The hash is the one in the algorithm's name: SHA-256 for `*256` (`HS256`, `RS256`, `PS256`,
/// `ES256`, `ES256K`), SHA-384 for `*384`, SHA-512 for `*512`, and SHA-512 for `EdDSA`, which
/// this crate signs with Ed25519 only, and for `Ed25519` (RFC 9864) (OpenID Connect Core errata:
/// Ed25519 uses SHA-512).
/// `None` for any other algorithm.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::id_token::left_half_hash;
///
/// // SHA-256("dNZX1hEZ9wBCzNL40Upu646bdzQA") starts c1f82f98 4f55c630 2e76c97d 95ce93a8.
/// assert_eq!(
///     left_half_hash("RS256", "dNZX1hEZ9wBCzNL40Upu646bdzQA").as_deref(),
///     Some("wfgvmE9VxjAudsl9lc6TqA"),
/// );
/// assert_eq!(left_half_hash("XX999", "x"), None);
/// ```
pub fn left_half_hash(alg: &str, value: &str) -> Option<String> {
    let algorithm = if alg == "EdDSA" || alg == "Ed25519" || alg.ends_with("512") {
        &digest::SHA512
    } else if alg.ends_with("384") {
        &digest::SHA384
    } else if alg.ends_with("256") || alg == "ES256K" {
        &digest::SHA256
    } else {
        return None;
    };
    let hash = digest::digest(algorithm, value.as_bytes());
    let bytes = hash.as_ref();
    bytes.get(..bytes.len() / 2).map(base64url::encode)
}

/// What the relying party asked for and received along with the ID token: the per-request
/// checks of OIDC Core §3.1.3.7 and the hash checks of §3.2.2.11 / §3.3.2.11.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::id_token::IdTokenExpectations;
/// use time::Duration;
///
/// let expected = IdTokenExpectations::new()
///     .nonce("n-0S6_WzA2Mj")
///     .max_age(Duration::minutes(10))
///     .acr_values(["urn:mace:incommon:iap:silver"])
///     .access_token("the access token received with it");
/// # let _ = expected;
/// ```
#[derive(Clone, Debug, Default)]
pub struct IdTokenExpectations<'a> {
    nonce: Option<&'a str>,
    max_age: Option<Duration>,
    acr_values: Vec<String>,
    access_token: Option<&'a str>,
    access_token_hash_required: bool,
    code: Option<&'a str>,
    code_hash_required: bool,
}

impl<'a> IdTokenExpectations<'a> {
    /// No per-request expectations.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `nonce` sent in the authentication request: the token must carry it, exactly.
    pub fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// The `max_age` sent: `auth_time` is required and must be within it (plus leeway).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// The `acr_values` requested: `acr` is required and must be one of them.
    pub fn acr_values<I: IntoIterator<Item = S>, S: Into<String>>(mut self, values: I) -> Self {
        self.acr_values = values.into_iter().map(Into::into).collect();
        self
    }

    /// The access token received with the ID token: a present `at_hash` must match it.
    pub fn access_token(mut self, access_token: &'a str) -> Self {
        self.access_token = Some(access_token);
        self
    }

    /// Makes `at_hash` required (the implicit flow's `id_token token`, §3.2.2.10). Only
    /// meaningful with [`access_token`](Self::access_token).
    pub fn require_access_token_hash(mut self) -> Self {
        self.access_token_hash_required = true;
        self
    }

    /// The authorization code received with the ID token: a present `c_hash` must match it.
    pub fn code(mut self, code: &'a str) -> Self {
        self.code = Some(code);
        self
    }

    /// Makes `c_hash` required (the hybrid flow's `code id_token`, §3.3.2.11). Only meaningful
    /// with [`code`](Self::code).
    pub fn require_code_hash(mut self) -> Self {
        self.code_hash_required = true;
        self
    }
}

/// Verifies OpenID Connect ID tokens for one relying party (OIDC Core §3.1.3.7).
///
/// Always enforced: the signature; `iss` equals the issuer; `aud` contains the client id; `exp`,
/// `iat` and `sub` present (§2), `exp`/`nbf`/`iat` against the clock; when `aud` has several
/// values, `azp` is present; when `azp` is present, it is the client id; a header `typ` of
/// `at+jwt` is refused (an access token is not an ID token). Per request, with
/// [`IdTokenExpectations`]: `nonce`, `max_age` with `auth_time`, `acr`, `at_hash`, `c_hash`
/// (computed with the hash of the verified header's `alg`).
///
/// A client that registered `id_token_encrypted_response_alg` gets encrypted ID tokens only
/// (OIDC Core §10.2): configure [`IdTokenValidatorBuilder::decrypter`], and every token is
/// decrypted first, a plain JWS refused, and the inner JWS checked as above.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::id_token::{IdTokenClaims, IdTokenExpectations, IdTokenValidator};
/// use jwt_ring::{Claims, Header, NoCustomClaims, ecdsa, encode};
/// use time::{Duration, OffsetDateTime};
///
/// let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
/// let now = OffsetDateTime::now_utc();
/// let claims = Claims::new(IdTokenClaims::<NoCustomClaims> {
///     nonce: Some("n-0S6_WzA2Mj".into()),
///     ..IdTokenClaims::default()
/// })
/// .with_issuer("https://op.example")
/// .with_audience("client-1")
/// .with_subject("alice")
/// .with_issued_at(now.into())
/// .valid_for(now, Duration::minutes(5));
/// let token = encode(&Header::new(), &claims, &key)?;
///
/// let validator = IdTokenValidator::builder("https://op.example", "client-1")
///     .key(key.verifying_key())
///     .build()?;
/// let expected = IdTokenExpectations::new().nonce("n-0S6_WzA2Mj");
/// let verified = validator.verify::<NoCustomClaims>(&token, &expected)?;
/// assert_eq!(verified.claims().registered.sub(), Some("alice"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct IdTokenValidator {
    validator: Validator,
    /// When set, every ID token is a nested JWT: decrypted with it, then verified.
    decrypter: Option<Decrypter>,
    client_id: String,
    leeway: Duration,
}

impl IdTokenValidator {
    /// Starts configuring a validator for ID tokens from `issuer` (its exact `iss`) issued to
    /// `client_id`.
    pub fn builder(
        issuer: impl Into<String>,
        client_id: impl Into<String>,
    ) -> IdTokenValidatorBuilder {
        IdTokenValidatorBuilder {
            inner: Validator::builder(),
            decrypter: None,
            issuer: issuer.into(),
            client_id: client_id.into(),
            leeway: Duration::ZERO,
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
        expected: &IdTokenExpectations<'_>,
    ) -> Result<Token<IdTokenClaims<T>>, IdTokenError> {
        self.verify_at(token, expected, OffsetDateTime::now_utc())
    }

    /// Verifies `token` as of `now`: first the signature and registered claims, then the
    /// ID-token rules that need the verified header and claims.
    ///
    /// With a [decrypter](IdTokenValidatorBuilder::decrypter), `token` must be a nested JWT
    /// (a JWS signed, then encrypted): it is decrypted first, with the rules of
    /// [`Decrypter::decrypt_and_verify_at`], and the inner JWS then goes through every check.
    ///
    /// # Errors
    ///
    /// [`IdTokenError::Decrypt`] for the encrypted outer layer (a decrypter is configured),
    /// [`IdTokenError::Verify`] for the signature and registered claims, otherwise the
    /// variant naming the ID-token rule that failed.
    pub fn verify_at<T: DeserializeOwned>(
        &self,
        token: &str,
        expected: &IdTokenExpectations<'_>,
        now: OffsetDateTime,
    ) -> Result<Token<IdTokenClaims<T>>, IdTokenError> {
        let token = match &self.decrypter {
            None => self.validator.verify_at::<IdTokenClaims<T>>(token, now)?,
            Some(decrypter) => {
                let inner = decrypter
                    .decrypt_nested(token)
                    .map_err(IdTokenError::Decrypt)?;
                self.validator.verify_at::<IdTokenClaims<T>>(&inner, now)?
            }
        };
        self.check(&token, expected, now)?;
        Ok(token)
    }

    /// The checks after signature verification, in the order of §3.1.3.7.
    fn check<T>(
        &self,
        token: &Token<IdTokenClaims<T>>,
        expected: &IdTokenExpectations<'_>,
        now: OffsetDateTime,
    ) -> Result<(), IdTokenError> {
        let header = token.header();
        if header.typ().is_some_and(is_access_token_type) {
            return Err(IdTokenError::AccessTokenType);
        }
        let claims = token.claims();
        let custom = &claims.custom;
        let audiences = claims.registered.aud().map_or(0, |aud| aud.iter().count());
        match &custom.azp {
            None if audiences > 1 => return Err(IdTokenError::MissingAuthorizedParty),
            Some(azp) if *azp != self.client_id => {
                return Err(IdTokenError::AuthorizedPartyMismatch);
            }
            _ => {}
        }
        if let Some(nonce) = expected.nonce {
            match &custom.nonce {
                None => return Err(IdTokenError::NonceMissing),
                Some(found) if found != nonce => return Err(IdTokenError::NonceMismatch),
                Some(_) => {}
            }
        }
        if !expected.acr_values.is_empty() {
            match &custom.acr {
                None => return Err(IdTokenError::AcrMissing),
                Some(acr) if !expected.acr_values.contains(acr) => {
                    return Err(IdTokenError::AcrNotAccepted);
                }
                Some(_) => {}
            }
        }
        if let Some(max_age) = expected.max_age {
            let auth_time = custom.auth_time.ok_or(IdTokenError::AuthTimeMissing)?;
            // Saturating: a far-future `auth_time` (read as 9999-12-31) is recent, not a panic.
            let limit = auth_time
                .to_offset_date_time()
                .saturating_add(max_age)
                .saturating_add(self.leeway);
            if now > limit {
                return Err(IdTokenError::AuthenticationTooOld);
            }
        }
        let alg = header.algorithm().unwrap_or_default();
        check_hash(
            alg,
            expected.access_token,
            custom.at_hash.as_deref(),
            expected.access_token_hash_required,
            (
                IdTokenError::AccessTokenHashMissing,
                IdTokenError::AccessTokenHashMismatch,
            ),
        )?;
        check_hash(
            alg,
            expected.code,
            custom.c_hash.as_deref(),
            expected.code_hash_required,
            (
                IdTokenError::CodeHashMissing,
                IdTokenError::CodeHashMismatch,
            ),
        )
    }
}

/// Whether a `typ` names an RFC 9068 access token (RFC 8725 §3.11 comparison).
fn is_access_token_type(typ: &str) -> bool {
    let short = match typ.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("application/") => typ.get(12..).unwrap_or(typ),
        _ => typ,
    };
    short.eq_ignore_ascii_case(ACCESS_TOKEN_TYPE)
}

/// Checks one of `at_hash` / `c_hash` against the value received with the token, if any.
fn check_hash(
    alg: &str,
    value: Option<&str>,
    claim: Option<&str>,
    required: bool,
    (missing, mismatch): (IdTokenError, IdTokenError),
) -> Result<(), IdTokenError> {
    let Some(value) = value else {
        return Ok(());
    };
    let Some(claim) = claim else {
        return if required { Err(missing) } else { Ok(()) };
    };
    let computed = left_half_hash(alg, value).ok_or(IdTokenError::UnsupportedHashAlgorithm)?;
    if computed == claim {
        Ok(())
    } else {
        Err(mismatch)
    }
}

impl fmt::Debug for IdTokenValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdTokenValidator")
            .field("validator", &self.validator)
            .field("decrypter", &self.decrypter)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// Configures an [`IdTokenValidator`]. The OIDC rules are applied by [`build`](Self::build).
pub struct IdTokenValidatorBuilder {
    inner: ValidatorBuilder,
    decrypter: Option<Decrypter>,
    issuer: String,
    client_id: String,
    leeway: Duration,
}

impl IdTokenValidatorBuilder {
    /// Adds a verification key: the provider's public key, or for `HS*` the client secret
    /// (§10.1).
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

    /// Accepts only these algorithms (the registered `id_token_signed_response_alg`, §3.1.3.7
    /// item 7), on top of the keys' own pinning.
    pub fn algorithms<I: IntoIterator<Item = S>, S: Into<String>>(mut self, algorithms: I) -> Self {
        self.inner = self.inner.algorithms(algorithms);
        self
    }

    /// Tolerates this much clock skew, on `exp`, `nbf`, `iat` and `auth_time` + `max_age`.
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.inner = self.inner.leeway(leeway);
        self.leeway = leeway;
        self
    }

    /// Rejects tokens issued longer ago than `max_age` (§3.1.3.7 item 10).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.inner = self.inner.max_age(max_age);
        self
    }

    /// Refuses tokens longer than `max_len` bytes.
    pub fn max_token_len(mut self, max_len: usize) -> Self {
        self.inner = self.inner.max_token_len(max_len);
        self
    }

    /// Decrypts every ID token with `decrypter` before verifying it: for a client that
    /// registered `id_token_encrypted_response_alg` (OpenID Connect Dynamic Client
    /// Registration §2), whose ID tokens are nested JWTs, signed and then encrypted (OIDC Core
    /// §10.2, RFC 7519 §5.2).
    ///
    /// The encrypted layer is then required: a plain JWS is refused with
    /// [`NestedError::NotEncrypted`], so a token that was never encrypted, or was stripped of
    /// its encryption, does not pass. The outer JWE's protected header must name `cty` `JWT`,
    /// its plaintext must be a JWS, and that JWS goes through every check of
    /// [`verify_at`](IdTokenValidator::verify_at), `at_hash` and `c_hash` with the inner
    /// signature's algorithm. The rules are those of [`Decrypter::decrypt_and_verify_at`].
    ///
    /// The decrypter holds the client's private keys; pin it to the registered algorithms with
    /// [`allow_algorithms`](crate::jwe::DecrypterBuilder::allow_algorithms) and
    /// [`allow_encryptions`](crate::jwe::DecrypterBuilder::allow_encryptions). Its own
    /// [`max_token_len`](crate::jwe::DecrypterBuilder::max_token_len) bounds the encrypted
    /// token, and [`max_token_len`](Self::max_token_len) the inner one.
    ///
    /// # Security
    ///
    /// Encryption keeps the claims confidential; it does not say who issued them. The
    /// signature of the inner JWS does, and it is always verified with this builder's keys.
    ///
    /// # Examples
    ///
    /// A provider usually encrypts to the client's RSA or EC public key (`RSA-OAEP-256`,
    /// `ECDH-ES`: decryption keys on the `aws-lc` backend); a symmetric key keeps this short.
    ///
    /// ```
    /// use jwt_ring::oauth::id_token::{IdTokenClaims, IdTokenError, IdTokenExpectations};
    /// use jwt_ring::oauth::IdTokenValidator;
    /// use jwt_ring::{Claims, Header, NoCustomClaims, ecdsa, encode, jwe};
    /// use time::{Duration, OffsetDateTime};
    ///
    /// // The provider signs the ID token, then encrypts it to the client.
    /// let (signing, _) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    /// let now = OffsetDateTime::now_utc();
    /// let claims = Claims::new(IdTokenClaims::<NoCustomClaims> {
    ///     nonce: Some("n-0S6_WzA2Mj".into()),
    ///     ..IdTokenClaims::default()
    /// })
    /// .with_issuer("https://op.example")
    /// .with_audience("client-1")
    /// .with_subject("alice")
    /// .with_issued_at(now.into())
    /// .valid_for(now, Duration::minutes(5));
    /// let signed = encode(&Header::new(), &claims, &signing)?;
    /// let client_key = [7u8; 32];
    /// let encrypted = jwe::encrypt(
    ///     &jwe::Header::new().with_content_type("JWT"),
    ///     signed.as_bytes(),
    ///     &jwe::EncryptingKey::symmetric(&jwe::A256GCMKW, &client_key)?,
    ///     &jwe::A256GCM,
    /// )?;
    ///
    /// let decrypter = jwe::Decrypter::builder()
    ///     .key(jwe::DecryptingKey::symmetric(&jwe::A256GCMKW, &client_key)?)
    ///     .allow_algorithms([&jwe::A256GCMKW])
    ///     .allow_encryptions([&jwe::A256GCM])
    ///     .build()?;
    /// let validator = IdTokenValidator::builder("https://op.example", "client-1")
    ///     .key(signing.verifying_key())
    ///     .decrypter(decrypter)
    ///     .build()?;
    /// let expected = IdTokenExpectations::new().nonce("n-0S6_WzA2Mj");
    /// let verified = validator.verify::<NoCustomClaims>(&encrypted, &expected)?;
    /// assert_eq!(verified.claims().registered.sub(), Some("alice"));
    ///
    /// // The same ID token unencrypted is refused: the client registered encryption.
    /// assert!(matches!(
    ///     validator.verify::<NoCustomClaims>(&signed, &expected),
    ///     Err(IdTokenError::Decrypt(jwe::NestedError::NotEncrypted))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decrypter(mut self, decrypter: Decrypter) -> Self {
        self.decrypter = Some(decrypter);
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

    /// Builds the validator.
    ///
    /// # Errors
    ///
    /// As for [`ValidatorBuilder::build`].
    pub fn build(self) -> Result<IdTokenValidator, ConfigError> {
        let validator = ["exp", "iat", "sub"]
            .into_iter()
            .fold(self.inner, ValidatorBuilder::require_claim)
            .issuer(self.issuer)
            .audience(self.client_id.clone())
            .build()?;
        Ok(IdTokenValidator {
            validator,
            decrypter: self.decrypter,
            client_id: self.client_id,
            leeway: self.leeway,
        })
    }
}

impl fmt::Debug for IdTokenValidatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdTokenValidatorBuilder")
            .field("decrypter", &self.decrypter)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::{is_access_token_type, left_half_hash};

    #[test]
    fn hash_follows_the_algorithm() {
        // Lengths: half of 32, 48 and 64 bytes, base64url without padding.
        for (alg, len) in [
            ("HS256", 22),
            ("RS256", 22),
            ("PS256", 22),
            ("ES256", 22),
            ("ES256K", 22),
            ("RS384", 32),
            ("ES384", 32),
            ("RS512", 43),
            ("ES512", 43),
            ("EdDSA", 43),
        ] {
            assert_eq!(
                left_half_hash(alg, "x").map(|h| h.len()),
                Some(len),
                "{alg}"
            );
        }
        assert_eq!(left_half_hash("none", "x"), None);
        assert_eq!(left_half_hash("Ed448", "x"), None);
        // OpenID Connect Core §A.4: c_hash of "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk".
        assert_eq!(
            left_half_hash(
                "RS256",
                "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
            )
            .as_deref(),
            Some("LDktKdoQak3Pk0cnXxCltA")
        );
    }

    #[test]
    fn access_token_type_comparison() {
        for (typ, expected) in [
            ("at+jwt", true),
            ("AT+JWT", true),
            ("application/at+jwt", true),
            ("Application/AT+jwt", true),
            ("JWT", false),
            ("application/jwt", false),
            ("x/at+jwt", false),
            // Twelve characters that are not "application/", then "at+jwt".
            ("example/abc/at+jwt", false),
            ("at+jwt2", false),
            ("", false),
        ] {
            assert_eq!(is_access_token_type(typ), expected, "{typ}");
        }
    }
}
