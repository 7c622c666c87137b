//! Fixtures shared by the integration tests: a fixed clock, the key table (one entry per built-in
//! algorithm), helpers to hand-craft and re-sign tokens, to edit JWK JSON and to read hex.
//!
//! Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

#[cfg(feature = "aws-lc")]
pub mod jwe;

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{Signer, Verifier, ecdsa, eddsa, hmac, rsa};
use serde_json::Value;

/// 2026-01-01T00:00:00Z: the fixed "now" of every test.
pub const NOW: i64 = 1_767_225_600;

pub const RSA_2048_PKCS8: &[u8] = include_bytes!("../fixtures/rsa2048.pk8.der");
pub const RSA_2048_OTHER_PKCS8: &[u8] = include_bytes!("../fixtures/rsa2048-other.pk8.der");
pub const RSA_1024_PKCS8: &[u8] = include_bytes!("../fixtures/rsa1024.pk8.der");
pub const RSA_2048_PUBLIC_PKCS1_DER: &[u8] = include_bytes!("../fixtures/rsa2048.pub.pkcs1.der");
pub const RSA_2048_PUBLIC_PKCS1_PEM: &[u8] = include_bytes!("../fixtures/rsa2048.pub.pkcs1.pem");
pub const RSA_2048_PUBLIC_SPKI_PEM: &[u8] = include_bytes!("../fixtures/rsa2048.pub.spki.pem");
pub const RSA_1024_PUBLIC_PKCS1_DER: &[u8] = include_bytes!("../fixtures/rsa1024.pub.pkcs1.der");
pub const P256_PKCS8: &[u8] = include_bytes!("../fixtures/p256.pk8.der");
pub const P256_PUBLIC_SPKI_PEM: &[u8] = include_bytes!("../fixtures/p256.pub.spki.pem");

/// The fixed clock.
pub fn now() -> OffsetDateTime {
    at(NOW)
}

/// A fixed instant, in seconds since the epoch.
pub fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap()
}

/// The HMAC secret used wherever a test just needs "the" HS256 key.
pub const HS256_SECRET: &[u8] = b"fixed HS256 secret for the jwt-ring tests!";

pub fn hs256_key() -> hmac::Key {
    hmac::Key::new(&hmac::HS256, HS256_SECRET).unwrap()
}

/// One built-in algorithm with a signing key and its verifying key.
#[derive(Clone)]
pub struct Entry {
    pub alg: &'static str,
    pub signer: Arc<dyn Signer>,
    pub verifier: Arc<dyn Verifier>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.alg)
    }
}

fn hmac_entry(alg: &'static hmac::Algorithm, fill: u8) -> Entry {
    let secret = vec![fill; alg.min_key_len() + 5];
    let key = hmac::Key::new(alg, &secret).unwrap();
    Entry {
        alg: alg.name(),
        signer: Arc::new(key.clone()),
        verifier: Arc::new(key),
    }
}

fn rsa_entry(alg: &'static rsa::Algorithm, pkcs8: &[u8]) -> Entry {
    let key = rsa::SigningKey::from_pkcs8(alg, pkcs8).unwrap();
    Entry {
        alg: alg.name(),
        verifier: Arc::new(key.verifying_key()),
        signer: Arc::new(key),
    }
}

fn ecdsa_entry(key: ecdsa::SigningKey) -> Entry {
    Entry {
        alg: key.algorithm().name(),
        verifier: Arc::new(key.verifying_key()),
        signer: Arc::new(key),
    }
}

fn eddsa_entry(seed: u8, algorithm: &'static eddsa::Algorithm) -> Entry {
    let key = eddsa::SigningKey::from_seed(&[seed; 32])
        .unwrap()
        .with_algorithm(algorithm);
    Entry {
        alg: algorithm.name(),
        verifier: Arc::new(key.verifying_key()),
        signer: Arc::new(key),
    }
}

/// Every built-in algorithm, in the order of RFC 7518 §3.1, then RFC 8037's `EdDSA` and
/// RFC 9864's `Ed25519`. The six RSA entries share one RSA key pair, each bound to its own
/// algorithm.
pub fn table() -> Vec<Entry> {
    let (es384, _) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
    vec![
        hmac_entry(&hmac::HS256, 0x11),
        hmac_entry(&hmac::HS384, 0x12),
        hmac_entry(&hmac::HS512, 0x13),
        rsa_entry(&rsa::RS256, RSA_2048_PKCS8),
        rsa_entry(&rsa::RS384, RSA_2048_PKCS8),
        rsa_entry(&rsa::RS512, RSA_2048_PKCS8),
        rsa_entry(&rsa::PS256, RSA_2048_PKCS8),
        rsa_entry(&rsa::PS384, RSA_2048_PKCS8),
        rsa_entry(&rsa::PS512, RSA_2048_PKCS8),
        ecdsa_entry(ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap()),
        ecdsa_entry(es384),
        eddsa_entry(0x21, &eddsa::EDDSA),
        eddsa_entry(0x22, &eddsa::ED25519),
    ]
}

/// The same algorithms as [`table`], with different keys.
pub fn other_table() -> Vec<Entry> {
    let (es256, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let (es384, _) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
    vec![
        hmac_entry(&hmac::HS256, 0x31),
        hmac_entry(&hmac::HS384, 0x32),
        hmac_entry(&hmac::HS512, 0x33),
        rsa_entry(&rsa::RS256, RSA_2048_OTHER_PKCS8),
        rsa_entry(&rsa::RS384, RSA_2048_OTHER_PKCS8),
        rsa_entry(&rsa::RS512, RSA_2048_OTHER_PKCS8),
        rsa_entry(&rsa::PS256, RSA_2048_OTHER_PKCS8),
        rsa_entry(&rsa::PS384, RSA_2048_OTHER_PKCS8),
        rsa_entry(&rsa::PS512, RSA_2048_OTHER_PKCS8),
        ecdsa_entry(es256),
        ecdsa_entry(es384),
        eddsa_entry(0x41, &eddsa::EDDSA),
        eddsa_entry(0x42, &eddsa::ED25519),
    ]
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

/// The three segments of a compact token.
pub fn segments(token: &str) -> [String; 3] {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    [
        parts[0].to_owned(),
        parts[1].to_owned(),
        parts[2].to_owned(),
    ]
}

/// Signs `header_b64.payload_b64` with `signer` and appends the signature: a validly signed
/// token whatever the segments contain.
pub fn sign_segments(header_b64: &str, payload_b64: &str, signer: &dyn Signer) -> String {
    let signing_input = format!("{header_b64}.{payload_b64}");
    let signature = signer.sign(signing_input.as_bytes()).unwrap();
    format!("{signing_input}.{}", b64(&signature))
}

/// A validly signed token with these exact header and payload bytes.
pub fn sign_raw(header: &[u8], payload: &[u8], signer: &dyn Signer) -> String {
    sign_segments(&b64(header), &b64(payload), signer)
}

/// Reads the modulus and exponent out of a PKCS#1 `RSAPublicKey` (DER), big-endian, as they
/// appear (the modulus keeps its leading zero byte).
pub fn pkcs1_components(der: &[u8]) -> (Vec<u8>, Vec<u8>) {
    fn read_tlv(bytes: &[u8], tag: u8) -> (&[u8], &[u8]) {
        assert_eq!(bytes[0], tag);
        let (len, start) = match bytes[1] {
            short if short < 0x80 => (usize::from(short), 2),
            long => {
                let count = usize::from(long & 0x7f);
                let len = bytes[2..2 + count]
                    .iter()
                    .fold(0usize, |acc, b| acc << 8 | usize::from(*b));
                (len, 2 + count)
            }
        };
        (&bytes[start..start + len], &bytes[start + len..])
    }
    let (sequence, rest) = read_tlv(der, 0x30);
    assert!(rest.is_empty());
    let (n, rest) = read_tlv(sequence, 0x02);
    let (e, rest) = read_tlv(rest, 0x02);
    assert!(rest.is_empty());
    (n.to_vec(), e.to_vec())
}

/// Decodes hex (the vectors hold nothing else).
pub fn hex(text: &str) -> Vec<u8> {
    assert_eq!(text.len() % 2, 0, "odd-length hex string");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// `jwk` with member `name` set to `value`.
pub fn with(jwk: &Value, name: &str, value: impl Into<Value>) -> Value {
    let mut out = jwk.clone();
    out.as_object_mut()
        .unwrap()
        .insert(name.to_owned(), value.into());
    out
}

/// `jwk` without member `name`, which must be there.
pub fn without(jwk: &Value, name: &str) -> Value {
    let mut out = jwk.clone();
    assert!(
        out.as_object_mut().unwrap().remove(name).is_some(),
        "{name}"
    );
    out
}
