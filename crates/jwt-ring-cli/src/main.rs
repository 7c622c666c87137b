//! `jwt`: inspect, verify and mint JSON Web Tokens, encrypt and decrypt JWEs, make keys and
//! publish JWK Sets, with jwt-ring's checks.
//!
//! Exit codes: 0 success (for `verify`, a valid token), 1 an invalid or malformed token, 2 a
//! usage error, an unusable key, or a file that cannot be read or written. Every failure is
//! one line on standard error.
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod cli;
mod completions;
mod decrypt;
mod encrypt;
mod error;
mod http;
mod input;
mod inspect;
mod jwe_keys;
mod jwe_pem;
mod jwks;
mod keygen;
mod keys;
mod mint;
mod p521;
mod secret;
mod source;
mod style;
mod thumbprint;
mod times;
mod verify;
mod view;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use time::OffsetDateTime;

use crate::cli::{Cli, Command};
use crate::error::{CliError, EXIT_USAGE};
use crate::http::Http;
use crate::style::Painter;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|_| {
        let _ = writeln!(std::io::stderr(), "jwt: internal error (please report it)");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_USAGE));
        }
    };
    match run(cli) {
        Ok(out) => match std::io::stdout().lock().write_all(&out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => report(&CliError::write("standard output", error)),
        },
        Err(error) => report(&error),
    }
}

fn report(error: &CliError) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "jwt: {error}");
    error.exit_code()
}

/// A warning on standard error, which never fails the command.
pub fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "jwt: warning: {message}");
}

/// A note on standard error: something the user should know happened, such as a newline
/// removed from a secret.
pub fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "jwt: note: {message}");
}

/// Runs the command; returns what to write on standard output (bytes: `decrypt` prints a
/// plaintext as it is).
fn run(cli: Cli) -> Result<Vec<u8>, CliError> {
    let now = match cli.now {
        Some(seconds) => OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|_| CliError::usage("`--now` is out of range"))?,
        None => OffsetDateTime::now_utc(),
    };
    let painter = Painter::new(cli.color);
    let backend = cli.backend.backend();
    match cli.command {
        Command::Inspect(args) => {
            let (out, warnings) = inspect::run(
                args.token.as_deref(),
                args.json,
                now.unix_timestamp(),
                painter,
            )?;
            for warning in warnings {
                warn(&warning);
            }
            Ok(out.into_bytes())
        }
        Command::Verify(args) => {
            let http = Http {
                allow_loopback_http: args.allow_loopback_http,
                oauth_metadata: args.oauth_metadata,
                backend,
            };
            verify::run(args, now, painter, backend, &http).map(String::into_bytes)
        }
        Command::Mint(args) => mint::run(args, now, backend).map(String::into_bytes),
        Command::Encrypt(args) => encrypt::run(args).map(String::into_bytes),
        Command::Decrypt(args) => {
            let http = Http {
                allow_loopback_http: false,
                oauth_metadata: false,
                backend,
            };
            decrypt::run(args, now, painter, backend, &http)
        }
        Command::Keygen(args) => keygen::run(args, backend).map(String::into_bytes),
        Command::Jwks(args) => jwks::run(args, backend).map(String::into_bytes),
        Command::Thumbprint(args) => thumbprint::run(args, backend).map(String::into_bytes),
        Command::Completions(args) => completions::run(args.shell).map(String::into_bytes),
    }
}
