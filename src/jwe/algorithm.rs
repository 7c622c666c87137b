//! The JWE algorithm identifiers: key management (`alg`, RFC 7518 §4) and content encryption
//! (`enc`, RFC 7518 §5).

use std::fmt;

use crate::backend::{Backend, Hash, Unavailable};

/// How a key-management algorithm determines the content encryption key (RFC 7518 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Management {
    /// `dir`: the shared key is the CEK (§4.5).
    Direct,
    /// `A128KW`, `A256KW` (aws-lc only): the CEK wrapped with AES key wrap (§4.4).
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    AesKw { kek_len: usize },
    /// `A128GCMKW`, `A256GCMKW`: the CEK encrypted with AES-GCM, `iv` and `tag` in the header
    /// (§4.7).
    AesGcmKw { kek_len: usize },
    /// `RSA-OAEP` (SHA-1) and `RSA-OAEP-256` (§4.3).
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    RsaOaep { sha256: bool },
    /// `ECDH-ES` (the derived key is the CEK) and `ECDH-ES+A128KW`/`+A256KW` (the derived key
    /// wraps it), with the Concat KDF (§4.6).
    EcdhEs { wrap_len: Option<usize> },
    /// `PBES2-HS256+A128KW`, `PBES2-HS512+A256KW` (aws-lc only): a password, PBKDF2 with
    /// HMAC-`hash`, and AES key wrap under the derived `kek_len`-byte key (§4.8).
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    Pbes2 { hash: Hash, kek_len: usize },
}

/// A JWE key-management algorithm (`alg`, RFC 7518 §4), on one backend.
///
/// Keys are made for one of these, and decrypt only tokens whose `alg` names it.
pub struct KeyAlgorithm {
    name: &'static str,
    management: Management,
    backend: Backend,
}

impl KeyAlgorithm {
    /// The JWA name, for example `"ECDH-ES"`.
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
    /// [`Unavailable`] when this build lacks `backend`, or `backend` lacks the algorithm (ring
    /// has no AES key wrap and no RSA-OAEP).
    pub fn on(&'static self, backend: Backend) -> Result<&'static KeyAlgorithm, Unavailable> {
        crate::backend::counterpart(KEY_FAMILY, self.name, backend, |other| {
            (other.name, other.backend)
        })
    }

    pub(crate) fn management(&self) -> Management {
        self.management
    }

    /// Whether this is a `PBES2-*` algorithm: keys for it are passwords, made only on request.
    pub(crate) fn is_password_based(&self) -> bool {
        matches!(self.management, Management::Pbes2 { .. })
    }

    /// The algorithm of this build named `name`, on the default backend if it has it.
    pub(crate) fn by_name(name: &str) -> Option<&'static KeyAlgorithm> {
        KEY_FAMILY.iter().copied().find(|alg| alg.name == name)
    }
}

/// Two algorithms are the same algorithm whatever their backends.
impl PartialEq for KeyAlgorithm {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for KeyAlgorithm {}

impl fmt::Debug for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

macro_rules! key_algorithm {
    ($name:literal, $management:expr, $backend:expr) => {
        KeyAlgorithm {
            name: $name,
            management: $management,
            backend: $backend,
        }
    };
}

/// `dir`: the shared symmetric key is the content encryption key (RFC 7518 §4.5). On the
/// default backend.
pub static DIR: KeyAlgorithm = key_algorithm!("dir", Management::Direct, Backend::DEFAULT);

/// `A128GCMKW`: the CEK encrypted with AES-128-GCM under a 16-byte key (RFC 7518 §4.7). On
/// the default backend.
pub static A128GCMKW: KeyAlgorithm = key_algorithm!(
    "A128GCMKW",
    Management::AesGcmKw { kek_len: 16 },
    Backend::DEFAULT
);

/// `A256GCMKW`: the CEK encrypted with AES-256-GCM under a 32-byte key (RFC 7518 §4.7). On
/// the default backend.
pub static A256GCMKW: KeyAlgorithm = key_algorithm!(
    "A256GCMKW",
    Management::AesGcmKw { kek_len: 32 },
    Backend::DEFAULT
);

/// `ECDH-ES`: the CEK agreed directly with ECDH and the Concat KDF (RFC 7518 §4.6), on
/// P-256, P-384, P-521 or X25519 (RFC 8037). On the default backend.
///
/// Encrypting works on both backends (ring has no P-521); decrypting needs a static private
/// key, which only aws-lc has (`ECDH_ES.on(Backend::AwsLc)`).
pub static ECDH_ES: KeyAlgorithm = key_algorithm!(
    "ECDH-ES",
    Management::EcdhEs { wrap_len: None },
    Backend::DEFAULT
);

/// `A128KW`: the CEK wrapped with AES key wrap (RFC 3394) under a 16-byte key (RFC 7518
/// §4.4). On the aws-lc backend (ring has no AES key wrap).
#[cfg(feature = "aws-lc")]
pub static A128KW: KeyAlgorithm =
    key_algorithm!("A128KW", Management::AesKw { kek_len: 16 }, Backend::AwsLc);

/// `A256KW`: the CEK wrapped with AES key wrap (RFC 3394) under a 32-byte key (RFC 7518
/// §4.4). On the aws-lc backend (ring has no AES key wrap).
#[cfg(feature = "aws-lc")]
pub static A256KW: KeyAlgorithm =
    key_algorithm!("A256KW", Management::AesKw { kek_len: 32 }, Backend::AwsLc);

/// `RSA-OAEP`: RSAES-OAEP with SHA-1 and MGF1-SHA-1 (RFC 7518 §4.3). On the aws-lc backend
/// (ring cannot decrypt RSA). `RSA1_5` is not offered at all (RFC 8725 §3.2).
#[cfg(feature = "aws-lc")]
pub static RSA_OAEP: KeyAlgorithm = key_algorithm!(
    "RSA-OAEP",
    Management::RsaOaep { sha256: false },
    Backend::AwsLc
);

/// `RSA-OAEP-256`: RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 7518 §4.3). On the aws-lc
/// backend.
#[cfg(feature = "aws-lc")]
pub static RSA_OAEP_256: KeyAlgorithm = key_algorithm!(
    "RSA-OAEP-256",
    Management::RsaOaep { sha256: true },
    Backend::AwsLc
);

/// `ECDH-ES+A128KW`: a key agreed with ECDH-ES wraps the CEK with AES-128 key wrap
/// (RFC 7518 §4.6). On the aws-lc backend.
#[cfg(feature = "aws-lc")]
pub static ECDH_ES_A128KW: KeyAlgorithm = key_algorithm!(
    "ECDH-ES+A128KW",
    Management::EcdhEs { wrap_len: Some(16) },
    Backend::AwsLc
);

/// `ECDH-ES+A256KW`: a key agreed with ECDH-ES wraps the CEK with AES-256 key wrap
/// (RFC 7518 §4.6). On the aws-lc backend.
#[cfg(feature = "aws-lc")]
pub static ECDH_ES_A256KW: KeyAlgorithm = key_algorithm!(
    "ECDH-ES+A256KW",
    Management::EcdhEs { wrap_len: Some(32) },
    Backend::AwsLc
);

/// `PBES2-HS256+A128KW`: a password-based key (PBKDF2 with HMAC-SHA-256) wraps the CEK with
/// AES-128 key wrap (RFC 7518 §4.8). On the aws-lc backend.
///
/// Refused unless the caller opts in by holding a password key
/// ([`DecryptingKey::password`](crate::jwe::DecryptingKey::password)); `p2c` above
/// [`MAX_PBES2_ITERATIONS`](crate::jwe::MAX_PBES2_ITERATIONS) is refused before any hashing.
#[cfg(feature = "aws-lc")]
pub static PBES2_HS256_A128KW: KeyAlgorithm = key_algorithm!(
    "PBES2-HS256+A128KW",
    Management::Pbes2 {
        hash: Hash::Sha256,
        kek_len: 16
    },
    Backend::AwsLc
);

/// `PBES2-HS512+A256KW`: a password-based key (PBKDF2 with HMAC-SHA-512) wraps the CEK with
/// AES-256 key wrap (RFC 7518 §4.8). On the aws-lc backend; opt-in as
/// [`PBES2_HS256_A128KW`].
#[cfg(feature = "aws-lc")]
pub static PBES2_HS512_A256KW: KeyAlgorithm = key_algorithm!(
    "PBES2-HS512+A256KW",
    Management::Pbes2 {
        hash: Hash::Sha512,
        kek_len: 32
    },
    Backend::AwsLc
);

#[cfg(all(feature = "ring", feature = "aws-lc"))]
static DIR_AWS_LC: KeyAlgorithm = key_algorithm!("dir", Management::Direct, Backend::AwsLc);
#[cfg(all(feature = "ring", feature = "aws-lc"))]
static A128GCMKW_AWS_LC: KeyAlgorithm = key_algorithm!(
    "A128GCMKW",
    Management::AesGcmKw { kek_len: 16 },
    Backend::AwsLc
);
#[cfg(all(feature = "ring", feature = "aws-lc"))]
static A256GCMKW_AWS_LC: KeyAlgorithm = key_algorithm!(
    "A256GCMKW",
    Management::AesGcmKw { kek_len: 32 },
    Backend::AwsLc
);
#[cfg(all(feature = "ring", feature = "aws-lc"))]
static ECDH_ES_AWS_LC: KeyAlgorithm = key_algorithm!(
    "ECDH-ES",
    Management::EcdhEs { wrap_len: None },
    Backend::AwsLc
);

/// Every key-management algorithm on every backend of this build, default backend first.
static KEY_FAMILY: &[&KeyAlgorithm] = &[
    &DIR,
    &A128GCMKW,
    &A256GCMKW,
    &ECDH_ES,
    #[cfg(feature = "aws-lc")]
    &A128KW,
    #[cfg(feature = "aws-lc")]
    &A256KW,
    #[cfg(feature = "aws-lc")]
    &RSA_OAEP,
    #[cfg(feature = "aws-lc")]
    &RSA_OAEP_256,
    #[cfg(feature = "aws-lc")]
    &ECDH_ES_A128KW,
    #[cfg(feature = "aws-lc")]
    &ECDH_ES_A256KW,
    #[cfg(feature = "aws-lc")]
    &PBES2_HS256_A128KW,
    #[cfg(feature = "aws-lc")]
    &PBES2_HS512_A256KW,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &DIR_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &A128GCMKW_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &A256GCMKW_AWS_LC,
    #[cfg(all(feature = "ring", feature = "aws-lc"))]
    &ECDH_ES_AWS_LC,
];

/// The key-management names of RFC 7518 this crate implements in some build: a token naming
/// one that this build lacks is refused as unavailable, not as unknown.
pub(crate) const KNOWN_KEY_ALGORITHMS: [&str; 12] = [
    "dir",
    "A128GCMKW",
    "A256GCMKW",
    "ECDH-ES",
    "A128KW",
    "A256KW",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "ECDH-ES+A128KW",
    "ECDH-ES+A256KW",
    "PBES2-HS256+A128KW",
    "PBES2-HS512+A256KW",
];

/// The key-management algorithms of this build, one per name: the default allow-list.
pub(crate) fn default_key_algorithms() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for alg in KEY_FAMILY {
        if !names.contains(&alg.name) {
            names.push(alg.name);
        }
    }
    names
}

/// How content is encrypted (RFC 7518 §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// AES-GCM with a 96-bit IV and a 128-bit tag (§5.3).
    Gcm,
    /// AES-CBC with HMAC (§5.2): the CEK is `MAC_KEY || ENC_KEY`, the tag the first half of
    /// the HMAC.
    CbcHmac { hash: Hash },
}

/// A JWE content-encryption algorithm (`enc`, RFC 7518 §5).
///
/// Content encryption runs on the backend of the key that manages the CEK. AES-GCM is on
/// both backends; AES-CBC with HMAC needs aws-lc (ring has no AES-CBC).
pub struct ContentEncryption {
    name: &'static str,
    content: Content,
    key_len: usize,
    iv_len: usize,
    tag_len: usize,
}

impl ContentEncryption {
    /// The JWA name, for example `"A256GCM"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The length of the content encryption key, in bytes.
    pub fn key_len(&self) -> usize {
        self.key_len
    }

    /// The length of the initialization vector, in bytes.
    pub fn iv_len(&self) -> usize {
        self.iv_len
    }

    /// The length of the authentication tag, in bytes.
    pub fn tag_len(&self) -> usize {
        self.tag_len
    }

    /// Whether keys on `backend` can use this content encryption in this build.
    pub fn is_available_on(&self, backend: Backend) -> bool {
        match self.content {
            Content::Gcm => backend.is_enabled(),
            Content::CbcHmac { .. } => backend == Backend::AwsLc && backend.is_enabled(),
        }
    }

    pub(crate) fn content(&self) -> Content {
        self.content
    }

    /// The content encryption named `name`.
    pub(crate) fn by_name(name: &str) -> Option<&'static ContentEncryption> {
        CONTENT_FAMILY.iter().copied().find(|enc| enc.name == name)
    }

    pub(crate) fn unavailable_on(&'static self, backend: Backend) -> Unavailable {
        Unavailable {
            backend,
            algorithm: self.name,
        }
    }
}

impl PartialEq for ContentEncryption {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ContentEncryption {}

impl fmt::Debug for ContentEncryption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// `A128GCM`: AES-128-GCM (RFC 7518 §5.3), a 16-byte CEK.
pub static A128GCM: ContentEncryption = ContentEncryption {
    name: "A128GCM",
    content: Content::Gcm,
    key_len: 16,
    iv_len: 12,
    tag_len: 16,
};

/// `A256GCM`: AES-256-GCM (RFC 7518 §5.3), a 32-byte CEK.
pub static A256GCM: ContentEncryption = ContentEncryption {
    name: "A256GCM",
    content: Content::Gcm,
    key_len: 32,
    iv_len: 12,
    tag_len: 16,
};

/// `A128CBC-HS256`: AES-128-CBC with HMAC-SHA-256 truncated to 16 bytes (RFC 7518 §5.2.3), a
/// 32-byte CEK. Needs the aws-lc backend.
pub static A128CBC_HS256: ContentEncryption = ContentEncryption {
    name: "A128CBC-HS256",
    content: Content::CbcHmac { hash: Hash::Sha256 },
    key_len: 32,
    iv_len: 16,
    tag_len: 16,
};

/// `A256CBC-HS512`: AES-256-CBC with HMAC-SHA-512 truncated to 32 bytes (RFC 7518 §5.2.5), a
/// 64-byte CEK. Needs the aws-lc backend.
pub static A256CBC_HS512: ContentEncryption = ContentEncryption {
    name: "A256CBC-HS512",
    content: Content::CbcHmac { hash: Hash::Sha512 },
    key_len: 64,
    iv_len: 16,
    tag_len: 32,
};

/// Every content encryption: the default allow-list.
pub(crate) static CONTENT_FAMILY: &[&ContentEncryption] =
    &[&A128GCM, &A256GCM, &A128CBC_HS256, &A256CBC_HS512];
