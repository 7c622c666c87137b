//! The accept-set rule: two backends accept exactly the same tokens.
//!
//! Every case (a key, a signing input and a signature) runs through every enabled backend, and
//! each backend's verdict (key refused, signature accepted, signature rejected) must be the
//! same. Any disagreement fails the test, naming the case and each backend's verdict.
//!
//! The cases come from `sources.rs`: every Wycheproof vector the suite runs (ECDSA P-256 and
//! P-384, Ed25519, RSA PKCS#1 and PSS, HMAC, the JWS file), every RFC signature vector
//! (RFC 7515 Appendix A, RFC 7520 §4, RFC 8037), the interop fixtures, and, from
//! `mutations.rs`, the signature-level attacks of the attack catalogue applied to every valid
//! case (psychic signatures, r or s at the group order, high S, non-canonical Ed25519 S,
//! wrong lengths, flipped bits). `signing.rs` adds the signing side: deterministic algorithms
//! sign byte for byte alike on every backend, and randomized ones verify across backends.
//!
//! A FIPS backend (the feature `fips`) refuses EdDSA and short HMAC keys by name; such cases
//! are compared among the other backends only, and counted.
//!
//! P-521 (ES512) is on aws-lc only, so it has no second backend to differ from: its vectors run
//! in the Wycheproof and RFC suites under the aws-lc builds.
//!
//! Needs both backends: `cargo test --features aws-lc --test differential`.

#![cfg(all(feature = "ring", feature = "aws-lc"))]

#[path = "../common/mod.rs"]
mod common;
mod mutations;
mod signing;
mod sources;

use jwt_ring::jwk::Jwk;
use jwt_ring::{Backend, KeyRejected, Verifier, dangerous, ecdsa, eddsa, hmac, rsa};

/// How a case's key is built: as the source gives it, on a backend chosen per verdict.
#[derive(Clone, Debug)]
pub enum KeySpec {
    /// A JWK (a private asymmetric one is reduced to its public half) for `alg`.
    Jwk { json: String, alg: String },
    /// An uncompressed EC point.
    EcPoint {
        algorithm: &'static ecdsa::Algorithm,
        point: Vec<u8>,
    },
    /// An RSA modulus and exponent.
    Rsa {
        algorithm: &'static rsa::Algorithm,
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// 32 Ed25519 public key bytes (or a wrong length, which must be refused alike).
    Ed25519(Vec<u8>),
    /// An HMAC secret, short ones through the escape hatch so that the MAC is still compared.
    Hmac {
        algorithm: &'static hmac::Algorithm,
        secret: Vec<u8>,
    },
}

impl KeySpec {
    /// The key on `backend`, or why it was refused.
    fn verifier_on(&self, backend: Backend) -> Result<Box<dyn Verifier>, String> {
        let refused = |error: &dyn std::fmt::Display| error.to_string();
        Ok(match self {
            KeySpec::Jwk { json, alg } => {
                let jwk = Jwk::from_json(json).map_err(|e| refused(&e))?;
                let jwk = if jwk.is_private() && !jwk.is_symmetric() {
                    jwk.to_public().map_err(|e| refused(&e))?
                } else {
                    jwk
                };
                jwk.verifier_on(alg, backend).map_err(|e| refused(&e))?
            }
            KeySpec::EcPoint { algorithm, point } => {
                let algorithm = algorithm.on(backend).map_err(|e| refused(&e))?;
                Box::new(
                    ecdsa::VerifyingKey::from_uncompressed_point(algorithm, point)
                        .map_err(|e| refused(&e))?,
                )
            }
            KeySpec::Rsa { algorithm, n, e } => {
                let algorithm = algorithm.on(backend).map_err(|e| refused(&e))?;
                Box::new(
                    rsa::VerifyingKey::from_components(algorithm, n, e).map_err(|e| refused(&e))?,
                )
            }
            KeySpec::Ed25519(public) => {
                let algorithm = eddsa::EDDSA.on(backend).map_err(|e| refused(&e))?;
                Box::new(
                    eddsa::VerifyingKey::from_bytes_for(algorithm, public)
                        .map_err(|e| refused(&e))?,
                )
            }
            KeySpec::Hmac { algorithm, secret } => {
                let algorithm = algorithm.on(backend).map_err(|e| refused(&e))?;
                Box::new(
                    dangerous::hmac_key_with_short_secret(algorithm, secret)
                        .map_err(|e| refused(&e))?,
                )
            }
        })
    }
}

/// One signature check.
#[derive(Clone, Debug)]
pub struct Case {
    /// Where it comes from: the source, the vector's id, and the mutation if any.
    pub name: String,
    pub key: KeySpec,
    pub input: Vec<u8>,
    pub signature: Vec<u8>,
}

/// What a backend made of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    KeyRefused,
    Accepted,
    Rejected,
    /// A FIPS backend refused the key as not approved (EdDSA, short HMAC keys): a documented
    /// refusal by name, outside the comparison.
    NotFipsApproved,
}

/// The verdict of `backend` on `case`.
pub fn verdict(case: &Case, backend: Backend) -> Verdict {
    match case.key.verifier_on(backend) {
        Err(reason) if reason.contains(&KeyRejected::NOT_FIPS_APPROVED.to_string()) => {
            assert!(
                backend.is_fips(),
                "{}: {backend} refused as not FIPS",
                case.name
            );
            Verdict::NotFipsApproved
        }
        Err(_) => Verdict::KeyRefused,
        Ok(key) => match key.verify(&case.input, &case.signature) {
            Ok(()) => Verdict::Accepted,
            Err(_) => Verdict::Rejected,
        },
    }
}

/// Runs every case through every enabled backend; returns the accepted ones (for mutation)
/// and fails naming each disagreement.
pub fn run(source: &str, cases: &[Case]) -> Vec<Case> {
    assert!(!cases.is_empty(), "{source}: no cases");
    let backends = Backend::enabled();
    assert_eq!(backends, [Backend::Ring, Backend::AwsLc]);
    let mut disagreements = Vec::new();
    let mut accepted = Vec::new();
    let mut tally = [0usize; 3];
    let mut not_approved = 0;
    for case in cases {
        let all: Vec<Verdict> = backends.iter().map(|b| verdict(case, *b)).collect();
        let verdicts: Vec<Verdict> = all
            .iter()
            .filter(|v| **v != Verdict::NotFipsApproved)
            .cloned()
            .collect();
        if verdicts.len() < all.len() {
            not_approved += 1;
        }
        if verdicts.iter().any(|v| *v != verdicts[0]) {
            let each: Vec<String> = backends
                .iter()
                .zip(&all)
                .map(|(backend, verdict)| format!("{backend} {verdict:?}"))
                .collect();
            disagreements.push(format!("{}: {}", case.name, each.join(", ")));
            continue;
        }
        match verdicts[0] {
            Verdict::KeyRefused => tally[0] += 1,
            Verdict::Accepted => {
                tally[1] += 1;
                accepted.push(case.clone());
            }
            Verdict::Rejected => tally[2] += 1,
            Verdict::NotFipsApproved => unreachable!("filtered out"),
        }
    }
    println!(
        "{source}: {} cases, {} agreed (key refused {}, accepted {}, rejected {}), {} disagreements; \
         {not_approved} compared without a FIPS backend that does not approve them",
        cases.len(),
        tally.iter().sum::<usize>(),
        tally[0],
        tally[1],
        tally[2],
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{source}: the backends disagree on {} cases:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    accepted
}

/// Runs `cases`, then the signature-level attacks on every case they accept.
fn run_with_mutations(source: &str, cases: &[Case]) {
    let accepted = run(source, cases);
    assert!(!accepted.is_empty(), "{source}: nothing accepted to mutate");
    let mutated: Vec<Case> = accepted.iter().flat_map(mutations::of).collect();
    let survivors = run(&format!("{source}, attacked"), &mutated);
    // No attack may turn a valid signature into another accepted one, except the two that are
    // not attacks on these algorithms: high S (ECDSA is malleable; JWS does not forbid it),
    // which every backend must accept alike.
    for case in &survivors {
        assert!(case.name.ends_with("high S"), "{} accepted", case.name);
    }
}

#[test]
fn wycheproof_ecdsa() {
    run_with_mutations("Wycheproof ECDSA P-256/P-384", &sources::wycheproof_ecdsa());
}

#[test]
fn wycheproof_ed25519() {
    run_with_mutations("Wycheproof Ed25519", &sources::wycheproof_ed25519());
}

#[test]
fn wycheproof_rsa_pkcs1() {
    run_with_mutations("Wycheproof RSA PKCS#1", &sources::wycheproof_rsa_pkcs1());
}

#[test]
fn wycheproof_rsa_pss() {
    run_with_mutations("Wycheproof RSA PSS", &sources::wycheproof_rsa_pss());
}

#[test]
fn wycheproof_hmac() {
    run_with_mutations("Wycheproof HMAC", &sources::wycheproof_hmac());
}

#[test]
fn wycheproof_jws() {
    run_with_mutations("Wycheproof JWS", &sources::wycheproof_jws());
}

#[test]
fn rfc_vectors() {
    run_with_mutations("RFC 7515 A, RFC 7520 §4, RFC 8037", &sources::rfc_vectors());
}

#[test]
fn interop_fixtures() {
    run_with_mutations("interop fixtures", &sources::interop());
}

#[test]
fn deterministic_signatures_are_identical_and_randomized_ones_cross_verify() {
    signing::check_every_algorithm();
}
