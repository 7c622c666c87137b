//! Crypto backends: the library that computes a key's signatures. A backend is a value chosen
//! where a key is made, and the key carries it, as it carries its algorithm; nothing is ever
//! installed process-wide, so no combination of features can leave a key without one or
//! change which one an existing call uses.
//!
//! * **ring** (feature `ring`, on by default): the default backend.
//! * **aws-lc** (feature `aws-lc`): AWS-LC through aws-lc-rs. It adds ES512 (P-521) and RSA key
//!   generation, verifies ES384 and EdDSA faster, and with the feature `fips` is AWS-LC's
//!   FIPS 140-3 module.
//!
//! Every built-in algorithm is a static for the default backend (`ecdsa::ES256`); its
//! counterpart on another backend is [`ecdsa::Algorithm::on`](crate::ecdsa::Algorithm::on) (and
//! the same method of the other key modules), and a key made for that algorithm uses that
//! backend. Loaders take the backend the same way: [`Jwk::verifier_on`](crate::jwk::Jwk::verifier_on),
//! [`JwkSetOptions::backend`](crate::jwk::JwkSetOptions::backend),
//! [`CachePolicy::backend`](crate::remote::CachePolicy::backend). One validator may hold keys
//! of both backends.
//!
//! Both backends accept exactly the same tokens: every key is checked by this crate before
//! either library sees it, and a differential test runs every vector through both.
//!
//! # Examples
//!
//! ```
//! use jwt_ring::{Backend, Signer, ecdsa};
//!
//! let default = ecdsa::SigningKey::generate(&ecdsa::ES256)?.0;
//! assert_eq!(default.backend(), Backend::DEFAULT);
//! for backend in Backend::enabled() {
//!     let key = ecdsa::SigningKey::generate(ecdsa::ES256.on(*backend)?)?.0;
//!     assert_eq!(key.backend(), *backend);
//!     assert_eq!(key.algorithm().name(), "ES256");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

#[cfg(not(any(feature = "ring", feature = "aws-lc")))]
compile_error!(
    "jwt-ring needs a crypto backend: enable the feature `ring` (the default) or `aws-lc`"
);

#[cfg(feature = "aws-lc")]
pub(crate) mod aws_lc;
#[cfg(feature = "ring")]
pub(crate) mod ring;

/// A crypto backend: the library a key computes with.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// [ring](https://docs.rs/ring) (feature `ring`).
    Ring,
    /// [aws-lc-rs](https://docs.rs/aws-lc-rs), AWS-LC (feature `aws-lc`; its FIPS module with
    /// the feature `fips`).
    AwsLc,
}

/// A backend that this build does not include.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the {backend:?} backend does not provide {algorithm} in this build")]
pub struct Unavailable {
    /// The backend asked for.
    pub backend: Backend,
    /// The algorithm asked for.
    pub algorithm: &'static str,
}

impl Backend {
    /// The backend keys use unless another is chosen: ring when the feature `ring` is enabled
    /// (the default), aws-lc otherwise.
    #[cfg(feature = "ring")]
    pub const DEFAULT: Backend = Backend::Ring;
    /// The backend keys use unless another is chosen: ring when the feature `ring` is enabled
    /// (the default), aws-lc otherwise.
    #[cfg(not(feature = "ring"))]
    pub const DEFAULT: Backend = Backend::AwsLc;

    /// The backends this build includes, the default first.
    pub fn enabled() -> &'static [Backend] {
        &[
            #[cfg(feature = "ring")]
            Backend::Ring,
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc,
        ]
    }

    /// Whether this build includes the backend.
    pub fn is_enabled(self) -> bool {
        Self::enabled().contains(&self)
    }

    /// Whether the backend is a FIPS 140-3 validated module: aws-lc built with the feature
    /// `fips`. Keys made on it refuse the algorithms the module does not approve.
    pub fn is_fips(self) -> bool {
        matches!(self, Backend::AwsLc) && cfg!(feature = "fips")
    }

    /// The backend's name: `ring` or `aws-lc`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Ring => "ring",
            Backend::AwsLc => "aws-lc",
        }
    }
}

impl Default for Backend {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Debug for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The member of `family` (one key module's algorithms on every backend) named `name` on
/// `backend`: what each module's `Algorithm::on` returns.
pub(crate) fn counterpart<A>(
    family: &[&'static A],
    name: &'static str,
    backend: Backend,
    identity: impl Fn(&A) -> (&'static str, Backend),
) -> Result<&'static A, Unavailable> {
    family
        .iter()
        .copied()
        .find(|other| identity(other) == (name, backend))
        .ok_or(Unavailable {
            backend,
            algorithm: name,
        })
}

/// Declares an enum with one variant per enabled backend, each holding that backend's `$ty`.
macro_rules! per_backend {
    ($(#[$meta:meta])* $vis:vis enum $name:ident => $ty:ident) => {
        $(#[$meta])*
        $vis enum $name {
            #[cfg(feature = "ring")]
            Ring($crate::backend::ring::$ty),
            #[cfg(feature = "aws-lc")]
            AwsLc($crate::backend::aws_lc::$ty),
        }

        impl $name {
            /// The backend of the value.
            #[allow(dead_code)]
            pub(crate) fn backend(&self) -> $crate::backend::Backend {
                match self {
                    #[cfg(feature = "ring")]
                    Self::Ring(_) => $crate::backend::Backend::Ring,
                    #[cfg(feature = "aws-lc")]
                    Self::AwsLc(_) => $crate::backend::Backend::AwsLc,
                }
            }
        }
    };
}

/// Runs `$body` with `$bound` bound to the backend-specific value inside `$value`, an enum made
/// by `per_backend!`: the same code, type-checked against each backend's type.
macro_rules! dispatch {
    ($value:expr, $name:ident, $bound:ident => $body:expr) => {
        match $value {
            #[cfg(feature = "ring")]
            $name::Ring($bound) => $body,
            #[cfg(feature = "aws-lc")]
            $name::AwsLc($bound) => $body,
        }
    };
}

/// Runs `$body` with `$lib` naming the backend module for `$backend` (`backend::ring` or
/// `backend::aws_lc`), or evaluates `$unavailable` when this build lacks it.
macro_rules! with_backend {
    ($backend:expr, $lib:ident => $body:expr, else $unavailable:expr) => {
        match $backend {
            #[cfg(feature = "ring")]
            $crate::backend::Backend::Ring => {
                use $crate::backend::ring as $lib;
                $body
            }
            #[cfg(feature = "aws-lc")]
            $crate::backend::Backend::AwsLc => {
                use $crate::backend::aws_lc as $lib;
                $body
            }
            #[allow(unreachable_patterns)]
            _ => $unavailable,
        }
    };
}

/// Runs the backend-specific constructor `$make` (an `Option`) for `$backend`, wrapping the
/// result in the matching variant of `$enum`.
macro_rules! make {
    ($backend:expr, $enum:ident, $lib:ident => $make:expr) => {
        match $backend {
            #[cfg(feature = "ring")]
            $crate::backend::Backend::Ring => {
                use $crate::backend::ring as $lib;
                $make.map($enum::Ring)
            }
            #[cfg(feature = "aws-lc")]
            $crate::backend::Backend::AwsLc => {
                use $crate::backend::aws_lc as $lib;
                $make.map($enum::AwsLc)
            }
            #[allow(unreachable_patterns)]
            _ => None,
        }
    };
}

pub(crate) use {dispatch, make, per_backend, with_backend};

/// The library behind the crate's own hashing, HMAC and randomness (thumbprints, `ath`, DPoP
/// nonces, random `jti`s): the default backend's.
#[cfg(not(feature = "ring"))]
pub(crate) use ::aws_lc_rs as primitives;
/// The library behind the crate's own hashing, HMAC and randomness (thumbprints, `ath`, DPoP
/// nonces, random `jti`s): the default backend's.
#[cfg(feature = "ring")]
pub(crate) use ::ring as primitives;

/// The elliptic curves of the ECDSA algorithms (RFC 7518 §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EcCurve {
    P256,
    P384,
    /// Only the aws-lc backend has it.
    #[cfg(feature = "aws-lc")]
    P521,
}

/// The RSA signature schemes (RFC 7518 §3.3, §3.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RsaScheme {
    Pkcs1Sha256,
    Pkcs1Sha384,
    Pkcs1Sha512,
    PssSha256,
    PssSha384,
    PssSha512,
}

/// The hashes of the HMAC algorithms (RFC 7518 §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha256,
    Sha384,
    Sha512,
}
