//! Outbound fetches never reach internal addresses unless the deployment says its issuer lives
//! there. The attacks: discovery metadata, a `jwks_uri` or a redirect pointing the resource
//! server at a cloud metadata endpoint (169.254.169.254), a private network, or the host itself.

mod support;

use jwt_ring_http::{Error, HttpOptions, RemoteKeys};
use jwt_ring_testkit::{Endpoint, JwksServer};
use support::{jwks, key, loopback};

/// Addresses no issuer on the public internet has, written as literals (no DNS involved).
const INTERNAL: [&str; 12] = [
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.1/jwks",
    "https://172.16.5.4/jwks",
    "https://192.168.1.1/jwks",
    "https://127.0.0.1/jwks",
    "https://0.0.0.0/jwks",
    "https://100.64.0.1/jwks",
    "https://[::1]/jwks",
    "https://[fd00::1]/jwks",
    "https://[fe80::1]/jwks",
    "https://[::ffff:10.0.0.1]/jwks",
    "https://[64:ff9b::a9fe:a9fe]/jwks",
];

#[tokio::test]
async fn ssrf_a_jwks_uri_on_an_internal_address_is_refused_before_any_request() {
    for uri in INTERNAL {
        let result = RemoteKeys::builder().jwks_uri_lazy(uri);
        assert!(matches!(result, Err(Error::InternalAddress)), "{uri}");
        // The deployment whose issuer is internal says so.
        let allowed = RemoteKeys::builder()
            .http(HttpOptions::default().allow_internal_addresses())
            .jwks_uri_lazy(uri);
        assert!(allowed.is_ok(), "{uri}");
    }
    // Public addresses are not affected.
    for uri in [
        "https://93.184.215.14/jwks",
        "https://[2606:4700::1111]/jwks",
    ] {
        assert!(RemoteKeys::builder().jwks_uri_lazy(uri).is_ok(), "{uri}");
    }
}

#[tokio::test]
async fn ssrf_discovery_metadata_naming_an_internal_jwks_uri_is_refused() {
    let server = JwksServer::start().await.unwrap();
    server.set_jwks(&jwks(&[&key("k1")]));
    // The test server is on loopback, which `allow_loopback_http` admits; the metadata points
    // further in.
    for internal in ["https://169.254.169.254/jwks", "http://10.0.0.1/jwks"] {
        server.set_metadata_jwks_uri(Some(internal));
        let result = RemoteKeys::builder()
            .http(loopback())
            .discover(&server.issuer())
            .await;
        assert!(
            matches!(result, Err(Error::InternalAddress | Error::InsecureUrl)),
            "{internal}: {result:?}"
        );
    }
    assert_eq!(server.hits(Endpoint::Jwks), 0);
}

#[tokio::test]
async fn ssrf_a_redirect_to_an_internal_address_is_refused() {
    let server = JwksServer::start().await.unwrap();
    for target in ["https://169.254.169.254/jwks", "https://[fd00::1]/jwks"] {
        server.set_jwks_status(302);
        server.set_jwks_header("location", target);
        let keys = RemoteKeys::builder()
            .http(loopback())
            .jwks_uri_lazy(&server.jwks_uri())
            .unwrap();
        let result = keys.load().await;
        assert!(
            matches!(result, Err(Error::InternalAddress)),
            "{target}: {result:?}"
        );
    }
}

#[tokio::test]
async fn ssrf_a_name_that_resolves_to_an_internal_address_is_refused() {
    let server = JwksServer::start().await.unwrap();
    server.set_jwks(&jwks(&[&key("k1")]));
    let port = server.addr().port();
    // `localhost` resolves to 127.0.0.1: the name passes every check on the URL, the address
    // it resolves to does not. (https, so that the scheme is not what refuses it.)
    let keys = RemoteKeys::builder()
        .jwks_uri_lazy(&format!("https://localhost:{port}/jwks"))
        .unwrap();
    let result = keys.load().await;
    assert!(matches!(result, Err(Error::InternalAddress)), "{result:?}");
    assert_eq!(server.hits(Endpoint::Jwks), 0);
    // Loopback is what tests and local development use: allowed with the loopback opt-in.
    let keys = RemoteKeys::builder()
        .http(loopback())
        .jwks_uri_lazy(&format!("http://localhost:{port}/jwks"))
        .unwrap();
    assert!(keys.load().await.is_ok());
    assert_eq!(server.hits(Endpoint::Jwks), 1);
}
