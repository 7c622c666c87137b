//! The HTTP client for talking to the test servers.

use std::sync::Arc;

use crate::error::Error;

/// A `reqwest` client builder for loopback test servers: no proxy, and a TLS set-up of its own.
///
/// The workspace's `jwt-ring-http` turns on reqwest's `rustls-no-provider` feature, and Cargo
/// unifies features: a plain `reqwest::Client::new()` in the same test binary would then look
/// for a process-wide rustls provider and panic without one. Handing reqwest a configuration
/// built on ring (with no trusted roots: test servers are plain `http`) avoids that global.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = reqwest::Client::builder().no_proxy();
    match rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
    {
        Ok(tls) => builder.tls_backend_preconfigured(
            tls.with_root_certificates(rustls::RootCertStore::empty())
                .with_no_client_auth(),
        ),
        Err(_) => builder,
    }
}

/// A client from [`http_client_builder`].
///
/// # Errors
///
/// [`Error::Http`] when reqwest cannot build it.
pub fn http_client() -> Result<reqwest::Client, Error> {
    Ok(http_client_builder().build()?)
}
