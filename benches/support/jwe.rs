//! Keys, plaintext and tokens shared by the JWE benchmarks (`benches/jwe.rs`,
//! `benches/instructions.rs` and the peers' crate, which includes this file by path).
//!
//! Three pairs of key management and content encryption, one of each family: `dir` with
//! A256GCM (a shared key), `ECDH-ES+A128KW` with A128GCM (P-256 agreement, Concat KDF, AES key
//! wrap) and `RSA-OAEP-256` with A128CBC-HS256 (RSA decryption, HMAC then AES-CBC). Every key is
//! fixed and built here, outside any timed loop; every token is made once.
#![allow(dead_code)]

use jwt_ring::Backend;
use jwt_ring::jwe::{self, ContentEncryption, Decrypter, DecryptingKey, EncryptingKey, Header};

/// The pairs measured, as `(alg, enc)`.
pub const PAIRS: [(&str, &str); 3] = [
    ("dir", "A256GCM"),
    ("ECDH-ES+A128KW", "A128GCM"),
    ("RSA-OAEP-256", "A128CBC-HS256"),
];

/// The `dir` key: the A256GCM content encryption key itself.
pub const DIR_KEY: &[u8; 32] = b"benchmark dir key, 32 bytes long";

/// The recipient's P-256 key for ECDH-ES (RFC 7518 Appendix C, Bob's key): `d`, `x`, `y` in
/// base64url.
pub const P256_D: &str = "VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw";
pub const P256_X: &str = "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ";
pub const P256_Y: &str = "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck";

/// The recipient's RSA key for RSA-OAEP-256: the 2048-bit key of the JWS benchmarks.
pub const RSA2048_PK8: &[u8] = include_bytes!("../../tests/fixtures/rsa2048.pk8.der");

/// The plaintext: the claims of the JWS benchmarks, as JSON (240 bytes).
pub const PLAINTEXT: &str = concat!(
    r#"{"iss":"https://issuer.example.com","sub":"user-0123456789","#,
    r#""aud":"https://api.example.com","exp":4000000000,"nbf":1700000000,"iat":1700000000,"#,
    r#""jti":"7c1e6f0a-3b9d-4e52-8a61-0f2d9c4b7e18","#,
    r#""scope":"read:messages write:messages read:profile"}"#
);

/// A pair's name in benchmark ids: `alg` and `enc` joined by `_` (`dir_A256GCM`).
pub fn pair_name(alg: &str, enc: &str) -> String {
    format!("{alg}_{enc}")
}

/// The pair named `name` ([`pair_name`]), if it is one of [`PAIRS`].
pub fn pair_named(name: &str) -> Option<(&'static str, &'static str)> {
    PAIRS
        .into_iter()
        .find(|(alg, enc)| pair_name(alg, enc) == name)
}

/// Whether this build has the pair on `backend`: `dir` on both, the others on aws-lc only.
pub fn has_pair(alg: &str, backend: Backend) -> bool {
    backend.is_enabled() && (alg == "dir" || backend == Backend::AwsLc)
}

/// Decodes a base64url constant of this file.
pub fn b64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .expect("base64url constant")
}

fn content_encryption(enc: &str) -> &'static ContentEncryption {
    match enc {
        "A256GCM" => &jwe::A256GCM,
        "A128GCM" => &jwe::A128GCM,
        "A128CBC-HS256" => &jwe::A128CBC_HS256,
        other => panic!("no content encryption {other}"),
    }
}

/// Our decrypting key for `alg`, made on `backend`.
pub fn decrypting_key(alg: &str, backend: Backend) -> DecryptingKey {
    match alg {
        "dir" => DecryptingKey::symmetric(jwe::DIR.on(backend).expect("dir"), DIR_KEY),
        "ECDH-ES+A128KW" => DecryptingKey::ecdh_from_private_key(
            jwe::ECDH_ES_A128KW.on(backend).expect("ECDH-ES+A128KW"),
            jwe::Curve::P256,
            &b64(P256_D),
        ),
        "RSA-OAEP-256" => DecryptingKey::rsa_oaep_from_pkcs8(
            jwe::RSA_OAEP_256.on(backend).expect("RSA-OAEP-256"),
            RSA2048_PK8,
        ),
        other => panic!("no key algorithm {other}"),
    }
    .expect("the fixed key is accepted")
}

/// Everything one pair's benchmarks need, on one backend.
pub struct JweFixture {
    pub alg: &'static str,
    pub enc: &'static ContentEncryption,
    pub decrypter: Decrypter,
    pub encrypting_key: EncryptingKey,
    pub header: Header,
    /// A token of ours, made once.
    pub token: String,
}

impl JweFixture {
    /// Our encryption of `plaintext` (a fresh token at each call).
    pub fn encrypt(&self, plaintext: &[u8]) -> String {
        jwe::encrypt(&self.header, plaintext, &self.encrypting_key, self.enc)
            .expect("encryption succeeds")
    }
}

/// The fixture for the pair `(alg, enc)` on `backend`: a decrypter pinned to the pair, the
/// matching encrypting key, and a token of ours that the decrypter has checked.
pub fn jwe_fixture(alg: &'static str, enc: &str, backend: Backend) -> JweFixture {
    let enc = content_encryption(enc);
    let key = decrypting_key(alg, backend);
    let encrypting_key = key.encrypting_key().expect("the encrypting key");
    if alg == "ECDH-ES+A128KW" {
        let mut point = vec![4u8];
        point.extend(b64(P256_X));
        point.extend(b64(P256_Y));
        assert_eq!(
            encrypting_key.ecdh_public_key(),
            Some((jwe::Curve::P256, point.as_slice())),
            "x and y are the public key of d"
        );
    }
    let decrypter = Decrypter::builder()
        .allow_algorithms([key.algorithm()])
        .allow_encryptions([enc])
        .key(key)
        .build()
        .expect("the decrypter builds");
    let header = Header::new();
    let token = jwe::encrypt(&header, PLAINTEXT.as_bytes(), &encrypting_key, enc)
        .expect("the token encrypts");
    let decrypted = decrypter.decrypt(&token).expect("the token decrypts");
    assert_eq!(decrypted.plaintext(), PLAINTEXT.as_bytes());
    JweFixture {
        alg,
        enc,
        decrypter,
        encrypting_key,
        header,
        token,
    }
}
