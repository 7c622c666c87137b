//! JSON Web Encryption (RFC 7516) in the compact serialization, with the algorithms of
//! RFC 7518 §4-5 and X25519 (RFC 8037).
//!
//! Encryption follows the same rules as signing: a key is made for one key-management
//! algorithm and decrypts only tokens that name it; a [`DecryptingKey`] never verifies a
//! signature and no signing key ever decrypts; [`Decrypter::decrypt`] refuses a JWS, and
//! [`Validator::verify`](crate::Validator::verify) refuses a JWE.
//!
//! | `alg` | ring | aws-lc |
//! | --- | --- | --- |
//! | `dir`, `A128GCMKW`, `A256GCMKW` | yes | yes |
//! | `ECDH-ES` (P-256, P-384, X25519; P-521 on aws-lc) | encrypt only | yes |
//! | `ECDH-ES+A128KW`, `ECDH-ES+A256KW`, `A128KW`, `A256KW`, `RSA-OAEP`, `RSA-OAEP-256` | no | yes |
//! | `RSA1_5` | never | never |
//! | `PBES2-HS256+A128KW`, `PBES2-HS512+A256KW` (opt-in: a password key) | no | yes |
//!
//! Content encryption runs on the key's backend: `A128GCM` and `A256GCM` on both,
//! `A128CBC-HS256` and `A256CBC-HS512` on aws-lc. ring has no static ECDH keys, so ECDH-ES
//! decryption keys are made on aws-lc.
//!
//! # Security
//!
//! * Every cryptographic failure (wrong tag, padding, unwrap, OAEP) is the single error
//!   [`DecryptError::Decryption`]; a failed unwrap continues with a random CEK so that its
//!   timing matches (RFC 7516 §11.5). AES-CBC-HMAC checks its tag, in constant time, before
//!   decrypting.
//! * An ECDH-ES `epk` must be a valid point on the key's curve (invalid-curve attacks), and an
//!   all-zero X25519 secret is refused.
//! * `crit` and `RSA1_5` are refused; tokens and headers are bounded in size.
//! * `PBES2-*` is refused unless the decrypter holds a password key
//!   ([`DecryptingKey::password`]), and then a `p2c` outside
//!   [`MIN_PBES2_ITERATIONS`]`..=`[`MAX_PBES2_ITERATIONS`] is refused before any hashing.
//! * `zip` is refused unless the decrypter allows `DEF` (feature `deflate`,
//!   `DecrypterBuilder::allow_deflate`), and then inflating stops at 250,000 bytes;
//!   [`encrypt`] never compresses (RFC 8725 §3.6).
//! * Keys, CEKs and plaintexts never appear in `Debug` or error output.
//! * A nested JWT (a JWS inside a JWE, RFC 7519 §5.2) is decrypted and verified in one call,
//!   [`Decrypter::decrypt_and_verify_at`], which returns only a verified token: an unsigned or
//!   encrypted plaintext, or an outer header without `cty: JWT`, is refused by name.
//!
//! A signing key is not a decryption key, and a decryption key is not a verifier: neither
//! compiles.
//!
//! ```compile_fail
//! use jwt_ring::{hmac, jwe};
//!
//! let signing = hmac::Key::new(&hmac::HS256, &[0; 32]).unwrap();
//! let _ = jwe::Decrypter::builder().key(signing);
//! ```
//!
//! ```compile_fail
//! use jwt_ring::{Validator, jwe};
//!
//! let decrypting = jwe::DecryptingKey::symmetric(&jwe::DIR, &[0; 32]).unwrap();
//! let _ = Validator::builder().key(decrypting);
//! ```
//!
//! # Examples
//!
//! ```
//! use jwt_ring::jwe;
//!
//! let secret = [1u8; 16];
//! let key = jwe::EncryptingKey::symmetric(&jwe::DIR, &secret)?;
//! let token = jwe::encrypt(&jwe::Header::new().with_typ("JWT"), b"{}", &key, &jwe::A128GCM)?;
//!
//! let decrypter = jwe::Decrypter::builder()
//!     .key(jwe::DecryptingKey::symmetric(&jwe::DIR, &secret)?)
//!     .allow_encryptions([&jwe::A128GCM])
//!     .build()?;
//! let decrypted = decrypter.decrypt(&token)?;
//! assert_eq!(decrypted.plaintext(), b"{}");
//! assert_eq!(decrypted.header().typ(), Some("JWT"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod algorithm;
mod content;
mod decrypt;
mod encrypt;
mod error;
mod header;
mod kdf;
mod keys;
mod management;
mod nested;
mod pbes2;

pub use algorithm::{
    A128CBC_HS256, A128GCM, A128GCMKW, A256CBC_HS512, A256GCM, A256GCMKW, ContentEncryption, DIR,
    ECDH_ES, KeyAlgorithm,
};
#[cfg(feature = "aws-lc")]
pub use algorithm::{
    A128KW, A256KW, ECDH_ES_A128KW, ECDH_ES_A256KW, PBES2_HS256_A128KW, PBES2_HS512_A256KW,
    RSA_OAEP, RSA_OAEP_256,
};
pub(crate) use algorithm::{KNOWN_KEY_ALGORITHMS, Management};
#[cfg(feature = "deflate")]
pub use decrypt::MAX_INFLATED_LEN;
pub use decrypt::{Decrypted, Decrypter, DecrypterBuilder};
pub use encrypt::encrypt;
pub use error::{DecryptError, EncryptError, HeaderError, Segment};
pub use header::Header;
pub use keys::{Curve, DecryptingKey, EncryptingKey};
pub use nested::NestedError;
pub use pbes2::{MAX_PBES2_ITERATIONS, MIN_PBES2_ITERATIONS};
