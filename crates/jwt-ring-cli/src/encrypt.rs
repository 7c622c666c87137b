//! `jwt encrypt`: a plaintext (or a signed token, for a nested JWT) encrypted to one recipient
//! as a compact JWE, by the library's `jwe::encrypt`.

use std::io::IsTerminal as _;

use jwt_ring::{UntrustedToken, jwe};

use crate::cli::EncryptArgs;
use crate::error::CliError;
use crate::input::{read_capped, read_file};
use crate::jwe_keys::KeySource;
use crate::verify::secret_arg;

/// Encrypts the plaintext of `args` to its key; returns the token and a newline.
///
/// # Errors
///
/// Usage errors for the key (a signing key, another algorithm, a wrong length) and the
/// plaintext (with `--cty JWT`, not a signed token); I/O errors reading them.
pub fn run(args: EncryptArgs) -> Result<String, CliError> {
    let plaintext_on_stdin =
        args.input.is_none() && args.plaintext.as_deref().is_none_or(|text| text == "-");
    if args.secret_stdin && plaintext_on_stdin {
        return Err(CliError::usage(
            "`--secret-stdin` reads the key from standard input: give the plaintext as an argument or with `--in`",
        ));
    }
    let secret = secret_arg(args.secret_env.as_deref(), args.secret_stdin)?;
    let source = KeySource::from_args(args.key, args.jwks, secret)?;
    let key = source.encrypting_key(args.alg, args.kid.as_deref())?;

    let nested = args.cty.as_deref().is_some_and(names_jwt);
    let mut plaintext = match (&args.input, args.plaintext) {
        (Some(path), _) => read_file("plaintext file", path)?,
        (None, Some(text)) if text != "-" => text.into_bytes(),
        (None, _) => read_stdin()?,
    };
    if nested {
        plaintext = signed_token(&plaintext)?;
    } else if args.cty.is_none() && looks_signed(&plaintext) {
        crate::note(
            "the plaintext is a signed token: give `--cty JWT` so that the recipient knows it \
             is a nested JWT",
        );
    }

    let mut header = jwe::Header::new();
    if let Some(typ) = args.typ {
        header = header.with_typ(typ);
    }
    if let Some(cty) = args.cty {
        header = header.with_content_type(cty);
    }
    let enc = args.enc.encryption();
    let token = jwe::encrypt(&header, &plaintext, &key, enc).map_err(|error| match error {
        jwe::EncryptError::DirectKeyLength => CliError::usage(format!(
            "a `dir` key is the content key itself: {} needs a key of {} bytes",
            enc.name(),
            enc.key_len()
        )),
        error => CliError::usage(format!("cannot encrypt: {error}")),
    })?;
    Ok(format!("{token}\n"))
}

/// The plaintext on standard input, byte for byte.
fn read_stdin() -> Result<Vec<u8>, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(CliError::usage(
            "no plaintext given: pass it as an argument, with `--in FILE`, or pipe it to standard input",
        ));
    }
    read_capped(stdin.lock(), "standard input")
}

/// Whether a `cty` names a JWT (RFC 7519 §5.2; RFC 7515 §4.1.10: `application/` may be left
/// out, and case does not matter).
pub fn names_jwt(cty: &str) -> bool {
    let lower = cty.to_ascii_lowercase();
    lower == "jwt" || lower == "application/jwt"
}

/// Whether `plaintext` is a signed token (a JWS compact serialization).
fn looks_signed(plaintext: &[u8]) -> bool {
    std::str::from_utf8(plaintext).is_ok_and(|text| UntrustedToken::parse(text.trim()).is_ok())
}

/// The signed token a nested JWT encrypts: `plaintext` without surrounding whitespace.
///
/// # Errors
///
/// A usage error when it is not a JWS: the recipient would refuse it.
fn signed_token(plaintext: &[u8]) -> Result<Vec<u8>, CliError> {
    let text = std::str::from_utf8(plaintext)
        .map_err(|_| CliError::usage("with `--cty JWT` the plaintext must be a signed token"))?
        .trim();
    UntrustedToken::parse(text).map_err(|error| {
        CliError::usage(format!(
            "with `--cty JWT` the plaintext must be a signed token: {error}"
        ))
    })?;
    Ok(text.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_content_types() {
        for cty in ["JWT", "jwt", "application/jwt", "Application/JWT"] {
            assert!(names_jwt(cty), "{cty}");
        }
        for cty in ["json", "application/json", "JWT ", "at+jwt"] {
            assert!(!names_jwt(cty), "{cty}");
        }
    }
}
