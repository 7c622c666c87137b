//! What the two peer bench binaries share: the fixtures (benches/support), the keys' public
//! halves, jsonwebtoken's peer (for either major version), the bench helpers and the criterion
//! configuration. Each binary uses a part of it.

use std::hint::black_box;
use std::time::Duration;

use base64::Engine as _;
use criterion::Criterion;
use jwt_ring::Backend;
use ring::signature::KeyPair as _;

#[path = "../../../support/mod.rs"]
pub mod support;

use support::Scope;

/// The groups every crate is measured on, where it has the algorithm (only jwt-ring on aws-lc
/// has ES512).
pub const ALGORITHMS: [&str; 8] = [
    "HS256", "HS512", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA",
];

/// The configuration of both binaries, as the root crate's `backends` bench: 1 s warm-up and
/// 3 s measurement (command-line options override them).
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
}

/// Installs `provider` as jsonwebtoken 12's process-wide crypto provider. Both of its provider
/// features are enabled in this build, so it would pick none by itself (and panic at the first
/// `encode`/`decode`), and it can be installed only once per process: hence one bench binary
/// per provider.
pub fn install_jsonwebtoken_provider(provider: &'static jsonwebtoken::crypto::CryptoProvider) {
    provider
        .install_default()
        .expect("the first and only provider installed in this process");
    let installed =
        jsonwebtoken::crypto::CryptoProvider::try_get_default().expect("a provider is installed");
    assert!(std::ptr::eq(installed, provider));
}

/// The token every verifier checks for `alg`: jwt-ring's, signed on the default backend (on
/// aws-lc for ES512, which ring lacks), so that every crate verifies the very same bytes.
pub fn reference_token(alg: &'static str) -> String {
    let backend = if support::has(alg, Backend::DEFAULT) {
        Backend::DEFAULT
    } else {
        Backend::AwsLc
    };
    support::fixture_on(alg, backend, 0).token
}

/// Measures `verify` on `token` as `verify/{alg}/{label}`.
pub fn bench_verify<T>(
    c: &mut Criterion,
    alg: &str,
    label: &str,
    token: &str,
    verify: impl Fn(&str) -> T,
) {
    c.bench_function(&format!("verify/{alg}/{label}"), |b| {
        b.iter(|| black_box(verify(black_box(token))));
    });
}

/// Measures `sign` as `sign/{alg}/{label}`, after checking that jwt-ring's validator (on the
/// default backend, or aws-lc for ES512) accepts what it signs: the same claims, the same key.
pub fn bench_sign(c: &mut Criterion, alg: &'static str, label: &str, sign: impl Fn() -> String) {
    let backend = if support::has(alg, Backend::DEFAULT) {
        Backend::DEFAULT
    } else {
        Backend::AwsLc
    };
    let fixture = support::fixture_on(alg, backend, 0);
    let verified = fixture
        .validator
        .verify_at::<Scope>(&sign(), support::fixed_now())
        .unwrap_or_else(|error| panic!("{label}'s {alg} token is refused: {error}"));
    assert_eq!(verified.claims().custom.scope, support::SCOPE);
    c.bench_function(&format!("sign/{alg}/{label}"), |b| {
        b.iter(|| black_box(sign()));
    });
}

pub fn pem(label: &str, der: &[u8]) -> String {
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
pub struct PublicParts {
    pub rsa_n: Vec<u8>,
    pub rsa_e: Vec<u8>,
    pub p256_point: Vec<u8>,
    pub p384_point: Vec<u8>,
    pub ed25519: Vec<u8>,
}

pub fn public_parts() -> PublicParts {
    let rsa = ring::signature::RsaKeyPair::from_pkcs8(support::RSA2048_PK8).expect("RSA key");
    let components = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(rsa.public());
    let rng = ring::rand::SystemRandom::new();
    let point = |algorithm, pkcs8| {
        ring::signature::EcdsaKeyPair::from_pkcs8(algorithm, pkcs8, &rng)
            .expect("EC key")
            .public_key()
            .as_ref()
            .to_vec()
    };
    let ed = ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(support::ED25519_PK8)
        .expect("Ed25519 key");
    PublicParts {
        rsa_n: components.n,
        rsa_e: components.e,
        p256_point: point(
            &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            support::P256_PK8,
        ),
        p384_point: point(
            &ring::signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            support::P384_PK8,
        ),
        ed25519: ed.public_key().as_ref().to_vec(),
    }
}

/// A module `$module` with jsonwebtoken's peer, for the jsonwebtoken crate (major version)
/// named `$crate_name`, in a bench crate with this module at its root as `common`; `$from_secret` adapts `from_secret` to its signature (a `Result` since
/// version 12).
macro_rules! jsonwebtoken_peer {
    ($module:ident, $crate_name:ident, |$secret:ident| $from_secret:expr) => {
        pub mod $module {
            use ::$crate_name::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

            use crate::common::support::{self, FlatClaims};
            use crate::common::{PublicParts, pem};

            pub struct Peer {
                encoding: EncodingKey,
                decoding: DecodingKey,
                header: Header,
                validation: Validation,
            }

            /// The peer for `alg`, or `None` when the crate lacks it (ES512).
            pub fn peer(alg: &str, parts: &PublicParts) -> Option<Peer> {
                let rsa = || {
                    EncodingKey::from_rsa_pem(pem("PRIVATE KEY", support::RSA2048_PK8).as_bytes())
                        .expect("RSA PEM")
                };
                let rsa_public =
                    || DecodingKey::from_rsa_raw_components(&parts.rsa_n, &parts.rsa_e);
                let (algorithm, encoding, decoding) = match alg {
                    "HS256" | "HS512" => {
                        let $secret: &[u8] = support::HMAC_SECRET;
                        let (encoding, decoding) = $from_secret;
                        let algorithm = if alg == "HS256" {
                            Algorithm::HS256
                        } else {
                            Algorithm::HS512
                        };
                        (algorithm, encoding, decoding)
                    }
                    "RS256" => (Algorithm::RS256, rsa(), rsa_public()),
                    "PS256" => (Algorithm::PS256, rsa(), rsa_public()),
                    "ES256" => (
                        Algorithm::ES256,
                        EncodingKey::from_ec_der(support::P256_PK8),
                        DecodingKey::from_ec_der(&parts.p256_point),
                    ),
                    "ES384" => (
                        Algorithm::ES384,
                        EncodingKey::from_ec_der(support::P384_PK8),
                        DecodingKey::from_ec_der(&parts.p384_point),
                    ),
                    "EdDSA" => (
                        Algorithm::EdDSA,
                        EncodingKey::from_ed_der(support::ED25519_PK8),
                        DecodingKey::from_ed_der(&parts.ed25519),
                    ),
                    "ES512" => return None,
                    other => panic!("no peer key for {other}"),
                };
                let mut validation = Validation::new(algorithm);
                validation.leeway = 0;
                validation.validate_exp = true;
                validation.validate_nbf = true;
                validation.set_issuer(&[support::ISSUER]);
                validation.set_audience(&[support::AUDIENCE]);
                validation.set_required_spec_claims(&["exp", "iss", "aud"]);
                Some(Peer {
                    encoding,
                    decoding,
                    header: Header::new(algorithm),
                    validation,
                })
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

// For jsonwebtoken 9 in peers.rs (peers_rust_crypto.rs has no use for it).
#[allow(unused_imports)]
pub(crate) use jsonwebtoken_peer;

jsonwebtoken_peer!(jsonwebtoken12, jsonwebtoken, |secret| (
    EncodingKey::from_secret(secret).expect("HMAC key"),
    DecodingKey::from_secret(secret).expect("HMAC key"),
));

/// Measures jsonwebtoken 12 on `alg` with the provider this process installed, as
/// `{verify,sign}/{alg}/{label}`; nothing for ES512, which it lacks.
pub fn bench_jsonwebtoken12(
    c: &mut Criterion,
    alg: &'static str,
    label: &str,
    parts: &PublicParts,
    token: &str,
) {
    let Some(peer) = jsonwebtoken12::peer(alg, parts) else {
        return;
    };
    let flat = support::flat_claims(0);
    assert_eq!(peer.verify(token).sub, support::SUBJECT);
    bench_verify(c, alg, label, token, |token| peer.verify(token));
    bench_sign(c, alg, label, || peer.sign(black_box(&flat)));
}
