//! `verify --jwks URL` and `verify --issuer URL`: keys fetched once with `jwt-ring-http`, on a
//! single-threaded tokio runtime that lives only for the fetch.

use jwt_ring::Backend;
use jwt_ring::remote::CachePolicy;
use jwt_ring_http::{HttpOptions, MetadataLocation, RemoteKeys, RemoteKeysBuilder};

use crate::error::CliError;
use crate::source::{Keys, Remote};

/// The HTTP client behind the URL sources.
pub struct Http {
    /// Whether `http://` URLs on loopback addresses are allowed (for local providers and tests);
    /// every other URL must be `https://`.
    pub allow_loopback_http: bool,
    /// Whether discovery reads RFC 8414 metadata rather than OpenID Connect Discovery's.
    pub oauth_metadata: bool,
    /// The backend the fetched keys are built on (aws-lc for ES512 whatever it is).
    pub backend: Backend,
}

/// The cache policy of a JWK Set fetched once, its keys built on `backend`: the library's
/// defaults for the default backend (ring, with ES512 on aws-lc), and every key on `backend`
/// otherwise (as `source::set_options`).
pub fn cache_policy(backend: Backend) -> CachePolicy {
    if backend == Backend::DEFAULT {
        CachePolicy::default()
    } else {
        CachePolicy::default().backend(backend)
    }
}

impl Http {
    fn builder(&self) -> RemoteKeysBuilder {
        let mut options = HttpOptions::default();
        if self.allow_loopback_http {
            options = options.allow_loopback_http();
        }
        let location = if self.oauth_metadata {
            MetadataLocation::OAuthAuthorizationServer
        } else {
            MetadataLocation::OpenIdConnect
        };
        RemoteKeys::builder()
            .http(options)
            .metadata_location(location)
            .policy(cache_policy(self.backend))
    }

    fn fetch(
        &self,
        what: &str,
        load: impl Future<Output = Result<RemoteKeys, jwt_ring_http::Error>>,
    ) -> Result<Keys, CliError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| CliError::usage(format!("cannot start the HTTP client: {error}")))?;
        let keys = runtime
            .block_on(load)
            .map_err(|error| CliError::usage(format!("cannot load {what}: {error}")))?;
        Ok(Keys::new(keys.key_set().clone()))
    }
}

impl Remote for Http {
    fn jwk_set(&self, url: &str) -> Result<Keys, CliError> {
        self.fetch(
            &format!("the JWK Set at {url}"),
            self.builder().jwks_uri(url),
        )
    }

    fn issuer_keys(&self, issuer: &str) -> Result<Keys, CliError> {
        self.fetch(
            &format!("the keys of issuer {issuer}"),
            self.builder().discover(issuer),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_policy_puts_every_key_on_the_backend_but_es512_on_aws_lc() {
        assert_eq!(cache_policy(Backend::Ring), CachePolicy::default());
        assert_eq!(
            cache_policy(Backend::AwsLc),
            CachePolicy::default().backend(Backend::AwsLc)
        );
    }
}
