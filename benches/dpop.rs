//! Criterion benchmarks for DPoP (RFC 9449): minting a proof, checking it without the replay
//! store (`check_at`, pure), verifying it with a `MemoryReplayStore` (`verify_at`), and a plain
//! ES256 JWT of about the same length verified by a `Validator`, to show what the proof's own
//! checks (embedded JWK import, thumbprint, `htu` normalisation) cost on top of a signature.
//! A whole resource-server request (the proof, the bound access token, the binding, the store)
//! is measured against the two plain verifies it cannot avoid, and the memory replay store
//! near its capacity against an empty one.
//!
//! Run with `cargo bench --bench dpop`. Every timed closure asserts success; keys and proofs
//! are made before the clock starts; clocks are fixed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_ring::oauth::dpop::{DpopKey, DpopRequest, DpopVerifier, ProofOptions};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, Confirmation, MemoryReplayStore};
use jwt_ring::replay::{DEFAULT_CAPACITY, ReplayStore};
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

/// A resource server's whole DPoP request against the two signature checks it must make.
fn dpop_request(c: &mut Criterion) {
    let key = DpopKey::generate("ES256").expect("key");
    let (as_key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).expect("key");
    let mut custom = AccessTokenClaims::new("client-0123456789", NoCustomClaims {})
        .with_scope("orders:read orders:write".parse().expect("scope"));
    custom.cnf = Some(Confirmation {
        jkt: Some(key.thumbprint().to_owned()),
        x5t_s256: None,
    });
    let claims = Claims::new(custom)
        .with_issuer("https://issuer.example.com")
        .with_audience("https://api.example.com")
        .with_subject("user-0123456789")
        .with_issued_at(now().into())
        .with_jwt_id("at-0123456789")
        .valid_for(now(), jwt_ring::time::Duration::hours(1));
    let token = encode(&Header::new().with_typ("at+jwt"), &claims, &as_key).expect("signing");
    let verifier = DpopVerifier::builder().build().expect("verifier");
    let access =
        AccessTokenValidator::builder("https://issuer.example.com", "https://api.example.com")
            .key(as_key.verifying_key())
            .build()
            .expect("validator");
    let mint = |key: &DpopKey| {
        key.proof_at("GET", URI, &ProofOptions::new().access_token(&token), now())
            .expect("minting succeeds")
    };
    let pool: Vec<String> = (0..POOL).map(|_| mint(&key)).collect();
    c.bench_function("dpop/request/ES256", |b| {
        b.iter_custom(|iters| {
            let mut elapsed = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let store = MemoryReplayStore::new(POOL);
                let batch = usize::try_from(left).unwrap_or(POOL).min(POOL);
                let start = Instant::now();
                for proof in &pool[..batch] {
                    let request = DpopRequest::new("GET", URI)
                        .proof_headers([black_box(proof).as_bytes()])
                        .access_token(&token);
                    let checked = verifier
                        .check_at(&request, now())
                        .expect("the proof is valid");
                    let verified = access
                        .verify_dpop_at::<NoCustomClaims>(black_box(&token), checked, &store, now())
                        .expect("the token is bound to the proof");
                    black_box(verified);
                }
                elapsed += start.elapsed();
                left -= batch as u64;
            }
            elapsed
        });
    });

    // The two signatures any DPoP request needs, through plain validators: the proof (as a
    // JWT of the same bytes) and the access token.
    let proof_as_jwt = Validator::builder()
        .key(
            ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES256, &jwk_point(&key))
                .expect("the proof key"),
        )
        .typ("dpop+jwt")
        .allow_missing_expiry()
        .build()
        .expect("validator");
    let plain_access = Validator::builder()
        .key(as_key.verifying_key())
        .issuer("https://issuer.example.com")
        .audience("https://api.example.com")
        .build()
        .expect("validator");
    let fixed = mint(&key);
    c.bench_function("dpop/two_plain_verifies/ES256", |b| {
        b.iter(|| {
            let proof = proof_as_jwt
                .verify_at::<NoCustomClaims>(black_box(&fixed), now())
                .expect("the proof is a valid JWT");
            let access = plain_access
                .verify_at::<NoCustomClaims>(black_box(&token), now())
                .expect("the token is valid");
            black_box((proof, access))
        });
    });
}

/// The uncompressed point of a DPoP key's public JWK.
fn jwk_point(key: &DpopKey) -> Vec<u8> {
    let jwk: serde_json::Value = serde_json::from_str(&key.public_jwk().to_json()).expect("a JWK");
    let decode = |member: &str| {
        base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            jwk[member].as_str().expect("a coordinate"),
        )
        .expect("base64url")
    };
    let mut point = vec![0x04];
    point.extend(decode("x"));
    point.extend(decode("y"));
    point
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
