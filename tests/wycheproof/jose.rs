//! The JOSE-level files: `json_web_signature_test.json`, `json_web_key_test.json` and the `jws_*`
//! groups of `json_web_crypto_test.json`.
//!
//! Each token is decided twice, and both answers must agree:
//!
//! 1. **Validator path**: the key (or key set) becomes a [`JwkSet`], given to
//!    `Validator::builder().key_resolver(..)` with `allow_missing_expiry()` and
//!    `ignore_audience()`, and the token goes through `verify_at` at a fixed clock.
//! 2. **Manual path**: `UntrustedToken::parse`, then key selection (`Jwk::verifier_for(alg)` for
//!    one JWK, `KeySet::select(kid, alg)` for a set), then `Verifier::verify` on the signing
//!    input and signature.
//!
//! Wycheproof labels a token by its *signature*: many payloads (`foo`, `Test`, zero bytes) are not
//! JSON, and a JWT validator rightly refuses them after the signature has held. So acceptance is
//! decided at the header/signature stage. On the validator path, `Ok` counts as accepted, and so
//! does an error that can only arise after the signature verified: a claim error, a claims type
//! error, or a payload that is not JSON, not UTF-8, not an object or has a duplicate member.
//! Everything earlier (structure, base64url, header, key selection, algorithm, signature) counts
//! as rejected. The manual path never reads the payload at all.

use jwt_ring::jwk::{Jwk, JwkError, JwkSet, JwkSetOptions};
use jwt_ring::{Malformed, NoCustomClaims, Part, UntrustedToken, Validator, Verifier, VerifyError};
use serde_json::Value;

use crate::support::{Suite, groups, now, tc_id, tests, text};

/// `json_web_signature_test.json` cases that are not counted, each with the reason. Every one is
/// still run, and must still disagree with its label (a skip that starts agreeing is reported).
const JWS_SKIPS: &[(u64, &str)] = &[
    (
        346,
        "policy: the JWK says \"alg\":\"PS256\" but the token (RFC 7520 Figure 20) is PS384; \
         a JWK's alg is honoured, so the key refuses PS384",
    ),
    (
        347,
        "policy: P-521 key with the unregistered \"alg\":\"ES521\"; JWK import supports \
         P-256/P-384 only and checks alg (ES512 is available as a user-defined Verifier, see \
         the custom_algorithm example)",
    ),
    (
        350,
        "policy: the JWK says \"alg\":\"PS256\" (key_ops [verify]) but the token (RFC 7520 Figure \
         20) is PS384; a JWK's alg is honoured",
    ),
    (
        351,
        "policy: P-521 key with the unregistered \"alg\":\"ES521\" (key_ops [verify]); JWK import \
         supports P-256/P-384 only and checks alg",
    ),
    (
        367,
        "upstream defect: byte-identical to the valid tcId 357 but labelled invalid (the \
         Python b'...' wrapper of the original vector was lost in the v1 conversion)",
    ),
    (
        370,
        "upstream defect: byte-identical to the valid tcId 357 but labelled invalid (the \
         Python b'...' wrapper of the original vector was lost in the v1 conversion)",
    ),
    (
        372,
        "upstream defect: labelled valid, but a '?' sits inside the header segment and the MAC \
         is over a different signing input; strict RFC 7515 base64url refuses it",
    ),
    (
        373,
        "upstream defect: labelled valid, but a '?' sits inside the payload segment and the MAC \
         is over a different signing input; strict RFC 7515 base64url refuses it",
    ),
];

/// The reason for the two mixed-set cases: Wycheproof flags them `MixedKeySet` (KNOWN_BUG) and
/// `Ambiguous` (CAN_OF_WORMS, "not well defined by the RFCs").
const MIXED_SET: &str = "policy: a JWK Set mixing an oct and an EC key loads, since each key is \
     bound to its algorithms (the HS256 token names the oct key's kid and its MAC holds); a set \
     that must hold no secrets is loaded with JwkSetOptions::public_keys_only(), which refuses it";

/// `json_web_key_test.json` cases that are not counted, with the reason. (tcId 4, a duplicated
/// kid whose second key is not canonical base64url, and tcId 7, a ROCA-fingerprinted modulus,
/// are both refused by the crate.)
const JWK_SKIPS: &[(u64, &str)] = &[(1, MIXED_SET)];

/// `json_web_crypto_test.json` `jws_*` cases that are not counted, with the reason (tcId 46,
/// the ROCA key, is refused by RSA key import).
const JWC_SKIPS: &[(u64, &str)] = &[(47, MIXED_SET)];

/// What the two paths concluded about one token.
#[derive(Debug)]
struct Verdict {
    accepted: bool,
    detail: String,
}

impl Verdict {
    fn accepted(detail: impl Into<String>) -> Self {
        Self {
            accepted: true,
            detail: detail.into(),
        }
    }

    fn rejected(detail: impl Into<String>) -> Self {
        Self {
            accepted: false,
            detail: detail.into(),
        }
    }
}

/// Errors the validator can only return once the signature has verified: the payload is read
/// after, and only after, the signature check.
fn after_signature(error: &VerifyError) -> bool {
    matches!(
        error,
        VerifyError::Claim(_)
            | VerifyError::ClaimsType
            | VerifyError::Malformed(
                Malformed::Json(Part::Payload)
                    | Malformed::Utf8(Part::Payload)
                    | Malformed::NotAnObject(Part::Payload)
                    | Malformed::DuplicateMember(Part::Payload)
            )
    )
}

/// The validator path, with the key resolver already built.
fn validator_verdict(set: JwkSet, token: &str) -> Verdict {
    let validator = Validator::builder()
        .key_resolver(set)
        .allow_missing_expiry()
        .ignore_audience()
        .build()
        .unwrap();
    match validator.verify_at::<NoCustomClaims>(token, now()) {
        Ok(_) => Verdict::accepted("validator: ok"),
        Err(error) if after_signature(&error) => {
            Verdict::accepted(format!("validator: signature held, then {error:?}"))
        }
        Err(error) => Verdict::rejected(format!("validator: {error:?}")),
    }
}

/// The signature stage of the manual path, after key selection.
fn signature_verdict(verifier: &dyn Verifier, untrusted: &UntrustedToken<'_>) -> Verdict {
    // The validator refuses every `crit` extension unless configured to understand it, before it
    // selects a key; the manual path mirrors that.
    if untrusted.header().critical().is_some() {
        return Verdict::rejected("manual: crit not understood");
    }
    match verifier.verify(untrusted.signing_input().as_bytes(), untrusted.signature()) {
        Ok(()) => Verdict::accepted("manual: signature ok"),
        Err(error) => Verdict::rejected(format!("manual: {error:?}")),
    }
}

/// Both paths for one JWK.
fn decide_with_jwk(jwk_json: &str, token: &str) -> (Verdict, Verdict) {
    let jwk = match Jwk::from_json(jwk_json) {
        Ok(jwk) => jwk,
        Err(error) => {
            let verdict = || Verdict::rejected(format!("Jwk::from_json: {error:?}"));
            return (verdict(), verdict());
        }
    };
    let by_validator = match JwkSet::from_keys([jwk.clone()]) {
        Ok(set) => validator_verdict(set, token),
        Err(error) => Verdict::rejected(format!("JwkSet::from_keys: {error:?}")),
    };
    let by_hand = match UntrustedToken::parse(token) {
        Err(error) => Verdict::rejected(format!("manual: parse: {error:?}")),
        Ok(untrusted) => match jwk.verifier_for(untrusted.algorithm()) {
            Err(error) => Verdict::rejected(format!("manual: verifier_for: {error:?}")),
            Ok(verifier) => signature_verdict(&*verifier, &untrusted),
        },
    };
    (by_validator, by_hand)
}

/// Both paths for one JWK Set.
fn decide_with_jwk_set(set_json: &str, token: &str) -> (Verdict, Verdict) {
    let (first, second) = match (JwkSet::from_json(set_json), JwkSet::from_json(set_json)) {
        (Ok(first), Ok(second)) => (first, second),
        (Err(error), _) | (_, Err(error)) => {
            let verdict = || Verdict::rejected(format!("JwkSet::from_json: {error:?}"));
            return (verdict(), verdict());
        }
    };
    let by_validator = validator_verdict(first, token);
    let by_hand = match UntrustedToken::parse(token) {
        Err(error) => Verdict::rejected(format!("manual: parse: {error:?}")),
        Ok(untrusted) => match second
            .key_set()
            .select(untrusted.header().kid(), untrusted.algorithm())
        {
            Err(error) => Verdict::rejected(format!("manual: select: {error:?}")),
            Ok(verifier) => signature_verdict(verifier, &untrusted),
        },
    };
    (by_validator, by_hand)
}

/// Decides one test of a JOSE file and records it. `key` is the group's `public` member if
/// present, else its `private` member: a JWK, or a JWK Set when it has `keys`.
fn run_case(suite: &mut Suite, skips: &[(u64, &str)], key: &Value, test: &Value) {
    let (accepted, detail) = match test["jws"].as_str() {
        // json_web_crypto_test.json tcId 17 is a JSON-serialization object rather than a string:
        // a compact-only parser never gets past the input type.
        None => (
            false,
            "jws is not a string: not compact serialization".to_owned(),
        ),
        Some(token) => {
            let key_json = key.to_string();
            let (by_validator, by_hand) = if key.get("keys").is_some() {
                decide_with_jwk_set(&key_json, token)
            } else {
                decide_with_jwk(&key_json, token)
            };
            if by_validator.accepted != by_hand.accepted {
                // Both paths use only the public API; they must never disagree.
                suite.fail_with(
                    test,
                    &format!("the two paths disagree: {by_validator:?} vs {by_hand:?}"),
                );
                return;
            }
            (by_validator.accepted, by_validator.detail)
        }
    };
    match skips.iter().find(|(id, _)| *id == tc_id(test)) {
        Some((_, reason)) => suite.skip_disagreeing(test, accepted, reason, &detail),
        None => suite.check(test, accepted, &detail),
    }
}

fn group_key(group: &Value) -> &Value {
    group.get("public").unwrap_or(&group["private"])
}

#[test]
fn json_web_signature() {
    let (mut suite, file) = Suite::new(
        "json_web_signature_test.json",
        include_str!("../vectors/wycheproof/json_web_signature_test.json"),
    );
    for group in groups(&file) {
        for test in tests(group) {
            run_case(&mut suite, JWS_SKIPS, group_key(group), test);
        }
    }
    suite.finish();
}

#[test]
fn json_web_key() {
    let (mut suite, file) = Suite::new(
        "json_web_key_test.json",
        include_str!("../vectors/wycheproof/json_web_key_test.json"),
    );
    for group in groups(&file) {
        for test in tests(group) {
            run_case(&mut suite, JWK_SKIPS, group_key(group), test);
        }
    }
    suite.finish();
}

#[test]
fn json_web_crypto_jws_groups() {
    let (mut suite, file) = Suite::new(
        "json_web_crypto_test.json",
        include_str!("../vectors/wycheproof/json_web_crypto_test.json"),
    );
    for group in groups(&file) {
        let name = text(group, "comment");
        for test in tests(group) {
            if name.starts_with("jwe_") {
                suite.skip(test, "JWE group: this crate verifies JWS only");
            } else {
                assert!(name.starts_with("jws_"), "unexpected group {name}");
                run_case(&mut suite, JWC_SKIPS, group_key(group), test);
            }
        }
    }
    suite.finish();
}

// ----------------------------------------------------------------------------------------------
// Every skip's reason, checked: a skip is only as good as the fact it rests on.

fn find(file: &Value, id: u64) -> (&Value, &Value) {
    groups(file)
        .iter()
        .flat_map(|group| tests(group).iter().map(move |test| (group, test)))
        .find(|(_, test)| tc_id(test) == id)
        .unwrap()
}

fn jws(test: &Value) -> &str {
    text(test, "jws")
}

#[test]
fn skip_reasons_hold() {
    let signature: Value = serde_json::from_str(include_str!(
        "../vectors/wycheproof/json_web_signature_test.json"
    ))
    .unwrap();
    let mut checked = Vec::new();

    // 346, 350: the key's alg (PS256) is refused for the PS384 token, and the same key without
    // its alg verifies the token, so the alg is the only obstacle.
    for id in [346, 350] {
        let (group, test) = find(&signature, id);
        let untrusted = UntrustedToken::parse(jws(test)).unwrap();
        assert_eq!(untrusted.algorithm(), "PS384");
        let jwk = Jwk::from_json(&group["public"].to_string()).unwrap();
        assert_eq!(jwk.algorithm(), Some("PS256"));
        assert!(matches!(
            jwk.verifier_for("PS384"),
            Err(JwkError::AlgorithmMismatch)
        ));
        let mut without_alg = group["public"].clone();
        without_alg.as_object_mut().unwrap().remove("alg");
        let verifier = Jwk::from_json(&without_alg.to_string())
            .unwrap()
            .verifier_for("PS384")
            .unwrap();
        assert!(
            signature_verdict(&*verifier, &untrusted).accepted,
            "tcId {id}"
        );
        checked.push(("sig", id));
    }
    // 347, 351: P-521 with "ES521" is not importable as a JWK: without aws-lc for its curve,
    // with aws-lc for its `alg`, which names no algorithm of the curve.
    for id in [347, 351] {
        let (group, _) = find(&signature, id);
        assert_eq!(text(&group["public"], "crv"), "P-521");
        assert_eq!(text(&group["public"], "alg"), "ES521");
        let imported = Jwk::from_json(&group["public"].to_string());
        #[cfg(not(feature = "aws-lc"))]
        assert!(matches!(imported, Err(JwkError::Unsupported)));
        #[cfg(feature = "aws-lc")]
        assert!(matches!(imported, Err(JwkError::AlgorithmMismatch)));
        checked.push(("sig", id));
    }
    // 367, 370: the same bytes as the valid 357.
    let (_, valid) = find(&signature, 357);
    assert_eq!(text(valid, "result"), "valid");
    for id in [367, 370] {
        let (_, test) = find(&signature, id);
        assert_eq!(jws(test), jws(valid));
        assert_eq!(text(test, "result"), "invalid");
        checked.push(("sig", id));
    }
    // 372, 373: the '?' breaks strict base64url, and without it the token is 357: the MAC was
    // computed over a signing input without the '?'.
    for (id, part) in [(372, Part::Header), (373, Part::Payload)] {
        let (_, test) = find(&signature, id);
        assert!(matches!(
            UntrustedToken::parse(jws(test)),
            Err(VerifyError::Malformed(Malformed::Base64(p))) if p == part
        ));
        assert_eq!(jws(test).replace('?', ""), jws(valid));
        checked.push(("sig", id));
    }

    // JWK 1, crypto 47: an oct and an asymmetric key in one set, an HS256 token for the oct
    // key's kid; loaded as public keys only, the oct key is skipped and the token finds no key.
    let key_file: Value =
        serde_json::from_str(include_str!("../vectors/wycheproof/json_web_key_test.json")).unwrap();
    let crypto_file: Value = serde_json::from_str(include_str!(
        "../vectors/wycheproof/json_web_crypto_test.json"
    ))
    .unwrap();
    for (file, kind, id) in [(&key_file, "key", 1), (&crypto_file, "crypto", 47)] {
        let (group, test) = find(file, id);
        let keys = group_key(group);
        let types: Vec<&str> = keys["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|key| text(key, "kty"))
            .collect();
        assert!(types.contains(&"oct") && types.iter().any(|kty| *kty != "oct"));
        let untrusted = UntrustedToken::parse(jws(test)).unwrap();
        assert_eq!(untrusted.algorithm(), "HS256");
        let public =
            JwkSet::from_json_with_options(&keys.to_string(), &JwkSetOptions::public_keys_only())
                .unwrap();
        assert!(public.jwks().iter().all(|jwk| !jwk.is_symmetric()));
        assert!(matches!(
            public
                .key_set()
                .select(untrusted.header().kid(), untrusted.algorithm()),
            Err(VerifyError::NoMatchingKey)
        ));
        checked.push((kind, id));
    }

    let mut listed: Vec<(&str, u64)> = JWS_SKIPS
        .iter()
        .map(|(id, _)| ("sig", *id))
        .chain(JWK_SKIPS.iter().map(|(id, _)| ("key", *id)))
        .chain(JWC_SKIPS.iter().map(|(id, _)| ("crypto", *id)))
        .collect();
    listed.sort_unstable();
    checked.sort_unstable();
    assert_eq!(listed, checked, "every skip's reason is checked here");
}
