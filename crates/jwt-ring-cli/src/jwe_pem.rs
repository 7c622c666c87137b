//! RSA, EC (P-256, P-384, P-521) and X25519 keys for JWE, read from PEM and DER: PKCS#8,
//! PKCS#1, SEC1, SubjectPublicKeyInfo and X.509 certificates (not validated: only the subject
//! public key is read).
//!
//! jwt-ring's PEM and DER readers make signing keys only; its JWE keys are made from
//! components (an RSA key's integers, an EC key's coordinates or scalar). This module reads
//! the components with the RustCrypto parsers the library uses; the library's `jwe`
//! constructors then check them. Private material is wiped when dropped.

use der::Decode as _;
use der::asn1::OctetStringRef;
use der::referenced::OwnedToRef as _;
use der::zeroize::Zeroizing;
use jwt_ring::jwe::Curve;
use pkcs8::PrivateKeyInfo;
use sec1::EcPrivateKey;
use spki::{ObjectIdentifier, SubjectPublicKeyInfoRef};
use x509_cert::Certificate;

/// secp256r1, the JWA curve P-256 (RFC 5480 §2.1.1.1).
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1, the JWA curve P-384.
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// secp521r1, the JWA curve P-521.
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
/// id-X25519 (RFC 8410 §3).
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

/// An RSA private key's components, wiped when dropped.
pub struct RsaPrivate {
    /// The modulus.
    pub n: Vec<u8>,
    /// The public exponent.
    pub e: Vec<u8>,
    /// The private exponent.
    pub d: Zeroizing<Vec<u8>>,
    /// The first prime.
    pub p: Zeroizing<Vec<u8>>,
    /// The second prime.
    pub q: Zeroizing<Vec<u8>>,
    /// The first CRT exponent.
    pub dp: Zeroizing<Vec<u8>>,
    /// The second CRT exponent.
    pub dq: Zeroizing<Vec<u8>>,
    /// The CRT coefficient.
    pub qi: Zeroizing<Vec<u8>>,
}

/// A PEM or DER key, as components.
pub enum Asymmetric {
    /// An RSA private key.
    RsaPrivate(Box<RsaPrivate>),
    /// An RSA public key: modulus and exponent.
    RsaPublic {
        /// The modulus.
        n: Vec<u8>,
        /// The public exponent.
        e: Vec<u8>,
    },
    /// An EC or X25519 private key.
    EcPrivate { curve: Curve, d: Zeroizing<Vec<u8>> },
    /// An EC public key (`x`, `y`) or X25519 public key (`x`).
    EcPublic {
        /// The curve.
        curve: Curve,
        /// The x coordinate, or the X25519 public key.
        x: Vec<u8>,
        /// The y coordinate (none for X25519).
        y: Option<Vec<u8>>,
    },
}

/// The length in bits of a big-endian unsigned integer.
pub fn modulus_bits(n: &[u8]) -> usize {
    let mut bytes = n.iter().skip_while(|byte| **byte == 0);
    match bytes.next() {
        Some(first) => (bytes.count() + 1) * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

/// The article before a curve's name.
pub fn article(curve: Curve) -> &'static str {
    match curve {
        Curve::X25519 => "an",
        _ => "a",
    }
}

/// The key in a PEM or DER file.
///
/// # Errors
///
/// Why the file holds no key JWE uses, for messages after the file's name.
pub fn read(bytes: &[u8]) -> Result<Asymmetric, String> {
    let pem = std::str::from_utf8(bytes)
        .ok()
        .filter(|text| text.contains("-----BEGIN "));
    let Some(pem) = pem else {
        return from_pkcs8(bytes)
            .or_else(|_| from_spki_der(bytes))
            .or_else(|_| from_certificate(bytes))
            .or_else(|_| from_pkcs1_private(bytes))
            .or_else(|_| from_pkcs1_public(bytes))
            .or_else(|_| from_sec1(bytes, None))
            .map_err(|_| {
                "is not a JWK, nor a PEM or DER key (PKCS#8, PKCS#1, SEC1, \
                 SubjectPublicKeyInfo, X.509)"
                    .to_owned()
            });
    };
    let (label, der) = match pem_rfc7468::decode_vec(pem.as_bytes()) {
        Ok((label, der)) => (label, Zeroizing::new(der)),
        Err(pem_rfc7468::Error::HeaderDisallowed) if pem.contains("ENCRYPTED") => {
            return Err("holds an encrypted private key, which is not supported".into());
        }
        Err(_) => return Err("is not well-formed PEM".into()),
    };
    match label {
        "PRIVATE KEY" => from_pkcs8(&der),
        "RSA PRIVATE KEY" => from_pkcs1_private(&der),
        "EC PRIVATE KEY" => from_sec1(&der, None),
        "PUBLIC KEY" => from_spki_der(&der),
        "RSA PUBLIC KEY" => from_pkcs1_public(&der),
        "CERTIFICATE" => from_certificate(&der),
        "ENCRYPTED PRIVATE KEY" => {
            Err("holds an encrypted private key, which is not supported".into())
        }
        other => Err(format!("holds a PEM `{other}`, not a key")),
    }
}

const UNSUPPORTED: &str =
    "holds a key type JWE does not use (RSA, P-256, P-384, P-521 and X25519 are)";

fn from_pkcs8(der: &[u8]) -> Result<Asymmetric, String> {
    let info = PrivateKeyInfo::try_from(der).map_err(|_| "is not a valid PKCS#8 key".to_owned())?;
    let oid = info.algorithm.oid;
    if oid == pkcs1::ALGORITHM_OID {
        from_pkcs1_private(info.private_key)
    } else if oid == sec1::ALGORITHM_OID {
        from_sec1(info.private_key, info.algorithm.parameters_oid().ok())
    } else if oid == X25519 {
        let key = OctetStringRef::from_der(info.private_key)
            .map_err(|_| "is not a valid X25519 private key".to_owned())?;
        Ok(Asymmetric::EcPrivate {
            curve: Curve::X25519,
            d: Zeroizing::new(key.as_bytes().to_vec()),
        })
    } else {
        Err(UNSUPPORTED.into())
    }
}

fn from_pkcs1_private(der: &[u8]) -> Result<Asymmetric, String> {
    let key = pkcs1::RsaPrivateKey::try_from(der)
        .map_err(|_| "is not a valid RSA private key".to_owned())?;
    let secret = |uint: pkcs1::UintRef<'_>| Zeroizing::new(uint.as_bytes().to_vec());
    Ok(Asymmetric::RsaPrivate(Box::new(RsaPrivate {
        n: key.modulus.as_bytes().to_vec(),
        e: key.public_exponent.as_bytes().to_vec(),
        d: secret(key.private_exponent),
        p: secret(key.prime1),
        q: secret(key.prime2),
        dp: secret(key.exponent1),
        dq: secret(key.exponent2),
        qi: secret(key.coefficient),
    })))
}

fn from_pkcs1_public(der: &[u8]) -> Result<Asymmetric, String> {
    let key = pkcs1::RsaPublicKey::try_from(der)
        .map_err(|_| "is not a valid RSA public key".to_owned())?;
    Ok(Asymmetric::RsaPublic {
        n: key.modulus.as_bytes().to_vec(),
        e: key.public_exponent.as_bytes().to_vec(),
    })
}

/// An EC private key (SEC1), on the curve it names or else `outer` (PKCS#8's parameters).
fn from_sec1(der: &[u8], outer: Option<ObjectIdentifier>) -> Result<Asymmetric, String> {
    let key =
        EcPrivateKey::try_from(der).map_err(|_| "is not a valid EC private key".to_owned())?;
    let named = key
        .parameters
        .and_then(|parameters| parameters.named_curve());
    let curve = curve_of(named.or(outer))?;
    Ok(Asymmetric::EcPrivate {
        curve,
        d: Zeroizing::new(key.private_key.to_vec()),
    })
}

fn from_spki_der(der: &[u8]) -> Result<Asymmetric, String> {
    let spki = SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|_| "is not a valid public key".to_owned())?;
    from_spki(&spki)
}

fn from_certificate(der: &[u8]) -> Result<Asymmetric, String> {
    let certificate =
        Certificate::from_der(der).map_err(|_| "is not a valid certificate".to_owned())?;
    let spki = certificate
        .tbs_certificate
        .subject_public_key_info
        .owned_to_ref();
    from_spki(&spki)
}

fn from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Asymmetric, String> {
    let oid = spki.algorithm.oid;
    let malformed = || "is not a valid public key".to_owned();
    if oid == pkcs1::ALGORITHM_OID {
        from_pkcs1_public(spki.subject_public_key.raw_bytes())
    } else if oid == sec1::ALGORITHM_OID {
        let curve = curve_of(spki.algorithm.parameters_oid().ok())?;
        let point = spki.subject_public_key.as_bytes().ok_or_else(malformed)?;
        let len = curve.coordinate_len();
        match point.split_first() {
            Some((0x04, coordinates)) if coordinates.len() == 2 * len => {
                let (x, y) = coordinates.split_at(len);
                Ok(Asymmetric::EcPublic {
                    curve,
                    x: x.to_vec(),
                    y: Some(y.to_vec()),
                })
            }
            _ => Err("holds an EC point that is not uncompressed".into()),
        }
    } else if oid == X25519 {
        let x = spki.subject_public_key.as_bytes().ok_or_else(malformed)?;
        Ok(Asymmetric::EcPublic {
            curve: Curve::X25519,
            x: x.to_vec(),
            y: None,
        })
    } else {
        Err(UNSUPPORTED.into())
    }
}

fn curve_of(oid: Option<ObjectIdentifier>) -> Result<Curve, String> {
    match oid {
        Some(SECP256R1) => Ok(Curve::P256),
        Some(SECP384R1) => Ok(Curve::P384),
        Some(SECP521R1) => Ok(Curve::P521),
        Some(_) => {
            Err("holds an EC key on a curve JWE does not use (P-256, P-384 and P-521 are)".into())
        }
        None => Err("holds an EC key that does not name its curve".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_lengths_in_bits() {
        assert_eq!(modulus_bits(&[]), 0);
        assert_eq!(modulus_bits(&[0, 0]), 0);
        assert_eq!(modulus_bits(&[1]), 1);
        assert_eq!(modulus_bits(&[0, 0x80, 0]), 16);
        assert_eq!(modulus_bits(&[0x7f; 256]), 2047);
        assert_eq!(modulus_bits(&[0xff; 256]), 2048);
    }
}
