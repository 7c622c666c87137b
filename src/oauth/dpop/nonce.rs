//! Stateless server nonces (RFC 9449 §8, §9): an HMAC over the time they were issued.

use std::fmt;

use crate::backend::primitives::hmac;
use time::{Duration, OffsetDateTime};

use crate::base64url;
use crate::error::ConfigError;

/// The shortest secret [`NonceIssuer::new`] accepts, in bytes.
const MIN_SECRET_LEN: usize = 32;

/// How far in the future a nonce's issue time may be: another instance's clock may run ahead.
const ISSUE_SKEW: Duration = Duration::seconds(5);

/// What the MAC covers besides the issue time, so that the secret cannot be misused to forge
/// other values of the same shape.
const DOMAIN: &[u8] = b"jwt-ring dpop nonce v1\0";

/// The length of the MAC, in bytes (HMAC-SHA256).
const TAG_LEN: usize = 32;

/// The length of a decoded nonce: the issue time (8 bytes, big-endian) and the MAC.
const NONCE_LEN: usize = 8 + TAG_LEN;

/// Issues and checks DPoP server nonces without storing them.
///
/// A nonce is the time it was issued and an HMAC-SHA256 of that time under the secret,
/// base64url (54 characters). It is valid from its issue time (a few seconds earlier, for
/// clocks that differ) until `lifetime` later. Instances sharing the secret accept each
/// other's nonces.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::dpop::NonceIssuer;
/// use time::{Duration, OffsetDateTime};
///
/// let issuer = NonceIssuer::new(&[7u8; 32], Duration::minutes(5))?;
/// let now = OffsetDateTime::now_utc();
/// let nonce = issuer.issue(now);
/// assert!(issuer.is_valid(&nonce, now + Duration::minutes(1)));
/// assert!(!issuer.is_valid(&nonce, now + Duration::minutes(6)));
/// # Ok::<(), jwt_ring::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct NonceIssuer {
    key: hmac::Key,
    lifetime: Duration,
}

impl NonceIssuer {
    /// An issuer whose nonces are valid for `lifetime`, keyed with `secret`.
    ///
    /// # Errors
    ///
    /// [`ConfigError::OutOfRange`] for a secret shorter than 32 bytes or a lifetime that is
    /// not positive.
    ///
    /// # Security
    ///
    /// The secret must be random and kept secret: whoever holds it can mint nonces.
    pub fn new(secret: &[u8], lifetime: Duration) -> Result<Self, ConfigError> {
        if secret.len() < MIN_SECRET_LEN || !lifetime.is_positive() {
            return Err(ConfigError::OutOfRange);
        }
        Ok(Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
            lifetime,
        })
    }

    /// How long a nonce stays valid.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A nonce issued at `now`.
    pub fn issue(&self, now: OffsetDateTime) -> String {
        let time = now.unix_timestamp().to_be_bytes();
        let mut nonce = [0u8; NONCE_LEN];
        let (time_part, tag_part) = nonce.split_at_mut(8);
        time_part.copy_from_slice(&time);
        let tag = hmac::sign(&self.key, &signed_message(time));
        tag_part.copy_from_slice(tag.as_ref());
        base64url::encode(&nonce)
    }

    /// Whether `nonce` was issued with this secret and is still valid at `now`.
    pub fn is_valid(&self, nonce: &str, now: OffsetDateTime) -> bool {
        let mut decoded = [0u8; NONCE_LEN];
        if base64url::decoded_len(nonce.len()) != Some(NONCE_LEN)
            || base64url::decode_into(nonce.as_bytes(), &mut decoded) != Some(NONCE_LEN)
        {
            return false;
        }
        let (time_part, tag_part) = decoded.split_at(8);
        let Ok(time) = <[u8; 8]>::try_from(time_part) else {
            return false;
        };
        // Constant-time comparison of the MAC.
        if hmac::verify(&self.key, &signed_message(time), tag_part).is_err() {
            return false;
        }
        let Ok(issued) = OffsetDateTime::from_unix_timestamp(i64::from_be_bytes(time)) else {
            return false;
        };
        issued <= now.saturating_add(ISSUE_SKEW) && now < issued.saturating_add(self.lifetime)
    }
}

/// What the MAC covers: the domain string, then the issue time.
fn signed_message(time: [u8; 8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(DOMAIN.len() + time.len());
    message.extend_from_slice(DOMAIN);
    message.extend_from_slice(&time);
    message
}

impl fmt::Debug for NonceIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NonceIssuer")
            .field("secret", &"<redacted>")
            .field("lifetime", &self.lifetime)
            .finish()
    }
}
