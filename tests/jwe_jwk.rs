//! JWE keys from JWKs (RFC 7517 §4.2-4.3): the JOSE cookbook's (RFC 7520 §5) encryption keys
//! load from their JWKs and decrypt their own example tokens; `use`, `key_ops` and `alg` keep
//! signing and encryption keys apart in both directions; a public JWK never decrypts; private
//! members never reach `Debug` or errors; a JWK Set's decryption keys feed a `Decrypter`.

mod common;

use common::{with, without};
use jwt_ring::jwe::{self, Decrypter, EncryptingKey};
use jwt_ring::jwk::{DecryptingKeySet, Jwk, JwkError, JwkSetOptions, SkipReason};
use serde_json::{Value, json};

macro_rules! cookbook {
    ($file:literal) => {
        include_str!(concat!("vectors/jose-cookbook/jwe/", $file))
    };
}

const COOKBOOK_5_2: &str = cookbook!("5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json");
#[cfg(feature = "aws-lc")]
const COOKBOOK_5_4: &str = cookbook!(
    "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json"
);
const COOKBOOK_5_5: &str = cookbook!("5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json");
const COOKBOOK_5_6: &str = cookbook!("5_6.direct_encryption_using_aes-gcm.json");
#[cfg(feature = "aws-lc")]
const COOKBOOK_5_7: &str =
    cookbook!("5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json");
const COOKBOOK_5_8: &str = cookbook!("5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json");

fn example(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn key_json(text: &str) -> Value {
    example(text)["input"]["key"].clone()
}

fn jwk(value: &Value) -> Jwk {
    Jwk::from_json(&value.to_string()).unwrap()
}

/// Decrypts the example's compact token with `key` and checks the plaintext.
fn decrypts(text: &str, key: jwe::DecryptingKey) {
    let example = example(text);
    let decrypter = Decrypter::builder().key(key).build().unwrap();
    let decrypted = decrypter
        .decrypt(example["output"]["compact"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        decrypted.plaintext(),
        example["input"]["plaintext"].as_str().unwrap().as_bytes()
    );
}

/// A P-256 ECDH public JWK (RFC 7520 §5.5's key, public half) for the mismatch tests.
fn ec_public() -> Value {
    without(&key_json(COOKBOOK_5_5), "d")
}

fn oct_key() -> Value {
    key_json(COOKBOOK_5_8)
}

// ---------------------------------------------------------------------------------------------
// The cookbook's keys decrypt their own tokens.

/// RFC 7520 §5.6 runs on every build (`dir` with AES-GCM). The cookbook's key says
/// `alg: "A128GCM"`: a direct key for that content encryption.
#[test]
fn cookbook_5_6_dir_key_named_by_its_content_encryption() {
    let jwk = jwk(&key_json(COOKBOOK_5_6));
    let key = jwk.decrypting_key().unwrap();
    assert_eq!(key.algorithm().name(), "dir");
    decrypts(COOKBOOK_5_6, key);
    decrypts(COOKBOOK_5_6, jwk.decrypting_key_for(&jwe::DIR).unwrap());
    assert_eq!(
        jwk.decrypting_key_for(&jwe::A128GCMKW).err(),
        Some(JwkError::AlgorithmMismatch)
    );
}

#[cfg(feature = "aws-lc")]
mod cookbook {
    use super::*;
    use jwt_ring::Backend;

    #[test]
    fn cookbook_5_2_rsa_oaep_key_loads_from_its_jwk() {
        let key = jwk(&key_json(COOKBOOK_5_2)).decrypting_key().unwrap();
        assert_eq!(key.algorithm().name(), "RSA-OAEP");
        assert_eq!(key.key_id(), Some("samwise.gamgee@hobbiton.example"));
        decrypts(COOKBOOK_5_2, key);
    }

    #[test]
    fn cookbook_5_4_ecdh_es_a128kw_p384_key_needs_its_algorithm_named() {
        let jwk = jwk(&key_json(COOKBOOK_5_4));
        assert_eq!(jwk.decrypting_key().err(), Some(JwkError::AlgorithmNeeded));
        decrypts(
            COOKBOOK_5_4,
            jwk.decrypting_key_for(&jwe::ECDH_ES_A128KW).unwrap(),
        );
    }

    #[test]
    fn cookbook_5_5_ecdh_es_p256_key_loads_on_aws_lc() {
        // ECDH_ES's default backend may be ring: the decrypting key moves to aws-lc.
        let key = jwk(&key_json(COOKBOOK_5_5))
            .decrypting_key_for(&jwe::ECDH_ES)
            .unwrap();
        assert_eq!(key.backend(), Backend::AwsLc);
        decrypts(COOKBOOK_5_5, key);
    }

    #[test]
    fn cookbook_5_7_a256gcmkw_key_decrypts_cbc_content() {
        let key = jwk(&key_json(COOKBOOK_5_7)).decrypting_key().unwrap();
        assert_eq!(key.backend(), Backend::AwsLc);
        decrypts(COOKBOOK_5_7, key);
    }

    #[test]
    fn cookbook_5_8_a128kw_key_loads_from_its_jwk() {
        decrypts(
            COOKBOOK_5_8,
            jwk(&key_json(COOKBOOK_5_8)).decrypting_key().unwrap(),
        );
    }

    #[test]
    fn cookbook_keys_as_a_set_feed_one_decrypter() {
        let keys: Vec<Value> = [COOKBOOK_5_2, COOKBOOK_5_6, COOKBOOK_5_7, COOKBOOK_5_8]
            .into_iter()
            .map(key_json)
            .chain([
                with(&key_json(COOKBOOK_5_4), "alg", "ECDH-ES+A128KW"),
                with(&key_json(COOKBOOK_5_5), "alg", "ECDH-ES"),
            ])
            .collect();
        let set = DecryptingKeySet::from_json(&json!({ "keys": keys }).to_string()).unwrap();
        assert!(set.skipped().is_empty(), "{:?}", set.skipped());
        assert_eq!(set.keys().len(), 6);
        let decrypter = Decrypter::builder().keys(set.into_keys()).build().unwrap();
        for text in [
            COOKBOOK_5_2,
            COOKBOOK_5_4,
            COOKBOOK_5_5,
            COOKBOOK_5_6,
            COOKBOOK_5_7,
            COOKBOOK_5_8,
        ] {
            let example = example(text);
            let decrypted = decrypter
                .decrypt(example["output"]["compact"].as_str().unwrap())
                .unwrap();
            assert_eq!(
                decrypted.plaintext(),
                example["input"]["plaintext"].as_str().unwrap().as_bytes()
            );
        }
    }

    /// Public JWKs become encrypting keys whose tokens the private JWKs decrypt.
    #[test]
    fn public_jwks_encrypt_to_their_private_jwks() {
        for (text, algorithm) in [
            (COOKBOOK_5_2, &jwe::RSA_OAEP),
            (COOKBOOK_5_4, &jwe::ECDH_ES_A128KW),
            (COOKBOOK_5_5, &jwe::ECDH_ES),
        ] {
            let private = jwk(&key_json(text));
            let public = private.to_public().unwrap();
            let encrypting = public.encrypting_key_for(algorithm).unwrap();
            assert_eq!(encrypting.key_id(), private.kid());
            let token =
                jwe::encrypt(&jwe::Header::new(), b"to you", &encrypting, &jwe::A256GCM).unwrap();
            let key = private.decrypting_key_for(algorithm).unwrap();
            let decrypter = Decrypter::builder().key(key).build().unwrap();
            assert_eq!(decrypter.decrypt(&token).unwrap().plaintext(), b"to you");
        }
    }

    /// An EC JWK whose `x`/`y` are not the public key of its `d` is refused.
    #[test]
    fn ec_jwk_with_a_foreign_public_key_is_refused() {
        let mut mixed = key_json(COOKBOOK_5_5);
        let other = jwe::DecryptingKey::ecdh_generate(
            jwe::ECDH_ES.on(Backend::AwsLc).unwrap(),
            jwe::Curve::P256,
        )
        .unwrap();
        let public = other.encrypting_key().unwrap();
        let (_, point) = public.ecdh_public_key().unwrap();
        let b64 = |bytes: &[u8]| common::b64(bytes);
        mixed["x"] = b64(&point[1..33]).into();
        mixed["y"] = b64(&point[33..]).into();
        assert_eq!(
            jwk(&mixed).decrypting_key_for(&jwe::ECDH_ES).err(),
            Some(JwkError::Inconsistent("x"))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// `use`, `key_ops` and `alg`: signing and encryption keys never cross.

#[test]
fn signing_use_or_alg_is_refused_for_encryption() {
    let oct = oct_key();
    for (value, error) in [
        (with(&oct, "use", "sig"), JwkError::OperationNotAllowed),
        (
            with(&without(&oct, "use"), "key_ops", json!(["sign", "verify"])),
            JwkError::OperationNotAllowed,
        ),
        (
            with(&without(&oct, "use"), "key_ops", json!(["encrypt"])),
            JwkError::OperationNotAllowed,
        ),
        (
            with(&without(&oct, "use"), "alg", "HS256"),
            JwkError::AlgorithmMismatch,
        ),
        (with(&oct, "alg", "A256GCMKW"), JwkError::AlgorithmMismatch),
    ] {
        let jwk = jwk(&value);
        assert_eq!(
            jwk.decrypting_key_for(&jwe::A128GCMKW).err(),
            Some(error),
            "{value}"
        );
    }
    // `key_ops` with `unwrapKey`/`wrapKey` and no `use` are encryption keys both ways.
    let ops = with(
        &without(&without(&oct, "use"), "alg"),
        "key_ops",
        json!(["unwrapKey", "wrapKey"]),
    );
    assert!(jwk(&ops).decrypting_key_for(&jwe::A128GCMKW).is_ok());
    assert!(jwk(&ops).encrypting_key_for(&jwe::A128GCMKW).is_ok());
    let decrypt_only = with(&ops, "key_ops", json!(["unwrapKey"]));
    assert_eq!(
        jwk(&decrypt_only).encrypting_key_for(&jwe::A128GCMKW).err(),
        Some(JwkError::OperationNotAllowed)
    );
    // An EC signing key is not an ECDH key.
    let es256 = with(&ec_public(), "alg", "ES256");
    assert_eq!(
        jwk(&without(&es256, "use"))
            .encrypting_key_for(&jwe::ECDH_ES)
            .err(),
        Some(JwkError::AlgorithmMismatch)
    );
    // A key type that has no encryption algorithm.
    let ed25519 = json!({"kty": "OKP", "crv": "Ed25519",
        "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
    assert_eq!(
        jwk(&ed25519).encrypting_key_for(&jwe::ECDH_ES).err(),
        Some(JwkError::AlgorithmMismatch)
    );
    // The key type must fit the algorithm asked for.
    assert_eq!(
        jwk(&ec_public()).encrypting_key_for(&jwe::DIR).err(),
        Some(JwkError::AlgorithmMismatch)
    );
}

#[test]
fn encryption_use_or_alg_is_refused_for_signing() {
    let oct = oct_key(); // use: enc, alg: A128KW
    let jwk_enc = jwk(&oct);
    assert!(jwk_enc.verifier().is_err());
    assert!(jwk_enc.verifier_for("HS256").is_err());
    assert!(jwk_enc.signer_for("HS256").is_err());
    let no_use = jwk(&without(&oct, "use"));
    assert_eq!(no_use.verifier().err(), Some(JwkError::AlgorithmMismatch));
    assert_eq!(
        no_use.signer_for("HS256").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    let no_alg = jwk(&without(&oct, "alg"));
    assert_eq!(
        no_alg.verifier_for("HS256").err(),
        Some(JwkError::OperationNotAllowed)
    );
    let ec = jwk(&ec_public());
    assert_eq!(
        ec.verifier_for("ES256").err(),
        Some(JwkError::OperationNotAllowed)
    );
}

#[test]
fn a_public_jwk_cannot_make_a_decrypting_key() {
    assert_eq!(
        jwk(&ec_public()).decrypting_key_for(&jwe::ECDH_ES).err(),
        Some(JwkError::NoPrivateMaterial)
    );
    let x25519 = json!({"kty": "OKP", "crv": "X25519", "use": "enc",
        "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"});
    assert_eq!(
        jwk(&x25519).decrypting_key_for(&jwe::ECDH_ES).err(),
        Some(JwkError::NoPrivateMaterial)
    );
    #[cfg(feature = "aws-lc")]
    {
        let rsa_public = jwk(&key_json(COOKBOOK_5_2)).to_public().unwrap();
        assert_eq!(
            rsa_public.decrypting_key().err(),
            Some(JwkError::NoPrivateMaterial)
        );
    }
}

#[test]
fn a_private_jwk_does_not_make_an_encrypting_key() {
    let ec_private = key_json(COOKBOOK_5_5);
    assert_eq!(
        jwk(&ec_private).encrypting_key_for(&jwe::ECDH_ES).err(),
        Some(JwkError::PrivateMaterial)
    );
    // X25519 public JWKs (RFC 8037 A.6, Bob's key) encrypt.
    let x25519 = json!({"kty": "OKP", "crv": "X25519", "use": "enc", "kid": "bob",
        "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"});
    let key: EncryptingKey = jwk(&x25519).encrypting_key_for(&jwe::ECDH_ES).unwrap();
    assert_eq!(key.key_id(), Some("bob"));
    assert_eq!(key.ecdh_public_key().unwrap().0, jwe::Curve::X25519);
}

/// Symmetric keys load and round trip on every build.
#[test]
fn oct_jwks_round_trip_on_every_backend() {
    let value = json!({"kty": "oct", "use": "enc", "alg": "A256GCMKW", "kid": "k",
        "k": common::b64(&[3; 32])});
    let jwk = jwk(&value);
    let token = jwe::encrypt(
        &jwe::Header::new(),
        b"shared",
        &jwk.encrypting_key().unwrap(),
        &jwe::A256GCM,
    )
    .unwrap();
    let decrypter = Decrypter::builder()
        .key(jwk.decrypting_key().unwrap())
        .build()
        .unwrap();
    assert_eq!(decrypter.decrypt(&token).unwrap().plaintext(), b"shared");
}

#[test]
fn private_members_never_in_debug_or_errors() {
    let mut secrets = Vec::new();
    let mut values = vec![oct_key(), key_json(COOKBOOK_5_5), key_json(COOKBOOK_5_2)];
    for value in &values {
        for name in ["k", "d", "p", "q", "dp", "dq", "qi"] {
            if let Some(secret) = value[name].as_str() {
                secrets.push(secret.to_owned());
            }
        }
    }
    values.push(with(&oct_key(), "use", "sig"));
    let mut shown = String::new();
    for value in &values {
        let jwk = jwk(value);
        shown += &format!("{jwk:?}");
        for result in [
            jwk.decrypting_key().map(|k| format!("{k:?}")),
            jwk.decrypting_key_for(&jwe::A128GCMKW)
                .map(|k| format!("{k:?}")),
            jwk.encrypting_key().map(|k| format!("{k:?}")),
        ] {
            match result {
                Ok(debug) => shown += &debug,
                Err(error) => shown += &format!("{error} {error:?}"),
            }
        }
    }
    let set = DecryptingKeySet::from_json(&json!({ "keys": values }).to_string()).unwrap();
    shown += &format!("{set:?}");
    for secret in &secrets {
        assert!(!shown.contains(secret.as_str()), "{secret}");
    }
}

// ---------------------------------------------------------------------------------------------
// JWK Sets of decryption keys.

#[test]
fn decrypting_set_loads_only_encryption_keys() {
    let secret = common::b64(&[5; 16]);
    let keys = json!({"keys": [
        {"kty": "oct", "use": "enc", "alg": "A128GCMKW", "kid": "a", "k": secret},
        {"kty": "oct", "use": "sig", "alg": "HS256", "kid": "b", "k": secret},
        {"kty": "oct", "alg": "A128GCMKW", "kid": "c", "k": secret},
        {"kty": "oct", "use": "enc", "kid": "d", "k": secret},
        {"kty": "oct", "key_ops": ["unwrapKey"], "alg": "A128GCMKW", "kid": "e", "k": secret},
        {"kty": "oct", "use": "enc", "alg": "A128GCMKW", "kid": "f", "k": secret},
        {"kty": "oct", "use": "enc", "alg": "A128GCMKW", "kid": "f", "k": secret},
        {"kty": "OKP", "crv": "X25519", "use": "enc", "alg": "ECDH-ES", "kid": "g",
         "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"},
        {"kty": "oct", "use": "enc", "alg": "A128GCMKW", "kid": "h"},
    ]});
    let set = DecryptingKeySet::from_json(&keys.to_string()).unwrap();
    let loaded: Vec<_> = set.keys().iter().map(|k| k.key_id().unwrap()).collect();
    assert_eq!(loaded, ["a", "e"]);
    let reasons: Vec<_> = set
        .skipped()
        .iter()
        .map(|s| (s.index, s.kid.as_deref().unwrap(), s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (1, "b", SkipReason::Key(JwkError::OperationNotAllowed)),
            (2, "c", SkipReason::Key(JwkError::OperationNotAllowed)),
            (3, "d", SkipReason::Key(JwkError::AlgorithmNeeded)),
            (5, "f", SkipReason::DuplicateKeyId),
            (6, "f", SkipReason::DuplicateKeyId),
            (7, "g", SkipReason::Key(JwkError::NoPrivateMaterial)),
            (8, "h", SkipReason::Key(JwkError::MissingMember("k"))),
        ]
    );
    let decrypter = Decrypter::builder().keys(set.into_keys()).build().unwrap();
    let token = jwe::encrypt(
        &jwe::Header::new(),
        b"by kid",
        &EncryptingKey::symmetric(&jwe::A128GCMKW, &[5; 16])
            .unwrap()
            .with_key_id("e"),
        &jwe::A128GCM,
    )
    .unwrap();
    assert_eq!(decrypter.decrypt(&token).unwrap().plaintext(), b"by kid");
}

#[test]
fn decrypting_set_honours_its_options() {
    let keys = json!({"keys": [
        {"kty": "oct", "use": "enc", "alg": "A128GCMKW", "kid": "a", "k": common::b64(&[5; 16])},
    ]})
    .to_string();
    let set = DecryptingKeySet::from_json_with_options(&keys, &JwkSetOptions::public_keys_only())
        .unwrap();
    assert!(set.keys().is_empty());
    assert_eq!(set.skipped()[0].reason, SkipReason::SymmetricNotAllowed);
    assert!(
        DecryptingKeySet::from_json_with_options(&keys, &JwkSetOptions::default().max_len(10))
            .is_err()
    );
    assert!(DecryptingKeySet::from_json("[]").is_err());
}

// ---- A party's published encryption keys ----

/// A published set: the cookbook's RSA-OAEP and ECDH-ES keys (public halves, and the EC one
/// once more with its private `d`, which a published set must not carry), a signing key, a
/// shared secret, and two keys with the same algorithm and `kid`.
fn published_set() -> String {
    let mut rsa = key_json(COOKBOOK_5_2);
    for private in ["d", "p", "q", "dp", "dq", "qi"] {
        rsa = without(&rsa, private);
    }
    let rsa = with(&with(&rsa, "alg", json!("RSA-OAEP")), "use", json!("enc"));
    let ec = with(
        &with(&ec_public(), "alg", json!("ECDH-ES")),
        "kid",
        json!("ec-enc"),
    );
    let ec_private = with(
        &with(&key_json(COOKBOOK_5_5), "kid", json!("ec-private")),
        "alg",
        json!("ECDH-ES"),
    );
    let signing = with(
        &with(
            &with(&ec_public(), "use", json!("sig")),
            "alg",
            json!("ES256"),
        ),
        "kid",
        json!("ec-sig"),
    );
    let secret = json!({"kty": "oct", "use": "enc", "alg": "A256GCMKW", "kid": "shared",
        "k": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"});
    let twin = with(&ec, "kid", json!("twin"));
    json!({"keys": [rsa, ec, ec_private, signing, secret, twin.clone(), twin]}).to_string()
}

#[test]
fn a_published_set_yields_public_encryption_keys_only() {
    use jwt_ring::jwk::EncryptingKeySet;
    let options = JwkSetOptions::public_keys_only();
    let set = EncryptingKeySet::from_json_with_options(&published_set(), &options).unwrap();
    let kids: Vec<Option<&str>> = set.keys().iter().map(|key| key.key_id()).collect();
    let rsa_kid = key_json(COOKBOOK_5_2)["kid"].as_str().map(str::to_owned);
    // RSA-OAEP is aws-lc's alone: without it the RSA key is skipped as unavailable.
    let expected: Vec<Option<&str>> = if cfg!(feature = "aws-lc") {
        vec![rsa_kid.as_deref(), Some("ec-enc")]
    } else {
        vec![Some("ec-enc")]
    };
    assert_eq!(kids, expected);
    let reasons: Vec<(Option<&str>, &SkipReason)> = set
        .skipped()
        .iter()
        .filter(|skipped| skipped.kid != rsa_kid)
        .map(|skipped| (skipped.kid.as_deref(), &skipped.reason))
        .collect();
    let private = SkipReason::Key(JwkError::PrivateMaterial);
    let signing = SkipReason::Key(JwkError::OperationNotAllowed);
    assert_eq!(
        reasons,
        [
            (Some("ec-private"), &private),
            (Some("ec-sig"), &signing),
            (Some("shared"), &SkipReason::SymmetricNotAllowed),
            (Some("twin"), &SkipReason::DuplicateKeyId),
            (Some("twin"), &SkipReason::DuplicateKeyId),
        ]
    );
    // Chosen by algorithm, and by `kid` where the algorithm has several keys.
    let ecdh = set.key(&jwe::ECDH_ES, None).unwrap();
    assert_eq!(ecdh.key_id(), Some("ec-enc"));
    assert!(set.key(&jwe::ECDH_ES, Some("ec-sig")).is_none());
    assert!(set.key(&jwe::A256GCMKW, None).is_none());

    let mut three = serde_json::from_str::<Value>(&published_set()).unwrap();
    three["keys"][6]["kid"] = "third".into();
    let three = EncryptingKeySet::from_json_with_options(&three.to_string(), &options).unwrap();
    assert!(
        three.key(&jwe::ECDH_ES, None).is_none(),
        "two ECDH-ES keys: ambiguous"
    );
    let third = three.key(&jwe::ECDH_ES, Some("third")).unwrap();
    assert_eq!(third.key_id(), Some("third"));
    // A set read from local configuration may share a secret.
    let local = EncryptingKeySet::from_json(&published_set()).unwrap();
    assert_eq!(
        local.key(&jwe::A256GCMKW, None).unwrap().key_id(),
        Some("shared")
    );
}

#[cfg(feature = "aws-lc")]
#[test]
fn tokens_encrypted_to_a_published_key_decrypt_with_its_private_key() {
    use jwt_ring::jwk::EncryptingKeySet;
    let set = EncryptingKeySet::from_json_with_options(
        &published_set(),
        &JwkSetOptions::public_keys_only(),
    )
    .unwrap();
    let rsa = set.key(&jwe::RSA_OAEP, None).unwrap();
    let token = jwe::encrypt(
        &jwe::Header::new(),
        b"to the party",
        rsa,
        &jwe::A128CBC_HS256,
    )
    .unwrap();
    let decrypting = common::jwe::decrypting_key(&jwe::RSA_OAEP, &key_json(COOKBOOK_5_2));
    let decrypter = Decrypter::builder().key(decrypting).build().unwrap();
    assert_eq!(
        decrypter.decrypt(&token).unwrap().plaintext(),
        b"to the party"
    );
}

#[test]
fn a_remote_set_serves_encryption_keys_while_fresh() {
    use jwt_ring::remote::{CachePolicy, FetchOutcome, HttpResponse, RemoteKeySet};
    use jwt_ring::time::{Duration, OffsetDateTime};
    let remote = RemoteKeySet::new(CachePolicy::default().jitter(Duration::ZERO)).unwrap();
    let now = OffsetDateTime::from_unix_timestamp(common::NOW).unwrap();
    assert!(
        remote
            .encrypting_key(&jwe::ECDH_ES, Some("ec-enc"), now)
            .is_none(),
        "nothing loaded"
    );

    // The set needs a verification key to be taken at all: the signing key above is one.
    let body = published_set();
    let ticket = remote.begin_fetch(remote.due(now).unwrap(), now).unwrap();
    let mut response = HttpResponse::new(200, body.as_bytes());
    response.cache_control = Some("max-age=300");
    remote
        .ingest(ticket, FetchOutcome::Response(response), now)
        .unwrap();

    let key = remote
        .encrypting_key(&jwe::ECDH_ES, Some("ec-enc"), now)
        .unwrap();
    assert_eq!(key.key_id(), Some("ec-enc"));
    assert!(
        remote
            .encrypting_key(&jwe::A256GCMKW, Some("shared"), now)
            .is_none()
    );
    // Past the lifetime and the stale window, nothing is served.
    let expires_at = remote.status(now).expires_at.unwrap();
    assert!(
        remote
            .encrypting_key(&jwe::ECDH_ES, Some("ec-enc"), expires_at)
            .is_some()
    );
    let later = expires_at + Duration::days(400);
    assert!(!remote.status(later).serving);
    assert!(
        remote
            .encrypting_key(&jwe::ECDH_ES, Some("ec-enc"), later)
            .is_none()
    );
}
