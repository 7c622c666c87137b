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

// ---- JWE primitives only aws-lc offers: AES-CBC, AES key wrap, RSA-OAEP, static ECDH ----

use lib::agreement;

/// The aws-lc agreement algorithm of an ECDH-ES curve.
fn ecdh_algorithm(curve: crate::jwe::Curve) -> &'static agreement::Algorithm {
    match curve {
        crate::jwe::Curve::P256 => &agreement::ECDH_P256,
        crate::jwe::Curve::P384 => &agreement::ECDH_P384,
        crate::jwe::Curve::P521 => &agreement::ECDH_P521,
        crate::jwe::Curve::X25519 => &agreement::X25519,
    }
}

/// An ECDH agreement with a fresh ephemeral key and the peer's public key: the ephemeral
/// public key and the shared secret `Z`, or `None` when the peer's key is invalid.
pub(crate) fn ecdh_ephemeral(curve: crate::jwe::Curve, peer: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let private = EcdhPrivateKey::generate(curve)?;
    let shared = private.agree(peer)?;
    Some((private.public_key()?, shared))
}

/// A static ECDH private key (the recipient's, for ECDH-ES decryption).
pub(crate) struct EcdhPrivateKey(agreement::PrivateKey);

impl EcdhPrivateKey {
    /// A key from its private scalar (big-endian, the curve's length) or X25519 private key.
    pub(crate) fn from_private_key(curve: crate::jwe::Curve, private: &[u8]) -> Option<Self> {
        Some(Self(
            agreement::PrivateKey::from_private_key(ecdh_algorithm(curve), private).ok()?,
        ))
    }

    /// A new random key.
    pub(crate) fn generate(curve: crate::jwe::Curve) -> Option<Self> {
        Some(Self(
            agreement::PrivateKey::generate(ecdh_algorithm(curve)).ok()?,
        ))
    }

    /// The public key: an uncompressed point, or 32 bytes for X25519.
    pub(crate) fn public_key(&self) -> Option<Vec<u8>> {
        Some(self.0.compute_public_key().ok()?.as_ref().to_vec())
    }

    /// The shared secret `Z` with `peer`'s public key, or `None` when that key is invalid
    /// (off the curve, the wrong length).
    pub(crate) fn agree(&self, peer: &[u8]) -> Option<Vec<u8>> {
        let peer = agreement::UnparsedPublicKey::new(self.0.algorithm(), peer);
        agreement::agree(&self.0, peer, (), |z| Ok(z.to_vec())).ok()
    }
}

/// The HMAC (for AES-CBC-HMAC content encryption) of the concatenation of `parts` under `key`.
pub(crate) fn hmac_parts(hash: Hash, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let HmacKey(key) = HmacKey::new(hash, key);
    let mut context = lib::hmac::Context::with_key(&key);
    for part in parts {
        context.update(part);
    }
    context.sign().as_ref().to_vec()
}

/// Encrypts `plaintext` with AES-CBC (128 or 256 by the key's length) and PKCS#7 padding.
pub(crate) fn aes_cbc_encrypt(key: &[u8], iv: [u8; 16], plaintext: &[u8]) -> Option<Vec<u8>> {
    use lib::cipher::{EncryptionContext, PaddedBlockEncryptingKey, UnboundCipherKey};
    let encrypting =
        PaddedBlockEncryptingKey::cbc_pkcs7(UnboundCipherKey::new(aes_cipher(key)?, key).ok()?)
            .ok()?;
    let mut buffer = plaintext.to_vec();
    encrypting
        .less_safe_encrypt(&mut buffer, EncryptionContext::Iv128(iv.into()))
        .ok()?;
    Some(buffer)
}

/// Decrypts AES-CBC with PKCS#7 padding; `None` when the length or the padding is wrong.
pub(crate) fn aes_cbc_decrypt(key: &[u8], iv: [u8; 16], ciphertext: &[u8]) -> Option<Vec<u8>> {
    use lib::cipher::{DecryptionContext, PaddedBlockDecryptingKey, UnboundCipherKey};
    if ciphertext.is_empty() || ciphertext.len() % 16 != 0 {
        return None;
    }
    let decrypting =
        PaddedBlockDecryptingKey::cbc_pkcs7(UnboundCipherKey::new(aes_cipher(key)?, key).ok()?)
            .ok()?;
    let mut buffer = ciphertext.to_vec();
    let len = decrypting
        .decrypt(&mut buffer, DecryptionContext::Iv128(iv.into()))
        .ok()?
        .len();
    buffer.truncate(len);
    Some(buffer)
}

fn aes_cipher(key: &[u8]) -> Option<&'static lib::cipher::Algorithm> {
    match key.len() {
        16 => Some(&lib::cipher::AES_128),
        32 => Some(&lib::cipher::AES_256),
        _ => None,
    }
}

fn key_wrap_cipher(kek: &[u8]) -> Option<&'static lib::key_wrap::AesBlockCipher> {
    match kek.len() {
        16 => Some(&lib::key_wrap::AES_128),
        32 => Some(&lib::key_wrap::AES_256),
        _ => None,
    }
}

/// Wraps `key` under `kek` with AES key wrap (RFC 3394).
pub(crate) fn aes_kw_wrap(kek: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    use lib::key_wrap::{KeyEncryptionKey, KeyWrap as _};
    let wrapping = KeyEncryptionKey::new(key_wrap_cipher(kek)?, kek).ok()?;
    let mut out = vec![0u8; key.len() + 8];
    let len = wrapping.wrap(key, &mut out).ok()?.len();
    out.truncate(len);
    Some(out)
}

/// Unwraps AES key wrap (RFC 3394); `None` when the integrity check fails.
pub(crate) fn aes_kw_unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    use lib::key_wrap::{KeyEncryptionKey, KeyWrap as _};
    if wrapped.len() < 24 || wrapped.len() % 8 != 0 {
        return None;
    }
    let unwrapping = KeyEncryptionKey::new(key_wrap_cipher(kek)?, kek).ok()?;
    let mut out = vec![0u8; wrapped.len()];
    let len = unwrapping.unwrap(wrapped, &mut out).ok()?.len();
    out.truncate(len);
    Some(out)
}

/// PBKDF2 with HMAC-`hash` (RFC 8018 §5.2): `out_len` bytes from `password` and `salt`;
/// `None` for a zero iteration count or output length.
pub(crate) fn pbkdf2(
    hash: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    out_len: usize,
) -> Option<Vec<u8>> {
    let algorithm = match hash {
        Hash::Sha256 => lib::pbkdf2::PBKDF2_HMAC_SHA256,
        Hash::Sha384 => lib::pbkdf2::PBKDF2_HMAC_SHA384,
        Hash::Sha512 => lib::pbkdf2::PBKDF2_HMAC_SHA512,
    };
    let iterations = std::num::NonZeroU32::new(iterations)?;
    let mut out = vec![0u8; out_len];
    lib::pbkdf2::derive(algorithm, iterations, salt, password, &mut out);
    (out_len > 0).then_some(out)
}

fn oaep(sha256: bool) -> &'static lib::rsa::OaepAlgorithm {
    if sha256 {
        &lib::rsa::OAEP_SHA256_MGF1SHA256
    } else {
        &lib::rsa::OAEP_SHA1_MGF1SHA1
    }
}

/// An RSA private key for RSAES-OAEP decryption.
pub(crate) struct RsaOaepPrivateKey {
    key: lib::rsa::OaepPrivateDecryptingKey,
    public: lib::rsa::PublicEncryptingKey,
}

impl RsaOaepPrivateKey {
    pub(crate) fn from_pkcs8(pkcs8: &[u8]) -> Option<Self> {
        let key = lib::rsa::PrivateDecryptingKey::from_pkcs8(pkcs8).ok()?;
        let public = key.public_key();
        Some(Self {
            key: lib::rsa::OaepPrivateDecryptingKey::new(key).ok()?,
            public,
        })
    }

    /// A key from its components, through the PKCS#8 document of the key pair they make.
    pub(crate) fn from_components(components: &crate::rsa::PrivateComponents<'_>) -> Option<Self> {
        let pair = RsaKeyPair::from_components(components)?;
        let document: Pkcs8V1Der<'_> = pair.pair.as_der().ok()?;
        Self::from_pkcs8(document.as_ref())
    }

    /// A new random key of `bits` bits (2048, 3072 or 4096), with its PKCS#8 document.
    pub(crate) fn generate(bits: usize) -> Option<(Self, Vec<u8>)> {
        let pkcs8 = RsaKeyPair::generate_pkcs8(bits)?;
        Some((Self::from_pkcs8(&pkcs8)?, pkcs8))
    }

    pub(crate) fn modulus_bits(&self) -> usize {
        self.key.key_size_bits()
    }

    pub(crate) fn public_key(&self) -> RsaOaepPublicKey {
        RsaOaepPublicKey(self.public.clone())
    }

    /// RSAES-OAEP decryption with SHA-256 (or SHA-1) and MGF1 of the same hash, no label.
    pub(crate) fn decrypt(&self, sha256: bool, ciphertext: &[u8]) -> Option<Vec<u8>> {
        let mut out = vec![0u8; self.key.min_output_size()];
        let len = self
            .key
            .decrypt(oaep(sha256), ciphertext, &mut out, None)
            .ok()?
            .len();
        out.truncate(len);
        Some(out)
    }
}

/// An RSA public key for RSAES-OAEP encryption.
#[derive(Clone)]
pub(crate) struct RsaOaepPublicKey(lib::rsa::PublicEncryptingKey);

impl RsaOaepPublicKey {
    pub(crate) fn from_components(n: &[u8], e: &[u8]) -> Option<Self> {
        let spki: PublicKeyX509Der<'_> = RsaPublicKeyComponents { n, e }.as_der().ok()?;
        Some(Self(
            lib::rsa::PublicEncryptingKey::from_der(spki.as_ref()).ok()?,
        ))
    }

    pub(crate) fn modulus_bits(&self) -> usize {
        self.0.key_size_bits()
    }

    /// RSAES-OAEP encryption with SHA-256 (or SHA-1) and MGF1 of the same hash, no label.
    pub(crate) fn encrypt(&self, sha256: bool, plaintext: &[u8]) -> Option<Vec<u8>> {
        let key = lib::rsa::OaepPublicEncryptingKey::new(self.0.clone()).ok()?;
        let mut out = vec![0u8; key.ciphertext_size()];
        let len = key
            .encrypt(oaep(sha256), plaintext, &mut out, None)
            .ok()?
            .len();
        out.truncate(len);
        Some(out)
    }
}

/// Whether two authentication tags are equal, in AWS-LC's constant time: as long wherever they
/// differ.
pub(crate) fn tags_equal(a: &[u8], b: &[u8]) -> bool {
    lib::constant_time::verify_slices_are_equal(a, b).is_ok()
}
