//! `Validator::verify_at` with a fixed ES256 key (the committed P-256 PKCS#8), issuer, audience
//! and clock, on arbitrary text.
//!
//! Invariants on `Ok` (see `FixedKeyTarget::check`): the policy holds on the returned claims, the
//! returned claims are the payload's, and the token's signing input verifies again with the key.
//! Here too: the signature is 64 bytes (fixed-width `R || S`).
#![no_main]

use jwt_ring::ecdsa;
use jwt_ring_fuzz::{FixedKeyTarget, P256_PKCS8};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn target() -> &'static FixedKeyTarget<ecdsa::VerifyingKey> {
    static TARGET: OnceLock<FixedKeyTarget<ecdsa::VerifyingKey>> = OnceLock::new();
    TARGET.get_or_init(|| {
        let signing = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).expect("fixture");
        FixedKeyTarget::new(signing.verifying_key())
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(untrusted) = target().check(data) else {
        return;
    };
    assert_eq!(untrusted.algorithm(), "ES256");
    assert_eq!(untrusted.signature().len(), 64);
});
