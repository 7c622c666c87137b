//! `jwt inspect`: a token's header and claims, clearly unverified; a JWE's protected header,
//! clearly not decrypted.

use jwt_ring::{UntrustedToken, VerifyError, dangerous};
use serde_json::{Map, Value};

use crate::error::CliError;
use crate::input::read_token;
use crate::style::{Painter, WARNING};
use crate::view::{ENCRYPTED, JweView, View};

/// The first line of every human `inspect` output.
pub const UNVERIFIED: &str =
    "UNVERIFIED: neither the signature nor the claims were checked (use `jwt verify`)";

/// Decodes the token given as `token` (or on standard input) without verifying it.
///
/// # Errors
///
/// An invalid-token error for a malformed token; usage and I/O errors from reading it.
pub fn run(
    token: Option<&str>,
    json: bool,
    now: i64,
    painter: Painter,
) -> Result<(String, Vec<String>), CliError> {
    let token = read_token(token)?;
    if token.split('.').count() == 5 {
        return inspect_jwe(&token, json, painter);
    }
    UntrustedToken::parse(&token).map_err(CliError::invalid)?;
    let view = View::decode(&token)?;
    let mut warnings = Vec::new();
    match dangerous::decode_unverified::<Map<String, Value>>(&token) {
        Ok(_) => {}
        Err(VerifyError::Claim(error)) => warnings.push(error.to_string()),
        Err(error) => return Err(CliError::invalid(error)),
    }
    let out = if json {
        view.json(false, now)
    } else {
        let label = painter.paint(WARNING, "UNVERIFIED:");
        let rest = UNVERIFIED.trim_start_matches("UNVERIFIED:");
        view.human(&format!("{label}{rest}"), now, painter)
    };
    Ok((out, warnings))
}

/// A JWE's protected header and segment lengths; nothing is decrypted.
fn inspect_jwe(
    token: &str,
    json: bool,
    painter: Painter,
) -> Result<(String, Vec<String>), CliError> {
    let view = JweView::decode(token)?;
    let out = if json {
        view.json()
    } else {
        let label = painter.paint(WARNING, "ENCRYPTED:");
        let rest = ENCRYPTED.trim_start_matches("ENCRYPTED:");
        view.human(&format!("{label}{rest}"), painter)
    };
    Ok((out, Vec::new()))
}
