//! `jwt thumbprint`: a key's RFC 7638 thumbprint, or its RFC 9278 URI.

use jwt_ring::Backend;
use jwt_ring::jwk::ThumbprintHash;

use crate::cli::{Hash, ThumbprintArgs};
use crate::error::{CliError, file_name};
use crate::keys::KeyFile;

/// The thumbprint of the key in the file, read on `backend`. Private members never take part,
/// so a private key has its public key's thumbprint.
///
/// # Errors
///
/// Usage and I/O errors for the key file.
pub fn run(args: ThumbprintArgs, backend: Backend) -> Result<String, CliError> {
    let hash = match args.hash {
        Hash::Sha256 => ThumbprintHash::Sha256,
        Hash::Sha384 => ThumbprintHash::Sha384,
        Hash::Sha512 => ThumbprintHash::Sha512,
    };
    let jwk = match KeyFile::load(&args.key, None, backend)? {
        KeyFile::Jwk(jwk) => jwk,
        other => other.public_jwk().map_err(|reason| {
            CliError::usage(format!("{} {reason}", file_name("key file", &args.key)))
        })?,
    };
    let thumbprint = if args.uri {
        jwk.thumbprint_uri(hash)
    } else {
        jwk.thumbprint(hash)
    };
    Ok(format!("{thumbprint}\n"))
}
