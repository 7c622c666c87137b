//! [`encrypt`]: a JWE compact token for one recipient (RFC 7516 §5.1).

use crate::base64url;
use crate::jwe::algorithm::ContentEncryption;
use crate::jwe::content;
use crate::jwe::error::EncryptError;
use crate::jwe::header::Header;
use crate::jwe::keys::EncryptingKey;

/// Encrypts `plaintext` to `key`'s holder with `enc`, as a JWE compact token.
///
/// Each call draws a fresh random CEK (except for `dir` and `ECDH-ES`, whose key management
/// determines it) and a fresh random IV. The protected header is `header`'s members with
/// `alg` (the key's algorithm), `enc`, `kid` (the key's, if set) and what the algorithm needs
/// (`epk` for ECDH-ES, `iv` and `tag` for AES-GCM key wrap).
///
/// # Errors
///
/// [`EncryptError::DirectKeyLength`] when a `dir` key's length is not `enc`'s key length,
/// [`EncryptError::Unavailable`] when the key's backend lacks `enc`, and
/// [`EncryptError::Encryption`] when the random number generator or a primitive fails.
///
/// # Examples
///
/// ```
/// use jwt_ring::jwe;
///
/// let kek = [9u8; 32];
/// let token = jwe::encrypt(
///     &jwe::Header::new().with_content_type("text/plain"),
///     b"secret message",
///     &jwe::EncryptingKey::symmetric(&jwe::A256GCMKW, &kek)?.with_key_id("kek-1"),
///     &jwe::A256GCM,
/// )?;
/// assert_eq!(token.split('.').count(), 5);
///
/// let decrypter = jwe::Decrypter::builder()
///     .key(jwe::DecryptingKey::symmetric(&jwe::A256GCMKW, &kek)?.with_key_id("kek-1"))
///     .build()?;
/// assert_eq!(decrypter.decrypt(&token)?.plaintext(), b"secret message");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encrypt(
    header: &Header,
    plaintext: &[u8],
    key: &EncryptingKey,
    enc: &'static ContentEncryption,
) -> Result<String, EncryptError> {
    let backend = key.backend();
    if !enc.is_available_on(backend) {
        return Err(enc.unavailable_on(backend).into());
    }
    let managed = key.manage(header, enc)?;
    let header_json = header.to_json(
        key.algorithm().name(),
        enc.name(),
        key.key_id(),
        managed.members,
    );
    // The whole token is allocated once: the encoded lengths of the header and the encrypted
    // key, and upper bounds for the IV (16 bytes), the ciphertext (at most a block of padding
    // more than the plaintext) and the tag (32 bytes).
    let encoded_len = |len: usize| len.div_ceil(3).saturating_mul(4);
    let capacity = [
        encoded_len(header_json.len()),
        encoded_len(managed.encrypted_key.len()),
        encoded_len(16),
        encoded_len(plaintext.len().saturating_add(16)),
        encoded_len(32),
        4,
    ]
    .into_iter()
    .fold(0usize, usize::saturating_add);
    let mut token = String::new();
    // Without the room (a plaintext near the address space's size), the token grows as it goes.
    let _ = token.try_reserve(capacity);
    base64url::encode_into(header_json.as_bytes(), &mut token);
    let sealed = content::seal(enc, backend, &managed.cek, token.as_bytes(), plaintext)
        .ok_or(EncryptError::Encryption)?;

    for segment in [
        &managed.encrypted_key,
        &sealed.iv,
        &sealed.ciphertext,
        &sealed.tag,
    ] {
        token.push('.');
        base64url::encode_into(segment, &mut token);
    }
    Ok(token)
}
