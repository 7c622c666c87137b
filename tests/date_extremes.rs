//! Every date computation in the crate, driven with the extremes: dates at and past both ends
//! of what `time` represents (`NumericDate::MAX`, `i64::MAX`, `u64::MAX`, `1e300` and their
//! negatives), clocks at the first and last representable instants, and durations of
//! `Duration::MAX`. The defect that started this: an ID token's far-future `auth_time` with
//! `max_age` overflowed `time`'s `Add` and panicked the verifier. Whatever the answer, it must
//! be an answer: no call here may panic.

mod common;

use common::{NOW, hs256_key, now};
use jwt_ring::oauth::client_assertion::ClientAssertionValidator;
use jwt_ring::oauth::dpop::{DpopRequest, DpopVerifier, NonceIssuer};
use jwt_ring::oauth::{AccessTokenValidator, IdTokenExpectations, IdTokenValidator};
use jwt_ring::remote::{CachePolicy, FetchOutcome, FetchReason, HttpResponse, RemoteKeySet};
use jwt_ring::replay::{MemoryReplayStore, ReplayStore};
use jwt_ring::revocation;
use jwt_ring::time::{Duration, OffsetDateTime, PrimitiveDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, NumericDate, Signer, Validator, eddsa, encode};
use serde_json::{Value, json};

/// JSON numbers at and beyond both ends of the representable range.
fn extreme_numbers() -> Vec<Value> {
    vec![
        json!(i64::MAX),
        json!(u64::MAX),
        json!(1e300),
        json!(253_402_300_799_i64),
        json!(253_402_300_800_i64),
        json!(1.5e15),
        json!(i64::MIN),
        json!(-1e300),
        json!(-377_705_116_800_i64),
        json!(0),
    ]
}

/// Clocks at the first and last instants `time` represents, and an ordinary one.
fn extreme_clocks() -> [OffsetDateTime; 3] {
    [
        PrimitiveDateTime::MIN.assume_utc(),
        now(),
        PrimitiveDateTime::MAX.assume_utc(),
    ]
}

fn durations() -> [Duration; 4] {
    [
        Duration::ZERO,
        Duration::SECOND,
        Duration::days(365_000),
        Duration::MAX,
    ]
}

fn sign(claims: &Value, header: &Header, signer: &dyn Signer) -> String {
    encode(header, claims, signer).unwrap()
}

#[test]
fn validator_dates_never_panic() {
    let key = hs256_key();
    let mut answered = 0;
    for leeway in durations() {
        for max_age in [None, Some(Duration::SECOND), Some(Duration::MAX)] {
            let mut builder = Validator::builder()
                .key(key.clone())
                .leeway(leeway)
                .reject_future_issued_at();
            if let Some(max_age) = max_age {
                builder = builder.max_age(max_age);
            }
            let validator = builder.build().unwrap();
            for value in extreme_numbers() {
                for claim in ["exp", "nbf", "iat"] {
                    let mut claims = json!({ "exp": NOW + 60, "iat": NOW, "nbf": NOW });
                    claims[claim] = value.clone();
                    let token = sign(&claims, &Header::new(), &key);
                    for clock in extreme_clocks() {
                        let _ = validator.verify_at::<NoCustomClaims>(&token, clock);
                        answered += 1;
                    }
                }
            }
        }
    }
    assert_eq!(answered, 4 * 3 * 10 * 3 * 3);
    // A date past 9999 never expires, even with the largest leeway and the last instant but one.
    let validator = Validator::builder()
        .key(key.clone())
        .leeway(Duration::MAX)
        .build()
        .unwrap();
    let token = sign(&json!({ "exp": 1e300 }), &Header::new(), &key);
    let last = NumericDate::MAX.to_offset_date_time() - Duration::SECOND;
    assert!(validator.verify_at::<NoCustomClaims>(&token, last).is_ok());
}

#[test]
fn profile_dates_never_panic() {
    let key = hs256_key();
    for allowance in durations() {
        let access = AccessTokenValidator::builder("https://as.example", "https://api.example")
            .key(key.clone())
            .algorithms(["HS256"])
            .leeway(allowance)
            .max_age(allowance.max(Duration::SECOND))
            .build()
            .unwrap();
        let id = IdTokenValidator::builder("https://op.example", "client-1")
            .key(key.clone())
            .algorithms(["HS256"])
            .leeway(allowance)
            .build()
            .unwrap();
        let assertions = ClientAssertionValidator::builder("client-1", "https://as.example")
            .key(key.clone())
            .leeway(allowance)
            .max_lifetime(allowance.max(Duration::SECOND))
            .build()
            .unwrap();
        for value in extreme_numbers() {
            let at = json!({
                "iss": "https://as.example", "aud": "https://api.example", "sub": "a",
                "client_id": "c", "jti": "j", "iat": value, "exp": value, "auth_time": value,
            });
            let token = sign(&at, &Header::new().with_typ("at+jwt"), &key);
            let idt = json!({
                "iss": "https://op.example", "aud": "client-1", "sub": "a",
                "iat": NOW, "exp": NOW + 60, "auth_time": value,
            });
            let id_token = sign(&idt, &Header::new(), &key);
            let ca = json!({
                "iss": "client-1", "sub": "client-1", "aud": "https://as.example",
                "jti": format!("j-{value}"), "exp": value,
            });
            let assertion = sign(
                &ca,
                &Header::new().with_typ("client-authentication+jwt"),
                &key,
            );
            for clock in extreme_clocks() {
                let _ = access.verify_at::<NoCustomClaims>(&token, clock);
                for max_age in durations() {
                    let expected = IdTokenExpectations::new().max_age(max_age);
                    let _ = id.verify_at::<NoCustomClaims>(&id_token, &expected, clock);
                }
                let store = MemoryReplayStore::default();
                let _ = assertions.verify_at(&assertion, &store, clock);
            }
        }
    }
}

#[test]
fn dpop_dates_never_panic() {
    let key = eddsa::SigningKey::from_seed(&[9; 32]).unwrap();
    let jwk: Value = serde_json::from_str(&key.verifying_key().to_jwk().to_json()).unwrap();
    let uri = "https://api.example/orders";
    for window in durations() {
        let verifier = DpopVerifier::builder()
            .max_age(window.max(Duration::SECOND))
            .future_skew(window)
            .nonces(NonceIssuer::new(&[1; 32], window.max(Duration::SECOND)).unwrap())
            .build()
            .unwrap();
        let nonce_issuer = NonceIssuer::new(&[1; 32], window.max(Duration::SECOND)).unwrap();
        for value in extreme_numbers() {
            for clock in extreme_clocks() {
                let nonce = nonce_issuer.issue(clock);
                let claims = json!({
                    "jti": "j", "htm": "GET", "htu": uri, "iat": value, "nonce": nonce,
                });
                let header = json!({ "typ": "dpop+jwt", "alg": "EdDSA", "jwk": jwk });
                let proof = common::sign_raw(
                    header.to_string().as_bytes(),
                    claims.to_string().as_bytes(),
                    &key,
                );
                let request = DpopRequest::new("GET", uri).proof_headers([proof.as_bytes()]);
                if let Ok(unrecorded) = verifier.check_at(&request, clock) {
                    let _ = unrecorded.record(&MemoryReplayStore::default(), clock);
                }
                let _ = nonce_issuer.is_valid(&nonce, clock);
            }
        }
    }
}

#[test]
fn replay_and_revocation_dates_never_panic() {
    let store = MemoryReplayStore::new(100);
    let mut answers = 0;
    for until in extreme_clocks() {
        for clock in extreme_clocks() {
            let _ = store.first_seen("scope", &format!("{until}-{clock}"), until, clock);
            let _ = revocation::revoke(&store, "https://as.example", "j", until, clock);
            let _ = revocation::is_revoked(&store, "https://as.example", "j", clock);
            answers += 1;
        }
    }
    assert_eq!(answers, 9);
    // The last instant is after every other: a value remembered until then is remembered.
    let last = PrimitiveDateTime::MAX.assume_utc();
    let store = MemoryReplayStore::new(10);
    assert!(store.first_seen("s", "forever", last, now()).unwrap());
    assert!(
        !store
            .first_seen("s", "forever", last, now() + Duration::days(3650))
            .unwrap()
    );
}

#[test]
fn cache_policy_dates_never_panic() {
    let key = eddsa::SigningKey::from_seed(&[5; 32])
        .unwrap()
        .with_key_id("k");
    let body = format!(r#"{{"keys":[{}]}}"#, key.verifying_key().to_jwk().to_json());
    for duration in durations() {
        let policy = CachePolicy::default()
            .default_max_age(duration)
            .max_age_bounds(duration, Duration::MAX)
            .refresh_ahead(duration)
            .jitter(duration)
            .unknown_kid_cooldown(duration)
            .new_kid_interval(duration)
            .retry_after_failure(duration)
            .stale_if_error(duration);
        for cache_control in [
            None,
            Some("max-age=99999999999999999999999"),
            Some("no-store"),
        ] {
            for clock in extreme_clocks() {
                let remote = RemoteKeySet::new(policy.clone()).unwrap();
                let _ = remote.due(clock);
                if let Some(ticket) = remote.begin_fetch(FetchReason::Initial, clock) {
                    let mut response = HttpResponse::new(200, body.as_bytes());
                    response.cache_control = cache_control;
                    let _ = remote.ingest(ticket, FetchOutcome::Response(response), clock);
                }
                for later in extreme_clocks() {
                    let _ = remote.due(later);
                    let _ = remote.status(later);
                    let reason = FetchReason::UnknownKidIssuedAt(later);
                    drop(remote.begin_fetch(reason, later));
                    drop(remote.begin_fetch(FetchReason::UnknownKid, later));
                }
            }
        }
    }
}

#[test]
fn minting_dates_never_panic() {
    let key = hs256_key();
    for clock in extreme_clocks() {
        for lifetime in durations() {
            let claims = Claims::registered_only().valid_for(clock, lifetime);
            let token = encode(&Header::new(), &claims, &key).unwrap();
            assert_eq!(token.split('.').count(), 3);
            let _ = jwt_ring::oauth::ClientAssertion::new("c", "https://as.example")
                .lifetime(lifetime.max(Duration::SECOND))
                .sign_at(&key, clock);
        }
    }
}

/// Dates compare, order and hash by the date they stand for: distinct dates differ in all
/// three, and two numbers past the year 9999 are one date however they were written.
#[test]
fn numeric_dates_compare_order_and_hash_by_their_date() {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let hash = |date: &NumericDate| BuildHasherDefault::<DefaultHasher>::default().hash_one(date);
    let (earlier, later) = (
        NumericDate::from_unix(NOW).unwrap(),
        NumericDate::from_unix(NOW + 1).unwrap(),
    );
    assert_ne!(earlier, later);
    assert!(earlier < later);
    assert!(later > earlier);
    assert_eq!(earlier.partial_cmp(&later), Some(std::cmp::Ordering::Less));
    assert_ne!(hash(&earlier), hash(&later));

    let read = |text: &str| serde_json::from_str::<NumericDate>(text).unwrap();
    let (huge, max_i64, max_u64) = (
        read("1e20"),
        read("9223372036854775807"),
        read("18446744073709551615"),
    );
    for far in [huge, max_i64, max_u64] {
        assert_eq!(far, NumericDate::MAX);
        assert_eq!(hash(&far), hash(&NumericDate::MAX));
    }
    // Each keeps its own number: `u64::MAX` reads back as the largest `i64`.
    assert_eq!(max_i64.unix(), i64::MAX);
    assert_eq!(max_u64.unix(), i64::MAX);
    assert_eq!(read("-9223372036854775808").unix(), i64::MIN);
    assert_eq!(read("-9223372036854775808"), NumericDate::MIN);
}
