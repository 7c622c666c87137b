//! [`Decrypter`]: keys, allow-lists and limits, and the decryption of a compact JWE
//! (RFC 7516 §5.2).

use std::fmt;

use crate::base64url;
use crate::error::ConfigError;
use crate::jwe::algorithm::{
    CONTENT_FAMILY, ContentEncryption, KNOWN_KEY_ALGORITHMS, KeyAlgorithm, default_key_algorithms,
};
use crate::jwe::content;
use crate::jwe::error::{DecryptError, Segment};
use crate::jwe::header::{Header, ParsedHeader};
use crate::jwe::keys::DecryptingKey;
use crate::token::{DEFAULT_MAX_TOKEN_LEN, MAX_HEADER_LEN};

/// The limit on an encrypted key's length in bytes: an RSA-8192 ciphertext.
const MAX_ENCRYPTED_KEY_LEN: usize = 1024;

/// The most bytes a decrypter that allows `zip: DEF` inflates a token's content to: the limit
/// panva/jose applies. Enforced while inflating, so a decompression bomb stops there.
#[cfg(feature = "deflate")]
pub const MAX_INFLATED_LEN: usize = 250_000;

/// A decrypted JWE: the plaintext and the protected header it was decrypted with.
///
/// `Debug` shows the header and the plaintext's length, never the plaintext.
pub struct Decrypted {
    header: Header,
    plaintext: Vec<u8>,
}

impl Decrypted {
    /// The protected header (authenticated: it is the content's additional data).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The plaintext.
    pub fn plaintext(&self) -> &[u8] {
        &self.plaintext
    }

    /// The plaintext, by value.
    pub fn into_plaintext(self) -> Vec<u8> {
        self.plaintext
    }

    /// The header and the plaintext, by value.
    pub fn into_parts(self) -> (Header, Vec<u8>) {
        (self.header, self.plaintext)
    }
}

impl fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("jwe::Decrypted")
            .field("header", &self.header)
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}

/// Decrypts JWE compact tokens with a set of keys, under explicit allow-lists and size limits.
///
/// Built once (with [`Decrypter::builder`]) and shared across threads.
///
/// # Security
///
/// * A key decrypts only tokens whose `alg` is its own algorithm; `alg` and `enc` must also be
///   on the allow-lists (by default every algorithm of this build; never `RSA1_5`, and `PBES2-*`
///   only with a password key, [`DecryptingKey::password`]).
/// * `crit` is refused, and so are `zip` (unless allowed, `allow_deflate`) and a JWS.
/// * Every cryptographic failure is the one error [`DecryptError::Decryption`], and a failed
///   key unwrap continues with a random key (RFC 7516 §11.5).
///
/// # Examples
///
/// ```
/// use jwt_ring::jwe;
///
/// let secret = [42u8; 32];
/// let token = jwe::encrypt(
///     &jwe::Header::new(),
///     b"hello",
///     &jwe::EncryptingKey::symmetric(&jwe::DIR, &secret)?,
///     &jwe::A256GCM,
/// )?;
///
/// let decrypter = jwe::Decrypter::builder()
///     .key(jwe::DecryptingKey::symmetric(&jwe::DIR, &secret)?)
///     .build()?;
/// let decrypted = decrypter.decrypt(&token)?;
/// assert_eq!(decrypted.plaintext(), b"hello");
/// assert_eq!(decrypted.header().encryption(), Some("A256GCM"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Decrypter {
    keys: Vec<DecryptingKey>,
    algorithms: Vec<&'static str>,
    encryptions: Vec<&'static ContentEncryption>,
    max_token_len: usize,
    max_header_len: usize,
    inflate: bool,
}

/// Builds a [`Decrypter`].
#[derive(Debug)]
pub struct DecrypterBuilder {
    keys: Vec<DecryptingKey>,
    algorithms: Option<Vec<&'static str>>,
    encryptions: Option<Vec<&'static ContentEncryption>>,
    max_token_len: usize,
    max_header_len: usize,
    inflate: bool,
}

impl Decrypter {
    /// A builder with no keys, the default allow-lists and limits ([`DEFAULT_MAX_TOKEN_LEN`],
    /// [`MAX_HEADER_LEN`]).
    pub fn builder() -> DecrypterBuilder {
        DecrypterBuilder {
            keys: Vec::new(),
            algorithms: None,
            encryptions: None,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            max_header_len: MAX_HEADER_LEN,
            inflate: false,
        }
    }

    /// Decrypts a JWE compact token (RFC 7516 §7.1).
    ///
    /// The checks run cheapest first: length, five segments, the header's size, base64url
    /// and JSON, `crit`/`zip`/refused algorithms, allow-lists, the key, the other segments'
    /// sizes, then the cryptography. The protected header's base64url text is the content's
    /// additional authenticated data.
    ///
    /// # Errors
    ///
    /// A [`DecryptError`] naming the structural or policy problem, or
    /// [`DecryptError::Decryption`] for every cryptographic failure.
    pub fn decrypt(&self, token: &str) -> Result<Decrypted, DecryptError> {
        if token.len() > self.max_token_len {
            return Err(DecryptError::TooLong {
                max: self.max_token_len,
            });
        }
        let [header_b64, key_b64, iv_b64, ciphertext_b64, tag_b64] = split(token)?;
        if header_b64.is_empty()
            || base64url::decoded_len(header_b64.len()).is_none_or(|len| len > self.max_header_len)
        {
            return Err(DecryptError::Length(Segment::Header));
        }
        let header_bytes = decode(header_b64, Segment::Header)?;
        let parsed = ParsedHeader::parse(&header_bytes)?;
        let alg = parsed.header.algorithm().unwrap_or_default();
        let enc_name = parsed.header.encryption().unwrap_or_default();

        if alg == "RSA1_5" {
            return Err(DecryptError::Rsa1_5);
        }
        // Password-based tokens only for a caller holding a password key (the opt-in).
        if alg.starts_with("PBES2-")
            && !self
                .keys
                .iter()
                .any(|key| key.algorithm().is_password_based())
        {
            return Err(DecryptError::Pbes2);
        }
        if parsed.crit {
            return Err(DecryptError::UnsupportedCritical);
        }
        let inflate = match parsed.zip.as_deref() {
            None => false,
            Some("DEF") if self.inflate => true,
            Some(_) => return Err(DecryptError::Compressed),
        };
        if !KNOWN_KEY_ALGORITHMS.contains(&alg) {
            return Err(DecryptError::UnsupportedAlgorithm);
        }
        let enc =
            ContentEncryption::by_name(enc_name).ok_or(DecryptError::UnsupportedEncryption)?;
        if KeyAlgorithm::by_name(alg).is_none() {
            return Err(DecryptError::Unavailable(crate::backend::Unavailable {
                backend: crate::backend::Backend::DEFAULT,
                algorithm: KNOWN_KEY_ALGORITHMS
                    .iter()
                    .copied()
                    .find(|known| *known == alg)
                    .unwrap_or_default(),
            }));
        }
        if !self.algorithms.contains(&alg) {
            return Err(DecryptError::AlgorithmNotAllowed);
        }
        if !self.encryptions.contains(&enc) {
            return Err(DecryptError::EncryptionNotAllowed);
        }
        let key = self.select(alg, parsed.header.kid())?;
        if !enc.is_available_on(key.backend()) {
            return Err(enc.unavailable_on(key.backend()).into());
        }

        if base64url::decoded_len(key_b64.len()).is_none_or(|len| len > MAX_ENCRYPTED_KEY_LEN) {
            return Err(DecryptError::Length(Segment::EncryptedKey));
        }
        let encrypted_key = decode(key_b64, Segment::EncryptedKey)?;
        let iv = decode(iv_b64, Segment::Iv)?;
        if iv.len() != enc.iv_len() {
            return Err(DecryptError::Length(Segment::Iv));
        }
        let tag = decode(tag_b64, Segment::Tag)?;
        if tag.len() != enc.tag_len() {
            return Err(DecryptError::Length(Segment::Tag));
        }
        let ciphertext = decode(ciphertext_b64, Segment::Ciphertext)?;

        let cek = key.content_key(&parsed, enc, &encrypted_key)?;
        let plaintext = content::open(
            enc,
            key.backend(),
            &cek,
            header_b64.as_bytes(),
            &iv,
            &ciphertext,
            &tag,
        )
        .ok_or(DecryptError::Decryption)?;
        // Without the `deflate` feature no decrypter allows `zip`: `inflate` is always false.
        #[cfg(feature = "deflate")]
        let plaintext = if inflate {
            inflate_content(&plaintext)?
        } else {
            plaintext
        };
        #[cfg(not(feature = "deflate"))]
        let _ = inflate;
        Ok(Decrypted {
            header: parsed.header,
            plaintext,
        })
    }

    /// Whether every key decrypts only with FIPS-approved primitives
    /// ([`DecryptingKey::fips`]): check it at start-up where FIPS 140-3 is required.
    pub fn fips(&self) -> bool {
        self.keys.iter().all(DecryptingKey::fips)
    }

    /// The key for a token's `alg` and `kid`, by the rules of [`KeySet`](crate::KeySet): a
    /// token with `kid` uses the key with that `kid` (which must have the token's `alg`), or, if
    /// no key has it, the only key without `kid` of that algorithm; a token without `kid` uses
    /// the only key of its algorithm.
    fn select(&self, alg: &str, kid: Option<&str>) -> Result<&DecryptingKey, DecryptError> {
        let same_alg = |key: &&DecryptingKey| key.algorithm().name() == alg;
        if let Some(kid) = kid {
            if self.keys.iter().any(|key| key.key_id() == Some(kid)) {
                return self
                    .keys
                    .iter()
                    .filter(|key| key.key_id() == Some(kid))
                    .find(same_alg)
                    .ok_or(DecryptError::NoMatchingKey);
            }
        }
        let mut candidates = self
            .keys
            .iter()
            .filter(same_alg)
            .filter(|key| kid.is_none() || key.key_id().is_none());
        let key = candidates.next().ok_or(DecryptError::NoMatchingKey)?;
        if candidates.next().is_some() {
            return Err(DecryptError::AmbiguousKey);
        }
        Ok(key)
    }
}

impl DecrypterBuilder {
    /// Adds a key.
    pub fn key(mut self, key: DecryptingKey) -> Self {
        self.keys.push(key);
        self
    }

    /// Adds keys.
    pub fn keys(mut self, keys: impl IntoIterator<Item = DecryptingKey>) -> Self {
        self.keys.extend(keys);
        self
    }

    /// Accepts only these key-management algorithms (by default, every one of this build).
    pub fn allow_algorithms(
        mut self,
        algorithms: impl IntoIterator<Item = &'static KeyAlgorithm>,
    ) -> Self {
        self.algorithms = Some(algorithms.into_iter().map(KeyAlgorithm::name).collect());
        self
    }

    /// Accepts only these content encryptions (by default, all four).
    pub fn allow_encryptions(
        mut self,
        encryptions: impl IntoIterator<Item = &'static ContentEncryption>,
    ) -> Self {
        self.encryptions = Some(encryptions.into_iter().collect());
        self
    }

    /// Refuses tokens longer than `max` bytes (default [`DEFAULT_MAX_TOKEN_LEN`]).
    pub fn max_token_len(mut self, max: usize) -> Self {
        self.max_token_len = max;
        self
    }

    /// Refuses protected headers that decode to more than `max` bytes (default
    /// [`MAX_HEADER_LEN`]).
    pub fn max_header_len(mut self, max: usize) -> Self {
        self.max_header_len = max;
        self
    }

    /// Accepts content compressed with `zip: DEF` (RFC 7516 §4.1.3), inflated to at most
    /// [`MAX_INFLATED_LEN`] bytes; by default `zip` is refused. Only `DEF` is ever accepted.
    ///
    /// The limit is enforced while inflating: a decompression bomb costs at most that much
    /// memory and time. Compression is accepted for tokens from senders that use it;
    /// [`encrypt`](crate::jwe::encrypt) never compresses, because compressing before
    /// encrypting reveals information about the plaintext through its length (RFC 8725 §3.6).
    #[cfg(feature = "deflate")]
    pub fn allow_deflate(mut self) -> Self {
        self.inflate = true;
        self
    }

    /// The decrypter.
    ///
    /// # Errors
    ///
    /// [`ConfigError::NoKeys`] without keys, [`ConfigError::EmptyList`] for an empty
    /// allow-list, [`ConfigError::DuplicateKeyId`] when two keys share an algorithm and key id,
    /// [`ConfigError::OutOfRange`] for a zero limit.
    pub fn build(self) -> Result<Decrypter, ConfigError> {
        if self.keys.is_empty() {
            return Err(ConfigError::NoKeys);
        }
        if self.max_token_len == 0 || self.max_header_len == 0 {
            return Err(ConfigError::OutOfRange);
        }
        for (index, key) in self.keys.iter().enumerate() {
            let duplicate = self.keys.iter().skip(index + 1).any(|other| {
                other.algorithm().name() == key.algorithm().name() && other.key_id() == key.key_id()
            });
            if duplicate {
                return Err(ConfigError::DuplicateKeyId);
            }
        }
        let algorithms = self.algorithms.unwrap_or_else(default_key_algorithms);
        let encryptions = self.encryptions.unwrap_or_else(|| CONTENT_FAMILY.to_vec());
        if algorithms.is_empty() || encryptions.is_empty() {
            return Err(ConfigError::EmptyList);
        }
        Ok(Decrypter {
            keys: self.keys,
            algorithms,
            encryptions,
            max_token_len: self.max_token_len,
            max_header_len: self.max_header_len,
            inflate: self.inflate,
        })
    }
}

/// Inflates `zip: DEF` content (raw DEFLATE, RFC 1951), stopping at [`MAX_INFLATED_LEN`].
#[cfg(feature = "deflate")]
fn inflate_content(compressed: &[u8]) -> Result<Vec<u8>, DecryptError> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};
    decompress_to_vec_with_limit(compressed, MAX_INFLATED_LEN).map_err(|error| {
        if error.status == TINFLStatus::HasMoreOutput {
            DecryptError::InflatedTooLong {
                max: MAX_INFLATED_LEN,
            }
        } else {
            DecryptError::Inflate
        }
    })
}

/// Decodes a strict base64url segment.
fn decode(encoded: &str, segment: Segment) -> Result<Vec<u8>, DecryptError> {
    base64url::decode(encoded.as_bytes()).ok_or(DecryptError::Base64(segment))
}

/// Splits a compact JWE into its five segments, without allocating; a three-segment token is
/// named a JWS.
fn split(token: &str) -> Result<[&str; 5], DecryptError> {
    let mut parts = token.splitn(6, '.');
    let mut next = || parts.next();
    match (next(), next(), next(), next(), next(), next()) {
        (Some(a), Some(b), Some(c), Some(d), Some(e), None) => Ok([a, b, c, d, e]),
        (Some(_), Some(_), Some(_), None, None, None) => Err(DecryptError::Jws),
        _ => Err(DecryptError::SegmentCount),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_five_segments_and_names_jws() {
        assert!(matches!(split("a.b.c.d.e"), Ok(["a", "b", "c", "d", "e"])));
        assert!(matches!(split("a....e"), Ok(["a", "", "", "", "e"])));
        assert!(matches!(split("a.b.c"), Err(DecryptError::Jws)));
        for bad in ["a", "a.b", "a.b.c.d", "a.b.c.d.e.f", "......"] {
            assert!(
                matches!(split(bad), Err(DecryptError::SegmentCount)),
                "{bad}"
            );
        }
    }
}
