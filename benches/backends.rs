//! Signing and verification on each crypto backend, against that backend's own floor: for every
//! algorithm (HS256/384/512, RS256/384/512, PS256/384/512, ES256, ES384, ES512 on aws-lc only,
//! EdDSA) and every backend that has it,
//!
//! * `verify/{alg}/{backend}`: `Validator::verify_at` into owned claims, the key made on the
//!   backend (`ALG.on(backend)`);
//! * `floor_verify/{alg}/{backend}`: the hand-written floor (`benches/floor/`) on the backend's
//!   library, on the same token: split, strict base64url, `alg` pinned, `crit` refused, the
//!   library's own verify with a pre-built key, one borrowed claims struct,
//!   `exp`/`nbf`/`iat`/`iss`/`aud` compared;
//! * `sign/{alg}/{backend}`: `encode` with the key made on the backend;
//! * `floor_sign/{alg}/{backend}`: the floor's sign (serialize header and claims, base64, the
//!   library's sign, base64).
//!
//! Run with `cargo bench --features aws-lc --bench backends`; `scripts/bench-table` turns the
//! results into the per-backend table. Before the clock starts, every key is built and each
//! side's tokens are checked to be accepted by the other (the floor accepts ours, our validator
//! accepts the floor's); every timed closure asserts success. The verifier's clock is fixed, so
//! the fixtures never expire.
//!
//! Shorter warm-up (1 s) and measurement (3 s) than criterion's defaults keep the 100
//! benchmarks to about 8 minutes; `--warm-up-time` and `--measurement-time` override them.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_ring::Backend;

#[path = "support/mod.rs"]
mod support;

#[path = "floor/aws_lc.rs"]
mod floor_aws_lc;
#[path = "floor/ring.rs"]
mod floor_ring;

use support::{BACKEND_ALGORITHMS, Scope, fixed_now};

include!("floor/either.rs");

/// The `(algorithm, backend)` pairs measured: every algorithm on every backend that has it.
fn pairs() -> impl Iterator<Item = (&'static str, Backend)> {
    BACKEND_ALGORITHMS.into_iter().flat_map(|alg| {
        [Backend::Ring, Backend::AwsLc]
            .into_iter()
            .filter(move |backend| support::has(alg, *backend))
            .map(move |backend| (alg, backend))
    })
}

fn verify(c: &mut Criterion) {
    for (alg, backend) in pairs() {
        support::fixture_on(alg, backend, 0).bench_verify(c, &format!("verify/{alg}/{backend}"));
    }
}

fn floor_verify(c: &mut Criterion) {
    let now = support::FIXED_NOW_UNIX;
    for (alg, backend) in pairs() {
        // The token our key signed on this backend: the floor verifies the very same bytes.
        let fixture = support::fixture_on(alg, backend, 0);
        let token = fixture.token.as_str();
        with_floor!(&Floor::new(alg, backend), floor => {
            assert_eq!(
                floor.verify(token, now).expect("the floor accepts our token"),
                support::SUBJECT.len()
            );
            c.bench_function(&format!("floor_verify/{alg}/{backend}"), |b| {
                b.iter(|| {
                    let sub = floor
                        .verify(black_box(token), now)
                        .expect("verification succeeds");
                    black_box(sub)
                });
            });
        });
    }
}

fn sign(c: &mut Criterion) {
    for (alg, backend) in pairs() {
        support::fixture_on(alg, backend, 0).bench_sign(c, &format!("sign/{alg}/{backend}"));
    }
}

fn floor_sign(c: &mut Criterion) {
    let flat = support::flat_claims(0);
    for (alg, backend) in pairs() {
        let fixture = support::fixture_on(alg, backend, 0);
        with_floor!(&Floor::new(alg, backend), floor, lib => {
            let claims = lib::ClaimsRef::new(&flat);
            // The floor's token is accepted by our validator (the two do the same work) and by
            // the floor itself.
            let token = floor.sign(&claims);
            let verified = fixture
                .validator
                .verify_at::<Scope>(&token, fixed_now())
                .expect("our validator accepts the floor's token");
            assert_eq!(verified.claims().custom.scope, support::SCOPE);
            assert!(floor.verify(&token, support::FIXED_NOW_UNIX).is_ok());
            c.bench_function(&format!("floor_sign/{alg}/{backend}"), |b| {
                b.iter(|| black_box(floor.sign(black_box(&claims))));
            });
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = verify, floor_verify, sign, floor_sign
}
criterion_main!(benches);
