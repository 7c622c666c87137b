//! Strict base64url (RFC 7515 §2): URL-safe alphabet, no padding, no whitespace, and canonical
//! trailing bits, so that every byte string has exactly one accepted encoding.

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// The number of bytes `encoded_len` base64url characters decode to, if that length is possible.
#[inline]
pub(crate) fn decoded_len(encoded_len: usize) -> Option<usize> {
    match encoded_len % 4 {
        1 => None,
        rem => Some(encoded_len / 4 * 3 + rem.saturating_sub(1)),
    }
}

/// Decodes strict base64url into a new vector.
#[inline]
pub(crate) fn decode(input: &[u8]) -> Option<Vec<u8>> {
    let len = decoded_len(input.len())?;
    // Not `vec![0; len]`: that asks the allocator for zeroed memory, which glibc serves from its
    // slow path, while a plain allocation comes from the per-thread cache.
    #[allow(clippy::slow_vector_initialization)]
    let mut out = Vec::with_capacity(len);
    out.resize(len, 0);
    let written = STRICT.decode_slice(input, &mut out).ok()?;
    out.truncate(written);
    Some(out)
}

/// Decodes strict base64url into `out`, returning the number of bytes written.
#[inline]
pub(crate) fn decode_into(input: &[u8], out: &mut [u8]) -> Option<usize> {
    STRICT.decode_slice(input, out).ok()
}

/// Appends the base64url encoding of `input` to `out`.
pub(crate) fn encode_into(input: &[u8], out: &mut String) {
    STRICT.encode_string(input, out);
}

/// Encodes `input` as base64url.
pub(crate) fn encode(input: &[u8]) -> String {
    STRICT.encode(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
            let text = encode(&bytes);
            assert_eq!(decoded_len(text.len()), Some(bytes.len()));
            assert_eq!(decode(text.as_bytes()), Some(bytes));
        }
    }

    #[test]
    fn rejects_non_strict_forms() {
        for bad in ["QQ==", "QQ=", "Q", "+w", "/w", "Q Q", "QQ\n", "QR", "QUJ"] {
            assert_eq!(decode(bad.as_bytes()), None, "{bad:?} must be rejected");
        }
        assert_eq!(decode(b"QUI"), Some(b"AB".to_vec()));
        assert_eq!(decode(b"_-8"), Some(vec![0xff, 0xef]));
    }
}
