//! Backends chosen per key, with no process-wide state: every algorithm on every backend this
//! build enables, keys of two backends in one validator, loaders that take a backend, what each
//! backend adds (ES512, RSA key generation), and the FIPS answers.
//!
//! Run under every feature combination CI builds (default; `aws-lc` alone; `aws-lc` with ring;
//! `fips`): the assertions follow the build's features.

mod common;

use common::{RSA_2048_PKCS8, now};
use jwt_ring::jwk::{Jwk, JwkError, JwkSet, JwkSetOptions};
use jwt_ring::remote::{CachePolicy, RemoteKeySet};
use jwt_ring::{
    Backend, Claims, Header, KeyResolver, KeySet, NoCustomClaims, Signer, Validator, Verifier,
    ecdsa, eddsa, encode, hmac, rsa,
};

/// One signing key per algorithm the backend provides (EdDSA only where it is approved).
fn signers_on(backend: Backend) -> Vec<(Box<dyn Signer>, Box<dyn Verifier>)> {
    let mut keys: Vec<(Box<dyn Signer>, Box<dyn Verifier>)> = Vec::new();
    for algorithm in [&hmac::HS256, &hmac::HS384, &hmac::HS512] {
        let key = hmac::Key::generate(algorithm.on(backend).unwrap()).unwrap();
        keys.push((Box::new(key.clone()), Box::new(key)));
    }
    for algorithm in [
        &ecdsa::ES256,
        &ecdsa::ES384,
        #[cfg(feature = "aws-lc")]
        &ecdsa::ES512,
    ] {
        let Ok(algorithm) = algorithm.on(backend) else {
            // Only ES512 may be missing, and only on ring.
            assert_eq!((algorithm.name(), backend), ("ES512", Backend::Ring));
            continue;
        };
        let (key, _) = ecdsa::SigningKey::generate(algorithm).unwrap();
        let public = key.verifying_key();
        keys.push((Box::new(key), Box::new(public)));
    }
    for algorithm in [
        &rsa::RS256,
        &rsa::RS384,
        &rsa::RS512,
        &rsa::PS256,
        &rsa::PS384,
        &rsa::PS512,
    ] {
        let key =
            rsa::SigningKey::from_pkcs8(algorithm.on(backend).unwrap(), RSA_2048_PKCS8).unwrap();
        let public = key.verifying_key();
        keys.push((Box::new(key), Box::new(public)));
    }
    if !backend.is_fips() {
        for algorithm in [&eddsa::EDDSA, &eddsa::ED25519] {
            let (key, _) = eddsa::SigningKey::generate_for(algorithm.on(backend).unwrap()).unwrap();
            let public = key.verifying_key();
            keys.push((Box::new(key), Box::new(public)));
        }
    }
    keys
}

fn validator(keys: KeySet) -> Validator {
    Validator::builder()
        .key_resolver(keys)
        .issuer("https://issuer.example")
        .audience("api")
        .build()
        .unwrap()
}

fn token(signer: &dyn Signer, subject: &str) -> String {
    let claims = Claims::registered_only()
        .with_issuer("https://issuer.example")
        .with_audience("api")
        .with_subject(subject)
        .valid_for(now(), jwt_ring::time::Duration::minutes(5));
    encode(&Header::new(), &claims, signer).unwrap()
}

#[test]
fn every_enabled_backend_signs_and_verifies_every_algorithm_it_has() {
    assert_eq!(Backend::enabled().first(), Some(&Backend::DEFAULT));
    for &backend in Backend::enabled() {
        let keys = signers_on(backend);
        // 3 HMAC, ES256 and ES384 (and ES512 on aws-lc), 6 RSA, and both EdDSA names where
        // the backend is not FIPS.
        let expected =
            11 + usize::from(backend == Backend::AwsLc) + if backend.is_fips() { 0 } else { 2 };
        assert_eq!(keys.len(), expected, "{backend}");
        for (signer, verifier) in keys {
            let alg = signer.algorithm().to_owned();
            let token = token(&*signer, &alg);
            let set = KeySet::new([verifier]).unwrap();
            let verified = validator(set)
                .verify_at::<NoCustomClaims>(&token, now())
                .unwrap_or_else(|error| panic!("{alg} on {backend}: {error}"));
            assert_eq!(verified.claims().registered.sub(), Some(alg.as_str()));
            assert_eq!(verified.header().algorithm(), Some(alg.as_str()));
        }
    }
}

#[test]
fn keys_say_which_backend_they_compute_with() {
    for &backend in Backend::enabled() {
        let (key, _) = ecdsa::SigningKey::generate(ecdsa::ES256.on(backend).unwrap()).unwrap();
        assert_eq!(key.backend(), backend);
        assert_eq!(key.verifying_key().backend(), backend);
        assert!(format!("{key:?}").contains(backend.name()));
        let hmac = hmac::Key::generate(hmac::HS256.on(backend).unwrap()).unwrap();
        assert_eq!(hmac.backend(), backend);
        let rsa =
            rsa::SigningKey::from_pkcs8(rsa::PS256.on(backend).unwrap(), RSA_2048_PKCS8).unwrap();
        assert_eq!(rsa.verifying_key().backend(), backend);
    }
    // The statics are on the default backend.
    assert_eq!(ecdsa::ES256.backend(), Backend::DEFAULT);
    assert_eq!(rsa::RS256.backend(), Backend::DEFAULT);
    assert_eq!(hmac::HS256.backend(), Backend::DEFAULT);
    assert_eq!(eddsa::EDDSA.backend(), Backend::DEFAULT);
}

/// A backend shows as its name, in `Display` and `Debug` alike (error messages use both).
#[test]
fn each_backend_shows_as_its_name() {
    for (backend, name) in [(Backend::Ring, "ring"), (Backend::AwsLc, "aws-lc")] {
        assert_eq!(backend.name(), name);
        assert_eq!(backend.to_string(), name);
        assert_eq!(format!("{backend:?}"), name);
    }
}

/// A backend is enabled exactly when its feature is: `is_enabled` is what the features say.
#[test]
fn each_backend_is_enabled_by_its_feature() {
    assert_eq!(Backend::Ring.is_enabled(), cfg!(feature = "ring"));
    assert_eq!(Backend::AwsLc.is_enabled(), cfg!(feature = "aws-lc"));
    assert_eq!(
        Backend::enabled().len(),
        1 + usize::from(cfg!(all(feature = "ring", feature = "aws-lc")))
    );
}

#[test]
fn an_algorithm_on_a_backend_this_build_lacks_is_a_named_error() {
    for backend in [Backend::Ring, Backend::AwsLc] {
        let result = ecdsa::ES256.on(backend);
        if backend.is_enabled() {
            assert_eq!(result.unwrap().backend(), backend);
        } else {
            let error = result.unwrap_err();
            assert_eq!((error.backend, error.algorithm), (backend, "ES256"));
            assert!(error.to_string().contains(backend.name()), "{error}");
        }
    }
}

/// Done-when of the backends issue: one validator, a token signed by an aws-lc key and another
/// by a ring key, both verified; and each backend verifies the other's signatures.
#[cfg(all(feature = "ring", feature = "aws-lc"))]
#[test]
fn one_validator_verifies_tokens_of_ring_and_aws_lc_keys() {
    let (ring_key, _) =
        ecdsa::SigningKey::generate(ecdsa::ES256.on(Backend::Ring).unwrap()).unwrap();
    let (aws_key, _) =
        ecdsa::SigningKey::generate(ecdsa::ES256.on(Backend::AwsLc).unwrap()).unwrap();
    let ring_key = ring_key.with_key_id("ring");
    let aws_key = aws_key.with_key_id("aws-lc");
    let validator =
        validator(KeySet::new([ring_key.verifying_key(), aws_key.verifying_key()]).unwrap());
    for (key, subject) in [(&ring_key, "from ring"), (&aws_key, "from aws-lc")] {
        let verified = validator
            .verify_at::<NoCustomClaims>(&token(key, subject), now())
            .unwrap();
        assert_eq!(verified.claims().registered.sub(), Some(subject));
    }
    // The same public key on the other backend accepts the signature.
    let input = b"header.payload";
    let signature = ring_key.sign(input).unwrap();
    let point = ring_key.verifying_key();
    let on_aws = ecdsa::VerifyingKey::from_uncompressed_point(
        ecdsa::ES256.on(Backend::AwsLc).unwrap(),
        point.uncompressed_point(),
    )
    .unwrap();
    assert!(on_aws.verify(input, &signature).is_ok());
    // Deterministic algorithms sign byte for byte alike on both.
    let ring_rsa =
        rsa::SigningKey::from_pkcs8(rsa::RS256.on(Backend::Ring).unwrap(), RSA_2048_PKCS8).unwrap();
    let aws_rsa =
        rsa::SigningKey::from_pkcs8(rsa::RS256.on(Backend::AwsLc).unwrap(), RSA_2048_PKCS8)
            .unwrap();
    assert_eq!(ring_rsa.sign(input).unwrap(), aws_rsa.sign(input).unwrap());
    let ring_ed =
        eddsa::SigningKey::from_seed_for(eddsa::EDDSA.on(Backend::Ring).unwrap(), &[9; 32])
            .unwrap();
    let aws_ed =
        eddsa::SigningKey::from_seed_for(eddsa::EDDSA.on(Backend::AwsLc).unwrap(), &[9; 32]);
    if let Ok(aws_ed) = aws_ed {
        assert_eq!(ring_ed.sign(input).unwrap(), aws_ed.sign(input).unwrap());
    } else {
        assert!(Backend::AwsLc.is_fips());
    }
}

#[test]
fn a_jwk_set_loads_its_keys_on_the_backend_asked_for() {
    let (key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let key = key.with_key_id("k1");
    let jwks = format!(r#"{{"keys":[{}]}}"#, key.verifying_key().to_jwk().to_json());
    for &backend in Backend::enabled() {
        let options = JwkSetOptions::default().backend(backend);
        let set = JwkSet::from_json_with_options(&jwks, &options).unwrap();
        assert!(set.skipped().is_empty());
        let validator = Validator::builder()
            .key_resolver(set)
            .issuer("https://issuer.example")
            .audience("api")
            .build()
            .unwrap();
        let verified = validator
            .verify_at::<NoCustomClaims>(&token(&key, "set"), now())
            .unwrap();
        assert_eq!(verified.claims().registered.sub(), Some("set"));
        assert_eq!(validator.fips(), backend.is_fips());
    }
}

/// RFC 7520 §3.1, the P-521 public key: usable where aws-lc is, skipped with a named reason on
/// ring.
#[test]
fn a_p521_key_needs_aws_lc() {
    let keys: serde_json::Value =
        serde_json::from_str(include_str!("vectors/rfc/rfc7520_section3_keys.json")).unwrap();
    let p521 = keys["keys"]["3.1"]["jwk"].to_string();
    let parsed = Jwk::from_json(&p521);
    if !cfg!(feature = "aws-lc") {
        assert_eq!(parsed.err(), Some(JwkError::Unsupported));
        return;
    }
    let jwk = parsed.unwrap();
    assert_eq!(jwk.verifier().unwrap().algorithm(), "ES512");
    let jwks = format!(r#"{{"keys":[{p521}]}}"#);
    for &backend in Backend::enabled() {
        let options = JwkSetOptions::default().backend(backend);
        let set = JwkSet::from_json_with_options(&jwks, &options).unwrap();
        if backend == Backend::Ring {
            assert_eq!(set.skipped().len(), 1);
            assert!(matches!(
                jwk.verifier_on("ES512", backend),
                Err(JwkError::Backend(_))
            ));
        } else {
            assert!(set.skipped().is_empty());
            assert_eq!(
                jwk.verifier_on("ES512", backend).unwrap().algorithm(),
                "ES512"
            );
        }
    }
}

#[test]
fn rsa_keys_are_generated_where_the_backend_can() {
    for &backend in Backend::enabled() {
        let algorithm = rsa::PS256.on(backend).unwrap();
        let generated = rsa::SigningKey::generate(algorithm, 2048);
        if backend == Backend::Ring {
            let error = generated.unwrap_err();
            assert!(error.to_string().contains("aws-lc"), "{error}");
            continue;
        }
        let (key, pkcs8) = generated.unwrap();
        assert_eq!(key.verifying_key().modulus().len(), 256);
        let reloaded = rsa::SigningKey::from_pkcs8(algorithm, &pkcs8).unwrap();
        let signature = reloaded.sign(b"input").unwrap();
        assert!(key.verifying_key().verify(b"input", &signature).is_ok());
        assert!(rsa::SigningKey::generate(algorithm, 1024).is_err());
        assert!(rsa::SigningKey::generate(algorithm, 2047).is_err());
    }
}

#[test]
fn fips_answers_follow_the_keys() {
    let mut all = Vec::new();
    for &backend in Backend::enabled() {
        for (signer, verifier) in signers_on(backend) {
            assert_eq!(signer.fips(), backend.is_fips());
            assert_eq!(verifier.fips(), backend.is_fips());
            // Boxed and shared keys answer as the key does.
            let shared: std::sync::Arc<dyn Verifier> = verifier.into();
            assert_eq!(shared.fips(), backend.is_fips());
            all.push((backend, shared));
        }
    }
    // A set is FIPS when all its keys are; an empty set is not.
    for &backend in Backend::enabled() {
        let keys = all
            .iter()
            .filter(|(b, _)| *b == backend)
            .map(|(_, key)| key.clone());
        assert_eq!(KeySet::new(keys).unwrap().fips(), backend.is_fips());
    }
    let mixed = KeySet::new(all.into_iter().map(|(_, key)| key)).unwrap();
    assert_eq!(
        mixed.fips(),
        Backend::enabled().iter().all(|backend| backend.is_fips())
    );
    assert!(!KeySet::new(Vec::<hmac::Key>::new()).unwrap().fips());
    // A remote set answers for the keys it will make.
    for &backend in Backend::enabled() {
        let remote = RemoteKeySet::new(CachePolicy::default().backend(backend)).unwrap();
        assert_eq!(remote.fips(), backend.is_fips());
    }
    let remote = RemoteKeySet::new(CachePolicy::default()).unwrap();
    assert_eq!(remote.fips(), Backend::DEFAULT.is_fips());
}

/// A user-defined key that says nothing of FIPS is not FIPS; one that says it is keeps saying so
/// through every smart pointer the crate's traits are implemented for.
#[test]
fn user_defined_keys_are_fips_only_when_they_say_so() {
    /// Implements only what it must: `fips` is the traits' default.
    struct Silent;
    /// Answers `fips` itself.
    struct Claiming(bool);
    macro_rules! user_key {
        ($ty:ty, $($fips:item)?) => {
            impl Signer for $ty {
                fn algorithm(&self) -> &str {
                    "X-USER"
                }
                fn sign(&self, _: &[u8]) -> Result<Vec<u8>, jwt_ring::SigningError> {
                    Ok(Vec::new())
                }
                $($fips)?
            }
            impl Verifier for $ty {
                fn algorithm(&self) -> &str {
                    "X-USER"
                }
                fn verify(&self, _: &[u8], _: &[u8]) -> Result<(), jwt_ring::InvalidSignature> {
                    Err(jwt_ring::InvalidSignature)
                }
                $($fips)?
            }
        };
    }
    user_key!(Silent,);
    user_key!(
        Claiming,
        fn fips(&self) -> bool {
            self.0
        }
    );

    assert!(!Signer::fips(&Silent));
    assert!(!Verifier::fips(&Silent));
    for claim in [false, true] {
        assert_eq!(Signer::fips(&&Claiming(claim)), claim);
        let boxed_signer: Box<dyn Signer> = Box::new(Claiming(claim));
        assert_eq!(boxed_signer.fips(), claim);
        let shared_signer: std::sync::Arc<dyn Signer> = boxed_signer.into();
        assert_eq!(shared_signer.fips(), claim);
        let boxed_verifier: Box<dyn Verifier> = Box::new(Claiming(claim));
        assert_eq!(boxed_verifier.fips(), claim);
        let shared_verifier: std::sync::Arc<dyn Verifier> = boxed_verifier.into();
        assert_eq!(shared_verifier.fips(), claim);
        // Key sets answer for their keys.
        assert_eq!(KeySet::new([Claiming(claim)]).unwrap().fips(), claim);
        let shared_set = jwt_ring::SharedKeySet::new(KeySet::new([Claiming(claim)]).unwrap());
        assert_eq!(KeyResolver::fips(&shared_set), claim);
    }
    /// A user-defined resolver that says nothing of FIPS.
    struct Resolver(Claiming);
    impl KeyResolver for Resolver {
        fn resolve(
            &self,
            _: &jwt_ring::Header,
        ) -> Result<jwt_ring::Resolved<'_>, jwt_ring::VerifyError> {
            Ok(jwt_ring::Resolved::borrowed(&self.0))
        }
    }
    assert!(!Resolver(Claiming(true)).fips());
}

/// A FIPS backend refuses what its module does not approve, with the named error.
#[cfg(feature = "fips")]
#[test]
fn a_fips_backend_refuses_unapproved_keys_by_name() {
    let fips = eddsa::EDDSA.on(Backend::AwsLc).unwrap();
    assert_eq!(
        eddsa::SigningKey::from_seed_for(fips, &[1; 32]).err(),
        Some(jwt_ring::KeyRejected::NOT_FIPS_APPROVED)
    );
    assert_eq!(
        eddsa::VerifyingKey::from_bytes_for(fips, &[1; 32]).err(),
        Some(jwt_ring::KeyRejected::NOT_FIPS_APPROVED)
    );
    let hs256 = hmac::HS256.on(Backend::AwsLc).unwrap();
    assert_eq!(
        jwt_ring::dangerous::hmac_key_with_short_secret(hs256, &[1; 13]).err(),
        Some(jwt_ring::KeyRejected::NOT_FIPS_APPROVED)
    );
}

/// Without a FIPS module, nothing claims to be FIPS, and nothing is refused for it.
#[cfg(not(feature = "fips"))]
#[test]
fn without_the_fips_feature_no_key_claims_fips() {
    for &backend in Backend::enabled() {
        assert!(!backend.is_fips());
        let key = eddsa::SigningKey::from_seed_for(eddsa::EDDSA.on(backend).unwrap(), &[1; 32]);
        assert!(key.is_ok_and(|key| !key.fips()));
    }
}

const RFC7517_KEYS: &str = include_str!("vectors/rfc/rfc7517_appendix_keys.json");
const RFC7520_KEYS: &str = include_str!("vectors/rfc/rfc7520_section3_keys.json");

/// Private JWKs (RFC 7517 A.2's P-256 and RSA keys with every CRT member, RFC 7520 §3.2's P-521
/// key) become signers on every backend that has their algorithm, and their signatures verify
/// with the public half on every backend.
#[test]
fn private_jwks_sign_on_every_backend() {
    let appendix: serde_json::Value = serde_json::from_str(RFC7517_KEYS).unwrap();
    let cookbook: serde_json::Value = serde_json::from_str(RFC7520_KEYS).unwrap();
    let keys = [
        (appendix["A.2_private_keys"]["keys"][0].clone(), "ES256"),
        (appendix["A.2_private_keys"]["keys"][1].clone(), "RS256"),
        (appendix["A.2_private_keys"]["keys"][1].clone(), "PS384"),
        (cookbook["keys"]["3.2"]["jwk"].clone(), "ES512"),
    ];
    for (mut json, alg) in keys {
        if alg == "ES512" && !Backend::AwsLc.is_enabled() {
            continue; // P-521 JWKs are read only in builds with aws-lc
        }
        // The appendix's EC key says `"use": "enc"` and its RSA key `"alg": "RS256"`.
        for member in ["use", "alg"] {
            json.as_object_mut().unwrap().remove(member);
        }
        let jwk = Jwk::from_json(&json.to_string()).unwrap();
        let public = jwk.to_public().unwrap();
        for &backend in Backend::enabled() {
            let signer = jwk.signer_on(alg, backend);
            if alg == "ES512" && backend == Backend::Ring {
                assert!(signer.is_err(), "ring has no P-521");
                continue;
            }
            let signer = signer.unwrap_or_else(|error| panic!("{alg} on {backend}: {error}"));
            let signature = signer.sign(b"signing input").unwrap();
            for &verifying in Backend::enabled() {
                if alg == "ES512" && verifying == Backend::Ring {
                    continue;
                }
                let verifier = public.verifier_on(alg, verifying).unwrap();
                assert!(
                    verifier.verify(b"signing input", &signature).is_ok(),
                    "{alg}: signed on {backend}, verified on {verifying}"
                );
            }
        }
    }
}

/// RSA keys of each size a FIPS module approves are generated on aws-lc, and are that size.
#[cfg(feature = "aws-lc")]
#[test]
fn rsa_keys_of_2048_3072_and_4096_bits_are_generated_on_aws_lc() {
    let algorithm = rsa::RS256.on(Backend::AwsLc).unwrap();
    for bits in [2048, 3072, 4096] {
        let (key, _pkcs8) = rsa::SigningKey::generate(algorithm, bits).unwrap();
        assert_eq!(key.verifying_key().modulus().len() * 8, bits);
    }
}

/// Every algorithm static, key and key made from a name reports the backend it was made on,
/// and shows its name in `Debug`.
#[test]
fn algorithms_and_keys_report_the_backend_they_were_made_on() {
    for &backend in Backend::enabled() {
        assert_eq!(hmac::HS256.on(backend).unwrap().backend(), backend);
        let ed25519 = eddsa::ED25519.on(backend).unwrap();
        assert_eq!(ed25519.backend(), backend);
        assert_eq!(format!("{ed25519:?}"), "Ed25519");
        assert_eq!(format!("{:?}", eddsa::EDDSA.on(backend).unwrap()), "EdDSA");
        if backend.is_fips() {
            continue;
        }
        let (signing, _) = eddsa::SigningKey::generate_for(ed25519).unwrap();
        assert_eq!(signing.backend(), backend);
        assert_eq!(signing.verifying_key().backend(), backend);
        // Rebinding a key to the other name keeps its backend.
        let eddsa_key = eddsa::VerifyingKey::from_bytes_for(
            eddsa::EDDSA.on(backend).unwrap(),
            signing.verifying_key().as_bytes(),
        )
        .unwrap()
        .with_algorithm(&eddsa::ED25519);
        assert_eq!(eddsa_key.backend(), backend);
        assert_eq!(eddsa_key.algorithm().name(), "Ed25519");
    }
}

/// EC verifying keys are equal only when point, algorithm and `kid` all are; their `Debug`
/// names the algorithm, backend and `kid`, never the point.
#[test]
fn ec_verifying_keys_compare_and_show_what_they_are() {
    let first = ecdsa::SigningKey::generate(&ecdsa::ES256)
        .unwrap()
        .0
        .verifying_key();
    let second = ecdsa::SigningKey::generate(&ecdsa::ES256)
        .unwrap()
        .0
        .verifying_key();
    assert_eq!(first, first.clone());
    assert_ne!(first, second);
    assert_ne!(
        first.clone().with_key_id("a"),
        first.clone().with_key_id("b")
    );
    let shown = format!("{:?}", first.clone().with_key_id("k-1"));
    assert!(shown.contains("ES256"), "{shown}");
    assert!(shown.contains(Backend::DEFAULT.name()), "{shown}");
    assert!(shown.contains("k-1"), "{shown}");
}

/// A short HMAC secret, taken only through `dangerous`, works on every non-FIPS backend (a FIPS
/// backend refuses one under 112 bits).
#[test]
fn short_hmac_secrets_work_through_dangerous_on_every_non_fips_backend() {
    for &backend in Backend::enabled() {
        let key = jwt_ring::dangerous::hmac_key_with_short_secret(
            hmac::HS256.on(backend).unwrap(),
            b"8 bytes!",
        );
        if backend.is_fips() {
            assert!(key.is_err());
            continue;
        }
        let key = key.unwrap();
        let signature = key.sign(b"input").unwrap();
        assert!(key.verify(b"input", &signature).is_ok());
    }
}

/// RSA algorithms and keys report the backend they were made on; keys compare by modulus,
/// exponent, algorithm and `kid`; a signing key's `Debug` names its size, never its secrets.
#[test]
fn rsa_keys_report_their_backend_compare_and_show_their_size() {
    for &backend in Backend::enabled() {
        let rs256 = rsa::RS256.on(backend).unwrap();
        assert_eq!(rs256.backend(), backend);
        let key = rsa::SigningKey::from_pkcs8(rs256, RSA_2048_PKCS8).unwrap();
        assert_eq!(key.backend(), backend);
        let shown = format!("{:?}", key.with_key_id("r-1"));
        for part in ["RS256", backend.name(), "r-1", "bits: 2048"] {
            assert!(shown.contains(part), "{part} in {shown}");
        }
    }
    let key = rsa::SigningKey::from_pkcs8(&rsa::RS256, RSA_2048_PKCS8).unwrap();
    let public = key.verifying_key();
    assert_eq!(public, public.clone());
    assert_ne!(public, public.clone().with_key_id("other"));
    let other = rsa::VerifyingKey::from_components(&rsa::RS256, public.modulus(), &[3]).unwrap();
    assert_ne!(public, other);
    let shown = format!("{:?}", public.with_key_id("v-1"));
    for part in ["rsa::VerifyingKey", "RS256", "v-1", "bits: 2048"] {
        assert!(shown.contains(part), "{part} in {shown}");
    }
}

/// A P-521 key's JWK names its curve (aws-lc alone has P-521).
#[cfg(feature = "aws-lc")]
#[test]
fn p521_keys_export_as_p521_jwks() {
    let es512 = ecdsa::ES512.on(Backend::AwsLc).unwrap();
    let key = ecdsa::SigningKey::generate(es512)
        .unwrap()
        .0
        .verifying_key();
    let jwk: serde_json::Value = serde_json::from_str(&key.to_jwk().to_json()).unwrap();
    assert_eq!(jwk["crv"], "P-521");
    assert_eq!(jwk["alg"], "ES512");
}

/// The FIPS module's HMAC floor is 112 bits: 14 bytes pass, 13 do not, even through
/// `dangerous`.
#[cfg(feature = "fips")]
#[test]
fn a_fips_backend_takes_hmac_secrets_of_112_bits_and_more() {
    let hs256 = hmac::HS256.on(Backend::AwsLc).unwrap();
    assert!(jwt_ring::dangerous::hmac_key_with_short_secret(hs256, &[7; 14]).is_ok());
    assert!(jwt_ring::dangerous::hmac_key_with_short_secret(hs256, &[7; 13]).is_err());
}
