//! JSON Web Keys through the public API: the example keys of RFC 7517 and RFC 7520 imported as
//! verifiers and signers, the RFC 7520 §4 signatures verified with JWK-imported keys, the
//! thumbprints of RFC 7638 §3.1 / RFC 8037 A.3 byte for byte (and their RFC 9278 URIs), every
//! strictness rule of `Jwk::from_json` with its exact `JwkError`, and export from the crate's own
//! keys.
//!
//! The vectors are copied under `tests/vectors/rfc/` (see `tests/vectors/README.md`).

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{hex, with, without};
use jwt_ring::jwk::{Jwk, JwkError, JwkSet, MAX_JWK_LEN, MAX_KID_LEN, ThumbprintHash};
use jwt_ring::{
    Claims, Header, Malformed, NoCustomClaims, Part, Signer, UntrustedToken, Validator, Verifier,
    VerifyError, ecdsa, eddsa, encode, hmac, rsa,
};
use serde_json::{Value, json};

const RFC7515: &str = include_str!("vectors/rfc/rfc7515_appendix_a.json");
const RFC7517: &str = include_str!("vectors/rfc/rfc7517_appendix_keys.json");
const RFC7520_KEYS: &str = include_str!("vectors/rfc/rfc7520_section3_keys.json");
const RFC7520_JWS: &str = include_str!("vectors/rfc/rfc7520_section4_jws.json");
const RFC7638: &str = include_str!("vectors/rfc/rfc7638_thumbprint.json");
const RFC8037: &str = include_str!("vectors/rfc/rfc8037_appendix_a.json");

// ---------------------------------------------------------------------------------------------
// Helpers

fn file(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Parses a JWK given as a JSON value.
fn parse(jwk: &Value) -> Result<Jwk, JwkError> {
    Jwk::from_json(&jwk.to_string())
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

/// A member of `jwk`, base64url-decoded.
fn member(jwk: &Value, name: &str) -> Vec<u8> {
    unb64(jwk[name].as_str().unwrap())
}

/// Signs `message` and checks that `verifier` accepts it and refuses it tampered.
fn assert_round_trip(signer: &dyn Signer, verifier: &dyn Verifier) {
    assert_eq!(signer.algorithm(), verifier.algorithm());
    let message = b"eyJhbGciOiJ0ZXN0In0.cm91bmQgdHJpcA";
    let mut signature = signer.sign(message).unwrap();
    assert!(verifier.verify(message, &signature).is_ok());
    assert!(
        verifier
            .verify(b"eyJhbGciOiJ0ZXN0In0.cm91bmQgdHJpcB", &signature)
            .is_err()
    );
    signature[0] ^= 0x80;
    assert!(verifier.verify(message, &signature).is_err());
}

fn rfc7517(section: &str) -> Value {
    file(RFC7517)[section].clone()
}

fn rfc7520_key(section: &str) -> Value {
    file(RFC7520_KEYS)["keys"][section]["jwk"].clone()
}

fn jws_vector(text: &str, id: &str) -> Value {
    file(text)["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id}"))
        .clone()
}

/// A fresh P-256 key pair as JWKs: (public, private).
fn p256_pair() -> (Value, Value) {
    let (signing, pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let public = file(&signing.verifying_key().to_jwk().to_json());
    // The private scalar is the OCTET STRING inside the SEC1 ECPrivateKey of the PKCS#8
    // document ring generates: find it right after its `04 20` tag and length.
    let at = pkcs8
        .windows(5)
        .position(|w| w == [0x02, 0x01, 0x01, 0x04, 0x20])
        .unwrap();
    let d = &pkcs8[at + 5..at + 5 + 32];
    let private = with(&public, "d", b64(d));
    (public, private)
}

// ---------------------------------------------------------------------------------------------
// RFC 7517 Appendix A, B, C

#[test]
fn rfc7517_a1_public_keys_become_verifiers() {
    let keys = rfc7517("A.1_public_keys")["keys"].clone();
    let (ec, rsa_key) = (&keys[0], &keys[1]);

    // The EC key is marked for encryption: it parses, but never verifies.
    let ec_jwk = parse(ec).unwrap();
    assert_eq!(ec_jwk.key_type(), "EC");
    assert_eq!(ec_jwk.kid(), Some("1"));
    assert_eq!(ec_jwk.key_use(), Some("enc"));
    assert!(!ec_jwk.is_private());
    assert_eq!(ec_jwk.verifier().err(), Some(JwkError::OperationNotAllowed));
    assert_eq!(
        ec_jwk.verifier_for("ES256").err(),
        Some(JwkError::OperationNotAllowed)
    );
    // The same key material without `use` is an ES256 verifier.
    let verifier = parse(&without(ec, "use")).unwrap().verifier().unwrap();
    assert_eq!(verifier.algorithm(), "ES256");
    assert_eq!(verifier.key_id(), Some("1"));

    let rsa_jwk = parse(rsa_key).unwrap();
    assert_eq!(rsa_jwk.key_type(), "RSA");
    assert_eq!(rsa_jwk.algorithm(), Some("RS256"));
    assert_eq!(rsa_jwk.algorithms(), ["RS256"]);
    let verifier = rsa_jwk.verifier().unwrap();
    assert_eq!(verifier.algorithm(), "RS256");
    assert_eq!(verifier.key_id(), Some("2011-04-29"));
    // `alg` binds the key: it never verifies PS256 or RS512.
    assert_eq!(
        rsa_jwk.verifier_for("PS256").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        rsa_jwk.verifier_for("RS512").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(rsa_jwk.signer().err(), Some(JwkError::NoPrivateMaterial));
}

#[test]
fn rfc7517_a2_private_keys_become_signers_and_round_trip() {
    let public = rfc7517("A.1_public_keys")["keys"].clone();
    let private = rfc7517("A.2_private_keys")["keys"].clone();

    // EC P-256: `use: enc` forbids signing as printed; without it the key signs ES256.
    let ec_private = parse(&private[0]).unwrap();
    assert!(ec_private.is_private());
    assert_eq!(
        ec_private.signer().err(),
        Some(JwkError::OperationNotAllowed)
    );
    let signer = parse(&without(&private[0], "use"))
        .unwrap()
        .signer()
        .unwrap();
    assert_eq!(signer.algorithm(), "ES256");
    assert_eq!(signer.key_id(), Some("1"));
    let verifier = parse(&without(&public[0], "use"))
        .unwrap()
        .verifier()
        .unwrap();
    assert_round_trip(&*signer, &*verifier);
    // A.1 is the public part of A.2.
    assert_eq!(
        ec_private.to_public().unwrap(),
        parse(&public[0]).unwrap(),
        "A.1 EC = public part of A.2 EC"
    );

    // RSA: a signer whose tokens the A.1 public key verifies.
    let rsa_private = parse(&private[1]).unwrap();
    let signer = rsa_private.signer().unwrap();
    assert_eq!(signer.algorithm(), "RS256");
    assert_eq!(signer.key_id(), Some("2011-04-29"));
    let verifier = parse(&public[1]).unwrap().verifier().unwrap();
    assert_round_trip(&*signer, &*verifier);
    assert_eq!(rsa_private.to_public().unwrap(), parse(&public[1]).unwrap());

    // A whole token: minted with the private JWK, verified with the public JWK.
    let now = common::now();
    let claims = Claims::registered_only()
        .with_subject("alice")
        .valid_for(now, jwt_ring::time::Duration::minutes(5));
    let token = encode(&Header::new(), &claims, &signer).unwrap();
    let validator = Validator::builder().key(verifier).build().unwrap();
    let verified = validator.verify_at::<NoCustomClaims>(&token, now).unwrap();
    assert_eq!(verified.header().kid(), Some("2011-04-29"));
    assert_eq!(verified.header().algorithm(), Some("RS256"));
    assert_eq!(verified.claims().registered.sub(), Some("alice"));
}

#[test]
fn rfc7517_a3_symmetric_keys() {
    let keys = rfc7517("A.3_symmetric_keys")["keys"].clone();
    // A128KW is a key-wrapping algorithm, not a JWS one: the key reads, but never verifies
    // or signs.
    let wrapping = parse(&keys[0]).unwrap();
    assert_eq!(wrapping.verifier().err(), Some(JwkError::AlgorithmMismatch));
    assert_eq!(
        wrapping.verifier_for("HS256").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(wrapping.signer().err(), Some(JwkError::AlgorithmMismatch));

    // The second key is the HMAC key of RFC 7515 A.1, without `alg`.
    let key = parse(&keys[1]).unwrap();
    assert!(key.is_symmetric());
    assert!(key.is_private());
    assert_eq!(key.algorithm(), None);
    assert_eq!(key.algorithms(), ["HS256", "HS384", "HS512"]);
    assert_eq!(key.verifier().err(), Some(JwkError::AlgorithmNeeded));
    assert_eq!(key.signer().err(), Some(JwkError::AlgorithmNeeded));
    assert_eq!(
        key.verifier_for("RS256").err(),
        Some(JwkError::AlgorithmMismatch)
    );

    let a1 = jws_vector(RFC7515, "rfc7515-A.1");
    let token = UntrustedToken::parse(a1["compact"].as_str().unwrap()).unwrap();
    let verifier = key.verifier_for("HS256").unwrap();
    assert_eq!(
        verifier.key_id(),
        Some("HMAC key used in JWS spec Appendix A.1 example")
    );
    assert!(
        verifier
            .verify(token.signing_input().as_bytes(), token.signature())
            .is_ok()
    );
    // HMAC is deterministic: the JWK's signer reproduces RFC 7515 A.1 exactly.
    let signature = key
        .signer_for("HS256")
        .unwrap()
        .sign(token.signing_input().as_bytes())
        .unwrap();
    assert_eq!(b64(&signature), a1["signature_b64u"].as_str().unwrap());
    // The same 64-byte secret is long enough for HS512, but a different MAC.
    let hs512 = key.verifier_for("HS512").unwrap();
    assert!(
        hs512
            .verify(token.signing_input().as_bytes(), token.signature())
            .is_err()
    );
}

#[test]
fn rfc7517_b_key_with_x5c_needs_an_algorithm() {
    let b = rfc7517("B_x5c_example");
    let key = parse(&b).unwrap();
    assert_eq!(key.kid(), Some("1b94c"));
    assert_eq!(key.key_use(), Some("sig"));
    // RSA without `alg` could mean six algorithms: the caller must name one.
    assert_eq!(key.verifier().err(), Some(JwkError::AlgorithmNeeded));
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        let verifier = key.verifier_for(alg).unwrap();
        assert_eq!(verifier.algorithm(), alg);
        assert_eq!(verifier.key_id(), Some("1b94c"));
    }
    // `x5c` is ignored, so it does not change the thumbprint.
    assert_eq!(
        key.thumbprint(ThumbprintHash::Sha256),
        parse(&without(&b, "x5c"))
            .unwrap()
            .thumbprint(ThumbprintHash::Sha256)
    );
}

#[test]
fn rfc7517_c1_rsa_private_key() {
    let c1 = rfc7517("C.1_plaintext_rsa_private_key");
    let key = parse(&c1).unwrap();
    assert!(key.is_private());
    assert_eq!(key.key_use(), Some("enc"));
    assert_eq!(
        key.signer_for("RS256").err(),
        Some(JwkError::OperationNotAllowed)
    );

    let signing = parse(&without(&c1, "use")).unwrap();
    let public = signing.to_public().unwrap();
    assert!(!public.is_private());
    assert_eq!(
        signing.thumbprint(ThumbprintHash::Sha256),
        public.thumbprint(ThumbprintHash::Sha256)
    );
    for alg in ["RS256", "PS512"] {
        let signer = signing.signer_for(alg).unwrap();
        assert_eq!(signer.key_id(), Some("juliet@capulet.lit"));
        assert_round_trip(&*signer, &*public.verifier_for(alg).unwrap());
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 7520 §3 keys and §4 signatures

#[test]
fn rfc7520_section3_keys() {
    // 3.1 / 3.2: P-521 comes with the aws-lc backend; without it, ES512 is a user-defined
    // algorithm.
    #[cfg(not(feature = "aws-lc"))]
    for section in ["3.1", "3.2"] {
        assert_eq!(
            parse(&rfc7520_key(section)).err(),
            Some(JwkError::Unsupported)
        );
    }
    #[cfg(feature = "aws-lc")]
    {
        let public = parse(&rfc7520_key("3.1")).unwrap();
        let private = parse(&rfc7520_key("3.2")).unwrap();
        assert_eq!(public.kid(), Some("bilbo.baggins@hobbiton.example"));
        assert_eq!(private.to_public().unwrap(), public);
        assert_round_trip(
            &*private.signer_for("ES512").unwrap(),
            &*public.verifier().unwrap(),
        );
    }

    // 3.3 / 3.4: RSA without `alg`.
    let public = parse(&rfc7520_key("3.3")).unwrap();
    let private = parse(&rfc7520_key("3.4")).unwrap();
    assert_eq!(public.kid(), Some("bilbo.baggins@hobbiton.example"));
    assert_eq!(public.verifier().err(), Some(JwkError::AlgorithmNeeded));
    assert_eq!(
        private.verifier_for("RS256").err(),
        Some(JwkError::PrivateMaterial)
    );
    assert_eq!(private.to_public().unwrap(), public);
    for hash in [
        ThumbprintHash::Sha256,
        ThumbprintHash::Sha384,
        ThumbprintHash::Sha512,
    ] {
        assert_eq!(private.thumbprint(hash), public.thumbprint(hash));
    }
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        assert_round_trip(
            &*private.signer_for(alg).unwrap(),
            &*public.verifier_for(alg).unwrap(),
        );
    }

    // 3.5: the HS256 key.
    let mac = parse(&rfc7520_key("3.5")).unwrap();
    assert_eq!(mac.verifier().unwrap().algorithm(), "HS256");
    assert_eq!(
        mac.verifier_for("HS512").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    // 3.6: an A256GCM key (JWE only) is not a JWS key.
    let encryption = parse(&rfc7520_key("3.6")).unwrap();
    assert_eq!(
        encryption.verifier().err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        encryption.verifier_for("HS256").err(),
        Some(JwkError::AlgorithmMismatch)
    );
}

/// RFC 7520 §4.1 (RS256), §4.2 (PS384) and §4.4 (HS256): the published compact signatures
/// verify with keys imported from the §3 JWKs. The payload is a text, not a claims set, so the
/// signature is checked with the `Verifier` trait directly; a `Validator` accepts the signature
/// and only then reports the payload as not JSON.
#[test]
fn rfc7520_section4_signatures_verify_with_jwk_keys() {
    for (id, alg, key_ref) in [
        ("rfc7520-4.1", "RS256", "3.3"),
        ("rfc7520-4.2", "PS384", "3.3"),
        ("rfc7520-4.4", "HS256", "3.5"),
    ] {
        let vector = jws_vector(RFC7520_JWS, id);
        assert_eq!(vector["alg"], alg);
        let compact = vector["compact"].as_str().unwrap();
        let token = UntrustedToken::parse(compact).unwrap();
        assert_eq!(token.algorithm(), alg, "{id}");
        assert_eq!(
            token.signature(),
            hex(vector["signature_hex"].as_str().unwrap())
        );
        assert_eq!(
            token.signing_input(),
            vector["signing_input"].as_str().unwrap()
        );

        let jwk = parse(&rfc7520_key(key_ref)).unwrap();
        let verifier = jwk.verifier_for(alg).unwrap();
        assert_eq!(verifier.key_id(), token.header().kid(), "{id}");
        let input = token.signing_input().as_bytes();
        assert!(verifier.verify(input, token.signature()).is_ok(), "{id}");
        let mut bad = token.signature().to_vec();
        bad[10] ^= 0x01;
        assert!(verifier.verify(input, &bad).is_err(), "{id}");

        // Through a Validator: the signature holds, then the text payload is refused as JSON.
        let validator = Validator::builder().key(verifier).build().unwrap();
        let result = validator.verify_at::<NoCustomClaims>(compact, common::now());
        assert!(
            matches!(
                result,
                Err(VerifyError::Malformed(Malformed::Json(Part::Payload)))
            ),
            "{id}: {result:?}"
        );
        let tampered = format!("{}.{}", token.signing_input(), b64(&bad));
        let result = validator.verify_at::<NoCustomClaims>(&tampered, common::now());
        assert!(
            matches!(result, Err(VerifyError::InvalidSignature)),
            "{id}: {result:?}"
        );
    }

    // 4.1 (RS256) and 4.4 (HS256) are deterministic: the private JWKs reproduce them.
    for (id, alg, key_ref) in [
        ("rfc7520-4.1", "RS256", "3.4"),
        ("rfc7520-4.4", "HS256", "3.5"),
    ] {
        let vector = jws_vector(RFC7520_JWS, id);
        let signer = parse(&rfc7520_key(key_ref))
            .unwrap()
            .signer_for(alg)
            .unwrap();
        let signature = signer
            .sign(vector["signing_input"].as_str().unwrap().as_bytes())
            .unwrap();
        assert_eq!(
            b64(&signature),
            vector["signature_b64u"].as_str().unwrap(),
            "{id}"
        );
    }
}

/// RFC 7520 §4.3 (ES512): verified by the crate's own P-521 key with the aws-lc backend.
#[cfg(feature = "aws-lc")]
#[test]
fn rfc7520_4_3_es512_verifies_on_aws_lc() {
    let vector = jws_vector(RFC7520_JWS, "rfc7520-4.3");
    assert_eq!(vector["alg"], "ES512");
    let public = parse(&vector["public_jwk"]).unwrap();
    let token = UntrustedToken::parse(vector["compact"].as_str().unwrap()).unwrap();
    let verifier = public.verifier().unwrap();
    assert_eq!(verifier.algorithm(), "ES512");
    assert!(
        verifier
            .verify(token.signing_input().as_bytes(), token.signature())
            .is_ok()
    );
    let mut tampered = token.signature().to_vec();
    tampered[0] ^= 1;
    assert!(
        verifier
            .verify(token.signing_input().as_bytes(), &tampered)
            .is_err()
    );
}

/// RFC 7520 §4.3 (ES512): without aws-lc, P-521 keys are refused as unsupported.
#[cfg(not(feature = "aws-lc"))]
#[test]
fn rfc7520_4_3_es512_key_is_unsupported() {
    let vector = jws_vector(RFC7520_JWS, "rfc7520-4.3");
    assert_eq!(vector["alg"], "ES512");
    assert_eq!(parse(&vector["jwk"]).err(), Some(JwkError::Unsupported));
    assert_eq!(
        parse(&vector["public_jwk"]).err(),
        Some(JwkError::Unsupported)
    );
    // The token itself is well formed; verifying it is a user-defined verifier's job.
    let token = UntrustedToken::parse(vector["compact"].as_str().unwrap()).unwrap();
    assert_eq!(token.algorithm(), "ES512");
    assert_eq!(token.signature().len(), 132);
}

// ---------------------------------------------------------------------------------------------
// Thumbprints: RFC 7638, RFC 8037 A.3, RFC 9278

#[test]
fn rfc7638_thumbprint_byte_for_byte() {
    let vector = file(RFC7638);
    let jwk = parse(&vector["jwk"]).unwrap();
    let expected: Vec<u8> = vector["sha256_octets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| u8::try_from(n.as_u64().unwrap()).unwrap())
        .collect();
    // The vector is consistent with itself.
    let canonical = vector["canonical_json"].as_str().unwrap();
    assert_eq!(
        ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes()).as_ref(),
        expected.as_slice()
    );
    assert_eq!(expected, hex(vector["sha256_hex"].as_str().unwrap()));

    let thumbprint = jwk.thumbprint(ThumbprintHash::Sha256);
    assert_eq!(thumbprint, vector["thumbprint_b64u"].as_str().unwrap());
    assert_eq!(thumbprint, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    assert_eq!(unb64(&thumbprint), expected);

    // RFC 9278 §3's example URI is this key's.
    assert_eq!(
        jwk.thumbprint_uri(ThumbprintHash::Sha256),
        "urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );

    // Member order, whitespace, `kid`, `alg`, `use` and unknown members do not matter.
    let n = vector["jwk"]["n"].as_str().unwrap();
    let reordered = format!(
        "{{ \"use\" : \"sig\",\n  \"n\": \"{n}\", \"x5t\": \"ignored\", \"e\":\"AQAB\", \"kty\":\"RSA\" }}"
    );
    assert_eq!(
        Jwk::from_json(&reordered)
            .unwrap()
            .thumbprint(ThumbprintHash::Sha256),
        thumbprint
    );
    // The RFC 7517 A.2 private key has the same modulus: same thumbprint.
    let private = parse(&rfc7517("A.2_private_keys")["keys"][1]).unwrap();
    assert_eq!(private.thumbprint(ThumbprintHash::Sha256), thumbprint);
}

#[test]
fn zero_prefixed_rsa_integers_get_the_canonical_thumbprint() {
    // Some libraries write `n` with a leading zero octet (and `e` as 00 01 00 01). RFC 7518 §2
    // integers are minimal; the key is the same, so its thumbprint must be too.
    let vector = file(RFC7638);
    let mut n = vec![0];
    n.extend(member(&vector["jwk"], "n"));
    let prefixed = with(&with(&vector["jwk"], "n", b64(&n)), "e", b64(&[0, 1, 0, 1]));
    let key = parse(&prefixed).unwrap();
    assert_eq!(
        key.thumbprint(ThumbprintHash::Sha256),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    assert_eq!(key, parse(&vector["jwk"]).unwrap());
    assert_eq!(file(&key.to_json())["n"], vector["jwk"]["n"]);
    assert_eq!(file(&key.to_json())["e"], "AQAB");
    assert!(key.verifier().is_ok());
}

#[test]
fn rfc8037_a3_ed25519_thumbprint_byte_for_byte() {
    let vectors = file(RFC8037);
    let a3 = &vectors["A.3_thumbprint"];
    let public = parse(&a3["jwk"]).unwrap();
    let thumbprint = public.thumbprint(ThumbprintHash::Sha256);
    assert_eq!(thumbprint, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    assert_eq!(thumbprint, a3["thumbprint_b64u"].as_str().unwrap());
    assert_eq!(unb64(&thumbprint), hex(a3["sha256_hex"].as_str().unwrap()));
    let canonical = a3["canonical_json"].as_str().unwrap();
    assert_eq!(
        ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes()).as_ref(),
        unb64(&thumbprint).as_slice()
    );
    assert_eq!(
        public.thumbprint_uri(ThumbprintHash::Sha256),
        format!("urn:ietf:params:oauth:jwk-thumbprint:sha-256:{thumbprint}")
    );

    // A.1 (private) has the same thumbprint; it signs, A.2 verifies, A.4 is reproduced.
    let private = parse(&vectors["A.1_ed25519_private_key"]["jwk"]).unwrap();
    assert_eq!(private.thumbprint(ThumbprintHash::Sha256), thumbprint);
    assert_eq!(private.verifier().err(), Some(JwkError::PrivateMaterial));
    let signer = private.signer().unwrap();
    assert_eq!(signer.algorithm(), "EdDSA");
    let verifier = parse(&vectors["A.2_ed25519_public_key"]["jwk"])
        .unwrap()
        .verifier()
        .unwrap();
    assert_round_trip(&*signer, &*verifier);
    let a4 = &vectors["vectors"][0];
    let signature = signer
        .sign(a4["signing_input"].as_str().unwrap().as_bytes())
        .unwrap();
    assert_eq!(b64(&signature), a4["signature_b64u"].as_str().unwrap());
}

#[test]
fn sha384_and_sha512_thumbprints() {
    let vector = file(RFC7638);
    let jwk = parse(&vector["jwk"]).unwrap();
    let canonical = vector["canonical_json"].as_str().unwrap();
    for (hash, algorithm, len, name) in [
        (ThumbprintHash::Sha384, &ring::digest::SHA384, 48, "sha-384"),
        (ThumbprintHash::Sha512, &ring::digest::SHA512, 64, "sha-512"),
    ] {
        let thumbprint = jwk.thumbprint(hash);
        let bytes = unb64(&thumbprint);
        assert_eq!(bytes.len(), len);
        assert_eq!(
            bytes,
            ring::digest::digest(algorithm, canonical.as_bytes()).as_ref()
        );
        assert_eq!(hash.name(), name);
        assert_eq!(
            jwk.thumbprint_uri(hash),
            format!("urn:ietf:params:oauth:jwk-thumbprint:{name}:{thumbprint}")
        );
    }
    assert_eq!(ThumbprintHash::Sha256.name(), "sha-256");

    // A private key and its public key have the same thumbprint, for every hash and key type.
    let (public, private) = p256_pair();
    let ed = file(RFC8037);
    let pairs = [
        (parse(&public).unwrap(), parse(&private).unwrap()),
        (
            parse(&rfc7520_key("3.3")).unwrap(),
            parse(&rfc7520_key("3.4")).unwrap(),
        ),
        (
            parse(&ed["A.2_ed25519_public_key"]["jwk"]).unwrap(),
            parse(&ed["A.1_ed25519_private_key"]["jwk"]).unwrap(),
        ),
    ];
    for (public, private) in &pairs {
        assert!(private.is_private() && !public.is_private());
        for hash in [
            ThumbprintHash::Sha256,
            ThumbprintHash::Sha384,
            ThumbprintHash::Sha512,
        ] {
            assert_eq!(public.thumbprint(hash), private.thumbprint(hash));
            assert_eq!(
                private.to_public().unwrap().thumbprint(hash),
                private.thumbprint(hash)
            );
        }
    }
    // Different keys, different thumbprints.
    assert_ne!(
        pairs[0].0.thumbprint(ThumbprintHash::Sha256),
        pairs[1].0.thumbprint(ThumbprintHash::Sha256)
    );
}

// ---------------------------------------------------------------------------------------------
// Strictness: every rule, with its exact error

fn p256_public() -> Value {
    without(&rfc7517("A.1_public_keys")["keys"][0], "use")
}

fn p256_private() -> Value {
    without(&rfc7517("A.2_private_keys")["keys"][0], "use")
}

fn ed25519_private() -> Value {
    file(RFC8037)["A.1_ed25519_private_key"]["jwk"].clone()
}

fn hs256_jwk() -> Value {
    rfc7520_key("3.5")
}

#[test]
fn curve_and_algorithm_must_agree() {
    let p256 = p256_public();
    assert_eq!(
        parse(&with(&p256, "alg", "ES384")).err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        parse(&with(&p256, "alg", "ES512")).err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert!(parse(&with(&p256, "alg", "ES256")).is_ok());
    // Without `alg`, asking for the other curve's algorithm is refused too.
    let key = parse(&p256).unwrap();
    assert_eq!(
        key.verifier_for("ES384").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(key.verifier().unwrap().algorithm(), "ES256");

    let (signing, _) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
    let p384 = file(&signing.verifying_key().to_jwk().to_json());
    assert_eq!(p384["crv"], "P-384");
    assert_eq!(
        parse(&with(&p384, "alg", "ES256")).err(),
        Some(JwkError::AlgorithmMismatch)
    );
    // A P-384 `crv` with P-256 coordinates.
    assert_eq!(
        parse(&with(&p256, "crv", "P-384")).err(),
        Some(JwkError::Inconsistent("x"))
    );

    let ed = file(RFC8037)["A.2_ed25519_public_key"]["jwk"].clone();
    assert_eq!(
        parse(&with(&ed, "alg", "ES256")).err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert!(parse(&with(&ed, "alg", "EdDSA")).is_ok());
    // RFC 9864's fully-specified name of the same algorithm.
    assert!(parse(&with(&ed, "alg", "Ed25519")).is_ok());
    // Another curve's key is not read, whatever `alg` says.
    for alg in ["Ed25519", "EdDSA"] {
        assert_eq!(
            parse(&with(&with(&ed, "crv", "Ed448"), "alg", alg)).err(),
            Some(JwkError::Unsupported),
            "{alg}"
        );
    }
}

/// RFC 9864 §2.2: `Ed25519` is the fully-specified name of EdDSA over Ed25519. Tokens carrying
/// it verify with an Ed25519 key bound to it, a JWK may name it, keys mint it when asked, and a
/// key bound to one name never verifies a token of the other (`EdDSA` could be another curve).
#[test]
fn rfc9864_ed25519_is_a_fully_specified_eddsa() {
    let plain = eddsa::SigningKey::from_seed(&[3; 32]).unwrap();
    let full = eddsa::SigningKey::from_seed(&[3; 32])
        .unwrap()
        .with_algorithm(&eddsa::ED25519);
    assert_eq!(Signer::algorithm(&plain), "EdDSA");
    assert_eq!(Signer::algorithm(&full), "Ed25519");
    let claims = Claims::registered_only().with_subject("alice");
    let eddsa_token = encode(&Header::new(), &claims, &plain).unwrap();
    let ed25519_token = encode(&Header::new(), &claims, &full).unwrap();
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(ed25519_token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "Ed25519");
    let verify =
        |validator: &Validator, token: &str| validator.verify::<NoCustomClaims>(token).map(drop);
    let bound = |key: &eddsa::SigningKey| {
        Validator::builder()
            .key(key.verifying_key())
            .allow_missing_expiry()
            .build()
            .unwrap()
    };
    // Each key verifies its own name only.
    assert!(verify(&bound(&full), &ed25519_token).is_ok());
    assert!(verify(&bound(&plain), &eddsa_token).is_ok());
    assert!(matches!(
        verify(&bound(&full), &eddsa_token),
        Err(VerifyError::NoMatchingKey)
    ));
    assert!(matches!(
        verify(&bound(&plain), &ed25519_token),
        Err(VerifyError::NoMatchingKey)
    ));

    // A JWK that names `Ed25519` verifies only that; one without `alg` both.
    let jwk_json = full.verifying_key().to_jwk().to_json();
    let named = Jwk::from_json(&jwk_json).unwrap();
    assert_eq!(named.algorithm(), Some("Ed25519"));
    assert_eq!(named.verifier().unwrap().algorithm(), "Ed25519");
    assert_eq!(
        named.verifier_for("EdDSA").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    let unnamed = Jwk::from_json(&without(&file(&jwk_json), "alg").to_string()).unwrap();
    assert_eq!(unnamed.verifier().unwrap().algorithm(), "EdDSA");
    let set = |jwk: &Jwk| {
        let json = format!(r#"{{"keys":[{}]}}"#, jwk.to_json());
        Validator::builder()
            .key_resolver(JwkSet::from_json(&json).unwrap().into_key_set())
            .allow_missing_expiry()
            .build()
            .unwrap()
    };
    assert!(verify(&set(&named), &ed25519_token).is_ok());
    assert!(matches!(
        verify(&set(&named), &eddsa_token),
        Err(VerifyError::NoMatchingKey)
    ));
    assert!(verify(&set(&unnamed), &ed25519_token).is_ok());
    assert!(verify(&set(&unnamed), &eddsa_token).is_ok());

    // A private JWK keeps its name when it signs.
    let private = Jwk::from_json(
        &with(
            &with(&file(&jwk_json), "d", URL_SAFE_NO_PAD.encode([3u8; 32])),
            "alg",
            "Ed25519",
        )
        .to_string(),
    )
    .unwrap();
    assert_eq!(private.signer().unwrap().algorithm(), "Ed25519");
}

#[test]
fn kty_must_fit_alg() {
    let rsa_key = rfc7520_key("3.3");
    for alg in ["ES256", "HS256", "EdDSA", "none", "rs256", ""] {
        assert_eq!(
            parse(&with(&rsa_key, "alg", alg)).err(),
            Some(JwkError::AlgorithmMismatch),
            "{alg}"
        );
    }
    for alg in ["RS256", "HS256", "EdDSA"] {
        assert_eq!(
            parse(&with(&p256_public(), "alg", alg)).err(),
            Some(JwkError::AlgorithmMismatch),
            "{alg}"
        );
    }
    for alg in ["RS256", "ES256", "none", "RSA-OAEP", "ECDH-ES", "RSA1_5"] {
        assert_eq!(
            parse(&with(&hs256_jwk(), "alg", alg)).err(),
            Some(JwkError::AlgorithmMismatch),
            "{alg}"
        );
    }
    // Asking a key for an algorithm of another type.
    let mac = parse(&without(&hs256_jwk(), "alg")).unwrap();
    assert_eq!(
        mac.verifier_for("RS256").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        mac.signer_for("ES256").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    let rsa_key = parse(&rsa_key).unwrap();
    assert_eq!(
        rsa_key.verifier_for("HS256").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert_eq!(
        rsa_key.verifier_for("none").err(),
        Some(JwkError::AlgorithmMismatch)
    );
}

#[test]
fn private_material_is_refused_where_a_public_key_is_expected() {
    let rsa_private = with(&rfc7520_key("3.4"), "alg", "RS256");
    for (name, jwk) in [
        ("EC", p256_private()),
        ("RSA", rsa_private),
        ("OKP", ed25519_private()),
    ] {
        let key = parse(&jwk).unwrap();
        assert!(key.is_private(), "{name}");
        assert_eq!(
            key.verifier().err(),
            Some(JwkError::PrivateMaterial),
            "{name}"
        );
        // Its public part verifies what it signs.
        assert_round_trip(
            &*key.signer().unwrap(),
            &*key.to_public().unwrap().verifier().unwrap(),
        );
    }
    // And the other way round: a public key cannot sign.
    for jwk in [p256_public(), rfc7520_key("3.3")] {
        let key = parse(&jwk).unwrap();
        assert_eq!(
            key.signer_for(key.algorithms()[0]).err(),
            Some(JwkError::NoPrivateMaterial)
        );
    }
}

#[test]
fn coordinates_and_scalars_must_have_the_curve_length() {
    let public = p256_public();
    let private = p256_private();
    let x = member(&public, "x");
    let y = member(&public, "y");
    let d = member(&private, "d");
    assert_eq!((x.len(), y.len(), d.len()), (32, 32, 32));

    // 31 bytes of x, and 33 bytes (a leading zero added).
    assert_eq!(
        parse(&with(&public, "x", b64(&x[1..]))).err(),
        Some(JwkError::Inconsistent("x"))
    );
    let mut long_x = vec![0];
    long_x.extend_from_slice(&x);
    assert_eq!(
        parse(&with(&public, "x", b64(&long_x))).err(),
        Some(JwkError::Inconsistent("x"))
    );
    assert_eq!(
        parse(&with(&public, "y", b64(&y[1..]))).err(),
        Some(JwkError::Inconsistent("y"))
    );
    assert_eq!(
        parse(&with(&private, "d", b64(&d[1..]))).err(),
        Some(JwkError::Inconsistent("d"))
    );

    let ed = ed25519_private();
    let ed_x = member(&ed, "x");
    let ed_d = member(&ed, "d");
    assert_eq!(
        parse(&with(&ed, "x", b64(&ed_x[1..]))).err(),
        Some(JwkError::Inconsistent("x"))
    );
    let mut long_d = ed_d.clone();
    long_d.push(0);
    assert_eq!(
        parse(&with(&ed, "d", b64(&long_d))).err(),
        Some(JwkError::Inconsistent("d"))
    );
}

#[test]
fn points_off_the_curve_and_mismatched_pairs_are_rejected() {
    let public = p256_public();
    let mut y = member(&public, "y");
    y[31] ^= 0x01;
    assert!(matches!(
        parse(&with(&public, "y", b64(&y))),
        Err(JwkError::Rejected(_))
    ));
    // The all-zero "point".
    let zero = b64(&[0u8; 32]);
    assert!(matches!(
        parse(&with(&with(&public, "x", zero.clone()), "y", zero)),
        Err(JwkError::Rejected(_))
    ));

    // A valid point with another key's private scalar: parses, but never signs.
    let (_, other) = p256_pair();
    let mismatched = parse(&with(&p256_private(), "d", other["d"].clone())).unwrap();
    assert!(matches!(mismatched.signer(), Err(JwkError::Rejected(_))));

    // The same for Ed25519 (seed of one key, public key of another).
    let (ed_signing, _) = eddsa::SigningKey::generate().unwrap();
    let other_x = b64(ed_signing.verifying_key().as_bytes());
    let mismatched = parse(&with(&ed25519_private(), "x", other_x)).unwrap();
    assert!(matches!(mismatched.signer(), Err(JwkError::Rejected(_))));

    // An RSA private key with a corrupted CRT coefficient.
    let rsa_private = rfc7520_key("3.4");
    let mut qi = member(&rsa_private, "qi");
    qi[5] ^= 0x40;
    let corrupted = parse(&with(&rsa_private, "qi", b64(&qi))).unwrap();
    assert!(matches!(
        corrupted.signer_for("RS256"),
        Err(JwkError::Rejected(_))
    ));
}

#[test]
fn missing_members() {
    let ec = p256_public();
    for name in ["crv", "x", "y"] {
        assert_eq!(
            parse(&without(&ec, name)).err(),
            Some(JwkError::MissingMember(name))
        );
    }
    let rsa_public = rfc7520_key("3.3");
    assert_eq!(
        parse(&without(&rsa_public, "n")).err(),
        Some(JwkError::MissingMember("n"))
    );
    assert_eq!(
        parse(&without(&rsa_public, "e")).err(),
        Some(JwkError::MissingMember("e"))
    );
    let rsa_private = rfc7520_key("3.4");
    assert_eq!(
        parse(&without(&rsa_private, "p")).err(),
        Some(JwkError::MissingMember("p"))
    );
    assert_eq!(
        parse(&without(&rsa_private, "qi")).err(),
        Some(JwkError::MissingMember("qi"))
    );
    assert_eq!(
        parse(&without(&rsa_private, "dq")).err(),
        Some(JwkError::MissingMember("dq"))
    );
    let ed = ed25519_private();
    assert_eq!(
        parse(&without(&ed, "x")).err(),
        Some(JwkError::MissingMember("x"))
    );
    assert_eq!(
        parse(&without(&ed, "crv")).err(),
        Some(JwkError::MissingMember("crv"))
    );
    assert_eq!(
        parse(&without(&hs256_jwk(), "k")).err(),
        Some(JwkError::MissingMember("k"))
    );
    // Without `kty` the text is not a JWK at all.
    assert_eq!(
        parse(&without(&hs256_jwk(), "kty")).err(),
        Some(JwkError::Malformed)
    );
}

#[test]
fn members_must_be_strict_base64url() {
    let ec = p256_public();
    let x = ec["x"].as_str().unwrap().to_owned();
    assert_eq!(x.len(), 43);
    // Padding, the standard alphabet, whitespace.
    assert_eq!(
        parse(&with(&ec, "x", format!("{x}="))).err(),
        Some(JwkError::Base64("x"))
    );
    let y = ec["y"].as_str().unwrap();
    assert_eq!(
        parse(&with(&ec, "y", format!("{y}="))).err(),
        Some(JwkError::Base64("y"))
    );
    let k = hs256_jwk()["k"].as_str().unwrap().to_owned();
    assert_eq!(
        parse(&with(&hs256_jwk(), "k", format!("{k}="))).err(),
        Some(JwkError::Base64("k"))
    );
    assert!(k.contains('-'));
    assert_eq!(
        parse(&with(&hs256_jwk(), "k", k.replace('-', "+"))).err(),
        Some(JwkError::Base64("k"))
    );
    assert_eq!(
        parse(&with(
            &hs256_jwk(),
            "k",
            format!("{} {}", &k[..20], &k[20..])
        ))
        .err(),
        Some(JwkError::Base64("k"))
    );
    let rsa_key = rfc7520_key("3.3");
    assert_eq!(
        parse(&with(&rsa_key, "e", "AQAB==")).err(),
        Some(JwkError::Base64("e"))
    );
    let n = rsa_key["n"].as_str().unwrap();
    assert!(n.contains('_'));
    assert_eq!(
        parse(&with(&rsa_key, "n", n.replace('_', "/"))).err(),
        Some(JwkError::Base64("n"))
    );
    let ed = ed25519_private();
    let d = ed["d"].as_str().unwrap();
    assert_eq!(
        parse(&with(&ed, "d", format!("{d}="))).err(),
        Some(JwkError::Base64("d"))
    );
}

#[test]
fn text_that_is_not_a_jwk_object_is_malformed() {
    for text in [
        "",
        "[]",
        "null",
        "42",
        "\"oct\"",
        "{",
        r#"[{"kty":"oct","k":"AAAA"}]"#,
        r#"{"keys":[]}"#,
        // Members of the wrong JSON type.
        r#"{"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg","kid":5}"#,
        r#"{"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg","key_ops":"sign"}"#,
        r#"{"kty":"oct","k":["hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"]}"#,
        r#"{"kty":1,"k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#,
        // Trailing text, and a member given twice.
        r#"{"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"} {}"#,
        r#"{"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg","kty":"oct"}"#,
    ] {
        assert_eq!(
            Jwk::from_json(text).err(),
            Some(JwkError::Malformed),
            "{text}"
        );
    }
    // The members' values as a JSON array, in the order a derived deserializer would read them
    // (kty, use, key_ops, alg, kid, crv, x, y, d, n, e, p, q, dp, dq, qi, oth, k): still not a
    // JWK object.
    let k = hs256_jwk()["k"].clone();
    let mut values = vec![json!("oct"), Value::Null, Value::Null, json!("HS256")];
    values.extend(std::iter::repeat_n(Value::Null, 13));
    values.push(k);
    assert_eq!(values.len(), 18);
    for text in [
        Value::Array(values).to_string(),
        format!(" \n{}", json!(["oct"])),
    ] {
        assert_eq!(
            Jwk::from_json(&text).err(),
            Some(JwkError::Malformed),
            "{text}"
        );
    }
    // Over the size limit, even when well formed.
    let padded = with(&hs256_jwk(), "x5u", "a".repeat(MAX_JWK_LEN));
    assert_eq!(parse(&padded).err(), Some(JwkError::Malformed));
    // Exactly at the limit is read; one byte more is not.
    let base = with(&hs256_jwk(), "x5u", "").to_string().len();
    let at_limit = with(&hs256_jwk(), "x5u", "a".repeat(MAX_JWK_LEN - base)).to_string();
    assert_eq!(at_limit.len(), MAX_JWK_LEN);
    assert!(Jwk::from_json(&at_limit).is_ok());
    let over = with(&hs256_jwk(), "x5u", "a".repeat(MAX_JWK_LEN - base + 1)).to_string();
    assert_eq!(Jwk::from_json(&over).err(), Some(JwkError::Malformed));
}

#[test]
fn members_of_other_key_types_are_inconsistent() {
    let rsa_key = rfc7520_key("3.3");
    assert_eq!(
        parse(&with(&rsa_key, "crv", "P-256")).err(),
        Some(JwkError::Inconsistent("crv"))
    );
    assert_eq!(
        parse(&with(&rsa_key, "k", "AAAA")).err(),
        Some(JwkError::Inconsistent("k"))
    );
    // RSA public key with a prime but no `d`.
    let p = rfc7520_key("3.4")["p"].clone();
    assert_eq!(
        parse(&with(&rsa_key, "p", p)).err(),
        Some(JwkError::Inconsistent("p"))
    );
    assert_eq!(
        parse(&with(&p256_public(), "n", "AQAB")).err(),
        Some(JwkError::Inconsistent("n"))
    );
    assert_eq!(
        parse(&with(&ed25519_private(), "y", p256_public()["y"].clone())).err(),
        Some(JwkError::Inconsistent("y"))
    );
    assert_eq!(
        parse(&with(&hs256_jwk(), "x", "AAAA")).err(),
        Some(JwkError::Inconsistent("x"))
    );
    assert_eq!(
        parse(&with(&hs256_jwk(), "d", "AAAA")).err(),
        Some(JwkError::Inconsistent("d"))
    );
    // Multi-prime RSA (`oth`) is not supported.
    let oth = json!([{"r": "AQAB", "d": "AQAB", "t": "AQAB"}]);
    assert_eq!(
        parse(&with(&rfc7520_key("3.4"), "oth", oth)).err(),
        Some(JwkError::Unsupported)
    );
}

#[test]
fn short_rsa_modulus_is_rejected() {
    // The 1024-bit test key's PKCS#1 RSAPublicKey: 30 81 89 | 02 81 81 00 <n: 128> | 02 03 <e>.
    let der = include_bytes!("fixtures/rsa1024.pub.pkcs1.der");
    assert_eq!(&der[..7], &[0x30, 0x81, 0x89, 0x02, 0x81, 0x81, 0x00]);
    assert_eq!(&der[135..137], &[0x02, 0x03]);
    let n = &der[7..135];
    let e = &der[137..140];
    let jwk = json!({"kty": "RSA", "alg": "RS256", "n": b64(n), "e": b64(e)});
    // The JWK is well formed; the key is refused when it is turned into a verifier.
    let key = parse(&jwk).unwrap();
    assert!(matches!(key.verifier(), Err(JwkError::Rejected(_))));
    let without_alg = parse(&without(&jwk, "alg")).unwrap();
    assert!(matches!(
        without_alg.verifier_for("PS256"),
        Err(JwkError::Rejected(_))
    ));
    // The 2048-bit key of RFC 7520 is accepted.
    assert!(
        parse(&with(&rfc7520_key("3.3"), "alg", "RS256"))
            .unwrap()
            .verifier()
            .is_ok()
    );
}

#[test]
fn oct_keys_shorter_than_the_hash_are_rejected() {
    for (alg, algorithm) in [
        ("HS256", &hmac::HS256),
        ("HS384", &hmac::HS384),
        ("HS512", &hmac::HS512),
    ] {
        let len = algorithm.min_key_len();
        let short = json!({"kty": "oct", "alg": alg, "k": b64(&vec![7u8; len - 1])});
        let key = parse(&short).unwrap();
        assert!(
            matches!(key.verifier(), Err(JwkError::Rejected(_))),
            "{alg}"
        );
        assert!(matches!(key.signer(), Err(JwkError::Rejected(_))), "{alg}");
        let exact = json!({"kty": "oct", "alg": alg, "k": b64(&vec![7u8; len])});
        assert_eq!(parse(&exact).unwrap().verifier().unwrap().algorithm(), alg);
    }
    // Without `alg`, a 32-byte key is long enough for HS256 only.
    let key = parse(&json!({"kty": "oct", "k": b64(&[9u8; 32])})).unwrap();
    assert!(key.verifier_for("HS256").is_ok());
    assert!(matches!(
        key.verifier_for("HS384"),
        Err(JwkError::Rejected(_))
    ));
    // An empty key is not a key.
    assert_eq!(
        parse(&json!({"kty": "oct", "alg": "HS256", "k": ""})).err(),
        Some(JwkError::Inconsistent("k"))
    );
}

#[test]
fn use_and_key_ops_are_honoured() {
    let base = hs256_jwk();
    for key_use in ["enc", "foo", "SIG"] {
        let key = parse(&with(&base, "use", key_use)).unwrap();
        assert_eq!(
            key.verifier().err(),
            Some(JwkError::OperationNotAllowed),
            "{key_use}"
        );
        assert_eq!(
            key.signer().err(),
            Some(JwkError::OperationNotAllowed),
            "{key_use}"
        );
    }
    let no_use = without(&base, "use");
    let sign_only = parse(&with(&no_use, "key_ops", json!(["sign"]))).unwrap();
    assert_eq!(
        sign_only.verifier().err(),
        Some(JwkError::OperationNotAllowed)
    );
    assert!(sign_only.signer().is_ok());
    let verify_only = parse(&with(&base, "key_ops", json!(["verify"]))).unwrap();
    assert!(verify_only.verifier().is_ok());
    assert_eq!(
        verify_only.signer().err(),
        Some(JwkError::OperationNotAllowed)
    );
    for ops in [json!([]), json!(["encrypt", "decrypt"]), json!(["Verify"])] {
        let key = parse(&with(&no_use, "key_ops", ops.clone())).unwrap();
        assert_eq!(
            key.verifier().err(),
            Some(JwkError::OperationNotAllowed),
            "{ops}"
        );
    }
    // `use: sig` with encryption operations contradicts itself.
    assert_eq!(
        parse(&with(&base, "key_ops", json!(["verify", "encrypt"]))).err(),
        Some(JwkError::Inconsistent("key_ops"))
    );
    // Repeated operations (RFC 7517 §4.3).
    assert_eq!(
        parse(&with(&base, "key_ops", json!(["verify", "sign", "verify"]))).err(),
        Some(JwkError::Inconsistent("key_ops"))
    );
    // An EC key for encryption never verifies, even asked by name.
    let ec = parse(&with(&p256_public(), "use", "enc")).unwrap();
    assert_eq!(
        ec.verifier_for("ES256").err(),
        Some(JwkError::OperationNotAllowed)
    );
    let ec = parse(&with(&p256_public(), "key_ops", json!(["deriveKey"]))).unwrap();
    assert_eq!(ec.verifier().err(), Some(JwkError::OperationNotAllowed));
}

#[test]
fn keys_without_alg_need_an_algorithm_named() {
    // RSA: from the test fixture, exported and stripped of `alg`.
    let signing = rsa::SigningKey::from_pkcs8(&rsa::RS256, common::RSA_2048_PKCS8).unwrap();
    let exported = file(&signing.verifying_key().to_jwk().to_json());
    let key = parse(&without(&exported, "alg")).unwrap();
    assert_eq!(key.algorithm(), None);
    assert_eq!(key.verifier().err(), Some(JwkError::AlgorithmNeeded));
    let verifier = key.verifier_for("RS256").unwrap();
    assert_round_trip(&signing, &*verifier);
    let ps = rsa::SigningKey::from_pkcs8(&rsa::PS256, common::RSA_2048_PKCS8).unwrap();
    assert_round_trip(&ps, &*key.verifier_for("PS256").unwrap());

    // oct: likewise.
    let mac = parse(&without(&hs256_jwk(), "alg")).unwrap();
    assert_eq!(mac.verifier().err(), Some(JwkError::AlgorithmNeeded));
    assert_eq!(mac.signer().err(), Some(JwkError::AlgorithmNeeded));
    assert_round_trip(
        &*mac.signer_for("HS256").unwrap(),
        &*mac.verifier_for("HS256").unwrap(),
    );

    // EC and OKP keys have exactly one algorithm, so none is needed.
    assert_eq!(
        parse(&p256_public())
            .unwrap()
            .verifier()
            .unwrap()
            .algorithm(),
        "ES256"
    );
    assert_eq!(
        parse(&ed25519_private())
            .unwrap()
            .signer()
            .unwrap()
            .algorithm(),
        "EdDSA"
    );
}

#[test]
fn kid_is_limited_to_256_bytes() {
    assert_eq!(MAX_KID_LEN, 256);
    let base = hs256_jwk();
    let longest = parse(&with(&base, "kid", "k".repeat(256))).unwrap();
    assert_eq!(longest.kid().map(str::len), Some(256));
    assert_eq!(
        longest.verifier().unwrap().key_id().map(str::len),
        Some(256)
    );
    assert_eq!(
        parse(&with(&base, "kid", "k".repeat(257))).err(),
        Some(JwkError::KeyIdTooLong)
    );
    // Bytes, not characters: 128 two-byte characters fit, 129 do not.
    assert!(parse(&with(&base, "kid", "é".repeat(128))).is_ok());
    assert_eq!(
        parse(&with(&base, "kid", "é".repeat(129))).err(),
        Some(JwkError::KeyIdTooLong)
    );
}

/// A JWK whose `alg` is a JWE algorithm reads (it is an encryption key), but never becomes a
/// verifier or signer, whatever algorithm is asked for.
#[test]
fn jwe_algorithms_never_sign_or_verify() {
    for (jwk, jws_alg) in [
        (with(&hs256_jwk(), "alg", "A256GCM"), "HS256"),
        (with(&hs256_jwk(), "alg", "dir"), "HS256"),
        (with(&hs256_jwk(), "alg", "A256GCMKW"), "HS256"),
        (with(&rfc7520_key("3.3"), "alg", "RSA-OAEP"), "RS256"),
        (with(&rfc7520_key("3.3"), "alg", "RSA-OAEP-256"), "PS256"),
        (with(&p256_public(), "alg", "ECDH-ES"), "ES256"),
        (with(&p256_public(), "alg", "ECDH-ES+A128KW"), "ES256"),
    ] {
        let jwk = parse(&jwk).unwrap();
        assert_eq!(
            jwk.verifier().err(),
            Some(JwkError::AlgorithmMismatch),
            "{jwk:?}"
        );
        assert_eq!(
            jwk.verifier_for(jws_alg).err(),
            Some(JwkError::AlgorithmMismatch),
            "{jwk:?}"
        );
        assert!(jwk.signer_for(jws_alg).is_err(), "{jwk:?}");
    }
    // `use: "enc"` forbids verifying even without `alg`, and `key_ops` may not mix signing
    // into an encryption key.
    let enc = parse(&with(&p256_public(), "use", "enc")).unwrap();
    assert_eq!(enc.verifier().err(), Some(JwkError::OperationNotAllowed));
    let mixed = with(
        &with(&p256_public(), "use", "enc"),
        "key_ops",
        json!(["verify", "encrypt"]),
    );
    assert_eq!(parse(&mixed).err(), Some(JwkError::Inconsistent("key_ops")));
}

/// X25519 (RFC 8037 A.6) is an encryption key type: it reads, but never verifies.
#[test]
fn x25519_keys_read_but_never_verify() {
    let jwk =
        json!({"kty": "OKP", "crv": "X25519", "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"});
    let key = parse(&jwk).unwrap();
    assert_eq!(key.key_type(), "OKP");
    assert_eq!(key.verifier().err(), Some(JwkError::Unsupported));
    assert_eq!(
        key.verifier_for("EdDSA").err(),
        Some(JwkError::AlgorithmMismatch)
    );
    assert!(key.algorithms().is_empty());
    assert_eq!(Jwk::from_json(&key.to_json()).unwrap(), key);
    // RFC 7638 §3.2's members for an OKP key: crv, kty, x.
    assert_eq!(
        parse(&json!({"kty": "OKP", "crv": "X25519", "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08", "kid": "z"}))
            .unwrap()
            .thumbprint(jwt_ring::jwk::ThumbprintHash::Sha256),
        key.thumbprint(jwt_ring::jwk::ThumbprintHash::Sha256)
    );
}

#[test]
fn unsupported_key_types_and_curves() {
    for jwk in [
        json!({"kty": "OKP", "crv": "X448", "x": "AAAA"}),
        json!({"kty": "OKP", "crv": "Ed448", "x": "AAAA"}),
        json!({"kty": "EC", "crv": "secp256k1", "x": "AAAA", "y": "AAAA"}),
        json!({"kty": "EC", "crv": "p-256", "x": "AAAA", "y": "AAAA"}),
        json!({"kty": "foo", "k": "AAAA"}),
        json!({"kty": "rsa", "n": "AAAA", "e": "AQAB"}),
        json!({"kty": "", "k": "AAAA"}),
    ] {
        assert_eq!(parse(&jwk).err(), Some(JwkError::Unsupported), "{jwk}");
    }
}

// ---------------------------------------------------------------------------------------------
// Export

#[test]
fn verifying_keys_export_and_import_round_trip() {
    let rsa_signing = rsa::SigningKey::from_pkcs8(&rsa::PS384, common::RSA_2048_PKCS8)
        .unwrap()
        .with_key_id("rsa-1");
    let (es256, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let es256 = es256.with_key_id("es256-1");
    let (es384, _) = ecdsa::SigningKey::generate(&ecdsa::ES384).unwrap();
    let (ed, _) = eddsa::SigningKey::generate().unwrap();
    let ed = ed.with_key_id("ed-1");

    let cases: Vec<(&dyn Signer, Jwk, &str)> = vec![
        (&rsa_signing, rsa_signing.verifying_key().to_jwk(), "RSA"),
        (&es256, es256.verifying_key().to_jwk(), "EC"),
        (&es384, es384.verifying_key().to_jwk(), "EC"),
        (&ed, ed.verifying_key().to_jwk(), "OKP"),
    ];
    for (signer, exported, kty) in cases {
        let alg = signer.algorithm();
        assert_eq!(exported.key_type(), kty);
        assert_eq!(exported.algorithm(), Some(alg));
        assert_eq!(exported.kid(), signer.key_id());
        assert_eq!(exported.key_use(), Some("sig"));
        assert!(!exported.is_private());

        let text = exported.to_json();
        let value = file(&text);
        assert_eq!(value["kty"], kty);
        assert_eq!(value["alg"], alg);
        assert_eq!(value["use"], "sig");
        assert!(value.get("d").is_none(), "{alg}");

        let imported = Jwk::from_json(&text).unwrap();
        assert_eq!(imported, exported, "{alg}");
        for hash in [ThumbprintHash::Sha256, ThumbprintHash::Sha512] {
            assert_eq!(imported.thumbprint(hash), exported.thumbprint(hash));
        }
        let verifier = imported.verifier().unwrap();
        assert_eq!(verifier.key_id(), signer.key_id());
        assert_round_trip(signer, &*verifier);
    }
    // An EC export has fixed-length coordinates and the curve name.
    let value = file(&es384.verifying_key().to_jwk().to_json());
    assert_eq!(value["crv"], "P-384");
    assert_eq!(member(&value, "x").len(), 48);
    assert_eq!(member(&value, "y").len(), 48);
    assert!(value.get("kid").is_none());
}

#[test]
fn hmac_exports_only_on_request_and_round_trips() {
    let key = hmac::Key::new(&hmac::HS384, &[0x5a; 48])
        .unwrap()
        .with_key_id("mac-1");
    let exported = key.to_jwk_private();
    assert!(exported.is_private());
    assert!(exported.is_symmetric());
    assert_eq!(exported.key_type(), "oct");
    assert_eq!(exported.algorithm(), Some("HS384"));
    assert_eq!(exported.kid(), Some("mac-1"));
    // An `oct` key has no public part to publish.
    assert_eq!(exported.to_public().err(), Some(JwkError::Unsupported));

    let text = exported.to_json();
    assert_eq!(member(&file(&text), "k"), [0x5a; 48]);
    let imported = Jwk::from_json(&text).unwrap();
    assert_eq!(imported, exported);
    let message = b"header.payload";
    let signature = imported.signer().unwrap().sign(message).unwrap();
    assert_eq!(signature, key.sign(message).unwrap());
    assert!(key.verify(message, &signature).is_ok());
    assert_eq!(imported.verifier().unwrap().key_id(), Some("mac-1"));
}

#[test]
fn private_jwks_round_trip_through_to_json() {
    for jwk in [
        p256_private(),
        rfc7520_key("3.4"),
        ed25519_private(),
        hs256_jwk(),
    ] {
        let key = parse(&jwk).unwrap();
        let again = Jwk::from_json(&key.to_json()).unwrap();
        assert_eq!(again, key);
        if !key.is_symmetric() {
            let public = key.to_public().unwrap().to_json();
            for name in ["d", "p", "q", "dp", "dq", "qi"] {
                assert!(file(&public).get(name).is_none(), "{name}");
            }
        }
    }
}

#[test]
fn debug_never_shows_private_members() {
    let rsa_private = rfc7520_key("3.4");
    let cases = [
        (p256_private(), vec!["d"]),
        (rsa_private, vec!["d", "p", "q", "dp", "dq", "qi"]),
        (ed25519_private(), vec!["d"]),
        (hs256_jwk(), vec!["k"]),
    ];
    for (jwk, secrets) in cases {
        let key = parse(&jwk).unwrap();
        let debug = format!("{key:?}");
        let pretty = format!("{key:#?}");
        assert!(debug.contains("private: true"), "{debug}");
        for name in secrets {
            let value = jwk[name].as_str().unwrap();
            // Neither the encoded member nor a prefix of it.
            assert!(!debug.contains(&value[..12]), "{name} in {debug}");
            assert!(!pretty.contains(&value[..12]), "{name} in {pretty}");
        }
    }
}

/// The attack: serde reads a struct from a JSON array of its fields in order. A JWK is a JSON
/// object (RFC 7517 §4), and so is a JWK Set (§5): arrays of every length are refused, never
/// read by position.
#[test]
fn jwks_and_sets_written_as_json_arrays_are_refused() {
    let key = eddsa::SigningKey::from_seed(&[5; 32]).unwrap();
    let jwk: Value = serde_json::from_str(&key.verifying_key().to_jwk().to_json()).unwrap();
    for len in 1..=30 {
        let mut members = vec![Value::Null; len];
        members[0] = jwk["kty"].clone();
        let as_array = Value::Array(members).to_string();
        assert!(
            matches!(Jwk::from_json(&as_array), Err(JwkError::Malformed)),
            "{len}"
        );
    }
    assert!(JwkSet::from_json(&json!([[jwk]]).to_string()).is_err());
    assert!(JwkSet::from_json(&json!({ "keys": [jwk] }).to_string()).is_ok());
}
