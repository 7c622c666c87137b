//! One operation of the `backends` bench, run a given number of times, for counting its
//! instructions: `scripts/instruction-counts` runs this binary under `valgrind --tool=callgrind`
//! twice per case (once and 1 + N times) and divides the difference by N, which leaves out the
//! set-up and the first call's one-time work. Unlike wall-clock medians on a shared VM,
//! instruction counts are the same from run to run, so ours/floor ratios of a few percent can be
//! told apart.
//!
//! `instructions OPERATION ALG BACKEND TIMES`, where OPERATION is `verify`, `floor_verify`,
//! `sign` or `floor_sign` (the `backends` bench's groups), ALG an algorithm and BACKEND `ring`
//! or `aws-lc`; or `instructions dpop CASE TIMES` for the `dpop` bench's cases (ES256 on the
//! default backend): `check_proof`, `plain_jwt_verify`, `request`, `two_plain_verifies`,
//! `static_key_import`; or `instructions jwe OPERATION PAIR BACKEND TIMES` for the `jwe` bench's
//! cases, where OPERATION is `decrypt`, `floor_decrypt`, `encrypt` or `floor_encrypt` and PAIR
//! `{alg}_{enc}` (`dir_A256GCM`, `ECDH-ES+A128KW_A128GCM`, `RSA-OAEP-256_A128CBC-HS256`).
//! Without arguments (as `cargo bench` runs it) every case runs once,
//! which checks that each works. Every call's result is checked, as in the timed benches.

use std::hint::black_box;
use std::process::ExitCode;

use jwt_ring::oauth::MemoryReplayStore;
use jwt_ring::{Backend, Header, NoCustomClaims, encode};

#[path = "support/mod.rs"]
mod support;

#[path = "support/dpop.rs"]
mod dpop_fixture;

#[path = "support/jwe.rs"]
mod support_jwe;

#[path = "floor/jwe.rs"]
mod floor_jwe;

#[path = "floor/aws_lc.rs"]
mod floor_aws_lc;
#[path = "floor/ring.rs"]
mod floor_ring;

use support::{BACKEND_ALGORITHMS, Scope, fixed_now};

include!("floor/either.rs");

const OPERATIONS: [&str; 4] = ["verify", "floor_verify", "sign", "floor_sign"];
const DPOP_CASES: [&str; 5] = [
    "check_proof",
    "plain_jwt_verify",
    "request",
    "two_plain_verifies",
    "static_key_import",
];
const JWE_OPERATIONS: [&str; 4] = ["decrypt", "floor_decrypt", "encrypt", "floor_encrypt"];
/// Proofs minted for `dpop request` whatever TIMES is, so that runs differ only in the calls.
const DPOP_PROOFS: usize = 64;

/// Runs `operation` for `alg` on `backend` `times` times (after building its keys).
fn run(operation: &str, alg: &'static str, backend: Backend, times: u64) -> Result<(), String> {
    let fixture = support::fixture_on(alg, backend, 0);
    match operation {
        "verify" => {
            let now = fixed_now();
            for _ in 0..times {
                let token = fixture
                    .validator
                    .verify_at::<Scope>(black_box(&fixture.token), now)
                    .map_err(|error| format!("verify failed: {error}"))?;
                black_box(token);
            }
        }
        "floor_verify" => with_floor!(&Floor::new(alg, backend), floor => {
            for _ in 0..times {
                let sub = floor
                    .verify(black_box(&fixture.token), support::FIXED_NOW_UNIX)
                    .map_err(|_| "the floor refused our token".to_owned())?;
                black_box(sub);
            }
        }),
        "sign" => {
            let header = Header::new();
            for _ in 0..times {
                let token = encode(&header, black_box(&fixture.claims), &*fixture.signer)
                    .map_err(|error| format!("sign failed: {error}"))?;
                black_box(token);
            }
        }
        "floor_sign" => {
            let flat = support::flat_claims(0);
            with_floor!(&Floor::new(alg, backend), floor, lib => {
                let claims = lib::ClaimsRef::new(&flat);
                for _ in 0..times {
                    black_box(floor.sign(black_box(&claims)));
                }
            });
        }
        other => {
            return Err(format!(
                "unknown operation {other:?}: one of {OPERATIONS:?}"
            ));
        }
    }
    Ok(())
}

/// Runs the JWE `operation` for `(alg, enc)` on `backend` `times` times (after building its keys
/// and token).
fn run_jwe(
    operation: &str,
    (alg, enc): (&'static str, &'static str),
    backend: Backend,
    times: u64,
) -> Result<(), String> {
    let fixture = support_jwe::jwe_fixture(alg, enc, backend);
    let floor = floor_jwe::JweFloor::new(alg, backend);
    let plaintext = support_jwe::PLAINTEXT.as_bytes();
    for _ in 0..times {
        match operation {
            "decrypt" => {
                let decrypted = fixture
                    .decrypter
                    .decrypt(black_box(&fixture.token))
                    .map_err(|error| format!("decrypt failed: {error}"))?;
                black_box(decrypted);
            }
            "floor_decrypt" => {
                let plaintext = floor
                    .decrypt(black_box(&fixture.token))
                    .map_err(|_| "the floor refused our token".to_owned())?;
                black_box(plaintext);
            }
            "encrypt" => {
                black_box(fixture.encrypt(black_box(plaintext)));
            }
            "floor_encrypt" => {
                black_box(floor.encrypt(black_box(plaintext)));
            }
            other => {
                return Err(format!(
                    "unknown JWE operation {other:?}: one of {JWE_OPERATIONS:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Runs the DPoP case `case` `times` times (after building its keys and proofs).
fn run_dpop(case: &str, times: u64) -> Result<(), String> {
    use dpop_fixture::{TOKEN, now, request};
    let single = dpop_fixture::proof_fixture();
    let whole = dpop_fixture::request_fixture(DPOP_PROOFS);
    let times_usize = usize::try_from(times).map_err(|_| "too many calls".to_owned())?;
    let store = MemoryReplayStore::new(DPOP_PROOFS);
    for call in 0..times_usize {
        match case {
            "check_proof" => {
                let request = request(black_box(&single.proof), TOKEN);
                let checked = single
                    .verifier
                    .check_at(&request, now())
                    .map_err(|error| format!("check failed: {error}"))?;
                // Not recorded: the bench's `check_proof` measures the checks without a store.
                let _unrecorded = black_box(checked);
            }
            "plain_jwt_verify" => {
                let verified = single
                    .plain_validator
                    .verify_at::<NoCustomClaims>(black_box(&single.plain_token), now());
                black_box(verified.map_err(|error| format!("verify failed: {error}"))?);
            }
            "request" => {
                let proof = whole
                    .proofs
                    .get(call)
                    .ok_or(format!("at most {} calls", DPOP_PROOFS))?;
                let checked = whole
                    .verifier
                    .check_at(&request(black_box(proof), &whole.token), now())
                    .map_err(|error| format!("check failed: {error}"))?;
                let verified = whole.access.verify_dpop_at::<NoCustomClaims>(
                    &whole.token,
                    checked,
                    &store,
                    now(),
                );
                black_box(verified.map_err(|error| format!("binding failed: {error}"))?);
            }
            "two_plain_verifies" => {
                let proof = whole
                    .proof_as_jwt
                    .verify_at::<NoCustomClaims>(black_box(&whole.proofs[0]), now())
                    .map_err(|error| format!("proof failed: {error}"))?;
                let access = whole
                    .plain_access
                    .verify_at::<NoCustomClaims>(black_box(&whole.token), now())
                    .map_err(|error| format!("token failed: {error}"))?;
                black_box((proof, access));
            }
            "static_key_import" => {
                let jwk = jwt_ring::jwk::Jwk::from_json(black_box(&single.public_jwk))
                    .map_err(|error| format!("JWK refused: {error}"))?;
                black_box(
                    jwk.verifier_for("ES256")
                        .map_err(|error| format!("key refused: {error}"))?,
                );
            }
            other => {
                return Err(format!(
                    "unknown DPoP case {other:?}: one of {DPOP_CASES:?}"
                ));
            }
        }
    }
    Ok(())
}

fn backend_named(name: &str) -> Option<Backend> {
    [Backend::Ring, Backend::AwsLc]
        .into_iter()
        .find(|backend| backend.to_string() == name)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    let result = match args.as_slice() {
        [dpop, case, times] if dpop == "dpop" => times
            .parse::<u64>()
            .map_err(|_| format!("not a number of calls: {times}"))
            .and_then(|times| run_dpop(case, times)),
        [jwe, operation, pair, backend, times] if jwe == "jwe" => {
            match (
                support_jwe::pair_named(pair),
                backend_named(backend),
                times.parse::<u64>(),
            ) {
                (Some(pair), Some(backend), Ok(times)) if support_jwe::has_pair(pair.0, backend) => {
                    run_jwe(operation, pair, backend, times)
                }
                _ => Err(format!("no such case: jwe {operation} {pair} {backend} {times}")),
            }
        }
        [] => BACKEND_ALGORITHMS
            .into_iter()
            .flat_map(|alg| [Backend::Ring, Backend::AwsLc].map(|backend| (alg, backend)))
            .filter(|&(alg, backend)| support::has(alg, backend))
            .try_for_each(|(alg, backend)| {
                OPERATIONS
                    .into_iter()
                    .try_for_each(|operation| run(operation, alg, backend, 1))
            })
            .and_then(|()| {
                DPOP_CASES
                    .into_iter()
                    .try_for_each(|case| run_dpop(case, 1))
            })
            .and_then(|()| {
                support_jwe::PAIRS
                    .into_iter()
                    .flat_map(|pair| [Backend::Ring, Backend::AwsLc].map(|backend| (pair, backend)))
                    .filter(|&((alg, _), backend)| support_jwe::has_pair(alg, backend))
                    .try_for_each(|(pair, backend)| {
                        JWE_OPERATIONS
                            .into_iter()
                            .try_for_each(|operation| run_jwe(operation, pair, backend, 1))
                    })
            }),
        [operation, alg, backend, times] => {
            match (
                BACKEND_ALGORITHMS.into_iter().find(|known| known == alg),
                backend_named(backend),
                times.parse::<u64>(),
            ) {
                (Some(alg), Some(backend), Ok(times)) if support::has(alg, backend) => {
                    run(operation, alg, backend, times)
                }
                _ => Err(format!("no such case: {operation} {alg} {backend} {times}")),
            }
        }
        _ => Err("usage: instructions [OPERATION ALG BACKEND TIMES | dpop CASE TIMES | jwe OPERATION PAIR \
             BACKEND TIMES]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
