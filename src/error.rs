//! Error types: one per direction ([`EncodeError`], [`VerifyError`]) plus [`KeyRejected`].
//!
//! Messages are lowercase, name the failing part or claim, and never contain key material or token
//! text. A bad signature is reported only as [`VerifyError::InvalidSignature`], never together with
//! claim errors: claims are not even parsed until the signature holds.

use std::error::Error as StdError;
use std::fmt;

use crate::claims::ClaimName;
use crate::crypto::SigningError;

/// A key was refused when it was constructed.
///
/// The reason is a fixed description (for example "RSA modulus is shorter than 2048 bits"); it
/// never contains key bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("key rejected: {reason}")]
pub struct KeyRejected {
    reason: &'static str,
}

impl KeyRejected {
    /// The key's algorithm, or its size, is not approved by the FIPS 140-3 module the key was
    /// made on ([`Backend::is_fips`](crate::Backend::is_fips)): EdDSA (aws-lc-rs does not use
    /// it in FIPS mode), RSA moduli of another size than 2048, 3072 or 4096 bits, HMAC keys
    /// under 112 bits.
    pub const NOT_FIPS_APPROVED: KeyRejected =
        KeyRejected::new("not approved by the FIPS module of the key's backend");

    /// A rejection with a fixed reason, for key types defined outside this crate (for example an
    /// ES512 key built on another library). The reason must not contain key material.
    pub const fn new(reason: &'static str) -> Self {
        Self { reason }
    }

    /// Why the key was refused.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

/// A token could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The claims or the header's extra members could not be serialized as a JSON object.
    #[error("{part} could not be serialized as a JSON object")]
    Serialize {
        /// The part that failed.
        part: Part,
    },
    /// The header is not acceptable (for example an extra member reuses a registered name, or
    /// `crit` names a member that is not present).
    #[error("invalid header: {0}")]
    Header(HeaderError),
    /// The signer names an algorithm that cannot be written (`none` or not a valid name).
    #[error("the signer's algorithm cannot be used")]
    UnusableAlgorithm,
    /// The signer failed.
    #[error(transparent)]
    Signing(#[from] SigningError),
}

/// The three parts of a JWS compact token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Part {
    /// The JOSE header (first segment).
    Header,
    /// The claims set (second segment).
    Payload,
    /// The signature (third segment).
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        })
    }
}

/// Why a token's bytes could not be read as a JWS compact token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Malformed {
    /// The token is longer than the configured maximum.
    #[error("token is longer than the limit of {max} bytes")]
    TooLong {
        /// The configured maximum, in bytes.
        max: usize,
    },
    /// The token has five segments: it is a JWE, which a validator never accepts (decrypt it
    /// with a [`jwe::Decrypter`](crate::jwe::Decrypter)).
    #[error("token is a JWE (five segments), not a JWS")]
    Jwe,
    /// The token does not have exactly three dot-separated segments.
    #[error("token does not have exactly three segments")]
    SegmentCount,
    /// A segment is empty where content is required.
    #[error("{0} is empty")]
    Empty(Part),
    /// A segment is not strict base64url (no padding, no `+` `/`, no whitespace, canonical bits).
    #[error("{0} is not strict base64url")]
    Base64(Part),
    /// A part is longer than its limit.
    #[error("{0} is too large")]
    TooLarge(Part),
    /// A part is not UTF-8 (RFC 7515 §4, RFC 8725 §3.7).
    #[error("{0} is not UTF-8")]
    Utf8(Part),
    /// A part is not valid JSON.
    #[error("{0} is not valid JSON")]
    Json(Part),
    /// A part is JSON, but not a JSON object.
    #[error("{0} is not a JSON object")]
    NotAnObject(Part),
    /// A JSON object has the same member twice (RFC 7515 §5.2, RFC 7519 §4).
    #[error("{0} has a duplicate member")]
    DuplicateMember(Part),
}

/// Why a token's header is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// `alg` is missing.
    #[error("`alg` is missing")]
    MissingAlgorithm,
    /// `alg` is `none`, which is never accepted (RFC 8725 §3.1).
    #[error("`alg` is `none`")]
    AlgorithmNone,
    /// A registered header member has the wrong JSON type.
    #[error("`{0}` has the wrong type")]
    InvalidMember(&'static str),
    /// `crit` is empty, repeats a name, lists a registered name or a member that is absent
    /// (RFC 7515 §4.1.11).
    #[error("`crit` is malformed")]
    InvalidCritical,
    /// `crit` lists an extension this validator does not understand (RFC 7515 §4.1.11).
    #[error("`crit` lists an extension that is not understood")]
    UnsupportedCritical,
    /// `b64` is present: unencoded payloads (RFC 7797) are not JWTs.
    #[error("`b64` is not supported")]
    UnencodedPayload,
    /// An extra member given to the encoder reuses a name the encoder writes itself.
    #[error("an extra member reuses a registered name")]
    ReservedName,
    /// `typ` does not match the type the validator expects (RFC 8725 §3.11).
    #[error("`typ` is not the expected type")]
    UnexpectedType,
}

/// Why a claim was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClaimFailure {
    /// The claim is required but absent.
    Missing,
    /// The claim is present with the wrong JSON type or an out-of-range value.
    Invalid,
    /// `exp` is at or before the current time (RFC 7519 §4.1.4).
    Expired,
    /// `nbf` is after the current time (RFC 7519 §4.1.5).
    NotYetValid,
    /// `iat` is after the current time.
    IssuedInFuture,
    /// `iat` is older than the configured maximum age.
    TooOld,
    /// The value is not one the validator accepts (`iss`, `aud`, `sub`).
    NotAccepted,
    /// `aud` is present but the validator was configured without an audience (RFC 7519 §4.1.3).
    Unexpected,
}

impl fmt::Display for ClaimFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClaimFailure::Missing => "is missing",
            ClaimFailure::Invalid => "has the wrong type or value",
            ClaimFailure::Expired => "has passed: the token is expired",
            ClaimFailure::NotYetValid => "is in the future: the token is not yet valid",
            ClaimFailure::IssuedInFuture => "is in the future",
            ClaimFailure::TooOld => "is older than the maximum age",
            ClaimFailure::NotAccepted => "is not an accepted value",
            ClaimFailure::Unexpected => "is present but no audience is configured",
        })
    }
}

/// A claim failed validation: which one, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("claim `{claim}` {failure}")]
pub struct ClaimError {
    claim: ClaimName,
    failure: ClaimFailure,
}

impl ClaimError {
    pub(crate) fn new(claim: ClaimName, failure: ClaimFailure) -> Self {
        Self { claim, failure }
    }

    /// The claim that failed.
    pub fn claim(&self) -> &ClaimName {
        &self.claim
    }

    /// Why it failed.
    pub fn failure(&self) -> ClaimFailure {
        self.failure
    }
}

/// A token was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The bytes are not a well-formed JWS compact token.
    #[error("malformed token: {0}")]
    Malformed(#[from] Malformed),
    /// The header is well-formed but not acceptable.
    #[error("unacceptable header: {0}")]
    Header(#[from] HeaderError),
    /// No configured key matches the token's `kid` and `alg`.
    #[error("no key matches the token")]
    NoMatchingKey,
    /// More than one configured key matches a token without `kid`.
    #[error("several keys match a token without `kid`")]
    AmbiguousKey,
    /// The resolver has no keys it may use: a remote key set that was never loaded, or whose
    /// last known good set expired past its stale window. The token was not judged, so this is
    /// the server's fault, not the client's: services answer 503, not 401.
    #[error("verification keys are unavailable")]
    KeysUnavailable,
    /// The token's `alg` is not one this validator accepts.
    #[error("the token's algorithm is not allowed")]
    AlgorithmNotAllowed,
    /// The signature does not verify. Claims were not looked at.
    #[error("invalid signature")]
    InvalidSignature,
    /// The signature holds, but a claim is not acceptable.
    #[error(transparent)]
    Claim(#[from] ClaimError),
    /// The signature and registered claims hold, but the claims do not fit the caller's type.
    #[error("claims do not match the expected type")]
    ClaimsType,
    /// The caller's own check rejected the token.
    #[error("rejected by a custom check")]
    Custom(#[source] Box<dyn StdError + Send + Sync>),
    /// The token is valid but its `jti` is on the validator's revocation deny-list
    /// ([`ValidatorBuilder::deny_revoked`](crate::ValidatorBuilder::deny_revoked)).
    #[error("the token was revoked")]
    Revoked,
    /// The revocation deny-list could not be read, so the token was refused unjudged: the
    /// server's fault (services answer 503), not the client's.
    #[error("the revocation list could not be read")]
    RevocationUnknown(#[source] crate::replay::ReplayError),
}

impl From<crate::crypto::InvalidSignature> for VerifyError {
    fn from(_: crate::crypto::InvalidSignature) -> Self {
        VerifyError::InvalidSignature
    }
}

/// A validator could not be built from its configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither a key nor a key resolver was given.
    #[error("no verification key was configured")]
    NoKeys,
    /// Two keys share a `kid` and algorithm, so a token could not pick between them.
    #[error("two keys share the same `kid` and algorithm")]
    DuplicateKeyId,
    /// A key's algorithm is `none`.
    #[error("a key names the algorithm `none`")]
    AlgorithmNone,
    /// An accepted-value list (`iss`, `aud`, `sub`, algorithms) was given but is empty.
    #[error("an accepted-value list is empty")]
    EmptyList,
    /// Two settings contradict each other (`audience` together with `ignore_audience`).
    #[error("two settings contradict each other")]
    Conflicting,
    /// A limit or duration is negative or zero where it must be positive.
    #[error("a limit or duration is out of range")]
    OutOfRange,
    /// An algorithm is not one the component supports (a symmetric algorithm where only
    /// asymmetric ones are allowed, say).
    #[error("an algorithm is not supported here")]
    UnsupportedAlgorithm,
}
