// The code both backends run, over the library named `lib` (ring, or aws-lc-rs, whose API
// follows ring's): included by `backend/ring.rs` and `backend/aws_lc.rs`, which also provide
// the parts where the two differ (`ecdsa_signing`, `ecdsa_verification`, ECDSA keys from their
// parts, the public-key types, RSA from components). One body of code, so the two cannot drift apart.

use lib::rand::SystemRandom;
use lib::signature::{self, KeyPair as _};

use crate::backend::{EcCurve, Hash, RsaScheme};

/// An ECDSA private key of one curve.
pub(crate) struct EcdsaKeyPair {
    pair: signature::EcdsaKeyPair,
    rng: SystemRandom,
}

impl EcdsaKeyPair {
    /// A new key as a PKCS#8 document; `None` when the random source fails.
    pub(crate) fn generate_pkcs8(curve: EcCurve) -> Option<Vec<u8>> {
        let pkcs8 = signature::EcdsaKeyPair::generate_pkcs8(ecdsa_signing(curve)?, &SystemRandom::new())
            .ok()?;
        Some(pkcs8.as_ref().to_vec())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Option<Vec<u8>> {
        let signature = self.pair.sign(&self.rng, message).ok()?;
        Some(signature.as_ref().to_vec())
    }

    pub(crate) fn public_point(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }
}

/// An RSA private key.
pub(crate) struct RsaKeyPair {
    pair: signature::RsaKeyPair,
    rng: SystemRandom,
}

impl RsaKeyPair {
    pub(crate) fn from_pkcs8(pkcs8: &[u8]) -> Option<Self> {
        Some(Self::wrap(signature::RsaKeyPair::from_pkcs8(pkcs8).ok()?))
    }

    pub(crate) fn from_pkcs1(pkcs1: &[u8]) -> Option<Self> {
        Some(Self::wrap(signature::RsaKeyPair::from_der(pkcs1).ok()?))
    }

    fn wrap(pair: signature::RsaKeyPair) -> Self {
        Self {
            pair,
            rng: SystemRandom::new(),
        }
    }

    pub(crate) fn sign(&self, scheme: RsaScheme, message: &[u8]) -> Option<Vec<u8>> {
        let padding: &'static dyn signature::RsaEncoding = match scheme {
            RsaScheme::Pkcs1Sha256 => &signature::RSA_PKCS1_SHA256,
            RsaScheme::Pkcs1Sha384 => &signature::RSA_PKCS1_SHA384,
            RsaScheme::Pkcs1Sha512 => &signature::RSA_PKCS1_SHA512,
            RsaScheme::PssSha256 => &signature::RSA_PSS_SHA256,
            RsaScheme::PssSha384 => &signature::RSA_PSS_SHA384,
            RsaScheme::PssSha512 => &signature::RSA_PSS_SHA512,
        };
        let mut signature = vec![0u8; self.modulus_len()];
        self.pair
            .sign(padding, &self.rng, message, &mut signature)
            .ok()?;
        Some(signature)
    }
}

/// The verification parameters of an RSA scheme: moduli of 2048 to 8192 bits.
fn rsa_verification(scheme: RsaScheme) -> &'static signature::RsaParameters {
    match scheme {
        RsaScheme::Pkcs1Sha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        RsaScheme::Pkcs1Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        RsaScheme::Pkcs1Sha512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        RsaScheme::PssSha256 => &signature::RSA_PSS_2048_8192_SHA256,
        RsaScheme::PssSha384 => &signature::RSA_PSS_2048_8192_SHA384,
        RsaScheme::PssSha512 => &signature::RSA_PSS_2048_8192_SHA512,
    }
}

/// An HMAC key of one hash. Verification compares tags in constant time.
#[derive(Clone)]
pub(crate) struct HmacKey(lib::hmac::Key);

impl HmacKey {
    pub(crate) fn new(hash: Hash, secret: &[u8]) -> Self {
        let algorithm = match hash {
            Hash::Sha256 => lib::hmac::HMAC_SHA256,
            Hash::Sha384 => lib::hmac::HMAC_SHA384,
            Hash::Sha512 => lib::hmac::HMAC_SHA512,
        };
        Self(lib::hmac::Key::new(algorithm, secret))
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        lib::hmac::sign(&self.0, message).as_ref().to_vec()
    }

    pub(crate) fn verify(&self, message: &[u8], tag: &[u8]) -> bool {
        lib::hmac::verify(&self.0, message, tag).is_ok()
    }
}

/// An Ed25519 private key.
pub(crate) struct Ed25519KeyPair(signature::Ed25519KeyPair);

impl Ed25519KeyPair {
    pub(crate) fn from_pkcs8(pkcs8: &[u8]) -> Option<Self> {
        Some(Self(signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8).ok()?))
    }

    pub(crate) fn from_seed(seed: &[u8]) -> Option<Self> {
        Some(Self(signature::Ed25519KeyPair::from_seed_unchecked(seed).ok()?))
    }

    pub(crate) fn from_seed_and_public_key(seed: &[u8], public_key: &[u8]) -> Option<Self> {
        Some(Self(
            signature::Ed25519KeyPair::from_seed_and_public_key(seed, public_key).ok()?,
        ))
    }

    /// A new key as a PKCS#8 document; `None` when the random source fails.
    pub(crate) fn generate_pkcs8() -> Option<Vec<u8>> {
        let pkcs8 = signature::Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).ok()?;
        Some(pkcs8.as_ref().to_vec())
    }

    pub(crate) fn public_key(&self) -> &[u8] {
        self.0.public_key().as_ref()
    }
}

// ---- JWE (RFC 7516, RFC 7518 §4-5): the primitives both backends offer ----

/// Fills `out` from the system random number generator; `false` when it fails.
pub(crate) fn fill_random(out: &mut [u8]) -> bool {
    use lib::rand::SecureRandom as _;
    SystemRandom::new().fill(out).is_ok()
}

/// SHA-256 of the concatenation of `parts`.
pub(crate) fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut context = lib::digest::Context::new(&lib::digest::SHA256);
    for part in parts {
        context.update(part);
    }
    context.finish().as_ref().to_vec()
}

/// The AES-GCM key for a 16- or 32-byte secret.
fn aes_gcm_key(key: &[u8]) -> Option<lib::aead::LessSafeKey> {
    let algorithm = match key.len() {
        16 => &lib::aead::AES_128_GCM,
        32 => &lib::aead::AES_256_GCM,
        _ => return None,
    };
    Some(lib::aead::LessSafeKey::new(
        lib::aead::UnboundKey::new(algorithm, key).ok()?,
    ))
}

/// Encrypts `in_out` in place with AES-GCM (128 or 256 by the key's length); returns the tag.
pub(crate) fn aes_gcm_seal(
    key: &[u8],
    nonce: [u8; 12],
    aad: &[u8],
    in_out: &mut [u8],
) -> Option<Vec<u8>> {
    let tag = aes_gcm_key(key)?
        .seal_in_place_separate_tag(
            lib::aead::Nonce::assume_unique_for_key(nonce),
            lib::aead::Aad::from(aad),
            in_out,
        )
        .ok()?;
    Some(tag.as_ref().to_vec())
}

/// Decrypts `in_out` (ciphertext then the 16-byte tag) in place with AES-GCM; returns the
/// plaintext's length, or `None` when the tag does not verify.
pub(crate) fn aes_gcm_open(
    key: &[u8],
    nonce: [u8; 12],
    aad: &[u8],
    in_out: &mut [u8],
) -> Option<usize> {
    let plaintext = aes_gcm_key(key)?
        .open_in_place(
            lib::aead::Nonce::assume_unique_for_key(nonce),
            lib::aead::Aad::from(aad),
            in_out,
        )
        .ok()?;
    Some(plaintext.len())
}
