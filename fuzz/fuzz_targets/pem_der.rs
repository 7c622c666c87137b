//! Every PEM and DER key importer on arbitrary bytes (and, when they are UTF-8, text).
//!
//! Invariants: a key is built only for the algorithm asked, and only in one family (a document
//! that is an RSA key is never also an EC or Ed25519 key); RSA parsing does not depend on which
//! RSA algorithm the key is bound to; EC public points are uncompressed and of the curve's size;
//! every private key imported signs, and its own public key verifies that signature.
#![no_main]

use jwt_ring::{Signer, Verifier, ecdsa, eddsa, rsa};
use libfuzzer_sys::fuzz_target;

const MESSAGE: &[u8] = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJmdXp6In0";

fn check_signer<S: Signer>(key: &S, verifier: &dyn Verifier, alg: &str) {
    assert_eq!(key.algorithm(), alg);
    assert_eq!(verifier.algorithm(), alg);
    let signature = key.sign(MESSAGE).expect("an imported key signs");
    assert!(
        verifier.verify(MESSAGE, &signature).is_ok(),
        "{alg} key does not verify itself"
    );
    assert!(verifier.verify(b"other", &signature).is_err());
}

fn check_rsa_public(key: &rsa::VerifyingKey, alg: &str) {
    assert_eq!(Verifier::algorithm(key), alg);
    assert!(key.modulus().len() >= 256, "RSA modulus under 2048 bits");
}

fn check_ec_public(key: &ecdsa::VerifyingKey, algorithm: &'static ecdsa::Algorithm) {
    assert_eq!(Verifier::algorithm(key), algorithm.name());
    let point = key.uncompressed_point();
    assert_eq!(point.len(), 1 + 2 * algorithm.coordinate_len());
    assert_eq!(point[0], 0x04);
}

/// RSA results for RS256 and PS512 must agree: the algorithm binds the key, it does not change
/// what parses.
fn rsa_public_agree(
    a: Result<rsa::VerifyingKey, jwt_ring::KeyRejected>,
    b: Result<rsa::VerifyingKey, jwt_ring::KeyRejected>,
) -> bool {
    match (&a, &b) {
        (Ok(a), Ok(b)) => {
            check_rsa_public(a, "RS256");
            check_rsa_public(b, "PS512");
            assert_eq!(a.modulus(), b.modulus());
            assert_eq!(a.exponent(), b.exponent());
            true
        }
        (Err(_), Err(_)) => false,
        _ => panic!("RS256 and PS512 disagree: {a:?} / {b:?}"),
    }
}

fn rsa_private_agree(
    a: Result<rsa::SigningKey, jwt_ring::KeyRejected>,
    b: Result<rsa::SigningKey, jwt_ring::KeyRejected>,
) -> bool {
    match (&a, &b) {
        (Ok(a), Ok(b)) => {
            check_signer(a, &a.verifying_key(), "RS256");
            check_signer(b, &b.verifying_key(), "PS512");
            assert_eq!(a.verifying_key().modulus(), b.verifying_key().modulus());
            true
        }
        (Err(_), Err(_)) => false,
        _ => panic!("RS256 and PS512 disagree: {a:?} / {b:?}"),
    }
}

/// An EC document is for one curve: at most one of ES256 / ES384 accepts it.
fn ec_public(
    a: Result<ecdsa::VerifyingKey, jwt_ring::KeyRejected>,
    b: Result<ecdsa::VerifyingKey, jwt_ring::KeyRejected>,
) -> bool {
    assert!(!(a.is_ok() && b.is_ok()), "one document, two curves");
    if let Ok(key) = &a {
        check_ec_public(key, &ecdsa::ES256);
    }
    if let Ok(key) = &b {
        check_ec_public(key, &ecdsa::ES384);
    }
    a.is_ok() || b.is_ok()
}

fn ec_private(
    a: Result<ecdsa::SigningKey, jwt_ring::KeyRejected>,
    b: Result<ecdsa::SigningKey, jwt_ring::KeyRejected>,
) -> bool {
    assert!(!(a.is_ok() && b.is_ok()), "one document, two curves");
    for (key, algorithm) in [(&a, &ecdsa::ES256), (&b, &ecdsa::ES384)] {
        if let Ok(key) = key {
            let public = key.verifying_key();
            check_ec_public(&public, algorithm);
            check_signer(key, &public, algorithm.name());
        }
    }
    a.is_ok() || b.is_ok()
}

fn ed_public(key: Result<eddsa::VerifyingKey, jwt_ring::KeyRejected>) -> bool {
    if let Ok(key) = &key {
        assert_eq!(Verifier::algorithm(key), "EdDSA");
        assert_eq!(key.as_bytes().len(), 32);
    }
    key.is_ok()
}

fn ed_private(key: Result<eddsa::SigningKey, jwt_ring::KeyRejected>) -> bool {
    if let Ok(key) = &key {
        let public = key.verifying_key();
        check_signer(key, &public, "EdDSA");
    }
    key.is_ok()
}

/// At most one family accepts one document.
fn one_family(results: [bool; 3], what: &str) {
    let families = results.iter().filter(|ok| **ok).count();
    assert!(families <= 1, "{what}: accepted by {results:?}");
}

fuzz_target!(|data: &[u8]| {
    // DER private keys.
    let rsa8 = rsa_private_agree(
        rsa::SigningKey::from_pkcs8(&rsa::RS256, data),
        rsa::SigningKey::from_pkcs8(&rsa::PS512, data),
    );
    let ec8 = ec_private(
        ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, data),
        ecdsa::SigningKey::from_pkcs8(&ecdsa::ES384, data),
    );
    let ed8 = ed_private(eddsa::SigningKey::from_pkcs8(data));
    one_family([rsa8, ec8, ed8], "PKCS#8");
    let rsa1 = rsa_private_agree(
        rsa::SigningKey::from_pkcs1(&rsa::RS256, data),
        rsa::SigningKey::from_pkcs1(&rsa::PS512, data),
    );
    let sec1 = ec_private(
        ecdsa::SigningKey::from_sec1_der(&ecdsa::ES256, data),
        ecdsa::SigningKey::from_sec1_der(&ecdsa::ES384, data),
    );
    one_family([rsa1, sec1, false], "PKCS#1/SEC1");

    // DER public keys.
    let rsa_spki = rsa_public_agree(
        rsa::VerifyingKey::from_spki_der(&rsa::RS256, data),
        rsa::VerifyingKey::from_spki_der(&rsa::PS512, data),
    );
    let ec_spki = ec_public(
        ecdsa::VerifyingKey::from_spki_der(&ecdsa::ES256, data),
        ecdsa::VerifyingKey::from_spki_der(&ecdsa::ES384, data),
    );
    let ed_spki = ed_public(eddsa::VerifyingKey::from_spki_der(data));
    one_family([rsa_spki, ec_spki, ed_spki], "SPKI");
    rsa_public_agree(
        rsa::VerifyingKey::from_pkcs1_der(&rsa::RS256, data),
        rsa::VerifyingKey::from_pkcs1_der(&rsa::PS512, data),
    );
    let rsa_cert = rsa_public_agree(
        rsa::VerifyingKey::from_certificate_der(&rsa::RS256, data),
        rsa::VerifyingKey::from_certificate_der(&rsa::PS512, data),
    );
    let ec_cert = ec_public(
        ecdsa::VerifyingKey::from_certificate_der(&ecdsa::ES256, data),
        ecdsa::VerifyingKey::from_certificate_der(&ecdsa::ES384, data),
    );
    let ed_cert = ed_public(eddsa::VerifyingKey::from_certificate_der(data));
    one_family([rsa_cert, ec_cert, ed_cert], "certificate");

    // PEM.
    let Ok(pem) = std::str::from_utf8(data) else {
        return;
    };
    let rsa_pem = rsa_private_agree(
        rsa::SigningKey::from_pem(&rsa::RS256, pem),
        rsa::SigningKey::from_pem(&rsa::PS512, pem),
    );
    let ec_pem = ec_private(
        ecdsa::SigningKey::from_pem(&ecdsa::ES256, pem),
        ecdsa::SigningKey::from_pem(&ecdsa::ES384, pem),
    );
    let ed_pem = ed_private(eddsa::SigningKey::from_pem(pem));
    one_family([rsa_pem, ec_pem, ed_pem], "private PEM");
    let rsa_pub = rsa_public_agree(
        rsa::VerifyingKey::from_pem(&rsa::RS256, pem),
        rsa::VerifyingKey::from_pem(&rsa::PS512, pem),
    );
    let ec_pub = ec_public(
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, pem),
        ecdsa::VerifyingKey::from_pem(&ecdsa::ES384, pem),
    );
    let ed_pub = ed_public(eddsa::VerifyingKey::from_pem(pem));
    one_family([rsa_pub, ec_pub, ed_pub], "public PEM");
    // A document is private or public, never both.
    assert!(
        !((rsa_pem || ec_pem || ed_pem) && (rsa_pub || ec_pub || ed_pub)),
        "one PEM, private and public"
    );
});
