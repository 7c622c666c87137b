//! JWE compact decryption (RFC 7516) with fixed keys of every key-management algorithm (see
//! `src/jwe.rs`), and encryption to them.
//!
//! The first byte picks a mode:
//! * even, a token: the rest (UTF-8) is decrypted by the decrypter holding every key. It never
//!   panics; deciding twice gives the same outcome; an error's `Display` is short printable
//!   ASCII and shows no key, no long piece of the token; an accepted token is five canonical
//!   base64url segments whose header JSON names the returned `alg`, `enc` and `kid`, with the
//!   IV, tag and ciphertext lengths of its `enc`.
//! * odd, a round trip: bytes 1-8 choose a key, an `enc`, the encrypting key's backend, the
//!   `kid` written (the key's own, another key's, none, or one no key has), header members
//!   (`typ`, `cty`, `apu`, `apv`), and a byte to change and its new base64url character; the
//!   rest is the plaintext. `encrypt` fails exactly when the backend lacks `enc` or a `dir`
//!   key's length is not `enc`'s; a token with the key's own `kid` (or none, for the only key
//!   of its algorithm) decrypts to the plaintext with the header written, any other `kid` is
//!   refused (`NoMatchingKey` for another algorithm's or an unknown `kid`, `AmbiguousKey` for
//!   none among several keys). The token with one byte changed is refused, unless the byte
//!   was already that character.
//!
//! In both modes, every token also goes through a ring decrypter of the `dir`, `A128GCMKW` and
//! `A256GCMKW` keys and an aws-lc decrypter of the same keys: they give the same plaintext or
//! the same error, and a token ring accepts is accepted by the full decrypter too.
#![no_main]

use jwt_ring::jwe::{self, DecryptError, Decrypted, EncryptError, Header};
use jwt_ring_fuzz::b64url_decode;
use jwt_ring_fuzz::jwe::{ENCRYPTIONS, JweKeys};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The number of choice bytes before a round trip's plaintext.
const CHOICES: usize = 8;

fuzz_target!(|data: &[u8]| {
    let [mode, rest @ ..] = data else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(token) = std::str::from_utf8(rest) {
            decrypt_text(token);
        }
    } else {
        round_trip(rest);
    }
});

/// Mode 0: arbitrary text.
fn decrypt_text(token: &str) {
    let keys = JweKeys::get();
    let first = keys.decrypter.decrypt(token);
    let again = keys.decrypter.decrypt(token);
    same_outcome("decrypting twice", first.as_ref(), again.as_ref());
    match &first {
        Ok(decrypted) => check_accepted(token, decrypted),
        Err(error) => keys.check_error(error, token, None),
    }
    backends_agree(token);
}

/// Mode 1: encrypt, decrypt, then change a byte.
fn round_trip(rest: &[u8]) {
    let keys = JweKeys::get();
    let byte = |i: usize| rest.get(i).copied().unwrap_or(0);
    let plaintext = rest.get(CHOICES..).unwrap_or_default();
    let count = keys.keys.len();
    let index = usize::from(byte(0)) % count;
    let key = &keys.keys[index];
    let alg = key.algorithm.name();
    let enc = ENCRYPTIONS[usize::from(byte(1)) % ENCRYPTIONS.len()];
    let encrypting = &key.encrypting[usize::from(byte(2)) % key.encrypting.len()];
    let backend = encrypting.backend();
    let what = format!("{alg} ({}) / {} on {backend:?}", key.kid, enc.name());

    // The `kid` written: another key's, none, or one no key has.
    let kid_pick = usize::from(byte(3)) % (count + 2);
    let kid = match kid_pick {
        i if i < count => Some(keys.keys[i].kid.as_str()),
        i if i == count => None,
        _ => Some("no such key"),
    };
    let flags = byte(4);
    let mut header = Header::new();
    if flags & 1 != 0 {
        header = header.with_typ("JWT");
    }
    if flags & 2 != 0 {
        header = header.with_content_type("text/plain");
    }
    if flags & 4 != 0 {
        header = header.with_party_u_info(&b"Alice"[..]);
    }
    if flags & 8 != 0 {
        header = header.with_party_v_info(plaintext.get(..4).unwrap_or_default());
    }
    let encrypting = match kid {
        Some(kid) => encrypting.clone().with_key_id(kid),
        None => encrypting.clone(),
    };

    let encrypted = jwe::encrypt(&header, plaintext, &encrypting, enc);
    let token = if !enc.is_available_on(backend) {
        assert!(
            matches!(encrypted, Err(EncryptError::Unavailable(_))),
            "{what}: encrypting with an enc the backend lacks gave {encrypted:?}"
        );
        return;
    } else if key.dir_len.is_some_and(|len| len != enc.key_len()) {
        assert!(
            matches!(encrypted, Err(EncryptError::DirectKeyLength)),
            "{what}: a dir key of another length than enc's gave {encrypted:?}"
        );
        return;
    } else {
        encrypted.unwrap_or_else(|error| panic!("{what}: encryption failed: {error}"))
    };
    assert_eq!(token.split('.').count(), 5, "{what}: not five segments");

    let own = kid_pick == index || (kid.is_none() && key.alone);
    let decrypted = keys.decrypter.decrypt(&token);
    backends_agree(&token);
    if !own {
        let error = match decrypted {
            Ok(_) => panic!("{what}: a token with kid {kid:?} decrypted"),
            Err(error) => error,
        };
        keys.check_error(&error, &token, Some(plaintext));
        let other_alg = kid_pick < count && keys.keys[kid_pick].algorithm != key.algorithm;
        if kid_pick > count || other_alg {
            assert!(
                matches!(error, DecryptError::NoMatchingKey),
                "{what}: kid {kid:?} gave {error:?}, not NoMatchingKey"
            );
        } else if kid.is_none() {
            assert!(
                matches!(error, DecryptError::AmbiguousKey),
                "{what}: no kid among several keys gave {error:?}, not AmbiguousKey"
            );
        }
        return;
    }
    let decrypted =
        decrypted.unwrap_or_else(|error| panic!("{what}: a fresh token was refused: {error}"));
    assert!(
        decrypted.plaintext() == plaintext,
        "{what}: the plaintext did not come back"
    );
    let got = decrypted.header();
    assert_eq!(got.algorithm(), Some(alg), "{what}: alg");
    assert_eq!(got.encryption(), Some(enc.name()), "{what}: enc");
    assert_eq!(got.kid(), kid, "{what}: kid");
    assert_eq!(got.typ(), header.typ(), "{what}: typ");
    assert_eq!(got.content_type(), header.content_type(), "{what}: cty");
    assert_eq!(got.party_u_info(), header.party_u_info(), "{what}: apu");
    assert_eq!(got.party_v_info(), header.party_v_info(), "{what}: apv");
    check_accepted(&token, &decrypted);

    // One byte changed to a base64url character.
    let at = usize::from(u16::from_le_bytes([byte(5), byte(6)])) % token.len();
    let new = ALPHABET[usize::from(byte(7)) % ALPHABET.len()];
    let mut bytes = token.clone().into_bytes();
    let old = bytes[at];
    bytes[at] = new;
    let tampered = String::from_utf8(bytes).expect("ASCII");
    let what = format!(
        "{what}: byte {at} of {} changed from {:?} to {:?}",
        token.len(),
        char::from(old),
        char::from(new)
    );
    match keys.decrypter.decrypt(&tampered) {
        Ok(again) if old == new => assert!(
            again.plaintext() == plaintext,
            "{what}: the same token decrypted to another plaintext"
        ),
        Ok(again) => panic!(
            "{what}: the changed token decrypted ({} plaintext)",
            if again.plaintext() == plaintext {
                "the same"
            } else {
                "a different"
            }
        ),
        Err(error) if old == new => panic!("{what}: the same token was refused: {error}"),
        Err(error) => keys.check_error(&error, &tampered, Some(plaintext)),
    }
    backends_agree(&tampered);
}

/// The two outcomes are the same plaintext and header, or the same error.
fn same_outcome(
    what: &str,
    a: Result<&Decrypted, &DecryptError>,
    b: Result<&Decrypted, &DecryptError>,
) {
    match (a, b) {
        (Ok(a), Ok(b)) => assert!(
            a.plaintext() == b.plaintext() && a.header() == b.header(),
            "{what}: different plaintexts or headers ({a:?}, {b:?})"
        ),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what}: different errors"),
        (a, b) => panic!(
            "{what}: accepted by one, refused by the other: {:?} / {:?}",
            a.err(),
            b.err()
        ),
    }
}

/// The ring decrypter and its aws-lc twin agree; what ring accepts, the full decrypter accepts
/// with the same plaintext.
fn backends_agree(token: &str) {
    let keys = JweKeys::get();
    let ring = keys.ring.decrypt(token);
    let aws_lc = keys.ring_twin.decrypt(token);
    same_outcome("ring and aws-lc", ring.as_ref(), aws_lc.as_ref());
    match &ring {
        Ok(ring) => {
            check_accepted(token, ring);
            let full = keys.decrypter.decrypt(token);
            same_outcome(
                "the ring decrypter and the full one",
                Ok(ring),
                full.as_ref(),
            );
        }
        Err(error) => keys.check_error(error, token, None),
    }
}

/// What an accepted token must look like, read independently of the crate: five canonical
/// base64url segments (the fuzz crate's decoder panics on anything else), a header JSON object
/// naming the returned `alg`, `enc` and `kid`, and segment lengths that fit `enc`.
fn check_accepted(token: &str, decrypted: &Decrypted) {
    let segments: Vec<&str> = token.split('.').collect();
    let [header, encrypted_key, iv, ciphertext, tag] = segments[..] else {
        panic!("an accepted token has {} segments", segments.len());
    };
    let header_json: Value =
        serde_json::from_slice(&b64url_decode(header)).expect("an accepted header is JSON");
    let member = |name: &str| header_json.get(name).and_then(Value::as_str);
    let got = decrypted.header();
    assert_eq!(member("alg"), got.algorithm(), "alg is not the header's");
    assert_eq!(member("enc"), got.encryption(), "enc is not the header's");
    assert_eq!(member("kid"), got.kid(), "kid is not the header's");
    let alg = got.algorithm().expect("alg");
    let enc = ENCRYPTIONS
        .iter()
        .find(|enc| Some(enc.name()) == got.encryption())
        .unwrap_or_else(|| panic!("accepted enc {:?}", got.encryption()));
    let encrypted_key = b64url_decode(encrypted_key);
    if alg == "dir" || alg == "ECDH-ES" {
        assert!(encrypted_key.is_empty(), "{alg}: an encrypted key");
    } else {
        assert!(!encrypted_key.is_empty(), "{alg}: no encrypted key");
    }
    assert_eq!(b64url_decode(iv).len(), enc.iv_len(), "IV length");
    assert_eq!(b64url_decode(tag).len(), enc.tag_len(), "tag length");
    let ciphertext = b64url_decode(ciphertext).len();
    let plaintext = decrypted.plaintext().len();
    if enc.iv_len() == 12 {
        assert_eq!(ciphertext, plaintext, "GCM ciphertext length");
    } else {
        assert_eq!(
            ciphertext,
            (plaintext / 16 + 1) * 16,
            "CBC ciphertext length"
        );
    }
}
