//! OAuth 2.0 and OpenID Connect token profiles, without I/O.
//!
//! * [`AccessTokenValidator`]: RFC 9068 JWT access tokens for a resource server, with typed
//!   [`AccessTokenClaims`] and [`Scope`] checks as data ([`ScopeRequirement`]).
//! * [`bearer`]: RFC 6750 `Authorization: Bearer` parsing and `WWW-Authenticate` challenges,
//!   with every failure mapped to its status ([`bearer::Rejection`]).
//! * [`IdTokenValidator`]: OpenID Connect ID tokens for a relying party (`azp`, `nonce`,
//!   `max_age`, `acr`, `at_hash`, `c_hash`).
//! * [`ClientAssertion`] and [`ClientAssertionValidator`]: RFC 7523 client assertions in the form
//!   RFC 10070 requires (`aud` the issuer alone, `typ` `client-authentication+jwt`), minted by
//!   clients and verified by authorization servers with a `jti` [`ReplayStore`] (the
//!   [`replay`] stores live at the crate root, shared with the validator's revocation check).
//! * [`dpop`]: RFC 9449 DPoP proofs, minted with a [`DpopKey`] and checked with a
//!   [`DpopVerifier`], and access tokens bound to them
//!   ([`AccessTokenValidator::verify_dpop_at`]).
//! * [`revocation`]: a deny-list of revoked tokens' `jti`s in the same [`ReplayStore`], checked
//!   by validators built with [`deny_revoked`](crate::ValidatorBuilder::deny_revoked) (a
//!   re-export of [`crate::revocation`]).
//!
//! Each profile is a preset over [`Validator`](crate::Validator): the rules the standard makes
//! mandatory are applied when the preset is built and cannot be switched off by its settings.

pub mod access_token;
pub mod bearer;
pub mod client_assertion;
pub mod dpop;
pub mod id_token;
pub mod scope;

pub use crate::{replay, revocation};

pub use access_token::{
    ACCESS_TOKEN_TYPE, ASYMMETRIC_ALGORITHMS, AccessTokenClaims, AccessTokenError,
    AccessTokenValidator, AccessTokenValidatorBuilder, Confirmation,
};
pub use client_assertion::{AssertionError, ClientAssertion, ClientAssertionValidator, MintError};
pub use dpop::{
    DPOP_TYPE, DpopError, DpopKey, DpopMintError, DpopProof, DpopRequest, DpopVerifier,
    DpopVerifierBuilder, NonceIssuer, ProofOptions, UnrecordedProof,
};
pub use id_token::{IdTokenClaims, IdTokenError, IdTokenExpectations, IdTokenValidator};
pub use replay::{AsyncReplayStore, MemoryReplayStore, ReplayError, ReplayFuture, ReplayStore};
pub use scope::{InsufficientScope, InvalidScope, Scope, ScopeRequirement};
