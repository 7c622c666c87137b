//! Criterion benchmarks for DPoP (RFC 9449): minting a proof, checking it without the replay
//! store (`check_at`, pure), verifying it with a `MemoryReplayStore` (`verify_at`), and a plain
//! ES256 JWT of about the same length verified by a `Validator`, to show what the proof's own
//! checks (embedded JWK import, thumbprint, `htu` normalisation) cost on top of a signature.
//!
//! Run with `cargo bench --bench dpop`. Every timed closure asserts success; keys and proofs
//! are made before the clock starts; clocks are fixed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_ring::oauth::MemoryReplayStore;
use jwt_ring::oauth::dpop::{DpopKey, DpopRequest, DpopVerifier, ProofOptions};
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{Claims, Header, NoCustomClaims, Validator, ecdsa, encode};

const URI: &str = "https://api.example.com/v1/messages?page=2";
const TOKEN: &str = "an-access-token-of-some-forty-characters";
const NOW_UNIX: i64 = 1_750_000_000;

/// Distinct proofs for `verify_at`: each is accepted once, so each batch gets a fresh store.
const POOL: usize = 512;

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW_UNIX).expect("fixed clock")
}

fn proof(key: &DpopKey) -> String {
    key.proof_at("GET", URI, &ProofOptions::new().access_token(TOKEN), now())
        .expect("minting succeeds")
}

fn request(proof: &str) -> DpopRequest<'_> {
    DpopRequest::new("GET", URI)
        .proof_headers([proof.as_bytes()])
        .access_token(TOKEN)
}

fn dpop(c: &mut Criterion) {
    let key = DpopKey::generate("ES256").expect("key");
    let verifier = DpopVerifier::builder().build().expect("verifier");
    let fixed = proof(&key);

    c.bench_function("dpop/mint_proof/ES256", |b| {
        b.iter(|| black_box(proof(black_box(&key))));
    });

    c.bench_function("dpop/check_proof/ES256", |b| {
        b.iter(|| {
            let unrecorded = verifier
                .check_at(&request(black_box(&fixed)), now())
                .expect("the proof is valid");
            black_box(unrecorded)
        });
    });

    let pool: Vec<String> = (0..POOL).map(|_| proof(&key)).collect();
    c.bench_function("dpop/verify_proof/ES256", |b| {
        b.iter_custom(|iters| {
            let mut elapsed = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let store = MemoryReplayStore::new(POOL);
                let batch = usize::try_from(left).unwrap_or(POOL).min(POOL);
                let start = Instant::now();
                for proof in &pool[..batch] {
                    let verified = verifier
                        .verify_at(&request(black_box(proof)), &store, now())
                        .expect("each proof is used once");
                    black_box(verified);
                }
                elapsed += start.elapsed();
                left -= batch as u64;
            }
            elapsed
        });
    });

    // A plain ES256 JWT of about the proof's length, for comparison.
    let (signing, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).expect("key");
    let mut claims = Claims::new(NoCustomClaims {})
        .with_issuer("https://issuer.example.com")
        .with_audience("https://api.example.com")
        .with_subject("user-0123456789")
        .valid_for(now(), jwt_ring::time::Duration::hours(1));
    let mut token = encode(&Header::new(), &claims, &signing).expect("signing");
    let mut padding = String::new();
    while token.len() < fixed.len() {
        padding.push('x');
        claims = claims.with_jwt_id(padding.as_str());
        token = encode(&Header::new(), &claims, &signing).expect("signing");
    }
    let validator = Validator::builder()
        .key(signing.verifying_key())
        .issuer("https://issuer.example.com")
        .audience("https://api.example.com")
        .build()
        .expect("validator");
    println!(
        "proof {} bytes, plain JWT {} bytes",
        fixed.len(),
        token.len()
    );
    c.bench_function("dpop/plain_jwt_verify/ES256", |b| {
        b.iter(|| {
            let verified = validator
                .verify_at::<NoCustomClaims>(black_box(&token), now())
                .expect("the token is valid");
            black_box(verified)
        });
    });
}

criterion_group!(benches, dpop);
criterion_main!(benches);
