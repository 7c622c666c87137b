//! The signature-level attacks of the attack catalogue (tests/attacks.rs), applied to a valid
//! case: what an attacker can do to a signature without the key. Every backend must give the
//! same verdict on each, and no mutation but high S may be accepted.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::common::hex;
use crate::{Case, KeySpec};

/// The order n of the P-256 group (SEC 2, §2.4.2).
const P256_ORDER: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
/// The order n of the P-384 group (SEC 2, §2.5.1).
const P384_ORDER: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
/// The order L of the Ed25519 base point (RFC 8032 §5.1), little-endian.
const ED25519_ORDER_LE: &str = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
/// The encoding of the Ed25519 identity point, an element of small order (RFC 8032 §5.1.2).
const ED25519_IDENTITY: &str = "0100000000000000000000000000000000000000000000000000000000000000";

enum Family {
    Ec(Vec<u8>),
    Rsa(Option<Vec<u8>>),
    Ed25519,
    Hmac,
}

fn family(key: &KeySpec) -> Family {
    let by_alg = |alg: &str, jwk: Option<&Value>| match &alg[..2] {
        "ES" if alg == "ES256" => Family::Ec(hex(P256_ORDER)),
        "ES" if alg == "ES384" => Family::Ec(hex(P384_ORDER)),
        "RS" | "PS" => Family::Rsa(
            jwk.and_then(|jwk| jwk["n"].as_str())
                .and_then(|n| URL_SAFE_NO_PAD.decode(n).ok()),
        ),
        "Ed" => Family::Ed25519,
        "HS" => Family::Hmac,
        _ => panic!("no family for {alg}"),
    };
    match key {
        KeySpec::Jwk { json, alg } => {
            let jwk: Value = serde_json::from_str(json).unwrap();
            by_alg(alg, Some(&jwk))
        }
        KeySpec::EcPoint { algorithm, .. } => by_alg(algorithm.name(), None),
        KeySpec::Rsa { n, .. } => Family::Rsa(Some(n.clone())),
        KeySpec::Ed25519(_) => Family::Ed25519,
        KeySpec::Hmac { .. } => Family::Hmac,
    }
}

/// `a - b` for big-endian numbers of the same length, `a >= b`.
fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    assert_eq!(borrow, 0, "a < b");
    out
}

/// `a + b` for little-endian numbers of the same length, or `None` on overflow.
fn add_le(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; a.len()];
    let mut carry = 0u16;
    for i in 0..a.len() {
        let sum = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = sum as u8;
        carry = sum >> 8;
    }
    (carry == 0).then_some(out)
}

/// Every mutation of a valid `case`.
pub fn of(case: &Case) -> Vec<Case> {
    let signature = &case.signature;
    let len = signature.len();
    let mut mutated: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("all zeros", vec![0; len]),
        (
            "truncated by a byte",
            signature[..len.saturating_sub(1)].to_vec(),
        ),
        (
            "extended by a zero byte",
            [signature.as_slice(), &[0]].concat(),
        ),
        (
            "with a leading zero byte",
            [&[0], signature.as_slice()].concat(),
        ),
    ];
    if len > 0 {
        let mut first = signature.clone();
        first[0] ^= 0x01;
        mutated.push(("first bit flipped", first));
        let mut last = signature.clone();
        last[len - 1] ^= 0x80;
        mutated.push(("last bit flipped", last));
    }
    match family(&case.key) {
        Family::Ec(order) => {
            let width = order.len();
            assert_eq!(len, 2 * width, "{}", case.name);
            let (r, s) = signature.split_at(width);
            let zero = vec![0; width];
            mutated.push(("psychic (r = s = 0)", [zero.as_slice(), &zero].concat()));
            mutated.push(("r = 0", [zero.as_slice(), s].concat()));
            mutated.push(("s = 0", [r, zero.as_slice()].concat()));
            mutated.push(("r = n", [order.as_slice(), s].concat()));
            mutated.push(("s = n", [r, order.as_slice()].concat()));
            mutated.push(("r = s = n", [order.as_slice(), &order].concat()));
            mutated.push(("s and r swapped", [s, r].concat()));
            mutated.push(("high S", [r, &sub_be(&order, s)].concat()));
        }
        Family::Ed25519 => {
            assert_eq!(len, 64, "{}", case.name);
            let (r, s) = signature.split_at(32);
            if let Some(s_plus_l) = add_le(s, &hex(ED25519_ORDER_LE)) {
                mutated.push(("non-canonical S (S + L)", [r, &s_plus_l].concat()));
            }
            mutated.push((
                "small-order R (identity)",
                [hex(ED25519_IDENTITY).as_slice(), s].concat(),
            ));
            mutated.push(("S = L", [r, &hex(ED25519_ORDER_LE)].concat()));
        }
        Family::Rsa(modulus) => {
            let mut one = vec![0; len];
            if let Some(last) = one.last_mut() {
                *last = 1;
            }
            mutated.push(("signature = 1", one));
            if let Some(n) = modulus {
                let n: Vec<u8> = n.iter().copied().skip_while(|b| *b == 0).collect();
                mutated.push(("signature = modulus", n));
            }
        }
        Family::Hmac => {}
    }
    mutated
        .into_iter()
        .filter(|(_, bytes)| bytes != signature)
        .map(|(what, bytes)| Case {
            name: format!("{}, {what}", case.name),
            key: case.key.clone(),
            input: case.input.clone(),
            signature: bytes,
        })
        .collect()
}
