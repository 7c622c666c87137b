//! JWE keys for `encrypt` and `decrypt`: the key-management (`alg`) and content-encryption
//! (`enc`) names, and keys read from a JWK, a JWK Set, a PEM or DER key, or a secret.
//!
//! Every JWE key computes with aws-lc, whatever `--backend` says: ring has no AES key wrap, no
//! RSA-OAEP, no static ECDH key and no AES-CBC, and a key's backend also runs its content
//! encryption. A key is made for one key-management algorithm, as the library requires: the
//! JWK's `alg`, or `--alg`; a JWK whose `alg` names another algorithm is refused.
//! PEM and DER keys are read by `jwe_pem`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use jwt_ring::Backend;
use jwt_ring::jwe::{self, ContentEncryption, DecryptingKey, EncryptingKey, KeyAlgorithm};
use jwt_ring::jwk::{Jwk, JwkError};
use jwt_ring::rsa::PrivateComponents;

use crate::error::{CliError, file_name};
use crate::input::{read_file, read_text_file};
use crate::jwe_pem::{self, Asymmetric, article, modulus_bits};
use crate::secret::Secret;

/// The key-management algorithms, in the order help texts list them (never `RSA1_5`, never
/// `PBES2-*`).
const KEY_ALGORITHMS: [&KeyAlgorithm; 10] = [
    &jwe::DIR,
    &jwe::A128KW,
    &jwe::A256KW,
    &jwe::A128GCMKW,
    &jwe::A256GCMKW,
    &jwe::RSA_OAEP,
    &jwe::RSA_OAEP_256,
    &jwe::ECDH_ES,
    &jwe::ECDH_ES_A128KW,
    &jwe::ECDH_ES_A256KW,
];

/// The content encryptions: what `decrypt` accepts by default.
pub const ENCRYPTIONS: [&ContentEncryption; 4] = [
    &jwe::A128GCM,
    &jwe::A256GCM,
    &jwe::A128CBC_HS256,
    &jwe::A256CBC_HS512,
];

/// The symmetric algorithms, as messages list them.
const SYMMETRIC_NAMES: &str = "dir, A128KW, A256KW, A128GCMKW or A256GCMKW";

/// The kind of key an algorithm takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// A shared secret: `dir`, `A*KW`, `A*GCMKW`.
    Symmetric,
    /// An RSA key pair: `RSA-OAEP`, `RSA-OAEP-256`.
    Rsa,
    /// An EC or X25519 key pair: `ECDH-ES`, `ECDH-ES+A*KW`.
    Ecdh,
}

/// A key-management algorithm (`alg`) named on the command line, on aws-lc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyAlg(&'static KeyAlgorithm);

impl KeyAlg {
    /// The library's algorithm, on aws-lc.
    pub fn algorithm(self) -> &'static KeyAlgorithm {
        self.0
    }

    /// The JWA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The kind of key it takes.
    pub fn family(self) -> Family {
        match self.name() {
            "RSA-OAEP" | "RSA-OAEP-256" => Family::Rsa,
            name if name.starts_with("ECDH-ES") => Family::Ecdh,
            _ => Family::Symmetric,
        }
    }

    /// The algorithms of `family`, in help order.
    fn of(family: Family) -> Vec<KeyAlg> {
        KEY_ALGORITHMS
            .iter()
            .map(|algorithm| KeyAlg::new(algorithm))
            .filter(|alg| alg.family() == family)
            .collect()
    }

    fn new(algorithm: &'static KeyAlgorithm) -> Self {
        KeyAlg(algorithm.on(Backend::AwsLc).unwrap_or(algorithm))
    }
}

impl FromStr for KeyAlg {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        KEY_ALGORITHMS
            .iter()
            .find(|algorithm| algorithm.name() == name)
            .map(|algorithm| KeyAlg::new(algorithm))
            .ok_or_else(|| {
                let names: Vec<&str> = KEY_ALGORITHMS.iter().map(|alg| alg.name()).collect();
                format!(
                    "unsupported key-management algorithm: use one of {}",
                    names.join(", ")
                )
            })
    }
}

impl fmt::Display for KeyAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A content encryption (`enc`) named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enc(&'static ContentEncryption);

impl Enc {
    /// The library's content encryption.
    pub fn encryption(self) -> &'static ContentEncryption {
        self.0
    }
}

impl FromStr for Enc {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        ENCRYPTIONS
            .iter()
            .find(|enc| enc.name() == name)
            .map(|enc| Enc(enc))
            .ok_or_else(|| {
                let names: Vec<&str> = ENCRYPTIONS.iter().map(|enc| enc.name()).collect();
                format!(
                    "unsupported content encryption: use one of {}",
                    names.join(", ")
                )
            })
    }
}

impl fmt::Display for Enc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

/// Where a JWE key comes from.
#[derive(Debug)]
pub enum KeySource {
    /// One key from a file: a JWK, a PEM or DER key, or a raw secret.
    KeyFile(PathBuf),
    /// A JWK Set file.
    JwksFile(PathBuf),
    /// A symmetric key from the environment or standard input, and how messages name it.
    Secret {
        /// The secret.
        secret: Secret,
        /// Where it came from.
        what: String,
    },
}

impl KeySource {
    /// The source named by exactly one of `--key`, `--jwks` and a secret.
    ///
    /// # Errors
    ///
    /// A usage error unless exactly one is given.
    pub fn from_args(
        key: Option<PathBuf>,
        jwks: Option<PathBuf>,
        secret: Option<(Secret, String)>,
    ) -> Result<Self, CliError> {
        match (key, jwks, secret) {
            (Some(path), None, None) => Ok(KeySource::KeyFile(path)),
            (None, Some(path), None) => Ok(KeySource::JwksFile(path)),
            (None, None, Some((secret, what))) => Ok(KeySource::Secret { secret, what }),
            _ => Err(CliError::usage(
                "give exactly one of `--key`, `--jwks`, `--secret-env` and `--secret-stdin`",
            )),
        }
    }

    /// The key to encrypt to: for `alg`, or the JWK's own; with `kid` written to the token
    /// (for a JWK Set: the key of that `kid`).
    ///
    /// # Errors
    ///
    /// A usage error naming the source and why no key can encrypt: a signing key, a JWK whose
    /// `alg` is another algorithm, no `--alg` where the key names none, a wrong key length.
    pub fn encrypting_key(
        &self,
        alg: Option<KeyAlg>,
        kid: Option<&str>,
    ) -> Result<EncryptingKey, CliError> {
        let key = match self {
            KeySource::KeyFile(path) => {
                let what = file_name("key file", path);
                let file = KeyFile::load(path, alg.map(KeyAlg::family))?;
                file.encrypting_key(alg)
                    .map_err(|reason| CliError::usage(format!("{what} {reason}")))?
            }
            KeySource::JwksFile(path) => {
                let what = file_name("JWK Set file", path);
                let members = jwk_set_members(&read_text_file("JWK Set file", path)?)
                    .map_err(|reason| CliError::usage(format!("{what} {reason}")))?;
                return set_encrypting_key(&members, alg, kid)
                    .map_err(|reason| CliError::usage(format!("{what}: {reason}")));
            }
            KeySource::Secret { secret, what } => secret_encrypting_key(secret, alg)
                .map_err(|reason| CliError::usage(format!("{what} {reason}")))?,
        };
        Ok(match kid {
            Some(kid) => key.with_key_id(kid),
            None => key,
        })
    }

    /// The keys to decrypt with: for each of `algs` the key fits, or by default for the
    /// key's own algorithm (every algorithm of its type for a PEM or DER key).
    ///
    /// # Errors
    ///
    /// A usage error naming the source and why it cannot decrypt: a public key, a signing key,
    /// a JWK for other algorithms, a symmetric key without `--alg`.
    pub fn decrypting_keys(&self, algs: &[KeyAlg]) -> Result<Vec<DecryptingKey>, CliError> {
        match self {
            KeySource::KeyFile(path) => {
                let what = file_name("key file", path);
                let symmetric =
                    !algs.is_empty() && algs.iter().all(|alg| alg.family() == Family::Symmetric);
                let family = symmetric.then_some(Family::Symmetric);
                KeyFile::load(path, family)?
                    .decrypting_keys(algs)
                    .map_err(|reason| CliError::usage(format!("{what} {reason}")))
            }
            KeySource::JwksFile(path) => {
                let what = file_name("JWK Set file", path);
                let members = jwk_set_members(&read_text_file("JWK Set file", path)?)
                    .map_err(|reason| CliError::usage(format!("{what} {reason}")))?;
                let mut keys = Vec::new();
                for (index, member) in members.iter().enumerate() {
                    let loaded = member
                        .as_ref()
                        .map_err(Clone::clone)
                        .and_then(|jwk| jwk_decrypting_keys(jwk, algs));
                    match loaded {
                        Ok(loaded) => keys.extend(loaded),
                        Err(reason) => {
                            let kid = member
                                .as_ref()
                                .ok()
                                .and_then(Jwk::kid)
                                .map(|kid| format!(" (kid `{kid}`)"))
                                .unwrap_or_default();
                            crate::warn(&format!("{what}: key #{index}{kid} skipped: {reason}"));
                        }
                    }
                }
                if keys.is_empty() {
                    return Err(CliError::usage(format!(
                        "{what} has no usable decryption key"
                    )));
                }
                Ok(keys)
            }
            KeySource::Secret { secret, what } => secret_decrypting_keys(secret, algs)
                .map_err(|reason| CliError::usage(format!("{what} {reason}"))),
        }
    }
}

/// What a key file holds.
enum KeyFile {
    /// A JWK.
    Jwk(Box<Jwk>),
    /// A PEM or DER key.
    Pem(Asymmetric),
    /// A raw symmetric key (only with a symmetric `--alg`).
    Secret(Secret),
}

impl KeyFile {
    /// Reads the key file at `path`; `family` is the kind of key `--alg` asks for, when every
    /// `--alg` asks for the same.
    fn load(path: &Path, family: Option<Family>) -> Result<Self, CliError> {
        let what = file_name("key file", path);
        let bytes = read_file("key file", path)?;
        Self::parse(bytes, family).map_err(|reason| CliError::usage(format!("{what} {reason}")))
    }

    fn parse(bytes: Vec<u8>, family: Option<Family>) -> Result<Self, String> {
        let text = std::str::from_utf8(&bytes).ok();
        if let Some(json) = text.filter(|text| text.trim_start().starts_with('{')) {
            if is_jwk_set(json) {
                return Err("holds a JWK Set, not one key (use `--jwks FILE`)".into());
            }
            return Jwk::from_json(json)
                .map(|jwk| KeyFile::Jwk(Box::new(jwk)))
                .map_err(|error| format!("is not a usable JWK: {error}"));
        }
        let pem = text.is_some_and(|text| text.contains("-----BEGIN "));
        let asymmetric = jwe_pem::read(&bytes);
        match (family, asymmetric) {
            (Some(Family::Symmetric), Ok(_)) => Err(format!(
                "is a {} key; a {SYMMETRIC_NAMES} key is a raw secret file or an `oct` JWK",
                if pem { "PEM" } else { "DER" }
            )),
            (Some(Family::Symmetric), Err(_)) if !pem => Ok(KeyFile::Secret(Secret::new(bytes))),
            (_, Ok(key)) => Ok(KeyFile::Pem(key)),
            (_, Err(reason)) if pem => Err(reason),
            (_, Err(reason)) => Err(format!(
                "{reason} (for a raw secret file, give `--alg` {SYMMETRIC_NAMES})"
            )),
        }
    }

    fn encrypting_key(self, alg: Option<KeyAlg>) -> Result<EncryptingKey, String> {
        match self {
            KeyFile::Jwk(jwk) => jwk_encrypting_key(&jwk, alg),
            KeyFile::Pem(key) => {
                let alg = alg.ok_or_else(|| {
                    format!(
                        "is {}, which names no algorithm: give `--alg` {}",
                        key.kind(),
                        names(&KeyAlg::of(key.family()))
                    )
                })?;
                key.encrypting_key(alg)
            }
            KeyFile::Secret(secret) => secret_encrypting_key(&secret, alg),
        }
    }

    fn decrypting_keys(self, algs: &[KeyAlg]) -> Result<Vec<DecryptingKey>, String> {
        match self {
            KeyFile::Jwk(jwk) => jwk_decrypting_keys(&jwk, algs),
            KeyFile::Pem(key) => {
                let family = key.family();
                let candidates = match algs {
                    [] => KeyAlg::of(family),
                    algs => fitting(algs, family, &key.kind())?,
                };
                candidates
                    .into_iter()
                    .map(|alg| key.decrypting_key(alg))
                    .collect()
            }
            KeyFile::Secret(secret) => secret_decrypting_keys(&secret, algs),
        }
    }
}

/// The algorithms of `algs` that take a key of `family`.
///
/// # Errors
///
/// When none does, naming `kind`, the kind of key.
fn fitting(algs: &[KeyAlg], family: Family, kind: &str) -> Result<Vec<KeyAlg>, String> {
    let fit: Vec<KeyAlg> = algs
        .iter()
        .copied()
        .filter(|alg| alg.family() == family)
        .collect();
    if fit.is_empty() {
        return Err(format!(
            "is {kind}, which cannot be used for {} (it takes {})",
            names(algs),
            names(&KeyAlg::of(family))
        ));
    }
    Ok(fit)
}

/// `algs` as a message lists them.
fn names(algs: &[KeyAlg]) -> String {
    let names: Vec<&str> = algs.iter().map(|alg| alg.name()).collect();
    names.join(", ")
}

/// The key-management algorithm a JWK's `alg` names: `dir` for a content encryption (a
/// direct key), `None` for none.
///
/// # Errors
///
/// When `alg` is not a JWE key-management algorithm (a signing algorithm, say).
fn own_alg(jwk: &Jwk) -> Result<Option<KeyAlg>, String> {
    let Some(own) = jwk.algorithm() else {
        return Ok(None);
    };
    if own.parse::<Enc>().is_ok() {
        return Ok(Some(KeyAlg::new(&jwe::DIR)));
    }
    own.parse::<KeyAlg>().map(Some).map_err(|_| {
        format!("is for `{own}` (its `alg`), which is not a JWE key-management algorithm")
    })
}

/// Refuses a JWK whose `use` is not `enc`.
fn check_use(jwk: &Jwk) -> Result<(), String> {
    match jwk.key_use() {
        None | Some("enc") => Ok(()),
        Some(other) => Err(format!(
            "has `use: {other}`: only a key with `use: enc` or no `use` encrypts or decrypts"
        )),
    }
}

/// The kind of key a JWK type takes.
fn jwk_family(jwk: &Jwk) -> Family {
    match jwk.key_type() {
        "RSA" => Family::Rsa,
        "EC" | "OKP" => Family::Ecdh,
        _ => Family::Symmetric,
    }
}

/// The algorithm to use a JWK for: `alg` (which must be the JWK's own when it names one), or
/// the JWK's own.
fn jwk_alg(jwk: &Jwk, alg: Option<KeyAlg>) -> Result<KeyAlg, String> {
    check_use(jwk)?;
    let own = own_alg(jwk)?;
    match (alg, own) {
        (Some(alg), Some(own)) if alg != own => Err(format!(
            "is for `{}` (its `alg`), not `{alg}`: a key is used only for its own algorithm",
            jwk.algorithm().unwrap_or_default()
        )),
        (Some(alg), _) | (None, Some(alg)) => Ok(alg),
        (None, None) => Err(format!(
            "has no `alg`: give `--alg` {}",
            names(&KeyAlg::of(jwk_family(jwk)))
        )),
    }
}

/// An encrypting key from `jwk` (a private asymmetric JWK gives its public half).
fn jwk_encrypting_key(jwk: &Jwk, alg: Option<KeyAlg>) -> Result<EncryptingKey, String> {
    let alg = jwk_alg(jwk, alg)?;
    let public = if jwk.is_private() && !jwk.is_symmetric() {
        jwk.to_public().map_err(|error| error.to_string())?
    } else {
        jwk.clone()
    };
    public
        .encrypting_key_for(alg.algorithm())
        .map_err(|error| jwk_reason(&error, alg))
}

/// The decrypting keys of a private `jwk`, for `algs` or its own algorithm (every algorithm
/// of its type when it names none, except for a symmetric key).
fn jwk_decrypting_keys(jwk: &Jwk, algs: &[KeyAlg]) -> Result<Vec<DecryptingKey>, String> {
    check_use(jwk)?;
    if !jwk.is_private() {
        return Err("holds a public key; decrypting needs the private key".into());
    }
    let own = own_alg(jwk)?;
    let family = jwk_family(jwk);
    let candidates = match (algs, own) {
        ([], Some(own)) => vec![own],
        ([], None) if family == Family::Symmetric => {
            return Err(format!("has no `alg`: give `--alg` {SYMMETRIC_NAMES}"));
        }
        ([], None) => KeyAlg::of(family),
        (algs, Some(own)) if !algs.contains(&own) => {
            return Err(format!(
                "is for `{}` (its `alg`), which `--alg` does not allow",
                jwk.algorithm().unwrap_or_default()
            ));
        }
        (_, Some(own)) => vec![own],
        (algs, None) => fitting(algs, family, &format!("a `{}` JWK", jwk.key_type()))?,
    };
    candidates
        .into_iter()
        .map(|alg| {
            jwk.decrypting_key_for(alg.algorithm())
                .map_err(|error| jwk_reason(&error, alg))
        })
        .collect()
}

/// Why the library refused a JWK for `alg`.
fn jwk_reason(error: &JwkError, alg: KeyAlg) -> String {
    match error {
        JwkError::AlgorithmMismatch => format!(
            "cannot be used for {alg}: {error} (it takes {})",
            alg.family_hint()
        ),
        _ => format!("cannot be used for {alg}: {error}"),
    }
}

impl KeyAlg {
    /// The kind of key this algorithm takes, for messages.
    fn family_hint(self) -> &'static str {
        match self.family() {
            Family::Symmetric => "an `oct` key",
            Family::Rsa => "an RSA key",
            Family::Ecdh => "an EC or X25519 key",
        }
    }
}

/// The one key of a JWK Set to encrypt to: `use` `enc` or none, with `kid` if given, and that
/// fits `alg` if given (or names a JWE algorithm).
fn set_encrypting_key(
    members: &[Result<Jwk, String>],
    alg: Option<KeyAlg>,
    kid: Option<&str>,
) -> Result<EncryptingKey, String> {
    let usable: Vec<&Jwk> = members
        .iter()
        .filter_map(|member| member.as_ref().ok())
        .filter(|jwk| check_use(jwk).is_ok())
        .filter(|jwk| kid.is_none() || jwk.kid() == kid)
        .collect();
    let with_kid = kid
        .map(|kid| format!(" with `kid` `{kid}`"))
        .unwrap_or_default();
    let fits: Vec<&Jwk> = usable
        .iter()
        .copied()
        .filter(|jwk| jwk_alg(jwk, alg).is_ok())
        .collect();
    match (fits.as_slice(), usable.as_slice()) {
        ([only], _) => jwk_encrypting_key(only, alg),
        ([], [first, ..]) => {
            let reason = jwk_alg(first, alg).err().unwrap_or_default();
            let kid = first
                .kid()
                .map(|kid| format!("key `{kid}`"))
                .unwrap_or_else(|| "its key".to_owned());
            Err(format!("{kid} {reason}"))
        }
        ([], []) => Err(format!(
            "has no encryption key{with_kid} (keys with a `use` other than `enc` are never chosen)"
        )),
        (several, _) => Err(format!(
            "has {} encryption keys{with_kid} that fit: choose one with `--kid`{}",
            several.len(),
            if alg.is_none() { " or `--alg`" } else { "" }
        )),
    }
}

/// The members of a JWK Set, each a JWK or why it is not one.
fn jwk_set_members(text: &str) -> Result<Vec<Result<Jwk, String>>, String> {
    let set: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|_| "is not a JSON object".to_owned())?;
    let Some(serde_json::Value::Array(keys)) = set.get("keys") else {
        return Err("is not a JWK Set: it has no `keys` array".into());
    };
    Ok(keys
        .iter()
        .map(|member| {
            Jwk::from_json(&member.to_string())
                .map_err(|error| format!("is not a usable JWK: {error}"))
        })
        .collect())
}

/// Whether `json` is a JWK Set rather than one JWK: an object with a `keys` member.
fn is_jwk_set(json: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json)
        .is_ok_and(|object| object.contains_key("keys"))
}

/// A symmetric encrypting key from `secret` for `alg`.
fn secret_encrypting_key(secret: &Secret, alg: Option<KeyAlg>) -> Result<EncryptingKey, String> {
    let alg = symmetric_alg(alg)?;
    EncryptingKey::symmetric(alg.algorithm(), secret.bytes())
        .map_err(|error| format!("cannot be used for {alg}: {error}"))
}

/// Symmetric decrypting keys from `secret`, for each of `algs` (which must be symmetric).
fn secret_decrypting_keys(secret: &Secret, algs: &[KeyAlg]) -> Result<Vec<DecryptingKey>, String> {
    if algs.is_empty() {
        symmetric_alg(None)?;
    }
    algs.iter()
        .map(|alg| {
            let alg = symmetric_alg(Some(*alg))?;
            DecryptingKey::symmetric(alg.algorithm(), secret.bytes())
                .map_err(|error| format!("cannot be used for {alg}: {error}"))
        })
        .collect()
}

/// `alg`, which a secret requires and which must be symmetric.
fn symmetric_alg(alg: Option<KeyAlg>) -> Result<KeyAlg, String> {
    match alg {
        Some(alg) if alg.family() == Family::Symmetric => Ok(alg),
        Some(alg) => Err(format!(
            "is a symmetric secret, which cannot be used for {alg} (give `--alg` {SYMMETRIC_NAMES})"
        )),
        None => Err(format!(
            "is a symmetric secret, which names no algorithm: give `--alg` {SYMMETRIC_NAMES}"
        )),
    }
}

impl Asymmetric {
    fn family(&self) -> Family {
        match self {
            Asymmetric::RsaPrivate(_) | Asymmetric::RsaPublic { .. } => Family::Rsa,
            Asymmetric::EcPrivate { .. } | Asymmetric::EcPublic { .. } => Family::Ecdh,
        }
    }

    /// What the key is, for messages.
    fn kind(&self) -> String {
        match self {
            Asymmetric::RsaPrivate(_) => "an RSA private key".into(),
            Asymmetric::RsaPublic { .. } => "an RSA public key".into(),
            Asymmetric::EcPrivate { curve, .. } => {
                format!("{} {} private key", article(*curve), curve.name())
            }
            Asymmetric::EcPublic { curve, .. } => {
                format!("{} {} public key", article(*curve), curve.name())
            }
        }
    }

    /// Refuses an RSA modulus under 2048 bits by name: aws-lc refuses one as "not a valid RSA
    /// key", which does not say why.
    fn check_rsa_size(&self) -> Result<(), String> {
        let n = match self {
            Asymmetric::RsaPrivate(key) => &key.n,
            Asymmetric::RsaPublic { n, .. } => n,
            _ => return Ok(()),
        };
        let bits = modulus_bits(n);
        if bits < 2048 {
            return Err(format!(
                "is an RSA key of {bits} bits: its modulus is shorter than 2048 bits, the least \
                 RSA-OAEP accepts"
            ));
        }
        Ok(())
    }

    fn encrypting_key(&self, alg: KeyAlg) -> Result<EncryptingKey, String> {
        let refused = |error: jwt_ring::KeyRejected| format!("cannot be used for {alg}: {error}");
        self.check_rsa_size()?;
        match (self, alg.family()) {
            (Asymmetric::RsaPrivate(key), Family::Rsa) => {
                EncryptingKey::rsa_oaep_from_components(alg.algorithm(), &key.n, &key.e)
                    .map_err(refused)
            }
            (Asymmetric::RsaPublic { n, e }, Family::Rsa) => {
                EncryptingKey::rsa_oaep_from_components(alg.algorithm(), n, e).map_err(refused)
            }
            (Asymmetric::EcPrivate { .. }, Family::Ecdh) => {
                self.decrypting_key(alg)?.encrypting_key().map_err(refused)
            }
            (Asymmetric::EcPublic { curve, x, y }, Family::Ecdh) => {
                EncryptingKey::ecdh_from_coordinates(alg.algorithm(), *curve, x, y.as_deref())
                    .map_err(refused)
            }
            _ => Err(format!(
                "is {}, which cannot be used for {alg} (it takes {})",
                self.kind(),
                alg.family_hint()
            )),
        }
    }

    fn decrypting_key(&self, alg: KeyAlg) -> Result<DecryptingKey, String> {
        let refused = |error: jwt_ring::KeyRejected| format!("cannot be used for {alg}: {error}");
        self.check_rsa_size()?;
        match (self, alg.family()) {
            (Asymmetric::RsaPrivate(key), Family::Rsa) => {
                let components = PrivateComponents {
                    n: &key.n,
                    e: &key.e,
                    d: &key.d,
                    p: &key.p,
                    q: &key.q,
                    dp: &key.dp,
                    dq: &key.dq,
                    qi: &key.qi,
                };
                DecryptingKey::rsa_oaep_from_components(alg.algorithm(), &components)
                    .map_err(refused)
            }
            (Asymmetric::EcPrivate { curve, d }, Family::Ecdh) => {
                DecryptingKey::ecdh_from_private_key(alg.algorithm(), *curve, d).map_err(refused)
            }
            (Asymmetric::RsaPublic { .. } | Asymmetric::EcPublic { .. }, _) => Err(format!(
                "holds {}; decrypting needs the private key",
                self.kind()
            )),
            _ => Err(format!(
                "is {}, which cannot be used for {alg} (it takes {})",
                self.kind(),
                alg.family_hint()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_to_aws_lc_algorithms() {
        for algorithm in KEY_ALGORITHMS {
            let alg: KeyAlg = algorithm.name().parse().unwrap();
            assert_eq!(alg.name(), algorithm.name());
            assert_eq!(alg.algorithm().backend(), Backend::AwsLc);
        }
        assert!("RSA1_5".parse::<KeyAlg>().is_err());
        assert!("HS256".parse::<KeyAlg>().is_err());
        assert_eq!(
            "A128CBC-HS256".parse::<Enc>().unwrap().to_string(),
            "A128CBC-HS256"
        );
        assert!("A192GCM".parse::<Enc>().is_err());
    }

    #[test]
    fn families() {
        let family = |name: &str| name.parse::<KeyAlg>().unwrap().family();
        assert_eq!(family("dir"), Family::Symmetric);
        assert_eq!(family("A256GCMKW"), Family::Symmetric);
        assert_eq!(family("RSA-OAEP-256"), Family::Rsa);
        assert_eq!(family("ECDH-ES+A128KW"), Family::Ecdh);
        assert_eq!(KeyAlg::of(Family::Ecdh).len(), 3);
        assert_eq!(KeyAlg::of(Family::Symmetric).len(), 5);
    }
}
