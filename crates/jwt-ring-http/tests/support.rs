//! Keys and tokens for the HTTP driver's tests.

#![allow(dead_code)]

use jwt_ring::jwk::Jwk;
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, ecdsa, encode};
use jwt_ring_http::HttpOptions;

/// An ES256 key with `kid`.
pub fn key(kid: &str) -> ecdsa::SigningKey {
    let (key, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256).expect("ES256 key generation");
    key.with_key_id(kid)
}

/// The JWK Set document publishing these keys' public halves.
pub fn jwks(keys: &[&ecdsa::SigningKey]) -> String {
    let members: Vec<String> = keys
        .iter()
        .map(|key| key.verifying_key().to_jwk())
        .map(|jwk: Jwk| jwk.to_json())
        .collect();
    format!(r#"{{"keys":[{}]}}"#, members.join(","))
}

/// A token from `issuer` for the audience `api`, valid for five minutes from now.
pub fn token(key: &ecdsa::SigningKey, issuer: &str) -> String {
    let claims = Claims::registered_only()
        .with_issuer(issuer)
        .with_audience("api")
        .valid_for(OffsetDateTime::now_utc(), Duration::minutes(5));
    encode(&Header::new(), &claims, key).expect("signing")
}

/// Loopback `http` allowed, as every test server here is plain `http` on 127.0.0.1.
pub fn loopback() -> HttpOptions {
    HttpOptions::default().allow_loopback_http()
}
