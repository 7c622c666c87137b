//! The signing side of the accept-set rule: a deterministic algorithm (HMAC, RSASSA-PKCS1-v1_5,
//! Ed25519) signs byte for byte alike on every backend, and a randomized one (RSASSA-PSS,
//! ECDSA) signs what every backend verifies.

use jwt_ring::{Backend, Signer, Verifier, ecdsa, eddsa, hmac, rsa};

use crate::common::RSA_2048_PKCS8;

const MESSAGES: [&[u8]; 3] = [b"", b"eyJhbGciOiJFUzI1NiJ9.e30", &[0xa5; 1000]];

/// The same key on each backend, as (signer, verifier) pairs.
type OnEach = Vec<(Backend, Box<dyn Signer>, Box<dyn Verifier>)>;

fn on_each(make: impl Fn(Backend) -> (Box<dyn Signer>, Box<dyn Verifier>)) -> OnEach {
    on_each_approving(|_| true, make)
}

/// As [`on_each`], on the backends `approves` keeps (a FIPS backend refuses EdDSA by name).
fn on_each_approving(
    approves: impl Fn(Backend) -> bool,
    make: impl Fn(Backend) -> (Box<dyn Signer>, Box<dyn Verifier>),
) -> OnEach {
    Backend::enabled()
        .iter()
        .filter(|backend| approves(**backend))
        .map(|&backend| {
            let (signer, verifier) = make(backend);
            (backend, signer, verifier)
        })
        .collect()
}

fn check(keys: &OnEach, deterministic: bool) {
    for message in MESSAGES {
        let signatures: Vec<Vec<u8>> = keys
            .iter()
            .map(|(_, s, _)| s.sign(message).unwrap())
            .collect();
        let alg = keys[0].1.algorithm();
        if deterministic {
            for ((backend, _, _), signature) in keys.iter().zip(&signatures) {
                assert_eq!(
                    signature, &signatures[0],
                    "{alg}: {backend} signs otherwise"
                );
            }
        }
        for ((signed_on, _, _), signature) in keys.iter().zip(&signatures) {
            for (verified_on, _, verifier) in keys {
                assert!(
                    verifier.verify(message, signature).is_ok(),
                    "{alg}: signed on {signed_on}, refused on {verified_on}"
                );
            }
        }
    }
}

pub fn check_every_algorithm() {
    for algorithm in [&hmac::HS256, &hmac::HS384, &hmac::HS512] {
        let keys = on_each(|backend| {
            let key = hmac::Key::new(algorithm.on(backend).unwrap(), &[0x5c; 64]).unwrap();
            (Box::new(key.clone()), Box::new(key))
        });
        check(&keys, true);
    }
    for (algorithm, deterministic) in [
        (&rsa::RS256, true),
        (&rsa::RS384, true),
        (&rsa::RS512, true),
        (&rsa::PS256, false),
        (&rsa::PS384, false),
        (&rsa::PS512, false),
    ] {
        let keys = on_each(|backend| {
            let key = rsa::SigningKey::from_pkcs8(algorithm.on(backend).unwrap(), RSA_2048_PKCS8)
                .unwrap();
            let public = key.verifying_key();
            (Box::new(key), Box::new(public))
        });
        check(&keys, deterministic);
    }
    for algorithm in [&ecdsa::ES256, &ecdsa::ES384] {
        let (_, pkcs8) = ecdsa::SigningKey::generate(algorithm).unwrap();
        let keys = on_each(|backend| {
            let key =
                ecdsa::SigningKey::from_pkcs8(algorithm.on(backend).unwrap(), &pkcs8).unwrap();
            let public = key.verifying_key();
            (Box::new(key), Box::new(public))
        });
        check(&keys, false);
    }
    for algorithm in [&eddsa::EDDSA, &eddsa::ED25519] {
        let keys = on_each_approving(
            |backend| !backend.is_fips(),
            |backend| {
                let key =
                    eddsa::SigningKey::from_seed_for(algorithm.on(backend).unwrap(), &[0x42; 32])
                        .unwrap();
                let public = key.verifying_key();
                (Box::new(key), Box::new(public))
            },
        );
        check(&keys, true);
    }
}
