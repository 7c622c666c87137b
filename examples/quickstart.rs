//! The paved path: mint an HS256 token and verify it.
//!
//! Run with `cargo run --example quickstart`.

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, Validator, encode, hmac};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // In production the secret comes from a secret store, never from source code.
    let key = hmac::Key::new(&hmac::HS256, b"an example secret of 32+ bytes!!")?;

    let claims = Claims::registered_only()
        .with_subject("alice")
        .with_issuer("https://auth.example")
        .with_audience("api")
        .valid_for(OffsetDateTime::now_utc(), Duration::minutes(10));
    let token = encode(&Header::new(), &claims, &key)?;
    println!("token: {token}");

    let validator = Validator::builder()
        .key(key)
        .issuer("https://auth.example")
        .audience("api")
        .build()?;
    let verified = validator.verify::<NoCustomClaims>(&token)?;

    let subject = verified.claims().registered.sub();
    assert_eq!(subject, Some("alice"));
    println!("verified: sub = {}", subject.unwrap_or_default());
    Ok(())
}
