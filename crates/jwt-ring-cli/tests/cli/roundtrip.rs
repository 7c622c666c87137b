use predicates::prelude::*;

use crate::{jwt, mint};

/// keygen -> mint -> verify, for every algorithm keygen supports (RSA with one of each
/// scheme): with the key files and with the JWK Set `jwt jwks` makes of them.
#[test]
fn keygen_mint_verify() {
    for alg in [
        "RS256", "PS384", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512",
    ] {
        let dir = tempfile::tempdir().unwrap();
        jwt()
            .args(["keygen", "--alg", alg, "--out"])
            .arg(dir.path().join("k"))
            .assert()
            .success();
        let hmac = alg.starts_with("HS");
        let signing = dir
            .path()
            .join(if hmac { "k.key.jwk" } else { "k.key.pem" });
        // A PEM RSA key names no algorithm: without `--alg` it signs RS256.
        let pss: &[&str] = if alg.starts_with("PS") {
            &["--alg", alg]
        } else {
            &[]
        };
        let token = mint(
            &signing,
            &[&["--sub", "alice", "--aud", "api"], pss].concat(),
        );
        let verifying = if hmac {
            vec![signing.clone()]
        } else {
            vec![
                dir.path().join("k.pub.pem"),
                dir.path().join("k.pub.jwk"),
                signing.clone(),
            ]
        };
        for key in verifying {
            jwt()
                .arg("verify")
                .arg(&token)
                .arg("--key")
                .arg(&key)
                .args(["--aud", "api", "--alg", alg])
                .assert()
                .success()
                .stdout(predicate::str::starts_with(format!(
                    "VALID: {alg} signature verified"
                )));
        }
        if hmac {
            continue;
        }
        // `jwt jwks` of the public key: the set verifies the token, with or without `--alg`.
        let output = jwt()
            .arg("jwks")
            .arg(dir.path().join("k.pub.pem"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{alg}");
        let set = dir.path().join("jwks.json");
        std::fs::write(&set, &output.stdout).unwrap();
        for extra in [&[][..], &["--alg", alg]] {
            jwt()
                .arg("verify")
                .arg(&token)
                .arg("--jwks")
                .arg(&set)
                .args(["--aud", "api"])
                .args(extra)
                .assert()
                .success()
                .stdout(predicate::str::starts_with(format!(
                    "VALID: {alg} signature verified"
                )));
        }
    }
}

/// keygen twice -> jwks -> verify --jwks picks each key by kid.
#[test]
fn jwks_then_verify_with_the_set() {
    let dir = tempfile::tempdir().unwrap();
    for (name, alg) in [("a", "ES256"), ("b", "EdDSA"), ("c", "ES256")] {
        jwt()
            .args(["keygen", "--alg", alg, "--out"])
            .arg(dir.path().join(name))
            .assert()
            .success();
    }
    let output = jwt()
        .arg("jwks")
        .arg(dir.path().join("a.pub.pem"))
        .arg(dir.path().join("b.key.pem"))
        .arg(dir.path().join("c.pub.jwk"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let set = dir.path().join("jwks.json");
    std::fs::write(&set, &output.stdout).unwrap();
    for name in ["a", "b", "c"] {
        let token = mint(&dir.path().join(format!("{name}.key.pem")), &[]);
        jwt()
            .arg("verify")
            .arg("--jwks")
            .arg(&set)
            .write_stdin(format!("{token}\n"))
            .assert()
            .success()
            .stdout(predicate::str::starts_with("VALID:"));
    }
    // A key that is not in the set: no key matches.
    jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(dir.path().join("d"))
        .assert()
        .success();
    let stranger = mint(&dir.path().join("d.key.pem"), &[]);
    jwt()
        .arg("verify")
        .arg(&stranger)
        .arg("--jwks")
        .arg(&set)
        .assert()
        .code(1)
        .stderr("jwt: invalid token: no key matches the token (no key has the token's `kid` and `alg`)\n");
    // Two ES256 keys and a token without kid: ambiguous.
    let no_kid = mint(&dir.path().join("a.key.pem"), &["--kid", "unknown"]);
    jwt()
        .arg("verify")
        .arg(&no_kid)
        .arg("--jwks")
        .arg(&set)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("jwt: invalid token: "));
}
