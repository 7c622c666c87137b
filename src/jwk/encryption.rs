//! JWE keys from JWKs (RFC 7517 §4.2-4.3, RFC 7518 §6, RFC 8037 §2): a JWK marked for
//! encryption becomes a [`jwe::DecryptingKey`] or [`jwe::EncryptingKey`] bound to one
//! key-management algorithm (sets of them: `encryption_sets.rs`).

use crate::backend::{Backend, Unavailable};
use crate::jwe::{self, KeyAlgorithm, Management};
use crate::jwk::{Curve, Jwk, JwkError, Material};

/// The `key_ops` values that allow decrypting (RFC 7517 §4.3): `decrypt` for `dir`,
/// `unwrapKey` for the others; either is taken for any algorithm.
pub(super) const DECRYPT_OPS: [&str; 2] = ["decrypt", "unwrapKey"];
/// The `key_ops` values that allow encrypting.
pub(super) const ENCRYPT_OPS: [&str; 2] = ["encrypt", "wrapKey"];

impl Jwk {
    /// A decrypting key for the JWK's own `alg`: a JWE key-management algorithm, or, for an
    /// `oct` key, a content encryption (`A128GCM`, ...) naming a `dir` key. The key computes on
    /// aws-lc when this build has it (every content encryption is there), else on ring.
    ///
    /// # Errors
    ///
    /// [`JwkError::AlgorithmNeeded`] without `alg`; otherwise as for
    /// [`decrypting_key_for`](Self::decrypting_key_for).
    pub fn decrypting_key(&self) -> Result<jwe::DecryptingKey, JwkError> {
        self.decrypting_key_for(self.own_encryption_algorithm(Backend::AwsLc)?)
    }

    /// A decrypting key for `algorithm`, from a private RSA (`n`, `e`, `d`, `p`, `q`, `dp`,
    /// `dq`, `qi`), EC or X25519 (`d`) or `oct` JWK.
    ///
    /// The JWK must allow decryption: `use` absent or `"enc"`, `key_ops` absent or holding
    /// `decrypt` or `unwrapKey`, and `alg` absent or naming `algorithm`. RSA-OAEP and ECDH-ES
    /// decryption keys are made on aws-lc whatever `algorithm`'s backend (ring has neither);
    /// symmetric ones on `algorithm`'s backend (pass `jwe::A256GCMKW.on(Backend::AwsLc)?` for
    /// AES-CBC-HMAC content). An EC or X25519 JWK's public members must be the public key of
    /// its `d`.
    ///
    /// # Errors
    ///
    /// [`JwkError::OperationNotAllowed`] when `use` or `key_ops` forbid decrypting (a
    /// `use: "sig"` key); [`JwkError::AlgorithmMismatch`] when `alg` is a signing algorithm or
    /// another JWE algorithm, or `algorithm` does not fit the key type;
    /// [`JwkError::NoPrivateMaterial`] for a public key; [`JwkError::Rejected`] for key
    /// material the key's own checks refuse; [`JwkError::Backend`] when this build lacks the
    /// algorithm.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::jwe;
    /// use jwt_ring::jwk::Jwk;
    ///
    /// let jwk = Jwk::from_json(
    ///     r#"{"kty":"oct","use":"enc","alg":"A256GCMKW","kid":"k1",
    ///         "k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}"#,
    /// )?;
    /// let key = jwk.decrypting_key()?;
    /// assert_eq!(key.algorithm().name(), "A256GCMKW");
    /// assert_eq!(key.key_id(), Some("k1"));
    ///
    /// // A signing key is never a decryption key.
    /// let signing = Jwk::from_json(r#"{"kty":"oct","use":"sig","alg":"HS256","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}"#)?;
    /// assert!(signing.decrypting_key_for(&jwe::A256GCMKW).is_err());
    /// # Ok::<(), jwt_ring::jwk::JwkError>(())
    /// ```
    pub fn decrypting_key_for(
        &self,
        algorithm: &'static KeyAlgorithm,
    ) -> Result<jwe::DecryptingKey, JwkError> {
        self.check_encryption(algorithm, &DECRYPT_OPS)?;
        let asymmetric_on_aws_lc = || algorithm.on(Backend::AwsLc);
        let key = match (&self.material, algorithm.management()) {
            (
                Material::Oct { k },
                Management::Direct | Management::AesKw { .. } | Management::AesGcmKw { .. },
            ) => jwe::DecryptingKey::symmetric(algorithm, k)?,
            #[cfg(feature = "aws-lc")]
            (
                Material::Rsa {
                    n,
                    e,
                    private: Some(private),
                },
                Management::RsaOaep { .. },
            ) => {
                let components = crate::rsa::PrivateComponents {
                    n,
                    e,
                    d: &private.d,
                    p: &private.p,
                    q: &private.q,
                    dp: &private.dp,
                    dq: &private.dq,
                    qi: &private.qi,
                };
                jwe::DecryptingKey::rsa_oaep_from_components(asymmetric_on_aws_lc()?, &components)?
            }
            #[cfg(feature = "aws-lc")]
            (
                Material::Ec {
                    curve,
                    x,
                    y,
                    d: Some(d),
                },
                Management::EcdhEs { .. },
            ) => ecdh_decrypting_key(asymmetric_on_aws_lc()?, jwe_curve(*curve), d, x, Some(y))?,
            #[cfg(feature = "aws-lc")]
            (Material::X25519 { x, d: Some(d) }, Management::EcdhEs { .. }) => {
                ecdh_decrypting_key(asymmetric_on_aws_lc()?, jwe::Curve::X25519, d, x, None)?
            }
            #[cfg(not(feature = "aws-lc"))]
            (Material::Ec { d: Some(_), .. } | Material::X25519 { d: Some(_), .. }, _) => {
                return Err(asymmetric_on_aws_lc()
                    .err()
                    .map_or(JwkError::Unsupported, JwkError::Backend));
            }
            (Material::Rsa { private: None, .. }, Management::RsaOaep { .. })
            | (
                Material::Ec { d: None, .. } | Material::X25519 { d: None, .. },
                Management::EcdhEs { .. },
            ) => return Err(JwkError::NoPrivateMaterial),
            _ => return Err(JwkError::AlgorithmMismatch),
        };
        Ok(match &self.kid {
            Some(kid) => key.with_key_id(kid.clone()),
            None => key,
        })
    }

    /// An encrypting key for the JWK's own `alg` (as for
    /// [`decrypting_key`](Self::decrypting_key)).
    ///
    /// # Errors
    ///
    /// [`JwkError::AlgorithmNeeded`] without `alg`; otherwise as for
    /// [`encrypting_key_for`](Self::encrypting_key_for).
    pub fn encrypting_key(&self) -> Result<jwe::EncryptingKey, JwkError> {
        self.encrypting_key_for(self.own_encryption_algorithm(Backend::DEFAULT)?)
    }

    /// An encrypting key for `algorithm`, from a public RSA (`n`, `e`), EC (`x`, `y`), X25519
    /// (`x`) or an `oct` JWK, on `algorithm`'s backend.
    ///
    /// The JWK must allow encryption: `use` absent or `"enc"`, `key_ops` absent or holding
    /// `encrypt` or `wrapKey`, and `alg` absent or naming `algorithm`.
    ///
    /// # Errors
    ///
    /// As for [`decrypting_key_for`](Self::decrypting_key_for), with
    /// [`JwkError::PrivateMaterial`] for an asymmetric private JWK (publish its
    /// [`to_public`](Self::to_public) instead).
    pub fn encrypting_key_for(
        &self,
        algorithm: &'static KeyAlgorithm,
    ) -> Result<jwe::EncryptingKey, JwkError> {
        self.check_encryption(algorithm, &ENCRYPT_OPS)?;
        if self.is_private() && !self.is_symmetric() {
            return Err(JwkError::PrivateMaterial);
        }
        let key = match (&self.material, algorithm.management()) {
            (
                Material::Oct { k },
                Management::Direct | Management::AesKw { .. } | Management::AesGcmKw { .. },
            ) => jwe::EncryptingKey::symmetric(algorithm, k)?,
            #[cfg(feature = "aws-lc")]
            (Material::Rsa { n, e, .. }, Management::RsaOaep { .. }) => {
                jwe::EncryptingKey::rsa_oaep_from_components(algorithm, n, e)?
            }
            (Material::Ec { curve, x, y, .. }, Management::EcdhEs { .. }) => {
                jwe::EncryptingKey::ecdh_from_coordinates(algorithm, jwe_curve(*curve), x, Some(y))?
            }
            (Material::X25519 { x, .. }, Management::EcdhEs { .. }) => {
                jwe::EncryptingKey::ecdh_from_coordinates(algorithm, jwe::Curve::X25519, x, None)?
            }
            _ => return Err(JwkError::AlgorithmMismatch),
        };
        Ok(match &self.kid {
            Some(kid) => key.with_key_id(kid.clone()),
            None => key,
        })
    }

    /// The checks common to both directions: `use`, `key_ops`, and `alg` against `algorithm`.
    fn check_encryption(
        &self,
        algorithm: &KeyAlgorithm,
        operations: &[&str],
    ) -> Result<(), JwkError> {
        if self
            .key_use
            .as_deref()
            .is_some_and(|key_use| key_use != "enc")
        {
            return Err(JwkError::OperationNotAllowed);
        }
        let ops_allow = self
            .key_ops
            .as_ref()
            .is_none_or(|ops| ops.iter().any(|op| operations.contains(&op.as_str())));
        if !ops_allow {
            return Err(JwkError::OperationNotAllowed);
        }
        if !self
            .material
            .encryption_algorithms()
            .contains(&algorithm.name())
        {
            return Err(JwkError::AlgorithmMismatch);
        }
        match self.alg.as_deref() {
            None => Ok(()),
            Some(own) if own == algorithm.name() => Ok(()),
            Some(own)
                if algorithm.name() == "dir" && jwe::ContentEncryption::by_name(own).is_some() =>
            {
                Ok(())
            }
            Some(_) => Err(JwkError::AlgorithmMismatch),
        }
    }

    /// The key-management algorithm the JWK's `alg` names (`dir` for a content encryption),
    /// on `backend` when this build has it there, else on its default backend.
    pub(super) fn own_encryption_algorithm(
        &self,
        backend: Backend,
    ) -> Result<&'static KeyAlgorithm, JwkError> {
        let own = self.alg.as_deref().ok_or(JwkError::AlgorithmNeeded)?;
        if !self.material.encryption_algorithms().contains(&own) {
            return Err(JwkError::AlgorithmMismatch);
        }
        let name = if jwe::ContentEncryption::by_name(own).is_some() {
            "dir"
        } else {
            own
        };
        let algorithm = KeyAlgorithm::by_name(name).ok_or_else(|| {
            JwkError::Backend(Unavailable {
                backend: Backend::DEFAULT,
                algorithm: jwe::KNOWN_KEY_ALGORITHMS
                    .iter()
                    .copied()
                    .find(|known| *known == name)
                    .unwrap_or_default(),
            })
        })?;
        Ok(algorithm.on(backend).unwrap_or(algorithm))
    }
}

/// An ECDH-ES decrypting key whose JWK public members are checked against its private key.
#[cfg(feature = "aws-lc")]
fn ecdh_decrypting_key(
    algorithm: &'static KeyAlgorithm,
    curve: jwe::Curve,
    d: &[u8],
    x: &[u8],
    y: Option<&[u8]>,
) -> Result<jwe::DecryptingKey, JwkError> {
    let key = jwe::DecryptingKey::ecdh_from_private_key(algorithm, curve, d)?;
    let public = key.encrypting_key()?;
    let expected = curve.public_key(x, y);
    let matches = public
        .ecdh_public_key()
        .is_some_and(|(_, public_key)| expected.as_deref() == Some(public_key));
    if !matches {
        return Err(JwkError::Inconsistent("x"));
    }
    Ok(key)
}

fn jwe_curve(curve: Curve) -> jwe::Curve {
    match curve {
        Curve::P256 => jwe::Curve::P256,
        Curve::P384 => jwe::Curve::P384,
        #[cfg(feature = "aws-lc")]
        Curve::P521 => jwe::Curve::P521,
    }
}
