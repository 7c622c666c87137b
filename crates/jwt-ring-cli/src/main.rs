//! `jwt`: inspect, verify and mint JSON Web Tokens, make keys and publish JWK Sets, with
//! jwt-ring's checks.
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
mod error;
mod http;
mod input;
mod inspect;
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
        Ok(out) => match std::io::stdout().lock().write_all(out.as_bytes()) {
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

fn run(cli: Cli) -> Result<String, CliError> {
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
            Ok(out)
        }
        Command::Verify(args) => {
            let http = Http {
                allow_loopback_http: args.allow_loopback_http,
                oauth_metadata: args.oauth_metadata,
                backend,
            };
            verify::run(args, now, painter, backend, &http)
        }
        Command::Mint(args) => mint::run(args, now, backend),
        Command::Keygen(args) => keygen::run(args, backend),
        Command::Jwks(args) => jwks::run(args, backend),
        Command::Thumbprint(args) => thumbprint::run(args, backend),
        Command::Completions(args) => completions::run(args.shell),
    }
}
