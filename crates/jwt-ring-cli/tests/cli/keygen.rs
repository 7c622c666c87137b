use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use predicates::prelude::*;

use crate::{jwt, one_line_error};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Whether OpenSSL reads the PEM key file (`openssl pkey [-pubin] -in FILE -noout`). Without an
/// `openssl` command on the machine, says so on standard error and passes.
fn openssl_reads(path: &Path, public: bool) {
    let mut command = std::process::Command::new("openssl");
    command.arg("pkey");
    if public {
        command.arg("-pubin");
    }
    match command.arg("-in").arg(path).arg("-noout").output() {
        Ok(output) => assert!(
            output.status.success(),
            "openssl pkey refused {}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "note: no `openssl` command; {} not checked with it",
                path.display()
            );
        }
        Err(error) => panic!("openssl: {error}"),
    }
}

fn thumbprint(path: &Path) -> String {
    let output = jwt().arg("thumbprint").arg(path).output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn key_pairs_are_written_with_private_files_0600() {
    for alg in ["ES256", "ES384", "ES512", "EdDSA", "RS256", "PS512"] {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("k");
        let output = jwt()
            .args(["keygen", "--alg", alg, "--out"])
            .arg(&prefix)
            .output()
            .unwrap();
        assert!(output.status.success());
        let private = dir.path().join("k.key.pem");
        let public = dir.path().join("k.pub.pem");
        let jwk = dir.path().join("k.pub.jwk");
        assert_eq!(mode(&private), 0o600);
        assert_eq!(mode(&public), 0o644);
        assert_eq!(mode(&jwk), 0o644);
        let private_text = std::fs::read_to_string(&private).unwrap();
        assert!(private_text.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(
            std::fs::read_to_string(&public)
                .unwrap()
                .starts_with("-----BEGIN PUBLIC KEY-----\n")
        );
        openssl_reads(&private, false);
        openssl_reads(&public, true);
        let jwk_json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&jwk).unwrap()).unwrap();
        assert_eq!(jwk_json["alg"], alg);
        assert!(jwk_json.get("d").is_none());
        // kid is the thumbprint of the public key, which all three files share.
        let kid = thumbprint(&private);
        assert_eq!(jwk_json["kid"], kid.as_str());
        assert_eq!(thumbprint(&public), kid);
        assert_eq!(thumbprint(&jwk), kid);
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            stdout,
            format!(
                "wrote {} (private, mode 0600)\nwrote {}\nwrote {}\nkid: {kid}\n",
                private.display(),
                public.display(),
                jwk.display()
            )
        );
        // The private key is never on standard output.
        assert!(!stdout.contains("PRIVATE"));
    }
}

#[test]
fn hmac_secret_is_one_private_jwk() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("h");
    jwt()
        .args(["keygen", "--alg", "HS512", "--kid", "mac-1", "--out"])
        .arg(&prefix)
        .assert()
        .success()
        .stdout(predicate::str::contains("(private, mode 0600)"))
        .stdout(predicate::str::ends_with("kid: mac-1\n"));
    let path = dir.path().join("h.key.jwk");
    assert_eq!(mode(&path), 0o600);
    let jwk: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(jwk["kty"], "oct");
    assert_eq!(jwk["alg"], "HS512");
    assert_eq!(jwk["kid"], "mac-1");
    assert_eq!(jwk["k"].as_str().unwrap().len(), 86);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // Without --kid, the kid is the thumbprint.
    jwt()
        .args(["keygen", "--alg", "HS256", "--out"])
        .arg(dir.path().join("t"))
        .assert()
        .success();
    let jwk_path = dir.path().join("t.key.jwk");
    let jwk: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&jwk_path).unwrap()).unwrap();
    assert_eq!(jwk["kid"], thumbprint(&jwk_path).as_str());
}

#[test]
fn custom_kid() {
    let dir = tempfile::tempdir().unwrap();
    jwt()
        .args(["keygen", "--alg", "ES256", "--kid", "2026-12", "--out"])
        .arg(dir.path().join("k"))
        .assert()
        .success()
        .stdout(predicate::str::ends_with("kid: 2026-12\n"));
    let jwk = std::fs::read_to_string(dir.path().join("k.pub.jwk")).unwrap();
    assert!(jwk.contains("\"kid\": \"2026-12\""));
}

#[test]
fn secrets_are_printed_only_when_asked() {
    let output = jwt().args(["keygen", "--alg", "ES256"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    one_line_error(
        &output.stderr,
        "give `--out PREFIX` to write the key to files, or `--show-secret`",
    );
    jwt()
        .args(["keygen", "--alg", "EdDSA", "--show-secret"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("-----BEGIN PRIVATE KEY-----\n"))
        .stdout(predicate::str::contains("-----BEGIN PUBLIC KEY-----\n"))
        .stdout(predicate::str::contains("\"crv\": \"Ed25519\""));
    jwt()
        .args(["keygen", "--alg", "HS256", "--show-secret"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"kty\": \"oct\""))
        .stdout(predicate::str::contains("\"k\": "));
}

/// The length of an RSA JWK's `n` in bytes.
fn modulus_len(jwk: &serde_json::Value) -> usize {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(jwk["n"].as_str().unwrap())
        .unwrap()
        .len()
}

#[test]
fn rsa_keys_have_the_bits_asked_for() {
    for (alg, bits, len) in [
        ("RS256", None, 256),
        ("PS384", Some("3072"), 384),
        ("RS512", Some("4096"), 512),
        ("PS256", Some("2048"), 256),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut command = jwt();
        command
            .args(["keygen", "--alg", alg, "--out"])
            .arg(dir.path().join("k"));
        if let Some(bits) = bits {
            command.args(["--bits", bits]);
        }
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{alg}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let jwk: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("k.pub.jwk")).unwrap())
                .unwrap();
        assert_eq!(jwk["kty"], "RSA");
        assert_eq!(jwk["alg"], alg);
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(modulus_len(&jwk), len, "{alg} {bits:?}");
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            assert!(jwk.get(private).is_none(), "{jwk}");
        }
    }
}

#[test]
fn other_rsa_sizes_and_bits_without_rsa_are_refused() {
    for bits in ["1024", "8192", "2047", "big"] {
        let dir = tempfile::tempdir().unwrap();
        let output = jwt()
            .args(["keygen", "--alg", "RS256", "--bits", bits, "--out"])
            .arg(dir.path().join("k"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("invalid value '{bits}' for '--bits <BITS>'")),
            "{stderr}"
        );
        assert!(
            stderr.contains("[possible values: 2048, 3072, 4096]"),
            "{stderr}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
    for alg in ["ES256", "ES512", "EdDSA", "HS256"] {
        let dir = tempfile::tempdir().unwrap();
        let output = jwt()
            .args(["keygen", "--alg", alg, "--bits", "2048", "--out"])
            .arg(dir.path().join("k"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        one_line_error(
            &output.stderr,
            &format!(
                "jwt: `--bits` is for RSA keys (RS256 to PS512): an {alg} key has a fixed size"
            ),
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
    // The help says which sizes and the default.
    let help = jwt().args(["keygen", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("--bits <BITS>"), "{help}");
    assert!(help.contains("[default: 2048]"), "{help}");
    for value in ["2048", "3072", "4096"] {
        assert!(help.contains(&format!("- {value}:")), "{value}: {help}");
    }
}

const ALGS: [&str; 13] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    "HS256", "HS384", "HS512",
];

const OFFERED: &str = "[possible values: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384, HS512]";

#[test]
fn keygen_alg_lists_exactly_the_values_it_accepts() {
    // Short help lists the values; long help describes each.
    let short = jwt().args(["keygen", "-h"]).output().unwrap();
    let short = String::from_utf8(short.stdout).unwrap();
    assert!(short.contains(OFFERED), "{short}");
    let long = jwt().args(["keygen", "--help"]).output().unwrap();
    let long = String::from_utf8(long.stdout).unwrap();
    for value in ALGS {
        assert!(long.contains(&format!("- {value}: ")), "{value}: {long}");
    }
    assert!(
        long.contains("RSA and ES512 keys are generated with aws-lc, whatever `--backend` says"),
        "{long}"
    );
    // An unknown value is refused by the parser, naming exactly those values.
    for value in ["none", "es256", "ES521", "RSA"] {
        let output = jwt().args(["keygen", "--alg", value]).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("invalid value '{value}'")),
            "{stderr}"
        );
        assert!(stderr.contains(OFFERED), "{stderr}");
    }
    // Each listed value makes a key for it.
    for value in ALGS {
        jwt()
            .args(["keygen", "--show-secret", "--alg", value])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("\"alg\": \"{value}\"")));
    }
}

#[test]
fn existing_files_need_force_and_stay_private() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("k");
    let private = dir.path().join("k.key.pem");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(&prefix)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "exists: pass `--force` to overwrite it");
    assert_eq!(std::fs::read_to_string(&private).unwrap(), "old");
    jwt()
        .args(["keygen", "--alg", "ES256", "--force", "--out"])
        .arg(&prefix)
        .assert()
        .success();
    assert_eq!(mode(&private), 0o600);
    assert!(
        std::fs::read_to_string(&private)
            .unwrap()
            .contains("PRIVATE KEY")
    );
    let public = dir.path().join("k.pub.pem");
    let before = std::fs::read_to_string(&public).unwrap();
    jwt()
        .args(["keygen", "--alg", "ES256", "--force", "--out"])
        .arg(&prefix)
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&public).unwrap(), before);
}

#[test]
fn unwritable_directory_exits_2() {
    let output = jwt()
        .args(["keygen", "--alg", "ES256", "--out", "/nonexistent/dir/k"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        "jwt: cannot write file `/nonexistent/dir/k.key.pem`: ",
    );
}
