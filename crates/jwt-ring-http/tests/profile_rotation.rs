//! Key rotation through every preset: a token signed by a key the cache has not seen makes
//! [`RemoteKeys::verify_with`] fetch once and verify again, whichever profile failed
//! (RFC 9068 access tokens, OpenID Connect ID tokens, RFC 7523 client assertions), while a
//! failure that is not about keys (a scope, a nonce, a replay) never causes a fetch.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use jwt_ring::oauth::client_assertion::ClientAssertion;
use jwt_ring::oauth::{
    AccessTokenClaims, AccessTokenError, AccessTokenValidator, AssertionError, IdTokenClaims,
    IdTokenError, IdTokenExpectations, IdTokenValidator, ScopeRequirement,
};
use jwt_ring::remote::CachePolicy;
use jwt_ring::replay::MemoryReplayStore;
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, VerifyError, ecdsa, encode};
use jwt_ring_http::RemoteKeys;
use jwt_ring_testkit::{Endpoint, JwksServer};
use support::{jwks, key, loopback};

const RESOURCE: &str = "https://api.example";
const CLIENT: &str = "client-1";

/// No cooldown and no jitter: every unknown `kid` may fetch at once.
fn eager() -> CachePolicy {
    CachePolicy::default()
        .jitter(Duration::ZERO)
        .unknown_kid_cooldown(Duration::ZERO)
}

async fn discover(server: &JwksServer, policy: CachePolicy) -> RemoteKeys {
    RemoteKeys::builder()
        .policy(policy)
        .http(loopback())
        .discover(&server.issuer())
        .await
        .unwrap()
}

fn access_token(signer: &ecdsa::SigningKey, issuer: &str) -> String {
    let now = OffsetDateTime::now_utc();
    let claims = Claims::new(AccessTokenClaims::new(CLIENT, NoCustomClaims {}))
        .with_issuer(issuer)
        .with_audience(RESOURCE)
        .with_subject("alice")
        .with_issued_at(now.into())
        .with_jwt_id(format!("at-{}", now.unix_timestamp_nanos()))
        .valid_for(now, Duration::minutes(5));
    encode(&Header::new().with_typ("at+jwt"), &claims, signer).unwrap()
}

fn id_token(signer: &ecdsa::SigningKey, issuer: &str, nonce: &str) -> String {
    let now = OffsetDateTime::now_utc();
    let custom = IdTokenClaims::<NoCustomClaims> {
        nonce: Some(nonce.to_owned()),
        ..IdTokenClaims::default()
    };
    let claims = Claims::new(custom)
        .with_issuer(issuer)
        .with_audience(CLIENT)
        .with_subject("alice")
        .valid_for(now, Duration::minutes(5));
    encode(&Header::new(), &claims, signer).unwrap()
}

/// Verifies one token through the keys, counting the verifications.
struct Counted(AtomicUsize);

impl Counted {
    fn new() -> Self {
        Self(AtomicUsize::new(0))
    }

    fn tick(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn rotation_through_the_rfc9068_preset() {
    let server = JwksServer::start().await.unwrap();
    let (old, new) = (key("old"), key("new"));
    server.set_jwks(&jwks(&[&old]));
    let keys = discover(&server, eager()).await;
    let issuer = server.issuer();
    let validator = AccessTokenValidator::builder(issuer.as_str(), RESOURCE)
        .key_resolver(keys.key_set().clone())
        .requires_scopes(ScopeRequirement::all(["orders:read"]))
        .build()
        .unwrap();
    let verify = |token: String| {
        let keys = keys.clone();
        let validator = &validator;
        async move {
            keys.verify_with(&token, |now| {
                validator.verify_at::<NoCustomClaims>(&token, now)
            })
            .await
        }
    };
    // A token without the scope: refused for it, with no fetch.
    assert!(matches!(
        verify(access_token(&old, &issuer)).await,
        Err(AccessTokenError::InsufficientScope(_))
    ));
    server.set_jwks(&jwks(&[&new]));
    // A token of the new key: refused for its scope only after the fetch found the key.
    assert!(matches!(
        verify(access_token(&new, &issuer)).await,
        Err(AccessTokenError::InsufficientScope(_))
    ));
    assert_eq!(server.hits(Endpoint::Jwks), 2);
    assert_eq!(keys.status().key_ids, vec!["new".to_owned()]);
    // The paved path does the same.
    let newer = key("newer");
    server.set_jwks(&jwks(&[&newer]));
    let remote = keys.access_token_validator(RESOURCE).build().unwrap();
    assert!(
        remote
            .verify::<NoCustomClaims>(&access_token(&newer, &issuer))
            .await
            .is_ok()
    );
    assert_eq!(server.hits(Endpoint::Jwks), 3);
}

#[tokio::test]
async fn rotation_through_the_id_token_preset() {
    let server = JwksServer::start().await.unwrap();
    let (old, new) = (key("old"), key("new"));
    server.set_jwks(&jwks(&[&old]));
    let keys = discover(&server, eager()).await;
    let issuer = server.issuer();
    let validator = IdTokenValidator::builder(issuer.as_str(), CLIENT)
        .key_resolver(keys.key_set().clone())
        .build()
        .unwrap();
    let expected = IdTokenExpectations::new().nonce("n-1");
    let verify = |token: String| {
        let keys = keys.clone();
        let (validator, expected) = (&validator, &expected);
        async move {
            keys.verify_with(&token, |now| {
                validator.verify_at::<NoCustomClaims>(&token, expected, now)
            })
            .await
        }
    };
    assert!(verify(id_token(&old, &issuer, "n-1")).await.is_ok());
    assert!(matches!(
        verify(id_token(&old, &issuer, "n-2")).await,
        Err(IdTokenError::NonceMismatch)
    ));
    assert_eq!(
        server.hits(Endpoint::Jwks),
        1,
        "a nonce mismatch fetches nothing"
    );
    server.set_jwks(&jwks(&[&new]));
    assert!(verify(id_token(&new, &issuer, "n-1")).await.is_ok());
    assert_eq!(server.hits(Endpoint::Jwks), 2);
}

#[tokio::test]
async fn rotation_through_the_client_assertion_preset() {
    // The authorization server reads the client's keys from the client's `jwks_uri`.
    let client_keys = JwksServer::start().await.unwrap();
    let (old, new) = (key("old"), key("new"));
    client_keys.set_jwks(&jwks(&[&old]));
    let keys = RemoteKeys::builder()
        .policy(eager())
        .http(loopback())
        .jwks_uri(&client_keys.jwks_uri())
        .await
        .unwrap();
    let issuer = "https://as.example";
    let validator = jwt_ring::oauth::ClientAssertionValidator::builder(CLIENT, issuer)
        .key_resolver(keys.key_set().clone())
        .build()
        .unwrap();
    let store = MemoryReplayStore::default();
    let verify = |assertion: String| {
        let keys = keys.clone();
        let (validator, store) = (&validator, &store);
        async move {
            keys.verify_with(&assertion, |now| {
                validator.verify_at(&assertion, store, now)
            })
            .await
        }
    };
    let first = ClientAssertion::new(CLIENT, issuer).sign(&old).unwrap();
    assert!(verify(first.clone()).await.is_ok());
    assert!(matches!(verify(first).await, Err(AssertionError::Replayed)));
    assert_eq!(
        client_keys.hits(Endpoint::Jwks),
        1,
        "a replay fetches nothing"
    );
    client_keys.set_jwks(&jwks(&[&new]));
    let rotated = ClientAssertion::new(CLIENT, issuer).sign(&new).unwrap();
    assert!(verify(rotated).await.is_ok());
    assert_eq!(client_keys.hits(Endpoint::Jwks), 2);
}

#[tokio::test]
async fn a_refused_fetch_runs_the_verification_once() {
    let server = JwksServer::start().await.unwrap();
    server.set_jwks(&jwks(&[&key("old")]));
    // A cooldown the test never waits out.
    let policy = eager()
        .unknown_kid_cooldown(Duration::hours(1))
        .new_kid_interval(Duration::hours(1));
    let keys = discover(&server, policy).await;
    let calls = Counted::new();
    let token = access_token(&key("unknown"), &server.issuer());
    let result: Result<(), VerifyError> = keys
        .verify_with(&token, |_| {
            calls.tick();
            Err(VerifyError::NoMatchingKey)
        })
        .await;
    assert!(matches!(result, Err(VerifyError::NoMatchingKey)));
    // Nothing was fetched and nothing landed: verifying again could only fail again.
    assert_eq!(calls.count(), 1);
    assert_eq!(server.hits(Endpoint::Jwks), 1);
}

/// The fix for rotations inside the cooldown, in real time: a token issued after the last
/// fetch, whose key is unknown, waits the new-`kid` interval (1 s here), not the 30 s cooldown.
#[tokio::test]
async fn a_rotation_inside_the_cooldown_is_picked_up_after_the_new_kid_interval() {
    let server = JwksServer::start().await.unwrap();
    let (old, new) = (key("old"), key("new"));
    server.set_jwks(&jwks(&[&old]));
    let policy = CachePolicy::default()
        .jitter(Duration::ZERO)
        .unknown_kid_cooldown(Duration::seconds(30))
        .new_kid_interval(Duration::seconds(1));
    let keys = discover(&server, policy).await;
    let validator = keys.access_token_validator(RESOURCE).build().unwrap();
    server.set_jwks(&jwks(&[&old, &new]));
    // Within the interval of the discovery's fetch: refused, nothing fetched.
    let token = access_token(&new, &server.issuer());
    assert!(matches!(
        validator.verify::<NoCustomClaims>(&token).await,
        Err(AccessTokenError::Verify(VerifyError::NoMatchingKey))
    ));
    assert_eq!(server.hits(Endpoint::Jwks), 1);
    // A second later (not thirty), the new key is fetched.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let token = access_token(&new, &server.issuer());
    assert!(validator.verify::<NoCustomClaims>(&token).await.is_ok());
    assert_eq!(server.hits(Endpoint::Jwks), 2);
    // A token of a key issued before that fetch still waits out the cooldown.
    let third = key("third");
    server.set_jwks(&jwks(&[&third]));
    let claims = Claims::new(AccessTokenClaims::new(CLIENT, NoCustomClaims {}))
        .with_issuer(server.issuer())
        .with_audience(RESOURCE)
        .with_subject("alice")
        .with_jwt_id("old-iat")
        .valid_for(OffsetDateTime::now_utc(), Duration::minutes(5))
        .with_issued_at((OffsetDateTime::now_utc() - Duration::minutes(1)).into());
    let stale = encode(&Header::new().with_typ("at+jwt"), &claims, &third).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(matches!(
        validator.verify::<NoCustomClaims>(&stale).await,
        Err(AccessTokenError::Verify(VerifyError::NoMatchingKey))
    ));
    assert_eq!(server.hits(Endpoint::Jwks), 2);
}

#[tokio::test]
async fn a_first_verification_waits_for_the_first_load_and_runs_once() {
    let server = JwksServer::start().await.unwrap();
    let signer = key("k1");
    server.set_jwks(&jwks(&[&signer]));
    let keys = RemoteKeys::builder()
        .policy(eager())
        .http(loopback())
        .jwks_uri_lazy(&server.jwks_uri())
        .unwrap();
    let validator = AccessTokenValidator::builder("https://as.example", RESOURCE)
        .key_resolver(keys.key_set().clone())
        .build()
        .unwrap();
    let token = access_token(&signer, "https://as.example");
    let calls = Counted::new();
    let verified = keys
        .verify_with(&token, |now| {
            calls.tick();
            validator.verify_at::<NoCustomClaims>(&token, now)
        })
        .await;
    assert!(verified.is_ok());
    // The first load was awaited before verifying: no failed attempt, no second run.
    assert_eq!(calls.count(), 1);
    assert_eq!(server.hits(Endpoint::Jwks), 1);
}

#[tokio::test]
async fn the_paved_path_builder_shows_its_settings() {
    let server = JwksServer::start().await.unwrap();
    server.set_jwks(&jwks(&[&key("k1")]));
    let keys = discover(&server, eager()).await;
    let builder = keys
        .access_token_validator(RESOURCE)
        .issuer(server.issuer())
        .leeway(Duration::seconds(1));
    let debug = format!("{builder:?}");
    for part in [
        "RemoteAccessTokenValidatorBuilder",
        RESOURCE,
        "settings: 1",
        "RemoteKeys",
    ] {
        assert!(debug.contains(part), "{debug}");
    }
    let validator = builder.build().unwrap();
    let debug = format!("{validator:?}");
    assert!(debug.contains("RemoteAccessTokenValidator"), "{debug}");
}
