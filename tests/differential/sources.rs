//! The cases of each vector source, with their keys as the source gives them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_ring::{ecdsa, hmac, rsa};
use serde_json::Value;

use crate::common::hex;
use crate::{Case, KeySpec};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("no string {name}"))
}

fn groups(file: &Value) -> &Vec<Value> {
    file["testGroups"].as_array().unwrap()
}

fn tests(group: &Value) -> &Vec<Value> {
    group["tests"].as_array().unwrap()
}

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

/// A case per test of a Wycheproof signature file, its key from `key(group)`.
fn wycheproof_signatures(name: &str, file: &str, key: impl Fn(&Value) -> KeySpec) -> Vec<Case> {
    let file = json(file);
    let mut cases = Vec::new();
    for group in groups(&file) {
        let key = key(group);
        for test in tests(group) {
            cases.push(Case {
                name: format!("{name} tcId {}", test["tcId"]),
                key: key.clone(),
                input: hex(text(test, "msg")),
                signature: hex(text(test, "sig")),
            });
        }
    }
    cases
}

pub fn wycheproof_ecdsa() -> Vec<Case> {
    let ec = |algorithm: &'static ecdsa::Algorithm| {
        move |group: &Value| KeySpec::EcPoint {
            algorithm,
            point: hex(text(&group["publicKey"], "uncompressed")),
        }
    };
    let mut cases = wycheproof_signatures(
        "ecdsa_secp256r1_sha256_p1363",
        include_str!("../vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json"),
        ec(&ecdsa::ES256),
    );
    cases.extend(wycheproof_signatures(
        "ecdsa_secp384r1_sha384_p1363",
        include_str!("../vectors/wycheproof/ecdsa_secp384r1_sha384_p1363_test.json"),
        ec(&ecdsa::ES384),
    ));
    cases
}

pub fn wycheproof_ed25519() -> Vec<Case> {
    wycheproof_signatures(
        "ed25519",
        include_str!("../vectors/wycheproof/ed25519_test.json"),
        |group| KeySpec::Ed25519(hex(text(&group["publicKey"], "pk"))),
    )
}

/// The JWS RSA algorithm of `sha` for PKCS#1 v1.5 (`pss: false`) or PSS.
fn rsa_algorithm(sha: &str, pss: bool) -> &'static rsa::Algorithm {
    match (sha, pss) {
        ("SHA-256", false) => &rsa::RS256,
        ("SHA-384", false) => &rsa::RS384,
        ("SHA-512", false) => &rsa::RS512,
        ("SHA-256", true) => &rsa::PS256,
        ("SHA-384", true) => &rsa::PS384,
        ("SHA-512", true) => &rsa::PS512,
        other => panic!("no JWS algorithm for {other:?}"),
    }
}

fn rsa_key(group: &Value, pss: bool) -> KeySpec {
    let public = &group["publicKey"];
    KeySpec::Rsa {
        algorithm: rsa_algorithm(text(group, "sha"), pss),
        n: hex(text(public, "modulus")),
        e: hex(text(public, "publicExponent")),
    }
}

pub fn wycheproof_rsa_pkcs1() -> Vec<Case> {
    let files = [
        (
            "rsa_signature_2048_sha256",
            include_str!("../vectors/wycheproof/rsa_signature_2048_sha256_test.json"),
        ),
        (
            "rsa_signature_2048_sha384",
            include_str!("../vectors/wycheproof/rsa_signature_2048_sha384_test.json"),
        ),
        (
            "rsa_signature_2048_sha512",
            include_str!("../vectors/wycheproof/rsa_signature_2048_sha512_test.json"),
        ),
        (
            "rsa_signature_3072_sha256",
            include_str!("../vectors/wycheproof/rsa_signature_3072_sha256_test.json"),
        ),
        (
            "rsa_signature_3072_sha384",
            include_str!("../vectors/wycheproof/rsa_signature_3072_sha384_test.json"),
        ),
        (
            "rsa_signature_3072_sha512",
            include_str!("../vectors/wycheproof/rsa_signature_3072_sha512_test.json"),
        ),
        (
            "rsa_signature_4096_sha256",
            include_str!("../vectors/wycheproof/rsa_signature_4096_sha256_test.json"),
        ),
        (
            "rsa_signature_4096_sha384",
            include_str!("../vectors/wycheproof/rsa_signature_4096_sha384_test.json"),
        ),
        (
            "rsa_signature_4096_sha512",
            include_str!("../vectors/wycheproof/rsa_signature_4096_sha512_test.json"),
        ),
    ];
    let mut cases: Vec<Case> = files
        .iter()
        .flat_map(|(name, file)| wycheproof_signatures(name, file, |group| rsa_key(group, false)))
        .collect();
    // The signature-generation files: their SHA-256/384/512 groups, verified.
    let generation = [
        (
            "rsa_pkcs1_2048_sig_gen",
            include_str!("../vectors/wycheproof/rsa_pkcs1_2048_sig_gen_test.json"),
        ),
        (
            "rsa_pkcs1_3072_sig_gen",
            include_str!("../vectors/wycheproof/rsa_pkcs1_3072_sig_gen_test.json"),
        ),
        (
            "rsa_pkcs1_4096_sig_gen",
            include_str!("../vectors/wycheproof/rsa_pkcs1_4096_sig_gen_test.json"),
        ),
    ];
    for (name, file) in generation {
        let file = json(file);
        for group in groups(&file) {
            if !["SHA-256", "SHA-384", "SHA-512"].contains(&text(group, "sha")) {
                continue;
            }
            let private = &group["privateKey"];
            let key = KeySpec::Rsa {
                algorithm: rsa_algorithm(text(group, "sha"), false),
                n: hex(text(private, "modulus")),
                e: hex(text(private, "publicExponent")),
            };
            for test in tests(group) {
                cases.push(Case {
                    name: format!("{name} tcId {}", test["tcId"]),
                    key: key.clone(),
                    input: hex(text(test, "msg")),
                    signature: hex(text(test, "sig")),
                });
            }
        }
    }
    cases
}

pub fn wycheproof_rsa_pss() -> Vec<Case> {
    let files = [
        (
            "rsa_pss_2048_sha256_mgf1_32",
            include_str!("../vectors/wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json"),
        ),
        (
            "rsa_pss_2048_sha384_mgf1_48",
            include_str!("../vectors/wycheproof/rsa_pss_2048_sha384_mgf1_48_test.json"),
        ),
        (
            "rsa_pss_3072_sha256_mgf1_32",
            include_str!("../vectors/wycheproof/rsa_pss_3072_sha256_mgf1_32_test.json"),
        ),
        (
            "rsa_pss_4096_sha256_mgf1_32",
            include_str!("../vectors/wycheproof/rsa_pss_4096_sha256_mgf1_32_test.json"),
        ),
        (
            "rsa_pss_4096_sha384_mgf1_48",
            include_str!("../vectors/wycheproof/rsa_pss_4096_sha384_mgf1_48_test.json"),
        ),
        (
            "rsa_pss_4096_sha512_mgf1_64",
            include_str!("../vectors/wycheproof/rsa_pss_4096_sha512_mgf1_64_test.json"),
        ),
    ];
    files
        .iter()
        .flat_map(|(name, file)| wycheproof_signatures(name, file, |group| rsa_key(group, true)))
        .collect()
}

pub fn wycheproof_hmac() -> Vec<Case> {
    let files = [
        (
            &hmac::HS256,
            "hmac_sha256",
            include_str!("../vectors/wycheproof/hmac_sha256_test.json"),
        ),
        (
            &hmac::HS384,
            "hmac_sha384",
            include_str!("../vectors/wycheproof/hmac_sha384_test.json"),
        ),
        (
            &hmac::HS512,
            "hmac_sha512",
            include_str!("../vectors/wycheproof/hmac_sha512_test.json"),
        ),
    ];
    let mut cases = Vec::new();
    for (algorithm, name, file) in files {
        let file = json(file);
        for group in groups(&file) {
            for test in tests(group) {
                cases.push(Case {
                    name: format!("{name} tcId {}", test["tcId"]),
                    key: KeySpec::Hmac {
                        algorithm,
                        secret: hex(text(test, "key")),
                    },
                    input: hex(text(test, "msg")),
                    signature: hex(text(test, "tag")),
                });
            }
        }
    }
    cases
}

/// A compact token's signing input and signature, or `None` when it is not three segments of
/// base64url (such cases are decided before any backend sees them).
fn compact_parts(token: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let (input, signature) = token.rsplit_once('.')?;
    if input.matches('.').count() != 1 {
        return None;
    }
    Some((
        input.as_bytes().to_vec(),
        URL_SAFE_NO_PAD.decode(signature).ok()?,
    ))
}

/// The `alg` of a compact token's protected header.
fn header_alg(token: &str) -> Option<String> {
    let header = URL_SAFE_NO_PAD.decode(token.split('.').next()?).ok()?;
    let header: Value = serde_json::from_slice(&header).ok()?;
    header["alg"].as_str().map(str::to_owned)
}

pub fn wycheproof_jws() -> Vec<Case> {
    let file = json(include_str!(
        "../vectors/wycheproof/json_web_signature_test.json"
    ));
    let mut cases = Vec::new();
    for group in groups(&file) {
        let key = group["private"].to_string();
        for test in tests(group) {
            let Some(token) = test["jws"].as_str() else {
                continue; // JSON serialization: refused before any backend sees it
            };
            let (Some((input, signature)), Some(alg)) = (compact_parts(token), header_alg(token))
            else {
                continue;
            };
            cases.push(Case {
                name: format!("json_web_signature tcId {}", test["tcId"]),
                key: KeySpec::Jwk {
                    json: key.clone(),
                    alg,
                },
                input,
                signature,
            });
        }
    }
    cases
}

pub fn rfc_vectors() -> Vec<Case> {
    let files = [
        include_str!("../vectors/rfc/rfc7515_appendix_a.json"),
        include_str!("../vectors/rfc/rfc7520_section4_jws.json"),
        include_str!("../vectors/rfc/rfc8037_appendix_a.json"),
    ];
    let mut cases = Vec::new();
    for file in files {
        for vector in json(file)["vectors"].as_array().unwrap() {
            let alg = text(vector, "alg");
            // `none` has no key; ES512 has one backend only.
            if alg == "none" || alg == "ES512" {
                continue;
            }
            let key = if vector["public_jwk"].is_object() {
                &vector["public_jwk"]
            } else {
                &vector["jwk"]
            };
            cases.push(Case {
                name: text(vector, "id").to_owned(),
                key: KeySpec::Jwk {
                    json: key.to_string(),
                    alg: alg.to_owned(),
                },
                input: text(vector, "signing_input").as_bytes().to_vec(),
                signature: unb64(text(vector, "signature_b64u")),
            });
        }
    }
    cases
}

pub fn interop() -> Vec<Case> {
    let fixtures = [
        include_str!("../interop/fixtures/tokens_from_pyjwt.json"),
        include_str!("../interop/fixtures/tokens_from_jwcrypto.json"),
        include_str!("../interop/fixtures/tokens_from_jose.json"),
        include_str!("../interop/fixtures/tokens_from_jwt_ring.json"),
    ];
    let keys_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/keys");
    let mut cases = Vec::new();
    for fixture in fixtures {
        for token in json(fixture)["tokens"].as_array().unwrap() {
            let alg = text(token, "alg");
            let file = if alg.starts_with("HS") {
                format!("{keys_dir}/{alg}.private.jwk.json")
            } else {
                format!("{keys_dir}/{alg}.public.jwk.json")
            };
            let key = std::fs::read_to_string(&file).unwrap();
            let compact = text(token, "token");
            let (input, signature) = compact_parts(compact).unwrap();
            cases.push(Case {
                name: format!(
                    "{} {alg} ({})",
                    text(token, "lib"),
                    token["key_format"].as_str().unwrap_or("-")
                ),
                key: KeySpec::Jwk {
                    json: key,
                    alg: alg.to_owned(),
                },
                input,
                signature,
            });
        }
    }
    cases
}
