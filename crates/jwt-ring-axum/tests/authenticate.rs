//! `ResourceServer::authenticate` and the two tower services, without a network: tokens minted
//! here with a local key, proofs remembered in memory.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::response::Response;
use jwt_ring::ecdsa::{self, SigningKey};
use jwt_ring::oauth::bearer::AuthScheme;
use jwt_ring::oauth::dpop::{DpopKey, DpopVerifier, NonceIssuer, ProofOptions};
use jwt_ring::oauth::{AccessTokenClaims, AccessTokenValidator, Confirmation, ScopeRequirement};
use jwt_ring::replay::MemoryReplayStore;
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, encode};
use jwt_ring_axum::{DpopSettings, Refusal, ResourceServer, require_scopes};
use tower_layer::Layer;
use tower_service::Service;

const ISSUER: &str = "https://as.example";
const RESOURCE: &str = "https://api.example";
const ORIGIN: &str = "https://api.example";
const PATH: &str = "/orders";

struct Issuer {
    key: SigningKey,
}

impl Issuer {
    fn new() -> Self {
        let (key, _) = SigningKey::generate(&ecdsa::ES256).unwrap();
        Self { key }
    }

    fn server(&self) -> ResourceServer {
        let validator = AccessTokenValidator::builder(ISSUER, RESOURCE)
            .key(self.key.verifying_key())
            .build()
            .unwrap();
        ResourceServer::new(validator).realm("orders")
    }

    /// An access token, bound to `jkt` when given.
    fn token(&self, jkt: Option<&str>) -> String {
        let now = OffsetDateTime::now_utc();
        let mut custom = AccessTokenClaims::new("client-1", NoCustomClaims {});
        custom.cnf = jkt.map(|jkt| Confirmation {
            jkt: Some(jkt.to_owned()),
            x5t_s256: None,
        });
        let claims = Claims::new(custom)
            .with_issuer(ISSUER)
            .with_audience(RESOURCE)
            .with_subject("alice")
            .with_issued_at(now.into())
            .with_jwt_id(format!("at-{}", now.unix_timestamp_nanos()))
            .valid_for(now, Duration::minutes(5));
        encode(&Header::new().with_typ("at+jwt"), &claims, &self.key).unwrap()
    }
}

fn settings(verifier: DpopVerifier) -> DpopSettings {
    DpopSettings::new(verifier, Arc::new(MemoryReplayStore::default()), ORIGIN)
}

fn headers(authorization: &str, proof: Option<&str>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_str(authorization).unwrap(),
    );
    if let Some(proof) = proof {
        headers.insert("dpop", HeaderValue::from_str(proof).unwrap());
    }
    headers
}

async fn authenticate(server: &ResourceServer, headers: &HeaderMap) -> Result<AuthScheme, Refusal> {
    let uri: Uri = PATH.parse().unwrap();
    server
        .authenticate(&Method::GET, &uri, headers)
        .await
        .map(|(token, scheme)| {
            assert_eq!(token.claims().registered.sub(), Some("alice"));
            scheme
        })
}

#[tokio::test]
async fn required_dpop_refuses_bearer_tokens_and_optional_dpop_accepts_them() {
    let issuer = Issuer::new();
    let bearer = headers(&format!("Bearer {}", issuer.token(None)), None);
    let verifier = || DpopVerifier::builder().build().unwrap();

    let optional = issuer.server().with_dpop(settings(verifier()));
    assert_eq!(
        authenticate(&optional, &bearer).await.unwrap(),
        AuthScheme::Bearer
    );

    let required = issuer.server().with_dpop(settings(verifier()).required());
    let refusal = authenticate(&required, &bearer).await.unwrap_err();
    assert_eq!(refusal.status(), 401);
    assert_eq!(refusal.challenges().len(), 1, "{:?}", refusal.challenges());
    let challenge = &refusal.challenges()[0];
    assert!(challenge.starts_with("DPoP "), "{challenge}");
    assert!(challenge.contains(r#"realm="orders""#), "{challenge}");
    assert_eq!(refusal.dpop_nonce(), None);

    // Without credentials, a server that accepts both schemes offers both.
    let refusal = authenticate(&optional, &HeaderMap::new())
        .await
        .unwrap_err();
    assert_eq!(refusal.status(), 401);
    let schemes: Vec<&str> = refusal
        .challenges()
        .iter()
        .map(|challenge| challenge.split(' ').next().unwrap_or_default())
        .collect();
    assert_eq!(schemes, ["Bearer", "DPoP"]);
}

#[tokio::test]
async fn a_proof_without_the_server_nonce_is_answered_with_one() {
    let issuer = Issuer::new();
    let nonces = NonceIssuer::new(&[7u8; 32], Duration::minutes(1)).unwrap();
    let verifier = DpopVerifier::builder().nonces(nonces).build().unwrap();
    let server = issuer.server().with_dpop(settings(verifier));
    let key = DpopKey::generate("ES256").unwrap();
    let token = issuer.token(Some(key.thumbprint()));
    let htu = format!("{ORIGIN}{PATH}");

    let proof = key
        .proof("GET", &htu, &ProofOptions::new().access_token(&token))
        .unwrap();
    let refusal = authenticate(&server, &headers(&format!("DPoP {token}"), Some(&proof)))
        .await
        .unwrap_err();
    assert_eq!(refusal.status(), 401);
    let nonce = refusal.dpop_nonce().expect("a fresh nonce").to_owned();
    assert!(!nonce.is_empty());
    assert_eq!(refusal.challenges().len(), 1);
    assert!(
        refusal.challenges()[0].contains(r#"error="use_dpop_nonce""#),
        "{:?}",
        refusal.challenges()
    );

    let proof = key
        .proof(
            "GET",
            &htu,
            &ProofOptions::new().access_token(&token).nonce(&nonce),
        )
        .unwrap();
    let scheme = authenticate(&server, &headers(&format!("DPoP {token}"), Some(&proof)))
        .await
        .unwrap();
    assert_eq!(scheme, AuthScheme::Dpop);
}

#[tokio::test]
async fn debug_output_names_settings_and_claims_but_no_secret() {
    let issuer = Issuer::new();
    let settings = settings(DpopVerifier::builder().build().unwrap()).required();
    let debug = format!("{settings:?}");
    assert!(debug.contains("required: true"), "{debug}");
    assert!(debug.contains(ORIGIN), "{debug}");

    let server = issuer.server();
    let debug = format!("{server:?}");
    assert!(debug.contains("ResourceServer"), "{debug}");
    assert!(debug.contains("deny_revoked: false"), "{debug}");
    let token = issuer.token(None);
    let uri: Uri = PATH.parse().unwrap();
    let (access, _) = server
        .authenticate(
            &Method::GET,
            &uri,
            &headers(&format!("Bearer {token}"), None),
        )
        .await
        .unwrap();
    let debug = format!("{access:?}");
    assert!(debug.starts_with("AccessToken("), "{debug}");
    assert!(debug.contains("alice"), "{debug}");
}

/// A service that is never ready: the layers must pass that on, not claim readiness.
#[derive(Clone)]
struct NeverReady;

impl Service<Request> for NeverReady {
    type Response = Response;
    type Error = Infallible;
    type Future = Ready<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Pending
    }

    fn call(&mut self, _: Request) -> Self::Future {
        ready(Ok(Response::new(Body::empty())))
    }
}

#[test]
fn the_layers_are_ready_only_when_the_inner_service_is() {
    let mut context = Context::from_waker(Waker::noop());
    let server = Issuer::new().server();
    let mut bearer = server.layer().layer(NeverReady);
    assert!(bearer.poll_ready(&mut context).is_pending());
    let mut scopes = require_scopes(ScopeRequirement::all(["orders:read"])).layer(NeverReady);
    assert!(scopes.poll_ready(&mut context).is_pending());
}
