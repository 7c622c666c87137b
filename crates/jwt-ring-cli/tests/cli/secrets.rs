//! HMAC secrets from an environment variable and standard input, and short legacy secrets.

use predicates::prelude::*;

use crate::{jwt, mint, one_line_error, write};

/// The HS256 example token of the jwt.io debugger: no `exp`, and a 19-byte secret.
const JWT_IO_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const JWT_IO_SECRET: &str = "your-256-bit-secret";

/// A 32-byte secret, long enough for HS256.
const SECRET: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn secret_env_and_secret_stdin() {
    let output = jwt()
        .args(["mint", "--secret-env", "JWT_TEST_SECRET", "--sub", "s"])
        .env("JWT_TEST_SECRET", SECRET)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert!(output.stderr.is_empty());
    // The same secret from a file (exactly its bytes) makes the same token.
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "secret", SECRET);
    assert_eq!(mint(&file, &["--alg", "HS256", "--sub", "s"]), token);
    jwt()
        .args(["verify", &token, "--secret-env", "JWT_TEST_SECRET"])
        .env("JWT_TEST_SECRET", SECRET)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "VALID: HS256 signature verified",
        ))
        .stderr("");
    // `echo` adds a newline: exactly one is removed, and that is said on standard error.
    jwt()
        .args(["verify", &token, "--secret-stdin"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("VALID: HS256"))
        .stderr(
            "jwt: note: removed one trailing newline from the secret read on standard input \
             (a secret that ends with a newline needs a second one)\n",
        );
    jwt()
        .args(["verify", &token, "--secret-stdin"])
        .write_stdin(format!("{SECRET}\r\n"))
        .assert()
        .success();
    // Only one: a second newline stays part of the secret, which then does not match.
    let output = jwt()
        .args(["verify", &token, "--secret-stdin"])
        .write_stdin(format!("{SECRET}\n\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.ends_with("jwt: invalid token: invalid signature\n"),
        "{stderr}"
    );
    // Without a newline, nothing is removed and nothing is said.
    jwt()
        .args(["mint", "--secret-stdin", "--sub", "s"])
        .write_stdin(SECRET)
        .assert()
        .success()
        .stdout(format!("{token}\n"))
        .stderr("");
    // Standard input cannot carry both the secret and the token.
    for args in [
        &["verify", "--secret-stdin"][..],
        &["verify", "-", "--secret-stdin"],
    ] {
        let output = jwt().args(args).write_stdin(SECRET).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        one_line_error(&output.stderr, "give the token as an argument");
    }
    // A missing variable is named; no secret is ever printed.
    let output = jwt()
        .args(["verify", &token, "--secret-env", "JWT_TEST_UNSET"])
        .env_remove("JWT_TEST_UNSET")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        "environment variable `JWT_TEST_UNSET` is not set",
    );
    let output = jwt()
        .args([
            "verify",
            &token,
            "--secret-env",
            "JWT_TEST_SECRET",
            "--alg",
            "ES256",
        ])
        .env("JWT_TEST_SECRET", SECRET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        "the secret in environment variable `JWT_TEST_SECRET` is an HMAC secret",
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains(SECRET));
    let output = jwt()
        .args(["verify", &token, "--secret-env", "JWT_TEST_EMPTY"])
        .env("JWT_TEST_EMPTY", "")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "is empty");
    // A secret is one key source among the others.
    let output = jwt()
        .args(["verify", &token, "--secret-env", "V", "--key", "k"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be used with"));
}

#[test]
fn secret_without_alg_verifies_every_hmac_algorithm_its_length_allows() {
    let secret = "x".repeat(48);
    for (alg, valid) in [("HS256", true), ("HS384", true), ("HS512", false)] {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "secret", "y".repeat(64));
        let token = mint(&file, &["--alg", alg]);
        let output = jwt()
            .args(["verify", &token, "--secret-env", "S"])
            .env("S", &secret)
            .output()
            .unwrap();
        // Signed with another secret: a key for the algorithm exists exactly when the length
        // allows it, and then the signature does not match.
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{alg}: {stderr}");
        let reason = if valid {
            "invalid signature"
        } else {
            "no key matches the token"
        };
        assert!(stderr.contains(reason), "{alg}: {stderr}");
    }
}

#[test]
fn allow_short_secret_verifies_the_jwt_io_token() {
    // Refused without the flag, with an error that names it.
    let output = jwt()
        .args([
            "verify",
            JWT_IO_TOKEN,
            "--secret-env",
            "S",
            "--allow-missing-exp",
        ])
        .env("S", JWT_IO_SECRET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    one_line_error(
        &output.stderr,
        "the secret in environment variable `S` is shorter than HS256, HS384, HS512 requires \
         (RFC 7518 §3.2: at least as long as the hash); `--allow-short-secret` accepts it",
    );
    // Accepted with it (and `--allow-missing-exp`: the token has no `exp`), with a warning.
    let output = jwt()
        .args([
            "verify",
            JWT_IO_TOKEN,
            "--secret-env",
            "S",
            "--allow-missing-exp",
            "--allow-short-secret",
        ])
        .env("S", JWT_IO_SECRET)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("VALID: HS256 signature verified; checked aud absent\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\"name\": \"John Doe\""));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "jwt: warning: the HMAC secret is shorter than HS256, HS384, HS512 requires \
         (RFC 7518 §3.2), accepted by `--allow-short-secret`: anyone holding one token can \
         search for a short secret\n"
    );
    assert!(!stderr.contains(JWT_IO_SECRET));
    // The same from `echo secret |`, and from a file with `--alg HS256`.
    jwt()
        .args([
            "verify",
            JWT_IO_TOKEN,
            "--secret-stdin",
            "--allow-missing-exp",
            "--allow-short-secret",
        ])
        .write_stdin(format!("{JWT_IO_SECRET}\n"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "jwt: note: removed one trailing newline",
        ))
        .stderr(predicate::str::contains(
            "jwt: warning: the HMAC secret is shorter",
        ));
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "secret", JWT_IO_SECRET);
    let file = file.display().to_string();
    let pinned = [
        "verify",
        JWT_IO_TOKEN,
        "--key",
        &file,
        "--alg",
        "HS256",
        "--allow-missing-exp",
    ];
    let output = jwt().args(pinned).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "is shorter than HS256 requires");
    jwt()
        .args(pinned)
        .arg("--allow-short-secret")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "shorter than HS256 requires (RFC 7518 §3.2), accepted",
        ));
    // Minting with a short secret needs the flag too.
    let output = jwt()
        .args(["mint", "--secret-env", "S"])
        .env("S", JWT_IO_SECRET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "`--allow-short-secret` accepts it");
    jwt()
        .args(["mint", "--secret-env", "S", "--allow-short-secret"])
        .env("S", JWT_IO_SECRET)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("eyJ"));
}
