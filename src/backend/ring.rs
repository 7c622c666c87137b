//! The ring backend: the shared code (`common.rs`) over ring, and what only ring does its own
//! way. ring has no P-521 and no RSA key generation.

use ::ring as lib;

include!("common.rs");

use lib::agreement;
use lib::rsa::{KeyPairComponents, PublicKeyComponents};

fn ecdsa_signing(curve: EcCurve) -> Option<&'static signature::EcdsaSigningAlgorithm> {
    match curve {
        EcCurve::P256 => Some(&signature::ECDSA_P256_SHA256_FIXED_SIGNING),
        EcCurve::P384 => Some(&signature::ECDSA_P384_SHA384_FIXED_SIGNING),
        #[cfg(feature = "aws-lc")]
        EcCurve::P521 => None,
    }
}

fn ecdsa_verification(curve: EcCurve) -> Option<&'static signature::EcdsaVerificationAlgorithm> {
    match curve {
        EcCurve::P256 => Some(&signature::ECDSA_P256_SHA256_FIXED),
        EcCurve::P384 => Some(&signature::ECDSA_P384_SHA384_FIXED),
        #[cfg(feature = "aws-lc")]
        EcCurve::P521 => None,
    }
}

/// Whether `point` is on `curve`, by ring's own public-key validation: an ECDH agreement with
/// a throwaway key fails for any invalid point. (ring has no cheaper public check.)
fn ecdsa_point_is_valid(curve: EcCurve, point: &[u8]) -> bool {
    let algorithm = match curve {
        EcCurve::P256 => &agreement::ECDH_P256,
        EcCurve::P384 => &agreement::ECDH_P384,
        #[cfg(feature = "aws-lc")]
        EcCurve::P521 => return false,
    };
    let Ok(ephemeral) = agreement::EphemeralPrivateKey::generate(algorithm, &SystemRandom::new())
    else {
        return false;
    };
    let peer = agreement::UnparsedPublicKey::new(algorithm, point);
    agreement::agree_ephemeral(ephemeral, &peer, |_| ()).is_ok()
}

/// An ECDSA public key: ring parses the point at each verification, refusing one off the curve.
#[derive(Clone)]
pub(crate) struct EcdsaPublicKey {
    verification: &'static signature::EcdsaVerificationAlgorithm,
    point: Vec<u8>,
}

impl EcdsaPublicKey {
    /// A key for a point already checked (or to be checked by the first verification).
    pub(crate) fn new(curve: EcCurve, point: &[u8]) -> Option<Self> {
        Some(Self {
            verification: ecdsa_verification(curve)?,
            point: point.to_vec(),
        })
    }

    /// The key, or `None` for a point that is not on the curve.
    pub(crate) fn on_curve(curve: EcCurve, point: &[u8]) -> Option<Self> {
        if !ecdsa_point_is_valid(curve, point) {
            return None;
        }
        Self::new(curve, point)
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        signature::UnparsedPublicKey::new(self.verification, &self.point)
            .verify(message, signature)
            .is_ok()
    }
}

impl EcdsaKeyPair {
    pub(crate) fn from_pkcs8(curve: EcCurve, pkcs8: &[u8]) -> Option<Self> {
        let rng = SystemRandom::new();
        let pair = signature::EcdsaKeyPair::from_pkcs8(ecdsa_signing(curve)?, pkcs8, &rng).ok()?;
        Some(Self { pair, rng })
    }

    pub(crate) fn from_private_and_public(
        curve: EcCurve,
        private_scalar: &[u8],
        public_point: &[u8],
    ) -> Option<Self> {
        let rng = SystemRandom::new();
        let pair = signature::EcdsaKeyPair::from_private_key_and_public_key(
            ecdsa_signing(curve)?,
            private_scalar,
            public_point,
            &rng,
        )
        .ok()?;
        Some(Self { pair, rng })
    }
}

impl RsaKeyPair {
    pub(crate) fn from_components(components: &crate::rsa::PrivateComponents<'_>) -> Option<Self> {
        let pair = signature::RsaKeyPair::from_components(&KeyPairComponents {
            public_key: PublicKeyComponents {
                n: components.n,
                e: components.e,
            },
            d: components.d,
            p: components.p,
            q: components.q,
            dP: components.dp,
            dQ: components.dq,
            qInv: components.qi,
        })
        .ok()?;
        Some(Self::wrap(pair))
    }

    pub(crate) fn modulus_len(&self) -> usize {
        self.pair.public().modulus_len()
    }

    /// The modulus and public exponent, big-endian.
    pub(crate) fn public_components(&self) -> (Vec<u8>, Vec<u8>) {
        let public = PublicKeyComponents::<Vec<u8>>::from(self.pair.public());
        (public.n, public.e)
    }
}

/// An RSA public key, checked by the caller (`rsa::VerifyingKey::from_components`).
#[derive(Clone)]
pub(crate) struct RsaPublicKey {
    parameters: &'static signature::RsaParameters,
    n: Vec<u8>,
    e: Vec<u8>,
}

impl RsaPublicKey {
    pub(crate) fn new(scheme: RsaScheme, n: &[u8], e: &[u8]) -> Option<Self> {
        Some(Self {
            parameters: rsa_verification(scheme),
            n: n.to_vec(),
            e: e.to_vec(),
        })
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        PublicKeyComponents {
            n: &self.n,
            e: &self.e,
        }
        .verify(self.parameters, message, signature)
        .is_ok()
    }
}

impl Ed25519KeyPair {
    pub(crate) fn sign(&self, message: &[u8]) -> Option<Vec<u8>> {
        Some(self.0.sign(message).as_ref().to_vec())
    }
}

/// An Ed25519 public key.
#[derive(Clone)]
pub(crate) struct Ed25519PublicKey([u8; 32]);

impl Ed25519PublicKey {
    pub(crate) fn new(public_key: &[u8; 32]) -> Option<Self> {
        Some(Self(*public_key))
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        signature::UnparsedPublicKey::new(&signature::ED25519, &self.0)
            .verify(message, signature)
            .is_ok()
    }
}

/// The ring agreement algorithm of an ECDH-ES curve; ring has no P-521.
fn ecdh_algorithm(curve: crate::jwe::Curve) -> Option<&'static agreement::Algorithm> {
    match curve {
        crate::jwe::Curve::P256 => Some(&agreement::ECDH_P256),
        crate::jwe::Curve::P384 => Some(&agreement::ECDH_P384),
        crate::jwe::Curve::X25519 => Some(&agreement::X25519),
        crate::jwe::Curve::P521 => None,
    }
}

/// An ECDH agreement with a fresh ephemeral key and the peer's public key (an uncompressed
/// point, or 32 bytes for X25519): the ephemeral public key and the shared secret `Z`. `None`
/// when the peer's key is invalid (off the curve) or the curve is unavailable.
pub(crate) fn ecdh_ephemeral(curve: crate::jwe::Curve, peer: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let algorithm = ecdh_algorithm(curve)?;
    let private = agreement::EphemeralPrivateKey::generate(algorithm, &SystemRandom::new()).ok()?;
    let public = private.compute_public_key().ok()?.as_ref().to_vec();
    let peer = agreement::UnparsedPublicKey::new(algorithm, peer);
    let shared = agreement::agree_ephemeral(private, &peer, |z| z.to_vec()).ok()?;
    Some((public, shared))
}
