//! RFC 6750 bearer tokens: reading the `Authorization` header and answering with a
//! `WWW-Authenticate` challenge.
//!
//! [`parse_authorization`] takes a header value to the token, exactly as RFC 6750 §2.1 and
//! RFC 7235 §2.1 write it. [`Rejection`] turns every failure (a header problem, a
//! [`VerifyError`], an [`InsufficientScope`]) into the HTTP status and challenge of RFC 6750 §3,
//! with quoting done right and nothing of the token echoed.
//!
//! # Examples
//!
//! ```
//! use jwt_ring::oauth::bearer::{self, Rejection};
//!
//! assert_eq!(bearer::parse_authorization(b"Bearer abc.def.ghi")?, "abc.def.ghi");
//!
//! let error = bearer::parse_authorization(b"Basic dXNlcjpwYXNz").unwrap_err();
//! let rejection = Rejection::from(&error);
//! assert_eq!(rejection.status(), 401);
//! assert_eq!(
//!     rejection.challenge(Some("api")).as_deref(),
//!     Some(r#"Bearer realm="api""#),
//! );
//! # Ok::<(), jwt_ring::oauth::bearer::BearerError>(())
//! ```

use std::fmt;

use super::access_token::AccessTokenError;
use super::dpop::DpopError;
use super::scope::{InsufficientScope, is_scope_char};
use crate::error::{ClaimFailure, VerifyError};

/// The `Authorization` header does not carry exactly one bearer token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BearerError {
    /// No `Authorization` header (RFC 6750 §3.1: answered without an error code).
    #[error("no authorization header")]
    Missing,
    /// The credentials use another scheme than `Bearer` (answered like [`Missing`](Self::Missing)).
    #[error("the authorization scheme is not bearer")]
    OtherScheme,
    /// Several credentials: a comma in the value, or several `Authorization` headers.
    #[error("more than one credential was sent")]
    MultipleCredentials,
    /// The value is not `Bearer`, spaces, and one token68 (RFC 7235 §2.1, RFC 6750 §2.1).
    #[error("the bearer credentials are malformed")]
    Malformed,
}

/// Reads the bearer token from one `Authorization` header value.
///
/// The value must be the scheme `Bearer` (any case), one or more spaces, and one token68:
/// `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`, with nothing before or after.
///
/// # Errors
///
/// [`BearerError::OtherScheme`] for another scheme, [`BearerError::MultipleCredentials`] for a
/// comma-separated list, [`BearerError::Malformed`] for anything else that is not one token.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::bearer::{BearerError, parse_authorization};
///
/// assert_eq!(parse_authorization(b"bearer  a.b.c"), Ok("a.b.c"));
/// assert_eq!(parse_authorization(b"Bearer a.b.c, Bearer d"), Err(BearerError::MultipleCredentials));
/// assert_eq!(parse_authorization(b"Bearer a b"), Err(BearerError::Malformed));
/// ```
pub fn parse_authorization(value: &[u8]) -> Result<&str, BearerError> {
    const SCHEME: &[u8] = b"bearer";
    let (scheme, rest) = match value.iter().position(|b| *b == b' ') {
        Some(space) => value.split_at(space),
        None => (value, &[][..]),
    };
    if !scheme.eq_ignore_ascii_case(SCHEME) {
        return Err(if scheme.is_empty() {
            BearerError::Malformed
        } else {
            BearerError::OtherScheme
        });
    }
    credential_token(rest)
}

/// The token68 after the scheme: spaces, then one token68 and nothing else.
fn credential_token(rest: &[u8]) -> Result<&str, BearerError> {
    let start = rest.iter().position(|b| *b != b' ').unwrap_or(rest.len());
    let token = rest.get(start..).unwrap_or_default();
    if token.contains(&b',') {
        return Err(BearerError::MultipleCredentials);
    }
    if !is_token68(token) {
        return Err(BearerError::Malformed);
    }
    // token68 is ASCII, so this never fails.
    std::str::from_utf8(token).map_err(|_| BearerError::Malformed)
}

/// The authentication scheme of an access token: `Bearer` (RFC 6750) or `DPoP` (RFC 9449 §7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: DPoP <token>`, with a `DPoP` proof header.
    Dpop,
}

/// An access token with the scheme it was sent with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The scheme.
    pub scheme: AuthScheme,
    /// The token (one token68).
    pub token: &'a str,
}

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("scheme", &self.scheme)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Reads a `Bearer` or `DPoP` access token from one `Authorization` header value.
///
/// The scheme is matched in any case; the rest is as for [`parse_authorization`].
///
/// # Errors
///
/// [`BearerError::OtherScheme`] for another scheme, [`BearerError::MultipleCredentials`] for a
/// comma-separated list, [`BearerError::Malformed`] for anything else that is not one token.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::bearer::{AuthScheme, BearerError, parse_credentials};
///
/// let credentials = parse_credentials(b"DPoP a.b.c")?;
/// assert_eq!(credentials.scheme, AuthScheme::Dpop);
/// assert_eq!(credentials.token, "a.b.c");
/// assert_eq!(parse_credentials(b"bearer a.b.c")?.scheme, AuthScheme::Bearer);
/// assert_eq!(parse_credentials(b"Basic dXNlcjpwYXNz"), Err(BearerError::OtherScheme));
/// # Ok::<(), BearerError>(())
/// ```
pub fn parse_credentials(value: &[u8]) -> Result<Credentials<'_>, BearerError> {
    let (scheme, rest) = match value.iter().position(|b| *b == b' ') {
        Some(space) => value.split_at(space),
        None => (value, &[][..]),
    };
    let scheme = if scheme.eq_ignore_ascii_case(b"bearer") {
        AuthScheme::Bearer
    } else if scheme.eq_ignore_ascii_case(b"dpop") {
        AuthScheme::Dpop
    } else if scheme.is_empty() {
        return Err(BearerError::Malformed);
    } else {
        return Err(BearerError::OtherScheme);
    };
    Ok(Credentials {
        scheme,
        token: credential_token(rest)?,
    })
}

/// Reads a `Bearer` or `DPoP` access token from all of a request's `Authorization` header
/// values.
///
/// # Errors
///
/// [`BearerError::Missing`] when there is none, [`BearerError::MultipleCredentials`] when there
/// are several (whatever their schemes), otherwise as [`parse_credentials`].
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::bearer::{AuthScheme, BearerError, credentials_from_headers};
///
/// assert_eq!(credentials_from_headers([&b"DPoP t"[..]])?.scheme, AuthScheme::Dpop);
/// assert_eq!(
///     credentials_from_headers([&b"DPoP t"[..], b"Bearer t"]),
///     Err(BearerError::MultipleCredentials),
/// );
/// # Ok::<(), BearerError>(())
/// ```
pub fn credentials_from_headers<'a, I>(values: I) -> Result<Credentials<'a>, BearerError>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let mut values = values.into_iter();
    let first = values.next().ok_or(BearerError::Missing)?;
    if values.next().is_some() {
        return Err(BearerError::MultipleCredentials);
    }
    parse_credentials(first)
}

/// Reads the bearer token from all of a request's `Authorization` header values.
///
/// # Errors
///
/// [`BearerError::Missing`] when there is none, [`BearerError::MultipleCredentials`] when there
/// are several (RFC 6750 §2: one method, one token), otherwise as [`parse_authorization`].
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::bearer::{BearerError, from_headers};
///
/// assert_eq!(from_headers([&b"Bearer t"[..]]), Ok("t"));
/// assert_eq!(from_headers(Vec::<&[u8]>::new()), Err(BearerError::Missing));
/// assert_eq!(from_headers([&b"Bearer t"[..], b"Bearer u"]), Err(BearerError::MultipleCredentials));
/// ```
pub fn from_headers<'a, I>(values: I) -> Result<&'a str, BearerError>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let mut values = values.into_iter();
    let first = values.next().ok_or(BearerError::Missing)?;
    if values.next().is_some() {
        return Err(BearerError::MultipleCredentials);
    }
    parse_authorization(first)
}

/// `token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="` (RFC 7235 §2.1).
fn is_token68(token: &[u8]) -> bool {
    let body_len = token.iter().position(|b| *b == b'=').unwrap_or(token.len());
    let (body, padding) = token.split_at(body_len);
    !body.is_empty()
        && body.iter().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
        && padding.iter().all(|b| *b == b'=')
}

/// The error codes of RFC 6750 §3.1 and RFC 9449 §7.1, §9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `invalid_request` (400): the request is malformed.
    InvalidRequest,
    /// `invalid_token` (401): the token is expired, revoked, malformed or otherwise invalid.
    InvalidToken,
    /// `insufficient_scope` (403): the token lacks a scope the resource needs.
    InsufficientScope,
    /// `invalid_dpop_proof` (401): the DPoP proof is missing or invalid (RFC 9449 §7.1).
    InvalidDpopProof,
    /// `use_dpop_nonce` (401): the DPoP proof needs a fresh server nonce, sent in the
    /// `DPoP-Nonce` header (RFC 9449 §9).
    UseDpopNonce,
}

impl ErrorCode {
    /// The code as written in the challenge.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::InsufficientScope => "insufficient_scope",
            ErrorCode::InvalidDpopProof => "invalid_dpop_proof",
            ErrorCode::UseDpopNonce => "use_dpop_nonce",
        }
    }

    /// The HTTP status RFC 6750 §3.1 (or RFC 9449 §7.1, §9) gives the code.
    pub fn status(&self) -> u16 {
        match self {
            ErrorCode::InvalidRequest => 400,
            ErrorCode::InvalidToken | ErrorCode::InvalidDpopProof | ErrorCode::UseDpopNonce => 401,
            ErrorCode::InsufficientScope => 403,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a resource server answers a request it refuses: the HTTP status and the
/// `WWW-Authenticate` challenge (RFC 6750 §3).
///
/// Built from the failure with `From`: [`BearerError`], [`VerifyError`],
/// [`InsufficientScope`] or [`AccessTokenError`]. Descriptions are fixed texts chosen by the
/// failure's kind: nothing from the token or the request reaches them.
///
/// # Examples
///
/// ```
/// use jwt_ring::VerifyError;
/// use jwt_ring::oauth::bearer::{ErrorCode, Rejection};
///
/// let rejection = Rejection::from(&VerifyError::InvalidSignature);
/// assert_eq!(rejection.status(), 401);
/// assert_eq!(rejection.error(), Some(ErrorCode::InvalidToken));
/// assert_eq!(
///     rejection.challenge(Some("orders")).as_deref(),
///     Some(r#"Bearer realm="orders", error="invalid_token", error_description="the access token signature is invalid""#),
/// );
///
/// // The keys could not be loaded: a server problem, not the token's.
/// let unavailable = Rejection::from(&VerifyError::KeysUnavailable);
/// assert_eq!(unavailable.status(), 503);
/// assert_eq!(unavailable.challenge(Some("orders")), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    status: u16,
    error: Option<ErrorCode>,
    description: Option<&'static str>,
    scope: Option<String>,
}

impl Rejection {
    fn new(error: ErrorCode, description: &'static str) -> Self {
        Self {
            status: error.status(),
            error: Some(error),
            description: Some(description),
            scope: None,
        }
    }

    /// 401 without an error code: the request had no usable credentials (RFC 6750 §3.1).
    fn unauthenticated() -> Self {
        Self {
            status: 401,
            error: None,
            description: None,
            scope: None,
        }
    }

    /// The HTTP status to answer with: 400, 401, 403, or 503 when the keys are unavailable.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The RFC 6750 error code, if the challenge carries one.
    pub fn error(&self) -> Option<ErrorCode> {
        self.error
    }

    /// The fixed `error_description`, if any.
    pub fn description(&self) -> Option<&'static str> {
        self.description
    }

    /// The `scope` attribute of an `insufficient_scope` challenge: the scopes the resource
    /// requires, space-delimited.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The `WWW-Authenticate` header value, or `None` for a 503 (the server's problem, which
    /// no credentials would fix).
    ///
    /// `realm` is written as a quoted-string (RFC 7235 §2.2, RFC 9110 §5.6.4): `"` and `\` are
    /// escaped, and control and non-ASCII characters are replaced by `?`.
    pub fn challenge(&self, realm: Option<&str>) -> Option<String> {
        if self.status == 503 {
            return None;
        }
        Some(self.render("Bearer", realm).0)
    }

    /// The `WWW-Authenticate: DPoP` header value (RFC 9449 §7.1), or `None` for a 503.
    ///
    /// As [`challenge`](Self::challenge), with the `DPoP` scheme and an `algs` attribute
    /// listing `algs` (the verifier's [`algorithms`](super::dpop::DpopVerifier::algorithms));
    /// names that are not plain tokens are left out. A `use_dpop_nonce` rejection also needs
    /// a `DPoP-Nonce` header with a fresh nonce
    /// ([`DpopVerifier::fresh_nonce`](super::dpop::DpopVerifier::fresh_nonce)).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::oauth::bearer::Rejection;
    /// use jwt_ring::oauth::dpop::DpopError;
    ///
    /// let algs = ["ES256".to_owned(), "EdDSA".to_owned()];
    /// let rejection = Rejection::from(&DpopError::InvalidSignature);
    /// assert_eq!(
    ///     rejection.dpop_challenge(Some("api"), &algs).as_deref(),
    ///     Some(r#"DPoP realm="api", error="invalid_dpop_proof", error_description="the dpop proof signature is invalid", algs="ES256 EdDSA""#),
    /// );
    /// let nonce = Rejection::from(&DpopError::UseNonce);
    /// assert_eq!(nonce.status(), 401);
    /// assert!(nonce.dpop_challenge(None, &algs).unwrap().starts_with(r#"DPoP error="use_dpop_nonce""#));
    /// ```
    pub fn dpop_challenge(&self, realm: Option<&str>, algs: &[String]) -> Option<String> {
        if self.status == 503 {
            return None;
        }
        let (mut out, separator) = self.render("DPoP", realm);
        let algs: Vec<&str> = algs
            .iter()
            .map(String::as_str)
            .filter(|alg| !alg.is_empty() && alg.bytes().all(is_alg_char))
            .collect();
        if !algs.is_empty() {
            out.push_str(separator);
            out.push_str("algs=\"");
            out.push_str(&algs.join(" "));
            out.push('"');
        }
        Some(out)
    }

    /// The challenge's scheme and attributes, and the separator to put before one more.
    fn render(&self, scheme: &str, realm: Option<&str>) -> (String, &'static str) {
        let mut out = String::from(scheme);
        let mut separator = " ";
        if let Some(realm) = realm {
            out.push_str(separator);
            out.push_str("realm=");
            push_quoted(&mut out, realm);
            separator = ", ";
        }
        if let Some(error) = self.error {
            out.push_str(separator);
            out.push_str("error=\"");
            out.push_str(error.as_str());
            out.push('"');
            separator = ", ";
        }
        if let Some(description) = self.description {
            out.push_str(separator);
            out.push_str("error_description=");
            push_description(&mut out, description);
            separator = ", ";
        }
        if let Some(scope) = &self.scope {
            out.push_str(separator);
            out.push_str("scope=\"");
            out.push_str(scope);
            out.push('"');
            separator = ", ";
        }
        (out, separator)
    }
}

/// The characters of a JWS algorithm name written in `algs`: letters, digits, `-`, `_`, `+`,
/// `.` (every registered name), so that the attribute needs no escaping.
fn is_alg_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'+' | b'.')
}

/// `%x20-21 / %x23-5B / %x5D-7E`: the `error_description` characters of RFC 6750 §3.
fn is_description_char(byte: u8) -> bool {
    byte == b' ' || is_scope_char(byte)
}

/// Appends `text` as a quoted `error_description`, each character outside the RFC 6750 §3 set
/// replaced by `?` (the descriptions are fixed ASCII texts; this is defence in depth).
fn push_description(out: &mut String, text: &str) {
    out.push('"');
    out.extend(text.chars().map(|c| {
        if c.is_ascii() && is_description_char(c as u8) {
            c
        } else {
            '?'
        }
    }));
    out.push('"');
}

/// Appends `text` as a quoted-string.
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' ' | '\t' => out.push(c),
            c if c.is_ascii_graphic() => out.push(c),
            _ => out.push('?'),
        }
    }
    out.push('"');
}

impl From<&BearerError> for Rejection {
    fn from(error: &BearerError) -> Self {
        match error {
            BearerError::Missing | BearerError::OtherScheme => Self::unauthenticated(),
            BearerError::MultipleCredentials => Self::new(
                ErrorCode::InvalidRequest,
                "more than one credential was sent",
            ),
            BearerError::Malformed => Self::new(
                ErrorCode::InvalidRequest,
                "the authorization header is malformed",
            ),
        }
    }
}

impl From<&VerifyError> for Rejection {
    fn from(error: &VerifyError) -> Self {
        let description = match error {
            VerifyError::KeysUnavailable | VerifyError::RevocationUnknown(_) => {
                return Self {
                    status: 503,
                    error: None,
                    description: None,
                    scope: None,
                };
            }
            VerifyError::Malformed(_) => "the access token is malformed",
            VerifyError::Header(_) => "the access token header is not acceptable",
            VerifyError::NoMatchingKey | VerifyError::AmbiguousKey => {
                "no key matches the access token"
            }
            VerifyError::AlgorithmNotAllowed => "the access token algorithm is not allowed",
            VerifyError::InvalidSignature => "the access token signature is invalid",
            VerifyError::Claim(claim) => match claim.failure() {
                ClaimFailure::Expired => "the access token expired",
                ClaimFailure::NotYetValid => "the access token is not yet valid",
                _ => "the access token claims are not acceptable",
            },
            VerifyError::ClaimsType => "the access token claims are not acceptable",
            VerifyError::Custom(_) => "the access token was rejected",
            VerifyError::Revoked => "the access token was revoked",
            // No catch-all arm: `#[non_exhaustive]` does not apply inside this crate, so a new
            // variant fails to compile here until it is given its answer.
        };
        Self::new(ErrorCode::InvalidToken, description)
    }
}

impl From<&InsufficientScope> for Rejection {
    fn from(error: &InsufficientScope) -> Self {
        let scope: Vec<&str> = error
            .required()
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty() && s.bytes().all(is_scope_char))
            .collect();
        Self {
            scope: (!scope.is_empty()).then(|| scope.join(" ")),
            ..Self::new(
                ErrorCode::InsufficientScope,
                "the access token lacks a required scope",
            )
        }
    }
}

impl From<&AccessTokenError> for Rejection {
    fn from(error: &AccessTokenError) -> Self {
        match error {
            AccessTokenError::Verify(error) => error.into(),
            AccessTokenError::InsufficientScope(error) => error.into(),
            AccessTokenError::UncheckedBinding => Self::new(
                ErrorCode::InvalidToken,
                "the access token is bound to a key and cannot be used as a bearer token",
            ),
            AccessTokenError::Dpop(error) => error.into(),
        }
    }
}

impl From<&DpopError> for Rejection {
    fn from(error: &DpopError) -> Self {
        let description = match error {
            DpopError::Store(_) => {
                return Self {
                    status: 503,
                    error: None,
                    description: None,
                    scope: None,
                };
            }
            DpopError::UseNonce => {
                return Self::new(
                    ErrorCode::UseDpopNonce,
                    "the dpop proof must carry a fresh server nonce",
                );
            }
            DpopError::KeyMismatch => {
                return Self::new(
                    ErrorCode::InvalidToken,
                    "the access token is not bound to the dpop proof key",
                );
            }
            DpopError::Missing => "no dpop proof was sent",
            DpopError::MultipleProofs => "more than one dpop proof was sent",
            DpopError::TooLong => "the dpop proof is too long",
            DpopError::Malformed => "the dpop proof is malformed",
            DpopError::Type => "the dpop proof has the wrong type",
            DpopError::Algorithm => "the dpop proof algorithm is not allowed",
            DpopError::Critical => "the dpop proof has critical header members",
            DpopError::Key => "the dpop proof key is not acceptable",
            DpopError::InvalidSignature => "the dpop proof signature is invalid",
            DpopError::MissingClaim(_) => "the dpop proof lacks a required member",
            DpopError::Method => "the dpop proof is for another method",
            DpopError::Uri => "the dpop proof is for another uri",
            DpopError::IssuedAt => "the dpop proof is too old or from the future",
            DpopError::JtiTooLong => "the dpop proof identifier is too long",
            DpopError::Replayed => "the dpop proof was already used",
            DpopError::TokenHash => "the dpop proof is not for this access token",
            // No catch-all arm, as for `VerifyError` above.
        };
        Self::new(ErrorCode::InvalidDpopProof, description)
    }
}

#[cfg(test)]
mod tests {
    use super::{is_description_char, is_token68, push_description, push_quoted};

    #[test]
    fn descriptions_keep_to_their_characters() {
        // U+0141 truncates to 0x41 ('A'): only a real ASCII check refuses it.
        let mut out = String::new();
        push_description(&mut out, "ok \"x\" \\ \u{141} \u{e9}\n");
        assert_eq!(out, "\"ok ?x? ? ? ??\"");
    }

    #[test]
    fn token68_table() {
        for (text, ok) in [
            ("a", true),
            ("aZ09-._~+/", true),
            ("abc==", true),
            ("=", false),
            ("", false),
            ("a=b", false),
            ("a b", false),
            ("a\"", false),
            ("a,b", false),
            ("\u{e9}", false),
        ] {
            assert_eq!(is_token68(text.as_bytes()), ok, "{text:?}");
        }
    }

    #[test]
    fn description_characters_follow_rfc_6750() {
        for byte in 0u8..=255 {
            let expected = matches!(byte, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E);
            assert_eq!(is_description_char(byte), expected, "{byte:#x}");
        }
    }

    #[test]
    fn quoting() {
        for (text, quoted) in [
            ("api", "\"api\""),
            ("a \"b\" \\c", "\"a \\\"b\\\" \\\\c\""),
            ("tab\there", "\"tab\there\""),
            ("line\r\nbreak\u{7f}", "\"line??break?\""),
            ("caf\u{e9}", "\"caf?\""),
        ] {
            let mut out = String::new();
            push_quoted(&mut out, text);
            assert_eq!(out, quoted, "{text:?}");
        }
    }
}
