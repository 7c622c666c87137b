//! JWE decryption and encryption against the floor (`benches/floor/jwe.rs`): for each pair of
//! `benches/support/jwe.rs` (`dir` with A256GCM on both backends, `ECDH-ES+A128KW` with A128GCM
//! and `RSA-OAEP-256` with A128CBC-HS256 on aws-lc), side by side in one run:
//!
//! * `jwe_decrypt/{alg}_{enc}/{backend}`: `Decrypter::decrypt` of a token made once, the
//!   decrypter pinned to the pair;
//! * `floor_jwe_decrypt/{alg}_{enc}/{backend}`: the floor's decryption of the same token;
//! * `jwe_encrypt/{alg}_{enc}/{backend}`: `jwe::encrypt` of the plaintext (the JWS benchmarks'
//!   claims, 240 bytes), a fresh token at each call;
//! * `floor_jwe_encrypt/{alg}_{enc}/{backend}`: the floor's encryption of the same plaintext.
//!
//! Run with `cargo bench --features aws-lc --bench jwe`. Before the clock starts, every key is
//! built, the floor decrypts our token and we decrypt the floor's; every timed closure asserts
//! success. Wall-clock medians on a shared VM move by more than the difference between ours and
//! the floor: `scripts/instruction-counts` counts the same cases' instructions.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_ring::Backend;

#[path = "support/jwe.rs"]
mod support_jwe;

#[path = "floor/jwe.rs"]
mod floor_jwe;

use floor_jwe::JweFloor;
use support_jwe::{PAIRS, PLAINTEXT, has_pair, jwe_fixture, pair_name};

/// The `(alg, enc, backend)` triples measured.
fn cases() -> impl Iterator<Item = (&'static str, &'static str, Backend)> {
    PAIRS.into_iter().flat_map(|(alg, enc)| {
        [Backend::Ring, Backend::AwsLc]
            .into_iter()
            .filter(move |backend| has_pair(alg, *backend))
            .map(move |backend| (alg, enc, backend))
    })
}

fn decrypt(c: &mut Criterion) {
    for (alg, enc, backend) in cases() {
        let name = pair_name(alg, enc);
        let fixture = jwe_fixture(alg, enc, backend);
        let floor = JweFloor::new(alg, backend);
        let token = fixture.token.as_str();
        assert_eq!(
            floor.decrypt(token).expect("the floor decrypts our token"),
            PLAINTEXT.as_bytes()
        );
        c.bench_function(&format!("jwe_decrypt/{name}/{backend}"), |b| {
            b.iter(|| {
                let decrypted = fixture
                    .decrypter
                    .decrypt(black_box(token))
                    .expect("decryption succeeds");
                black_box(decrypted)
            });
        });
        c.bench_function(&format!("floor_jwe_decrypt/{name}/{backend}"), |b| {
            b.iter(|| {
                black_box(
                    floor
                        .decrypt(black_box(token))
                        .expect("decryption succeeds"),
                )
            });
        });
    }
}

fn encrypt(c: &mut Criterion) {
    let plaintext = PLAINTEXT.as_bytes();
    for (alg, enc, backend) in cases() {
        let name = pair_name(alg, enc);
        let fixture = jwe_fixture(alg, enc, backend);
        let floor = JweFloor::new(alg, backend);
        let floor_token = floor.encrypt(plaintext);
        let decrypted = fixture
            .decrypter
            .decrypt(&floor_token)
            .expect("we decrypt the floor's token");
        assert_eq!(decrypted.plaintext(), plaintext);
        assert_eq!(
            floor_token.len(),
            fixture.token.len(),
            "tokens of one length"
        );
        c.bench_function(&format!("jwe_encrypt/{name}/{backend}"), |b| {
            b.iter(|| black_box(fixture.encrypt(black_box(plaintext))));
        });
        c.bench_function(&format!("floor_jwe_encrypt/{name}/{backend}"), |b| {
            b.iter(|| black_box(floor.encrypt(black_box(plaintext))));
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decrypt, encrypt
}
criterion_main!(benches);
