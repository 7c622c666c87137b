//! `jwt keygen`: a new key pair or HMAC secret, as PKCS#8 PEM, SubjectPublicKeyInfo PEM and
//! JWK, with `kid` set to the RFC 7638 thumbprint.
//!
//! EC (P-256, P-384), Ed25519 and HMAC keys are made on the `--backend`; RSA and P-521 keys
//! always on aws-lc, since ring can make neither.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use der::Encode as _;
use der::asn1::{AnyRef, BitStringRef, UintRef};
use jwt_ring::jwk::{Jwk, ThumbprintHash};
use jwt_ring::{Backend, ecdsa, eddsa, hmac, rsa};
use pem_rfc7468::LineEnding;
use spki::{AlgorithmIdentifierRef, ObjectIdentifier, SubjectPublicKeyInfoRef};

use crate::cli::{KeygenAlg, KeygenArgs, RsaBits};
use crate::error::{CliError, file_name};
use crate::p521::SECP521R1;
use crate::view::pretty;

/// secp256r1, the JWA curve P-256 (RFC 5480 §2.1.1.1).
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1, the JWA curve P-384 (RFC 5480 §2.1.1.1).
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// id-Ed25519 (RFC 8410 §3).
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// A generated key, ready to write.
enum Generated {
    /// A key pair: PKCS#8 PEM (secret), SubjectPublicKeyInfo PEM, public JWK.
    Pair {
        private_pem: String,
        public_pem: String,
        public_jwk: Jwk,
    },
    /// An HMAC secret as an `oct` JWK (secret).
    Secret { jwk: Jwk },
}

/// Generates a key; writes it to files or prints it.
///
/// # Errors
///
/// A usage error for `--bits` with a key that is not RSA, for printing a secret without
/// `--show-secret`, or for an existing file without `--force`; an I/O error when a file cannot
/// be written.
pub fn run(args: KeygenArgs, backend: Backend) -> Result<String, CliError> {
    if args.out.is_none() && !args.show_secret {
        return Err(CliError::usage(
            "give `--out PREFIX` to write the key to files, or `--show-secret` to print the private key",
        ));
    }
    let bits = match args.bits {
        Some(_) if !args.alg.is_rsa() => {
            return Err(CliError::usage(format!(
                "`--bits` is for RSA keys (RS256 to PS512): an {} key has a fixed size",
                args.alg.name()
            )));
        }
        bits => bits.unwrap_or(RsaBits::Bits2048),
    };
    let generated = generate(args.alg, bits, args.kid, backend)?;
    match args.out {
        Some(prefix) => write_files(&prefix, &generated, args.force),
        None => Ok(print(&generated)),
    }
}

/// A new key for `alg` on `backend` (on aws-lc for RSA and ES512); an RSA key of `bits`.
fn generate(
    alg: KeygenAlg,
    bits: RsaBits,
    kid: Option<String>,
    backend: Backend,
) -> Result<Generated, CliError> {
    let (pkcs8, spki, public_jwk) = match alg {
        KeygenAlg::Rs256 => rsa_pair(&rsa::RS256, bits)?,
        KeygenAlg::Rs384 => rsa_pair(&rsa::RS384, bits)?,
        KeygenAlg::Rs512 => rsa_pair(&rsa::RS512, bits)?,
        KeygenAlg::Ps256 => rsa_pair(&rsa::PS256, bits)?,
        KeygenAlg::Ps384 => rsa_pair(&rsa::PS384, bits)?,
        KeygenAlg::Ps512 => rsa_pair(&rsa::PS512, bits)?,
        KeygenAlg::Hs256 => return secret(hmac::HS256.on(backend).map_err(unavailable)?, kid),
        KeygenAlg::Hs384 => return secret(hmac::HS384.on(backend).map_err(unavailable)?, kid),
        KeygenAlg::Hs512 => return secret(hmac::HS512.on(backend).map_err(unavailable)?, kid),
        KeygenAlg::Es256 => ec(ecdsa::ES256.on(backend).map_err(unavailable)?)?,
        KeygenAlg::Es384 => ec(ecdsa::ES384.on(backend).map_err(unavailable)?)?,
        KeygenAlg::Es512 => ec(ecdsa::ES512.on(Backend::AwsLc).map_err(unavailable)?)?,
        KeygenAlg::EdDsa => {
            let algorithm = eddsa::EDDSA.on(backend).map_err(unavailable)?;
            let (key, pkcs8) = eddsa::SigningKey::generate_for(algorithm).map_err(failed)?;
            let public = key.verifying_key();
            (pkcs8_v1(&pkcs8)?, ed25519_spki(&public)?, public.to_jwk())
        }
    };
    let thumbprint = public_jwk.thumbprint(ThumbprintHash::Sha256);
    Ok(Generated::Pair {
        private_pem: pem("PRIVATE KEY", &pkcs8)?,
        public_pem: pem("PUBLIC KEY", &spki)?,
        public_jwk: public_jwk.with_key_id(kid.unwrap_or(thumbprint)),
    })
}

fn failed(error: jwt_ring::KeyRejected) -> CliError {
    CliError::usage(format!("cannot generate: {error}"))
}

fn unavailable(error: jwt_ring::backend::Unavailable) -> CliError {
    CliError::usage(format!("cannot generate: {error}"))
}

/// An HMAC secret as a private `oct` JWK, `kid` its thumbprint unless given.
fn secret(algorithm: &'static hmac::Algorithm, kid: Option<String>) -> Result<Generated, CliError> {
    let key = hmac::Key::generate(algorithm).map_err(failed)?;
    let thumbprint = key.to_jwk_private().thumbprint(ThumbprintHash::Sha256);
    let key = key.with_key_id(kid.unwrap_or(thumbprint));
    Ok(Generated::Secret {
        jwk: key.to_jwk_private(),
    })
}

/// An RSA key pair of `bits` for `algorithm`, made on aws-lc (ring cannot make one): its
/// PKCS#8 document, its SubjectPublicKeyInfo and its public JWK.
fn rsa_pair(
    algorithm: &'static rsa::Algorithm,
    bits: RsaBits,
) -> Result<(Vec<u8>, Vec<u8>, Jwk), CliError> {
    let algorithm = algorithm.on(Backend::AwsLc).map_err(unavailable)?;
    let (key, pkcs8) = rsa::SigningKey::generate(algorithm, bits.bits()).map_err(failed)?;
    let public = key.verifying_key();
    Ok((pkcs8, rsa_spki(&public)?, public.to_jwk()))
}

/// An EC key pair: its PKCS#8 document, its SubjectPublicKeyInfo and its public JWK.
fn ec(algorithm: &'static ecdsa::Algorithm) -> Result<(Vec<u8>, Vec<u8>, Jwk), CliError> {
    let (key, pkcs8) = ecdsa::SigningKey::generate(algorithm).map_err(failed)?;
    let public = key.verifying_key();
    Ok((pkcs8, ec_spki(&public)?, public.to_jwk()))
}

/// `pkcs8` as a PKCS#8 v1 document (RFC 5208): without the public key that a v2 document
/// (RFC 5958 `OneAsymmetricKey`, as ring and aws-lc write Ed25519 keys) carries, which
/// OpenSSL 3.0 cannot read. The public key is derived from the private one when it is read.
fn pkcs8_v1(pkcs8: &[u8]) -> Result<Vec<u8>, CliError> {
    let not_encoded = || CliError::usage("cannot encode the private key as PKCS#8");
    let info = pkcs8::PrivateKeyInfo::try_from(pkcs8).map_err(|_| not_encoded())?;
    pkcs8::PrivateKeyInfo {
        public_key: None,
        ..info
    }
    .to_der()
    .map_err(|_| not_encoded())
}

/// The DER SubjectPublicKeyInfo of an EC public key: `id-ecPublicKey` with its named curve, and
/// the uncompressed point (RFC 5480 §2).
fn ec_spki(key: &ecdsa::VerifyingKey) -> Result<Vec<u8>, CliError> {
    let curve = match key.algorithm().curve() {
        "P-256" => SECP256R1,
        "P-384" => SECP384R1,
        "P-521" => SECP521R1,
        other => return Err(CliError::usage(format!("no curve identifier for {other}"))),
    };
    let algorithm = AlgorithmIdentifierRef {
        oid: sec1::ALGORITHM_OID,
        parameters: Some(AnyRef::from(&curve)),
    };
    spki(algorithm, key.uncompressed_point())
}

/// The DER SubjectPublicKeyInfo of an RSA public key: `rsaEncryption` with NULL parameters, and
/// the PKCS#1 `RSAPublicKey` (RFC 8017 Appendix A.1.1, RFC 3279 §2.3.1).
fn rsa_spki(key: &rsa::VerifyingKey) -> Result<Vec<u8>, CliError> {
    let not_encoded = |_| CliError::usage("cannot encode the public key as DER");
    let public = pkcs1::RsaPublicKey {
        modulus: UintRef::new(key.modulus()).map_err(not_encoded)?,
        public_exponent: UintRef::new(key.exponent()).map_err(not_encoded)?,
    }
    .to_der()
    .map_err(not_encoded)?;
    spki(pkcs1::ALGORITHM_ID, &public)
}

/// The DER SubjectPublicKeyInfo of an Ed25519 public key: `id-Ed25519` without parameters, and
/// the key (RFC 8410 §4).
fn ed25519_spki(key: &eddsa::VerifyingKey) -> Result<Vec<u8>, CliError> {
    let algorithm = AlgorithmIdentifierRef {
        oid: ED25519,
        parameters: None,
    };
    spki(algorithm, key.as_bytes())
}

/// A DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): `algorithm`, and `key` as its BIT STRING.
fn spki(algorithm: AlgorithmIdentifierRef<'_>, key: &[u8]) -> Result<Vec<u8>, CliError> {
    let not_encoded = |_| CliError::usage("cannot encode the public key as DER");
    SubjectPublicKeyInfoRef {
        algorithm,
        subject_public_key: BitStringRef::from_bytes(key).map_err(not_encoded)?,
    }
    .to_der()
    .map_err(not_encoded)
}

fn pem(label: &'static str, der: &[u8]) -> Result<String, CliError> {
    pem_rfc7468::encode_string(label, LineEnding::LF, der)
        .map_err(|_| CliError::usage("cannot encode the key as PEM"))
}

fn jwk_text(jwk: &Jwk) -> String {
    let value = serde_json::from_str(&jwk.to_json()).unwrap_or_default();
    format!("{}\n", pretty(&value))
}

fn print(generated: &Generated) -> String {
    match generated {
        Generated::Pair {
            private_pem,
            public_pem,
            public_jwk,
        } => format!("{private_pem}{public_pem}{}", jwk_text(public_jwk)),
        Generated::Secret { jwk } => jwk_text(jwk),
    }
}

fn write_files(prefix: &Path, generated: &Generated, force: bool) -> Result<String, CliError> {
    let mut report = String::new();
    let (files, kid) = match generated {
        Generated::Pair {
            private_pem,
            public_pem,
            public_jwk,
        } => (
            vec![
                (".key.pem", private_pem.clone(), true),
                (".pub.pem", public_pem.clone(), false),
                (".pub.jwk", jwk_text(public_jwk), false),
            ],
            public_jwk.kid(),
        ),
        Generated::Secret { jwk } => (vec![(".key.jwk", jwk_text(jwk), true)], jwk.kid()),
    };
    for (suffix, contents, private) in files {
        let path = with_suffix(prefix, suffix);
        write_file(&path, contents.as_bytes(), private, force)?;
        let note = if private { " (private, mode 0600)" } else { "" };
        report.push_str(&format!("wrote {}{note}\n", path.display()));
    }
    report.push_str(&format!("kid: {}\n", kid.unwrap_or_default()));
    Ok(report)
}

fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(prefix.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes `contents` to a new file (or over an old one with `force`); private files get mode
/// 0600 before anything is written to them.
fn write_file(path: &Path, contents: &[u8], private: bool, force: bool) -> Result<(), CliError> {
    let what = file_name("file", path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(if private { 0o600 } else { 0o644 });
        let mut file = open(&options, path, &what)?;
        if private {
            // An existing file keeps its mode when opened: set it before writing the secret.
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(|error| CliError::write(what.clone(), error))?;
        }
        file.write_all(contents)
            .map_err(|error| CliError::write(what, error))
    }
    #[cfg(not(unix))]
    {
        let _ = private;
        open(&options, path, &what)?
            .write_all(contents)
            .map_err(|error| CliError::write(what, error))
    }
}

fn open(
    options: &std::fs::OpenOptions,
    path: &Path,
    what: &str,
) -> Result<std::fs::File, CliError> {
    options.open(path).map_err(|error| {
        if error.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::usage(format!("{what} exists: pass `--force` to overwrite it"))
        } else {
            CliError::write(what.to_owned(), error)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    /// The SubjectPublicKeyInfo written for a key is byte for byte OpenSSL's for that key.
    #[test]
    fn spki_der_is_openssl_s() {
        for (algorithm, path) in [
            (&ecdsa::ES256, "../../tests/fixtures/pem/p256-spki.der"),
            (&ecdsa::ES384, "../../tests/fixtures/pem/p384-spki.der"),
        ] {
            let der = read(path);
            let key = ecdsa::VerifyingKey::from_spki_der(algorithm, &der).unwrap();
            assert_eq!(ec_spki(&key).unwrap(), der, "{path}");
        }
        let der = read("tests/fixtures/p521-spki.der");
        let key = crate::p521::verifying_key_from_spki(&ecdsa::ES512, &der).unwrap();
        assert_eq!(ec_spki(&key).unwrap(), der);
        let der = read("../../tests/fixtures/pem/ed25519-spki.der");
        let key = eddsa::VerifyingKey::from_spki_der(&der).unwrap();
        assert_eq!(ed25519_spki(&key).unwrap(), der);
        let der = read("../../tests/fixtures/pem/rsa2048-spki.der");
        let key = rsa::VerifyingKey::from_spki_der(&rsa::RS256, &der).unwrap();
        assert_eq!(rsa_spki(&key).unwrap(), der);
    }

    /// An Ed25519 key is written as OpenSSL writes it: PKCS#8 v1, without the public key.
    #[test]
    fn ed25519_pkcs8_is_v1_as_openssl_s() {
        let v2 = pem_rfc7468::decode_vec(&read("../../tests/fixtures/pem/ed25519-pkcs8-v2.pem"))
            .unwrap()
            .1;
        let v1 = pkcs8_v1(&v2).unwrap();
        assert_eq!(v1.get(4), Some(&0x00), "version 0");
        assert!(v1.len() < v2.len());
        let from_v1 = eddsa::SigningKey::from_pkcs8(&v1).unwrap().verifying_key();
        let from_v2 = eddsa::SigningKey::from_pkcs8(&v2).unwrap().verifying_key();
        assert_eq!(from_v1, from_v2);
        // A v1 document stays as it is: OpenSSL's own.
        let openssl = read("../../tests/fixtures/pem/ed25519-pkcs8-v1.der");
        assert_eq!(pkcs8_v1(&openssl).unwrap(), openssl);
        assert!(pkcs8_v1(b"not DER").is_err());
    }
}
