//! Key management (RFC 7518 §4, RFC 7516 §5.1 steps 1-5 and §5.2 steps 9-10): how a
//! [`DecryptingKey`] finds a token's CEK and an [`EncryptingKey`] chooses and encrypts one.

use serde_json::Value;

use crate::backend::with_backend;
use crate::base64url;
use crate::jwe::algorithm::{ContentEncryption, Management};
use crate::jwe::content::{random, random_key};
use crate::jwe::error::{DecryptError, EncryptError, HeaderError};
use crate::jwe::header::{Header, ParsedHeader};
use crate::jwe::kdf::concat_kdf;
#[cfg(feature = "aws-lc")]
use crate::jwe::keys::Curve;
use crate::jwe::keys::{DecryptingKey, EncryptingKey, Public, Secret, SecretBytes};
#[cfg(feature = "aws-lc")]
use crate::jwe::pbes2;
use zeroize::Zeroizing;

impl DecryptingKey {
    /// Determines the CEK of a token (RFC 7516 §5.2 steps 9-10). Where unwrapping or
    /// decryption of the key fails, or yields a key of the wrong length, the result is a random
    /// key of the right length (RFC 7516 §11.5): the failure shows only as the content's
    /// [`DecryptError::Decryption`], after the same work.
    pub(crate) fn content_key(
        &self,
        header: &ParsedHeader,
        enc: &'static ContentEncryption,
        encrypted_key: &[u8],
    ) -> Result<SecretBytes, DecryptError> {
        let backend = self.backend();
        let key_len = enc.key_len();
        let or_random =
            |cek: Option<Vec<u8>>| match cek.map(Zeroizing::new).filter(|cek| cek.len() == key_len)
            {
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
                    .map(Zeroizing::new)
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
            #[cfg(feature = "aws-lc")]
            (Management::Pbes2 { hash, kek_len }, Secret::Symmetric(password)) => {
                // The bounds first: no hashing for a token outside them.
                let (salt, count) = pbes2::parameters(header)?;
                let name = self.algorithm.name();
                let kek = pbes2::key_encryption_key(hash, kek_len, name, password, salt, count)
                    .ok_or(DecryptError::Decryption)?;
                or_random(crate::backend::aws_lc::aes_kw_unwrap(&kek, encrypted_key))
            }
            // A key is made only with the secret its algorithm needs.
            _ => Err(DecryptError::Decryption),
        }
    }
}

/// What key management gives the encrypter: the CEK, the encrypted key, and the header
/// members the recipient needs (`epk`, `iv`, `tag`).
pub(crate) struct Managed {
    pub(crate) cek: SecretBytes,
    pub(crate) encrypted_key: Vec<u8>,
    pub(crate) members: Vec<(&'static str, Value)>,
}

impl EncryptingKey {
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
                let mut encrypted_key = cek.to_vec();
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
                .map(|(ephemeral, z)| (ephemeral, Zeroizing::new(z)))
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
            #[cfg(feature = "aws-lc")]
            (Management::Pbes2 { hash, kek_len }, Public::Symmetric(password)) => {
                let mut salt = [0u8; pbes2::SALT_LEN];
                if !random(backend, &mut salt) {
                    return Err(EncryptError::Encryption);
                }
                let count = pbes2::MAX_PBES2_ITERATIONS;
                let name = self.algorithm.name();
                let kek = pbes2::key_encryption_key(hash, kek_len, name, password, &salt, count)
                    .ok_or(EncryptError::Encryption)?;
                let cek = fresh_cek()?;
                let wrapped = wrap(&kek, &cek)?;
                let members = vec![
                    ("p2s", Value::from(base64url::encode(&salt))),
                    ("p2c", Value::from(count)),
                ];
                Ok(managed(cek, wrapped, members))
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
