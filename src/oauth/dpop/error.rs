//! What can go wrong minting and checking DPoP proofs.

use crate::error::EncodeError;
use crate::jwk::JwkError;
use crate::replay::ReplayError;

/// A DPoP proof could not be minted, or a [`DpopKey`](super::DpopKey) made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DpopMintError {
    /// The algorithm is not one a proof key can be generated for (`ES256`, `ES384`, `EdDSA`,
    /// `Ed25519`).
    #[error("the algorithm is not supported for dpop keys")]
    Algorithm,
    /// The JWK is not a private asymmetric key usable for signing.
    #[error("the key is not a private asymmetric signing key")]
    Key(#[source] JwkError),
    /// The system random number generator failed.
    #[error("the random number generator failed")]
    Random,
    /// Signing or serializing failed.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// A DPoP proof was refused (RFC 9449 §4.3, §11.1).
///
/// Messages name the failed check, never the proof's content.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DpopError {
    /// The request has no `DPoP` header.
    #[error("no dpop proof was sent")]
    Missing,
    /// The request has more than one `DPoP` header.
    #[error("more than one dpop proof was sent")]
    MultipleProofs,
    /// The proof is longer than the verifier accepts.
    #[error("the dpop proof is too long")]
    TooLong,
    /// The proof is not one well-formed JWS with a JSON object as payload, or a claim has the
    /// wrong type.
    #[error("the dpop proof is malformed")]
    Malformed,
    /// The header's `typ` is not `dpop+jwt`.
    #[error("the dpop proof has the wrong type")]
    Type,
    /// `alg` is missing, `none`, symmetric, or not allowed.
    #[error("the dpop proof algorithm is not allowed")]
    Algorithm,
    /// The header has a `crit` member: no DPoP extension is understood.
    #[error("the dpop proof has critical header members")]
    Critical,
    /// The header's `jwk` is not a public asymmetric key that fits `alg` (it is malformed,
    /// private, symmetric, or of another type).
    #[error("the dpop proof key is not acceptable")]
    Key,
    /// The signature does not verify with the embedded key.
    #[error("the dpop proof signature is invalid")]
    InvalidSignature,
    /// A required header member or claim is absent.
    #[error("the dpop proof lacks `{0}`")]
    MissingClaim(&'static str),
    /// `htm` is not the request method.
    #[error("the dpop proof is for another method")]
    Method,
    /// `htu` is not the request URI (or either is not an absolute http or https URI).
    #[error("the dpop proof is for another uri")]
    Uri,
    /// `iat` is outside the acceptance window.
    #[error("the dpop proof is too old or from the future")]
    IssuedAt,
    /// `jti` is longer than the verifier accepts.
    #[error("the dpop proof identifier is too long")]
    JtiTooLong,
    /// The proof was already used.
    #[error("the dpop proof was already used")]
    Replayed,
    /// The server requires a nonce and the proof has none, or one that is invalid or expired:
    /// answer with `use_dpop_nonce` and a fresh nonce (RFC 9449 §8, §9).
    #[error("the dpop proof needs a fresh server nonce")]
    UseNonce,
    /// An access token was presented and `ath` is absent or not its hash.
    #[error("the dpop proof is not for this access token")]
    TokenHash,
    /// The access token is not bound (`cnf.jkt`) to the proof's key.
    #[error("the access token is not bound to the dpop proof key")]
    KeyMismatch,
    /// The replay store could not record the proof; it is refused.
    #[error("the dpop replay check failed")]
    Store(#[from] ReplayError),
}
