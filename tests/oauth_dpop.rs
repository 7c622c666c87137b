//! RFC 9449 DPoP: minting proofs, every §4.3 check failing on its own, replay, nonces, the
//! binding of access tokens to proofs, and the DPoP challenges.

mod common;

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use common::{NOW, P256_PKCS8, RSA_2048_PKCS8, at, b64, now, segments, sign_raw, unb64};
use jwt_ring::jwk::{Jwk, JwkError, ThumbprintHash};
use jwt_ring::oauth::bearer::{
    self, AuthScheme, BearerError, ErrorCode, Rejection, credentials_from_headers,
    parse_credentials,
};
use jwt_ring::oauth::dpop::{
    DEFAULT_REPLAY_SCOPE, DpopError, DpopKey, DpopMintError, DpopProof, DpopRequest, DpopVerifier,
    NonceIssuer, ProofOptions, UnrecordedProof, access_token_hash, normalize_htu,
};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenError, AccessTokenValidator, Confirmation};
use jwt_ring::replay::{MemoryReplayStore, ReplayError, ReplayStore};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, ConfigError, Header, NoCustomClaims, Signer, ecdsa, eddsa, encode, hmac, rsa,
};
use serde_json::{Value, json};

const URI: &str = "https://api.example/orders";
const TOKEN: &str = "an-access-token";

/// A signing key with its public JWK, to hand-craft proofs.
#[derive(Clone)]
struct Forger {
    alg: &'static str,
    signer: Arc<dyn Signer>,
    jwk: Value,
}

fn jwk_value(jwk: &Jwk) -> Value {
    serde_json::from_str(&jwk.to_json()).unwrap()
}

fn es256() -> Forger {
    let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    Forger {
        alg: "ES256",
        jwk: jwk_value(&key.verifying_key().to_jwk()),
        signer: Arc::new(key),
    }
}

fn other_es256() -> Forger {
    let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    Forger {
        alg: "ES256",
        jwk: jwk_value(&key.verifying_key().to_jwk()),
        signer: Arc::new(key),
    }
}

const ED25519_SEED: [u8; 32] = [0x21; 32];

fn eddsa_forger() -> Forger {
    let key = eddsa::SigningKey::from_seed(&ED25519_SEED).unwrap();
    Forger {
        alg: "EdDSA",
        jwk: jwk_value(&key.verifying_key().to_jwk()),
        signer: Arc::new(key),
    }
}

/// Every algorithm the verifier accepts by default, with a key each.
fn forgers() -> Vec<Forger> {
    let mut out = vec![es256()];
    let (es384, _) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
    out.push(Forger {
        alg: "ES384",
        jwk: jwk_value(&es384.verifying_key().to_jwk()),
        signer: Arc::new(es384),
    });
    out.push(eddsa_forger());
    for alg in [
        &rsa::RS256,
        &rsa::RS384,
        &rsa::RS512,
        &rsa::PS256,
        &rsa::PS384,
        &rsa::PS512,
    ] {
        let key = rsa::SigningKey::from_pkcs8(alg, RSA_2048_PKCS8).unwrap();
        out.push(Forger {
            alg: alg.name(),
            jwk: jwk_value(&key.verifying_key().to_jwk()),
            signer: Arc::new(key),
        });
    }
    out
}

fn header(forger: &Forger) -> Value {
    json!({"typ": "dpop+jwt", "alg": forger.alg, "jwk": forger.jwk})
}

fn claims() -> Value {
    json!({"jti": "jti-1", "htm": "GET", "htu": URI, "iat": NOW})
}

fn forge(forger: &Forger, header: &Value, claims: &Value) -> String {
    sign_raw(
        header.to_string().as_bytes(),
        claims.to_string().as_bytes(),
        &*forger.signer,
    )
}

fn set(value: &Value, name: &str, member: impl Into<Value>) -> Value {
    common::with(value, name, member)
}

fn verifier() -> DpopVerifier {
    DpopVerifier::builder().build().unwrap()
}

fn check(verifier: &DpopVerifier, proof: &str) -> Result<DpopProof, DpopError> {
    let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
    verifier
        .check_at(&request, now())
        .map(|unrecorded| unrecorded.into_proof_without_replay_check())
}

/// Polls a future that must be ready at once (no executor in the core's tests).
fn ready_now<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a synchronous store's future must be ready"),
    }
}

#[test]
fn minted_proofs_round_trip_for_every_generated_algorithm() {
    for alg in ["ES256", "ES384", "EdDSA", "Ed25519"] {
        let key = DpopKey::generate(alg).unwrap();
        assert_eq!(key.algorithm(), alg);
        assert_eq!(
            key.thumbprint(),
            key.public_jwk().thumbprint(ThumbprintHash::Sha256)
        );
        let uri = format!("{URI}?page=2#frag");
        let proof = key
            .proof_at(
                "POST",
                &uri,
                &ProofOptions::new().access_token(TOKEN),
                now(),
            )
            .unwrap();

        let [header_b64, claims_b64, _] = segments(&proof);
        let header: Value = serde_json::from_slice(&unb64(&header_b64)).unwrap();
        assert_eq!(header["typ"], "dpop+jwt", "{alg}");
        assert_eq!(header["alg"], alg);
        assert!(header["jwk"].get("d").is_none(), "{alg}: no private member");
        assert!(header["jwk"].get("key_ops").is_none());
        let claims: Value = serde_json::from_slice(&unb64(&claims_b64)).unwrap();
        assert_eq!(claims["htm"], "POST");
        assert_eq!(claims["htu"], URI, "query and fragment dropped");
        assert_eq!(claims["iat"], NOW);
        assert_eq!(claims["ath"], access_token_hash(TOKEN));
        assert!(claims.get("nonce").is_none());
        let jti = claims["jti"].as_str().unwrap();
        assert!(unb64(jti).len() >= 16, "at least 128 random bits");

        let store = MemoryReplayStore::default();
        let request = DpopRequest::new("POST", &uri)
            .proof_headers([proof.as_bytes()])
            .access_token(TOKEN);
        let verified = DpopVerifier::builder()
            .build()
            .unwrap()
            .verify_at(&request, &store, now())
            .unwrap();
        assert_eq!(verified.thumbprint(), key.thumbprint());
        assert_eq!(verified.public_jwk(), key.public_jwk());
        assert_eq!(verified.jti(), jti);
        assert_eq!(verified.issued_at(), now());
        assert_eq!(verified.nonce(), None);
        assert_eq!(
            verified.access_token_hash(),
            Some(access_token_hash(TOKEN).as_str())
        );
        assert!(matches!(
            verifier().verify_at(&request, &store, now()),
            Err(DpopError::Replayed)
        ));
    }
}

#[test]
fn every_proof_has_a_fresh_jti() {
    let key = DpopKey::generate("ES256").unwrap();
    let a = key
        .proof_at("GET", URI, &ProofOptions::new(), now())
        .unwrap();
    let b = key
        .proof_at("GET", URI, &ProofOptions::new(), now())
        .unwrap();
    let jti = |proof: &str| check(&verifier(), proof).unwrap().jti().to_owned();
    assert_ne!(jti(&a), jti(&b));
}

#[test]
fn minted_proofs_carry_the_nonce() {
    let key = DpopKey::generate("EdDSA").unwrap();
    let proof = key
        .proof_at("GET", URI, &ProofOptions::new().nonce("n-1"), now())
        .unwrap();
    assert_eq!(check(&verifier(), &proof).unwrap().nonce(), Some("n-1"));
}

#[test]
fn hand_made_proofs_verify_for_every_default_algorithm() {
    for forger in forgers() {
        let proof = forge(&forger, &header(&forger), &claims());
        let verified = check(&verifier(), &proof);
        let verified = verified.unwrap_or_else(|e| panic!("{}: {e}", forger.alg));
        let jwk = Jwk::from_json(&forger.jwk.to_string()).unwrap();
        assert_eq!(
            verified.thumbprint(),
            jwk.thumbprint(ThumbprintHash::Sha256)
        );
    }
}

#[test]
fn keys_from_jwks() {
    let public = eddsa_forger().jwk;
    let private = set(&public, "d", b64(&ED25519_SEED));
    let key = DpopKey::from_jwk(&Jwk::from_json(&private.to_string()).unwrap()).unwrap();
    assert_eq!(key.algorithm(), "EdDSA");
    let public = Jwk::from_json(&public.to_string()).unwrap();
    assert_eq!(key.thumbprint(), public.thumbprint(ThumbprintHash::Sha256));
    assert!(!key.public_jwk().is_private());
    let debug = format!("{key:?}");
    assert!(!debug.contains(&b64(&ED25519_SEED)), "{debug}");
    assert!(debug.contains("redacted"));
    let proof = key
        .proof_at("GET", URI, &ProofOptions::new(), now())
        .unwrap();
    assert!(check(&verifier(), &proof).is_ok());

    assert!(matches!(
        DpopKey::from_jwk(&public),
        Err(DpopMintError::Key(JwkError::NoPrivateMaterial))
    ));
    let oct = hmac::Key::new(&hmac::HS256, &[1u8; 32])
        .unwrap()
        .to_jwk_private();
    assert!(matches!(
        DpopKey::from_jwk(&oct),
        Err(DpopMintError::Key(JwkError::NoPrivateMaterial))
    ));
    for alg in ["RS256", "HS256", "none", "ES512", "es256"] {
        assert!(
            matches!(DpopKey::generate(alg), Err(DpopMintError::Algorithm)),
            "{alg}"
        );
    }
}

#[test]
fn rfc_9449_example_vectors() {
    // RFC 9449 §4.2 (the example proof's key) and §6.1 (its `cnf.jkt`).
    let jwk = Jwk::from_json(
        r#"{"kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA","crv":"P-256"}"#,
    )
    .unwrap();
    assert_eq!(
        jwk.thumbprint(ThumbprintHash::Sha256),
        "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
    );
    // RFC 9449 §7.1: the access token and the `ath` of the proof sent with it.
    assert_eq!(
        access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
        "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
    );
}

/// Whether an error is the one a case expects.
type Expected = fn(&DpopError) -> bool;

/// One rule failing: the proof, the verifier and the request differ from the good case in one
/// respect only.
#[test]
fn every_check_fails_on_its_own() {
    let es = es256();
    let ed = eddsa_forger();
    let good = forge(&es, &header(&es), &claims());
    let v = verifier();
    assert!(check(&v, &good).is_ok());

    let mut hs_header = header(&es);
    let hs = hmac::Key::new(&hmac::HS256, &[9u8; 32]).unwrap();
    hs_header["alg"] = json!("HS256");
    hs_header["jwk"] = jwk_value(&hs.to_jwk_private());
    let hs_proof = sign_raw(
        hs_header.to_string().as_bytes(),
        claims().to_string().as_bytes(),
        &hs,
    );
    let none_proof = format!(
        "{}.{}.c2ln",
        b64(set(&header(&es), "alg", "none").to_string().as_bytes()),
        b64(claims().to_string().as_bytes())
    );
    let rsa_jwk = forgers().last().unwrap().jwk.clone();
    let without = |name: &str| common::without(&claims(), name);
    let mut bad_signature = good.clone();
    bad_signature.truncate(good.rfind('.').unwrap() + 1);
    bad_signature.push_str(segments(&forge(&other_es256(), &header(&es), &claims()))[2].as_str());

    let cases: Vec<(&str, String, Expected)> = vec![
        ("not a jws", "not-a-jws".into(), |e| {
            matches!(e, DpopError::Malformed)
        }),
        ("jwe", "a.b.c.d.e".into(), |e| {
            matches!(e, DpopError::Malformed)
        }),
        (
            "claims not an object",
            forge(&es, &header(&es), &json!([1])),
            |e| matches!(e, DpopError::Malformed),
        ),
        (
            "jti mistyped",
            forge(&es, &header(&es), &set(&claims(), "jti", 7)),
            |e| matches!(e, DpopError::Malformed),
        ),
        (
            "iat mistyped",
            forge(&es, &header(&es), &set(&claims(), "iat", "now")),
            |e| matches!(e, DpopError::Malformed),
        ),
        (
            "no typ",
            forge(&es, &common::without(&header(&es), "typ"), &claims()),
            |e| matches!(e, DpopError::MissingClaim("typ")),
        ),
        (
            "typ JWT",
            forge(&es, &set(&header(&es), "typ", "JWT"), &claims()),
            |e| matches!(e, DpopError::Type),
        ),
        (
            "typ with a twelve-byte prefix other than application/",
            forge(
                &es,
                &set(&header(&es), "typ", "applicationXdpop+jwt"),
                &claims(),
            ),
            |e| matches!(e, DpopError::Type),
        ),
        (
            "typ at+jwt",
            forge(&es, &set(&header(&es), "typ", "at+jwt"), &claims()),
            |e| matches!(e, DpopError::Type),
        ),
        ("alg none", none_proof, |e| {
            matches!(e, DpopError::Algorithm)
        }),
        ("alg HS256", hs_proof, |e| matches!(e, DpopError::Algorithm)),
        (
            "crit",
            forge(
                &es,
                &set(&set(&header(&es), "crit", json!(["x"])), "x", 1),
                &claims(),
            ),
            |e| matches!(e, DpopError::Critical),
        ),
        (
            "malformed crit",
            forge(&es, &set(&header(&es), "crit", json!([])), &claims()),
            |e| matches!(e, DpopError::Critical),
        ),
        (
            "no jwk",
            forge(&es, &common::without(&header(&es), "jwk"), &claims()),
            |e| matches!(e, DpopError::MissingClaim("jwk")),
        ),
        (
            "private jwk",
            forge(
                &ed,
                &set(&header(&ed), "jwk", set(&ed.jwk, "d", b64(&ED25519_SEED))),
                &claims(),
            ),
            |e| matches!(e, DpopError::Key),
        ),
        (
            "jwk of another type",
            forge(&es, &set(&header(&es), "jwk", rsa_jwk), &claims()),
            |e| matches!(e, DpopError::Key),
        ),
        (
            "symmetric jwk",
            forge(
                &es,
                &set(
                    &header(&es),
                    "jwk",
                    json!({"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMy"}),
                ),
                &claims(),
            ),
            |e| matches!(e, DpopError::Key),
        ),
        (
            "jwk malformed",
            forge(
                &es,
                &set(&header(&es), "jwk", json!({"kty": "EC"})),
                &claims(),
            ),
            |e| matches!(e, DpopError::Key),
        ),
        (
            "jwk not an object",
            forge(&es, &set(&header(&es), "jwk", "key"), &claims()),
            |e| matches!(e, DpopError::Malformed),
        ),
        ("signature by another key", bad_signature, |e| {
            matches!(e, DpopError::InvalidSignature)
        }),
        ("no jti", forge(&es, &header(&es), &without("jti")), |e| {
            matches!(e, DpopError::MissingClaim("jti"))
        }),
        (
            "empty jti",
            forge(&es, &header(&es), &set(&claims(), "jti", "")),
            |e| matches!(e, DpopError::MissingClaim("jti")),
        ),
        ("no htm", forge(&es, &header(&es), &without("htm")), |e| {
            matches!(e, DpopError::MissingClaim("htm"))
        }),
        ("no htu", forge(&es, &header(&es), &without("htu")), |e| {
            matches!(e, DpopError::MissingClaim("htu"))
        }),
        ("no iat", forge(&es, &header(&es), &without("iat")), |e| {
            matches!(e, DpopError::MissingClaim("iat"))
        }),
        (
            "jti too long",
            forge(&es, &header(&es), &set(&claims(), "jti", "j".repeat(257))),
            |e| matches!(e, DpopError::JtiTooLong),
        ),
        (
            "htm other method",
            forge(&es, &header(&es), &set(&claims(), "htm", "POST")),
            |e| matches!(e, DpopError::Method),
        ),
        (
            "htm lowercase",
            forge(&es, &header(&es), &set(&claims(), "htm", "get")),
            |e| matches!(e, DpopError::Method),
        ),
        (
            "htu other path",
            forge(
                &es,
                &header(&es),
                &set(&claims(), "htu", "https://api.example/other"),
            ),
            |e| matches!(e, DpopError::Uri),
        ),
        (
            "htu other host",
            forge(
                &es,
                &header(&es),
                &set(&claims(), "htu", "https://evil.example/orders"),
            ),
            |e| matches!(e, DpopError::Uri),
        ),
        (
            "htu http",
            forge(
                &es,
                &header(&es),
                &set(&claims(), "htu", "http://api.example/orders"),
            ),
            |e| matches!(e, DpopError::Uri),
        ),
        (
            "htu relative",
            forge(&es, &header(&es), &set(&claims(), "htu", "/orders")),
            |e| matches!(e, DpopError::Uri),
        ),
        (
            "iat too old",
            forge(&es, &header(&es), &set(&claims(), "iat", NOW - 61)),
            |e| matches!(e, DpopError::IssuedAt),
        ),
        (
            "iat in the future",
            forge(&es, &header(&es), &set(&claims(), "iat", NOW + 6)),
            |e| matches!(e, DpopError::IssuedAt),
        ),
    ];
    for (name, proof, expected) in cases {
        match check(&v, &proof) {
            Err(error) => assert!(expected(&error), "{name}: {error:?}"),
            Ok(_) => panic!("{name}: accepted"),
        }
    }
}

#[test]
fn window_edges_and_type_variants_are_accepted() {
    let es = es256();
    for (name, proof) in [
        (
            "iat at max age",
            forge(&es, &header(&es), &set(&claims(), "iat", NOW - 60)),
        ),
        (
            "iat at skew",
            forge(&es, &header(&es), &set(&claims(), "iat", NOW + 5)),
        ),
        (
            "fractional iat",
            forge(&es, &header(&es), &set(&claims(), "iat", NOW as f64 + 0.5)),
        ),
        (
            "application/dpop+jwt",
            forge(
                &es,
                &set(&header(&es), "typ", "application/dpop+jwt"),
                &claims(),
            ),
        ),
        (
            "typ case",
            forge(&es, &set(&header(&es), "typ", "DPoP+JWT"), &claims()),
        ),
        (
            "jti at its limit",
            forge(&es, &header(&es), &set(&claims(), "jti", "j".repeat(256))),
        ),
        (
            "unknown claims",
            forge(&es, &header(&es), &set(&claims(), "extra", 1)),
        ),
        (
            "htu normalised",
            forge(
                &es,
                &header(&es),
                &set(&claims(), "htu", "HTTPS://API.example:443/./orders?x#y"),
            ),
        ),
        (
            "ath without a token",
            forge(&es, &header(&es), &set(&claims(), "ath", "x")),
        ),
    ] {
        assert!(check(&verifier(), &proof).is_ok(), "{name}");
    }
}

#[test]
fn header_count_and_length() {
    let es = es256();
    let good = forge(&es, &header(&es), &claims());
    let v = verifier();
    let none = DpopRequest::new("GET", URI).proof_headers(Vec::<&[u8]>::new());
    assert!(matches!(v.check_at(&none, now()), Err(DpopError::Missing)));
    assert!(matches!(
        v.check_at(&DpopRequest::new("GET", URI), now()),
        Err(DpopError::Missing)
    ));
    let two = DpopRequest::new("GET", URI).proof_headers([good.as_bytes(), good.as_bytes()]);
    assert!(matches!(
        v.check_at(&two, now()),
        Err(DpopError::MultipleProofs)
    ));
    let bytes = DpopRequest::new("GET", URI).proof_headers([&b"\xff\xfe.a.b"[..]]);
    assert!(matches!(
        v.check_at(&bytes, now()),
        Err(DpopError::Malformed)
    ));

    let exact = DpopVerifier::builder()
        .max_proof_len(good.len())
        .build()
        .unwrap();
    assert!(check(&exact, &good).is_ok());
    let short = DpopVerifier::builder()
        .max_proof_len(good.len() - 1)
        .build()
        .unwrap();
    assert!(matches!(check(&short, &good), Err(DpopError::TooLong)));
    let jti = DpopVerifier::builder().max_jti_len(4).build().unwrap();
    assert!(matches!(check(&jti, &good), Err(DpopError::JtiTooLong)));
    let jti = DpopVerifier::builder().max_jti_len(5).build().unwrap();
    assert!(check(&jti, &good).is_ok());
}

#[test]
fn only_the_configured_algorithms_are_accepted() {
    let v = DpopVerifier::builder()
        .algorithms(["EdDSA"])
        .build()
        .unwrap();
    assert_eq!(v.algorithms(), ["EdDSA".to_owned()]);
    let es = es256();
    assert!(matches!(
        check(&v, &forge(&es, &header(&es), &claims())),
        Err(DpopError::Algorithm)
    ));
    let ed = eddsa_forger();
    assert!(check(&v, &forge(&ed, &header(&ed), &claims())).is_ok());
    assert_eq!(verifier().algorithms().len(), 10);
}

#[test]
fn configuration_errors() {
    let build = |b: jwt_ring::oauth::dpop::DpopVerifierBuilder| b.build().err();
    let b = DpopVerifier::builder;
    assert!(matches!(
        build(b().algorithms(["HS256"])),
        Some(ConfigError::UnsupportedAlgorithm)
    ));
    assert!(matches!(
        build(b().algorithms(["ES256", "ES512"])),
        Some(ConfigError::UnsupportedAlgorithm)
    ));
    assert!(matches!(
        build(b().algorithms(["none"])),
        Some(ConfigError::AlgorithmNone)
    ));
    assert!(matches!(
        build(b().algorithms(Vec::<String>::new())),
        Some(ConfigError::EmptyList)
    ));
    assert!(matches!(
        build(b().max_age(Duration::ZERO)),
        Some(ConfigError::OutOfRange)
    ));
    assert!(matches!(
        build(b().future_skew(Duration::seconds(-1))),
        Some(ConfigError::OutOfRange)
    ));
    assert!(matches!(
        build(b().max_proof_len(0)),
        Some(ConfigError::OutOfRange)
    ));
    assert!(matches!(
        build(b().max_jti_len(0)),
        Some(ConfigError::OutOfRange)
    ));
    assert!(matches!(
        build(b().replay_scope("")),
        Some(ConfigError::OutOfRange)
    ));
    assert!(build(b().future_skew(Duration::ZERO).max_age(Duration::SECOND)).is_none());
}

#[test]
fn the_window_is_configurable() {
    let es = es256();
    let v = DpopVerifier::builder()
        .max_age(Duration::seconds(10))
        .future_skew(Duration::ZERO)
        .build()
        .unwrap();
    let at_iat = |iat: i64| check(&v, &forge(&es, &header(&es), &set(&claims(), "iat", iat)));
    assert!(at_iat(NOW - 10).is_ok());
    assert!(matches!(at_iat(NOW - 11), Err(DpopError::IssuedAt)));
    assert!(at_iat(NOW).is_ok());
    assert!(matches!(at_iat(NOW + 1), Err(DpopError::IssuedAt)));
}

#[test]
fn the_request_uri_is_compared_normalised() {
    let es = es256();
    let proof = forge(&es, &header(&es), &claims());
    let v = verifier();
    for (uri, ok) in [
        ("https://api.example/orders", true),
        ("https://API.EXAMPLE/orders?q=1", true),
        ("https://api.example:443/a/../orders#x", true),
        ("https://api.example/%6Frders", true),
        ("https://api.example/Orders", false),
        ("https://api.example:8443/orders", false),
        ("https://api.example/orders/", false),
        ("not a uri", false),
    ] {
        let request = DpopRequest::new("GET", uri).proof_headers([proof.as_bytes()]);
        let result = v.check_at(&request, now());
        if ok {
            assert!(result.is_ok(), "{uri}");
        } else {
            assert!(matches!(result, Err(DpopError::Uri)), "{uri}");
        }
    }
}

#[test]
fn htu_normalisation_table() {
    for (uri, normal) in [
        (
            "https://api.example/orders",
            Some("https://api.example/orders"),
        ),
        (
            "HTTPS://Api.Example/orders",
            Some("https://api.example/orders"),
        ),
        ("https://api.example", Some("https://api.example/")),
        ("https://api.example:443/", Some("https://api.example/")),
        ("http://api.example:80/", Some("http://api.example/")),
        ("http://api.example:443/", Some("http://api.example:443/")),
        (
            "https://api.example:8443/x",
            Some("https://api.example:8443/x"),
        ),
        (
            "https://api.example/a/./b/../c",
            Some("https://api.example/a/c"),
        ),
        (
            "https://api.example/a/%2e%2E/c",
            Some("https://api.example/c"),
        ),
        (
            "https://api.example/%7e%41%2d",
            Some("https://api.example/~A-"),
        ),
        (
            "https://api.example/%2f%c3%a9",
            Some("https://api.example/%2F%C3%A9"),
        ),
        ("https://api.example/x?q=1#f", Some("https://api.example/x")),
        ("https://api.example/Case", Some("https://api.example/Case")),
        ("https://[::1]:8080/x", Some("https://[::1]:8080/x")),
        ("https://127.0.0.1/x", Some("https://127.0.0.1/x")),
        ("https://user:pass@api.example/", None),
        ("https://user@api.example/", None),
        ("ftp://api.example/", None),
        ("urn:example:x", None),
        ("/relative", None),
        ("", None),
        (" https://api.example/", None),
        ("https://api.example/\n", None),
        ("https://api.example/a b", None),
        ("https:///nohost", Some("https://nohost/")),
        ("https://api.example/100%", None),
        ("https://api.example/%+1", None),
        // Found by fuzzing: decoding `%43` beside a stray `%` made a new triplet `%Ce`.
        ("https://api.example/a/%%43e", None),
        ("https://api.example/q?%zz", Some("https://api.example/q")),
    ] {
        let normalized = normalize_htu(uri);
        assert_eq!(normalized.as_deref(), normal, "{uri:?}");
        if let Some(normal) = normalized {
            assert_eq!(normalize_htu(&normal), Some(normal.clone()), "{uri:?}");
        }
    }
}

#[test]
fn nonces_are_required_when_configured() {
    let issuer = NonceIssuer::new(&[5u8; 32], Duration::minutes(5)).unwrap();
    let v = DpopVerifier::builder()
        .nonces(issuer.clone())
        .build()
        .unwrap();
    assert_eq!(verifier().fresh_nonce(now()), None);
    let nonce = v.fresh_nonce(now()).unwrap();
    assert!(issuer.is_valid(&nonce, now()));
    let es = es256();
    let with_nonce = |nonce: &str| forge(&es, &header(&es), &set(&claims(), "nonce", nonce));
    assert_eq!(
        check(&v, &with_nonce(&nonce)).unwrap().nonce(),
        Some(nonce.as_str())
    );
    let other = NonceIssuer::new(&[6u8; 32], Duration::minutes(5))
        .unwrap()
        .issue(now());
    let expired = issuer.issue(now() - Duration::minutes(5));
    for (name, proof) in [
        ("missing", forge(&es, &header(&es), &claims())),
        ("other secret", with_nonce(&other)),
        ("expired", with_nonce(&expired)),
        ("garbage", with_nonce("nonce")),
        (
            "mistyped",
            forge(&es, &header(&es), &set(&claims(), "nonce", 5)),
        ),
    ] {
        let result = check(&v, &proof);
        if name == "mistyped" {
            assert!(matches!(result, Err(DpopError::Malformed)), "{name}");
        } else {
            assert!(
                matches!(result, Err(DpopError::UseNonce)),
                "{name}: {result:?}"
            );
        }
    }
}

#[test]
fn nonce_issuer() {
    let lifetime = Duration::minutes(5);
    let issuer = NonceIssuer::new(&[5u8; 32], lifetime).unwrap();
    assert_eq!(issuer.lifetime(), lifetime);
    let nonce = issuer.issue(now());
    assert_eq!(nonce.len(), 54);
    assert!(
        nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    // Another instance sharing the secret accepts it.
    let twin = NonceIssuer::new(&[5u8; 32], lifetime).unwrap();
    assert!(twin.is_valid(&nonce, now()));
    // Valid from (just before) issue until the lifetime has passed.
    assert!(issuer.is_valid(&nonce, now() + lifetime - Duration::SECOND));
    assert!(!issuer.is_valid(&nonce, now() + lifetime));
    assert!(issuer.is_valid(&nonce, now() - Duration::seconds(5)));
    assert!(!issuer.is_valid(&nonce, now() - Duration::seconds(6)));
    // Other secrets, forgeries, other lengths.
    let other = NonceIssuer::new(&[6u8; 32], lifetime).unwrap();
    assert!(!other.is_valid(&nonce, now()));
    let mut forged = unb64(&nonce);
    forged[0..8].copy_from_slice(&(NOW + 60).to_be_bytes());
    assert!(!issuer.is_valid(&b64(&forged), now() + Duration::minutes(5)));
    let mut flipped = unb64(&nonce);
    *flipped.last_mut().unwrap() ^= 1;
    assert!(!issuer.is_valid(&b64(&flipped), now()));
    assert!(!issuer.is_valid(&b64(&unb64(&nonce)[..39]), now()));
    assert!(!issuer.is_valid(&format!("{nonce}A"), now()));
    assert!(!issuer.is_valid("", now()));
    assert!(!issuer.is_valid(&"!".repeat(54), now()));
    // Each second gives another nonce.
    assert_ne!(issuer.issue(now()), issuer.issue(now() + Duration::SECOND));
    // Configuration.
    assert!(matches!(
        NonceIssuer::new(&[5u8; 31], lifetime),
        Err(ConfigError::OutOfRange)
    ));
    assert!(matches!(
        NonceIssuer::new(&[5u8; 32], Duration::ZERO),
        Err(ConfigError::OutOfRange)
    ));
    let debug = format!("{issuer:?}");
    assert!(
        debug.contains("redacted") && !debug.contains("[5, 5"),
        "{debug}"
    );
}

#[test]
fn ath_is_checked_when_a_token_is_presented() {
    let es = es256();
    let v = verifier();
    let run = |claims: &Value| {
        let proof = forge(&es, &header(&es), claims);
        let request = DpopRequest::new("GET", URI)
            .proof_headers([proof.as_bytes()])
            .access_token(TOKEN);
        v.check_at(&request, now())
            .map(|u| u.into_proof_without_replay_check())
    };
    assert!(run(&set(&claims(), "ath", access_token_hash(TOKEN))).is_ok());
    assert!(matches!(run(&claims()), Err(DpopError::TokenHash)));
    assert!(matches!(
        run(&set(&claims(), "ath", access_token_hash("another-token"))),
        Err(DpopError::TokenHash)
    ));
}

#[test]
fn replay_is_refused_until_the_window_has_passed() {
    let es = es256();
    let proof = forge(&es, &header(&es), &claims());
    let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
    let v = verifier();
    let store = MemoryReplayStore::default();

    let unrecorded = v.check_at(&request, now()).unwrap();
    assert_eq!(unrecorded.scope(), format!("dpop:{DEFAULT_REPLAY_SCOPE}"));
    assert_eq!(unrecorded.hashed_jti().len(), 43);
    assert_ne!(unrecorded.hashed_jti(), "jti-1");
    assert_eq!(unrecorded.until(), at(NOW + 60 + 5 + 1));
    assert!(unrecorded.record(&store, now()).is_ok());
    // The last moment the proof is accepted, it is still remembered.
    assert!(matches!(
        v.verify_at(&request, &store, at(NOW + 60)),
        Err(DpopError::Replayed)
    ));
    assert!(matches!(
        v.verify_at(&request, &store, at(NOW + 61)),
        Err(DpopError::IssuedAt)
    ));
    // The same jti under another key is another proof.
    let other = other_es256();
    let proof = forge(&other, &header(&other), &claims());
    let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
    assert!(v.verify_at(&request, &store, now()).is_ok());
    // Another scope does not see the first.
    let scoped = DpopVerifier::builder()
        .replay_scope("api-2")
        .build()
        .unwrap();
    let unrecorded = scoped.check_at(&request, now()).unwrap();
    assert_eq!(unrecorded.scope(), "dpop:api-2");
    assert!(unrecorded.record(&store, now()).is_ok());
}

struct FailingStore;

impl ReplayStore for FailingStore {
    fn first_seen(
        &self,
        _: &str,
        _: &str,
        _: OffsetDateTime,
        _: OffsetDateTime,
    ) -> Result<bool, ReplayError> {
        Err(ReplayError::Unavailable("down".into()))
    }
}

#[test]
fn store_failures_refuse_the_proof() {
    let es = es256();
    let proof = forge(&es, &header(&es), &claims());
    let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
    let error = verifier()
        .verify_at(&request, &FailingStore, now())
        .unwrap_err();
    assert!(matches!(
        error,
        DpopError::Store(ReplayError::Unavailable(_))
    ));
    let rejection = Rejection::from(&error);
    assert_eq!(rejection.status(), 503);
    assert_eq!(rejection.dpop_challenge(Some("api"), &[]), None);
    assert!(matches!(
        ready_now(verifier().verify_at_async(&request, &FailingStore, now())),
        Err(DpopError::Store(_))
    ));
}

#[test]
fn async_verification_with_a_memory_store() {
    fn assert_send<T: Send>(_: &T) {}
    let es = es256();
    let proof = forge(&es, &header(&es), &claims());
    let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
    let v = verifier();
    let store = MemoryReplayStore::default();
    let future = v.verify_at_async(&request, &store, now());
    assert_send(&future);
    let verified = ready_now(future).unwrap();
    assert_eq!(verified.jti(), "jti-1");
    assert!(matches!(
        ready_now(v.verify_at_async(&request, &store, now())),
        Err(DpopError::Replayed)
    ));
    let other = other_es256();
    let proof = forge(&other, &header(&other), &claims());
    let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
    let unrecorded = v.check_at(&request, now()).unwrap();
    assert!(ready_now(unrecorded.record_async(&store, now())).is_ok());
    assert!(matches!(
        ready_now(v.verify_at_async(&request, &MemoryReplayStore::default(), at(NOW + 61))),
        Err(DpopError::IssuedAt)
    ));
}

#[test]
fn debug_output_names_the_settings_and_holds_no_secrets() {
    let es = es256();
    let proof = forge(
        &es,
        &header(&es),
        &set(&claims(), "ath", access_token_hash(TOKEN)),
    );
    let request = DpopRequest::new("GET", URI)
        .proof_headers([proof.as_bytes()])
        .access_token(TOKEN);
    let debug = format!("{request:?}");
    assert!(
        !debug.contains(TOKEN) && !debug.contains(&proof[..20]),
        "{debug}"
    );
    assert!(debug.contains("proof_headers: 1"), "{debug}");
    assert!(debug.contains("has_access_token: true"), "{debug}");

    let verifier = verifier();
    let debug = format!("{verifier:?}");
    assert!(
        debug.contains("DpopVerifier") && debug.contains("max_age"),
        "{debug}"
    );

    let unrecorded = verifier.check_at(&request, now()).unwrap();
    let thumbprint = Jwk::from_json(&es.jwk.to_string())
        .unwrap()
        .thumbprint(ThumbprintHash::Sha256);
    let debug = format!("{unrecorded:?}");
    assert!(!debug.contains(&access_token_hash(TOKEN)), "{debug}");
    assert!(debug.contains(&thumbprint), "{debug}");
    assert!(debug.contains(unrecorded.scope()), "{debug}");
    let accepted = unrecorded.into_proof_without_replay_check();
    let debug = format!("{accepted:?}");
    assert!(debug.contains(&thumbprint), "{debug}");
    assert!(debug.contains("has_ath: true"), "{debug}");
    assert!(!debug.contains(&proof[..20]), "{debug}");

    let options = ProofOptions::new().access_token(TOKEN).nonce("n-1");
    let debug = format!("{options:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(
        debug.contains("ProofOptions") && debug.contains("n-1"),
        "{debug}"
    );
    for error in [
        DpopError::Malformed,
        DpopError::MissingClaim("jti"),
        DpopError::UseNonce,
    ] {
        let text = error.to_string();
        assert_eq!(text, text.to_lowercase());
        assert!(!text.ends_with('.'));
    }
}

// Binding access tokens to proofs (RFC 9449 §6.1, §7.1).

const ISSUER: &str = "https://as.example";
const RESOURCE: &str = "https://api.example";

fn access_token(as_key: &ecdsa::SigningKey, jkt: Option<&str>) -> String {
    let mut custom = AccessTokenClaims::new("client-1", NoCustomClaims {});
    custom.cnf = jkt.map(|jkt| Confirmation {
        jkt: Some(jkt.to_owned()),
        x5t_s256: None,
    });
    let claims = Claims::new(custom)
        .with_issuer(ISSUER)
        .with_audience(RESOURCE)
        .with_subject("alice")
        .with_issued_at(now().into())
        .with_jwt_id("at-1")
        .valid_for(now(), Duration::minutes(5));
    encode(&Header::new().with_typ("at+jwt"), &claims, as_key).unwrap()
}

/// A proof by `key` for `token`, checked against the request and not yet recorded.
fn proof_for(key: &DpopKey, token: &str) -> UnrecordedProof {
    let proof = key
        .proof_at("GET", URI, &ProofOptions::new().access_token(token), now())
        .unwrap();
    let request = DpopRequest::new("GET", URI)
        .proof_headers([proof.as_bytes()])
        .access_token(token);
    verifier().check_at(&request, now()).unwrap()
}

/// The resource server's whole DPoP path with a fresh store: binding, then recording.
fn verify_bound(
    validator: &AccessTokenValidator,
    token: &str,
    proof: UnrecordedProof,
    unix: i64,
) -> Result<jwt_ring::Token<AccessTokenClaims>, AccessTokenError> {
    validator.verify_dpop_at::<NoCustomClaims>(
        token,
        proof,
        &MemoryReplayStore::default(),
        at(unix),
    )
}

/// A proof checked without the access token (`DpopRequest` without `access_token`): the
/// binding then compares the proof's own `ath` with the token's hash.
#[test]
fn a_proof_checked_without_the_token_is_bound_by_its_ath() {
    let as_key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = AccessTokenValidator::builder(ISSUER, RESOURCE)
        .key(as_key.verifying_key())
        .build()
        .unwrap();
    let key = DpopKey::generate("ES256").unwrap();
    let token = access_token(&as_key, Some(key.thumbprint()));
    let checked_alone = |ath_of: Option<&str>| {
        let options = match ath_of {
            Some(token) => ProofOptions::new().access_token(token),
            None => ProofOptions::new(),
        };
        let proof = key.proof_at("GET", URI, &options, now()).unwrap();
        let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
        verifier().check_at(&request, now()).unwrap()
    };
    assert!(verify_bound(&validator, &token, checked_alone(Some(&token)), NOW).is_ok());
    for ath_of in [Some("another token"), None] {
        assert!(matches!(
            verify_bound(&validator, &token, checked_alone(ath_of), NOW),
            Err(AccessTokenError::Dpop(DpopError::TokenHash))
        ));
    }
}

#[test]
fn access_tokens_are_bound_to_the_proof_key_and_token() {
    let as_key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = AccessTokenValidator::builder(ISSUER, RESOURCE)
        .key(as_key.verifying_key())
        .build()
        .unwrap();
    let key = DpopKey::generate("ES256").unwrap();
    let token = access_token(&as_key, Some(key.thumbprint()));

    let verified = verify_bound(&validator, &token, proof_for(&key, &token), NOW).unwrap();
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
    // The same token as a bearer token is still refused.
    assert!(matches!(
        validator.verify_at::<NoCustomClaims>(&token, now()),
        Err(AccessTokenError::UncheckedBinding)
    ));

    // A proof by another key.
    let thief = DpopKey::generate("ES256").unwrap();
    let error = verify_bound(&validator, &token, proof_for(&thief, &token), NOW).unwrap_err();
    assert!(matches!(
        error,
        AccessTokenError::Dpop(DpopError::KeyMismatch)
    ));
    let rejection = Rejection::from(&error);
    assert_eq!(rejection.error(), Some(ErrorCode::InvalidToken));
    assert_eq!(rejection.status(), 401);

    // A proof made for another token of the same key.
    let mut custom_token = AccessTokenClaims::new("client-2", NoCustomClaims {});
    custom_token.cnf = Some(Confirmation {
        jkt: Some(key.thumbprint().to_owned()),
        x5t_s256: None,
    });
    let token_b = encode(
        &Header::new().with_typ("at+jwt"),
        &Claims::new(custom_token)
            .with_issuer(ISSUER)
            .with_audience(RESOURCE)
            .with_subject("bob")
            .with_issued_at(now().into())
            .with_jwt_id("at-2")
            .valid_for(now(), Duration::minutes(5)),
        &as_key,
    )
    .unwrap();
    let error = verify_bound(&validator, &token_b, proof_for(&key, &token), NOW).unwrap_err();
    assert!(matches!(
        error,
        AccessTokenError::Dpop(DpopError::TokenHash)
    ));
    assert_eq!(
        Rejection::from(&error).error(),
        Some(ErrorCode::InvalidDpopProof)
    );

    // A token without `cnf`.
    let unbound = access_token(&as_key, None);
    assert!(matches!(
        verify_bound(&validator, &unbound, proof_for(&key, &unbound), NOW),
        Err(AccessTokenError::Dpop(DpopError::KeyMismatch))
    ));
    // Token failures come first and keep their own variant.
    assert!(matches!(
        verify_bound(&validator, &token, proof_for(&key, &token), NOW + 600),
        Err(AccessTokenError::Verify(_))
    ));
    // The same proof twice is a replay, refused after the token and binding checks pass.
    let store = MemoryReplayStore::default();
    let proof = key
        .proof_at("GET", URI, &ProofOptions::new().access_token(&token), now())
        .unwrap();
    let request = DpopRequest::new("GET", URI)
        .proof_headers([proof.as_bytes()])
        .access_token(&token);
    for expected_first in [true, false] {
        let checked = verifier().check_at(&request, now()).unwrap();
        let result = validator.verify_dpop_at::<NoCustomClaims>(&token, checked, &store, now());
        assert_eq!(result.is_ok(), expected_first);
        if !expected_first {
            assert!(matches!(
                result,
                Err(AccessTokenError::Dpop(DpopError::Replayed))
            ));
        }
    }
    // A store that cannot answer refuses (503), after every other check passed.
    let checked = verifier().check_at(&request, now()).unwrap();
    let error = validator
        .verify_dpop_at::<NoCustomClaims>(&token, checked, &FailingStore, now())
        .unwrap_err();
    assert!(matches!(error, AccessTokenError::Dpop(DpopError::Store(_))));
    assert_eq!(Rejection::from(&error).status(), 503);
}

#[test]
fn bound_tokens_still_meet_the_scope_requirement() {
    let as_key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = AccessTokenValidator::builder(ISSUER, RESOURCE)
        .key(as_key.verifying_key())
        .requires_scopes(jwt_ring::oauth::ScopeRequirement::all(["orders:read"]))
        .build()
        .unwrap();
    let key = DpopKey::generate("EdDSA").unwrap();
    let token = access_token(&as_key, Some(key.thumbprint()));
    assert!(matches!(
        verify_bound(&validator, &token, proof_for(&key, &token), NOW),
        Err(AccessTokenError::InsufficientScope(_))
    ));
}

// The DPoP authentication scheme and its challenges (RFC 9449 §7.1, §9).

#[test]
fn credentials_with_either_scheme() {
    for (value, expected) in [
        (&b"Bearer abc"[..], Ok((AuthScheme::Bearer, "abc"))),
        (b"bearer  abc", Ok((AuthScheme::Bearer, "abc"))),
        (b"DPoP a.b.c", Ok((AuthScheme::Dpop, "a.b.c"))),
        (b"dpop a.b.c", Ok((AuthScheme::Dpop, "a.b.c"))),
        (b"DPOP x==", Ok((AuthScheme::Dpop, "x=="))),
        (b"Basic dXNlcjpwYXNz", Err(BearerError::OtherScheme)),
        (b"DPoPx a", Err(BearerError::OtherScheme)),
        (b"DPoP a, Bearer b", Err(BearerError::MultipleCredentials)),
        (b"DPoP", Err(BearerError::Malformed)),
        (b"DPoP a b", Err(BearerError::Malformed)),
        (b" DPoP a", Err(BearerError::Malformed)),
    ] {
        let parsed = parse_credentials(value).map(|c| (c.scheme, c.token));
        assert_eq!(parsed, expected, "{:?}", String::from_utf8_lossy(value));
    }
    assert_eq!(
        credentials_from_headers(Vec::<&[u8]>::new()),
        Err(BearerError::Missing)
    );
    assert_eq!(
        credentials_from_headers([&b"Bearer a"[..], b"DPoP b"]),
        Err(BearerError::MultipleCredentials)
    );
    let one = credentials_from_headers([&b"DPoP t"[..]]).unwrap();
    assert_eq!((one.scheme, one.token), (AuthScheme::Dpop, "t"));
    assert!(!format!("{one:?}").contains("\"t\""));
    // The bearer-only readers keep refusing DPoP.
    assert_eq!(
        bearer::parse_authorization(b"DPoP t"),
        Err(BearerError::OtherScheme)
    );
    assert_eq!(
        bearer::from_headers([&b"DPoP t"[..]]),
        Err(BearerError::OtherScheme)
    );
}

#[test]
fn dpop_error_codes_and_challenges() {
    assert_eq!(ErrorCode::InvalidDpopProof.as_str(), "invalid_dpop_proof");
    assert_eq!(ErrorCode::UseDpopNonce.as_str(), "use_dpop_nonce");
    assert_eq!(ErrorCode::InvalidDpopProof.status(), 401);
    assert_eq!(ErrorCode::UseDpopNonce.status(), 401);
    assert_eq!(ErrorCode::UseDpopNonce.to_string(), "use_dpop_nonce");

    let algs = ["ES256".to_owned(), "Ed\"DSA".to_owned(), "PS512".to_owned()];
    let rejection = Rejection::from(&DpopError::Replayed);
    assert_eq!(rejection.status(), 401);
    assert_eq!(
        rejection.dpop_challenge(Some("api"), &algs).as_deref(),
        Some(
            r#"DPoP realm="api", error="invalid_dpop_proof", error_description="the dpop proof was already used", algs="ES256 PS512""#
        )
    );
    assert_eq!(
        Rejection::from(&DpopError::UseNonce)
            .dpop_challenge(None, &[])
            .as_deref(),
        Some(
            r#"DPoP error="use_dpop_nonce", error_description="the dpop proof must carry a fresh server nonce""#
        )
    );
    // No credentials at all: a bare challenge.
    let missing = Rejection::from(&BearerError::Missing);
    assert_eq!(
        missing.dpop_challenge(None, &algs[..1]).as_deref(),
        Some(r#"DPoP algs="ES256""#)
    );
    assert_eq!(missing.dpop_challenge(None, &[]).as_deref(), Some("DPoP"));
    assert_eq!(
        missing.dpop_challenge(Some("r"), &[]).as_deref(),
        Some(r#"DPoP realm="r""#)
    );
    // Scope challenges keep their scope under DPoP.
    let scope = Rejection::from(
        &jwt_ring::oauth::ScopeRequirement::all(["a"])
            .check(&"b".parse().unwrap())
            .unwrap_err(),
    );
    assert_eq!(
        scope.dpop_challenge(None, &algs[..1]).as_deref(),
        Some(
            r#"DPoP error="insufficient_scope", error_description="the access token lacks a required scope", scope="a", algs="ES256""#
        )
    );

    for (error, code, status) in [
        (DpopError::Missing, Some(ErrorCode::InvalidDpopProof), 401),
        (
            DpopError::MultipleProofs,
            Some(ErrorCode::InvalidDpopProof),
            401,
        ),
        (DpopError::TooLong, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::Malformed, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::Type, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::Algorithm, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::Critical, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::Key, Some(ErrorCode::InvalidDpopProof), 401),
        (
            DpopError::InvalidSignature,
            Some(ErrorCode::InvalidDpopProof),
            401,
        ),
        (
            DpopError::MissingClaim("htu"),
            Some(ErrorCode::InvalidDpopProof),
            401,
        ),
        (DpopError::Method, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::Uri, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::IssuedAt, Some(ErrorCode::InvalidDpopProof), 401),
        (
            DpopError::JtiTooLong,
            Some(ErrorCode::InvalidDpopProof),
            401,
        ),
        (DpopError::Replayed, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::TokenHash, Some(ErrorCode::InvalidDpopProof), 401),
        (DpopError::UseNonce, Some(ErrorCode::UseDpopNonce), 401),
        (DpopError::KeyMismatch, Some(ErrorCode::InvalidToken), 401),
        (DpopError::Store(ReplayError::Full), None, 503),
    ] {
        let rejection = Rejection::from(&error);
        assert_eq!(rejection.error(), code, "{error:?}");
        assert_eq!(rejection.status(), status, "{error:?}");
        if status == 401 {
            let description = rejection.description().unwrap();
            assert!(
                description.contains("dpop") || description.contains("bound"),
                "{error:?}"
            );
        }
    }
}

#[test]
fn proofs_signed_now_use_the_wall_clock() {
    // `proof` reads the clock itself; its proof is checked against that same moment.
    let key = DpopKey::generate("ES256").unwrap();
    let before = OffsetDateTime::now_utc();
    let proof = key.proof("GET", URI, &ProofOptions::new()).unwrap();
    let request = DpopRequest::new("GET", URI).proof_headers([proof.as_bytes()]);
    let checked = verifier().check_at(&request, before).unwrap();
    let issued = checked.into_proof_without_replay_check().issued_at();
    assert!(issued >= before - Duration::SECOND && issued <= before + Duration::seconds(5));
}

/// The attack: serde reads a struct from a JSON array of its fields in order, so a proof whose
/// claims were `["jti", "GET", htu, iat]` passed every check. RFC 7519 §7.2 step 10: the claims
/// set must be a JSON object.
#[test]
fn dpop_claims_as_a_json_array_are_refused() {
    let es = es256();
    let array = json!(["jti-1", "GET", URI, NOW]);
    let proof = forge(&es, &header(&es), &array);
    assert!(matches!(
        check(&verifier(), &proof),
        Err(DpopError::Malformed)
    ));
    let with_nulls = json!(["jti-1", "GET", URI, NOW, null, null]);
    let proof = forge(&es, &header(&es), &with_nulls);
    assert!(matches!(
        check(&verifier(), &proof),
        Err(DpopError::Malformed)
    ));
}

/// The attack: the proof's `jti` was recorded before the access token was verified, so anyone
/// could sign proofs with a throwaway key for `Authorization: DPoP x` and get 401, each request
/// leaving an entry for the whole proof window. About 150 requests/s kept a 10,000-entry memory
/// store full, and then every real client got 503 (`Store(Full)`). Now a proof is recorded only
/// once the token, its binding and every proof check passed (RFC 9449 §11.1 allows that order).
#[test]
fn dpop_flood_with_invalid_tokens_leaves_no_store_entries() {
    let as_key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = AccessTokenValidator::builder(ISSUER, RESOURCE)
        .key(as_key.verifying_key())
        .build()
        .unwrap();
    let (stranger, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let throwaway = DpopKey::generate("ES256").unwrap();
    let store = MemoryReplayStore::default();
    // Garbage, a token signed by another key, and a real token bound to another key.
    let tokens = [
        "x".to_owned(),
        access_token(&stranger, Some(throwaway.thumbprint())),
        access_token(
            &as_key,
            Some(DpopKey::generate("ES256").unwrap().thumbprint()),
        ),
    ];
    let verifier = verifier();
    for i in 0..20_000 {
        let token = &tokens[i % tokens.len()];
        let proof = throwaway
            .proof_at("GET", URI, &ProofOptions::new().access_token(token), now())
            .unwrap();
        let request = DpopRequest::new("GET", URI)
            .proof_headers([proof.as_bytes()])
            .access_token(token);
        let checked = verifier.check_at(&request, now()).unwrap();
        let result = validator.verify_dpop_at::<NoCustomClaims>(token, checked, &store, now());
        assert!(result.is_err(), "{i}");
    }
    assert_eq!(store.len(), 0, "no refused request leaves an entry");

    // A real client's request then succeeds, and is the one entry.
    let client = DpopKey::generate("ES256").unwrap();
    let token = access_token(&as_key, Some(client.thumbprint()));
    let proof = client
        .proof_at("GET", URI, &ProofOptions::new().access_token(&token), now())
        .unwrap();
    let request = DpopRequest::new("GET", URI)
        .proof_headers([proof.as_bytes()])
        .access_token(&token);
    let checked = verifier.check_at(&request, now()).unwrap();
    assert!(
        validator
            .verify_dpop_at::<NoCustomClaims>(&token, checked, &store, now())
            .is_ok()
    );
    assert_eq!(store.len(), 1);
}

/// The attack: with `accept_bound_tokens()` (meant for mutual-TLS bindings the caller checks),
/// a DPoP-bound token (`cnf.jkt`) was accepted on the Bearer path, without any proof. A
/// DPoP-bound token now passes only `verify_dpop_at`, whatever the builder said (RFC 9449 §7.2).
#[test]
fn dpop_bound_token_as_bearer_is_refused_even_with_accept_bound_tokens() {
    let as_key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = AccessTokenValidator::builder(ISSUER, RESOURCE)
        .key(as_key.verifying_key())
        .accept_bound_tokens()
        .build()
        .unwrap();
    let key = DpopKey::generate("ES256").unwrap();
    let token = access_token(&as_key, Some(key.thumbprint()));
    let error = validator
        .verify_at::<NoCustomClaims>(&token, now())
        .unwrap_err();
    assert!(matches!(error, AccessTokenError::UncheckedBinding));
    assert_eq!(Rejection::from(&error).status(), 401);
    // The DPoP path still accepts it with its proof.
    assert!(verify_bound(&validator, &token, proof_for(&key, &token), NOW).is_ok());
    // A certificate-bound token is what `accept_bound_tokens` is for: the caller checked it.
    let mut custom = AccessTokenClaims::new("client-1", NoCustomClaims {});
    custom.cnf = Some(Confirmation {
        jkt: None,
        x5t_s256: Some("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2".to_owned()),
    });
    let claims = Claims::new(custom)
        .with_issuer(ISSUER)
        .with_audience(RESOURCE)
        .with_subject("alice")
        .with_issued_at(now().into())
        .with_jwt_id("at-mtls")
        .valid_for(now(), Duration::minutes(5));
    let mtls = encode(&Header::new().with_typ("at+jwt"), &claims, &as_key).unwrap();
    assert!(validator.verify_at::<NoCustomClaims>(&mtls, now()).is_ok());
}

/// The per-request proof key is no longer checked on its curve before the signature (ring's
/// ECDSA verification refuses such a point itself): a point off the curve must still be
/// reported as a key error, for either curve, and never be accepted.
#[test]
fn a_proof_key_off_its_curve_is_a_key_error() {
    let (es384, _) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
    let es384 = Forger {
        alg: "ES384",
        jwk: jwk_value(&es384.verifying_key().to_jwk()),
        signer: Arc::new(es384),
    };
    for forger in [es256(), es384] {
        let mut off_curve = header(&forger);
        let y = unb64(off_curve["jwk"]["y"].as_str().unwrap());
        let mut bent = y.clone();
        *bent.last_mut().unwrap() ^= 1;
        off_curve["jwk"]["y"] = json!(b64(&bent));
        let proof = forge(&forger, &off_curve, &claims());
        assert!(
            matches!(check(&verifier(), &proof), Err(DpopError::Key)),
            "{}",
            forger.alg
        );
        // A key on the curve with a signature by another key is a signature error.
        let other = other_es256();
        let mut header = header(&forger);
        header["alg"] = json!(other.alg);
        header["jwk"] = other.jwk.clone();
        let proof = forge(&forger, &header, &claims());
        assert!(
            matches!(check(&verifier(), &proof), Err(DpopError::InvalidSignature)),
            "{}",
            forger.alg
        );
    }
}
