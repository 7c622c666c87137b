//! `jwt jwks`: a public JWK Set from key files.

use jwt_ring::jwk::{JwkSet, ThumbprintHash};
use serde_json::Value;

use crate::cli::JwksArgs;
use crate::error::{CliError, file_name};
use crate::keys::KeyFile;
use crate::view::pretty;

/// The JWK Set of the files' public keys; each key keeps its `kid` or gets its RFC 7638
/// thumbprint as `kid`.
///
/// # Errors
///
/// Usage and I/O errors naming the file whose key cannot be published, or when two files hold
/// keys that cannot share a set.
pub fn run(args: JwksArgs) -> Result<String, CliError> {
    let mut jwks = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let jwk = KeyFile::load(path, args.alg)?
            .public_jwk()
            .map_err(|reason| {
                CliError::usage(format!("{} {reason}", file_name("key file", path)))
            })?;
        let jwk = match jwk.kid() {
            Some(_) => jwk,
            None => {
                let thumbprint = jwk.thumbprint(ThumbprintHash::Sha256);
                jwk.with_key_id(thumbprint)
            }
        };
        jwks.push(jwk);
    }
    let keys: Vec<Value> = jwks
        .iter()
        .map(|jwk| serde_json::from_str(&jwk.to_json()).unwrap_or_default())
        .collect();
    let document = serde_json::json!({ "keys": keys });
    let set = JwkSet::from_json(&document.to_string())
        .map_err(|error| CliError::usage(format!("cannot make a JWK Set: {error}")))?;
    if let Some(skipped) = set.skipped().first() {
        let file = args
            .files
            .get(skipped.index)
            .map(|path| file_name("key file", path));
        return Err(CliError::usage(format!(
            "{} cannot be published in this set: {}",
            file.unwrap_or_default(),
            skipped.reason
        )));
    }
    Ok(format!("{}\n", pretty(&document)))
}
