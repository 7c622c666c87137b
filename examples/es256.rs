//! ES256 (ECDSA P-256 + SHA-256) with a freshly generated key.
//!
//! Run with `cargo run --example es256`.

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, UntrustedToken, Validator, ecdsa, encode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `pkcs8` is the private key document to store (in a secret store); reload it later with
    // `ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, &pkcs8)`.
    let (signing_key, pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    let signing_key = signing_key.with_key_id("es256-1");
    println!(
        "generated a P-256 key ({}-byte PKCS#8 document)",
        pkcs8.len()
    );

    let claims = Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_subject("alice")
        .with_audience("api")
        .valid_for(OffsetDateTime::now_utc(), Duration::minutes(10));
    let token = encode(&Header::new(), &claims, &signing_key)?;

    let untrusted = UntrustedToken::parse(&token)?;
    assert_eq!(untrusted.algorithm(), "ES256");
    assert_eq!(untrusted.signature().len(), ecdsa::ES256.signature_len());
    println!(
        "token header: alg = {}, kid = {}",
        untrusted.algorithm(),
        untrusted.header().kid().unwrap_or_default()
    );

    // Verifiers only need the public key (it carries the signing key's kid).
    let validator = Validator::builder()
        .key(signing_key.verifying_key())
        .issuer("https://auth.example")
        .audience("api")
        .build()?;
    let verified = validator.verify::<NoCustomClaims>(&token)?;
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
    println!(
        "verified with the public key: sub = {}",
        verified.claims().registered.sub().unwrap_or_default()
    );
    Ok(())
}
