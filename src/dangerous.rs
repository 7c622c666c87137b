//! Escape hatches, kept in one module so that a reviewer can find every use with one grep.
//!
//! Nothing here is needed on the paved path. Each function says what it gives up.

use serde::de::DeserializeOwned;

use crate::claims::read::read_claims;
use crate::claims::{Claims, RegisteredClaims};
use crate::error::{KeyRejected, VerifyError};
use crate::hmac;
use crate::token::{Token, UntrustedToken};

/// Decodes a token **without verifying its signature or any claim**, for debugging tools.
///
/// # Security
///
/// Anyone can forge what this returns. Never make an access decision on it.
///
/// # Errors
///
/// [`VerifyError::Malformed`], [`VerifyError::Header`], [`VerifyError::Claim`] (mistyped
/// registered claims) or [`VerifyError::ClaimsType`].
///
/// # Examples
///
/// ```
/// let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";
/// let forged = jwt_ring::dangerous::decode_unverified::<jwt_ring::NoCustomClaims>(token)?;
/// assert_eq!(forged.claims().registered.sub(), Some("alice"));
/// # Ok::<(), jwt_ring::VerifyError>(())
/// ```
pub fn decode_unverified<T: DeserializeOwned>(token: &str) -> Result<Token<T>, VerifyError> {
    let untrusted = UntrustedToken::parse(token)?;
    let mut registered = RegisteredClaims::default();
    let (custom, _) = read_claims::<T>(untrusted.payload(), &mut registered, &[])?;
    Ok(Token::new(
        untrusted.into_header(),
        Claims { registered, custom },
    ))
}

/// An HMAC key whose secret is shorter than RFC 7518 §3.2 allows, for legacy systems that
/// cannot rotate yet.
///
/// # Security
///
/// A short secret can be brute-forced from a single token. Rotate to a full-length secret.
///
/// # Errors
///
/// [`KeyRejected`] for an empty secret, which is never accepted.
pub fn hmac_key_with_short_secret(
    algorithm: &'static hmac::Algorithm,
    secret: &[u8],
) -> Result<hmac::Key, KeyRejected> {
    if secret.is_empty() {
        return Err(KeyRejected::new("HMAC secret is empty"));
    }
    hmac::Key::from_secret(algorithm, secret)
}
