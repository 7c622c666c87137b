//! The DPoP benchmarks' keys, proofs and validators, shared by the timed bench (`dpop.rs`) and
//! the instruction counter (`instructions.rs`), so that both measure the same work. Everything
//! is built here, outside any measured loop; clocks are fixed.
#![allow(dead_code)]

use jwt_ring::oauth::dpop::{DpopKey, DpopRequest, DpopVerifier, ProofOptions};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, Confirmation};
use jwt_ring::time::OffsetDateTime;
use jwt_ring::{Claims, Header, NoCustomClaims, Validator, ecdsa, encode};

pub const URI: &str = "https://api.example.com/v1/messages?page=2";
pub const TOKEN: &str = "an-access-token-of-some-forty-characters";
pub const NOW_UNIX: i64 = 1_750_000_000;
const ISSUER: &str = "https://issuer.example.com";
const AUDIENCE: &str = "https://api.example.com";

pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW_UNIX).expect("fixed clock")
}

/// A proof for `GET URI`, bound to `access_token`.
pub fn proof_for(key: &DpopKey, access_token: &str) -> String {
    key.proof_at(
        "GET",
        URI,
        &ProofOptions::new().access_token(access_token),
        now(),
    )
    .expect("minting succeeds")
}

/// The request a resource server sees: `GET URI` with `proof` and `access_token`.
pub fn request<'a>(proof: &'a str, access_token: &'a str) -> DpopRequest<'a> {
    DpopRequest::new("GET", URI)
        .proof_headers([proof.as_bytes()])
        .access_token(access_token)
}

/// One proof for the opaque [`TOKEN`], and a plain ES256 JWT of at least its length with the
/// validator that accepts it.
pub struct ProofFixture {
    pub key: DpopKey,
    pub verifier: DpopVerifier,
    pub proof: String,
    pub public_jwk: String,
    pub plain_token: String,
    pub plain_validator: Validator,
}

pub fn proof_fixture() -> ProofFixture {
    let key = DpopKey::generate("ES256").expect("key");
    let proof = proof_for(&key, TOKEN);
    let (signing, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).expect("key");
    let mut claims = Claims::new(NoCustomClaims {})
        .with_issuer(ISSUER)
        .with_audience(AUDIENCE)
        .with_subject("user-0123456789")
        .valid_for(now(), jwt_ring::time::Duration::hours(1));
    let mut plain_token = encode(&Header::new(), &claims, &signing).expect("signing");
    let mut padding = String::new();
    while plain_token.len() < proof.len() {
        padding.push('x');
        claims = claims.with_jwt_id(padding.as_str());
        plain_token = encode(&Header::new(), &claims, &signing).expect("signing");
    }
    let plain_validator = Validator::builder()
        .key(signing.verifying_key())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build()
        .expect("validator");
    ProofFixture {
        public_jwk: key.public_jwk().to_json(),
        verifier: DpopVerifier::builder().build().expect("verifier"),
        key,
        proof,
        plain_token,
        plain_validator,
    }
}

/// A whole DPoP request: an RFC 9068 access token bound (`cnf.jkt`) to a proof key, `pool`
/// distinct proofs for it (each is accepted once), and the two plain validators that check
/// the same two signatures without DPoP (the proof as a `dpop+jwt` JWT, the token).
pub struct RequestFixture {
    pub token: String,
    pub verifier: DpopVerifier,
    pub access: AccessTokenValidator,
    pub proofs: Vec<String>,
    pub proof_as_jwt: Validator,
    pub plain_access: Validator,
}

pub fn request_fixture(pool: usize) -> RequestFixture {
    let key = DpopKey::generate("ES256").expect("key");
    let (as_key, _) = ecdsa::SigningKey::generate(&ecdsa::ES256).expect("key");
    let mut custom = AccessTokenClaims::new("client-0123456789", NoCustomClaims {})
        .with_scope("orders:read orders:write".parse().expect("scope"));
    custom.cnf = Some(Confirmation {
        jkt: Some(key.thumbprint().to_owned()),
        x5t_s256: None,
    });
    let claims = Claims::new(custom)
        .with_issuer(ISSUER)
        .with_audience(AUDIENCE)
        .with_subject("user-0123456789")
        .with_issued_at(now().into())
        .with_jwt_id("at-0123456789")
        .valid_for(now(), jwt_ring::time::Duration::hours(1));
    let token = encode(&Header::new().with_typ("at+jwt"), &claims, &as_key).expect("signing");
    let access = AccessTokenValidator::builder(ISSUER, AUDIENCE)
        .key(as_key.verifying_key())
        .build()
        .expect("validator");
    let proof_as_jwt = Validator::builder()
        .key(
            ecdsa::VerifyingKey::from_uncompressed_point(&ecdsa::ES256, &jwk_point(&key))
                .expect("the proof key"),
        )
        .typ("dpop+jwt")
        .allow_missing_expiry()
        .build()
        .expect("validator");
    let plain_access = Validator::builder()
        .key(as_key.verifying_key())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build()
        .expect("validator");
    RequestFixture {
        proofs: (0..pool).map(|_| proof_for(&key, &token)).collect(),
        verifier: DpopVerifier::builder().build().expect("verifier"),
        token,
        access,
        proof_as_jwt,
        plain_access,
    }
}

/// The uncompressed point of a DPoP key's public JWK.
fn jwk_point(key: &DpopKey) -> Vec<u8> {
    let jwk: serde_json::Value = serde_json::from_str(&key.public_jwk().to_json()).expect("a JWK");
    let decode = |member: &str| {
        base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            jwk[member].as_str().expect("a coordinate"),
        )
        .expect("base64url")
    };
    let mut point = vec![0x04];
    point.extend(decode("x"));
    point.extend(decode("y"));
    point
}
