//! JWE interoperability with other JOSE implementations, through committed fixtures.
//!
//! * Tokens encrypted by Node's `jose` and Python's jwcrypto
//!   (tests/interop/fixtures/jwe_from_{jose,jwcrypto}.json), one per case of
//!   tests/interop/jwe_spec.json (every `alg` with every `enc`, ECDH-ES* on every curve),
//!   decrypt here with keys built from the committed key files (tests/interop/keys/jwe/)
//!   through the public constructors, and give back exactly the plaintext and header they were
//!   encrypted with. With the `aws-lc` feature every token decrypts; without it, the ring
//!   subset (`dir`, `A128GCMKW`, `A256GCMKW` with AES-GCM) decrypts and every other token is
//!   refused with the named `Unavailable` error (ECDH-ES: ring has no static ECDH key, so no
//!   decrypting key can be made; `ECDH_ES.on(Backend::AwsLc)` names the missing backend;
//!   PBES2: password keys exist on aws-lc only, so the decrypter holds none and says
//!   `Pbes2`, PBES2 not enabled).
//! * PBES2 (`PBES2-HS256+A128KW`, `PBES2-HS512+A256KW`) is in the matrix both ways, with the
//!   password files of tests/interop/keys/jwe/; each token's `p2c` is the one jwe_spec.json
//!   gives for the library that wrote it. `PBES2-HS384+A192KW` is not implemented here: a token
//!   of each peer is refused as `UnsupportedAlgorithm`.
//! * `zip: DEF`, one way (this crate never compresses): the peers' compressed tokens decrypt
//!   with `allow_deflate()` (feature `deflate`) and are refused as `Compressed` without it.
//! * Tokens encrypted here (jwe_from_jwt_ring.json) are random, so they are not compared byte
//!   for byte: the committed ones must still decrypt here, fresh ones are encrypted and
//!   decrypted for every case this build can do, and the other libraries' verdicts on the
//!   committed ones (jwe_verified_by_{jose,jwcrypto}.json) must all be "ok" and cover every
//!   token.
//!
//! tests/interop/generate.sh regenerates the fixtures; it runs the encrypting test with
//! `JWT_RING_INTEROP_WRITE=1` (and `--features aws-lc`), which makes it write
//! jwe_from_jwt_ring.json instead of comparing. Neither Python nor Node is needed here.

use std::collections::BTreeSet;
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_ring::Backend;
use jwt_ring::backend::Unavailable;
use jwt_ring::jwe::{
    self, ContentEncryption, Curve, DecryptError, Decrypted, Decrypter, DecryptingKey,
    EncryptError, EncryptingKey, Header, KeyAlgorithm,
};
use serde_json::{Value, json};

const ALGORITHMS: [&str; 12] = [
    "dir",
    "A128KW",
    "A256KW",
    "A128GCMKW",
    "A256GCMKW",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A256KW",
    "PBES2-HS256+A128KW",
    "PBES2-HS512+A256KW",
];
const ENCRYPTIONS: [&str; 4] = ["A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512"];
const CURVES: [&str; 4] = ["P-256", "P-384", "P-521", "X25519"];
/// The symmetric key files: `dir` keys (one per `enc`, the CEK itself) and key-encryption keys.
const SYMMETRIC_KEYS: [(&str, &str, usize); 8] = [
    ("dir-A128GCM", "dir", 16),
    ("dir-A256GCM", "dir", 32),
    ("dir-A128CBC-HS256", "dir", 32),
    ("dir-A256CBC-HS512", "dir", 64),
    ("A128KW", "A128KW", 16),
    ("A256KW", "A256KW", 32),
    ("A128GCMKW", "A128GCMKW", 16),
    ("A256GCMKW", "A256GCMKW", 32),
];
const RSA_KEYS: [&str; 2] = ["RSA-OAEP", "RSA-OAEP-256"];
/// The password files of the PBES2 algorithms (`oct` JWKs whose `k` is the password), each
/// named after its algorithm.
const PASSWORD_KEYS: [&str; 2] = ["PBES2-HS256+A128KW", "PBES2-HS512+A256KW"];
#[cfg(feature = "aws-lc")]
const ECDH_ALGORITHMS: [&str; 3] = ["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A256KW"];
/// The algorithms ring can decrypt with (with AES-GCM content only).
const RING_DECRYPTS: [&str; 3] = ["dir", "A128GCMKW", "A256GCMKW"];
const PEERS: [&str; 2] = ["jose", "jwcrypto"];
const WRITE_ENV: &str = "JWT_RING_INTEROP_WRITE";

fn interop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

fn read_text(relative: &str) -> String {
    let path = interop_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_json(relative: &str) -> Value {
    serde_json::from_str(&read_text(relative)).unwrap()
}

fn str_of<'a>(entry: &'a Value, member: &str) -> &'a str {
    entry[member]
        .as_str()
        .unwrap_or_else(|| panic!("`{member}` in {entry}"))
}

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

fn kid(key_name: &str) -> String {
    format!("interop-jwe-{key_name}")
}

fn is_gcm(enc: &str) -> bool {
    enc.ends_with("GCM")
}

/// The keys a case uses: `dir` has one key per `enc`, ECDH-ES* one per curve.
fn key_names(alg: &str, enc: &str) -> Vec<String> {
    if alg == "dir" {
        vec![format!("dir-{enc}")]
    } else if alg.starts_with("ECDH-ES") {
        CURVES.iter().map(|curve| format!("ECDH-{curve}")).collect()
    } else {
        vec![alg.to_owned()]
    }
}

/// Every (`alg`, `enc`, key) case of jwe_spec.json, in the generators' order.
fn cases() -> Vec<(&'static str, &'static str, String)> {
    let mut cases = Vec::new();
    for alg in ALGORITHMS {
        for enc in ENCRYPTIONS {
            for key in key_names(alg, enc) {
                cases.push((alg, enc, key));
            }
        }
    }
    cases
}

/// The header members every token of a case carries.
fn expected_header(alg: &str, enc: &str, key_name: &str) -> Value {
    let spec = read_json("jwe_spec.json");
    let party = &spec["party_info"];
    let mut header = json!({"alg": alg, "enc": enc, "kid": kid(key_name), "typ": "JWT"});
    let with_party = party["encryptions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == enc);
    if alg.starts_with("ECDH-ES") && with_party {
        header["apu"] = json!(URL_SAFE_NO_PAD.encode(str_of(party, "apu")));
        header["apv"] = json!(URL_SAFE_NO_PAD.encode(str_of(party, "apv")));
    }
    header
}

/// The plaintext's JSON value: spec.json's claims with a `jti` naming the library and case.
fn expected_plaintext(lib: &str, alg: &str, enc: &str, key_name: &str) -> Value {
    let mut claims = read_json("spec.json")["claims"].clone();
    claims["jti"] = json!(format!("{lib}-{alg}-{enc}-{key_name}"));
    claims
}

fn content(enc: &str) -> &'static ContentEncryption {
    match enc {
        "A128GCM" => &jwe::A128GCM,
        "A256GCM" => &jwe::A256GCM,
        "A128CBC-HS256" => &jwe::A128CBC_HS256,
        "A256CBC-HS512" => &jwe::A256CBC_HS512,
        _ => unreachable!("{enc}"),
    }
}

fn curve(key_name: &str) -> Curve {
    match key_name.strip_prefix("ECDH-").unwrap() {
        "P-256" => Curve::P256,
        "P-384" => Curve::P384,
        "P-521" => Curve::P521,
        "X25519" => Curve::X25519,
        other => unreachable!("{other}"),
    }
}

/// The key-management algorithm named `alg`, if this build has it.
fn key_algorithm(alg: &str) -> Option<&'static KeyAlgorithm> {
    Some(match alg {
        "dir" => &jwe::DIR,
        "A128GCMKW" => &jwe::A128GCMKW,
        "A256GCMKW" => &jwe::A256GCMKW,
        "ECDH-ES" => &jwe::ECDH_ES,
        #[cfg(feature = "aws-lc")]
        "A128KW" => &jwe::A128KW,
        #[cfg(feature = "aws-lc")]
        "A256KW" => &jwe::A256KW,
        #[cfg(feature = "aws-lc")]
        "RSA-OAEP" => &jwe::RSA_OAEP,
        #[cfg(feature = "aws-lc")]
        "RSA-OAEP-256" => &jwe::RSA_OAEP_256,
        #[cfg(feature = "aws-lc")]
        "ECDH-ES+A128KW" => &jwe::ECDH_ES_A128KW,
        #[cfg(feature = "aws-lc")]
        "ECDH-ES+A256KW" => &jwe::ECDH_ES_A256KW,
        #[cfg(feature = "aws-lc")]
        "PBES2-HS256+A128KW" => &jwe::PBES2_HS256_A128KW,
        #[cfg(feature = "aws-lc")]
        "PBES2-HS512+A256KW" => &jwe::PBES2_HS512_A256KW,
        _ => return None,
    })
}

/// `alg` on `backend`, or why not.
fn on(alg: &str, backend: Backend) -> Result<&'static KeyAlgorithm, Unavailable> {
    key_algorithm(alg)
        .ok_or(Unavailable {
            backend: Backend::DEFAULT,
            algorithm: "(not in this build)",
        })?
        .on(backend)
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Ring => "ring",
        Backend::AwsLc => "aws-lc",
        _ => unreachable!(),
    }
}

fn private_jwk(key_name: &str) -> Value {
    read_json(&format!("keys/jwe/{key_name}.private.jwk.json"))
}

fn public_jwk(key_name: &str) -> Value {
    read_json(&format!("keys/jwe/{key_name}.public.jwk.json"))
}

fn jwk_bytes(jwk: &Value, member: &str) -> Vec<u8> {
    unb64(str_of(jwk, member))
}

/// The DER inside a PEM file.
#[cfg(feature = "aws-lc")]
fn pem_der(relative: &str) -> Vec<u8> {
    let body: String = read_text(relative)
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

/// Every decrypting key `backend` can make from the committed files, each with its `kid`:
/// symmetric keys, RSA-OAEP keys (from the PKCS#8 PEM when `rsa_from_pem`, else from the JWK's
/// components), each curve's ECDH key for the three ECDH-ES algorithms and the PBES2 passwords
/// (aws-lc only: holding them is the opt-in to PBES2).
fn decrypting_keys(backend: Backend, rsa_from_pem: bool) -> Vec<DecryptingKey> {
    let mut keys = Vec::new();
    for (name, alg, _) in SYMMETRIC_KEYS {
        if let Ok(alg) = on(alg, backend) {
            let secret = jwk_bytes(&private_jwk(name), "k");
            keys.push(
                DecryptingKey::symmetric(alg, &secret)
                    .unwrap()
                    .with_key_id(kid(name)),
            );
        }
    }
    #[cfg(feature = "aws-lc")]
    if backend == Backend::AwsLc {
        for name in RSA_KEYS {
            let alg = on(name, backend).unwrap();
            let key = if rsa_from_pem {
                DecryptingKey::rsa_oaep_from_pkcs8(
                    alg,
                    &pem_der(&format!("keys/jwe/{name}.private.pem")),
                )
            } else {
                let jwk = private_jwk(name);
                let part = |m: &str| jwk_bytes(&jwk, m);
                let (n, e, d, p, q, dp, dq, qi) = (
                    part("n"),
                    part("e"),
                    part("d"),
                    part("p"),
                    part("q"),
                    part("dp"),
                    part("dq"),
                    part("qi"),
                );
                DecryptingKey::rsa_oaep_from_components(
                    alg,
                    &jwt_ring::rsa::PrivateComponents {
                        n: &n,
                        e: &e,
                        d: &d,
                        p: &p,
                        q: &q,
                        dp: &dp,
                        dq: &dq,
                        qi: &qi,
                    },
                )
            };
            keys.push(key.unwrap().with_key_id(kid(name)));
        }
        for curve_name in CURVES {
            let name = format!("ECDH-{curve_name}");
            let d = jwk_bytes(&private_jwk(&name), "d");
            for alg in ECDH_ALGORITHMS {
                let alg = on(alg, backend).unwrap();
                keys.push(
                    DecryptingKey::ecdh_from_private_key(alg, curve(&name), &d)
                        .unwrap()
                        .with_key_id(kid(&name)),
                );
            }
        }
        for name in PASSWORD_KEYS {
            let password = jwk_bytes(&private_jwk(name), "k");
            keys.push(
                DecryptingKey::password(on(name, backend).unwrap(), &password)
                    .unwrap()
                    .with_key_id(kid(name)),
            );
        }
    }
    #[cfg(not(feature = "aws-lc"))]
    let _ = rsa_from_pem;
    keys
}

fn decrypter(backend: Backend, rsa_from_pem: bool) -> Decrypter {
    Decrypter::builder()
        .keys(decrypting_keys(backend, rsa_from_pem))
        .build()
        .unwrap()
}

/// [`decrypter`] with `zip: DEF` allowed.
#[cfg(feature = "deflate")]
fn inflating_decrypter(backend: Backend) -> Decrypter {
    Decrypter::builder()
        .keys(decrypting_keys(backend, false))
        .allow_deflate()
        .build()
        .unwrap()
}

/// The key that encrypts a case on `backend`, built from the public JWK.
fn encrypting_key(alg: &str, key_name: &str, backend: Backend) -> EncryptingKey {
    let algorithm = on(alg, backend).unwrap();
    let key = if key_name.starts_with("ECDH-") {
        let jwk = public_jwk(key_name);
        let y = jwk.get("y").map(|_| jwk_bytes(&jwk, "y"));
        EncryptingKey::ecdh_from_coordinates(
            algorithm,
            curve(key_name),
            &jwk_bytes(&jwk, "x"),
            y.as_deref(),
        )
    } else if PASSWORD_KEYS.contains(&key_name) {
        #[cfg(feature = "aws-lc")]
        {
            EncryptingKey::password(algorithm, &jwk_bytes(&private_jwk(key_name), "k"))
        }
        #[cfg(not(feature = "aws-lc"))]
        unreachable!("PBES2 needs aws-lc")
    } else if key_name.starts_with("RSA-") {
        #[cfg(feature = "aws-lc")]
        {
            let jwk = public_jwk(key_name);
            EncryptingKey::rsa_oaep_from_components(
                algorithm,
                &jwk_bytes(&jwk, "n"),
                &jwk_bytes(&jwk, "e"),
            )
        }
        #[cfg(not(feature = "aws-lc"))]
        unreachable!("RSA-OAEP needs aws-lc")
    } else {
        EncryptingKey::symmetric(algorithm, &jwk_bytes(&private_jwk(key_name), "k"))
    };
    key.unwrap().with_key_id(kid(key_name))
}

/// Whether `backend` in this build encrypts a case (ring: `dir`, AES-GCM key wrap and ECDH-ES
/// on P-256, P-384 and X25519, with AES-GCM content).
fn encrypts(backend: Backend, alg: &str, enc: &str, key_name: &str) -> bool {
    match backend {
        Backend::AwsLc => cfg!(feature = "aws-lc"),
        _ => {
            backend.is_enabled()
                && is_gcm(enc)
                && (RING_DECRYPTS.contains(&alg) || alg == "ECDH-ES" && key_name != "ECDH-P-521")
        }
    }
}

/// Checks a decrypted token against the case's header members and plaintext.
fn check_decrypted(decrypted: &Decrypted, header: &Value, plaintext: &str, what: &str) {
    assert_eq!(decrypted.plaintext(), plaintext.as_bytes(), "{what}");
    let h = decrypted.header();
    assert_eq!(h.algorithm(), header["alg"].as_str(), "{what}");
    assert_eq!(h.encryption(), header["enc"].as_str(), "{what}");
    assert_eq!(h.kid(), header["kid"].as_str(), "{what}");
    assert_eq!(h.typ(), header["typ"].as_str(), "{what}");
    let party = |member: &str| header.get(member).map(|v| unb64(v.as_str().unwrap()));
    assert_eq!(h.party_u_info().map(<[u8]>::to_vec), party("apu"), "{what}");
    assert_eq!(h.party_v_info().map(<[u8]>::to_vec), party("apv"), "{what}");
}

/// What the ring decrypter (ring-capable keys only) does with a case's token: decrypt it, or
/// refuse it with the named error.
fn check_on_ring(token: &str, alg: &str, enc: &str, header: &Value, plaintext: &str, what: &str) {
    if !Backend::Ring.is_enabled() {
        return;
    }
    let decrypter = decrypter(Backend::Ring, false);
    let result = decrypter.decrypt(token);
    if alg.starts_with("PBES2-") {
        // Password keys exist on aws-lc only, so a ring decrypter holds none: PBES2 is not
        // enabled for it, in every build.
        assert!(
            matches!(result, Err(DecryptError::Pbes2)),
            "{what}: {result:?}"
        );
    } else if RING_DECRYPTS.contains(&alg) && is_gcm(enc) {
        check_decrypted(&result.unwrap(), header, plaintext, what);
        let tampered = decrypter.decrypt(&tamper_tag(token));
        assert!(
            matches!(tampered, Err(DecryptError::Decryption)),
            "{what}: {tampered:?}"
        );
    } else if RING_DECRYPTS.contains(&alg) {
        // ring has no AES-CBC: the key's backend lacks `enc`.
        assert!(
            matches!(result, Err(DecryptError::Unavailable(Unavailable { backend: Backend::Ring, algorithm })) if algorithm == enc),
            "{what}: {result:?}"
        );
    } else if alg == "ECDH-ES" || cfg!(feature = "aws-lc") {
        // ECDH-ES exists on ring, but only for encrypting: no ring key decrypts it. With
        // aws-lc in the build, the other algorithms exist too, on aws-lc keys only.
        assert!(
            matches!(result, Err(DecryptError::NoMatchingKey)),
            "{what}: {result:?}"
        );
        if !cfg!(feature = "aws-lc") {
            assert_eq!(
                jwe::ECDH_ES.on(Backend::AwsLc).err(),
                Some(Unavailable {
                    backend: Backend::AwsLc,
                    algorithm: "ECDH-ES"
                }),
                "{what}"
            );
        }
    } else {
        // A ring-only build lacks the algorithm itself, and says which.
        assert!(
            matches!(result, Err(DecryptError::Unavailable(Unavailable { backend: Backend::Ring, algorithm })) if algorithm == alg),
            "{what}: {result:?}"
        );
    }
}

/// Flips one bit of a token's authentication tag (the second-last character, so that the
/// base64url stays canonical).
fn tamper_tag(token: &str) -> String {
    let mut bytes = token.to_owned().into_bytes();
    let at = bytes.len() - 2;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// The protected header of a token, as JSON.
fn protected_header(token: &str) -> Value {
    serde_json::from_slice(&unb64(token.split('.').next().unwrap())).unwrap()
}

/// A PBES2 token carries the iteration count jwe_spec.json gives for the library that
/// encrypted it (`jose`, `jwcrypto` or `jwt_ring`) and a random 16-byte salt.
fn check_pbes2_parameters(token: &str, lib: &str, alg: &str, what: &str) {
    if !alg.starts_with("PBES2-") {
        return;
    }
    let protected = protected_header(token);
    let p2c = &read_json("jwe_spec.json")["pbes2"]["p2c"][lib][alg];
    assert!(p2c.is_u64(), "{what}: p2c of {lib} in jwe_spec.json");
    assert_eq!(&protected["p2c"], p2c, "{what}: p2c");
    assert_eq!(unb64(str_of(&protected, "p2s")).len(), 16, "{what}: p2s");
}

/// Decrypts one token with every decrypter of this build that can, and checks the rest refuse
/// it by name.
fn check_token(token: &str, alg: &str, enc: &str, header: &Value, plaintext: &str, what: &str) {
    #[cfg(feature = "aws-lc")]
    {
        let pem_too: &[bool] = if alg.starts_with("RSA-") {
            &[false, true]
        } else {
            &[false]
        };
        for &rsa_from_pem in pem_too {
            let decrypter = decrypter(Backend::AwsLc, rsa_from_pem);
            let decrypted = decrypter
                .decrypt(token)
                .unwrap_or_else(|e| panic!("{what} (RSA key from PEM: {rsa_from_pem}): {e:?}"));
            check_decrypted(&decrypted, header, plaintext, what);
            let tampered = decrypter.decrypt(&tamper_tag(token));
            assert!(
                matches!(tampered, Err(DecryptError::Decryption)),
                "{what}: {tampered:?}"
            );
        }
    }
    check_on_ring(token, alg, enc, header, plaintext, what);
}

fn tokens(file: &Value) -> &Vec<Value> {
    file["tokens"].as_array().unwrap()
}

#[test]
fn spec_matches_the_constants_of_this_test() {
    let spec = read_json("jwe_spec.json");
    let list = |name: &str| -> Vec<String> {
        spec[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(list("algorithms"), ALGORITHMS);
    assert_eq!(list("encryptions"), ENCRYPTIONS);
    assert_eq!(list("curves"), CURVES);
    assert_eq!(spec["kid_prefix"], json!("interop-jwe-"));
    assert_eq!(spec["typ"], json!("JWT"));
    assert_eq!(cases().len(), 84);
    assert_eq!(our_cases().len(), 96);
    // Every library's p2c is one jwt-ring accepts; jwt-ring writes the most it accepts.
    let p2c = &spec["pbes2"]["p2c"];
    for lib in ["jose", "jwcrypto", "jwt_ring"] {
        for alg in PASSWORD_KEYS {
            let count = u32::try_from(p2c[lib][alg].as_u64().unwrap()).unwrap();
            assert!(
                (jwe::MIN_PBES2_ITERATIONS..=jwe::MAX_PBES2_ITERATIONS).contains(&count),
                "{lib} {alg}"
            );
            if lib == "jwt_ring" {
                assert_eq!(count, jwe::MAX_PBES2_ITERATIONS);
            }
        }
    }
}

/// The key files hold what their names say: symmetric keys of the right length, RSA-OAEP PEM
/// and JWK files of one 2048-bit key pair, ECDH private keys whose public halves are the
/// public JWKs; every JWK has its `kid` and `use: enc`.
#[test]
fn key_files_hold_the_keys_they_name() {
    for (name, alg, len) in SYMMETRIC_KEYS {
        let jwk = private_jwk(name);
        assert_eq!(jwk_bytes(&jwk, "k").len(), len, "{name}");
        assert_eq!(jwk["alg"], json!(alg), "{name}");
        assert_eq!(jwk["kid"], json!(kid(name)), "{name}");
        assert_eq!(jwk["use"], json!("enc"), "{name}");
    }
    for name in PASSWORD_KEYS {
        let jwk = private_jwk(name);
        assert_eq!(jwk["kty"], json!("oct"), "{name}");
        let password = jwk_bytes(&jwk, "k");
        assert!(
            password.len() >= 16 && password.iter().all(u8::is_ascii_graphic),
            "{name}: a printable password"
        );
        assert_eq!(jwk["alg"], json!(name), "{name}");
        assert_eq!(jwk["kid"], json!(kid(name)), "{name}");
        assert_eq!(jwk["use"], json!("enc"), "{name}");
    }
    assert_ne!(
        private_jwk(PASSWORD_KEYS[0])["k"],
        private_jwk(PASSWORD_KEYS[1])["k"]
    );
    for name in RSA_KEYS {
        for jwk in [private_jwk(name), public_jwk(name)] {
            assert_eq!(jwk["kty"], json!("RSA"), "{name}");
            assert_eq!(jwk["alg"], json!(name), "{name}");
            assert_eq!(jwk["kid"], json!(kid(name)), "{name}");
            assert_eq!(jwk["use"], json!("enc"), "{name}");
            assert_eq!(jwk_bytes(&jwk, "n").len(), 256, "{name}");
        }
        assert_eq!(private_jwk(name)["n"], public_jwk(name)["n"], "{name}");
    }
    for curve_name in CURVES {
        let name = format!("ECDH-{curve_name}");
        let (private, public) = (private_jwk(&name), public_jwk(&name));
        assert_eq!(public["crv"], json!(curve_name), "{name}");
        assert_eq!(public["kid"], json!(kid(&name)), "{name}");
        assert_eq!(public["use"], json!("enc"), "{name}");
        assert!(public.get("d").is_none(), "{name}");
        for member in ["kty", "crv", "x", "y", "kid", "use"] {
            assert_eq!(private.get(member), public.get(member), "{name} {member}");
        }
        #[cfg(feature = "aws-lc")]
        {
            let curve = curve(&name);
            let derived = DecryptingKey::ecdh_from_private_key(
                on("ECDH-ES", Backend::AwsLc).unwrap(),
                curve,
                &jwk_bytes(&private, "d"),
            )
            .unwrap()
            .encrypting_key()
            .unwrap();
            let from_jwk = encrypting_key("ECDH-ES", &name, Backend::AwsLc);
            assert_eq!(
                derived.ecdh_public_key(),
                from_jwk.ecdh_public_key(),
                "{name}"
            );
        }
    }
    // The PEM and JWK forms of each RSA key decrypt the same tokens.
    #[cfg(feature = "aws-lc")]
    for name in RSA_KEYS {
        let token = jwe::encrypt(
            &Header::new(),
            b"same key",
            &encrypting_key(name, name, Backend::AwsLc),
            &jwe::A128GCM,
        )
        .unwrap();
        for rsa_from_pem in [false, true] {
            let decrypted = decrypter(Backend::AwsLc, rsa_from_pem)
                .decrypt(&token)
                .unwrap();
            assert_eq!(decrypted.plaintext(), b"same key", "{name}");
        }
    }
}

/// Every token a peer library encrypted decrypts here (or, without aws-lc, is refused by name)
/// and gives back the case's plaintext and header.
fn check_peer_tokens(lib: &str) {
    let file = read_json(&format!("fixtures/jwe_from_{lib}.json"));
    assert!(
        !file["metadata"]["versions"].as_object().unwrap().is_empty(),
        "{lib}: versions recorded"
    );
    let mut seen = BTreeSet::new();
    for entry in tokens(&file) {
        let (alg, enc, key) = (
            str_of(entry, "alg"),
            str_of(entry, "enc"),
            str_of(entry, "key"),
        );
        let what = format!("{lib} {alg} {enc} {key}");
        assert_eq!(str_of(entry, "lib"), lib);
        assert!(seen.insert((alg, enc, key)), "{what} twice");
        // The fixture's expectations are the shared case, not whatever the library wrote.
        let header = expected_header(alg, enc, key);
        assert_eq!(entry["header"], header, "{what}");
        let plaintext = str_of(entry, "plaintext");
        let value: Value = serde_json::from_str(plaintext).unwrap();
        assert_eq!(value, expected_plaintext(lib, alg, enc, key), "{what}");
        // The token's own protected header says what the fixture says.
        let token = str_of(entry, "token");
        let protected = protected_header(token);
        for (member, value) in header.as_object().unwrap() {
            assert_eq!(protected.get(member), Some(value), "{what}: {member}");
        }
        check_pbes2_parameters(token, lib, alg, &what);
        check_token(token, alg, enc, &header, plaintext, &what);
    }
    let all: BTreeSet<(&str, &str, String)> = cases().into_iter().collect();
    let seen: BTreeSet<(&str, &str, String)> = seen
        .into_iter()
        .map(|(alg, enc, key)| (alg, enc, key.to_owned()))
        .collect();
    assert_eq!(seen, all, "{lib}: every case, once");
}

#[test]
fn tokens_from_jose_decrypt() {
    check_peer_tokens("jose");
}

#[test]
fn tokens_from_jwcrypto_decrypt() {
    check_peer_tokens("jwcrypto");
}

/// One compressed (`zip: DEF`) token of a peer: its case, header and plaintext.
#[cfg_attr(not(feature = "deflate"), allow(dead_code))]
struct Compressed {
    what: String,
    alg: String,
    enc: String,
    token: String,
    header: Value,
    plaintext: String,
}

/// A peer's compressed tokens, after checking that they are the `compressed` cases of
/// jwe_spec.json, once each, with `zip: DEF` in the protected header, the case's plaintext
/// (with its filler claim), and ciphertext shorter than that plaintext.
fn compressed_tokens(lib: &str) -> Vec<Compressed> {
    let spec = read_json("jwe_spec.json");
    let spec = &spec["compressed"];
    let cases = spec["cases"].as_array().unwrap();
    let filler = str_of(spec, "filler")
        .repeat(usize::try_from(spec["filler_repeat"].as_u64().unwrap()).unwrap());
    let file = read_json(&format!("fixtures/jwe_from_{lib}.json"));
    let entries = file["compressed"].as_array().unwrap();
    assert_eq!(
        entries.len(),
        cases.len(),
        "{lib}: one token per compressed case"
    );
    assert_eq!(entries.len(), 5, "{lib}");
    let mut out = Vec::new();
    for (entry, case) in entries.iter().zip(cases) {
        let (alg, enc, key) = (
            str_of(entry, "alg"),
            str_of(entry, "enc"),
            str_of(entry, "key"),
        );
        let what = format!("{lib} zip DEF {alg} {enc} {key}");
        assert_eq!(str_of(entry, "lib"), lib, "{what}");
        for member in ["alg", "enc", "key"] {
            assert_eq!(entry[member], case[member], "{what}: the spec's case");
        }
        let mut header = expected_header(alg, enc, key);
        header["zip"] = json!("DEF");
        assert_eq!(entry["header"], header, "{what}");
        let plaintext = str_of(entry, "plaintext");
        let mut claims = read_json("spec.json")["claims"].clone();
        claims["jti"] = json!(format!("{lib}-DEF-{alg}-{enc}-{key}"));
        claims["filler"] = json!(filler);
        assert_eq!(
            serde_json::from_str::<Value>(plaintext).unwrap(),
            claims,
            "{what}"
        );
        let token = str_of(entry, "token");
        let protected = protected_header(token);
        for (member, value) in header.as_object().unwrap() {
            assert_eq!(protected.get(member), Some(value), "{what}: {member}");
        }
        check_pbes2_parameters(token, lib, alg, &what);
        let ciphertext = unb64(token.split('.').nth(3).unwrap());
        assert!(
            ciphertext.len() < plaintext.len() / 2,
            "{what}: the content was compressed"
        );
        out.push(Compressed {
            what,
            alg: alg.to_owned(),
            enc: enc.to_owned(),
            token: token.to_owned(),
            header,
            plaintext: plaintext.to_owned(),
        });
    }
    out
}

/// A decrypter that does not allow deflate refuses every compressed token with
/// `DecryptError::Compressed`, in every build (ring decrypters hold no password, so a
/// compressed PBES2 token is refused for that first).
#[test]
fn compressed_tokens_are_refused_without_allow_deflate() {
    for lib in PEERS {
        for c in compressed_tokens(lib) {
            let what = &c.what;
            #[cfg(feature = "aws-lc")]
            {
                let result = decrypter(Backend::AwsLc, false).decrypt(&c.token);
                assert!(
                    matches!(result, Err(DecryptError::Compressed)),
                    "{what}: {result:?}"
                );
            }
            if Backend::Ring.is_enabled() {
                let result = decrypter(Backend::Ring, false).decrypt(&c.token);
                if c.alg.starts_with("PBES2-") {
                    assert!(
                        matches!(result, Err(DecryptError::Pbes2)),
                        "{what}: {result:?}"
                    );
                } else {
                    assert!(
                        matches!(result, Err(DecryptError::Compressed)),
                        "{what}: {result:?}"
                    );
                }
            }
        }
    }
}

/// With `allow_deflate`, every compressed token of the peers decrypts and inflates to the
/// case's plaintext (on ring, the `dir` + AES-GCM one; the others are refused).
#[cfg(feature = "deflate")]
#[test]
fn compressed_tokens_decrypt_with_allow_deflate() {
    // Tokens decrypted by the aws-lc and the ring decrypter.
    #[cfg_attr(not(feature = "aws-lc"), allow(unused_mut))]
    let mut on_aws_lc = 0;
    let mut on_ring = 0;
    for lib in PEERS {
        for c in compressed_tokens(lib) {
            let what = &c.what;
            #[cfg(feature = "aws-lc")]
            {
                let decrypter = inflating_decrypter(Backend::AwsLc);
                let result = decrypter
                    .decrypt(&c.token)
                    .unwrap_or_else(|e| panic!("{what}: {e:?}"));
                check_decrypted(&result, &c.header, &c.plaintext, what);
                let tampered = decrypter.decrypt(&tamper_tag(&c.token));
                assert!(
                    matches!(tampered, Err(DecryptError::Decryption)),
                    "{what}: {tampered:?}"
                );
                on_aws_lc += 1;
            }
            if Backend::Ring.is_enabled() {
                let result = inflating_decrypter(Backend::Ring).decrypt(&c.token);
                if RING_DECRYPTS.contains(&c.alg.as_str()) && is_gcm(&c.enc) {
                    check_decrypted(&result.unwrap(), &c.header, &c.plaintext, what);
                    on_ring += 1;
                } else if c.alg.starts_with("PBES2-") {
                    assert!(
                        matches!(result, Err(DecryptError::Pbes2)),
                        "{what}: {result:?}"
                    );
                } else {
                    assert!(result.is_err(), "{what}: {result:?}");
                }
            }
        }
    }
    let aws_lc = cfg!(feature = "aws-lc");
    assert_eq!(on_aws_lc, if aws_lc { 10 } else { 0 });
    assert_eq!(on_ring, if Backend::Ring.is_enabled() { 2 } else { 0 });
}

/// `PBES2-HS384+A192KW` is not implemented here (no AES-192 key wrap): the peers' tokens are
/// refused by name, never decrypted with another PBES2 password or algorithm.
#[test]
fn unsupported_pbes2_tokens_are_refused_by_name() {
    let spec = read_json("jwe_spec.json");
    let spec = &spec["unsupported"];
    let alg = str_of(spec, "alg");
    assert_eq!(alg, "PBES2-HS384+A192KW");
    assert!(key_algorithm(alg).is_none());
    for lib in PEERS {
        let file = read_json(&format!("fixtures/jwe_from_{lib}.json"));
        let entries = file["unsupported"].as_array().unwrap();
        assert_eq!(entries.len(), 1, "{lib}");
        let entry = &entries[0];
        let what = format!("{lib} {alg}");
        for member in ["alg", "enc", "key"] {
            assert_eq!(entry[member], spec[member], "{what}: {member}");
        }
        let token = str_of(entry, "token");
        let protected = protected_header(token);
        assert_eq!(protected["alg"], json!(alg), "{what}");
        assert_eq!(protected["p2c"], spec["p2c"], "{what}");
        // A decrypter holding passwords (the PBES2 opt-in) names the algorithm unsupported.
        #[cfg(feature = "aws-lc")]
        {
            let result = decrypter(Backend::AwsLc, false).decrypt(token);
            assert!(
                matches!(result, Err(DecryptError::UnsupportedAlgorithm)),
                "{what}: {result:?}"
            );
        }
        // Without a password key, PBES2 is not enabled at all.
        if Backend::Ring.is_enabled() {
            let result = decrypter(Backend::Ring, false).decrypt(token);
            assert!(
                matches!(result, Err(DecryptError::Pbes2)),
                "{what}: {result:?}"
            );
        }
    }
}

/// The tokens this crate encrypts for the fixture: every case on aws-lc, and the cases ring
/// encrypts on ring too.
fn our_cases() -> Vec<(Backend, &'static str, &'static str, String)> {
    let mut ours = Vec::new();
    for backend in [Backend::AwsLc, Backend::Ring] {
        for (alg, enc, key) in cases() {
            let on_ring = is_gcm(enc)
                && (RING_DECRYPTS.contains(&alg) || alg == "ECDH-ES" && key != "ECDH-P-521");
            if backend == Backend::AwsLc || on_ring {
                ours.push((backend, alg, enc, key));
            }
        }
    }
    ours
}

fn our_lib(backend: Backend) -> String {
    format!("jwt_ring-{}", backend_name(backend))
}

fn encrypt_case(backend: Backend, alg: &str, enc: &str, key: &str, plaintext: &str) -> String {
    let mut header = Header::new().with_typ("JWT");
    let expected = expected_header(alg, enc, key);
    if let Some(apu) = expected.get("apu") {
        header = header
            .with_party_u_info(unb64(apu.as_str().unwrap()))
            .with_party_v_info(unb64(str_of(&expected, "apv")));
    }
    jwe::encrypt(
        &header,
        plaintext.as_bytes(),
        &encrypting_key(alg, key, backend),
        content(enc),
    )
    .unwrap_or_else(|e| panic!("{backend:?} {alg} {enc} {key}: {e:?}"))
}

/// The ring tokens of the fixture are exactly what ring encrypts: every other case is refused
/// by name (the algorithm on ring, the CBC `enc`, or a P-521 key, which ring lacks).
#[test]
fn ring_encrypts_exactly_the_ring_cases() {
    if !Backend::Ring.is_enabled() {
        return;
    }
    for (alg, enc, key) in cases() {
        let what = format!("ring {alg} {enc} {key}");
        let algorithm = match on(alg, Backend::Ring) {
            Ok(algorithm) => algorithm,
            Err(unavailable) => {
                assert!(!encrypts(Backend::Ring, alg, enc, &key), "{what}");
                if cfg!(feature = "aws-lc") {
                    assert_eq!(
                        unavailable,
                        Unavailable {
                            backend: Backend::Ring,
                            algorithm: alg
                        },
                        "{what}"
                    );
                }
                continue;
            }
        };
        if key == "ECDH-P-521" {
            let jwk = public_jwk(&key);
            let refused = EncryptingKey::ecdh_from_coordinates(
                algorithm,
                Curve::P521,
                &jwk_bytes(&jwk, "x"),
                Some(&jwk_bytes(&jwk, "y")),
            );
            assert!(refused.is_err(), "{what}");
            assert!(!encrypts(Backend::Ring, alg, enc, &key), "{what}");
            continue;
        }
        let result = jwe::encrypt(
            &Header::new(),
            b"ring",
            &encrypting_key(alg, &key, Backend::Ring),
            content(enc),
        );
        if encrypts(Backend::Ring, alg, enc, &key) {
            assert!(result.is_ok(), "{what}: {result:?}");
        } else {
            assert!(
                matches!(result, Err(EncryptError::Unavailable(Unavailable { backend: Backend::Ring, algorithm })) if algorithm == enc),
                "{what}: {result:?}"
            );
        }
    }
    let ring_cases = our_cases()
        .into_iter()
        .filter(|(backend, ..)| *backend == Backend::Ring)
        .count();
    assert_eq!(ring_cases, 12);
}

/// Encrypts every case this build can and decrypts the result here; checks that the committed
/// tokens of jwe_from_jwt_ring.json still decrypt (or, without aws-lc, are refused by name).
/// With `JWT_RING_INTEROP_WRITE=1` (and the `aws-lc` feature) the file is (re)written instead,
/// keeping committed tokens that still decrypt so that regenerating does not churn them.
#[test]
fn jwt_ring_encrypted_tokens_match_fixture() {
    let path = interop_dir().join("fixtures/jwe_from_jwt_ring.json");
    let write = std::env::var_os(WRITE_ENV).is_some_and(|v| v == "1");
    assert!(
        !write || cfg!(feature = "aws-lc"),
        "writing jwe_from_jwt_ring.json needs --features aws-lc"
    );
    let committed: Option<Value> = std::fs::read_to_string(&path)
        .ok()
        .map(|text| serde_json::from_str(&text).unwrap());
    if !write {
        assert!(committed.is_some(), "{} is missing", path.display());
    }
    let committed_token = |backend: Backend, alg: &str, enc: &str, key: &str| {
        tokens(committed.as_ref()?)
            .iter()
            .find(|e| {
                str_of(e, "backend") == backend_name(backend)
                    && str_of(e, "alg") == alg
                    && str_of(e, "enc") == enc
                    && str_of(e, "key") == key
            })
            .map(|e| str_of(e, "token").to_owned())
    };

    let mut entries = Vec::new();
    for (backend, alg, enc, key) in our_cases() {
        let lib = our_lib(backend);
        let what = format!("{lib} {alg} {enc} {key}");
        let header = expected_header(alg, enc, &key);
        let plaintext = serde_json::to_string(&expected_plaintext(&lib, alg, enc, &key)).unwrap();
        if encrypts(backend, alg, enc, &key) {
            let fresh = encrypt_case(backend, alg, enc, &key, &plaintext);
            check_pbes2_parameters(&fresh, "jwt_ring", alg, &what);
            check_token(
                &fresh,
                alg,
                enc,
                &header,
                &plaintext,
                &format!("fresh {what}"),
            );
        }
        let old = committed_token(backend, alg, enc, &key);
        let token = if write {
            let old_decrypts = old.as_deref().is_some_and(|old| {
                decrypter(Backend::AwsLc, false)
                    .decrypt(old)
                    .is_ok_and(|d| d.plaintext() == plaintext.as_bytes())
            });
            match old {
                Some(old) if old_decrypts => old,
                _ => encrypt_case(backend, alg, enc, &key, &plaintext),
            }
        } else {
            let old = old.unwrap_or_else(|| panic!("{what}: no committed token"));
            check_pbes2_parameters(&old, "jwt_ring", alg, &what);
            check_token(
                &old,
                alg,
                enc,
                &header,
                &plaintext,
                &format!("committed {what}"),
            );
            old
        };
        entries.push(json!({
            "lib": "jwt_ring",
            "backend": backend_name(backend),
            "alg": alg,
            "enc": enc,
            "key": key,
            "token": token,
            "header": header,
            "plaintext": plaintext,
        }));
    }
    let file = json!({
        "metadata": {
            "generator": "tests/jwe_interop.rs (JWT_RING_INTEROP_WRITE=1 cargo test --features aws-lc --test jwe_interop)",
            "library": "jwt-ring",
            "versions": { "jwt-ring": env!("CARGO_PKG_VERSION") },
            "notes": [],
        },
        "tokens": entries,
    });
    if write {
        let text = serde_json::to_string_pretty(&file).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    } else {
        let committed = committed.unwrap();
        assert_eq!(committed["tokens"], file["tokens"]);
    }
}

/// jose and jwcrypto decrypted every token this crate encrypted, to the right plaintext and
/// header.
#[test]
fn peers_decrypted_every_jwt_ring_token() {
    let ours = read_json("fixtures/jwe_from_jwt_ring.json");
    let our_tokens: BTreeSet<[&str; 5]> = tokens(&ours)
        .iter()
        .map(|e| {
            [
                str_of(e, "backend"),
                str_of(e, "alg"),
                str_of(e, "enc"),
                str_of(e, "key"),
                str_of(e, "token"),
            ]
        })
        .collect();
    assert_eq!(our_tokens.len(), our_cases().len());

    for lib in PEERS {
        let file = read_json(&format!("fixtures/jwe_verified_by_{lib}.json"));
        assert!(
            !file["metadata"]["versions"].as_object().unwrap().is_empty(),
            "{lib}"
        );
        let mut covered = BTreeSet::new();
        for result in file["results"].as_array().unwrap() {
            let key = [
                str_of(result, "backend"),
                str_of(result, "alg"),
                str_of(result, "enc"),
                str_of(result, "key"),
                str_of(result, "token"),
            ];
            assert!(
                our_tokens.contains(&key),
                "{lib} decrypted a token that is not in jwe_from_jwt_ring.json: {key:?}"
            );
            assert_eq!(str_of(result, "result"), "ok", "{lib}: {key:?}");
            assert!(covered.insert(key), "{lib}: {key:?} twice");
        }
        assert_eq!(covered, our_tokens, "{lib} did not decrypt every token");
    }
}
