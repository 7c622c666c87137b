//! JSON Web Tokens (JWS compact serialization, RFC 7515 / RFC 7519) with keys bound to their
//! algorithms, a validator that fails closed, and [ring](https://docs.rs/ring) for the
//! cryptography.
//!
//! # The paved path
//!
//! ```
//! use jwt_ring::{Claims, Header, NoCustomClaims, Validator, encode, hmac};
//! use time::{Duration, OffsetDateTime};
//!
//! let key = hmac::Key::new(&hmac::HS256, b"a 32-byte or longer shared secret")?;
//! let claims = Claims::registered_only()
//!     .with_subject("alice")
//!     .valid_for(OffsetDateTime::now_utc(), Duration::minutes(10));
//! let token = encode(&Header::new(), &claims, &key)?;
//!
//! let validator = Validator::builder().key(key).build()?;
//! let verified = validator.verify::<NoCustomClaims>(&token)?;
//! assert_eq!(verified.claims().registered.sub(), Some("alice"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Security model
//!
//! * **A key is bound to its algorithm.** Keys are built *for* an algorithm
//!   (`ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, ..)`); the token's `alg` only has to agree.
//!   `alg: none` can be neither written nor accepted, and an HMAC key can never verify an RS256
//!   token, whatever the token says.
//! * **Attacker bytes reach your types last.** A token is bounded in size, split into exactly
//!   three segments, strictly base64url-decoded, and its header parsed strictly (duplicate members,
//!   unknown `crit`, `b64` rejected). The signature is verified before the claims are parsed.
//! * **Claims fail closed.** `exp` is required; `iss`, `aud` and `sub` are checked whenever
//!   configured; a token with an `aud` is refused when no audience is configured; a registered
//!   claim with the wrong type is an error, never "absent".
//! * **Real tokens pass.** Tokens up to 256 KiB and headers up to 32 KiB are accepted by default
//!   (both limits configurable, both judged before decoding). A date is any JSON number: past the
//!   year 9999 it compares as [`NumericDate::MAX`] (never expires) and keeps its number when read
//!   or written back, before 1970 it is simply in the past. There is no leeway by default, and a future `iat` is only refused with
//!   [`ValidatorBuilder::max_age`] or [`ValidatorBuilder::reject_future_issued_at`], so an issuer
//!   whose clock runs a little ahead does not break every request (RFC 7519 §4.1.6 gives `iat` no
//!   say over validity).
//! * **Errors are typed and quiet.** They say which part or claim failed and why, and never echo
//!   key material or token contents. A bad signature is never reported as a claim error.
//!
//! # Keys from files
//!
//! With the `pem` feature (on by default) every key type also loads from PEM
//! (`rsa::SigningKey::from_pem`, `ecdsa::VerifyingKey::from_pem`, ..) and DER: PKCS#8, PKCS#1,
//! SEC1, SubjectPublicKeyInfo and X.509 certificates, parsed with RustCrypto's maintained crates.
//!
//! # Extending
//!
//! [`Signer`] and [`Verifier`] are the extension point: an HSM, a cloud KMS or an algorithm ring
//! lacks (ES512) implements them in the user's crate. [`SigningInput`] splits signing in two for
//! remote and asynchronous signers. [`KeyResolver`] chooses keys for custom key stores.
//!
//! # Encryption
//!
//! [`jwe`] decrypts and encrypts JWE compact tokens (RFC 7516) with keys bound to one
//! key-management algorithm, explicit `alg`/`enc` allow-lists, and one error for every
//! cryptographic failure. A decryption key never verifies and a signing key never decrypts.
//! A nested JWT is decrypted and verified in one call,
//! [`jwe::Decrypter::decrypt_and_verify`], which returns only a verified [`Token`].
//!
//! # Keys from an authorization server
//!
//! [`remote::RemoteKeySet`] caches an issuer's JWK Set (freshness, refresh ahead, unknown-`kid`
//! cooldown, last known good on outage) without doing I/O: an HTTP client drives it, and a
//! [`Validator`] uses it as a [`KeyResolver`].
//!
//! # Remembering tokens
//!
//! [`replay::ReplayStore`] answers "has this `jti` been seen" for checks that must remember:
//! replayed client assertions and DPoP proofs, and the [`revocation`] deny-list that
//! [`ValidatorBuilder::deny_revoked`] consults. The store is in memory or shared by every
//! instance (a Redis store in its own crate).
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod backend;
mod base64url;
mod claims;
mod crypto;
pub mod dangerous;
pub mod ecdsa;
pub mod eddsa;
mod encode;
mod error;
mod header;
pub mod hmac;
mod json;
pub mod jwe;
pub mod jwk;
mod keyset;
pub mod oauth;
#[cfg(feature = "pem")]
mod pem;
pub mod remote;
pub mod replay;
pub mod revocation;
pub mod rsa;
mod token;
mod validation;

pub use backend::Backend;
pub use claims::{
    Audience, AudienceRef, ClaimName, Claims, DateOutOfRange, NoCustomClaims, NumericDate,
    RegisteredClaims,
};
pub use crypto::{InvalidSignature, Signer, SigningError, Verifier};
pub use encode::{SigningInput, encode};
pub use error::{
    ClaimError, ClaimFailure, ConfigError, EncodeError, HeaderError, KeyRejected, Malformed, Part,
    VerifyError,
};
pub use header::Header;
pub use keyset::{KeyResolver, KeySet, Resolved, SharedKeySet};
pub use token::{DEFAULT_MAX_TOKEN_LEN, MAX_HEADER_LEN, MAX_SIGNATURE_LEN, Token, UntrustedToken};
pub use validation::{Validator, ValidatorBuilder};

/// The `time` crate, re-exported so that callers use the same `OffsetDateTime` and `Duration`.
pub use time;

/// The README's code blocks, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
