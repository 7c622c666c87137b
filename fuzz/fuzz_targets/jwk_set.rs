//! `JwkSet::from_json` on arbitrary text, then key resolution through the set.
//!
//! Invariants on `Ok`: every member of `keys` is either used or skipped, once, with skipped
//! indices in order; the set holds no asymmetric private key, and loaded as public keys only it
//! holds no `oct` key either; each used key passes `check_jwk`; resolving a header gives a verifier for the
//! header's `alg` whose `kid` is the header's (or none, when the header names a kid), and a header naming a used key's `kid`
//! and one of its algorithms resolves.
#![no_main]

use jwt_ring::jwk::{JwkSet, JwkSetError, JwkSetOptions};
use jwt_ring::{Header, KeyResolver, VerifyError};
use jwt_ring_fuzz::{ALGORITHMS, check_jwk};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

#[derive(serde::Deserialize)]
struct Members<'a> {
    #[serde(borrow)]
    keys: Vec<&'a serde_json::value::RawValue>,
}

fn header(alg: &str, kid: Option<&str>) -> Header {
    let json = match kid {
        Some(kid) => json!({ "alg": alg, "kid": kid }),
        None => json!({ "alg": alg }),
    };
    serde_json::from_value(json).expect("a valid header")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let set = match JwkSet::from_json(text) {
        Ok(set) => set,
        Err(JwkSetError::Malformed | JwkSetError::TooLarge) => {
            return;
        }
        Err(JwkSetError::TooManyKeys) => {
            assert!(text.len() > 1000 * 2, "a small text cannot hold 1000 keys");
            return;
        }
        Err(other) => panic!("{other:?}"),
    };

    // Count the members as raw JSON: the grammar allows numbers beyond f64's range, which
    // `serde_json::Value` refuses, and a skipped key may hold one.
    let members = serde_json::from_str::<Members<'_>>(text)
        .expect("an accepted set is a JSON object with a keys array")
        .keys
        .len();
    assert_eq!(set.jwks().len() + set.skipped().len(), members);
    let indices: Vec<usize> = set.skipped().iter().map(|s| s.index).collect();
    assert!(indices.windows(2).all(|w| w[0] < w[1]), "{indices:?}");
    assert!(indices.iter().all(|i| *i < members));

    let public = JwkSet::from_json_with_options(text, &JwkSetOptions::public_keys_only())
        .expect("the same text loads as public keys only");
    assert!(public.jwks().iter().all(|jwk| !jwk.is_symmetric()));
    assert_eq!(public.jwks().len() + public.skipped().len(), members);
    for jwk in set.jwks() {
        assert!(jwk.is_symmetric() || !jwk.is_private());
        check_jwk(jwk, false);
    }

    let mut kids: Vec<Option<&str>> = vec![None, Some(""), Some("fuzz")];
    kids.extend(set.jwks().iter().filter_map(|jwk| jwk.kid()).map(Some));
    for alg in ALGORITHMS {
        for kid in &kids {
            match set.resolve(&header(alg, *kid)) {
                Ok(verifier) => {
                    assert_eq!(verifier.algorithm(), alg);
                    // A header with a kid gets that key or a key without kid; a header without
                    // kid gets the one key of its algorithm, with a kid or not.
                    let own = verifier.key_id();
                    assert!(
                        kid.is_none() || own.is_none() || own == *kid,
                        "{own:?} for {kid:?}"
                    );
                }
                Err(error) => {
                    assert!(
                        matches!(
                            error,
                            VerifyError::NoMatchingKey | VerifyError::AmbiguousKey
                        ),
                        "{error:?}"
                    );
                    if let Some(kid) = kid {
                        let usable = set.jwks().iter().any(|jwk| {
                            jwk.kid() == Some(*kid)
                                && jwk.algorithms().contains(&alg)
                                && jwk.verifier_for(alg).is_ok()
                        });
                        assert!(!usable, "kid {kid:?} alg {alg} did not resolve: {error:?}");
                    }
                }
            }
        }
    }
});
