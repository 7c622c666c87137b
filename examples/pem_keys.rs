//! Keys from PEM files, as OpenSSL writes them: an RS256 key pair (PKCS#8 private key, X.509
//! certificate) and an ES256 key pair (SEC1 `EC PRIVATE KEY`, SubjectPublicKeyInfo public key).
//! Each mints a token and verifies it.
//!
//! Run with `cargo run --example pem_keys`.

use std::error::Error;
use std::path::Path;

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, Validator, ecdsa, encode, rsa};

fn read_fixture(name: &str) -> Result<String, Box<dyn Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pem")
        .join(name);
    Ok(std::fs::read_to_string(path)?)
}

fn mint_and_verify(
    label: &str,
    signer: &impl jwt_ring::Signer,
    validator: &Validator,
) -> Result<(), Box<dyn Error>> {
    let now = OffsetDateTime::now_utc();
    let claims = Claims::registered_only()
        .with_issuer("https://issuer.example")
        .with_subject("alice")
        .valid_for(now, Duration::minutes(10));
    let token = encode(&Header::new(), &claims, signer)?;
    let verified = validator.verify::<NoCustomClaims>(&token)?;
    println!("{label}: {token}");
    println!(
        "{label}: verified, alg = {}, sub = {}",
        verified.header().algorithm().unwrap_or("?"),
        verified.claims().registered.sub().unwrap_or("?"),
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    // RS256: PKCS#8 private key; the public key comes from the self-signed certificate.
    let signing = rsa::SigningKey::from_pem(&rsa::RS256, &read_fixture("rsa2048-pkcs8.pem")?)?
        .with_key_id("rsa-1");
    let verifying = rsa::VerifyingKey::from_pem(&rsa::RS256, &read_fixture("rsa2048-cert.pem")?)?
        .with_key_id("rsa-1");
    let validator = Validator::builder()
        .key(verifying)
        .issuer("https://issuer.example")
        .build()?;
    mint_and_verify("RS256", &signing, &validator)?;

    // ES256: SEC1 private key; the public key from a SubjectPublicKeyInfo file.
    let signing = ecdsa::SigningKey::from_pem(&ecdsa::ES256, &read_fixture("p256-sec1.pem")?)?
        .with_key_id("ec-1");
    let verifying = ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, &read_fixture("p256-spki.pem")?)?
        .with_key_id("ec-1");
    let validator = Validator::builder()
        .key(verifying)
        .issuer("https://issuer.example")
        .build()?;
    mint_and_verify("ES256", &signing, &validator)?;

    // A key for the wrong curve is refused when it is loaded, not when the first token arrives.
    match ecdsa::SigningKey::from_pem(&ecdsa::ES256, &read_fixture("p384-pkcs8.pem")?) {
        Ok(_) => return Err("a P-384 key was accepted for ES256".into()),
        Err(error) => println!("P-384 key for ES256: {error}"),
    }
    Ok(())
}
