//! A user-defined algorithm: ES512 (ECDSA P-521 + SHA-512), which ring does not offer, plugged in
//! through the `Signer` and `Verifier` traits. The implementation is in `es512/mod.rs`, on top of
//! RustCrypto's `p521` crate; jwt-ring itself knows nothing about it.
//!
//! Run with `cargo run --example custom_algorithm`.

mod es512;

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, Header, NoCustomClaims, UntrustedToken, Validator, VerifyError, ecdsa, encode,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let signing_key = es512::SigningKey::generate()?.with_key_id("p521-2026");
    let now = OffsetDateTime::now_utc();
    let claims = Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_subject("alice")
        .with_audience("reports")
        .valid_for(now, Duration::minutes(5));
    let token = encode(&Header::new(), &claims, &signing_key)?;

    let untrusted = UntrustedToken::parse(&token)?;
    assert_eq!(untrusted.algorithm(), "ES512");
    assert_eq!(untrusted.header().kid(), Some("p521-2026"));
    assert_eq!(untrusted.signature().len(), es512::SIGNATURE_LEN);
    println!(
        "minted an {} token (kid {:?}) with a {}-byte R || S signature",
        untrusted.algorithm(),
        untrusted.header().kid().unwrap_or_default(),
        untrusted.signature().len()
    );

    // The relying party only gets the public coordinates (as a JWK would carry them) and builds
    // its verifier from those. It sits next to a built-in ES256 key in the same validator.
    let (x, y) = signing_key.verifying_key().coordinates();
    let es512_key = es512::VerifyingKey::from_coordinates(&x, &y)?.with_key_id("p521-2026");
    let (es256_key, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    let validator = Validator::builder()
        .key(es512_key)
        .key(es256_key.verifying_key())
        .issuer("https://auth.example")
        .audience("reports")
        .build()?;
    let verified = validator.verify::<NoCustomClaims>(&token)?;
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
    println!(
        "verified with the custom ES512 verifier: sub = {}",
        verified.claims().registered.sub().unwrap_or_default()
    );

    // A validator without an ES512 key has nothing to verify the token with.
    let es256_only = Validator::builder()
        .key(es256_key.verifying_key())
        .issuer("https://auth.example")
        .audience("reports")
        .build()?;
    let refused = es256_only.verify::<NoCustomClaims>(&token);
    assert!(matches!(refused, Err(VerifyError::NoMatchingKey)));
    println!(
        "a validator with only an ES256 key refuses it: {:?}",
        refused.err()
    );
    Ok(())
}
