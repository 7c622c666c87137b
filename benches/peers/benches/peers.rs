//! jwt-ring against other Rust JWT crates: the same keys, claims and tokens, with equivalent
//! validation (signature, `alg` pinned, `exp` required and checked, `nbf` checked, `iss` and `aud`
//! required and checked, no leeway).
//!
//! Group names are `verify/<ALG>/<crate>` and `sign/<ALG>/<crate>`, for HS256, HS512, RS256,
//! PS256, ES256, ES384, ES512 and EdDSA where the crate has the algorithm. The crates:
//!
//! * `jwt-ring@ring` and `jwt-ring@aws-lc`: jwt-ring with its keys made on each backend;
//! * `jsonwebtoken12@aws_lc_rs`: jsonwebtoken 12 with its aws-lc-rs provider (this binary
//!   installs it); `jsonwebtoken12@rust_crypto` is measured by `peers_rust_crypto.rs`, in its
//!   own process, as jsonwebtoken takes one provider per process;
//! * `jsonwebtoken9`: the last jsonwebtoken on ring;
//! * `jwt-simple`: jwt-simple 0.15, pure Rust.
//!
//! No peer has ES512: its group has jwt-ring on aws-lc alone.
//!
//! Every verifier checks the very token jwt-ring signed (so the header is
//! `{"alg":..,"typ":"JWT"}` for all), every peer's token is checked to verify with jwt-ring's
//! validator, and every timed closure asserts success. Keys are built before the clock starts.
//!
//! Differences that the APIs impose, and that are left in because a user pays them too:
//! * jsonwebtoken reads the wall clock inside `decode` (the tokens are valid until 2096), and
//!   builds its signer or verifier from the key's bytes at every call;
//! * jwt-simple takes its `VerificationOptions` by value, so each call clones them (two
//!   one-element `HashSet`s), and signs `JWTClaims` by value, so each call clones the claims;
//! * jsonwebtoken and jwt-simple deserialize into owned claims, as does `verify/<ALG>/jwt-ring@*`.

use std::collections::HashSet;
use std::hint::black_box;

use criterion::Criterion;
use jwt_ring::Backend;
use jwt_simple::prelude::{
    ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike, ECDSAP384KeyPairLike, ECDSAP384PublicKeyLike,
    EdDSAKeyPairLike, EdDSAPublicKeyLike, MACLike, RSAKeyPairLike, RSAPublicKeyLike,
};

#[allow(dead_code)]
mod common;

use common::{
    ALGORITHMS, PublicParts, bench_sign, bench_verify, public_parts, reference_token, support,
};
use support::Scope;

common::jsonwebtoken_peer!(jsonwebtoken9, jsonwebtoken9, |secret| (
    EncodingKey::from_secret(secret),
    DecodingKey::from_secret(secret),
));

mod jwt_simple_peer {
    use super::*;
    use jwt_simple::prelude::*;

    pub const LABEL: &str = "jwt-simple";

    pub enum Keys {
        Hs256(HS256Key),
        Hs512(HS512Key),
        Rs256(Box<RS256KeyPair>, RS256PublicKey),
        Ps256(Box<PS256KeyPair>, PS256PublicKey),
        Es256(ES256KeyPair, ES256PublicKey),
        Es384(ES384KeyPair, ES384PublicKey),
        EdDsa(Ed25519KeyPair, Ed25519PublicKey),
    }

    pub struct Peer {
        keys: Keys,
        options: VerificationOptions,
        claims: JWTClaims<Scope>,
    }

    /// The peer for `alg`, or `None` when jwt-simple lacks it (ES512).
    pub fn peer(alg: &str, parts: &PublicParts) -> Option<Peer> {
        let keys = match alg {
            "HS256" => Keys::Hs256(HS256Key::from_bytes(support::HMAC_SECRET)),
            "HS512" => Keys::Hs512(HS512Key::from_bytes(support::HMAC_SECRET)),
            "RS256" => Keys::Rs256(
                Box::new(RS256KeyPair::from_der(support::RSA2048_PK8).expect("RSA key")),
                RS256PublicKey::from_components(&parts.rsa_n, &parts.rsa_e).expect("RSA public"),
            ),
            "PS256" => Keys::Ps256(
                Box::new(PS256KeyPair::from_der(support::RSA2048_PK8).expect("RSA key")),
                PS256PublicKey::from_components(&parts.rsa_n, &parts.rsa_e).expect("RSA public"),
            ),
            "ES256" => Keys::Es256(
                ES256KeyPair::from_der(support::P256_PK8).expect("P-256 key"),
                ES256PublicKey::from_bytes(&parts.p256_point).expect("P-256 public"),
            ),
            "ES384" => Keys::Es384(
                ES384KeyPair::from_der(support::P384_PK8).expect("P-384 key"),
                ES384PublicKey::from_bytes(&parts.p384_point).expect("P-384 public"),
            ),
            "EdDSA" => Keys::EdDsa(
                Ed25519KeyPair::from_der(support::ED25519_PK8).expect("Ed25519 key"),
                Ed25519PublicKey::from_bytes(&parts.ed25519).expect("Ed25519 public"),
            ),
            "ES512" => return None,
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
        Some(Peer {
            keys,
            options,
            claims,
        })
    }

    impl Peer {
        pub fn verify(&self, token: &str) -> JWTClaims<Scope> {
            let options = Some(self.options.clone());
            match &self.keys {
                Keys::Hs256(key) => key.verify_token::<Scope>(token, options),
                Keys::Hs512(key) => key.verify_token::<Scope>(token, options),
                Keys::Rs256(_, key) => key.verify_token::<Scope>(token, options),
                Keys::Ps256(_, key) => key.verify_token::<Scope>(token, options),
                Keys::Es256(_, key) => key.verify_token::<Scope>(token, options),
                Keys::Es384(_, key) => key.verify_token::<Scope>(token, options),
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
                Keys::Ps256(key, _) => key.sign(claims),
                Keys::Es256(key, _) => key.sign(claims),
                Keys::Es384(key, _) => key.sign(claims),
                Keys::EdDsa(key, _) => key.sign(claims),
            }
            .expect("signing succeeds")
        }
    }
}

/// jwt-ring with its keys made on `backend`: verifying the reference token (signed on the
/// default backend; the same key on either backend verifies it) and signing.
fn bench_jwt_ring(c: &mut Criterion, alg: &'static str, backend: Backend, token: &str) {
    let label = format!("jwt-ring@{backend}");
    let fixture = support::fixture_on(alg, backend, 0);
    let now = support::fixed_now();
    let verified = fixture
        .validator
        .verify_at::<Scope>(token, now)
        .expect("the reference token verifies");
    assert_eq!(verified.claims().custom.scope, support::SCOPE);
    bench_verify(c, alg, &label, token, |token| {
        fixture
            .validator
            .verify_at::<Scope>(token, now)
            .expect("verification succeeds")
    });
    let header = jwt_ring::Header::new();
    bench_sign(c, alg, &label, || {
        jwt_ring::encode(&header, black_box(&fixture.claims), &*fixture.signer)
            .expect("signing succeeds")
    });
}

fn main() {
    common::install_jsonwebtoken_provider(&jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER);
    let mut c = common::criterion();
    let parts = public_parts();
    let flat = support::flat_claims(0);
    for alg in ALGORITHMS {
        let token = reference_token(alg);
        for backend in [Backend::Ring, Backend::AwsLc] {
            if support::has(alg, backend) {
                bench_jwt_ring(&mut c, alg, backend, &token);
            }
        }

        common::bench_jsonwebtoken12(&mut c, alg, "jsonwebtoken12@aws_lc_rs", &parts, &token);

        if let Some(peer) = jsonwebtoken9::peer(alg, &parts) {
            let label = "jsonwebtoken9";
            assert_eq!(peer.verify(&token).sub, support::SUBJECT);
            bench_verify(&mut c, alg, label, &token, |token| peer.verify(token));
            bench_sign(&mut c, alg, label, || peer.sign(black_box(&flat)));
        }

        if let Some(peer) = jwt_simple_peer::peer(alg, &parts) {
            let label = jwt_simple_peer::LABEL;
            assert_eq!(peer.verify(&token).custom.scope, support::SCOPE);
            bench_verify(&mut c, alg, label, &token, |token| peer.verify(token));
            bench_sign(&mut c, alg, label, || peer.sign());
        }
    }
    c.final_summary();
}
