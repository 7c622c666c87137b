//! Criterion benchmarks: signing and verification for every built-in algorithm, parsing, payload
//! sizes, refusing over-limit tokens, key-set sizes, a remote key set against the same key held
//! directly, and a hand-written "floor" on ring + base64 + serde_json that does the
//! least a correct verifier must do, to show what our checks and abstractions cost on top.
//! (`benches/backends.rs` measures sign and verify on each crypto backend against that
//! backend's floor.)
//!
//! Run with `cargo bench --bench jwt`; `scripts/bench-table` turns the results into a table.
//! Every timed closure asserts success; every key is built before the clock starts; the
//! verifier's clock is fixed (`verify_at(token, fixed_now())`), so the fixtures never expire.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jwt_ring::remote::{CachePolicy, FetchOutcome, FetchReason, HttpResponse, RemoteKeySet};
use jwt_ring::time;
use jwt_ring::{Header, Signer, UntrustedToken, Validator, Verifier, ecdsa, encode, hmac, rsa};

#[path = "support/mod.rs"]
mod support;

/// The floor on ring (`benches/floor/`, shared with the `backends` bench, which also has it on
/// aws-lc and for every algorithm).
#[path = "floor/ring.rs"]
mod floor;

use support::{ALGORITHMS, Scope, ScopeRef, fixed_now};

fn sign(c: &mut Criterion) {
    for alg in ALGORITHMS {
        support::fixture(alg, 0).bench_sign(c, &format!("sign/{alg}"));
    }
}

fn verify(c: &mut Criterion) {
    for alg in ALGORITHMS {
        support::fixture(alg, 0).bench_verify(c, &format!("verify/{alg}"));
    }
}

/// The zero-copy path: parse, then verify into claims that borrow from the decoded payload.
fn verify_borrowed(c: &mut Criterion) {
    let now = fixed_now();
    for alg in ["HS256", "RS256", "ES256", "EdDSA"] {
        let fixture = support::fixture(alg, 0);
        c.bench_function(&format!("verify_borrowed/{alg}"), |b| {
            b.iter(|| {
                let untrusted =
                    UntrustedToken::parse(black_box(&fixture.token)).expect("token parses");
                let claims = fixture
                    .validator
                    .verify_untrusted_at::<ScopeRef<'_>>(&untrusted, now)
                    .expect("verification succeeds");
                assert_eq!(claims.custom.scope.len(), support::SCOPE.len());
                black_box(claims.registered.exp());
            });
        });
    }
}

fn parse_untrusted(c: &mut Criterion) {
    let fixture = support::fixture("HS256", 0);
    c.bench_function("parse_untrusted", |b| {
        b.iter(|| {
            let untrusted = UntrustedToken::parse(black_box(&fixture.token)).expect("token parses");
            black_box(untrusted)
        });
    });
}

/// Verification time against payload size: it should grow linearly (base64 + JSON), with the
/// fixed cost of the signature check on top.
fn payload_size(c: &mut Criterion) {
    let now = fixed_now();
    let mut group = c.benchmark_group("payload_size/verify/HS256");
    for (label, bytes) in [("200B", 200), ("2KB", 2 * 1024), ("64KB", 64 * 1024)] {
        // The 64 KB fixture raises the validator's `max_token_len` past the token's length.
        let fixture = support::fixture("HS256", support::padding_for_payload(bytes));
        group.throughput(Throughput::Bytes(fixture.token.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                let token = fixture
                    .validator
                    .verify_at::<Scope>(black_box(&fixture.token), now)
                    .expect("verification succeeds");
                black_box(token)
            });
        });
    }
    group.finish();
}

/// Refusing a token over the length limit: the length is checked before anything is decoded,
/// so refusing one byte over the limit and ten times the limit should cost the same.
fn over_limit(c: &mut Criterion) {
    let now = fixed_now();
    let limit = jwt_ring::DEFAULT_MAX_TOKEN_LEN;
    let mut group = c.benchmark_group("over_limit/refuse/HS256");
    for (label, len) in [("limit+1", limit + 1), ("10x_limit", 10 * limit)] {
        // A signed token grown through a custom claim, cut to `len` bytes: only its length is
        // looked at before it is refused.
        let padding = support::padding_for_payload(len * 3 / 4);
        let fixture = support::fixture("HS256", padding);
        let token = fixture.token.get(..len).expect("the token is long enough");
        let validator = Validator::builder()
            .key(hmac::Key::new(&hmac::HS256, support::HMAC_SECRET).expect("HMAC key"))
            .issuer(support::ISSUER)
            .audience(support::AUDIENCE)
            .build()
            .expect("validator builds");
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                let refused = validator.verify_at::<Scope>(black_box(token), now);
                assert!(matches!(
                    refused,
                    Err(jwt_ring::VerifyError::Malformed(
                        jwt_ring::Malformed::TooLong { .. }
                    ))
                ));
                black_box(refused)
            });
        });
    }
    group.finish();
}

/// Verification time against the number of keys: selection by `kid` is a hash lookup, so it
/// should stay flat. The token names the last key added.
fn keyset_size(c: &mut Criterion) {
    let now = fixed_now();
    let mut group = c.benchmark_group("keyset_size/verify/HS256");
    for count in [1usize, 100, 10_000] {
        let keys: Vec<hmac::Key> = (0..count)
            .map(|index| {
                let mut secret = *support::HMAC_SECRET;
                secret[..8].copy_from_slice(&(index as u64).to_be_bytes());
                hmac::Key::new(&hmac::HS256, &secret)
                    .expect("HMAC key")
                    .with_key_id(format!("key-{index}"))
            })
            .collect();
        let last = keys.last().expect("at least one key").clone();
        let token = encode(&Header::new(), &support::claims(0), &last).expect("token signs");
        let validator = Validator::builder()
            .keys(keys)
            .issuer(support::ISSUER)
            .audience(support::AUDIENCE)
            .build()
            .expect("validator builds");
        group.bench_function(BenchmarkId::from_parameter(count), |b| {
            b.iter(|| {
                let verified = validator
                    .verify_at::<Scope>(black_box(&token), now)
                    .expect("verification succeeds");
                black_box(verified)
            });
        });
    }
    group.finish();
}

/// Verification through a warm [`RemoteKeySet`] against the same key held by the validator
/// itself: the cache's cost (a lock-free load, the expiry check, an `Arc` clone and one dynamic
/// call) on top of the same signature and claims work. The token names the key by `kid`.
fn remote_keys(c: &mut Criterion) {
    let now = fixed_now();
    for alg in ["ES256", "RS256"] {
        let (signer, verifier, jwk): (Box<dyn Signer>, Box<dyn Verifier>, _) = match alg {
            "ES256" => {
                let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, support::P256_PK8)
                    .expect("EC key")
                    .with_key_id("k1");
                let verifying = key.verifying_key().with_key_id("k1");
                let jwk = verifying.to_jwk();
                (Box::new(key), Box::new(verifying), jwk)
            }
            _ => {
                let key = rsa::SigningKey::from_pkcs8(&rsa::RS256, support::RSA2048_PK8)
                    .expect("RSA key")
                    .with_key_id("k1");
                let verifying = key.verifying_key().with_key_id("k1");
                let jwk = verifying.to_jwk();
                (Box::new(key), Box::new(verifying), jwk)
            }
        };
        let body = format!(r#"{{"keys":[{}]}}"#, jwk.to_json());
        let remote = RemoteKeySet::new(CachePolicy::default().jitter(time::Duration::ZERO))
            .expect("a valid policy");
        let ticket = remote
            .begin_fetch(FetchReason::Initial, now)
            .expect("first fetch");
        remote
            .ingest(
                ticket,
                FetchOutcome::Response(HttpResponse::new(200, body.as_bytes())),
                now,
            )
            .expect("the set loads");
        let token = encode(&Header::new(), &support::claims(0), &*signer).expect("token signs");
        let through_remote = Validator::builder()
            .key_resolver(remote.clone())
            .issuer(support::ISSUER)
            .audience(support::AUDIENCE)
            .build()
            .expect("validator builds");
        let direct = support::validator(verifier)
            .build()
            .expect("validator builds");
        let mut group = c.benchmark_group(format!("remote_keys/{alg}"));
        for (label, validator) in [("remote", &through_remote), ("direct", &direct)] {
            assert!(validator.verify_at::<Scope>(&token, now).is_ok());
            group.bench_function(label, |b| {
                b.iter(|| {
                    let verified = validator
                        .verify_at::<Scope>(black_box(&token), now)
                        .expect("verification succeeds");
                    black_box(verified)
                });
            });
        }
        group.finish();
    }
}

const FLOOR_ALGORITHMS: [&str; 5] = ["HS256", "HS512", "RS256", "ES256", "EdDSA"];

fn floor_verify(c: &mut Criterion) {
    for alg in FLOOR_ALGORITHMS {
        let fixture = support::fixture(alg, 0);
        let floor = floor::Floor::new(alg).expect("ring has the algorithm");
        assert_eq!(
            floor
                .verify(&fixture.token, support::FIXED_NOW_UNIX)
                .expect("floor accepts ours"),
            support::SUBJECT.len()
        );
        c.bench_function(&format!("floor_verify/{alg}"), |b| {
            b.iter(|| {
                let sub = floor
                    .verify(black_box(&fixture.token), support::FIXED_NOW_UNIX)
                    .expect("verification succeeds");
                black_box(sub)
            });
        });
    }
}

fn floor_sign(c: &mut Criterion) {
    let flat = support::flat_claims(0);
    let claims = floor::ClaimsRef::new(&flat);
    for alg in FLOOR_ALGORITHMS {
        let fixture = support::fixture(alg, 0);
        let floor = floor::Floor::new(alg).expect("ring has the algorithm");
        // The floor's tokens are accepted by our validator: the two do the same work.
        let token = floor.sign(&claims);
        assert!(
            fixture
                .validator
                .verify_at::<Scope>(&token, fixed_now())
                .is_ok()
        );
        c.bench_function(&format!("floor_sign/{alg}"), |b| {
            b.iter(|| black_box(floor.sign(black_box(&claims))));
        });
    }
}

criterion_group!(
    benches,
    sign,
    verify,
    verify_borrowed,
    parse_untrusted,
    payload_size,
    over_limit,
    keyset_size,
    remote_keys,
    floor_verify,
    floor_sign
);
criterion_main!(benches);
