//! Keys from files: PEM, DER, a JWK, or a raw HMAC secret; for verifying, signing and
//! publishing.
//!
//! A key is always built for one algorithm, as the library requires: the one given with
//! `--alg`, or the one its type allows (P-256: ES256, P-384: ES384, P-521: ES512, Ed25519:
//! EdDSA). An RSA key
//! without `--alg` is read as RS256, and verifies every RSA algorithm, as a JWK without `alg`
//! does in a JWK Set.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use jwt_ring::jwk::Jwk;
use jwt_ring::{KeyRejected, Signer, Verifier, ecdsa, eddsa, hmac, rsa};

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
    /// Ed25519.
    EdDsa,
    /// HS256, HS384 and HS512.
    Hmac(&'static hmac::Algorithm),
}

impl Alg {
    /// The JWA name, as written in `alg`.
    pub fn name(self) -> &'static str {
        match self {
            Alg::Rsa(algorithm) => algorithm.name(),
            Alg::Ec(algorithm) => algorithm.name(),
            Alg::EdDsa => "EdDSA",
            Alg::Hmac(algorithm) => algorithm.name(),
        }
    }
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
            "EdDSA" => Alg::EdDsa,
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
    /// Reads the key file at `path`, for `alg` when given.
    ///
    /// # Errors
    ///
    /// An I/O error, or a usage error naming the file and why its key was refused.
    pub fn load(path: &Path, alg: Option<Alg>) -> Result<Self, CliError> {
        let what = file_name("key file", path);
        let bytes = read_file("key file", path)?;
        Self::parse(&bytes, alg).map_err(|reason| CliError::usage(format!("{what} {reason}")))
    }

    fn parse(bytes: &[u8], alg: Option<Alg>) -> KeyResult<Self> {
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
                None => read_pair(Material::Der(bytes), None).ok().map(|_| "DER"),
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
        let (private, public) = read_pair(material, alg).map_err(|error| match (alg, pem) {
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
    /// shorter than its hash.
    ///
    /// # Errors
    ///
    /// Why the key cannot verify (a JWK for another algorithm, `use: "enc"`, a short secret...).
    pub fn into_verifiers(
        self,
        alg: Option<Alg>,
        length: Length,
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
                    .map(|name| public.verifier_for(name))
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
                .hmac_keys(alg, length)?
                .into_iter()
                .map(|key| Box::new(key) as Box<dyn Verifier>)
                .collect()),
        }
    }

    /// A signer for `alg` (or the key's own algorithm), and the public JWK whose thumbprint is
    /// the default `kid` (none for a secret).
    ///
    /// # Errors
    ///
    /// Why the key cannot sign: a public key, a JWK for another algorithm, a short secret.
    pub fn into_signer(
        self,
        alg: Option<Alg>,
        length: Length,
    ) -> KeyResult<(Box<dyn Signer>, Option<Jwk>)> {
        match self {
            KeyFile::Jwk(jwk) => {
                let signer = match alg {
                    Some(alg) => jwk.signer_for(alg.name()),
                    None => jwk.signer(),
                }
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
            KeyFile::Secret(secret) => Ok((secret_signer(&secret, alg, length)?, None)),
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

/// A signer from `secret` for `alg` (HS256 by default).
///
/// # Errors
///
/// As for [`Secret::hmac_keys`].
pub fn secret_signer(
    secret: &Secret,
    alg: Option<Alg>,
    length: Length,
) -> KeyResult<Box<dyn Signer>> {
    let alg = alg.unwrap_or(Alg::Hmac(&hmac::HS256));
    secret
        .hmac_keys(Some(alg), length)?
        .into_iter()
        .next()
        .map(|key| Box::new(key) as Box<dyn Signer>)
        .ok_or_else(|| format!("cannot be used for {alg}"))
}

/// Whether `json` is a JWK Set rather than one JWK: an object with a `keys` member.
fn is_jwk_set(json: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json)
        .is_ok_and(|object| object.contains_key("keys"))
}

/// One verifier per RSA algorithm for the same public key.
fn rsa_verifiers(key: &rsa::VerifyingKey) -> KeyResult<Vec<Box<dyn Verifier>>> {
    RSA_ALGORITHMS
        .iter()
        .map(|algorithm| {
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
/// that reads it.
fn read_pair(
    material: Material<'_>,
    alg: Option<Alg>,
) -> Result<(Option<Private>, Public), KeyRejected> {
    let candidates = match alg {
        Some(alg) => vec![alg],
        None => vec![
            Alg::Ec(&ecdsa::ES256),
            Alg::Ec(&ecdsa::ES384),
            Alg::Ec(&ecdsa::ES512),
            Alg::EdDsa,
            Alg::Rsa(&rsa::RS256),
        ],
    };
    let mut best: Option<KeyRejected> = None;
    for candidate in candidates {
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
        (Alg::EdDsa, Material::Pem(pem)) => eddsa::SigningKey::from_pem(pem).map(Private::Ed),
        (Alg::EdDsa, Material::Der(der)) => eddsa::SigningKey::from_pkcs8(der).map(Private::Ed),
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
        (Alg::EdDsa, Material::Pem(pem)) => eddsa::VerifyingKey::from_pem(pem).map(Public::Ed),
        (Alg::EdDsa, Material::Der(der)) => either(eddsa::VerifyingKey::from_spki_der(der), || {
            eddsa::VerifyingKey::from_certificate_der(der)
        })
        .map(Public::Ed),
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
