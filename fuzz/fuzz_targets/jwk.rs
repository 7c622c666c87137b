//! `Jwk::from_json` on arbitrary text, then everything a parsed key offers.
//!
//! Invariants (see `check_jwk` in the fuzz crate's lib): `to_json`/`from_json` round trip to an
//! equal key; thumbprints are well formed and ignore private members; `to_public` keeps the
//! public part; verifiers are for the algorithm asked and carry the `kid`; a signature made with
//! a private JWK verifies with its public JWK; an encryption key (a JWE `alg`, X25519) never
//! verifies or signs, and a signing key never becomes a JWE key. Parsing is deterministic.
#![no_main]

use jwt_ring::jwk::Jwk;
use jwt_ring_fuzz::check_jwk;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = Jwk::from_json(text);
    assert_eq!(parsed, Jwk::from_json(text));
    if let Ok(jwk) = parsed {
        check_jwk(&jwk, true);
    }
});
