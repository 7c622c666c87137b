//! JWE keys: a [`DecryptingKey`] and an [`EncryptingKey`], each bound to one key-management
//! algorithm. What they do with a token is in `management.rs`.

use std::fmt;

use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::backend::{Backend, with_backend};
use crate::base64url;
use crate::error::KeyRejected;
use crate::jwe::algorithm::{KeyAlgorithm, Management};

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
    pub(crate) fn public_key(self, x: &[u8], y: Option<&[u8]>) -> Option<Vec<u8>> {
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
    pub(super) fn jwk(self, public_key: &[u8]) -> Option<Value> {
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

/// Key material wiped when dropped: symmetric keys, passwords, CEKs, key-encryption keys and
/// shared secrets.
pub(crate) type SecretBytes = Zeroizing<Vec<u8>>;

/// The private half of a decrypting key.
pub(super) enum Secret {
    /// `dir`, AES key wrap and AES-GCM key wrap, and PBES2's password.
    Symmetric(SecretBytes),
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
    pub(super) algorithm: &'static KeyAlgorithm,
    pub(super) secret: Secret,
    kid: Option<String>,
}

/// The public (or, for symmetric algorithms, shared) half of a key.
#[derive(Clone)]
pub(super) enum Public {
    Symmetric(SecretBytes),
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
    pub(super) algorithm: &'static KeyAlgorithm,
    pub(super) public: Public,
    kid: Option<String>,
}

/// Whether a key of `algorithm` holding `material` computes only with primitives a FIPS 140-3
/// module approves: its backend is a FIPS one, and it is not X25519 (which AWS-LC runs outside
/// its approved services) or an RSA modulus of another size than 2048, 3072 or 4096 bits.
fn fips_material(algorithm: &KeyAlgorithm, x25519: bool, rsa_bits: Option<usize>) -> bool {
    algorithm.backend().is_fips()
        && !x25519
        && rsa_bits.is_none_or(|bits| matches!(bits, 2048 | 3072 | 4096))
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
        Management::Pbes2 { .. } => {
            return Err(KeyRejected::new(
                "PBES2 takes a password, given explicitly with `password`",
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

/// Checks a password for a `PBES2-*` algorithm: the algorithm is one, and the password is not
/// empty.
#[cfg(feature = "aws-lc")]
fn check_password(algorithm: &KeyAlgorithm, password: &[u8]) -> Result<(), KeyRejected> {
    if !algorithm.is_password_based() {
        return Err(KeyRejected::new("the algorithm is not PBES2"));
    }
    if password.is_empty() {
        return Err(KeyRejected::new("the password is empty"));
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
        Ok(Self::new(
            algorithm,
            Secret::Symmetric(Zeroizing::new(secret.to_vec())),
        ))
    }

    /// A password for `PBES2-HS256+A128KW` or `PBES2-HS512+A256KW` (RFC 7518 §4.8): the
    /// opt-in to password-based tokens, which a decrypter refuses without such a key.
    ///
    /// A token's `p2c` (iteration count) must be between [`MIN_PBES2_ITERATIONS`] and
    /// [`MAX_PBES2_ITERATIONS`], checked before any hashing, so that a token cannot make the
    /// decrypter run PBKDF2 for long; its `p2s` (salt) must have at least 8 bytes.
    ///
    /// [`MIN_PBES2_ITERATIONS`]: crate::jwe::MIN_PBES2_ITERATIONS
    /// [`MAX_PBES2_ITERATIONS`]: crate::jwe::MAX_PBES2_ITERATIONS
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the algorithm is not PBES2 or the password is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::jwe;
    ///
    /// let password = b"correct horse battery staple";
    /// let token = jwe::encrypt(
    ///     &jwe::Header::new(),
    ///     b"hello",
    ///     &jwe::EncryptingKey::password(&jwe::PBES2_HS256_A128KW, password)?,
    ///     &jwe::A128GCM,
    /// )?;
    /// let decrypter = jwe::Decrypter::builder()
    ///     .key(jwe::DecryptingKey::password(&jwe::PBES2_HS256_A128KW, password)?)
    ///     .build()?;
    /// assert_eq!(decrypter.decrypt(&token)?.plaintext(), b"hello");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "aws-lc")]
    pub fn password(
        algorithm: &'static KeyAlgorithm,
        password: &[u8],
    ) -> Result<Self, KeyRejected> {
        check_password(algorithm, password)?;
        Ok(Self::new(
            algorithm,
            Secret::Symmetric(Zeroizing::new(password.to_vec())),
        ))
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
        if !matches!(bits, 2048 | 3072 | 4096) {
            return Err(KeyRejected::new(
                "RSA keys are generated with 2048, 3072 or 4096 bits",
            ));
        }
        if !matches!(algorithm.management(), Management::RsaOaep { .. }) {
            return Err(KeyRejected::new("the algorithm is not RSA-OAEP"));
        }
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

    /// Whether this key decrypts only with FIPS-approved primitives of a FIPS 140-3 module:
    /// made on a FIPS backend ([`Backend::is_fips`]), and neither an X25519 key nor an RSA key
    /// of another size than 2048, 3072 or 4096 bits. Such keys are still made on a FIPS
    /// backend; this answer (and [`Decrypter::fips`](crate::jwe::Decrypter::fips)) tells them
    /// apart.
    pub fn fips(&self) -> bool {
        match &self.secret {
            Secret::Symmetric(_) => fips_material(self.algorithm, false, None),
            #[cfg(feature = "aws-lc")]
            Secret::Rsa(key) => fips_material(self.algorithm, false, Some(key.modulus_bits())),
            #[cfg(feature = "aws-lc")]
            Secret::Ecdh { curve, .. } => {
                fips_material(self.algorithm, *curve == Curve::X25519, None)
            }
        }
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

impl EncryptingKey {
    /// A key for `dir`, `A128KW`/`A256KW` or `A128GCMKW`/`A256GCMKW`, as for
    /// [`DecryptingKey::symmetric`].
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the algorithm takes no symmetric key or the length does not fit.
    pub fn symmetric(algorithm: &'static KeyAlgorithm, secret: &[u8]) -> Result<Self, KeyRejected> {
        check_symmetric(algorithm, secret)?;
        Ok(Self::new(
            algorithm,
            Public::Symmetric(Zeroizing::new(secret.to_vec())),
        ))
    }

    /// A password for `PBES2-HS256+A128KW` or `PBES2-HS512+A256KW`, as for
    /// [`DecryptingKey::password`]. Each token gets a fresh random 16-byte salt and
    /// [`MAX_PBES2_ITERATIONS`](crate::jwe::MAX_PBES2_ITERATIONS) iterations, the most a
    /// decrypter accepts by default.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the algorithm is not PBES2 or the password is empty.
    #[cfg(feature = "aws-lc")]
    pub fn password(
        algorithm: &'static KeyAlgorithm,
        password: &[u8],
    ) -> Result<Self, KeyRejected> {
        check_password(algorithm, password)?;
        Ok(Self::new(
            algorithm,
            Public::Symmetric(Zeroizing::new(password.to_vec())),
        ))
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

    /// Whether this key encrypts only with FIPS-approved primitives, as for
    /// [`DecryptingKey::fips`].
    pub fn fips(&self) -> bool {
        match &self.public {
            Public::Symmetric(_) => fips_material(self.algorithm, false, None),
            #[cfg(feature = "aws-lc")]
            Public::Rsa(key) => fips_material(self.algorithm, false, Some(key.modulus_bits())),
            Public::Ecdh { curve, .. } => {
                fips_material(self.algorithm, *curve == Curve::X25519, None)
            }
        }
    }

    /// The curve and public key of an ECDH-ES key (the uncompressed point `04 || x || y`, or
    /// the 32-byte X25519 key); `None` for other algorithms.
    pub fn ecdh_public_key(&self) -> Option<(Curve, &[u8])> {
        match &self.public {
            Public::Ecdh { curve, public_key } => Some((*curve, public_key)),
            _ => None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_keys_have_the_curve_s_shape() {
        let x = [1u8; 32];
        assert_eq!(Curve::X25519.public_key(&x, None), Some(x.to_vec()));
        assert_eq!(
            Curve::X25519.public_key(&x, Some(&x)),
            None,
            "X25519 has no y"
        );
        assert_eq!(Curve::P256.public_key(&x, None), None, "P-256 needs y");
        assert_eq!(Curve::P256.public_key(&x, Some(&[1; 31])), None, "short y");
        assert_eq!(Curve::P256.public_key(&[1; 31], Some(&x)), None, "short x");
        let point = Curve::P256.public_key(&x, Some(&x)).unwrap();
        assert_eq!(point.len(), 65);
        assert_eq!(point.first(), Some(&0x04));
    }
}
