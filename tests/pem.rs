//! PEM and DER key import for every key family: each private format signs a token that each
//! public format verifies, keys derived from private keys match the public files, and every
//! refusal is a `KeyRejected` with its exact reason.
//!
//! The fixtures in tests/fixtures/pem/ were generated once with OpenSSL (and ring, for the
//! Ed25519 PKCS#8 v2 key); see the README there.
#![cfg(feature = "pem")]

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, Header, KeyRejected, NoCustomClaims, Signer, Validator, Verifier, VerifyError, ecdsa,
    eddsa, encode, rsa,
};

macro_rules! pem {
    ($name:literal) => {
        include_str!(concat!("fixtures/pem/", $name, ".pem"))
    };
}

macro_rules! der {
    ($name:literal) => {
        include_bytes!(concat!("fixtures/pem/", $name, ".der")).as_slice()
    };
}

const ENCRYPTED: &str = "encrypted PEM is not supported";
const UNSUPPORTED_LABEL: &str = "PEM label is not a supported key type for this constructor";
const NOT_RSA: &str = "key is not RSA";
const NOT_EC: &str = "key is not an EC key";
const NOT_ED25519: &str = "key is not Ed25519";
const WRONG_CURVE: &str = "EC key is for a different curve than the algorithm";
const PEM_MALFORMED: &str = "PEM is malformed";
const DER_MALFORMED: &str = "DER is malformed";
const RSA_TOO_SMALL: &str = "RSA modulus is shorter than 2048 bits";

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_750_000_000).unwrap()
}

/// Asserts that `result` is a `KeyRejected` with exactly `reason`, and that the message is the
/// fixed reason only.
#[track_caller]
fn assert_rejected<T: std::fmt::Debug>(result: Result<T, KeyRejected>, reason: &str) {
    let error = result.unwrap_err();
    assert_eq!(error.reason(), reason);
    assert_eq!(error.to_string(), format!("key rejected: {reason}"));
}

/// Mints a token with `signer` and verifies it through a `Validator` holding only `verifier`,
/// at a fixed time; then checks that `verifier` refuses the signature over other input.
#[track_caller]
fn round_trip(signer: &impl Signer, verifier: impl Verifier + Clone + 'static) {
    let claims = Claims::registered_only()
        .with_subject("pem")
        .valid_for(now(), Duration::minutes(5));
    let token = encode(&Header::new(), &claims, signer).unwrap();
    let validator = Validator::builder().key(verifier.clone()).build().unwrap();
    let verified = validator
        .verify_at::<NoCustomClaims>(&token, now())
        .unwrap();
    assert_eq!(verified.claims().registered.sub(), Some("pem"));
    assert_eq!(verified.header().algorithm(), Some(signer.algorithm()));

    let signature = signer.sign(b"signing input").unwrap();
    assert!(verifier.verify(b"signing input", &signature).is_ok());
    assert!(verifier.verify(b"other input", &signature).is_err());
}

// ---------------------------------------------------------------------------------------------
// RSA
// ---------------------------------------------------------------------------------------------

fn rsa_signing_keys(algorithm: &'static rsa::Algorithm) -> Vec<rsa::SigningKey> {
    vec![
        rsa::SigningKey::from_pem(algorithm, pem!("rsa2048-pkcs8")).unwrap(),
        rsa::SigningKey::from_pem(algorithm, pem!("rsa2048-pkcs1")).unwrap(),
        rsa::SigningKey::from_pkcs8(algorithm, der!("rsa2048-pkcs8")).unwrap(),
        rsa::SigningKey::from_pkcs1(algorithm, der!("rsa2048-pkcs1")).unwrap(),
    ]
}

fn rsa_verifying_keys(algorithm: &'static rsa::Algorithm) -> Vec<rsa::VerifyingKey> {
    vec![
        rsa::VerifyingKey::from_pem(algorithm, pem!("rsa2048-spki")).unwrap(),
        rsa::VerifyingKey::from_pem(algorithm, pem!("rsa2048-pkcs1-public")).unwrap(),
        rsa::VerifyingKey::from_pem(algorithm, pem!("rsa2048-cert")).unwrap(),
        rsa::VerifyingKey::from_spki_der(algorithm, der!("rsa2048-spki")).unwrap(),
        rsa::VerifyingKey::from_pkcs1_der(algorithm, der!("rsa2048-pkcs1-public")).unwrap(),
        rsa::VerifyingKey::from_certificate_der(algorithm, der!("rsa2048-cert")).unwrap(),
    ]
}

#[test]
fn rsa_every_private_format_signs_and_every_public_format_verifies() {
    for algorithm in [&rsa::RS256, &rsa::PS384] {
        let signing_keys = rsa_signing_keys(algorithm);
        let verifying_keys = rsa_verifying_keys(algorithm);
        assert_eq!(signing_keys.len(), 4);
        assert_eq!(verifying_keys.len(), 6);
        for signing_key in &signing_keys {
            assert_eq!(signing_key.algorithm(), algorithm);
            for verifying_key in &verifying_keys {
                round_trip(signing_key, verifying_key.clone());
            }
        }
    }
}

#[test]
fn rsa_public_keys_match_the_private_key() {
    let derived = rsa::SigningKey::from_pem(&rsa::RS256, pem!("rsa2048-pkcs8"))
        .unwrap()
        .verifying_key();
    assert_eq!(derived.modulus().len(), 256);
    assert_eq!(derived.exponent(), &[0x01, 0x00, 0x01]);
    for key in rsa_signing_keys(&rsa::RS256) {
        assert_eq!(key.verifying_key(), derived);
    }
    for key in rsa_verifying_keys(&rsa::RS256) {
        assert_eq!(key.modulus(), derived.modulus());
        assert_eq!(key.exponent(), derived.exponent());
        assert_eq!(key, derived);
    }
}

#[test]
fn rsa_1024_is_rejected_in_every_format() {
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, pem!("rsa1024-pkcs8")),
        RSA_TOO_SMALL,
    );
    assert_rejected(
        rsa::VerifyingKey::from_pem(&rsa::RS256, pem!("rsa1024-spki")),
        RSA_TOO_SMALL,
    );
}

// ---------------------------------------------------------------------------------------------
// ECDSA
// ---------------------------------------------------------------------------------------------

fn ecdsa_signing_keys(
    algorithm: &'static ecdsa::Algorithm,
    pkcs8_pem: &str,
    sec1_pem: &str,
    pkcs8_der: &[u8],
    sec1_der: &[u8],
) -> Vec<ecdsa::SigningKey> {
    vec![
        ecdsa::SigningKey::from_pem(algorithm, pkcs8_pem).unwrap(),
        ecdsa::SigningKey::from_pem(algorithm, sec1_pem).unwrap(),
        ecdsa::SigningKey::from_pkcs8(algorithm, pkcs8_der).unwrap(),
        ecdsa::SigningKey::from_sec1_der(algorithm, sec1_der).unwrap(),
    ]
}

fn ecdsa_verifying_keys(
    algorithm: &'static ecdsa::Algorithm,
    spki_pem: &str,
    cert_pem: &str,
    spki_der: &[u8],
    cert_der: &[u8],
) -> Vec<ecdsa::VerifyingKey> {
    vec![
        ecdsa::VerifyingKey::from_pem(algorithm, spki_pem).unwrap(),
        ecdsa::VerifyingKey::from_pem(algorithm, cert_pem).unwrap(),
        ecdsa::VerifyingKey::from_spki_der(algorithm, spki_der).unwrap(),
        ecdsa::VerifyingKey::from_certificate_der(algorithm, cert_der).unwrap(),
    ]
}

fn check_ecdsa(signing_keys: &[ecdsa::SigningKey], verifying_keys: &[ecdsa::VerifyingKey]) {
    assert_eq!(signing_keys.len(), 4);
    assert_eq!(verifying_keys.len(), 4);
    let derived = signing_keys[0].verifying_key();
    let coordinate_len = derived.algorithm().coordinate_len();
    assert_eq!(derived.uncompressed_point().len(), 1 + 2 * coordinate_len);
    for signing_key in signing_keys {
        assert_eq!(signing_key.verifying_key(), derived);
        for verifying_key in verifying_keys {
            assert_eq!(
                verifying_key.uncompressed_point(),
                derived.uncompressed_point()
            );
            round_trip(signing_key, verifying_key.clone());
        }
    }
}

#[test]
fn p256_every_private_format_signs_and_every_public_format_verifies() {
    let signing_keys = ecdsa_signing_keys(
        &ecdsa::ES256,
        pem!("p256-pkcs8"),
        pem!("p256-sec1"),
        der!("p256-pkcs8"),
        der!("p256-sec1"),
    );
    let verifying_keys = ecdsa_verifying_keys(
        &ecdsa::ES256,
        pem!("p256-spki"),
        pem!("p256-cert"),
        der!("p256-spki"),
        der!("p256-cert"),
    );
    check_ecdsa(&signing_keys, &verifying_keys);
}

#[test]
fn p384_every_private_format_signs_and_every_public_format_verifies() {
    let signing_keys = ecdsa_signing_keys(
        &ecdsa::ES384,
        pem!("p384-pkcs8"),
        pem!("p384-sec1"),
        der!("p384-pkcs8"),
        der!("p384-sec1"),
    );
    let verifying_keys = ecdsa_verifying_keys(
        &ecdsa::ES384,
        pem!("p384-spki"),
        pem!("p384-cert"),
        der!("p384-spki"),
        der!("p384-cert"),
    );
    check_ecdsa(&signing_keys, &verifying_keys);
}

#[test]
fn ec_keys_for_another_curve_are_rejected() {
    for (algorithm, pkcs8, sec1, spki, cert) in [
        (
            &ecdsa::ES256,
            pem!("p384-pkcs8"),
            pem!("p384-sec1"),
            pem!("p384-spki"),
            pem!("p384-cert"),
        ),
        (
            &ecdsa::ES384,
            pem!("p256-pkcs8"),
            pem!("p256-sec1"),
            pem!("p256-spki"),
            pem!("p256-cert"),
        ),
    ] {
        assert_rejected(ecdsa::SigningKey::from_pem(algorithm, pkcs8), WRONG_CURVE);
        assert_rejected(ecdsa::SigningKey::from_pem(algorithm, sec1), WRONG_CURVE);
        assert_rejected(ecdsa::VerifyingKey::from_pem(algorithm, spki), WRONG_CURVE);
        assert_rejected(ecdsa::VerifyingKey::from_pem(algorithm, cert), WRONG_CURVE);
    }
    assert_rejected(
        ecdsa::SigningKey::from_sec1_der(&ecdsa::ES256, der!("p384-sec1")),
        WRONG_CURVE,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_spki_der(&ecdsa::ES384, der!("p256-spki")),
        WRONG_CURVE,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_certificate_der(&ecdsa::ES384, der!("p256-cert")),
        WRONG_CURVE,
    );
}

#[test]
fn compressed_ec_points_are_rejected() {
    assert_rejected(
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, pem!("p256-spki-compressed")),
        "compressed EC points are not supported",
    );
}

#[test]
fn sec1_key_without_its_public_key_is_rejected() {
    assert_rejected(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, pem!("p256-sec1-no-public")),
        "EC private key does not include its public key",
    );
}

// ---------------------------------------------------------------------------------------------
// EdDSA
// ---------------------------------------------------------------------------------------------

#[test]
fn ed25519_pkcs8_v1_signs_and_every_public_format_verifies() {
    let signing_keys = [
        eddsa::SigningKey::from_pem(pem!("ed25519-pkcs8-v1")).unwrap(),
        eddsa::SigningKey::from_pkcs8(der!("ed25519-pkcs8-v1")).unwrap(),
    ];
    let verifying_keys = [
        eddsa::VerifyingKey::from_pem(pem!("ed25519-spki")).unwrap(),
        eddsa::VerifyingKey::from_pem(pem!("ed25519-cert")).unwrap(),
        eddsa::VerifyingKey::from_spki_der(der!("ed25519-spki")).unwrap(),
        eddsa::VerifyingKey::from_certificate_der(der!("ed25519-cert")).unwrap(),
    ];
    let derived = signing_keys[0].verifying_key();
    assert_eq!(derived.as_bytes().len(), 32);
    for signing_key in &signing_keys {
        assert_eq!(signing_key.verifying_key(), derived);
        for verifying_key in &verifying_keys {
            assert_eq!(verifying_key.as_bytes(), derived.as_bytes());
            round_trip(signing_key, verifying_key.clone());
        }
    }
}

#[test]
fn ed25519_pkcs8_v2_signs_and_its_public_key_verifies() {
    let signing_key = eddsa::SigningKey::from_pem(pem!("ed25519-pkcs8-v2")).unwrap();
    let verifying_key = eddsa::VerifyingKey::from_pem(pem!("ed25519-v2-spki")).unwrap();
    assert_eq!(signing_key.verifying_key(), verifying_key);
    round_trip(&signing_key, verifying_key);
    // The v1 and v2 fixtures are different keys.
    let v1 = eddsa::VerifyingKey::from_pem(pem!("ed25519-spki")).unwrap();
    assert_ne!(signing_key.verifying_key(), v1);
}

#[test]
fn ed25519_pkcs8_v2_with_a_foreign_public_key_is_rejected() {
    // The second body line holds the `[1]` public key; change one base64 digit inside the key.
    let pem = pem!("ed25519-pkcs8-v2");
    let mut lines: Vec<String> = pem.lines().map(str::to_owned).collect();
    let line = &mut lines[2];
    let digit = if line.as_bytes()[10] == b'A' {
        "B"
    } else {
        "A"
    };
    line.replace_range(10..11, digit);
    let tampered = lines.join("\n") + "\n";
    assert_ne!(tampered, pem);
    assert_rejected(
        eddsa::SigningKey::from_pem(&tampered),
        "not a valid PKCS#8 Ed25519 private key",
    );
}

// ---------------------------------------------------------------------------------------------
// Refusals shared by every family
// ---------------------------------------------------------------------------------------------

#[test]
fn keys_of_another_family_are_rejected() {
    // Private keys.
    assert_rejected(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, pem!("rsa2048-pkcs8")),
        NOT_EC,
    );
    assert_rejected(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, pem!("rsa2048-pkcs1")),
        NOT_EC,
    );
    assert_rejected(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, pem!("ed25519-pkcs8-v1")),
        NOT_EC,
    );
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, pem!("p256-pkcs8")),
        NOT_RSA,
    );
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, pem!("p256-sec1")),
        NOT_RSA,
    );
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, pem!("ed25519-pkcs8-v2")),
        NOT_RSA,
    );
    assert_rejected(eddsa::SigningKey::from_pem(pem!("p384-pkcs8")), NOT_ED25519);
    assert_rejected(eddsa::SigningKey::from_pem(pem!("p384-sec1")), NOT_ED25519);
    assert_rejected(
        eddsa::SigningKey::from_pem(pem!("rsa2048-pkcs8")),
        NOT_ED25519,
    );
    assert_rejected(
        eddsa::SigningKey::from_pem(pem!("rsa2048-pkcs1")),
        NOT_ED25519,
    );

    // Public keys and certificates.
    assert_rejected(
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, pem!("rsa2048-spki")),
        NOT_EC,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, pem!("rsa2048-pkcs1-public")),
        NOT_EC,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, pem!("ed25519-cert")),
        NOT_EC,
    );
    assert_rejected(
        rsa::VerifyingKey::from_pem(&rsa::RS256, pem!("p256-spki")),
        NOT_RSA,
    );
    assert_rejected(
        rsa::VerifyingKey::from_pem(&rsa::RS256, pem!("ed25519-cert")),
        NOT_RSA,
    );
    assert_rejected(
        eddsa::VerifyingKey::from_pem(pem!("rsa2048-cert")),
        NOT_ED25519,
    );
    assert_rejected(
        eddsa::VerifyingKey::from_pem(pem!("p256-spki")),
        NOT_ED25519,
    );

    // The DER constructors.
    assert_rejected(
        rsa::VerifyingKey::from_spki_der(&rsa::RS256, der!("p256-spki")),
        NOT_RSA,
    );
    assert_rejected(
        rsa::VerifyingKey::from_certificate_der(&rsa::RS256, der!("ed25519-cert")),
        NOT_RSA,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_spki_der(&ecdsa::ES256, der!("ed25519-spki")),
        NOT_EC,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_certificate_der(&ecdsa::ES256, der!("rsa2048-cert")),
        NOT_EC,
    );
    assert_rejected(
        eddsa::VerifyingKey::from_spki_der(der!("rsa2048-spki")),
        NOT_ED25519,
    );
    assert_rejected(
        eddsa::VerifyingKey::from_certificate_der(der!("p384-cert")),
        NOT_ED25519,
    );
}

#[test]
fn encrypted_pem_is_rejected() {
    let encrypted = pem!("encrypted-pkcs8");
    assert!(encrypted.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assert_rejected(rsa::SigningKey::from_pem(&rsa::RS256, encrypted), ENCRYPTED);
    assert_rejected(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, encrypted),
        ENCRYPTED,
    );
    assert_rejected(eddsa::SigningKey::from_pem(encrypted), ENCRYPTED);
    // OpenSSL's legacy encryption: `Proc-Type: 4,ENCRYPTED` headers in an RSA PRIVATE KEY.
    let legacy = pem!("rsa2048-pkcs1-encrypted");
    assert!(legacy.contains("Proc-Type: 4,ENCRYPTED"));
    assert_rejected(rsa::SigningKey::from_pem(&rsa::RS256, legacy), ENCRYPTED);
}

#[test]
fn unsupported_labels_are_rejected() {
    let request = pem!("p256-csr");
    assert!(request.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, request),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        rsa::VerifyingKey::from_pem(&rsa::RS256, request),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, request),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, request),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(eddsa::SigningKey::from_pem(request), UNSUPPORTED_LABEL);
    assert_rejected(eddsa::VerifyingKey::from_pem(request), UNSUPPORTED_LABEL);

    // A public key is not a private key, and the other way round.
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, pem!("rsa2048-spki")),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, pem!("rsa2048-cert")),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        rsa::VerifyingKey::from_pem(&rsa::RS256, pem!("rsa2048-pkcs8")),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, pem!("p256-spki")),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, pem!("p256-sec1")),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        eddsa::SigningKey::from_pem(pem!("ed25519-cert")),
        UNSUPPORTED_LABEL,
    );
    assert_rejected(
        eddsa::VerifyingKey::from_pem(pem!("ed25519-pkcs8-v1")),
        UNSUPPORTED_LABEL,
    );
}

#[test]
fn malformed_pem_is_rejected() {
    let spki = pem!("p256-spki");
    let truncated = &spki[..spki.len() / 2];
    let no_end_line = spki.trim_end().trim_end_matches("-----END PUBLIC KEY-----");
    let mismatched_end = spki.replace("END PUBLIC KEY", "END CERTIFICATE");
    let bad_base64 = spki.replacen("MF", "M!", 1);
    let two_blocks = [pem!("p256-cert"), pem!("p256-cert")].concat();
    for input in [
        "",
        "garbage",
        "-----BEGIN PUBLIC KEY-----",
        truncated,
        no_end_line,
        &mismatched_end,
        &bad_base64,
        &two_blocks,
    ] {
        assert_rejected(
            ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, input),
            PEM_MALFORMED,
        );
    }
    let pkcs8 = pem!("rsa2048-pkcs8");
    let truncated = &pkcs8[..pkcs8.len() - 40];
    assert_rejected(
        rsa::SigningKey::from_pem(&rsa::RS256, truncated),
        PEM_MALFORMED,
    );
    assert_rejected(eddsa::SigningKey::from_pem("garbage"), PEM_MALFORMED);
    assert_rejected(eddsa::VerifyingKey::from_pem(""), PEM_MALFORMED);
}

#[test]
fn pem_tolerates_crlf_and_text_before_the_block() {
    let spki = pem!("p256-spki");
    let expected = ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, spki).unwrap();
    let crlf = spki.replace('\n', "\r\n");
    let preamble = format!("subject=CN = example\n{spki}");
    for input in [crlf, preamble] {
        let key = ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, &input).unwrap();
        assert_eq!(key, expected);
    }
}

#[test]
fn malformed_der_is_rejected() {
    // Well-formed PEM around DER that is not a key: three zero bytes, and a lone NULL.
    for body in ["AAAA", "BQA="] {
        for label in ["PUBLIC KEY", "CERTIFICATE", "RSA PUBLIC KEY"] {
            let pem = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
            assert_rejected(
                rsa::VerifyingKey::from_pem(&rsa::RS256, &pem),
                DER_MALFORMED,
            );
        }
        for label in ["PRIVATE KEY", "EC PRIVATE KEY"] {
            let pem = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
            assert_rejected(
                ecdsa::SigningKey::from_pem(&ecdsa::ES256, &pem),
                DER_MALFORMED,
            );
        }
        let pem = format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");
        assert_rejected(eddsa::SigningKey::from_pem(&pem), DER_MALFORMED);
        assert_rejected(rsa::SigningKey::from_pem(&rsa::RS256, &pem), DER_MALFORMED);
    }

    // Truncated DER, and DER with a trailing byte.
    fn truncated(der: &[u8]) -> &[u8] {
        &der[..der.len() - 1]
    }
    fn extended(der: &[u8]) -> Vec<u8> {
        [der, &[0]].concat()
    }
    for der in [der!("rsa2048-spki"), der!("rsa2048-pkcs1-public")] {
        let truncated_key = rsa::VerifyingKey::from_spki_der(&rsa::RS256, truncated(der));
        assert_rejected(truncated_key, DER_MALFORMED);
    }
    assert_rejected(
        rsa::VerifyingKey::from_pkcs1_der(&rsa::RS256, truncated(der!("rsa2048-pkcs1-public"))),
        DER_MALFORMED,
    );
    assert_rejected(
        rsa::VerifyingKey::from_pkcs1_der(&rsa::RS256, &extended(der!("rsa2048-pkcs1-public"))),
        DER_MALFORMED,
    );
    assert_rejected(
        rsa::VerifyingKey::from_certificate_der(&rsa::RS256, truncated(der!("rsa2048-cert"))),
        DER_MALFORMED,
    );
    assert_rejected(
        ecdsa::SigningKey::from_sec1_der(&ecdsa::ES256, truncated(der!("p256-sec1"))),
        DER_MALFORMED,
    );
    assert_rejected(
        ecdsa::SigningKey::from_sec1_der(&ecdsa::ES256, &extended(der!("p256-sec1"))),
        DER_MALFORMED,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_spki_der(&ecdsa::ES256, truncated(der!("p256-spki"))),
        DER_MALFORMED,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_spki_der(&ecdsa::ES256, &extended(der!("p256-spki"))),
        DER_MALFORMED,
    );
    assert_rejected(
        ecdsa::VerifyingKey::from_certificate_der(&ecdsa::ES256, truncated(der!("p256-cert"))),
        DER_MALFORMED,
    );
    assert_rejected(
        eddsa::VerifyingKey::from_spki_der(truncated(der!("ed25519-spki"))),
        DER_MALFORMED,
    );
    assert_rejected(
        eddsa::VerifyingKey::from_certificate_der(&extended(der!("ed25519-cert"))),
        DER_MALFORMED,
    );
    for der in [&[][..], b"garbage"] {
        assert_rejected(eddsa::VerifyingKey::from_spki_der(der), DER_MALFORMED);
        assert_rejected(
            ecdsa::VerifyingKey::from_certificate_der(&ecdsa::ES384, der),
            DER_MALFORMED,
        );
    }
}

#[test]
fn a_token_from_another_key_of_the_same_algorithm_is_refused() {
    // The Ed25519 v1 and v2 fixtures are two different keys for the same algorithm.
    let signer = eddsa::SigningKey::from_pem(pem!("ed25519-pkcs8-v2")).unwrap();
    let other = eddsa::VerifyingKey::from_pem(pem!("ed25519-cert")).unwrap();
    let claims = Claims::registered_only().valid_for(now(), Duration::minutes(5));
    let token = encode(&Header::new(), &claims, &signer).unwrap();
    let validator = Validator::builder().key(other).build().unwrap();
    let error = validator
        .verify_at::<NoCustomClaims>(&token, now())
        .unwrap_err();
    assert!(matches!(error, VerifyError::InvalidSignature));
}
