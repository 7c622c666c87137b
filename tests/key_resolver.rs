//! `KeyResolver::resolve_at`: the validator hands custom resolvers the same clock it checks the
//! claims against, the default method falls back to `resolve`, and `KeysUnavailable` reaches the
//! caller as it is.

mod common;

use std::sync::Mutex;

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, Header, KeyResolver, NoCustomClaims, Resolved, UntrustedToken, Validator, VerifyError,
    encode, hmac,
};

/// Records every `now` it is given; refuses after `until`.
struct Clocked {
    key: hmac::Key,
    seen: Mutex<Vec<OffsetDateTime>>,
    until: OffsetDateTime,
}

impl KeyResolver for Clocked {
    fn resolve(&self, _header: &Header) -> Result<Resolved<'_>, VerifyError> {
        Err(VerifyError::NoMatchingKey)
    }

    fn resolve_at(
        &self,
        _header: &Header,
        now: OffsetDateTime,
    ) -> Result<Resolved<'_>, VerifyError> {
        self.seen.lock().unwrap().push(now);
        if now > self.until {
            return Err(VerifyError::KeysUnavailable);
        }
        Ok(Resolved::borrowed(&self.key))
    }
}

/// Only `resolve`: the default `resolve_at` must call it.
struct Plain(hmac::Key);

impl KeyResolver for Plain {
    fn resolve(&self, _header: &Header) -> Result<Resolved<'_>, VerifyError> {
        Ok(Resolved::borrowed(&self.0))
    }
}

fn token(issued: OffsetDateTime) -> String {
    let claims = Claims::registered_only().valid_for(issued, Duration::hours(2));
    encode(&Header::new(), &claims, &common::hs256_key()).unwrap()
}

#[test]
fn the_validator_passes_its_clock_to_the_resolver() {
    let now = common::now();
    let resolver = std::sync::Arc::new(Clocked {
        key: common::hs256_key(),
        seen: Mutex::new(Vec::new()),
        until: now + Duration::minutes(30),
    });
    struct Shared(std::sync::Arc<Clocked>);
    impl KeyResolver for Shared {
        fn resolve(&self, header: &Header) -> Result<Resolved<'_>, VerifyError> {
            self.0.resolve(header)
        }
        fn resolve_at(
            &self,
            header: &Header,
            now: OffsetDateTime,
        ) -> Result<Resolved<'_>, VerifyError> {
            self.0.resolve_at(header, now)
        }
    }
    let validator = Validator::builder()
        .key_resolver(Shared(resolver.clone()))
        .build()
        .unwrap();
    let token = token(now);
    assert!(validator.verify_at::<NoCustomClaims>(&token, now).is_ok());
    let later = now + Duration::hours(1);
    assert!(matches!(
        validator.verify_at::<NoCustomClaims>(&token, later),
        Err(VerifyError::KeysUnavailable)
    ));
    let untrusted = UntrustedToken::parse(&token).unwrap();
    let soon = now + Duration::minutes(1);
    assert!(
        validator
            .verify_untrusted_at::<NoCustomClaims>(&untrusted, soon)
            .is_ok()
    );
    assert_eq!(*resolver.seen.lock().unwrap(), [now, later, soon]);
    assert_eq!(
        VerifyError::KeysUnavailable.to_string(),
        "verification keys are unavailable"
    );
}

#[test]
fn the_default_resolve_at_calls_resolve() {
    let plain = Plain(common::hs256_key());
    let header = Header::new();
    let resolved = plain.resolve_at(&header, common::now()).unwrap();
    assert_eq!(resolved.algorithm(), "HS256");
    let validator = Validator::builder().key_resolver(plain).build().unwrap();
    let far = common::now() + Duration::days(3650);
    // The clock reaches the claims (expired), the resolver is not in the way.
    assert!(matches!(
        validator.verify_at::<NoCustomClaims>(&token(common::now()), far),
        Err(VerifyError::Claim(_))
    ));
    assert!(
        validator
            .verify_at::<NoCustomClaims>(&token(common::now()), common::now())
            .is_ok()
    );
}
