//! The `Authorization` header reader (RFC 6750 §2.1), the scope parser (RFC 6749 §3.3) and the
//! `WWW-Authenticate` writer, on arbitrary bytes.
//!
//! Invariants: an accepted bearer token is one non-empty token68 and nothing else; an accepted
//! scope writes back as the same text and parses again to the same scope; a challenge is
//! visible ASCII, space or tab whatever the realm holds, so it is always a valid header value.
#![no_main]

use jwt_ring::VerifyError;
use jwt_ring::oauth::Scope;
use jwt_ring::oauth::bearer::{Rejection, parse_authorization};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(token) = parse_authorization(data) {
        assert!(!token.is_empty());
        assert!(token.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=')
        }));
        assert!(data.ends_with(token.as_bytes()));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scope) = Scope::parse(text) {
        assert_eq!(scope.as_str(), text);
        assert_eq!(Scope::parse(&scope.to_string()), Ok(scope.clone()));
        assert!(
            scope
                .iter()
                .all(|token| !token.is_empty() && !token.contains(' '))
        );
    }
    for rejection in [
        Rejection::from(&VerifyError::InvalidSignature),
        Rejection::from(&VerifyError::NoMatchingKey),
    ] {
        if let Some(challenge) = rejection.challenge(Some(text)) {
            // Visible ASCII, space and tab: what RFC 9110 §5.5 allows in a field value.
            assert!(
                challenge
                    .bytes()
                    .all(|b| b == b'\t' || (0x20..0x7f).contains(&b)),
                "{challenge:?}"
            );
            assert!(challenge.starts_with("Bearer realm=\""));
        }
    }
});
