//! Malformed inputs: each one a typed error, none a panic.
//!
//! Tokens that must get past the signature check are signed over hand-made header and payload
//! bytes with a fixed HS256 key, so that the payload parser sees exactly the bytes under test.

mod common;

use std::collections::HashMap;

use common::{b64, hs256_key, now, segments, sign_raw, sign_segments};
use jwt_ring::{
    DEFAULT_MAX_TOKEN_LEN, HeaderError, MAX_HEADER_LEN, MAX_SIGNATURE_LEN, Malformed,
    NoCustomClaims, Part, UntrustedToken, Validator, VerifyError, dangerous,
};

const HEADER: &[u8] = br#"{"alg":"HS256","typ":"JWT"}"#;
/// `exp` ten minutes after the fixed clock.
const PAYLOAD: &[u8] = br#"{"sub":"alice","exp":1767226200}"#;

fn signed(header: &[u8], payload: &[u8]) -> String {
    sign_raw(header, payload, &hs256_key())
}

fn good() -> String {
    signed(HEADER, PAYLOAD)
}

fn validator() -> Validator {
    Validator::builder().key(hs256_key()).build().unwrap()
}

fn verify(validator: &Validator, token: &str) -> Result<(), VerifyError> {
    validator
        .verify_at::<NoCustomClaims>(token, now())
        .map(drop)
}

type Expect = fn(&VerifyError) -> bool;

/// Where a case is caught: by parsing (so `UntrustedToken::parse`, `decode_unverified` and the
/// validator all report it), by reading the payload (the signature holds, so
/// `decode_unverified` and the validator report it), or by a validator policy.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    Parse,
    Payload,
    Policy,
}

struct Case {
    name: String,
    token: String,
    stage: Stage,
    expected: Expect,
}

fn case(name: impl Into<String>, token: impl Into<String>, stage: Stage, expected: Expect) -> Case {
    Case {
        name: name.into(),
        token: token.into(),
        stage,
        expected,
    }
}

fn run(cases: Vec<Case>) {
    let validator = validator();
    assert!(!cases.is_empty());
    for Case {
        name,
        token,
        stage,
        expected,
    } in cases
    {
        let result = verify(&validator, &token);
        let Err(error) = result else {
            panic!("{name}: accepted by the validator");
        };
        assert!(expected(&error), "{name}: validator said {error:?}");

        let parsed = UntrustedToken::parse(&token);
        match stage {
            Stage::Parse => {
                let error = parsed.unwrap_err();
                assert!(expected(&error), "{name}: parse said {error:?}");
            }
            Stage::Payload | Stage::Policy => {
                assert!(parsed.is_ok(), "{name}: parse said {parsed:?}");
            }
        }

        let unverified = dangerous::decode_unverified::<NoCustomClaims>(&token);
        match stage {
            Stage::Parse | Stage::Payload => {
                let error = unverified.unwrap_err();
                assert!(expected(&error), "{name}: decode_unverified said {error:?}");
            }
            Stage::Policy => assert!(unverified.is_ok(), "{name}: {unverified:?}"),
        }
    }
}

macro_rules! malformed {
    ($pattern:pat) => {
        (|error: &VerifyError| matches!(error, VerifyError::Malformed($pattern))) as Expect
    };
}

macro_rules! header_error {
    ($pattern:pat) => {
        (|error: &VerifyError| matches!(error, VerifyError::Header($pattern))) as Expect
    };
}

#[test]
fn the_good_token_verifies() {
    verify(&validator(), &good()).unwrap();
    UntrustedToken::parse(&good()).unwrap();
}

#[test]
fn wrong_segment_counts() {
    let good = good();
    let [h, p, s] = segments(&good);
    let mut cases = vec![
        case(
            "empty string",
            "",
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "one segment",
            h.clone(),
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "one dot",
            ".",
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "two segments",
            format!("{h}.{p}"),
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "four segments",
            format!("{good}.{s}"),
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "trailing dot",
            format!("{good}."),
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "five segments",
            format!("{h}.{h}.{p}.{p}.{s}"),
            Stage::Parse,
            malformed!(Malformed::Jwe),
        ),
        case(
            "five empty segments",
            "....",
            Stage::Parse,
            malformed!(Malformed::Jwe),
        ),
        case(
            "three dots",
            "...",
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "ten thousand dots",
            ".".repeat(10_000),
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "ten thousand segments",
            format!("{good}{}", ".x".repeat(10_000)),
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
    ];
    for count in 6..=9 {
        cases.push(case(
            format!("{count} segments"),
            vec![h.as_str(); count].join("."),
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ));
    }
    run(cases);
}

#[test]
fn empty_segments() {
    let good = good();
    let [h, p, s] = segments(&good);
    run(vec![
        case(
            "two dots",
            "..",
            Stage::Parse,
            malformed!(Malformed::Empty(Part::Header)),
        ),
        case(
            "empty header",
            format!(".{p}.{s}"),
            Stage::Parse,
            malformed!(Malformed::Empty(Part::Header)),
        ),
        case(
            "empty signature",
            format!("{h}.{p}."),
            Stage::Parse,
            malformed!(Malformed::Empty(Part::Signature)),
        ),
        case(
            "empty payload, validly signed",
            sign_segments(&h, "", &hs256_key()),
            Stage::Payload,
            malformed!(Malformed::Json(Part::Payload)),
        ),
    ]);
}

/// Replaces the character at `index` of segment `part` by `with`.
fn edit(token: &str, part: usize, index: usize, with: &str) -> String {
    let mut parts = segments(token);
    parts[part].replace_range(index..index + 1, with);
    parts.join(".")
}

/// Inserts `text` at `index` of segment `part`.
fn insert(token: &str, part: usize, index: usize, text: &str) -> String {
    let mut parts = segments(token);
    parts[part].insert_str(index, text);
    parts.join(".")
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Sets the lowest (unused) bit of the last character of segment `part`.
fn non_canonical(token: &str, part: usize) -> String {
    let mut parts = segments(token);
    let segment = &mut parts[part];
    assert_ne!(
        segment.len() % 4,
        0,
        "the last character must carry unused bits"
    );
    let last = segment.pop().unwrap();
    let index = ALPHABET
        .iter()
        .position(|c| char::from(*c) == last)
        .unwrap();
    assert_eq!(index & 1, 0, "canonical to begin with");
    segment.push(char::from(ALPHABET[index | 1]));
    parts.join(".")
}

#[test]
fn non_strict_base64url() {
    // 22-byte header and 34-byte payload: both end in a partial quantum.
    let odd = signed(
        br#"{"alg":"HS256","x":12}"#,
        br#"{"exp":1767226200,"sub":"ab"}"#,
    );
    let [oh, op, os] = segments(&odd);
    assert!([&oh, &op, &os].iter().all(|segment| segment.len() % 4 != 0));
    verify(&validator(), &odd).unwrap();
    let good = good();

    let mut cases = Vec::new();
    for (part, expected) in [
        (0, malformed!(Malformed::Base64(Part::Header))),
        (1, malformed!(Malformed::Base64(Part::Payload))),
        (2, malformed!(Malformed::Base64(Part::Signature))),
    ] {
        let name = ["header", "payload", "signature"][part];
        let len = segments(&odd)[part].len();
        cases.extend([
            case(
                format!("{name}: '=' padding"),
                insert(&odd, part, len, "="),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: '==' padding"),
                insert(&odd, part, len, "=="),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: '+'"),
                edit(&good, part, 5, "+"),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: '/'"),
                edit(&good, part, 5, "/"),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: space"),
                insert(&good, part, 4, " "),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: newline"),
                insert(&good, part, 4, "\n"),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: CRLF"),
                insert(&good, part, 8, "\r\n"),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: tab"),
                insert(&good, part, 3, "\t"),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: NUL"),
                insert(&good, part, 3, "\0"),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: non-ASCII"),
                insert(&good, part, 2, "é"),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: length 1 mod 4"),
                insert(
                    &good,
                    part,
                    0,
                    &"A".repeat((5 - segments(&good)[part].len() % 4) % 4),
                ),
                Stage::Parse,
                expected,
            ),
            case(
                format!("{name}: non-canonical trailing bits"),
                non_canonical(&odd, part),
                Stage::Parse,
                expected,
            ),
        ]);
    }
    cases.extend([
        case(
            "leading space",
            format!(" {good}"),
            Stage::Parse,
            malformed!(Malformed::Base64(Part::Header)),
        ),
        case(
            "trailing newline",
            format!("{good}\n"),
            Stage::Parse,
            malformed!(Malformed::Base64(Part::Signature)),
        ),
        case(
            "Bearer prefix",
            format!("Bearer {good}"),
            Stage::Parse,
            malformed!(Malformed::Base64(Part::Header)),
        ),
        case(
            "quoted",
            format!("\"{good}\""),
            Stage::Parse,
            malformed!(Malformed::Base64(Part::Header)),
        ),
    ]);
    run(cases);
}

#[test]
fn header_json_that_is_not_an_acceptable_object() {
    let json = malformed!(Malformed::Json(Part::Header));
    let not_object = malformed!(Malformed::NotAnObject(Part::Header));
    let duplicate = malformed!(Malformed::DuplicateMember(Part::Header));
    let table: Vec<(&[u8], Expect)> = vec![
        (b"not json", json),
        (b"{", json),
        (b"", malformed!(Malformed::Empty(Part::Header))),
        (br#"{"alg":"HS256",}"#, json),
        (br#"{"alg":"HS256"} {}"#, json),
        (br#"{"alg":"HS256"}x"#, json),
        (br#"{'alg':'HS256'}"#, json),
        (b"\xef\xbb\xbf{\"alg\":\"HS256\"}", json),
        (b"[]", not_object),
        (br#"["alg","HS256"]"#, not_object),
        (br#""HS256""#, not_object),
        (b"256", not_object),
        (b"null", not_object),
        (b"true", not_object),
        (br#"{"alg":"HS256","alg":"HS256"}"#, duplicate),
        (br#"{"alg":"HS256","\u0061lg":"HS256"}"#, duplicate),
        (br#"{"alg":"HS256","x":1,"x":2}"#, duplicate),
        (br#"{"alg":"HS256","x":1,"\u0078":1}"#, duplicate),
        (
            br#"{"alg":"HS256","typ":"JWT","t\u0079p":"JWT"}"#,
            duplicate,
        ),
        (b"{}", header_error!(HeaderError::MissingAlgorithm)),
        (
            br#"{"typ":"JWT"}"#,
            header_error!(HeaderError::MissingAlgorithm),
        ),
        (
            br#"{"alg":"none"}"#,
            header_error!(HeaderError::AlgorithmNone),
        ),
        (
            br#"{"alg":null}"#,
            header_error!(HeaderError::InvalidMember("alg")),
        ),
        (
            br#"{"alg":["HS256"]}"#,
            header_error!(HeaderError::InvalidMember("alg")),
        ),
        (
            br#"{"alg":"HS256","typ":1}"#,
            header_error!(HeaderError::InvalidMember("typ")),
        ),
        (
            br#"{"alg":"HS256","kid":{}}"#,
            header_error!(HeaderError::InvalidMember("kid")),
        ),
        (
            br#"{"alg":"HS256","jwk":"k"}"#,
            header_error!(HeaderError::InvalidMember("jwk")),
        ),
        (
            br#"{"alg":"HS256","x5c":"c"}"#,
            header_error!(HeaderError::InvalidMember("x5c")),
        ),
    ];
    let cases = table
        .into_iter()
        .map(|(header, expected)| {
            case(
                String::from_utf8_lossy(header),
                signed(header, PAYLOAD),
                Stage::Parse,
                expected,
            )
        })
        .collect();
    run(cases);
}

#[test]
fn payload_json_that_is_not_an_acceptable_object() {
    let json = malformed!(Malformed::Json(Part::Payload));
    let not_object = malformed!(Malformed::NotAnObject(Part::Payload));
    let duplicate = malformed!(Malformed::DuplicateMember(Part::Payload));
    let mut spilled = String::from("{");
    for i in 0..40 {
        spilled.push_str(&format!("\"m{i}\":{i},"));
    }
    spilled.push_str(r#""m7":7}"#);
    let table: Vec<(&[u8], Expect)> = vec![
        (b"not json", json),
        (b"{", json),
        (br#"{"exp":1767226200"#, json),
        (br#"{"exp":1767226200,}"#, json),
        (br#"{"exp":1767226200} {}"#, json),
        (br#"{"exp":1767226200}x"#, json),
        (br#"{'exp':1767226200}"#, json),
        (b"[]", not_object),
        (br#"[{"exp":1767226200}]"#, not_object),
        (br#""claims""#, not_object),
        (b"1767226200", not_object),
        (b"null", not_object),
        (b"false", not_object),
        (br#"{"exp":1767226200,"exp":1767226200}"#, duplicate),
        (br#"{"exp":1767226200,"\u0065xp":1767226200}"#, duplicate),
        (
            br#"{"exp":1767226200,"sub":"a","\u0073\u0075\u0062":"a"}"#,
            duplicate,
        ),
        (br#"{"exp":1767226200,"a":1,"a":1}"#, duplicate),
        (br#"{"exp":1767226200,"a":{},"\u0061":{}}"#, duplicate),
        (spilled.as_bytes(), duplicate),
    ];
    let cases = table
        .into_iter()
        .map(|(payload, expected)| {
            case(
                String::from_utf8_lossy(payload),
                signed(HEADER, payload),
                Stage::Payload,
                expected,
            )
        })
        .collect();
    run(cases);
}

#[test]
fn non_utf8_bytes_in_decoded_segments() {
    run(vec![
        case(
            "header: non-UTF-8 in an extension value",
            signed(b"{\"alg\":\"HS256\",\"x\":\"\xff\xfe\"}", PAYLOAD),
            Stage::Parse,
            malformed!(Malformed::Utf8(Part::Header)),
        ),
        case(
            "header: non-UTF-8 member name",
            signed(b"{\"alg\":\"HS256\",\"\xc3\x28\":1}", PAYLOAD),
            Stage::Parse,
            malformed!(Malformed::Utf8(Part::Header)),
        ),
        case(
            "header: non-UTF-8 kid",
            signed(b"{\"alg\":\"HS256\",\"kid\":\"\x80\"}", PAYLOAD),
            Stage::Parse,
            malformed!(Malformed::Utf8(Part::Header)),
        ),
        case(
            "header: only invalid bytes",
            signed(b"\xff\xff\xff", PAYLOAD),
            Stage::Parse,
            malformed!(Malformed::Utf8(Part::Header)),
        ),
        case(
            "payload: non-UTF-8 in a custom claim",
            signed(HEADER, b"{\"exp\":1767226200,\"x\":\"\xed\xa0\x80\"}"),
            Stage::Payload,
            malformed!(Malformed::Utf8(Part::Payload)),
        ),
        case(
            "payload: non-UTF-8 member name",
            signed(HEADER, b"{\"exp\":1767226200,\"\xff\":1}"),
            Stage::Payload,
            malformed!(Malformed::Utf8(Part::Payload)),
        ),
        case(
            "payload: only invalid bytes",
            signed(HEADER, b"\xfe\xff"),
            Stage::Payload,
            malformed!(Malformed::Utf8(Part::Payload)),
        ),
    ]);
}

#[test]
fn crit_and_b64_headers() {
    let payload = PAYLOAD;
    let table: Vec<(&[u8], Stage, Expect)> = vec![
        (
            br#"{"alg":"HS256","crit":["x"],"x":1}"#,
            Stage::Policy,
            header_error!(HeaderError::UnsupportedCritical),
        ),
        (
            br#"{"alg":"HS256","crit":[],"x":1}"#,
            Stage::Parse,
            header_error!(HeaderError::InvalidCritical),
        ),
        (
            br#"{"alg":"HS256","crit":["x"]}"#,
            Stage::Parse,
            header_error!(HeaderError::InvalidCritical),
        ),
        (
            br#"{"alg":"HS256","crit":["x","x"],"x":1}"#,
            Stage::Parse,
            header_error!(HeaderError::InvalidCritical),
        ),
        (
            br#"{"alg":"HS256","crit":["alg"]}"#,
            Stage::Parse,
            header_error!(HeaderError::InvalidCritical),
        ),
        (
            br#"{"alg":"HS256","crit":"x","x":1}"#,
            Stage::Parse,
            header_error!(HeaderError::InvalidMember("crit")),
        ),
        (
            br#"{"alg":"HS256","crit":[1]}"#,
            Stage::Parse,
            header_error!(HeaderError::InvalidMember("crit")),
        ),
        (
            br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
            Stage::Parse,
            header_error!(HeaderError::UnencodedPayload),
        ),
        (
            br#"{"alg":"HS256","crit":["b64"],"b64":false}"#,
            Stage::Parse,
            header_error!(HeaderError::UnencodedPayload),
        ),
        (
            br#"{"alg":"HS256","b64":true}"#,
            Stage::Parse,
            header_error!(HeaderError::UnencodedPayload),
        ),
    ];
    let cases = table
        .into_iter()
        .map(|(header, stage, expected)| {
            case(
                String::from_utf8_lossy(header),
                signed(header, payload),
                stage,
                expected,
            )
        })
        .collect();
    run(cases);
}

/// A validly signed token of exactly `len` bytes, padded through a custom claim.
fn token_of_len(len: usize) -> String {
    let encoded_len = |n: usize| (4 * n).div_ceil(3);
    for typ in ["JWT", "JWTx", "JWTxx"] {
        let header = format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#);
        let base = br#"{"exp":1767226200,"pad":""}"#.len();
        // header "." payload "." and a 32-byte HS256 signature (43 characters).
        let Some(payload_b64_len) = len.checked_sub(encoded_len(header.len()) + 2 + 43) else {
            continue;
        };
        let Some(n) = (payload_b64_len * 3 / 4..=payload_b64_len * 3 / 4 + 1)
            .find(|n| encoded_len(*n) == payload_b64_len && *n >= base)
        else {
            continue;
        };
        let payload = format!(r#"{{"exp":1767226200,"pad":"{}"}}"#, "x".repeat(n - base));
        let token = signed(header.as_bytes(), payload.as_bytes());
        assert_eq!(token.len(), len);
        return token;
    }
    panic!("no token of {len} bytes");
}

#[test]
fn token_length_limits() {
    assert_eq!(DEFAULT_MAX_TOKEN_LEN, 256 * 1024);
    let validator = validator();
    // Real tokens of 90 KB and 128 KiB pass by default.
    for len in [90_000, 128 * 1024, DEFAULT_MAX_TOKEN_LEN] {
        let token = token_of_len(len);
        verify(&validator, &token).unwrap();
        UntrustedToken::parse(&token).unwrap();
    }
    let over = token_of_len(DEFAULT_MAX_TOKEN_LEN + 1);
    run(vec![
        case(
            "one byte over 256 KiB",
            over,
            Stage::Parse,
            (|e: &VerifyError| matches!(e, VerifyError::Malformed(Malformed::TooLong { max }) if *max == DEFAULT_MAX_TOKEN_LEN))
                as Expect,
        ),
        case(
            "a megabyte of dots",
            ".".repeat(1 << 20),
            Stage::Parse,
            malformed!(Malformed::TooLong { .. }),
        ),
    ]);

    let small = Validator::builder()
        .key(hs256_key())
        .max_token_len(200)
        .build()
        .unwrap();
    verify(&small, &token_of_len(200)).unwrap();
    for token in [token_of_len(201), good().repeat(3)] {
        let error = verify(&small, &token).unwrap_err();
        assert!(
            matches!(
                error,
                VerifyError::Malformed(Malformed::TooLong { max: 200 })
            ),
            "{error:?}"
        );
        let error = UntrustedToken::parse_with_limit(&token, 200).unwrap_err();
        assert!(matches!(
            error,
            VerifyError::Malformed(Malformed::TooLong { max: 200 })
        ));
    }
    // A larger configured limit admits tokens over the default.
    let large = Validator::builder()
        .key(hs256_key())
        .max_token_len(DEFAULT_MAX_TOKEN_LEN * 2)
        .build()
        .unwrap();
    verify(&large, &token_of_len(DEFAULT_MAX_TOKEN_LEN + 1)).unwrap();
}

/// A header of exactly `len` decoded bytes.
fn header_of_len(len: usize) -> Vec<u8> {
    let empty = br#"{"alg":"HS256","pad":""}"#.len();
    format!(r#"{{"alg":"HS256","pad":"{}"}}"#, "x".repeat(len - empty)).into_bytes()
}

#[test]
fn header_and_signature_size_limits() {
    assert_eq!((MAX_HEADER_LEN, MAX_SIGNATURE_LEN), (32 * 1024, 1024));
    let validator = validator();
    // An `x5c` chain of a few certificates makes a header of 10 to 16 KiB: it passes.
    for len in [10 * 1024, 16 * 1024, MAX_HEADER_LEN - 1, MAX_HEADER_LEN] {
        let token = signed(&header_of_len(len), PAYLOAD);
        verify(&validator, &token).unwrap();
    }
    let good = good();
    let [h, p, _] = segments(&good);
    let mut cases = Vec::new();
    for len in [
        MAX_HEADER_LEN + 1,
        MAX_HEADER_LEN + 2,
        MAX_HEADER_LEN + 3,
        100_000,
    ] {
        cases.push(case(
            format!("header of {len} bytes"),
            signed(&header_of_len(len), PAYLOAD),
            Stage::Parse,
            malformed!(Malformed::TooLarge(Part::Header)),
        ));
    }
    for len in [MAX_SIGNATURE_LEN + 1, MAX_SIGNATURE_LEN + 2, 40_000] {
        cases.push(case(
            format!("signature of {len} bytes"),
            format!("{h}.{p}.{}", b64(&vec![7; len])),
            Stage::Parse,
            malformed!(Malformed::TooLarge(Part::Signature)),
        ));
    }
    // Size is judged before the characters: oversized non-base64 is still "too large".
    cases.push(case(
        "oversized signature of spaces",
        format!("{h}.{p}.{}", " ".repeat(2_000)),
        Stage::Parse,
        malformed!(Malformed::TooLarge(Part::Signature)),
    ));
    run(cases);

    // At the limit, the signature is read and simply wrong.
    let token = format!("{h}.{p}.{}", b64(&[7; MAX_SIGNATURE_LEN]));
    let error = verify(&validator, &token).unwrap_err();
    assert!(matches!(error, VerifyError::InvalidSignature), "{error:?}");
}

#[test]
fn the_header_limit_is_configurable() {
    let small = Validator::builder()
        .key(hs256_key())
        .max_header_len(100)
        .build()
        .unwrap();
    verify(&small, &signed(&header_of_len(100), PAYLOAD)).unwrap();
    let error = verify(&small, &signed(&header_of_len(101), PAYLOAD)).unwrap_err();
    assert!(
        matches!(
            error,
            VerifyError::Malformed(Malformed::TooLarge(Part::Header))
        ),
        "{error:?}"
    );
    // A larger configured limit admits headers over the default.
    let large = Validator::builder()
        .key(hs256_key())
        .max_header_len(MAX_HEADER_LEN * 2)
        .build()
        .unwrap();
    let token = signed(&header_of_len(MAX_HEADER_LEN + 1), PAYLOAD);
    verify(&large, &token).unwrap();
    let error = verify(&validator(), &token).unwrap_err();
    assert!(
        matches!(
            error,
            VerifyError::Malformed(Malformed::TooLarge(Part::Header))
        ),
        "{error:?}"
    );
}

/// `depth` levels of `open`, then `core`, then as many `close`.
fn nested(open: &str, core: &str, close: &str, depth: usize) -> String {
    format!("{}{core}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    let deep_payload = |depth: usize, open: &str, core: &str, close: &str| {
        format!(
            r#"{{"exp":1767226200,"x":{}}}"#,
            nested(open, core, close, depth)
        )
    };
    let arrays = deep_payload(10_000, "[", "", "]");
    let objects = deep_payload(5_000, r#"{"a":"#, "1", "}");
    let aud = format!(
        r#"{{"exp":1767226200,"aud":{}}}"#,
        nested("[", "", "]", 10_000)
    );
    let header_arrays = format!(r#"{{"alg":"HS256","x":{}}}"#, nested("[", "", "]", 4_000));
    let unbalanced = format!(r#"{{"exp":1767226200,"x":{}}}"#, "[".repeat(10_000));
    run(vec![
        case(
            "10 000 nested arrays as the audience",
            signed(HEADER, aud.as_bytes()),
            Stage::Payload,
            (|e: &VerifyError| {
                matches!(e, VerifyError::Claim(c) if *c.claim() == jwt_ring::ClaimName::Aud
                    && c.failure() == jwt_ring::ClaimFailure::Invalid)
            }) as Expect,
        ),
        case(
            "10 000 unclosed arrays in the payload",
            signed(HEADER, unbalanced.as_bytes()),
            Stage::Payload,
            malformed!(Malformed::Json(Part::Payload)),
        ),
    ]);

    // A caller's type that keeps the value hits serde_json's recursion limit: a typed error.
    let validator = validator();
    for payload in [&arrays, &objects] {
        let token = signed(HEADER, payload.as_bytes());
        let error = validator
            .verify_at::<HashMap<String, serde_json::Value>>(&token, now())
            .unwrap_err();
        assert!(
            matches!(
                error,
                VerifyError::Malformed(Malformed::Json(Part::Payload))
            ),
            "{error:?}"
        );
        // Members nobody reads are skipped without recursion, so the same token is accepted
        // when the claims type ignores them: still no stack overflow.
        let result = verify(&validator, &token);
        assert!(result.is_ok(), "{}: {result:?}", &payload[..40]);
    }
    // Likewise an unknown header member is skipped without recursion.
    verify(&validator, &signed(header_arrays.as_bytes(), PAYLOAD)).unwrap();

    // Moderate nesting is kept.
    let shallow = deep_payload(32, "[", "", "]");
    let token = signed(HEADER, shallow.as_bytes());
    let verified = validator
        .verify_at::<HashMap<String, serde_json::Value>>(&token, now())
        .unwrap();
    assert!(verified.claims().custom["x"].is_array());
}

#[test]
fn jws_json_serialization_is_not_a_compact_token() {
    let good = good();
    let [h, p, s] = segments(&good);
    let flattened = format!(r#"{{"payload":"{p}","protected":"{h}","signature":"{s}"}}"#);
    let general =
        format!(r#"{{"payload":"{p}","signatures":[{{"protected":"{h}","signature":"{s}"}}]}}"#);
    let pretty = format!(
        "{{\n  \"payload\": \"{p}\",\n  \"protected\": \"{h}\",\n  \"signature\": \"{s}\"\n}}"
    );
    run(vec![
        case(
            "flattened",
            flattened,
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "general",
            general,
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
        case(
            "pretty",
            pretty,
            Stage::Parse,
            malformed!(Malformed::SegmentCount),
        ),
    ]);
}

#[test]
fn arbitrary_garbage_never_panics() {
    let validator = validator();
    let good = good();
    let mut inputs: Vec<String> = vec![
        "\0".to_owned(),
        "\u{feff}".to_owned(),
        "é.é.é".to_owned(),
        "%%%.%%%.%%%".to_owned(),
        "eyJ.eyJ.eyJ".to_owned(),
        "A.A.A".to_owned(),
        "AA.AA.AA".to_owned(),
        "AAAA.AAAA.AAAA".to_owned(),
        "=.=.=".to_owned(),
    ];
    // Every prefix and every single-character deletion of a good token.
    for end in 0..good.len() {
        inputs.push(good[..end].to_owned());
        let mut deleted = good.clone();
        deleted.remove(end);
        inputs.push(deleted);
    }
    for input in &inputs {
        let result = verify(&validator, input);
        assert!(result.is_err(), "{input:?} verified");
        let _ = UntrustedToken::parse(input);
        let _ = dangerous::decode_unverified::<NoCustomClaims>(input);
    }
}

/// Registered claims keep a decoded payload of up to 1 KiB as their text (owned claims the
/// payload itself, borrowed ones a copy) and copy the claims out of a longer one. Every side of
/// that edge reads the same claims, escaped or not, and rejects the same damage.
#[test]
fn payloads_either_side_of_the_kept_payload_limit() {
    #[derive(serde::Deserialize)]
    struct Pad {
        pad: String,
    }
    let validator = Validator::builder()
        .key(hs256_key())
        .audience("b\"c")
        .build()
        .unwrap();
    let claims = r#""exp":1767226200,"jti":"j\u002f1","aud":["a","b\"c"],"sub":"s","#;
    let base = format!(r#"{{{claims}"pad":""}}"#).len();
    for len in [1022, 1023, 1024, 1025, 1026, 4096] {
        let pad = "p".repeat(len - base);
        let payload = format!(r#"{{{claims}"pad":"{pad}"}}"#);
        assert_eq!(payload.len(), len);
        let token = signed(HEADER, payload.as_bytes());

        let owned = validator.verify_at::<Pad>(&token, now()).unwrap();
        assert_eq!(owned.claims().custom.pad, pad, "{len} bytes, owned");
        let registered = &owned.claims().registered;
        assert_eq!(registered.jti(), Some("j/1"), "{len} bytes");
        assert_eq!(registered.sub(), Some("s"), "{len} bytes");
        let audiences: Vec<&str> = registered.aud().unwrap().iter().collect();
        assert_eq!(audiences, ["a", "b\"c"], "{len} bytes");
        let untrusted = UntrustedToken::parse(&token).unwrap();
        let borrowed = validator
            .verify_untrusted_at::<HashMap<String, serde_json::Value>>(&untrusted, now())
            .unwrap();
        assert_eq!(
            borrowed.custom["pad"],
            pad.as_str(),
            "{len} bytes, borrowed"
        );
        assert_eq!(&borrowed.registered, registered, "{len} bytes");

        // A payload segment whose length no base64url text can have, and one with a bad
        // character: both malformed before any key is used.
        let [header, payload_b64, signature] = segments(&token);
        let mut bad_length = payload_b64.clone();
        while bad_length.len() % 4 != 1 {
            bad_length.push('A');
        }
        for bad in [bad_length, format!("{}*", &payload_b64[1..])] {
            let damaged = format!("{header}.{bad}.{signature}");
            let error = verify(&validator, &damaged).unwrap_err();
            assert!(
                matches!(
                    error,
                    VerifyError::Malformed(Malformed::Base64(Part::Payload))
                ),
                "{len} bytes: {error:?}"
            );
        }
    }
}
