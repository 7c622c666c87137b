//! Content encryption (RFC 7518 §5): AES-GCM on either backend, AES-CBC with HMAC on aws-lc.

use crate::backend::{Backend, with_backend};
use crate::jwe::algorithm::{Content, ContentEncryption};
use crate::jwe::keys::SecretBytes;
use zeroize::Zeroizing;

/// The encrypted content: initialization vector, ciphertext and authentication tag.
pub(crate) struct Sealed {
    pub(crate) iv: Vec<u8>,
    pub(crate) ciphertext: Vec<u8>,
    pub(crate) tag: Vec<u8>,
}

/// Encrypts `plaintext` under `cek` with a fresh random IV, authenticating `aad`; `None` when
/// a primitive fails or the backend lacks the algorithm ([`encrypt`](crate::jwe::encrypt)
/// names that first).
///
/// The CEK's length is checked here, by the one function that picks the cipher from it: AES-128
/// and AES-256 are told apart by key length, so a CEK of the wrong length would silently
/// change the algorithm.
pub(crate) fn seal(
    enc: &ContentEncryption,
    backend: Backend,
    cek: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Option<Sealed> {
    if cek.len() != enc.key_len() {
        return None;
    }
    let mut iv = vec![0u8; enc.iv_len()];
    if !random(backend, &mut iv) {
        return None;
    }
    match enc.content() {
        Content::Gcm => {
            let nonce: [u8; 12] = iv.as_slice().try_into().ok()?;
            let mut ciphertext = plaintext.to_vec();
            let tag = with_backend!(
                backend,
                lib => lib::aes_gcm_seal(cek, nonce, aad, &mut ciphertext),
                else None
            )?;
            Some(Sealed {
                iv,
                ciphertext,
                tag,
            })
        }
        #[cfg(feature = "aws-lc")]
        Content::CbcHmac { hash } => cbc_hmac::seal(enc, hash, cek, aad, iv, plaintext),
        // Without aws-lc there is no AES-CBC, and `encrypt` refuses the `enc` before this.
        #[cfg(not(feature = "aws-lc"))]
        Content::CbcHmac { .. } => None,
    }
}

/// Decrypts and authenticates; `None` for every failure (wrong tag, wrong padding, a CEK of
/// the wrong length), so that callers report them all alike. The IV's and tag's lengths are
/// the token's public structure, checked (and named) by [`Decrypter`](crate::jwe::Decrypter)
/// before any key is used.
pub(crate) fn open(
    enc: &ContentEncryption,
    backend: Backend,
    cek: &[u8],
    aad: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Option<Vec<u8>> {
    if cek.len() != enc.key_len() {
        return None;
    }
    match enc.content() {
        Content::Gcm => {
            let nonce: [u8; 12] = iv.try_into().ok()?;
            let mut in_out = Vec::with_capacity(ciphertext.len() + tag.len());
            in_out.extend_from_slice(ciphertext);
            in_out.extend_from_slice(tag);
            let len = with_backend!(
                backend,
                lib => lib::aes_gcm_open(cek, nonce, aad, &mut in_out),
                else None
            )?;
            in_out.truncate(len);
            Some(in_out)
        }
        #[cfg(feature = "aws-lc")]
        Content::CbcHmac { hash } => cbc_hmac::open(enc, hash, cek, aad, iv, ciphertext, tag),
        // Without aws-lc there is no AES-CBC, and the decrypter refuses the `enc` before this.
        #[cfg(not(feature = "aws-lc"))]
        Content::CbcHmac { .. } => None,
    }
}

/// Fills `out` from the backend's random number generator.
pub(crate) fn random(backend: Backend, out: &mut [u8]) -> bool {
    with_backend!(backend, lib => lib::fill_random(out), else false)
}

/// A random key of `len` bytes, or `None` when the random number generator fails.
pub(crate) fn random_key(backend: Backend, len: usize) -> Option<SecretBytes> {
    let mut key = Zeroizing::new(vec![0u8; len]);
    random(backend, &mut key).then_some(key)
}

/// AES-CBC with HMAC-SHA-2 (RFC 7518 §5.2), over aws-lc.
#[cfg(feature = "aws-lc")]
mod cbc_hmac {
    use crate::backend::Hash;
    use crate::backend::aws_lc;
    use crate::jwe::algorithm::ContentEncryption;

    use super::Sealed;

    /// `AL`: the AAD's length in bits, as a 64-bit big-endian integer (§5.2.2.1 step 4).
    fn aad_bits(aad: &[u8]) -> Option<[u8; 8]> {
        let bits = u64::try_from(aad.len()).ok()?.checked_mul(8)?;
        Some(bits.to_be_bytes())
    }

    /// The first half of `HMAC(MAC_KEY, AAD || IV || ciphertext || AL)` (§5.2.2.1 steps 5-6).
    fn tag(
        enc: &ContentEncryption,
        hash: Hash,
        mac_key: &[u8],
        aad: &[u8],
        iv: &[u8],
        ciphertext: &[u8],
    ) -> Option<Vec<u8>> {
        let al = aad_bits(aad)?;
        let mut mac = aws_lc::hmac_parts(hash, mac_key, &[aad, iv, ciphertext, &al]);
        mac.truncate(enc.tag_len());
        Some(mac)
    }

    pub(super) fn seal(
        enc: &ContentEncryption,
        hash: Hash,
        cek: &[u8],
        aad: &[u8],
        iv: Vec<u8>,
        plaintext: &[u8],
    ) -> Option<Sealed> {
        let (mac_key, enc_key) = cek.split_at_checked(enc.key_len() / 2)?;
        let iv_array: [u8; 16] = iv.as_slice().try_into().ok()?;
        let ciphertext = aws_lc::aes_cbc_encrypt(enc_key, iv_array, plaintext)?;
        let tag = tag(enc, hash, mac_key, aad, &iv, &ciphertext)?;
        Some(Sealed {
            iv,
            ciphertext,
            tag,
        })
    }

    /// Checks the tag in constant time before anything is decrypted, so that a padding error
    /// can only follow a valid tag: no padding oracle (§5.2.2.2).
    pub(super) fn open(
        enc: &ContentEncryption,
        hash: Hash,
        cek: &[u8],
        aad: &[u8],
        iv: &[u8],
        ciphertext: &[u8],
        received: &[u8],
    ) -> Option<Vec<u8>> {
        let (mac_key, enc_key) = cek.split_at_checked(enc.key_len() / 2)?;
        let expected = tag(enc, hash, mac_key, aad, iv, ciphertext)?;
        if !aws_lc::tags_equal(&expected, received) {
            return None;
        }
        aws_lc::aes_cbc_decrypt(enc_key, iv.try_into().ok()?, ciphertext)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwe::algorithm::{A128GCM, A256GCM};

    #[test]
    fn gcm_round_trips_and_refuses_changes() {
        for enc in [&A128GCM, &A256GCM] {
            for backend in Backend::enabled() {
                let cek = random_key(*backend, enc.key_len()).unwrap();
                let sealed = seal(enc, *backend, &cek, b"aad", b"plaintext").unwrap();
                let opened = open(
                    enc,
                    *backend,
                    &cek,
                    b"aad",
                    &sealed.iv,
                    &sealed.ciphertext,
                    &sealed.tag,
                );
                assert_eq!(opened.as_deref(), Some(&b"plaintext"[..]));
                let other_aad = open(
                    enc,
                    *backend,
                    &cek,
                    b"aaD",
                    &sealed.iv,
                    &sealed.ciphertext,
                    &sealed.tag,
                );
                assert_eq!(other_aad, None);
            }
        }
    }

    #[test]
    fn a_cek_of_the_wrong_length_is_never_used() {
        // A 16-byte key would make "A256GCM" AES-128: refused, not run.
        for backend in Backend::enabled() {
            let short = random_key(*backend, 16).unwrap();
            assert!(seal(&A256GCM, *backend, &short, b"aad", b"plaintext").is_none());
            let sealed = seal(&A128GCM, *backend, &short, b"aad", b"plaintext").unwrap();
            let opened = open(
                &A256GCM,
                *backend,
                &short,
                b"aad",
                &sealed.iv,
                &sealed.ciphertext,
                &sealed.tag,
            );
            assert_eq!(opened, None);
        }
    }
}
