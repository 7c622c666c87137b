//! The accept-set rule under fuzzing: the same key and the same bytes through ring and aws-lc
//! must get the same verdict. Any difference is a crash.
//!
//! The first byte picks a mode, the second a key:
//! * mode 0, a signature: the rest is `signing input NUL signature`, checked by a fixed key of
//!   each of the twelve built-in algorithms, one per backend;
//! * mode 1, a mutated signature: a valid signature of a fixed signing input by that fixed
//!   key, XORed with the rest (so the fuzzer explores near-valid signatures);
//! * mode 2, a public key: the rest is a public key (an uncompressed P-256 or P-384 point, an
//!   Ed25519 key, an RSA modulus) then NUL then a signature over a fixed input; each backend
//!   must refuse or accept the key alike, and then the signature alike;
//! * mode 3, a token: the rest is a compact JWS verified through a `JwkSet` of the fixed public
//!   keys loaded on each backend (`JwkSetOptions::backend`).
#![no_main]

use std::sync::OnceLock;

use jwt_ring::jwk::{JwkSet, JwkSetOptions};
use jwt_ring::{Backend, KeyResolver, Signer, UntrustedToken, Verifier, ecdsa, eddsa, hmac, rsa};
use jwt_ring_fuzz::{ED25519_SEED, P256_PKCS8, P384_PKCS8, RSA2048_PKCS8};
use libfuzzer_sys::fuzz_target;

/// The signing input of modes 1 and 2.
const INPUT: &[u8] = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJmdXp6In0";

/// One fixed key: its signer on the default backend, and its verifier on each backend.
struct Fixed {
    signer: Box<dyn Signer>,
    verifiers: Vec<Box<dyn Verifier>>,
    valid: Vec<u8>,
    /// The public JWK, for asymmetric keys.
    jwk: Option<String>,
}

fn make(
    signer: Box<dyn Signer>,
    jwk: Option<String>,
    verifier: impl Fn(Backend) -> Box<dyn Verifier>,
) -> Fixed {
    let valid = signer.sign(INPUT).expect("fixed key signs");
    let verifiers = Backend::enabled().iter().map(|b| verifier(*b)).collect();
    Fixed {
        signer,
        verifiers,
        valid,
        jwk,
    }
}

/// 64 bytes: long enough for HS512 (RFC 7518 §3.2), which refuses a shorter secret.
const HMAC_SECRET_64: &[u8; 64] =
    b"jwt-ring backend differential secret, 64 bytes for HS512 keys!!!";

fn keys() -> &'static [Fixed] {
    static KEYS: OnceLock<Vec<Fixed>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        for algorithm in [&hmac::HS256, &hmac::HS384, &hmac::HS512] {
            let key = hmac::Key::new(algorithm, HMAC_SECRET_64).expect("fixed secret");
            keys.push(make(Box::new(key), None, |b| {
                Box::new(
                    hmac::Key::new(algorithm.on(b).expect("backend"), HMAC_SECRET_64).expect("key"),
                )
            }));
        }
        for algorithm in [
            &rsa::RS256,
            &rsa::RS384,
            &rsa::RS512,
            &rsa::PS256,
            &rsa::PS384,
            &rsa::PS512,
        ] {
            let key = rsa::SigningKey::from_pkcs8(algorithm, RSA2048_PKCS8).expect("fixture");
            let jwk = key.verifying_key().to_jwk().to_json();
            keys.push(make(Box::new(key), Some(jwk), |b| {
                let key =
                    rsa::SigningKey::from_pkcs8(algorithm.on(b).expect("backend"), RSA2048_PKCS8)
                        .expect("fixture");
                Box::new(key.verifying_key())
            }));
        }
        for (algorithm, pkcs8) in [(&ecdsa::ES256, P256_PKCS8), (&ecdsa::ES384, P384_PKCS8)] {
            let key = ecdsa::SigningKey::from_pkcs8(algorithm, pkcs8).expect("fixture");
            let jwk = key.verifying_key().to_jwk().to_json();
            keys.push(make(Box::new(key), Some(jwk), |b| {
                let key = ecdsa::SigningKey::from_pkcs8(algorithm.on(b).expect("backend"), pkcs8)
                    .expect("fixture");
                Box::new(key.verifying_key())
            }));
        }
        let key = eddsa::SigningKey::from_seed(&ED25519_SEED).expect("seed");
        let jwk = key.verifying_key().to_jwk().to_json();
        keys.push(make(Box::new(key), Some(jwk), |b| {
            let algorithm = eddsa::EDDSA.on(b).expect("backend");
            Box::new(
                eddsa::SigningKey::from_seed_for(algorithm, &ED25519_SEED)
                    .expect("seed")
                    .verifying_key(),
            )
        }));
        keys
    })
}

/// Each backend's verdict on `signature` over `input`: all equal, or a crash naming them.
fn agree(what: &str, verifiers: &[Box<dyn Verifier>], input: &[u8], signature: &[u8]) -> bool {
    let verdicts: Vec<bool> = verifiers
        .iter()
        .map(|verifier| verifier.verify(input, signature).is_ok())
        .collect();
    assert!(
        verdicts.iter().all(|v| *v == verdicts[0]),
        "{what}: the backends disagree: {:?}",
        Backend::enabled().iter().zip(&verdicts).collect::<Vec<_>>()
    );
    verdicts[0]
}

/// Each backend's key for `public` under the algorithm of `fixed`, or why not.
fn public_key(fixed: &Fixed, public: &[u8], backend: Backend) -> Option<Box<dyn Verifier>> {
    Some(match fixed.signer.algorithm() {
        "ES256" | "ES384" => {
            let algorithm = if fixed.signer.algorithm() == "ES256" {
                &ecdsa::ES256
            } else {
                &ecdsa::ES384
            };
            Box::new(
                ecdsa::VerifyingKey::from_uncompressed_point(algorithm.on(backend).ok()?, public)
                    .ok()?,
            )
        }
        "EdDSA" => Box::new(
            eddsa::VerifyingKey::from_bytes_for(eddsa::EDDSA.on(backend).ok()?, public).ok()?,
        ),
        "RS256" => Box::new(
            rsa::VerifyingKey::from_components(rsa::RS256.on(backend).ok()?, public, &[1, 0, 1])
                .ok()?,
        ),
        "PS256" => Box::new(
            rsa::VerifyingKey::from_components(rsa::PS256.on(backend).ok()?, public, &[1, 0, 1])
                .ok()?,
        ),
        _ => Box::new(hmac::Key::new(hmac::HS256.on(backend).ok()?, public).ok()?),
    })
}

fn jwk_sets() -> &'static [JwkSet] {
    static SETS: OnceLock<Vec<JwkSet>> = OnceLock::new();
    SETS.get_or_init(|| {
        // Without `kid`s: the RSA keys are one key under six algorithms, chosen by `alg`.
        let jwks: Vec<&str> = keys()
            .iter()
            .filter_map(|fixed| fixed.jwk.as_deref())
            .collect();
        let text = format!(r#"{{"keys":[{}]}}"#, jwks.join(","));
        Backend::enabled()
            .iter()
            .map(|b| {
                JwkSet::from_json_with_options(&text, &JwkSetOptions::default().backend(*b))
                    .expect("fixed set")
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let [mode, pick, rest @ ..] = data else {
        return;
    };
    let keys = keys();
    let fixed = &keys[usize::from(*pick) % keys.len()];
    let alg = fixed.signer.algorithm();
    match mode % 4 {
        0 => {
            let (input, signature) = split(rest);
            agree(alg, &fixed.verifiers, input, signature);
        }
        1 => {
            let mut signature = fixed.valid.clone();
            signature.resize(rest.len().max(signature.len()), 0);
            for (byte, mask) in signature.iter_mut().zip(rest) {
                *byte ^= mask;
            }
            let accepted = agree(alg, &fixed.verifiers, INPUT, &signature);
            // Only the signature itself, or (ECDSA being malleable) its high-S twin, verifies.
            if accepted && !alg.starts_with("ES") {
                assert_eq!(
                    signature, fixed.valid,
                    "{alg}: a changed signature verified"
                );
            }
        }
        2 => {
            let (public, signature) = split(rest);
            let verifiers: Vec<Option<Box<dyn Verifier>>> = Backend::enabled()
                .iter()
                .map(|b| public_key(fixed, public, *b))
                .collect();
            let refused: Vec<bool> = verifiers.iter().map(Option::is_none).collect();
            assert!(
                refused.iter().all(|r| *r == refused[0]),
                "{alg}: the backends disagree on the key: refused {refused:?}"
            );
            let verifiers: Vec<Box<dyn Verifier>> = verifiers.into_iter().flatten().collect();
            if !verifiers.is_empty() {
                agree(alg, &verifiers, INPUT, signature);
            }
        }
        _ => {
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            let Ok(token) = UntrustedToken::parse(text) else {
                return;
            };
            let verdicts: Vec<bool> = jwk_sets()
                .iter()
                .map(|set| {
                    set.resolve(token.header()).is_ok_and(|key| {
                        key.verify(token.signing_input().as_bytes(), token.signature())
                            .is_ok()
                    })
                })
                .collect();
            assert!(
                verdicts.iter().all(|v| *v == verdicts[0]),
                "the backends' JWK Sets disagree: {verdicts:?}"
            );
        }
    }
});

/// `bytes` split at the first NUL (all of it and nothing when there is none).
fn split(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|b| *b == 0) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &[]),
    }
}
