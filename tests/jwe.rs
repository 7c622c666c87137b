//! JWE compact serialization (RFC 7516) through the public API: round trips for every algorithm
//! pair each backend offers, the published examples (RFC 7516 Appendix A, RFC 7520 §5 from the
//! JOSE cookbook), and regression tests named after the attacks they stop.
//!
//! Vectors are copied under `tests/vectors/` (see `tests/vectors/README.md`). Algorithms that
//! need aws-lc run with the `aws-lc` feature; without it, the same tests check that they are
//! refused by name.

mod common;

use common::{b64, unb64};
use jwt_ring::backend::Unavailable;
use jwt_ring::jwe::{
    self, ContentEncryption, DecryptError, Decrypter, DecryptingKey, EncryptError, EncryptingKey,
    Header, KeyAlgorithm, Segment,
};
use jwt_ring::{Backend, Malformed, Validator, VerifyError, hmac};
use serde_json::Value;

const ENCS: [&ContentEncryption; 4] = [
    &jwe::A128GCM,
    &jwe::A256GCM,
    &jwe::A128CBC_HS256,
    &jwe::A256CBC_HS512,
];

const RFC7516: &str = include_str!("vectors/rfc/rfc7516_appendix_a.json");

macro_rules! cookbook {
    ($file:literal) => {
        include_str!(concat!("vectors/jose-cookbook/jwe/", $file))
    };
}

const COOKBOOK_5_1: &str = cookbook!("5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json");
#[cfg(feature = "aws-lc")]
const COOKBOOK_5_2: &str = cookbook!("5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json");
const COOKBOOK_5_3: &str =
    cookbook!("5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json");
#[cfg(feature = "aws-lc")]
const COOKBOOK_5_4: &str = cookbook!(
    "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json"
);
const COOKBOOK_5_5: &str = cookbook!("5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json");
const COOKBOOK_5_6: &str = cookbook!("5_6.direct_encryption_using_aes-gcm.json");
const COOKBOOK_5_7: &str =
    cookbook!("5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json");
#[cfg(feature = "aws-lc")]
const COOKBOOK_5_8: &str = cookbook!("5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json");
const COOKBOOK_5_9: &str = cookbook!("5_9.compressed_content.json");

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn member<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name].as_str().unwrap()
}

fn decrypter(key: DecryptingKey) -> Decrypter {
    Decrypter::builder().key(key).build().unwrap()
}

/// A decrypter whose key fits none of the refused tokens: they must be refused before any key
/// is looked for.
fn any_decrypter() -> Decrypter {
    decrypter(DecryptingKey::symmetric(&jwe::DIR, &[0; 32]).unwrap())
}

fn random_secret(len: usize) -> Vec<u8> {
    let mut secret = vec![0u8; len];
    aws_lc_rs::rand::fill(&mut secret).unwrap();
    secret
}

/// The five segments of a compact JWE.
fn segments(token: &str) -> Vec<String> {
    let parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    assert_eq!(parts.len(), 5, "{token}");
    parts
}

/// `token` with its protected header replaced by `edit(header)`; the other segments unchanged.
fn with_header(token: &str, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut parts = segments(token);
    let mut header: Value = serde_json::from_slice(&unb64(&parts[0])).unwrap();
    edit(header.as_object_mut().unwrap());
    parts[0] = b64(header.to_string().as_bytes());
    parts.join(".")
}

/// `token` with segment `index` replaced by `edit(bytes)`.
fn with_segment(token: &str, index: usize, edit: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut parts = segments(token);
    let mut bytes = unb64(&parts[index]);
    edit(&mut bytes);
    parts[index] = b64(&bytes);
    parts.join(".")
}

/// Every (decrypting key, its encrypting key) pair of `backend`, fresh for `enc` (a `dir` key
/// must be as long as `enc`'s CEK).
fn key_pairs(backend: Backend, enc: &ContentEncryption) -> Vec<(DecryptingKey, EncryptingKey)> {
    let mut pairs = Vec::new();
    let mut symmetric = |alg: &'static KeyAlgorithm, len: usize| {
        let alg = alg.on(backend).unwrap();
        let secret = random_secret(len);
        pairs.push((
            DecryptingKey::symmetric(alg, &secret)
                .unwrap()
                .with_key_id(alg.name()),
            EncryptingKey::symmetric(alg, &secret)
                .unwrap()
                .with_key_id(alg.name()),
        ));
    };
    symmetric(&jwe::DIR, enc.key_len());
    symmetric(&jwe::A128GCMKW, 16);
    symmetric(&jwe::A256GCMKW, 32);
    #[cfg(feature = "aws-lc")]
    if backend == Backend::AwsLc {
        symmetric(&jwe::A128KW, 16);
        symmetric(&jwe::A256KW, 32);
        for alg in [&jwe::RSA_OAEP, &jwe::RSA_OAEP_256] {
            let key = DecryptingKey::rsa_oaep_from_pkcs8(alg, common::RSA_2048_PKCS8).unwrap();
            let public = key.encrypting_key().unwrap();
            pairs.push((key, public));
        }
        for alg in [&jwe::ECDH_ES, &jwe::ECDH_ES_A128KW, &jwe::ECDH_ES_A256KW] {
            let alg = alg.on(Backend::AwsLc).unwrap();
            for curve in [
                jwe::Curve::P256,
                jwe::Curve::P384,
                jwe::Curve::P521,
                jwe::Curve::X25519,
            ] {
                let key = DecryptingKey::ecdh_generate(alg, curve)
                    .unwrap()
                    .with_key_id(format!("{}-{}", alg.name(), curve.name()));
                let public = key.encrypting_key().unwrap();
                pairs.push((key, public));
            }
        }
    }
    pairs
}

#[test]
fn round_trips_every_algorithm_and_encryption_on_every_backend() {
    let mut count = 0;
    for backend in Backend::enabled() {
        for enc in ENCS {
            for (decrypting, encrypting) in key_pairs(*backend, enc) {
                let what = format!("{backend} {:?} {enc:?}", encrypting.algorithm());
                let header = Header::new()
                    .with_typ("JWT")
                    .with_content_type("text/plain")
                    .with_party_u_info(b"alice".to_vec())
                    .with_party_v_info(b"bob".to_vec());
                let result = jwe::encrypt(&header, b"attack at dawn", &encrypting, enc);
                if !enc.is_available_on(*backend) {
                    assert!(
                        matches!(result, Err(EncryptError::Unavailable(Unavailable { backend: b, algorithm })) if b == *backend && algorithm == enc.name()),
                        "{what}: {result:?}"
                    );
                    continue;
                }
                let token = result.unwrap_or_else(|e| panic!("{what}: {e}"));
                let decrypted = decrypter(decrypting)
                    .decrypt(&token)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(decrypted.plaintext(), b"attack at dawn", "{what}");
                let header = decrypted.header();
                assert_eq!(header.algorithm(), Some(encrypting.algorithm().name()));
                assert_eq!(header.encryption(), Some(enc.name()));
                assert_eq!(header.kid(), encrypting.key_id());
                assert_eq!(header.typ(), Some("JWT"));
                assert_eq!(header.content_type(), Some("text/plain"));
                assert_eq!(header.party_u_info(), Some(&b"alice"[..]));
                assert_eq!(header.party_v_info(), Some(&b"bob"[..]));
                let shown = format!("{header:?}");
                for member in ["alg", "enc", "kid", "typ", "cty", "JWT", "text/plain"] {
                    assert!(shown.contains(member), "{what}: {shown}");
                }
                count += 1;
            }
        }
    }
    // ring: dir and AES-GCM key wrap with AES-GCM content; aws-lc: 19 keys with all four.
    let expected = if cfg!(feature = "ring") { 6 } else { 0 }
        + if cfg!(feature = "aws-lc") { 4 * 19 } else { 0 };
    assert_eq!(count, expected);
}

#[test]
fn decrypters_and_keys_are_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Decrypter>();
    send_sync::<DecryptingKey>();
    send_sync::<EncryptingKey>();
    send_sync::<jwe::Decrypted>();
    send_sync::<DecryptError>();
    send_sync::<EncryptError>();
}

/// The backends agree: what one encrypts, the other decrypts, for every algorithm both have
/// (ECDH-ES encrypted on ring, decrypted on aws-lc).
#[cfg(all(feature = "ring", feature = "aws-lc"))]
#[test]
fn backends_decrypt_each_others_tokens() {
    let mut count = 0;
    for enc in [&jwe::A128GCM, &jwe::A256GCM] {
        for alg in [&jwe::DIR, &jwe::A128GCMKW, &jwe::A256GCMKW] {
            let len = match alg.name() {
                "dir" => enc.key_len(),
                "A128GCMKW" => 16,
                _ => 32,
            };
            let secret = random_secret(len);
            for (from, to) in [
                (Backend::Ring, Backend::AwsLc),
                (Backend::AwsLc, Backend::Ring),
            ] {
                let encrypting = EncryptingKey::symmetric(alg.on(from).unwrap(), &secret).unwrap();
                let token = jwe::encrypt(&Header::new(), b"agree", &encrypting, enc).unwrap();
                let decrypting = DecryptingKey::symmetric(alg.on(to).unwrap(), &secret).unwrap();
                let decrypted = decrypter(decrypting).decrypt(&token).unwrap();
                assert_eq!(
                    decrypted.plaintext(),
                    b"agree",
                    "{alg:?} {enc:?} {from} -> {to}"
                );
                count += 1;
            }
        }
        for curve in [jwe::Curve::P256, jwe::Curve::P384, jwe::Curve::X25519] {
            let decrypting =
                DecryptingKey::ecdh_generate(jwe::ECDH_ES.on(Backend::AwsLc).unwrap(), curve)
                    .unwrap();
            let public = decrypting.encrypting_key().unwrap();
            let (x, y) = match curve {
                jwe::Curve::X25519 => (public_key_of(&public), None),
                _ => {
                    let point = public_key_of(&public);
                    let len = curve.coordinate_len();
                    (point[1..=len].to_vec(), Some(point[1 + len..].to_vec()))
                }
            };
            let on_ring =
                EncryptingKey::ecdh_from_coordinates(&jwe::ECDH_ES, curve, &x, y.as_deref())
                    .unwrap();
            assert_eq!(on_ring.backend(), Backend::Ring);
            let token = jwe::encrypt(&Header::new(), b"agree", &on_ring, enc).unwrap();
            let decrypted = decrypter(decrypting).decrypt(&token).unwrap();
            assert_eq!(decrypted.plaintext(), b"agree", "{curve:?} {enc:?}");
            count += 1;
        }
    }
    assert_eq!(count, 2 * (3 * 2 + 3));
}

/// The public key of an ECDH-ES encrypting key.
#[cfg(all(feature = "ring", feature = "aws-lc"))]
fn public_key_of(key: &EncryptingKey) -> Vec<u8> {
    key.ecdh_public_key().unwrap().1.to_vec()
}

#[test]
fn every_token_has_a_fresh_cek_and_iv() {
    let secret = [3u8; 32];
    let key = EncryptingKey::symmetric(&jwe::A256GCMKW, &secret).unwrap();
    let first = segments(&jwe::encrypt(&Header::new(), b"same", &key, &jwe::A256GCM).unwrap());
    let second = segments(&jwe::encrypt(&Header::new(), b"same", &key, &jwe::A256GCM).unwrap());
    assert_ne!(first[1], second[1], "encrypted CEK");
    assert_ne!(first[2], second[2], "IV");
    assert_ne!(first[3], second[3], "ciphertext");

    let dir = EncryptingKey::symmetric(&jwe::DIR, &secret).unwrap();
    let first = segments(&jwe::encrypt(&Header::new(), b"same", &dir, &jwe::A256GCM).unwrap());
    let second = segments(&jwe::encrypt(&Header::new(), b"same", &dir, &jwe::A256GCM).unwrap());
    assert!(first[1].is_empty() && second[1].is_empty());
    assert_ne!(first[2], second[2], "IV");
}

#[test]
fn ecdh_es_encrypts_on_every_backend_with_an_epk() {
    // A P-256 recipient key (RFC 7520 §5.5's).
    let cookbook = json(COOKBOOK_5_5);
    let jwk = &cookbook["input"]["key"];
    for backend in Backend::enabled() {
        let key = EncryptingKey::ecdh_from_coordinates(
            jwe::ECDH_ES.on(*backend).unwrap(),
            jwe::Curve::P256,
            &unb64(member(jwk, "x")),
            Some(&unb64(member(jwk, "y"))),
        )
        .unwrap();
        let token = jwe::encrypt(&Header::new(), b"hi", &key, &jwe::A256GCM).unwrap();
        let parts = segments(&token);
        let header: Value = serde_json::from_slice(&unb64(&parts[0])).unwrap();
        assert_eq!(header["alg"], "ECDH-ES");
        assert_eq!(header["epk"]["kty"], "EC");
        assert_eq!(header["epk"]["crv"], "P-256");
        assert_eq!(unb64(header["epk"]["x"].as_str().unwrap()).len(), 32);
        assert!(parts[1].is_empty(), "ECDH-ES has no encrypted key");
    }
}

// ---- Published examples ----

/// The cookbook example decrypts to its plaintext, with its protected header.
#[cfg(feature = "aws-lc")]
fn cookbook_decrypts(text: &str, alg: &'static KeyAlgorithm) {
    let example = json(text);
    let key = common::jwe::decrypting_key(alg, &example["input"]["key"]);
    let compact = member(&example["output"], "compact");
    let decrypted = decrypter(key).decrypt(compact).unwrap();
    assert_eq!(
        decrypted.plaintext(),
        member(&example["input"], "plaintext").as_bytes()
    );
    let protected = &example["encrypting_content"]["protected"];
    assert_eq!(decrypted.header().algorithm(), protected["alg"].as_str());
    assert_eq!(decrypted.header().encryption(), protected["enc"].as_str());
    assert_eq!(decrypted.header().kid(), protected["kid"].as_str());
}

#[test]
fn cookbook_5_6_dir_a128gcm_on_every_backend() {
    let example = json(COOKBOOK_5_6);
    let jwk = &example["input"]["key"];
    for backend in Backend::enabled() {
        let key =
            DecryptingKey::symmetric(jwe::DIR.on(*backend).unwrap(), &unb64(member(jwk, "k")))
                .unwrap()
                .with_key_id(member(jwk, "kid"));
        let decrypted = decrypter(key)
            .decrypt(member(&example["output"], "compact"))
            .unwrap();
        assert_eq!(
            decrypted.plaintext(),
            member(&example["input"], "plaintext").as_bytes()
        );
        assert_eq!(
            decrypted.header().kid(),
            Some("77c7e2b8-6e13-45cf-8672-617b5b45243a")
        );
    }
}

#[cfg(feature = "aws-lc")]
#[test]
fn cookbook_5_2_rsa_oaep_a256gcm() {
    cookbook_decrypts(COOKBOOK_5_2, &jwe::RSA_OAEP);
}

#[cfg(feature = "aws-lc")]
#[test]
fn cookbook_5_4_ecdh_es_a128kw_p384_a128gcm() {
    cookbook_decrypts(COOKBOOK_5_4, &jwe::ECDH_ES_A128KW);
}

#[cfg(feature = "aws-lc")]
#[test]
fn cookbook_5_5_ecdh_es_p256_a128cbc_hs256() {
    cookbook_decrypts(COOKBOOK_5_5, &jwe::ECDH_ES);
}

#[cfg(feature = "aws-lc")]
#[test]
fn cookbook_5_7_a256gcmkw_a128cbc_hs256() {
    cookbook_decrypts(COOKBOOK_5_7, jwe::A256GCMKW.on(Backend::AwsLc).unwrap());
}

#[cfg(feature = "aws-lc")]
#[test]
fn cookbook_5_8_a128kw_a128gcm() {
    cookbook_decrypts(COOKBOOK_5_8, &jwe::A128KW);
}

#[test]
fn cookbook_5_7_needs_aws_lc_for_cbc_hmac_on_ring() {
    if !Backend::Ring.is_enabled() {
        return;
    }
    let example = json(COOKBOOK_5_7);
    let jwk = &example["input"]["key"];
    let key = DecryptingKey::symmetric(&jwe::A256GCMKW, &unb64(member(jwk, "k")))
        .unwrap()
        .with_key_id(member(jwk, "kid"));
    let error = decrypter(key)
        .decrypt(member(&example["output"], "compact"))
        .unwrap_err();
    assert!(
        matches!(
            error,
            DecryptError::Unavailable(Unavailable {
                backend: Backend::Ring,
                algorithm: "A128CBC-HS256"
            })
        ),
        "{error:?}"
    );
}

/// Without aws-lc, the examples whose algorithms need it are refused by name.
#[cfg(not(feature = "aws-lc"))]
#[test]
fn aws_lc_examples_are_unavailable_without_it() {
    let examples = [
        (
            json(cookbook!(
                "5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json"
            )),
            "RSA-OAEP",
        ),
        (
            json(cookbook!(
                "5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json"
            )),
            "A128KW",
        ),
    ];
    for (example, alg) in examples {
        let error = any_decrypter()
            .decrypt(member(&example["output"], "compact"))
            .unwrap_err();
        assert!(
            matches!(error, DecryptError::Unavailable(Unavailable { algorithm, .. }) if algorithm == alg),
            "{alg}: {error:?}"
        );
    }
}

#[test]
fn cookbook_5_1_rsa1_5_is_refused() {
    let example = json(COOKBOOK_5_1);
    let error = any_decrypter()
        .decrypt(member(&example["output"], "compact"))
        .unwrap_err();
    assert!(matches!(error, DecryptError::Rsa1_5), "{error:?}");
}

#[test]
fn cookbook_5_3_pbes2_is_refused_by_default() {
    let example = json(COOKBOOK_5_3);
    let error = any_decrypter()
        .decrypt(member(&example["output"], "compact"))
        .unwrap_err();
    assert!(matches!(error, DecryptError::Pbes2), "{error:?}");
}

#[test]
fn cookbook_5_9_compressed_content_is_refused() {
    let example = json(COOKBOOK_5_9);
    let error = any_decrypter()
        .decrypt(member(&example["output"], "compact"))
        .unwrap_err();
    assert!(matches!(error, DecryptError::Compressed), "{error:?}");
}

fn rfc7516(id: &str) -> Value {
    json(RFC7516)["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|vector| vector["id"] == id)
        .unwrap()
        .clone()
}

#[cfg(feature = "aws-lc")]
#[test]
fn rfc7516_a1_rsa_oaep_a256gcm() {
    let vector = rfc7516("rfc7516-A.1");
    let key = common::jwe::decrypting_key(&jwe::RSA_OAEP, &vector["jwk"]);
    let decrypted = decrypter(key).decrypt(member(&vector, "compact")).unwrap();
    assert_eq!(
        decrypted.plaintext(),
        member(&vector, "plaintext").as_bytes()
    );
}

#[cfg(feature = "aws-lc")]
#[test]
fn rfc7516_a3_a128kw_a128cbc_hs256() {
    let vector = rfc7516("rfc7516-A.3");
    let key = common::jwe::decrypting_key(&jwe::A128KW, &vector["jwk"]);
    let decrypted = decrypter(key).decrypt(member(&vector, "compact")).unwrap();
    assert_eq!(decrypted.plaintext(), b"Live long and prosper.");
}

#[test]
fn rfc7516_a2_rsa1_5_is_refused() {
    let vector = rfc7516("rfc7516-A.2");
    let error = any_decrypter()
        .decrypt(member(&vector, "compact"))
        .unwrap_err();
    assert!(matches!(error, DecryptError::Rsa1_5), "{error:?}");
}

// ---- Attacks and policy ----

/// A `dir` + A256GCM token and the decrypter for it.
fn dir_token() -> (String, Decrypter) {
    let secret = [5u8; 32];
    let token = jwe::encrypt(
        &Header::new(),
        b"payload",
        &EncryptingKey::symmetric(&jwe::DIR, &secret).unwrap(),
        &jwe::A256GCM,
    )
    .unwrap();
    (
        token,
        decrypter(DecryptingKey::symmetric(&jwe::DIR, &secret).unwrap()),
    )
}

#[test]
fn jws_given_to_decrypt_is_refused_and_jwe_given_to_verify_is_refused() {
    let key = hmac::Key::new(&hmac::HS256, common::HS256_SECRET).unwrap();
    let jws = jwt_ring::encode(
        &jwt_ring::Header::new(),
        &jwt_ring::Claims::registered_only(),
        &key,
    )
    .unwrap();
    let error = any_decrypter().decrypt(&jws).unwrap_err();
    assert!(matches!(error, DecryptError::Jws), "{error:?}");

    let (jwe_token, _) = dir_token();
    let validator = Validator::builder().key(key).build().unwrap();
    let error = validator
        .verify::<jwt_ring::NoCustomClaims>(&jwe_token)
        .unwrap_err();
    assert!(
        matches!(error, VerifyError::Malformed(Malformed::Jwe)),
        "{error:?}"
    );
}

#[test]
fn segment_count_other_than_five_is_refused() {
    for token in ["", "a", "a.b", "a.b.c.d", "a.b.c.d.e.f"] {
        let error = any_decrypter().decrypt(token).unwrap_err();
        assert!(
            matches!(error, DecryptError::SegmentCount),
            "{token:?}: {error:?}"
        );
    }
}

#[test]
fn crit_in_the_protected_header_is_refused() {
    let (token, decrypter) = dir_token();
    let token = with_header(&token, |header| {
        header.insert("crit".into(), serde_json::json!(["exp"]));
        header.insert("exp".into(), serde_json::json!(1));
    });
    let error = decrypter.decrypt(&token).unwrap_err();
    assert!(
        matches!(error, DecryptError::UnsupportedCritical),
        "{error:?}"
    );
}

#[test]
fn zip_is_refused() {
    let (token, decrypter) = dir_token();
    let token = with_header(&token, |header| {
        header.insert("zip".into(), "DEF".into());
    });
    let error = decrypter.decrypt(&token).unwrap_err();
    assert!(matches!(error, DecryptError::Compressed), "{error:?}");
}

#[test]
fn alg_enc_mismatch_is_refused() {
    let (token, decrypter) = dir_token();
    // Another key-management algorithm than the key's.
    let other_alg = with_header(&token, |header| {
        header.insert("alg".into(), "A256GCMKW".into());
    });
    let error = decrypter.decrypt(&other_alg).unwrap_err();
    assert!(matches!(error, DecryptError::NoMatchingKey), "{error:?}");

    // Unknown names.
    for (name, value) in [("alg", "none"), ("alg", "HS256"), ("enc", "A128CTR")] {
        let token = with_header(&token, |header| {
            header.insert(name.into(), value.into());
        });
        let error = decrypter.decrypt(&token).unwrap_err();
        assert!(
            matches!(
                error,
                DecryptError::UnsupportedAlgorithm | DecryptError::UnsupportedEncryption
            ),
            "{value}: {error:?}"
        );
    }

    // Off the allow-lists.
    let secret = [5u8; 32];
    let narrow = |builder: jwe::DecrypterBuilder| {
        builder
            .key(DecryptingKey::symmetric(&jwe::DIR, &secret).unwrap())
            .build()
            .unwrap()
    };
    let error = narrow(Decrypter::builder().allow_encryptions([&jwe::A128GCM]))
        .decrypt(&token)
        .unwrap_err();
    assert!(
        matches!(error, DecryptError::EncryptionNotAllowed),
        "{error:?}"
    );
    let error = narrow(Decrypter::builder().allow_algorithms([&jwe::A256GCMKW]))
        .decrypt(&token)
        .unwrap_err();
    assert!(
        matches!(error, DecryptError::AlgorithmNotAllowed),
        "{error:?}"
    );
}

#[test]
fn wrong_cek_length_for_dir_is_refused() {
    // A 32-byte key and a token that says A128GCM (16-byte CEK).
    let (token, decrypter) = dir_token();
    let token = with_header(&token, |header| {
        header.insert("enc".into(), "A128GCM".into());
    });
    let error = decrypter.decrypt(&token).unwrap_err();
    assert!(matches!(error, DecryptError::DirectKeyLength), "{error:?}");

    let key = EncryptingKey::symmetric(&jwe::DIR, &[5u8; 32]).unwrap();
    let error = jwe::encrypt(&Header::new(), b"x", &key, &jwe::A128GCM).unwrap_err();
    assert!(matches!(error, EncryptError::DirectKeyLength), "{error:?}");

    // A dir token carries no encrypted key.
    let (token, decrypter) = dir_token();
    let token = with_segment(&token, 1, |key| key.extend([1, 2, 3]));
    let error = decrypter.decrypt(&token).unwrap_err();
    assert!(
        matches!(error, DecryptError::Length(Segment::EncryptedKey)),
        "{error:?}"
    );
}

#[test]
fn truncated_or_altered_tag_is_refused() {
    let (token, decrypter) = dir_token();
    let truncated = with_segment(&token, 4, |tag| tag.truncate(12));
    let error = decrypter.decrypt(&truncated).unwrap_err();
    assert!(
        matches!(error, DecryptError::Length(Segment::Tag)),
        "{error:?}"
    );

    let altered = with_segment(&token, 4, |tag| tag[0] ^= 1);
    let error = decrypter.decrypt(&altered).unwrap_err();
    assert!(matches!(error, DecryptError::Decryption), "{error:?}");

    let wrong_iv = with_segment(&token, 2, |iv| iv.push(0));
    let error = decrypter.decrypt(&wrong_iv).unwrap_err();
    assert!(
        matches!(error, DecryptError::Length(Segment::Iv)),
        "{error:?}"
    );
}

#[test]
fn altered_protected_header_aad_is_refused() {
    let (token, decrypter) = dir_token();
    assert!(decrypter.decrypt(&token).is_ok());
    let altered = with_header(&token, |header| {
        header.insert("typ".into(), "JWT".into());
    });
    let error = decrypter.decrypt(&altered).unwrap_err();
    assert!(matches!(error, DecryptError::Decryption), "{error:?}");

    // The same JSON, encoded differently, is different AAD: the base64url text is what counts.
    let mut parts = segments(&token);
    let json = String::from_utf8(unb64(&parts[0])).unwrap();
    parts[0] = b64(format!(" {json}").as_bytes());
    let error = decrypter.decrypt(&parts.join(".")).unwrap_err();
    assert!(matches!(error, DecryptError::Decryption), "{error:?}");
}

#[test]
fn oversized_tokens_and_headers_are_refused_before_decoding() {
    let (token, _) = dir_token();
    let key = || DecryptingKey::symmetric(&jwe::DIR, &[5u8; 32]).unwrap();
    let small = Decrypter::builder()
        .key(key())
        .max_token_len(token.len() - 1)
        .build()
        .unwrap();
    let error = small.decrypt(&token).unwrap_err();
    assert!(matches!(error, DecryptError::TooLong { .. }), "{error:?}");

    let small_header = Decrypter::builder()
        .key(key())
        .max_header_len(8)
        .build()
        .unwrap();
    let error = small_header.decrypt(&token).unwrap_err();
    assert!(
        matches!(error, DecryptError::Length(Segment::Header)),
        "{error:?}"
    );

    let huge_key = with_segment(&token, 1, |key| key.resize(2048, 0));
    let error = decrypter(key()).decrypt(&huge_key).unwrap_err();
    assert!(
        matches!(error, DecryptError::Length(Segment::EncryptedKey)),
        "{error:?}"
    );
}

/// The limits are inclusive: a token, header or encrypted key exactly at its limit is read.
#[test]
fn limits_are_inclusive() {
    let (token, _) = dir_token();
    let key = || DecryptingKey::symmetric(&jwe::DIR, &[5u8; 32]).unwrap();
    let header_len = unb64(&segments(&token)[0]).len();
    let exact = Decrypter::builder()
        .key(key())
        .max_token_len(token.len())
        .max_header_len(header_len)
        .build()
        .unwrap();
    let decrypted = exact.decrypt(&token).unwrap();
    assert_eq!(decrypted.into_plaintext(), b"payload");
    let header_short = Decrypter::builder()
        .key(key())
        .max_header_len(header_len - 1)
        .build()
        .unwrap();
    let error = header_short.decrypt(&token).unwrap_err();
    assert!(
        matches!(error, DecryptError::Length(Segment::Header)),
        "{error:?}"
    );

    // An encrypted key of 1,024 bytes (an RSA-8192 ciphertext) is tried, one more is refused.
    let kek = [6u8; 32];
    let wrapped = jwe::encrypt(
        &Header::new(),
        b"payload",
        &EncryptingKey::symmetric(&jwe::A256GCMKW, &kek).unwrap(),
        &jwe::A256GCM,
    )
    .unwrap();
    let decrypter = decrypter(DecryptingKey::symmetric(&jwe::A256GCMKW, &kek).unwrap());
    for (len, refused_by_length) in [(1024, false), (1025, true)] {
        let token = with_segment(&wrapped, 1, |key| key.resize(len, 0));
        let error = decrypter.decrypt(&token).unwrap_err();
        let by_length = matches!(error, DecryptError::Length(Segment::EncryptedKey));
        assert_eq!(by_length, refused_by_length, "{len}: {error:?}");
        if !refused_by_length {
            assert!(
                matches!(error, DecryptError::Decryption),
                "{len}: {error:?}"
            );
        }
    }
}

#[test]
fn malformed_headers_and_segments_are_named() {
    let (token, decrypter) = dir_token();
    let mut parts = segments(&token);
    parts[0] = b64(br#"{"alg":"dir","alg":"dir","enc":"A256GCM"}"#);
    let error = decrypter.decrypt(&parts.join(".")).unwrap_err();
    assert!(
        matches!(
            error,
            DecryptError::Header(jwe::HeaderError::DuplicateMember)
        ),
        "{error:?}"
    );
    let padded = {
        let mut parts = segments(&token);
        parts[3].push('=');
        parts.join(".")
    };
    let error = decrypter.decrypt(&padded).unwrap_err();
    assert!(
        matches!(error, DecryptError::Base64(Segment::Ciphertext)),
        "{error:?}"
    );
}

#[test]
fn a_gcmkw_token_needs_its_iv_and_tag() {
    let kek = [8u8; 32];
    let token = jwe::encrypt(
        &Header::new(),
        b"x",
        &EncryptingKey::symmetric(&jwe::A256GCMKW, &kek).unwrap(),
        &jwe::A256GCM,
    )
    .unwrap();
    let decrypter = decrypter(DecryptingKey::symmetric(&jwe::A256GCMKW, &kek).unwrap());
    assert!(decrypter.decrypt(&token).is_ok());
    let no_iv = with_header(&token, |header| {
        header.remove("iv");
    });
    let error = decrypter.decrypt(&no_iv).unwrap_err();
    assert!(
        matches!(
            error,
            DecryptError::Header(jwe::HeaderError::MissingMember("iv"))
        ),
        "{error:?}"
    );
    let short_tag = with_header(&token, |header| {
        header.insert("tag".into(), b64(&[0; 8]).into());
    });
    let error = decrypter.decrypt(&short_tag).unwrap_err();
    assert!(
        matches!(
            error,
            DecryptError::Header(jwe::HeaderError::InvalidMember("tag"))
        ),
        "{error:?}"
    );
    // A wrong tag on the wrapped key is the uniform error, after a random CEK.
    let wrong_tag = with_header(&token, |header| {
        header.insert("tag".into(), b64(&[0; 16]).into());
    });
    let error = decrypter.decrypt(&wrong_tag).unwrap_err();
    assert!(matches!(error, DecryptError::Decryption), "{error:?}");
}

#[test]
fn key_selection_by_kid_and_alg() {
    let secret_a = [1u8; 32];
    let secret_b = [2u8; 32];
    let encrypt = |secret: &[u8], kid: Option<&str>| {
        let key = EncryptingKey::symmetric(&jwe::DIR, secret).unwrap();
        let key = match kid {
            Some(kid) => key.with_key_id(kid),
            None => key,
        };
        jwe::encrypt(&Header::new(), b"x", &key, &jwe::A256GCM).unwrap()
    };
    let two = Decrypter::builder()
        .key(
            DecryptingKey::symmetric(&jwe::DIR, &secret_a)
                .unwrap()
                .with_key_id("a"),
        )
        .key(
            DecryptingKey::symmetric(&jwe::DIR, &secret_b)
                .unwrap()
                .with_key_id("b"),
        )
        .build()
        .unwrap();
    assert!(two.decrypt(&encrypt(&secret_a, Some("a"))).is_ok());
    assert!(two.decrypt(&encrypt(&secret_b, Some("b"))).is_ok());
    let error = two.decrypt(&encrypt(&secret_a, None)).unwrap_err();
    assert!(matches!(error, DecryptError::AmbiguousKey), "{error:?}");
    let error = two.decrypt(&encrypt(&secret_a, Some("c"))).unwrap_err();
    assert!(matches!(error, DecryptError::NoMatchingKey), "{error:?}");
    let error = two.decrypt(&encrypt(&secret_a, Some("b"))).unwrap_err();
    assert!(matches!(error, DecryptError::Decryption), "{error:?}");

    let duplicate = Decrypter::builder()
        .key(
            DecryptingKey::symmetric(&jwe::DIR, &secret_a)
                .unwrap()
                .with_key_id("a"),
        )
        .key(
            DecryptingKey::symmetric(&jwe::DIR, &secret_b)
                .unwrap()
                .with_key_id("a"),
        )
        .build();
    assert!(matches!(
        duplicate,
        Err(jwt_ring::ConfigError::DuplicateKeyId)
    ));
    assert!(matches!(
        Decrypter::builder().build(),
        Err(jwt_ring::ConfigError::NoKeys)
    ));
}

#[test]
fn ecdh_public_keys_are_checked_on_the_curve_on_every_backend() {
    let example = json(COOKBOOK_5_5);
    let jwk = &example["input"]["key"];
    let (x, y) = (unb64(member(jwk, "x")), unb64(member(jwk, "y")));
    for backend in Backend::enabled() {
        let alg = jwe::ECDH_ES.on(*backend).unwrap();
        assert!(EncryptingKey::ecdh_from_coordinates(alg, jwe::Curve::P256, &x, Some(&y)).is_ok());
        let mut off = y.clone();
        off[31] ^= 1;
        assert!(
            EncryptingKey::ecdh_from_coordinates(alg, jwe::Curve::P256, &x, Some(&off)).is_err()
        );
        assert!(EncryptingKey::ecdh_from_coordinates(alg, jwe::Curve::P256, &x, None).is_err());
        assert!(EncryptingKey::ecdh_from_coordinates(alg, jwe::Curve::P384, &x, Some(&y)).is_err());
        assert!(
            EncryptingKey::ecdh_from_coordinates(alg, jwe::Curve::X25519, &x, Some(&y)).is_err()
        );
    }
    if Backend::Ring.is_enabled() {
        // ring has no P-521.
        assert!(
            EncryptingKey::ecdh_from_coordinates(
                &jwe::ECDH_ES,
                jwe::Curve::P521,
                &[0; 66],
                Some(&[0; 66])
            )
            .is_err()
        );
    }
}

#[test]
fn decrypter_configuration_errors_are_named() {
    use jwt_ring::ConfigError;
    let key = || DecryptingKey::symmetric(&jwe::DIR, &[1; 32]).unwrap();
    let empty_enc = Decrypter::builder()
        .key(key())
        .allow_encryptions(Vec::<&'static ContentEncryption>::new())
        .build();
    assert!(matches!(empty_enc, Err(ConfigError::EmptyList)));
    let empty_alg = Decrypter::builder()
        .key(key())
        .allow_algorithms(Vec::<&'static KeyAlgorithm>::new())
        .build();
    assert!(matches!(empty_alg, Err(ConfigError::EmptyList)));
    let zero = Decrypter::builder().key(key()).max_token_len(0).build();
    assert!(matches!(zero, Err(ConfigError::OutOfRange)));
    let zero = Decrypter::builder().key(key()).max_header_len(0).build();
    assert!(matches!(zero, Err(ConfigError::OutOfRange)));
    let keys = Decrypter::builder()
        .keys([key().with_key_id("a"), key().with_key_id("b")])
        .build();
    assert!(keys.is_ok());
}

#[test]
fn symmetric_keys_must_fit_their_algorithm() {
    assert!(DecryptingKey::symmetric(&jwe::DIR, &[0; 24]).is_err());
    assert!(DecryptingKey::symmetric(&jwe::A128GCMKW, &[0; 32]).is_err());
    assert!(DecryptingKey::symmetric(&jwe::A256GCMKW, &[0; 16]).is_err());
    assert!(DecryptingKey::symmetric(&jwe::ECDH_ES, &[0; 32]).is_err());
    let symmetric = EncryptingKey::symmetric(&jwe::DIR, &[0; 32]).unwrap();
    assert!(symmetric.ecdh_public_key().is_none());
    assert!(
        EncryptingKey::ecdh_from_coordinates(&jwe::DIR, jwe::Curve::X25519, &[9; 32], None)
            .is_err()
    );
}

/// Mangled tokens of every algorithm pair: every segment emptied, cut, lengthened and
/// altered, every `alg`/`enc` swapped for every other, `epk`, `iv` and `tag` of every JSON type.
/// Decryption must return an error (or, for harmless changes, the plaintext), never panic.
#[test]
fn no_panic_on_mangled_tokens_of_every_algorithm() {
    let algs = [
        "dir",
        "A128KW",
        "A256KW",
        "A128GCMKW",
        "A256GCMKW",
        "RSA-OAEP",
        "RSA-OAEP-256",
        "ECDH-ES",
        "ECDH-ES+A128KW",
        "ECDH-ES+A256KW",
        "RSA1_5",
        "PBES2-HS256+A128KW",
        "none",
    ];
    let odd_values = [
        serde_json::json!(null),
        serde_json::json!(1),
        serde_json::json!("AA"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}),
        serde_json::json!({"kty": "OKP", "crv": "X25519", "x": ""}),
        serde_json::json!({"kty": "EC", "crv": "P-521", "x": b64(&[0xff; 66]), "y": b64(&[0xff; 66])}),
    ];
    let mut decryptions = 0;
    for backend in Backend::enabled() {
        for (decrypting, encrypting) in key_pairs(*backend, &jwe::A256GCM) {
            let token = jwe::encrypt(&Header::new(), b"x", &encrypting, &jwe::A256GCM).unwrap();
            let decrypter = decrypter(decrypting);
            let mut mangled = Vec::new();
            for index in 0..5 {
                let len = unb64(&segments(&token)[index]).len();
                for cut in [0, 1, len / 2, len.saturating_sub(1)] {
                    mangled.push(with_segment(&token, index, |bytes| bytes.truncate(cut)));
                }
                mangled.push(with_segment(&token, index, |bytes| bytes.extend([0; 17])));
                mangled.push(with_segment(&token, index, |bytes| {
                    if let Some(last) = bytes.last_mut() {
                        *last ^= 0x80;
                    }
                }));
                let mut parts = segments(&token);
                parts[index] = "A".into();
                mangled.push(parts.join("."));
            }
            for alg in algs {
                mangled.push(with_header(&token, |header| {
                    header.insert("alg".into(), alg.into());
                }));
            }
            for enc in ENCS {
                mangled.push(with_header(&token, |header| {
                    header.insert("enc".into(), enc.name().into());
                }));
            }
            for member in ["epk", "iv", "tag", "apu", "apv", "kid", "alg", "enc"] {
                for value in &odd_values {
                    mangled.push(with_header(&token, |header| {
                        header.insert(member.into(), value.clone());
                    }));
                }
                mangled.push(with_header(&token, |header| {
                    header.remove(member);
                }));
            }
            for token in &mangled {
                let _ = decrypter.decrypt(token);
                decryptions += 1;
            }
        }
    }
    assert!(decryptions > 0);
}

#[test]
fn secrets_never_appear_in_debug_or_errors() {
    let secret = [0xABu8; 32];
    let plaintext = b"the plaintext must stay secret";
    let encrypting = EncryptingKey::symmetric(&jwe::DIR, &secret).unwrap();
    let decrypting = DecryptingKey::symmetric(&jwe::DIR, &secret).unwrap();
    let token = jwe::encrypt(&Header::new(), plaintext, &encrypting, &jwe::A256GCM).unwrap();
    let decrypter = decrypter(decrypting);
    let decrypted = decrypter.decrypt(&token).unwrap();
    let texts = [
        format!("{encrypting:?}"),
        format!("{decrypter:?}"),
        format!("{decrypted:?}"),
        format!(
            "{:?}",
            decrypter.decrypt(&with_segment(&token, 4, |t| t[0] ^= 1))
        ),
        format!(
            "{}",
            decrypter
                .decrypt(&with_segment(&token, 4, |t| t[0] ^= 1))
                .unwrap_err()
        ),
    ];
    for text in &texts {
        assert!(!text.contains("171"), "{text}"); // 0xAB as a decimal byte
        assert!(!text.to_lowercase().contains("abab"), "{text}");
        assert!(!text.contains(&b64(&secret)), "{text}");
        assert!(!text.contains("plaintext must"), "{text}");
    }
    assert!(texts[2].contains("plaintext_len"));
    assert!(
        texts[0].contains("jwe::EncryptingKey") && texts[0].contains("dir"),
        "{}",
        texts[0]
    );
}

#[cfg(feature = "aws-lc")]
mod aws_lc_only {
    use super::*;

    /// An ECDH-ES P-256 decrypter and a token for it.
    fn ecdh_token(curve: jwe::Curve) -> (String, Decrypter) {
        let key =
            DecryptingKey::ecdh_generate(jwe::ECDH_ES.on(Backend::AwsLc).unwrap(), curve).unwrap();
        let token = jwe::encrypt(
            &Header::new(),
            b"payload",
            &key.encrypting_key().unwrap(),
            &jwe::A128GCM,
        )
        .unwrap();
        (token, decrypter(key))
    }

    #[test]
    fn invalid_curve_ecdh_es_epk_is_refused() {
        let (token, decrypter) = ecdh_token(jwe::Curve::P256);
        assert!(decrypter.decrypt(&token).is_ok());
        // The same x with another y: not on P-256 (an invalid-curve point).
        let off_curve = with_header(&token, |header| {
            let epk = header["epk"].as_object_mut().unwrap();
            let mut y = unb64(epk["y"].as_str().unwrap());
            y[31] ^= 1;
            epk.insert("y".into(), b64(&y).into());
        });
        let error = decrypter.decrypt(&off_curve).unwrap_err();
        assert!(
            matches!(error, DecryptError::InvalidEphemeralKey),
            "{error:?}"
        );
        // The point at coordinates (0, 0).
        let zero = with_header(&token, |header| {
            let epk = header["epk"].as_object_mut().unwrap();
            epk.insert("x".into(), b64(&[0; 32]).into());
            epk.insert("y".into(), b64(&[0; 32]).into());
        });
        let error = decrypter.decrypt(&zero).unwrap_err();
        assert!(
            matches!(error, DecryptError::InvalidEphemeralKey),
            "{error:?}"
        );
        // A valid point of another curve.
        let (p384_token, _) = ecdh_token(jwe::Curve::P384);
        let p384_epk: Value = serde_json::from_slice(&unb64(&segments(&p384_token)[0])).unwrap();
        let other_curve = with_header(&token, |header| {
            header.insert("epk".into(), p384_epk["epk"].clone());
        });
        let error = decrypter.decrypt(&other_curve).unwrap_err();
        assert!(
            matches!(error, DecryptError::InvalidEphemeralKey),
            "{error:?}"
        );
        // The key's own point under another key type: `kty` must be the curve's.
        let okp = with_header(&token, |header| {
            header["epk"]["kty"] = "OKP".into();
        });
        let error = decrypter.decrypt(&okp).unwrap_err();
        assert!(
            matches!(error, DecryptError::InvalidEphemeralKey),
            "{error:?}"
        );
        // Missing epk.
        let missing = with_header(&token, |header| {
            header.remove("epk");
        });
        let error = decrypter.decrypt(&missing).unwrap_err();
        assert!(
            matches!(
                error,
                DecryptError::Header(jwe::HeaderError::MissingMember("epk"))
            ),
            "{error:?}"
        );
    }

    #[test]
    fn x25519_all_zero_shared_secret_is_refused() {
        let (token, decrypter) = ecdh_token(jwe::Curve::X25519);
        assert!(decrypter.decrypt(&token).is_ok());
        // Points of small order: the shared secret is all zeros (RFC 7748 §6.1).
        let mut one = [0u8; 32];
        one[0] = 1;
        for small_order in [[0u8; 32], one] {
            let token = with_header(&token, |header| {
                let epk = header["epk"].as_object_mut().unwrap();
                epk.insert("x".into(), b64(&small_order).into());
            });
            let error = decrypter.decrypt(&token).unwrap_err();
            assert!(
                matches!(error, DecryptError::InvalidEphemeralKey),
                "{error:?}"
            );
        }
    }

    #[test]
    fn ecdh_es_decryption_keys_need_aws_lc() {
        if !Backend::Ring.is_enabled() {
            return;
        }
        let error = DecryptingKey::ecdh_generate(&jwe::ECDH_ES, jwe::Curve::P256).unwrap_err();
        assert!(error.reason().contains("aws-lc"), "{error}");
    }

    /// A128CBC-HS256 with a valid tag over one block whose bytes are all `fill`: `16` is a
    /// full block of padding (the empty plaintext), `0` is no valid padding at all.
    fn one_block_token(secret: &[u8; 32], fill: u8) -> String {
        use aws_lc_rs::cipher::{AES_128, EncryptingKey as Cbc, UnboundCipherKey};
        let header_b64 = b64(br#"{"alg":"dir","enc":"A128CBC-HS256"}"#);
        let iv = [7u8; 16];
        let mut block = [fill; 16];
        let cbc = Cbc::cbc(UnboundCipherKey::new(&AES_128, &secret[16..]).unwrap()).unwrap();
        cbc.less_safe_encrypt(
            &mut block,
            aws_lc_rs::cipher::EncryptionContext::Iv128(iv.into()),
        )
        .unwrap();
        let al = ((header_b64.len() as u64) * 8).to_be_bytes();
        let mac_key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &secret[..16]);
        let mac = aws_lc_rs::hmac::sign(
            &mac_key,
            &[header_b64.as_bytes(), &iv, &block, &al].concat(),
        );
        format!(
            "{header_b64}..{}.{}.{}",
            b64(&iv),
            b64(&block),
            b64(&mac.as_ref()[..16])
        )
    }

    #[test]
    fn uniform_error_for_padding_unwrap_and_oaep_failures() {
        let mut failures: Vec<(&str, DecryptError)> = Vec::new();

        // Padding: a valid tag over bad padding.
        let secret = [4u8; 32];
        let dir = decrypter(
            DecryptingKey::symmetric(jwe::DIR.on(Backend::AwsLc).unwrap(), &secret).unwrap(),
        );
        let good_padding = dir.decrypt(&one_block_token(&secret, 16)).unwrap();
        assert_eq!(
            good_padding.plaintext(),
            b"",
            "the hand-made token is well formed"
        );
        failures.push((
            "padding",
            dir.decrypt(&one_block_token(&secret, 0)).unwrap_err(),
        ));
        failures.push((
            "padding",
            dir.decrypt(&one_block_token(&secret, 17)).unwrap_err(),
        ));

        // Key unwrap: A128KW with an altered wrapped key.
        let kek = [6u8; 16];
        let kw_token = jwe::encrypt(
            &Header::new(),
            b"x",
            &EncryptingKey::symmetric(&jwe::A128KW, &kek).unwrap(),
            &jwe::A128CBC_HS256,
        )
        .unwrap();
        let kw = decrypter(DecryptingKey::symmetric(&jwe::A128KW, &kek).unwrap());
        assert!(kw.decrypt(&kw_token).is_ok());
        failures.push((
            "unwrap",
            kw.decrypt(&with_segment(&kw_token, 1, |key| key[3] ^= 1))
                .unwrap_err(),
        ));
        failures.push((
            "ciphertext",
            kw.decrypt(&with_segment(&kw_token, 3, |ct| ct[0] ^= 1))
                .unwrap_err(),
        ));
        // A wrapped key of the wrong length (a 32-byte CEK for A128GCM's 16).
        let long = with_header(&kw_token, |header| {
            header.insert("enc".into(), "A128GCM".into());
        });
        let long = with_segment(&long, 2, |iv| iv.truncate(12));
        let long = with_segment(&long, 4, |tag| tag.truncate(16));
        failures.push(("unwrapped length", kw.decrypt(&long).unwrap_err()));

        // RSA-OAEP: an altered encrypted key.
        let rsa =
            DecryptingKey::rsa_oaep_from_pkcs8(&jwe::RSA_OAEP_256, common::RSA_2048_PKCS8).unwrap();
        let rsa_token = jwe::encrypt(
            &Header::new(),
            b"x",
            &rsa.encrypting_key().unwrap(),
            &jwe::A256GCM,
        )
        .unwrap();
        let rsa = decrypter(rsa);
        assert!(rsa.decrypt(&rsa_token).is_ok());
        failures.push((
            "oaep",
            rsa.decrypt(&with_segment(&rsa_token, 1, |key| key[10] ^= 1))
                .unwrap_err(),
        ));

        for (cause, error) in &failures {
            assert!(
                matches!(error, DecryptError::Decryption),
                "{cause}: {error:?}"
            );
            assert_eq!(error.to_string(), "decryption failed", "{cause}");
            assert_eq!(format!("{error:?}"), "Decryption", "{cause}");
        }
    }

    #[test]
    fn rsa_oaep_public_keys_from_components_and_generated_keys() {
        // RFC 7516 A.1's key: encrypt to its public components, decrypt with its private key.
        let vector = rfc7516("rfc7516-A.1");
        let jwk = &vector["jwk"];
        let public = EncryptingKey::rsa_oaep_from_components(
            &jwe::RSA_OAEP_256,
            &unb64(member(jwk, "n")),
            &unb64(member(jwk, "e")),
        )
        .unwrap();
        let token = jwe::encrypt(&Header::new(), b"to A.1", &public, &jwe::A128CBC_HS256).unwrap();
        let decrypted = decrypter(common::jwe::decrypting_key(&jwe::RSA_OAEP_256, jwk))
            .decrypt(&token)
            .unwrap();
        assert_eq!(decrypted.plaintext(), b"to A.1");
        assert!(
            EncryptingKey::rsa_oaep_from_components(
                &jwe::A128KW,
                &unb64(member(jwk, "n")),
                &unb64(member(jwk, "e"))
            )
            .is_err()
        );
        assert!(
            EncryptingKey::rsa_oaep_from_components(&jwe::RSA_OAEP, &[0xff; 128], &[1, 0, 1])
                .is_err()
        );

        // Generated keys: only the three sizes, only for RSA-OAEP.
        assert!(DecryptingKey::rsa_oaep_generate(&jwe::RSA_OAEP, 1024).is_err());
        assert!(DecryptingKey::rsa_oaep_generate(&jwe::A128KW, 2048).is_err());
        let (generated, pkcs8) = DecryptingKey::rsa_oaep_generate(&jwe::RSA_OAEP, 2048).unwrap();
        let token = jwe::encrypt(
            &Header::new(),
            b"generated",
            &generated.encrypting_key().unwrap(),
            &jwe::A256GCM,
        )
        .unwrap();
        let reloaded = DecryptingKey::rsa_oaep_from_pkcs8(&jwe::RSA_OAEP, &pkcs8).unwrap();
        assert_eq!(
            decrypter(reloaded).decrypt(&token).unwrap().plaintext(),
            b"generated"
        );
    }

    #[test]
    fn rsa_oaep_keys_refuse_short_moduli_and_other_algorithms() {
        assert!(
            DecryptingKey::rsa_oaep_from_pkcs8(&jwe::RSA_OAEP, common::RSA_1024_PKCS8).is_err()
        );
        assert!(DecryptingKey::rsa_oaep_from_pkcs8(&jwe::A128KW, common::RSA_2048_PKCS8).is_err());
        let debug = format!(
            "{:?}",
            DecryptingKey::rsa_oaep_from_pkcs8(&jwe::RSA_OAEP, common::RSA_2048_PKCS8).unwrap()
        );
        assert!(debug.starts_with("jwe::DecryptingKey"), "{debug}");
        assert!(!debug.contains("modulus"), "{debug}");
    }
}

/// Property tests: a mutated token is refused (or is the original), and arbitrary five-segment
/// tokens with arbitrary header members are answered with a typed error, never a panic.
mod properties {
    use proptest::prelude::*;
    use proptest::sample::Index;
    use proptest::test_runner::Config;

    use super::*;

    fn config() -> Config {
        Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        }
    }

    /// One token per algorithm pair of every backend, with the decrypter that holds every key.
    fn fixtures() -> &'static (Vec<String>, Decrypter) {
        static FIXTURES: std::sync::OnceLock<(Vec<String>, Decrypter)> = std::sync::OnceLock::new();
        FIXTURES.get_or_init(|| {
            let mut tokens = Vec::new();
            let mut keys = Vec::new();
            for backend in Backend::enabled() {
                for (index, (decrypting, encrypting)) in
                    key_pairs(*backend, &jwe::A256GCM).into_iter().enumerate()
                {
                    let kid = format!("{backend}-{index}");
                    let encrypting = encrypting.with_key_id(kid.clone());
                    tokens.push(
                        jwe::encrypt(&Header::new(), b"original", &encrypting, &jwe::A256GCM)
                            .unwrap(),
                    );
                    keys.push(decrypting.with_key_id(kid));
                }
            }
            (tokens, Decrypter::builder().keys(keys).build().unwrap())
        })
    }

    #[derive(Clone, Debug)]
    enum Mutation {
        FlipBit(Index, u8),
        Truncate(Index),
        Delete(Index, Index),
        Insert(Index, char),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
            any::<Index>().prop_map(Mutation::Truncate),
            (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Delete(a, b)),
            (
                any::<Index>(),
                prop::sample::select(vec!['.', 'A', '_', '-', '=', '+', '/', ' ', 'é', '{'])
            )
                .prop_map(|(at, c)| Mutation::Insert(at, c)),
        ]
    }

    fn apply(token: &str, mutation: &Mutation) -> String {
        let mut bytes = token.as_bytes().to_vec();
        if bytes.is_empty() {
            return String::new();
        }
        match mutation {
            Mutation::FlipBit(at, bit) => {
                let at = at.index(bytes.len());
                bytes[at] ^= 1 << bit;
            }
            Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len())),
            Mutation::Delete(a, b) => {
                let (a, b) = (a.index(bytes.len()), b.index(bytes.len()));
                bytes.drain(a.min(b)..a.max(b));
            }
            Mutation::Insert(at, c) => {
                let at = at.index(bytes.len());
                let mut buffer = [0u8; 4];
                let encoded = c.encode_utf8(&mut buffer).as_bytes().to_vec();
                bytes.splice(at..at, encoded);
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn a_mutated_token_is_refused_unless_unchanged(
            which in any::<Index>(),
            mutations in prop::collection::vec(mutation(), 1..4),
        ) {
            let (tokens, decrypter) = fixtures();
            let original = &tokens[which.index(tokens.len())];
            let decrypted = decrypter.decrypt(original).unwrap();
            prop_assert_eq!(decrypted.plaintext(), b"original");
            let mut token = original.clone();
            for mutation in &mutations {
                token = apply(&token, mutation);
            }
            let result = decrypter.decrypt(&token);
            prop_assert!(result.is_err() || &token == original, "accepted {token}");
        }

        #[test]
        fn arbitrary_headers_and_segments_never_panic(
            members in prop::collection::btree_map(
                prop::sample::select(vec![
                    "alg", "enc", "kid", "epk", "iv", "tag", "apu", "apv", "zip", "crit",
                    "typ", "cty", "p2s", "p2c",
                ]),
                prop_oneof![
                    prop::sample::select(vec![
                        "dir", "A128KW", "A256GCMKW", "ECDH-ES", "ECDH-ES+A256KW", "RSA-OAEP",
                        "A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512", "ring-0",
                        "aws-lc-3", "", "AAAA", "RSA1_5",
                    ]).prop_map(Value::from),
                    any::<i64>().prop_map(Value::from),
                    Just(serde_json::json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"})),
                    Just(serde_json::json!({"kty": "OKP", "crv": "X25519", "x": b64(&[0; 32])})),
                    Just(serde_json::json!([])),
                    Just(Value::Null),
                ],
                0..8,
            ),
            segments in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..80), 4),
        ) {
            let (_, decrypter) = fixtures();
            let header = Value::Object(
                members.into_iter().map(|(name, value)| (name.to_owned(), value)).collect(),
            );
            let mut token = b64(header.to_string().as_bytes());
            for segment in &segments {
                token.push('.');
                token.push_str(&b64(segment));
            }
            let result = decrypter.decrypt(&token);
            prop_assert!(result.is_err(), "accepted {token}");
        }
    }
}

/// `fips()` is true only for keys on a FIPS backend (feature `fips`) whose primitives the
/// module approves: never X25519, never a ring key.
#[cfg(feature = "aws-lc")]
#[test]
fn fips_answers_follow_the_keys() {
    let fips_build = cfg!(feature = "fips");
    let on_aws_lc = |alg: &'static KeyAlgorithm| alg.on(Backend::AwsLc).unwrap();

    let dir = DecryptingKey::symmetric(on_aws_lc(&jwe::DIR), &[1; 32]).unwrap();
    assert_eq!(dir.fips(), fips_build);
    assert_eq!(dir.encrypting_key().unwrap().fips(), fips_build);
    #[cfg(feature = "ring")]
    {
        let ring_dir = DecryptingKey::symmetric(&jwe::DIR, &[1; 32]).unwrap();
        assert!(!ring_dir.fips());
        assert!(!ring_dir.encrypting_key().unwrap().fips());
    }

    let p256 = DecryptingKey::ecdh_generate(on_aws_lc(&jwe::ECDH_ES), jwe::Curve::P256).unwrap();
    let x25519 =
        DecryptingKey::ecdh_generate(on_aws_lc(&jwe::ECDH_ES), jwe::Curve::X25519).unwrap();
    assert_eq!(p256.fips(), fips_build);
    assert_eq!(p256.encrypting_key().unwrap().fips(), fips_build);
    assert!(!x25519.fips());
    assert!(!x25519.encrypting_key().unwrap().fips());

    let (rsa, _) = DecryptingKey::rsa_oaep_generate(&jwe::RSA_OAEP_256, 2048).unwrap();
    assert_eq!(rsa.fips(), fips_build);
    assert_eq!(rsa.encrypting_key().unwrap().fips(), fips_build);

    let p256_only = Decrypter::builder().key(p256).key(rsa).build().unwrap();
    assert_eq!(p256_only.fips(), fips_build);
    let with_x25519 = Decrypter::builder()
        .key(
            DecryptingKey::ecdh_generate(on_aws_lc(&jwe::ECDH_ES), jwe::Curve::P384)
                .unwrap()
                .with_key_id("p384"),
        )
        .key(x25519.with_key_id("x25519"))
        .build()
        .unwrap();
    assert!(!with_x25519.fips());
}

#[test]
fn algorithms_debug_as_their_names() {
    assert_eq!(format!("{:?}", jwe::DIR), "dir");
    assert_eq!(format!("{:?}", jwe::ECDH_ES), "ECDH-ES");
    assert_eq!(format!("{:?}", jwe::A128CBC_HS256), "A128CBC-HS256");
    assert_eq!(format!("{:?}", jwe::A256GCM), "A256GCM");
}
