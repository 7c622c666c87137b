//! The tool's one error type and its exit codes.

use std::io;
use std::path::Path;
use std::process::ExitCode;

/// Exit code of a token that was checked and refused (also a malformed token).
pub const EXIT_INVALID: u8 = 1;
/// Exit code of a usage error, an unusable key, or a file that cannot be read or written.
pub const EXIT_USAGE: u8 = 2;

/// Why a command failed. Every variant prints as one line, and none carries key material or
/// token contents.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The token was checked and is not acceptable: exit 1.
    #[error("invalid token: {0}")]
    Invalid(String),
    /// The arguments cannot be used together, or a key cannot be used: exit 2.
    #[error("{0}")]
    Usage(String),
    /// A file or stream could not be read or written: exit 2.
    #[error("cannot {action} {what}: {source}")]
    Io {
        /// What was being done ("read", "write").
        action: &'static str,
        /// What it was done to, for example "key file `key.pem`".
        what: String,
        /// The operating system's reason.
        source: io::Error,
    },
}

impl CliError {
    /// The usage error `message`.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// The token was refused for `reason`.
    pub fn invalid(reason: impl std::fmt::Display) -> Self {
        CliError::Invalid(reason.to_string())
    }

    /// Reading `what` failed.
    pub fn read(what: impl Into<String>, source: io::Error) -> Self {
        CliError::Io {
            action: "read",
            what: what.into(),
            source,
        }
    }

    /// Writing `what` failed.
    pub fn write(what: impl Into<String>, source: io::Error) -> Self {
        CliError::Io {
            action: "write",
            what: what.into(),
            source,
        }
    }

    /// The documented exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Invalid(_) => EXIT_INVALID,
            CliError::Usage(_) | CliError::Io { .. } => EXIT_USAGE,
        })
    }
}

/// How a file is named in messages: its kind and path.
pub fn file_name(kind: &str, path: &Path) -> String {
    format!("{kind} `{}`", path.display())
}
