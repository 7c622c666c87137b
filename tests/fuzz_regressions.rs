//! Regression tests for bugs found by the fuzz targets in `fuzz/` (see fuzz/README.md). Each
//! test names the target and the invariant that failed, and reproduces the failure through the
//! public API at a fixed clock.

use jwt_ring::time::OffsetDateTime;
use jwt_ring::{
    ClaimFailure, ClaimName, ConfigError, Header, NoCustomClaims, Validator, ValidatorBuilder,
    VerifyError, encode, hmac,
};
use serde_json::json;

/// The fixed clock: 2023-11-14T22:13:20Z.
const NOW: i64 = 1_700_000_000;

const SECRET: &[u8] = b"fuzz regression secret, 32 bytes";

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap()
}

fn key() -> hmac::Key {
    hmac::Key::new(&hmac::HS256, SECRET).unwrap()
}

fn validator(required: &[&str]) -> Result<Validator, ConfigError> {
    let mut builder: ValidatorBuilder = Validator::builder().key(key());
    for name in required {
        builder = builder.require_claim(*name);
    }
    builder.build()
}

fn token(claims: &serde_json::Value) -> String {
    encode(&Header::new(), claims, &key()).unwrap()
}

/// claims_policy, "requiring every claim twice gives the same outcome as requiring it once":
/// a private claim required twice was reported missing although present, because presence was
/// recorded only for the first of the two equal names.
#[test]
fn private_claim_required_twice_is_found_once_present() {
    let with_scope = token(&json!({ "exp": NOW + 600, "scope": "read", "x": 1 }));
    for required in [
        &["scope"][..],
        &["scope", "scope"],
        &["x", "scope", "x", "scope"],
        &["scope", "exp", "scope", "exp"],
    ] {
        let verified = validator(required)
            .unwrap()
            .verify_at::<NoCustomClaims>(&with_scope, now());
        assert!(verified.is_ok(), "{required:?}: {verified:?}");
    }

    // Still required: a token without it is refused, naming the claim.
    let without_scope = token(&json!({ "exp": NOW + 600, "x": 1 }));
    let error = validator(&["scope", "scope"])
        .unwrap()
        .verify_at::<NoCustomClaims>(&without_scope, now())
        .unwrap_err();
    match error {
        VerifyError::Claim(claim) => {
            assert_eq!(claim.claim(), &ClaimName::Other("scope".to_owned()));
            assert!(matches!(claim.failure(), ClaimFailure::Missing));
        }
        other => panic!("expected a missing claim, got {other:?}"),
    }
}

/// The 64-name limit on required private claims counts distinct names.
#[test]
fn required_claim_limit_counts_distinct_names() {
    let repeated = vec!["scope"; 100];
    let with_scope = token(&json!({ "exp": NOW + 600, "scope": "read" }));
    let verified = validator(&repeated)
        .unwrap()
        .verify_at::<NoCustomClaims>(&with_scope, now());
    assert!(verified.is_ok(), "{verified:?}");

    let names: Vec<String> = (0..65).map(|i| format!("c{i}")).collect();
    let distinct: Vec<&str> = names.iter().map(String::as_str).collect();
    assert!(matches!(validator(&distinct), Err(ConfigError::OutOfRange)));
    assert!(validator(&distinct[..64]).is_ok());
}

/// Found by the `jwk_set` target (10-minute run): a JWK Set whose skipped member holds a number
/// beyond f64's range (`7777777771e977777777`). JSON's grammar allows it (RFC 8259 §6 leaves
/// ranges to implementations), so the set is read, and every malformed key is skipped with its
/// reason rather than failing the set or panicking. The target's own invariant, which re-parsed
/// the set as `serde_json::Value` (which refuses such numbers), was the part that was wrong.
#[test]
fn jwk_set_with_an_out_of_range_number_in_a_skipped_key() {
    use jwt_ring::jwk::{JwkError, JwkSet, SkipReason};

    let text = include_str!("fixtures/fuzz/jwk_set-huge-number.json");
    let set = JwkSet::from_json(text).unwrap();
    assert!(set.jwks().is_empty());
    let reasons: Vec<_> = set.skipped().iter().map(|s| (s.index, s.reason)).collect();
    assert_eq!(reasons.len(), 4);
    assert_eq!(reasons[0], (0, SkipReason::Key(JwkError::Malformed)));
    assert_eq!(
        reasons[1],
        (1, SkipReason::Key(JwkError::MissingMember("e")))
    );
    assert_eq!(reasons[2], (2, SkipReason::Key(JwkError::Malformed)));
    // The last key names `kid` twice.
    assert_eq!(reasons[3], (3, SkipReason::Key(JwkError::Malformed)));
}

/// `dpop_proof` (mode 1, "the normal form of `htu` is a fixed point"): the path held a stray
/// `%` before `%43e`. Decoding `%43` to `C` made a new triplet `%Ce`, so normalising the
/// normal form again uppercased it to `%CE`, and two spellings of one URI could compare
/// unequal. A path whose `%` does not start a `%XX` triplet is not an RFC 3986 URI; it now has
/// no normal form, and a proof or request naming it is refused as `DpopError::Uri`.
#[test]
fn htu_with_a_stray_percent_before_a_decoded_triplet() {
    use jwt_ring::oauth::dpop::normalize_htu;

    let found = r#"HTTPS://API"sig"nbf""P/1/..z/roe%2E/ord/!/../ore%2E/ordeLE:4%%%%%%%%%%%%%%%43eLE:443/a/..e%2E/orders"#;
    assert_eq!(normalize_htu(found), None);
    let repaired = found.replace("%%%%%%%%%%%%%%%43e", "%43e");
    let normal = normalize_htu(&repaired).unwrap();
    assert!(normal.contains("/ordeLE:4CeLE:443/"), "{normal}");
    assert_eq!(normalize_htu(&normal).as_deref(), Some(normal.as_str()));
}
