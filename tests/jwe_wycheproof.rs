//! Project Wycheproof (<https://github.com/C2SP/wycheproof>, Apache-2.0) for JWE, through the
//! crate's own JWE key types and `Decrypter` only: each primitive vector becomes a compact token
//! that only decrypts if the primitive computed what the vector says.
//!
//! * ECDH (`ecdh_secp*_ecpoint`, `x25519`): the vector's public key is the token's `epk`, its
//!   private key the `DecryptingKey`; the content is encrypted (here, with aws-lc-rs directly)
//!   under the Concat KDF of the vector's shared secret, so a token decrypts exactly when the
//!   crate agreed on that secret.
//! * AES key wrap (`aes_wrap`): the vector's ciphertext is an `A128KW`/`A256KW` encrypted key;
//!   the content is encrypted under the vector's plaintext as the CEK.
//! * AES-GCM (`aes_gcm`): the vector is an `A128GCMKW`/`A256GCMKW` encrypted key (empty AAD,
//!   96-bit IV, 128-bit tag, in the header), on every backend.
//! * AES-CBC (`aes_cbc_pkcs5`): the vector's key is the second half of an `A128CBC-HS256` or
//!   `A256CBC-HS512` CEK, its IV and ciphertext the token's, with a valid tag computed here, so
//!   that only the padding decides.
//! * RSA-OAEP (`rsa_oaep_2048_*`): the vector's ciphertext is a `RSA-OAEP`/`RSA-OAEP-256`
//!   encrypted key.
//! * `json_web_encryption_test.json`: the tokens as they are.
//!
//! `valid` must decrypt to the expected plaintext, `invalid` must fail, `acceptable` may do
//! either (but must decrypt correctly if it does). Cases that cannot be expressed as a JWE (an
//! AES-192 key, a plaintext that is no CEK length, a compressed point, an OAEP label, ...) are
//! skipped by their parameters, counted with their reason, and the counts are asserted. Every
//! test prints `wycheproof <file>: N run, P passed, S skipped` (`-- --nocapture`).
//!
//! Needs the `aws-lc` feature: ECDH-ES decryption, AES key wrap, AES-CBC and RSA-OAEP are aws-lc
//! only.
#![cfg(feature = "aws-lc")]

mod common;

use std::collections::BTreeMap;

use aws_lc_rs::aead::{AES_128_GCM, AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use jwt_ring::Backend;
use jwt_ring::jwe::{self, ContentEncryption, Curve, DecryptError, Decrypter, DecryptingKey};
use serde_json::{Value, json};

use common::{b64, hex};

fn load(file: &str) -> Value {
    let path = format!(
        "{}/tests/vectors/wycheproof/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("`{name}` is not a string"))
}

/// The tally of one file.
struct Suite {
    file: &'static str,
    total: u64,
    passed: u64,
    skipped: BTreeMap<&'static str, u64>,
    failures: Vec<String>,
}

/// What became of one case.
enum Outcome {
    Pass,
    Skip(&'static str),
    Fail(String),
}

impl Suite {
    fn new(file: &'static str) -> Self {
        Self {
            file,
            total: 0,
            passed: 0,
            skipped: BTreeMap::new(),
            failures: Vec::new(),
        }
    }

    fn record(&mut self, test: &Value, outcome: Outcome) {
        self.total += 1;
        match outcome {
            Outcome::Pass => self.passed += 1,
            Outcome::Skip(reason) => *self.skipped.entry(reason).or_default() += 1,
            Outcome::Fail(why) => self.failures.push(format!(
                "tcId {} ({}, {}): {why}",
                test["tcId"],
                test["comment"].as_str().unwrap_or_default(),
                test["result"].as_str().unwrap_or_default()
            )),
        }
    }

    /// Checks the outcome of a decryption against the case's `result`.
    fn judge(
        &mut self,
        test: &Value,
        result: Result<Vec<u8>, DecryptError>,
        expected_plaintext: &[u8],
    ) {
        let expected = text(test, "result");
        let outcome = match (expected, result) {
            (_, Ok(plaintext)) if plaintext != expected_plaintext => {
                Outcome::Fail("decrypted to the wrong plaintext".into())
            }
            ("valid" | "acceptable", Ok(_)) | ("invalid" | "acceptable", Err(_)) => Outcome::Pass,
            (_, Ok(_)) => Outcome::Fail("decrypted".into()),
            (_, Err(error)) => Outcome::Fail(format!("refused: {error}")),
        };
        self.record(test, outcome);
    }

    /// Prints the summary, then checks that every case was counted once, that nothing failed,
    /// and that the skips are exactly `expected_skips`.
    fn finish(self, file: &Value, expected_skips: &[(&str, u64)]) {
        let skipped: u64 = self.skipped.values().sum();
        println!(
            "wycheproof {}: {} run, {} passed, {} skipped {:?}",
            self.file,
            self.total - skipped,
            self.passed,
            skipped,
            self.skipped
        );
        assert!(
            self.failures.is_empty(),
            "{}:\n{}",
            self.file,
            self.failures.join("\n")
        );
        assert_eq!(
            self.total,
            file["numberOfTests"].as_u64().unwrap(),
            "{}",
            self.file
        );
        let expected: BTreeMap<&str, u64> = expected_skips.iter().copied().collect();
        assert_eq!(self.skipped, expected, "{}: skips", self.file);
    }
}

fn groups(file: &Value) -> &[Value] {
    file["testGroups"].as_array().unwrap()
}

fn tests(group: &Value) -> &[Value] {
    group["tests"].as_array().unwrap()
}

/// The content encryption whose CEK is `len` bytes, if any.
fn enc_for_cek(len: usize) -> Option<&'static ContentEncryption> {
    match len {
        16 => Some(&jwe::A128GCM),
        32 => Some(&jwe::A256GCM),
        64 => Some(&jwe::A256CBC_HS512),
        _ => None,
    }
}

/// A compact token with `header`, `encrypted_key` and `plaintext` encrypted under `cek` with
/// AES-GCM (`enc` must be an AES-GCM algorithm), as any encrypter would write it.
fn gcm_token(header: &Value, encrypted_key: &[u8], cek: &[u8], plaintext: &[u8]) -> String {
    let header_b64 = b64(header.to_string().as_bytes());
    let algorithm = if cek.len() == 16 {
        &AES_128_GCM
    } else {
        &AES_256_GCM
    };
    let key = LessSafeKey::new(UnboundKey::new(algorithm, cek).unwrap());
    let iv = [0x24u8; 12];
    let mut ciphertext = plaintext.to_vec();
    let tag = key
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(iv),
            Aad::from(header_b64.as_bytes()),
            &mut ciphertext,
        )
        .unwrap();
    format!(
        "{header_b64}.{}.{}.{}.{}",
        b64(encrypted_key),
        b64(&iv),
        b64(&ciphertext),
        b64(tag.as_ref())
    )
}

/// A token whose content is encrypted under `cek`, with the content encryption that fits it:
/// AES-GCM for 16 or 32 bytes, A256CBC-HS512 (written by the crate's own `dir` encrypter, then
/// given this header and encrypted key) for 64.
fn token_for_cek(header: Value, encrypted_key: &[u8], cek: &[u8], plaintext: &[u8]) -> String {
    if cek.len() != 64 {
        return gcm_token(&header, encrypted_key, cek, plaintext);
    }
    let header_b64 = b64(header.to_string().as_bytes());
    let (iv, ciphertext, tag) = cbc_hmac_seal(&header_b64, cek, &[0x42; 16], plaintext);
    format!(
        "{header_b64}.{}.{}.{}.{}",
        b64(encrypted_key),
        b64(&iv),
        b64(&ciphertext),
        b64(&tag)
    )
}

/// AES-CBC-HMAC-SHA2 (RFC 7518 §5.2) written out with aws-lc-rs's primitives.
fn cbc_hmac_seal(
    header_b64: &str,
    cek: &[u8],
    iv: &[u8; 16],
    plaintext: &[u8],
) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    use aws_lc_rs::cipher::{
        AES_128, AES_256, EncryptionContext, PaddedBlockEncryptingKey, UnboundCipherKey,
    };
    let half = cek.len() / 2;
    let cipher = if half == 16 { &AES_128 } else { &AES_256 };
    let key =
        PaddedBlockEncryptingKey::cbc_pkcs7(UnboundCipherKey::new(cipher, &cek[half..]).unwrap())
            .unwrap();
    let mut ciphertext = plaintext.to_vec();
    key.less_safe_encrypt(&mut ciphertext, EncryptionContext::Iv128((*iv).into()))
        .unwrap();
    let tag = cbc_hmac_tag(header_b64, &cek[..half], iv, &ciphertext);
    (iv.to_vec(), ciphertext, tag)
}

/// The first half of `HMAC(MAC_KEY, AAD || IV || ciphertext || AL)`, SHA-256 for a 16-byte MAC
/// key, SHA-512 for a 32-byte one.
fn cbc_hmac_tag(header_b64: &str, mac_key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    use aws_lc_rs::hmac;
    let algorithm = if mac_key.len() == 16 {
        hmac::HMAC_SHA256
    } else {
        hmac::HMAC_SHA512
    };
    let al = (header_b64.len() as u64 * 8).to_be_bytes();
    let input = [header_b64.as_bytes(), iv, ciphertext, &al].concat();
    let tag = hmac::sign(&hmac::Key::new(algorithm, mac_key), &input);
    tag.as_ref()[..mac_key.len()].to_vec()
}

/// The Concat KDF of RFC 7518 §4.6.2, written out independently of the crate's.
fn concat_kdf(z: &[u8], key_len: usize, algorithm_id: &str) -> Vec<u8> {
    let mut other_info = Vec::new();
    other_info.extend((algorithm_id.len() as u32).to_be_bytes());
    other_info.extend(algorithm_id.as_bytes());
    other_info.extend(0u32.to_be_bytes()); // apu
    other_info.extend(0u32.to_be_bytes()); // apv
    other_info.extend(((key_len * 8) as u32).to_be_bytes());
    let mut out = Vec::new();
    for counter in 1u32.. {
        if out.len() >= key_len {
            break;
        }
        let input = [&counter.to_be_bytes()[..], z, &other_info].concat();
        out.extend(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input).as_ref());
    }
    out.truncate(key_len);
    out
}

fn decrypt_with(key: DecryptingKey, token: &str) -> Result<Vec<u8>, DecryptError> {
    Decrypter::builder()
        .key(key)
        .build()
        .unwrap()
        .decrypt(token)
        .map(|decrypted| decrypted.into_plaintext())
}

const PLAINTEXT: &[u8] = b"wycheproof";

/// ECDH through ECDH-ES + A128GCM: the token decrypts iff the crate's Z is the vector's.
fn ecdh_suite(file: &'static str, curve: Curve, expected_skips: &[(&str, u64)]) {
    let vectors = load(file);
    let mut suite = Suite::new(file);
    let len = curve.coordinate_len();
    for group in groups(&vectors) {
        for test in tests(group) {
            let public = hex(text(test, "public"));
            let epk = if curve == Curve::X25519 {
                if public.len() != 32 {
                    suite.record(
                        test,
                        Outcome::Skip("public key is not 32 bytes: no JWK form"),
                    );
                    continue;
                }
                json!({"kty": "OKP", "crv": "X25519", "x": b64(&public)})
            } else {
                if public.len() != 1 + 2 * len || public[0] != 0x04 {
                    suite.record(
                        test,
                        Outcome::Skip("not an uncompressed point of the curve's size: no JWK form"),
                    );
                    continue;
                }
                json!({
                    "kty": "EC",
                    "crv": curve.name(),
                    "x": b64(&public[1..=len]),
                    "y": b64(&public[1 + len..]),
                })
            };
            // The private key as a big-endian integer of the curve's length.
            let mut private = hex(text(test, "private"));
            while private.len() > len && private[0] == 0 {
                private.remove(0);
            }
            while private.len() < len {
                private.insert(0, 0);
            }
            let key = match DecryptingKey::ecdh_from_private_key(
                jwe::ECDH_ES.on(Backend::AwsLc).unwrap(),
                curve,
                &private,
            ) {
                Ok(key) => key,
                // A private key the crate refuses rejects every case under it.
                Err(_) => {
                    suite.judge(test, Err(DecryptError::Decryption), PLAINTEXT);
                    continue;
                }
            };
            let shared = hex(text(test, "shared"));
            let cek = concat_kdf(&shared, 16, "A128GCM");
            let header = json!({"alg": "ECDH-ES", "enc": "A128GCM", "epk": epk});
            let token = gcm_token(&header, &[], &cek, PLAINTEXT);
            let result = decrypt_with(key, &token);
            if shared.iter().all(|byte| *byte == 0) {
                // Policy, stricter than `acceptable`: an all-zero X25519 secret is refused.
                let outcome = match result {
                    Err(DecryptError::InvalidEphemeralKey) => Outcome::Pass,
                    other => Outcome::Fail(format!("all-zero shared secret: {other:?}")),
                };
                suite.record(test, outcome);
                continue;
            }
            suite.judge(test, result, PLAINTEXT);
        }
    }
    suite.finish(&vectors, expected_skips);
}

#[test]
fn ecdh_secp256r1_ecpoint() {
    ecdh_suite(
        "ecdh_secp256r1_ecpoint_test.json",
        Curve::P256,
        &[(
            "not an uncompressed point of the curve's size: no JWK form",
            9,
        )],
    );
}

#[test]
fn ecdh_secp384r1_ecpoint() {
    ecdh_suite(
        "ecdh_secp384r1_ecpoint_test.json",
        Curve::P384,
        &[(
            "not an uncompressed point of the curve's size: no JWK form",
            3,
        )],
    );
}

#[test]
fn ecdh_secp521r1_ecpoint() {
    ecdh_suite(
        "ecdh_secp521r1_ecpoint_test.json",
        Curve::P521,
        &[(
            "not an uncompressed point of the curve's size: no JWK form",
            13,
        )],
    );
}

#[test]
fn x25519() {
    ecdh_suite("x25519_test.json", Curve::X25519, &[]);
}

#[test]
fn aes_wrap() {
    const FILE: &str = "aes_wrap_test.json";
    let vectors = load(FILE);
    let mut suite = Suite::new(FILE);
    for group in groups(&vectors) {
        let alg = match group["keySize"].as_u64() {
            Some(128) => &jwe::A128KW,
            Some(256) => &jwe::A256KW,
            _ => {
                for test in tests(group) {
                    suite.record(test, Outcome::Skip("AES-192 key wrap is not offered"));
                }
                continue;
            }
        };
        for test in tests(group) {
            let msg = hex(text(test, "msg"));
            let (cek, enc) = match enc_for_cek(msg.len()) {
                Some(enc) => (msg.clone(), enc),
                None if text(test, "result") == "invalid" => (vec![0x11; 16], &jwe::A128GCM),
                None => {
                    suite.record(test, Outcome::Skip("the unwrapped key is no CEK length"));
                    continue;
                }
            };
            let key = match DecryptingKey::symmetric(alg, &hex(text(test, "key"))) {
                Ok(key) => key,
                Err(_) => {
                    suite.judge(test, Err(DecryptError::Decryption), PLAINTEXT);
                    continue;
                }
            };
            let header = json!({"alg": alg.name(), "enc": enc.name()});
            let token = token_for_cek(header, &hex(text(test, "ct")), &cek, PLAINTEXT);
            suite.judge(test, decrypt_with(key, &token), PLAINTEXT);
        }
    }
    suite.finish(
        &vectors,
        &[
            ("AES-192 key wrap is not offered", 55),
            ("the unwrapped key is no CEK length", 11),
        ],
    );
}

#[test]
fn aes_gcm_as_gcm_key_wrap_on_every_backend() {
    const FILE: &str = "aes_gcm_test.json";
    let vectors = load(FILE);
    for backend in Backend::enabled() {
        let mut suite = Suite::new(FILE);
        for group in groups(&vectors) {
            let alg = match (
                group["keySize"].as_u64(),
                group["ivSize"].as_u64(),
                group["tagSize"].as_u64(),
            ) {
                (Some(128), Some(96), Some(128)) => &jwe::A128GCMKW,
                (Some(256), Some(96), Some(128)) => &jwe::A256GCMKW,
                (Some(192), _, _) => {
                    for test in tests(group) {
                        suite.record(test, Outcome::Skip("AES-192 is not offered"));
                    }
                    continue;
                }
                _ => {
                    for test in tests(group) {
                        suite.record(
                            test,
                            Outcome::Skip("GCM key wrap takes only 96-bit IVs and 128-bit tags"),
                        );
                    }
                    continue;
                }
            };
            let alg = alg.on(*backend).unwrap();
            for test in tests(group) {
                if !text(test, "aad").is_empty() {
                    suite.record(test, Outcome::Skip("GCM key wrap has empty AAD"));
                    continue;
                }
                let msg = hex(text(test, "msg"));
                let Some(enc) = enc_for_cek(msg.len()) else {
                    suite.record(test, Outcome::Skip("the plaintext is no CEK length"));
                    continue;
                };
                let key = DecryptingKey::symmetric(alg, &hex(text(test, "key"))).unwrap();
                let header = json!({
                    "alg": alg.name(),
                    "enc": enc.name(),
                    "iv": b64(&hex(text(test, "iv"))),
                    "tag": b64(&hex(text(test, "tag"))),
                });
                let token = token_for_cek(header, &hex(text(test, "ct")), &msg, PLAINTEXT);
                let result = decrypt_with(key, &token);
                let result = match result {
                    // A CBC-HMAC CEK on ring: refused by name, not decrypted.
                    Err(DecryptError::Unavailable(_)) if !enc.is_available_on(*backend) => {
                        suite.record(test, Outcome::Skip("A256CBC-HS512 needs aws-lc"));
                        continue;
                    }
                    other => other,
                };
                suite.judge(test, result, PLAINTEXT);
            }
        }
        let ring_only_skips = if *backend == Backend::Ring { 2 } else { 0 };
        let mut expected = vec![
            ("AES-192 is not offered", 103),
            ("GCM key wrap has empty AAD", 36),
            ("GCM key wrap takes only 96-bit IVs and 128-bit tags", 80),
            ("the plaintext is no CEK length", 34),
        ];
        if ring_only_skips > 0 {
            expected.push(("A256CBC-HS512 needs aws-lc", ring_only_skips));
        }
        suite.finish(&vectors, &expected);
    }
}

#[test]
fn aes_cbc_pkcs5_as_cbc_hmac() {
    const FILE: &str = "aes_cbc_pkcs5_test.json";
    let vectors = load(FILE);
    let mut suite = Suite::new(FILE);
    for group in groups(&vectors) {
        let enc = match group["keySize"].as_u64() {
            Some(128) => &jwe::A128CBC_HS256,
            Some(256) => &jwe::A256CBC_HS512,
            _ => {
                for test in tests(group) {
                    suite.record(
                        test,
                        Outcome::Skip("AES-192 (A192CBC-HS384) is not offered"),
                    );
                }
                continue;
            }
        };
        for test in tests(group) {
            let aes_key = hex(text(test, "key"));
            let mac_key = vec![0x5Au8; aes_key.len()];
            let cek = [mac_key.clone(), aes_key].concat();
            let key = DecryptingKey::symmetric(jwe::DIR.on(Backend::AwsLc).unwrap(), &cek).unwrap();
            let header_b64 = b64(json!({"alg": "dir", "enc": enc.name()})
                .to_string()
                .as_bytes());
            let iv = hex(text(test, "iv"));
            let ciphertext = hex(text(test, "ct"));
            let tag = cbc_hmac_tag(&header_b64, &mac_key, &iv, &ciphertext);
            let token = format!(
                "{header_b64}..{}.{}.{}",
                b64(&iv),
                b64(&ciphertext),
                b64(&tag)
            );
            let result = decrypt_with(key, &token);
            if let Err(error) = &result {
                if !matches!(error, DecryptError::Decryption) {
                    suite.record(
                        test,
                        Outcome::Fail(format!("not the uniform error: {error:?}")),
                    );
                    continue;
                }
            }
            suite.judge(test, result, &hex(text(test, "msg")));
        }
    }
    suite.finish(&vectors, &[("AES-192 (A192CBC-HS384) is not offered", 72)]);
}

fn rsa_oaep_suite(file: &'static str, alg: &'static jwe::KeyAlgorithm, expected: &[(&str, u64)]) {
    let vectors = load(file);
    let mut suite = Suite::new(file);
    for group in groups(&vectors) {
        let pkcs8 = hex(text(group, "privateKeyPkcs8"));
        for test in tests(group) {
            if !text(test, "label").is_empty() {
                suite.record(test, Outcome::Skip("JWE uses no OAEP label"));
                continue;
            }
            let msg = hex(text(test, "msg"));
            let (cek, enc) = match enc_for_cek(msg.len()) {
                Some(enc) => (msg.clone(), enc),
                None if text(test, "result") == "invalid" => (vec![0x11; 16], &jwe::A128GCM),
                None => {
                    suite.record(test, Outcome::Skip("the plaintext is no CEK length"));
                    continue;
                }
            };
            let key = DecryptingKey::rsa_oaep_from_pkcs8(alg, &pkcs8).unwrap();
            let header = json!({"alg": alg.name(), "enc": enc.name()});
            let token = token_for_cek(header, &hex(text(test, "ct")), &cek, PLAINTEXT);
            let result = decrypt_with(key, &token);
            if let Err(error) = &result {
                if !matches!(error, DecryptError::Decryption) {
                    suite.record(
                        test,
                        Outcome::Fail(format!("not the uniform error: {error:?}")),
                    );
                    continue;
                }
            }
            suite.judge(test, result, PLAINTEXT);
        }
    }
    suite.finish(&vectors, expected);
}

#[test]
fn rsa_oaep_2048_sha1_mgf1sha1() {
    rsa_oaep_suite(
        "rsa_oaep_2048_sha1_mgf1sha1_test.json",
        &jwe::RSA_OAEP,
        &[
            ("JWE uses no OAEP label", 7),
            ("the plaintext is no CEK length", 9),
        ],
    );
}

#[test]
fn rsa_oaep_2048_sha256_mgf1sha256() {
    rsa_oaep_suite(
        "rsa_oaep_2048_sha256_mgf1sha256_test.json",
        &jwe::RSA_OAEP_256,
        &[
            ("JWE uses no OAEP label", 8),
            ("the plaintext is no CEK length", 9),
        ],
    );
}

/// The decrypting key for a Wycheproof JWE group's private JWK, or why the group is out of
/// scope.
fn jwe_key(jwk: &Value) -> Result<DecryptingKey, &'static str> {
    let alg = match text(jwk, "alg") {
        "RSA1_5" => return Err("RSA1_5 is never accepted (asserted: DecryptError::Rsa1_5)"),
        "A192KW" | "A192GCMKW" | "ECDH-ES+A192KW" => return Err("AES-192 is not offered"),
        "A128KW" => &jwe::A128KW,
        "A256KW" => &jwe::A256KW,
        "A128GCMKW" => jwe::A128GCMKW.on(Backend::AwsLc).unwrap(),
        "A256GCMKW" => jwe::A256GCMKW.on(Backend::AwsLc).unwrap(),
        // A `dir` key names its content encryption as its `alg` (RFC 7520 §5.6).
        "dir" | "A128GCM" | "A256GCM" => jwe::DIR.on(Backend::AwsLc).unwrap(),
        "RSA-OAEP" => &jwe::RSA_OAEP,
        "RSA-OAEP-256" => &jwe::RSA_OAEP_256,
        "ECDH-ES" => &jwe::ECDH_ES,
        "ECDH-ES+A128KW" => &jwe::ECDH_ES_A128KW,
        "ECDH-ES+A256KW" => &jwe::ECDH_ES_A256KW,
        other => panic!("alg {other}"),
    };
    Ok(common::jwe::decrypting_key(alg, jwk))
}

#[test]
fn json_web_encryption() {
    const FILE: &str = "json_web_encryption_test.json";
    let vectors = load(FILE);
    let mut suite = Suite::new(FILE);
    for group in groups(&vectors) {
        let key = jwe_key(&group["private"]);
        for test in tests(group) {
            let token = text(test, "jwe");
            // Invalid cases carry no plaintext.
            let plaintext = test["pt"].as_str().map(hex).unwrap_or_default();
            let key = match &key {
                Err(reason) if reason.starts_with("RSA1_5") => {
                    let error = Decrypter::builder()
                        .key(DecryptingKey::symmetric(&jwe::DIR, &[0; 32]).unwrap())
                        .build()
                        .unwrap()
                        .decrypt(token);
                    let outcome = match error {
                        Err(DecryptError::Rsa1_5) => Outcome::Skip(reason),
                        other => Outcome::Fail(format!("RSA1_5 not refused: {other:?}")),
                    };
                    suite.record(test, outcome);
                    continue;
                }
                Err(reason) => {
                    suite.record(test, Outcome::Skip(reason));
                    continue;
                }
                Ok(_) => jwe_key(&group["private"]).unwrap(),
            };
            if text(test, "enc").starts_with("A192") {
                suite.record(test, Outcome::Skip("AES-192 is not offered"));
                continue;
            }
            let result = decrypt_with(key, token);
            let flags: Vec<&str> = test["flags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|flag| flag.as_str().unwrap())
                .collect();
            if flags.contains(&"CompressedPlaintext") {
                let outcome = match result {
                    Err(DecryptError::Compressed) => Outcome::Skip(
                        "zip is refused by policy (asserted: DecryptError::Compressed)",
                    ),
                    other => Outcome::Fail(format!("zip not refused: {other:?}")),
                };
                suite.record(test, outcome);
                continue;
            }
            suite.judge(test, result, &plaintext);
        }
    }
    suite.finish(
        &vectors,
        &[
            ("AES-192 is not offered", 14),
            (
                "RSA1_5 is never accepted (asserted: DecryptError::Rsa1_5)",
                16,
            ),
            (
                "zip is refused by policy (asserted: DecryptError::Compressed)",
                1,
            ),
        ],
    );
}
