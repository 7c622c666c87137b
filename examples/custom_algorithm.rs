//! A user-defined algorithm: ES256K (ECDSA secp256k1 + SHA-256, RFC 8812), which neither crypto
//! backend offers (ring has no secp256k1, and aws-lc adds ES512 but not this curve), plugged in
//! through the `Signer` and `Verifier` traits. The implementation is in `es256k/mod.rs`, on top
//! of RustCrypto's `k256` crate; jwt-ring itself knows nothing about it.
//!
//! Run with `cargo run --example custom_algorithm`.

mod es256k;

use jwt_ring::jwk::{Jwk, JwkError};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, Header, NoCustomClaims, UntrustedToken, Validator, VerifyError, ecdsa, encode,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The issuer mints an ES256K token with `encode`, like any built-in key.
    let signing_key = es256k::SigningKey::generate()?.with_key_id("k1-2026");
    let now = OffsetDateTime::now_utc();
    let claims = Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_subject("alice")
        .with_audience("reports")
        .valid_for(now, Duration::minutes(5));
    let token = encode(&Header::new(), &claims, &signing_key)?;

    let untrusted = UntrustedToken::parse(&token)?;
    assert_eq!(untrusted.algorithm(), "ES256K");
    assert_eq!(untrusted.header().kid(), Some("k1-2026"));
    assert_eq!(untrusted.signature().len(), es256k::SIGNATURE_LEN);
    println!(
        "minted an {} token (kid {:?}) with a {}-byte R || S signature",
        untrusted.algorithm(),
        untrusted.header().kid().unwrap_or_default(),
        untrusted.signature().len()
    );

    // The relying party only gets the public JWK (`kty: EC`, `crv: secp256k1`). jwt-ring's own
    // JWK import has no secp256k1 key type, with either backend: that is what the extension is
    // for.
    let jwk = signing_key.verifying_key().to_jwk();
    println!("the issuer publishes {jwk}");
    assert!(matches!(Jwk::from_json(&jwk), Err(JwkError::Unsupported)));
    let es256k_key = es256k::VerifyingKey::from_jwk(&jwk)?;

    // The user-defined verifier sits next to a built-in ES256 key in the same validator.
    let (es256_signing_key, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    let es256_signing_key = es256_signing_key.with_key_id("p256-2026");
    let validator = Validator::builder()
        .key(es256k_key.clone())
        .key(es256_signing_key.verifying_key())
        .issuer("https://auth.example")
        .audience("reports")
        .build()?;
    let verified = validator.verify::<NoCustomClaims>(&token)?;
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
    println!(
        "verified with the user-defined ES256K verifier: sub = {}",
        verified.claims().registered.sub().unwrap_or_default()
    );

    // A validator holding only the ES256K key refuses a token under another algorithm: an ES256
    // token finds no key, because the ES256K key verifies ES256K and nothing else.
    let es256k_only = Validator::builder()
        .key(es256k_key)
        .issuer("https://auth.example")
        .audience("reports")
        .build()?;
    let es256_token = encode(&Header::new(), &claims, &es256_signing_key)?;
    assert!(validator.verify::<NoCustomClaims>(&es256_token).is_ok());
    let refused = es256k_only.verify::<NoCustomClaims>(&es256_token);
    assert!(matches!(refused, Err(VerifyError::NoMatchingKey)));
    println!(
        "a validator with only the ES256K key refuses an ES256 token: {:?}",
        refused.err()
    );
    Ok(())
}
