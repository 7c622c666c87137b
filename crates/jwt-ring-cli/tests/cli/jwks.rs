use std::path::Path;

use crate::{fixture, jwt, mint, one_line_error, write};

fn jwks(files: &[&std::path::Path], args: &[&str]) -> serde_json::Value {
    let output = jwt().arg("jwks").args(files).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn public_set_from_pem_der_and_jwk() {
    let dir = tempfile::tempdir().unwrap();
    let jwk = write(
        dir.path(),
        "ed.jwk",
        r#"{"kty":"OKP","crv":"Ed25519","kid":"ed-1","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    );
    let set = jwks(
        &[
            &fixture("p256-pkcs8.pem"),
            &fixture("rsa2048-spki.der"),
            &fixture("p384-sec1.pem"),
            &jwk,
        ],
        &[],
    );
    let keys = set["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 4);
    for key in keys {
        assert!(key["kid"].is_string());
        for private in ["d", "p", "q", "dp", "dq", "qi", "k"] {
            assert!(key.get(private).is_none(), "{key}");
        }
    }
    for key in &keys[..3] {
        assert_eq!(key["use"], "sig");
    }
    assert_eq!(keys[0]["alg"], "ES256");
    assert!(keys[1].get("alg").is_none(), "{}", keys[1]);
    assert_eq!(keys[2]["alg"], "ES384");
    assert_eq!(keys[3]["kid"], "ed-1");
    let thumbprint = jwt()
        .arg("thumbprint")
        .arg(fixture("p256-spki.der"))
        .output()
        .unwrap();
    assert_eq!(
        keys[0]["kid"],
        String::from_utf8(thumbprint.stdout).unwrap().trim()
    );
    let set = jwks(&[&fixture("rsa2048-pkcs8.pem")], &["--alg", "PS256"]);
    assert_eq!(set["keys"][0]["alg"], "PS256");
    assert!(set["keys"][0].get("d").is_none());
}

fn fails(files: &[&std::path::Path], message: &str) {
    let output = jwt().arg("jwks").args(files).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    one_line_error(&output.stderr, message);
}

#[test]
fn secrets_duplicates_and_bad_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let oct = write(
        dir.path(),
        "oct.jwk",
        r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","alg":"HS256"}"#,
    );
    fails(
        &[&oct],
        "holds a symmetric secret, which has no public key to publish",
    );
    fails(
        &[Path::new("/nonexistent.pem")],
        "cannot read key file `/nonexistent.pem`",
    );
    fails(&[&fixture("README.md")], "is not a supported key");
    let output = jwt().arg("jwks").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

fn keygen(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let prefix = dir.join(name);
    jwt()
        .arg("keygen")
        .args(args)
        .arg("--out")
        .arg(&prefix)
        .assert()
        .success();
    dir.join(format!("{name}.pub.jwk"))
}

#[test]
fn jwks_names_the_duplicate_and_both_files() {
    // The same key twice, in two formats, with another key between them.
    let first = fixture("p256-spki.pem");
    let second = fixture("p256-pkcs8.der");
    let thumbprint = jwt().arg("thumbprint").arg(&first).output().unwrap().stdout;
    let thumbprint = String::from_utf8(thumbprint).unwrap();
    let thumbprint = thumbprint.trim();
    fails(
        &[&first, &fixture("rsa2048-spki.pem"), &second],
        &format!(
            "key files `{}` and `{}` hold the same key (kid `{thumbprint}`, thumbprint \
             `{thumbprint}`): give it once",
            first.display(),
            second.display()
        ),
    );
    // Two different keys given the same kid.
    let dir = tempfile::tempdir().unwrap();
    let a = keygen(dir.path(), "a", &["--alg", "EdDSA", "--kid", "k"]);
    let b = keygen(dir.path(), "b", &["--alg", "EdDSA", "--kid", "k"]);
    let c = keygen(dir.path(), "c", &["--alg", "ES256", "--kid", "other"]);
    fails(
        &[&a, &c, &b],
        &format!(
            "key files `{}` and `{}` hold different keys with the same kid `k`",
            a.display(),
            b.display()
        ),
    );
    // One kid for keys of different algorithms is allowed, as the library's JWK Set allows it.
    let d = keygen(dir.path(), "d", &["--alg", "ES256", "--kid", "k"]);
    let set = jwks(&[&a, &d], &[]);
    assert_eq!(set["keys"].as_array().unwrap().len(), 2);
    // Two RSA keys without `alg` serve the same algorithms: one kid for both is a clash.
    let rsa = fixture("rsa2048-spki.pem");
    let kid = jwks(&[&rsa], &[])["keys"][0]["kid"].clone();
    let mut other = jwks(&[&fixture("../rsa2048-other.pk8.der")], &[])["keys"][0].clone();
    other["kid"] = kid.clone();
    let other = write(dir.path(), "other.jwk", other.to_string());
    fails(
        &[&rsa, &other],
        &format!(
            "key files `{}` and `{}` hold different keys with the same kid `{}`",
            rsa.display(),
            other.display(),
            kid.as_str().unwrap()
        ),
    );
}

#[test]
fn jwks_without_alg_serves_every_rsa_algorithm() {
    let dir = tempfile::tempdir().unwrap();
    let set = jwks(&[&fixture("rsa2048-spki.pem")], &[]);
    assert!(set["keys"][0].get("alg").is_none(), "{set}");
    let path = write(dir.path(), "set.json", set.to_string());
    let path = path.display().to_string();
    for alg in ["PS256", "RS256", "PS512"] {
        let token = mint(&fixture("rsa2048-pkcs8.pem"), &["--alg", alg]);
        jwt()
            .args(["verify", &token, "--jwks", &path])
            .assert()
            .success()
            .stdout(predicates::str::starts_with(format!("VALID: {alg} ")));
    }
    // With `--alg`, the key serves that algorithm alone.
    let set = jwks(&[&fixture("rsa2048-spki.pem")], &["--alg", "PS256"]);
    assert_eq!(set["keys"][0]["alg"], "PS256");
    let pinned = write(dir.path(), "pinned.json", set.to_string());
    let token = mint(&fixture("rsa2048-pkcs8.pem"), &["--alg", "PS256"]);
    jwt()
        .args(["verify", &token, "--jwks"])
        .arg(&pinned)
        .assert()
        .success();
    let token = mint(&fixture("rsa2048-pkcs8.pem"), &["--alg", "RS256"]);
    let output = jwt()
        .args(["verify", &token, "--jwks"])
        .arg(&pinned)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "no key matches the token");
}
