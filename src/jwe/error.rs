//! The errors of JWE decryption and encryption.

use std::fmt;

use crate::backend::Unavailable;

/// The five segments of a JWE compact token (RFC 7516 §7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Segment {
    /// The protected header (first segment).
    Header,
    /// The encrypted key (second segment).
    EncryptedKey,
    /// The initialization vector (third segment).
    Iv,
    /// The ciphertext (fourth segment).
    Ciphertext,
    /// The authentication tag (fifth segment).
    Tag,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Segment::Header => "protected header",
            Segment::EncryptedKey => "encrypted key",
            Segment::Iv => "initialization vector",
            Segment::Ciphertext => "ciphertext",
            Segment::Tag => "authentication tag",
        })
    }
}

/// Why a JWE protected header is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// The header is not UTF-8.
    #[error("the protected header is not UTF-8")]
    Utf8,
    /// The header is not a JSON object.
    #[error("the protected header is not a JSON object")]
    Json,
    /// A member appears twice (RFC 7516 §4, RFC 7515 §5.2).
    #[error("the protected header has a duplicate member")]
    DuplicateMember,
    /// A required member is missing (`alg`, `enc`, or `epk`, `iv`, `tag` for the algorithms
    /// that need them).
    #[error("`{0}` is missing")]
    MissingMember(&'static str),
    /// A member has the wrong JSON type, encoding or length.
    #[error("`{0}` is invalid")]
    InvalidMember(&'static str),
}

/// A JWE was not decrypted.
///
/// Every failure of the cryptography itself (a wrong key, an altered tag, ciphertext or
/// header, bad padding, an RSA-OAEP or key unwrap failure) is the single value
/// [`DecryptError::Decryption`], so that no error tells an attacker which step failed
/// (RFC 7516 §11.4, §11.5). The other variants describe the token's public structure and the
/// decrypter's configuration only.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecryptError {
    /// The token is longer than the configured maximum.
    #[error("token is longer than the limit of {max} bytes")]
    TooLong {
        /// The configured maximum, in bytes.
        max: usize,
    },
    /// The token has three segments: it is a JWS, which a decrypter never accepts.
    #[error("token is a JWS (three segments), not a JWE")]
    Jws,
    /// The token does not have exactly five dot-separated segments.
    #[error("token does not have exactly five segments")]
    SegmentCount,
    /// A segment is not strict base64url.
    #[error("{0} is not strict base64url")]
    Base64(Segment),
    /// A segment is empty where content is required, or longer than its limit.
    #[error("{0} has an invalid length")]
    Length(Segment),
    /// The protected header is malformed.
    #[error("invalid protected header: {0}")]
    Header(#[from] HeaderError),
    /// `alg` is `RSA1_5`, which is never accepted: RSAES-PKCS1-v1_5 decryption is open to
    /// Bleichenbacher's attack (RFC 8725 §3.2).
    #[error("`alg` RSA1_5 is not supported")]
    Rsa1_5,
    /// `alg` is a `PBES2-*` algorithm and the decrypter holds no password key: password-based
    /// tokens are refused unless the caller opts in with
    /// [`DecryptingKey::password`](crate::jwe::DecryptingKey::password).
    #[error("PBES2 key management is not enabled (no password key)")]
    Pbes2,
    /// The PBES2 iteration count `p2c` is outside `min..=max`; refused before any hashing.
    #[error("PBES2 iteration count `p2c` is outside {min}..={max}")]
    Pbes2Iterations {
        /// The fewest iterations accepted.
        min: u32,
        /// The most iterations accepted.
        max: u32,
    },
    /// `zip` is present and this decrypter does not inflate it: compression is not allowed
    /// (see `DecrypterBuilder::allow_deflate`, feature `deflate`), or `zip` is not `DEF`.
    #[error("compressed content (`zip`) is not accepted")]
    Compressed,
    /// The decrypted content inflates to more than `max` bytes (a decompression bomb); the
    /// inflating stopped there.
    #[error("compressed content inflates to more than {max} bytes")]
    InflatedTooLong {
        /// The limit, in bytes.
        max: usize,
    },
    /// The decrypted content is not valid DEFLATE data. It was authenticated, so this tells the
    /// sender's mistake, not a guess at the key.
    #[error("compressed content is not valid DEFLATE data")]
    Inflate,
    /// `crit` is present; this decrypter understands no extension (RFC 7516 §4.1.13).
    #[error("`crit` lists an extension that is not understood")]
    UnsupportedCritical,
    /// `alg` names no key-management algorithm this crate implements.
    #[error("the token's `alg` is not supported")]
    UnsupportedAlgorithm,
    /// `enc` names no content encryption this crate implements.
    #[error("the token's `enc` is not supported")]
    UnsupportedEncryption,
    /// `alg` is not on the decrypter's allow-list.
    #[error("the token's `alg` is not allowed")]
    AlgorithmNotAllowed,
    /// `enc` is not on the decrypter's allow-list.
    #[error("the token's `enc` is not allowed")]
    EncryptionNotAllowed,
    /// The algorithm is one this build or the key's backend lacks.
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// No key matches the token's `kid` and `alg`.
    #[error("no key matches the token")]
    NoMatchingKey,
    /// More than one key matches a token without `kid`.
    #[error("several keys match a token without `kid`")]
    AmbiguousKey,
    /// A `dir` key's length is not the CEK length `enc` needs.
    #[error("the direct key's length does not fit `enc`")]
    DirectKeyLength,
    /// The ephemeral public key `epk` is malformed, on another curve than the key's, or not a
    /// valid point (an invalid-curve attack), or gives an all-zero X25519 secret.
    #[error("the ephemeral public key `epk` is invalid")]
    InvalidEphemeralKey,
    /// Decryption failed: the one error for every cryptographic failure.
    #[error("decryption failed")]
    Decryption,
}

/// A JWE could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncryptError {
    /// A `dir` key's length is not the CEK length `enc` needs.
    #[error("the direct key's length does not fit `enc`")]
    DirectKeyLength,
    /// The key's backend lacks the content encryption.
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// The random number generator or a cryptographic primitive failed.
    #[error("encryption failed")]
    Encryption,
}
