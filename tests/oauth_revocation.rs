//! The revocation deny-list: tokens revoked in a replay store are refused by validators built
//! with `deny_revoked`, and a store that cannot answer refuses every token.

use std::sync::Arc;

use jwt_ring::oauth::bearer::{ErrorCode, Rejection};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenError, AccessTokenValidator};
use jwt_ring::replay::{MemoryReplayStore, ReplayError, ReplayStore};
use jwt_ring::revocation;
use jwt_ring::{
    ClaimFailure, Claims, Header, NoCustomClaims, UntrustedToken, Validator, VerifyError, ecdsa,
    encode, hmac,
};
use time::{Duration, OffsetDateTime};

const ISSUER: &str = "https://as.example";

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap()
}

fn token(key: &hmac::Key, issuer: &str, jti: Option<&str>) -> String {
    let mut claims = Claims::registered_only()
        .with_issuer(issuer)
        .valid_for(now(), Duration::minutes(5));
    if let Some(jti) = jti {
        claims = claims.with_jwt_id(jti);
    }
    encode(&Header::new(), &claims, key).unwrap()
}

fn validator(key: &hmac::Key, store: Arc<dyn ReplayStore>) -> Validator {
    Validator::builder()
        .key(key.clone())
        .deny_revoked(store)
        .build()
        .unwrap()
}

/// A store whose backend is down.
struct Unreachable;

impl ReplayStore for Unreachable {
    fn first_seen(
        &self,
        _: &str,
        _: &str,
        _: OffsetDateTime,
        _: OffsetDateTime,
    ) -> Result<bool, ReplayError> {
        Err(ReplayError::Unavailable("connection refused".into()))
    }
}

#[test]
fn a_revoked_token_is_refused_and_others_are_not() {
    let key = hmac::Key::generate(&hmac::HS256).unwrap();
    let store = Arc::new(MemoryReplayStore::default());
    let validator = validator(&key, store.clone());
    let first = token(&key, ISSUER, Some("token-1"));
    let second = token(&key, ISSUER, Some("token-2"));
    assert!(validator.verify_at::<NoCustomClaims>(&first, now()).is_ok());
    assert!(store.is_empty(), "checking records nothing");

    let expiry = now() + Duration::minutes(5);
    revocation::revoke(&*store, ISSUER, "token-1", expiry, now()).unwrap();
    let refused = validator.verify_at::<NoCustomClaims>(&first, now() + Duration::seconds(1));
    assert!(matches!(refused, Err(VerifyError::Revoked)), "{refused:?}");
    // The zero-copy path checks the same list.
    let untrusted = UntrustedToken::parse(&first).unwrap();
    let refused = validator.verify_untrusted_at::<NoCustomClaims>(&untrusted, now());
    assert!(matches!(refused, Err(VerifyError::Revoked)), "{refused:?}");
    assert!(
        validator
            .verify_at::<NoCustomClaims>(&second, now())
            .is_ok()
    );
}

#[test]
fn a_revocation_names_its_issuer() {
    let key = hmac::Key::generate(&hmac::HS256).unwrap();
    let store = Arc::new(MemoryReplayStore::default());
    let validator = validator(&key, store.clone());
    let expiry = now() + Duration::minutes(5);
    revocation::revoke(&*store, ISSUER, "token-1", expiry, now()).unwrap();
    let other_issuer = token(&key, "https://other.example", Some("token-1"));
    assert!(
        validator
            .verify_at::<NoCustomClaims>(&other_issuer, now())
            .is_ok()
    );
    // A token without `iss` is looked up under the empty issuer.
    let no_issuer = encode(
        &Header::new(),
        &Claims::registered_only()
            .with_jwt_id("token-3")
            .valid_for(now(), Duration::minutes(5)),
        &key,
    )
    .unwrap();
    assert!(
        validator
            .verify_at::<NoCustomClaims>(&no_issuer, now())
            .is_ok()
    );
    revocation::revoke(&*store, "", "token-3", expiry, now()).unwrap();
    let refused = validator.verify_at::<NoCustomClaims>(&no_issuer, now());
    assert!(matches!(refused, Err(VerifyError::Revoked)), "{refused:?}");
}

#[test]
fn with_a_deny_list_every_token_needs_a_jti() {
    let key = hmac::Key::generate(&hmac::HS256).unwrap();
    let without = token(&key, ISSUER, None);
    let plain = Validator::builder().key(key.clone()).build().unwrap();
    assert!(plain.verify_at::<NoCustomClaims>(&without, now()).is_ok());
    let validator = validator(&key, Arc::new(MemoryReplayStore::default()));
    match validator.verify_at::<NoCustomClaims>(&without, now()) {
        Err(VerifyError::Claim(error)) => {
            assert_eq!(error.claim().as_str(), "jti");
            assert_eq!(error.failure(), ClaimFailure::Missing);
        }
        other => panic!("expected a missing jti, got {other:?}"),
    }
}

#[test]
fn an_unreachable_store_refuses_every_token() {
    let key = hmac::Key::generate(&hmac::HS256).unwrap();
    let validator = validator(&key, Arc::new(Unreachable));
    let refused = validator.verify_at::<NoCustomClaims>(&token(&key, ISSUER, Some("a")), now());
    assert!(
        matches!(
            refused,
            Err(VerifyError::RevocationUnknown(ReplayError::Unavailable(_)))
        ),
        "{refused:?}"
    );
    let error = refused.unwrap_err();
    assert_eq!(error.to_string(), "the revocation list could not be read");
    assert_eq!(Rejection::from(&error).status(), 503);
    assert_eq!(Rejection::from(&error).error(), None);
}

#[test]
fn the_list_is_checked_only_for_otherwise_valid_tokens() {
    let key = hmac::Key::generate(&hmac::HS256).unwrap();
    let validator = validator(&key, Arc::new(Unreachable));
    let late = now() + Duration::minutes(10);
    let refused = validator.verify_at::<NoCustomClaims>(&token(&key, ISSUER, Some("a")), late);
    assert!(matches!(refused, Err(VerifyError::Claim(_))), "{refused:?}");
}

#[test]
fn access_tokens_revoked_are_refused_with_invalid_token() {
    let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let claims = Claims::new(AccessTokenClaims::new("client-1", NoCustomClaims {}))
        .with_issuer(ISSUER)
        .with_audience("https://api.example")
        .with_subject("alice")
        .with_issued_at(now().into())
        .with_jwt_id("at-1")
        .valid_for(now(), Duration::minutes(5));
    let token = encode(&Header::new().with_typ("at+jwt"), &claims, &key).unwrap();
    let store = Arc::new(MemoryReplayStore::default());
    let validator = AccessTokenValidator::builder(ISSUER, "https://api.example")
        .key(key.verifying_key())
        .deny_revoked(store.clone())
        .build()
        .unwrap();
    assert!(validator.verify_at::<NoCustomClaims>(&token, now()).is_ok());
    revocation::revoke(&*store, ISSUER, "at-1", now() + Duration::minutes(5), now()).unwrap();
    let error = validator
        .verify_at::<NoCustomClaims>(&token, now())
        .unwrap_err();
    assert!(
        matches!(error, AccessTokenError::Verify(VerifyError::Revoked)),
        "{error:?}"
    );
    let rejection = Rejection::from(&error);
    assert_eq!(rejection.status(), 401);
    assert_eq!(rejection.error(), Some(ErrorCode::InvalidToken));
    assert_eq!(
        rejection.description(),
        Some("the access token was revoked")
    );
}

#[test]
fn debug_says_whether_a_deny_list_is_configured() {
    let key = hmac::Key::generate(&hmac::HS256).unwrap();
    let with = validator(&key, Arc::new(MemoryReplayStore::default()));
    let without = Validator::builder().key(key).build().unwrap();
    assert!(format!("{with:?}").contains("deny_revoked: true"));
    assert!(format!("{without:?}").contains("deny_revoked: false"));
}

/// The attack: replay-store scopes shared one namespace. A client registered as
/// `revoked https://as.example` sent client assertions whose `jti`s were recorded under its raw
/// client id, which is exactly the deny-list's scope for that issuer: every assertion revoked
/// the issuer's access token with the same `jti`, and a revocation made that client's next
/// assertion look replayed. Each kind of entry now has its own prefix, out of any client's reach.
#[test]
fn a_client_id_cannot_reach_the_revocation_deny_list() {
    use jwt_ring::oauth::client_assertion::{ClientAssertion, ClientAssertionValidator};

    let store = MemoryReplayStore::default();
    let client = format!("revoked {ISSUER}");
    let client_key = hmac::Key::generate(&hmac::HS256).unwrap();
    let assertion = ClientAssertion::new(client.as_str(), ISSUER)
        .sign_at(&client_key, now())
        .unwrap();
    let assertions = ClientAssertionValidator::builder(client.as_str(), ISSUER)
        .key(client_key.clone())
        .build()
        .unwrap();
    let verified = assertions.verify_at(&assertion, &store, now()).unwrap();
    let jti = verified.claims().registered.jti().unwrap();
    // The assertion's jti is not a revoked access token of the issuer...
    assert!(!revocation::is_revoked(&store, ISSUER, jti, now()).unwrap());
    // ...and revoking an access token with some jti does not spend a client's assertion.
    let next = ClientAssertion::new(client.as_str(), ISSUER)
        .sign_at(&client_key, now())
        .unwrap();
    let unverified = jwt_ring::dangerous::decode_unverified::<NoCustomClaims>(&next).unwrap();
    let next_jti = unverified.claims().registered.jti().unwrap();
    revocation::revoke(
        &store,
        ISSUER,
        next_jti,
        now() + Duration::minutes(5),
        now(),
    )
    .unwrap();
    assert!(assertions.verify_at(&next, &store, now()).is_ok());
}
