//! `Validator::verify_at` with a fixed HS256 key, issuer, audience and clock, on arbitrary text.
//!
//! Invariants on `Ok`: the policy holds on the returned claims (`exp` after the clock, `iss` the
//! configured issuer, `aud` containing the configured audience, `nbf`/`iat` not in the future),
//! the returned claims are the payload's, and the token's signing input verifies again with the
//! key — and HMAC being deterministic, signing it again gives the token's signature byte for
//! byte.
#![no_main]

use jwt_ring::{Signer, UntrustedToken, Validator, Verifier, hmac};
use jwt_ring_fuzz::{HMAC_SECRET, Policy, b64url_decode, now};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use std::sync::OnceLock;

struct Target {
    key: hmac::Key,
    policy: Policy,
    validator: Validator,
}

fn target() -> &'static Target {
    static TARGET: OnceLock<Target> = OnceLock::new();
    TARGET.get_or_init(|| {
        let key = hmac::Key::new(&hmac::HS256, HMAC_SECRET).expect("a valid secret");
        let policy = Policy::fixed();
        let validator = policy
            .apply(Validator::builder().key(hmac::Key::new(&hmac::HS256, HMAC_SECRET).unwrap()))
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
    assert_eq!(untrusted.algorithm(), "HS256");
    let signing_input = untrusted.signing_input().as_bytes();
    assert!(
        target
            .key
            .verify(signing_input, untrusted.signature())
            .is_ok()
    );
    let resigned = target.key.sign(signing_input).expect("HMAC signs");
    assert_eq!(
        resigned,
        untrusted.signature(),
        "signature is not the key's MAC"
    );

    let payload_b64 = token.split('.').nth(1).expect("three segments");
    let payload = b64url_decode(payload_b64);
    target
        .policy
        .assert_accepted(verified.header(), verified.claims(), &payload, now());
});
