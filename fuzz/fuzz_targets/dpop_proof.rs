//! `oauth::dpop::DpopVerifier::check_at` on arbitrary bytes as the `DPoP` header value, and
//! `normalize_htu` on arbitrary text as the proof's `htu` and as the request URI.
//!
//! The first byte picks the mode; the rest is the input.
//!
//! Invariants: nothing panics; an accepted proof's `htu` and the request URI normalise to the
//! same text, and its key thumbprint is 43 base64url characters; normalising is idempotent
//! and yields an `http` or `https` URI without query or fragment; a proof signed by the fixed
//! key is accepted exactly when its `htu` normalises like the request URI; every rejection
//! renders a challenge of visible ASCII and spaces.
#![no_main]

use jwt_ring::oauth::bearer::Rejection;
use jwt_ring::oauth::dpop::{DpopError, DpopRequest, DpopVerifier, normalize_htu};
use jwt_ring::{Header, ecdsa, encode};
use jwt_ring_fuzz::{NOW_UNIX, P256_PKCS8, now};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const URI: &str = "https://api.example/orders";

struct Fixture {
    verifier: DpopVerifier,
    key: ecdsa::SigningKey,
    header: Header,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).expect("fixture");
        let jwk: serde_json::Value =
            serde_json::from_str(&key.verifying_key().to_jwk().to_json()).expect("jwk");
        let header = Header::new()
            .with_typ("dpop+jwt")
            .with_extra(&serde_json::json!({ "jwk": jwk }))
            .expect("header");
        Fixture {
            verifier: DpopVerifier::builder().build().expect("verifier"),
            key,
            header,
        }
    })
}

fn check(proof: &[u8], uri: &str) -> Result<(), DpopError> {
    let request = DpopRequest::new("POST", uri).proof_headers([proof]);
    let proof = fixture()
        .verifier
        .check_at(&request, now())?
        .into_proof_without_replay_check();
    assert_eq!(proof.thumbprint().len(), 43);
    assert!((proof.issued_at().unix_timestamp() - NOW_UNIX).abs() <= 60);
    Ok(())
}

fn check_normalised(text: &str) {
    let Some(normal) = normalize_htu(text) else {
        return;
    };
    assert!(normal.starts_with("http://") || normal.starts_with("https://"));
    assert!(!normal.contains('?') && !normal.contains('#'), "{normal}");
    assert_eq!(normalize_htu(&normal).as_deref(), Some(normal.as_str()));
}

fn check_rejection(error: &DpopError) {
    let algs = fixture().verifier.algorithms();
    if let Some(challenge) = Rejection::from(error).dpop_challenge(Some("api"), algs) {
        assert!(challenge.bytes().all(|b| b == b' ' || b.is_ascii_graphic()));
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        // The header value as sent.
        0 => {
            if let Err(error) = check(rest, URI) {
                check_rejection(&error);
            }
        }
        // The text as the `htu` of a proof signed by the fixed key.
        1 => {
            let Ok(htu) = std::str::from_utf8(rest) else {
                return;
            };
            check_normalised(htu);
            let claims =
                serde_json::json!({"jti": "j", "htm": "POST", "htu": htu, "iat": NOW_UNIX});
            let fixture = fixture();
            let proof = encode(&fixture.header, &claims, &fixture.key).expect("signing");
            let result = check(proof.as_bytes(), URI);
            let same = normalize_htu(htu).as_deref() == normalize_htu(URI).as_deref();
            assert_eq!(result.is_ok(), same, "{htu:?}: {result:?}");
            if let Err(error) = result {
                assert!(matches!(error, DpopError::Uri), "{error:?}");
            }
        }
        // The text as the request URI.
        _ => {
            let Ok(uri) = std::str::from_utf8(rest) else {
                return;
            };
            check_normalised(uri);
            let claims =
                serde_json::json!({"jti": "j", "htm": "POST", "htu": URI, "iat": NOW_UNIX});
            let fixture = fixture();
            let proof = encode(&fixture.header, &claims, &fixture.key).expect("signing");
            let same = normalize_htu(uri).as_deref() == normalize_htu(URI).as_deref();
            assert_eq!(check(proof.as_bytes(), uri).is_ok(), same, "{uri:?}");
        }
    }
});
