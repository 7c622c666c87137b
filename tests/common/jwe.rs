//! JWE keys from the private JWKs of published vectors and fixtures, made with the key
//! constructors (not the crate's JWK reader, which `tests/jwe_jwk.rs` tests on its own). With
//! `aws-lc` only: RSA-OAEP and static ECDH keys exist only there.

use jwt_ring::jwe::{self, DecryptingKey, KeyAlgorithm};
use jwt_ring::{Backend, rsa};
use serde_json::Value;

use super::unb64;

/// The decoded base64url member `name` of `jwk`.
fn field(jwk: &Value, name: &str) -> Vec<u8> {
    unb64(
        jwk[name]
            .as_str()
            .unwrap_or_else(|| panic!("JWK member {name}")),
    )
}

/// The JWE curve of a JWK `crv`.
pub fn curve(crv: &str) -> jwe::Curve {
    match crv {
        "P-256" => jwe::Curve::P256,
        "P-384" => jwe::Curve::P384,
        "P-521" => jwe::Curve::P521,
        "X25519" => jwe::Curve::X25519,
        other => panic!("curve {other}"),
    }
}

/// An RSA-OAEP decrypting key from a private RSA JWK's components.
pub fn rsa_oaep_key(alg: &'static KeyAlgorithm, jwk: &Value) -> DecryptingKey {
    let [n, e, d, p, q, dp, dq, qi] =
        ["n", "e", "d", "p", "q", "dp", "dq", "qi"].map(|name| field(jwk, name));
    let components = rsa::PrivateComponents {
        n: &n,
        e: &e,
        d: &d,
        p: &p,
        q: &q,
        dp: &dp,
        dq: &dq,
        qi: &qi,
    };
    DecryptingKey::rsa_oaep_from_components(alg, &components).unwrap()
}

/// The decrypting key for `alg` from a private JWK (`oct`, `RSA`, `EC` or `OKP`), with the
/// JWK's `kid`. ECDH-ES keys are made on aws-lc, which alone has static ECDH keys.
pub fn decrypting_key(alg: &'static KeyAlgorithm, jwk: &Value) -> DecryptingKey {
    let key = match jwk["kty"].as_str() {
        Some("oct") => DecryptingKey::symmetric(alg, &field(jwk, "k")).unwrap(),
        Some("RSA") => rsa_oaep_key(alg, jwk),
        Some("EC" | "OKP") => DecryptingKey::ecdh_from_private_key(
            alg.on(Backend::AwsLc).unwrap(),
            curve(jwk["crv"].as_str().unwrap()),
            &field(jwk, "d"),
        )
        .unwrap(),
        other => panic!("kty {other:?}"),
    };
    match jwk["kid"].as_str() {
        Some(kid) => key.with_key_id(kid),
        None => key,
    }
}
