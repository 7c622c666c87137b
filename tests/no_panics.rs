//! Property tests: mutated tokens, headers, claims, JWKs, JWK Sets and PEM/DER keys are answered
//! with `Ok` or a typed error, never a panic (proptest turns any panic into a failing case), and
//! what is accepted is consistent. A second group checks that any generated claims set survives
//! encode -> verify_at unchanged for HS256 and EdDSA.
//!
//! Mutations: bit flips, truncation, deleting or duplicating a range, splicing two inputs,
//! inserting unicode and JSON punctuation, replacing a number with a huge, negative, fractional,
//! exponent (`1e400`) or non-JSON number, and duplicating an object's first member. Token
//! properties mutate both the compact text (the signature then no longer matches) and the header
//! and payload JSON before signing, so that mutated JSON gets past the signature check and reaches
//! the header and claims readers.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jwt_ring::jwk::{Jwk, JwkSet, ThumbprintHash};
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{
    Audience, Claims, Header, NoCustomClaims, NumericDate, Signer, UntrustedToken, Validator,
    Verifier, VerifyError, dangerous, ecdsa, eddsa, encode, hmac, rsa,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// 2026-01-01T00:00:00Z plus a minute: the fixed clock.
const NOW: i64 = 1_767_225_660;
/// 9999-12-31T23:59:59Z, the last instant a `NumericDate` holds.
const MAX_DATE: i64 = 253_402_300_799;
const HS256_SECRET: &[u8] = b"fixed HS256 secret for the no-panics property tests";
const ISSUER: &str = "https://issuer.example";
const AUDIENCE: &str = "api";

fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

const INSERTS: &[&str] = &[
    "\u{0}",
    "\u{7f}",
    "é",
    "\u{FEFF}",
    "𝄞",
    "\u{202E}",
    "\u{2028}",
    "\u{10FFFF}",
    "\u{FFFD}",
    "\\u0000",
    "\\ud800",
    "\\udc00x",
    "\\",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    ".",
    "=",
    "+",
    "/",
    " ",
    "\n",
    "\t",
    "null",
    "true",
    "-",
    "1e400",
    "{\"a\":",
    "\"exp\":1,",
];

const NUMBERS: &[&str] = &[
    "99999999999999999999999999999",
    "18446744073709551616",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "253402300800",
    "253402300799",
    "-1",
    "-0",
    "0.5",
    "1.0",
    "1767225600.999",
    "1e400",
    "-1e400",
    "1e-400",
    "1E3",
    "00",
    "0x1F",
    "NaN",
    "Infinity",
];

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(Index, u8),
    Truncate(Index),
    Delete(Index, usize),
    Duplicate(Index, usize),
    Splice(Index, Index, Index),
    Insert(Index, &'static str),
    ReplaceNumber(Index, &'static str),
    DuplicateFirstMember,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 1usize..16).prop_map(|(at, len)| Mutation::Delete(at, len)),
        1 => (any::<Index>(), 1usize..16).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        1 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(at, other, from)| Mutation::Splice(at, other, from)),
        2 => (any::<Index>(), proptest::sample::select(INSERTS))
            .prop_map(|(at, text)| Mutation::Insert(at, text)),
        2 => (any::<Index>(), proptest::sample::select(NUMBERS))
            .prop_map(|(nth, number)| Mutation::ReplaceNumber(nth, number)),
        1 => Just(Mutation::DuplicateFirstMember),
    ]
}

fn mutations(min: usize) -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), min..4)
}

/// Header mutations are rarer than payload ones, so that most cases reach the claims reader.
fn header_mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop_oneof![3 => Just(Vec::new()), 1 => mutations(1)]
}

/// An index into `len` items, or `None` when there are none.
fn pick(index: &Index, len: usize) -> Option<usize> {
    (len > 0).then(|| index.index(len))
}

/// The byte ranges of the number-like runs in `bytes` (digits, signs, dots and exponents).
fn numbers(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit()
            || (bytes[i] == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < bytes.len()
                && matches!(bytes[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
            {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

fn apply(input: &[u8], mutation: &Mutation, pool: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    match mutation {
        Mutation::FlipBit(at, bit) => {
            if let Some(i) = pick(at, out.len()) {
                out[i] ^= 1 << bit;
            }
        }
        Mutation::Truncate(at) => {
            let keep = at.index(out.len() + 1);
            out.truncate(keep);
        }
        Mutation::Delete(at, len) => {
            if let Some(i) = pick(at, out.len()) {
                let end = (i + len).min(out.len());
                out.drain(i..end);
            }
        }
        Mutation::Duplicate(at, len) => {
            if let Some(i) = pick(at, out.len()) {
                let end = (i + len).min(out.len());
                let copy = out[i..end].to_vec();
                out.splice(end..end, copy);
            }
        }
        Mutation::Splice(at, other, from) => {
            let other = &pool[other.index(pool.len())];
            let cut = at.index(out.len() + 1);
            let from = from.index(other.len() + 1);
            out.truncate(cut);
            out.extend_from_slice(&other[from..]);
        }
        Mutation::Insert(at, text) => {
            let i = at.index(out.len() + 1);
            out.splice(i..i, text.bytes());
        }
        Mutation::ReplaceNumber(nth, number) => {
            let runs = numbers(&out);
            if let Some(i) = pick(nth, runs.len()) {
                let (start, end) = runs[i];
                out.splice(start..end, number.bytes());
            }
        }
        Mutation::DuplicateFirstMember => {
            // `{"a":1,"b":2}` -> `{"a":1,"a":1,"b":2}`: the first member up to the first comma.
            if let Some(open) = out.iter().position(|&b| b == b'{') {
                if let Some(comma) = out[open..].iter().position(|&b| b == b',') {
                    let member = out[open + 1..=open + comma].to_vec();
                    out.splice(open + 1..open + 1, member);
                }
            }
        }
    }
    out
}

fn apply_all(input: &[u8], mutations: &[Mutation], pool: &[Vec<u8>]) -> Vec<u8> {
    mutations
        .iter()
        .fold(input.to_vec(), |acc, m| apply(&acc, m, pool))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------

/// The `kid` of the validators' keys (tokens may name it or leave `kid` out).
const KID: &str = "key-1";

fn hs256_key() -> hmac::Key {
    hmac::Key::new(&hmac::HS256, HS256_SECRET)
        .unwrap()
        .with_key_id(KID)
}

fn es256_key() -> ecdsa::SigningKey {
    ecdsa::SigningKey::from_pem(
        &ecdsa::ES256,
        include_str!("interop/keys/ES256.private.pem"),
    )
    .unwrap()
    .with_key_id(KID)
}

fn eddsa_key() -> eddsa::SigningKey {
    eddsa::SigningKey::from_pem(include_str!("interop/keys/EdDSA.private.pem")).unwrap()
}

fn validator(key: impl Verifier + 'static) -> Validator {
    Validator::builder()
        .key(key)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build()
        .unwrap()
}

const HEADERS: &[&str] = &[
    r#"{"alg":"HS256","typ":"JWT"}"#,
    r#"{"alg":"HS256"}"#,
    r#"{"typ":"JWT","alg":"HS256","kid":"key-1","cty":"JWT"}"#,
    r#"{"alg":"HS256","crit":["exp"],"exp":1767229200}"#,
    r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
    r#"{"alg":"HS256","x5c":["AAAA"],"x5t#S256":"AAAA","jku":"https://a.example/jwks","jwk":{"kty":"oct","k":"AAAA"}}"#,
    r#"{"alg":"ES256","typ":"at+jwt","kid":"key-1"}"#,
    r#"{"alg":"none"}"#,
    r#"{"alg":["HS256"],"typ":1.5e3}"#,
];

const PAYLOADS: &[&str] = &[
    r#"{"iss":"https://issuer.example","sub":"alice","aud":["api","other"],"exp":1767229200,"nbf":1767225600,"iat":1767225600,"jti":"id-1","scope":"read write","n":42,"nested":{"a":[1,2.5,{"b":null}],"t":"h\u00e9llo \ud834\udd1e"}}"#,
    r#"{"iss":"https://issuer.example","aud":"api","exp":1767229200}"#,
    r#"{"iss":"https://issuer.example","aud":["api"],"exp":253402300799,"sub":"","jti":""}"#,
    r#"{"iss":"https://issuer.example","aud":"api","exp":1767229200,"deep":[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]}"#,
    r#"{"exp":1767229200,"aud":"api","iss":"https://issuer.example","nbf":1767225600.5,"iat":-1}"#,
    r#"{"iss":null,"aud":{},"exp":"1767229200","sub":7}"#,
    r#"[1,2,3]"#,
];

/// The headers and payloads a validator accepts before mutation: `HEADERS[..VALID_HEADERS]`
/// and `PAYLOADS[..VALID_PAYLOADS]`; the rest are refused as they stand.
const VALID_HEADERS: usize = 3;
const VALID_PAYLOADS: usize = 4;

/// A seed index: usually one of the first `valid` seeds, sometimes any.
fn seed(valid: usize) -> impl Strategy<Value = usize> {
    prop_oneof![3 => 0..valid, 1 => 0..HEADERS.len().min(PAYLOADS.len())]
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A compact token over arbitrary header and payload bytes, correctly signed by `signer`.
fn sign_raw(header: &[u8], payload: &[u8], signer: &dyn Signer) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let signature = signer.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64(&signature))
}

fn es256_header(header: &str) -> String {
    header.replace("\"HS256\"", "\"ES256\"")
}

/// Valid tokens of several algorithms and shapes: the starting points for text mutations.
fn token_pool() -> Vec<Vec<u8>> {
    let hs = hs256_key();
    let es = es256_key();
    let ed = eddsa_key();
    let rs = rsa::SigningKey::from_pem(&rsa::RS256, include_str!("interop/keys/RS256.private.pem"))
        .unwrap();
    let mut pool: Vec<Vec<u8>> = PAYLOADS
        .iter()
        .map(|p| sign_raw(HEADERS[0].as_bytes(), p.as_bytes(), &hs).into_bytes())
        .collect();
    pool.push(
        sign_raw(
            es256_header(HEADERS[0]).as_bytes(),
            PAYLOADS[0].as_bytes(),
            &es,
        )
        .into_bytes(),
    );
    pool.push(sign_raw(br#"{"alg":"EdDSA"}"#, PAYLOADS[1].as_bytes(), &ed).into_bytes());
    pool.push(sign_raw(br#"{"alg":"RS256","kid":"k"}"#, PAYLOADS[0].as_bytes(), &rs).into_bytes());
    pool.push(sign_raw(HEADERS[3].as_bytes(), PAYLOADS[1].as_bytes(), &hs).into_bytes());
    pool
}

fn json_pool(items: &[&str]) -> Vec<Vec<u8>> {
    items.iter().map(|s| s.as_bytes().to_vec()).collect()
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Typed {
    scope: String,
    n: u8,
    nested: Option<BTreeMap<String, Value>>,
}

/// Parses and reads every accessor; checks the parts are consistent with the text.
fn parse_and_inspect(token: &str) {
    if let Ok(parsed) = UntrustedToken::parse(token) {
        assert!(token.starts_with(parsed.signing_input()));
        assert_eq!(parsed.signing_input().matches('.').count(), 1);
        assert!(parsed.signature().len() <= jwt_ring::MAX_SIGNATURE_LEN);
        assert_eq!(parsed.header().algorithm(), Some(parsed.algorithm()));
        let header = parsed.header();
        let _ = (
            header.typ(),
            header.kid(),
            header.critical(),
            header.content_type(),
        );
        let _ = header.extra::<Map<String, Value>>();
    }
}

/// Verifies with every claims type, and checks an accepted token reads the same unverified.
fn verify_all_ways(validator: &Validator, token: &str) -> bool {
    let _ = validator.verify_at::<Typed>(token, now());
    let _ = validator.verify_at::<NoCustomClaims>(token, now());
    let unverified = dangerous::decode_unverified::<Map<String, Value>>(token);
    match validator.verify_at::<Map<String, Value>>(token, now()) {
        Ok(verified) => {
            let unverified = unverified.expect("a verified token decodes unverified");
            assert_eq!(verified.claims(), unverified.claims());
            assert_eq!(
                verified.header().algorithm(),
                unverified.header().algorithm()
            );
            true
        }
        Err(error) => {
            // Errors are typed and quiet: they never repeat the secret.
            let message = error.to_string();
            assert!(!message.is_empty());
            assert!(!message.contains(std::str::from_utf8(HS256_SECRET).unwrap()));
            false
        }
    }
}

/// The harness is sound: unmutated seeds verify, so mutated cases are refused for what the
/// mutation did, not because the setup never accepts anything.
#[test]
fn seeds_verify_before_mutation() {
    let hs = validator(hs256_key());
    let es = validator(es256_key().verifying_key());
    for header in &HEADERS[..VALID_HEADERS] {
        for payload in &PAYLOADS[..VALID_PAYLOADS] {
            let token = sign_raw(header.as_bytes(), payload.as_bytes(), &hs256_key());
            assert!(verify_all_ways(&hs, &token), "{header} {payload}");
            let token = sign_raw(
                es256_header(header).as_bytes(),
                payload.as_bytes(),
                &es256_key(),
            );
            assert!(verify_all_ways(&es, &token), "{header} {payload}");
        }
    }
    for token in token_pool() {
        let token = String::from_utf8(token).unwrap();
        assert!(UntrustedToken::parse(&token).is_ok(), "{token}");
    }
}

proptest! {
    #![proptest_config(config())]

    /// Text mutations of valid tokens: parsing and verifying never panic, and a token that is
    /// not byte-identical to a validly signed one never verifies.
    #[test]
    fn mutated_token_text_never_panics(seed in any::<Index>(), muts in mutations(1)) {
        let pool = token_pool();
        let original = &pool[seed.index(pool.len())];
        let mutated = text(&apply_all(original, &muts, &pool));
        parse_and_inspect(&mutated);
        let _ = dangerous::decode_unverified::<NoCustomClaims>(&mutated);
        let _ = dangerous::decode_unverified::<Typed>(&mutated);
        let hs_ok = verify_all_ways(&validator(hs256_key()), &mutated);
        let es_ok = verify_all_ways(&validator(es256_key().verifying_key()), &mutated);
        if hs_ok || es_ok {
            prop_assert!(pool.iter().any(|t| t == mutated.as_bytes()), "forged: {mutated}");
        }
    }

    /// Mutated header and payload JSON, correctly signed (HS256): the header and claims readers
    /// see the mutations, never panic, and agree with decode_unverified on what they accept.
    #[test]
    fn signed_mutated_json_never_panics_hs256(
        header in seed(VALID_HEADERS),
        payload in seed(VALID_PAYLOADS),
        header_muts in header_mutations(),
        payload_muts in mutations(1),
    ) {
        let headers = json_pool(HEADERS);
        let payloads = json_pool(PAYLOADS);
        let h = apply_all(&headers[header], &header_muts, &headers);
        let p = apply_all(&payloads[payload], &payload_muts, &payloads);
        let token = sign_raw(&h, &p, &hs256_key());
        parse_and_inspect(&token);
        let _ = dangerous::decode_unverified::<Typed>(&token);
        verify_all_ways(&validator(hs256_key()), &token);
    }

    /// The same for ES256, whose header must say ES256 to get to the claims.
    #[test]
    fn signed_mutated_json_never_panics_es256(
        header in seed(VALID_HEADERS),
        payload in seed(VALID_PAYLOADS),
        header_muts in header_mutations(),
        payload_muts in mutations(1),
    ) {
        let headers: Vec<Vec<u8>> = HEADERS.iter().map(|h| es256_header(h).into_bytes()).collect();
        let payloads = json_pool(PAYLOADS);
        let h = apply_all(&headers[header], &header_muts, &headers);
        let p = apply_all(&payloads[payload], &payload_muts, &payloads);
        let key = es256_key();
        let token = sign_raw(&h, &p, &key);
        parse_and_inspect(&token);
        verify_all_ways(&validator(key.verifying_key()), &token);
    }

    /// Arbitrary bytes and strings.
    #[test]
    fn arbitrary_text_never_panics(input in ".{0,200}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for candidate in [input.clone(), text(&bytes), format!("{input}.{input}.{input}"),
                          format!("{}.{}.{}", b64(&bytes), b64(input.as_bytes()), b64(&bytes))] {
            parse_and_inspect(&candidate);
            let _ = dangerous::decode_unverified::<Map<String, Value>>(&candidate);
            prop_assert!(!verify_all_ways(&validator(hs256_key()), &candidate));
            let _ = Jwk::from_json(&candidate);
            let _ = JwkSet::from_json(&candidate);
            let _ = rsa::VerifyingKey::from_pem(&rsa::RS256, &candidate);
            let _ = ecdsa::VerifyingKey::from_pem(&ecdsa::ES256, &candidate);
            let _ = eddsa::VerifyingKey::from_pem(&candidate);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JWK and JWK Set
// ---------------------------------------------------------------------------------------------

const JWKS: &[&str] = &[
    include_str!("interop/keys/HS256.private.jwk.json"),
    include_str!("interop/keys/HS512.private.jwk.json"),
    include_str!("interop/keys/RS256.private.jwk.json"),
    include_str!("interop/keys/PS384.public.jwk.json"),
    include_str!("interop/keys/ES256.private.jwk.json"),
    include_str!("interop/keys/ES256.public.jwk.json"),
    include_str!("interop/keys/ES384.private.jwk.json"),
    include_str!("interop/keys/ES384.public.jwk.json"),
    include_str!("interop/keys/EdDSA.private.jwk.json"),
    include_str!("interop/keys/EdDSA.public.jwk.json"),
    r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","key_ops":["sign","verify"]}"#,
    r#"{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo","use":"enc"}"#,
    r#"{"kty":"EC","crv":"P-521","x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt","y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1"}"#,
    r#"{"kty":"RSA","n":"AQAB","e":"AQAB","alg":"RS256"}"#,
];

const ALGS: &[&str] = &[
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "EdDSA", "Ed25519", "none", "",
];

/// Uses a parsed JWK every way there is, and checks export and thumbprints are stable.
fn exercise_jwk(jwk: &Jwk) {
    for alg in ALGS {
        if let Ok(verifier) = jwk.verifier_for(alg) {
            assert_eq!(verifier.algorithm(), *alg);
            assert!(verifier.verify(b"input", &[0u8; 64]).is_err());
        }
    }
    let _ = jwk.verifier();
    // Signing keys are costly to build (RSA keys are test-signed); build the key's own only.
    if let Ok(signer) = jwk.signer() {
        let signature = signer.sign(b"input").unwrap();
        if let Ok(verifier) = jwk
            .to_public()
            .and_then(|public| public.verifier_for(signer.algorithm()))
        {
            assert!(verifier.verify(b"input", &signature).is_ok());
        }
    }
    let _ = (
        jwk.key_type(),
        jwk.algorithm(),
        jwk.kid(),
        jwk.key_use(),
        jwk.key_ops(),
    );
    let _ = (jwk.is_private(), jwk.is_symmetric(), jwk.algorithms());
    let thumbprint = jwk.thumbprint(ThumbprintHash::Sha256);
    assert!(
        jwk.thumbprint_uri(ThumbprintHash::Sha256)
            .ends_with(&thumbprint)
    );
    let _ = jwk.thumbprint(ThumbprintHash::Sha384);
    let _ = jwk.thumbprint(ThumbprintHash::Sha512);
    // What was accepted exports to JSON that is accepted again, with the same thumbprint.
    let again = Jwk::from_json(&jwk.to_json()).expect("an exported JWK imports again");
    assert_eq!(again.thumbprint(ThumbprintHash::Sha256), thumbprint);
    if let Ok(public) = jwk.to_public() {
        assert!(!public.is_private() || public.is_symmetric());
        assert_eq!(public.thumbprint(ThumbprintHash::Sha256), thumbprint);
    }
}

const MEMBERS: &[&str] = &[
    "kty", "crv", "x", "y", "d", "n", "e", "k", "p", "q", "dp", "dq", "qi", "alg", "use",
    "key_ops", "kid", "oth", "ext", "x5c",
];

/// A value for a JWK member: one taken from a real key, fresh base64url, or a wrong type.
fn member_value() -> impl Strategy<Value = Option<Value>> {
    let real: Vec<Value> = JWKS
        .iter()
        .flat_map(|jwk| {
            let map: Map<String, Value> = serde_json::from_str(jwk).unwrap();
            map.into_values()
        })
        .collect();
    prop_oneof![
        4 => proptest::sample::select(real).prop_map(Some),
        2 => proptest::collection::vec(any::<u8>(), 0..80).prop_map(|b| Some(Value::from(b64(&b)))),
        1 => proptest::sample::select(ALGS).prop_map(|a| Some(Value::from(a))),
        1 => proptest::collection::vec(
            proptest::sample::select(&["sign", "verify", "encrypt", "deriveKey", ""][..]),
            0..4,
        )
        .prop_map(|ops| Some(Value::from(ops))),
        1 => any::<i64>().prop_map(|n| Some(Value::from(n))),
        1 => Just(Some(Value::Null)),
        1 => Just(Some(Value::Object(Map::new()))),
        1 => Just(None),
    ]
}

fn jwk_set_pool() -> Vec<Vec<u8>> {
    vec![
        format!(r#"{{"keys":[{},{}]}}"#, JWKS[5], JWKS[9]).into_bytes(),
        format!(r#"{{"keys":[{},{},{}]}}"#, JWKS[3], JWKS[7], JWKS[11]).into_bytes(),
        format!(r#"{{"keys":[{}],"extra":{{"a":[1,2]}}}}"#, JWKS[12]).into_bytes(),
        br#"{"keys":[]}"#.to_vec(),
        br#"{"keys":[{"kty":"EC"},{},null,7]}"#.to_vec(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_jwk_never_panics(seed in any::<Index>(), muts in mutations(1)) {
        let pool = json_pool(JWKS);
        let mutated = text(&apply_all(&pool[seed.index(pool.len())], &muts, &pool));
        match Jwk::from_json(&mutated) {
            Ok(jwk) => exercise_jwk(&jwk),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    /// Real JWKs with members replaced by other keys' values, fresh base64url or wrong types,
    /// or removed: structurally valid JSON that reaches every key check.
    #[test]
    fn jwk_with_replaced_members_never_panics(
        seed in any::<Index>(),
        changes in proptest::collection::vec(
            (proptest::sample::select(MEMBERS), member_value()),
            1..4,
        ),
    ) {
        let mut jwk: Map<String, Value> = serde_json::from_str(JWKS[seed.index(JWKS.len())]).unwrap();
        for (name, value) in changes {
            match value {
                Some(value) => jwk.insert(name.to_owned(), value),
                None => jwk.remove(name),
            };
        }
        let json = Value::Object(jwk).to_string();
        match Jwk::from_json(&json) {
            Ok(jwk) => exercise_jwk(&jwk),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn mutated_jwk_set_never_panics(seed in any::<Index>(), muts in mutations(1)) {
        let pool = jwk_set_pool();
        let mutated = text(&apply_all(&pool[seed.index(pool.len())], &muts, &pool));
        if let Ok(set) = JwkSet::from_json(&mutated) {
            for jwk in set.jwks() {
                let again = Jwk::from_json(&jwk.to_json());
                prop_assert!(again.is_ok(), "a key of an accepted set does not import alone");
                prop_assert_eq!(
                    again.unwrap().thumbprint(ThumbprintHash::Sha256),
                    jwk.thumbprint(ThumbprintHash::Sha256)
                );
            }
            for skipped in set.skipped() {
                let _ = format!("{skipped:?}");
            }
            let validator = Validator::builder().key_resolver(set).ignore_audience().build();
            if let Ok(validator) = validator {
                let token = sign_raw(br#"{"alg":"ES256","kid":"interop-ES256"}"#, PAYLOADS[1].as_bytes(), &es256_key());
                let _ = validator.verify_at::<NoCustomClaims>(&token, now());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PEM and DER
// ---------------------------------------------------------------------------------------------

const PEMS: &[&str] = &[
    include_str!("interop/keys/RS256.private.pem"),
    include_str!("interop/keys/RS256.public.pem"),
    include_str!("interop/keys/ES256.private.pem"),
    include_str!("interop/keys/ES256.public.pem"),
    include_str!("interop/keys/ES384.private.pem"),
    include_str!("interop/keys/EdDSA.private.pem"),
    include_str!("interop/keys/EdDSA.public.pem"),
    include_str!("fixtures/pem/rsa2048-pkcs1.pem"),
    include_str!("fixtures/pem/rsa2048-pkcs1-public.pem"),
    include_str!("fixtures/pem/rsa2048-cert.pem"),
    include_str!("fixtures/pem/p256-sec1.pem"),
    include_str!("fixtures/pem/p256-cert.pem"),
    include_str!("fixtures/pem/p384-sec1.pem"),
    include_str!("fixtures/pem/ed25519-cert.pem"),
    include_str!("fixtures/pem/ed25519-pkcs8-v2.pem"),
    include_str!("fixtures/pem/encrypted-pkcs8.pem"),
];

/// (label, DER) of a PEM document, read leniently (the seeds are well-formed).
fn unwrap_pem(pem: &str) -> (String, Vec<u8>) {
    let mut lines = pem.lines().filter(|l| !l.is_empty());
    let first = lines.next().unwrap();
    let label = first
        .trim_start_matches("-----BEGIN ")
        .trim_end_matches("-----")
        .to_owned();
    let body: String = lines.take_while(|l| !l.starts_with("-----END")).collect();
    (label, STANDARD.decode(body).unwrap())
}

fn wrap_pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(chunk).unwrap());
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}

fn check_signer(signer: &dyn Signer, verifier: &dyn Verifier) {
    let signature = signer.sign(b"input").unwrap();
    assert!(verifier.verify(b"input", &signature).is_ok());
}

/// Every PEM constructor; a signing key that loads must sign what its verifying key accepts.
fn all_pem_constructors(pem: &str) {
    if let Ok(key) = rsa::SigningKey::from_pem(&rsa::RS256, pem) {
        check_signer(&key, &key.verifying_key());
    }
    let _ = rsa::VerifyingKey::from_pem(&rsa::PS256, pem);
    for alg in [&ecdsa::ES256, &ecdsa::ES384] {
        if let Ok(key) = ecdsa::SigningKey::from_pem(alg, pem) {
            check_signer(&key, &key.verifying_key());
        }
        let _ = ecdsa::VerifyingKey::from_pem(alg, pem);
    }
    if let Ok(key) = eddsa::SigningKey::from_pem(pem) {
        check_signer(&key, &key.verifying_key());
    }
    let _ = eddsa::VerifyingKey::from_pem(pem);
}

/// Every DER constructor.
fn all_der_constructors(der: &[u8]) {
    if let Ok(key) = rsa::SigningKey::from_pkcs8(&rsa::RS384, der) {
        check_signer(&key, &key.verifying_key());
    }
    if let Ok(key) = rsa::SigningKey::from_pkcs1(&rsa::PS512, der) {
        check_signer(&key, &key.verifying_key());
    }
    let _ = rsa::VerifyingKey::from_spki_der(&rsa::RS256, der);
    let _ = rsa::VerifyingKey::from_pkcs1_der(&rsa::RS256, der);
    let _ = rsa::VerifyingKey::from_certificate_der(&rsa::RS256, der);
    for alg in [&ecdsa::ES256, &ecdsa::ES384] {
        if let Ok(key) = ecdsa::SigningKey::from_pkcs8(alg, der) {
            check_signer(&key, &key.verifying_key());
        }
        if let Ok(key) = ecdsa::SigningKey::from_sec1_der(alg, der) {
            check_signer(&key, &key.verifying_key());
        }
        let _ = ecdsa::VerifyingKey::from_spki_der(alg, der);
        let _ = ecdsa::VerifyingKey::from_certificate_der(alg, der);
    }
    if let Ok(key) = eddsa::SigningKey::from_pkcs8(der) {
        check_signer(&key, &key.verifying_key());
    }
    let _ = eddsa::VerifyingKey::from_spki_der(der);
    let _ = eddsa::VerifyingKey::from_certificate_der(der);
}

proptest! {
    #![proptest_config(config())]

    /// Mutations of the PEM text (labels, armour, base64 body).
    #[test]
    fn mutated_pem_text_never_panics(seed in any::<Index>(), muts in mutations(1)) {
        let pool = json_pool(PEMS);
        let mutated = text(&apply_all(&pool[seed.index(pool.len())], &muts, &pool));
        all_pem_constructors(&mutated);
    }

    /// Mutations of the DER inside well-formed PEM armour, and of the bare DER.
    #[test]
    fn mutated_der_never_panics(seed in any::<Index>(), muts in mutations(1)) {
        let ders: Vec<(String, Vec<u8>)> = PEMS.iter().map(|p| unwrap_pem(p)).collect();
        let pool: Vec<Vec<u8>> = ders.iter().map(|(_, der)| der.clone()).collect();
        let (label, der) = &ders[seed.index(ders.len())];
        let mutated = apply_all(der, &muts, &pool);
        all_pem_constructors(&wrap_pem(label, &mutated));
        all_der_constructors(&mutated);
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Custom {
    role: String,
    level: i64,
    flag: Option<bool>,
    tags: Vec<String>,
    meta: BTreeMap<String, String>,
}

fn custom() -> impl Strategy<Value = Custom> {
    (
        any::<String>(),
        any::<i64>(),
        any::<Option<bool>>(),
        proptest::collection::vec(any::<String>(), 0..4),
        proptest::collection::btree_map("[a-z]{1,8}", any::<String>(), 0..4),
    )
        .prop_map(|(role, level, flag, tags, meta)| Custom {
            role,
            level,
            flag,
            tags,
            meta,
        })
}

fn audience() -> impl Strategy<Value = Option<Audience>> {
    prop_oneof![
        Just(None),
        any::<String>().prop_map(|a| Some(Audience::One(a))),
        proptest::collection::vec(any::<String>(), 1..5).prop_map(|a| Some(Audience::Many(a))),
    ]
}

fn date(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = NumericDate> {
    range.prop_map(|unix| NumericDate::from_unix(unix).unwrap())
}

prop_compose! {
    fn claims()(
        iss in proptest::option::of(any::<String>()),
        sub in proptest::option::of(any::<String>()),
        jti in proptest::option::of(any::<String>()),
        aud in audience(),
        exp in date(NOW + 1..=MAX_DATE),
        nbf in proptest::option::of(date(0..=NOW)),
        iat in proptest::option::of(date(0..=NOW)),
        custom in custom(),
    ) -> Claims<Custom> {
        let mut claims = Claims::new(custom).with_expiry(exp);
        if let Some(iss) = iss { claims = claims.with_issuer(iss); }
        if let Some(sub) = sub { claims = claims.with_subject(sub); }
        if let Some(jti) = jti { claims = claims.with_jwt_id(jti); }
        if let Some(aud) = aud { claims = claims.with_audience(aud); }
        if let Some(nbf) = nbf { claims = claims.with_not_before(nbf); }
        if let Some(iat) = iat { claims = claims.with_issued_at(iat); }
        claims
    }
}

fn round_trip(claims: &Claims<Custom>, signer: &dyn Signer, verifier: impl Verifier + 'static) {
    let token = encode(&Header::new(), claims, signer).unwrap();
    let validator = Validator::builder()
        .key(verifier)
        .ignore_audience()
        .build()
        .unwrap();
    let verified = validator.verify_at::<Custom>(&token, now()).unwrap();
    assert_eq!(verified.claims(), claims);
    // One second after `exp` the same token is expired.
    let exp = claims.registered.exp().unwrap().unix();
    if exp < MAX_DATE {
        let later = OffsetDateTime::from_unix_timestamp(exp + 1).unwrap();
        assert!(matches!(
            validator.verify_at::<Custom>(&token, later),
            Err(VerifyError::Claim(_))
        ));
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn claims_round_trip_hs256(claims in claims()) {
        let key = hs256_key();
        round_trip(&claims, &key, hs256_key());
    }

    #[test]
    fn claims_round_trip_eddsa(claims in claims()) {
        let key = eddsa_key();
        round_trip(&claims, &key, key.verifying_key());
    }
}
