//! The one HTTP client the driver uses: rustls on aws-lc-rs (post-quantum hybrid key exchange
//! first), a request timeout, limited redirects that never leave `https` or reach internal
//! addresses, and bodies capped while they are read.

use std::sync::Arc;

use jwt_ring::time::Duration;

use reqwest::header::{ACCEPT, CACHE_CONTROL, ETAG, HeaderMap, HeaderValue, IF_NONE_MATCH};
use url::Url;

use crate::destination::{GuardedResolver, InternalAddressRefused, LookupFailed, Reach};
use crate::error::{Error, TransportFailure};
use crate::urls::check_scheme;

/// How the driver talks HTTP. Every field has a documented default.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    pub(crate) timeout: Duration,
    pub(crate) max_redirects: usize,
    pub(crate) allow_loopback_http: bool,
    pub(crate) allow_internal_addresses: bool,
    pub(crate) user_agent: String,
    pub(crate) max_metadata_len: usize,
}

impl Default for HttpOptions {
    /// A 5 s timeout for the whole request (connect, headers and body: a slow endpoint must not
    /// hold a verifying request for longer), 3 redirects, `https` only, public addresses only,
    /// and metadata up to 64 KiB (real discovery documents are 2-10 KiB).
    fn default() -> Self {
        Self {
            timeout: Duration::seconds(5),
            max_redirects: 3,
            allow_loopback_http: false,
            allow_internal_addresses: false,
            user_agent: concat!("jwt-ring-http/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_metadata_len: 64 * 1024,
        }
    }
}

impl HttpOptions {
    /// The limit for one whole request, from connecting to the last byte of the body: a
    /// `time::Duration` or a `std::time::Duration`, positive.
    pub fn timeout(mut self, timeout: impl TryInto<Duration>) -> Self {
        self.timeout = timeout.try_into().unwrap_or(Duration::MAX);
        self
    }

    /// The timeout set.
    pub fn timeout_value(&self) -> Duration {
        self.timeout
    }

    /// How many redirects are followed (each must stay on `https`).
    pub fn max_redirects(mut self, max_redirects: usize) -> Self {
        self.max_redirects = max_redirects;
        self
    }

    /// Allows plain `http` to loopback hosts (`127.0.0.0/8`, `::1`, `localhost`), for tests and
    /// local development, and with it connections to loopback addresses. Any other `http` URL
    /// is still refused, and so are the other internal addresses (see
    /// [`allow_internal_addresses`](Self::allow_internal_addresses)).
    pub fn allow_loopback_http(mut self) -> Self {
        self.allow_loopback_http = true;
        self
    }

    /// Allows connections to internal addresses: private networks (RFC 1918, IPv6 unique
    /// local), loopback, link-local, shared (RFC 6598) and the like, for a deployment whose
    /// issuer lives inside its own network.
    ///
    /// # Security
    ///
    /// Off by default: discovery metadata, a `jwks_uri` or a redirect could otherwise point the
    /// service at its own network (a cloud metadata endpoint at 169.254.169.254, an admin port
    /// on loopback). The check covers IP literals in every URL, redirects included, and every
    /// address a name resolves to. Turn it on only for an issuer you run.
    pub fn allow_internal_addresses(mut self) -> Self {
        self.allow_internal_addresses = true;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest discovery document read, in bytes.
    pub fn max_metadata_len(mut self, max_len: usize) -> Self {
        self.max_metadata_len = max_len;
        self
    }

    /// Which internal addresses these options let the driver reach.
    pub(crate) fn reach(&self) -> Reach {
        Reach {
            loopback: self.allow_loopback_http || self.allow_internal_addresses,
            internal: self.allow_internal_addresses,
        }
    }
}

/// A response whose body was read within its limit.
pub(crate) struct Fetched {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) etag: Option<String>,
    pub(crate) cache_control: Option<String>,
}

/// A `reqwest` client set up by [`HttpOptions`], shared by every fetch of one driver.
#[derive(Clone, Debug)]
pub(crate) struct HttpClient {
    client: reqwest::Client,
    options: HttpOptions,
}

impl HttpClient {
    pub(crate) fn new(options: HttpOptions) -> Result<Self, Error> {
        if !options.timeout.is_positive() {
            return Err(Error::Options("the timeout must be positive"));
        }
        // Any positive `time::Duration` fits a `std` one.
        let timeout =
            std::time::Duration::try_from(options.timeout).unwrap_or(std::time::Duration::MAX);
        let provider = Arc::new(tls_provider());
        let tls = {
            use rustls_platform_verifier::BuilderVerifierExt;
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|_| Error::Client)?
                .with_platform_verifier()
                .map_err(|_| Error::Client)?
                .with_no_client_auth()
        };
        let max_redirects = options.max_redirects;
        let allow_loopback_http = options.allow_loopback_http;
        let reach = options.reach();
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            // `previous` holds every URL requested so far, the first one included.
            let too_many = attempt.previous().len() > max_redirects;
            if !reach.allows_url(attempt.url()) {
                attempt.error(InternalAddressRefused)
            } else if too_many || check_scheme(attempt.url(), allow_loopback_http).is_err() {
                attempt.error(RedirectRefused)
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(timeout)
            .redirect(redirects)
            .dns_resolver(Arc::new(GuardedResolver(reach)))
            .user_agent(options.user_agent.clone())
            .no_proxy()
            .build()
            .map_err(|_| Error::Client)?;
        Ok(Self { client, options })
    }

    pub(crate) fn options(&self) -> &HttpOptions {
        &self.options
    }

    /// GETs `url`, reading at most `max_len` bytes of body: a longer body (by `Content-Length`
    /// or by what arrives) is refused as soon as it is known to be too long.
    pub(crate) async fn get(
        &self,
        url: &Url,
        accept: &'static str,
        if_none_match: Option<&str>,
        max_len: usize,
    ) -> Result<Fetched, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        if let Some(etag) = if_none_match.and_then(|etag| HeaderValue::from_str(etag).ok()) {
            headers.insert(IF_NONE_MATCH, etag);
        }
        let mut response = self
            .client
            .get(url.clone())
            .headers(headers)
            .send()
            .await
            .map_err(|error| transport(url, error))?;
        if response
            .content_length()
            .is_some_and(|len| len > max_len as u64)
        {
            return Err(Error::TooLarge);
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header(ETAG);
        let cache_control = header(CACHE_CONTROL);
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| transport(url, error))?
        {
            if body.len().saturating_add(chunk.len()) > max_len {
                return Err(Error::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            status,
            body,
            etag,
            cache_control,
        })
    }
}

/// The TLS provider: aws-lc-rs. rustls's ring provider has no post-quantum key exchange and is
/// deprecated for that (rustls 0.23.48); this one offers the hybrid X25519MLKEM768 first.
fn tls_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

/// What the redirect policy tells the HTTP client; surfaced as [`TransportFailure::Redirect`].
#[derive(Debug, thiserror::Error)]
#[error("redirect refused")]
struct RedirectRefused;

/// The error of a request to `url`, with the cause named from the client's chain of errors.
fn transport(url: &Url, error: reqwest::Error) -> Error {
    if caused_by::<InternalAddressRefused>(&error) {
        return Error::InternalAddress;
    }
    let failure = if error.is_timeout() {
        TransportFailure::Timeout
    } else if error.is_redirect() {
        TransportFailure::Redirect
    } else if caused_by::<LookupFailed>(&error) {
        TransportFailure::Dns
    } else if caused_by::<rustls::Error>(&error) {
        TransportFailure::Tls
    } else if io_kind(&error) == Some(std::io::ErrorKind::ConnectionRefused) {
        TransportFailure::Refused
    } else {
        TransportFailure::Connection
    };
    Error::transport(url, failure, error)
}

/// The kind of the first I/O error in `error`'s chain of causes.
fn io_kind(error: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut next = Some(error);
    while let Some(current) = next {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        next = current.source();
    }
    None
}

/// Whether `error` or any error in its chain of causes is an `E`. An `io::Error` that wraps
/// another error (as a TLS failure inside the connection is) is looked into too: its `source`
/// skips the error it wraps.
fn caused_by<E: std::error::Error + 'static>(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(current) = next {
        if current.is::<E>() {
            return true;
        }
        next = current
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|inner| inner as &(dyn std::error::Error + 'static))
            .or_else(|| current.source());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_offers_post_quantum_key_exchange_first() {
        let provider = tls_provider();
        let first = provider.kx_groups.first().map(|group| group.name());
        assert_eq!(first, Some(rustls::NamedGroup::X25519MLKEM768));
        assert!(HttpClient::new(HttpOptions::default()).is_ok());
    }
}
