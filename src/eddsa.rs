//! EdDSA with Ed25519 on a [`Backend`], under either JWA name: `EdDSA` (RFC 8037 §3.1, the
//! default, which every verifier knows) or `Ed25519` (RFC 9864 §2.2, the fully-specified name).
//!
//! A key is bound to one of the two names: an [`ED25519`] key verifies `alg: "Ed25519"` tokens
//! only, never an `EdDSA` one, so that no token can move it to another curve's `EdDSA`. A FIPS
//! backend refuses EdDSA keys: the module does not approve them.

use std::fmt;

use crate::backend::{Backend, Unavailable, make, per_backend};
use crate::crypto::{InvalidSignature, Signer, SigningError, Verifier};
use crate::error::KeyRejected;

/// The JWA name of EdDSA (RFC 8037 §3.1).
pub const ALGORITHM: &str = "EdDSA";

const PUBLIC_KEY_LEN: usize = 32;
const SIGNATURE_LEN: usize = 64;

/// An EdDSA algorithm name a key is bound to, on one backend.
#[derive(PartialEq, Eq)]
pub struct Algorithm {
    name: &'static str,
    backend: Backend,
}

impl Algorithm {
    /// The JWA name written to and compared with `alg`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The backend keys made for this algorithm compute with.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The same algorithm on `backend`: keys made for the result compute with it.
    ///
    /// # Errors
    ///
    /// [`Unavailable`] when this build lacks `backend`.
    pub fn on(&'static self, backend: Backend) -> Result<&'static Algorithm, Unavailable> {
        crate::backend::counterpart(FAMILY, self.name, backend, |other| {
            (other.name, other.backend)
        })
    }
}

impl fmt::Debug for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// `EdDSA` (RFC 8037 §3.1): the polymorphic name, Ed25519 here. The default, for interop. On
/// the default backend.
pub static EDDSA: Algorithm = Algorithm {
    name: ALGORITHM,
    backend: Backend::DEFAULT,
};

/// `Ed25519` (RFC 9864 §2.2): the fully-specified name of EdDSA over Ed25519. On the default
/// backend.
pub static ED25519: Algorithm = Algorithm {
    name: "Ed25519",
    backend: Backend::DEFAULT,
};

#[cfg(all(feature = "ring", feature = "aws-lc"))]
static EDDSA_AWS_LC: Algorithm = Algorithm {
    name: ALGORITHM,
    backend: Backend::AwsLc,
};
#[cfg(all(feature = "ring", feature = "aws-lc"))]
static ED25519_AWS_LC: Algorithm = Algorithm {
    name: "Ed25519",
    backend: Backend::AwsLc,
};

/// Every algorithm of this module on every backend of this build.
static FAMILY: &[&Algorithm] = &[
    &EDDSA,
    &ED25519,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &EDDSA_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &ED25519_AWS_LC,
];

/// The algorithm named `alg` on `backend`, for loaders that read a name.
pub(crate) fn algorithm_named(alg: &str, backend: Backend) -> Option<&'static Algorithm> {
    FAMILY
        .iter()
        .copied()
        .find(|algorithm| algorithm.name == alg && algorithm.backend == backend)
}

/// `algorithm`'s name on `current`'s backend: a key that exists on a backend keeps it.
fn same_backend(algorithm: &'static Algorithm, current: &'static Algorithm) -> &'static Algorithm {
    algorithm_named(algorithm.name, current.backend).unwrap_or(algorithm)
}

per_backend!(enum KeyPair => Ed25519KeyPair);
per_backend!(#[derive(Clone)] enum PublicKey => Ed25519PublicKey);

/// Refuses EdDSA on a FIPS backend, which does not approve it.
fn approved(algorithm: &'static Algorithm) -> Result<(), KeyRejected> {
    if algorithm.backend.is_fips() {
        return Err(KeyRejected::NOT_FIPS_APPROVED);
    }
    Ok(())
}

/// An Ed25519 private key, bound to `EdDSA` unless made for [`ED25519`].
///
/// # Examples
///
/// ```
/// use jwt_ring::{Signer, Verifier, eddsa};
///
/// let (key, _pkcs8) = eddsa::SigningKey::generate()?;
/// let signature = key.sign(b"input")?;
/// assert!(key.verifying_key().verify(b"input", &signature).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SigningKey {
    algorithm: &'static Algorithm,
    pair: KeyPair,
    public: VerifyingKey,
    kid: Option<String>,
}

impl SigningKey {
    /// A key from a PKCS#8 v1 or v2 document (DER), for `EdDSA` on the default backend. A v2
    /// document's public key must match.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the document is malformed or not Ed25519.
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, KeyRejected> {
        Self::from_pkcs8_for(&EDDSA, pkcs8)
    }

    /// As [`from_pkcs8`](Self::from_pkcs8), for `algorithm` (a name and a backend).
    ///
    /// # Errors
    ///
    /// As for [`from_pkcs8`](Self::from_pkcs8), and [`KeyRejected::NOT_FIPS_APPROVED`] on a
    /// FIPS backend.
    pub fn from_pkcs8_for(
        algorithm: &'static Algorithm,
        pkcs8: &[u8],
    ) -> Result<Self, KeyRejected> {
        approved(algorithm)?;
        let pair = make!(algorithm.backend, KeyPair, lib => lib::Ed25519KeyPair::from_pkcs8(pkcs8))
            .ok_or(KeyRejected::new("not a valid PKCS#8 Ed25519 private key"))?;
        Self::from_pair(algorithm, pair)
    }

    /// A key from its 32-byte seed (a JWK's `d`, RFC 8037 §2), for `EdDSA` on the default
    /// backend.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the seed is not 32 bytes.
    pub fn from_seed(seed: &[u8]) -> Result<Self, KeyRejected> {
        Self::from_seed_for(&EDDSA, seed)
    }

    /// As [`from_seed`](Self::from_seed), for `algorithm` (a name and a backend).
    ///
    /// # Errors
    ///
    /// As for [`from_seed`](Self::from_seed), and [`KeyRejected::NOT_FIPS_APPROVED`] on a FIPS
    /// backend.
    pub fn from_seed_for(algorithm: &'static Algorithm, seed: &[u8]) -> Result<Self, KeyRejected> {
        approved(algorithm)?;
        let pair = make!(algorithm.backend, KeyPair, lib => lib::Ed25519KeyPair::from_seed(seed))
            .ok_or(KeyRejected::new("Ed25519 seed is not 32 bytes"))?;
        Self::from_pair(algorithm, pair)
    }

    /// A key from its seed and public key (a JWK's `d` and `x`), checking that they match, for
    /// `algorithm`.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when either is malformed or they do not belong together.
    pub fn from_seed_and_public_key(seed: &[u8], public_key: &[u8]) -> Result<Self, KeyRejected> {
        Self::from_seed_and_public_key_for(&EDDSA, seed, public_key)
    }

    pub(crate) fn from_seed_and_public_key_for(
        algorithm: &'static Algorithm,
        seed: &[u8],
        public_key: &[u8],
    ) -> Result<Self, KeyRejected> {
        approved(algorithm)?;
        let pair = make!(algorithm.backend, KeyPair, lib => lib::Ed25519KeyPair::from_seed_and_public_key(seed, public_key))
            .ok_or(KeyRejected::new("Ed25519 seed and public key do not match"))?;
        Self::from_pair(algorithm, pair)
    }

    /// A new random key for `EdDSA` on the default backend, with its PKCS#8 v2 document for
    /// storage.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the system random number generator fails.
    pub fn generate() -> Result<(Self, Vec<u8>), KeyRejected> {
        Self::generate_for(&EDDSA)
    }

    /// As [`generate`](Self::generate), for `algorithm` (a name and a backend).
    ///
    /// # Errors
    ///
    /// As for [`generate`](Self::generate), and [`KeyRejected::NOT_FIPS_APPROVED`] on a FIPS
    /// backend.
    pub fn generate_for(algorithm: &'static Algorithm) -> Result<(Self, Vec<u8>), KeyRejected> {
        approved(algorithm)?;
        let pkcs8 = crate::backend::with_backend!(
            algorithm.backend,
            lib => lib::Ed25519KeyPair::generate_pkcs8(),
            else None
        )
        .ok_or(KeyRejected::new("the random number generator failed"))?;
        let key = Self::from_pkcs8_for(algorithm, &pkcs8)?;
        Ok((key, pkcs8))
    }

    fn from_pair(algorithm: &'static Algorithm, pair: KeyPair) -> Result<Self, KeyRejected> {
        let public_key =
            crate::backend::dispatch!(&pair, KeyPair, pair => pair.public_key().to_vec());
        let public = VerifyingKey::from_bytes_for(algorithm, &public_key)?;
        Ok(Self {
            algorithm,
            pair,
            public,
            kid: None,
        })
    }

    /// Sets the key id written to `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Binds the key to `algorithm`'s name: with [`ED25519`] it writes `alg: "Ed25519"`
    /// (RFC 9864). The key keeps its backend.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::{Signer, eddsa};
    ///
    /// let key = eddsa::SigningKey::from_seed(&[7; 32])?.with_algorithm(&eddsa::ED25519);
    /// assert_eq!(key.algorithm(), "Ed25519");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_algorithm(mut self, algorithm: &'static Algorithm) -> Self {
        self.algorithm = same_backend(algorithm, self.algorithm);
        self.public.algorithm = self.algorithm;
        self
    }

    /// The backend the key computes with.
    pub fn backend(&self) -> Backend {
        self.algorithm.backend
    }

    /// The matching public key, with the same key id and algorithm.
    pub fn verifying_key(&self) -> VerifyingKey {
        let mut public = self.public.clone();
        public.kid = self.kid.clone();
        public
    }
}

impl Signer for SigningKey {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SigningError> {
        crate::backend::dispatch!(&self.pair, KeyPair, pair => pair.sign(signing_input))
            .ok_or_else(SigningError::new)
    }

    fn fips(&self) -> bool {
        self.backend().is_fips()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("eddsa::SigningKey")
            .field("algorithm", &self.algorithm.name)
            .field("backend", &self.algorithm.backend)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// An Ed25519 public key, bound to `EdDSA` unless set to [`ED25519`].
#[derive(Clone)]
pub struct VerifyingKey {
    public_key: [u8; PUBLIC_KEY_LEN],
    algorithm: &'static Algorithm,
    public: PublicKey,
    kid: Option<String>,
}

/// Two keys are equal when they are the same key for the same name, whatever their backends.
impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        (self.public_key, self.algorithm.name, &self.kid)
            == (other.public_key, other.algorithm.name, &other.kid)
    }
}

impl Eq for VerifyingKey {}

impl VerifyingKey {
    /// A key from its 32 bytes (a JWK's `x`, RFC 8037 §2), for `EdDSA` on the default backend.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when it is not 32 bytes.
    pub fn from_bytes(public_key: &[u8]) -> Result<Self, KeyRejected> {
        Self::from_bytes_for(&EDDSA, public_key)
    }

    /// As [`from_bytes`](Self::from_bytes), for `algorithm` (a name and a backend).
    ///
    /// # Errors
    ///
    /// As for [`from_bytes`](Self::from_bytes), when the backend refuses the key, and
    /// [`KeyRejected::NOT_FIPS_APPROVED`] on a FIPS backend.
    pub fn from_bytes_for(
        algorithm: &'static Algorithm,
        public_key: &[u8],
    ) -> Result<Self, KeyRejected> {
        approved(algorithm)?;
        let public_key = <[u8; PUBLIC_KEY_LEN]>::try_from(public_key)
            .map_err(|_| KeyRejected::new("Ed25519 public key is not 32 bytes"))?;
        let public =
            make!(algorithm.backend, PublicKey, lib => lib::Ed25519PublicKey::new(&public_key))
                .ok_or(KeyRejected::new(
                    "Ed25519 public key is not acceptable to the backend",
                ))?;
        Ok(Self {
            public_key,
            algorithm,
            public,
            kid: None,
        })
    }

    /// Sets the key id matched against `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Binds the key to `algorithm`'s name instead: with [`ED25519`] it verifies
    /// `alg: "Ed25519"` tokens (RFC 9864), and no `EdDSA` token. The key keeps its backend.
    pub fn with_algorithm(mut self, algorithm: &'static Algorithm) -> Self {
        self.algorithm = same_backend(algorithm, self.algorithm);
        self
    }

    /// The algorithm the key is bound to.
    pub fn algorithm(&self) -> &'static Algorithm {
        self.algorithm
    }

    /// The backend the key computes with.
    pub fn backend(&self) -> Backend {
        self.algorithm.backend
    }

    /// The 32 public key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.public_key
    }
}

impl Verifier for VerifyingKey {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if signature.len() != SIGNATURE_LEN {
            return Err(InvalidSignature);
        }
        let valid = crate::backend::dispatch!(&self.public, PublicKey, public => public.verify(signing_input, signature));
        if valid { Ok(()) } else { Err(InvalidSignature) }
    }

    fn fips(&self) -> bool {
        self.backend().is_fips()
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("eddsa::VerifyingKey")
            .field("algorithm", &self.algorithm.name)
            .field("backend", &self.algorithm.backend)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}
