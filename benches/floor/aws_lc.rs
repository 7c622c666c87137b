//! The floor on aws-lc-rs (`floor/body.rs`), and what AWS-LC does its own way: public keys are
//! parsed (and checked) once, before the clock starts, as the crate's aws-lc backend does, and
//! it has P-521.

use ::aws_lc_rs as lib;

include!("body.rs");

fn ecdsa_key_pair(signing: &'static EcdsaSigningAlgorithm, pkcs8: &[u8]) -> EcdsaKeyPair {
    EcdsaKeyPair::from_pkcs8(signing, pkcs8).expect("EC key")
}

fn modulus_len(pair: &RsaKeyPair) -> usize {
    pair.public_modulus_len()
}

type PublicKey = signature::ParsedPublicKey;

fn public_key(algorithm: &'static dyn signature::VerificationAlgorithm, bytes: &[u8]) -> PublicKey {
    signature::ParsedPublicKey::new(algorithm, bytes).expect("public key parses")
}

fn verify_signature(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    key.verify_sig(message, signature).is_ok()
}

fn p521() -> Option<(
    &'static EcdsaSigningAlgorithm,
    &'static EcdsaVerificationAlgorithm,
)> {
    Some((
        &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
        &signature::ECDSA_P521_SHA512_FIXED,
    ))
}
