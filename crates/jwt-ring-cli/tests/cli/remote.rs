//! `verify --jwks URL` against the testkit's JwksServer, and `verify --issuer URL` against
//! oidc-provider, both on loopback.

use jwt_ring_testkit::{Endpoint, JwksServer, ORDERS_RESOURCE, OidcProvider};
use predicates::prelude::*;

use crate::{jwt, mint, one_line_error};

/// A multi-threaded runtime: its workers serve the test servers while the test thread runs the
/// `jwt` process.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

/// A key pair in `dir` (`k.key.pem`) and its public JWK Set text.
fn key_and_set(dir: &std::path::Path) -> String {
    jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(dir.join("k"))
        .assert()
        .success();
    let output = jwt()
        .arg("jwks")
        .arg(dir.join("k.pub.pem"))
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

fn verify_url(token: &str, url: &str, extra: &[&str]) -> std::process::Output {
    jwt()
        .args(["verify", token, "--jwks", url])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn jwks_url_verifies_and_needs_https_or_explicit_loopback() {
    let runtime = runtime();
    let server = runtime.block_on(JwksServer::start()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    server.set_jwks(&key_and_set(dir.path()));
    let token = mint(&dir.path().join("k.key.pem"), &["--sub", "alice"]);
    let url = server.jwks_uri();

    let output = verify_url(&token, &url, &["--allow-loopback-http"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("VALID: ES256"));

    let output = verify_url(&token, &url, &[]);
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        &format!("jwt: cannot load the JWK Set at {url}: URL must use https"),
    );

    // Keys from the URL are checked like any others: another key's token is refused.
    let other = tempfile::tempdir().unwrap();
    key_and_set(other.path());
    let stranger = mint(&other.path().join("k.key.pem"), &[]);
    let output = verify_url(&stranger, &url, &["--allow-loopback-http"]);
    assert_eq!(output.status.code(), Some(1));
    one_line_error(
        &output.stderr,
        "jwt: invalid token: no key matches the token",
    );
}

#[test]
fn jwks_url_keys_are_built_on_either_backend_with_es512_on_aws_lc() {
    let runtime = runtime();
    let server = runtime.block_on(JwksServer::start()).unwrap();
    let output = jwt()
        .arg("jwks")
        .arg(crate::fixture("p256-spki.pem"))
        .arg(crate::cli_fixture("p521-spki.pem"))
        .output()
        .unwrap();
    assert!(output.status.success());
    server.set_jwks(std::str::from_utf8(&output.stdout).unwrap());
    let url = server.jwks_uri();
    for (key, alg) in [
        (crate::fixture("p256-pkcs8.pem"), "ES256"),
        (crate::cli_fixture("p521-pkcs8.der"), "ES512"),
    ] {
        let token = mint(&key, &[]);
        for backend in ["ring", "aws-lc"] {
            let output = jwt()
                .args(["--backend", backend])
                .args(["verify", &token, "--jwks", &url, "--allow-loopback-http"])
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{alg} on {backend}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                output.stderr.is_empty(),
                "{alg} on {backend}: a key was skipped"
            );
            assert!(
                String::from_utf8_lossy(&output.stdout).starts_with(&format!("VALID: {alg}")),
                "{alg} on {backend}"
            );
        }
    }
}

#[test]
fn jwks_url_failures_exit_2_with_one_line() {
    let runtime = runtime();
    let server = runtime.block_on(JwksServer::start()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    key_and_set(dir.path());
    let token = mint(&dir.path().join("k.key.pem"), &[]);
    let url = server.jwks_uri();
    let loopback = ["--allow-loopback-http"];

    server.set_jwks_status(500);
    let output = verify_url(&token, &url, &loopback);
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        "JWK Set refused: the JWK Set endpoint answered with status 500",
    );

    server.set_jwks_status(200);
    server.set_malformed_jwks();
    let output = verify_url(&token, &url, &loopback);
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "JWK Set refused");

    runtime.block_on(server.down());
    let output = verify_url(&token, &url, &loopback);
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        &format!("request to {url} failed: the connection was refused"),
    );
}

#[test]
fn issuer_discovery_refuses_metadata_for_another_issuer() {
    let runtime = runtime();
    let server = runtime.block_on(JwksServer::start()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    server.set_jwks(&key_and_set(dir.path()));
    let issuer = server.issuer();
    let token = mint(&dir.path().join("k.key.pem"), &["--iss", &issuer]);
    jwt()
        .args([
            "verify",
            &token,
            "--issuer",
            &issuer,
            "--allow-loopback-http",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("checked exp, iss, aud absent\n"));

    // RFC 8414 metadata, at the path the JwksServer also serves.
    jwt()
        .args([
            "verify",
            &token,
            "--issuer",
            &issuer,
            "--allow-loopback-http",
            "--oauth-metadata",
        ])
        .assert()
        .success();
    assert_eq!(server.hits(Endpoint::OauthAuthorizationServer), 1);

    server.set_metadata_issuer(Some("https://evil.example"));
    let output = jwt()
        .args([
            "verify",
            &token,
            "--issuer",
            &issuer,
            "--allow-loopback-http",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        &format!("jwt: cannot load the keys of issuer {issuer}: discovery metadata refused"),
    );
}

#[test]
fn issuer_discovery_against_oidc_provider() {
    let runtime = runtime();
    let (issuer, token) = runtime.block_on(async {
        let provider = OidcProvider::shared().await.unwrap();
        let token = provider
            .client_credentials_token(ORDERS_RESOURCE, "orders:read")
            .await
            .unwrap();
        (provider.issuer().to_owned(), token)
    });
    // The provider's tokens carry the real time: this test uses the clock, not `--now`.
    let verify = |extra: &[&str]| {
        let mut command = assert_cmd::cargo::cargo_bin_cmd!("jwt");
        command
            .args([
                "verify",
                &token,
                "--issuer",
                &issuer,
                "--allow-loopback-http",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let output = verify(&[
        "--aud",
        ORDERS_RESOURCE,
        "--access-token",
        "--scope",
        "orders:read",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "VALID: ES256 signature verified; checked typ, exp, iss, aud, sub present, \
             iat present, jti present, client_id present, scope (RFC 9068 access token)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("\"client_id\": \"jwt-ring-basic\""));

    let output = verify(&["--aud", ORDERS_RESOURCE, "--scope", "orders:write"]);
    assert_eq!(output.status.code(), Some(1));
    one_line_error(
        &output.stderr,
        "claim `scope` does not grant `orders:write`",
    );

    let output = verify(&["--aud", "https://api.example/billing"]);
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "claim `aud` is not an accepted value");

    // An issuer nobody answers for: one line, exit 2.
    let output = assert_cmd::cargo::cargo_bin_cmd!("jwt")
        .args([
            "verify",
            &token,
            "--issuer",
            "http://127.0.0.1:9",
            "--allow-loopback-http",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        "jwt: cannot load the keys of issuer http://127.0.0.1:9: ",
    );
}
