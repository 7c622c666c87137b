//! Where `verify` finds its keys: a key file, a JWK Set file, a JWK Set URL, or an issuer's
//! discovery metadata. URL sources go through [`Remote`], the seam for an HTTP client.

use std::path::PathBuf;

use jwt_ring::jwk::{JwkSet, JwkSetOptions};
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{Backend, Header, KeyResolver, KeySet, Resolved, Verifier, VerifyError};

use crate::error::{CliError, file_name};
use crate::input::read_text_file;
use crate::keys::{Alg, KeyFile};
use crate::secret::{Length, Secret};

/// Where the verification keys come from.
#[derive(Debug, PartialEq, Eq)]
pub enum KeySource {
    /// One key (PEM, DER, JWK or HMAC secret) from a file.
    KeyFile(PathBuf),
    /// A JWK Set from a file.
    JwksFile(PathBuf),
    /// A JWK Set from an `http://` or `https://` URL.
    JwksUrl(String),
    /// The JWK Set named by an issuer's discovery metadata (OpenID Connect Discovery,
    /// RFC 8414); the issuer is then also required as `iss`.
    Issuer(String),
    /// An HMAC secret from the environment or standard input, and how messages name it.
    Secret {
        /// The secret.
        secret: Secret,
        /// Where it came from, for example "the secret of `--secret-env` `JWT_SECRET`".
        what: String,
    },
}

/// Loads keys over HTTP for the URL sources: the seam between `verify` and an HTTP client.
pub trait Remote {
    /// The keys of the JWK Set at `url`.
    ///
    /// # Errors
    ///
    /// A usage error when the set cannot be fetched or used.
    fn jwk_set(&self, url: &str) -> Result<Keys, CliError>;

    /// The keys of the JWK Set behind `issuer`'s discovery metadata (`jwks_uri`).
    ///
    /// # Errors
    ///
    /// A usage error when the metadata or the set cannot be fetched, or the metadata names
    /// another issuer.
    fn issuer_keys(&self, issuer: &str) -> Result<Keys, CliError>;
}

/// Verification keys from any source.
pub struct Keys(Box<dyn KeyResolver>);

impl Keys {
    /// Keys resolved by `resolver`.
    pub fn new(resolver: impl KeyResolver + 'static) -> Self {
        Self(Box::new(resolver))
    }
}

impl KeyResolver for Keys {
    fn resolve(&self, header: &Header) -> Result<Resolved<'_>, VerifyError> {
        self.0.resolve(header)
    }

    fn resolve_at(
        &self,
        header: &Header,
        now: OffsetDateTime,
    ) -> Result<Resolved<'_>, VerifyError> {
        self.0.resolve_at(header, now)
    }
}

impl KeySource {
    /// The source named by exactly one of `--key`, `--jwks`, `--issuer` and a secret (read
    /// from `--secret-env` or `--secret-stdin`).
    ///
    /// # Errors
    ///
    /// A usage error unless exactly one is given.
    pub fn from_args(
        key: Option<PathBuf>,
        jwks: Option<String>,
        issuer: Option<String>,
        secret: Option<(Secret, String)>,
    ) -> Result<Self, CliError> {
        match (key, jwks, issuer, secret) {
            (Some(path), None, None, None) => Ok(KeySource::KeyFile(path)),
            (None, Some(jwks), None, None) if is_url(&jwks) => Ok(KeySource::JwksUrl(jwks)),
            (None, Some(jwks), None, None) => Ok(KeySource::JwksFile(jwks.into())),
            (None, None, Some(issuer), None) => Ok(KeySource::Issuer(issuer)),
            (None, None, None, Some((secret, what))) => Ok(KeySource::Secret { secret, what }),
            _ => Err(CliError::usage(
                "give exactly one of `--key`, `--jwks`, `--issuer`, `--secret-env` and `--secret-stdin`",
            )),
        }
    }

    /// The issuer, for an issuer source.
    pub fn issuer(&self) -> Option<&str> {
        match self {
            KeySource::Issuer(issuer) => Some(issuer),
            _ => None,
        }
    }

    /// The verification keys, for `alg` when given; `length` says whether a secret may be
    /// shorter than its hash. Keys from files and secrets are built on `backend` (aws-lc for
    /// ES512); `remote` builds its own (see `Http`).
    ///
    /// # Errors
    ///
    /// Usage and I/O errors naming the source and why it cannot be used.
    pub fn load(
        &self,
        alg: Option<Alg>,
        length: Length,
        backend: Backend,
        remote: &dyn Remote,
    ) -> Result<Keys, CliError> {
        match self {
            KeySource::KeyFile(path) => {
                let verifiers = KeyFile::load(path, alg, backend)?
                    .into_verifiers(alg, length, backend)
                    .map_err(|reason| {
                        CliError::usage(format!("{} {reason}", file_name("key file", path)))
                    })?;
                key_set(verifiers)
            }
            KeySource::Secret { secret, what } => {
                let keys = secret
                    .hmac_keys(alg, length, backend)
                    .map_err(|reason| CliError::usage(format!("{what} {reason}")))?;
                key_set(
                    keys.into_iter()
                        .map(|key| Box::new(key) as Box<dyn Verifier>)
                        .collect(),
                )
            }
            KeySource::JwksFile(path) => {
                let what = file_name("JWK Set file", path);
                jwk_set(&read_text_file("JWK Set file", path)?, &what, backend)
            }
            KeySource::JwksUrl(url) => remote.jwk_set(url),
            KeySource::Issuer(issuer) => remote.issuer_keys(issuer),
        }
    }
}

/// Whether `--jwks` names a URL rather than a file.
fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The keys of one key file or secret.
fn key_set(verifiers: Vec<Box<dyn Verifier>>) -> Result<Keys, CliError> {
    KeySet::from_boxed(verifiers)
        .map(Keys::new)
        .map_err(|error| CliError::usage(error.to_string()))
}

/// The options of a JWK Set whose keys are built on `backend`: the library's defaults for the
/// default backend (ring, with ES512 on aws-lc, which a set on ring would skip), and every
/// key on `backend` otherwise.
pub fn set_options(backend: Backend) -> JwkSetOptions {
    if backend == Backend::DEFAULT {
        JwkSetOptions::default()
    } else {
        JwkSetOptions::default().backend(backend)
    }
}

/// The usable keys of the JWK Set `text`, built on `backend`, warning about each skipped key on
/// standard error.
fn jwk_set(text: &str, what: &str, backend: Backend) -> Result<Keys, CliError> {
    let set = JwkSet::from_json_with_options(text, &set_options(backend))
        .map_err(|error| CliError::usage(format!("{what} cannot be used: {error}")))?;
    for skipped in set.skipped() {
        let kid = skipped
            .kid
            .as_deref()
            .map(|kid| format!(" (kid `{kid}`)"))
            .unwrap_or_default();
        crate::warn(&format!(
            "{what}: key #{}{kid} skipped: {}",
            skipped.index, skipped.reason
        ));
    }
    if set.jwks().is_empty() {
        return Err(CliError::usage(format!("{what} has no usable key")));
    }
    Ok(Keys::new(set.into_key_set()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_files() {
        let url = |jwks: &str| KeySource::from_args(None, Some(jwks.into()), None, None).ok();
        assert_eq!(
            url("https://example.com/jwks"),
            Some(KeySource::JwksUrl("https://example.com/jwks".into()))
        );
        assert_eq!(
            url("HTTP://127.0.0.1:8080/jwks"),
            Some(KeySource::JwksUrl("HTTP://127.0.0.1:8080/jwks".into()))
        );
        assert_eq!(
            url("jwks.json"),
            Some(KeySource::JwksFile("jwks.json".into()))
        );
        assert_eq!(
            url("httpx.json"),
            Some(KeySource::JwksFile("httpx.json".into()))
        );
    }

    #[test]
    fn set_options_put_every_key_on_the_backend_but_es512_on_aws_lc() {
        assert_eq!(set_options(Backend::Ring), JwkSetOptions::default());
        assert_eq!(
            set_options(Backend::AwsLc),
            JwkSetOptions::default().backend(Backend::AwsLc)
        );
    }

    #[test]
    fn exactly_one_source() {
        assert!(KeySource::from_args(None, None, None, None).is_err());
        assert!(
            KeySource::from_args(Some("k".into()), None, Some("https://i".into()), None).is_err()
        );
        let secret = || Some((Secret::new(vec![1; 32]), "the secret".to_owned()));
        assert!(KeySource::from_args(Some("k".into()), None, None, secret()).is_err());
        assert!(matches!(
            KeySource::from_args(None, None, None, secret()),
            Ok(KeySource::Secret { .. })
        ));
        let issuer = KeySource::from_args(None, None, Some("https://i".into()), None).ok();
        assert_eq!(
            issuer.as_ref().and_then(KeySource::issuer),
            Some("https://i")
        );
        let key = KeySource::from_args(Some("k".into()), None, None, None).ok();
        assert_eq!(key.as_ref().and_then(KeySource::issuer), None);
    }
}
