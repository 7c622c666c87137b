//! `Validator::verify_at` with a fixed ES256 key (the committed P-256 PKCS#8), issuer, audience
//! and clock, on arbitrary text.
//!
//! Invariants on `Ok`: the policy holds on the returned claims, the returned claims are the
//! payload's, the signature is 64 bytes (fixed-width `R || S`), and the token's signing input
//! verifies again with the key.
#![no_main]

use jwt_ring::{UntrustedToken, Validator, Verifier, ecdsa};
use jwt_ring_fuzz::{P256_PKCS8, Policy, b64url_decode, now};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use std::sync::OnceLock;

struct Target {
    key: ecdsa::VerifyingKey,
    policy: Policy,
    validator: Validator,
}

fn target() -> &'static Target {
    static TARGET: OnceLock<Target> = OnceLock::new();
    TARGET.get_or_init(|| {
        let signing = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).expect("fixture");
        let key = signing.verifying_key();
        let policy = Policy::fixed();
        let validator = policy
            .apply(Validator::builder().key(signing.verifying_key()))
            .build()
            .expect("a valid policy");
        Target {
            key,
            policy,
            validator,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let target = target();
    let Ok(verified) = target
        .validator
        .verify_at::<Map<String, Value>>(token, now())
    else {
        return;
    };
    let untrusted = UntrustedToken::parse(token).expect("an accepted token parses");
    assert_eq!(untrusted.algorithm(), "ES256");
    assert_eq!(untrusted.signature().len(), 64);
    let signing_input = untrusted.signing_input().as_bytes();
    assert!(
        target
            .key
            .verify(signing_input, untrusted.signature())
            .is_ok()
    );

    let payload = b64url_decode(token.split('.').nth(1).expect("three segments"));
    target
        .policy
        .assert_accepted(verified.header(), verified.claims(), &payload, now());
});
