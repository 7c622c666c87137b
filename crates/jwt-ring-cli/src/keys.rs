//! Keys from files: PEM, DER, a JWK, or a raw HMAC secret; for verifying, signing and
//! publishing.
//!
//! A key is always built for one algorithm, as the library requires, and on one backend (the
//! global `--backend`, or aws-lc for ES512, which ring lacks): the one given with
//! `--alg`, or the one its type allows (P-256: ES256, P-384: ES384, P-521: ES512, Ed25519:
//! EdDSA). An RSA key
//! without `--alg` is read as RS256, and verifies every RSA algorithm, as a JWK without `alg`
//! does in a JWK Set.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use jwt_ring::jwk::{Jwk, JwkError};
use jwt_ring::{Backend, KeyRejected, Signer, Verifier, ecdsa, eddsa, hmac, rsa};

use crate::error::{CliError, file_name};
use crate::input::read_file;
use crate::p521;
use crate::secret::{Length, Secret};

/// The algorithms this tool knows, in the order help texts list them.
pub const ALGORITHM_NAMES: [&str; 13] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    "HS256", "HS384", "HS512",
];

/// The HMAC algorithms: what a secret without `--alg` may verify.
pub const HMAC_ALGORITHMS: [&hmac::Algorithm; 3] = [&hmac::HS256, &hmac::HS384, &hmac::HS512];

/// The RSA algorithms: what an RSA key without `--alg` verifies.
const RSA_ALGORITHMS: [&rsa::Algorithm; 6] = [
    &rsa::RS256,
    &rsa::RS384,
    &rsa::RS512,
    &rsa::PS256,
    &rsa::PS384,
    &rsa::PS512,
];

/// A JWS algorithm named on the command line, with the key family it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    /// RS* and PS*.
    Rsa(&'static rsa::Algorithm),
    /// ES256, ES384 and ES512 (ES512 on the aws-lc backend only: ring has no P-521).
    Ec(&'static ecdsa::Algorithm),
    /// EdDSA with Ed25519.
    EdDsa(&'static eddsa::Algorithm),
    /// HS256, HS384 and HS512.
    Hmac(&'static hmac::Algorithm),
}

impl Alg {
    /// The JWA name, as written in `alg`.
    pub fn name(self) -> &'static str {
        match self {
            Alg::Rsa(algorithm) => algorithm.name(),
            Alg::Ec(algorithm) => algorithm.name(),
            Alg::EdDsa(algorithm) => algorithm.name(),
            Alg::Hmac(algorithm) => algorithm.name(),
        }
    }

    /// The same algorithm on `backend`, or on its own backend when `backend` lacks it (ring has
    /// no ES512): keys made for the result compute with that backend.
    pub fn on(self, backend: Backend) -> Alg {
        match self {
            Alg::Rsa(algorithm) => Alg::Rsa(algorithm.on(backend).unwrap_or(algorithm)),
            Alg::Ec(algorithm) => Alg::Ec(algorithm.on(backend).unwrap_or(algorithm)),
            Alg::EdDsa(algorithm) => Alg::EdDsa(algorithm.on(backend).unwrap_or(algorithm)),
            Alg::Hmac(algorithm) => Alg::Hmac(algorithm.on(backend).unwrap_or(algorithm)),
        }
    }

    /// The backend keys made for this algorithm compute with.
    pub fn backend(self) -> Backend {
        match self {
            Alg::Rsa(algorithm) => algorithm.backend(),
            Alg::Ec(algorithm) => algorithm.backend(),
            Alg::EdDsa(algorithm) => algorithm.backend(),
            Alg::Hmac(algorithm) => algorithm.backend(),
        }
    }
}

/// The backend a key for the algorithm named `alg` computes with when `chosen` is asked for:
/// `chosen`, unless it lacks the algorithm (ring has no ES512).
pub fn backend_for(chosen: Backend, alg: &str) -> Backend {
    alg.parse::<Alg>()
        .map_or(chosen, |alg| alg.on(chosen).backend())
}

impl FromStr for Alg {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Ok(match name {
            "RS256" => Alg::Rsa(&rsa::RS256),
            "RS384" => Alg::Rsa(&rsa::RS384),
            "RS512" => Alg::Rsa(&rsa::RS512),
            "PS256" => Alg::Rsa(&rsa::PS256),
            "PS384" => Alg::Rsa(&rsa::PS384),
            "PS512" => Alg::Rsa(&rsa::PS512),
            "ES256" => Alg::Ec(&ecdsa::ES256),
            "ES384" => Alg::Ec(&ecdsa::ES384),
            "ES512" => Alg::Ec(&ecdsa::ES512),
            "EdDSA" => Alg::EdDsa(&eddsa::EDDSA),
            "HS256" => Alg::Hmac(&hmac::HS256),
            "HS384" => Alg::Hmac(&hmac::HS384),
            "HS512" => Alg::Hmac(&hmac::HS512),
            _ => {
                return Err(format!(
                    "unsupported algorithm: use one of {}",
                    ALGORITHM_NAMES.join(", ")
                ));
            }
        })
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A private key read from PEM or DER.
pub enum Private {
    /// RSA.
    Rsa(rsa::SigningKey),
    /// P-256, P-384 or P-521.
    Ec(ecdsa::SigningKey),
    /// Ed25519.
    Ed(eddsa::SigningKey),
}

impl Private {
    fn public(&self) -> Public {
        match self {
            Private::Rsa(key) => Public::Rsa(key.verifying_key()),
            Private::Ec(key) => Public::Ec(key.verifying_key()),
            Private::Ed(key) => Public::Ed(key.verifying_key()),
        }
    }

    fn into_signer(self) -> Box<dyn Signer> {
        match self {
            Private::Rsa(key) => Box::new(key),
            Private::Ec(key) => Box::new(key),
            Private::Ed(key) => Box::new(key),
        }
    }
}

/// A public key read from PEM or DER (or the public half of a private one).
pub enum Public {
    /// RSA.
    Rsa(rsa::VerifyingKey),
    /// P-256, P-384 or P-521.
    Ec(ecdsa::VerifyingKey),
    /// Ed25519.
    Ed(eddsa::VerifyingKey),
}

impl Public {
    /// The public JWK, with the key's algorithm and `use: "sig"`.
    pub fn to_jwk(&self) -> Jwk {
        match self {
            Public::Rsa(key) => key.to_jwk(),
            Public::Ec(key) => key.to_jwk(),
            Public::Ed(key) => key.to_jwk(),
        }
    }
}

/// What a key file holds.
pub enum KeyFile {
    /// A JWK: public, private or `oct`.
    Jwk(Jwk),
    /// A PEM or DER key: a private key (with its public half) or a public key alone.
    Pem {
        /// The private key, when the file holds one (boxed: it also holds its public half).
        private: Option<Box<Private>>,
        /// The public key.
        public: Public,
    },
    /// The raw bytes of an HMAC secret (only with an `HS*` `--alg`).
    Secret(Secret),
}

/// Why a key file cannot be used for what was asked.
pub type KeyResult<T> = Result<T, String>;

impl KeyFile {
    /// Reads the key file at `path`, for `alg` when given; a PEM or DER key is built on
    /// `backend` (aws-lc for ES512).
    ///
    /// # Errors
    ///
    /// An I/O error, or a usage error naming the file and why its key was refused.
    pub fn load(path: &Path, alg: Option<Alg>, backend: Backend) -> Result<Self, CliError> {
        let what = file_name("key file", path);
        let bytes = read_file("key file", path)?;
        Self::parse(&bytes, alg, backend)
            .map_err(|reason| CliError::usage(format!("{what} {reason}")))
    }

    fn parse(bytes: &[u8], alg: Option<Alg>, backend: Backend) -> KeyResult<Self> {
        let text = std::str::from_utf8(bytes).ok();
        if let Some(json) = text.filter(|text| text.trim_start().starts_with('{')) {
            if is_jwk_set(json) {
                return Err("holds a JWK Set, not one key (verify with `--jwks FILE`)".into());
            }
            return Jwk::from_json(json)
                .map(KeyFile::Jwk)
                .map_err(|error| format!("is not a usable JWK: {error}"));
        }
        let pem = text.filter(|text| text.contains("-----BEGIN "));
        if let Some(Alg::Hmac(algorithm)) = alg {
            // A public key used as an HMAC secret is the classic algorithm confusion: refuse
            // any file that reads as a key.
            let kind = match pem {
                Some(_) => Some("PEM"),
                None => read_pair(Material::Der(bytes), None, backend)
                    .ok()
                    .map(|_| "DER"),
            };
            if let Some(kind) = kind {
                return Err(format!(
                    "is a {kind} key; an {} key is a raw secret file or an `oct` JWK",
                    algorithm.name()
                ));
            }
            return Ok(KeyFile::Secret(Secret::new(bytes.to_vec())));
        }
        let material = match pem {
            Some(pem) => Material::Pem(pem),
            None => Material::Der(bytes),
        };
        let (private, public) =
            read_pair(material, alg, backend).map_err(|error| match (alg, pem) {
                (Some(alg), _) => format!("cannot be used for {alg}: {error}"),
                (None, Some(_)) => format!("is not a supported key: {error}"),
                (None, None) => format!(
                    "is not a supported key: {error} (for an HMAC secret file, give `--alg HS256`)"
                ),
            })?;
        Ok(KeyFile::Pem {
            private: private.map(Box::new),
            public,
        })
    }

    /// Verifiers for `alg`, or for every algorithm the key allows: public halves only, so a
    /// private key file verifies as its public key. `length` says whether a raw secret may be
    /// shorter than its hash. A JWK or secret is built on `backend` (aws-lc for ES512); a PEM or
    /// DER key keeps the backend it was read for.
    ///
    /// # Errors
    ///
    /// Why the key cannot verify (a JWK for another algorithm, `use: "enc"`, a short secret...).
    pub fn into_verifiers(
        self,
        alg: Option<Alg>,
        length: Length,
        backend: Backend,
    ) -> KeyResult<Vec<Box<dyn Verifier>>> {
        match self {
            KeyFile::Jwk(jwk) => {
                let public = if jwk.is_private() && !jwk.is_symmetric() {
                    jwk.to_public().map_err(|error| error.to_string())?
                } else {
                    jwk
                };
                let names: Vec<&str> = match alg {
                    Some(alg) => vec![alg.name()],
                    None => public.algorithms(),
                };
                names
                    .into_iter()
                    .map(|name| public.verifier_on(name, backend_for(backend, name)))
                    .collect::<Result<_, _>>()
                    .map_err(|error| format!("cannot verify: {error}"))
            }
            KeyFile::Pem { public, .. } => Ok(match public {
                Public::Rsa(key) if alg.is_none() => rsa_verifiers(&key)?,
                Public::Rsa(key) => vec![Box::new(key)],
                Public::Ec(key) => vec![Box::new(key)],
                Public::Ed(key) => vec![Box::new(key)],
            }),
            KeyFile::Secret(secret) => Ok(secret
                .hmac_keys(alg, length, backend)?
                .into_iter()
                .map(|key| Box::new(key) as Box<dyn Verifier>)
                .collect()),
        }
    }

    /// A signer for `alg` (or the key's own algorithm), and the public JWK whose thumbprint is
    /// the default `kid` (none for a secret). A JWK or secret is built on `backend` (aws-lc for
    /// ES512); a PEM or DER key keeps the backend it was read for.
    ///
    /// # Errors
    ///
    /// Why the key cannot sign: a public key, a JWK for another algorithm, a short secret.
    pub fn into_signer(
        self,
        alg: Option<Alg>,
        length: Length,
        backend: Backend,
    ) -> KeyResult<(Box<dyn Signer>, Option<Jwk>)> {
        match self {
            KeyFile::Jwk(jwk) => {
                let signer = jwk_signer(&jwk, alg, backend)
                    .map_err(|error| format!("cannot sign: {error}"))?;
                let public = if jwk.is_symmetric() {
                    None
                } else {
                    Some(jwk.to_public().map_err(|error| error.to_string())?)
                };
                Ok((signer, public))
            }
            KeyFile::Pem {
                private: Some(private),
                public,
            } => Ok((private.into_signer(), Some(public.to_jwk()))),
            KeyFile::Pem { private: None, .. } => {
                Err("holds a public key; signing needs the private key".into())
            }
            KeyFile::Secret(secret) => Ok((secret_signer(&secret, alg, length, backend)?, None)),
        }
    }

    /// The public JWK, never with private members.
    ///
    /// # Errors
    ///
    /// For a symmetric secret, which has no public half and is never published.
    pub fn public_jwk(&self) -> KeyResult<Jwk> {
        match self {
            KeyFile::Jwk(jwk) if jwk.is_symmetric() => Err(SYMMETRIC.into()),
            KeyFile::Jwk(jwk) => jwk.to_public().map_err(|error| error.to_string()),
            KeyFile::Pem { public, .. } => Ok(public.to_jwk()),
            KeyFile::Secret(_) => Err(SYMMETRIC.into()),
        }
    }

    /// The public JWK to publish in a JWK Set: as [`public_jwk`](Self::public_jwk), except that
    /// an RSA key read from PEM or DER without `alg` gets no `alg`, so that it serves every RSA
    /// algorithm there, as it does for `verify --key`.
    ///
    /// # Errors
    ///
    /// As for [`public_jwk`](Self::public_jwk).
    pub fn published_jwk(&self, alg: Option<Alg>) -> KeyResult<Jwk> {
        let jwk = self.public_jwk()?;
        match (self, alg) {
            (
                KeyFile::Pem {
                    public: Public::Rsa(_),
                    ..
                },
                None,
            ) => without_alg(&jwk),
            _ => Ok(jwk),
        }
    }
}

/// `jwk` without its `alg` member.
fn without_alg(jwk: &Jwk) -> KeyResult<Jwk> {
    let mut members: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&jwk.to_json()).map_err(|error| error.to_string())?;
    members.remove("alg");
    Jwk::from_json(&serde_json::Value::Object(members).to_string())
        .map_err(|error| error.to_string())
}

const SYMMETRIC: &str = "holds a symmetric secret, which has no public key to publish";

/// A signer from `secret` for `alg` (HS256 by default), on `backend`.
///
/// # Errors
///
/// As for [`Secret::hmac_keys`].
pub fn secret_signer(
    secret: &Secret,
    alg: Option<Alg>,
    length: Length,
    backend: Backend,
) -> KeyResult<Box<dyn Signer>> {
    let alg = alg.unwrap_or(Alg::Hmac(&hmac::HS256));
    secret
        .hmac_keys(Some(alg), length, backend)?
        .into_iter()
        .next()
        .map(|key| Box::new(key) as Box<dyn Signer>)
        .ok_or_else(|| format!("cannot be used for {alg}"))
}

/// A signer from the private (or `oct`) `jwk` for `alg`, or for the algorithm the library's
/// `Jwk::signer` picks (its `alg`, or the only one its type allows: `EdDSA` for Ed25519), on
/// `backend` (aws-lc for ES512).
///
/// # Errors
///
/// As for `Jwk::signer_on`; [`JwkError::AlgorithmNeeded`] for an RSA or `oct` JWK without
/// `alg` when no `alg` is given.
pub fn jwk_signer(
    jwk: &Jwk,
    alg: Option<Alg>,
    backend: Backend,
) -> Result<Box<dyn Signer>, JwkError> {
    let name = match alg {
        Some(alg) => alg.name(),
        None => own_algorithm(jwk)?,
    };
    jwk.signer_on(name, backend_for(backend, name))
}

/// The algorithm `Jwk::signer` signs with: the JWK's `alg`, or the only one its type allows
/// (RFC 8037's `EdDSA` for Ed25519, which also allows RFC 9864's `Ed25519`).
fn own_algorithm(jwk: &Jwk) -> Result<&str, JwkError> {
    if let Some(alg) = jwk.algorithm() {
        return Ok(alg);
    }
    match jwk.algorithms().as_slice() {
        [only] => Ok(only),
        [first, ..] if jwk.key_type() == "OKP" => Ok(first),
        _ => Err(JwkError::AlgorithmNeeded),
    }
}

/// Whether `json` is a JWK Set rather than one JWK: an object with a `keys` member.
fn is_jwk_set(json: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json)
        .is_ok_and(|object| object.contains_key("keys"))
}

/// One verifier per RSA algorithm for the same public key, on its backend.
fn rsa_verifiers(key: &rsa::VerifyingKey) -> KeyResult<Vec<Box<dyn Verifier>>> {
    RSA_ALGORITHMS
        .iter()
        .map(|algorithm| {
            let algorithm = algorithm.on(key.backend()).unwrap_or(algorithm);
            rsa::VerifyingKey::from_components(algorithm, key.modulus(), key.exponent())
                .map(|key| Box::new(key) as Box<dyn Verifier>)
                .map_err(|error| error.to_string())
        })
        .collect()
}

/// A key file's bytes, as PEM text or as DER.
#[derive(Clone, Copy)]
enum Material<'a> {
    Pem(&'a str),
    Der(&'a [u8]),
}

/// The private key (if any) and public key in `material`, for `alg` or for the first family
/// that reads it, on `backend` (aws-lc for ES512).
fn read_pair(
    material: Material<'_>,
    alg: Option<Alg>,
    backend: Backend,
) -> Result<(Option<Private>, Public), KeyRejected> {
    let candidates = match alg {
        Some(alg) => vec![alg],
        None => vec![
            Alg::Ec(&ecdsa::ES256),
            Alg::Ec(&ecdsa::ES384),
            Alg::Ec(&ecdsa::ES512),
            Alg::EdDsa(&eddsa::EDDSA),
            Alg::Rsa(&rsa::RS256),
        ],
    };
    let mut best: Option<KeyRejected> = None;
    for candidate in candidates.into_iter().map(|alg| alg.on(backend)) {
        match read_pair_for(material, candidate) {
            Ok(pair) => return Ok(pair),
            Err(error) => best = Some(better(best, error)),
        }
    }
    match best {
        Some(error) if alg.is_some() || rank(&error) > 1 => Err(error),
        _ => Err(KeyRejected::new(
            "the key type is not supported (RSA, P-256, P-384, P-521 and Ed25519 are)",
        )),
    }
}

fn read_pair_for(
    material: Material<'_>,
    alg: Alg,
) -> Result<(Option<Private>, Public), KeyRejected> {
    match read_private(material, alg) {
        Ok(private) => {
            let public = private.public();
            Ok((Some(private), public))
        }
        Err(private_error) => read_public(material, alg)
            .map(|public| (None, public))
            .map_err(|public_error| better(Some(private_error), public_error)),
    }
}

fn read_private(material: Material<'_>, alg: Alg) -> Result<Private, KeyRejected> {
    match (alg, material) {
        (Alg::Rsa(algorithm), Material::Pem(pem)) => {
            rsa::SigningKey::from_pem(algorithm, pem).map(Private::Rsa)
        }
        (Alg::Rsa(algorithm), Material::Der(der)) => {
            either(rsa::SigningKey::from_pkcs8(algorithm, der), || {
                rsa::SigningKey::from_pkcs1(algorithm, der)
            })
            .map(Private::Rsa)
        }
        (Alg::Ec(algorithm), Material::Pem(pem)) if p521::is_p521(algorithm) => {
            p521::signing_key_from_pem(algorithm, pem).map(Private::Ec)
        }
        (Alg::Ec(algorithm), Material::Der(der)) if p521::is_p521(algorithm) => {
            either(p521::signing_key_from_pkcs8(algorithm, der), || {
                p521::signing_key_from_sec1(algorithm, der)
            })
            .map(Private::Ec)
        }
        (Alg::Ec(algorithm), Material::Pem(pem)) => {
            ecdsa::SigningKey::from_pem(algorithm, pem).map(Private::Ec)
        }
        (Alg::Ec(algorithm), Material::Der(der)) => {
            either(ecdsa::SigningKey::from_pkcs8(algorithm, der), || {
                ecdsa::SigningKey::from_sec1_der(algorithm, der)
            })
            .map(Private::Ec)
        }
        (Alg::EdDsa(algorithm), Material::Pem(pem)) => {
            eddsa::SigningKey::from_pem_for(algorithm, pem).map(Private::Ed)
        }
        (Alg::EdDsa(algorithm), Material::Der(der)) => {
            eddsa::SigningKey::from_pkcs8_for(algorithm, der).map(Private::Ed)
        }
        (Alg::Hmac(_), _) => Err(NOT_HMAC),
    }
}

fn read_public(material: Material<'_>, alg: Alg) -> Result<Public, KeyRejected> {
    match (alg, material) {
        (Alg::Rsa(algorithm), Material::Pem(pem)) => {
            rsa::VerifyingKey::from_pem(algorithm, pem).map(Public::Rsa)
        }
        (Alg::Rsa(algorithm), Material::Der(der)) => either(
            either(rsa::VerifyingKey::from_spki_der(algorithm, der), || {
                rsa::VerifyingKey::from_pkcs1_der(algorithm, der)
            }),
            || rsa::VerifyingKey::from_certificate_der(algorithm, der),
        )
        .map(Public::Rsa),
        (Alg::Ec(algorithm), Material::Pem(pem)) if p521::is_p521(algorithm) => {
            p521::verifying_key_from_pem(algorithm, pem).map(Public::Ec)
        }
        (Alg::Ec(algorithm), Material::Der(der)) if p521::is_p521(algorithm) => {
            either(p521::verifying_key_from_spki(algorithm, der), || {
                p521::verifying_key_from_certificate(algorithm, der)
            })
            .map(Public::Ec)
        }
        (Alg::Ec(algorithm), Material::Pem(pem)) => {
            ecdsa::VerifyingKey::from_pem(algorithm, pem).map(Public::Ec)
        }
        (Alg::Ec(algorithm), Material::Der(der)) => {
            either(ecdsa::VerifyingKey::from_spki_der(algorithm, der), || {
                ecdsa::VerifyingKey::from_certificate_der(algorithm, der)
            })
            .map(Public::Ec)
        }
        (Alg::EdDsa(algorithm), Material::Pem(pem)) => {
            eddsa::VerifyingKey::from_pem_for(algorithm, pem).map(Public::Ed)
        }
        (Alg::EdDsa(algorithm), Material::Der(der)) => {
            either(
                eddsa::VerifyingKey::from_spki_der_for(algorithm, der),
                || {
                    // The library reads a DER certificate on the default backend only: the key's
                    // bytes are then taken to `algorithm`'s.
                    eddsa::VerifyingKey::from_certificate_der(der).and_then(|key| {
                        eddsa::VerifyingKey::from_bytes_for(algorithm, key.as_bytes())
                    })
                },
            )
            .map(Public::Ed)
        }
        (Alg::Hmac(_), _) => Err(NOT_HMAC),
    }
}

const NOT_HMAC: KeyRejected =
    KeyRejected::new("an HMAC key is a raw secret or an `oct` JWK, not a PEM or DER key");

/// `first`, or else `second()`; when both fail, the more telling error.
fn either<T>(
    first: Result<T, KeyRejected>,
    second: impl FnOnce() -> Result<T, KeyRejected>,
) -> Result<T, KeyRejected> {
    first.or_else(|first_error| second().map_err(|error| better(Some(first_error), error)))
}

/// How much an error says about the key: a PEM label this reader does not take (0) or a key of
/// another family (1) says only that another reader should be tried, malformed or foreign DER
/// (2) that this reader could not parse it, anything else (3) why a key of the right type was
/// refused.
fn rank(error: &KeyRejected) -> u8 {
    match error.reason() {
        "PEM label is not a supported key type for this constructor" => 0,
        "key is not RSA"
        | "key is not an EC key"
        | "key is not Ed25519"
        | "EC key is for a different curve than the algorithm" => 1,
        "DER is malformed"
        | "not a valid PKCS#8 RSA private key"
        | "not a valid PKCS#1 RSA private key"
        | "not a PKCS#8 private key for this algorithm's curve"
        | "not a valid PKCS#8 Ed25519 private key" => 2,
        _ => 3,
    }
}

/// The more telling of two errors; the earlier one on a tie.
fn better(earlier: Option<KeyRejected>, later: KeyRejected) -> KeyRejected {
    match earlier {
        Some(earlier) if rank(&earlier) >= rank(&later) => earlier,
        _ => later,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BACKENDS: [Backend; 2] = [Backend::Ring, Backend::AwsLc];

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    fn library_fixture(name: &str) -> Vec<u8> {
        read(&format!("../../tests/fixtures/pem/{name}"))
    }

    /// The backends of the private key (if any) and the public key read from `bytes`.
    fn backends(bytes: &[u8], alg: Option<Alg>, backend: Backend) -> (Option<Backend>, Backend) {
        let Ok(KeyFile::Pem { private, public }) = KeyFile::parse(bytes, alg, backend) else {
            panic!("not a PEM or DER key");
        };
        let private = private.map(|private| match *private {
            Private::Rsa(key) => key.backend(),
            Private::Ec(key) => key.backend(),
            Private::Ed(key) => key.backend(),
        });
        let public = match public {
            Public::Rsa(key) => key.backend(),
            Public::Ec(key) => key.backend(),
            Public::Ed(key) => key.backend(),
        };
        (private, public)
    }

    #[test]
    fn alg_on_a_backend_keeps_its_name_and_es512_stays_on_aws_lc() {
        for name in ALGORITHM_NAMES {
            let alg: Alg = name.parse().unwrap();
            assert_eq!(alg.backend(), Backend::DEFAULT.max_for(name), "{name}");
            for backend in BACKENDS {
                let moved = alg.on(backend);
                assert_eq!(moved.name(), name);
                assert_eq!(
                    moved.backend(),
                    backend.max_for(name),
                    "{name} on {backend}"
                );
                assert_eq!(backend_for(backend, name), backend.max_for(name));
            }
        }
        // A name `jwt` does not parse keeps the backend asked for.
        assert_eq!(backend_for(Backend::AwsLc, "Ed25519"), Backend::AwsLc);
        assert_eq!(backend_for(Backend::Ring, "Ed25519"), Backend::Ring);
    }

    /// ES512 is on aws-lc whatever backend is asked for; every other algorithm on `self`.
    trait MaxFor {
        fn max_for(self, name: &str) -> Backend;
    }

    impl MaxFor for Backend {
        fn max_for(self, name: &str) -> Backend {
            if name == "ES512" {
                Backend::AwsLc
            } else {
                self
            }
        }
    }

    #[test]
    fn pem_and_der_keys_are_read_on_the_backend() {
        let files = [
            (library_fixture("p256-pkcs8.pem"), true, false),
            (library_fixture("p256-sec1.der"), true, false),
            (library_fixture("p384-spki.der"), false, false),
            (library_fixture("p256-cert.pem"), false, false),
            (library_fixture("rsa2048-pkcs8.pem"), true, false),
            (library_fixture("rsa2048-pkcs1.der"), true, false),
            (library_fixture("rsa2048-spki.pem"), false, false),
            (library_fixture("ed25519-pkcs8-v1.pem"), true, false),
            (library_fixture("ed25519-pkcs8-v1.der"), true, false),
            (library_fixture("ed25519-spki.der"), false, false),
            (library_fixture("ed25519-cert.der"), false, false),
            (library_fixture("ed25519-cert.pem"), false, false),
            (read("tests/fixtures/p521-pkcs8.pem"), true, true),
            (read("tests/fixtures/p521-spki.der"), false, true),
        ];
        for (index, (bytes, private, p521)) in files.into_iter().enumerate() {
            for backend in BACKENDS {
                // A FIPS module refuses Ed25519 keys by name (files 7 to 11 are Ed25519).
                if backend.is_fips() && (7..=11).contains(&index) {
                    assert!(KeyFile::parse(&bytes, None, backend).is_err());
                    continue;
                }
                let expected = if p521 { Backend::AwsLc } else { backend };
                let (private_backend, public_backend) = backends(&bytes, None, backend);
                assert_eq!(private_backend, private.then_some(expected));
                assert_eq!(public_backend, expected);
            }
        }
        // With --alg too.
        let es384 = Some(Alg::Ec(&ecdsa::ES384));
        let p384 = library_fixture("p384-pkcs8.pem");
        for backend in BACKENDS {
            assert_eq!(backends(&p384, es384, backend), (Some(backend), backend));
        }
    }

    #[test]
    fn jwk_signers_take_the_library_s_algorithm() {
        let signer = |json: &str, alg: Option<Alg>| {
            let jwk = Jwk::from_json(json).unwrap();
            jwk_signer(&jwk, alg, Backend::AwsLc).map(|signer| signer.algorithm().to_owned())
        };
        // RFC 7515 Appendix A.3 and RFC 8037 Appendix A.1: no `alg`.
        let ec = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
        assert_eq!(signer(ec, None).unwrap(), "ES256");
        let ed = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        if Backend::AwsLc.is_fips() {
            assert!(signer(ed, None).is_err(), "a FIPS module refuses Ed25519");
        } else {
            assert_eq!(signer(ed, None).unwrap(), "EdDSA");
        }
        // RFC 7515 Appendix A.1: 64 bytes.
        let oct = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
        assert!(matches!(signer(oct, None), Err(JwkError::AlgorithmNeeded)));
        assert_eq!(signer(oct, Some(Alg::Hmac(&hmac::HS256))).unwrap(), "HS256");
        let oct_hs384 = oct.replace("{", r#"{"alg":"HS384","#);
        assert_eq!(signer(&oct_hs384, None).unwrap(), "HS384");
    }
}
