//! `jwt mint`: a signed token from a key file and claims given as flags or JSON.

use std::path::Path;

use jwt_ring::jwk::{Jwk, ThumbprintHash};
use jwt_ring::{Audience, Backend, Claims, Header, NumericDate, Signer, encode};
use serde_json::{Map, Value};
use time::{Duration, OffsetDateTime};

use crate::cli::MintArgs;
use crate::error::{CliError, file_name};
use crate::input::read_text_file;
use crate::keys::{Alg, KeyFile, jwk_signer, secret_signer};
use crate::secret::Length;
use crate::verify::secret_arg;

/// The lifetime of a token when neither `--exp` nor the claims give `exp`.
const DEFAULT_LIFETIME: Duration = Duration::minutes(10);

/// The claims, before registered ones move to their typed slots.
type Members = Map<String, Value>;

/// Signs a token with a key built on `backend` (aws-lc for ES512); returns it.
///
/// # Errors
///
/// Usage and I/O errors for the key and the claims.
pub fn run(args: MintArgs, now: OffsetDateTime, backend: Backend) -> Result<String, CliError> {
    let mut members = match &args.claims_json {
        Some(path) => claims_file(path)?,
        None => Members::new(),
    };
    let flags = claim_flags(&args);
    let mut given = Vec::with_capacity(args.claims.len());
    for claim in &args.claims {
        let (name, value) = parse_member("--claim", claim)?;
        if given.contains(&name) {
            return Err(CliError::usage(format!(
                "`--claim {name}` is given twice: give each claim once"
            )));
        }
        if let Some((_, flag)) = flags.iter().find(|(claim, _)| *claim == name) {
            return Err(CliError::usage(format!(
                "`--claim {name}` conflicts with `{flag}`: give `{name}` once"
            )));
        }
        given.push(name.clone());
        members.insert(name, value);
    }
    // The flags override the claims file: `--no-exp` and `--no-iat` remove what it gives.
    if args.no_exp {
        members.remove("exp");
    }
    if args.no_iat {
        members.remove("iat");
    }
    let overrides = [
        ("sub", args.sub.clone().map(Value::String)),
        ("iss", args.iss.clone().map(Value::String)),
        ("jti", args.jti.clone().map(Value::String)),
        ("aud", audience(args.aud.clone())),
    ];
    for (name, value) in overrides {
        if let Some(value) = value {
            members.insert(name.to_owned(), value);
        }
    }
    let lifetime = match args.exp {
        Some(lifetime) => Some(lifetime),
        None if args.no_exp || members.contains_key("exp") => None,
        None => Some(DEFAULT_LIFETIME),
    };
    if let Some(lifetime) = lifetime {
        let exp = now.saturating_add(lifetime).unix_timestamp();
        members.insert("exp".into(), exp.into());
    }
    if !args.no_iat {
        members.entry("iat").or_insert(now.unix_timestamp().into());
    }
    let claims = into_claims(members)?;

    let mut header = header(&args.headers)?;
    let (signer, public) = signing_key(&args, backend)?;
    if let Some(typ) = args.typ {
        header = header.with_typ(typ);
    }
    let kid = args.kid.or_else(|| match (signer.key_id(), public) {
        (None, Some(public)) => Some(public.thumbprint(ThumbprintHash::Sha256)),
        _ => None,
    });
    if let Some(kid) = kid {
        header = header.with_key_id(kid);
    }
    let token = encode(&header, &claims, &signer)
        .map_err(|error| CliError::usage(format!("cannot sign: {error}")))?;
    Ok(format!("{token}\n"))
}

/// The signer named by `--key`, `--jwks` (and `--kid`), `--secret-env` or `--secret-stdin`,
/// and the public JWK whose thumbprint is the default `kid` (none for a secret, or a key that
/// has its own `kid`).
fn signing_key(
    args: &MintArgs,
    backend: Backend,
) -> Result<(Box<dyn Signer>, Option<Jwk>), CliError> {
    let length = if args.allow_short_secret {
        Length::AllowShort
    } else {
        Length::Full
    };
    if let Some(path) = &args.key {
        let what = file_name("key file", path);
        return KeyFile::load(path, args.alg, backend)?
            .into_signer(args.alg, length, backend)
            .map_err(|reason| CliError::usage(format!("{what} {reason}")));
    }
    if let Some(path) = &args.jwks {
        return set_signer(path, args.kid.as_deref(), args.alg, backend);
    }
    match secret_arg(args.secret_env.as_deref(), args.secret_stdin)? {
        Some((secret, what)) => secret_signer(&secret, args.alg, length, backend)
            .map(|signer| (signer, None))
            .map_err(|reason| CliError::usage(format!("{what} {reason}"))),
        None => Err(CliError::usage(
            "give the signing key with `--key`, `--jwks`, `--secret-env` or `--secret-stdin`",
        )),
    }
}

/// The signer of the one key of the private JWK Set at `path` that has `kid` (when given) and
/// allows `alg` (when given), built on `backend`.
fn set_signer(
    path: &Path,
    kid: Option<&str>,
    alg: Option<Alg>,
    backend: Backend,
) -> Result<(Box<dyn Signer>, Option<Jwk>), CliError> {
    let what = file_name("JWK Set file", path);
    let text = read_text_file("JWK Set file", path)?;
    let keys = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(mut set)) => match set.remove("keys") {
            Some(Value::Array(keys)) => keys,
            _ => return Err(not_a_set(&what)),
        },
        _ => return Err(not_a_set(&what)),
    };
    let mut found = Vec::new();
    for (index, key) in keys.iter().enumerate() {
        let key_kid = key.get("kid").and_then(Value::as_str);
        if kid.is_some_and(|kid| key_kid != Some(kid)) {
            continue;
        }
        let named = key_kid
            .map(|kid| format!(" (kid `{kid}`)"))
            .unwrap_or_default();
        let jwk = Jwk::from_json(&key.to_string()).map_err(|error| {
            CliError::usage(format!(
                "{what}: key #{index}{named} cannot be used: {error}"
            ))
        })?;
        if alg.is_none_or(|alg| jwk.algorithms().contains(&alg.name())) {
            found.push((index, named, jwk));
        }
    }
    let (index, named, jwk) = match <[_; 1]>::try_from(found) {
        Ok([one]) => one,
        Err(found) => {
            let which = match (kid, alg) {
                (Some(kid), Some(alg)) => format!(" with kid `{kid}` for {alg}"),
                (Some(kid), None) => format!(" with kid `{kid}`"),
                (None, Some(alg)) => format!(" for {alg}"),
                (None, None) => String::new(),
            };
            let problem = if found.is_empty() {
                format!("has no key{which}")
            } else {
                format!("has more than one key{which}: pick one with `--kid` (and `--alg`)")
            };
            return Err(CliError::usage(format!("{what} {problem}")));
        }
    };
    let signer = jwk_signer(&jwk, alg, backend).map_err(|error| {
        CliError::usage(format!("{what}: key #{index}{named} cannot sign: {error}"))
    })?;
    let public = if jwk.is_symmetric() {
        None
    } else {
        jwk.to_public().ok()
    };
    Ok((signer, public))
}

fn not_a_set(what: &str) -> CliError {
    CliError::usage(format!(
        "{what} is not a JWK Set: a JSON object with a `keys` array"
    ))
}

/// The header members of `--header NAME=TEXT` and `--header NAME:=JSON`. `alg` is the signing
/// key's, `kid` and `typ` have their own flags, `crit` and `b64` are not supported.
fn header(members: &[String]) -> Result<Header, CliError> {
    let mut header = Header::new();
    let mut extra = Members::new();
    let mut names: Vec<String> = Vec::new();
    for member in members {
        let (name, value) = parse_member("--header", member)?;
        if names.contains(&name) {
            return Err(CliError::usage(format!(
                "`--header {name}` is given twice: give each member once"
            )));
        }
        match (name.as_str(), value) {
            ("alg", _) => {
                return Err(CliError::usage(
                    "`--header alg` is refused: the signing key decides `alg` (see `--alg`)",
                ));
            }
            ("kid" | "typ", _) => {
                return Err(CliError::usage(format!(
                    "`--header {name}`: use `--{name}`"
                )));
            }
            ("crit" | "b64", _) => {
                return Err(CliError::usage(format!(
                    "`--header {name}` is not supported by `jwt mint`"
                )));
            }
            ("cty", Value::String(cty)) => header = header.with_content_type(cty),
            ("cty", _) => return Err(CliError::usage("header member `cty` must be a string")),
            (_, value) => {
                extra.insert(name.clone(), value);
            }
        }
        names.push(name);
    }
    if extra.is_empty() {
        return Ok(header);
    }
    header
        .with_extra(&extra)
        .map_err(|error| CliError::usage(format!("cannot write the header: {error}")))
}

fn claims_file(path: &Path) -> Result<Members, CliError> {
    let text = read_text_file("claims file", path)?;
    serde_json::from_str(&text).map_err(|_| {
        CliError::usage(format!(
            "{} is not a JSON object",
            file_name("claims file", path)
        ))
    })
}

/// The claims the dedicated flags given in `args` write (or remove), with the flag: a
/// `--claim` of the same name is refused rather than silently replaced.
fn claim_flags(args: &MintArgs) -> Vec<(&'static str, &'static str)> {
    let flags = [
        ("sub", "--sub", args.sub.is_some()),
        ("iss", "--iss", args.iss.is_some()),
        ("aud", "--aud", !args.aud.is_empty()),
        ("jti", "--jti", args.jti.is_some()),
        ("exp", "--exp", args.exp.is_some()),
        ("exp", "--no-exp", args.no_exp),
        ("iat", "--no-iat", args.no_iat),
    ];
    flags
        .into_iter()
        .filter(|(_, _, given)| *given)
        .map(|(claim, flag, _)| (claim, flag))
        .collect()
}

/// The argument of `flag` (`--claim` or `--header`): `NAME=TEXT` as a string, `NAME:=JSON`
/// as any JSON value.
fn parse_member(flag: &str, member: &str) -> Result<(String, Value), CliError> {
    let Some((name, value)) = member.split_once('=') else {
        return Err(CliError::usage(format!(
            "`{flag} {member}`: expected NAME=TEXT or NAME:=JSON"
        )));
    };
    let (name, value) = match name.strip_suffix(':') {
        Some(name) => {
            let value = serde_json::from_str(value).map_err(|_| {
                CliError::usage(format!("`{flag} {name}:=...`: the value is not JSON"))
            })?;
            (name, value)
        }
        None => (name, Value::String(value.to_owned())),
    };
    if name.is_empty() {
        return Err(CliError::usage(format!(
            "`{flag} {member}`: the name is empty"
        )));
    }
    Ok((name.to_owned(), value))
}

fn audience(audiences: Vec<String>) -> Option<Value> {
    match <[String; 1]>::try_from(audiences) {
        Ok([one]) => Some(Value::String(one)),
        Err(many) if many.is_empty() => None,
        Err(many) => Some(Value::from(many)),
    }
}

/// Moves the registered claims to their typed slots (so none is written twice), checking
/// their types; the rest stay custom claims.
fn into_claims(mut members: Members) -> Result<Claims<Members>, CliError> {
    let mut registered = Claims::new(Members::new());
    for name in ["iss", "sub", "jti"] {
        let Some(value) = members.remove(name) else {
            continue;
        };
        let Value::String(text) = value else {
            return Err(mistyped(name, "a string"));
        };
        registered = match name {
            "iss" => registered.with_issuer(text),
            "sub" => registered.with_subject(text),
            _ => registered.with_jwt_id(text),
        };
    }
    if let Some(aud) = members.remove("aud") {
        let aud = match aud {
            Value::String(one) => Audience::from(one),
            Value::Array(many) => Audience::from(
                many.into_iter()
                    .map(|value| match value {
                        Value::String(text) => Ok(text),
                        _ => Err(mistyped("aud", "a string or an array of strings")),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            _ => return Err(mistyped("aud", "a string or an array of strings")),
        };
        registered = registered.with_audience(aud);
    }
    for name in ["exp", "nbf", "iat"] {
        let Some(value) = members.remove(name) else {
            continue;
        };
        let date = value
            .as_i64()
            .and_then(|seconds| NumericDate::from_unix(seconds).ok())
            .ok_or_else(|| mistyped(name, "whole seconds since the epoch, in range"))?;
        registered = match name {
            "exp" => registered.with_expiry(date),
            "nbf" => registered.with_not_before(date),
            _ => registered.with_issued_at(date),
        };
    }
    registered.custom = members;
    Ok(registered)
}

fn mistyped(name: &str, expected: &str) -> CliError {
    CliError::usage(format!("claim `{name}` must be {expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_from_arguments() {
        assert_eq!(
            parse_member("--claim", "role=admin").ok(),
            Some(("role".into(), Value::String("admin".into())))
        );
        assert_eq!(
            parse_member("--claim", "n:=5").ok(),
            Some(("n".into(), Value::from(5)))
        );
        assert_eq!(
            parse_member("--claim", "eq=a=b").ok(),
            Some(("eq".into(), Value::String("a=b".into())))
        );
        assert!(parse_member("--claim", "noequals").is_err());
        assert!(parse_member("--claim", "=x").is_err());
        assert!(parse_member("--claim", ":=1").is_err());
        assert!(parse_member("--claim", "n:=not json").is_err());
    }

    #[test]
    fn audiences() {
        assert_eq!(audience(vec![]), None);
        assert_eq!(audience(vec!["a".into()]), Some(Value::from("a")));
        assert_eq!(
            audience(vec!["a".into(), "b".into()]),
            Some(Value::from(vec!["a", "b"]))
        );
    }
}
