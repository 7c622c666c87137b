//! The floor on ring (`floor/body.rs`), and what ring does its own way: an ECDSA key pair takes a
//! random source when it is parsed, public keys are parsed at each verification (ring has no
//! other way), and there is no P-521.

use ::ring as lib;

include!("body.rs");

fn ecdsa_key_pair(signing: &'static EcdsaSigningAlgorithm, pkcs8: &[u8]) -> EcdsaKeyPair {
    EcdsaKeyPair::from_pkcs8(signing, pkcs8, &SystemRandom::new()).expect("EC key")
}

fn modulus_len(pair: &RsaKeyPair) -> usize {
    pair.public().modulus_len()
}

type PublicKey = signature::UnparsedPublicKey<Vec<u8>>;

fn public_key(algorithm: &'static dyn signature::VerificationAlgorithm, bytes: &[u8]) -> PublicKey {
    signature::UnparsedPublicKey::new(algorithm, bytes.to_vec())
}

fn verify_signature(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    key.verify(message, signature).is_ok()
}

fn p521() -> Option<(
    &'static EcdsaSigningAlgorithm,
    &'static EcdsaVerificationAlgorithm,
)> {
    None
}
