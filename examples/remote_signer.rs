//! Two-phase signing for keys that live elsewhere (a cloud KMS, an HSM, an async client).
//!
//! jwt-ring builds the signing input, the remote signer signs it, and jwt-ring finishes the
//! token. KMS services return ECDSA signatures in DER; JWS needs fixed-width `R || S`, so the
//! signature is converted with `ecdsa::der_signature_to_fixed` before finishing.
//!
//! Run with `cargo run --example remote_signer`.

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, SigningError, SigningInput, Validator, ecdsa};
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair as _};

/// Stands in for a cloud KMS: it holds a P-256 key that never leaves it, publishes the public
/// key, and signs messages with SHA-256, answering with a DER-encoded ECDSA signature.
struct SimulatedKms {
    key_pair: EcdsaKeyPair,
    rng: SystemRandom,
}

impl SimulatedKms {
    fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng)
            .map_err(|_| "the KMS could not create a key")?;
        let key_pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
                .map_err(|_| "the KMS could not load its key")?;
        Ok(Self { key_pair, rng })
    }

    /// The uncompressed public point `04 || X || Y`, as a KMS "get public key" call returns it.
    fn public_key(&self) -> &[u8] {
        self.key_pair.public_key().as_ref()
    }

    /// The KMS "sign" call: message in, DER `ECDSA-Sig-Value` out. A failed call becomes a
    /// `SigningError` (a real client would pass its own error to `SigningError::from_source`).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SigningError> {
        let signature = self
            .key_pair
            .sign(&self.rng, message)
            .map_err(|_| SigningError::new())?;
        Ok(signature.as_ref().to_vec())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kms = SimulatedKms::new()?;

    // Phase one: the header and claims, serialized and encoded, with ES256 as `alg`.
    let claims = Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_subject("alice")
        .with_audience("api")
        .valid_for(OffsetDateTime::now_utc(), Duration::minutes(10));
    let input = SigningInput::new(&Header::new(), &claims, "ES256", Some("kms-key-1"))?;

    // Elsewhere: the KMS signs the bytes and answers in DER.
    let der = kms.sign(input.as_bytes())?;
    let fixed = ecdsa::der_signature_to_fixed(&ecdsa::ES256, &der)?;
    assert_eq!(fixed.len(), ecdsa::ES256.signature_len());
    println!(
        "KMS returned a {}-byte DER signature, converted to {} bytes of R || S",
        der.len(),
        fixed.len()
    );

    // Phase two: append the signature.
    let token = input.finish(&fixed);

    // The verifier knows only the KMS's public key.
    let public_key = ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES256, kms.public_key())?
        .with_key_id("kms-key-1");
    let validator = Validator::builder()
        .key(public_key)
        .issuer("https://auth.example")
        .audience("api")
        .build()?;
    let verified = validator.verify::<NoCustomClaims>(&token)?;
    assert_eq!(verified.header().kid(), Some("kms-key-1"));
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
    println!(
        "verified the KMS-signed token: kid = {}, sub = {}",
        verified.header().kid().unwrap_or_default(),
        verified.claims().registered.sub().unwrap_or_default()
    );
    Ok(())
}
