//! `jwt verify`: signature and claims checked by the library's `Validator`, plus `--scope`.

use jwt_ring::{Backend, ClaimFailure, Malformed, RegisteredClaims, Validator, VerifyError};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::cli::{ClaimChecks, VerifyArgs};
use crate::error::CliError;
use crate::input::read_token;
use crate::keys::Alg;
use crate::secret::{Length, Secret};
use crate::source::{KeySource, Keys, Remote};
use crate::style::{GOOD, Painter};
use crate::view::View;

/// The claims RFC 9068 §2.2 requires in an access token, besides `exp`.
const ACCESS_TOKEN_CLAIMS: [&str; 6] = ["iss", "aud", "sub", "iat", "jti", "client_id"];

/// Verifies the token with keys built on `backend` (aws-lc for ES512; `remote` builds its
/// own); returns what to print.
///
/// # Errors
///
/// An invalid-token error naming the failed check; usage and I/O errors for keys and input.
pub fn run(
    args: VerifyArgs,
    now: OffsetDateTime,
    painter: Painter,
    backend: Backend,
    remote: &dyn Remote,
) -> Result<String, CliError> {
    if args.secret_stdin && args.token.as_deref().is_none_or(|token| token == "-") {
        return Err(CliError::usage(
            "`--secret-stdin` reads the secret from standard input: give the token as an argument",
        ));
    }
    let secret = secret_arg(args.secret_env.as_deref(), args.secret_stdin)?;
    let source = KeySource::from_args(args.key, args.jwks, args.issuer, secret)?;
    let policy = Policy::new(args.checks, args.alg, &source)?;
    let token = read_token(args.token.as_deref())?;
    let length = if args.allow_short_secret {
        Length::AllowShort
    } else {
        Length::Full
    };
    let keys = source.load(args.alg, length, backend, remote)?;
    let validator = policy.validator(keys)?;

    let verified = validator
        .verify_at::<Map<String, Value>>(&token, now)
        .map_err(|error| CliError::invalid(describe(&error)))?;
    check_scopes(&verified.claims().custom, &policy.scopes)?;

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
        policy.checks(&verified.claims().registered)
    );
    Ok(view.human(&label, now, painter))
}

/// The secret of `--secret-env VAR` or `--secret-stdin`, if either is given, and how messages
/// name it.
///
/// # Errors
///
/// As for [`Secret::from_env`] and [`Secret::from_stdin`].
pub fn secret_arg(env: Option<&str>, stdin: bool) -> Result<Option<(Secret, String)>, CliError> {
    Ok(match (env, stdin) {
        (Some(var), _) => Some((
            Secret::from_env(var)?,
            format!("the secret in environment variable `{var}`"),
        )),
        (None, true) => Some((
            Secret::from_stdin()?,
            "the secret read on standard input".to_owned(),
        )),
        (None, false) => None,
    })
}

/// What `verify` requires of a token, as its flags say: the one place that both the validator
/// and the list of checks printed for a valid token are derived from.
#[derive(Debug, Default)]
pub struct Policy {
    /// `--alg`: the only algorithm accepted.
    algorithm: Option<&'static str>,
    /// Accepted `iss` values (`--iss`, or the `--issuer` URL); none: `iss` is not checked.
    issuers: Vec<String>,
    /// Accepted audiences; none: a token with `aud` is refused.
    audiences: Vec<String>,
    /// Accepted `sub` values; none: `sub` is not checked.
    subjects: Vec<String>,
    /// Tolerated clock skew.
    leeway: Option<time::Duration>,
    /// Whether a token without `exp` is refused (a present `exp` is always checked).
    require_exp: bool,
    /// The header's required `typ`.
    typ: Option<String>,
    /// Claims that must be present.
    required: Vec<&'static str>,
    /// Whether this is the RFC 9068 access token preset (which sets `typ` and `required`).
    access_token: bool,
    /// Scopes the `scope` claim must grant (checked by this tool, after the validator).
    scopes: Vec<String>,
}

impl Policy {
    /// The policy of `checks`, with `alg` the only algorithm accepted when given; an issuer
    /// `source` is also required as `iss` unless `checks` names issuers.
    ///
    /// # Errors
    ///
    /// A usage error when `--access-token` lacks `--aud` or an issuer.
    pub fn new(
        checks: ClaimChecks,
        alg: Option<Alg>,
        source: &KeySource,
    ) -> Result<Self, CliError> {
        let mut issuers = checks.issuers;
        if issuers.is_empty() {
            issuers.extend(source.issuer().map(str::to_owned));
        }
        if checks.access_token && (issuers.is_empty() || checks.audiences.is_empty()) {
            return Err(CliError::usage(
                "`--access-token` needs `--aud` and `--iss` (or an issuer key source: `--issuer`, `--verify-issuer`): RFC 9068 §4",
            ));
        }
        Ok(Policy {
            algorithm: alg.map(Alg::name),
            issuers,
            audiences: checks.audiences,
            subjects: checks.subjects,
            leeway: checks.leeway,
            require_exp: !checks.allow_missing_exp,
            typ: checks
                .typ
                .or_else(|| checks.access_token.then(|| "at+jwt".to_owned())),
            required: if checks.access_token {
                ACCESS_TOKEN_CLAIMS.to_vec()
            } else {
                Vec::new()
            },
            access_token: checks.access_token,
            scopes: checks.scopes,
        })
    }

    /// The `--scope` values the `scope` claim must grant.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The library's validator for this policy, with `keys`.
    ///
    /// # Errors
    ///
    /// A usage error when the library refuses the configuration.
    pub fn validator(&self, keys: Keys) -> Result<Validator, CliError> {
        let mut builder = Validator::builder().key_resolver(keys);
        if let Some(algorithm) = self.algorithm {
            builder = builder.algorithms([algorithm]);
        }
        if !self.issuers.is_empty() {
            builder = builder.issuers(self.issuers.iter().cloned());
        }
        if !self.audiences.is_empty() {
            builder = builder.audiences(self.audiences.iter().cloned());
        }
        if !self.subjects.is_empty() {
            builder = builder.subjects(self.subjects.iter().cloned());
        }
        if let Some(leeway) = self.leeway {
            builder = builder.leeway(leeway);
        }
        if !self.require_exp {
            builder = builder.allow_missing_expiry();
        }
        if let Some(typ) = &self.typ {
            builder = builder.typ(typ.clone());
        }
        for claim in &self.required {
            builder = builder.require_claim(*claim);
        }
        builder
            .build()
            .map_err(|error| CliError::usage(format!("cannot verify: {error}")))
    }

    /// The checks this policy ran on a token that passed them all, whose registered claims are
    /// `claims`, in the order the validator runs them: `exp` and `nbf` only when the token has
    /// them (`iat` never: this tool does not ask the validator to check it), `aud absent` when
    /// no audience was named (a token with `aud` is then refused), and each required claim not
    /// already checked for its value as `NAME present`.
    pub fn checks(&self, claims: &RegisteredClaims) -> String {
        let mut checks: Vec<String> = Vec::new();
        let mut check = |name: &str, ran: bool| {
            if ran {
                checks.push(name.to_owned());
            }
        };
        check("alg", self.algorithm.is_some());
        check("typ", self.typ.is_some());
        check("exp", claims.exp().is_some());
        check("nbf", claims.nbf().is_some());
        check("iss", !self.issuers.is_empty());
        check("sub", !self.subjects.is_empty());
        check("aud", !self.audiences.is_empty());
        check("aud absent", self.audiences.is_empty());
        let valued = |name: &str| match name {
            "iss" => !self.issuers.is_empty(),
            "sub" => !self.subjects.is_empty(),
            "aud" => !self.audiences.is_empty(),
            _ => false,
        };
        for claim in &self.required {
            check(&format!("{claim} present"), !valued(claim));
        }
        check(
            "scope",
            self.scopes.iter().any(|scope| !scope.trim().is_empty()),
        );
        let mut line = checks.join(", ");
        if self.access_token {
            line.push_str(" (RFC 9068 access token)");
        }
        line
    }
}

/// The library's error, with a hint where a flag would help.
pub fn describe(error: &VerifyError) -> String {
    let hint = match error {
        VerifyError::Claim(claim) => match (claim.claim().as_str(), claim.failure()) {
            ("aud", ClaimFailure::Unexpected) => " (name the expected audience with `--aud`)",
            ("exp", ClaimFailure::Missing) => " (`--allow-missing-exp` accepts that)",
            _ => "",
        },
        VerifyError::NoMatchingKey => " (no key has the token's `kid` and `alg`)",
        VerifyError::AlgorithmNotAllowed => " (see `--alg`)",
        VerifyError::Malformed(Malformed::Jwe) => " (decrypt it with `jwt decrypt`)",
        _ => "",
    };
    format!("{error}{hint}")
}

/// Checks that the space-separated `scope` claim (RFC 8693 §4.2) grants every wanted scope.
///
/// # Errors
///
/// An invalid-token error naming the missing scope, or a missing or mistyped `scope`.
pub fn check_scopes(claims: &Map<String, Value>, wanted: &[String]) -> Result<(), CliError> {
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
