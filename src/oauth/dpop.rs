//! RFC 9449 DPoP: sender-constrained tokens proved by a signed JWT per request, without I/O.
//!
//! * Clients hold a [`DpopKey`] and sign a fresh proof for every request with
//!   [`DpopKey::proof`]; its [`thumbprint`](DpopKey::thumbprint) is the `dpop_jkt` the
//!   authorization server binds tokens to (`cnf.jkt`, RFC 9449 §6.1).
//! * Servers describe the request with a [`DpopRequest`] and check it with a [`DpopVerifier`];
//!   a resource server then binds the access token to the proof with
//!   [`AccessTokenValidator::verify_dpop_at`](crate::oauth::AccessTokenValidator::verify_dpop_at).
//!
//! [`DpopVerifier::check_at`] applies every check of RFC 9449 §4.3 except the replay check, in
//! this order:
//!
//! 1. exactly one `DPoP` header ([`DpopError::Missing`], [`DpopError::MultipleProofs`]);
//! 2. one well-formed JWS, its length capped before anything is decoded ([`DpopError::TooLong`],
//!    [`DpopError::Malformed`]);
//! 3. the header's `typ` is `dpop+jwt` ([`DpopError::Type`]);
//! 4. `alg` is asymmetric, not `none`, and one the verifier allows; no `crit`
//!    ([`DpopError::Algorithm`], [`DpopError::Critical`]);
//! 5. the header's `jwk` is a public asymmetric key that fits `alg`, never a private one
//!    ([`DpopError::Key`]), and the signature verifies with it ([`DpopError::InvalidSignature`]);
//! 6. the claims `jti`, `htm`, `htu` and `iat` are present ([`DpopError::MissingClaim`]), `jti`
//!    is bounded ([`DpopError::JtiTooLong`]);
//! 7. `htm` is the request method ([`DpopError::Method`]) and `htu` the request URI, both
//!    normalised (RFC 3986 §6.2.2, §6.2.3) and without query and fragment ([`DpopError::Uri`]);
//! 8. `nonce` is a valid server nonce when the verifier has a [`NonceIssuer`]
//!    ([`DpopError::UseNonce`]);
//! 9. `iat` is within the acceptance window ([`DpopError::IssuedAt`]);
//! 10. with an access token, `ath` is the hash of that token ([`DpopError::TokenHash`]).
//!
//! [`DpopVerifier::verify_at`] adds the replay check of RFC 9449 §11.1: the proof's `jti`
//! (hashed with the key's thumbprint) goes into a [`ReplayStore`](crate::oauth::ReplayStore)
//! and a second use is [`DpopError::Replayed`].
//!
//! # Examples
//!
//! ```
//! use jwt_ring::oauth::dpop::{DpopKey, DpopRequest, DpopVerifier, ProofOptions};
//! use jwt_ring::oauth::MemoryReplayStore;
//! use time::OffsetDateTime;
//!
//! // The client.
//! let key = DpopKey::generate("ES256")?;
//! let proof = key.proof("GET", "https://api.example/orders?page=2", &ProofOptions::new())?;
//!
//! // The server.
//! let verifier = DpopVerifier::builder().build()?;
//! let store = MemoryReplayStore::default();
//! let request = DpopRequest::new("GET", "https://api.example/orders?page=2")
//!     .proof_headers([proof.as_bytes()]);
//! let verified = verifier.verify_at(&request, &store, OffsetDateTime::now_utc())?;
//! assert_eq!(verified.thumbprint(), key.thumbprint());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod htu;
mod key;
mod nonce;
mod proof;
mod request;
mod verifier;

pub use error::{DpopError, DpopMintError};
pub use htu::normalize_htu;
pub use key::{DpopKey, ProofOptions};
pub use nonce::NonceIssuer;
pub use proof::{DpopProof, UnrecordedProof, access_token_hash};
pub use request::DpopRequest;
pub use verifier::{
    DEFAULT_FUTURE_SKEW, DEFAULT_MAX_AGE, DEFAULT_MAX_JTI_LEN, DEFAULT_MAX_PROOF_LEN,
    DEFAULT_REPLAY_SCOPE, DPOP_ALGORITHMS, DpopVerifier, DpopVerifierBuilder,
};

/// The `typ` of a DPoP proof (RFC 9449 §4.2); `application/dpop+jwt` is accepted too.
pub const DPOP_TYPE: &str = "dpop+jwt";
