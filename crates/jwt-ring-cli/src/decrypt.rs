//! `jwt decrypt`: a compact JWE decrypted by the library's `jwe::Decrypter`, and a nested
//! JWT's inner token verified in the same command by `decrypt_and_verify_at`.

use std::io::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_ring::Backend;
use jwt_ring::jwe::{DecryptError, Decrypter, KeyAlgorithm, NestedError};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::cli::{ClaimChecks, DecryptArgs};
use crate::error::CliError;
use crate::input::read_token;
use crate::jwe_keys::{ENCRYPTIONS, KeySource};
use crate::secret::{Length, Secret};
use crate::source::{self, Remote};
use crate::style::{GOOD, Painter};
use crate::verify::{Policy, check_scopes, describe, secret_arg};
use crate::view::{JweView, View, pretty};

/// Decrypts the token of `args`; returns what to print on standard output: the plaintext,
/// byte for byte, or for a nested JWT verified with `--verify-*` what `jwt verify` prints (or
/// with `--json`, one JSON document). The protected header goes to standard error (unless
/// `--quiet` or `--json`).
///
/// # Errors
///
/// An invalid-token error naming why the token was refused (a JWS, a wrong key, an algorithm
/// not allowed, a failed check of the inner token); usage and I/O errors for keys and input.
pub fn run(
    args: DecryptArgs,
    now: OffsetDateTime,
    painter: Painter,
    backend: Backend,
    remote: &dyn Remote,
) -> Result<Vec<u8>, CliError> {
    if args.secret_stdin && args.token.as_deref().is_none_or(|token| token == "-") {
        return Err(CliError::usage(
            "`--secret-stdin` reads the key from standard input: give the token as an argument",
        ));
    }
    let verifying = match args.verify_secret_env.as_deref() {
        Some(var) => Some((
            Secret::from_env(var)?,
            format!("the secret in environment variable `{var}`"),
        )),
        None => None,
    };
    let verifying = match (
        args.verify_key,
        args.verify_jwks,
        args.verify_issuer,
        verifying,
    ) {
        (None, None, None, None) => None,
        (key, jwks, issuer, secret) => {
            Some(source::KeySource::from_args(key, jwks, issuer, secret)?)
        }
    };
    if verifying.is_none() && (args.checks != ClaimChecks::default() || args.verify_alg.is_some()) {
        return Err(CliError::usage(
            "the checks of a nested JWT need its verification key: give `--verify-key`, \
             `--verify-jwks`, `--verify-issuer` or `--verify-secret-env`",
        ));
    }
    let secret = secret_arg(args.secret_env.as_deref(), args.secret_stdin)?;
    let source = KeySource::from_args(args.key, args.jwks, secret)?;
    let token = read_token(args.token.as_deref())?;
    let keys = source.decrypting_keys(&args.algs)?;

    let algorithms: Vec<&'static KeyAlgorithm> = if args.algs.is_empty() {
        let mut own: Vec<&'static KeyAlgorithm> = Vec::new();
        for key in &keys {
            if !own.contains(&key.algorithm()) {
                own.push(key.algorithm());
            }
        }
        own
    } else {
        args.algs.iter().map(|alg| alg.algorithm()).collect()
    };
    let encryptions = if args.encs.is_empty() {
        ENCRYPTIONS.to_vec()
    } else {
        args.encs.iter().map(|enc| enc.encryption()).collect()
    };
    let allowed: Vec<&str> = algorithms.iter().map(|alg| alg.name()).collect();
    let allowed = allowed.join(", ");
    let decrypter = Decrypter::builder()
        .keys(keys)
        .allow_algorithms(algorithms)
        .allow_encryptions(encryptions)
        .build()
        .map_err(|error| CliError::usage(format!("cannot decrypt: {error}")))?;

    let decrypted = decrypter
        .decrypt(&token)
        .map_err(|error| CliError::invalid(describe_decrypt(&error, &allowed)))?;
    // Decrypted: the header is authenticated, and well-formed.
    let view = JweView::decode(&token)?;
    let nested = view.is_nested();
    let header = decrypted.header();
    let summary = format!(
        "DECRYPTED: {} key management, {} content encryption{}",
        header.algorithm().unwrap_or_default(),
        header.encryption().unwrap_or_default(),
        header
            .kid()
            .map(|kid| format!(", kid `{kid}`"))
            .unwrap_or_default()
    );

    let Some(verifying) = verifying else {
        if args.json {
            let plaintext = decrypted.plaintext();
            let document = json!({
                "decrypted": true,
                "verified": false,
                "nested": nested,
                "header": view.header(),
                "plaintext": std::str::from_utf8(plaintext).ok(),
                "plaintext_base64url": URL_SAFE_NO_PAD.encode(plaintext),
            });
            return Ok(format!("{}\n", pretty(&document)).into_bytes());
        }
        if !args.quiet {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(
                stderr,
                "{summary}\nProtected header\n{}",
                pretty(view.header())
            );
        }
        if nested {
            crate::warn(
                "the plaintext is a nested JWT (`cty` JWT) whose signature was NOT verified: \
                 give `--verify-key` (or `--verify-jwks`, `--verify-issuer`) to verify it here, \
                 or pipe it to `jwt verify`",
            );
        }
        return Ok(decrypted.into_plaintext());
    };

    if !nested {
        return Err(CliError::invalid(
            "the token is not a nested JWT (its `cty` is not JWT): there is no signature to \
             verify; decrypt it without `--verify-*`",
        ));
    }
    let policy = Policy::new(args.checks, args.verify_alg, &verifying)?;
    let keys = verifying.load(args.verify_alg, Length::Full, backend, remote)?;
    let validator = policy.validator(keys)?;
    let verified = decrypter
        .decrypt_and_verify_at::<Map<String, Value>>(&token, &validator, now)
        .map_err(|error| CliError::invalid(describe_nested(&error, &allowed)))?;
    check_scopes(&verified.claims().custom, policy.scopes())?;
    if args.quiet {
        return Ok(Vec::new());
    }
    let inner = String::from_utf8(decrypted.into_plaintext())
        .map_err(|_| CliError::invalid("the inner token is not UTF-8"))?;
    let inner_view = View::decode(inner.trim())?;
    if args.json {
        let document = json!({
            "decrypted": true,
            "verified": true,
            "nested": true,
            "header": view.header(),
            "plaintext": inner,
            "inner": inner_view.document(true, now.unix_timestamp()),
        });
        return Ok(format!("{}\n", pretty(&document)).into_bytes());
    }
    let label = format!(
        "{} {}; nested JWT: {} signature verified; checked {}",
        painter.paint(GOOD, "VALID:"),
        summary.trim_start_matches("DECRYPTED: "),
        verified.header().algorithm().unwrap_or_default(),
        policy.checks(&verified.claims().registered)
    );
    Ok(inner_view
        .human(&label, now.unix_timestamp(), painter)
        .into_bytes())
}

/// The library's decryption error, with a hint where a flag or another command would help;
/// `allowed` lists the key-management algorithms accepted. Every cryptographic failure is one
/// error: the key is wrong, or the token was altered.
fn describe_decrypt(error: &DecryptError, allowed: &str) -> String {
    match error {
        DecryptError::Jws => {
            format!("{error}: it is signed, not encrypted (check it with `jwt verify`)")
        }
        DecryptError::Decryption => {
            format!("{error}: the key is not the recipient's, or the token was altered")
        }
        DecryptError::NoMatchingKey => {
            format!("{error} (no key has the token's `kid` and `alg`; see `--alg`)")
        }
        DecryptError::AlgorithmNotAllowed => {
            format!("{error}: accepted: {allowed} (the key's own algorithm, or `--alg`)")
        }
        DecryptError::EncryptionNotAllowed => format!("{error} (see `--enc`)"),
        _ => error.to_string(),
    }
}

/// The library's nested-JWT error, with the same hints.
fn describe_nested(error: &NestedError, allowed: &str) -> String {
    match error {
        NestedError::Outer(outer) => describe_decrypt(outer, allowed),
        NestedError::Inner(inner) => format!("inner JWS: {}", describe(inner)),
        _ => error.to_string(),
    }
}
