//! The two JWE features that are refused unless the caller opts in (as panva/jose v6 does):
//! password-based key management (`PBES2-*`, opted into by holding a password key) and
//! compressed content (`zip: DEF`, feature `deflate` and `DecrypterBuilder::allow_deflate`).
//! Each attack they invite has a regression test named after it: the `p2c` denial of service
//! and the decompression bomb.
//!
//! RFC 7520 §5.3 (PBES2) and §5.9 (DEFLATE) are from the JOSE cookbook (`tests/vectors/`).

#![cfg(feature = "aws-lc")]

mod common;

use common::{b64, unb64};
use jwt_ring::jwe::{self, DecryptError, Decrypter, DecryptingKey, EncryptingKey, HeaderError};
use jwt_ring::jwk::Jwk;
use serde_json::Value;

const COOKBOOK_5_3: &str = include_str!(
    "vectors/jose-cookbook/jwe/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json"
);

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn password_decrypter(alg: &'static jwe::KeyAlgorithm, password: &[u8]) -> Decrypter {
    Decrypter::builder()
        .key(DecryptingKey::password(alg, password).unwrap())
        .build()
        .unwrap()
}

/// `token` with its protected header edited: the tag no longer matches, so only checks made
/// before the cryptography can answer.
fn with_header(token: &str, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut header: Value = serde_json::from_slice(&unb64(&parts[0])).unwrap();
    edit(header.as_object_mut().unwrap());
    parts[0] = b64(header.to_string().as_bytes());
    parts.join(".")
}

const PASSWORD: &[u8] = b"Thus from my lips, by yours, my sin is purged.";

/// A PBES2-HS256+A128KW token of `x` under [`PASSWORD`].
fn pbes2_token() -> String {
    jwe::encrypt(
        &jwe::Header::new(),
        b"x",
        &EncryptingKey::password(&jwe::PBES2_HS256_A128KW, PASSWORD).unwrap(),
        &jwe::A128GCM,
    )
    .unwrap()
}

#[test]
fn cookbook_5_3_pbes2_decrypts_with_a_password_key() {
    let example = json(COOKBOOK_5_3);
    let password = example["input"]["pwd"].as_str().unwrap();
    let decrypter = password_decrypter(&jwe::PBES2_HS512_A256KW, password.as_bytes());
    let decrypted = decrypter
        .decrypt(example["output"]["compact"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        decrypted.plaintext(),
        example["input"]["plaintext"].as_str().unwrap().as_bytes()
    );
    assert_eq!(decrypted.header().algorithm(), Some("PBES2-HS512+A256KW"));
    assert_eq!(decrypted.header().content_type(), Some("jwk-set+json"));
}

#[test]
fn pbes2_round_trips_with_every_encryption_and_a_fresh_salt() {
    for alg in [&jwe::PBES2_HS256_A128KW, &jwe::PBES2_HS512_A256KW] {
        let encrypting = EncryptingKey::password(alg, PASSWORD).unwrap();
        let decrypter = password_decrypter(alg, PASSWORD);
        let mut salts = Vec::new();
        for enc in [
            &jwe::A128GCM,
            &jwe::A256GCM,
            &jwe::A128CBC_HS256,
            &jwe::A256CBC_HS512,
        ] {
            let token = jwe::encrypt(&jwe::Header::new(), b"pbes2", &encrypting, enc).unwrap();
            let decrypted = decrypter.decrypt(&token).unwrap();
            assert_eq!(decrypted.plaintext(), b"pbes2", "{alg:?} {enc:?}");
            let header: Value =
                serde_json::from_slice(&unb64(token.split('.').next().unwrap())).unwrap();
            assert_eq!(header["alg"], alg.name());
            assert_eq!(header["p2c"], jwe::MAX_PBES2_ITERATIONS);
            let salt = unb64(header["p2s"].as_str().unwrap());
            assert_eq!(salt.len(), 16);
            salts.push(salt);
        }
        salts.sort();
        salts.dedup();
        assert_eq!(salts.len(), 4, "every token draws its own salt");
    }
}

#[test]
fn pbes2_with_a_wrong_password_is_the_uniform_decryption_error() {
    let token = pbes2_token();
    let error = password_decrypter(&jwe::PBES2_HS256_A128KW, b"another password")
        .decrypt(&token)
        .unwrap_err();
    assert!(matches!(error, DecryptError::Decryption), "{error:?}");
}

#[test]
fn pbes2_is_refused_without_a_password_key() {
    let token = pbes2_token();
    // A decrypter holding an AES key wrap key of the same length: never a password.
    let decrypter = Decrypter::builder()
        .key(DecryptingKey::symmetric(&jwe::A128KW, &[7; 16]).unwrap())
        .build()
        .unwrap();
    let error = decrypter.decrypt(&token).unwrap_err();
    assert!(matches!(error, DecryptError::Pbes2), "{error:?}");
    // A password key of the other PBES2 algorithm does not decrypt it either.
    let error = password_decrypter(&jwe::PBES2_HS512_A256KW, PASSWORD)
        .decrypt(&token)
        .unwrap_err();
    assert!(matches!(error, DecryptError::NoMatchingKey), "{error:?}");
}

#[test]
fn passwords_and_keys_are_never_interchanged() {
    // A password is given only through `password`, a key only through `symmetric`.
    assert!(DecryptingKey::symmetric(&jwe::PBES2_HS256_A128KW, &[1; 16]).is_err());
    assert!(EncryptingKey::symmetric(&jwe::PBES2_HS256_A128KW, &[1; 16]).is_err());
    assert!(DecryptingKey::password(&jwe::A128KW, PASSWORD).is_err());
    assert!(EncryptingKey::password(&jwe::DIR, PASSWORD).is_err());
    assert!(DecryptingKey::password(&jwe::PBES2_HS256_A128KW, b"").is_err());
    assert!(EncryptingKey::password(&jwe::PBES2_HS256_A128KW, b"").is_err());
    // A JWK never becomes a password key.
    let jwk =
        Jwk::from_json(r#"{"kty":"oct","alg":"PBES2-HS256+A128KW","k":"cGFzc3dvcmQtcGFzc3dvcmQ"}"#);
    assert!(jwk.is_err());
    let jwk = Jwk::from_json(r#"{"kty":"oct","k":"cGFzc3dvcmQtcGFzc3dvcmQ"}"#).unwrap();
    assert!(jwk.decrypting_key_for(&jwe::PBES2_HS256_A128KW).is_err());
    assert!(jwk.encrypting_key_for(&jwe::PBES2_HS256_A128KW).is_err());
}

/// A PBES2 token whose header asks for `p2c` iterations (and keeps the rest).
fn with_p2c(p2c: Value) -> String {
    let token = pbes2_token();
    with_header(&token, |header| {
        header.insert("p2c".into(), p2c);
    })
}

#[test]
fn p2c_dos_is_refused_before_hashing() {
    let decrypter = password_decrypter(&jwe::PBES2_HS256_A128KW, PASSWORD);
    // Were these hashed, the largest would run PBKDF2 for hours: the test would not finish.
    for p2c in [
        Value::from(jwe::MAX_PBES2_ITERATIONS + 1),
        Value::from(u32::MAX),
        Value::from(u64::from(u32::MAX) + 1),
        Value::from(jwe::MIN_PBES2_ITERATIONS - 1),
        Value::from(0),
    ] {
        let error = decrypter.decrypt(&with_p2c(p2c.clone())).unwrap_err();
        assert!(
            matches!(
                error,
                DecryptError::Pbes2Iterations {
                    min: jwe::MIN_PBES2_ITERATIONS,
                    max: jwe::MAX_PBES2_ITERATIONS
                }
            ),
            "{p2c}: {error:?}"
        );
    }
    // Within the bounds the count is used (the header is altered, so the tag fails).
    for p2c in [jwe::MIN_PBES2_ITERATIONS, jwe::MAX_PBES2_ITERATIONS - 1] {
        let error = decrypter.decrypt(&with_p2c(p2c.into())).unwrap_err();
        assert!(
            matches!(error, DecryptError::Decryption),
            "{p2c}: {error:?}"
        );
    }
    // Not a count at all.
    for p2c in [
        Value::from(-1),
        Value::from(1.5),
        Value::from("1000"),
        Value::from(u64::MAX),
    ] {
        let error = decrypter.decrypt(&with_p2c(p2c.clone())).unwrap_err();
        let expected = if p2c == u64::MAX {
            matches!(error, DecryptError::Pbes2Iterations { .. })
        } else {
            matches!(
                error,
                DecryptError::Header(HeaderError::InvalidMember("p2c"))
            )
        };
        assert!(expected, "{p2c}: {error:?}");
    }
}

#[test]
fn pbes2_salt_and_count_are_required() {
    let decrypter = password_decrypter(&jwe::PBES2_HS256_A128KW, PASSWORD);
    let token = with_p2c(Value::from(2048));
    for (member, replacement) in [("p2s", None), ("p2c", None), ("p2s", Some(b64(&[1; 7])))] {
        let edited = with_header(&token, |header| match &replacement {
            Some(value) => {
                header.insert(member.into(), value.clone().into());
            }
            None => {
                header.remove(member);
            }
        });
        let error = decrypter.decrypt(&edited).unwrap_err();
        let expected = match replacement {
            None => HeaderError::MissingMember(member),
            Some(_) => HeaderError::InvalidMember(member),
        };
        assert!(
            matches!(&error, DecryptError::Header(found) if *found == expected),
            "{member}: {error:?}"
        );
    }
    // Eight salt bytes are enough.
    let error = decrypter
        .decrypt(&with_header(&token, |header| {
            header.insert("p2s".into(), b64(&[1; 8]).into());
        }))
        .unwrap_err();
    assert!(matches!(error, DecryptError::Decryption), "{error:?}");
}

#[cfg(feature = "deflate")]
mod deflate {
    use super::*;

    const COOKBOOK_5_9: &str =
        include_str!("vectors/jose-cookbook/jwe/5_9.compressed_content.json");

    const KEY: [u8; 32] = [5; 32];

    fn decrypter(allow: bool) -> Decrypter {
        let builder = Decrypter::builder().key(DecryptingKey::symmetric(&jwe::DIR, &KEY).unwrap());
        if allow {
            builder.allow_deflate()
        } else {
            builder
        }
        .build()
        .unwrap()
    }

    /// A `dir` + A256GCM token with `zip` set to `zip` over `content` (already compressed, or
    /// not): `jwe::encrypt` never compresses, so the token is sealed here with ring.
    fn compressed_token(zip: &str, content: &[u8]) -> String {
        use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
        let header = b64(format!(r#"{{"alg":"dir","enc":"A256GCM","zip":"{zip}"}}"#).as_bytes());
        let iv = [9u8; 12];
        let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &KEY).unwrap());
        let mut in_out = content.to_vec();
        let tag = key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(iv),
                Aad::from(header.as_bytes()),
                &mut in_out,
            )
            .unwrap();
        format!(
            "{header}..{}.{}.{}",
            b64(&iv),
            b64(&in_out),
            b64(tag.as_ref())
        )
    }

    fn deflate(content: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec(content, 9)
    }

    #[test]
    fn cookbook_5_9_compressed_content_inflates_when_allowed() {
        let example = json(COOKBOOK_5_9);
        let jwk = Jwk::from_json(&example["input"]["key"].to_string()).unwrap();
        let decrypter = Decrypter::builder()
            .key(jwk.decrypting_key().unwrap())
            .allow_deflate()
            .build()
            .unwrap();
        let decrypted = decrypter
            .decrypt(example["output"]["compact"].as_str().unwrap())
            .unwrap();
        assert_eq!(
            decrypted.plaintext(),
            example["input"]["plaintext"].as_str().unwrap().as_bytes()
        );
    }

    #[test]
    fn deflate_is_refused_unless_allowed_and_only_def() {
        let token = compressed_token("DEF", &deflate(b"hello"));
        assert_eq!(
            decrypter(true).decrypt(&token).unwrap().plaintext(),
            b"hello"
        );
        let error = decrypter(false).decrypt(&token).unwrap_err();
        assert!(matches!(error, DecryptError::Compressed), "{error:?}");
        for zip in ["GZIP", "def", ""] {
            let error = decrypter(true)
                .decrypt(&compressed_token(zip, &deflate(b"hello")))
                .unwrap_err();
            assert!(
                matches!(error, DecryptError::Compressed),
                "{zip}: {error:?}"
            );
        }
    }

    #[test]
    fn decompression_bomb_stops_at_the_limit() {
        // 100 MB of zeros deflate to about 100 KB: a token well under the size limit.
        let bomb = deflate(&vec![0u8; 100_000_000]);
        assert!(bomb.len() < 200_000, "{}", bomb.len());
        let error = decrypter(true)
            .decrypt(&compressed_token("DEF", &bomb))
            .unwrap_err();
        assert!(
            matches!(
                error,
                DecryptError::InflatedTooLong {
                    max: jwe::MAX_INFLATED_LEN
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn inflated_content_up_to_the_limit_is_accepted() {
        let at_limit = vec![b'a'; jwe::MAX_INFLATED_LEN];
        let decrypted = decrypter(true)
            .decrypt(&compressed_token("DEF", &deflate(&at_limit)))
            .unwrap();
        assert_eq!(decrypted.plaintext(), at_limit);
        let over = vec![b'a'; jwe::MAX_INFLATED_LEN + 1];
        let error = decrypter(true)
            .decrypt(&compressed_token("DEF", &deflate(&over)))
            .unwrap_err();
        assert!(
            matches!(error, DecryptError::InflatedTooLong { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn content_that_is_not_deflate_data_is_named() {
        let error = decrypter(true)
            .decrypt(&compressed_token("DEF", &[0xff; 32]))
            .unwrap_err();
        assert!(matches!(error, DecryptError::Inflate), "{error:?}");
    }
}
