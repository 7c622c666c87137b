//! [`Validator`]: verifies a token's signature with a resolved key, then checks its claims
//! against a policy that fails closed.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use time::{Duration, OffsetDateTime};

use crate::base64url;
use crate::claims::read::{Presence, read_claims, read_claims_owned};
use crate::claims::registered::{AUD, EXP, IAT, ISS, NBF, SUB};
use crate::claims::{ClaimName, Claims, RegisteredClaims, Slot};
use crate::crypto::Verifier;
use crate::error::{
    ClaimError, ClaimFailure, ConfigError, HeaderError, Malformed, Part, VerifyError,
};
use crate::header::Header;
use crate::keyset::{KeyResolver, KeySet, Resolved, push_shared};
use crate::replay::{ReplayError, ReplayStore};
use crate::revocation::is_revoked;
use crate::token::{
    DEFAULT_MAX_TOKEN_LEN, INLINE_SIGNATURE_LEN, MAX_HEADER_LEN, Parsed, Token, UntrustedToken,
    decode_signature,
};

/// A caller's own check, run after every built-in one has passed.
type Check = Box<
    dyn Fn(&Header, &RegisteredClaims) -> Result<(), Box<dyn StdError + Send + Sync>> + Send + Sync,
>;

/// Verifies tokens: signature first, then claims, with safe defaults.
///
/// Built once with [`Validator::builder`] and shared across threads (it is `Send + Sync`).
///
/// Defaults, each changed only by an explicit builder call:
/// * `exp` is required and checked; `nbf` is checked when present; `iat` is only checked
///   (not in the future, not too old) with [`ValidatorBuilder::max_age`] or
///   [`ValidatorBuilder::reject_future_issued_at`];
/// * `iss`, `aud` and `sub` are required and checked when configured;
/// * a token carrying `aud` is rejected when no audience is configured (RFC 7519 §4.1.3);
/// * no leeway; tokens up to 256 KiB with headers up to 32 KiB; no `crit` extension is
///   understood;
/// * only the algorithms of the configured keys are accepted, and `none` never is.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Claims, Header, Validator, encode, hmac};
/// use time::{Duration, OffsetDateTime};
///
/// let key = hmac::Key::generate(&hmac::HS256)?;
/// let now = OffsetDateTime::now_utc();
/// let claims = Claims::registered_only()
///     .with_issuer("https://auth.example")
///     .with_audience("api")
///     .valid_for(now, Duration::minutes(5));
/// let token = encode(&Header::new(), &claims, &key)?;
///
/// let validator = Validator::builder()
///     .key(key)
///     .issuer("https://auth.example")
///     .audience("api")
///     .build()?;
/// let verified = validator.verify::<jwt_ring::NoCustomClaims>(&token)?;
/// assert_eq!(verified.claims().registered.iss(), Some("https://auth.example"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Validator {
    keys: Keys,
    algorithms: Option<Vec<String>>,
    issuers: Option<Vec<String>>,
    audiences: AudiencePolicy,
    subjects: Option<Vec<String>>,
    typ: Option<String>,
    required: Vec<Slot>,
    required_other: Vec<String>,
    require_expiry: bool,
    leeway: Duration,
    max_age: Option<Duration>,
    /// Whether an `iat` later than `now + leeway` is refused: asked for, or implied by `max_age`.
    future_iat: bool,
    max_token_len: usize,
    max_header_len: usize,
    critical: Vec<String>,
    checks: Vec<Check>,
    revoked: Option<Arc<dyn ReplayStore>>,
}

/// Where a validator's keys come from: its own set, selected without a dynamic call, or a
/// caller's resolver.
enum Keys {
    Set(KeySet),
    Resolver(Box<dyn KeyResolver>),
}

impl Keys {
    /// `now` in nanoseconds becomes an `OffsetDateTime` only for a resolver: the set's path
    /// does not pay for the conversion.
    fn resolve(&self, header: &Header, now: i128) -> Result<Resolved<'_>, VerifyError> {
        match self {
            Keys::Set(set) => set.resolve(header),
            Keys::Resolver(resolver) => {
                let now = OffsetDateTime::from_unix_timestamp_nanos(now)
                    .map_err(|_| VerifyError::KeysUnavailable)?;
                resolver.resolve_at(header, now)
            }
        }
    }
}

enum AudiencePolicy {
    /// No audience configured: a token with `aud` is rejected.
    RejectPresent,
    /// Any audience, or none, is accepted.
    Ignore,
    /// `aud` is required and must contain one of these.
    OneOf(Vec<String>),
}

impl Validator {
    /// Starts configuring a validator.
    pub fn builder() -> ValidatorBuilder {
        ValidatorBuilder::default()
    }

    /// Whether every key the validator can verify with is FIPS ([`KeyResolver::fips`]): the
    /// question an auditor asks of a deployment, answered as rustls's `fips()` answers it.
    pub fn fips(&self) -> bool {
        match &self.keys {
            Keys::Set(set) => set.fips(),
            Keys::Resolver(resolver) => resolver.fips(),
        }
    }

    /// Verifies `token` against the current time.
    ///
    /// # Errors
    ///
    /// See [`verify_at`](Self::verify_at).
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Result<Token<T>, VerifyError> {
        self.verify_at_nanos(token, system_now_nanos())
    }

    /// Verifies `token` as of `now`: the injectable clock for tests and replays.
    ///
    /// # Errors
    ///
    /// * [`VerifyError::Malformed`] / [`VerifyError::Header`]: the token is not acceptable JWS;
    /// * [`VerifyError::NoMatchingKey`], [`VerifyError::AmbiguousKey`],
    ///   [`VerifyError::AlgorithmNotAllowed`]: no key may verify it;
    /// * [`VerifyError::InvalidSignature`]: the signature is wrong (claims were not read);
    /// * [`VerifyError::Claim`]: a claim is missing, mistyped, expired or not accepted;
    /// * [`VerifyError::ClaimsType`]: the custom claims do not fit `T`;
    /// * [`VerifyError::Custom`]: a check added with [`ValidatorBuilder::check`] failed.
    pub fn verify_at<T: DeserializeOwned>(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Token<T>, VerifyError> {
        self.verify_at_nanos(token, now.unix_timestamp_nanos())
    }

    /// [`verify_at`](Self::verify_at) with the clock as nanoseconds since the Unix epoch, the
    /// form every date is compared in.
    ///
    /// The steps it calls are `#[inline]`, down to the header reader and the base64url decoder:
    /// they are then compiled with this function in the caller's crate. Compiled apart, in the
    /// 16 codegen units of Cargo's default release profile, LLVM kept the header visitor and
    /// serde_json's map reader as separate calls, and HS256 verification took about 3% longer.
    fn verify_at_nanos<T: DeserializeOwned>(
        &self,
        token: &str,
        now: i128,
    ) -> Result<Token<T>, VerifyError> {
        let parsed = Parsed::parse(token, self.max_token_len, self.max_header_len)?;
        let mut buffer = [0u8; INLINE_SIGNATURE_LEN];
        let signature = decode_signature(parsed.signature_b64, &mut buffer)?;
        let payload = base64url::decode(parsed.payload_b64.as_bytes())
            .ok_or(Malformed::Base64(Part::Payload))?;
        self.verify_signature(&parsed.header, parsed.signing_input, &signature, now)?;
        let mut registered = RegisteredClaims::default();
        let (custom, presence) =
            read_claims_owned::<T>(payload, &mut registered, &self.required_other)?;
        self.check_read(&parsed.header, &registered, presence, now)?;
        Ok(Token::new(parsed.header, Claims { registered, custom }))
    }

    /// Verifies an already parsed token as of `now`, returning claims that may borrow from it.
    ///
    /// This is the zero-copy path: `T` may hold borrowed fields that point into the token's
    /// decoded payload. Prefer `Cow<'a, str>` with `#[serde(borrow)]` over `&'a str`: a JSON
    /// string with escapes cannot be borrowed, and a `&str` field then fails with
    /// [`VerifyError::ClaimsType`] while a `Cow` quietly owns the unescaped text.
    ///
    /// # Errors
    ///
    /// As for [`verify_at`](Self::verify_at).
    pub fn verify_untrusted_at<'u, T: Deserialize<'u>>(
        &self,
        token: &'u UntrustedToken<'_>,
        now: OffsetDateTime,
    ) -> Result<Claims<T>, VerifyError> {
        let header = token.header();
        let now = now.unix_timestamp_nanos();
        self.verify_signature(header, token.signing_input(), token.signature(), now)?;
        let mut registered = RegisteredClaims::default();
        let (custom, presence) =
            read_claims::<T>(token.payload(), &mut registered, &self.required_other)?;
        self.check_read(header, &registered, presence, now)?;
        Ok(Claims { registered, custom })
    }

    /// Both paths' work before the claims are read: key, `alg`, then signature.
    #[inline]
    fn verify_signature(
        &self,
        header: &Header,
        signing_input: &str,
        signature: &[u8],
        now: i128,
    ) -> Result<(), VerifyError> {
        self.check_header(header)?;
        let verifier = self.keys.resolve(header, now)?;
        self.check_algorithm(&*verifier, header.algorithm().unwrap_or_default())?;
        verifier.verify(signing_input.as_bytes(), signature)?;
        Ok(())
    }

    /// Both paths' work once the claims are read: the policy, required claims, custom checks.
    #[inline]
    fn check_read(
        &self,
        header: &Header,
        registered: &RegisteredClaims,
        presence: Presence,
        now: i128,
    ) -> Result<(), VerifyError> {
        self.check_claims(registered, now)?;
        for (index, name) in self.required_other.iter().enumerate() {
            let bit = 1u64.checked_shl(index as u32).unwrap_or(0);
            if presence.other & bit == 0 {
                return Err(missing_other(name).into());
            }
        }
        for check in &self.checks {
            check(header, registered).map_err(VerifyError::Custom)?;
        }
        match &self.revoked {
            Some(store) => check_not_revoked(&**store, registered, now),
            None => Ok(()),
        }
    }

    #[inline]
    fn check_header(&self, header: &Header) -> Result<(), HeaderError> {
        if let Some(crit) = header.critical() {
            if crit.iter().any(|name| !self.critical.contains(name)) {
                return Err(HeaderError::UnsupportedCritical);
            }
        }
        if let Some(expected) = &self.typ {
            let matches = header.typ().is_some_and(|typ| typ_matches(typ, expected));
            if !matches {
                return Err(HeaderError::UnexpectedType);
            }
        }
        Ok(())
    }

    #[inline]
    fn check_algorithm(&self, verifier: &dyn Verifier, alg: &str) -> Result<(), VerifyError> {
        if alg.eq_ignore_ascii_case("none") {
            return Err(HeaderError::AlgorithmNone.into());
        }
        if verifier.algorithm() != alg {
            return Err(VerifyError::AlgorithmNotAllowed);
        }
        if let Some(allowed) = &self.algorithms {
            if !allowed.iter().any(|a| a == alg) {
                return Err(VerifyError::AlgorithmNotAllowed);
            }
        }
        Ok(())
    }

    #[inline]
    fn check_claims(&self, claims: &RegisteredClaims, now: i128) -> Result<(), ClaimError> {
        match self.claim_failure(claims, now) {
            None => Ok(()),
            Some((slot, failure)) => Err(claim_error(slot, failure)),
        }
    }

    /// The first registered claim the policy refuses, and why. The error itself is built off
    /// the hot path, by [`claim_error`].
    #[inline]
    fn claim_failure(&self, claims: &RegisteredClaims, now: i128) -> Option<(Slot, ClaimFailure)> {
        // `now` and every date are compared as integer nanoseconds since the epoch.
        let leeway = self.leeway.whole_nanoseconds();
        match claims.exp() {
            Some(exp) if now >= exp.unix_nanos().saturating_add(leeway) => {
                return Some((EXP, ClaimFailure::Expired));
            }
            None if self.require_expiry => return Some((EXP, ClaimFailure::Missing)),
            _ => {}
        }
        if let Some(nbf) = claims.nbf() {
            if now.saturating_add(leeway) < nbf.unix_nanos() {
                return Some((NBF, ClaimFailure::NotYetValid));
            }
        }
        let max_age = self.max_age.map(|age| age.whole_nanoseconds());
        match (claims.iat().map(|iat| iat.unix_nanos()), max_age) {
            (Some(iat), _) if self.future_iat && iat > now.saturating_add(leeway) => {
                return Some((IAT, ClaimFailure::IssuedInFuture));
            }
            (Some(iat), Some(max_age))
                if now > iat.saturating_add(max_age).saturating_add(leeway) =>
            {
                return Some((IAT, ClaimFailure::TooOld));
            }
            (None, Some(_)) => return Some((IAT, ClaimFailure::Missing)),
            _ => {}
        }
        if let Some(failure) = one_of(claims.bytes_at(ISS), self.issuers.as_deref()) {
            return Some((ISS, failure));
        }
        if let Some(failure) = one_of(claims.bytes_at(SUB), self.subjects.as_deref()) {
            return Some((SUB, failure));
        }
        let aud = match &self.audiences {
            AudiencePolicy::Ignore => None,
            AudiencePolicy::RejectPresent => {
                claims.has_slot(AUD).then_some(ClaimFailure::Unexpected)
            }
            AudiencePolicy::OneOf(accepted) => match claims.audience_among(accepted) {
                None => Some(ClaimFailure::Missing),
                Some(found) => (!found).then_some(ClaimFailure::NotAccepted),
            },
        };
        if let Some(failure) = aud {
            return Some((AUD, failure));
        }
        let missing = self.required.iter().find(|slot| !claims.has_slot(**slot));
        missing.map(|slot| (*slot, ClaimFailure::Missing))
    }
}

/// Refuses a token whose `jti` (required when a deny-list is configured) is revoked by its
/// issuer, and one whose revocation cannot be looked up.
#[cold]
#[inline(never)]
fn check_not_revoked(
    store: &dyn ReplayStore,
    claims: &RegisteredClaims,
    now: i128,
) -> Result<(), VerifyError> {
    let now = OffsetDateTime::from_unix_timestamp_nanos(now).map_err(|_| {
        VerifyError::RevocationUnknown(ReplayError::Unavailable("the clock is out of range".into()))
    })?;
    let jti = claims.jti().unwrap_or_default();
    let issuer = claims.iss().unwrap_or_default();
    match is_revoked(store, issuer, jti, now) {
        Ok(false) => Ok(()),
        Ok(true) => Err(VerifyError::Revoked),
        Err(error) => Err(VerifyError::RevocationUnknown(error)),
    }
}

/// The system clock in nanoseconds since the Unix epoch, read without building a calendar date
/// (which [`Validator::verify_at`] would only take apart again).
fn system_now_nanos() -> i128 {
    unix_nanos(SystemTime::now())
}

/// `time` in nanoseconds since the Unix epoch: negative before 1970.
fn unix_nanos(time: SystemTime) -> i128 {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(since) => i128::try_from(since.as_nanos()).unwrap_or(i128::MAX),
        Err(before) => i128::try_from(before.duration().as_nanos()).map_or(i128::MIN, |n| -n),
    }
}

/// Why `value` fails a claim that must be one of `accepted` (when that is configured).
#[inline]
fn one_of(value: Option<&[u8]>, accepted: Option<&[String]>) -> Option<ClaimFailure> {
    let accepted = accepted?;
    match value {
        None => Some(ClaimFailure::Missing),
        Some(value) if accepted.iter().any(|a| a.as_bytes() == value) => None,
        Some(_) => Some(ClaimFailure::NotAccepted),
    }
}

#[cold]
#[inline(never)]
fn claim_error(slot: Slot, failure: ClaimFailure) -> ClaimError {
    ClaimError::new(slot.name(), failure)
}

#[cold]
#[inline(never)]
fn missing_other(name: &str) -> ClaimError {
    ClaimError::new(ClaimName::Other(name.to_owned()), ClaimFailure::Missing)
}

/// RFC 8725 §3.11 / RFC 7515 §4.1.9: media types compare case-insensitively, and
/// `application/` may be omitted.
pub(crate) fn typ_matches(typ: &str, normalized: &str) -> bool {
    const PREFIX: &str = "application/";
    let short = match typ.get(..PREFIX.len()) {
        Some(head) if head.eq_ignore_ascii_case(PREFIX) => typ.get(PREFIX.len()..).unwrap_or(typ),
        _ => typ,
    };
    let short = if short.contains('/') { typ } else { short };
    short.eq_ignore_ascii_case(normalized)
}

/// The form [`typ_matches`] compares against: lowercase, without an `application/` prefix.
fn normalize_typ(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    match lower.strip_prefix("application/") {
        Some(rest) if !rest.contains('/') => rest.to_owned(),
        _ => lower,
    }
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("algorithms", &self.algorithms)
            .field("issuers", &self.issuers)
            .field("subjects", &self.subjects)
            .field("typ", &self.typ)
            .field("required", &self.required)
            .field("require_expiry", &self.require_expiry)
            .field("leeway", &self.leeway)
            .field("max_age", &self.max_age)
            .field("future_iat", &self.future_iat)
            .field("max_token_len", &self.max_token_len)
            .field("max_header_len", &self.max_header_len)
            .field("checks", &self.checks.len())
            .field("deny_revoked", &self.revoked.is_some())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Validator`]. Every setting is optional except a key.
pub struct ValidatorBuilder {
    keys: Vec<Arc<dyn Verifier>>,
    resolver: Option<Box<dyn KeyResolver>>,
    algorithms: Option<Vec<String>>,
    issuers: Option<Vec<String>>,
    audiences: Option<Vec<String>>,
    ignore_audience: bool,
    subjects: Option<Vec<String>>,
    typ: Option<String>,
    required: Vec<String>,
    require_expiry: bool,
    leeway: Duration,
    max_age: Option<Duration>,
    reject_future_iat: bool,
    max_token_len: usize,
    max_header_len: usize,
    critical: Vec<String>,
    checks: Vec<Check>,
    revoked: Option<Arc<dyn ReplayStore>>,
}

impl Default for ValidatorBuilder {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            resolver: None,
            algorithms: None,
            issuers: None,
            audiences: None,
            ignore_audience: false,
            subjects: None,
            typ: None,
            required: Vec::new(),
            require_expiry: true,
            leeway: Duration::ZERO,
            max_age: None,
            reject_future_iat: false,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            max_header_len: MAX_HEADER_LEN,
            critical: Vec::new(),
            checks: Vec::new(),
            revoked: None,
        }
    }
}

impl ValidatorBuilder {
    /// Adds a verification key. Several keys are selected by `kid` and `alg` (see [`KeySet`]).
    /// A `Box<dyn Verifier>` or `Arc<dyn Verifier>` is kept as it is, not wrapped again.
    pub fn key(mut self, key: impl Verifier + 'static) -> Self {
        push_shared(&mut self.keys, key);
        self
    }

    /// Adds several verification keys of one type.
    pub fn keys<V: Verifier + 'static>(mut self, keys: impl IntoIterator<Item = V>) -> Self {
        for key in keys {
            push_shared(&mut self.keys, key);
        }
        self
    }

    /// Uses a custom resolver instead of (or in addition to nothing but) the keys above. Keys
    /// added with [`key`](Self::key) are ignored when a resolver is set.
    pub fn key_resolver(mut self, resolver: impl KeyResolver + 'static) -> Self {
        self.resolver = Some(Box::new(resolver));
        self
    }

    /// Accepts only these algorithms, on top of the key's own pinning.
    pub fn algorithms<I: IntoIterator<Item = S>, S: Into<String>>(mut self, algorithms: I) -> Self {
        self.algorithms = Some(algorithms.into_iter().map(Into::into).collect());
        self
    }

    /// Requires `iss` to equal `issuer`.
    pub fn issuer(self, issuer: impl Into<String>) -> Self {
        self.issuers([issuer])
    }

    /// Requires `iss` to be one of `issuers`.
    pub fn issuers<I: IntoIterator<Item = S>, S: Into<String>>(mut self, issuers: I) -> Self {
        self.issuers = Some(issuers.into_iter().map(Into::into).collect());
        self
    }

    /// Requires `aud` to contain `audience`.
    pub fn audience(self, audience: impl Into<String>) -> Self {
        self.audiences([audience])
    }

    /// Requires `aud` to contain at least one of `audiences`.
    pub fn audiences<I: IntoIterator<Item = S>, S: Into<String>>(mut self, audiences: I) -> Self {
        self.audiences = Some(audiences.into_iter().map(Into::into).collect());
        self
    }

    /// Accepts tokens whatever their `aud`, present or not.
    ///
    /// # Security
    ///
    /// A token minted for another service is then accepted here too. Prefer
    /// [`audience`](Self::audience).
    pub fn ignore_audience(mut self) -> Self {
        self.ignore_audience = true;
        self
    }

    /// Requires `sub` to equal `subject`.
    pub fn subject(self, subject: impl Into<String>) -> Self {
        self.subjects([subject])
    }

    /// Requires `sub` to be one of `subjects`.
    pub fn subjects<I: IntoIterator<Item = S>, S: Into<String>>(mut self, subjects: I) -> Self {
        self.subjects = Some(subjects.into_iter().map(Into::into).collect());
        self
    }

    /// Requires the header's `typ` to be `typ`, compared as RFC 8725 §3.11 says: ignoring case
    /// and an `application/` prefix. For example `"at+jwt"` for RFC 9068 access tokens.
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(normalize_typ(&typ.into()));
        self
    }

    /// Requires claim `name` (registered or not) to be present.
    pub fn require_claim(mut self, name: impl Into<String>) -> Self {
        self.required.push(name.into());
        self
    }

    /// Accepts tokens without `exp`. A present `exp` is still checked.
    ///
    /// # Security
    ///
    /// A token without expiry is valid forever unless revoked by other means.
    pub fn allow_missing_expiry(mut self) -> Self {
        self.require_expiry = false;
        self
    }

    /// Tolerates this much clock skew on `exp`, `nbf` and the `iat` checks. Zero by default.
    ///
    /// # Security
    ///
    /// A token is then accepted for up to `leeway` after its `exp`. A few seconds to a minute
    /// covers clocks kept by NTP; more keeps stolen tokens useful for longer.
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Requires `iat` and rejects tokens issued longer ago than `max_age` (plus the leeway).
    ///
    /// `iat` is then trusted as the issue time, so it also turns on
    /// [`reject_future_issued_at`](Self::reject_future_issued_at): a token dated later than
    /// `now + leeway` would otherwise stay "young" for longer than `max_age`.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Refuses a token whose `iat` is later than `now` plus the [`leeway`](Self::leeway), with
    /// [`ClaimFailure::IssuedInFuture`].
    ///
    /// Off by default: RFC 7519 §4.1.6 gives `iat` no say over validity (`exp` and `nbf` bound
    /// it), and an issuer whose clock runs a second ahead would otherwise have every fresh token
    /// refused. [`max_age`](Self::max_age) turns it on, since it relies on `iat`.
    pub fn reject_future_issued_at(mut self) -> Self {
        self.reject_future_iat = true;
        self
    }

    /// Refuses tokens longer than `max_len` bytes ([`DEFAULT_MAX_TOKEN_LEN`], 256 KiB, by
    /// default), before decoding anything: refusing a longer token costs the same whatever its
    /// length.
    pub fn max_token_len(mut self, max_len: usize) -> Self {
        self.max_token_len = max_len;
        self
    }

    /// Refuses tokens whose header decodes to more than `max_len` bytes ([`MAX_HEADER_LEN`],
    /// 32 KiB, by default), judged from its encoded length before it is decoded.
    pub fn max_header_len(mut self, max_len: usize) -> Self {
        self.max_header_len = max_len;
        self
    }

    /// Declares `crit` extensions the caller understands and checks itself (for example in a
    /// [`check`](Self::check)). Tokens listing any other name in `crit` are rejected.
    pub fn understood_critical<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        names: I,
    ) -> Self {
        self.critical.extend(names.into_iter().map(Into::into));
        self
    }

    /// Refuses tokens revoked in `store` ([`revocation`](crate::revocation)): a token
    /// must then carry `jti`, and one its issuer revoked fails with [`VerifyError::Revoked`].
    /// Checked last, after the signature and every claim, so only valid tokens cost a lookup.
    ///
    /// # Security
    ///
    /// Fails closed: a store that cannot answer refuses the token with
    /// [`VerifyError::RevocationUnknown`]. Several instances need a shared store to see each
    /// other's revocations.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use jwt_ring::replay::MemoryReplayStore;
    /// use jwt_ring::revocation;
    /// use jwt_ring::{Claims, Header, NoCustomClaims, Validator, VerifyError, encode, hmac};
    /// use time::{Duration, OffsetDateTime};
    ///
    /// let key = hmac::Key::generate(&hmac::HS256)?;
    /// let now = OffsetDateTime::now_utc();
    /// let claims = Claims::registered_only()
    ///     .with_issuer("https://as.example")
    ///     .with_jwt_id("token-1")
    ///     .valid_for(now, Duration::minutes(5));
    /// let token = encode(&Header::new(), &claims, &key)?;
    ///
    /// let revoked = Arc::new(MemoryReplayStore::default());
    /// let validator = Validator::builder().key(key).deny_revoked(revoked.clone()).build()?;
    /// assert!(validator.verify::<NoCustomClaims>(&token).is_ok());
    ///
    /// revocation::revoke(&*revoked, "https://as.example", "token-1", now + Duration::minutes(5), now)?;
    /// assert!(matches!(validator.verify::<NoCustomClaims>(&token), Err(VerifyError::Revoked)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deny_revoked(mut self, store: Arc<dyn ReplayStore>) -> Self {
        self.revoked = Some(store);
        self
    }

    /// Adds a check of the caller's own (tenant rules, say), run after the signature and every
    /// built-in claim check have passed.
    pub fn check<F>(mut self, check: F) -> Self
    where
        F: Fn(&Header, &RegisteredClaims) -> Result<(), Box<dyn StdError + Send + Sync>>
            + Send
            + Sync
            + 'static,
    {
        self.checks.push(Box::new(check));
        self
    }

    /// Builds the validator.
    ///
    /// # Errors
    ///
    /// [`ConfigError::NoKeys`] without keys, [`ConfigError::DuplicateKeyId`] for clashing keys,
    /// [`ConfigError::EmptyList`] for an empty accepted-value list, and
    /// [`ConfigError::OutOfRange`] for a negative leeway or max age, a zero token or header
    /// limit, or more
    /// than 64 distinct required private claims, and [`ConfigError::Conflicting`] for an audience together
    /// with [`ignore_audience`](Self::ignore_audience).
    pub fn build(mut self) -> Result<Validator, ConfigError> {
        if self.revoked.is_some() {
            self.required.push("jti".to_owned());
        }
        let lists = [
            &self.algorithms,
            &self.issuers,
            &self.audiences,
            &self.subjects,
        ];
        if lists
            .iter()
            .any(|list| list.as_ref().is_some_and(Vec::is_empty))
        {
            return Err(ConfigError::EmptyList);
        }
        if self.leeway.is_negative()
            || self.max_age.is_some_and(|age| age.is_negative())
            || self.max_token_len == 0
            || self.max_header_len == 0
        {
            return Err(ConfigError::OutOfRange);
        }
        let keys = match self.resolver {
            Some(resolver) => Keys::Resolver(resolver),
            None if self.keys.is_empty() => return Err(ConfigError::NoKeys),
            None => Keys::Set(KeySet::from_shared(self.keys)?),
        };
        let (mut required, mut required_other) = (Vec::new(), Vec::new());
        for name in self.required {
            match Slot::named(&name) {
                Some(slot) => required.push(slot),
                // Presence is recorded per distinct name (one bit each): a name required twice
                // is kept once, or its second copy would never be marked present.
                None if required_other.contains(&name) => {}
                None => required_other.push(name),
            }
        }
        if required_other.len() > 64 {
            return Err(ConfigError::OutOfRange);
        }
        let audiences = match (self.audiences, self.ignore_audience) {
            (Some(_), true) => return Err(ConfigError::Conflicting),
            (Some(list), false) => AudiencePolicy::OneOf(list),
            (None, true) => AudiencePolicy::Ignore,
            (None, false) => AudiencePolicy::RejectPresent,
        };
        Ok(Validator {
            keys,
            algorithms: self.algorithms,
            issuers: self.issuers,
            audiences,
            subjects: self.subjects,
            typ: self.typ,
            required,
            required_other,
            require_expiry: self.require_expiry,
            leeway: self.leeway,
            max_age: self.max_age,
            future_iat: self.reject_future_iat || self.max_age.is_some(),
            max_token_len: self.max_token_len,
            max_header_len: self.max_header_len,
            critical: self.critical,
            checks: self.checks,
            revoked: self.revoked,
        })
    }
}

impl fmt::Debug for ValidatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidatorBuilder")
            .field("keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::{normalize_typ, system_now_nanos, typ_matches, unix_nanos};
    use time::OffsetDateTime;

    #[test]
    fn clock_readings_before_1970_are_negative() {
        let epoch = SystemTime::UNIX_EPOCH;
        let second = Duration::from_secs(1);
        for (time, nanos) in [
            (epoch, 0),
            (epoch + second, 1_000_000_000),
            (epoch + Duration::from_nanos(1), 1),
            (epoch - second, -1_000_000_000),
            (epoch - Duration::from_nanos(1_500), -1_500),
        ] {
            assert_eq!(unix_nanos(time), nanos, "{time:?}");
        }
    }

    #[test]
    fn the_system_clock_reads_as_the_time_crate_reads_it() {
        let before = OffsetDateTime::now_utc().unix_timestamp_nanos();
        let now = system_now_nanos();
        let after = OffsetDateTime::now_utc().unix_timestamp_nanos();
        assert!(
            before <= now && now <= after,
            "{before} <= {now} <= {after}"
        );
    }

    #[test]
    fn typ_normalization_follows_rfc_8725() {
        for (typ, expected, matches) in [
            ("at+jwt", "at+jwt", true),
            ("AT+JWT", "at+jwt", true),
            ("application/at+jwt", "at+jwt", true),
            ("Application/At+Jwt", "at+jwt", true),
            ("jwt", "at+jwt", false),
            ("application/x/y", "application/x/y", true),
            ("x/y", "application/x/y", false),
            // Only a real `application/` prefix may be dropped: twelve other characters not.
            ("xxxxxxxxxxxxat+jwt", "at+jwt", false),
            ("text/plain1/at+jwt", "at+jwt", false),
            ("text/plain12/at+jwt", "at+jwt", false),
        ] {
            assert_eq!(typ_matches(typ, expected), matches, "{typ} vs {expected}");
        }
        assert_eq!(normalize_typ("application/AT+JWT"), "at+jwt");
        assert_eq!(normalize_typ("JWT"), "jwt");
        assert_eq!(normalize_typ("application/x/y"), "application/x/y");
    }
}
