//! The attack catalogue: one test per known class of JWT attack, each naming what it guards
//! against, and a section-by-section account of how RFC 8725 (JWT Best Current Practices) is met.
//!
//! RFC 8725, section by section:
//! * §2 threats / §3.1 "Perform Algorithm Verification": keys are built for one algorithm and the
//!   validator accepts a token only when its `alg` equals the selected key's algorithm
//!   (`alg_none_*`, `rs256_public_key_as_hmac_secret_*`, `algorithm_list_narrows`).
//! * §3.2 "Use Appropriate Algorithms": `none` can be neither produced nor accepted; RSA keys
//!   under 2048 bits and HMAC secrets shorter than the hash are refused at construction
//!   (`hmac_secret_shorter_than_the_hash`, `rsa_keys_under_2048_bits`).
//! * §3.3 "Validate All Cryptographic Operations": every signature is checked by ring; a bad
//!   signature is fatal and reported alone (`signature_failure_is_never_a_claim_error`).
//! * §3.4 "Validate Cryptographic Inputs": EC public keys are checked to be on the curve when
//!   built (`off_curve_public_keys`); ECDSA signatures with r or s of zero or at least the group
//!   order are rejected (`ecdsa_psychic_signature_*`, `ecdsa_r_or_s_out_of_range`).
//! * §3.5 "Ensure Cryptographic Keys Have Sufficient Entropy": HMAC key floor; generated keys
//!   come from the system CSPRNG (see `hmac::Key::generate`).
//! * §3.6 "Avoid Compression of Encryption Inputs": JWE is not supported; five-segment input is
//!   rejected as such (`jwe_shaped_input`).
//! * §3.7 "Use UTF-8": header and claims must be UTF-8 JSON (`non_utf8_json`).
//! * §3.8 "Validate Issuer and Subject": `iss`/`sub` configured means required and compared
//!   exactly (tests/validation.rs); keys are chosen only from the configured set, never from
//!   the token (`embedded_keys_are_never_trusted`).
//! * §3.9 "Use and Validate Audience": a token carrying `aud` is rejected when no audience is
//!   configured (`audience_for_another_service`).
//! * §3.10 "Do Not Trust Received Claims": `kid` is an opaque lookup key, never a path or query
//!   (`kid_injection`); `jku`/`x5u`/`jwk`/`x5c` are never fetched or used
//!   (`embedded_keys_are_never_trusted`).
//! * §3.11 "Use Explicit Typing" and §3.12 "Use Mutually Exclusive Validation Rules":
//!   `Validator::typ` with normalisation keeps one kind of JWT from being accepted as another
//!   (`token_of_another_kind`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{
    ClaimFailure, ClaimName, Claims, ConfigError, Header, HeaderError, KeyRejected, Malformed,
    NoCustomClaims, NumericDate, Part, Signer, Validator, VerifyError, ecdsa, encode, hmac, rsa,
};

const NOW: i64 = 1_767_225_600;
const RSA_2048_PKCS8: &[u8] = include_bytes!("fixtures/rsa2048.pk8.der");
const RSA_2048_PUBLIC_PKCS1_DER: &[u8] = include_bytes!("fixtures/rsa2048.pub.pkcs1.der");
const RSA_2048_PUBLIC_SPKI_PEM: &[u8] = include_bytes!("fixtures/rsa2048.pub.spki.pem");
const RSA_1024_PKCS8: &[u8] = include_bytes!("fixtures/rsa1024.pk8.der");
const P256_PKCS8: &[u8] = include_bytes!("fixtures/p256.pk8.der");

/// The order n of the P-256 group (SEC 2, §2.4.2).
const P256_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap()
}

fn hs256() -> hmac::Key {
    hmac::Key::new(&hmac::HS256, b"the attack suite's HS256 secret, 32+ bytes").unwrap()
}

fn claims_json() -> String {
    format!(r#"{{"sub":"alice","exp":{}}}"#, NOW + 600)
}

/// Builds `b64(header).b64(payload).b64(signature)` from raw parts.
fn token(header: &str, payload: &str, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        B64.encode(header),
        B64.encode(payload),
        B64.encode(signature)
    )
}

/// Signs raw header and payload text with `signer`, whatever they contain.
fn signed(header: &str, payload: &str, signer: &dyn Signer) -> String {
    let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
    let signature = signer.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", B64.encode(signature))
}

fn verify(validator: &Validator, token: &str) -> Result<(), VerifyError> {
    validator
        .verify_at::<NoCustomClaims>(token, now())
        .map(|_| ())
}

fn hs256_validator() -> Validator {
    Validator::builder().key(hs256()).build().unwrap()
}

fn rsa_signing_key() -> rsa::SigningKey {
    rsa::SigningKey::from_pkcs8(&rsa::RS256, RSA_2048_PKCS8).unwrap()
}

fn rs256_validator() -> Validator {
    Validator::builder()
        .key(rsa_signing_key().verifying_key())
        .build()
        .unwrap()
}

/// `alg: none` in every spelling, with and without a signature (the 2015 "alg none"
/// disclosures, e.g. CVE-2015-9235; RFC 8725 §3.1, §3.2).
#[test]
fn alg_none_in_every_spelling() {
    for validator in [hs256_validator(), rs256_validator()] {
        for alg in ["none", "None", "NONE", "nOnE"] {
            let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
            let unsigned = format!("{}.{}.", B64.encode(&header), B64.encode(claims_json()));
            assert!(matches!(
                verify(&validator, &unsigned),
                Err(VerifyError::Malformed(Malformed::Empty(Part::Signature)))
            ));
            let with_signature = token(&header, &claims_json(), b"anything");
            assert!(
                matches!(
                    verify(&validator, &with_signature),
                    Err(VerifyError::Header(HeaderError::AlgorithmNone))
                ),
                "{alg}"
            );
        }
    }
}

/// `none` cannot be produced either, and a custom key naming `none` is refused.
#[test]
fn alg_none_cannot_be_produced_or_configured() {
    struct NoneKey;
    impl Signer for NoneKey {
        fn algorithm(&self) -> &str {
            "none"
        }
        fn sign(&self, _: &[u8]) -> Result<Vec<u8>, jwt_ring::SigningError> {
            Ok(Vec::new())
        }
    }
    impl jwt_ring::Verifier for NoneKey {
        fn algorithm(&self) -> &str {
            "None"
        }
        fn verify(&self, _: &[u8], _: &[u8]) -> Result<(), jwt_ring::InvalidSignature> {
            Ok(())
        }
    }
    let claims = Claims::registered_only();
    assert!(matches!(
        encode(&Header::new(), &claims, &NoneKey),
        Err(jwt_ring::EncodeError::UnusableAlgorithm)
    ));
    assert!(matches!(
        Validator::builder().key(NoneKey).build(),
        Err(ConfigError::AlgorithmNone)
    ));
}

/// RS256 -> HS256 confusion: an HMAC over the token keyed with the RSA public key's bytes, as
/// PKCS#1 DER, SPKI PEM, or JWK text (CVE-2015-9235, CVE-2016-10555; RFC 8725 §3.1).
#[test]
fn rs256_public_key_as_hmac_secret_is_rejected() {
    let public = rsa_signing_key().verifying_key();
    let jwk_text = public.to_jwk().to_json();
    let secrets: [&[u8]; 3] = [
        RSA_2048_PUBLIC_PKCS1_DER,
        RSA_2048_PUBLIC_SPKI_PEM,
        jwk_text.as_bytes(),
    ];
    let validator = rs256_validator();
    let jwk_set = jwt_ring::jwk::JwkSet::from_json(&format!(r#"{{"keys":[{jwk_text}]}}"#)).unwrap();
    let set_validator = Validator::builder().key_resolver(jwk_set).build().unwrap();
    for secret in secrets {
        let forger = jwt_ring::dangerous::hmac_key_with_short_secret(&hmac::HS256, secret).unwrap();
        let forged = signed(r#"{"alg":"HS256"}"#, &claims_json(), &forger);
        assert!(matches!(
            verify(&validator, &forged),
            Err(VerifyError::NoMatchingKey)
        ));
        assert!(matches!(
            verify(&set_validator, &forged),
            Err(VerifyError::NoMatchingKey)
        ));
    }
}

/// The same confusion with an ES256 public point as the HMAC secret.
#[test]
fn es256_public_point_as_hmac_secret_is_rejected() {
    let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let point = key.verifying_key().uncompressed_point().to_vec();
    let validator = Validator::builder()
        .key(key.verifying_key())
        .build()
        .unwrap();
    let forger = hmac::Key::new(&hmac::HS256, &point).unwrap();
    let forged = signed(r#"{"alg":"HS256"}"#, &claims_json(), &forger);
    assert!(matches!(
        verify(&validator, &forged),
        Err(VerifyError::NoMatchingKey)
    ));
}

/// A resolver that hands back the wrong kind of key still cannot cause confusion: the
/// validator compares the key's algorithm with the token's itself.
#[test]
fn sloppy_resolver_cannot_cause_confusion() {
    struct AlwaysHmac(hmac::Key);
    impl jwt_ring::KeyResolver for AlwaysHmac {
        fn resolve(&self, _: &Header) -> Result<jwt_ring::Resolved<'_>, VerifyError> {
            Ok(jwt_ring::Resolved::borrowed(&self.0))
        }
    }
    let key = hs256();
    let validator = Validator::builder()
        .key_resolver(AlwaysHmac(key.clone()))
        .build()
        .unwrap();
    let relabelled = signed(r#"{"alg":"RS256"}"#, &claims_json(), &key);
    assert!(matches!(
        verify(&validator, &relabelled),
        Err(VerifyError::AlgorithmNotAllowed)
    ));
}

/// Embedded `jwk`, `jku`, `x5u` and `x5c` are never used to verify: a token signed with the
/// attacker's own key that carries that key is rejected (CVE-2018-0114; RFC 8725 §3.10).
#[test]
fn embedded_keys_are_never_trusted() {
    let (attacker, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let attacker_jwk = attacker.verifying_key().to_jwk().to_json();
    let legitimate = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = Validator::builder()
        .key(legitimate.verifying_key())
        .build()
        .unwrap();
    for header in [
        format!(r#"{{"alg":"ES256","jwk":{attacker_jwk}}}"#),
        r#"{"alg":"ES256","jku":"https://attacker.example/jwks.json"}"#.to_owned(),
        r#"{"alg":"ES256","x5u":"https://attacker.example/cert.pem"}"#.to_owned(),
        r#"{"alg":"ES256","x5c":["MIIBattacker"]}"#.to_owned(),
    ] {
        let forged = signed(&header, &claims_json(), &attacker);
        assert!(
            matches!(
                verify(&validator, &forged),
                Err(VerifyError::InvalidSignature)
            ),
            "{header}"
        );
    }
}

/// ECDSA "psychic signatures": r = s = 0 (CVE-2022-21449).
#[test]
fn ecdsa_psychic_signature_is_rejected() {
    let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = Validator::builder()
        .key(key.verifying_key())
        .build()
        .unwrap();
    let forged = token(r#"{"alg":"ES256"}"#, &claims_json(), &[0u8; 64]);
    assert!(matches!(
        verify(&validator, &forged),
        Err(VerifyError::InvalidSignature)
    ));
}

/// ECDSA r or s equal to the group order (or above it) must not verify (RFC 8725 §3.4).
#[test]
fn ecdsa_r_or_s_out_of_range() {
    let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = Validator::builder()
        .key(key.verifying_key())
        .build()
        .unwrap();
    let good = signed(r#"{"alg":"ES256"}"#, &claims_json(), &key);
    assert!(verify(&validator, &good).is_ok());
    let signature = B64.decode(good.rsplit('.').next().unwrap()).unwrap();
    let (r, s) = signature.split_at(32);
    let mut r_plus_n = Vec::new();
    // r + n does not fit 32 bytes for most r; r = n and s = n are the canonical out-of-range
    // values, and 0xff..ff is above the order.
    r_plus_n.extend_from_slice(&P256_ORDER);
    r_plus_n.extend_from_slice(s);
    let mut s_is_n = r.to_vec();
    s_is_n.extend_from_slice(&P256_ORDER);
    let mut all_ones = vec![0xffu8; 32];
    all_ones.extend_from_slice(s);
    for bad in [r_plus_n, s_is_n, all_ones] {
        let forged = token(r#"{"alg":"ES256"}"#, &claims_json(), &bad);
        assert!(matches!(
            verify(&validator, &forged),
            Err(VerifyError::InvalidSignature)
        ));
    }
}

/// A DER-encoded ECDSA signature where JWS requires fixed-width R || S is rejected.
#[test]
fn ecdsa_der_signature_instead_of_fixed_width() {
    let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let validator = Validator::builder()
        .key(key.verifying_key())
        .build()
        .unwrap();
    let input = format!(
        "{}.{}",
        B64.encode(r#"{"alg":"ES256"}"#),
        B64.encode(claims_json())
    );
    let der_key = ring::signature::EcdsaKeyPair::from_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
        P256_PKCS8,
        &ring::rand::SystemRandom::new(),
    )
    .unwrap();
    let der = der_key
        .sign(&ring::rand::SystemRandom::new(), input.as_bytes())
        .unwrap();
    let forged = format!("{input}.{}", B64.encode(der.as_ref()));
    assert!(matches!(
        verify(&validator, &forged),
        Err(VerifyError::InvalidSignature)
    ));
}

/// An EC public key that is not on the curve is refused when the key is built (invalid-curve
/// attacks; RFC 8725 §3.4).
#[test]
fn off_curve_public_keys() {
    let key = ecdsa::SigningKey::from_pkcs8(&ecdsa::ES256, P256_PKCS8).unwrap();
    let mut point = key.verifying_key().uncompressed_point().to_vec();
    point[40] ^= 0x01;
    assert!(ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES256, &point).is_err());
    assert!(ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES256, &[0x04; 65]).is_err());
}

/// RSA signatures one byte short or one byte long (leading zero) are rejected.
#[test]
fn rsa_signature_of_wrong_length() {
    let key = rsa_signing_key();
    let validator = rs256_validator();
    let good = signed(r#"{"alg":"RS256"}"#, &claims_json(), &key);
    assert!(verify(&validator, &good).is_ok());
    let (input, signature) = good.rsplit_once('.').unwrap();
    let signature = B64.decode(signature).unwrap();
    let mut longer = vec![0u8];
    longer.extend_from_slice(&signature);
    for bad in [
        &signature[1..],
        &signature[..signature.len() - 1],
        &longer[..],
    ] {
        let forged = format!("{input}.{}", B64.encode(bad));
        assert!(matches!(
            verify(&validator, &forged),
            Err(VerifyError::InvalidSignature)
        ));
    }
}

/// `crit`: unknown, empty, duplicated or registered names are rejected (RFC 7515 §4.1.11).
#[test]
fn critical_header_abuse() {
    let key = hs256();
    let validator = hs256_validator();
    let cases = [
        (
            r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
            HeaderError::UnsupportedCritical,
        ),
        (r#"{"alg":"HS256","crit":[]}"#, HeaderError::InvalidCritical),
        (
            r#"{"alg":"HS256","crit":["x","x"],"x":1}"#,
            HeaderError::InvalidCritical,
        ),
        (
            r#"{"alg":"HS256","crit":["alg"]}"#,
            HeaderError::InvalidCritical,
        ),
        (
            r#"{"alg":"HS256","crit":["missing"]}"#,
            HeaderError::InvalidCritical,
        ),
        (
            r#"{"alg":"HS256","crit":"x","x":1}"#,
            HeaderError::InvalidMember("crit"),
        ),
    ];
    for (header, expected) in cases {
        let forged = signed(header, &claims_json(), &key);
        match verify(&validator, &forged) {
            Err(VerifyError::Header(error)) => assert_eq!(error, expected, "{header}"),
            other => panic!("{header}: {other:?}"),
        }
    }
}

/// `b64: false` (RFC 7797 unencoded payloads) is not a JWT and is refused whatever its value.
#[test]
fn unencoded_payload_option() {
    let key = hs256();
    for header in [
        r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
        r#"{"alg":"HS256","b64":true}"#,
    ] {
        let forged = signed(header, &claims_json(), &key);
        assert!(matches!(
            verify(&hs256_validator(), &forged),
            Err(VerifyError::Header(HeaderError::UnencodedPayload))
        ));
    }
}

/// Duplicate members, which parsers resolve differently (first wins vs last wins), are
/// rejected in the header and in the claims, escaped spellings included.
#[test]
fn duplicate_json_members() {
    let key = hs256();
    let validator = hs256_validator();
    let header_dup = signed(r#"{"alg":"HS256","alg":"none"}"#, &claims_json(), &key);
    assert!(matches!(
        verify(&validator, &header_dup),
        Err(VerifyError::Malformed(Malformed::DuplicateMember(
            Part::Header
        )))
    ));
    for payload in [
        format!(r#"{{"sub":"alice","sub":"admin","exp":{}}}"#, NOW + 600),
        format!(
            r#"{{"sub":"alice","\u0073ub":"admin","exp":{}}}"#,
            NOW + 600
        ),
        format!(r#"{{"exp":{},"exp":{}}}"#, NOW - 600, NOW + 600),
    ] {
        let forged = signed(r#"{"alg":"HS256"}"#, &payload, &key);
        assert!(
            matches!(
                verify(&validator, &forged),
                Err(VerifyError::Malformed(Malformed::DuplicateMember(
                    Part::Payload
                )))
            ),
            "{payload}"
        );
    }
}

/// A registered claim with the wrong type is an error, never "absent" (the CVE-2026-25537
/// class, where a mistyped `aud` or `iss` skipped the check).
#[test]
fn mistyped_registered_claims() {
    let key = hs256();
    let validator = Validator::builder()
        .key(hs256())
        .issuer("https://issuer.example")
        .audience("api")
        .build()
        .unwrap();
    let exp = NOW + 600;
    let cases = [
        (
            format!(r#"{{"iss":["https://issuer.example"],"aud":"api","exp":{exp}}}"#),
            ClaimName::Iss,
        ),
        (
            format!(r#"{{"iss":"https://issuer.example","aud":7,"exp":{exp}}}"#),
            ClaimName::Aud,
        ),
        (
            format!(r#"{{"iss":"https://issuer.example","aud":{{"0":"api"}},"exp":{exp}}}"#),
            ClaimName::Aud,
        ),
        (
            format!(r#"{{"iss":"https://issuer.example","aud":"api","exp":"{exp}"}}"#),
            ClaimName::Exp,
        ),
        (
            r#"{"iss":"https://issuer.example","aud":"api","exp":null}"#.to_owned(),
            ClaimName::Exp,
        ),
        (
            format!(r#"{{"iss":"https://issuer.example","aud":"api","exp":{exp},"nbf":true}}"#),
            ClaimName::Nbf,
        ),
    ];
    for (payload, claim) in cases {
        let forged = signed(r#"{"alg":"HS256"}"#, &payload, &key);
        match verify(&validator, &forged) {
            Err(VerifyError::Claim(error)) => {
                assert_eq!(error.claim(), &claim, "{payload}");
                assert_eq!(error.failure(), ClaimFailure::Invalid, "{payload}");
            }
            other => panic!("{payload}: {other:?}"),
        }
    }
}

/// Huge tokens and headers are refused before any decoding work.
#[test]
fn huge_tokens_and_headers() {
    let validator = hs256_validator();
    let huge = "a".repeat(jwt_ring::DEFAULT_MAX_TOKEN_LEN + 1);
    assert!(matches!(
        verify(&validator, &huge),
        Err(VerifyError::Malformed(Malformed::TooLong { .. }))
    ));
    let big_header = format!(
        r#"{{"alg":"HS256","pad":"{}"}}"#,
        "x".repeat(jwt_ring::MAX_HEADER_LEN)
    );
    let forged = signed(&big_header, &claims_json(), &hs256());
    assert!(matches!(
        verify(&validator, &forged),
        Err(VerifyError::Malformed(Malformed::TooLarge(Part::Header)))
    ));
}

/// Deeply nested JSON cannot exhaust the stack, in the header or the claims.
#[test]
fn deep_json_nesting() {
    let key = hs256();
    let validator = hs256_validator();
    let deep = format!(
        r#"{{"exp":{},"a":{}{}}}"#,
        NOW + 600,
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let in_payload = signed(r#"{"alg":"HS256"}"#, &deep, &key);
    // Skipped without recursion when the claims type ignores it...
    assert!(verify(&validator, &in_payload).is_ok());
    // ...and refused at the JSON depth limit when the claims type descends into it.
    assert!(matches!(
        validator.verify_at::<serde_json::Value>(&in_payload, now()),
        Err(VerifyError::Malformed(Malformed::Json(Part::Payload)))
    ));
    let deep_header = format!(
        r#"{{"alg":"HS256","a":{}{}}}"#,
        "[".repeat(3000),
        "]".repeat(3000)
    );
    let in_header = signed(&deep_header, &claims_json(), &key);
    // Unknown header members are skipped without recursion, so depth costs nothing there.
    assert!(verify(&validator, &in_header).is_ok());
}

/// Many dots cost no allocation per dot and are rejected early (the CVE-2025-30204 class).
#[test]
fn many_dots() {
    let validator = hs256_validator();
    assert!(matches!(
        verify(&validator, "...."),
        Err(VerifyError::Malformed(Malformed::Jwe))
    ));
    for count in [3, 5, 1000, jwt_ring::DEFAULT_MAX_TOKEN_LEN] {
        let dots = ".".repeat(count);
        assert!(matches!(
            verify(&validator, &dots),
            Err(VerifyError::Malformed(Malformed::SegmentCount))
        ));
    }
    let too_many = ".".repeat(10 * jwt_ring::DEFAULT_MAX_TOKEN_LEN);
    assert!(matches!(
        verify(&validator, &too_many),
        Err(VerifyError::Malformed(Malformed::TooLong { .. }))
    ));
}

/// Only the canonical base64url form of each segment is accepted, so a signature cannot be
/// "re-encoded" into a different token that still verifies.
#[test]
fn non_canonical_base64url() {
    let key = hs256();
    let validator = hs256_validator();
    let good = signed(r#"{"alg":"HS256"}"#, &claims_json(), &key);
    assert!(verify(&validator, &good).is_ok());
    let (input, signature) = good.rsplit_once('.').unwrap();
    // 32 bytes encode to 43 characters whose last one carries 2 unused bits.
    let last = signature.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let index = alphabet.find(last).unwrap();
    let sibling = alphabet.chars().nth(index ^ 1).unwrap();
    let mut non_canonical = signature.to_owned();
    non_canonical.pop();
    non_canonical.push(sibling);
    let mut variants = vec![
        format!("{input}.{non_canonical}"),
        format!("{input}.{signature}="),
        format!("{input}.{signature} "),
        format!("{input}.\n{signature}"),
        format!("{input}.+{}", &signature[1..]),
        format!("{input}./{}", &signature[1..]),
    ];
    let standard_alphabet = signature.replace('-', "+").replace('_', "/");
    if standard_alphabet != signature {
        variants.push(format!("{input}.{standard_alphabet}"));
    }
    for variant in variants {
        assert!(
            matches!(
                verify(&validator, &variant),
                Err(VerifyError::Malformed(Malformed::Base64(Part::Signature)))
            ),
            "{variant:?}"
        );
    }
}

/// JWE-shaped (five-segment) input is reported as such.
#[test]
fn jwe_shaped_input() {
    let jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d";
    assert!(matches!(
        verify(&hs256_validator(), jwe),
        Err(VerifyError::Malformed(Malformed::Jwe))
    ));
}

/// A bad signature is reported alone, even when the claims are also expired: the claims are
/// never looked at (the CVE-2024-51744 class, where both errors came back together).
#[test]
fn signature_failure_is_never_a_claim_error() {
    let key = hs256();
    let expired = format!(r#"{{"sub":"alice","exp":{}}}"#, NOW - 3600);
    let token = signed(r#"{"alg":"HS256"}"#, &expired, &key);
    let (input, _) = token.rsplit_once('.').unwrap();
    let tampered = format!("{input}.{}", B64.encode([7u8; 32]));
    assert!(matches!(
        verify(&hs256_validator(), &tampered),
        Err(VerifyError::InvalidSignature)
    ));
    assert!(matches!(
        verify(&hs256_validator(), &token),
        Err(VerifyError::Claim(e)) if e.failure() == ClaimFailure::Expired
    ));
}

/// HMAC secrets shorter than the hash output are refused (RFC 7518 §3.2, RFC 8725 §3.5).
#[test]
fn hmac_secret_shorter_than_the_hash() {
    for (alg, len) in [(&hmac::HS256, 32), (&hmac::HS384, 48), (&hmac::HS512, 64)] {
        let error: KeyRejected = hmac::Key::new(alg, &vec![1u8; len - 1]).unwrap_err();
        assert!(error.reason().contains("shorter"));
        assert!(hmac::Key::new(alg, &vec![1u8; len]).is_ok());
    }
    assert!(jwt_ring::dangerous::hmac_key_with_short_secret(&hmac::HS256, b"").is_err());
}

/// RSA keys under 2048 bits are refused (RFC 7518 §3.3, RFC 8725 §3.2).
#[test]
fn rsa_keys_under_2048_bits() {
    let error = rsa::SigningKey::from_pkcs8(&rsa::RS256, RSA_1024_PKCS8).unwrap_err();
    assert!(error.reason().contains("2048") || error.reason().contains("RSA"));
}

/// `kid` is an opaque lookup key: path traversal or injection text just finds no key
/// (RFC 8725 §3.10).
#[test]
fn kid_injection() {
    let key = hs256().with_key_id("2026-01");
    let validator = Validator::builder().key(key.clone()).build().unwrap();
    for kid in [
        "../../../../dev/null",
        "' OR '1'='1",
        "2026-01\u{0}",
        "2026-01 ",
    ] {
        let header = format!(
            r#"{{"alg":"HS256","kid":{}}}"#,
            serde_json::to_string(kid).unwrap()
        );
        let attacker = hmac::Key::new(&hmac::HS256, &[0u8; 32]).unwrap();
        let forged = signed(&header, &claims_json(), &attacker);
        assert!(matches!(
            verify(&validator, &forged),
            Err(VerifyError::NoMatchingKey)
        ));
    }
}

/// A token minted for another service (other `aud`) is rejected even by a validator that
/// configured no audience (RFC 7519 §4.1.3; CVE-2020-26160 class).
#[test]
fn audience_for_another_service() {
    let key = hs256();
    let claims = Claims::registered_only()
        .with_audience("billing")
        .with_expiry(NumericDate::from_unix(NOW + 600).unwrap());
    let token = encode(&Header::new(), &claims, &key).unwrap();
    assert!(matches!(
        verify(&hs256_validator(), &token),
        Err(VerifyError::Claim(e)) if e.failure() == ClaimFailure::Unexpected
    ));
    let api = Validator::builder()
        .key(key)
        .audience("api")
        .build()
        .unwrap();
    assert!(matches!(
        verify(&api, &token),
        Err(VerifyError::Claim(e)) if e.failure() == ClaimFailure::NotAccepted
    ));
}

/// One kind of JWT is not accepted as another when `typ` is asserted (RFC 8725 §3.11, §3.12).
#[test]
fn token_of_another_kind() {
    let key = hs256();
    let claims = Claims::registered_only().with_expiry(NumericDate::from_unix(NOW + 600).unwrap());
    let id_token = encode(&Header::new(), &claims, &key).unwrap();
    let access_validator = Validator::builder().key(key).typ("at+jwt").build().unwrap();
    assert!(matches!(
        verify(&access_validator, &id_token),
        Err(VerifyError::Header(HeaderError::UnexpectedType))
    ));
}

/// The allowed-algorithm list narrows what keys accept.
#[test]
fn algorithm_list_narrows() {
    let key = hs256();
    let token = signed(r#"{"alg":"HS256"}"#, &claims_json(), &key);
    let validator = Validator::builder()
        .key(key)
        .algorithms(["ES256"])
        .build()
        .unwrap();
    assert!(matches!(
        verify(&validator, &token),
        Err(VerifyError::AlgorithmNotAllowed)
    ));
}

/// Header and claims must be UTF-8 (RFC 8725 §3.7).
#[test]
fn non_utf8_json() {
    let key = hs256();
    let sign_raw = |header: &[u8], payload: &[u8]| {
        let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
        let signature = key.sign(input.as_bytes()).unwrap();
        format!("{input}.{}", B64.encode(signature))
    };
    let bad_header = sign_raw(
        b"{\"alg\":\"HS256\",\"x\":\"\xff\"}",
        claims_json().as_bytes(),
    );
    assert!(matches!(
        verify(&hs256_validator(), &bad_header),
        Err(VerifyError::Malformed(Malformed::Utf8(Part::Header)))
    ));
    let payload = format!(r#"{{"sub":"alice","exp":{},"x":"_"}}"#, NOW + 600);
    let mut bad_payload = payload.into_bytes();
    bad_payload.insert(bad_payload.len() - 2, 0xc0);
    let bad_payload = sign_raw(br#"{"alg":"HS256"}"#, &bad_payload);
    assert!(matches!(
        verify(&hs256_validator(), &bad_payload),
        Err(VerifyError::Malformed(Malformed::Utf8(Part::Payload)))
    ));
}
