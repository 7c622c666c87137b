//! `UntrustedToken::parse` on arbitrary text.
//!
//! Invariants on `Ok`: the token has exactly two dots; the signing input is the token up to
//! (not including) the second dot; `alg` is present, not empty and not `none` in any case;
//! the header's `crit` names only members that are not registered header names. On every
//! input: a limit one byte short of the token's length refuses it as too long.
#![no_main]

use jwt_ring::{Malformed, UntrustedToken, VerifyError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = UntrustedToken::parse(token);
    if let Ok(parsed) = &parsed {
        assert_eq!(token.matches('.').count(), 2, "accepted {token:?}");
        let signing_input = parsed.signing_input();
        assert!(token.starts_with(signing_input));
        assert_eq!(signing_input.matches('.').count(), 1);
        assert_eq!(token.as_bytes().get(signing_input.len()), Some(&b'.'));
        assert!(
            !token[signing_input.len() + 1..].is_empty(),
            "empty signature accepted"
        );
        assert!(!signing_input.starts_with('.'), "empty header accepted");

        let alg = parsed.header().algorithm().expect("alg is present");
        assert!(!alg.is_empty());
        assert!(!alg.eq_ignore_ascii_case("none"), "alg {alg:?} accepted");
        assert_eq!(parsed.algorithm(), alg);
        if let Some(crit) = parsed.header().critical() {
            assert!(!crit.is_empty());
            for (index, name) in crit.iter().enumerate() {
                assert!(!matches!(
                    name.as_str(),
                    "alg" | "kid" | "typ" | "crit" | "b64"
                ));
                assert!(!crit[..index].contains(name), "repeated crit {name:?}");
            }
        }
        assert!(parsed.signature().len() <= jwt_ring::MAX_SIGNATURE_LEN);
    }

    // The limit is checked first, whatever the token holds.
    if !token.is_empty() {
        let short = UntrustedToken::parse_with_limit(token, token.len() - 1);
        assert!(
            matches!(
                short,
                Err(VerifyError::Malformed(Malformed::TooLong { .. }))
            ),
            "{short:?}"
        );
    }
    // Parsing is a function of the text.
    let again = UntrustedToken::parse(token);
    assert_eq!(parsed.is_ok(), again.is_ok());
    if let (Ok(first), Ok(second)) = (&parsed, &again) {
        assert_eq!(first.signature(), second.signature());
        assert_eq!(first.header(), second.header());
    }
});
