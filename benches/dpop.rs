//! Criterion benchmarks for DPoP (RFC 9449): minting a proof, checking it without the replay
//! store (`check_at`, pure), verifying it with a `MemoryReplayStore` (`verify_at`), and a plain
//! ES256 JWT of about the same length verified by a `Validator`, to show what the proof's own
//! checks (embedded JWK import, thumbprint, `htu` normalisation) cost on top of a signature.
//! A whole resource-server request (the proof, the bound access token, the binding, the store)
//! is measured against the two plain verifies it cannot avoid, and the memory replay store
//! near its capacity against an empty one, and the import of a static P-256 JWK (with its
//! on-curve check) for scale.
//!
//! Run with `cargo bench --bench dpop`. Every timed closure asserts success; keys and proofs
//! are made before the clock starts; clocks are fixed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_ring::NoCustomClaims;
use jwt_ring::oauth::MemoryReplayStore;
use jwt_ring::replay::{DEFAULT_CAPACITY, ReplayStore};

#[path = "support/dpop.rs"]
mod fixture;

use fixture::{TOKEN, now, proof_for, request};

/// Distinct proofs for `verify_at`: each is accepted once, so each batch gets a fresh store.
const POOL: usize = 512;

/// Runs `verify` over distinct proofs of `proofs`, `iters` times in all, each batch of up to
/// `proofs.len()` with a fresh replay store made outside the clock.
fn per_fresh_proof(
    iters: u64,
    proofs: &[String],
    mut verify: impl FnMut(&str, &MemoryReplayStore),
) -> Duration {
    let mut elapsed = Duration::ZERO;
    let mut left = iters;
    while left > 0 {
        let store = MemoryReplayStore::new(proofs.len());
        let batch = usize::try_from(left)
            .unwrap_or(proofs.len())
            .min(proofs.len());
        let start = Instant::now();
        for proof in &proofs[..batch] {
            verify(black_box(proof), &store);
        }
        elapsed += start.elapsed();
        left -= batch as u64;
    }
    elapsed
}

fn dpop(c: &mut Criterion) {
    let f = fixture::proof_fixture();

    c.bench_function("dpop/mint_proof/ES256", |b| {
        b.iter(|| black_box(proof_for(black_box(&f.key), TOKEN)));
    });

    c.bench_function("dpop/check_proof/ES256", |b| {
        b.iter(|| {
            let unrecorded = f
                .verifier
                .check_at(&request(black_box(&f.proof), TOKEN), now())
                .expect("the proof is valid");
            black_box(unrecorded)
        });
    });

    // A static key (a JWK Set member, a PEM file) pays its on-curve check once, when it is
    // imported; proofs' per-request keys skip it (the signature check rejects off-curve points).
    c.bench_function("dpop/static_key_import/ES256", |b| {
        b.iter(|| {
            let jwk = jwt_ring::jwk::Jwk::from_json(black_box(&f.public_jwk)).expect("a JWK");
            black_box(jwk.verifier_for("ES256").expect("a P-256 key"))
        });
    });

    let pool: Vec<String> = (0..POOL).map(|_| proof_for(&f.key, TOKEN)).collect();
    c.bench_function("dpop/verify_proof/ES256", |b| {
        b.iter_custom(|iters| {
            per_fresh_proof(iters, &pool, |proof, store| {
                let verified = f
                    .verifier
                    .verify_at(&request(proof, TOKEN), store, now())
                    .expect("each proof is used once");
                black_box(verified);
            })
        });
    });

    // A plain ES256 JWT of about the proof's length, for comparison.
    println!(
        "proof {} bytes, plain JWT {} bytes",
        f.proof.len(),
        f.plain_token.len()
    );
    c.bench_function("dpop/plain_jwt_verify/ES256", |b| {
        b.iter(|| {
            let verified = f
                .plain_validator
                .verify_at::<NoCustomClaims>(black_box(&f.plain_token), now())
                .expect("the token is valid");
            black_box(verified)
        });
    });
}

/// A resource server's whole DPoP request against the two signature checks it must make.
fn dpop_request(c: &mut Criterion) {
    let f = fixture::request_fixture(POOL);
    c.bench_function("dpop/request/ES256", |b| {
        b.iter_custom(|iters| {
            per_fresh_proof(iters, &f.proofs, |proof, store| {
                let checked = f
                    .verifier
                    .check_at(&request(proof, &f.token), now())
                    .expect("the proof is valid");
                let verified = f
                    .access
                    .verify_dpop_at::<NoCustomClaims>(black_box(&f.token), checked, store, now())
                    .expect("the token is bound to the proof");
                black_box(verified);
            })
        });
    });

    // The two signatures any DPoP request needs, through plain validators: the proof (as a
    // JWT of the same bytes) and the access token.
    let fixed = &f.proofs[0];
    c.bench_function("dpop/two_plain_verifies/ES256", |b| {
        b.iter(|| {
            let proof = f
                .proof_as_jwt
                .verify_at::<NoCustomClaims>(black_box(fixed), now())
                .expect("the proof is a valid JWT");
            let access = f
                .plain_access
                .verify_at::<NoCustomClaims>(black_box(&f.token), now())
                .expect("the token is valid");
            black_box((proof, access))
        });
    });
}

/// Recording a new `jti` in an empty store and in one a single entry short of its capacity,
/// in the steady state of a busy server: each call's clock is a second later, so the previous
/// call's entry has just expired and is dropped while the new one goes in. The old store
/// scanned every entry on an insert into a full store; this one files them by second.
fn replay_store(c: &mut Criterion) {
    let far = now() + jwt_ring::time::Duration::days(3650);
    for (name, prefill) in [("empty", 0), ("near_full", DEFAULT_CAPACITY - 1)] {
        let store = MemoryReplayStore::default();
        for i in 0..prefill {
            store
                .first_seen("dpop:bench", &format!("live-{i}"), far, now())
                .expect("room");
        }
        let mut second = 0_i64;
        c.bench_function(&format!("replay_store/memory/insert_{name}"), |b| {
            b.iter(|| {
                second += 1;
                let at = now() + jwt_ring::time::Duration::seconds(second);
                let until = at + jwt_ring::time::Duration::SECOND;
                let first = store
                    .first_seen("dpop:bench", black_box(&second.to_string()), until, at)
                    .expect("the last entry has expired: room for this one");
                assert!(first);
                black_box(first)
            });
        });
    }
}

criterion_group!(benches, dpop, dpop_request, replay_store);
criterion_main!(benches);
