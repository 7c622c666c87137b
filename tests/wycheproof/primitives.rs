//! The primitive files, each run through the crate's own key types and the [`Verifier`] /
//! [`Signer`] traits, with keys built as a user would build them:
//!
//! * HMAC: `hmac::Key::new` (full-length tags only: JWS never truncates);
//! * RSASSA-PKCS1-v1_5 and RSASSA-PSS verify: `rsa::VerifyingKey::from_components(n, e)`;
//! * RSASSA-PKCS1-v1_5 sign: `rsa::SigningKey::from_pkcs8`, which must reproduce `sig` exactly;
//! * Ed25519: `eddsa::VerifyingKey::from_bytes`;
//! * ECDSA P-256 / P-384 / P-521 (`R || S`): `ecdsa::VerifyingKey::from_uncompressed_point`
//!   (P-521 with the `aws-lc` feature, on its backend);
//!
//! A key the constructor refuses counts as a rejection of every signature under it. Groups
//! whose parameters are not a JWS algorithm are skipped by their parameters, with the reason.

use jwt_ring::{Signer, Verifier, dangerous, ecdsa, eddsa, hmac, rsa};
use serde_json::Value;

use crate::support::{Suite, bytes, groups, tests, text};

/// Records the outcome of verifying `sig` over `msg` with `key` (or of the key being refused).
fn check_signature(
    suite: &mut Suite,
    key: &Result<Box<dyn Verifier>, String>,
    expected_alg: &str,
    test: &Value,
) {
    match key {
        Err(reason) => suite.check(test, false, &format!("key refused: {reason}")),
        Ok(key) => {
            assert_eq!(key.algorithm(), expected_alg);
            let result = key.verify(&bytes(test, "msg"), &bytes(test, "sig"));
            suite.check(test, result.is_ok(), &format!("verify: {result:?}"));
        }
    }
}

// ----------------------------------------------------------------------------------------------
// HMAC

fn run_hmac(suite: &mut Suite, file: &Value, algorithm: &'static hmac::Algorithm) {
    let hash_bits = algorithm.min_key_len() as u64 * 8;
    for group in groups(file) {
        let tag_bits = group["tagSize"].as_u64().unwrap();
        let key_bits = group["keySize"].as_u64().unwrap();
        for test in tests(group) {
            if tag_bits != hash_bits {
                suite.skip(
                    test,
                    &format!(
                        "truncated tag ({tag_bits} of {hash_bits} bits): JWS {} always uses the \
                         full HMAC output",
                        algorithm.name()
                    ),
                );
                continue;
            }
            let secret = bytes(test, "key");
            let msg = bytes(test, "msg");
            let tag = bytes(test, "tag");
            assert_eq!(secret.len() as u64 * 8, key_bits);
            if secret.len() < algorithm.min_key_len() {
                // RFC 7518 §3.2 forbids HMAC keys shorter than the hash output: our constructor
                // must refuse them, and the escape hatch must still compute the right MAC.
                let refused = hmac::Key::new(algorithm, &secret).is_err();
                let short = dangerous::hmac_key_with_short_secret(algorithm, &secret).unwrap();
                let result = short.verify(&msg, &tag);
                let mac_agrees = match text(test, "result") {
                    "valid" => result.is_ok(),
                    "invalid" => result.is_err(),
                    _ => true,
                };
                suite.check_by_policy(
                    test,
                    refused && mac_agrees,
                    &format!(
                        "hmac::Key::new refused: {refused}; hmac_key_with_short_secret verify: \
                         {result:?}"
                    ),
                );
                continue;
            }
            let key = match hmac::Key::new(algorithm, &secret) {
                Ok(key) => key,
                Err(error) => {
                    suite.check(test, false, &format!("key refused: {error}"));
                    continue;
                }
            };
            let result = key.verify(&msg, &tag);
            let mut accepted = result.is_ok();
            let mut detail = format!("verify: {result:?}");
            // A valid tag must also be what signing produces.
            if accepted && key.sign(&msg).unwrap() != tag {
                accepted = false;
                detail = "verify accepted, but sign() produced a different tag".to_owned();
            }
            suite.check(test, accepted, &detail);
        }
    }
}

#[test]
fn hmac_sha256() {
    let (mut suite, file) = Suite::new(
        "hmac_sha256_test.json",
        include_str!("../vectors/wycheproof/hmac_sha256_test.json"),
    );
    run_hmac(&mut suite, &file, &hmac::HS256);
    suite.finish();
}

#[test]
fn hmac_sha384() {
    let (mut suite, file) = Suite::new(
        "hmac_sha384_test.json",
        include_str!("../vectors/wycheproof/hmac_sha384_test.json"),
    );
    run_hmac(&mut suite, &file, &hmac::HS384);
    suite.finish();
}

#[test]
fn hmac_sha512() {
    let (mut suite, file) = Suite::new(
        "hmac_sha512_test.json",
        include_str!("../vectors/wycheproof/hmac_sha512_test.json"),
    );
    run_hmac(&mut suite, &file, &hmac::HS512);
    suite.finish();
}

// ----------------------------------------------------------------------------------------------
// RSA

fn pkcs1_algorithm(sha: &str) -> Option<&'static rsa::Algorithm> {
    match sha {
        "SHA-256" => Some(&rsa::RS256),
        "SHA-384" => Some(&rsa::RS384),
        "SHA-512" => Some(&rsa::RS512),
        _ => None,
    }
}

fn pkcs1_group(group: &Value) -> Option<&'static rsa::Algorithm> {
    pkcs1_algorithm(text(group, "sha"))
}

/// PS256/384/512 are RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash
/// (RFC 7518 §3.5).
fn pss_algorithm(group: &Value) -> Option<&'static rsa::Algorithm> {
    let same = |hash: &str, len: u64| {
        text(group, "sha") == hash
            && text(group, "mgf") == "MGF1"
            && text(group, "mgfSha") == hash
            && group["sLen"].as_u64() == Some(len)
    };
    if same("SHA-256", 32) {
        Some(&rsa::PS256)
    } else if same("SHA-384", 48) {
        Some(&rsa::PS384)
    } else if same("SHA-512", 64) {
        Some(&rsa::PS512)
    } else {
        None
    }
}

fn rsa_verifying_key(
    algorithm: &'static rsa::Algorithm,
    group: &Value,
) -> Result<Box<dyn Verifier>, String> {
    let public = &group["publicKey"];
    rsa::VerifyingKey::from_components(
        algorithm,
        &bytes(public, "modulus"),
        &bytes(public, "publicExponent"),
    )
    .map(|key| Box::new(key) as Box<dyn Verifier>)
    .map_err(|error| error.to_string())
}

fn run_rsa_verify(
    suite: &mut Suite,
    file: &Value,
    pick: impl Fn(&Value) -> Option<&'static rsa::Algorithm>,
) {
    for group in groups(file) {
        let Some(algorithm) = pick(group) else {
            let reason = format!(
                "{} group with sha {}: not a JWS algorithm",
                text(group, "type"),
                text(group, "sha")
            );
            for test in tests(group) {
                suite.skip(test, &reason);
            }
            continue;
        };
        let key = rsa_verifying_key(algorithm, group);
        for test in tests(group) {
            check_signature(suite, &key, algorithm.name(), test);
        }
    }
}

macro_rules! rsa_verify_tests {
    ($($name:ident => $file:literal, $pick:expr;)*) => {$(
        #[test]
        fn $name() {
            let (mut suite, file) =
                Suite::new($file, include_str!(concat!("../vectors/wycheproof/", $file)));
            run_rsa_verify(&mut suite, &file, $pick);
            suite.finish();
        }
    )*};
}

rsa_verify_tests! {
    rsa_signature_2048_sha256 => "rsa_signature_2048_sha256_test.json", pkcs1_group;
    rsa_signature_2048_sha384 => "rsa_signature_2048_sha384_test.json", pkcs1_group;
    rsa_signature_2048_sha512 => "rsa_signature_2048_sha512_test.json", pkcs1_group;
    rsa_signature_3072_sha256 => "rsa_signature_3072_sha256_test.json", pkcs1_group;
    rsa_signature_3072_sha384 => "rsa_signature_3072_sha384_test.json", pkcs1_group;
    rsa_signature_3072_sha512 => "rsa_signature_3072_sha512_test.json", pkcs1_group;
    rsa_signature_4096_sha256 => "rsa_signature_4096_sha256_test.json", pkcs1_group;
    rsa_signature_4096_sha384 => "rsa_signature_4096_sha384_test.json", pkcs1_group;
    rsa_signature_4096_sha512 => "rsa_signature_4096_sha512_test.json", pkcs1_group;
    rsa_pss_2048_sha256_mgf1_32 => "rsa_pss_2048_sha256_mgf1_32_test.json", pss_algorithm;
    rsa_pss_3072_sha256_mgf1_32 => "rsa_pss_3072_sha256_mgf1_32_test.json", pss_algorithm;
    rsa_pss_4096_sha256_mgf1_32 => "rsa_pss_4096_sha256_mgf1_32_test.json", pss_algorithm;
    rsa_pss_2048_sha384_mgf1_48 => "rsa_pss_2048_sha384_mgf1_48_test.json", pss_algorithm;
    rsa_pss_4096_sha384_mgf1_48 => "rsa_pss_4096_sha384_mgf1_48_test.json", pss_algorithm;
    rsa_pss_4096_sha512_mgf1_64 => "rsa_pss_4096_sha512_mgf1_64_test.json", pss_algorithm;
}

/// RSASSA-PKCS1-v1_5 signing is deterministic: `SigningKey::sign` must reproduce `sig` byte for
/// byte, and the key's own verifying key must accept it, whatever the label. A key the
/// constructor refuses is a failure for `valid` cases and fine for `acceptable` ones.
fn run_rsa_sign(suite: &mut Suite, file: &Value) {
    for group in groups(file) {
        let sha = text(group, "sha");
        let Some(algorithm) = pkcs1_algorithm(sha) else {
            let reason =
                format!("RSASSA-PKCS1-v1_5 with {sha}: not a JWS algorithm (RS256/384/512 only)");
            for test in tests(group) {
                suite.skip(test, &reason);
            }
            continue;
        };
        let key = rsa::SigningKey::from_pkcs8(algorithm, &bytes(group, "privateKeyPkcs8"));
        for test in tests(group) {
            let key = match &key {
                Ok(key) => key,
                Err(error) => {
                    suite.check(test, false, &format!("key refused: {error}"));
                    continue;
                }
            };
            let msg = bytes(test, "msg");
            let expected = bytes(test, "sig");
            let signature = key.sign(&msg).unwrap();
            let verifies = key.verifying_key().verify(&msg, &signature).is_ok();
            let reproduced = signature == expected;
            if reproduced && verifies {
                suite.check(test, true, "signature reproduced");
            } else {
                // Whatever the label, a key we accept must sign correctly.
                suite.fail_with(
                    test,
                    &format!("signed, but reproduced: {reproduced}, verifies: {verifies}"),
                );
            }
        }
    }
}

#[test]
fn rsa_pkcs1_2048_sig_gen() {
    let (mut suite, file) = Suite::new(
        "rsa_pkcs1_2048_sig_gen_test.json",
        include_str!("../vectors/wycheproof/rsa_pkcs1_2048_sig_gen_test.json"),
    );
    run_rsa_sign(&mut suite, &file);
    suite.finish();
}

#[test]
fn rsa_pkcs1_3072_sig_gen() {
    let (mut suite, file) = Suite::new(
        "rsa_pkcs1_3072_sig_gen_test.json",
        include_str!("../vectors/wycheproof/rsa_pkcs1_3072_sig_gen_test.json"),
    );
    run_rsa_sign(&mut suite, &file);
    suite.finish();
}

#[test]
fn rsa_pkcs1_4096_sig_gen() {
    let (mut suite, file) = Suite::new(
        "rsa_pkcs1_4096_sig_gen_test.json",
        include_str!("../vectors/wycheproof/rsa_pkcs1_4096_sig_gen_test.json"),
    );
    run_rsa_sign(&mut suite, &file);
    suite.finish();
}

// ----------------------------------------------------------------------------------------------
// ECDSA and Ed25519

fn run_ecdsa(suite: &mut Suite, file: &Value, algorithm: &'static ecdsa::Algorithm, sha: &str) {
    for group in groups(file) {
        assert_eq!(text(group, "sha"), sha);
        let key = ecdsa::VerifyingKey::from_uncompressed_point(
            algorithm,
            &bytes(&group["publicKey"], "uncompressed"),
        )
        .map(|key| Box::new(key) as Box<dyn Verifier>)
        .map_err(|error| error.to_string());
        for test in tests(group) {
            check_signature(suite, &key, algorithm.name(), test);
        }
    }
}

#[test]
fn ecdsa_secp256r1_sha256_p1363() {
    let (mut suite, file) = Suite::new(
        "ecdsa_secp256r1_sha256_p1363_test.json",
        include_str!("../vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json"),
    );
    run_ecdsa(&mut suite, &file, &ecdsa::ES256, "SHA-256");
    suite.finish();
}

#[test]
fn ecdsa_secp384r1_sha384_p1363() {
    let (mut suite, file) = Suite::new(
        "ecdsa_secp384r1_sha384_p1363_test.json",
        include_str!("../vectors/wycheproof/ecdsa_secp384r1_sha384_p1363_test.json"),
    );
    run_ecdsa(&mut suite, &file, &ecdsa::ES384, "SHA-384");
    suite.finish();
}

/// P-521 is the aws-lc backend's alone (ring has none).
#[cfg(feature = "aws-lc")]
#[test]
fn ecdsa_secp521r1_sha512_p1363() {
    let (mut suite, file) = Suite::new(
        "ecdsa_secp521r1_sha512_p1363_test.json",
        include_str!("../vectors/wycheproof/ecdsa_secp521r1_sha512_p1363_test.json"),
    );
    let es512 = ecdsa::ES512.on(jwt_ring::Backend::AwsLc).unwrap();
    run_ecdsa(&mut suite, &file, es512, "SHA-512");
    suite.finish();
}

#[test]
fn ed25519() {
    let (mut suite, file) = Suite::new(
        "ed25519_test.json",
        include_str!("../vectors/wycheproof/ed25519_test.json"),
    );
    for group in groups(&file) {
        let key = eddsa::VerifyingKey::from_bytes(&bytes(&group["publicKey"], "pk"))
            .map(|key| Box::new(key) as Box<dyn Verifier>)
            .map_err(|error| error.to_string());
        for test in tests(group) {
            check_signature(&mut suite, &key, eddsa::ALGORITHM, test);
        }
    }
    suite.finish();
}
