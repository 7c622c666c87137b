//! The JWE floor: the least work any correct decrypter or encrypter of a compact JWE must do for
//! each pair of `benches/support/jwe.rs`, written directly over aws-lc-rs (every pair) and ring
//! (`dir` with A256GCM), with base64 and serde_json. It is the JWS floor's definition applied to
//! encryption: the same primitives the crate calls, on the same bytes, with keys built
//! beforehand, and nothing else.
//!
//! Decryption: split into five segments, strict base64url of each, the protected header parsed
//! into one borrowed struct (`alg` and `enc` pinned, `crit` and `zip` refused, `epk`, `apu` and
//! `apv` read where the key management uses them), the CEK determined (taken as is for `dir`;
//! ECDH agreement with the `epk`, the Concat KDF and an AES key unwrap for ECDH-ES+A128KW;
//! RSA-OAEP decryption for RSA-OAEP-256), then AES-GCM open, or HMAC check then AES-CBC
//! decryption, with the header's base64url as additional data.
//!
//! Encryption: a random CEK (an agreed KEK and a wrapped random CEK for ECDH-ES+A128KW; the key
//! itself for `dir`) and IV, the CEK encrypted to the recipient, the header JSON and its
//! base64url, the content sealed, the token assembled.

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// Strict base64url, as the crate decodes it: no padding, canonical trailing bits.
const B64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

#[derive(Debug)]
pub struct Rejected;

impl<E: std::error::Error> From<E> for Rejected {
    fn from(_: E) -> Self {
        Rejected
    }
}

/// The protected header as the floor reads it. `crit` and `zip` are read only to be refused:
/// the floor understands no extension and does not decompress.
#[derive(Deserialize)]
struct HeaderIn<'a> {
    #[serde(borrow)]
    alg: &'a str,
    #[serde(borrow)]
    enc: &'a str,
    #[serde(borrow)]
    epk: Option<EpkIn<'a>>,
    #[serde(borrow)]
    apu: Option<&'a str>,
    #[serde(borrow)]
    apv: Option<&'a str>,
    crit: Option<IgnoredAny>,
    zip: Option<IgnoredAny>,
}

/// An ephemeral public key, as an EC JWK.
#[derive(Deserialize, Serialize)]
struct EpkIn<'a> {
    #[serde(borrow)]
    kty: &'a str,
    #[serde(borrow)]
    crv: &'a str,
    #[serde(borrow)]
    x: &'a str,
    #[serde(borrow)]
    y: &'a str,
}

#[derive(Serialize)]
struct HeaderOut<'a> {
    alg: &'a str,
    enc: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    epk: Option<EpkIn<'a>>,
}

/// The five segments of a compact JWE.
fn split(token: &str) -> Result<[&str; 5], Rejected> {
    let mut parts = token.splitn(6, '.');
    let mut next = || parts.next();
    match (next(), next(), next(), next(), next(), next()) {
        (Some(a), Some(b), Some(c), Some(d), Some(e), None) => Ok([a, b, c, d, e]),
        _ => Err(Rejected),
    }
}

/// Decodes `encoded` into `out`, which must be exactly `N` bytes once decoded.
fn decode_exact<const N: usize>(encoded: &str, out: &mut [u8; N]) -> Result<(), Rejected> {
    // Room for the decoder's length estimate (up to 2 bytes over).
    let mut buffer = [0u8; 80];
    let len = B64.decode_slice(encoded, &mut buffer)?;
    if len != N {
        return Err(Rejected);
    }
    out.copy_from_slice(&buffer[..N]);
    Ok(())
}

/// Decodes and parses the protected header, with `alg` and `enc` pinned and `crit` and `zip`
/// refused; calls `then` with it (the header borrows from a stack buffer).
fn with_header<R>(
    header_b64: &str,
    alg: &str,
    enc: &str,
    then: impl FnOnce(HeaderIn<'_>) -> Result<R, Rejected>,
) -> Result<R, Rejected> {
    let mut buffer = [0u8; 512];
    let len = B64.decode_slice(header_b64, &mut buffer)?;
    let header: HeaderIn<'_> = serde_json::from_slice(&buffer[..len])?;
    if header.alg != alg || header.enc != enc || header.crit.is_some() || header.zip.is_some() {
        return Err(Rejected);
    }
    then(header)
}

/// The ciphertext decoded into a buffer with room for the 16-byte GCM tag after it, and the tag
/// appended: what an in-place AES-GCM open takes.
fn ciphertext_and_tag(ciphertext_b64: &str, tag_b64: &str) -> Result<Vec<u8>, Rejected> {
    let mut in_out = vec![0u8; ciphertext_b64.len() / 4 * 3 + 3 + 16];
    let len = B64.decode_slice(ciphertext_b64, &mut in_out)?;
    let mut tag = [0u8; 16];
    decode_exact(tag_b64, &mut tag)?;
    in_out.truncate(len);
    in_out.extend_from_slice(&tag);
    Ok(in_out)
}

/// Appends `.` and the base64url of each segment to `token`.
fn append(token: &mut String, segments: &[&[u8]]) {
    for segment in segments {
        token.push('.');
        B64.encode_string(segment, token);
    }
}

/// The header JSON's base64url, as the start of the token.
fn header_b64(header: &HeaderOut<'_>, capacity: usize) -> String {
    let json = serde_json::to_vec(header).expect("the header serializes");
    let mut token = String::with_capacity(json.len() * 4 / 3 + capacity);
    B64.encode_string(&json, &mut token);
    token
}

/// `dir` with A256GCM on one library (`lib`, ring or aws-lc-rs, whose AEAD APIs are the same):
/// the key built once.
macro_rules! dir_floor {
    () => {
        use lib::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
        use lib::rand::{SecureRandom as _, SystemRandom};

        pub struct Dir {
            key: LessSafeKey,
            rng: SystemRandom,
        }

        impl Dir {
            pub fn new(secret: &[u8]) -> Self {
                Self {
                    key: LessSafeKey::new(
                        UnboundKey::new(&AES_256_GCM, secret).expect("AES-256 key"),
                    ),
                    rng: SystemRandom::new(),
                }
            }

            pub fn decrypt(&self, token: &str) -> Result<Vec<u8>, Rejected> {
                let [header_b64, key_b64, iv_b64, ciphertext_b64, tag_b64] = split(token)?;
                with_header(header_b64, "dir", "A256GCM", |_| Ok(()))?;
                if !key_b64.is_empty() {
                    return Err(Rejected);
                }
                let mut iv = [0u8; 12];
                decode_exact(iv_b64, &mut iv)?;
                let mut in_out = ciphertext_and_tag(ciphertext_b64, tag_b64)?;
                let len = self
                    .key
                    .open_in_place(
                        Nonce::assume_unique_for_key(iv),
                        Aad::from(header_b64.as_bytes()),
                        &mut in_out,
                    )
                    .map_err(|_| Rejected)?
                    .len();
                in_out.truncate(len);
                Ok(in_out)
            }

            pub fn encrypt(&self, plaintext: &[u8]) -> String {
                let mut iv = [0u8; 12];
                self.rng.fill(&mut iv).expect("random IV");
                let header = HeaderOut {
                    alg: "dir",
                    enc: "A256GCM",
                    epk: None,
                };
                let mut token = header_b64(&header, plaintext.len() * 4 / 3 + 48);
                let mut ciphertext = plaintext.to_vec();
                let tag = self
                    .key
                    .seal_in_place_separate_tag(
                        Nonce::assume_unique_for_key(iv),
                        Aad::from(token.as_bytes()),
                        &mut ciphertext,
                    )
                    .expect("AES-GCM seals");
                append(&mut token, &[b"", &iv, &ciphertext[..], tag.as_ref()]);
                token
            }
        }
    };
}

/// The floor on ring: `dir` with A256GCM.
pub mod ring {
    use super::*;
    use ::ring as lib;

    dir_floor!();
}

/// The floor on aws-lc-rs: every pair.
pub mod aws_lc {
    use super::*;
    use ::aws_lc_rs as lib;

    dir_floor!();

    use lib::aead::AES_128_GCM;
    use lib::agreement::{self, ECDH_P256, ParsedPublicKey, PrivateKey, UnparsedPublicKey};
    use lib::cipher::{
        AES_128, DecryptionContext, EncryptionContext, PaddedBlockDecryptingKey,
        PaddedBlockEncryptingKey, UnboundCipherKey,
    };
    use lib::digest::{Context, SHA256};
    use lib::hmac::{self, HMAC_SHA256};
    use lib::key_wrap::{AES_128 as KW_AES_128, KeyEncryptionKey, KeyWrap as _};
    use lib::rsa::{
        OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, OaepPublicEncryptingKey,
        PrivateDecryptingKey,
    };

    const ECDH_ALG: &str = "ECDH-ES+A128KW";

    /// `ECDH-ES+A128KW` with A128GCM, P-256: the recipient's private key and public key (for
    /// encryption) parsed once.
    pub struct EcdhEsA128kw {
        private: PrivateKey,
        public: ParsedPublicKey,
        rng: SystemRandom,
    }

    /// The Concat KDF for ECDH-ES+A128KW (RFC 7518 §4.6.2): one SHA-256 block, its first 16
    /// bytes.
    fn kek(z: &[u8], apu: &[u8], apv: &[u8]) -> [u8; 16] {
        let mut context = Context::new(&SHA256);
        context.update(&1u32.to_be_bytes());
        context.update(z);
        for part in [ECDH_ALG.as_bytes(), apu, apv] {
            context.update(&(part.len() as u32).to_be_bytes());
            context.update(part);
        }
        context.update(&128u32.to_be_bytes());
        let digest = context.finish();
        let mut kek = [0u8; 16];
        kek.copy_from_slice(&digest.as_ref()[..16]);
        kek
    }

    /// Opens AES-128-GCM with a CEK known only now.
    fn open_a128gcm(
        cek: &[u8],
        iv: [u8; 12],
        aad: &[u8],
        in_out: &mut Vec<u8>,
    ) -> Result<(), Rejected> {
        let key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, cek)?);
        let len = key
            .open_in_place(Nonce::assume_unique_for_key(iv), Aad::from(aad), in_out)?
            .len();
        in_out.truncate(len);
        Ok(())
    }

    impl EcdhEsA128kw {
        pub fn new(d: &[u8]) -> Self {
            let private = PrivateKey::from_private_key(&ECDH_P256, d).expect("P-256 key");
            let public_key = private.compute_public_key().expect("public key");
            let public =
                ParsedPublicKey::try_from(UnparsedPublicKey::new(&ECDH_P256, public_key.as_ref()))
                    .expect("public key parses");
            Self {
                private,
                public,
                rng: SystemRandom::new(),
            }
        }

        pub fn decrypt(&self, token: &str) -> Result<Vec<u8>, Rejected> {
            let [header_b64, key_b64, iv_b64, ciphertext_b64, tag_b64] = split(token)?;
            let kek = with_header(header_b64, ECDH_ALG, "A128GCM", |header| {
                let epk = header.epk.ok_or(Rejected)?;
                if epk.kty != "EC" || epk.crv != "P-256" {
                    return Err(Rejected);
                }
                let mut point = [4u8; 65];
                let (x, y) = point[1..].split_at_mut(32);
                decode_exact(epk.x, <&mut [u8; 32]>::try_from(x)?)?;
                decode_exact(epk.y, <&mut [u8; 32]>::try_from(y)?)?;
                let apu = header.apu.map(|apu| B64.decode(apu)).transpose()?;
                let apv = header.apv.map(|apv| B64.decode(apv)).transpose()?;
                let peer = UnparsedPublicKey::new(&ECDH_P256, &point);
                agreement::agree(&self.private, peer, Rejected, |z| {
                    Ok(kek(
                        z,
                        apu.as_deref().unwrap_or_default(),
                        apv.as_deref().unwrap_or_default(),
                    ))
                })
            })?;
            let mut encrypted_key = [0u8; 24];
            decode_exact(key_b64, &mut encrypted_key)?;
            let mut cek = [0u8; 24];
            let cek = KeyEncryptionKey::new(&KW_AES_128, &kek)?.unwrap(&encrypted_key, &mut cek)?;
            if cek.len() != 16 {
                return Err(Rejected);
            }
            let mut iv = [0u8; 12];
            decode_exact(iv_b64, &mut iv)?;
            let mut in_out = ciphertext_and_tag(ciphertext_b64, tag_b64)?;
            open_a128gcm(cek, iv, header_b64.as_bytes(), &mut in_out)?;
            Ok(in_out)
        }

        pub fn encrypt(&self, plaintext: &[u8]) -> String {
            let ephemeral = PrivateKey::generate(&ECDH_P256).expect("ephemeral key");
            let ephemeral_public = ephemeral.compute_public_key().expect("ephemeral public");
            let kek = agreement::agree(&ephemeral, self.public.clone(), Rejected, |z| {
                Ok(kek(z, b"", b""))
            })
            .expect("agreement");
            let mut cek = [0u8; 16];
            self.rng.fill(&mut cek).expect("random CEK");
            let mut wrapped = [0u8; 24];
            KeyEncryptionKey::new(&KW_AES_128, &kek)
                .expect("KEK")
                .wrap(&cek, &mut wrapped)
                .expect("AES key wrap");
            let mut iv = [0u8; 12];
            self.rng.fill(&mut iv).expect("random IV");

            let point = &ephemeral_public.as_ref()[1..];
            let (mut x, mut y) = ([0u8; 43], [0u8; 43]);
            B64.encode_slice(&point[..32], &mut x).expect("x encodes");
            B64.encode_slice(&point[32..], &mut y).expect("y encodes");
            let header = HeaderOut {
                alg: ECDH_ALG,
                enc: "A128GCM",
                epk: Some(EpkIn {
                    kty: "EC",
                    crv: "P-256",
                    x: std::str::from_utf8(&x).expect("base64url"),
                    y: std::str::from_utf8(&y).expect("base64url"),
                }),
            };
            let mut token = header_b64(&header, plaintext.len() * 4 / 3 + 96);
            let key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &cek).expect("CEK"));
            let mut ciphertext = plaintext.to_vec();
            let tag = key
                .seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key(iv),
                    Aad::from(token.as_bytes()),
                    &mut ciphertext,
                )
                .expect("AES-GCM seals");
            append(&mut token, &[&wrapped, &iv, &ciphertext[..], tag.as_ref()]);
            token
        }
    }

    /// `RSA-OAEP-256` with A128CBC-HS256: the private and public keys built once.
    pub struct RsaOaep256 {
        private: OaepPrivateDecryptingKey,
        public: OaepPublicEncryptingKey,
        rng: SystemRandom,
    }

    /// `AL` and the first half of `HMAC-SHA-256(MAC_KEY, AAD || IV || ciphertext || AL)`
    /// (RFC 7518 §5.2.2.1).
    fn cbc_hmac_tag(mac_key: &[u8], aad: &[u8], iv: &[u8], ciphertext: &[u8]) -> [u8; 16] {
        let mut context = hmac::Context::with_key(&hmac::Key::new(HMAC_SHA256, mac_key));
        context.update(aad);
        context.update(iv);
        context.update(ciphertext);
        context.update(&(aad.len() as u64 * 8).to_be_bytes());
        let mut tag = [0u8; 16];
        tag.copy_from_slice(&context.sign().as_ref()[..16]);
        tag
    }

    impl RsaOaep256 {
        pub fn new(pkcs8: &[u8]) -> Self {
            let key = PrivateDecryptingKey::from_pkcs8(pkcs8).expect("RSA key");
            let public = OaepPublicEncryptingKey::new(key.public_key()).expect("RSA public key");
            Self {
                private: OaepPrivateDecryptingKey::new(key).expect("RSA-OAEP key"),
                public,
                rng: SystemRandom::new(),
            }
        }

        pub fn decrypt(&self, token: &str) -> Result<Vec<u8>, Rejected> {
            let [header_b64, key_b64, iv_b64, ciphertext_b64, tag_b64] = split(token)?;
            with_header(header_b64, "RSA-OAEP-256", "A128CBC-HS256", |_| Ok(()))?;
            let mut encrypted_key = [0u8; 512];
            let encrypted_len = B64.decode_slice(key_b64, &mut encrypted_key)?;
            let mut cek = [0u8; 512];
            let cek = self.private.decrypt(
                &OAEP_SHA256_MGF1SHA256,
                &encrypted_key[..encrypted_len],
                &mut cek,
                None,
            )?;
            if cek.len() != 32 {
                return Err(Rejected);
            }
            let mut iv = [0u8; 16];
            decode_exact(iv_b64, &mut iv)?;
            let mut tag = [0u8; 16];
            decode_exact(tag_b64, &mut tag)?;
            let mut buffer = B64.decode(ciphertext_b64)?;
            let (mac_key, enc_key) = cek.split_at(16);
            let expected = cbc_hmac_tag(mac_key, header_b64.as_bytes(), &iv, &buffer);
            lib::constant_time::verify_slices_are_equal(&expected, &tag)?;
            let key =
                PaddedBlockDecryptingKey::cbc_pkcs7(UnboundCipherKey::new(&AES_128, enc_key)?)?;
            let len = key
                .decrypt(&mut buffer, DecryptionContext::Iv128(iv.into()))?
                .len();
            buffer.truncate(len);
            Ok(buffer)
        }

        pub fn encrypt(&self, plaintext: &[u8]) -> String {
            let mut cek = [0u8; 32];
            self.rng.fill(&mut cek).expect("random CEK");
            let mut encrypted_key = [0u8; 512];
            let encrypted_key = self
                .public
                .encrypt(&OAEP_SHA256_MGF1SHA256, &cek, &mut encrypted_key, None)
                .expect("RSA-OAEP encrypts");
            let mut iv = [0u8; 16];
            self.rng.fill(&mut iv).expect("random IV");
            let header = HeaderOut {
                alg: "RSA-OAEP-256",
                enc: "A128CBC-HS256",
                epk: None,
            };
            let mut token = header_b64(&header, (plaintext.len() + 16 + 256) * 4 / 3 + 64);
            let (mac_key, enc_key) = cek.split_at(16);
            let key = PaddedBlockEncryptingKey::cbc_pkcs7(
                UnboundCipherKey::new(&AES_128, enc_key).expect("AES key"),
            )
            .expect("AES-CBC key");
            let mut ciphertext = plaintext.to_vec();
            key.less_safe_encrypt(&mut ciphertext, EncryptionContext::Iv128(iv.into()))
                .expect("AES-CBC encrypts");
            let tag = cbc_hmac_tag(mac_key, token.as_bytes(), &iv, &ciphertext);
            append(&mut token, &[&*encrypted_key, &iv, &ciphertext[..], &tag]);
            token
        }
    }
}

/// The floor for one pair on one backend, its keys built. Held inline, not boxed: the floor's
/// timed path has no indirection ours could skip.
#[allow(clippy::large_enum_variant)]
pub enum JweFloor {
    DirRing(ring::Dir),
    DirAwsLc(aws_lc::Dir),
    EcdhEsA128kw(aws_lc::EcdhEsA128kw),
    RsaOaep256(aws_lc::RsaOaep256),
}

impl JweFloor {
    /// The floor for `alg` (with its `enc` of `support_jwe::PAIRS`) on `backend`, with the
    /// fixtures' keys.
    pub fn new(alg: &str, backend: jwt_ring::Backend) -> Self {
        use crate::support_jwe as fixture;
        match (alg, backend) {
            ("dir", jwt_ring::Backend::Ring) => JweFloor::DirRing(ring::Dir::new(fixture::DIR_KEY)),
            ("dir", jwt_ring::Backend::AwsLc) => {
                JweFloor::DirAwsLc(aws_lc::Dir::new(fixture::DIR_KEY))
            }
            ("ECDH-ES+A128KW", jwt_ring::Backend::AwsLc) => {
                JweFloor::EcdhEsA128kw(aws_lc::EcdhEsA128kw::new(&fixture::b64(fixture::P256_D)))
            }
            ("RSA-OAEP-256", jwt_ring::Backend::AwsLc) => {
                JweFloor::RsaOaep256(aws_lc::RsaOaep256::new(fixture::RSA2048_PK8))
            }
            (alg, backend) => panic!("no JWE floor for {alg} on {backend}"),
        }
    }

    /// Decrypts `token` and returns its plaintext.
    #[inline]
    pub fn decrypt(&self, token: &str) -> Result<Vec<u8>, Rejected> {
        match self {
            JweFloor::DirRing(floor) => floor.decrypt(token),
            JweFloor::DirAwsLc(floor) => floor.decrypt(token),
            JweFloor::EcdhEsA128kw(floor) => floor.decrypt(token),
            JweFloor::RsaOaep256(floor) => floor.decrypt(token),
        }
    }

    /// Encrypts `plaintext` as a compact JWE.
    #[inline]
    pub fn encrypt(&self, plaintext: &[u8]) -> String {
        match self {
            JweFloor::DirRing(floor) => floor.encrypt(plaintext),
            JweFloor::DirAwsLc(floor) => floor.encrypt(plaintext),
            JweFloor::EcdhEsA128kw(floor) => floor.encrypt(plaintext),
            JweFloor::RsaOaep256(floor) => floor.encrypt(plaintext),
        }
    }
}
