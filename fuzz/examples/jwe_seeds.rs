//! Writes the seed corpus of `jwe_decrypt` to `fuzz/corpus/jwe_decrypt/` (emptied first):
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --example jwe_seeds
//! ```
//!
//! Token seeds (mode byte 0, then the token) are made with the target's fixed keys, so that
//! the fuzzer starts from tokens that decrypt: one for every key and content encryption that
//! fit, tokens from the other backend's encrypting key, tokens with `typ`/`cty`/`apu`/`apv`,
//! headers that take each early refusal, and the RFC 7520 §5 compact tokens (which only the
//! cookbook's keys decrypt: structure seeds). Round-trip seeds (mode byte 1) choose each key
//! with a content encryption it takes and each kind of `kid`. Encryption draws random CEKs and
//! IVs, so a rebuild rewrites every token seed.

use std::fs;
use std::path::Path;

use jwt_ring::jwe::{self, Header};
use jwt_ring_fuzz::b64url;
use jwt_ring_fuzz::jwe::{ENCRYPTIONS, JweKeys};
use serde_json::Value;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("corpus/jwe_decrypt");
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove the old corpus");
    }
    fs::create_dir_all(&dir).expect("create the corpus directory");
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    let token_seed = |token: &str| [&[0u8][..], token.as_bytes()].concat();

    let keys = JweKeys::get();
    let mut count = 0usize;
    let mut plaintext = || {
        count += 1;
        match count % 6 {
            0 => Vec::new(),
            1 => b"x".to_vec(),
            2 => b"sixteen bytes!!!".to_vec(),
            3 => b"seventeen bytes!!".to_vec(),
            4 => br#"{"sub":"seed","aud":"api","exp":1700000600}"#.to_vec(),
            _ => b"fifteen bytes!!".to_vec(),
        }
    };
    let mut valid = Vec::new();
    for (index, key) in keys.keys.iter().enumerate() {
        let mut round_trip = None;
        for (e, enc) in ENCRYPTIONS.iter().enumerate() {
            if key.dir_len.is_some_and(|len| len != enc.key_len()) {
                continue;
            }
            // A token from each backend's encrypting key that has `enc`.
            for (b, encrypting) in key.encrypting.iter().enumerate() {
                if !enc.is_available_on(encrypting.backend()) {
                    continue;
                }
                let encrypting = encrypting.clone().with_key_id(key.kid.clone());
                let token = jwe::encrypt(&Header::new(), &plaintext(), &encrypting, enc)
                    .expect("the seed encrypts");
                keys.decrypter.decrypt(&token).expect("the seed decrypts");
                let backend = format!("{:?}", encrypting.backend()).to_lowercase();
                let name = format!("token-{}-{}-{backend}", key.kid, enc.name());
                seeds.push((name, token_seed(&token)));
                valid.push(token);
                if round_trip.is_none() || e == index % ENCRYPTIONS.len() {
                    round_trip = Some((e, b));
                }
            }
        }
        // The round trip of one of those choices, with the key's own `kid`.
        let (e, b) = round_trip.expect("every key takes some enc");
        let [index, e, b] = [index, e, b].map(|n| u8::try_from(n).expect("small"));
        let mut seed = vec![
            1,
            index,
            e,
            b,
            index,
            index & 15,
            index.wrapping_mul(7),
            0,
            index,
        ];
        seed.extend_from_slice(b"round trip plaintext");
        let name = format!(
            "roundtrip-{}-{}",
            key.kid,
            ENCRYPTIONS[usize::from(e)].name()
        );
        seeds.push((name, seed));
    }

    // Header members and the kinds of `kid`, through the round trip: the key's own (0), none
    // (for a lone key, and among several), another key's, and one no key has.
    let count = u8::try_from(keys.keys.len()).expect("few keys");
    let a256kw = u8::try_from(keys.index("a256kw").expect("key")).expect("few");
    let dir32 = u8::try_from(keys.index("dir-32").expect("key")).expect("few");
    for (name, choices) in [
        ("roundtrip-headers", [1, a256kw, 1, 0, a256kw, 15, 40, 0, 9]),
        (
            "roundtrip-no-kid-alone",
            [1, a256kw, 3, 0, count, 3, 2, 0, 0],
        ),
        (
            "roundtrip-no-kid-ambiguous",
            [1, dir32, 1, 0, count, 0, 0, 0, 0],
        ),
        (
            "roundtrip-unknown-kid",
            [1, dir32, 1, 0, count + 1, 0, 0, 0, 0],
        ),
        ("roundtrip-other-kid", [1, dir32, 1, 0, a256kw, 0, 0, 0, 0]),
        (
            "roundtrip-dir-wrong-enc",
            [1, dir32, 0, 0, dir32, 0, 0, 0, 0],
        ),
        ("roundtrip-cbc-on-ring", [1, dir32, 2, 0, dir32, 0, 0, 0, 0]),
    ] {
        let mut seed = choices.to_vec();
        seed.extend_from_slice(b"{\"sub\":\"seed\"}");
        seeds.push((name.to_owned(), seed));
    }

    // Tokens with header members.
    for (kid, header) in [
        (
            "a128gcmkw",
            Header::new().with_typ("JWT").with_content_type("JWT"),
        ),
        (
            "ecdh-es-P-256",
            Header::new().with_party_u_info(&b"Alice"[..]),
        ),
        (
            "ecdh-es+a128kw-X25519",
            Header::new().with_party_v_info(&b"Bob"[..]),
        ),
        ("rsa-oaep-256", Header::new().with_typ("application/jwt")),
    ] {
        let key = &keys.keys[keys.index(kid).expect("key")];
        let encrypting = key.encrypting[0].clone().with_key_id(kid);
        let token = jwe::encrypt(&header, b"{\"sub\":\"seed\"}", &encrypting, &jwe::A128GCM)
            .expect("the seed encrypts");
        keys.decrypter.decrypt(&token).expect("the seed decrypts");
        seeds.push((format!("token-header-{kid}"), token_seed(&token)));
    }

    // Early refusals: the rest of a valid token behind another header.
    let rest = valid[0].split_once('.').expect("a token").1.to_owned();
    for (name, header) in [
        (
            "crit",
            r#"{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1}"#,
        ),
        ("zip", r#"{"alg":"dir","enc":"A128GCM","zip":"DEF"}"#),
        ("rsa1_5", r#"{"alg":"RSA1_5","enc":"A128GCM"}"#),
        (
            "pbes2",
            r#"{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"AA","p2c":1000}"#,
        ),
        ("unknown-alg", r#"{"alg":"A192KW","enc":"A128GCM"}"#),
        ("unknown-enc", r#"{"alg":"dir","enc":"A192GCM"}"#),
        ("duplicate", r#"{"alg":"dir","alg":"dir","enc":"A128GCM"}"#),
        (
            "epk-wrong-curve",
            r#"{"alg":"ECDH-ES","enc":"A128GCM","kid":"ecdh-es-P-256","epk":{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}"#,
        ),
        (
            "gcmkw-no-iv",
            r#"{"alg":"A128GCMKW","enc":"A128GCM","tag":"AAAAAAAAAAAAAAAAAAAAAA"}"#,
        ),
        ("jws", r#"{"alg":"HS256"}"#),
    ] {
        let token = if name == "jws" {
            format!("{}.e30.AA", b64url(header.as_bytes()))
        } else {
            format!("{}.{rest}", b64url(header.as_bytes()))
        };
        seeds.push((format!("refused-{name}"), token_seed(&token)));
    }

    // The RFC 7520 §5 compact tokens.
    let cookbook = root.join("../tests/vectors/jose-cookbook/jwe");
    let mut paths: Vec<_> = fs::read_dir(&cookbook)
        .expect("the cookbook vectors")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let text = fs::read_to_string(&path).expect("a vector file");
        let value: Value = serde_json::from_str(&text).expect("JSON");
        if let Some(compact) = value.pointer("/output/compact").and_then(Value::as_str) {
            let stem = path.file_stem().expect("a name").to_string_lossy();
            let section = stem.split('.').next().unwrap_or_default().to_owned();
            seeds.push((format!("cookbook-{section}"), token_seed(compact)));
        }
    }

    let mut bytes = 0;
    for (name, seed) in &seeds {
        fs::write(dir.join(name), seed).expect("write a seed");
        bytes += seed.len();
    }
    println!("jwe_decrypt: {} files, {bytes} bytes", seeds.len());
}
