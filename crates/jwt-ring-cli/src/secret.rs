//! HMAC secrets: raw bytes from a file, an environment variable or standard input (never from
//! an argument, which other users of the machine can read in the process list), made into keys
//! that refuse a secret shorter than the hash unless the user accepts one for a legacy token.

use std::fmt;
use std::io::IsTerminal as _;

use jwt_ring::{Backend, dangerous, hmac};

use crate::error::CliError;
use crate::input::read_capped;
use crate::keys::{Alg, HMAC_ALGORITHMS};

/// The flag that accepts a short secret, as messages name it.
pub const ALLOW_SHORT: &str = "--allow-short-secret";

/// An HMAC secret's bytes, exactly as given. `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Whether a secret shorter than its algorithm's hash is accepted (`--allow-short-secret`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Length {
    /// At least the hash's length, as RFC 7518 §3.2 requires.
    #[default]
    Full,
    /// Any length but zero, with a warning.
    AllowShort,
}

impl Secret {
    /// The secret `bytes`, exactly.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The secret's bytes, for keys other than HMAC (JWE symmetric keys).
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret in the environment variable `var` (`--secret-env`), byte for byte.
    ///
    /// # Errors
    ///
    /// A usage error naming the variable (never its value) when it is not set.
    pub fn from_env(var: &str) -> Result<Self, CliError> {
        std::env::var_os(var)
            .map(|value| Self(value.into_encoded_bytes()))
            .ok_or_else(|| CliError::usage(format!("environment variable `{var}` is not set")))
    }

    /// The secret piped to standard input (`--secret-stdin`), less exactly one trailing newline
    /// (`\n` or `\r\n`, as `echo` and editors add), which is reported on standard error.
    ///
    /// # Errors
    ///
    /// A usage error when standard input is a terminal (the secret would be echoed) or too
    /// large; an I/O error when it cannot be read.
    pub fn from_stdin() -> Result<Self, CliError> {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(CliError::usage(
                "`--secret-stdin`: standard input is a terminal; pipe the secret in, or use `--secret-env`",
            ));
        }
        let bytes = read_capped(stdin.lock(), "standard input")?;
        let (secret, stripped) = strip_one_newline(bytes);
        if stripped {
            crate::note(
                "removed one trailing newline from the secret read on standard input \
                 (a secret that ends with a newline needs a second one)",
            );
        }
        Ok(Self(secret))
    }

    /// HMAC keys for `alg`, or without it for every HMAC algorithm the secret's length allows
    /// (every one with [`Length::AllowShort`]), on `backend`.
    ///
    /// # Errors
    ///
    /// Why no key can be made: `alg` is not an HMAC algorithm, the secret is empty, or it is
    /// shorter than the hash (naming [`ALLOW_SHORT`]).
    pub fn hmac_keys(
        &self,
        alg: Option<Alg>,
        length: Length,
        backend: Backend,
    ) -> Result<Vec<hmac::Key>, String> {
        let candidates: Vec<&'static hmac::Algorithm> = match alg {
            Some(Alg::Hmac(algorithm)) => vec![algorithm],
            Some(alg) => {
                return Err(format!(
                    "is an HMAC secret, which cannot be used for {alg} (give `--alg` HS256, HS384 or HS512)"
                ));
            }
            None => HMAC_ALGORITHMS.to_vec(),
        };
        let candidates = candidates
            .into_iter()
            .map(|algorithm| algorithm.on(backend).unwrap_or(algorithm));
        if self.0.is_empty() {
            return Err("is empty: an HMAC secret needs at least one byte".into());
        }
        let fits = |algorithm: &hmac::Algorithm| self.0.len() >= algorithm.min_key_len();
        let (full, short): (Vec<_>, Vec<_>) = candidates.partition(|a| fits(a));
        let short = match length {
            Length::AllowShort => short,
            Length::Full if !full.is_empty() => Vec::new(),
            Length::Full => {
                let names: Vec<&str> = short.iter().map(|algorithm| algorithm.name()).collect();
                return Err(format!(
                    "is shorter than {} requires (RFC 7518 §3.2: at least as long as the hash); \
                     `{ALLOW_SHORT}` accepts it for a legacy system",
                    names.join(", ")
                ));
            }
        };
        if !short.is_empty() {
            let names: Vec<&str> = short.iter().map(|algorithm| algorithm.name()).collect();
            crate::warn(&format!(
                "the HMAC secret is shorter than {} requires (RFC 7518 §3.2), accepted by \
                 `{ALLOW_SHORT}`: anyone holding one token can search for a short secret",
                names.join(", ")
            ));
        }
        let mut keys = Vec::with_capacity(full.len() + short.len());
        for algorithm in full {
            keys.push(hmac::Key::new(algorithm, &self.0).map_err(|error| error.to_string())?);
        }
        for algorithm in short {
            let key = dangerous::hmac_key_with_short_secret(algorithm, &self.0)
                .map_err(|error| error.to_string())?;
            keys.push(key);
        }
        Ok(keys)
    }
}

/// `bytes` without one trailing `\n` or `\r\n`, and whether one was removed.
fn strip_one_newline(mut bytes: Vec<u8>) -> (Vec<u8>, bool) {
    if bytes.last() != Some(&b'\n') {
        return (bytes, false);
    }
    bytes.pop();
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    (bytes, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_newline_is_removed() {
        let strip = |bytes: &[u8]| strip_one_newline(bytes.to_vec());
        assert_eq!(strip(b"s\n"), (b"s".to_vec(), true));
        assert_eq!(strip(b"s\r\n"), (b"s".to_vec(), true));
        assert_eq!(strip(b"s\n\n"), (b"s\n".to_vec(), true));
        assert_eq!(strip(b"s\r"), (b"s\r".to_vec(), false));
        assert_eq!(strip(b"s"), (b"s".to_vec(), false));
        assert_eq!(strip(b"\n"), (Vec::new(), true));
        assert_eq!(strip(b""), (Vec::new(), false));
    }

    #[test]
    fn debug_hides_the_secret() {
        assert_eq!(
            format!("{:?}", Secret::new(b"hunter2".to_vec())),
            "Secret(..)"
        );
    }

    #[test]
    fn keys_for_every_algorithm_the_length_allows() {
        let algorithms = |len: usize, length: Length| {
            Secret::new(vec![7; len])
                .hmac_keys(None, length, Backend::Ring)
                .map(|keys| {
                    keys.iter()
                        .map(|key| key.algorithm().name())
                        .collect::<Vec<_>>()
                })
        };
        assert_eq!(algorithms(32, Length::Full), Ok(vec!["HS256"]));
        assert_eq!(algorithms(48, Length::Full), Ok(vec!["HS256", "HS384"]));
        assert_eq!(
            algorithms(64, Length::Full),
            Ok(vec!["HS256", "HS384", "HS512"])
        );
        assert_eq!(
            algorithms(32, Length::AllowShort),
            Ok(vec!["HS256", "HS384", "HS512"])
        );
        assert!(algorithms(31, Length::Full).is_err_and(|error| error.contains(ALLOW_SHORT)));
        assert_eq!(
            algorithms(31, Length::AllowShort),
            Ok(vec!["HS256", "HS384", "HS512"])
        );
        assert!(algorithms(0, Length::AllowShort).is_err());
        let pinned = Secret::new(vec![7; 47]).hmac_keys(
            Some(Alg::Hmac(&hmac::HS384)),
            Length::Full,
            Backend::Ring,
        );
        assert!(pinned.is_err_and(|error| error.contains("HS384") && error.contains(ALLOW_SHORT)));
        let rsa = Secret::new(vec![7; 64]).hmac_keys(
            Some(Alg::Rsa(&jwt_ring::rsa::RS256)),
            Length::Full,
            Backend::Ring,
        );
        assert!(rsa.is_err());
    }

    #[test]
    fn keys_are_made_on_the_backend_asked_for() {
        for backend in [Backend::Ring, Backend::AwsLc] {
            let backends = |alg: Option<Alg>, len: usize, length: Length| {
                Secret::new(vec![7; len])
                    .hmac_keys(alg, length, backend)
                    .map(|keys| keys.iter().map(hmac::Key::backend).collect::<Vec<_>>())
            };
            assert_eq!(
                backends(None, 64, Length::Full),
                Ok(vec![backend, backend, backend])
            );
            assert_eq!(
                backends(None, 32, Length::AllowShort),
                Ok(vec![backend, backend, backend])
            );
            let pinned = Some(Alg::Hmac(&hmac::HS384));
            assert_eq!(backends(pinned, 48, Length::Full), Ok(vec![backend]));
        }
    }
}
