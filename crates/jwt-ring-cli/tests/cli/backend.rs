//! `--backend ring|aws-lc`: both backends make and accept the same tokens, with every kind of
//! key source; an unknown backend is a usage error listing the values.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::{cli_fixture, fixture, jwt, one_line_error, write};

const BACKENDS: [&str; 2] = ["ring", "aws-lc"];

/// The backends that have `alg` in this build: a FIPS module (`--all-features` builds one)
/// refuses Ed25519.
fn backends_for(alg: &str) -> Vec<&'static str> {
    let fips = jwt_ring::Backend::AwsLc.is_fips();
    BACKENDS
        .into_iter()
        .filter(|backend| !(fips && alg == "EdDSA" && *backend == "aws-lc"))
        .collect()
}

/// A signing key, the public key files that verify its tokens, and the extra `mint` arguments.
struct Case {
    alg: &'static str,
    signing: PathBuf,
    public: PathBuf,
    mint_args: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            alg: "ES256",
            signing: fixture("p256-pkcs8.pem"),
            public: fixture("p256-spki.der"),
            mint_args: &[],
        },
        Case {
            alg: "ES384",
            signing: fixture("p384-sec1.pem"),
            public: fixture("p384-cert.pem"),
            mint_args: &[],
        },
        Case {
            alg: "ES512",
            signing: cli_fixture("p521-pkcs8.pem"),
            public: cli_fixture("p521-spki.pem"),
            mint_args: &[],
        },
        Case {
            alg: "EdDSA",
            signing: fixture("ed25519-pkcs8-v1.pem"),
            public: fixture("ed25519-cert.der"),
            mint_args: &[],
        },
        Case {
            alg: "RS256",
            signing: fixture("rsa2048-pkcs1.pem"),
            public: fixture("rsa2048-spki.pem"),
            mint_args: &[],
        },
        Case {
            alg: "PS512",
            signing: fixture("rsa2048-pkcs8.der"),
            public: fixture("rsa2048-pkcs1-public.der"),
            mint_args: &["--alg", "PS512"],
        },
    ]
}

fn run(backend: &str, args: &[&str], paths: &[&Path]) -> Output {
    jwt()
        .args(["--backend", backend])
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

fn success(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn assert_valid(output: Output, alg: &str, what: &str) {
    let stdout = success(output, what);
    assert!(
        stdout.starts_with(&format!("VALID: {alg} signature verified")),
        "{what}: {stdout}"
    );
}

#[test]
fn both_backends_accept_the_same_tokens_from_every_key_source() {
    let dir = tempfile::tempdir().unwrap();
    for case in cases() {
        let alg = case.alg;
        let set = success(
            run("ring", &["jwks", "--alg", alg], &[&case.public]),
            "jwks",
        );
        let set_path = write(dir.path(), &format!("{alg}.set.json"), &set);
        let set: serde_json::Value = serde_json::from_str(&set).unwrap();
        let jwk_path = write(
            dir.path(),
            &format!("{alg}.jwk"),
            set["keys"][0].to_string(),
        );
        if backends_for(alg).len() < BACKENDS.len() {
            let output = run("aws-lc", &["mint", "--key"], &[&case.signing]);
            assert_eq!(output.status.code(), Some(2), "{alg} on a FIPS module");
        }
        for minted_on in backends_for(alg) {
            let mut args = vec!["mint", "--sub", "alice"];
            args.extend_from_slice(case.mint_args);
            args.push("--key");
            let token = success(run(minted_on, &args, &[&case.signing]), "mint");
            let token = token.trim();
            for verified_on in backends_for(alg) {
                let what = format!("{alg} minted on {minted_on}, verified on {verified_on}");
                for key in [&case.public, &case.signing, &jwk_path] {
                    for alg_args in [&[][..], &["--alg", alg]] {
                        let mut args = vec!["verify", token];
                        args.extend_from_slice(alg_args);
                        args.push("--key");
                        let output = run(verified_on, &args, &[key]);
                        assert_valid(output, alg, &format!("{what}, {}", key.display()));
                    }
                }
                let output = run(verified_on, &["verify", token, "--jwks"], &[&set_path]);
                assert_valid(output, alg, &format!("{what}, --jwks"));
            }
        }
    }
}

#[test]
fn deterministic_signatures_are_the_same_on_both_backends() {
    // RSASSA-PKCS1-v1_5, Ed25519 and HMAC sign deterministically: both backends must write
    // the very same token.
    let dir = tempfile::tempdir().unwrap();
    let secret = write(dir.path(), "secret", [7u8; 32]);
    for (key, args) in [
        (fixture("rsa2048-pkcs8.pem"), &["--alg", "RS384"][..]),
        (fixture("ed25519-pkcs8-v1.der"), &[][..]),
        (secret, &["--alg", "HS256"][..]),
    ] {
        if args.is_empty() && backends_for("EdDSA").len() < BACKENDS.len() {
            continue; // Ed25519 has one backend in a FIPS build: nothing to compare
        }
        let tokens: Vec<String> = BACKENDS
            .iter()
            .map(|backend| {
                let mut all = vec!["mint", "--no-iat", "--no-exp"];
                all.extend_from_slice(args);
                all.push("--key");
                success(run(backend, &all, &[&key]), "mint")
            })
            .collect();
        assert_eq!(tokens[0], tokens[1], "{}", key.display());
        assert!(tokens[0].starts_with("ey"));
    }
}

#[test]
fn secrets_and_private_jwk_sets_work_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    // RFC 7515 Appendix A.4: a private P-521 JWK; and an HMAC secret in the same set.
    let set = serde_json::json!({ "keys": [
        {
            "kty": "EC", "crv": "P-521", "kid": "p521",
            "x": "AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
            "y": "ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
            "d": "AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C"
        },
        {
            "kty": "oct", "kid": "mac", "alg": "HS512",
            "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
        }
    ]});
    let set_path = write(dir.path(), "private.json", set.to_string());
    let p521_jwk = write(dir.path(), "p521.jwk", set["keys"][0].to_string());
    for minted_on in BACKENDS {
        for (kid, alg) in [("p521", "ES512"), ("mac", "HS512")] {
            let token = success(
                run(minted_on, &["mint", "--kid", kid, "--jwks"], &[&set_path]),
                "mint --jwks",
            );
            let token = token.trim();
            for verified_on in BACKENDS {
                let what = format!("{kid} minted on {minted_on}, verified on {verified_on}");
                let source = if alg == "ES512" { &p521_jwk } else { &set_path };
                let flag = if alg == "ES512" { "--key" } else { "--jwks" };
                let output = run(verified_on, &["verify", token, flag], &[source]);
                assert_valid(output, alg, &what);
            }
        }
        // A private JWK signs with its own algorithm, a secret from the environment HS256.
        let token = success(run(minted_on, &["mint", "--key"], &[&p521_jwk]), "mint");
        let output = run("ring", &["verify", token.trim(), "--key"], &[&p521_jwk]);
        assert_valid(output, "ES512", "private JWK");
        // Not with another P-521 key.
        let output = run(
            "aws-lc",
            &["verify", token.trim(), "--key"],
            &[&cli_fixture("p521-cert.der")],
        );
        assert_eq!(output.status.code(), Some(1));
        let token = jwt()
            .args([
                "--backend",
                minted_on,
                "mint",
                "--secret-env",
                "JWT_TEST_SECRET",
            ])
            .env("JWT_TEST_SECRET", "0123456789abcdef0123456789abcdef")
            .output()
            .unwrap();
        let token = success(token, "mint --secret-env");
        for verified_on in BACKENDS {
            let output = jwt()
                .args(["--backend", verified_on, "verify", token.trim()])
                .args(["--secret-env", "JWT_TEST_SECRET"])
                .env("JWT_TEST_SECRET", "0123456789abcdef0123456789abcdef")
                .output()
                .unwrap();
            assert_valid(output, "HS256", "--secret-env");
        }
    }
}

#[test]
fn the_backend_is_a_global_option_anywhere_on_the_line() {
    let token = success(
        run("aws-lc", &["mint", "--key"], &[&fixture("p256-pkcs8.der")]),
        "mint",
    );
    let output = jwt()
        .args(["verify", token.trim(), "--backend", "aws-lc", "--key"])
        .arg(fixture("p256-spki.pem"))
        .output()
        .unwrap();
    assert_valid(output, "ES256", "--backend after the subcommand");
    let output = jwt()
        .args(["thumbprint", "--backend", "aws-lc"])
        .arg(cli_fixture("p521-cert.pem"))
        .output()
        .unwrap();
    let thumbprint = success(output, "thumbprint");
    let output = jwt()
        .arg("thumbprint")
        .arg(cli_fixture("p521-sec1.der"))
        .output()
        .unwrap();
    assert_eq!(success(output, "thumbprint"), thumbprint);
}

#[test]
fn an_unknown_backend_is_a_usage_error_listing_the_values() {
    for args in [
        &["--backend", "bogus"][..],
        &["--backend", "bogus", "verify", "x.y.z", "--key", "k"],
        &[
            "keygen",
            "--alg",
            "ES256",
            "--show-secret",
            "--backend",
            "AWS-LC",
        ],
    ] {
        let output = jwt().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        let value = args[args.iter().position(|arg| *arg == "--backend").unwrap() + 1];
        assert!(
            stderr.contains(&format!(
                "invalid value '{value}' for '--backend <BACKEND>'"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("[possible values: ring, aws-lc]"),
            "{stderr}"
        );
    }
    // And the help says what each does, and what always uses aws-lc.
    let output = jwt().args(["keygen", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("- ring:"), "{help}");
    assert!(help.contains("- aws-lc:"), "{help}");
    assert!(help.contains("[default: ring]"), "{help}");
    assert!(
        help.contains("ES512 keys and RSA key generation always use aws-lc"),
        "{help}"
    );
}

#[test]
fn keys_made_on_one_backend_work_on_the_other() {
    let dir = tempfile::tempdir().unwrap();
    for (generated_on, verified_on) in [("ring", "aws-lc"), ("aws-lc", "ring")] {
        for alg in ["ES256", "ES384", "EdDSA", "HS256"] {
            if backends_for(alg).len() < BACKENDS.len() {
                continue; // one backend in a FIPS build: `both_backends_accept_...` checks it
            }
            let prefix = dir.path().join(format!("{alg}-{generated_on}"));
            let output = run(generated_on, &["keygen", "--alg", alg, "--out"], &[&prefix]);
            success(output, "keygen");
            let hmac = alg.starts_with("HS");
            let suffix = if hmac { ".key.jwk" } else { ".key.pem" };
            let signing = PathBuf::from(format!("{}{suffix}", prefix.display()));
            let token = success(run(generated_on, &["mint", "--key"], &[&signing]), "mint");
            let public = if hmac {
                signing.clone()
            } else {
                PathBuf::from(format!("{}.pub.pem", prefix.display()))
            };
            let output = run(verified_on, &["verify", token.trim(), "--key"], &[&public]);
            assert_valid(output, alg, &format!("{alg} made on {generated_on}"));
        }
    }
}

#[test]
fn a_bad_key_is_refused_alike_on_both_backends() {
    let token = success(
        run("ring", &["mint", "--key"], &[&fixture("p256-pkcs8.pem")]),
        "mint",
    );
    for backend in BACKENDS {
        let output = run(
            backend,
            &["verify", token.trim(), "--key"],
            &[&fixture("rsa1024-spki.pem")],
        );
        assert_eq!(output.status.code(), Some(2), "{backend}");
        one_line_error(&output.stderr, "key rejected: RSA modulus is");
        let output = run(
            backend,
            &["verify", token.trim(), "--key"],
            &[&fixture("p384-spki.pem")],
        );
        assert_eq!(output.status.code(), Some(1), "{backend}");
        one_line_error(
            &output.stderr,
            "jwt: invalid token: no key matches the token",
        );
    }
}
