//! RS256/384/512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and PS256/384/512 (RSASSA-PSS, RFC 7518 §3.5)
//! on a [`Backend`], with a 2048-bit floor (RFC 7518 §3.3, §3.5) and an 8192-bit ceiling.
//!
//! Every key is checked here before either backend sees it (modulus size and parity, public
//! exponent, the ROCA fingerprint), so both backends accept the same keys. Key generation
//! ([`SigningKey::generate`]) needs the aws-lc backend: ring cannot generate RSA keys.

use std::fmt;

use crate::backend::{Backend, RsaScheme, Unavailable, make, per_backend};
use crate::crypto::{InvalidSignature, Signer, SigningError, Verifier};
use crate::error::KeyRejected;

/// The smallest modulus accepted, in bytes (2048 bits).
const MIN_MODULUS_LEN: usize = 256;
/// The largest modulus accepted, in bytes (8192 bits), as ring verifies.
const MAX_MODULUS_LEN: usize = 1024;
/// The moduli a FIPS backend accepts, in bytes: 2048, 3072 and 4096 bits, the sizes AWS-LC's
/// FIPS module approves for signatures.
const FIPS_MODULUS_LENS: [usize; 3] = [256, 384, 512];

/// Whether `n` (without leading zeros) has one of the sizes a FIPS module approves.
fn fips_modulus(n: &[u8]) -> bool {
    FIPS_MODULUS_LENS.contains(&n.len()) && n.first().is_some_and(|first| first & 0x80 != 0)
}

/// An RSA signature algorithm as JWS names it: a padding scheme and a hash, on one backend.
pub struct Algorithm {
    name: &'static str,
    scheme: RsaScheme,
    backend: Backend,
}

impl Algorithm {
    /// The JWA name, for example `"PS256"`.
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

/// Two algorithms are the same algorithm whatever their backends.
impl PartialEq for Algorithm {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Algorithm {}

impl fmt::Debug for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

#[cfg(all(feature = "ring", feature = "aws-lc"))]
macro_rules! algorithms {
    ($backend:expr, $rs256:ident, $rs384:ident, $rs512:ident, $ps256:ident, $ps384:ident, $ps512:ident) => {
        static $rs256: Algorithm = Algorithm {
            name: "RS256",
            scheme: RsaScheme::Pkcs1Sha256,
            backend: $backend,
        };
        static $rs384: Algorithm = Algorithm {
            name: "RS384",
            scheme: RsaScheme::Pkcs1Sha384,
            backend: $backend,
        };
        static $rs512: Algorithm = Algorithm {
            name: "RS512",
            scheme: RsaScheme::Pkcs1Sha512,
            backend: $backend,
        };
        static $ps256: Algorithm = Algorithm {
            name: "PS256",
            scheme: RsaScheme::PssSha256,
            backend: $backend,
        };
        static $ps384: Algorithm = Algorithm {
            name: "PS384",
            scheme: RsaScheme::PssSha384,
            backend: $backend,
        };
        static $ps512: Algorithm = Algorithm {
            name: "PS512",
            scheme: RsaScheme::PssSha512,
            backend: $backend,
        };
    };
}

/// RSASSA-PKCS1-v1_5 using SHA-256 (RFC 7518 §3.3), on the default backend.
pub static RS256: Algorithm = Algorithm {
    name: "RS256",
    scheme: RsaScheme::Pkcs1Sha256,
    backend: Backend::DEFAULT,
};

/// RSASSA-PKCS1-v1_5 using SHA-384 (RFC 7518 §3.3), on the default backend.
pub static RS384: Algorithm = Algorithm {
    name: "RS384",
    scheme: RsaScheme::Pkcs1Sha384,
    backend: Backend::DEFAULT,
};

/// RSASSA-PKCS1-v1_5 using SHA-512 (RFC 7518 §3.3), on the default backend.
pub static RS512: Algorithm = Algorithm {
    name: "RS512",
    scheme: RsaScheme::Pkcs1Sha512,
    backend: Backend::DEFAULT,
};

/// RSASSA-PSS using SHA-256 and MGF1 with SHA-256 (RFC 7518 §3.5), on the default backend.
pub static PS256: Algorithm = Algorithm {
    name: "PS256",
    scheme: RsaScheme::PssSha256,
    backend: Backend::DEFAULT,
};

/// RSASSA-PSS using SHA-384 and MGF1 with SHA-384 (RFC 7518 §3.5), on the default backend.
pub static PS384: Algorithm = Algorithm {
    name: "PS384",
    scheme: RsaScheme::PssSha384,
    backend: Backend::DEFAULT,
};

/// RSASSA-PSS using SHA-512 and MGF1 with SHA-512 (RFC 7518 §3.5), on the default backend.
pub static PS512: Algorithm = Algorithm {
    name: "PS512",
    scheme: RsaScheme::PssSha512,
    backend: Backend::DEFAULT,
};

#[cfg(all(feature = "ring", feature = "aws-lc"))]
algorithms!(
    Backend::AwsLc,
    RS256_AWS_LC,
    RS384_AWS_LC,
    RS512_AWS_LC,
    PS256_AWS_LC,
    PS384_AWS_LC,
    PS512_AWS_LC
);

/// Every algorithm of this module on every backend of this build.
static FAMILY: &[&Algorithm] = &[
    &RS256,
    &RS384,
    &RS512,
    &PS256,
    &PS384,
    &PS512,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &RS256_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &RS384_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &RS512_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &PS256_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &PS384_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &PS512_AWS_LC,
];

per_backend!(enum KeyPair => RsaKeyPair);
per_backend!(#[derive(Clone)] enum PublicKey => RsaPublicKey);

/// An RSA private key bound to one algorithm, on its algorithm's backend.
///
/// # Examples
///
/// ```no_run
/// use jwt_ring::rsa;
///
/// let pkcs8 = std::fs::read("key.pk8")?;
/// let key = rsa::SigningKey::from_pkcs8(&rsa::RS256, &pkcs8)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SigningKey {
    algorithm: &'static Algorithm,
    pair: KeyPair,
    public: VerifyingKey,
    kid: Option<String>,
}

impl SigningKey {
    /// A key from a PKCS#8 document (DER).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the document is malformed, not RSA, or the modulus is under 2048 bits.
    pub fn from_pkcs8(algorithm: &'static Algorithm, pkcs8: &[u8]) -> Result<Self, KeyRejected> {
        let pair = make!(algorithm.backend, KeyPair, lib => lib::RsaKeyPair::from_pkcs8(pkcs8))
            .ok_or(KeyRejected::new("not a valid PKCS#8 RSA private key"))?;
        Self::from_key_pair(algorithm, pair)
    }

    /// A key from a PKCS#1 `RSAPrivateKey` document (DER).
    ///
    /// # Errors
    ///
    /// As for [`from_pkcs8`](Self::from_pkcs8).
    pub fn from_pkcs1(algorithm: &'static Algorithm, pkcs1: &[u8]) -> Result<Self, KeyRejected> {
        let pair = make!(algorithm.backend, KeyPair, lib => lib::RsaKeyPair::from_pkcs1(pkcs1))
            .ok_or(KeyRejected::new("not a valid PKCS#1 RSA private key"))?;
        Self::from_key_pair(algorithm, pair)
    }

    /// A key from its components, big-endian (as a JWK carries them, RFC 7518 §6.3.2).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the components are inconsistent or the modulus is under 2048 bits.
    pub fn from_components(
        algorithm: &'static Algorithm,
        components: &PrivateComponents<'_>,
    ) -> Result<Self, KeyRejected> {
        let pair =
            make!(algorithm.backend, KeyPair, lib => lib::RsaKeyPair::from_components(components))
                .ok_or(KeyRejected::new(
                    "RSA private key components are not a valid key pair",
                ))?;
        Self::from_key_pair(algorithm, pair)
    }

    /// A new random key of `bits` bits (2048, 3072 or 4096), with its PKCS#8 document for
    /// storage. Needs the aws-lc backend (`RS256.on(Backend::AwsLc)?`): ring cannot generate
    /// RSA keys.
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] for another size, a backend that cannot generate RSA keys, or a failed
    /// random number generator.
    pub fn generate(
        algorithm: &'static Algorithm,
        bits: usize,
    ) -> Result<(Self, Vec<u8>), KeyRejected> {
        #[cfg(feature = "aws-lc")]
        if algorithm.backend == Backend::AwsLc {
            let pkcs8 = crate::backend::aws_lc::RsaKeyPair::generate_pkcs8(bits).ok_or(
                KeyRejected::new("RSA keys are generated with 2048, 3072 or 4096 bits"),
            )?;
            let key = Self::from_pkcs8(algorithm, &pkcs8)?;
            return Ok((key, pkcs8));
        }
        let _ = (algorithm, bits);
        Err(KeyRejected::new(
            "this backend cannot generate RSA keys: use the aws-lc backend",
        ))
    }

    fn from_key_pair(algorithm: &'static Algorithm, pair: KeyPair) -> Result<Self, KeyRejected> {
        let (n, e) = crate::backend::dispatch!(&pair, KeyPair, pair => pair.public_components());
        // The same checks as for a public key: both backends then see only keys both accept.
        let public = VerifyingKey::from_components(algorithm, &n, &e)?;
        let key = Self {
            algorithm,
            pair,
            public,
            kid: None,
        };
        // ring checks the CRT values (dP, dQ) only when signing: sign once now, and verify the
        // result, so an inconsistent key is refused here rather than at the first token.
        const PROBE: &[u8] = b"jwt-ring RSA key consistency check";
        let consistent = key
            .sign(PROBE)
            .ok()
            .is_some_and(|signature| key.public.verify(PROBE, &signature).is_ok());
        if !consistent {
            return Err(KeyRejected::new(
                "RSA private key components are inconsistent",
            ));
        }
        Ok(key)
    }

    /// Sets the key id written to `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> &'static Algorithm {
        self.algorithm
    }

    /// The backend the key computes with.
    pub fn backend(&self) -> Backend {
        self.algorithm.backend
    }

    /// The matching public key, with the same key id and backend.
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
        let scheme = self.algorithm.scheme;
        crate::backend::dispatch!(&self.pair, KeyPair, pair => pair.sign(scheme, signing_input))
            .ok_or_else(SigningError::new)
    }

    fn fips(&self) -> bool {
        self.backend().is_fips()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("rsa::SigningKey")
            .field("algorithm", &self.algorithm.name)
            .field("backend", &self.algorithm.backend)
            .field("kid", &self.kid)
            .field("bits", &(self.public.n.len() * 8))
            .finish_non_exhaustive()
    }
}

/// The components of an RSA private key, big-endian, named as in a JWK (RFC 7518 §6.3.2).
#[derive(Clone, Copy)]
pub struct PrivateComponents<'a> {
    /// The modulus.
    pub n: &'a [u8],
    /// The public exponent.
    pub e: &'a [u8],
    /// The private exponent.
    pub d: &'a [u8],
    /// The first prime factor.
    pub p: &'a [u8],
    /// The second prime factor.
    pub q: &'a [u8],
    /// The first factor's CRT exponent, `d mod (p - 1)`.
    pub dp: &'a [u8],
    /// The second factor's CRT exponent, `d mod (q - 1)`.
    pub dq: &'a [u8],
    /// The CRT coefficient, `q^-1 mod p`.
    pub qi: &'a [u8],
}

impl fmt::Debug for PrivateComponents<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateComponents")
            .field("bits", &(self.n.len() * 8))
            .finish_non_exhaustive()
    }
}

/// An RSA public key bound to one algorithm, on its algorithm's backend.
#[derive(Clone)]
pub struct VerifyingKey {
    algorithm: &'static Algorithm,
    n: Vec<u8>,
    e: Vec<u8>,
    public: PublicKey,
    kid: Option<String>,
}

/// Two keys are equal when they are the same modulus and exponent for the same algorithm,
/// whatever their backends.
impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        (self.algorithm, &self.n, &self.e, &self.kid)
            == (other.algorithm, &other.n, &other.e, &other.kid)
    }
}

impl Eq for VerifyingKey {}

impl VerifyingKey {
    /// A key from its modulus `n` and public exponent `e`, big-endian (as a JWK carries them,
    /// RFC 7518 §6.3.1).
    ///
    /// # Errors
    ///
    /// [`KeyRejected`] when the modulus is under 2048 or over 8192 bits, even, or the exponent is not an odd number from 3 to 2^33 - 1 (the range ring
    /// verifies with, applied on every backend); [`KeyRejected::NOT_FIPS_APPROVED`] on a FIPS
    /// backend for a modulus of another size than 2048, 3072 or 4096 bits.
    pub fn from_components(
        algorithm: &'static Algorithm,
        n: &[u8],
        e: &[u8],
    ) -> Result<Self, KeyRejected> {
        let n = strip_leading_zeros(n);
        let e = strip_leading_zeros(e);
        if n.len() < MIN_MODULUS_LEN || (n.len() == MIN_MODULUS_LEN && n.first() < Some(&0x80)) {
            return Err(KeyRejected::new("RSA modulus is shorter than 2048 bits"));
        }
        if n.len() > MAX_MODULUS_LEN {
            return Err(KeyRejected::new("RSA modulus is longer than 8192 bits"));
        }
        if algorithm.backend.is_fips() && !fips_modulus(n) {
            return Err(KeyRejected::NOT_FIPS_APPROVED);
        }
        if n.last().is_none_or(|last| last & 1 == 0) {
            return Err(KeyRejected::new("RSA modulus is even"));
        }
        if has_roca_fingerprint(n) {
            return Err(KeyRejected::new(ROCA_REASON));
        }
        let exponent = e
            .iter()
            .try_fold(0u64, |acc, byte| {
                acc.checked_mul(256).map(|acc| acc | u64::from(*byte))
            })
            .ok_or(KeyRejected::new("RSA public exponent is too large"))?;
        if exponent < 3 || exponent & 1 == 0 || exponent >= 1 << 33 {
            return Err(KeyRejected::new(
                "RSA public exponent must be odd and from 3 to 2^33 - 1",
            ));
        }
        let public = make!(algorithm.backend, PublicKey, lib => lib::RsaPublicKey::new(algorithm.scheme, n, e))
            .ok_or(KeyRejected::new("RSA public key is not acceptable to the backend"))?;
        Ok(Self {
            algorithm,
            n: n.to_vec(),
            e: e.to_vec(),
            public,
            kid: None,
        })
    }

    /// Sets the key id matched against `kid`.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> &'static Algorithm {
        self.algorithm
    }

    /// The backend the key computes with.
    pub fn backend(&self) -> Backend {
        self.algorithm.backend
    }

    /// The modulus, big-endian, without leading zeros.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent, big-endian, without leading zeros.
    pub fn exponent(&self) -> &[u8] {
        &self.e
    }
}

const ROCA_REASON: &str =
    "RSA modulus has the ROCA fingerprint of a weak key generator (CVE-2017-15361)";

/// Whether a modulus carries the fingerprint of the key generator broken by ROCA
/// (CVE-2017-15361, Nemec et al., CCS 2017): for every small prime `p` of the published test,
/// `n mod p` lies in the subgroup of (Z/pZ)* generated by 65537. Such primes are factorable; a
/// properly generated modulus passes this test with negligible probability.
fn has_roca_fingerprint(n: &[u8]) -> bool {
    const PRIMES: [u32; 38] = [
        3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
        97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
    ];
    PRIMES.iter().all(|&p| {
        let residue = n
            .iter()
            .fold(0u32, |acc, byte| (acc * 256 + u32::from(*byte)) % p);
        let generator = 65_537 % p;
        // Walk the cyclic subgroup <65537>; it has at most p - 1 elements.
        let mut element = 1;
        for _ in 0..p {
            if element == residue {
                return true;
            }
            element = element * generator % p;
            if element == 1 {
                return false;
            }
        }
        false
    })
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

impl Verifier for VerifyingKey {
    fn algorithm(&self) -> &str {
        self.algorithm.name
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if signature.len() != self.n.len() {
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
        f.debug_struct("rsa::VerifyingKey")
            .field("algorithm", &self.algorithm.name)
            .field("backend", &self.algorithm.backend)
            .field("kid", &self.kid)
            .field("bits", &(self.n.len() * 8))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIPS module takes 2048-, 3072- and 4096-bit moduli only: the length in bytes and a
    /// top bit that makes it the full size.
    #[test]
    fn fips_moduli_are_2048_3072_or_4096_bits_exactly() {
        for len in FIPS_MODULUS_LENS {
            let mut n = vec![0xff; len];
            assert!(fips_modulus(&n), "{len}");
            n[0] = 0x7f;
            assert!(!fips_modulus(&n), "{len} bytes, one bit short");
        }
        for len in [255, 257, 320, 511, 513, 1024] {
            assert!(!fips_modulus(&vec![0xff; len]), "{len}");
        }
        assert!(!fips_modulus(&[]));
    }

    /// The modulus of the ROCA-vulnerable key in Project Wycheproof's json_web_key_test.json
    /// (group jws_rsa_roca_key; Apache-2.0, see tests/vectors/wycheproof/LICENSE).
    const ROCA_MODULUS_B64: &str = "AanFpofbj7KjD4Lf-N2hVMKR7yewSyXhhbirIMTGpfYEhZ_lnt5UoK98DnKIgArXGTu3MaW_HhFw16HGaTDUHqPrId7fe4r11CqRw09yBFuW79V8sYIwHdzCaWflUI6auImYbVfoN9_nD5n8N8SY9DwXw7mwZM9wREPXoDPgOoIWl6q_MPsp7n0zs3Z5ZaiQWOOzl1S9OhwAfSiiOwz6efnXEaxuTEtPd7BjSx7NaFka8Dx9U7YqXy2RFj1O9PjyaDGuRh7YXsX3iMUSP_wSyHQg_c_qHRtKUsNSGCT7OZg0hzm2KphtjnayKJvC64vAbROBR4Ubg6Bxg9IQVZ-QYyE";

    #[test]
    fn roca_fingerprint_is_detected_and_refused() {
        let n = crate::base64url::decode(ROCA_MODULUS_B64.as_bytes()).unwrap();
        assert!(has_roca_fingerprint(&n));
        let error = VerifyingKey::from_components(&RS256, &n, &[1, 0, 1]).unwrap_err();
        assert_eq!(error.reason(), ROCA_REASON);
        // One bit away from the fingerprinted modulus, the test no longer fires.
        let mut other = n.clone();
        let last = other.len() - 1;
        other[last] ^= 2;
        assert!(!has_roca_fingerprint(&other));
        assert!(VerifyingKey::from_components(&RS256, &other, &[1, 0, 1]).is_ok());
    }
}
