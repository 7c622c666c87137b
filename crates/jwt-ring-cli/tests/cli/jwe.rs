//! `jwt encrypt`, `jwt decrypt` and `jwt inspect` of a JWE: round trips for every kind of key,
//! tokens of other implementations, refused keys and tokens, and nested JWTs.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

use crate::{jwt, mint, one_line_error, write};

/// A key of the repository's JWE interop fixtures (`tests/interop/keys/jwe/`).
fn interop_key(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/interop/keys/jwe")
        .join(name)
}

/// The token and plaintext of the interop fixture of `lib` (`jose` or `jwcrypto`) for `alg`,
/// `enc` and `key`.
fn interop_token(lib: &str, alg: &str, enc: &str, key: &str) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../tests/interop/fixtures/jwe_from_{lib}.json"));
    let fixtures: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let entry = fixtures["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["alg"] == alg && entry["enc"] == enc && entry["key"] == key)
        .unwrap();
    (
        entry["token"].as_str().unwrap().to_owned(),
        entry["plaintext"].as_str().unwrap().to_owned(),
    )
}

/// `jwt encrypt` with `args` and the plaintext on standard input; the token.
fn encrypt(args: &[&str], plaintext: &[u8]) -> String {
    let output = jwt()
        .arg("encrypt")
        .args(args)
        .write_stdin(plaintext.to_vec())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "encrypt {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    assert!(token.ends_with('\n'));
    let token = token.trim().to_owned();
    assert_eq!(token.split('.').count(), 5, "{token}");
    token
}

/// `jwt decrypt TOKEN` with `args`; standard output, which must be exactly the plaintext.
fn decrypt(token: &str, args: &[&str]) -> Vec<u8> {
    let output = jwt().arg("decrypt").arg(token).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "decrypt {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The protected header of `token`, from `inspect --json`.
fn header_of(token: &str) -> Value {
    let output = jwt().args(["inspect", "--json", token]).output().unwrap();
    assert!(output.status.success());
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    document["header"].clone()
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A plaintext that is not UTF-8 and ends with a newline: decrypt must give these bytes back.
const BINARY: &[u8] = b"\x00\xffplain\ttext\xc3\n";

#[test]
fn symmetric_round_trips_dir_a256kw_a256gcmkw() {
    let dir = tempfile::tempdir().unwrap();
    // dir: a raw 32-byte secret file is the A256GCM content key itself.
    let secret = write(dir.path(), "cek", [7u8; 32]);
    let token = encrypt(&["--key", path(&secret), "--alg", "dir"], BINARY);
    assert_eq!(header_of(&token)["alg"], "dir");
    assert_eq!(header_of(&token)["enc"], "A256GCM");
    assert_eq!(
        decrypt(&token, &["--key", path(&secret), "--alg", "dir"]),
        BINARY
    );

    // A256KW: the interop `oct` JWK names its algorithm; no `--alg` needed.
    let kw = interop_key("A256KW.private.jwk.json");
    let token = encrypt(&["--key", path(&kw), "--enc", "A128CBC-HS256"], BINARY);
    let header = header_of(&token);
    assert_eq!(header["alg"], "A256KW");
    assert_eq!(header["enc"], "A128CBC-HS256");
    assert_eq!(header["kid"], "interop-jwe-A256KW");
    assert_eq!(decrypt(&token, &["--key", path(&kw)]), BINARY);

    // A256GCMKW: a secret from the environment, never from an argument.
    let output = jwt()
        .args([
            "encrypt",
            "--secret-env",
            "JWE_TEST_KEY",
            "--alg",
            "A256GCMKW",
        ])
        .args(["--kid", "k-1", "--typ", "JWT", "hello"])
        .env("JWE_TEST_KEY", "0123456789abcdef0123456789abcdef")
        .output()
        .unwrap();
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    let header = header_of(&token);
    assert_eq!(header["alg"], "A256GCMKW");
    assert_eq!(header["kid"], "k-1");
    assert_eq!(header["typ"], "JWT");
    assert!(header["iv"].is_string() && header["tag"].is_string());
    let output = jwt()
        .args(["decrypt", &token, "--secret-env", "JWE_TEST_KEY"])
        .args(["--alg", "A256GCMKW", "--quiet"])
        .env("JWE_TEST_KEY", "0123456789abcdef0123456789abcdef")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, b"hello");
    assert!(output.stderr.is_empty(), "--quiet prints no header");
}

#[test]
fn rsa_oaep_256_round_trips_with_jwk_and_pem() {
    for (public, private) in [
        (
            "RSA-OAEP-256.public.jwk.json",
            "RSA-OAEP-256.private.jwk.json",
        ),
        ("RSA-OAEP-256.public.pem", "RSA-OAEP-256.private.pem"),
    ] {
        let public = interop_key(public);
        let private = interop_key(private);
        // The JWK names its algorithm; a PEM key names none, so `--alg` is given for both.
        let token = encrypt(
            &["--key", path(&public), "--alg", "RSA-OAEP-256"],
            b"to rsa",
        );
        assert_eq!(header_of(&token)["alg"], "RSA-OAEP-256");
        assert_eq!(decrypt(&token, &["--key", path(&private)]), b"to rsa");
        // A private key encrypts as its public key.
        let token = encrypt(
            &["--key", path(&private), "--alg", "RSA-OAEP-256"],
            b"again",
        );
        assert_eq!(
            decrypt(&token, &["--key", path(&private), "--alg", "RSA-OAEP-256"]),
            b"again"
        );
    }
}

#[test]
fn ecdh_es_round_trips_with_pem_and_jwk() {
    // ECDH-ES with PEM keys made by `jwt keygen` (P-256).
    let dir = tempfile::tempdir().unwrap();
    jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(dir.path().join("k"))
        .assert()
        .success();
    let public = dir.path().join("k.pub.pem");
    let private = dir.path().join("k.key.pem");
    let token = encrypt(&["--key", path(&public), "--alg", "ECDH-ES"], BINARY);
    let header = header_of(&token);
    assert_eq!(header["alg"], "ECDH-ES");
    assert_eq!(header["epk"]["crv"], "P-256");
    assert_eq!(decrypt(&token, &["--key", path(&private)]), BINARY);

    // ECDH-ES+A128KW with the interop JWKs, which name no `alg` (each serves three).
    for curve in ["P-256", "P-384", "P-521", "X25519"] {
        let public = interop_key(&format!("ECDH-{curve}.public.jwk.json"));
        let private = interop_key(&format!("ECDH-{curve}.private.jwk.json"));
        let token = encrypt(
            &["--key", path(&public), "--alg", "ECDH-ES+A128KW"],
            curve.as_bytes(),
        );
        assert_eq!(header_of(&token)["alg"], "ECDH-ES+A128KW");
        assert_eq!(
            decrypt(&token, &["--key", path(&private)]),
            curve.as_bytes()
        );
    }
}

#[test]
fn plaintext_from_an_argument_a_file_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let kw = interop_key("A256KW.private.jwk.json");
    let file = write(dir.path(), "message", BINARY);
    let output = jwt()
        .args(["encrypt", "--key", path(&kw), "--in", path(&file)])
        .output()
        .unwrap();
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap();
    assert_eq!(decrypt(token.trim(), &["--key", path(&kw)]), BINARY);
    let output = jwt()
        .args(["encrypt", "--key", path(&kw), "an argument"])
        .output()
        .unwrap();
    let token = String::from_utf8(output.stdout).unwrap();
    assert_eq!(decrypt(token.trim(), &["--key", path(&kw)]), b"an argument");
    let token = encrypt(&["--key", path(&kw), "-"], b"stdin\n");
    assert_eq!(decrypt(&token, &["--key", path(&kw)]), b"stdin\n");
    // The token itself may come from standard input.
    jwt()
        .args(["decrypt", "--key", path(&kw)])
        .write_stdin(format!("{token}\n"))
        .assert()
        .success()
        .stdout("stdin\n");
}

#[test]
fn decrypts_tokens_of_jose_and_jwcrypto() {
    // panva/jose, RSA-OAEP-256 with A256GCM: the PEM private key and the JWK.
    let (token, plaintext) = interop_token("jose", "RSA-OAEP-256", "A256GCM", "RSA-OAEP-256");
    for key in ["RSA-OAEP-256.private.pem", "RSA-OAEP-256.private.jwk.json"] {
        let key = interop_key(key);
        assert_eq!(
            decrypt(&token, &["--key", path(&key), "--quiet"]),
            plaintext.as_bytes()
        );
    }
    // jwcrypto, ECDH-ES+A256KW on X25519 with A256CBC-HS512 (`apu` and `apv` set).
    let (token, plaintext) =
        interop_token("jwcrypto", "ECDH-ES+A256KW", "A256CBC-HS512", "ECDH-X25519");
    let key = interop_key("ECDH-X25519.private.jwk.json");
    jwt()
        .args(["decrypt", &token, "--key", path(&key)])
        .assert()
        .success()
        .stdout(plaintext.clone())
        .stderr(predicate::str::starts_with(
            "DECRYPTED: ECDH-ES+A256KW key management, A256CBC-HS512 content encryption",
        ))
        .stderr(predicate::str::contains("\"apu\""));
    // jose, A128KW, from a private JWK Set holding several keys: `kid` chooses.
    let (token, plaintext) = interop_token("jose", "A128KW", "A128GCM", "A128KW");
    let dir = tempfile::tempdir().unwrap();
    let set = jwk_set(
        dir.path(),
        &["A128KW.private.jwk.json", "A256KW.private.jwk.json"],
    );
    assert_eq!(
        decrypt(&token, &["--jwks", path(&set), "--quiet"]),
        plaintext.as_bytes()
    );
}

/// A JWK Set file of interop keys.
fn jwk_set(dir: &Path, keys: &[&str]) -> PathBuf {
    let keys: Vec<Value> = keys
        .iter()
        .map(|name| serde_json::from_slice(&std::fs::read(interop_key(name)).unwrap()).unwrap())
        .collect();
    write(
        dir,
        "set.json",
        serde_json::json!({ "keys": keys }).to_string(),
    )
}

#[test]
fn a_wrong_key_is_one_clear_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let right = write(dir.path(), "right", [1u8; 32]);
    let wrong = write(dir.path(), "wrong", [2u8; 32]);
    let token = encrypt(&["--key", path(&right), "--alg", "dir"], b"top secret text");
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&wrong), "--alg", "dir"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    one_line_error(&output.stderr, "jwt: invalid token: decryption failed");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("top secret"));

    // A key of another algorithm: the token's `alg` is not one it decrypts.
    let rsa = interop_key("RSA-OAEP-256.private.jwk.json");
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&rsa)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(
        &output.stderr,
        "`alg` is not allowed: accepted: RSA-OAEP-256",
    );

    // A public key cannot decrypt: a usage error, exit 2.
    let public = interop_key("RSA-OAEP-256.public.pem");
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&public)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "decrypting needs the private key");

    // An `enc` outside `--enc`.
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&right), "--alg", "dir"])
        .args(["--enc", "A128GCM"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "`enc` is not allowed (see `--enc`)");
}

#[test]
fn a_key_for_another_algorithm_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    // The JWK says A128KW; `--alg A256KW` is refused, naming both.
    let a128kw = interop_key("A128KW.private.jwk.json");
    let output = jwt()
        .args(["encrypt", "--key", path(&a128kw), "--alg", "A256KW", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    one_line_error(
        &output.stderr,
        "is for `A128KW` (its `alg`), not `A256KW`: a key is used only for its own algorithm",
    );
    // In a JWK Set, the key chosen by `kid` is refused the same way.
    let set = jwk_set(
        dir.path(),
        &["A128KW.private.jwk.json", "A256KW.private.jwk.json"],
    );
    let output = jwt()
        .args([
            "encrypt",
            "--jwks",
            path(&set),
            "--kid",
            "interop-jwe-A128KW",
        ])
        .args(["--alg", "A256KW", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "key `interop-jwe-A128KW` is for `A128KW`");
    // Two keys fit without `--kid`.
    let output = jwt()
        .args(["encrypt", "--jwks", path(&set), "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "choose one with `--kid`");
    // With `--kid`, that key, and its `kid` in the header.
    let output = jwt()
        .args([
            "encrypt",
            "--jwks",
            path(&set),
            "--kid",
            "interop-jwe-A256KW",
            "x",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap();
    assert_eq!(header_of(token.trim())["alg"], "A256KW");
    assert_eq!(header_of(token.trim())["kid"], "interop-jwe-A256KW");

    // A signing key (`use: sig`) never encrypts.
    jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(dir.path().join("sig"))
        .assert()
        .success();
    let output = jwt()
        .args(["encrypt", "--alg", "ECDH-ES", "x", "--key"])
        .arg(dir.path().join("sig.pub.jwk"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "has `use: sig`");
    // An RSA key for ECDH-ES, and a PEM key without `--alg`.
    let rsa = interop_key("RSA-OAEP-256.public.pem");
    let output = jwt()
        .args(["encrypt", "--key", path(&rsa), "--alg", "ECDH-ES", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(
        &output.stderr,
        "is an RSA public key, which cannot be used for ECDH-ES",
    );
    let output = jwt()
        .args(["encrypt", "--key", path(&rsa), "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "give `--alg` RSA-OAEP, RSA-OAEP-256");
    // A `dir` key of the wrong length for `--enc`.
    let short = write(dir.path(), "short", [3u8; 16]);
    let output = jwt()
        .args(["encrypt", "--key", path(&short), "--alg", "dir", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "A256GCM needs a key of 32 bytes");
    // An unknown or refused algorithm is a parser error.
    let output = jwt()
        .args(["encrypt", "--key", path(&short), "--alg", "RSA1_5", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("RSA-OAEP-256"));
}

#[test]
fn inspect_shows_a_jwe_header_without_decrypting() {
    let kw = interop_key("A256KW.private.jwk.json");
    let token = encrypt(
        &["--key", path(&kw), "--typ", "JWT", "--cty", "text/plain"],
        b"the secret plaintext",
    );
    let output = jwt().args(["inspect", &token]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("ENCRYPTED: a JWE; its content was NOT decrypted (use `jwt decrypt`)"),
        "{stdout}"
    );
    assert!(stdout.contains("Protected header\n{\n  \"alg\": \"A256KW\",\n"));
    assert!(stdout.contains("\"cty\": \"text/plain\""));
    assert!(stdout.contains("Encrypted key 40 bytes"), "{stdout}");
    assert!(stdout.contains("IV            12 bytes"), "{stdout}");
    assert!(stdout.contains("Ciphertext    20 bytes"), "{stdout}");
    assert!(stdout.contains("Tag           16 bytes"), "{stdout}");
    assert!(!stdout.contains("secret plaintext"));
    assert!(output.stderr.is_empty());

    let document = crate::inspect_json(&token);
    assert_eq!(document["encrypted"], true);
    assert_eq!(document["decrypted"], false);
    assert_eq!(document["header"]["enc"], "A256GCM");
    assert_eq!(document["ciphertext_bytes"], 20);
    assert_eq!(document["nested"], false);

    // A malformed JWE is still a one-line invalid token.
    let output = jwt()
        .args(["inspect", "e30..AAAA.AAAA.d!"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(
        &output.stderr,
        "malformed token: JWE Tag is not strict base64url",
    );
}

#[test]
fn a_jws_given_to_decrypt_and_a_jwe_given_to_verify_name_the_other_command() {
    let dir = tempfile::tempdir().unwrap();
    jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(dir.path().join("iss"))
        .assert()
        .success();
    let signed = mint(&dir.path().join("iss.key.pem"), &["--sub", "alice"]);
    let kw = interop_key("A256KW.private.jwk.json");
    let output = jwt()
        .args(["decrypt", &signed, "--key", path(&kw)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "is a JWS (three segments), not a JWE");
    one_line_error(&output.stderr, "`jwt verify`");

    let token = encrypt(&["--key", path(&kw)], b"x");
    let output = jwt()
        .args(["verify", &token, "--key"])
        .arg(dir.path().join("iss.pub.pem"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "token is a JWE (five segments), not a JWS");
    one_line_error(&output.stderr, "decrypt it with `jwt decrypt`");
}

#[test]
fn nested_jwt_decrypted_and_verified_in_one_command() {
    let dir = tempfile::tempdir().unwrap();
    jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(dir.path().join("iss"))
        .assert()
        .success();
    let issuer_key = dir.path().join("iss.pub.pem");
    let signed = mint(
        &dir.path().join("iss.key.pem"),
        &["--sub", "alice", "--aud", "api"],
    );
    let public = interop_key("RSA-OAEP-256.public.jwk.json");
    let private = interop_key("RSA-OAEP-256.private.jwk.json");
    // The signed token on standard input, with the newline `mint` wrote.
    let token = encrypt(
        &["--key", path(&public), "--cty", "JWT"],
        format!("{signed}\n").as_bytes(),
    );
    assert_eq!(header_of(&token)["cty"], "JWT");
    assert_eq!(crate::inspect_json(&token)["nested"], true);

    jwt()
        .args(["decrypt", &token, "--key", path(&private), "--aud", "api"])
        .arg("--verify-key")
        .arg(&issuer_key)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "VALID: RSA-OAEP-256 key management, A256GCM content encryption, \
             kid `interop-jwe-RSA-OAEP-256`; nested JWT: ES256 signature verified; checked exp, aud",
        ))
        .stdout(predicate::str::contains("\"sub\": \"alice\""));

    // A failed check of the inner token: exit 1, naming the layer and the claim.
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&private), "--aud", "web"])
        .arg("--verify-key")
        .arg(&issuer_key)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    one_line_error(
        &output.stderr,
        "inner JWS: claim `aud` is not an accepted value",
    );

    // Signed by another key: the signature check fails.
    jwt()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(dir.path().join("other"))
        .assert()
        .success();
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&private), "--aud", "api"])
        .arg("--verify-key")
        .arg(dir.path().join("other.pub.pem"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "inner JWS: ");

    // Without a verification key: the inner token, and a warning that it is NOT verified.
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&private)])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, signed.as_bytes());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("signature was NOT verified"), "{stderr}");
    assert!(stderr.contains("\"cty\": \"JWT\""), "{stderr}");

    // Claim checks without a verification key are a usage error.
    let output = jwt()
        .args(["decrypt", &token, "--key", path(&private), "--aud", "api"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "give `--verify-key`");

    // `--cty JWT` refuses a plaintext that is not a signed token.
    let output = jwt()
        .args(["encrypt", "--key", path(&public), "--cty", "JWT", "{}"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "the plaintext must be a signed token");

    // A token that is not nested has nothing to verify.
    let plain = encrypt(&["--key", path(&public)], b"{}");
    let output = jwt()
        .args(["decrypt", &plain, "--key", path(&private)])
        .arg("--verify-key")
        .arg(&issuer_key)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    one_line_error(&output.stderr, "not a nested JWT");
}

#[test]
fn jwk_set_decryption_skips_signing_and_public_keys_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let set = jwk_set(
        dir.path(),
        &[
            "A256KW.private.jwk.json",
            "RSA-OAEP-256.public.jwk.json",
            "../ES256.private.jwk.json",
        ],
    );
    let kw = interop_key("A256KW.private.jwk.json");
    let token = encrypt(&["--key", path(&kw)], b"from a set");
    let output = jwt()
        .args(["decrypt", &token, "--quiet", "--jwks", path(&set)])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, b"from a set");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("key #1 (kid `interop-jwe-RSA-OAEP-256`) skipped: holds a public key"),
        "{stderr}"
    );
    assert!(
        stderr.contains("key #2 (kid `interop-ES256`) skipped: has `use: sig`"),
        "{stderr}"
    );
}

#[test]
fn help_and_completions_know_the_new_commands() {
    let output = jwt().arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(
        help.contains("encrypt") && help.contains("decrypt"),
        "{help}"
    );
    let output = jwt().args(["completions", "bash"]).output().unwrap();
    let script = String::from_utf8(output.stdout).unwrap();
    assert!(
        script.contains("--verify-key"),
        "completions lack decrypt's flags"
    );
    assert!(script.contains("--cty"), "completions lack encrypt's flags");
}

#[test]
fn pem_and_der_keys_in_every_format() {
    let fixture = crate::fixture;
    for (public, private, alg) in [
        ("rsa2048-spki.pem", "rsa2048-pkcs1.pem", "RSA-OAEP"),
        ("rsa2048-cert.pem", "rsa2048-pkcs8.der", "RSA-OAEP-256"),
        (
            "rsa2048-pkcs1-public.pem",
            "rsa2048-pkcs1.der",
            "RSA-OAEP-256",
        ),
        ("rsa2048-spki.der", "rsa2048-pkcs8.pem", "RSA-OAEP"),
        ("p256-cert.der", "p256-sec1.der", "ECDH-ES"),
        ("p384-spki.pem", "p384-sec1.pem", "ECDH-ES+A256KW"),
        ("p256-spki.der", "p256-sec1-no-public.pem", "ECDH-ES+A128KW"),
        ("p384-cert.pem", "p384-pkcs8.der", "ECDH-ES"),
    ] {
        let public = fixture(public);
        let private = fixture(private);
        let token = encrypt(&["--key", path(&public), "--alg", alg], alg.as_bytes());
        assert_eq!(header_of(&token)["alg"], alg);
        assert_eq!(
            decrypt(&token, &["--key", path(&private), "--quiet"]),
            alg.as_bytes(),
            "{alg} with {}",
            private.display()
        );
    }
    for (file, alg, message) in [
        ("rsa1024-spki.pem", "RSA-OAEP", "shorter than 2048 bits"),
        ("ed25519-spki.pem", "ECDH-ES", "a key type JWE does not use"),
        ("p256-spki-compressed.pem", "ECDH-ES", "not uncompressed"),
        ("encrypted-pkcs8.pem", "RSA-OAEP", "encrypted private key"),
        (
            "rsa2048-pkcs1-encrypted.pem",
            "RSA-OAEP",
            "encrypted private key",
        ),
        (
            "p256-pkcs8.pem",
            "RSA-OAEP",
            "a P-256 private key, which cannot be used for RSA-OAEP",
        ),
    ] {
        let output = jwt()
            .args(["encrypt", "x", "--alg", alg, "--key"])
            .arg(fixture(file))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{file}");
        one_line_error(&output.stderr, message);
    }
    // A PEM key is never a symmetric secret.
    let output = jwt()
        .args(["encrypt", "x", "--alg", "dir", "--key"])
        .arg(fixture("p256-pkcs8.pem"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "is a PEM key; a dir, A128KW");
}

#[test]
fn decrypt_json_for_scripts() {
    let kw = interop_key("A256KW.private.jwk.json");
    let token = encrypt(&["--key", path(&kw)], BINARY);
    let output = jwt()
        .args(["decrypt", &token, "--json", "--key", path(&kw)])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["decrypted"], true);
    assert_eq!(document["verified"], false);
    assert_eq!(document["header"]["alg"], "A256KW");
    // Not UTF-8: no text, the bytes in base64url.
    assert_eq!(document["plaintext"], Value::Null);
    assert_eq!(document["plaintext_base64url"], "AP9wbGFpbgl0ZXh0wwo");

    // A nested JWT verified: the inner token's header and claims under `inner`.
    let dir = tempfile::tempdir().unwrap();
    jwt()
        .args(["keygen", "--alg", "EdDSA", "--out"])
        .arg(dir.path().join("iss"))
        .assert()
        .success();
    let signed = mint(&dir.path().join("iss.key.pem"), &["--sub", "bob"]);
    let token = encrypt(&["--key", path(&kw), "--cty", "JWT"], signed.as_bytes());
    let output = jwt()
        .args([
            "decrypt",
            &token,
            "--json",
            "--key",
            path(&kw),
            "--verify-key",
        ])
        .arg(dir.path().join("iss.pub.pem"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["verified"], true);
    assert_eq!(document["nested"], true);
    assert_eq!(document["plaintext"], signed.as_str());
    assert_eq!(document["inner"]["verified"], true);
    assert_eq!(document["inner"]["claims"]["sub"], "bob");
    assert_eq!(document["inner"]["header"]["alg"], "EdDSA");
}
