use predicates::prelude::*;

use crate::{fixture, jwt, one_line_error, write};

/// RFC 7638 §3.1.
const RFC7638_JWK: &str = r#"{"kty":"RSA","e":"AQAB","alg":"RS256","kid":"2011-04-29","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#;

#[test]
fn rfc_7638_example_and_rfc_9278_uri() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "rfc.jwk", RFC7638_JWK);
    jwt()
        .arg("thumbprint")
        .arg(&path)
        .assert()
        .success()
        .stdout("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n");
    jwt()
        .arg("thumbprint")
        .arg(&path)
        .arg("--uri")
        .assert()
        .success()
        .stdout("urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n");
    for (hash, len, name) in [("sha384", 64, "sha-384"), ("sha512", 86, "sha-512")] {
        let output = jwt()
            .args(["thumbprint", "--hash", hash])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap().trim().len(), len);
        jwt()
            .args(["thumbprint", "--uri", "--hash", hash])
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!(
                "urn:ietf:params:oauth:jwk-thumbprint:{name}:"
            )));
    }
}

#[test]
fn private_and_public_files_share_a_thumbprint() {
    let print = |name: &str| {
        let output = jwt().arg("thumbprint").arg(fixture(name)).output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(print("rsa2048-pkcs1.pem"), print("rsa2048-spki.der"));
    assert_eq!(print("ed25519-pkcs8-v2.pem"), print("ed25519-v2-spki.pem"));
    assert_ne!(print("p256-pkcs8.pem"), print("p384-pkcs8.pem"));
    // An oct JWK has a thumbprint too (RFC 7638 §3.2).
    let dir = tempfile::tempdir().unwrap();
    let oct = write(
        dir.path(),
        "oct.jwk",
        r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
    );
    jwt().arg("thumbprint").arg(&oct).assert().success();
}

#[test]
fn errors_exit_2() {
    let output = jwt()
        .args(["thumbprint", "/nonexistent.jwk"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        "jwt: cannot read key file `/nonexistent.jwk`: ",
    );
    let output = jwt()
        .arg("thumbprint")
        .arg(fixture("rsa1024-spki.pem"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "RSA modulus");
}
