//! [`UntrustedToken`], a parsed but unverified token, and [`Token`], a verified one.

use std::borrow::Cow;

use crate::base64url;
use crate::claims::{Claims, NoCustomClaims};
use crate::error::{Malformed, Part, VerifyError};
use crate::header::Header;

/// The default limit on a token's length in bytes: 256 KiB.
///
/// Real tokens reach about 100 KB (large entitlement claims, ID tokens in a form post); the
/// default leaves room for twice that. The limit is checked before anything is decoded, so a
/// longer token costs the same to refuse whatever its length.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 256 * 1024;

/// The default limit on a decoded header's length in bytes: 32 KiB.
///
/// An `x5c` chain of three or four certificates makes a header of about 10 KiB. The limit is
/// judged from the encoded length, before the header is decoded or parsed; a validator can
/// change it with [`ValidatorBuilder::max_header_len`](crate::ValidatorBuilder::max_header_len).
pub const MAX_HEADER_LEN: usize = 32 * 1024;

/// The limit on a decoded signature's length in bytes (an RSA-8192 signature).
pub const MAX_SIGNATURE_LEN: usize = 1024;

/// A JWS compact token whose structure and header have been checked, but whose signature has not.
///
/// Use it to look at `kid` or `alg` before choosing a key. Nothing here is authenticated: the
/// header is attacker-controlled until a [`Validator`](crate::Validator) has checked the
/// signature, and the claims are not parsed at all.
///
/// # Examples
///
/// ```
/// use jwt_ring::UntrustedToken;
///
/// let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln";
/// let untrusted = UntrustedToken::parse(token)?;
/// assert_eq!(untrusted.algorithm(), "HS256");
/// assert_eq!(untrusted.header().kid(), Some("k1"));
/// # Ok::<(), jwt_ring::VerifyError>(())
/// ```
#[derive(Debug)]
pub struct UntrustedToken<'a> {
    signing_input: &'a str,
    header: Header,
    payload: Vec<u8>,
    signature: SignatureBytes,
}

/// Signatures up to this length (HMAC, ECDSA up to P-521, Ed25519) are kept without allocating.
pub(crate) const INLINE_SIGNATURE_LEN: usize = 132;

/// A decoded signature: inline when short, on the heap (RSA) otherwise.
#[derive(Debug)]
enum SignatureBytes {
    Inline([u8; INLINE_SIGNATURE_LEN], usize),
    Heap(Vec<u8>),
}

impl SignatureBytes {
    fn decode(encoded: &str) -> Result<Self, Malformed> {
        let mut inline = [0u8; INLINE_SIGNATURE_LEN];
        let len = match decode_signature(encoded, &mut inline)? {
            Cow::Borrowed(bytes) => bytes.len(),
            Cow::Owned(bytes) => return Ok(SignatureBytes::Heap(bytes)),
        };
        Ok(SignatureBytes::Inline(inline, len))
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            SignatureBytes::Inline(bytes, len) => bytes.get(..*len).unwrap_or_default(),
            SignatureBytes::Heap(bytes) => bytes,
        }
    }
}

impl<'a> UntrustedToken<'a> {
    /// Parses `token` with the default length limit ([`DEFAULT_MAX_TOKEN_LEN`]).
    ///
    /// # Errors
    ///
    /// [`VerifyError::Malformed`] for structural problems and [`VerifyError::Header`] for an
    /// unacceptable header (`alg: none`, malformed `crit`, `b64`).
    pub fn parse(token: &'a str) -> Result<Self, VerifyError> {
        Self::parse_with_limit(token, DEFAULT_MAX_TOKEN_LEN)
    }

    /// Parses `token`, refusing it when it is longer than `max_len` bytes (and its header when
    /// it decodes to more than [`MAX_HEADER_LEN`] bytes).
    ///
    /// The checks run cheapest first: length, exactly three segments (found without allocating),
    /// strict base64url, then the header JSON.
    ///
    /// # Errors
    ///
    /// As for [`parse`](Self::parse).
    pub fn parse_with_limit(token: &'a str, max_len: usize) -> Result<Self, VerifyError> {
        let parsed = Parsed::parse(token, max_len, MAX_HEADER_LEN)?;
        let signature = SignatureBytes::decode(parsed.signature_b64)?;
        let payload = base64url::decode(parsed.payload_b64.as_bytes())
            .ok_or(Malformed::Base64(Part::Payload))?;
        Ok(Self {
            signing_input: parsed.signing_input,
            header: parsed.header,
            payload,
            signature,
        })
    }

    /// The header. Untrusted.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The header's `alg`. Untrusted: the validator accepts it only when it equals the algorithm
    /// of the key it selected.
    pub fn algorithm(&self) -> &str {
        self.header.algorithm().unwrap_or_default()
    }

    /// The bytes the signature covers: `BASE64URL(header) "." BASE64URL(payload)`.
    pub fn signing_input(&self) -> &'a str {
        self.signing_input
    }

    /// The decoded signature.
    pub fn signature(&self) -> &[u8] {
        self.signature.as_slice()
    }

    /// The decoded payload, unparsed. Untrusted.
    pub(crate) fn payload(&self) -> &[u8] {
        &self.payload
    }

    pub(crate) fn into_header(self) -> Header {
        self.header
    }
}

/// A token taken apart, with everything but the payload decoded: what both verification paths
/// share.
pub(crate) struct Parsed<'a> {
    pub(crate) signing_input: &'a str,
    pub(crate) header: Header,
    pub(crate) payload_b64: &'a str,
    /// Checked for length only: decode it with [`decode_signature`].
    pub(crate) signature_b64: &'a str,
}

impl<'a> Parsed<'a> {
    /// The checks run cheapest first: length, exactly three segments (found without
    /// allocating), the segments' sizes, the header's base64url, then its JSON. The signature's
    /// and the payload's base64url are checked when the caller decodes them, in that order.
    #[inline(always)]
    pub(crate) fn parse(
        token: &'a str,
        max_len: usize,
        max_header_len: usize,
    ) -> Result<Self, VerifyError> {
        if token.len() > max_len {
            return Err(Malformed::TooLong { max: max_len }.into());
        }
        let (header_b64, payload_b64, signature_b64) = split(token)?;
        let signing_input = token
            .get(..header_b64.len() + 1 + payload_b64.len())
            .ok_or(Malformed::SegmentCount)?;

        if header_b64.is_empty() {
            return Err(Malformed::Empty(Part::Header).into());
        }
        if signature_b64.is_empty() {
            return Err(Malformed::Empty(Part::Signature).into());
        }
        if base64url::decoded_len(header_b64.len()).is_some_and(|len| len > max_header_len) {
            return Err(Malformed::TooLarge(Part::Header).into());
        }
        if base64url::decoded_len(signature_b64.len()).is_some_and(|len| len > MAX_SIGNATURE_LEN) {
            return Err(Malformed::TooLarge(Part::Signature).into());
        }
        if base64url::decoded_len(payload_b64.len()).is_none() {
            return Err(Malformed::Base64(Part::Payload).into());
        }
        let header = decode_header(header_b64)?;
        Ok(Self {
            signing_input,
            header,
            payload_b64,
            signature_b64,
        })
    }
}

/// Decodes a signature segment into `buffer` when it fits (HMAC, ECDSA, Ed25519), onto the heap
/// otherwise (RSA): a verifier that decodes onto its own stack moves no signature around.
#[inline]
pub(crate) fn decode_signature<'b>(
    encoded: &str,
    buffer: &'b mut [u8; INLINE_SIGNATURE_LEN],
) -> Result<Cow<'b, [u8]>, Malformed> {
    decode_segment(encoded, Part::Signature, buffer)
}

/// Decodes the segment `encoded` (which is `part`) into `buffer` when it fits, onto the heap
/// otherwise, so that short segments cost no allocation.
#[inline]
fn decode_segment<'b, const N: usize>(
    encoded: &str,
    part: Part,
    buffer: &'b mut [u8; N],
) -> Result<Cow<'b, [u8]>, Malformed> {
    let malformed = Malformed::Base64(part);
    let len = base64url::decoded_len(encoded.len()).ok_or(malformed)?;
    if len > N {
        return base64url::decode(encoded.as_bytes())
            .map(Cow::Owned)
            .ok_or(malformed);
    }
    let written = base64url::decode_into(encoded.as_bytes(), buffer).ok_or(malformed)?;
    Ok(Cow::Borrowed(buffer.get(..written).unwrap_or_default()))
}

/// Headers up to this length are decoded on the stack.
const STACK_HEADER_LEN: usize = 128;

/// Decodes and parses the header segment, on the stack when it is short.
#[inline]
fn decode_header(encoded: &str) -> Result<Header, VerifyError> {
    let mut buffer = [0u8; STACK_HEADER_LEN];
    Header::parse(&decode_segment(encoded, Part::Header, &mut buffer)?)
}

/// Splits a compact token into its three segments, without allocating.
#[inline]
fn split(token: &str) -> Result<(&str, &str, &str), Malformed> {
    let (header, rest) = token.split_once('.').ok_or(Malformed::SegmentCount)?;
    let (payload, signature) = rest.split_once('.').ok_or(Malformed::SegmentCount)?;
    // Three segments end here; a JWE has two more dots, anything else is malformed.
    let Some((_, after_third)) = signature.split_once('.') else {
        return Ok((header, payload, signature));
    };
    match after_third.split_once('.') {
        Some((_, after_fourth)) if !after_fourth.contains('.') => Err(Malformed::Jwe),
        _ => Err(Malformed::SegmentCount),
    }
}

/// A verified token: its header and its claims, registered and custom.
///
/// Only a [`Validator`](crate::Validator) makes one, after the signature and every configured
/// claim check have passed.
#[derive(Clone, Debug)]
pub struct Token<T = NoCustomClaims> {
    header: Header,
    claims: Claims<T>,
}

impl<T> Token<T> {
    pub(crate) fn new(header: Header, claims: Claims<T>) -> Self {
        Self { header, claims }
    }

    /// The verified header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The verified claims.
    pub fn claims(&self) -> &Claims<T> {
        &self.claims
    }

    /// The verified claims, by value.
    pub fn into_claims(self) -> Claims<T> {
        self.claims
    }

    /// The header and the claims, by value.
    pub fn into_parts(self) -> (Header, Claims<T>) {
        (self.header, self.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_three_segments_and_names_jwe() {
        assert_eq!(split("a.b.c"), Ok(("a", "b", "c")));
        assert_eq!(split("a..c"), Ok(("a", "", "c")));
        assert_eq!(split("a.b"), Err(Malformed::SegmentCount));
        assert_eq!(split("abc"), Err(Malformed::SegmentCount));
        assert_eq!(split("a.b.c.d"), Err(Malformed::SegmentCount));
        assert_eq!(split("a.b.c.d.e"), Err(Malformed::Jwe));
        assert_eq!(split("a.b.c.d.e.f"), Err(Malformed::SegmentCount));
        assert_eq!(split(&".".repeat(10_000)), Err(Malformed::SegmentCount));
    }
}
