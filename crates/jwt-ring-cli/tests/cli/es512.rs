//! ES512 (P-521, on the aws-lc backend): keys in every format `jwt` reads, JWKs and JWK Sets,
//! and the errors of the P-521 reader.

use std::process::Output;

use crate::{cli_fixture, fixture, inspect_json, jwt, mint, one_line_error, write};

const P521_FORMATS: [&str; 8] = [
    "p521-pkcs8.pem",
    "p521-pkcs8.der",
    "p521-sec1.pem",
    "p521-sec1.der",
    "p521-spki.pem",
    "p521-spki.der",
    "p521-cert.pem",
    "p521-cert.der",
];

fn verify(token: &str, key: &std::path::Path, args: &[&str]) -> Output {
    jwt()
        .arg("verify")
        .arg(token)
        .arg("--key")
        .arg(key)
        .args(args)
        .output()
        .unwrap()
}

fn assert_valid(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("VALID: ES512 signature verified"),
        "{what}: {stdout}"
    );
}

fn thumbprint(path: &std::path::Path) -> String {
    let output = jwt().arg("thumbprint").arg(path).output().unwrap();
    assert!(output.status.success(), "{}", path.display());
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn p521_keys_in_every_format_sign_and_verify() {
    let token = mint(&cli_fixture("p521-pkcs8.pem"), &["--sub", "alice"]);
    let header = &inspect_json(&token)["header"];
    assert_eq!(header["alg"], "ES512");
    // The default kid is the thumbprint of the public key.
    assert_eq!(
        header["kid"],
        thumbprint(&cli_fixture("p521-spki.pem")).as_str()
    );
    for file in P521_FORMATS {
        for args in [&[][..], &["--alg", "ES512"]] {
            let output = verify(&token, &cli_fixture(file), args);
            assert_valid(&output, &format!("{file} {args:?}"));
        }
    }
    // Every private format signs.
    for file in ["p521-pkcs8.der", "p521-sec1.pem", "p521-sec1.der"] {
        let token = mint(&cli_fixture(file), &["--alg", "ES512"]);
        assert_eq!(inspect_json(&token)["header"]["alg"], "ES512");
        assert_valid(&verify(&token, &cli_fixture("p521-spki.der"), &[]), file);
    }
    // A signature that does not verify is refused.
    let (rest, signature) = token.rsplit_once('.').unwrap();
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    let forged = format!("{rest}.{flipped}{}", &signature[1..]);
    let output = verify(&forged, &cli_fixture("p521-spki.pem"), &[]);
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "jwt: invalid token: ");
}

#[test]
fn p521_jwk_and_jwk_set() {
    let dir = tempfile::tempdir().unwrap();
    let token = mint(&cli_fixture("p521-sec1.pem"), &[]);
    let output = jwt()
        .arg("jwks")
        .arg(cli_fixture("p521-cert.der"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let set: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let jwk = &set["keys"][0];
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(jwk["crv"], "P-521");
    assert_eq!(jwk["alg"], "ES512");
    assert!(jwk.get("d").is_none());
    // 66-byte coordinates: 88 base64url characters.
    assert_eq!(jwk["x"].as_str().unwrap().len(), 88);
    let kid = thumbprint(&cli_fixture("p521-pkcs8.pem"));
    assert_eq!(jwk["kid"], kid.as_str());
    let set_path = write(dir.path(), "set.json", &output.stdout);
    let jwk_path = write(dir.path(), "key.jwk", jwk.to_string());
    assert_eq!(thumbprint(&jwk_path), kid);
    let output = jwt()
        .arg("verify")
        .arg(&token)
        .arg("--jwks")
        .arg(&set_path)
        .output()
        .unwrap();
    assert_valid(&output, "--jwks");
    assert_valid(&verify(&token, &jwk_path, &[]), "JWK");
    assert_valid(&verify(&token, &jwk_path, &["--alg", "ES512"]), "JWK ES512");
    // The JWK is bound to ES512.
    let output = verify(&token, &jwk_path, &["--alg", "ES384"]);
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "cannot verify: ");
}

#[test]
fn p521_reader_errors_name_the_reason() {
    let token = mint(&cli_fixture("p521-pkcs8.pem"), &[]);
    let dir = tempfile::tempdir().unwrap();
    let bad_pem = write(
        dir.path(),
        "bad.pem",
        "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n",
    );
    let cases: [(std::path::PathBuf, &[&str], &str); 15] = [
        (
            cli_fixture("p521-spki.pem"),
            &["--alg", "ES256"],
            "cannot be used for ES256: key rejected: EC key is for a different curve than the algorithm",
        ),
        (
            fixture("p256-spki.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: EC key is for a different curve than the algorithm",
        ),
        (
            fixture("p256-pkcs8.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: EC key is for a different curve than the algorithm",
        ),
        (
            fixture("p256-sec1.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: EC key is for a different curve than the algorithm",
        ),
        (
            fixture("p256-cert.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: EC key is for a different curve than the algorithm",
        ),
        (
            fixture("p256-spki.der"),
            &["--alg", "ES512"],
            // As for ES384: a private-key reader's "malformed" outranks a curve mismatch in DER.
            "cannot be used for ES512: key rejected: DER is malformed",
        ),
        (
            fixture("p256-cert.der"),
            &["--alg", "ES512"],
            // As for ES384: a private-key reader's "malformed" outranks a curve mismatch in DER.
            "cannot be used for ES512: key rejected: DER is malformed",
        ),
        (
            fixture("rsa2048-spki.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: key is not an EC key",
        ),
        (
            fixture("rsa2048-pkcs8.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: key is not an EC key",
        ),
        (
            fixture("p256-csr.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: PEM label is not a supported key type",
        ),
        (
            cli_fixture("p521-sec1-no-public.pem"),
            &[],
            "is not a supported key: key rejected: EC private key does not include its public key",
        ),
        (
            cli_fixture("README.md"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: DER is malformed",
        ),
        (
            fixture("encrypted-pkcs8.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: encrypted PEM is not supported",
        ),
        (
            fixture("rsa2048-pkcs1-encrypted.pem"),
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: encrypted PEM is not supported",
        ),
        (
            bad_pem,
            &["--alg", "ES512"],
            "cannot be used for ES512: key rejected: PEM is malformed",
        ),
    ];
    for (file, args, message) in cases {
        let output = verify(&token, &file, args);
        assert_eq!(output.status.code(), Some(2), "{}", file.display());
        assert!(output.stdout.is_empty());
        one_line_error(
            &output.stderr,
            &format!("jwt: key file `{}` {message}", file.display()),
        );
    }
}
