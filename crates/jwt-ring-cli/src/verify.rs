//! `jwt verify`: signature and claims checked by the library's `Validator`, plus `--scope`.

use jwt_ring::{ClaimFailure, Validator, VerifyError};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::cli::VerifyArgs;
use crate::error::CliError;
use crate::input::read_token;
use crate::source::{KeySource, Remote};
use crate::style::{GOOD, Painter};
use crate::view::View;

/// The claims RFC 9068 §2.2 requires in an access token, besides `exp`.
const ACCESS_TOKEN_CLAIMS: [&str; 6] = ["iss", "aud", "sub", "iat", "jti", "client_id"];

/// Verifies the token; returns what to print.
///
/// # Errors
///
/// An invalid-token error naming the failed check; usage and I/O errors for keys and input.
pub fn run(
    args: VerifyArgs,
    now: OffsetDateTime,
    painter: Painter,
    remote: &dyn Remote,
) -> Result<String, CliError> {
    let source = KeySource::from_args(args.key, args.jwks, args.issuer)?;
    let mut issuers = args.issuers;
    if issuers.is_empty() {
        issuers.extend(source.issuer().map(str::to_owned));
    }
    if args.access_token && (issuers.is_empty() || args.audiences.is_empty()) {
        return Err(CliError::usage(
            "`--access-token` needs `--aud` and `--iss` (or `--issuer`): RFC 9068 §4",
        ));
    }
    let token = read_token(args.token.as_deref())?;
    let keys = source.load(args.alg, remote)?;

    let mut checked = vec!["exp", "nbf", "iat"];
    let mut builder = Validator::builder().key_resolver(keys);
    if let Some(alg) = args.alg {
        builder = builder.algorithms([alg.name()]);
    }
    if !issuers.is_empty() {
        builder = builder.issuers(issuers);
        checked.push("iss");
    }
    if !args.audiences.is_empty() {
        builder = builder.audiences(args.audiences);
        checked.push("aud");
    }
    if !args.subjects.is_empty() {
        builder = builder.subjects(args.subjects);
        checked.push("sub");
    }
    if let Some(leeway) = args.leeway {
        builder = builder.leeway(leeway);
    }
    if args.allow_missing_exp {
        builder = builder.allow_missing_expiry();
    }
    if let Some(typ) = args.typ {
        builder = builder.typ(typ);
        checked.push("typ");
    }
    if args.access_token {
        builder = builder.typ("at+jwt");
        for claim in ACCESS_TOKEN_CLAIMS {
            builder = builder.require_claim(claim);
        }
        checked.push("RFC 9068 access token");
    }
    let validator = builder
        .build()
        .map_err(|error| CliError::usage(format!("cannot verify: {error}")))?;

    let verified = validator
        .verify_at::<Map<String, Value>>(&token, now)
        .map_err(|error| CliError::invalid(describe(&error)))?;
    check_scopes(&verified.claims().custom, &args.scopes)?;
    if !args.scopes.is_empty() {
        checked.push("scope");
    }

    if args.quiet {
        return Ok(String::new());
    }
    let view = View::decode(&token)?;
    let now = now.unix_timestamp();
    if args.json {
        return Ok(view.json(true, now));
    }
    let alg = verified.header().algorithm().unwrap_or_default();
    let label = format!(
        "{} {alg} signature verified; checked {}",
        painter.paint(GOOD, "VALID:"),
        checked.join(", ")
    );
    Ok(view.human(&label, now, painter))
}

/// The library's error, with a hint where a flag would help.
fn describe(error: &VerifyError) -> String {
    let hint = match error {
        VerifyError::Claim(claim) => match (claim.claim().as_str(), claim.failure()) {
            ("aud", ClaimFailure::Unexpected) => " (name the expected audience with `--aud`)",
            ("exp", ClaimFailure::Missing) => " (`--allow-missing-exp` accepts that)",
            _ => "",
        },
        VerifyError::NoMatchingKey => " (no key has the token's `kid` and `alg`)",
        VerifyError::AlgorithmNotAllowed => " (see `--alg`)",
        _ => "",
    };
    format!("{error}{hint}")
}

/// Checks that the space-separated `scope` claim (RFC 8693 §4.2) grants every wanted scope.
fn check_scopes(claims: &Map<String, Value>, wanted: &[String]) -> Result<(), CliError> {
    let mut wanted = wanted
        .iter()
        .flat_map(|scope| scope.split_whitespace())
        .peekable();
    if wanted.peek().is_none() {
        return Ok(());
    }
    let granted: Vec<&str> = match claims.get("scope") {
        None => return Err(CliError::invalid("claim `scope` is missing")),
        Some(Value::String(scope)) => scope.split_whitespace().collect(),
        Some(_) => return Err(CliError::invalid("claim `scope` has the wrong type")),
    };
    match wanted.find(|scope| !granted.contains(scope)) {
        Some(scope) => Err(CliError::invalid(format!(
            "claim `scope` does not grant `{scope}`"
        ))),
        None => Ok(()),
    }
}
