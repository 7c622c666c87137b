//! P-521 (ES512) keys from PEM and DER, until the library's readers know the curve.
//!
//! jwt-ring's PEM and DER readers (`ecdsa::SigningKey::from_pem` and the others) know the
//! curves P-256 and P-384 only: they refuse a P-521 key as "for a different curve than the
//! algorithm". This module reads the same documents for P-521 (PKCS#8, SEC1,
//! SubjectPublicKeyInfo and X.509 certificates) with the RustCrypto parsers the library uses,
//! checks the key type and the curve, and hands the key to the library's `ecdsa` constructors,
//! which check it as for any curve (the point on the curve, the private key matching it). Its
//! errors carry the library's reasons, so that `keys` ranks them alike. Remove it when the
//! library reads P-521.

use der::Decode as _;
use der::referenced::OwnedToRef as _;
use der::zeroize::Zeroizing;
use jwt_ring::{KeyRejected, ecdsa};
use pkcs8::PrivateKeyInfo;
use sec1::EcPrivateKey;
use spki::{ObjectIdentifier, SubjectPublicKeyInfoRef};
use x509_cert::Certificate;

/// secp521r1, the JWA curve P-521 (RFC 5480 §2.1.1.1).
pub const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

const ENCRYPTED: KeyRejected = KeyRejected::new("encrypted PEM is not supported");
const PEM_MALFORMED: KeyRejected = KeyRejected::new("PEM is malformed");
const DER_MALFORMED: KeyRejected = KeyRejected::new("DER is malformed");
const UNSUPPORTED_LABEL: KeyRejected =
    KeyRejected::new("PEM label is not a supported key type for this constructor");
const NOT_EC: KeyRejected = KeyRejected::new("key is not an EC key");
const WRONG_CURVE: KeyRejected =
    KeyRejected::new("EC key is for a different curve than the algorithm");
const NO_NAMED_CURVE: KeyRejected = KeyRejected::new("EC key does not name its curve");
const NO_EC_PUBLIC_KEY: KeyRejected =
    KeyRejected::new("EC private key does not include its public key");

/// Whether `algorithm` is on P-521, the curve this module reads.
pub fn is_p521(algorithm: &ecdsa::Algorithm) -> bool {
    algorithm.curve() == "P-521"
}

/// A private key from a PEM `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1) document.
///
/// # Errors
///
/// [`KeyRejected`] with the library's reasons: malformed PEM or DER, another label, not an EC
/// key, another curve, no public key, or a pair the library refuses.
pub fn signing_key_from_pem(
    algorithm: &'static ecdsa::Algorithm,
    pem: &str,
) -> Result<ecdsa::SigningKey, KeyRejected> {
    let (label, der) = decode(pem)?;
    match label {
        "PRIVATE KEY" => signing_key_from_pkcs8(algorithm, &der),
        "EC PRIVATE KEY" => signing_key_from_sec1(algorithm, &der),
        _ => Err(UNSUPPORTED_LABEL),
    }
}

/// A private key from a DER PKCS#8 document whose algorithm is `id-ecPublicKey` on P-521.
///
/// # Errors
///
/// As for [`signing_key_from_pem`].
pub fn signing_key_from_pkcs8(
    algorithm: &'static ecdsa::Algorithm,
    der: &[u8],
) -> Result<ecdsa::SigningKey, KeyRejected> {
    let info = PrivateKeyInfo::try_from(der).map_err(|_| DER_MALFORMED)?;
    check_ec(info.algorithm.oid)?;
    check_curve(info.algorithm.parameters_oid().ok())?;
    ecdsa::SigningKey::from_pkcs8(algorithm, der)
}

/// A private key from a DER SEC1 `ECPrivateKey` that names P-521 and holds its public key.
///
/// # Errors
///
/// As for [`signing_key_from_pem`].
pub fn signing_key_from_sec1(
    algorithm: &'static ecdsa::Algorithm,
    der: &[u8],
) -> Result<ecdsa::SigningKey, KeyRejected> {
    let key = EcPrivateKey::try_from(der).map_err(|_| DER_MALFORMED)?;
    check_curve(
        key.parameters
            .and_then(|parameters| parameters.named_curve()),
    )?;
    let point = key.public_key.ok_or(NO_EC_PUBLIC_KEY)?;
    ecdsa::SigningKey::from_private_and_public(algorithm, key.private_key, point)
}

/// A public key from a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) or `CERTIFICATE` document. A
/// certificate is not validated: only its subject public key is read.
///
/// # Errors
///
/// As for [`signing_key_from_pem`], or a point the library refuses.
pub fn verifying_key_from_pem(
    algorithm: &'static ecdsa::Algorithm,
    pem: &str,
) -> Result<ecdsa::VerifyingKey, KeyRejected> {
    let (label, der) = decode(pem)?;
    match label {
        "PUBLIC KEY" => verifying_key_from_spki(algorithm, &der),
        "CERTIFICATE" => verifying_key_from_certificate(algorithm, &der),
        _ => Err(UNSUPPORTED_LABEL),
    }
}

/// A public key from a DER SubjectPublicKeyInfo with `id-ecPublicKey` on P-521.
///
/// # Errors
///
/// As for [`verifying_key_from_pem`].
pub fn verifying_key_from_spki(
    algorithm: &'static ecdsa::Algorithm,
    der: &[u8],
) -> Result<ecdsa::VerifyingKey, KeyRejected> {
    let spki = SubjectPublicKeyInfoRef::try_from(der).map_err(|_| DER_MALFORMED)?;
    from_spki(algorithm, &spki)
}

/// A public key from a DER X.509 certificate's subject public key (not validated).
///
/// # Errors
///
/// As for [`verifying_key_from_pem`].
pub fn verifying_key_from_certificate(
    algorithm: &'static ecdsa::Algorithm,
    der: &[u8],
) -> Result<ecdsa::VerifyingKey, KeyRejected> {
    let certificate = Certificate::from_der(der).map_err(|_| DER_MALFORMED)?;
    let spki = certificate
        .tbs_certificate
        .subject_public_key_info
        .owned_to_ref();
    from_spki(algorithm, &spki)
}

fn from_spki(
    algorithm: &'static ecdsa::Algorithm,
    spki: &SubjectPublicKeyInfoRef<'_>,
) -> Result<ecdsa::VerifyingKey, KeyRejected> {
    check_ec(spki.algorithm.oid)?;
    check_curve(spki.algorithm.parameters_oid().ok())?;
    let point = spki.subject_public_key.as_bytes().ok_or(DER_MALFORMED)?;
    ecdsa::VerifyingKey::from_uncompressed_point(algorithm, point)
}

/// One PEM document's label and DER; the DER is wiped when dropped (it may be a private key).
fn decode(pem: &str) -> Result<(&str, Zeroizing<Vec<u8>>), KeyRejected> {
    match pem_rfc7468::decode_vec(pem.as_bytes()) {
        Ok(("ENCRYPTED PRIVATE KEY", _)) => Err(ENCRYPTED),
        Ok((label, der)) => Ok((label, Zeroizing::new(der))),
        // OpenSSL's legacy encryption puts `Proc-Type: 4,ENCRYPTED` headers inside the PEM.
        Err(pem_rfc7468::Error::HeaderDisallowed) if pem.contains("ENCRYPTED") => Err(ENCRYPTED),
        Err(_) => Err(PEM_MALFORMED),
    }
}

fn check_ec(oid: ObjectIdentifier) -> Result<(), KeyRejected> {
    if oid == sec1::ALGORITHM_OID {
        Ok(())
    } else {
        Err(NOT_EC)
    }
}

fn check_curve(curve: Option<ObjectIdentifier>) -> Result<(), KeyRejected> {
    match curve {
        Some(SECP521R1) => Ok(()),
        Some(_) => Err(WRONG_CURVE),
        None => Err(NO_NAMED_CURVE),
    }
}
