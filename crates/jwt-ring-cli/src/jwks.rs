//! `jwt jwks`: a public JWK Set from key files.

use std::path::Path;

use jwt_ring::Backend;
use jwt_ring::jwk::{Jwk, JwkSet, ThumbprintHash};
use serde_json::Value;

use crate::cli::JwksArgs;
use crate::error::{CliError, file_name};
use crate::keys::KeyFile;
use crate::source::set_options;
use crate::view::pretty;

/// The JWK Set of the files' public keys; each key keeps its `kid` or gets its RFC 7638
/// thumbprint as `kid`. An RSA key read from PEM or DER without `--alg` gets no `alg`, and so
/// serves every RSA algorithm. The keys are read on `backend`.
///
/// # Errors
///
/// Usage and I/O errors naming the file whose key cannot be published, or the two files whose
/// keys share a `kid` for an algorithm.
pub fn run(args: JwksArgs, backend: Backend) -> Result<String, CliError> {
    let mut jwks: Vec<(&Path, Jwk)> = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let jwk = KeyFile::load(path, args.alg, backend)?
            .published_jwk(args.alg)
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
        if let Some((earlier, first)) = jwks.iter().find(|(_, other)| clash(other, &jwk)) {
            return Err(duplicate(earlier, first, path, &jwk));
        }
        jwks.push((path, jwk));
    }
    let keys: Vec<Value> = jwks
        .iter()
        .map(|(_, jwk)| serde_json::from_str(&jwk.to_json()).unwrap_or_default())
        .collect();
    let document = serde_json::json!({ "keys": keys });
    let set = JwkSet::from_json_with_options(&document.to_string(), &set_options(backend))
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

/// Whether two keys cannot share a set: the same `kid` for a common algorithm, so that a token
/// naming that `kid` could not pick one (the rule the library's `JwkSet` applies).
fn clash(a: &Jwk, b: &Jwk) -> bool {
    a.kid() == b.kid()
        && a.algorithms()
            .iter()
            .any(|alg| b.algorithms().contains(alg))
}

/// The error for the key `jwk` of `later` clashing with the key `first` of `earlier`: both
/// files, the `kid`, and whether they are one key (one RFC 7638 thumbprint) given twice.
fn duplicate(earlier: &Path, first: &Jwk, later: &Path, jwk: &Jwk) -> CliError {
    let files = format!(
        "key files `{}` and `{}`",
        earlier.display(),
        later.display()
    );
    let kid = jwk.kid().unwrap_or_default();
    let thumbprint = jwk.thumbprint(ThumbprintHash::Sha256);
    if first.thumbprint(ThumbprintHash::Sha256) == thumbprint {
        CliError::usage(format!(
            "{files} hold the same key (kid `{kid}`, thumbprint `{thumbprint}`): give it once"
        ))
    } else {
        CliError::usage(format!(
            "{files} hold different keys with the same kid `{kid}`: a JWK Set needs each kid \
             once per algorithm"
        ))
    }
}
