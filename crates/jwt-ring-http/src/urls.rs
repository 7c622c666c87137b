//! Which URLs the driver will fetch, and where an issuer publishes its metadata.

use url::{Host, Url};

use crate::client::HttpOptions;
use crate::error::Error;

/// Parses `url` and refuses anything but `https`, except `http` to a loopback host when
/// `allow_loopback_http` is set (for tests and local development), and an IP literal the
/// options do not let the driver reach (a name is judged when it is resolved).
pub(crate) fn checked_url(url: &str, options: &HttpOptions) -> Result<Url, Error> {
    let parsed = Url::parse(url).map_err(|_| Error::InvalidUrl)?;
    check_scheme(&parsed, options.allow_loopback_http)?;
    if !options.reach().allows_url(&parsed) {
        return Err(Error::InternalAddress);
    }
    Ok(parsed)
}

/// Refuses a parsed URL the driver must not fetch (also used on redirect targets).
pub(crate) fn check_scheme(url: &Url, allow_loopback_http: bool) -> Result<(), Error> {
    let host = url.host().ok_or(Error::InvalidUrl)?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_loopback_http && is_loopback(&host) => Ok(()),
        _ => Err(Error::InsecureUrl),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
    }
}

/// Where an issuer's metadata lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum MetadataLocation {
    /// OpenID Connect Discovery 1.0 §4: `{issuer}/.well-known/openid-configuration`.
    #[default]
    OpenIdConnect,
    /// RFC 8414 §3.1: `/.well-known/oauth-authorization-server` inserted between the host and
    /// the issuer's path.
    OAuthAuthorizationServer,
}

impl MetadataLocation {
    /// The metadata URL of `issuer`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidUrl`] when the issuer has a query or a fragment (RFC 8414 §2 forbids
    /// both) or cannot be a base URL.
    pub fn url_for(self, issuer: &Url) -> Result<Url, Error> {
        if issuer.query().is_some() || issuer.fragment().is_some() || issuer.cannot_be_a_base() {
            return Err(Error::InvalidUrl);
        }
        let path = issuer.path().trim_end_matches('/');
        let mut url = issuer.clone();
        match self {
            MetadataLocation::OpenIdConnect => {
                url.set_path(&format!("{path}/.well-known/openid-configuration"));
            }
            MetadataLocation::OAuthAuthorizationServer => {
                url.set_path(&format!("/.well-known/oauth-authorization-server{path}"));
            }
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn options(allow_loopback_http: bool) -> HttpOptions {
        if allow_loopback_http {
            HttpOptions::default().allow_loopback_http()
        } else {
            HttpOptions::default()
        }
    }

    #[test]
    fn metadata_urls_follow_each_specification() {
        let cases = [
            (
                "https://as.example",
                "https://as.example/.well-known/openid-configuration",
                "https://as.example/.well-known/oauth-authorization-server",
            ),
            (
                "https://as.example/",
                "https://as.example/.well-known/openid-configuration",
                "https://as.example/.well-known/oauth-authorization-server",
            ),
            (
                "https://as.example/tenant/1",
                "https://as.example/tenant/1/.well-known/openid-configuration",
                "https://as.example/.well-known/oauth-authorization-server/tenant/1",
            ),
            (
                "https://as.example:8443/t/",
                "https://as.example:8443/t/.well-known/openid-configuration",
                "https://as.example:8443/.well-known/oauth-authorization-server/t",
            ),
        ];
        for (issuer, oidc, oauth) in cases {
            let issuer = url(issuer);
            assert_eq!(
                MetadataLocation::OpenIdConnect
                    .url_for(&issuer)
                    .unwrap()
                    .as_str(),
                oidc
            );
            assert_eq!(
                MetadataLocation::OAuthAuthorizationServer
                    .url_for(&issuer)
                    .unwrap()
                    .as_str(),
                oauth
            );
        }
    }

    #[test]
    fn an_issuer_with_a_query_or_fragment_has_no_metadata_url() {
        for issuer in ["https://as.example/?tenant=1", "https://as.example/#x"] {
            for location in [
                MetadataLocation::OpenIdConnect,
                MetadataLocation::OAuthAuthorizationServer,
            ] {
                assert!(matches!(
                    location.url_for(&url(issuer)),
                    Err(Error::InvalidUrl)
                ));
            }
        }
    }

    #[test]
    fn only_https_or_allowed_loopback_http_is_fetched() {
        assert!(checked_url("https://as.example/jwks", &options(false)).is_ok());
        for loopback in [
            "http://127.0.0.1:8080/jwks",
            "http://127.9.9.9/jwks",
            "http://[::1]:1/jwks",
            "http://localhost/jwks",
            "http://LOCALHOST/jwks",
        ] {
            assert!(checked_url(loopback, &options(true)).is_ok(), "{loopback}");
            assert!(
                matches!(
                    checked_url(loopback, &options(false)),
                    Err(Error::InsecureUrl)
                ),
                "{loopback}"
            );
        }
        for refused in [
            "http://as.example/jwks",
            "http://10.0.0.1/jwks",
            "http://localhost.as.example/jwks",
            "ftp://127.0.0.1/jwks",
        ] {
            assert!(
                matches!(
                    checked_url(refused, &options(true)),
                    Err(Error::InsecureUrl)
                ),
                "{refused}"
            );
        }
        for invalid in ["not a url", "file:///etc/passwd", "https://"] {
            assert!(
                matches!(
                    checked_url(invalid, &options(true)),
                    Err(Error::InvalidUrl | Error::InsecureUrl)
                ),
                "{invalid}"
            );
        }
        assert!(matches!(
            checked_url("file:///etc/passwd", &options(true)),
            Err(Error::InvalidUrl)
        ));
    }
}
