//! JWE: jwt-ring against the other Rust crates that decrypt and encrypt compact JWEs, on the
//! pairs of `benches/support/jwe.rs` (`dir` with A256GCM, `ECDH-ES+A128KW` with A128GCM,
//! `RSA-OAEP-256` with A128CBC-HS256), with the same keys.
//!
//! Group names are `jwe_decrypt/<alg>_<enc>/<crate>` and `jwe_encrypt/<alg>_<enc>/<crate>`. The
//! crates:
//!
//! * `jwt-ring@ring` (`dir` only) and `jwt-ring@aws-lc`: jwt-ring with its keys made on each
//!   backend, the decrypter pinned to the pair;
//! * `josekit`: josekit 0.10 on OpenSSL, every pair;
//! * `jwt-simple`: jwt-simple 0.15, pure Rust, on the one pair it has: ECDH-ES+A128KW with
//!   A128GCM (it has no `dir`, no RSA-OAEP-256 and no AES-CBC-HMAC).
//!
//! Every decrypter decrypts the very token jwt-ring encrypted on aws-lc, each peer's token is
//! checked to decrypt with jwt-ring, and every timed closure asserts success. Keys are built
//! before the clock starts.
//!
//! Differences that the APIs impose, and that are left in because a user pays them too:
//! * jwt-simple encrypts and decrypts claims, not bytes: its encryption serializes a
//!   `JWTClaims` taken by value (each call clones the claims), and its decryption deserializes
//!   and validates them (`exp`, `nbf`); jwt-ring and josekit return the plaintext;
//! * josekit's decryption returns the header as a JSON map, and its encryption takes one.

use std::hint::black_box;

use criterion::Criterion;
use jwt_ring::Backend;

#[allow(dead_code)]
mod common;

#[allow(dead_code)]
#[path = "../../support/jwe.rs"]
mod support_jwe;

use common::support::Scope;
use support_jwe::{
    DIR_KEY, P256_D, P256_X, P256_Y, PAIRS, PLAINTEXT, RSA2048_PK8, has_pair, jwe_fixture,
    pair_name,
};

/// The RSA key's public half, PKCS#1 DER (the integration tests' fixture).
const RSA2048_PUBLIC_PKCS1: &[u8] = include_bytes!("../../../tests/fixtures/rsa2048.pub.pkcs1.der");

/// Checks that jwt-ring decrypts `token` to the plaintext (or, for jwt-simple, to the same
/// claims).
fn check_decrypts(alg: &'static str, enc: &str, token: &str) {
    let fixture = jwe_fixture(alg, enc, Backend::AwsLc);
    let decrypted = fixture
        .decrypter
        .decrypt(token)
        .expect("jwt-ring decrypts the peer's token");
    let ours: serde_json::Value = serde_json::from_slice(decrypted.plaintext()).expect("JSON");
    let expected: serde_json::Value = serde_json::from_str(PLAINTEXT).expect("JSON");
    assert_eq!(ours, expected);
}

fn bench_pair(c: &mut Criterion, alg: &'static str, enc: &'static str) {
    let name = pair_name(alg, enc);
    let plaintext = PLAINTEXT.as_bytes();
    // The token every crate decrypts: jwt-ring's, on aws-lc.
    let token = jwe_fixture(alg, enc, Backend::AwsLc).token;

    for backend in [Backend::Ring, Backend::AwsLc] {
        if !has_pair(alg, backend) {
            continue;
        }
        let fixture = jwe_fixture(alg, enc, backend);
        let label = format!("jwt-ring@{backend}");
        c.bench_function(&format!("jwe_decrypt/{name}/{label}"), |b| {
            b.iter(|| {
                let decrypted = fixture
                    .decrypter
                    .decrypt(black_box(&token))
                    .expect("decryption succeeds");
                black_box(decrypted)
            });
        });
        c.bench_function(&format!("jwe_encrypt/{name}/{label}"), |b| {
            b.iter(|| black_box(fixture.encrypt(black_box(plaintext))));
        });
    }

    let (decrypter, encrypter) = josekit_keys(alg);
    let mut header = josekit::jwe::JweHeader::new();
    header.set_content_encryption(enc);
    let (decrypted, _) = josekit::jwe::deserialize_compact(&token, &*decrypter)
        .expect("josekit decrypts jwt-ring's token");
    assert_eq!(decrypted, plaintext);
    check_decrypts(
        alg,
        enc,
        &josekit::jwe::serialize_compact(plaintext, &header, &*encrypter).expect("josekit"),
    );
    c.bench_function(&format!("jwe_decrypt/{name}/josekit"), |b| {
        b.iter(|| {
            black_box(
                josekit::jwe::deserialize_compact(black_box(&token), &*decrypter)
                    .expect("decryption succeeds"),
            )
        });
    });
    c.bench_function(&format!("jwe_encrypt/{name}/josekit"), |b| {
        b.iter(|| {
            black_box(
                josekit::jwe::serialize_compact(black_box(plaintext), &header, &*encrypter)
                    .expect("encryption succeeds"),
            )
        });
    });

    if alg == "ECDH-ES+A128KW" {
        use jwt_simple::prelude::*;
        let key = EcdhEsA128KWDecryptionKey::from_bytes(&support_jwe::b64(P256_D))
            .expect("jwt-simple P-256 key");
        let encryption_key = key.encryption_key();
        let options = EncryptionOptions {
            content_encryption: ContentEncryption::A128GCM,
            ..EncryptionOptions::default()
        };
        let claims: JWTClaims<Scope> = serde_json::from_str(PLAINTEXT).expect("the claims");
        let decrypted = key
            .decrypt_token::<Scope>(&token, None)
            .expect("jwt-simple decrypts jwt-ring's token");
        assert_eq!(decrypted.custom.scope, claims.custom.scope);
        check_decrypts(
            alg,
            enc,
            &encryption_key
                .encrypt_with_options(claims.clone(), &options)
                .expect("jwt-simple encrypts"),
        );
        c.bench_function(&format!("jwe_decrypt/{name}/jwt-simple"), |b| {
            b.iter(|| {
                black_box(
                    key.decrypt_token::<Scope>(black_box(&token), None)
                        .expect("decryption succeeds"),
                )
            });
        });
        c.bench_function(&format!("jwe_encrypt/{name}/jwt-simple"), |b| {
            b.iter(|| {
                black_box(
                    encryption_key
                        .encrypt_with_options(black_box(claims.clone()), &options)
                        .expect("encryption succeeds"),
                )
            });
        });
    }
}

/// josekit's decrypter and encrypter for `alg`, with the fixtures' keys.
fn josekit_keys(
    alg: &str,
) -> (
    Box<dyn josekit::jwe::JweDecrypter>,
    Box<dyn josekit::jwe::JweEncrypter>,
) {
    use josekit::jwe::{Dir, ECDH_ES_A128KW, RSA_OAEP_256};
    use josekit::jwk::Jwk;
    match alg {
        "dir" => (
            Box::new(Dir.decrypter_from_bytes(DIR_KEY).expect("josekit dir key")),
            Box::new(Dir.encrypter_from_bytes(DIR_KEY).expect("josekit dir key")),
        ),
        "ECDH-ES+A128KW" => {
            let public = format!(r#"{{"kty":"EC","crv":"P-256","x":"{P256_X}","y":"{P256_Y}"}}"#);
            let private = format!(
                r#"{{"kty":"EC","crv":"P-256","x":"{P256_X}","y":"{P256_Y}","d":"{P256_D}"}}"#
            );
            let jwk = |text: &str| Jwk::from_bytes(text.as_bytes()).expect("josekit JWK");
            (
                Box::new(
                    ECDH_ES_A128KW
                        .decrypter_from_jwk(&jwk(&private))
                        .expect("josekit P-256 key"),
                ),
                Box::new(
                    ECDH_ES_A128KW
                        .encrypter_from_jwk(&jwk(&public))
                        .expect("josekit P-256 public key"),
                ),
            )
        }
        "RSA-OAEP-256" => (
            Box::new(
                RSA_OAEP_256
                    .decrypter_from_der(RSA2048_PK8)
                    .expect("josekit RSA key"),
            ),
            Box::new(
                RSA_OAEP_256
                    .encrypter_from_der(RSA2048_PUBLIC_PKCS1)
                    .expect("josekit RSA public key"),
            ),
        ),
        other => panic!("no josekit key for {other}"),
    }
}

fn main() {
    let mut c = common::criterion();
    for (alg, enc) in PAIRS {
        bench_pair(&mut c, alg, enc);
    }
    c.final_summary();
}
