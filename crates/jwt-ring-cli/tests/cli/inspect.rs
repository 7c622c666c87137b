use predicates::prelude::*;

use crate::{NOW, NOW_UTC, fixture, inspect_json, jwt, jwt_at, mint, one_line_error, unsigned};

fn token() -> String {
    mint(
        &fixture("ed25519-pkcs8-v2.pem"),
        &["--sub", "alice", "--aud", "api", "--exp", "10m"],
    )
}

#[test]
fn shows_header_claims_and_times_labelled_unverified() {
    let token = token();
    jwt()
        .args(["inspect", &token])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("UNVERIFIED:"))
        .stdout(predicate::str::contains("\"alg\": \"EdDSA\""))
        .stdout(predicate::str::contains("\"sub\": \"alice\""))
        .stdout(predicate::str::contains(format!("Times (now {NOW_UTC})")))
        .stdout(predicate::str::contains(
            "exp       2026-12-04 15:50:35 UTC  expires in 10 min",
        ))
        .stdout(predicate::str::contains(format!(
            "iat       {NOW_UTC}  issued 0 s ago"
        )))
        .stdout(predicate::str::contains("Signature 64 bytes"))
        .stdout(predicate::str::contains("\u{1b}[").not())
        .stderr("");
}

#[test]
fn relative_times_follow_the_clock() {
    let token = token();
    jwt_at(NOW + 2 * 3600 + 700)
        .args(["inspect", &token])
        .assert()
        .success()
        .stdout(predicate::str::contains("expired 2 h ago"))
        .stdout(predicate::str::contains("issued 2 h ago"));
    let later = unsigned(r#"{"alg":"HS256"}"#, &format!(r#"{{"nbf":{}}}"#, NOW + 90));
    jwt()
        .args(["inspect", &later])
        .assert()
        .success()
        .stdout(predicate::str::contains("not valid for another 1 min"));
}

#[test]
fn reads_stdin_with_trailing_whitespace() {
    let token = token();
    for arg in [None, Some("-")] {
        let mut command = jwt();
        command.arg("inspect").args(arg);
        command
            .write_stdin(format!("  {token}\n\n"))
            .assert()
            .success()
            .stdout(predicate::str::contains("\"sub\": \"alice\""));
    }
}

#[test]
fn json_for_scripts() {
    let json = inspect_json(&token());
    assert_eq!(json["verified"], false);
    assert_eq!(json["header"]["alg"], "EdDSA");
    assert_eq!(json["claims"]["aud"], "api");
    assert_eq!(json["times"]["exp"]["unix"], NOW + 600);
    assert_eq!(json["times"]["exp"]["utc"], "2026-12-04 15:50:35 UTC");
    assert_eq!(json["times"]["exp"]["relative"], "expires in 10 min");
    assert_eq!(json["times"]["iat"]["unix"], NOW);
    assert_eq!(json["signature_bytes"], 64);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    jwt()
        .args(["--color", "always", "inspect", &token()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\u{1b}[33m\u{1b}[1mUNVERIFIED:")
                .or(predicate::str::contains("\u{1b}[1m\u{1b}[33mUNVERIFIED:")),
        )
        .stdout(predicate::str::contains("\u{1b}[1mHeader"));
    jwt()
        .args(["--color", "never", "inspect", &token()])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn malformed_tokens_exit_1_with_one_line() {
    let cases = [
        ("not-a-token", "token does not have exactly three segments"),
        ("a.b.c.d.e", "JWE"),
        (
            "eyJhbGciOiJIUzI1NiJ9.e30=.c2ln",
            "payload is not strict base64url",
        ),
        (
            "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
            "payload is not valid JSON",
        ),
        (
            "eyJhbGciOiJIUzI1NiJ9.WzFd.c2ln",
            "payload is not a JSON object",
        ),
        ("", "token does not have exactly three segments"),
    ];
    for (token, message) in cases {
        let output = jwt().args(["inspect", token]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{token}");
        assert!(output.stdout.is_empty());
        one_line_error(&output.stderr, "jwt: invalid token: malformed token: ");
        one_line_error(&output.stderr, message);
    }
    let headers = [
        (
            "eyJhbGciOiJIUzI1NiIsImNyaXQiOltdfQ.e30.c2ln",
            "`crit` is malformed",
        ),
        ("e30.e30.c2ln", "`alg` is missing"),
        ("eyJhbGciOiJub25lIn0.e30.c2ln", "`alg` is `none`"),
    ];
    for (token, message) in headers {
        let output = jwt().args(["inspect", token]).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        one_line_error(
            &output.stderr,
            &format!("jwt: invalid token: unacceptable header: {message}"),
        );
    }
}

#[test]
fn stdin_that_is_empty_or_not_utf8_is_malformed() {
    let output = jwt().arg("inspect").write_stdin("\n").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "three segments");
    let output = jwt()
        .arg("inspect")
        .write_stdin(vec![0xff, 0xfe, b'.'])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(
        &output.stderr,
        "jwt: invalid token: malformed token: token is not UTF-8",
    );
}

#[test]
fn mistyped_registered_claim_is_shown_with_a_warning() {
    let token = unsigned(r#"{"alg":"ES256"}"#, r#"{"exp":"tomorrow","sub":"bob"}"#);
    jwt()
        .args(["inspect", &token])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"exp\": \"tomorrow\""))
        .stdout(predicate::str::contains("Times").not())
        .stderr("jwt: warning: claim `exp` has the wrong type or value\n");
}

#[test]
fn dates_out_of_range_are_named() {
    let token = unsigned(r#"{"alg":"ES256"}"#, r#"{"exp":99999999999999}"#);
    jwt()
        .args(["inspect", &token])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "exp       out of range  expires in",
        ));
}

#[test]
fn usage_errors_exit_2() {
    jwt()
        .args(["inspect", "--bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument"));
    jwt_at(99_999_999_999_999_999)
        .args(["inspect", "a.b.c"])
        .assert()
        .code(2)
        .stderr("jwt: `--now` is out of range\n");
    jwt().arg("--help").assert().success();
    jwt()
        .arg("--version")
        .assert()
        .success()
        .stdout("jwt 0.1.0\n");
}

#[test]
fn json_output_ends_with_a_newline() {
    let token = token();
    let output = jwt().args(["inspect", "--json", &token]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.ends_with("}\n"), "{stdout:?}");
    assert!(!stdout.ends_with("\n\n"), "{stdout:?}");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(parsed["verified"], false);
}
