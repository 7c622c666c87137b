//! The fixed JWE keys of `jwe_decrypt`, shared with its seed generator
//! (`examples/jwe_seeds.rs`) so that the seeds are tokens these keys decrypt.
//!
//! Every key-management algorithm has a key (ECDH-ES and its key-wrapping forms one per
//! curve), each with its own `kid`, all in one [`Decrypter`] on aws-lc (the backend that
//! decrypts every algorithm). The symmetric keys ring also decrypts with (`dir`, `A128GCMKW`,
//! `A256GCMKW`) are made a second time on each backend, in a ring decrypter and its aws-lc
//! twin, for the backend-differential oracle.

use std::sync::OnceLock;

use jwt_ring::Backend;
use jwt_ring::jwe::{
    self, ContentEncryption, Curve, DecryptError, Decrypter, DecryptingKey, EncryptingKey,
    KeyAlgorithm,
};

use crate::{P256_PKCS8, P384_PKCS8, RSA2048_PKCS8, b64url};

/// The four content encryptions, in the order the fuzz input picks them.
pub static ENCRYPTIONS: [&ContentEncryption; 4] = [
    &jwe::A128GCM,
    &jwe::A256GCM,
    &jwe::A128CBC_HS256,
    &jwe::A256CBC_HS512,
];

/// The content encryptions both backends have.
pub static GCM: [&ContentEncryption; 2] = [&jwe::A128GCM, &jwe::A256GCM];

/// The curves, in the order of the ECDH-ES keys.
pub const CURVES: [Curve; 4] = [Curve::P256, Curve::P384, Curve::P521, Curve::X25519];

/// A fixed secret of `len` bytes, distinct per `label` (and not all one byte, so that a leak
/// check looking for it cannot match by chance).
pub fn secret(label: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| {
            let i = u8::try_from(i % 256).unwrap_or(0);
            i.wrapping_mul(37).wrapping_add(label).wrapping_mul(11) ^ 0x5a
        })
        .collect()
}

/// The private scalar of a PKCS#8 EC key: the OCTET STRING after `ECPrivateKey`'s version.
fn ec_scalar(pkcs8: &[u8], len: u8) -> Vec<u8> {
    let marker = [0x02, 0x01, 0x01, 0x04, len];
    let start = pkcs8
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("an ECPrivateKey in the fixture")
        + marker.len();
    pkcs8[start..start + usize::from(len)].to_vec()
}

/// The private key of the ECDH-ES keys on `curve`: the committed P-256 and P-384 fixtures'
/// scalars, and fixed bytes for P-521 (below the group order: the top byte is 0) and X25519.
pub fn ecdh_private_key(curve: Curve) -> Vec<u8> {
    match curve {
        Curve::P256 => ec_scalar(P256_PKCS8, 32),
        Curve::P384 => ec_scalar(P384_PKCS8, 48),
        Curve::P521 => {
            let mut d = secret(52, 66);
            d[0] = 0;
            d
        }
        _ => secret(25, 32),
    }
}

/// One fixed key of the round trip.
pub struct JweKey {
    /// Its `kid` in the decrypters.
    pub kid: String,
    /// Its key-management algorithm.
    pub algorithm: &'static KeyAlgorithm,
    /// The keys that encrypt to it, without `kid`: one per backend that can make it.
    pub encrypting: Vec<EncryptingKey>,
    /// The secret's length, for `dir` keys (the CEK length it fits).
    pub dir_len: Option<usize>,
    /// Whether it is the only key of its algorithm in [`JweKeys::decrypter`], so that a token
    /// without `kid` selects it.
    pub alone: bool,
    /// Whether the ring decrypter and its aws-lc twin have it too.
    pub on_ring: bool,
}

/// The fixed keys and decrypters.
pub struct JweKeys {
    /// Every key, in the order the fuzz input picks them.
    pub keys: Vec<JweKey>,
    /// Every key on aws-lc, every algorithm and content encryption allowed.
    pub decrypter: Decrypter,
    /// The `dir`, `A128GCMKW` and `A256GCMKW` keys on ring, `A128GCM`/`A256GCM` only.
    pub ring: Decrypter,
    /// The same keys and allow-lists on aws-lc.
    pub ring_twin: Decrypter,
    /// Every private or secret key's bytes, which no error may show.
    pub secrets: Vec<Vec<u8>>,
}

/// The symmetric keys: `kid`, algorithm, secret. ring has every one of these but A128KW and
/// A256KW.
fn symmetric() -> Vec<(&'static str, &'static KeyAlgorithm, Vec<u8>)> {
    let mut keys = vec![
        ("dir-16", &jwe::DIR, secret(1, 16)),
        ("dir-32", &jwe::DIR, secret(2, 32)),
        ("dir-64", &jwe::DIR, secret(3, 64)),
        ("a128gcmkw", &jwe::A128GCMKW, secret(4, 16)),
        ("a256gcmkw", &jwe::A256GCMKW, secret(5, 32)),
    ];
    keys.push(("a128kw", &jwe::A128KW, secret(6, 16)));
    keys.push(("a256kw", &jwe::A256KW, secret(7, 32)));
    keys
}

fn aws_lc(algorithm: &'static KeyAlgorithm) -> &'static KeyAlgorithm {
    algorithm
        .on(Backend::AwsLc)
        .expect("aws-lc has every algorithm")
}

impl JweKeys {
    fn new() -> Self {
        let mut decrypting = Vec::new();
        let mut keys = Vec::new();
        let mut secrets = Vec::new();
        let mut ring_keys = Vec::new();
        let mut twin_keys = Vec::new();
        for (kid, algorithm, bytes) in symmetric() {
            let on_ring = algorithm.on(Backend::Ring).is_ok();
            let encrypting = Backend::enabled()
                .iter()
                .filter_map(|b| algorithm.on(*b).ok())
                .map(|alg| EncryptingKey::symmetric(alg, &bytes).expect("fixed secret"))
                .collect();
            decrypting.push(
                DecryptingKey::symmetric(aws_lc(algorithm), &bytes)
                    .expect("fixed secret")
                    .with_key_id(kid),
            );
            if on_ring {
                for (list, backend) in [
                    (&mut ring_keys, Backend::Ring),
                    (&mut twin_keys, Backend::AwsLc),
                ] {
                    let alg = algorithm.on(backend).expect("both backends");
                    list.push(
                        DecryptingKey::symmetric(alg, &bytes)
                            .expect("fixed secret")
                            .with_key_id(kid),
                    );
                }
            }
            keys.push(JweKey {
                kid: kid.to_owned(),
                algorithm,
                encrypting,
                dir_len: (algorithm == &jwe::DIR).then_some(bytes.len()),
                alone: algorithm != &jwe::DIR,
                on_ring,
            });
            secrets.push(bytes);
        }
        for (kid, algorithm) in [
            ("rsa-oaep", &jwe::RSA_OAEP),
            ("rsa-oaep-256", &jwe::RSA_OAEP_256),
        ] {
            let key =
                DecryptingKey::rsa_oaep_from_pkcs8(algorithm, RSA2048_PKCS8).expect("fixture");
            // Taken before the key gets its `kid`, which `encrypting_key` would copy.
            let encrypting = key.encrypting_key().expect("public key");
            let key = key.with_key_id(kid);
            keys.push(JweKey {
                kid: kid.to_owned(),
                algorithm,
                encrypting: vec![encrypting],
                dir_len: None,
                alone: true,
                on_ring: false,
            });
            decrypting.push(key);
        }
        // Password keys: PBES2 is opted into by holding one. The tokens carry `p2c`, so the
        // fuzzer also reaches the iteration bounds checked before any hashing.
        for (kid, algorithm, password) in [
            (
                "pbes2-hs256",
                &jwe::PBES2_HS256_A128KW,
                &b"fuzzing password one"[..],
            ),
            (
                "pbes2-hs512",
                &jwe::PBES2_HS512_A256KW,
                &b"fuzzing password two"[..],
            ),
        ] {
            let key = DecryptingKey::password(algorithm, password).expect("fixed password");
            keys.push(JweKey {
                kid: kid.to_owned(),
                algorithm,
                encrypting: vec![
                    EncryptingKey::password(algorithm, password).expect("fixed password"),
                ],
                dir_len: None,
                alone: true,
                on_ring: false,
            });
            decrypting.push(key.with_key_id(kid));
            secrets.push(password.to_vec());
        }
        for (prefix, algorithm) in [
            ("ecdh-es", &jwe::ECDH_ES),
            ("ecdh-es+a128kw", &jwe::ECDH_ES_A128KW),
            ("ecdh-es+a256kw", &jwe::ECDH_ES_A256KW),
        ] {
            for curve in CURVES {
                let kid = format!("{prefix}-{}", curve.name());
                let private = ecdh_private_key(curve);
                let key = DecryptingKey::ecdh_from_private_key(aws_lc(algorithm), curve, &private)
                    .expect("fixed private key")
                    .with_key_id(kid.clone());
                let aws_lc_public = key.encrypting_key().expect("public key");
                let (_, point) = aws_lc_public.ecdh_public_key().expect("an ECDH key");
                let (x, y) = if curve == Curve::X25519 {
                    (point, None)
                } else {
                    let (x, y) = point[1..].split_at(curve.coordinate_len());
                    (x, Some(y))
                };
                // Made from the coordinates on each backend that has the algorithm and the
                // curve (ring: ECDH-ES on P-256, P-384 and X25519).
                let encrypting = Backend::enabled()
                    .iter()
                    .filter_map(|b| algorithm.on(*b).ok())
                    .filter_map(|alg| EncryptingKey::ecdh_from_coordinates(alg, curve, x, y).ok())
                    .collect();
                keys.push(JweKey {
                    kid,
                    algorithm,
                    encrypting,
                    dir_len: None,
                    alone: false,
                    on_ring: false,
                });
                decrypting.push(key);
                secrets.push(private);
            }
        }
        let decrypter = Decrypter::builder()
            .keys(decrypting)
            .build()
            .expect("distinct kids");
        let [ring, ring_twin] = [ring_keys, twin_keys].map(|keys| {
            Decrypter::builder()
                .keys(keys)
                .allow_algorithms([&jwe::DIR, &jwe::A128GCMKW, &jwe::A256GCMKW])
                .allow_encryptions(GCM)
                .build()
                .expect("distinct kids")
        });
        Self {
            keys,
            decrypter,
            ring,
            ring_twin,
            secrets,
        }
    }

    /// The keys, made once.
    pub fn get() -> &'static JweKeys {
        static KEYS: OnceLock<JweKeys> = OnceLock::new();
        KEYS.get_or_init(JweKeys::new)
    }

    /// The index of the key with `kid`.
    pub fn index(&self, kid: &str) -> Option<usize> {
        self.keys.iter().position(|key| key.kid == kid)
    }

    /// Checks a decryption error: its `Display` is short printable ASCII showing no long piece
    /// of the token or of the plaintext (when given), and neither it nor its `Debug` shows a
    /// key.
    pub fn check_error(&self, error: &DecryptError, token: &str, plaintext: Option<&[u8]>) {
        let shown = error.to_string();
        let debug = format!("{error:?}");
        assert!(
            shown.len() <= 100,
            "a {}-byte error message: {shown}",
            shown.len()
        );
        assert!(
            shown.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
            "an error message with control or non-ASCII characters: {shown:?}"
        );
        // Every message has spaces and no word of 16 bytes: a run of the token or plaintext
        // that long and without whitespace cannot be part of one by chance. (`Debug` can: it
        // writes `Length(EncryptedKey)`; it is checked for keys only.)
        let pieces = token.split('.').chain([token]).map(str::as_bytes);
        let runs = pieces
            .chain(plaintext)
            .flat_map(|piece| piece.split(u8::is_ascii_whitespace))
            .filter(|run| run.len() >= 16);
        for run in runs {
            assert!(
                !contains(shown.as_bytes(), run),
                "an error shows a piece of the token or the plaintext: {shown}"
            );
        }
        for text in [&shown, &debug] {
            for secret in &self.secrets {
                assert!(
                    !contains(text.as_bytes(), secret) && !text.contains(&b64url(secret)),
                    "an error shows a key: {text}"
                );
            }
        }
    }
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
