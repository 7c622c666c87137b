//! The testkit's error type.

use std::path::PathBuf;

/// Why a test server could not start or answer.
///
/// `Debug` prints the message, so that a test that unwraps a missing `redis-server` or `node`
/// fails with the one line that says what to install, not a dump of the enum.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `node` is not on `PATH` (or [`ProviderOptions::node`](crate::ProviderOptions::node) does not exist).
    #[error("node not found on PATH (Node.js 20.19 or later is needed to run oidc-provider)")]
    NodeNotFound,
    /// `npm ci` has not been run for the provider script.
    #[error(
        "oidc-provider is not installed in {}: run `npm ci --no-audit --no-fund --prefix crates/jwt-ring-testkit/oidc-provider`",
        .0.display()
    )]
    DependenciesMissing(PathBuf),
    /// The options cannot be turned into the provider's configuration.
    #[error("invalid provider options: {0}")]
    Options(&'static str),
    /// The process could not be started or talked to.
    #[error("could not run the oidc-provider script")]
    Io(#[from] std::io::Error),
    /// The provider did not announce it was ready.
    #[error("oidc-provider did not become ready ({reason}); its stderr:\n{stderr}")]
    NotReady {
        /// What went wrong: a timeout, an early exit, an unreadable ready line.
        reason: String,
        /// Everything the process wrote to stderr until then.
        stderr: String,
    },
    /// An HTTP request to a test server failed.
    #[error("http request to the test server failed")]
    Http(#[from] reqwest::Error),
    /// A token request was answered with an error.
    #[error("token request failed with status {status}: {body}")]
    TokenRequest {
        /// The HTTP status.
        status: u16,
        /// The JSON error body (`error`, `error_description`); test fixtures only, no secrets.
        body: String,
    },
    /// The authorization-code flow did not end in a redirect with a code.
    #[error("authorization flow failed: {0}")]
    Authorization(String),
    /// `redis-server` is not on `PATH`.
    #[error("redis-server not found on PATH: install it with `apt-get install -y redis-server`")]
    RedisNotFound,
    /// `redis-server` exited or did not answer `PING` in time.
    #[error("redis-server on port {port} did not become ready ({reason}); its log:\n{log}")]
    RedisNotReady {
        /// The port it was started on.
        port: u16,
        /// What went wrong: an early exit, no answer in time.
        reason: String,
        /// What the server printed until then.
        log: String,
    },
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)?;
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn a_missing_program_unwraps_to_the_line_that_says_what_to_install() {
        fn start() -> Result<(), Error> {
            Err(Error::RedisNotFound)
        }
        let message = std::panic::catch_unwind(|| start().unwrap())
            .err()
            .and_then(|panic| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert_eq!(
            message,
            "called `Result::unwrap()` on an `Err` value: redis-server not found on PATH: \
             install it with `apt-get install -y redis-server`"
        );
        assert_eq!(
            format!("{:?}", Error::NodeNotFound),
            "node not found on PATH (Node.js 20.19 or later is needed to run oidc-provider)"
        );
        let io = Error::from(std::io::Error::other("broken pipe"));
        assert_eq!(
            format!("{io:?}"),
            "could not run the oidc-provider script: broken pipe"
        );
    }
}
