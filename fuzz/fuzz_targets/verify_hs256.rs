//! `Validator::verify_at` with a fixed HS256 key, issuer, audience and clock, on arbitrary text.
//!
//! Invariants on `Ok` (see `FixedKeyTarget::check`): the policy holds on the returned claims
//! (`exp` after the clock, `iss` the configured issuer, `aud` containing the configured audience,
//! `nbf` not in the future), the returned claims are the payload's, and the token's signing
//! input verifies again with the key. Here too: HMAC being deterministic, signing it again gives
//! the token's signature byte for byte.
#![no_main]

use jwt_ring::{Signer, hmac};
use jwt_ring_fuzz::{FixedKeyTarget, HMAC_SECRET};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn target() -> &'static FixedKeyTarget<hmac::Key> {
    static TARGET: OnceLock<FixedKeyTarget<hmac::Key>> = OnceLock::new();
    TARGET.get_or_init(|| {
        FixedKeyTarget::new(hmac::Key::new(&hmac::HS256, HMAC_SECRET).expect("a valid secret"))
    })
}

fuzz_target!(|data: &[u8]| {
    let target = target();
    let Some(untrusted) = target.check(data) else {
        return;
    };
    assert_eq!(untrusted.algorithm(), "HS256");
    let resigned = target
        .key
        .sign(untrusted.signing_input().as_bytes())
        .expect("HMAC signs");
    assert_eq!(
        resigned,
        untrusted.signature(),
        "signature is not the key's MAC"
    );
});
