//! `jwt mint`: a signed token from a key file and claims given as flags or JSON.

use jwt_ring::jwk::{Jwk, ThumbprintHash};
use jwt_ring::{Audience, Claims, Header, NumericDate, Signer, encode};
use serde_json::{Map, Value};
use time::{Duration, OffsetDateTime};

use crate::cli::MintArgs;
use crate::error::{CliError, file_name};
use crate::input::read_text_file;
use crate::keys::{KeyFile, secret_signer};
use crate::secret::Length;
use crate::verify::secret_arg;

/// The lifetime of a token when neither `--exp` nor the claims give `exp`.
const DEFAULT_LIFETIME: Duration = Duration::minutes(10);

/// The claims, before registered ones move to their typed slots.
type Members = Map<String, Value>;

/// Signs a token; returns it.
///
/// # Errors
///
/// Usage and I/O errors for the key and the claims.
pub fn run(args: MintArgs, now: OffsetDateTime) -> Result<String, CliError> {
    let mut members = match &args.claims_json {
        Some(path) => claims_file(path)?,
        None => Members::new(),
    };
    let flags = claim_flags(&args);
    let mut given = Vec::with_capacity(args.claims.len());
    for claim in &args.claims {
        let (name, value) = parse_claim(claim)?;
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

    let (signer, public) = signing_key(&args)?;
    let mut header = Header::new();
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

/// The signer named by `--key`, `--secret-env` or `--secret-stdin`, and the public JWK whose
/// thumbprint is the default `kid` (none for a secret, or a key that has its own `kid`).
fn signing_key(args: &MintArgs) -> Result<(Box<dyn Signer>, Option<Jwk>), CliError> {
    let length = if args.allow_short_secret {
        Length::AllowShort
    } else {
        Length::Full
    };
    if let Some(path) = &args.key {
        let what = file_name("key file", path);
        return KeyFile::load(path, args.alg)?
            .into_signer(args.alg, length)
            .map_err(|reason| CliError::usage(format!("{what} {reason}")));
    }
    match secret_arg(args.secret_env.as_deref(), args.secret_stdin)? {
        Some((secret, what)) => secret_signer(&secret, args.alg, length)
            .map(|signer| (signer, None))
            .map_err(|reason| CliError::usage(format!("{what} {reason}"))),
        None => Err(CliError::usage(
            "give the signing key with `--key`, `--secret-env` or `--secret-stdin`",
        )),
    }
}

fn claims_file(path: &std::path::Path) -> Result<Members, CliError> {
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

/// `NAME=TEXT` as a string claim, `NAME:=JSON` as any JSON value.
fn parse_claim(claim: &str) -> Result<(String, Value), CliError> {
    let Some((name, value)) = claim.split_once('=') else {
        return Err(CliError::usage(format!(
            "`--claim {claim}`: expected NAME=TEXT or NAME:=JSON"
        )));
    };
    let (name, value) = match name.strip_suffix(':') {
        Some(name) => {
            let value = serde_json::from_str(value).map_err(|_| {
                CliError::usage(format!("`--claim {name}:=...`: the value is not JSON"))
            })?;
            (name, value)
        }
        None => (name, Value::String(value.to_owned())),
    };
    if name.is_empty() {
        return Err(CliError::usage(format!(
            "`--claim {claim}`: the name is empty"
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
            parse_claim("role=admin").ok(),
            Some(("role".into(), Value::String("admin".into())))
        );
        assert_eq!(parse_claim("n:=5").ok(), Some(("n".into(), Value::from(5))));
        assert_eq!(
            parse_claim("eq=a=b").ok(),
            Some(("eq".into(), Value::String("a=b".into())))
        );
        assert!(parse_claim("noequals").is_err());
        assert!(parse_claim("=x").is_err());
        assert!(parse_claim(":=1").is_err());
        assert!(parse_claim("n:=not json").is_err());
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
