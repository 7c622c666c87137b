//! JWK Sets through the public API: every key-selection rule (`kid`, `alg`, `kty`, `use` /
//! `key_ops`), tokens without `kid`, duplicate `kid`s, unusable keys skipped and reported,
//! mixed symmetric/asymmetric sets and the public-keys-only loader, size caps, malformed sets, `kid` compared as an opaque
//! string, and key rotation with `SharedKeySet` under concurrent verification.
//!
//! Keys are generated per test (or come from `tests/fixtures` and `tests/vectors/rfc`), exported
//! with `to_jwk`, and fed back as JWK Set JSON the way a resource server reads a `jwks_uri`.

mod common;

use std::sync::Barrier;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{with, without};
use jwt_ring::jwk::{
    Jwk, JwkError, JwkSet, JwkSetError, JwkSetOptions, MAX_JWK_SET_KEYS, MAX_JWK_SET_LEN,
    SkipReason, SkippedKey,
};
use jwt_ring::time::Duration;
use jwt_ring::{
    Claims, ConfigError, Header, KeySet, NoCustomClaims, SharedKeySet, Signer, Validator, Verifier,
    VerifyError, ecdsa, eddsa, encode, hmac, rsa,
};
use serde_json::{Value, json};

const RFC7515: &str = include_str!("vectors/rfc/rfc7515_appendix_a.json");
const RFC7517: &str = include_str!("vectors/rfc/rfc7517_appendix_keys.json");
const RFC7520_KEYS: &str = include_str!("vectors/rfc/rfc7520_section3_keys.json");

// ---------------------------------------------------------------------------------------------
// Helpers

fn value(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// A fresh ES256 key: the signer (with `kid` if given) and its public JWK.
fn es256(kid: Option<&str>) -> (ecdsa::SigningKey, Value) {
    let (signer, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let signer = match kid {
        Some(kid) => signer.with_key_id(kid),
        None => signer,
    };
    let jwk = value(&signer.verifying_key().to_jwk().to_json());
    (signer, jwk)
}

/// A fresh Ed25519 key: the signer (with `kid` if given) and its public JWK.
fn ed25519(kid: Option<&str>) -> (eddsa::SigningKey, Value) {
    let (signer, _) = eddsa::SigningKey::generate().unwrap();
    let signer = match kid {
        Some(kid) => signer.with_key_id(kid),
        None => signer,
    };
    let jwk = value(&signer.verifying_key().to_jwk().to_json());
    (signer, jwk)
}

fn rsa_signer(alg: &'static rsa::Algorithm, kid: &str) -> rsa::SigningKey {
    rsa::SigningKey::from_pkcs8(alg, common::RSA_2048_PKCS8)
        .unwrap()
        .with_key_id(kid)
}

/// The JWK Set document for `keys`, as a `jwks_uri` would serve it.
fn document(keys: &[Value]) -> String {
    json!({ "keys": keys }).to_string()
}

fn set(keys: &[Value]) -> JwkSet {
    JwkSet::from_json(&document(keys)).unwrap()
}

fn validator_for(keys: JwkSet) -> Validator {
    Validator::builder().key_resolver(keys).build().unwrap()
}

/// A token signed by `signer`, with the signer's `kid` (if any).
fn token(signer: &dyn Signer) -> String {
    token_with(Header::new(), signer)
}

/// A token signed by `signer` under `header` (for a `kid` other than the signer's).
fn token_with(header: Header, signer: &dyn Signer) -> String {
    let claims = Claims::registered_only()
        .with_subject("alice")
        .valid_for(common::now(), Duration::minutes(5));
    encode(&header, &claims, signer).unwrap()
}

fn verify(validator: &Validator, token: &str) -> Result<Option<String>, VerifyError> {
    validator
        .verify_at::<NoCustomClaims>(token, common::now())
        .map(|verified| verified.header().kid().map(str::to_owned))
}

fn skipped(index: usize, kid: Option<&str>, reason: JwkError) -> SkippedKey {
    SkippedKey {
        index,
        kid: kid.map(str::to_owned),
        reason: SkipReason::Key(reason),
    }
}

// ---------------------------------------------------------------------------------------------
// Selection

#[test]
fn keys_are_selected_by_kid_and_alg() {
    let (a, a_jwk) = es256(Some("a"));
    let (b, b_jwk) = es256(Some("b"));
    // The same kid under another algorithm is a different key, not a duplicate.
    let (ed_a, ed_a_jwk) = ed25519(Some("a"));
    let rs256 = rsa_signer(&rsa::RS256, "r");
    let rsa_jwk = value(&rs256.verifying_key().to_jwk().to_json());
    let keys = set(&[a_jwk, b_jwk, ed_a_jwk, rsa_jwk]);
    assert!(keys.skipped().is_empty(), "{:?}", keys.skipped());
    assert_eq!(keys.jwks().len(), 4);
    assert_eq!(keys.key_set().len(), 4);

    let selected = keys.key_set().select(Some("a"), "ES256").unwrap();
    assert_eq!(
        (selected.algorithm(), selected.key_id()),
        ("ES256", Some("a"))
    );
    let selected = keys.key_set().select(Some("a"), "EdDSA").unwrap();
    assert_eq!(
        (selected.algorithm(), selected.key_id()),
        ("EdDSA", Some("a"))
    );
    assert!(matches!(
        keys.key_set().select(Some("a"), "ES384"),
        Err(VerifyError::NoMatchingKey)
    ));

    let validator = validator_for(keys);
    for signer in [&a as &dyn Signer, &b, &ed_a, &rs256] {
        assert_eq!(
            verify(&validator, &token(signer)).unwrap().as_deref(),
            signer.key_id()
        );
    }
    // `kid` picks exactly one key: signed by `a` but naming `b`, only `b` is tried.
    let misnamed = token_with(Header::new().with_key_id("b"), &a);
    assert!(matches!(
        verify(&validator, &misnamed),
        Err(VerifyError::InvalidSignature)
    ));
    // A kid the set does not have.
    let unknown = token_with(Header::new().with_key_id("c"), &a);
    assert!(matches!(
        verify(&validator, &unknown),
        Err(VerifyError::NoMatchingKey)
    ));
    // The right kid with an algorithm the key is not for: PS256 under the RS256 key's kid.
    let ps256 = rsa_signer(&rsa::PS256, "r");
    assert!(matches!(
        verify(&validator, &token(&ps256)),
        Err(VerifyError::NoMatchingKey)
    ));
}

#[test]
fn an_rsa_key_without_alg_serves_every_rsa_algorithm() {
    let rsa_jwk = value(
        &rsa_signer(&rsa::RS256, "r")
            .verifying_key()
            .to_jwk()
            .to_json(),
    );
    let keys = set(&[without(&rsa_jwk, "alg")]);
    assert_eq!(keys.jwks().len(), 1);
    assert_eq!(keys.key_set().len(), 6);
    let validator = validator_for(keys);
    for alg in [&rsa::RS256, &rsa::RS512, &rsa::PS256, &rsa::PS384] {
        let signer = rsa_signer(alg, "r");
        assert_eq!(
            verify(&validator, &token(&signer)).unwrap().as_deref(),
            Some("r")
        );
    }
}

#[test]
fn a_token_without_kid_needs_exactly_one_fitting_key() {
    // Signers without kid; their public keys carry one in the set.
    let (a, _) = es256(None);
    let a_jwk = value(&a.verifying_key().with_key_id("a").to_jwk().to_json());
    let (b, _) = es256(None);
    let b_jwk = value(&b.verifying_key().with_key_id("b").to_jwk().to_json());
    let (ed, _) = ed25519(None);
    let ed_jwk = value(&ed.verifying_key().with_key_id("e").to_jwk().to_json());

    // One ES256 key and one EdDSA key: each kid-less token has exactly one candidate.
    let one_each = validator_for(set(&[a_jwk.clone(), ed_jwk.clone()]));
    assert_eq!(verify(&one_each, &token(&a)).unwrap(), None);
    assert_eq!(verify(&one_each, &token(&ed)).unwrap(), None);
    // The one ES256 key is tried, and `b`'s signature does not verify with it.
    assert!(matches!(
        verify(&one_each, &token(&b)),
        Err(VerifyError::InvalidSignature)
    ));

    // Two ES256 keys: a kid-less ES256 token is ambiguous, whoever signed it.
    let two = validator_for(set(&[a_jwk.clone(), b_jwk.clone(), ed_jwk]));
    for signer in [&a, &b] {
        assert!(matches!(
            verify(&two, &token(signer)),
            Err(VerifyError::AmbiguousKey)
        ));
    }
    assert_eq!(verify(&two, &token(&ed)).unwrap(), None);

    // No key of the token's algorithm.
    let only_ed = validator_for(set(&[value(&ed.verifying_key().to_jwk().to_json())]));
    assert!(matches!(
        verify(&only_ed, &token(&a)),
        Err(VerifyError::NoMatchingKey)
    ));
}

#[test]
fn an_unknown_kid_falls_back_only_to_a_single_kid_less_key() {
    let (plain, plain_jwk) = es256(None);
    let (_, named_jwk) = es256(Some("named"));
    let keys = validator_for(set(&[plain_jwk.clone(), named_jwk.clone()]));
    // The token names a kid the set does not have; the set's one kid-less ES256 key is used.
    let token = token_with(Header::new().with_key_id("elsewhere"), &plain);
    assert_eq!(verify(&keys, &token).unwrap().as_deref(), Some("elsewhere"));

    // With two kid-less ES256 keys, that is ambiguous.
    let (_, other_plain_jwk) = es256(None);
    let keys = validator_for(set(&[plain_jwk, other_plain_jwk, named_jwk]));
    assert!(matches!(
        verify(&keys, &token),
        Err(VerifyError::AmbiguousKey)
    ));
}

#[test]
fn duplicate_kids_are_both_skipped() {
    let (first, first_jwk) = es256(Some("dup"));
    let (second, second_jwk) = es256(Some("dup"));
    let (other, other_jwk) = es256(Some("other"));
    let keys = set(&[first_jwk.clone(), other_jwk, second_jwk.clone()]);
    assert_eq!(
        keys.skipped(),
        [
            SkippedKey {
                index: 0,
                kid: Some("dup".to_owned()),
                reason: SkipReason::DuplicateKeyId
            },
            SkippedKey {
                index: 2,
                kid: Some("dup".to_owned()),
                reason: SkipReason::DuplicateKeyId
            },
        ]
    );
    assert_eq!(keys.jwks().len(), 1);
    assert_eq!(keys.jwks()[0].kid(), Some("other"));
    let validator = validator_for(keys);
    for signer in [&first, &second] {
        assert!(matches!(
            verify(&validator, &token(signer)),
            Err(VerifyError::NoMatchingKey)
        ));
    }
    assert_eq!(
        verify(&validator, &token(&other)).unwrap().as_deref(),
        Some("other")
    );
    // A kid-less token is not rescued by the skipped keys: only `other` is a candidate.
    let kidless = token_with(Header::new(), &es256(None).0);
    assert!(matches!(
        verify(&validator, &kidless),
        Err(VerifyError::InvalidSignature)
    ));

    // The same kid for different algorithms is not a duplicate.
    let (ed, ed_jwk) = ed25519(Some("dup"));
    let keys = set(&[first_jwk, ed_jwk]);
    assert!(keys.skipped().is_empty());
    let validator = validator_for(keys);
    assert!(verify(&validator, &token(&first)).is_ok());
    assert!(verify(&validator, &token(&ed)).is_ok());

    // Built from verifiers directly, the same clash is a configuration error.
    let clash: Vec<Box<dyn Verifier>> = vec![
        Box::new(first.verifying_key()),
        Box::new(second.verifying_key()),
    ];
    assert!(matches!(
        KeySet::from_boxed(clash),
        Err(ConfigError::DuplicateKeyId)
    ));
}

#[test]
fn a_key_for_encryption_is_never_used() {
    let (signer, jwk) = es256(Some("e1"));
    for (marked, reason) in [
        (with(&jwk, "use", "enc"), JwkError::OperationNotAllowed),
        (
            with(&without(&jwk, "use"), "key_ops", json!(["sign"])),
            JwkError::OperationNotAllowed,
        ),
        (
            with(&without(&jwk, "use"), "key_ops", json!(["encrypt"])),
            JwkError::OperationNotAllowed,
        ),
    ] {
        let keys = set(std::slice::from_ref(&marked));
        assert_eq!(keys.skipped(), [skipped(0, Some("e1"), reason)], "{marked}");
        assert!(keys.jwks().is_empty());
        // The token is signed by exactly this key material, under its kid.
        assert!(matches!(
            verify(&validator_for(keys), &token(&signer)),
            Err(VerifyError::NoMatchingKey)
        ));
    }
    // `key_ops: ["verify"]` is a verification key.
    let keys = set(&[with(&without(&jwk, "use"), "key_ops", json!(["verify"]))]);
    assert_eq!(
        verify(&validator_for(keys), &token(&signer))
            .unwrap()
            .as_deref(),
        Some("e1")
    );
}

/// A key whose `alg` is a JWE algorithm, an X25519 key, or the JOSE cookbook's `dir` key
/// (`alg: "A128GCM"`) is an encryption key: the verification loader skips each with a reason,
/// even when the key material could verify the token.
#[test]
fn a_key_with_a_jwe_algorithm_is_never_used_to_verify() {
    let (signer, jwk) = es256(Some("e1"));
    let secret = [9u8; 32];
    let hs = hmac::Key::new(&hmac::HS256, &secret)
        .unwrap()
        .with_key_id("s1");
    let keys = set(&[
        with(&without(&jwk, "use"), "alg", "ECDH-ES"),
        with(&jwk, "alg", "ECDH-ES+A128KW"),
        oct("s1", "A256GCMKW", &secret),
        oct("s1", "A256GCM", &secret),
        oct("s1", "dir", &secret),
        json!({"kty": "OKP", "crv": "X25519", "kid": "x1",
               "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}),
    ]);
    assert!(keys.jwks().is_empty());
    assert_eq!(
        keys.skipped(),
        [
            skipped(0, Some("e1"), JwkError::AlgorithmMismatch),
            skipped(1, Some("e1"), JwkError::AlgorithmMismatch),
            skipped(2, Some("s1"), JwkError::AlgorithmMismatch),
            skipped(3, Some("s1"), JwkError::AlgorithmMismatch),
            skipped(4, Some("s1"), JwkError::AlgorithmMismatch),
            skipped(5, Some("x1"), JwkError::Unsupported),
        ]
    );
    let validator = validator_for(keys);
    for token in [token(&signer), token(&hs)] {
        assert!(matches!(
            verify(&validator, &token),
            Err(VerifyError::NoMatchingKey)
        ));
    }
}

#[test]
fn a_key_whose_alg_differs_from_the_token_is_never_used() {
    // The key is published for PS256; the token uses the same key material with RS256.
    let ps256_jwk = value(
        &rsa_signer(&rsa::PS256, "r")
            .verifying_key()
            .to_jwk()
            .to_json(),
    );
    assert_eq!(ps256_jwk["alg"], "PS256");
    let validator = validator_for(set(&[ps256_jwk]));
    assert!(matches!(
        verify(&validator, &token(&rsa_signer(&rsa::RS256, "r"))),
        Err(VerifyError::NoMatchingKey)
    ));
    assert!(verify(&validator, &token(&rsa_signer(&rsa::PS256, "r"))).is_ok());

    // Algorithm confusion: an HS256 token keyed with an EC public key's bytes, under its kid.
    let (_, ec_jwk) = es256(Some("k"));
    let mut point = vec![0x04];
    for name in ["x", "y"] {
        point.extend(
            URL_SAFE_NO_PAD
                .decode(ec_jwk[name].as_str().unwrap())
                .unwrap(),
        );
    }
    let forged_key = hmac::Key::new(&hmac::HS256, &point)
        .unwrap()
        .with_key_id("k");
    let validator = validator_for(set(&[ec_jwk]));
    assert!(matches!(
        verify(&validator, &token(&forged_key)),
        Err(VerifyError::NoMatchingKey)
    ));
}

#[test]
fn unusable_keys_are_skipped_and_reported() {
    let (good, good_jwk) = es256(Some("good"));
    let (ed, ed_jwk) = ed25519(Some("ed"));
    // A curve no backend has (P-521 is one aws-lc has).
    let secp256k1 = json!({"kty": "EC", "crv": "secp256k1", "kid": "k1",
        "x": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "y": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"});
    let padded = with(
        &good_jwk,
        "x",
        format!("{}=", good_jwk["x"].as_str().unwrap()),
    );
    let private = {
        // The RFC 7517 A.2 EC private key, marked for signing.
        let jwk = value(RFC7517)["A.2_private_keys"]["keys"][0].clone();
        with(&with(&jwk, "use", "sig"), "kid", "priv")
    };
    let der = include_bytes!("fixtures/rsa1024.pub.pkcs1.der");
    let weak = json!({
        "kty": "RSA", "kid": "weak", "alg": "RS256",
        "n": URL_SAFE_NO_PAD.encode(&der[7..135]),
        "e": URL_SAFE_NO_PAD.encode(&der[137..140]),
    });
    let keys_json = [
        good_jwk, // 0
        json!({"kty": "OKP", "crv": "X25519", "kid": "x",
               "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}), // 1
        secp256k1, // 2
        json!({"kty": "foo", "kid": "f", "k": "AAAA"}), // 3
        with(&padded, "kid", "pad"), // 4
        private,  // 5
        json!(42), // 6
        weak,     // 7
        ed_jwk,   // 8
        json!({"kty": "EC", "kid": "no-crv", "x": "AAAA", "y": "AAAA"}), // 9
    ];
    let keys = set(&keys_json);
    let report = keys.skipped();
    assert_eq!(report.len(), 8, "{report:?}");
    assert_eq!(report[0], skipped(1, Some("x"), JwkError::Unsupported));
    assert_eq!(report[1], skipped(2, Some("k1"), JwkError::Unsupported));
    assert_eq!(report[2], skipped(3, Some("f"), JwkError::Unsupported));
    assert_eq!(report[3], skipped(4, Some("pad"), JwkError::Base64("x")));
    assert_eq!(
        report[4],
        skipped(5, Some("priv"), JwkError::PrivateMaterial)
    );
    assert_eq!(report[5], skipped(6, None, JwkError::Malformed));
    assert_eq!(report[6].index, 7);
    assert_eq!(report[6].kid.as_deref(), Some("weak"));
    assert!(
        matches!(report[6].reason, SkipReason::Key(JwkError::Rejected(_))),
        "{:?}",
        report[6]
    );
    assert_eq!(
        report[7],
        skipped(9, Some("no-crv"), JwkError::MissingMember("crv"))
    );

    // The two usable keys work.
    assert_eq!(
        keys.jwks().iter().map(Jwk::kid).collect::<Vec<_>>(),
        [Some("good"), Some("ed")]
    );
    let validator = validator_for(keys);
    assert!(verify(&validator, &token(&good)).is_ok());
    assert!(verify(&validator, &token(&ed)).is_ok());
}

/// A symmetric JWK for `alg` with `secret`.
fn oct(kid: &str, alg: &str, secret: &[u8]) -> Value {
    json!({ "kty": "oct", "kid": kid, "alg": alg, "k": URL_SAFE_NO_PAD.encode(secret) })
}

#[test]
fn mixed_sets_load_and_select_by_kid_and_alg() {
    // Each key twice: a signer with `kid` for the by-kid tokens, one without for the others.
    let rsa = |pkcs8: &[u8]| rsa::SigningKey::from_pkcs8(&rsa::RS256, pkcs8).unwrap();
    let (_, p256_der) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let (_, p384_der) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
    let (_, ed_der) = eddsa::SigningKey::generate().unwrap();
    let p256 = || ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, &p256_der).unwrap();
    let p384 = || ecdsa::SigningKey::from_pkcs8(&ecdsa::ES384, &p384_der).unwrap();
    let ed = || eddsa::SigningKey::from_pkcs8(&ed_der).unwrap();
    let hs = |fill: u8| hmac::Key::new(&hmac::HS256, &[fill; 32]).unwrap();
    let with_kid: Vec<(Box<dyn Signer>, &str)> = vec![
        (
            Box::new(rsa(common::RSA_2048_PKCS8).with_key_id("rsa-a")),
            "rsa-a",
        ),
        (
            Box::new(rsa(common::RSA_2048_OTHER_PKCS8).with_key_id("rsa-b")),
            "rsa-b",
        ),
        (Box::new(p256().with_key_id("p256")), "p256"),
        (Box::new(p384().with_key_id("p384")), "p384"),
        (Box::new(ed().with_key_id("ed")), "ed"),
        (Box::new(hs(0xa1).with_key_id("hs-a")), "hs-a"),
        (Box::new(hs(0xb2).with_key_id("hs-b")), "hs-b"),
    ];
    let keys = set(&[
        value(
            &rsa(common::RSA_2048_PKCS8)
                .verifying_key()
                .with_key_id("rsa-a")
                .to_jwk()
                .to_json(),
        ),
        value(
            &rsa(common::RSA_2048_OTHER_PKCS8)
                .verifying_key()
                .with_key_id("rsa-b")
                .to_jwk()
                .to_json(),
        ),
        value(
            &p256()
                .verifying_key()
                .with_key_id("p256")
                .to_jwk()
                .to_json(),
        ),
        value(
            &p384()
                .verifying_key()
                .with_key_id("p384")
                .to_jwk()
                .to_json(),
        ),
        value(&ed().verifying_key().with_key_id("ed").to_jwk().to_json()),
        oct("hs-a", "HS256", &[0xa1; 32]),
        oct("hs-b", "HS256", &[0xb2; 32]),
    ]);
    assert!(keys.skipped().is_empty(), "{:?}", keys.skipped());
    assert_eq!(keys.jwks().len(), 7);
    assert_eq!(
        keys.jwks().iter().filter(|jwk| jwk.is_symmetric()).count(),
        2
    );
    let validator = validator_for(keys);
    for (signer, kid) in &with_kid {
        assert_eq!(
            verify(&validator, &token(signer.as_ref()))
                .unwrap()
                .as_deref(),
            Some(*kid)
        );
    }

    // Without `kid`: exactly one usable key for the header's `alg`, or nothing.
    assert_eq!(verify(&validator, &token(&p256())).unwrap(), None);
    assert_eq!(verify(&validator, &token(&p384())).unwrap(), None);
    assert_eq!(verify(&validator, &token(&ed())).unwrap(), None);
    for ambiguous in [
        token(&rsa(common::RSA_2048_PKCS8)),
        token(&rsa(common::RSA_2048_OTHER_PKCS8)),
        token(&hs(0xa1)),
        token(&hs(0xb2)),
    ] {
        assert!(matches!(
            verify(&validator, &ambiguous),
            Err(VerifyError::AmbiguousKey)
        ));
    }
    // A kid-less token of an algorithm no key has finds nothing.
    let hs384 = hmac::Key::new(&hmac::HS384, &[0xa1; 48]).unwrap();
    assert!(matches!(
        verify(&validator, &token(&hs384)),
        Err(VerifyError::NoMatchingKey)
    ));
}

#[test]
fn a_mixed_set_never_verifies_hmac_made_from_a_public_key() {
    // The classic confusion: an attacker signs HS256 with the RSA public key as the secret and
    // names the RSA key's `kid`. Keys are bound to algorithms, so no HS256 key has that kid.
    let rsa_key = rsa_signer(&rsa::RS256, "rsa");
    let rsa_jwk = rsa_key.verifying_key().to_jwk().to_json();
    let keys = set(&[value(&rsa_jwk), oct("hs", "HS256", &[0x5a; 32])]);
    let validator = validator_for(keys);
    let n = URL_SAFE_NO_PAD
        .decode(value(&rsa_jwk)["n"].as_str().unwrap())
        .unwrap();
    for secret in [
        common::RSA_2048_PUBLIC_SPKI_PEM,
        common::RSA_2048_PUBLIC_PKCS1_DER,
        rsa_jwk.as_bytes(),
        n.as_slice(),
    ] {
        let forged = hmac::Key::new(&hmac::HS256, secret).unwrap();
        let forged = |kid: Option<&str>| {
            let header = match kid {
                Some(kid) => Header::new().with_key_id(kid),
                None => Header::new(),
            };
            verify(&validator, &token_with(header, &forged))
        };
        // The RSA key's kid has no HS256 key; the HS256 key (by kid, or as the only one) has
        // another secret; an unknown kid has no kid-less key to fall back on.
        assert!(matches!(
            forged(Some("rsa")),
            Err(VerifyError::NoMatchingKey)
        ));
        assert!(matches!(
            forged(Some("hs")),
            Err(VerifyError::InvalidSignature)
        ));
        assert!(matches!(forged(None), Err(VerifyError::InvalidSignature)));
        assert!(matches!(
            forged(Some("other")),
            Err(VerifyError::NoMatchingKey)
        ));
    }
}

#[test]
fn symmetric_keys_can_be_refused_by_the_loader() {
    let (signer, ec_jwk) = es256(Some("ec"));
    let mac = rfc7520_mac();
    let mac_kid = mac["kid"].as_str().unwrap().to_owned();
    let text = document(&[ec_jwk.clone(), mac.clone(), with(&mac, "kid", "other")]);
    let public = JwkSet::from_json_with_options(&text, &JwkSetOptions::public_keys_only()).unwrap();
    assert_eq!(public.jwks().len(), 1);
    assert_eq!(
        public.skipped(),
        [
            SkippedKey {
                index: 1,
                kid: Some(mac_kid),
                reason: SkipReason::SymmetricNotAllowed
            },
            SkippedKey {
                index: 2,
                kid: Some("other".to_owned()),
                reason: SkipReason::SymmetricNotAllowed
            }
        ]
    );
    assert!(verify(&validator_for(public), &token(&signer)).is_ok());
    // The default loader keeps all three, and so does `allow_symmetric(true)`.
    assert_eq!(JwkSet::from_json(&text).unwrap().jwks().len(), 3);
    let options = JwkSetOptions::public_keys_only().allow_symmetric(true);
    assert_eq!(
        JwkSet::from_json_with_options(&text, &options)
            .unwrap()
            .jwks()
            .len(),
        3
    );
    // Private asymmetric keys stay skipped under either loader.
    let private = value(RFC7517)["A.2_private_keys"]["keys"][0].clone();
    let private_jwk = with(&with(&private, "use", "sig"), "kid", "private");
    let text = document(&[ec_jwk, private_jwk]);
    for options in [JwkSetOptions::default(), JwkSetOptions::public_keys_only()] {
        let keys = JwkSet::from_json_with_options(&text, &options).unwrap();
        assert_eq!(
            keys.skipped(),
            [skipped(1, Some("private"), JwkError::PrivateMaterial)]
        );
    }
    // Limits are options too.
    let options = JwkSetOptions::default().max_len(text.len() - 1);
    assert_eq!(
        JwkSet::from_json_with_options(&text, &options).err(),
        Some(JwkSetError::TooLarge)
    );
    let options = JwkSetOptions::default().max_keys(1);
    assert_eq!(
        JwkSet::from_json_with_options(&text, &options).err(),
        Some(JwkSetError::TooManyKeys)
    );
    // Parsed JWKs of both kinds build a set too.
    let keys = JwkSet::from_keys([
        Jwk::from_json(&ec_jwk_text()).unwrap(),
        Jwk::from_json(&mac.to_string()).unwrap(),
    ])
    .unwrap();
    assert_eq!(keys.jwks().len(), 2);
}

fn ec_jwk_text() -> String {
    es256(Some("ec")).1.to_string()
}

fn rfc7520_mac() -> Value {
    value(RFC7520_KEYS)["keys"]["3.5"]["jwk"].clone()
}

#[test]
fn a_symmetric_set_verifies_hmac_tokens() {
    // RFC 7517 A.3: an A128KW key (skipped: not a JWS key) and the RFC 7515 A.1 HMAC key.
    let a3 = value(RFC7517)["A.3_symmetric_keys"].to_string();
    let keys = JwkSet::from_json(&a3).unwrap();
    assert_eq!(
        keys.skipped(),
        [skipped(0, None, JwkError::AlgorithmMismatch)]
    );
    // No `alg`: one verifier for each HMAC algorithm.
    assert_eq!(keys.key_set().len(), 3);
    // The set's Debug output names keys, never their secrets.
    let secret = value(RFC7517)["A.3_symmetric_keys"]["keys"][1]["k"]
        .as_str()
        .unwrap()
        .to_owned();
    let debug = format!("{keys:?}");
    assert!(debug.contains("HS384"), "{debug}");
    assert!(!debug.contains(&secret[..12]), "{debug}");

    // The RFC 7515 A.1 token has no kid; exactly one HS256 key fits.
    let vectors = value(RFC7515);
    let a1 = vectors["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "rfc7515-A.1")
        .unwrap();
    let validator = validator_for(keys);
    let before_expiry = common::at(1_300_819_380 - 1);
    let verified = validator
        .verify_at::<NoCustomClaims>(a1["compact"].as_str().unwrap(), before_expiry)
        .unwrap();
    assert_eq!(verified.claims().registered.iss(), Some("joe"));

    // Keys from configuration work the same way.
    let mac = Jwk::from_json(&rfc7520_mac().to_string()).unwrap();
    let signer = mac.signer().unwrap();
    let keys = JwkSet::from_keys([mac]).unwrap();
    assert!(verify(&validator_for(keys), &token(&signer)).is_ok());
}

#[test]
fn size_caps() {
    let keys: Vec<Value> = (0..3).map(|i| es256(Some(&format!("k{i}"))).1).collect();
    let text = document(&keys);
    let len = text.len();
    assert_eq!(
        JwkSet::from_json_with_limits(&text, len, 3)
            .unwrap()
            .jwks()
            .len(),
        3
    );
    assert_eq!(
        JwkSet::from_json_with_limits(&text, len - 1, 3).err(),
        Some(JwkSetError::TooLarge)
    );
    assert_eq!(
        JwkSet::from_json_with_limits(&text, len, 2).err(),
        Some(JwkSetError::TooManyKeys)
    );

    // The default limits.
    assert_eq!(MAX_JWK_SET_KEYS, 1000);
    let many = format!("{{\"keys\":[{}{{}}]}}", "{},".repeat(MAX_JWK_SET_KEYS));
    assert_eq!(
        JwkSet::from_json(&many).err(),
        Some(JwkSetError::TooManyKeys)
    );
    let at_limit = format!("{{\"keys\":[{}{{}}]}}", "{},".repeat(MAX_JWK_SET_KEYS - 1));
    let accepted = JwkSet::from_json(&at_limit).unwrap();
    assert_eq!(accepted.skipped().len(), MAX_JWK_SET_KEYS);
    assert!(
        accepted
            .skipped()
            .iter()
            .all(|s| s.reason == SkipReason::Key(JwkError::Malformed))
    );
    let huge = format!(
        "{{\"keys\":[],\"padding\":\"{}\"}}",
        "a".repeat(MAX_JWK_SET_LEN)
    );
    assert_eq!(JwkSet::from_json(&huge).err(), Some(JwkSetError::TooLarge));
}

#[test]
fn text_that_is_not_a_jwk_set_is_malformed() {
    let (_, jwk) = es256(Some("a"));
    for text in [
        String::new(),
        "null".to_owned(),
        "[]".to_owned(),
        "{}".to_owned(),
        r#"{"keys":null}"#.to_owned(),
        r#"{"keys":{}}"#.to_owned(),
        r#"{"keys":"a"}"#.to_owned(),
        r#"{"Keys":[]}"#.to_owned(),
        // One JWK is not a set.
        jwk.to_string(),
        // The keys array alone, and wrapped in another array.
        json!([jwk]).to_string(),
        json!([[jwk]]).to_string(),
        format!("{} x", document(std::slice::from_ref(&jwk))),
        format!(r#"{{"keys":[],"keys":[{jwk}]}}"#),
    ] {
        assert_eq!(
            JwkSet::from_json(&text).err(),
            Some(JwkSetError::Malformed),
            "{text}"
        );
    }
    // Other top-level members are allowed; an empty set is valid but matches nothing.
    let keys = JwkSet::from_json(r#"{"keys":[],"issuer":"https://auth.example"}"#).unwrap();
    assert!(keys.jwks().is_empty() && keys.key_set().is_empty());
    let (signer, _) = es256(Some("a"));
    assert!(matches!(
        verify(&validator_for(keys), &token(&signer)),
        Err(VerifyError::NoMatchingKey)
    ));
}

#[test]
fn kid_is_compared_exactly() {
    let composed = "\u{e9}"; // é, one code point
    let decomposed = "e\u{301}"; // e + combining acute accent
    let kids = ["Key-1", "clé-🔑", decomposed, "a b"];
    let mut signers = Vec::new();
    let mut jwks = Vec::new();
    for kid in kids {
        let (signer, jwk) = es256(Some(kid));
        signers.push(signer);
        jwks.push(jwk);
    }
    let validator = validator_for(set(&jwks));
    for signer in &signers {
        assert_eq!(
            verify(&validator, &token(signer)).unwrap().as_deref(),
            signer.key_id()
        );
    }
    // Case, whitespace and Unicode normalization all make a different kid.
    for (kid, signer) in [
        ("key-1", &signers[0]),
        ("KEY-1", &signers[0]),
        ("Key-1 ", &signers[0]),
        (" Key-1", &signers[0]),
        ("cle-🔑", &signers[1]),
        (composed, &signers[2]),
        ("a  b", &signers[3]),
        ("", &signers[0]),
    ] {
        let token = token_with(Header::new().with_key_id(kid), signer);
        assert!(
            matches!(verify(&validator, &token), Err(VerifyError::NoMatchingKey)),
            "{kid:?}"
        );
    }
    // JSON escapes in the set are only JSON: `\u00e9` in the document is the kid "é".
    let (escaped_signer, escaped_jwk) = es256(Some(composed));
    let text = document(&[escaped_jwk]).replace(composed, "\\u00e9");
    assert!(text.contains("\\u00e9"));
    let keys = JwkSet::from_json(&text).unwrap();
    assert_eq!(keys.jwks()[0].kid(), Some(composed));
    assert!(verify(&validator_for(keys), &token(&escaped_signer)).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Rotation

/// The set a rotating authorization server publishes, as a fresh `KeySet`.
fn key_set(jwks: &[Value]) -> KeySet {
    set(jwks).into_key_set()
}

#[test]
fn rotation_under_concurrent_verification() {
    let (old, old_jwk) = es256(Some("2026-10"));
    let (current, current_jwk) = es256(Some("2026-11"));
    let (next, next_jwk) = es256(Some("2026-12"));
    let before = [old_jwk, current_jwk.clone()];
    let after = [current_jwk, next_jwk];

    let shared = SharedKeySet::new(key_set(&before));
    let validator = Validator::builder()
        .key_resolver(shared.clone())
        .build()
        .unwrap();
    let old_token = token(&old);
    let current_token = token(&current);
    let next_token = token(&next);
    let forged = {
        let (signing_input, signature) = current_token.rsplit_once('.').unwrap();
        let mut signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
        signature[20] ^= 0x01;
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    };

    assert!(verify(&validator, &old_token).is_ok());
    assert!(matches!(
        verify(&validator, &next_token),
        Err(VerifyError::NoMatchingKey)
    ));

    // Phase 1: one replacement while four threads verify. Each reader runs until it sees the
    // new set, and checks that what it sees is always one whole set or the other, in order.
    const READERS: usize = 4;
    let barrier = Barrier::new(READERS + 1);
    let observations: Vec<(usize, usize)> = std::thread::scope(|scope| {
        let readers: Vec<_> = (0..READERS)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    let (mut old_sets, mut new_sets) = (0, 0);
                    let mut seen_new = false;
                    while !seen_new || new_sets < 3 {
                        // `next` first: once it verifies, the old set can never come back.
                        let next_result = verify(&validator, &next_token);
                        let old_result = verify(&validator, &old_token);
                        assert!(verify(&validator, &current_token).is_ok());
                        assert!(matches!(
                            verify(&validator, &forged),
                            Err(VerifyError::InvalidSignature)
                        ));
                        match next_result {
                            Ok(_) => {
                                seen_new = true;
                                new_sets += 1;
                                assert!(
                                    matches!(old_result, Err(VerifyError::NoMatchingKey)),
                                    "{old_result:?}"
                                );
                            }
                            Err(VerifyError::NoMatchingKey) => {
                                assert!(!seen_new, "the old set came back");
                                old_sets += 1;
                                // The swap may land between the two verifications.
                                assert!(
                                    matches!(old_result, Ok(_) | Err(VerifyError::NoMatchingKey)),
                                    "{old_result:?}"
                                );
                            }
                            Err(other) => panic!("unexpected error: {other:?}"),
                        }
                    }
                    (old_sets, new_sets)
                })
            })
            .collect();
        barrier.wait();
        shared.replace(key_set(&after));
        readers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert_eq!(observations.len(), READERS);
    assert!(observations.iter().all(|(_, new_sets)| *new_sets >= 3));

    // After the replacement: the new key verifies, the removed key is rejected.
    assert_eq!(shared.current().len(), 2);
    assert_eq!(
        verify(&validator, &next_token).unwrap().as_deref(),
        Some("2026-12")
    );
    assert!(verify(&validator, &current_token).is_ok());
    assert!(matches!(
        verify(&validator, &old_token),
        Err(VerifyError::NoMatchingKey)
    ));

    // Phase 2: repeated replacements back and forth; every answer is one of the two sets'.
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for round in 0..100 {
                let jwks = if round % 2 == 0 { &before } else { &after };
                shared.replace(key_set(jwks));
            }
        });
        for _ in 0..READERS {
            scope.spawn(|| {
                for _ in 0..100 {
                    assert!(verify(&validator, &current_token).is_ok());
                    for token in [&old_token, &next_token] {
                        let result = verify(&validator, token);
                        assert!(
                            matches!(result, Ok(_) | Err(VerifyError::NoMatchingKey)),
                            "{result:?}"
                        );
                    }
                }
            });
        }
    });
    // The writer's last replacement (round 99) published `after`.
    assert!(verify(&validator, &next_token).is_ok());
    assert!(matches!(
        verify(&validator, &old_token),
        Err(VerifyError::NoMatchingKey)
    ));
}

/// The attack: a member of `keys` written as a JSON array, `["k1", "EC"]`, was skipped, but its
/// values were read by position as a `kid` and a `kty`, which made the real key `k1` look
/// ambiguous and stop verifying. A member that is not an object names no `kid`.
#[test]
fn an_array_member_cannot_claim_another_keys_kid() {
    let (signer, jwk) = es256(Some("k1"));
    let set = json!({ "keys": [jwk, ["k1", "EC"]] });
    let set = JwkSet::from_json(&set.to_string()).unwrap();
    assert_eq!(set.skipped().len(), 1);
    assert_eq!(set.skipped()[0].kid, None);
    let validator = Validator::builder()
        .key_resolver(set.into_key_set())
        .build()
        .unwrap();
    assert_eq!(
        verify(&validator, &token(&signer)).unwrap().as_deref(),
        Some("k1")
    );
}
