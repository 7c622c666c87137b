use predicates::prelude::*;

use crate::{NOW, claims_of, fixture, inspect_json, jwt, mint, one_line_error, write};

#[test]
fn claims_from_flags_arguments_and_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "claims.json",
        r#"{"sub":"from-file","role":"reader","aud":["a","b"],"nbf":1796398800,"n":1}"#,
    );
    let token = mint(
        &fixture("p256-pkcs8.pem"),
        &[
            "--claims-json",
            &file.display().to_string(),
            "--claim",
            "role=admin",
            "--claim",
            "n:=2",
            "--claim",
            "obj:={\"x\":[1]}",
            "--sub",
            "alice",
            "--iss",
            "https://as.example",
            "--jti",
            "id-1",
        ],
    );
    let claims = claims_of(&token);
    assert_eq!(
        claims,
        serde_json::json!({
            "sub": "alice",
            "iss": "https://as.example",
            "jti": "id-1",
            "aud": ["a", "b"],
            "nbf": 1_796_398_800,
            "exp": NOW + 600,
            "iat": NOW,
            "role": "admin",
            "n": 2,
            "obj": {"x": [1]},
        })
    );
    // Registered claims are written once each.
    let payload = token.split('.').nth(1).unwrap();
    use base64::Engine as _;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    let payload = String::from_utf8(payload).unwrap();
    assert_eq!(payload.matches("\"sub\"").count(), 1);
}

#[test]
fn exp_and_iat() {
    let key = fixture("ed25519-pkcs8-v1.pem");
    let claims = claims_of(&mint(&key, &["--exp", "1h", "--no-iat"]));
    assert_eq!(claims["exp"], NOW + 3600);
    assert!(claims.get("iat").is_none());
    let claims = claims_of(&mint(&key, &["--no-exp"]));
    assert!(claims.get("exp").is_none());
    assert_eq!(claims["iat"], NOW);
    let claims = claims_of(&mint(
        &key,
        &["--claim", "exp:=1900000000", "--claim", "iat:=5"],
    ));
    assert_eq!(claims["exp"], 1_900_000_000);
    assert_eq!(claims["iat"], 5);
    // The flags override the claims file; `--no-exp` and `--no-iat` remove its members.
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "c.json", r#"{"exp":1900000000,"iat":5}"#);
    let file = file.display().to_string();
    let claims = claims_of(&mint(&key, &["--claims-json", &file, "--exp", "2m"]));
    assert_eq!(claims["exp"], NOW + 120);
    assert_eq!(claims["iat"], 5);
    let claims = claims_of(&mint(
        &key,
        &["--claims-json", &file, "--no-exp", "--no-iat"],
    ));
    assert!(claims.get("exp").is_none() && claims.get("iat").is_none());
    let claims = claims_of(&mint(&key, &["--aud", "only"]));
    assert_eq!(claims["aud"], "only");
}

#[test]
fn header_kid_and_typ() {
    let key = fixture("p256-pkcs8.pem");
    let header = &inspect_json(&mint(&key, &[]))["header"];
    let thumbprint = jwt()
        .arg("thumbprint")
        .arg(fixture("p256-spki.pem"))
        .output()
        .unwrap()
        .stdout;
    let thumbprint = String::from_utf8(thumbprint).unwrap();
    assert_eq!(header["kid"], thumbprint.trim());
    assert_eq!(header["typ"], "JWT");
    assert_eq!(header["alg"], "ES256");
    let header = &inspect_json(&mint(&key, &["--kid", "k-1", "--typ", "at+jwt"]))["header"];
    assert_eq!(header["kid"], "k-1");
    assert_eq!(header["typ"], "at+jwt");
    // A JWK keeps its own kid; an HMAC secret gets none.
    let dir = tempfile::tempdir().unwrap();
    let jwk = write(
        dir.path(),
        "k.jwk",
        r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","alg":"HS256","kid":"mine"}"#,
    );
    assert_eq!(inspect_json(&mint(&jwk, &[]))["header"]["kid"], "mine");
    let secret = write(dir.path(), "secret", [7u8; 32]);
    let header = &inspect_json(&mint(&secret, &["--alg", "HS256"]))["header"];
    assert!(header.get("kid").is_none());
    assert_eq!(header["alg"], "HS256");
}

#[test]
fn hmac_tokens_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let secret = write(dir.path(), "secret", [7u8; 32]);
    let token = mint(&secret, &["--alg", "HS256", "--sub", "s", "--no-iat"]);
    assert_eq!(
        token.split('.').nth(1).unwrap(),
        "eyJzdWIiOiJzIiwiZXhwIjoxNzk2Mzk5NDM1fQ"
    );
}

fn mint_fails(args: &[&str], code: i32, message: &str) {
    let output = jwt().arg("mint").args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    one_line_error(&output.stderr, message);
}

#[test]
fn errors_exit_2() {
    let private = fixture("p256-pkcs8.pem").display().to_string();
    let public = fixture("p256-spki.pem").display().to_string();
    mint_fails(
        &["--key", &public],
        2,
        "holds a public key; signing needs the private key",
    );
    let dir = tempfile::tempdir().unwrap();
    let public_jwk = write(
        dir.path(),
        "pub.jwk",
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    );
    mint_fails(
        &["--key", &public_jwk.display().to_string()],
        2,
        "cannot sign: JWK holds no private key material",
    );
    mint_fails(
        &["--key", "/nonexistent"],
        2,
        "cannot read key file `/nonexistent`",
    );
    mint_fails(
        &["--key", &private, "--claim", "x"],
        2,
        "`--claim x`: expected NAME=TEXT or NAME:=JSON",
    );
    mint_fails(
        &["--key", &private, "--claim", "=x"],
        2,
        "the name is empty",
    );
    mint_fails(
        &["--key", &private, "--claim", "x:={"],
        2,
        "`--claim x:=...`: the value is not JSON",
    );
    mint_fails(
        &["--key", &private, "--claim", "sub:=1"],
        2,
        "claim `sub` must be a string",
    );
    mint_fails(
        &["--key", &private, "--claim", "iss:=1"],
        2,
        "claim `iss` must be a string",
    );
    mint_fails(
        &["--key", &private, "--claim", "jti:=1"],
        2,
        "claim `jti` must be a string",
    );
    mint_fails(
        &["--key", &private, "--claim", "aud:=1"],
        2,
        "claim `aud` must be a string or an array of strings",
    );
    mint_fails(
        &["--key", &private, "--claim", "aud:=[1]"],
        2,
        "claim `aud` must be a string or an array of strings",
    );
    mint_fails(
        &["--key", &private, "--claim", "exp:=\"x\""],
        2,
        "claim `exp` must be whole seconds",
    );
    mint_fails(
        &["--key", &private, "--claim", "nbf:=1.5"],
        2,
        "claim `nbf` must be whole seconds",
    );
    mint_fails(
        &["--key", &private, "--claim", "iat:=-99999999999999"],
        2,
        "claim `iat` must be whole seconds",
    );
    let array = write(dir.path(), "claims.json", "[1]");
    mint_fails(
        &[
            "--key",
            &private,
            "--claims-json",
            &array.display().to_string(),
        ],
        2,
        "is not a JSON object",
    );
    mint_fails(
        &["--key", &private, "--alg", "RS256"],
        2,
        "cannot be used for RS256",
    );
    let short = write(dir.path(), "short", b"too short");
    mint_fails(
        &["--key", &short.display().to_string(), "--alg", "HS256"],
        2,
        "is shorter than HS256 requires (RFC 7518 §3.2: at least as long as the hash); \
         `--allow-short-secret` accepts it",
    );
    let rsa_jwk_without_alg = write(
        dir.path(),
        "oct.jwk",
        r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
    );
    mint_fails(
        &["--key", &rsa_jwk_without_alg.display().to_string()],
        2,
        "cannot sign: JWK has no `alg`; name the algorithm to use",
    );
    jwt()
        .args(["mint", "--key"])
        .arg(&rsa_jwk_without_alg)
        .args(["--alg", "HS512", "--no-exp"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot sign: key rejected: HMAC secret is shorter",
        ));
    // clap's own usage errors keep clap's format, with the same exit code.
    jwt()
        .args(["mint", "--key", &private, "--exp", "1x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a duration"));
}

#[test]
fn mint_refuses_a_claim_that_a_flag_also_writes() {
    let private = fixture("p256-pkcs8.pem").display().to_string();
    let cases: [(&[&str], &str); 8] = [
        (
            &["--claim", "aud:=[\"x\",\"y\"]", "--aud", "z"],
            "`--claim aud` conflicts with `--aud`",
        ),
        (
            &["--iss", "a", "--claim", "iss=b"],
            "`--claim iss` conflicts with `--iss`",
        ),
        (
            &["--claim", "sub=b", "--sub", "a"],
            "`--claim sub` conflicts with `--sub`",
        ),
        (
            &["--claim", "jti=b", "--jti", "a"],
            "`--claim jti` conflicts with `--jti`",
        ),
        (
            &["--claim", "exp:=1900000000", "--exp", "2m"],
            "`--claim exp` conflicts with `--exp`",
        ),
        (
            &["--claim", "exp:=1900000000", "--no-exp"],
            "`--claim exp` conflicts with `--no-exp`",
        ),
        (
            &["--claim", "iat:=5", "--no-iat"],
            "`--claim iat` conflicts with `--no-iat`",
        ),
        (
            &["--claim", "role=a", "--claim", "role:=\"b\""],
            "`--claim role` is given twice",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["--key", private.as_str()];
        all.extend_from_slice(args);
        mint_fails(&all, 2, message);
    }
    // Without the flag, the claim is written as given.
    let claims = claims_of(&mint(
        &fixture("p256-pkcs8.pem"),
        &["--claim", "aud:=[\"x\",\"y\"]", "--claim", "iat:=5"],
    ));
    assert_eq!(claims["aud"], serde_json::json!(["x", "y"]));
    assert_eq!(claims["iat"], 5);
}

/// The library's P-256 test key (`p256-pkcs8.der`) as a private JWK with `kid`, its members
/// read from their fixed places in that PKCS#8 document (RFC 5915 `ECPrivateKey` inside: the
/// 32-byte private scalar at byte 36, the uncompressed point's coordinates from byte 74).
fn p256_private_jwk(kid: &str) -> serde_json::Value {
    use base64::Engine as _;
    let der = std::fs::read(fixture("p256-pkcs8.der")).unwrap();
    assert_eq!(der.len(), 138);
    assert_eq!(&der[34..36], [0x04, 0x20]);
    assert_eq!(&der[68..74], [0xa1, 0x44, 0x03, 0x42, 0x00, 0x04]);
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    serde_json::json!({
        "kty": "EC",
        "crv": "P-256",
        "kid": kid,
        "x": b64(&der[74..106]),
        "y": b64(&der[106..138]),
        "d": b64(&der[36..68]),
    })
}

#[test]
fn mint_jwks_kid_picks_the_signing_key() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("h");
    jwt()
        .args(["keygen", "--alg", "HS384", "--kid", "mac", "--out"])
        .arg(&prefix)
        .assert()
        .success();
    let mac: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("h.key.jwk")).unwrap())
            .unwrap();
    let set = serde_json::json!({ "keys": [p256_private_jwk("ec-1"), mac] });
    let set = write(dir.path(), "private.json", set.to_string());
    let set_arg = set.display().to_string();
    // The key named by --kid signs, and the token names it.
    let output = jwt()
        .args(["mint", "--jwks", &set_arg, "--kid", "ec-1", "--sub", "a"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    let header = &inspect_json(token.trim())["header"];
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["kid"], "ec-1");
    jwt()
        .args(["verify", token.trim(), "--key"])
        .arg(fixture("p256-spki.pem"))
        .assert()
        .success();
    let output = jwt()
        .args(["mint", "--jwks", &set_arg, "--kid", "mac"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap();
    assert_eq!(inspect_json(token.trim())["header"]["alg"], "HS384");
    assert_eq!(inspect_json(token.trim())["header"]["kid"], "mac");
    // Without --kid, a set of several keys is refused; a set of one key is its key.
    mint_fails(
        &["--jwks", &set_arg],
        2,
        "has more than one key: pick one with `--kid`",
    );
    let one = write(
        dir.path(),
        "one.json",
        serde_json::json!({ "keys": [p256_private_jwk("only")] }).to_string(),
    );
    let output = jwt().arg("mint").arg("--jwks").arg(&one).output().unwrap();
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap();
    assert_eq!(inspect_json(token.trim())["header"]["kid"], "only");
    // Errors name the file and the kid.
    mint_fails(
        &["--jwks", &set_arg, "--kid", "nope"],
        2,
        &format!("JWK Set file `{set_arg}` has no key with kid `nope`"),
    );
    mint_fails(
        &["--jwks", &set_arg, "--kid", "ec-1", "--alg", "ES384"],
        2,
        "has no key with kid `ec-1` for ES384",
    );
    let public = write(
        dir.path(),
        "public.json",
        jwt()
            .arg("jwks")
            .arg(fixture("p256-spki.pem"))
            .output()
            .unwrap()
            .stdout,
    );
    mint_fails(
        &["--jwks", &public.display().to_string()],
        2,
        "key #0 (kid `",
    );
    mint_fails(
        &["--jwks", &public.display().to_string()],
        2,
        "cannot sign: JWK holds no private key material",
    );
    let not_a_set = write(dir.path(), "key.json", p256_private_jwk("k").to_string());
    mint_fails(
        &["--jwks", &not_a_set.display().to_string()],
        2,
        "is not a JWK Set: a JSON object with a `keys` array",
    );
    jwt()
        .args(["mint", "--jwks", &set_arg, "--key", &set_arg])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the argument '--jwks <FILE>' cannot be used with '--key <FILE>'",
        ));
}

#[test]
fn mint_header_adds_members_and_refuses_alg() {
    let key = fixture("p256-pkcs8.pem");
    let token = mint(
        &key,
        &[
            "--header",
            "x5u=https://pki.example/chain.pem",
            "--header",
            "x5c:=[\"MIIB\"]",
            "--header",
            "cty=JWT",
            "--header",
            "tenant=acme",
        ],
    );
    let header = &inspect_json(&token)["header"];
    assert_eq!(header["x5u"], "https://pki.example/chain.pem");
    assert_eq!(header["x5c"], serde_json::json!(["MIIB"]));
    assert_eq!(header["cty"], "JWT");
    assert_eq!(header["tenant"], "acme");
    assert_eq!(header["alg"], "ES256");
    jwt()
        .args(["verify", &token, "--key"])
        .arg(fixture("p256-spki.pem"))
        .assert()
        .success();
    let private = key.display().to_string();
    let cases: [(&[&str], &str); 7] = [
        (
            &["--header", "alg=none"],
            "`--header alg` is refused: the signing key decides `alg`",
        ),
        (&["--header", "alg:=\"HS256\""], "`--header alg` is refused"),
        (&["--header", "kid=k"], "`--header kid`: use `--kid`"),
        (&["--header", "typ=x"], "`--header typ`: use `--typ`"),
        (
            &["--header", "crit:=[\"x\"]"],
            "`--header crit` is not supported",
        ),
        (
            &["--header", "t=a", "--header", "t=b"],
            "`--header t` is given twice",
        ),
        (
            &["--header", "cty:=1"],
            "header member `cty` must be a string",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["--key", private.as_str()];
        all.extend_from_slice(args);
        mint_fails(&all, 2, message);
    }
    mint_fails(
        &["--key", &private, "--header", "novalue"],
        2,
        "`--header novalue`: expected NAME=TEXT or NAME:=JSON",
    );
}
