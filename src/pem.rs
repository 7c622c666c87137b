//! PEM and DER key import: PKCS#8 (RFC 5208, RFC 5958), PKCS#1 (RFC 8017), SEC1 (RFC 5915),
//! SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and X.509 certificates, for every built-in key family.
//!
//! All ASN.1 and PEM parsing is done by RustCrypto's `pem-rfc7468`, `pkcs8`, `pkcs1`, `sec1`,
//! `spki` and `x509-cert` crates; this module only checks what was parsed (the key family, the
//! curve, the key size) and hands the result to the key constructors of [`rsa`], [`ecdsa`] and
//! [`eddsa`], which keep enforcing their own rules (the 2048-bit RSA floor, points on the curve).
//!
//! Errors are [`KeyRejected`] with a fixed reason; they never contain key bytes. Decoded private
//! key DER is wiped from memory when it is no longer needed.

use der::Decode as _;
use der::referenced::OwnedToRef as _;
use der::zeroize::Zeroizing;
use pkcs8::PrivateKeyInfo;
use sec1::EcPrivateKey;
use spki::{ObjectIdentifier, SubjectPublicKeyInfoRef};
use x509_cert::Certificate;

use crate::error::KeyRejected;
use crate::{ecdsa, eddsa, rsa};

const ENCRYPTED: KeyRejected = KeyRejected::new("encrypted PEM is not supported");
const UNSUPPORTED_LABEL: KeyRejected =
    KeyRejected::new("PEM label is not a supported key type for this constructor");
const NOT_RSA: KeyRejected = KeyRejected::new("key is not RSA");
const NOT_EC: KeyRejected = KeyRejected::new("key is not an EC key");
const NOT_ED25519: KeyRejected = KeyRejected::new("key is not Ed25519");
const WRONG_CURVE: KeyRejected =
    KeyRejected::new("EC key is for a different curve than the algorithm");
const PEM_MALFORMED: KeyRejected = KeyRejected::new("PEM is malformed");
const DER_MALFORMED: KeyRejected = KeyRejected::new("DER is malformed");
const RSA_PSS_KEY: KeyRejected =
    KeyRejected::new("RSA-PSS restricted keys (id-RSASSA-PSS) are not supported");
const NO_NAMED_CURVE: KeyRejected = KeyRejected::new("EC key does not name its curve");
const NO_EC_PUBLIC_KEY: KeyRejected =
    KeyRejected::new("EC private key does not include its public key");
const COMPRESSED_POINT: KeyRejected = KeyRejected::new("compressed EC points are not supported");

/// rsaEncryption (RFC 8017 Appendix C).
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-RSASSA-PSS (RFC 8017 Appendix C).
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// secp256r1, the JWA curve P-256 (RFC 5480 §2.1.1.1).
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1, the JWA curve P-384 (RFC 5480 §2.1.1.1).
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// id-Ed25519 (RFC 8410 §3).
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// The key families, to tell a wrong-family key from an unsupported document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Rsa,
    Ec,
    Ed25519,
}

impl Family {
    fn mismatch(self) -> KeyRejected {
        match self {
            Family::Rsa => NOT_RSA,
            Family::Ec => NOT_EC,
            Family::Ed25519 => NOT_ED25519,
        }
    }
}

/// What a PEM label says the document is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Label {
    /// `PRIVATE KEY`: PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey`.
    Pkcs8,
    /// `RSA PRIVATE KEY`: PKCS#1 `RSAPrivateKey`.
    RsaPrivate,
    /// `RSA PUBLIC KEY`: PKCS#1 `RSAPublicKey`.
    RsaPublic,
    /// `EC PRIVATE KEY`: SEC1 `ECPrivateKey`.
    EcPrivate,
    /// `PUBLIC KEY`: `SubjectPublicKeyInfo`.
    Spki,
    /// `CERTIFICATE`: an X.509 certificate.
    Certificate,
    /// Anything else.
    Other,
}

impl Label {
    fn parse(label: &str) -> Self {
        match label {
            "PRIVATE KEY" => Label::Pkcs8,
            "RSA PRIVATE KEY" => Label::RsaPrivate,
            "RSA PUBLIC KEY" => Label::RsaPublic,
            "EC PRIVATE KEY" => Label::EcPrivate,
            "PUBLIC KEY" => Label::Spki,
            "CERTIFICATE" => Label::Certificate,
            _ => Label::Other,
        }
    }

    /// The family a label is specific to, if any.
    fn family(self) -> Option<Family> {
        match self {
            Label::RsaPrivate | Label::RsaPublic => Some(Family::Rsa),
            Label::EcPrivate => Some(Family::Ec),
            _ => None,
        }
    }

    /// The error for a label that a constructor for `wanted` does not accept: a wrong-family
    /// error when the label names another family, an unsupported-label error otherwise.
    fn rejected(self, wanted: Family) -> KeyRejected {
        match self.family() {
            Some(family) if family != wanted => wanted.mismatch(),
            _ => UNSUPPORTED_LABEL,
        }
    }
}

/// Decodes one PEM document (RFC 7468, strict). The DER is wiped when dropped.
fn decode_pem(pem: &str) -> Result<(Label, Zeroizing<Vec<u8>>), KeyRejected> {
    match pem_rfc7468::decode_vec(pem.as_bytes()) {
        Ok((label, der)) => {
            let der = Zeroizing::new(der);
            if label == "ENCRYPTED PRIVATE KEY" {
                return Err(ENCRYPTED);
            }
            Ok((Label::parse(label), der))
        }
        // OpenSSL's legacy encryption puts `Proc-Type: 4,ENCRYPTED` headers inside the PEM.
        Err(pem_rfc7468::Error::HeaderDisallowed) if pem.contains("ENCRYPTED") => Err(ENCRYPTED),
        Err(_) => Err(PEM_MALFORMED),
    }
}

/// The algorithm OID of a PKCS#8 document, checked against `family`.
fn pkcs8_info<'a>(der: &'a [u8], family: Family) -> Result<PrivateKeyInfo<'a>, KeyRejected> {
    let info = PrivateKeyInfo::try_from(der).map_err(|_| DER_MALFORMED)?;
    check_algorithm(info.algorithm.oid, family)?;
    Ok(info)
}

fn check_algorithm(oid: ObjectIdentifier, family: Family) -> Result<(), KeyRejected> {
    let found = match oid {
        RSA_ENCRYPTION => Family::Rsa,
        RSASSA_PSS if family == Family::Rsa => return Err(RSA_PSS_KEY),
        EC_PUBLIC_KEY => Family::Ec,
        ED25519 => Family::Ed25519,
        _ => return Err(family.mismatch()),
    };
    if found == family {
        Ok(())
    } else {
        Err(family.mismatch())
    }
}

fn parse_spki(der: &[u8]) -> Result<SubjectPublicKeyInfoRef<'_>, KeyRejected> {
    SubjectPublicKeyInfoRef::try_from(der).map_err(|_| DER_MALFORMED)
}

fn parse_certificate(der: &[u8]) -> Result<Certificate, KeyRejected> {
    Certificate::from_der(der).map_err(|_| DER_MALFORMED)
}

/// The subject public key's bytes; a BIT STRING with unused bits is malformed for every family.
fn spki_key_bytes<'a>(spki: &SubjectPublicKeyInfoRef<'a>) -> Result<&'a [u8], KeyRejected> {
    spki.subject_public_key.as_bytes().ok_or(DER_MALFORMED)
}

// ---------------------------------------------------------------------------------------------
// RSA
// ---------------------------------------------------------------------------------------------

/// Checks an `RSAPrivateKey`'s public half with the same rules as a public key (the 2048-bit
/// floor above all), so that a small key is refused with the same reason in every format.
fn check_rsa_private(algorithm: &'static rsa::Algorithm, pkcs1: &[u8]) -> Result<(), KeyRejected> {
    let key = pkcs1::RsaPrivateKey::try_from(pkcs1).map_err(|_| DER_MALFORMED)?;
    rsa::VerifyingKey::from_components(
        algorithm,
        key.modulus.as_bytes(),
        key.public_exponent.as_bytes(),
    )
    .map(drop)
}

fn rsa_from_pkcs1_public(
    algorithm: &'static rsa::Algorithm,
    der: &[u8],
) -> Result<rsa::VerifyingKey, KeyRejected> {
    let key = pkcs1::RsaPublicKey::try_from(der).map_err(|_| DER_MALFORMED)?;
    rsa::VerifyingKey::from_components(
        algorithm,
        key.modulus.as_bytes(),
        key.public_exponent.as_bytes(),
    )
}

fn rsa_from_spki(
    algorithm: &'static rsa::Algorithm,
    spki: &SubjectPublicKeyInfoRef<'_>,
) -> Result<rsa::VerifyingKey, KeyRejected> {
    check_algorithm(spki.algorithm.oid, Family::Rsa)?;
    // RFC 3279 §2.3.1: the parameters are NULL (some encoders omit them).
    if spki
        .algorithm
        .parameters
        .is_some_and(|parameters| !parameters.is_null())
    {
        return Err(DER_MALFORMED);
    }
    rsa_from_pkcs1_public(algorithm, spki_key_bytes(spki)?)
}

impl rsa::SigningKey {
    /// A key from a PEM document: `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1).
    ///
    /// The text must hold exactly one PEM block (text before it is ignored). Available with the
    /// `pem` feature, which is on by default.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the PEM or the DER inside it is malformed, the PEM is encrypted, the
    /// label is another one, the key is not RSA, or the modulus is under 2048 bits.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::{Signer, Verifier, rsa};
    ///
    /// let pem = include_str!("../tests/fixtures/pem/rsa2048-pkcs8.pem");
    /// let key = rsa::SigningKey::from_pem(&rsa::RS256, pem)?;
    /// let signature = key.sign(b"input")?;
    /// assert!(key.verifying_key().verify(b"input", &signature).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem(algorithm: &'static rsa::Algorithm, pem: &str) -> Result<Self, KeyRejected> {
        let (label, der) = decode_pem(pem)?;
        match label {
            Label::Pkcs8 => {
                let info = pkcs8_info(&der, Family::Rsa)?;
                check_rsa_private(algorithm, info.private_key)?;
                Self::from_pkcs8(algorithm, &der)
            }
            Label::RsaPrivate => {
                check_rsa_private(algorithm, &der)?;
                Self::from_pkcs1(algorithm, &der)
            }
            other => Err(other.rejected(Family::Rsa)),
        }
    }
}

impl rsa::VerifyingKey {
    /// A key from a PEM document: `PUBLIC KEY` (SubjectPublicKeyInfo), `RSA PUBLIC KEY`
    /// (PKCS#1) or `CERTIFICATE` (X.509, whose subject public key is taken).
    ///
    /// A certificate is **not validated**: its signature, issuer, validity period and extensions
    /// are ignored. Use it only for a certificate you trust as you would trust a bare key.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the PEM or the DER inside it is malformed, the label is another one,
    /// the key is not RSA, or [`from_components`](Self::from_components) refuses it (for
    /// example a modulus under 2048 bits).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::rsa;
    ///
    /// let spki = include_str!("../tests/fixtures/pem/rsa2048-spki.pem");
    /// let certificate = include_str!("../tests/fixtures/pem/rsa2048-cert.pem");
    /// let from_spki = rsa::VerifyingKey::from_pem(&rsa::RS256, spki)?;
    /// let from_certificate = rsa::VerifyingKey::from_pem(&rsa::RS256, certificate)?;
    /// assert_eq!(from_spki.modulus(), from_certificate.modulus());
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_pem(algorithm: &'static rsa::Algorithm, pem: &str) -> Result<Self, KeyRejected> {
        let (label, der) = decode_pem(pem)?;
        match label {
            Label::Spki => Self::from_spki_der(algorithm, &der),
            Label::RsaPublic => Self::from_pkcs1_der(algorithm, &der),
            Label::Certificate => Self::from_certificate_der(algorithm, &der),
            other => Err(other.rejected(Family::Rsa)),
        }
    }

    /// A key from a DER `SubjectPublicKeyInfo` with the `rsaEncryption` algorithm.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the DER is malformed, the key is not RSA, or
    /// [`from_components`](Self::from_components) refuses it.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::rsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/rsa2048-spki.der");
    /// let key = rsa::VerifyingKey::from_spki_der(&rsa::PS256, der)?;
    /// assert_eq!(key.modulus().len(), 256);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_spki_der(
        algorithm: &'static rsa::Algorithm,
        der: &[u8],
    ) -> Result<Self, KeyRejected> {
        rsa_from_spki(algorithm, &parse_spki(der)?)
    }

    /// A key from a DER PKCS#1 `RSAPublicKey`.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the DER is malformed or [`from_components`](Self::from_components)
    /// refuses the key.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::rsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/rsa2048-pkcs1-public.der");
    /// let key = rsa::VerifyingKey::from_pkcs1_der(&rsa::RS256, der)?;
    /// assert_eq!(key.exponent(), &[0x01, 0x00, 0x01]);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_pkcs1_der(
        algorithm: &'static rsa::Algorithm,
        der: &[u8],
    ) -> Result<Self, KeyRejected> {
        rsa_from_pkcs1_public(algorithm, der)
    }

    /// A key from a DER X.509 certificate's subject public key. The certificate is **not
    /// validated** (see [`from_pem`](Self::from_pem)).
    ///
    /// # Errors
    ///
    /// As for [`from_spki_der`](Self::from_spki_der).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::rsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/rsa2048-cert.der");
    /// let key = rsa::VerifyingKey::from_certificate_der(&rsa::RS256, der)?;
    /// assert_eq!(key.modulus().len(), 256);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_certificate_der(
        algorithm: &'static rsa::Algorithm,
        der: &[u8],
    ) -> Result<Self, KeyRejected> {
        let certificate = parse_certificate(der)?;
        let spki = certificate
            .tbs_certificate
            .subject_public_key_info
            .owned_to_ref();
        rsa_from_spki(algorithm, &spki)
    }
}

// ---------------------------------------------------------------------------------------------
// ECDSA
// ---------------------------------------------------------------------------------------------

/// The named-curve OID of an algorithm's curve.
fn curve_oid(algorithm: &'static ecdsa::Algorithm) -> Result<ObjectIdentifier, KeyRejected> {
    match algorithm.curve() {
        "P-256" => Ok(SECP256R1),
        "P-384" => Ok(SECP384R1),
        _ => Err(WRONG_CURVE),
    }
}

fn check_curve(
    algorithm: &'static ecdsa::Algorithm,
    curve: ObjectIdentifier,
) -> Result<(), KeyRejected> {
    if curve == curve_oid(algorithm)? {
        Ok(())
    } else {
        Err(WRONG_CURVE)
    }
}

fn check_uncompressed(point: &[u8]) -> Result<(), KeyRejected> {
    match point.first() {
        Some(0x02 | 0x03) => Err(COMPRESSED_POINT),
        _ => Ok(()),
    }
}

/// A key from a SEC1 `ECPrivateKey`. `outer_curve` is the curve named by an enclosing PKCS#8
/// document, if any; otherwise the `ECPrivateKey` must name it (RFC 5915 §3).
fn ecdsa_from_sec1(
    algorithm: &'static ecdsa::Algorithm,
    der: &[u8],
    outer_curve: Option<ObjectIdentifier>,
) -> Result<ecdsa::SigningKey, KeyRejected> {
    let key = EcPrivateKey::try_from(der).map_err(|_| DER_MALFORMED)?;
    let inner_curve = key
        .parameters
        .and_then(|parameters| parameters.named_curve());
    match (outer_curve, inner_curve) {
        (Some(outer), Some(inner)) if outer != inner => return Err(DER_MALFORMED),
        (None, None) => return Err(NO_NAMED_CURVE),
        _ => {}
    }
    let curve = outer_curve.or(inner_curve).ok_or(NO_NAMED_CURVE)?;
    check_curve(algorithm, curve)?;
    let public_point = key.public_key.ok_or(NO_EC_PUBLIC_KEY)?;
    check_uncompressed(public_point)?;
    ecdsa::SigningKey::from_private_and_public(algorithm, key.private_key, public_point)
}

fn ecdsa_from_spki(
    algorithm: &'static ecdsa::Algorithm,
    spki: &SubjectPublicKeyInfoRef<'_>,
) -> Result<ecdsa::VerifyingKey, KeyRejected> {
    check_algorithm(spki.algorithm.oid, Family::Ec)?;
    let curve = spki
        .algorithm
        .parameters_oid()
        .map_err(|_| NO_NAMED_CURVE)?;
    check_curve(algorithm, curve)?;
    let point = spki_key_bytes(spki)?;
    check_uncompressed(point)?;
    ecdsa::VerifyingKey::from_uncompressed_point(algorithm, point)
}

impl ecdsa::SigningKey {
    /// A key from a PEM document: `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1), for
    /// `algorithm`'s curve.
    ///
    /// The document must include the public key, as OpenSSL and most tools write it. The text
    /// must hold exactly one PEM block: a file from `openssl ecparam -genkey` also holds an
    /// `EC PARAMETERS` block, which must be removed first. Available with the `pem` feature,
    /// which is on by default.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the PEM or the DER inside it is malformed, the PEM is encrypted, the
    /// label is another one, the key is not an EC key, is for another curve, lacks its public
    /// key, or the private and public key do not belong together.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::{Signer, Verifier, ecdsa};
    ///
    /// let pem = include_str!("../tests/fixtures/pem/p256-sec1.pem");
    /// let key = ecdsa::SigningKey::from_pem(&ecdsa::ES256, pem)?;
    /// let signature = key.sign(b"input")?;
    /// assert!(key.verifying_key().verify(b"input", &signature).is_ok());
    ///
    /// // The key is bound to its curve: a P-256 key is not an ES384 key.
    /// let error = ecdsa::SigningKey::from_pem(&ecdsa::ES384, pem).unwrap_err();
    /// assert_eq!(error.reason(), "EC key is for a different curve than the algorithm");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem(algorithm: &'static ecdsa::Algorithm, pem: &str) -> Result<Self, KeyRejected> {
        let (label, der) = decode_pem(pem)?;
        match label {
            Label::Pkcs8 => {
                let info = pkcs8_info(&der, Family::Ec)?;
                let curve = info
                    .algorithm
                    .parameters_oid()
                    .map_err(|_| NO_NAMED_CURVE)?;
                check_curve(algorithm, curve)?;
                ecdsa_from_sec1(algorithm, info.private_key, Some(curve))
            }
            Label::EcPrivate => Self::from_sec1_der(algorithm, &der),
            other => Err(other.rejected(Family::Ec)),
        }
    }

    /// A key from a DER SEC1 `ECPrivateKey` (RFC 5915) that names its curve and includes its
    /// public key, as `openssl ec -outform DER` writes it.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the DER is malformed, the curve is not named or not `algorithm`'s,
    /// the public key is absent or compressed, or the private and public key do not belong
    /// together.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::ecdsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/p384-sec1.der");
    /// let key = ecdsa::SigningKey::from_sec1_der(&ecdsa::ES384, der)?;
    /// assert_eq!(key.verifying_key().uncompressed_point().len(), 97);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_sec1_der(
        algorithm: &'static ecdsa::Algorithm,
        der: &[u8],
    ) -> Result<Self, KeyRejected> {
        ecdsa_from_sec1(algorithm, der, None)
    }
}

impl ecdsa::VerifyingKey {
    /// A key from a PEM document: `PUBLIC KEY` (SubjectPublicKeyInfo with `id-ecPublicKey` and
    /// a named curve) or `CERTIFICATE` (X.509, whose subject public key is taken).
    ///
    /// The point must be uncompressed, and is checked to be on the curve. A certificate is
    /// **not validated**: its signature, issuer, validity period and extensions are ignored.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the PEM or the DER inside it is malformed, the label is another one,
    /// the key is not an EC key, is for another curve, or its point is compressed or not on the
    /// curve.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::ecdsa;
    ///
    /// let spki = include_str!("../tests/fixtures/pem/p256-spki.pem");
    /// let certificate = include_str!("../tests/fixtures/pem/p256-cert.pem");
    /// let from_spki = ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, spki)?;
    /// let from_certificate = ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, certificate)?;
    /// assert_eq!(from_spki, from_certificate);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_pem(algorithm: &'static ecdsa::Algorithm, pem: &str) -> Result<Self, KeyRejected> {
        let (label, der) = decode_pem(pem)?;
        match label {
            Label::Spki => Self::from_spki_der(algorithm, &der),
            Label::Certificate => Self::from_certificate_der(algorithm, &der),
            other => Err(other.rejected(Family::Ec)),
        }
    }

    /// A key from a DER `SubjectPublicKeyInfo` with `id-ecPublicKey` and `algorithm`'s named
    /// curve.
    ///
    /// # Errors
    ///
    /// As for [`from_pem`](Self::from_pem), less the PEM errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::ecdsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/p384-spki.der");
    /// let key = ecdsa::VerifyingKey::from_spki_der(&ecdsa::ES384, der)?;
    /// assert_eq!(key.uncompressed_point().len(), 97);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_spki_der(
        algorithm: &'static ecdsa::Algorithm,
        der: &[u8],
    ) -> Result<Self, KeyRejected> {
        ecdsa_from_spki(algorithm, &parse_spki(der)?)
    }

    /// A key from a DER X.509 certificate's subject public key. The certificate is **not
    /// validated** (see [`from_pem`](Self::from_pem)).
    ///
    /// # Errors
    ///
    /// As for [`from_spki_der`](Self::from_spki_der).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::ecdsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/p256-cert.der");
    /// let key = ecdsa::VerifyingKey::from_certificate_der(&ecdsa::ES256, der)?;
    /// assert_eq!(key.uncompressed_point().len(), 65);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_certificate_der(
        algorithm: &'static ecdsa::Algorithm,
        der: &[u8],
    ) -> Result<Self, KeyRejected> {
        let certificate = parse_certificate(der)?;
        let spki = certificate
            .tbs_certificate
            .subject_public_key_info
            .owned_to_ref();
        ecdsa_from_spki(algorithm, &spki)
    }
}

// ---------------------------------------------------------------------------------------------
// EdDSA
// ---------------------------------------------------------------------------------------------

fn eddsa_from_spki(
    algorithm: &'static eddsa::Algorithm,
    spki: &SubjectPublicKeyInfoRef<'_>,
) -> Result<eddsa::VerifyingKey, KeyRejected> {
    check_algorithm(spki.algorithm.oid, Family::Ed25519)?;
    // RFC 8410 §3: the parameters are absent.
    if spki.algorithm.parameters.is_some() {
        return Err(DER_MALFORMED);
    }
    eddsa::VerifyingKey::from_bytes_for(algorithm, spki_key_bytes(spki)?)
}

impl eddsa::SigningKey {
    /// A key from a PEM `PRIVATE KEY` document: PKCS#8 v1 (as OpenSSL writes it) or v2 (as
    /// ring writes it; its public key must match the private key).
    ///
    /// Available with the `pem` feature, which is on by default.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the PEM or the DER inside it is malformed, the PEM is encrypted, the
    /// label is another one, or the key is not Ed25519.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::{Signer, Verifier, eddsa};
    ///
    /// let pem = include_str!("../tests/fixtures/pem/ed25519-pkcs8-v1.pem");
    /// let key = eddsa::SigningKey::from_pem(pem)?;
    /// let signature = key.sign(b"input")?;
    /// assert!(key.verifying_key().verify(b"input", &signature).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem(pem: &str) -> Result<Self, KeyRejected> {
        Self::from_pem_for(&eddsa::EDDSA, pem)
    }

    /// As [`from_pem`](Self::from_pem), for `algorithm` (a name and a backend).
    ///
    /// # Errors
    ///
    /// As for [`from_pem`](Self::from_pem), and
    /// [`KeyRejected::NOT_FIPS_APPROVED`] on a FIPS backend.
    pub fn from_pem_for(
        algorithm: &'static eddsa::Algorithm,
        pem: &str,
    ) -> Result<Self, KeyRejected> {
        let (label, der) = decode_pem(pem)?;
        match label {
            Label::Pkcs8 => {
                pkcs8_info(&der, Family::Ed25519)?;
                Self::from_pkcs8_for(algorithm, &der)
            }
            other => Err(other.rejected(Family::Ed25519)),
        }
    }
}

impl eddsa::VerifyingKey {
    /// A key from a PEM document: `PUBLIC KEY` (SubjectPublicKeyInfo with `id-Ed25519`) or
    /// `CERTIFICATE` (X.509, whose subject public key is taken).
    ///
    /// A certificate is **not validated**: its signature, issuer, validity period and extensions
    /// are ignored.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the PEM or the DER inside it is malformed, the label is another one,
    /// or the key is not Ed25519.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::eddsa;
    ///
    /// let spki = include_str!("../tests/fixtures/pem/ed25519-spki.pem");
    /// let certificate = include_str!("../tests/fixtures/pem/ed25519-cert.pem");
    /// let from_spki = eddsa::VerifyingKey::from_pem(spki)?;
    /// let from_certificate = eddsa::VerifyingKey::from_pem(certificate)?;
    /// assert_eq!(from_spki, from_certificate);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_pem(pem: &str) -> Result<Self, KeyRejected> {
        Self::from_pem_for(&eddsa::EDDSA, pem)
    }

    /// As [`from_pem`](Self::from_pem), for `algorithm` (a name and a backend).
    ///
    /// # Errors
    ///
    /// As for [`from_pem`](Self::from_pem), and
    /// [`KeyRejected::NOT_FIPS_APPROVED`] on a FIPS backend.
    pub fn from_pem_for(
        algorithm: &'static eddsa::Algorithm,
        pem: &str,
    ) -> Result<Self, KeyRejected> {
        let (label, der) = decode_pem(pem)?;
        match label {
            Label::Spki => eddsa_from_spki(algorithm, &parse_spki(&der)?),
            Label::Certificate => eddsa_from_certificate(algorithm, &der),
            other => Err(other.rejected(Family::Ed25519)),
        }
    }

    /// A key from a DER `SubjectPublicKeyInfo` with `id-Ed25519` (RFC 8410).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the DER is malformed or the key is not Ed25519.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::eddsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/ed25519-spki.der");
    /// let key = eddsa::VerifyingKey::from_spki_der(der)?;
    /// assert_eq!(key.as_bytes().len(), 32);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyRejected> {
        Self::from_spki_der_for(&eddsa::EDDSA, der)
    }

    /// As [`from_spki_der`](Self::from_spki_der), for `algorithm` (a name and a backend).
    ///
    /// # Errors
    ///
    /// As for [`from_spki_der`](Self::from_spki_der), and
    /// [`KeyRejected::NOT_FIPS_APPROVED`] on a FIPS backend.
    pub fn from_spki_der_for(
        algorithm: &'static eddsa::Algorithm,
        der: &[u8],
    ) -> Result<Self, KeyRejected> {
        eddsa_from_spki(algorithm, &parse_spki(der)?)
    }

    /// A key from a DER X.509 certificate's subject public key. The certificate is **not
    /// validated** (see [`from_pem`](Self::from_pem)).
    ///
    /// # Errors
    ///
    /// As for [`from_spki_der`](Self::from_spki_der).
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::eddsa;
    ///
    /// let der = include_bytes!("../tests/fixtures/pem/ed25519-cert.der");
    /// let key = eddsa::VerifyingKey::from_certificate_der(der)?;
    /// assert_eq!(key.as_bytes().len(), 32);
    /// # Ok::<(), jwt_ring::KeyRejected>(())
    /// ```
    pub fn from_certificate_der(der: &[u8]) -> Result<Self, KeyRejected> {
        eddsa_from_certificate(&eddsa::EDDSA, der)
    }
}

fn eddsa_from_certificate(
    algorithm: &'static eddsa::Algorithm,
    der: &[u8],
) -> Result<eddsa::VerifyingKey, KeyRejected> {
    let certificate = parse_certificate(der)?;
    let spki = certificate
        .tbs_certificate
        .subject_public_key_info
        .owned_to_ref();
    eddsa_from_spki(algorithm, &spki)
}
