//! Key rotation: a validator holds the old and the new key, selected by `kid`. Tokens signed with
//! either verify; a token naming a key the validator does not hold is refused.
//!
//! Run with `cargo run --example key_rotation`.

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, Header, NoCustomClaims, Signer, Validator, VerifyError, ecdsa, encode, hmac,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The key being retired, the key in use now, and an ES256 key during an algorithm migration.
    let old = hmac::Key::new(&hmac::HS256, b"the October secret, 32 bytes or more")?
        .with_key_id("2026-10");
    let new = hmac::Key::new(&hmac::HS256, b"the November secret, 32 bytes or more")?
        .with_key_id("2026-11");
    let (es256, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
    let es256 = es256.with_key_id("es256-2026-11");

    let validator = Validator::builder()
        .key(old.clone())
        .key(new.clone())
        .key(es256.verifying_key())
        .issuer("https://auth.example")
        .build()?;

    let claims = Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_subject("alice")
        .valid_for(OffsetDateTime::now_utc(), Duration::minutes(10));

    let signers: [&dyn Signer; 3] = [&old, &new, &es256];
    for signer in signers {
        let token = encode(&Header::new(), &claims, signer)?;
        let verified = validator.verify::<NoCustomClaims>(&token)?;
        assert_eq!(verified.header().kid(), signer.key_id());
        println!(
            "{} token with kid {} verified",
            signer.algorithm(),
            verified.header().kid().unwrap_or_default()
        );
    }

    // Signed with a key the validator was never given, under a kid it does not know.
    let retired =
        hmac::Key::new(&hmac::HS256, b"the September secret, long retired")?.with_key_id("2026-09");
    let token = encode(&Header::new(), &claims, &retired)?;
    let result = validator.verify::<NoCustomClaims>(&token);
    assert!(matches!(result, Err(VerifyError::NoMatchingKey)));
    println!("token with kid 2026-09 refused: {}", result.unwrap_err());
    Ok(())
}
