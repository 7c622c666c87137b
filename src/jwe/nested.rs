//! Nested JWTs (RFC 7519 §5.2, §11.2): a JWS inside a JWE, decrypted and then verified in one
//! call, so that neither layer can be skipped.

use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::error::VerifyError;
use crate::jwe::decrypt::Decrypter;
use crate::jwe::error::DecryptError;
use crate::token::Token;
use crate::validation::{Validator, typ_matches};

/// A nested JWT was not accepted, and which layer refused it.
///
/// The outer layer's errors are [`DecryptError`]s as [`Decrypter::decrypt`] returns them, so
/// every cryptographic failure is still the one [`DecryptError::Decryption`]. The other
/// variants are only reached once the outer JWE has decrypted, so they tell nothing about the
/// decryption to someone without the key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NestedError {
    /// The token is a JWS (three segments), not the encrypted outer layer: a nested JWT is
    /// always encrypted on the outside.
    #[error("token is a JWS, not an encrypted nested JWT")]
    NotEncrypted,
    /// The outer JWE was not decrypted.
    #[error("outer JWE: {0}")]
    Outer(#[source] DecryptError),
    /// The outer JWE's protected header has no `cty` naming a JWT (`JWT` or
    /// `application/jwt`, compared without regard to case), so its plaintext is not declared to
    /// be a nested JWT (RFC 7519 §5.2).
    #[error("the outer JWE's `cty` is not JWT")]
    NotNested,
    /// The plaintext is itself a JWE. One layer of encryption is decrypted, never more: an
    /// encrypted token inside an encrypted token is refused, not recursed into.
    #[error("the inner token is a JWE, not a signed JWT")]
    InnerJwe,
    /// The plaintext is not a JWS compact token (for example, bare claims JSON): encryption
    /// alone does not say who issued the claims (RFC 7519 §11.2), so an unsigned inner token
    /// is refused.
    #[error("the inner token is not signed")]
    UnsignedInner,
    /// The inner JWS was refused by the validator: its signature, header or claims.
    #[error("inner JWS: {0}")]
    Inner(#[source] VerifyError),
}

impl From<DecryptError> for NestedError {
    fn from(error: DecryptError) -> Self {
        match error {
            DecryptError::Jws => NestedError::NotEncrypted,
            other => NestedError::Outer(other),
        }
    }
}

impl Decrypter {
    /// Decrypts a nested JWT and verifies its inner JWS with `validator`, as of the current
    /// time.
    ///
    /// # Errors
    ///
    /// See [`decrypt_and_verify_at`](Self::decrypt_and_verify_at).
    pub fn decrypt_and_verify<T: DeserializeOwned>(
        &self,
        token: &str,
        validator: &Validator,
    ) -> Result<Token<T>, NestedError> {
        let inner = self.decrypt_nested(token)?;
        validator.verify(&inner).map_err(NestedError::Inner)
    }

    /// Decrypts a nested JWT (a JWS signed, then encrypted: RFC 7519 §5.2) and verifies its
    /// inner JWS with `validator` as of `now`.
    ///
    /// This is a method of the decrypter that takes the validator, rather than a third type
    /// holding both, because the two are configured apart and already shared apart: one
    /// [`Validator`] serves plain and nested tokens alike, and one [`Decrypter`] every nested
    /// issuer. The call returns only a verified [`Token`], so there is no path on which the
    /// plaintext of the outer layer is trusted without its signature.
    ///
    /// The steps, in order:
    /// 1. the outer JWE is decrypted by [`decrypt`](Self::decrypt), with all its checks;
    /// 2. its protected header must carry `cty` `JWT`. RFC 7519 §5.2 asks for `JWT` and RFC 7515
    ///    §4.1.10 lets a media type drop `application/` and compare without regard to case, so
    ///    `JWT`, `jwt` and `application/jwt` are the same and all accepted;
    /// 3. the plaintext must be a JWS compact token: a JWE is refused (never decrypted in turn),
    ///    and anything else (claims JSON, say) is an unsigned token and refused;
    /// 4. the JWS is verified by `validator` with every one of its checks, `alg: none`
    ///    refused among them.
    ///
    /// # Errors
    ///
    /// * [`NestedError::NotEncrypted`]: the token is a JWS;
    /// * [`NestedError::Outer`]: the outer JWE was not decrypted ([`DecryptError::Decryption`]
    ///   for every cryptographic failure);
    /// * [`NestedError::NotNested`]: `cty` is missing or not `JWT`;
    /// * [`NestedError::InnerJwe`], [`NestedError::UnsignedInner`]: the plaintext is not a JWS;
    /// * [`NestedError::Inner`]: the validator refused the inner JWS.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::{Claims, Header, NoCustomClaims, Validator, encode, hmac, jwe};
    /// use time::{Duration, OffsetDateTime};
    ///
    /// let now = OffsetDateTime::now_utc();
    /// let signing = hmac::Key::new(&hmac::HS256, &[3; 32])?;
    /// let claims = Claims::registered_only()
    ///     .with_subject("alice")
    ///     .valid_for(now, Duration::minutes(5));
    /// let signed = encode(&Header::new(), &claims, &signing)?;
    ///
    /// let secret = [9u8; 32];
    /// let token = jwe::encrypt(
    ///     &jwe::Header::new().with_content_type("JWT"),
    ///     signed.as_bytes(),
    ///     &jwe::EncryptingKey::symmetric(&jwe::DIR, &secret)?,
    ///     &jwe::A256GCM,
    /// )?;
    ///
    /// let decrypter = jwe::Decrypter::builder()
    ///     .key(jwe::DecryptingKey::symmetric(&jwe::DIR, &secret)?)
    ///     .build()?;
    /// let validator = Validator::builder().key(signing).build()?;
    /// let verified = decrypter.decrypt_and_verify_at::<NoCustomClaims>(&token, &validator, now)?;
    /// assert_eq!(verified.claims().registered.sub(), Some("alice"));
    ///
    /// // The signed token alone is refused: the outer layer is required.
    /// assert!(matches!(
    ///     decrypter.decrypt_and_verify_at::<NoCustomClaims>(&signed, &validator, now),
    ///     Err(jwe::NestedError::NotEncrypted)
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decrypt_and_verify_at<T: DeserializeOwned>(
        &self,
        token: &str,
        validator: &Validator,
        now: OffsetDateTime,
    ) -> Result<Token<T>, NestedError> {
        let inner = self.decrypt_nested(token)?;
        validator.verify_at(&inner, now).map_err(NestedError::Inner)
    }

    /// Steps 1-3 of [`decrypt_and_verify_at`](Self::decrypt_and_verify_at): the inner JWS's
    /// text, not yet verified. Never returns [`NestedError::Inner`]; the ID token validator
    /// (`crate::oauth::IdTokenValidator`) relies on that and verifies the text itself.
    pub(crate) fn decrypt_nested(&self, token: &str) -> Result<String, NestedError> {
        let (header, plaintext) = self.decrypt(token)?.into_parts();
        if !header
            .content_type()
            .is_some_and(|cty| typ_matches(cty, "jwt"))
        {
            return Err(NestedError::NotNested);
        }
        let inner = String::from_utf8(plaintext).map_err(|_| NestedError::UnsignedInner)?;
        match compact_segments(&inner) {
            Some(3) => Ok(inner),
            Some(5) => Err(NestedError::InnerJwe),
            _ => Err(NestedError::UnsignedInner),
        }
    }
}

/// The number of segments of a compact serialization (base64url text and dots only), or
/// `None` for any other text.
fn compact_segments(text: &str) -> Option<usize> {
    let compact = text
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'));
    compact.then(|| text.bytes().filter(|&byte| byte == b'.').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_compact_segments_only() {
        assert_eq!(compact_segments("a.b.c"), Some(3));
        assert_eq!(compact_segments("a..c"), Some(3));
        assert_eq!(compact_segments("a.b.c.d.e"), Some(5));
        assert_eq!(compact_segments("abc"), Some(1));
        assert_eq!(compact_segments(r#"{"iss":"a.b.c"}"#), None);
        assert_eq!(compact_segments("a.b.c "), None);
        assert_eq!(compact_segments("a+b.c.d"), None);
    }
}
