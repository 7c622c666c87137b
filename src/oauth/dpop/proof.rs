//! A checked proof: what the verifier hands back, before and after the replay check.

use std::fmt;

use crate::backend::primitives::digest;
use time::OffsetDateTime;

use super::error::DpopError;
use crate::base64url;
use crate::jwk::Jwk;
use crate::replay::{AsyncReplayStore, ReplayStore};

/// The `ath` of a proof sent with `access_token`: base64url(SHA-256(the token's ASCII))
/// (RFC 9449 §4.2).
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::dpop::access_token_hash;
///
/// // RFC 9449 §7.1.
/// assert_eq!(
///     access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
///     "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo",
/// );
/// ```
pub fn access_token_hash(access_token: &str) -> String {
    base64url::encode(digest::digest(&digest::SHA256, access_token.as_bytes()).as_ref())
}

/// The value recorded in the replay store for a proof: base64url(SHA-256) over the key's
/// thumbprint and the `jti`, the thumbprint's length first so that no two pairs share a
/// value. Hashing bounds the entry's length whatever the `jti`.
pub(crate) fn replay_key(thumbprint: &str, jti: &str) -> String {
    let mut context = digest::Context::new(&digest::SHA256);
    context.update(&(thumbprint.len() as u64).to_be_bytes());
    context.update(thumbprint.as_bytes());
    context.update(jti.as_bytes());
    base64url::encode(context.finish().as_ref())
}

/// A DPoP proof that passed every check of RFC 9449 §4.3, replay included.
///
/// Only [`DpopVerifier`](super::DpopVerifier) and [`UnrecordedProof::record`] make one.
#[derive(Clone)]
pub struct DpopProof {
    pub(crate) thumbprint: String,
    pub(crate) public_jwk: Jwk,
    pub(crate) jti: String,
    pub(crate) issued_at: OffsetDateTime,
    pub(crate) nonce: Option<String>,
    pub(crate) ath: Option<String>,
}

impl DpopProof {
    /// The RFC 7638 SHA-256 thumbprint of the proof's key, base64url: compare it with the
    /// access token's `cnf.jkt`, or bind a new token to it.
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The proof's public key.
    pub fn public_jwk(&self) -> &Jwk {
        &self.public_jwk
    }

    /// The proof's `jti`.
    pub fn jti(&self) -> &str {
        &self.jti
    }

    /// The proof's `iat`.
    pub fn issued_at(&self) -> OffsetDateTime {
        self.issued_at
    }

    /// The proof's `nonce`, if it has one.
    pub fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    /// The proof's `ath`, if it has one: checked against the presented access token when the
    /// [`DpopRequest`](super::DpopRequest) named one.
    pub fn access_token_hash(&self) -> Option<&str> {
        self.ath.as_deref()
    }
}

impl fmt::Debug for DpopProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopProof")
            .field("thumbprint", &self.thumbprint)
            .field("issued_at", &self.issued_at)
            .field("has_nonce", &self.nonce.is_some())
            .field("has_ath", &self.ath.is_some())
            .finish_non_exhaustive()
    }
}

/// A proof that passed every check but the replay check: record it to get the
/// [`DpopProof`].
///
/// [`DpopVerifier::check_at`](super::DpopVerifier::check_at) returns it. A resource server
/// hands it to
/// [`AccessTokenValidator::verify_dpop_at`](crate::oauth::AccessTokenValidator::verify_dpop_at),
/// which records it only once the access token and its binding are verified; recording it
/// earlier lets anyone fill the store with proofs for tokens that do not verify.
#[must_use = "a proof is accepted only once it is recorded"]
pub struct UnrecordedProof {
    pub(crate) proof: DpopProof,
    pub(crate) scope: String,
    pub(crate) key: String,
    pub(crate) until: OffsetDateTime,
    /// The access token of the request, whose hash `ath` was found to be: the binding check
    /// compares the token it verifies with this one instead of hashing it a second time.
    pub(crate) access_token: Option<String>,
}

impl UnrecordedProof {
    /// The replay store's scope: `dpop:` and the verifier's `replay_scope`.
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The value to record: the hash of the proof key's thumbprint and `jti`.
    pub fn hashed_jti(&self) -> &str {
        &self.key
    }

    /// Until when the value must be remembered: past the last moment the proof is accepted.
    pub fn until(&self) -> OffsetDateTime {
        self.until
    }

    /// Records the proof in `store` and returns it if this is its first use.
    ///
    /// # Errors
    ///
    /// [`DpopError::Replayed`] when it was seen before, [`DpopError::Store`] when the store
    /// fails (the proof is then refused).
    pub fn record(
        self,
        store: &dyn ReplayStore,
        now: OffsetDateTime,
    ) -> Result<DpopProof, DpopError> {
        let first = store.first_seen(&self.scope, &self.key, self.until, now)?;
        self.accept(first)
    }

    /// As [`record`](Self::record), with a store that answers by a future.
    ///
    /// # Errors
    ///
    /// As for [`record`](Self::record).
    pub async fn record_async(
        self,
        store: &dyn AsyncReplayStore,
        now: OffsetDateTime,
    ) -> Result<DpopProof, DpopError> {
        let first = store
            .first_seen_async(&self.scope, &self.key, self.until, now)
            .await?;
        self.accept(first)
    }

    fn accept(self, first: bool) -> Result<DpopProof, DpopError> {
        if first {
            Ok(self.proof)
        } else {
            Err(DpopError::Replayed)
        }
    }

    /// The proof without its replay check, for callers that check replay their own way
    /// (with [`hashed_jti`](Self::hashed_jti) and [`until`](Self::until)).
    ///
    /// # Security
    ///
    /// RFC 9449 §11.1 requires the check: a proof accepted twice lets whoever saw it once
    /// replay the request. Prefer [`record`](Self::record) or
    /// [`record_async`](Self::record_async).
    pub fn into_proof_without_replay_check(self) -> DpopProof {
        self.proof
    }
}

impl fmt::Debug for UnrecordedProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnrecordedProof")
            .field("proof", &self.proof)
            .field("scope", &self.scope)
            .field("until", &self.until)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::replay_key;

    #[test]
    fn replay_keys_are_unambiguous() {
        assert_ne!(replay_key("ab", "c"), replay_key("a", "bc"));
        assert_eq!(replay_key("a", "b"), replay_key("a", "b"));
        assert_eq!(replay_key("a", "b").len(), 43);
    }
}
