//! JWE keys: a [`DecryptingKey`] and an [`EncryptingKey`], each bound to one key-management
//! algorithm, and the key-management step of RFC 7518 §4 that they perform.

use std::fmt;

use serde_json::{Value, json};

use crate::backend::{Backend, with_backend};
use crate::base64url;
use crate::error::KeyRejected;
use crate::jwe::algorithm::{ContentEncryption, KeyAlgorithm, Management};
use crate::jwe::content::{random, random_key};
use crate::jwe::error::{DecryptError, EncryptError, HeaderError};
use crate::jwe::header::{Header, ParsedHeader};
use crate::jwe::kdf::concat_kdf;

/// The curve of an ECDH-ES key (RFC 7518 §6.2.1.1, RFC 8037 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// P-256 (`"P-256"`).
    P256,
    /// P-384 (`"P-384"`).
    P384,
    /// P-521 (`"P-521"`); aws-lc only.
    P521,
    /// X25519 (`"X25519"`, an `OKP` key, RFC 8037).
    X25519,
}

impl Curve {
    /// The JWK curve name, for example `"P-256"`.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::X25519 => "X25519",
        }
    }

    /// The length of a coordinate (of the public key, for X25519), in bytes.
    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 | Curve::X25519 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The public key's encoding as the backends take it: `04 || x || y`, or `x` for X25519.
    fn public_key(self, x: &[u8], y: Option<&[u8]>) -> Option<Vec<u8>> {
        if x.len() != self.coordinate_len() {
            return None;
        }
        match (self, y) {
            (Curve::X25519, None) => Some(x.to_vec()),
            (Curve::X25519, Some(_)) | (_, None) => None,
            (_, Some(y)) if y.len() == self.coordinate_len() => {
                Some(crate::ecdsa::uncompressed_point(x, y))
            }
            _ => None,
        }
    }

    /// The public key as a JWK (RFC 7518 §6.2.1, RFC 8037 §2), for `epk`.
    fn jwk(self, public_key: &[u8]) -> Option<Value> {
        if self == Curve::X25519 {
            return Some(
                json!({"kty": "OKP", "crv": "X25519", "x": base64url::encode(public_key)}),
            );
        }
        let coordinates = public_key.strip_prefix(&[0x04])?;
        let (x, y) = coordinates.split_at_checked(self.coordinate_len())?;
        Some(json!({
            "kty": "EC",
            "crv": self.name(),
            "x": base64url::encode(x),
            "y": base64url::encode(y),
        }))
    }
}

/// The private half of a decrypting key.
enum Secret {
    /// `dir`, AES key wrap and AES-GCM key wrap.
    Symmetric(Vec<u8>),
    /// RSA-OAEP.
    #[cfg(feature = "aws-lc")]
    Rsa(crate::backend::aws_lc::RsaOaepPrivateKey),
    /// ECDH-ES: a static private key on its curve.
    #[cfg(feature = "aws-lc")]
    Ecdh {
        curve: Curve,
        key: crate::backend::aws_lc::EcdhPrivateKey,
    },
}

/// A key that decrypts JWEs of one key-management algorithm.
///
/// It never verifies a signature and no signing key decrypts: the two are different types
/// behind different traits and calls. `Debug` shows the algorithm and key id, never the key.
///
/// # Examples
///
/// ```
/// use jwt_ring::jwe;
///
/// let key = jwe::DecryptingKey::symmetric(&jwe::DIR, &[7; 32])?.with_key_id("k1");
/// assert_eq!(key.algorithm().name(), "dir");
/// assert!(!format!("{key:?}").contains("7, 7"));
/// # Ok::<(), jwt_ring::KeyRejected>(())
/// ```
pub struct DecryptingKey {
    algorithm: &'static KeyAlgorithm,
    secret: Secret,
    kid: Option<String>,
}

/// The public (or, for symmetric algorithms, shared) half of a key.
#[derive(Clone)]
enum Public {
    Symmetric(Vec<u8>),
    #[cfg(feature = "aws-lc")]
    Rsa(crate::backend::aws_lc::RsaOaepPublicKey),
    Ecdh {
        curve: Curve,
        public_key: Vec<u8>,
    },
}

/// A key that encrypts JWEs to one recipient, for one key-management algorithm.
///
/// `Debug` shows the algorithm and key id, never a symmetric key.
///
/// # Examples
///
/// ```
/// use jwt_ring::jwe;
///
/// let key = jwe::EncryptingKey::symmetric(&jwe::A256GCMKW, &[7; 32])?;
/// assert_eq!(key.algorithm().name(), "A256GCMKW");
/// assert!(jwe::EncryptingKey::symmetric(&jwe::A256GCMKW, &[7; 16]).is_err());
/// # Ok::<(), jwt_ring::KeyRejected>(())
/// ```
#[derive(Clone)]
pub struct EncryptingKey {
    algorithm: &'static KeyAlgorithm,
    public: Public,
    kid: Option<String>,
}

/// Checks a symmetric key's length for its algorithm: exactly the key-encryption key's length
/// for AES and AES-GCM key wrap, a CEK length of some `enc` (16, 32 or 64 bytes) for `dir`.
fn check_symmetric(algorithm: &KeyAlgorithm, secret: &[u8]) -> Result<(), KeyRejected> {
    let fits = match algorithm.management() {
        Management::Direct => matches!(secret.len(), 16 | 32 | 64),
        Management::AesKw { kek_len } | Management::AesGcmKw { kek_len } => secret.len() == kek_len,
        Management::RsaOaep { .. } | Management::EcdhEs { .. } => {
            return Err(KeyRejected::new(
                "the algorithm does not take a symmetric key",
            ));
        }
    };
    if !fits {
        return Err(KeyRejected::new(
            "the symmetric key's length does not fit the algorithm",
        ));
    }
    if !algorithm.backend().is_enabled() {
        return Err(KeyRejected::new("this build lacks the key's backend"));
    }
    Ok(())
}

#[cfg(feature = "aws-lc")]
fn require_aws_lc(algorithm: &KeyAlgorithm) -> Result<(), KeyRejected> {
    if algorithm.backend() != Backend::AwsLc {
        return Err(KeyRejected::new(
            "ECDH-ES and RSA-OAEP decryption keys need the aws-lc backend",
        ));
    }
    Ok(())
}

impl DecryptingKey {
    /// A key for `dir` (the CEK itself: 16, 32 or 64 bytes, checked against `enc` at each
    /// decryption), `A128KW`/`A256KW` or `A128GCMKW`/`A256GCMKW` (16 or 32 bytes).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the algorithm takes no symmetric key or the length does not fit.
    pub fn symmetric(algorithm: &'static KeyAlgorithm, secret: &[u8]) -> Result<Self, KeyRejected> {
        check_symmetric(algorithm, secret)?;
        Ok(Self::new(algorithm, Secret::Symmetric(secret.to_vec())))
    }

    /// An `RSA-OAEP` or `RSA-OAEP-256` key from a PKCS#8 document (DER), of at least 2048 bits.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the document is not an RSA private key, the modulus is shorter
    /// than 2048 bits, or the algorithm is not RSA-OAEP.
    #[cfg(feature = "aws-lc")]
    pub fn rsa_oaep_from_pkcs8(
        algorithm: &'static KeyAlgorithm,
        pkcs8: &[u8],
    ) -> Result<Self, KeyRejected> {
        let key = crate::backend::aws_lc::RsaOaepPrivateKey::from_pkcs8(pkcs8)
            .ok_or(KeyRejected::new("not a PKCS#8 RSA private key"))?;
        Self::rsa(algorithm, key)
    }

    /// An `RSA-OAEP` or `RSA-OAEP-256` key from its components (as a JWK carries them).
    ///
    /// # Errors
    ///
    /// As for [`rsa_oaep_from_pkcs8`](Self::rsa_oaep_from_pkcs8).
    #[cfg(feature = "aws-lc")]
    pub fn rsa_oaep_from_components(
        algorithm: &'static KeyAlgorithm,
        components: &crate::rsa::PrivateComponents<'_>,
    ) -> Result<Self, KeyRejected> {
        let key = crate::backend::aws_lc::RsaOaepPrivateKey::from_components(components).ok_or(
            KeyRejected::new("RSA private key components are not a valid key pair"),
        )?;
        Self::rsa(algorithm, key)
    }

    /// A new random `RSA-OAEP` or `RSA-OAEP-256` key of `bits` bits (2048, 3072 or 4096), with
    /// its PKCS#8 document for storage.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] for another size, another algorithm, or a failed generation.
    #[cfg(feature = "aws-lc")]
    pub fn rsa_oaep_generate(
        algorithm: &'static KeyAlgorithm,
        bits: usize,
    ) -> Result<(Self, Vec<u8>), KeyRejected> {
        let (key, pkcs8) = crate::backend::aws_lc::RsaOaepPrivateKey::generate(bits)
            .ok_or(KeyRejected::new("RSA key generation failed"))?;
        Ok((Self::rsa(algorithm, key)?, pkcs8))
    }

    #[cfg(feature = "aws-lc")]
    fn rsa(
        algorithm: &'static KeyAlgorithm,
        key: crate::backend::aws_lc::RsaOaepPrivateKey,
    ) -> Result<Self, KeyRejected> {
        if !matches!(algorithm.management(), Management::RsaOaep { .. }) {
            return Err(KeyRejected::new("the algorithm is not RSA-OAEP"));
        }
        require_aws_lc(algorithm)?;
        if key.modulus_bits() < 2048 {
            return Err(KeyRejected::new("RSA modulus is shorter than 2048 bits"));
        }
        Ok(Self::new(algorithm, Secret::Rsa(key)))
    }

    /// An ECDH-ES key (`ECDH-ES`, `ECDH-ES+A128KW`, `ECDH-ES+A256KW`) on `curve` from its
    /// private key: the scalar `d` (big-endian, the curve's coordinate length) or the 32-byte
    /// X25519 private key, as a JWK carries them. The algorithm must be on the aws-lc backend
    /// (`jwe::ECDH_ES.on(Backend::AwsLc)?`): ring has no static ECDH keys.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the private key is malformed for the curve or the algorithm is not
    /// ECDH-ES on aws-lc.
    #[cfg(feature = "aws-lc")]
    pub fn ecdh_from_private_key(
        algorithm: &'static KeyAlgorithm,
        curve: Curve,
        private_key: &[u8],
    ) -> Result<Self, KeyRejected> {
        let key = crate::backend::aws_lc::EcdhPrivateKey::from_private_key(curve, private_key)
            .ok_or(KeyRejected::new("not a private key on the curve"))?;
        Self::ecdh(algorithm, curve, key)
    }

    /// A new random ECDH-ES key on `curve`, on the aws-lc backend.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the algorithm is not ECDH-ES on aws-lc or generation fails.
    #[cfg(feature = "aws-lc")]
    pub fn ecdh_generate(
        algorithm: &'static KeyAlgorithm,
        curve: Curve,
    ) -> Result<Self, KeyRejected> {
        let key = crate::backend::aws_lc::EcdhPrivateKey::generate(curve)
            .ok_or(KeyRejected::new("EC key generation failed"))?;
        Self::ecdh(algorithm, curve, key)
    }

    #[cfg(feature = "aws-lc")]
    fn ecdh(
        algorithm: &'static KeyAlgorithm,
        curve: Curve,
        key: crate::backend::aws_lc::EcdhPrivateKey,
    ) -> Result<Self, KeyRejected> {
        if !matches!(algorithm.management(), Management::EcdhEs { .. }) {
            return Err(KeyRejected::new("the algorithm is not ECDH-ES"));
        }
        require_aws_lc(algorithm)?;
        Ok(Self::new(algorithm, Secret::Ecdh { curve, key }))
    }

    fn new(algorithm: &'static KeyAlgorithm, secret: Secret) -> Self {
        Self {
            algorithm,
            secret,
            kid: None,
        }
    }

    /// Sets the key id matched against the token's `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> &'static KeyAlgorithm {
        self.algorithm
    }

    /// The backend the key computes with (content encryption included).
    pub fn backend(&self) -> Backend {
        self.algorithm.backend()
    }

    /// The key id, if set.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The key that encrypts to this one, with the same algorithm and key id: the public key
    /// for RSA-OAEP and ECDH-ES, the same secret for symmetric algorithms.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the public key cannot be computed.
    pub fn encrypting_key(&self) -> Result<EncryptingKey, KeyRejected> {
        let public = match &self.secret {
            Secret::Symmetric(secret) => Public::Symmetric(secret.clone()),
            #[cfg(feature = "aws-lc")]
            Secret::Rsa(key) => Public::Rsa(key.public_key()),
            #[cfg(feature = "aws-lc")]
            Secret::Ecdh { curve, key } => Public::Ecdh {
                curve: *curve,
                public_key: key
                    .public_key()
                    .ok_or(KeyRejected::new("the public key could not be computed"))?,
            },
        };
        Ok(EncryptingKey {
            algorithm: self.algorithm,
            public,
            kid: self.kid.clone(),
        })
    }

    /// Determines the CEK of a token (RFC 7516 §5.2 steps 9-10). Where unwrapping or
    /// decryption of the key fails, or yields a key of the wrong length, the result is a random
    /// key of the right length (RFC 7516 §11.5): the failure shows only as the content's
    /// [`DecryptError::Decryption`], after the same work.
    pub(crate) fn content_key(
        &self,
        header: &ParsedHeader,
        enc: &'static ContentEncryption,
        encrypted_key: &[u8],
    ) -> Result<Vec<u8>, DecryptError> {
        let backend = self.backend();
        let key_len = enc.key_len();
        let or_random = |cek: Option<Vec<u8>>| match cek.filter(|cek| cek.len() == key_len) {
            Some(cek) => Ok(cek),
            None => random_key(backend, key_len).ok_or(DecryptError::Decryption),
        };
        match (self.algorithm.management(), &self.secret) {
            (Management::Direct, Secret::Symmetric(secret)) => {
                if !encrypted_key.is_empty() {
                    return Err(DecryptError::Length(crate::jwe::Segment::EncryptedKey));
                }
                if secret.len() != key_len {
                    return Err(DecryptError::DirectKeyLength);
                }
                Ok(secret.clone())
            }
            (Management::AesGcmKw { .. }, Secret::Symmetric(kek)) => {
                let iv: [u8; 12] = header
                    .iv
                    .as_deref()
                    .ok_or(HeaderError::MissingMember("iv"))?
                    .try_into()
                    .map_err(|_| HeaderError::InvalidMember("iv"))?;
                let tag = header
                    .tag
                    .as_deref()
                    .ok_or(HeaderError::MissingMember("tag"))?;
                if tag.len() != 16 {
                    return Err(HeaderError::InvalidMember("tag").into());
                }
                let mut in_out = [encrypted_key, tag].concat();
                let len = with_backend!(
                    backend,
                    lib => lib::aes_gcm_open(kek, iv, b"", &mut in_out),
                    else None
                );
                or_random(len.map(|len| {
                    in_out.truncate(len);
                    in_out
                }))
            }
            #[cfg(feature = "aws-lc")]
            (Management::AesKw { .. }, Secret::Symmetric(kek)) => {
                or_random(crate::backend::aws_lc::aes_kw_unwrap(kek, encrypted_key))
            }
            #[cfg(feature = "aws-lc")]
            (Management::RsaOaep { sha256 }, Secret::Rsa(key)) => {
                or_random(key.decrypt(sha256, encrypted_key))
            }
            #[cfg(feature = "aws-lc")]
            (Management::EcdhEs { wrap_len }, Secret::Ecdh { curve, key }) => {
                let epk = header
                    .epk
                    .as_ref()
                    .ok_or(HeaderError::MissingMember("epk"))?;
                let expected_kty = if *curve == Curve::X25519 { "OKP" } else { "EC" };
                if epk.kty != expected_kty || epk.crv != curve.name() {
                    return Err(DecryptError::InvalidEphemeralKey);
                }
                let peer = curve
                    .public_key(&epk.x, epk.y.as_deref())
                    .ok_or(DecryptError::InvalidEphemeralKey)?;
                let z = key
                    .agree(&peer)
                    .filter(|z| z.iter().any(|byte| *byte != 0))
                    .ok_or(DecryptError::InvalidEphemeralKey)?;
                let apu = header.header.party_u_info().unwrap_or_default();
                let apv = header.header.party_v_info().unwrap_or_default();
                match wrap_len {
                    None => {
                        if !encrypted_key.is_empty() {
                            return Err(DecryptError::Length(crate::jwe::Segment::EncryptedKey));
                        }
                        concat_kdf(backend, &z, key_len, enc.name(), apu, apv)
                            .ok_or(DecryptError::Decryption)
                    }
                    Some(kek_len) => {
                        let kek = concat_kdf(backend, &z, kek_len, self.algorithm.name(), apu, apv)
                            .ok_or(DecryptError::Decryption)?;
                        or_random(crate::backend::aws_lc::aes_kw_unwrap(&kek, encrypted_key))
                    }
                }
            }
            // A key is made only with the secret its algorithm needs.
            _ => Err(DecryptError::Decryption),
        }
    }
}

impl fmt::Debug for DecryptingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("jwe::DecryptingKey")
            .field("algorithm", &self.algorithm.name())
            .field("backend", &self.algorithm.backend())
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// What key management gives the encrypter: the CEK, the encrypted key, and the header
/// members the recipient needs (`epk`, `iv`, `tag`).
pub(crate) struct Managed {
    pub(crate) cek: Vec<u8>,
    pub(crate) encrypted_key: Vec<u8>,
    pub(crate) members: Vec<(&'static str, Value)>,
}

impl EncryptingKey {
    /// A key for `dir`, `A128KW`/`A256KW` or `A128GCMKW`/`A256GCMKW`, as for
    /// [`DecryptingKey::symmetric`].
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the algorithm takes no symmetric key or the length does not fit.
    pub fn symmetric(algorithm: &'static KeyAlgorithm, secret: &[u8]) -> Result<Self, KeyRejected> {
        check_symmetric(algorithm, secret)?;
        Ok(Self::new(algorithm, Public::Symmetric(secret.to_vec())))
    }

    /// An `RSA-OAEP` or `RSA-OAEP-256` key from its modulus and public exponent (big-endian),
    /// of at least 2048 bits.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the components are not an RSA public key of at least 2048 bits or
    /// the algorithm is not RSA-OAEP.
    #[cfg(feature = "aws-lc")]
    pub fn rsa_oaep_from_components(
        algorithm: &'static KeyAlgorithm,
        n: &[u8],
        e: &[u8],
    ) -> Result<Self, KeyRejected> {
        if !matches!(algorithm.management(), Management::RsaOaep { .. }) {
            return Err(KeyRejected::new("the algorithm is not RSA-OAEP"));
        }
        require_aws_lc(algorithm)?;
        let key = crate::backend::aws_lc::RsaOaepPublicKey::from_components(n, e)
            .ok_or(KeyRejected::new("not a valid RSA public key"))?;
        if key.modulus_bits() < 2048 {
            return Err(KeyRejected::new("RSA modulus is shorter than 2048 bits"));
        }
        Ok(Self::new(algorithm, Public::Rsa(key)))
    }

    /// An ECDH-ES key (`ECDH-ES`, `ECDH-ES+A128KW`, `ECDH-ES+A256KW`) on `curve` from its JWK
    /// coordinates: `x` and `y`, each the curve's coordinate length, or `x` alone (32 bytes)
    /// for X25519. The point is checked to be on the curve.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when a coordinate has the wrong length, the point is invalid, the
    /// algorithm is not ECDH-ES, or its backend lacks the curve (ring has no P-521).
    pub fn ecdh_from_coordinates(
        algorithm: &'static KeyAlgorithm,
        curve: Curve,
        x: &[u8],
        y: Option<&[u8]>,
    ) -> Result<Self, KeyRejected> {
        if !matches!(algorithm.management(), Management::EcdhEs { .. }) {
            return Err(KeyRejected::new("the algorithm is not ECDH-ES"));
        }
        let public_key = curve.public_key(x, y).ok_or(KeyRejected::new(
            "EC coordinates have the wrong length for the curve",
        ))?;
        let valid = with_backend!(
            algorithm.backend(),
            lib => lib::ecdh_ephemeral(curve, &public_key).is_some(),
            else false
        );
        if !valid {
            return Err(KeyRejected::new(
                "not a valid public key on the curve, or the backend lacks the curve",
            ));
        }
        Ok(Self::new(algorithm, Public::Ecdh { curve, public_key }))
    }

    fn new(algorithm: &'static KeyAlgorithm, public: Public) -> Self {
        Self {
            algorithm,
            public,
            kid: None,
        }
    }

    /// Sets the key id written to the token's `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> &'static KeyAlgorithm {
        self.algorithm
    }

    /// The backend the key computes with (content encryption included).
    pub fn backend(&self) -> Backend {
        self.algorithm.backend()
    }

    /// The key id, if set.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The curve and public key of an ECDH-ES key (the uncompressed point `04 || x || y`, or
    /// the 32-byte X25519 key); `None` for other algorithms.
    pub fn ecdh_public_key(&self) -> Option<(Curve, &[u8])> {
        match &self.public {
            Public::Ecdh { curve, public_key } => Some((*curve, public_key)),
            _ => None,
        }
    }

    /// Chooses the CEK for one token and encrypts it to the recipient (RFC 7516 §5.1 steps
    /// 1-5): a fresh random CEK, except for `dir` (the key) and `ECDH-ES` (the agreed key).
    pub(crate) fn manage(
        &self,
        header: &Header,
        enc: &'static ContentEncryption,
    ) -> Result<Managed, EncryptError> {
        let backend = self.backend();
        let key_len = enc.key_len();
        let fresh_cek = || random_key(backend, key_len).ok_or(EncryptError::Encryption);
        let managed = |cek, encrypted_key, members| Managed {
            cek,
            encrypted_key,
            members,
        };
        match (self.algorithm.management(), &self.public) {
            (Management::Direct, Public::Symmetric(secret)) => {
                if secret.len() != key_len {
                    return Err(EncryptError::DirectKeyLength);
                }
                Ok(managed(secret.clone(), Vec::new(), Vec::new()))
            }
            (Management::AesGcmKw { .. }, Public::Symmetric(kek)) => {
                let cek = fresh_cek()?;
                let mut iv = [0u8; 12];
                if !random(backend, &mut iv) {
                    return Err(EncryptError::Encryption);
                }
                let mut encrypted_key = cek.clone();
                let tag = with_backend!(
                    backend,
                    lib => lib::aes_gcm_seal(kek, iv, b"", &mut encrypted_key),
                    else None
                )
                .ok_or(EncryptError::Encryption)?;
                let members = vec![
                    ("iv", Value::from(base64url::encode(&iv))),
                    ("tag", Value::from(base64url::encode(&tag))),
                ];
                Ok(managed(cek, encrypted_key, members))
            }
            #[cfg(feature = "aws-lc")]
            (Management::AesKw { .. }, Public::Symmetric(kek)) => {
                let cek = fresh_cek()?;
                let wrapped = crate::backend::aws_lc::aes_kw_wrap(kek, &cek)
                    .ok_or(EncryptError::Encryption)?;
                Ok(managed(cek, wrapped, Vec::new()))
            }
            #[cfg(feature = "aws-lc")]
            (Management::RsaOaep { sha256 }, Public::Rsa(key)) => {
                let cek = fresh_cek()?;
                let encrypted = key.encrypt(sha256, &cek).ok_or(EncryptError::Encryption)?;
                Ok(managed(cek, encrypted, Vec::new()))
            }
            (Management::EcdhEs { wrap_len }, Public::Ecdh { curve, public_key }) => {
                let (ephemeral, z) = with_backend!(
                    backend,
                    lib => lib::ecdh_ephemeral(*curve, public_key),
                    else None
                )
                .filter(|(_, z)| z.iter().any(|byte| *byte != 0))
                .ok_or(EncryptError::Encryption)?;
                let epk = curve.jwk(&ephemeral).ok_or(EncryptError::Encryption)?;
                let apu = header.party_u_info().unwrap_or_default();
                let apv = header.party_v_info().unwrap_or_default();
                let members = vec![("epk", epk)];
                match wrap_len {
                    None => {
                        let cek = concat_kdf(backend, &z, key_len, enc.name(), apu, apv)
                            .ok_or(EncryptError::Encryption)?;
                        Ok(managed(cek, Vec::new(), members))
                    }
                    Some(kek_len) => {
                        let kek = concat_kdf(backend, &z, kek_len, self.algorithm.name(), apu, apv)
                            .ok_or(EncryptError::Encryption)?;
                        let cek = fresh_cek()?;
                        let wrapped = wrap(&kek, &cek)?;
                        Ok(managed(cek, wrapped, members))
                    }
                }
            }
            // A key is made only with the public part its algorithm needs.
            _ => Err(EncryptError::Encryption),
        }
    }
}

/// AES key wrap for ECDH-ES+AxxxKW; the algorithms exist only with aws-lc.
fn wrap(kek: &[u8], cek: &[u8]) -> Result<Vec<u8>, EncryptError> {
    #[cfg(feature = "aws-lc")]
    {
        crate::backend::aws_lc::aes_kw_wrap(kek, cek).ok_or(EncryptError::Encryption)
    }
    #[cfg(not(feature = "aws-lc"))]
    {
        let _ = (kek, cek);
        Err(EncryptError::Encryption)
    }
}

impl fmt::Debug for EncryptingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("jwe::EncryptingKey")
            .field("algorithm", &self.algorithm.name())
            .field("backend", &self.algorithm.backend())
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}
