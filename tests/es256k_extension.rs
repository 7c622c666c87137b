//! ES256K through the extension point: the user-defined `Signer`/`Verifier` of
//! `examples/es256k/mod.rs` (RustCrypto `k256`) driven by jwt-ring's `encode` and `Validator`.
//!
//! RFC 8812 prints no ES256K JWS example and the project's Wycheproof set has no secp256k1 file,
//! so the signer is pinned by the published secp256k1 RFC 6979 vectors and the rest is checked
//! by property: a round trip; tampered, wrong-length and DER signatures refused; high-S accepted
//! (as the module documents, unlike `k256`'s own `verify`); `R`/`S` out of range refused; points
//! off the curve refused when the key is built; RFC 8812 §3.1 JWKs; and the key bound to ES256K
//! whatever a token's `alg` says.

mod common;
#[path = "../examples/es256k/mod.rs"]
mod es256k;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{b64, hex, now, sign_raw, unb64};
use jwt_ring::time::Duration;
use jwt_ring::{
    ClaimFailure, ClaimName, Claims, Header, InvalidSignature, NoCustomClaims, Signer,
    UntrustedToken, Validator, Verifier, VerifyError, ecdsa, encode,
};
use k256::ecdsa::signature::Verifier as _;

/// The secp256k1 group order n (SEC 2 §2.4.1).
const ORDER: &str = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

/// The secp256k1 field prime p (SEC 2 §2.4.1).
const FIELD_PRIME: &str = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";

/// The base point G, uncompressed (SEC 2 §2.4.1).
const G_X: &str = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
const G_Y: &str = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

fn claims() -> Claims {
    Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_subject("alice")
        .with_audience("reports")
        .valid_for(now() - Duration::minutes(1), Duration::minutes(10))
}

fn validator(key: impl Verifier + 'static) -> Validator {
    Validator::builder()
        .key(key)
        .issuer("https://auth.example")
        .audience("reports")
        .build()
        .unwrap()
}

/// `token` with its signature segment replaced by `signature`.
fn with_signature(token: &str, signature: &[u8]) -> String {
    let (signing_input, _) = token.rsplit_once('.').unwrap();
    format!("{signing_input}.{}", b64(signature))
}

fn signature_of(token: &str) -> Vec<u8> {
    unb64(token.rsplit_once('.').unwrap().1)
}

/// `a - b` for 32-byte big-endian integers with `a >= b`.
fn sub(a: &[u8], b: &[u8]) -> Vec<u8> {
    assert_eq!((a.len(), b.len()), (32, 32));
    let mut out = vec![0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut digit = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(digit < 0);
        if digit < 0 {
            digit += 256;
        }
        out[i] = u8::try_from(digit).unwrap();
    }
    assert_eq!(borrow, 0, "a < b");
    out
}

/// The signature `(r, n - s)`: the other valid signature for the same message.
fn flip_s(signature: &[u8]) -> Vec<u8> {
    let (r, s) = signature.split_at(es256k::COORDINATE_LEN);
    [r, &sub(&hex(ORDER), s)].concat()
}

/// Whether `s` (32 bytes big-endian) is above n / 2, the "high-S" half.
fn is_high(s: &[u8]) -> bool {
    let order = hex(ORDER);
    // n is odd, so s > n / 2 exactly when s > n - s.
    s > sub(&order, s).as_slice()
}

/// A verifier that counts the calls it gets, for checking which key a validator asked.
struct Counting {
    inner: es256k::VerifyingKey,
    calls: Arc<AtomicUsize>,
}

impl Verifier for Counting {
    fn algorithm(&self) -> &str {
        Verifier::algorithm(&self.inner)
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.verify(signing_input, signature)
    }
}

/// The secp256k1 RFC 6979 (SHA-256) vectors published with the first deterministic Bitcoin
/// signers and reproduced in many wallet libraries' suites: private scalar, message, and the
/// low-S signature `R || S`. ES256K signs the message itself (the JWS signing input), hashed
/// once with SHA-256, so `Signer::sign` must reproduce them byte for byte.
const RFC6979_SECP256K1: [(&str, &str, &str); 3] = [
    (
        "0000000000000000000000000000000000000000000000000000000000000001",
        "Satoshi Nakamoto",
        "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8\
         2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
    ),
    (
        "0000000000000000000000000000000000000000000000000000000000000001",
        "All those moments will be lost in time, like tears in rain. Time to die...",
        "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b\
         547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21",
    ),
    (
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
        "Satoshi Nakamoto",
        "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0\
         6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5",
    ),
];

#[test]
fn signer_reproduces_the_rfc6979_secp256k1_vectors() {
    for (d, message, expected) in RFC6979_SECP256K1 {
        let key = es256k::SigningKey::from_scalar(&hex(d)).unwrap();
        let signature = key.sign(message.as_bytes()).unwrap();
        assert_eq!(signature, hex(expected), "{message}");
        assert!(
            key.verifying_key()
                .verify(message.as_bytes(), &signature)
                .is_ok()
        );
    }
}

/// d = 1 gives the base point G, and d = n - 1 gives -G = (Gx, p - Gy).
#[test]
fn private_scalars_give_the_expected_public_points() {
    let one = es256k::SigningKey::from_scalar(&hex(RFC6979_SECP256K1[0].0)).unwrap();
    assert_eq!(one.verifying_key().coordinates(), (hex(G_X), hex(G_Y)));

    let minus_one = es256k::SigningKey::from_scalar(&hex(RFC6979_SECP256K1[2].0)).unwrap();
    assert_eq!(
        minus_one.verifying_key().coordinates(),
        (hex(G_X), sub(&hex(FIELD_PRIME), &hex(G_Y)))
    );
}

#[test]
fn generated_key_round_trips_through_encode_and_validator() {
    let signing_key = es256k::SigningKey::generate().unwrap().with_key_id("k1-1");
    assert_eq!(Signer::algorithm(&signing_key), "ES256K");
    assert_eq!(Signer::key_id(&signing_key), Some("k1-1"));
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();

    let untrusted = UntrustedToken::parse(&token).unwrap();
    assert_eq!(untrusted.algorithm(), "ES256K");
    assert_eq!(untrusted.header().kid(), Some("k1-1"));
    assert_eq!(untrusted.signature().len(), es256k::SIGNATURE_LEN);

    let verified = validator(signing_key.verifying_key())
        .verify_at::<NoCustomClaims>(&token, now())
        .unwrap();
    assert_eq!(verified.header().algorithm(), Some("ES256K"));
    assert_eq!(verified.header().kid(), Some("k1-1"));
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
}

#[test]
fn tampered_signatures_are_refused() {
    let signing_key = es256k::SigningKey::generate().unwrap();
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();
    let validator = validator(signing_key.verifying_key());
    assert!(validator.verify_at::<NoCustomClaims>(&token, now()).is_ok());

    // One bit in the first and last bytes of R and of S.
    for index in [0, 31, 32, 63] {
        let mut signature = signature_of(&token);
        signature[index] ^= 0x01;
        let result =
            validator.verify_at::<NoCustomClaims>(&with_signature(&token, &signature), now());
        assert!(
            matches!(result, Err(VerifyError::InvalidSignature)),
            "bit flipped in byte {index}: {result:?}"
        );
    }

    // The signature of one token on the claims of another.
    let other = encode(
        &Header::new(),
        &claims().with_subject("mallory"),
        &signing_key,
    )
    .unwrap();
    let spliced = with_signature(&other, &signature_of(&token));
    let result = validator.verify_at::<NoCustomClaims>(&spliced, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );

    // A valid signature from a different key.
    let stranger = es256k::SigningKey::generate().unwrap();
    let forged = encode(&Header::new(), &claims(), &stranger).unwrap();
    let result = validator.verify_at::<NoCustomClaims>(&forged, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
}

#[test]
fn signatures_of_the_wrong_length_are_refused() {
    let signing_key = es256k::SigningKey::generate().unwrap();
    let key = signing_key.verifying_key();
    let signature = signing_key.sign(b"input").unwrap();
    assert_eq!(signature.len(), es256k::SIGNATURE_LEN);
    assert!(key.verify(b"input", &signature).is_ok());

    let truncated = &signature[..es256k::SIGNATURE_LEN - 1];
    let mut extended = signature.clone();
    extended.push(0);
    // R and S each with a leading zero byte, as a careless encoder might left-pad them.
    let padded = [&[0], &signature[..32], &[0], &signature[32..]].concat();
    let doubled = [signature.as_slice(), &signature].concat();
    for bad in [truncated, &extended, &padded, &doubled, &[]] {
        assert!(
            matches!(key.verify(b"input", bad), Err(InvalidSignature)),
            "{} bytes",
            bad.len()
        );
    }

    // The same through the validator.
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();
    let short = with_signature(&token, &signature_of(&token)[1..]);
    let result = validator(key).verify_at::<NoCustomClaims>(&short, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
}

/// A DER-encoded signature (what many ECDSA APIs return by default) is refused, although it is
/// the same signature and `k256` itself verifies it in that form.
#[test]
fn der_signatures_are_refused() {
    let signing_key = es256k::SigningKey::generate().unwrap();
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();
    let (signing_input, _) = token.rsplit_once('.').unwrap();
    let fixed = k256::ecdsa::Signature::from_slice(&signature_of(&token)).unwrap();
    let der = fixed.to_der();
    let der = der.as_bytes();
    assert_eq!(der[0], 0x30, "a DER SEQUENCE");
    assert_ne!(der.len(), es256k::SIGNATURE_LEN);

    let (x, y) = signing_key.verifying_key().coordinates();
    let k256_key =
        k256::ecdsa::VerifyingKey::from_sec1_bytes(&[&[0x04], x.as_slice(), &y].concat()).unwrap();
    let k256_der = k256::ecdsa::DerSignature::try_from(der).unwrap();
    assert!(k256_key.verify(signing_input.as_bytes(), &k256_der).is_ok());

    let key = signing_key.verifying_key();
    assert!(matches!(
        key.verify(signing_input.as_bytes(), der),
        Err(InvalidSignature)
    ));
    let result = validator(key).verify_at::<NoCustomClaims>(&with_signature(&token, der), now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
}

/// The module's documented policy: the signer emits low-S only; the verifier accepts the high-S
/// twin `(r, n - s)` of a valid signature, as RFC 8812 (FIPS 186 ECDSA) allows, although `k256`'s
/// own `verify` refuses it.
#[test]
fn high_s_signatures_are_accepted_although_k256_refuses_them() {
    let signing_key = es256k::SigningKey::generate().unwrap();
    let key = signing_key.verifying_key();
    let (x, y) = key.coordinates();
    let k256_key =
        k256::ecdsa::VerifyingKey::from_sec1_bytes(&[&[0x04], x.as_slice(), &y].concat()).unwrap();

    for subject in [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
    ] {
        let token = encode(
            &Header::new(),
            &claims().with_subject(subject),
            &signing_key,
        )
        .unwrap();
        let (signing_input, _) = token.rsplit_once('.').unwrap();
        let low = signature_of(&token);
        assert!(
            !is_high(&low[32..]),
            "the signer emitted high-S for {subject}"
        );
        let high = flip_s(&low);
        assert!(is_high(&high[32..]));
        assert_eq!(high[..32], low[..32]);

        // k256 alone: low-S verifies, high-S is refused.
        let as_k256 = |bytes: &[u8]| k256::ecdsa::Signature::from_slice(bytes).unwrap();
        assert!(
            k256_key
                .verify(signing_input.as_bytes(), &as_k256(&low))
                .is_ok()
        );
        assert!(
            k256_key
                .verify(signing_input.as_bytes(), &as_k256(&high))
                .is_err()
        );

        // The ES256K verifier: both, directly and through the validator.
        assert!(key.verify(signing_input.as_bytes(), &high).is_ok());
        let verified = validator(key.clone())
            .verify_at::<NoCustomClaims>(&with_signature(&token, &high), now())
            .unwrap();
        assert_eq!(verified.claims().registered.sub(), Some(subject));

        // Accepting the twin is not accepting anything: with one bit of the high S flipped it
        // fails again.
        let mut broken = high.clone();
        broken[63] ^= 0x01;
        assert!(key.verify(signing_input.as_bytes(), &broken).is_err());
    }

    // The RFC 6979 vector for d = 1 and "Satoshi Nakamoto" is high-S before normalisation: the
    // raw signature an RFC 6979 signer without low-S rules would emit verifies too.
    let (d, message, low) = RFC6979_SECP256K1[0];
    let key = es256k::SigningKey::from_scalar(&hex(d))
        .unwrap()
        .verifying_key();
    let raw = flip_s(&hex(low));
    assert!(is_high(&raw[32..]));
    assert!(key.verify(message.as_bytes(), &raw).is_ok());
    assert!(key.verify(b"Satoshi Nakamoto!", &raw).is_err());
}

/// `R` and `S` must each be in `[1, n - 1]`: zero (the "psychic signature", CVE-2022-21449) and
/// the order itself are refused, whatever the other half is.
#[test]
fn r_and_s_out_of_range_are_refused() {
    let signing_key = es256k::SigningKey::generate().unwrap();
    let key = signing_key.verifying_key();
    let valid = signing_key.sign(b"input").unwrap();
    assert!(key.verify(b"input", &valid).is_ok());
    let (r, s) = valid.split_at(32);
    let zero = [0u8; 32];
    let order = hex(ORDER);
    let max = [0xffu8; 32];
    for (name, bad) in [
        ("r = s = 0", [zero.as_slice(), &zero].concat()),
        ("r = 0", [zero.as_slice(), s].concat()),
        ("s = 0", [r, zero.as_slice()].concat()),
        ("r = n", [order.as_slice(), s].concat()),
        ("s = n", [r, order.as_slice()].concat()),
        ("s = 2^256 - 1", [r, max.as_slice()].concat()),
        ("r = 2^256 - 1", [max.as_slice(), s].concat()),
    ] {
        assert!(
            matches!(key.verify(b"input", &bad), Err(InvalidSignature)),
            "{name}"
        );
    }
}

#[test]
fn points_off_the_curve_are_refused_when_the_key_is_built() {
    let (x, y) = (hex(G_X), hex(G_Y));
    assert!(es256k::VerifyingKey::from_coordinates(&x, &y).is_ok());

    let mut off = y.clone();
    off[31] ^= 0x01;
    let result = es256k::VerifyingKey::from_coordinates(&x, &off);
    assert!(
        matches!(&result, Err(error) if error.to_string().contains("not on secp256k1")),
        "{result:?}"
    );

    // x = p is not a field element, and (0, 0) is not on the curve.
    assert!(es256k::VerifyingKey::from_coordinates(&hex(FIELD_PRIME), &y).is_err());
    assert!(es256k::VerifyingKey::from_coordinates(&[0; 32], &[0; 32]).is_err());

    // A P-256 public key: its JWK differs from a secp256k1 one only in `crv` (RFC 8812 §5), and
    // its point is not on secp256k1.
    let (p256, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let p256_jwk: serde_json::Value =
        serde_json::from_str(&p256.verifying_key().to_jwk().to_json()).unwrap();
    let coordinate = |name: &str| unb64(p256_jwk[name].as_str().unwrap());
    let result = es256k::VerifyingKey::from_coordinates(&coordinate("x"), &coordinate("y"));
    assert!(
        matches!(&result, Err(error) if error.to_string().contains("not on secp256k1")),
        "{result:?}"
    );

    // Coordinates must be exactly 32 bytes, leading zeros kept (RFC 8812 §3.1).
    assert!(es256k::VerifyingKey::from_coordinates(&x[1..], &y).is_err());
    assert!(es256k::VerifyingKey::from_coordinates(&[&[0], x.as_slice()].concat(), &y).is_err());

    // Private scalars: 32 bytes, in [1, n - 1].
    assert!(es256k::SigningKey::from_scalar(&[0u8; 32]).is_err());
    assert!(es256k::SigningKey::from_scalar(&hex(ORDER)).is_err());
    assert!(es256k::SigningKey::from_scalar(&[1u8; 31]).is_err());
}

#[test]
fn jwks_are_rfc8812_public_keys() {
    let signing_key = es256k::SigningKey::generate().unwrap().with_key_id("k1");
    let jwk_json = signing_key.verifying_key().to_jwk();
    let jwk: serde_json::Value = serde_json::from_str(&jwk_json).unwrap();
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(jwk["crv"], "secp256k1");
    assert_eq!(jwk["alg"], "ES256K");
    assert_eq!(jwk["kid"], "k1");
    assert_eq!(unb64(jwk["x"].as_str().unwrap()).len(), 32);
    assert_eq!(unb64(jwk["y"].as_str().unwrap()).len(), 32);
    assert!(jwk.get("d").is_none());

    // Back from the JWK: same point, same kid, and it verifies the key's tokens.
    let key = es256k::VerifyingKey::from_jwk(&jwk_json).unwrap();
    assert_eq!(key.coordinates(), signing_key.verifying_key().coordinates());
    assert_eq!(Verifier::key_id(&key), Some("k1"));
    let token = encode(&Header::new(), &claims(), &signing_key).unwrap();
    assert!(
        validator(key)
            .verify_at::<NoCustomClaims>(&token, now())
            .is_ok()
    );

    let refused = |jwk: serde_json::Value, why: &str| {
        let result = es256k::VerifyingKey::from_jwk(&jwk.to_string());
        assert!(
            matches!(&result, Err(error) if error.to_string().contains(why)),
            "{why}: {result:?}"
        );
    };
    refused(common::with(&jwk, "crv", "P-256"), "crv is not secp256k1");
    refused(common::with(&jwk, "kty", "OKP"), "kty is not EC");
    refused(common::with(&jwk, "alg", "ES256"), "alg is not ES256K");
    refused(common::with(&jwk, "d", b64(&[1; 32])), "private key");
    refused(common::without(&jwk, "y"), "not a JWK");
    let x = unb64(jwk["x"].as_str().unwrap());
    refused(
        common::with(&jwk, "x", b64(&[&[0], x.as_slice()].concat())),
        "not 32 bytes",
    );
    refused(common::with(&jwk, "x", "not base64url!"), "not base64url");

    // A JWK without `alg` or `kid` is fine.
    let bare = common::without(&common::without(&jwk, "alg"), "kid");
    let key = es256k::VerifyingKey::from_jwk(&bare.to_string()).unwrap();
    assert_eq!(Verifier::key_id(&key), None);

    // jwt-ring's own JWK import has no secp256k1 key type, with either backend: that is what
    // the extension is for.
    assert!(matches!(
        jwt_ring::jwk::Jwk::from_json(&jwk_json),
        Err(jwt_ring::jwk::JwkError::Unsupported)
    ));
}

/// The key is bound to ES256K. A token whose header says ES256, carrying a valid secp256k1
/// signature over its own signing input, is refused without the ES256K key ever being asked:
/// with no ES256 key it finds none; with one, that key refuses the signature.
#[test]
fn a_token_under_another_alg_is_refused_by_the_es256k_key() {
    let signing_key = es256k::SigningKey::generate().unwrap();
    let payload = serde_json::to_vec(&serde_json::json!({
        "iss": "https://auth.example",
        "aud": "reports",
        "exp": now().unix_timestamp() + 600,
    }))
    .unwrap();
    let as_es256k = sign_raw(br#"{"alg":"ES256K"}"#, &payload, &signing_key);
    let as_es256 = sign_raw(br#"{"alg":"ES256"}"#, &payload, &signing_key);

    // Cryptographically the ES256-labelled token is fine for the secp256k1 key...
    let untrusted = UntrustedToken::parse(&as_es256).unwrap();
    assert_eq!(untrusted.algorithm(), "ES256");
    assert!(
        signing_key
            .verifying_key()
            .verify(untrusted.signing_input().as_bytes(), untrusted.signature())
            .is_ok()
    );

    // ...but the validator never gives it to the ES256K key.
    let calls = Arc::new(AtomicUsize::new(0));
    let counting = || Counting {
        inner: signing_key.verifying_key(),
        calls: Arc::clone(&calls),
    };
    let es256k_only = validator(counting());
    assert!(
        es256k_only
            .verify_at::<NoCustomClaims>(&as_es256k, now())
            .is_ok()
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let result = es256k_only.verify_at::<NoCustomClaims>(&as_es256, now());
    assert!(
        matches!(result, Err(VerifyError::NoMatchingKey)),
        "{result:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the ES256K key was asked");

    let (p256, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let both = Validator::builder()
        .key(counting())
        .key(p256.verifying_key())
        .issuer("https://auth.example")
        .audience("reports")
        .build()
        .unwrap();
    let result = both.verify_at::<NoCustomClaims>(&as_es256, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the ES256K key was asked");

    // The other way round: a P-256 token relabelled ES256K goes to the ES256K key, which
    // refuses a signature made on another curve.
    let p256_token = encode(&Header::new(), &claims(), &p256).unwrap();
    let (_, rest) = p256_token.split_once('.').unwrap();
    let relabelled = format!("{}.{rest}", b64(br#"{"alg":"ES256K","typ":"JWT"}"#));
    let result = both.verify_at::<NoCustomClaims>(&relabelled, now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn claims_are_checked_after_the_custom_signature() {
    let signing_key = es256k::SigningKey::generate().unwrap();
    let expired = Claims::registered_only()
        .with_issuer("https://auth.example")
        .with_audience("reports")
        .valid_for(now() - Duration::hours(2), Duration::hours(1));
    let token = encode(&Header::new(), &expired, &signing_key).unwrap();
    let validator = validator(signing_key.verifying_key());
    let result = validator.verify_at::<NoCustomClaims>(&token, now());
    assert!(
        matches!(&result, Err(VerifyError::Claim(error))
            if *error.claim() == ClaimName::Exp && error.failure() == ClaimFailure::Expired),
        "{result:?}"
    );

    // With a bad signature as well, the signature is what is reported.
    let mut signature = signature_of(&token);
    signature[5] ^= 0x01;
    let result = validator.verify_at::<NoCustomClaims>(&with_signature(&token, &signature), now());
    assert!(
        matches!(result, Err(VerifyError::InvalidSignature)),
        "{result:?}"
    );
}

#[test]
fn debug_output_does_not_show_the_private_scalar() {
    let d = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let key = es256k::SigningKey::from_scalar(&d)
        .unwrap()
        .with_key_id("debug-check");
    let debug = format!("{key:?}");
    assert!(debug.contains("debug-check"), "{debug}");
    assert!(
        !debug.to_lowercase().contains("c9afa9d845ba7516"),
        "{debug}"
    );
    assert!(!debug.contains(&b64(&d)[..16]), "{debug}");
}
