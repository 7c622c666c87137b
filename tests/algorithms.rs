//! Every built-in algorithm, table-driven: round trips, tampering, algorithm confusion between
//! every pair of keys, the RS256 -> HS256 attack, `none`, key-strength floors, and redacted
//! `Debug` output.

mod common;

use std::sync::Arc;

use common::{Entry, b64, now, other_table, segments, table, unb64};
use jwt_ring::time::Duration;
use jwt_ring::{
    Claims, ConfigError, EncodeError, Header, HeaderError, KeyResolver, KeySet, Malformed, Part,
    Resolved, Signer, SigningError, SigningInput, Validator, Verifier, VerifyError, ecdsa, eddsa,
    encode, hmac, rsa,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Custom {
    scope: String,
    admin: bool,
    level: u32,
}

fn claims() -> Claims<Custom> {
    Claims::new(Custom {
        scope: "read write".to_owned(),
        admin: false,
        level: 7,
    })
    .with_issuer("https://issuer.example")
    .with_subject("alice")
    .with_audience(["api", "web"])
    .with_jwt_id("id-1")
    .with_not_before(now().into())
    .valid_for(now(), Duration::minutes(10))
}

fn token_for(entry: &Entry) -> String {
    encode(&Header::new(), &claims(), &entry.signer).unwrap()
}

fn validator_for(verifier: impl Verifier + 'static) -> Validator {
    Validator::builder()
        .key(verifier)
        .issuer("https://issuer.example")
        .audience("api")
        .build()
        .unwrap()
}

fn verify(validator: &Validator, token: &str) -> Result<Claims<Custom>, VerifyError> {
    validator
        .verify_at::<Custom>(token, now())
        .map(|token| token.into_claims())
}

/// A resolver that ignores the header and always hands out the same key: the validator must
/// still refuse a token of another algorithm.
struct Sloppy(Arc<dyn Verifier>);

impl KeyResolver for Sloppy {
    fn resolve(&self, _header: &Header) -> Result<Resolved<'_>, VerifyError> {
        Ok(Resolved::shared(self.0.clone()))
    }
}

/// Gives a shared verifier a key id.
struct WithKid(Arc<dyn Verifier>, &'static str);

impl Verifier for WithKid {
    fn algorithm(&self) -> &str {
        self.0.algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        Some(self.1)
    }
    fn verify(&self, input: &[u8], signature: &[u8]) -> Result<(), jwt_ring::InvalidSignature> {
        self.0.verify(input, signature)
    }
}

#[test]
fn table_covers_every_builtin_algorithm() {
    let algs: Vec<&str> = table().iter().map(|entry| entry.alg).collect();
    assert_eq!(
        algs,
        [
            "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "EdDSA", "Ed25519"
        ]
    );
    for entry in table() {
        assert_eq!(entry.signer.algorithm(), entry.verifier.algorithm());
    }
}

#[test]
fn round_trip_returns_the_same_claims_and_header() {
    for entry in table() {
        let token = token_for(&entry);
        let verified = validator_for(entry.verifier.clone())
            .verify_at::<Custom>(&token, now())
            .unwrap_or_else(|e| panic!("{}: {e:?}", entry.alg));
        assert_eq!(verified.claims(), &claims(), "{}", entry.alg);
        assert_eq!(verified.header().algorithm(), Some(entry.alg));
        assert_eq!(verified.header().typ(), Some("JWT"));
        let header_json: serde_json::Value = serde_json::from_slice(&unb64(&segments(&token)[0]))
            .unwrap_or_else(|e| panic!("{}: {e}", entry.alg));
        assert_eq!(header_json["alg"], entry.alg);
    }
}

#[test]
fn two_phase_signing_matches_encode() {
    for entry in table() {
        let input = SigningInput::new(&Header::new(), &claims(), entry.alg, None).unwrap();
        let signature = entry.signer.sign(input.as_bytes()).unwrap();
        let token = input.finish(&signature);
        let claims_back = verify(&validator_for(entry.verifier.clone()), &token)
            .unwrap_or_else(|e| panic!("{}: {e:?}", entry.alg));
        assert_eq!(claims_back, claims(), "{}", entry.alg);
    }
}

/// Flips the lowest bit of the byte at `index` of a decoded segment and re-encodes it.
fn flip_decoded(segment: &str, index: usize) -> String {
    let mut bytes = unb64(segment);
    bytes[index] ^= 1;
    b64(&bytes)
}

fn position(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
        .unwrap()
}

fn with_segment(token: &str, index: usize, replacement: &str) -> String {
    let mut parts = segments(token);
    parts[index] = replacement.to_owned();
    parts.join(".")
}

/// Replaces the base64url character at `index` by another alphabet character.
fn swap_char(segment: &str, index: usize) -> String {
    let mut chars: Vec<u8> = segment.as_bytes().to_vec();
    chars[index] = if chars[index] == b'A' { b'B' } else { b'A' };
    String::from_utf8(chars).unwrap()
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[test]
fn tampered_segments_are_rejected_with_exact_errors() {
    type Expect = fn(&VerifyError) -> bool;
    let invalid_signature: Expect = |e| matches!(e, VerifyError::InvalidSignature);
    let header_json: Expect =
        |e| matches!(e, VerifyError::Malformed(Malformed::Json(Part::Header)));
    let signature_b64: Expect = |e| {
        matches!(
            e,
            VerifyError::Malformed(Malformed::Base64(Part::Signature))
        )
    };

    for entry in table() {
        let validator = validator_for(entry.verifier.clone());
        let token = token_for(&entry);
        let [header, payload, signature] = segments(&token);
        let header_bytes = unb64(&header);
        let payload_bytes = unb64(&payload);
        let signature_len = unb64(&signature).len();

        let mut cases: Vec<(&str, String, Expect)> = vec![
            // Valid JSON, different content: only the signature can tell.
            (
                "typ JWT -> JWU",
                with_segment(
                    &token,
                    0,
                    &flip_decoded(&header, position(&header_bytes, b"JWT") + 2),
                ),
                invalid_signature,
            ),
            (
                "sub alice -> alicd",
                with_segment(
                    &token,
                    1,
                    &flip_decoded(&payload, position(&payload_bytes, b"alice") + 4),
                ),
                invalid_signature,
            ),
            (
                "level 7 -> 6",
                with_segment(
                    &token,
                    1,
                    &flip_decoded(&payload, position(&payload_bytes, b"\"level\":7") + 8),
                ),
                invalid_signature,
            ),
            // The payload is not even parsed before the signature holds.
            (
                "payload { -> z",
                with_segment(&token, 1, &flip_decoded(&payload, 0)),
                invalid_signature,
            ),
            // The header is parsed first, so a broken header is reported as such.
            (
                "header { -> z",
                with_segment(&token, 0, &flip_decoded(&header, 0)),
                header_json,
            ),
            (
                "signature first byte",
                with_segment(&token, 2, &flip_decoded(&signature, 0)),
                invalid_signature,
            ),
            (
                "signature last byte",
                with_segment(&token, 2, &flip_decoded(&signature, signature_len - 1)),
                invalid_signature,
            ),
            (
                "signature truncated by a byte",
                with_segment(&token, 2, &b64(&unb64(&signature)[..signature_len - 1])),
                invalid_signature,
            ),
            (
                "signature extended by a byte",
                with_segment(&token, 2, &b64(&[unb64(&signature), vec![0]].concat())),
                invalid_signature,
            ),
            (
                "signature emptied to one zero byte",
                with_segment(&token, 2, &b64(&[0])),
                invalid_signature,
            ),
            // Character-level edits of the base64url text.
            (
                "header char e -> f",
                with_segment(&token, 0, &format!("f{}", &header[1..])),
                header_json,
            ),
            (
                "payload middle char",
                with_segment(&token, 1, &swap_char(&payload, payload.len() / 2)),
                invalid_signature,
            ),
            (
                "signature middle char",
                with_segment(&token, 2, &swap_char(&signature, signature.len() / 2)),
                invalid_signature,
            ),
            // One more character: a length no base64 text has when the signature filled whole
            // quantums, otherwise one more (zero) byte of signature.
            (
                "signature with an extra char",
                format!("{token}A"),
                if signature.len() % 4 == 0 {
                    signature_b64
                } else {
                    invalid_signature
                },
            ),
        ];
        if signature.len() % 4 != 0 {
            // The last character carries unused bits: setting one is non-canonical.
            let last = *signature.as_bytes().last().unwrap();
            let index = ALPHABET.iter().position(|c| *c == last).unwrap();
            let bad = ALPHABET[index | 1] as char;
            let tampered = format!("{}{bad}", &signature[..signature.len() - 1]);
            cases.push((
                "signature non-canonical trailing bits",
                with_segment(&token, 2, &tampered),
                signature_b64,
            ));
        }

        assert!(verify(&validator, &token).is_ok(), "{}", entry.alg);
        for (name, tampered, expected) in cases {
            assert_ne!(tampered, token, "{}: {name}", entry.alg);
            let error = verify(&validator, &tampered).unwrap_err();
            assert!(expected(&error), "{}: {name}: {error:?}", entry.alg);
        }
    }
}

#[test]
fn same_algorithm_different_key_is_an_invalid_signature() {
    for (entry, other) in table().iter().zip(other_table()) {
        assert_eq!(entry.alg, other.alg);
        let token = token_for(entry);
        let error = verify(&validator_for(other.verifier.clone()), &token).unwrap_err();
        assert!(
            matches!(error, VerifyError::InvalidSignature),
            "{}: {error:?}",
            entry.alg
        );
    }
}

#[test]
fn every_key_rejects_every_other_algorithm() {
    let table = table();
    let tokens: Vec<String> = table.iter().map(token_for).collect();
    let kid_tokens: Vec<String> = table
        .iter()
        .map(|entry| {
            encode(
                &Header::new().with_key_id("shared"),
                &claims(),
                &entry.signer,
            )
            .unwrap()
        })
        .collect();
    let mut pairs = 0;
    for (i, signed) in table.iter().enumerate() {
        let [_, payload, signature] = segments(&tokens[i]);
        for (j, holder) in table.iter().enumerate() {
            if i == j {
                continue;
            }
            let label = format!("{} token, {} key", signed.alg, holder.alg);

            // The key set never offers a key of another algorithm.
            let error = verify(&validator_for(holder.verifier.clone()), &tokens[i]).unwrap_err();
            assert!(
                matches!(error, VerifyError::NoMatchingKey),
                "{label}: {error:?}"
            );

            // Not even when the kid matches.
            let with_kid = validator_for(WithKid(holder.verifier.clone(), "shared"));
            let error = verify(&with_kid, &kid_tokens[i]).unwrap_err();
            assert!(
                matches!(error, VerifyError::NoMatchingKey),
                "{label}: {error:?}"
            );

            // A resolver that hands out the wrong key is caught by the validator's own pin.
            let sloppy = Validator::builder()
                .key_resolver(Sloppy(holder.verifier.clone()))
                .issuer("https://issuer.example")
                .audience("api")
                .build()
                .unwrap();
            let error = verify(&sloppy, &tokens[i]).unwrap_err();
            assert!(
                matches!(error, VerifyError::AlgorithmNotAllowed),
                "{label}: {error:?}"
            );

            // Rewriting the header to the holder's algorithm reaches the key, whose signature
            // check fails (including RS256 vs PS256 over the same RSA key pair).
            let header = b64(format!(r#"{{"alg":"{}","typ":"JWT"}}"#, holder.alg).as_bytes());
            let relabelled = format!("{header}.{payload}.{signature}");
            let error = verify(&validator_for(holder.verifier.clone()), &relabelled).unwrap_err();
            assert!(
                matches!(error, VerifyError::InvalidSignature),
                "{label}: {error:?}"
            );
            let error = verify(&sloppy, &relabelled).unwrap_err();
            assert!(
                matches!(error, VerifyError::InvalidSignature),
                "{label}: {error:?}"
            );
            pairs += 1;
        }
    }
    assert_eq!(pairs, 13 * 12);
}

#[test]
fn one_key_set_with_every_algorithm_under_one_kid_picks_the_right_key() {
    let table = table();
    let keys: Vec<Box<dyn Verifier>> = table
        .iter()
        .map(|entry| Box::new(WithKid(entry.verifier.clone(), "shared")) as Box<dyn Verifier>)
        .collect();
    let set = KeySet::from_boxed(keys).unwrap();
    assert_eq!(set.len(), 13);
    let validator = Validator::builder()
        .key_resolver(set)
        .issuer("https://issuer.example")
        .audience("api")
        .build()
        .unwrap();
    for entry in &table {
        let token = encode(
            &Header::new().with_key_id("shared"),
            &claims(),
            &entry.signer,
        )
        .unwrap();
        let claims_back =
            verify(&validator, &token).unwrap_or_else(|e| panic!("{}: {e:?}", entry.alg));
        assert_eq!(claims_back, claims());
    }
}

/// The public-key encodings an attacker might use as an HMAC secret.
fn public_key_encodings() -> Vec<(&'static str, Vec<u8>, Arc<dyn Verifier>)> {
    let rsa_key = rsa::SigningKey::from_pkcs8(&rsa::RS256, common::RSA_2048_PKCS8).unwrap();
    let rsa_public: Arc<dyn Verifier> = Arc::new(rsa_key.verifying_key());
    let ec_key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, common::P256_PKCS8).unwrap();
    let ec_public: Arc<dyn Verifier> = Arc::new(ec_key.verifying_key());
    let (n, _) = common::pkcs1_components(common::RSA_2048_PUBLIC_PKCS1_DER);
    assert_eq!(
        rsa_key.verifying_key().modulus(),
        &n[1..],
        "the PKCS#1 fixture is the fixture key's public half"
    );
    vec![
        (
            "RSA PKCS#1 DER",
            common::RSA_2048_PUBLIC_PKCS1_DER.to_vec(),
            rsa_public.clone(),
        ),
        (
            "RSA PKCS#1 PEM",
            common::RSA_2048_PUBLIC_PKCS1_PEM.to_vec(),
            rsa_public.clone(),
        ),
        (
            "RSA SPKI PEM",
            common::RSA_2048_PUBLIC_SPKI_PEM.to_vec(),
            rsa_public.clone(),
        ),
        ("RSA modulus", n, rsa_public),
        (
            "P-256 uncompressed point",
            ec_key.verifying_key().uncompressed_point().to_vec(),
            ec_public.clone(),
        ),
        (
            "P-256 SPKI PEM",
            common::P256_PUBLIC_SPKI_PEM.to_vec(),
            ec_public,
        ),
    ]
}

#[test]
fn hmac_token_keyed_with_the_public_key_is_rejected() {
    for (name, secret, public) in public_key_encodings() {
        for alg in [&hmac::HS256, &hmac::HS384, &hmac::HS512] {
            let label = format!("{} with {name}", alg.name());
            let forged_key = hmac::Key::new(alg, &secret).unwrap();
            let forged = encode(&Header::new(), &claims(), &forged_key).unwrap();

            let error = verify(&validator_for(public.clone()), &forged).unwrap_err();
            assert!(
                matches!(error, VerifyError::NoMatchingKey),
                "{label}: {error:?}"
            );

            let sloppy = Validator::builder()
                .key_resolver(Sloppy(public.clone()))
                .issuer("https://issuer.example")
                .audience("api")
                .build()
                .unwrap();
            let error = verify(&sloppy, &forged).unwrap_err();
            assert!(
                matches!(error, VerifyError::AlgorithmNotAllowed),
                "{label}: {error:?}"
            );

            // The forged MAC under the public key's own algorithm name.
            let [_, payload, signature] = segments(&forged);
            let header = b64(format!(r#"{{"alg":"{}"}}"#, public.algorithm()).as_bytes());
            let relabelled = format!("{header}.{payload}.{signature}");
            let error = verify(&validator_for(public.clone()), &relabelled).unwrap_err();
            assert!(
                matches!(error, VerifyError::InvalidSignature),
                "{label}: {error:?}"
            );

            let signing_input = format!("{header}.{payload}");
            let mac = forged_key.sign(signing_input.as_bytes()).unwrap();
            assert!(
                public.verify(signing_input.as_bytes(), &mac).is_err(),
                "{label}"
            );
        }
    }
}

struct NamedVerifier(&'static str);

impl Verifier for NamedVerifier {
    fn algorithm(&self) -> &str {
        self.0
    }
    fn verify(&self, _input: &[u8], _signature: &[u8]) -> Result<(), jwt_ring::InvalidSignature> {
        // Accepts everything: the point is that it must never be reached.
        Ok(())
    }
}

struct NamedSigner(&'static str);

impl Signer for NamedSigner {
    fn algorithm(&self) -> &str {
        self.0
    }
    fn sign(&self, _input: &[u8]) -> Result<Vec<u8>, SigningError> {
        Ok(Vec::new())
    }
}

#[test]
fn none_can_be_neither_configured_nor_written() {
    for name in ["none", "None", "NONE", "nOnE", ""] {
        let error = Validator::builder()
            .key(NamedVerifier(name))
            .build()
            .unwrap_err();
        assert_eq!(error, ConfigError::AlgorithmNone, "{name:?}");
        let error = Validator::builder()
            .key(common::hs256_key())
            .key(NamedVerifier(name))
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            ConfigError::AlgorithmNone,
            "{name:?} next to a real key"
        );
        assert!(matches!(
            KeySet::new([NamedVerifier(name)]),
            Err(ConfigError::AlgorithmNone)
        ));

        let error = encode(&Header::new(), &claims(), &NamedSigner(name)).unwrap_err();
        assert!(
            matches!(error, EncodeError::UnusableAlgorithm),
            "{name:?}: {error:?}"
        );
        let error = SigningInput::new(&Header::new(), &claims(), name, None).unwrap_err();
        assert!(
            matches!(error, EncodeError::UnusableAlgorithm),
            "{name:?}: {error:?}"
        );
    }
}

#[test]
fn none_tokens_are_refused_even_by_a_resolver_that_accepts_anything() {
    let payload = b64(br#"{"sub":"alice","exp":1767226200}"#);
    let accept_all = Validator::builder()
        .key_resolver(Sloppy(Arc::new(NamedVerifier("none"))))
        .build()
        .unwrap();
    let hs256 = Validator::builder()
        .key(common::hs256_key())
        .build()
        .unwrap();
    for alg in ["none", "None", "NONE"] {
        let header = b64(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes());
        for validator in [&accept_all, &hs256] {
            let error = verify(validator, &format!("{header}.{payload}.AAAA")).unwrap_err();
            assert!(
                matches!(error, VerifyError::Header(HeaderError::AlgorithmNone)),
                "{alg}: {error:?}"
            );
            let error = verify(validator, &format!("{header}.{payload}.")).unwrap_err();
            assert!(
                matches!(
                    error,
                    VerifyError::Malformed(Malformed::Empty(Part::Signature))
                ),
                "{alg}: {error:?}"
            );
        }
    }
    // The accept-everything verifier does accept a token that names its algorithm otherwise.
    let pinned = Validator::builder()
        .key_resolver(Sloppy(Arc::new(NamedVerifier("X-TEST"))))
        .build()
        .unwrap();
    let header = b64(br#"{"alg":"X-TEST"}"#);
    assert!(
        pinned
            .verify_at::<jwt_ring::NoCustomClaims>(&format!("{header}.{payload}.AAAA"), now())
            .is_ok()
    );
}

#[test]
fn hmac_secrets_shorter_than_the_hash_are_rejected() {
    for (alg, min) in [(&hmac::HS256, 32), (&hmac::HS384, 48), (&hmac::HS512, 64)] {
        assert_eq!(alg.min_key_len(), min);
        for len in [0, 1, min / 2, min - 1] {
            assert!(
                hmac::Key::new(alg, &vec![0x5a; len]).is_err(),
                "{} with {len} bytes",
                alg.name()
            );
        }
        for len in [min, min + 1, 4 * min] {
            let key = hmac::Key::new(alg, &vec![0x5a; len]).unwrap();
            assert_eq!(key.secret().len(), len);
        }
        let generated = hmac::Key::generate(alg).unwrap();
        assert_eq!(generated.secret().len(), min);
    }
}

#[test]
fn rsa_keys_under_2048_bits_are_rejected() {
    let algorithms = [
        &rsa::RS256,
        &rsa::RS384,
        &rsa::RS512,
        &rsa::PS256,
        &rsa::PS384,
        &rsa::PS512,
    ];
    let (n_1024, e_1024) = common::pkcs1_components(common::RSA_1024_PUBLIC_PKCS1_DER);
    assert_eq!(n_1024.len(), 129, "1024-bit modulus with its DER sign byte");
    let (n_2048, e_2048) = common::pkcs1_components(common::RSA_2048_PUBLIC_PKCS1_DER);
    let mut n_2047 = n_2048[1..].to_vec();
    n_2047[0] = 0x7f;
    for alg in algorithms {
        let error = rsa::SigningKey::from_pkcs8(alg, common::RSA_1024_PKCS8).unwrap_err();
        assert!(!error.reason().is_empty());
        assert!(rsa::VerifyingKey::from_components(alg, &n_1024, &e_1024).is_err());
        assert!(rsa::VerifyingKey::from_components(alg, &n_2047, &e_2048).is_err());

        let signing = rsa::SigningKey::from_pkcs8(alg, common::RSA_2048_PKCS8).unwrap();
        let from_parts = rsa::VerifyingKey::from_components(alg, &n_2048, &e_2048).unwrap();
        assert_eq!(from_parts, signing.verifying_key());
        let token = encode(&Header::new(), &claims(), &signing).unwrap();
        assert_eq!(
            verify(&validator_for(from_parts), &token).unwrap(),
            claims()
        );
    }
}

#[test]
fn other_malformed_public_keys_are_rejected() {
    let es256 = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, common::P256_PKCS8).unwrap();
    let point = es256.verifying_key().uncompressed_point().to_vec();
    assert!(ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES256, &point).is_ok());
    assert!(ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES384, &point).is_err());
    assert!(ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES256, &point[1..]).is_err());
    assert!(ecdsa::SigningKey::from_pkcs8(&ecdsa::ES384, common::P256_PKCS8).is_err());
    assert!(ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, common::RSA_2048_PKCS8).is_err());
    assert!(rsa::SigningKey::from_pkcs8(&rsa::RS256, common::P256_PKCS8).is_err());
    assert!(eddsa::VerifyingKey::from_bytes(&[1; 31]).is_err());
    assert!(eddsa::SigningKey::from_seed(&[1; 31]).is_err());
    assert!(eddsa::SigningKey::from_pkcs8(common::P256_PKCS8).is_err());
}

/// The longest run of characters satisfying `class`.
fn longest_run(text: &str, class: impl Fn(char) -> bool) -> usize {
    text.split(|c| !class(c)).map(str::len).max().unwrap_or(0)
}

fn assert_no_key_material(debug: &str, secrets: &[&[u8]]) {
    assert!(
        longest_run(debug, |c| c.is_ascii_hexdigit()) < 16,
        "hex run in {debug}"
    );
    assert!(
        longest_run(debug, |c| c.is_ascii_alphanumeric() || "+/-_=".contains(c)) < 24,
        "base64-like run in {debug}"
    );
    assert!(
        longest_run(debug, |c| c.is_ascii_digit() || ", ".contains(c)) < 16,
        "byte list in {debug}"
    );
    for secret in secrets {
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        let bytes = format!("{:?}", &secret[..8]);
        let forms = [
            hex[..16].to_owned(),
            hex[..16].to_uppercase(),
            b64(secret)[..12].to_owned(),
            bytes[1..bytes.len() - 1].to_owned(),
            String::from_utf8_lossy(&secret[..8]).into_owned(),
        ];
        for form in forms {
            assert!(!debug.contains(&form), "{form:?} in {debug}");
        }
    }
}

#[test]
fn debug_output_never_shows_key_material() {
    let secret: &[u8] = b"Sup3r-S3cret-HMAC-value-that-must-stay-hidden!";
    let hmac_key = hmac::Key::new(&hmac::HS256, secret)
        .unwrap()
        .with_key_id("k1");
    let debug = format!("{hmac_key:?}");
    assert!(debug.contains("HS256") && debug.contains("k1"), "{debug}");
    assert_no_key_material(&debug, &[secret]);
    assert_no_key_material(&format!("{hmac_key:#?}"), &[secret]);
    let validator = Validator::builder().key(hmac_key.clone()).build().unwrap();
    assert_no_key_material(&format!("{validator:?}"), &[secret]);
    assert_no_key_material(
        &format!("{:?}", KeySet::new([hmac_key]).unwrap()),
        &[secret],
    );

    let (n, _) = common::pkcs1_components(common::RSA_2048_PUBLIC_PKCS1_DER);
    for alg in [&rsa::RS256, &rsa::PS512] {
        let key = rsa::SigningKey::from_pkcs8(alg, common::RSA_2048_PKCS8).unwrap();
        assert_no_key_material(&format!("{key:?}"), &[common::RSA_2048_PKCS8, &n[1..]]);
        assert_no_key_material(&format!("{:?}", key.verifying_key()), &[&n[1..]]);
    }

    for (alg, pkcs8) in [
        (&ecdsa::ES256, common::P256_PKCS8.to_vec()),
        (
            &ecdsa::ES384,
            ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap().1,
        ),
    ] {
        let key = ecdsa::SigningKey::from_pkcs8(alg, &pkcs8).unwrap();
        let point = key.verifying_key().uncompressed_point().to_vec();
        assert_no_key_material(&format!("{key:?}"), &[&pkcs8, &point[1..]]);
        assert_no_key_material(&format!("{:?}", key.verifying_key()), &[&point[1..]]);
    }

    let seed = [0xa7u8; 32];
    let key = eddsa::SigningKey::from_seed(&seed)
        .unwrap()
        .with_key_id("ed-1");
    let public = key.verifying_key().as_bytes().to_vec();
    assert_no_key_material(&format!("{key:?}"), &[&seed, &public]);
    assert_no_key_material(&format!("{:?}", key.verifying_key()), &[&public]);
    // What the output does say: which key it is, on which backend.
    let backend = format!("backend: {}", jwt_ring::Backend::DEFAULT);
    for debug in [format!("{key:?}"), format!("{:?}", key.verifying_key())] {
        for part in ["eddsa::", "EdDSA", "ed-1", backend.as_str()] {
            assert!(debug.contains(part), "{part} missing from {debug}");
        }
    }
}

#[test]
fn errors_never_echo_token_or_key_text() {
    let table = table();
    let entry = &table[0];
    let token = token_for(entry);
    let [header, payload, _] = segments(&token);
    let forged = format!("{header}.{payload}.{}", b64(b"not the mac, not at all"));
    let error = verify(&validator_for(entry.verifier.clone()), &forged).unwrap_err();
    let message = format!("{error} {error:?}");
    assert!(!message.contains(&payload[..10]), "{message}");
    assert!(!message.contains("alice"), "{message}");
    let rejected = hmac::Key::new(&hmac::HS256, b"short-secret").unwrap_err();
    assert!(!format!("{rejected} {rejected:?}").contains("short-secret"));
}
