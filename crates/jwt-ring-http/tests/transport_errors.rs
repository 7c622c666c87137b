//! A request that fails names its URL (without credentials or query) and its cause, and keeps
//! the HTTP client's error as its source: one test per failure a user meets first.

mod support;

use std::error::Error as _;
use std::time::Duration;

use jwt_ring_http::{Error, HttpOptions, RemoteKeys, TransportFailure};
use jwt_ring_testkit::JwksServer;
use support::loopback;

async fn load(url: &str, http: HttpOptions) -> Error {
    RemoteKeys::builder()
        .http(http)
        .jwks_uri(url)
        .await
        .expect_err("the fetch fails")
}

fn check(error: &Error, url: &str, failure: TransportFailure, says: &str) {
    assert_eq!(error.transport_failure(), Some(failure), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!("request to {url} failed: {says}")
    );
    assert!(error.source().is_some(), "the client's error is kept");
}

#[tokio::test]
async fn a_name_that_does_not_resolve() {
    // `.invalid` never resolves (RFC 6761 §6.4), with or without a network.
    let url = "https://keys.does-not-exist.invalid/jwks";
    let error = load(url, HttpOptions::default()).await;
    check(
        &error,
        url,
        TransportFailure::Dns,
        "the host name could not be resolved",
    );
}

#[tokio::test]
async fn a_closed_port() {
    let server = JwksServer::start().await.unwrap();
    let url = server.jwks_uri();
    server.down().await;
    let error = load(&url, loopback()).await;
    check(
        &error,
        &url,
        TransportFailure::Refused,
        "the connection was refused",
    );
}

#[tokio::test]
async fn a_server_that_does_not_speak_tls() {
    let server = JwksServer::start().await.unwrap();
    let url = server.jwks_uri().replacen("http://", "https://", 1);
    let error = load(&url, loopback()).await;
    check(
        &error,
        &url,
        TransportFailure::Tls,
        "the TLS handshake failed",
    );
}

#[tokio::test]
async fn a_server_that_answers_too_late() {
    let server = JwksServer::start().await.unwrap();
    server.set_delay(Duration::from_secs(5));
    let url = server.jwks_uri();
    let error = load(&url, loopback().timeout(Duration::from_millis(200))).await;
    check(
        &error,
        &url,
        TransportFailure::Timeout,
        "no answer within the timeout",
    );
}

#[tokio::test]
async fn credentials_and_queries_never_reach_the_message() {
    let server = JwksServer::start().await.unwrap();
    let port = server.addr().port();
    server.down().await;
    let url = format!("http://client:s3cret@127.0.0.1:{port}/jwks?api_key=k3y#part");
    let error = load(&url, loopback()).await;
    let message = error.to_string();
    assert_eq!(
        message,
        format!("request to http://127.0.0.1:{port}/jwks failed: the connection was refused")
    );
    for secret in ["client", "s3cret", "api_key", "k3y", "part"] {
        assert!(!message.contains(secret), "{message}");
        assert!(!format!("{error:?}").contains("s3cret"), "{error:?}");
    }
}
