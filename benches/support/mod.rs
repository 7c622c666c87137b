//! Keys, claims and tokens shared by the benchmarks (ours, the allocation counter and the peers'
//! crate, which includes this file by path).
//!
//! Every key is built here, outside any timed loop. Every token is valid at [`FIXED_NOW`] *and*
//! until 2096 on the wall clock, so that the crates that cannot take an injected clock check the
//! same `exp`/`nbf` rules against real time.
#![allow(dead_code)]

use jwt_ring::time::OffsetDateTime;
use jwt_ring::{
    Backend, Claims, Header, NumericDate, Signer, Validator, ValidatorBuilder, Verifier, ecdsa,
    eddsa, encode, hmac, rsa,
};
use serde::{Deserialize, Serialize};

/// A 2048-bit RSA key, PKCS#8 DER (the integration tests' fixture).
pub const RSA2048_PK8: &[u8] = include_bytes!("../../tests/fixtures/rsa2048.pk8.der");
/// A P-256 key, PKCS#8 DER (the integration tests' fixture).
pub const P256_PK8: &[u8] = include_bytes!("../../tests/fixtures/p256.pk8.der");
/// A P-384 key, PKCS#8 DER (see benches/fixtures/README.md).
pub const P384_PK8: &[u8] = include_bytes!("../fixtures/p384.pk8");
/// A P-521 key, PKCS#8 DER (see benches/fixtures/README.md): ES512, on the aws-lc backend.
pub const P521_PK8: &[u8] = include_bytes!("../fixtures/p521.pk8");
/// An Ed25519 key, PKCS#8 v1 DER (see benches/fixtures/README.md).
pub const ED25519_PK8: &[u8] = include_bytes!("../fixtures/ed25519.pk8");
/// The HMAC secret: 64 bytes, enough for HS512.
pub const HMAC_SECRET: &[u8; 64] =
    b"benchmark secret, 64 bytes long, never used for anything real!!!";

/// The verifier's clock, in Unix seconds (2025-06-15).
pub const FIXED_NOW_UNIX: i64 = 1_750_000_000;
/// `iat` and `nbf` of every token (2023-11-14).
pub const ISSUED_AT: i64 = 1_700_000_000;
/// `exp` of every token (2096-10-02): valid on the wall clock too, for the peers.
pub const EXPIRES_AT: i64 = 4_000_000_000;

pub const ISSUER: &str = "https://issuer.example.com";
pub const AUDIENCE: &str = "https://api.example.com";
pub const SUBJECT: &str = "user-0123456789";
pub const JWT_ID: &str = "7c1e6f0a-3b9d-4e52-8a61-0f2d9c4b7e18";
pub const SCOPE: &str = "read:messages write:messages read:profile";

/// Every built-in algorithm, in the order the tables print them.
pub const ALGORITHMS: [&str; 12] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "EdDSA",
];

/// Every algorithm of either backend, in the order the tables print them: [`ALGORITHMS`] and
/// ES512, which only the aws-lc backend has.
pub const BACKEND_ALGORITHMS: [&str; 13] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "EdDSA",
];

/// Whether `backend` has `alg` in this build (ring has no ES512).
pub fn has(alg: &str, backend: Backend) -> bool {
    backend.is_enabled() && (alg != "ES512" || backend == Backend::AwsLc)
}

/// The verifier's clock as a date.
pub fn fixed_now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(FIXED_NOW_UNIX).expect("a valid date")
}

/// The custom claim, owned.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Scope {
    pub scope: String,
}

/// The custom claim, borrowed from the decoded payload.
#[derive(Debug, Deserialize)]
pub struct ScopeRef<'a> {
    #[serde(borrow)]
    pub scope: &'a str,
}

/// The whole claim set as one flat struct (for the floor and the peers' own claim types).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FlatClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    pub scope: String,
}

/// The standard claim set: 8 claims (iss, sub, aud, exp, nbf, iat, jti, scope). `padding`
/// lengthens `scope` to grow the payload.
pub fn claims(padding: usize) -> Claims<Scope> {
    let date = |unix| NumericDate::from_unix(unix).expect("a valid date");
    Claims::new(Scope {
        scope: scope(padding),
    })
    .with_issuer(ISSUER)
    .with_subject(SUBJECT)
    .with_audience(AUDIENCE)
    .with_expiry(date(EXPIRES_AT))
    .with_not_before(date(ISSUED_AT))
    .with_issued_at(date(ISSUED_AT))
    .with_jwt_id(JWT_ID)
}

/// The same claims as [`claims`], flat.
pub fn flat_claims(padding: usize) -> FlatClaims {
    FlatClaims {
        iss: ISSUER.to_owned(),
        sub: SUBJECT.to_owned(),
        aud: AUDIENCE.to_owned(),
        exp: EXPIRES_AT,
        nbf: ISSUED_AT,
        iat: ISSUED_AT,
        jti: JWT_ID.to_owned(),
        scope: scope(padding),
    }
}

fn scope(padding: usize) -> String {
    let mut scope = SCOPE.to_owned();
    while scope.len() < SCOPE.len() + padding {
        scope.push_str(" read:item");
    }
    scope
}

/// The scope padding that makes a payload of about `bytes` bytes.
pub fn padding_for_payload(bytes: usize) -> usize {
    let base = serde_json::to_vec(&claims(0))
        .expect("claims serialize")
        .len();
    bytes.saturating_sub(base)
}

/// A signer and its verifier for `alg` on the default backend, both built from the fixtures.
pub fn keys(alg: &str) -> (Box<dyn Signer>, Box<dyn Verifier>) {
    keys_on(alg, Backend::DEFAULT)
}

/// A signer and its verifier for `alg`, made on `backend` (both compute with it), from the
/// fixtures.
pub fn keys_on(alg: &str, backend: Backend) -> (Box<dyn Signer>, Box<dyn Verifier>) {
    fn pair<S, V>(signer: S, verifier: V) -> (Box<dyn Signer>, Box<dyn Verifier>)
    where
        S: Signer + 'static,
        V: Verifier + 'static,
    {
        (Box::new(signer), Box::new(verifier))
    }
    // Each key is asserted to compute on `backend`: a table row must not silently measure the
    // other one.
    let hmac_key = |algorithm: &'static hmac::Algorithm| {
        let algorithm = algorithm
            .on(backend)
            .expect("the backend has the algorithm");
        let key = hmac::Key::new(algorithm, HMAC_SECRET).expect("HMAC key");
        assert_eq!(key.backend(), backend);
        key
    };
    let rsa_key = |algorithm: &'static rsa::Algorithm| {
        let algorithm = algorithm
            .on(backend)
            .expect("the backend has the algorithm");
        let key = rsa::SigningKey::from_pkcs8(algorithm, RSA2048_PK8).expect("RSA key");
        assert_eq!(key.backend(), backend);
        key
    };
    let ec_key = |algorithm: &'static ecdsa::Algorithm, pkcs8| {
        let algorithm = algorithm
            .on(backend)
            .expect("the backend has the algorithm");
        let key = ecdsa::SigningKey::from_pkcs8(algorithm, pkcs8).expect("EC key");
        assert_eq!(key.backend(), backend);
        key
    };
    match alg {
        "HS256" => pair(hmac_key(&hmac::HS256), hmac_key(&hmac::HS256)),
        "HS384" => pair(hmac_key(&hmac::HS384), hmac_key(&hmac::HS384)),
        "HS512" => pair(hmac_key(&hmac::HS512), hmac_key(&hmac::HS512)),
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
            let algorithm = match alg {
                "RS256" => &rsa::RS256,
                "RS384" => &rsa::RS384,
                "RS512" => &rsa::RS512,
                "PS256" => &rsa::PS256,
                "PS384" => &rsa::PS384,
                _ => &rsa::PS512,
            };
            let key = rsa_key(algorithm);
            let verifying = key.verifying_key();
            pair(key, verifying)
        }
        "ES256" => {
            let key = ec_key(&ecdsa::ES256, P256_PK8);
            let verifying = key.verifying_key();
            pair(key, verifying)
        }
        "ES384" => {
            let key = ec_key(&ecdsa::ES384, P384_PK8);
            let verifying = key.verifying_key();
            pair(key, verifying)
        }
        #[cfg(feature = "aws-lc")]
        "ES512" => {
            let key = ec_key(&ecdsa::ES512, P521_PK8);
            let verifying = key.verifying_key();
            pair(key, verifying)
        }
        "EdDSA" => {
            let algorithm = eddsa::EDDSA
                .on(backend)
                .expect("the backend has the algorithm");
            let key =
                eddsa::SigningKey::from_pkcs8_for(algorithm, ED25519_PK8).expect("Ed25519 key");
            assert_eq!(key.backend(), backend);
            let verifying = key.verifying_key();
            pair(key, verifying)
        }
        other => panic!("no fixture for {other}"),
    }
}

/// A validator with the usual policy: one key, `iss` and `aud` required and checked, `exp`
/// required, `nbf`/`iat` checked when present, no leeway.
pub fn validator(verifier: Box<dyn Verifier>) -> ValidatorBuilder {
    Validator::builder()
        .key(verifier)
        .issuer(ISSUER)
        .audience(AUDIENCE)
}

/// Everything one algorithm's benchmarks need.
pub struct Fixture {
    pub alg: &'static str,
    pub signer: Box<dyn Signer>,
    pub validator: Validator,
    pub claims: Claims<Scope>,
    pub token: String,
}

impl Fixture {
    /// Times our verification of the fixture's token as the benchmark `name`.
    pub fn bench_verify(&self, c: &mut criterion::Criterion, name: &str) {
        let now = fixed_now();
        c.bench_function(name, |b| {
            b.iter(|| {
                let token = self
                    .validator
                    .verify_at::<Scope>(std::hint::black_box(&self.token), now)
                    .expect("verification succeeds");
                std::hint::black_box(token)
            });
        });
    }

    /// Times our signing of the fixture's claims as the benchmark `name`.
    pub fn bench_sign(&self, c: &mut criterion::Criterion, name: &str) {
        let header = Header::new();
        c.bench_function(name, |b| {
            b.iter(|| {
                let token = encode(&header, std::hint::black_box(&self.claims), &*self.signer)
                    .expect("signing succeeds");
                std::hint::black_box(token)
            });
        });
    }
}

/// The fixture for `alg` on the default backend, with the standard claims (`padding` 0) or grown
/// ones.
pub fn fixture(alg: &'static str, padding: usize) -> Fixture {
    fixture_on(alg, Backend::DEFAULT, padding)
}

/// The fixture for `alg` with its keys made on `backend`.
pub fn fixture_on(alg: &'static str, backend: Backend, padding: usize) -> Fixture {
    let (signer, verifier) = keys_on(alg, backend);
    let claims = claims(padding);
    let token = encode(&Header::new(), &claims, &*signer).expect("token signs");
    let validator = validator(verifier)
        .max_token_len(token.len().max(jwt_ring::DEFAULT_MAX_TOKEN_LEN))
        .build()
        .expect("validator builds");
    let verified = validator
        .verify_at::<Scope>(&token, fixed_now())
        .expect("the fixture verifies");
    assert_eq!(verified.claims().custom.scope, claims.custom.scope);
    Fixture {
        alg,
        signer,
        validator,
        claims,
        token,
    }
}
