//! The aws-lc backend: the shared code (`common.rs`) over aws-lc-rs, and what AWS-LC does its
//! own way: P-521, RSA key generation, and public keys parsed (and checked) once, when the key
//! is made, rather than at every verification.

use ::aws_lc_rs as lib;

include!("common.rs");

use lib::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
use lib::signature::{ParsedPublicKey, RsaPublicKeyComponents};

fn ecdsa_signing(curve: EcCurve) -> Option<&'static signature::EcdsaSigningAlgorithm> {
    Some(match curve {
        EcCurve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        EcCurve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
        EcCurve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
    })
}

fn ecdsa_verification(curve: EcCurve) -> &'static signature::EcdsaVerificationAlgorithm {
    match curve {
        EcCurve::P256 => &signature::ECDSA_P256_SHA256_FIXED,
        EcCurve::P384 => &signature::ECDSA_P384_SHA384_FIXED,
        EcCurve::P521 => &signature::ECDSA_P521_SHA512_FIXED,
    }
}

/// An ECDSA public key, parsed and checked on its curve once.
#[derive(Clone)]
pub(crate) struct EcdsaPublicKey(ParsedPublicKey);

impl EcdsaPublicKey {
    /// The key, or `None` for a point that is not on the curve.
    pub(crate) fn new(curve: EcCurve, point: &[u8]) -> Option<Self> {
        Some(Self(
            ParsedPublicKey::new(ecdsa_verification(curve), point).ok()?,
        ))
    }

    /// The key, or `None` for a point that is not on the curve: AWS-LC validates the point as
    /// it parses it, so this is [`new`](Self::new), with no second parse.
    pub(crate) fn on_curve(curve: EcCurve, point: &[u8]) -> Option<Self> {
        Self::new(curve, point)
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.0.verify_sig(message, signature).is_ok()
    }
}

impl EcdsaKeyPair {
    pub(crate) fn from_pkcs8(curve: EcCurve, pkcs8: &[u8]) -> Option<Self> {
        let pair = signature::EcdsaKeyPair::from_pkcs8(ecdsa_signing(curve)?, pkcs8).ok()?;
        Some(Self {
            pair,
            rng: SystemRandom::new(),
        })
    }

    pub(crate) fn from_private_and_public(
        curve: EcCurve,
        private_scalar: &[u8],
        public_point: &[u8],
    ) -> Option<Self> {
        let pair = signature::EcdsaKeyPair::from_private_key_and_public_key(
            ecdsa_signing(curve)?,
            private_scalar,
            public_point,
        )
        .ok()?;
        Some(Self {
            pair,
            rng: SystemRandom::new(),
        })
    }
}

impl RsaKeyPair {
    /// A key from its components, through the PKCS#1 `RSAPrivateKey` they make (AWS-LC reads
    /// keys from DER only).
    pub(crate) fn from_components(components: &crate::rsa::PrivateComponents<'_>) -> Option<Self> {
        use der::Encode as _;
        let uint = |bytes| pkcs1::UintRef::new(bytes).ok();
        let document = pkcs1::RsaPrivateKey {
            modulus: uint(components.n)?,
            public_exponent: uint(components.e)?,
            private_exponent: uint(components.d)?,
            prime1: uint(components.p)?,
            prime2: uint(components.q)?,
            exponent1: uint(components.dp)?,
            exponent2: uint(components.dq)?,
            coefficient: uint(components.qi)?,
            other_prime_infos: None,
        }
        .to_der()
        .ok()?;
        Self::from_pkcs1(&document)
    }

    /// A new key of `bits` bits (2048, 3072 or 4096) as a PKCS#8 document.
    pub(crate) fn generate_pkcs8(bits: usize) -> Option<Vec<u8>> {
        let size = match bits {
            2048 => lib::rsa::KeySize::Rsa2048,
            3072 => lib::rsa::KeySize::Rsa3072,
            4096 => lib::rsa::KeySize::Rsa4096,
            _ => return None,
        };
        let pair = signature::RsaKeyPair::generate(size).ok()?;
        let document: Pkcs8V1Der<'_> = pair.as_der().ok()?;
        Some(document.as_ref().to_vec())
    }

    pub(crate) fn modulus_len(&self) -> usize {
        self.pair.public_modulus_len()
    }

    /// The modulus and public exponent, big-endian.
    pub(crate) fn public_components(&self) -> (Vec<u8>, Vec<u8>) {
        let public = RsaPublicKeyComponents::<Vec<u8>>::from(self.pair.public_key());
        (public.n, public.e)
    }
}

/// An RSA public key, parsed once.
#[derive(Clone)]
pub(crate) struct RsaPublicKey(ParsedPublicKey);

impl RsaPublicKey {
    pub(crate) fn new(scheme: RsaScheme, n: &[u8], e: &[u8]) -> Option<Self> {
        let spki: PublicKeyX509Der<'_> = RsaPublicKeyComponents { n, e }.as_der().ok()?;
        Some(Self(
            ParsedPublicKey::new(rsa_verification(scheme), spki.as_ref()).ok()?,
        ))
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.0.verify_sig(message, signature).is_ok()
    }
}

impl Ed25519KeyPair {
    pub(crate) fn sign(&self, message: &[u8]) -> Option<Vec<u8>> {
        Some(self.0.try_sign(message).ok()?.as_ref().to_vec())
    }
}

/// An Ed25519 public key, parsed once.
#[derive(Clone)]
pub(crate) struct Ed25519PublicKey(ParsedPublicKey);

impl Ed25519PublicKey {
    pub(crate) fn new(public_key: &[u8; 32]) -> Option<Self> {
        Some(Self(
            ParsedPublicKey::new(&signature::ED25519, public_key).ok()?,
        ))
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.0.verify_sig(message, signature).is_ok()
    }
}
