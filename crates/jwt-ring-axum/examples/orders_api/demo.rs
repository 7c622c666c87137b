//! The demo mode: an issuer in this process on loopback (OpenID Connect Discovery and a JWK Set
//! over real HTTP, an ES256 key), the orders API in front of it, and four ready-to-paste `curl`
//! commands, each with the answer it gets.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use jwt_ring::ecdsa::{ES256, SigningKey};
use jwt_ring::oauth::dpop::{DpopKey, DpopVerifier, ProofOptions};
use jwt_ring::oauth::{AccessTokenClaims, Confirmation, MemoryReplayStore};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{Claims, Header, NoCustomClaims, encode};
use jwt_ring_axum::DpopSettings;
use jwt_ring_http::HttpOptions;
use tokio::net::TcpListener;

use super::{RESOURCE, app, resource_server};

/// How long a printed DPoP proof stays usable: long enough to paste it (RFC 9449 leaves the
/// window to the server; the library's default is 60 s).
const PROOF_WINDOW: Duration = Duration::minutes(10);

/// One request the demo prints, and the status it gets.
pub struct DemoRequest {
    /// What the request shows.
    pub label: &'static str,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// The request headers.
    pub headers: Vec<(&'static str, String)>,
    /// The status the API answers with.
    pub status: u16,
}

impl DemoRequest {
    /// The request as a `curl` command line.
    pub fn curl(&self) -> String {
        let mut line = String::from("curl -i");
        if self.method != "GET" {
            let _ = write!(line, " -X {}", self.method);
        }
        for (name, value) in &self.headers {
            let _ = write!(line, " -H '{name}: {value}'");
        }
        let _ = write!(line, " {}", self.url);
        line
    }
}

/// The running demo: the API's address and the requests to try.
pub struct Demo {
    /// The API's base URL.
    pub api: String,
    /// The issuer's URL.
    pub issuer: String,
    /// The requests, in the order printed.
    pub requests: Vec<DemoRequest>,
}

/// Starts the issuer and the API (listening on `bind`, `127.0.0.1:0` for any free port), mints
/// the tokens and proofs, and returns the requests to print. Both servers run until the
/// runtime stops.
pub async fn start(bind: &str) -> Result<Demo, Box<dyn std::error::Error>> {
    let key = SigningKey::generate(&ES256)?.0.with_key_id("demo-es256");
    let issuer_listener = TcpListener::bind("127.0.0.1:0").await?;
    let issuer = format!("http://{}", issuer_listener.local_addr()?);
    let metadata = format!(r#"{{"issuer":"{issuer}","jwks_uri":"{issuer}/jwks"}}"#);
    let jwks = format!(r#"{{"keys":[{}]}}"#, key.verifying_key().to_jwk().to_json());
    let json = || [(header::CONTENT_TYPE, "application/json")];
    let issuer_app = Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move { (json(), metadata) }),
        )
        .route("/jwks", get(move || async move { (json(), jwks) }));
    tokio::spawn(async move { axum::serve(issuer_listener, issuer_app).await });

    let api_listener = TcpListener::bind(bind).await?;
    let api = format!("http://{}", api_listener.local_addr()?);
    let verifier = DpopVerifier::builder().max_age(PROOF_WINDOW).build()?;
    let dpop = DpopSettings::new(
        verifier,
        Arc::new(MemoryReplayStore::default()),
        api.as_str(),
    );
    // The demo issuer is on loopback, over plain http: allowed for this demo only.
    let http = HttpOptions::default().allow_loopback_http();
    let server = resource_server(&issuer, RESOURCE, http)
        .await?
        .with_dpop(dpop);
    let api_app = app(&server);
    tokio::spawn(async move { axum::serve(api_listener, api_app).await });

    let now = OffsetDateTime::now_utc();
    let mint = |scope: &str, issued: OffsetDateTime, jkt: Option<&str>| {
        let mut custom =
            AccessTokenClaims::new("demo-client", NoCustomClaims {}).with_scope(scope.parse()?);
        custom.cnf = jkt.map(|jkt| Confirmation {
            jkt: Some(jkt.to_owned()),
            x5t_s256: None,
        });
        let claims = Claims::new(custom)
            .with_issuer(issuer.as_str())
            .with_audience(RESOURCE)
            .with_subject("alice")
            .with_jwt_id(format!("demo-{}", issued.unix_timestamp_nanos()))
            .valid_for(issued, Duration::hours(1));
        Ok::<_, Box<dyn std::error::Error>>(encode(
            &Header::new().with_typ("at+jwt"),
            &claims,
            &key,
        )?)
    };
    let orders = format!("{api}/orders");
    let bearer = |token: String| vec![("Authorization", format!("Bearer {token}"))];
    let dpop_key = DpopKey::generate("ES256")?;
    let bound = mint("orders:read", now, Some(dpop_key.thumbprint()))?;
    let proof = dpop_key.proof("GET", &orders, &ProofOptions::new().access_token(&bound))?;
    let requests = vec![
        DemoRequest {
            label: "a valid token with orders:read",
            method: "GET",
            url: orders.clone(),
            headers: bearer(mint("orders:read", now, None)?),
            status: 200,
        },
        DemoRequest {
            label: "a valid token without orders:write, placing an order (insufficient_scope)",
            method: "POST",
            url: format!("{api}/orders/new"),
            headers: bearer(mint("orders:read", now, None)?),
            status: 403,
        },
        DemoRequest {
            label: "an expired token (invalid_token)",
            method: "GET",
            url: orders.clone(),
            headers: bearer(mint("orders:read", now - Duration::hours(2), None)?),
            status: 401,
        },
        DemoRequest {
            label: "a DPoP-bound token with its proof (usable once, within 10 minutes)",
            method: "GET",
            url: orders,
            headers: vec![("Authorization", format!("DPoP {bound}")), ("DPoP", proof)],
            status: 200,
        },
    ];
    Ok(Demo {
        api,
        issuer,
        requests,
    })
}

/// The text the demo prints: where things are, then each request with its expected answer.
pub fn banner(demo: &Demo) -> String {
    let mut text = format!(
        "orders API on {} (demo mode: issuer in this process at {})\n",
        demo.api, demo.issuer
    );
    for request in &demo.requests {
        let _ = write!(
            text,
            "\n# {} -> {}\n{}\n",
            request.label,
            request.status,
            request.curl()
        );
    }
    text
}
