use predicates::prelude::*;

use crate::{NOW, fixture, jwt, jwt_at, mint, one_line_error, write};

/// `verify` of `token` with `args`; returns (exit code, stdout, stderr).
fn verify(token: &str, args: &[&str]) -> (i32, String, Vec<u8>) {
    let output = jwt().arg("verify").arg(token).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        output.stderr,
    )
}

fn key(name: &str) -> String {
    fixture(name).display().to_string()
}

/// Asserts that `verify` refuses the token with exit 1 and `message`.
fn invalid(token: &str, args: &[&str], message: &str) {
    let (code, stdout, stderr) = verify(token, args);
    assert_eq!(code, 1, "{}", String::from_utf8_lossy(&stderr));
    assert!(stdout.is_empty());
    one_line_error(&stderr, &format!("jwt: invalid token: {message}"));
}

/// Asserts that `verify` fails with exit 2 and `message`.
fn usage(token: &str, args: &[&str], message: &str) {
    let (code, stdout, stderr) = verify(token, args);
    assert_eq!(code, 2, "{}", String::from_utf8_lossy(&stderr));
    assert!(stdout.is_empty());
    one_line_error(&stderr, message);
}

fn es256() -> String {
    mint(&fixture("p256-pkcs8.pem"), &["--sub", "alice"])
}

#[test]
fn valid_token_prints_verified_claims() {
    let token = es256();
    let (code, stdout, stderr) = verify(&token, &["--key", &key("p256-spki.pem")]);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));
    assert!(stdout.starts_with("VALID: ES256 signature verified; checked exp, aud absent\n"));
    assert!(stdout.contains("\"sub\": \"alice\""));
    assert!(stdout.contains("expires in 10 min"));
    assert!(stderr.is_empty());
}

#[test]
fn every_key_format_verifies_and_private_keys_act_as_public() {
    let token = es256();
    for file in [
        "p256-spki.pem",
        "p256-spki.der",
        "p256-cert.pem",
        "p256-cert.der",
        "p256-pkcs8.pem",
        "p256-pkcs8.der",
        "p256-sec1.pem",
        "p256-sec1.der",
    ] {
        let (code, _, stderr) = verify(&token, &["--key", &key(file)]);
        assert_eq!(code, 0, "{file}: {}", String::from_utf8_lossy(&stderr));
    }
    let rsa = mint(&fixture("rsa2048-pkcs8.pem"), &[]);
    for file in [
        "rsa2048-spki.pem",
        "rsa2048-spki.der",
        "rsa2048-pkcs1-public.pem",
        "rsa2048-pkcs1-public.der",
        "rsa2048-cert.der",
        "rsa2048-pkcs1.pem",
        "rsa2048-pkcs1.der",
        "rsa2048-pkcs8.der",
    ] {
        let (code, _, stderr) = verify(&rsa, &["--key", &key(file)]);
        assert_eq!(code, 0, "{file}: {}", String::from_utf8_lossy(&stderr));
    }
    let ed = mint(&fixture("ed25519-pkcs8-v1.pem"), &[]);
    for file in [
        "ed25519-spki.pem",
        "ed25519-spki.der",
        "ed25519-cert.der",
        "ed25519-pkcs8-v1.der",
    ] {
        let (code, _, stderr) = verify(&ed, &["--key", &key(file)]);
        assert_eq!(code, 0, "{file}: {}", String::from_utf8_lossy(&stderr));
    }
    let p384 = mint(&fixture("p384-sec1.der"), &[]);
    let (code, stdout, _) = verify(&p384, &["--key", &key("p384-cert.pem")]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("VALID: ES384"));
}

#[test]
fn rsa_key_without_alg_verifies_every_rsa_algorithm_and_alg_pins_one() {
    let pss = mint(&fixture("rsa2048-pkcs8.pem"), &["--alg", "PS384"]);
    let (code, stdout, _) = verify(&pss, &["--key", &key("rsa2048-spki.pem")]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("VALID: PS384"));
    let (code, _, _) = verify(&pss, &["--key", &key("rsa2048-spki.pem"), "--alg", "PS384"]);
    assert_eq!(code, 0);
    invalid(
        &pss,
        &["--key", &key("rsa2048-spki.pem"), "--alg", "RS256"],
        "no key matches the token",
    );
}

#[test]
fn jwk_files_verify_public_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("k");
    jwt()
        .args(["keygen", "--alg", "EdDSA", "--out"])
        .arg(&out)
        .assert()
        .success();
    let token = mint(&dir.path().join("k.key.pem"), &[]);
    let public = dir.path().join("k.pub.jwk").display().to_string();
    assert_eq!(verify(&token, &["--key", &public]).0, 0);
    // a private JWK: the HMAC secret and its oct JWK
    jwt()
        .args(["keygen", "--alg", "HS384", "--out"])
        .arg(&out)
        .assert()
        .success();
    let secret = dir.path().join("k.key.jwk");
    let token = mint(&secret, &[]);
    let secret = secret.display().to_string();
    let (code, stdout, _) = verify(&token, &["--key", &secret]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("VALID: HS384"));
    invalid(
        &token,
        &["--key", &secret, "--alg", "HS384", "--aud", "x"],
        "claim `aud` is missing",
    );
}

#[test]
fn another_key_is_an_invalid_signature() {
    let token = mint(&fixture("rsa2048-pkcs8.pem"), &[]);
    let other = crate::fixture("../rsa2048-other.pk8.der");
    invalid(
        &token,
        &["--key", &other.display().to_string()],
        "invalid signature",
    );
    let tampered = format!("{}A", &token[..token.len() - 1]);
    invalid(&tampered, &["--key", &key("rsa2048-spki.pem")], "");
}

#[test]
fn time_checks_name_the_claim_and_leeway_helps() {
    let token = mint(&fixture("p256-pkcs8.pem"), &["--exp", "30s"]);
    let spki = key("p256-spki.pem");
    let output = jwt_at(NOW + 60)
        .args(["verify", &token, "--key", &spki])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(
        &output.stderr,
        "jwt: invalid token: claim `exp` has passed: the token is expired",
    );
    jwt_at(NOW + 60)
        .args(["verify", &token, "--key", &spki, "--leeway", "1m"])
        .assert()
        .success();
    let future = mint(
        &fixture("p256-pkcs8.pem"),
        &["--claim", &format!("nbf:={}", NOW + 100)],
    );
    invalid(
        &future,
        &["--key", &spki],
        "claim `nbf` is in the future: the token is not yet valid",
    );
    let no_exp = mint(&fixture("p256-pkcs8.pem"), &["--no-exp"]);
    invalid(
        &no_exp,
        &["--key", &spki],
        "claim `exp` is missing (`--allow-missing-exp` accepts that)",
    );
    let (code, _, _) = verify(&no_exp, &["--key", &spki, "--allow-missing-exp"]);
    assert_eq!(code, 0);
}

#[test]
fn issuer_audience_subject_and_typ() {
    let spki = key("p256-spki.pem");
    let token = mint(
        &fixture("p256-pkcs8.pem"),
        &[
            "--iss",
            "https://as.example",
            "--aud",
            "api",
            "--aud",
            "web",
            "--sub",
            "alice",
        ],
    );
    let (code, stdout, _) = verify(
        &token,
        &[
            "--key",
            &spki,
            "--iss",
            "https://as.example",
            "--aud",
            "web",
            "--sub",
            "alice",
            "--typ",
            "JWT",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("VALID: ES256 signature verified; checked typ, exp, iss, sub, aud\n")
    );
    invalid(
        &token,
        &["--key", &spki],
        "claim `aud` is present but no audience is configured (name the expected audience with `--aud`)",
    );
    invalid(
        &token,
        &["--key", &spki, "--aud", "other"],
        "claim `aud` is not an accepted value",
    );
    invalid(
        &token,
        &[
            "--key",
            &spki,
            "--aud",
            "api",
            "--iss",
            "https://evil.example",
        ],
        "claim `iss` is not an accepted value",
    );
    invalid(
        &token,
        &["--key", &spki, "--aud", "api", "--sub", "bob"],
        "claim `sub` is not an accepted value",
    );
    invalid(
        &token,
        &["--key", &spki, "--aud", "api", "--typ", "at+jwt"],
        "unacceptable header: `typ` is not the expected type",
    );
}

#[test]
fn scopes() {
    let spki = key("p256-spki.pem");
    let token = mint(
        &fixture("p256-pkcs8.pem"),
        &["--claim", "scope=orders:read  profile"],
    );
    let (code, stdout, _) = verify(
        &token,
        &[
            "--key",
            &spki,
            "--scope",
            "orders:read",
            "--scope",
            "profile",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("VALID: ES256 signature verified; checked exp, aud absent, scope\n")
    );
    assert_eq!(
        verify(&token, &["--key", &spki, "--scope", "profile orders:read"]).0,
        0
    );
    invalid(
        &token,
        &["--key", &spki, "--scope", "orders:write"],
        "claim `scope` does not grant `orders:write`",
    );
    let none = mint(&fixture("p256-pkcs8.pem"), &[]);
    invalid(
        &none,
        &["--key", &spki, "--scope", "x"],
        "claim `scope` is missing",
    );
    let array = mint(&fixture("p256-pkcs8.pem"), &["--claim", "scope:=[\"x\"]"]);
    invalid(
        &array,
        &["--key", &spki, "--scope", "x"],
        "claim `scope` has the wrong type",
    );
    assert_eq!(verify(&array, &["--key", &spki, "--scope", " "]).0, 0);
}

#[test]
fn access_token_preset() {
    let spki = key("p256-spki.pem");
    let full = [
        "--typ",
        "at+jwt",
        "--iss",
        "https://as.example",
        "--aud",
        "api",
        "--sub",
        "u1",
        "--jti",
        "j1",
        "--claim",
        "client_id=c1",
    ];
    let token = mint(&fixture("p256-pkcs8.pem"), &full);
    let checks = [
        "--key",
        &spki,
        "--access-token",
        "--iss",
        "https://as.example",
        "--aud",
        "api",
    ];
    let (code, stdout, stderr) = verify(&token, &checks);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));
    assert!(stdout.starts_with(
        "VALID: ES256 signature verified; checked typ, exp, iss, aud, sub present, iat present, \
         jti present, client_id present (RFC 9068 access token)\n"
    ));
    let without_client = mint(&fixture("p256-pkcs8.pem"), &full[..10]);
    invalid(&without_client, &checks, "claim `client_id` is missing");
    let plain_typ = mint(&fixture("p256-pkcs8.pem"), &full[2..]);
    invalid(
        &plain_typ,
        &checks,
        "unacceptable header: `typ` is not the expected type",
    );
    usage(
        &token,
        &["--key", &spki, "--access-token", "--aud", "api"],
        "`--access-token` needs `--aud` and `--iss`",
    );
    usage(
        &token,
        &["--key", &spki, "--access-token", "--iss", "i"],
        "`--access-token` needs `--aud` and `--iss`",
    );
    let (code, _, stderr) = verify(&token, &["--key", &spki, "--access-token", "--typ", "x"]);
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&stderr).contains("cannot be used with"));
}

#[test]
fn output_modes() {
    let token = es256();
    let spki = key("p256-spki.pem");
    let (code, stdout, stderr) = verify(&token, &["--key", &spki, "--quiet"]);
    assert_eq!((code, stdout.as_str(), stderr.len()), (0, "", 0));
    let (code, stdout, _) = verify(&token, &["--key", &spki, "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["verified"], true);
    assert_eq!(json["claims"]["sub"], "alice");
    let (code, stdout, stderr) = verify("x.y", &["--key", &spki, "--quiet"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    one_line_error(&stderr, "malformed token");
}

#[test]
fn stdin_with_trailing_newline() {
    let token = es256();
    for arg in ["-", ""] {
        let mut command = jwt();
        command.arg("verify");
        if !arg.is_empty() {
            command.arg(arg);
        }
        command
            .args(["--key", &key("p256-spki.pem")])
            .write_stdin(format!("{token}\r\n"))
            .assert()
            .success()
            .stdout(predicate::str::starts_with("VALID:"));
    }
}

#[test]
fn malformed_token_exits_1() {
    for token in ["", "abc", "a.b.c", "a.b.c.d.e"] {
        invalid(
            token,
            &["--key", &key("p256-spki.pem")],
            "malformed token: ",
        );
    }
}

#[test]
fn wrong_key_types_and_unusable_keys_exit_2() {
    let token = es256();
    let cases: [(&str, &[&str], &str); 9] = [
        (
            "rsa2048-spki.pem",
            &["--alg", "ES256"],
            "cannot be used for ES256: key rejected: key is not an EC key",
        ),
        (
            "p256-spki.pem",
            &["--alg", "RS256"],
            "cannot be used for RS256: key rejected: key is not RSA",
        ),
        (
            "p256-spki.pem",
            &["--alg", "ES384"],
            "cannot be used for ES384: key rejected: EC key is for a different curve",
        ),
        (
            "p256-spki.pem",
            &["--alg", "HS256"],
            "is a PEM key; an HS256 key is a raw secret file or an `oct` JWK",
        ),
        (
            "p256-spki.der",
            &["--alg", "HS256"],
            "is a DER key; an HS256 key is a raw secret file or an `oct` JWK",
        ),
        (
            "rsa1024-spki.pem",
            &[],
            "is not a supported key: key rejected: RSA modulus is",
        ),
        ("encrypted-pkcs8.pem", &[], "encrypted PEM is not supported"),
        (
            "p256-csr.pem",
            &[],
            "is not a supported key: key rejected: the key type is not supported",
        ),
        (
            "p256-spki-compressed.pem",
            &[],
            "compressed EC points are not supported",
        ),
    ];
    for (file, args, message) in cases {
        let mut all = vec!["--key", &*Box::leak(key(file).into_boxed_str())];
        all.extend_from_slice(args);
        usage(&token, &all, message);
        usage(&token, &all, &format!("jwt: key file `{}` ", key(file)));
    }
    usage(
        &token,
        &["--key", &key("p256-pkcs8.der"), "--alg", "EdDSA"],
        "cannot be used for EdDSA: key rejected: not a valid PKCS#8 Ed25519 private key",
    );
    usage(
        &token,
        &["--key", &key("README.md")],
        "is not a supported key: key rejected: ",
    );
    usage(
        &token,
        &["--key", &key("README.md")],
        "(for an HMAC secret file, give `--alg HS256`)",
    );
}

#[test]
fn jwk_problems_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let token = es256();
    let cases = [
        (
            "set.json",
            r#"{"keys":[]}"#,
            "holds a JWK Set, not one key (verify with `--jwks FILE`)",
        ),
        (
            "bad.json",
            r#"{"kty":"EC"}"#,
            "is not a usable JWK: JWK member",
        ),
        (
            "enc.json",
            r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","alg":"HS256","use":"enc"}"#,
            "cannot verify: JWK `use` or `key_ops` does not allow this operation",
        ),
        (
            "rsa.json",
            r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","alg":"HS256"}"#,
            "cannot verify: JWK `alg` does not fit the key type",
        ),
    ];
    for (name, json, message) in cases {
        let path = write(dir.path(), name, json);
        let path = path.display().to_string();
        let alg = if name == "rsa.json" {
            vec!["--alg", "ES256"]
        } else {
            vec![]
        };
        let mut args = vec!["--key", path.as_str()];
        args.extend(alg);
        usage(&token, &args, message);
    }
}

#[test]
fn unreadable_files_exit_2() {
    let token = es256();
    usage(
        &token,
        &["--key", "/nonexistent/key.pem"],
        "jwt: cannot read key file `/nonexistent/key.pem`: ",
    );
    usage(&token, &["--key", "/"], "jwt: cannot read key file `/`: ");
    usage(
        &token,
        &["--jwks", "/nonexistent/jwks.json"],
        "jwt: cannot read JWK Set file `/nonexistent/jwks.json`: ",
    );
    usage(
        &token,
        &["--key", "/dev/zero"],
        "key file `/dev/zero` is larger than 1048576 bytes",
    );
    let dir = tempfile::tempdir().unwrap();
    let latin1 = write(dir.path(), "latin1.json", b"{\"keys\":\"\xe9\"}");
    usage(
        &token,
        &["--jwks", &latin1.display().to_string()],
        "is not UTF-8 text",
    );
}

#[test]
fn jwks_file_problems_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let token = es256();
    let path = |name: &str, json: &str| write(dir.path(), name, json).display().to_string();
    usage(
        &token,
        &["--jwks", &path("a.json", "[]")],
        "cannot be used: JWK Set is not a JSON object with a `keys` array",
    );
    let (code, _, stderr) = verify(
        &token,
        &[
            "--jwks",
            &path("b.json", r#"{"keys":[{"kty":"EC","kid":"x"}]}"#),
        ],
    );
    assert_eq!(code, 2);
    let stderr = String::from_utf8_lossy(&stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("jwt: warning: JWK Set file"),
        "{stderr}"
    );
    assert!(
        lines[0].ends_with("key #0 (kid `x`) skipped: JWK member `crv` is missing"),
        "{stderr}"
    );
    assert!(lines[1].ends_with("has no usable key"), "{stderr}");
}

#[test]
fn key_source_is_required_and_unique() {
    let token = es256();
    let (code, _, stderr) = verify(&token, &[]);
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&stderr).contains("--key"));
    let (code, _, _) = verify(&token, &["--key", "a", "--jwks", "b"]);
    assert_eq!(code, 2);
}

#[test]
fn bad_flag_values_exit_2() {
    let token = es256();
    let spki = key("p256-spki.pem");
    let (code, _, stderr) = verify(&token, &["--key", &spki, "--alg", "none"]);
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&stderr).contains("unsupported algorithm: use one of RS256"));
    let (code, _, stderr) = verify(&token, &["--key", &spki, "--leeway", "soon"]);
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&stderr).contains("expected a duration"));
}

#[test]
fn every_rsa_algorithm_signs_and_verifies() {
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        let token = mint(&fixture("rsa2048-pkcs1.pem"), &["--alg", alg]);
        let (code, stdout, _) = verify(&token, &["--key", &key("rsa2048-cert.pem"), "--alg", alg]);
        assert_eq!(code, 0, "{alg}");
        assert!(stdout.starts_with(&format!("VALID: {alg} ")), "{stdout}");
    }
}

#[test]
fn the_most_telling_key_error_is_reported() {
    let token = es256();
    // PKCS#1 public DER: every other reader says "DER is malformed"; the RSA reader says why.
    let small = crate::fixture("../rsa1024.pub.pkcs1.der")
        .display()
        .to_string();
    usage(&token, &["--key", &small], "key rejected: RSA modulus is");
    // A secp256k1 key is of no family this tool reads: no reader's mismatch is reported.
    let secp256k1 = crate::cli_fixture("secp256k1-pkcs8.pem")
        .display()
        .to_string();
    usage(
        &token,
        &["--key", &secp256k1],
        "is not a supported key: key rejected: the key type is not supported (RSA, P-256, P-384, P-521 and Ed25519 are)",
    );
}

#[test]
fn an_algorithm_outside_alg_is_not_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let output = jwt()
        .arg("jwks")
        .arg(fixture("p256-spki.pem"))
        .output()
        .unwrap();
    let set = write(dir.path(), "set.json", output.stdout);
    let token = es256();
    invalid(
        &token,
        &["--jwks", &set.display().to_string(), "--alg", "ES384"],
        "the token's algorithm is not allowed (see `--alg`)",
    );
}

#[test]
fn files_up_to_one_mebibyte_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let token = es256();
    let exact = write(dir.path(), "exact", vec![b'x'; 1024 * 1024]);
    usage(
        &token,
        &["--key", &exact.display().to_string()],
        "is not a supported key",
    );
    let over = write(dir.path(), "over", vec![b'x'; 1024 * 1024 + 1]);
    usage(
        &token,
        &["--key", &over.display().to_string()],
        "is larger than 1048576 bytes",
    );
}

#[test]
fn json_output_ends_with_a_newline() {
    let token = es256();
    let (code, stdout, _) = verify(&token, &["--key", &key("p256-spki.pem"), "--json"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("}\n"), "{stdout:?}");
    assert!(!stdout.ends_with("\n\n"), "{stdout:?}");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(parsed["verified"], true);
}

/// The first line of `verify`'s output for `token` with `args`, which must succeed.
fn valid_line(token: &str, args: &[&str]) -> String {
    let (code, stdout, stderr) = verify(token, args);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));
    stdout.lines().next().unwrap().to_owned()
}

#[test]
fn verify_prints_exactly_the_checks_that_ran() {
    let spki = key("p256-spki.pem");
    let signer = fixture("p256-pkcs8.pem");
    // `iat` is not checked by default: a token issued an hour from now is valid, and `iat`
    // is not named.
    let future_iat = mint(&signer, &["--claim", &format!("iat:={}", NOW + 3600)]);
    assert_eq!(
        valid_line(&future_iat, &["--key", &spki]),
        "VALID: ES256 signature verified; checked exp, aud absent"
    );
    // Without `exp` and with `--allow-missing-exp`, `exp` was not checked.
    let no_exp = mint(&signer, &["--no-exp"]);
    assert_eq!(
        valid_line(&no_exp, &["--key", &spki, "--allow-missing-exp"]),
        "VALID: ES256 signature verified; checked aud absent"
    );
    // With `--allow-missing-exp`, a present `exp` still is.
    let with_exp = mint(&signer, &[]);
    assert_eq!(
        valid_line(&with_exp, &["--key", &spki, "--allow-missing-exp"]),
        "VALID: ES256 signature verified; checked exp, aud absent"
    );
    // `nbf` is named when the token has one; `alg` when `--alg` pins it.
    let with_nbf = mint(
        &signer,
        &["--claim", &format!("nbf:={}", NOW - 10), "--aud", "api"],
    );
    assert_eq!(
        valid_line(
            &with_nbf,
            &["--key", &spki, "--alg", "ES256", "--aud", "api"]
        ),
        "VALID: ES256 signature verified; checked alg, exp, nbf, aud"
    );
    // A blank `--scope` asks for nothing, so nothing is checked.
    let plain = mint(&signer, &["--sub", "alice"]);
    assert_eq!(
        valid_line(&plain, &["--key", &spki, "--scope", " ", "--sub", "alice"]),
        "VALID: ES256 signature verified; checked exp, sub, aud absent"
    );
    // The access token preset names the claims it requires, except those checked for value.
    let access = mint(
        &signer,
        &[
            "--typ",
            "at+jwt",
            "--iss",
            "i",
            "--aud",
            "a",
            "--sub",
            "s",
            "--jti",
            "j",
            "--claim",
            "client_id=c",
        ],
    );
    assert_eq!(
        valid_line(
            &access,
            &[
                "--key",
                &spki,
                "--access-token",
                "--iss",
                "i",
                "--aud",
                "a",
                "--sub",
                "s"
            ]
        ),
        "VALID: ES256 signature verified; checked typ, exp, iss, sub, aud, iat present, \
         jti present, client_id present (RFC 9068 access token)"
    );
}
