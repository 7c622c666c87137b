//! PBES2 key management (RFC 7518 §4.8): a password, PBKDF2 and AES key wrap, with the
//! iteration count bounded before any hashing (draft-ietf-oauth-rfc8725bis: a token must not
//! choose how long its recipient computes).

#[cfg(feature = "aws-lc")]
use crate::backend::Hash;
#[cfg(feature = "aws-lc")]
use crate::jwe::error::{DecryptError, HeaderError};
#[cfg(feature = "aws-lc")]
use crate::jwe::header::ParsedHeader;
#[cfg(feature = "aws-lc")]
use crate::jwe::keys::SecretBytes;

/// The most PBKDF2 iterations (`p2c`) a decrypter runs, and the count [`encrypt`] writes: a
/// token asking for more is refused before any hashing (the limit panva/jose applies).
///
/// [`encrypt`]: crate::jwe::encrypt
pub const MAX_PBES2_ITERATIONS: u32 = 10_000;

/// The fewest PBKDF2 iterations (`p2c`) a decrypter accepts: the minimum RFC 7518 §4.8.1.2
/// recommends.
pub const MIN_PBES2_ITERATIONS: u32 = 1_000;

/// The fewest salt bytes (`p2s`) a decrypter accepts: RFC 7518 §4.8.1.1 requires 8.
#[cfg(feature = "aws-lc")]
const MIN_SALT_LEN: usize = 8;

/// The salt length [`encrypt`](crate::jwe::encrypt) draws.
#[cfg(feature = "aws-lc")]
pub(crate) const SALT_LEN: usize = 16;

/// A token's PBES2 parameters: its `p2s` salt and `p2c` count, checked against the bounds.
#[cfg(feature = "aws-lc")]
pub(crate) fn parameters(header: &ParsedHeader) -> Result<(&[u8], u32), DecryptError> {
    let count = header.p2c.ok_or(HeaderError::MissingMember("p2c"))?;
    let count = u32::try_from(count)
        .ok()
        .filter(|count| (MIN_PBES2_ITERATIONS..=MAX_PBES2_ITERATIONS).contains(count))
        .ok_or(DecryptError::Pbes2Iterations {
            min: MIN_PBES2_ITERATIONS,
            max: MAX_PBES2_ITERATIONS,
        })?;
    let salt = header
        .p2s
        .as_deref()
        .ok_or(HeaderError::MissingMember("p2s"))?;
    if salt.len() < MIN_SALT_LEN {
        return Err(HeaderError::InvalidMember("p2s").into());
    }
    Ok((salt, count))
}

/// The key-encryption key: PBKDF2 with HMAC-`hash` over the password, with the salt
/// `UTF8(alg) || 0x00 || p2s` (§4.8.1.1).
#[cfg(feature = "aws-lc")]
pub(crate) fn key_encryption_key(
    hash: Hash,
    kek_len: usize,
    alg: &str,
    password: &[u8],
    salt: &[u8],
    count: u32,
) -> Option<SecretBytes> {
    let salt_input = [alg.as_bytes(), &[0], salt].concat();
    crate::backend::aws_lc::pbkdf2(hash, password, &salt_input, count, kek_len)
        .map(zeroize::Zeroizing::new)
}
