//! jwt-ring against other Rust JWT crates: the same keys, claims and tokens, with equivalent
//! validation (signature, `alg` pinned, `exp` required and checked, `nbf` checked, `iss` and `aud`
//! required and checked, no leeway).
//!
//! Group names are `verify/<ALG>/<crate>` and `sign/<ALG>/<crate>`. Every verifier checks the
//! very token jwt-ring signed (so the header is `{"alg":..,"typ":"JWT"}` for all), and every
//! timed closure asserts success. Keys are built before the clock starts.
//!
//! Differences that the APIs impose, and that are left in because a user pays them too:
//! * jsonwebtoken reads the wall clock inside `decode` (the tokens are valid until 2096);
//! * jwt-simple takes its `VerificationOptions` by value, so each call clones them (two
//!   one-element `HashSet`s), and signs `JWTClaims` by value, so each call clones the claims;
//! * jsonwebtoken and jwt-simple deserialize into owned claims, as does `verify/<ALG>/jwt-ring`.

use std::collections::HashSet;
use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use jwt_simple::prelude::{
    ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike, EdDSAKeyPairLike, EdDSAPublicKeyLike, MACLike,
    RSAKeyPairLike, RSAPublicKeyLike,
};
use ring::signature::KeyPair as _;

#[allow(dead_code, unused_imports)]
#[path = "../../support/mod.rs"]
mod support;

use support::{FlatClaims, Scope};

const ALGORITHMS: [&str; 5] = ["HS256", "HS512", "RS256", "ES256", "EdDSA"];

fn pem(label: &str, der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}

/// The public halves as raw bytes, read with ring from the same PKCS#8 fixtures.
struct PublicParts {
    rsa_n: Vec<u8>,
    rsa_e: Vec<u8>,
    p256_point: Vec<u8>,
    ed25519: Vec<u8>,
}

fn public_parts() -> PublicParts {
    let rsa = ring::signature::RsaKeyPair::from_pkcs8(support::RSA2048_PK8).expect("RSA key");
    let components = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(rsa.public());
    let rng = ring::rand::SystemRandom::new();
    let p256 = ring::signature::EcdsaKeyPair::from_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        support::P256_PK8,
        &rng,
    )
    .expect("P-256 key");
    let ed = ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(support::ED25519_PK8)
        .expect("Ed25519 key");
    PublicParts {
        rsa_n: components.n,
        rsa_e: components.e,
        p256_point: p256.public_key().as_ref().to_vec(),
        ed25519: ed.public_key().as_ref().to_vec(),
    }
}

macro_rules! jsonwebtoken_peer {
    ($module:ident, $crate_name:ident, $label:literal) => {
        mod $module {
            use super::*;
            use ::$crate_name::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

            pub struct Peer {
                pub encoding: EncodingKey,
                pub decoding: DecodingKey,
                pub header: Header,
                pub validation: Validation,
            }

            pub const LABEL: &str = $label;

            pub fn peer(alg: &str, parts: &PublicParts) -> Peer {
                let (algorithm, encoding, decoding) = match alg {
                    "HS256" | "HS512" => (
                        if alg == "HS256" {
                            Algorithm::HS256
                        } else {
                            Algorithm::HS512
                        },
                        EncodingKey::from_secret(support::HMAC_SECRET),
                        DecodingKey::from_secret(support::HMAC_SECRET),
                    ),
                    "RS256" => (
                        Algorithm::RS256,
                        EncodingKey::from_rsa_pem(
                            pem("PRIVATE KEY", support::RSA2048_PK8).as_bytes(),
                        )
                        .expect("RSA PEM"),
                        DecodingKey::from_rsa_raw_components(&parts.rsa_n, &parts.rsa_e),
                    ),
                    "ES256" => (
                        Algorithm::ES256,
                        EncodingKey::from_ec_der(support::P256_PK8),
                        DecodingKey::from_ec_der(&parts.p256_point),
                    ),
                    "EdDSA" => (
                        Algorithm::EdDSA,
                        EncodingKey::from_ed_der(support::ED25519_PK8),
                        DecodingKey::from_ed_der(&parts.ed25519),
                    ),
                    other => panic!("no peer key for {other}"),
                };
                let mut validation = Validation::new(algorithm);
                validation.leeway = 0;
                validation.validate_exp = true;
                validation.validate_nbf = true;
                validation.set_issuer(&[support::ISSUER]);
                validation.set_audience(&[support::AUDIENCE]);
                validation.set_required_spec_claims(&["exp", "iss", "aud"]);
                Peer {
                    encoding,
                    decoding,
                    header: Header::new(algorithm),
                    validation,
                }
            }

            impl Peer {
                pub fn verify(&self, token: &str) -> FlatClaims {
                    ::$crate_name::decode::<FlatClaims>(token, &self.decoding, &self.validation)
                        .expect("verification succeeds")
                        .claims
                }

                pub fn sign(&self, claims: &FlatClaims) -> String {
                    ::$crate_name::encode(&self.header, claims, &self.encoding)
                        .expect("signing succeeds")
                }
            }
        }
    };
}

jsonwebtoken_peer!(peer_jsonwebtoken11, jsonwebtoken, "jsonwebtoken11");
jsonwebtoken_peer!(peer_jsonwebtoken9, jsonwebtoken9, "jsonwebtoken9");

mod jwt_simple_peer {
    use super::*;
    use jwt_simple::prelude::*;

    pub const LABEL: &str = "jwt-simple";

    pub enum Keys {
        Hs256(HS256Key),
        Hs512(HS512Key),
        Rs256(Box<RS256KeyPair>, RS256PublicKey),
        Es256(ES256KeyPair, ES256PublicKey),
        EdDsa(Ed25519KeyPair, Ed25519PublicKey),
    }

    pub struct Peer {
        keys: Keys,
        options: VerificationOptions,
        claims: JWTClaims<Scope>,
    }

    pub fn peer(alg: &str, parts: &PublicParts) -> Peer {
        let keys = match alg {
            "HS256" => Keys::Hs256(HS256Key::from_bytes(support::HMAC_SECRET)),
            "HS512" => Keys::Hs512(HS512Key::from_bytes(support::HMAC_SECRET)),
            "RS256" => Keys::Rs256(
                Box::new(RS256KeyPair::from_der(support::RSA2048_PK8).expect("RSA key")),
                RS256PublicKey::from_components(&parts.rsa_n, &parts.rsa_e).expect("RSA public"),
            ),
            "ES256" => Keys::Es256(
                ES256KeyPair::from_der(support::P256_PK8).expect("P-256 key"),
                ES256PublicKey::from_bytes(&parts.p256_point).expect("P-256 public"),
            ),
            "EdDSA" => Keys::EdDsa(
                Ed25519KeyPair::from_der(support::ED25519_PK8).expect("Ed25519 key"),
                Ed25519PublicKey::from_bytes(&parts.ed25519).expect("Ed25519 public"),
            ),
            other => panic!("no peer key for {other}"),
        };
        let options = VerificationOptions {
            allowed_issuers: Some(HashSet::from([support::ISSUER.to_owned()])),
            allowed_audiences: Some(HashSet::from([support::AUDIENCE.to_owned()])),
            time_tolerance: Some(Duration::from_secs(0)),
            artificial_time: Some(UnixTimeStamp::from_secs(support::FIXED_NOW_UNIX as u64)),
            ..VerificationOptions::default()
        };
        let flat = support::flat_claims(0);
        let mut claims =
            Claims::with_custom_claims(Scope { scope: flat.scope }, Duration::from_secs(0));
        claims.issued_at = Some(UnixTimeStamp::from_secs(flat.iat as u64));
        claims.invalid_before = Some(UnixTimeStamp::from_secs(flat.nbf as u64));
        claims.expires_at = Some(UnixTimeStamp::from_secs(flat.exp as u64));
        claims.issuer = Some(flat.iss);
        claims.subject = Some(flat.sub);
        claims.audiences = Some(Audiences::AsString(flat.aud));
        claims.jwt_id = Some(flat.jti);
        Peer {
            keys,
            options,
            claims,
        }
    }

    impl Peer {
        pub fn verify(&self, token: &str) -> JWTClaims<Scope> {
            let options = Some(self.options.clone());
            match &self.keys {
                Keys::Hs256(key) => key.verify_token::<Scope>(token, options),
                Keys::Hs512(key) => key.verify_token::<Scope>(token, options),
                Keys::Rs256(_, key) => key.verify_token::<Scope>(token, options),
                Keys::Es256(_, key) => key.verify_token::<Scope>(token, options),
                Keys::EdDsa(_, key) => key.verify_token::<Scope>(token, options),
            }
            .expect("verification succeeds")
        }

        pub fn sign(&self) -> String {
            let claims = self.claims.clone();
            match &self.keys {
                Keys::Hs256(key) => key.authenticate(claims),
                Keys::Hs512(key) => key.authenticate(claims),
                Keys::Rs256(key, _) => key.sign(claims),
                Keys::Es256(key, _) => key.sign(claims),
                Keys::EdDsa(key, _) => key.sign(claims),
            }
            .expect("signing succeeds")
        }
    }
}

fn verify(c: &mut Criterion) {
    let parts = public_parts();
    let now = support::fixed_now();
    for alg in ALGORITHMS {
        let fixture = support::fixture(alg, 0);
        let token = fixture.token.as_str();

        c.bench_function(&format!("verify/{alg}/jwt-ring"), |b| {
            b.iter(|| {
                let verified = fixture
                    .validator
                    .verify_at::<Scope>(black_box(token), now)
                    .expect("verification succeeds");
                black_box(verified)
            });
        });

        let peer = peer_jsonwebtoken11::peer(alg, &parts);
        assert_eq!(peer.verify(token).sub, support::SUBJECT);
        c.bench_function(
            &format!("verify/{alg}/{}", peer_jsonwebtoken11::LABEL),
            |b| {
                b.iter(|| black_box(peer.verify(black_box(token))));
            },
        );

        let peer = peer_jsonwebtoken9::peer(alg, &parts);
        assert_eq!(peer.verify(token).sub, support::SUBJECT);
        c.bench_function(
            &format!("verify/{alg}/{}", peer_jsonwebtoken9::LABEL),
            |b| {
                b.iter(|| black_box(peer.verify(black_box(token))));
            },
        );

        let peer = jwt_simple_peer::peer(alg, &parts);
        assert_eq!(peer.verify(token).custom.scope, support::SCOPE);
        c.bench_function(&format!("verify/{alg}/{}", jwt_simple_peer::LABEL), |b| {
            b.iter(|| black_box(peer.verify(black_box(token))));
        });
    }
}

fn sign(c: &mut Criterion) {
    let parts = public_parts();
    let flat = support::flat_claims(0);
    for alg in ALGORITHMS {
        let fixture = support::fixture(alg, 0);
        let header = jwt_ring::Header::new();
        c.bench_function(&format!("sign/{alg}/jwt-ring"), |b| {
            b.iter(|| {
                let token = jwt_ring::encode(&header, black_box(&fixture.claims), &*fixture.signer)
                    .expect("signing succeeds");
                black_box(token)
            });
        });

        // Every peer's token verifies with our validator: the same claims, the same keys.
        let peer = peer_jsonwebtoken11::peer(alg, &parts);
        assert!(
            fixture
                .validator
                .verify_at::<Scope>(&peer.sign(&flat), support::fixed_now())
                .is_ok()
        );
        c.bench_function(&format!("sign/{alg}/{}", peer_jsonwebtoken11::LABEL), |b| {
            b.iter(|| black_box(peer.sign(black_box(&flat))));
        });

        let peer = peer_jsonwebtoken9::peer(alg, &parts);
        assert!(
            fixture
                .validator
                .verify_at::<Scope>(&peer.sign(&flat), support::fixed_now())
                .is_ok()
        );
        c.bench_function(&format!("sign/{alg}/{}", peer_jsonwebtoken9::LABEL), |b| {
            b.iter(|| black_box(peer.sign(black_box(&flat))));
        });

        let peer = jwt_simple_peer::peer(alg, &parts);
        assert!(
            fixture
                .validator
                .verify_at::<Scope>(&peer.sign(), support::fixed_now())
                .is_ok()
        );
        c.bench_function(&format!("sign/{alg}/{}", jwt_simple_peer::LABEL), |b| {
            b.iter(|| black_box(peer.sign()));
        });
    }
}

criterion_group!(benches, verify, sign);
criterion_main!(benches);
