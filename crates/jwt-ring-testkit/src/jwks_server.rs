//! A discovery and JWK Set server on loopback whose behaviour tests change at runtime.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

use crate::Error;

/// The JWK Set's path on the server.
const JWKS_PATH: &str = "/jwks";
const OPENID_SUFFIX: &str = "/.well-known/openid-configuration";
const OAUTH_PREFIX: &str = "/.well-known/oauth-authorization-server";

/// What a request asked for, for the per-endpoint counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `/jwks`.
    Jwks,
    /// OpenID Connect Discovery: `{issuer}/.well-known/openid-configuration`.
    OpenidConfiguration,
    /// RFC 8414 metadata: `/.well-known/oauth-authorization-server{issuer path}` (§3.1).
    OauthAuthorizationServer,
    /// Anything else (answered 404), including a discovery URL built the wrong way.
    Other,
}

impl Endpoint {
    fn index(self) -> usize {
        match self {
            Self::Jwks => 0,
            Self::OpenidConfiguration => 1,
            Self::OauthAuthorizationServer => 2,
            Self::Other => 3,
        }
    }
}

/// A programmable HTTP server on `http://127.0.0.1:PORT` for the failure modes a real
/// authorization server cannot be made to show: errors, slow or oversized answers, malformed
/// JSON, `ETag` revalidation, outages. Stops when dropped.
///
/// By default `/jwks` answers `200` with `{"keys":[]}` (`application/jwk-set+json`), and both
/// discovery documents announce the issuer `http://127.0.0.1:PORT` and its `/jwks`.
///
/// # Examples
///
/// ```
/// use jwt_ring_testkit::{Endpoint, JwksServer};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let server = JwksServer::start().await?;
/// server.set_jwks(r#"{"keys":[]}"#);
/// server.set_etag(Some("\"v1\""));
///
/// let body = reqwest::get(server.jwks_uri()).await?.text().await?;
/// assert_eq!(body, r#"{"keys":[]}"#);
/// assert_eq!(server.hits(Endpoint::Jwks), 1);
///
/// server.down().await;
/// assert!(reqwest::get(server.jwks_uri()).await.is_err());
/// server.up().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct JwksServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    running: Mutex<Option<Running>>,
}

/// What tests configure and what the handler reads.
#[derive(Debug)]
struct Shared {
    behaviour: Mutex<Behaviour>,
    hits: [AtomicUsize; 4],
    not_modified: AtomicUsize,
    last_headers: Mutex<HashMap<Endpoint, HeaderMap>>,
    /// Wakes delayed handlers when the server goes down.
    closing: Notify,
    base_url: String,
}

#[derive(Clone, Debug)]
struct Behaviour {
    issuer_path: String,
    metadata_issuer: Option<String>,
    metadata_jwks_uri: Option<String>,
    metadata_status: u16,
    metadata_body: Option<Vec<u8>>,
    metadata_delay: Duration,
    jwks_status: u16,
    jwks_body: Vec<u8>,
    jwks_headers: Vec<(String, String)>,
    etag: Option<String>,
    jwks_delay: Duration,
}

#[derive(Debug)]
struct Running {
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl JwksServer {
    /// Starts the server on a free loopback port.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when no loopback socket can be bound.
    pub async fn start() -> Result<Self, Error> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            behaviour: Mutex::new(Behaviour {
                issuer_path: String::new(),
                metadata_issuer: None,
                metadata_jwks_uri: None,
                metadata_status: 200,
                metadata_body: None,
                metadata_delay: Duration::ZERO,
                jwks_status: 200,
                jwks_body: br#"{"keys":[]}"#.to_vec(),
                jwks_headers: vec![(
                    header::CONTENT_TYPE.as_str().to_owned(),
                    "application/jwk-set+json".to_owned(),
                )],
                etag: None,
                jwks_delay: Duration::ZERO,
            }),
            hits: Default::default(),
            not_modified: AtomicUsize::new(0),
            last_headers: Mutex::new(HashMap::new()),
            closing: Notify::new(),
            base_url: format!("http://{addr}"),
        });
        let running = serve(listener, Arc::clone(&shared));
        Ok(Self {
            shared,
            addr,
            running: Mutex::new(Some(running)),
        })
    }

    /// The socket address, `127.0.0.1:PORT`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// `base_url` followed by `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.shared.base_url)
    }

    /// The issuer the metadata belongs to: the base URL plus the issuer path, if any.
    pub fn issuer(&self) -> String {
        format!("{}{}", self.shared.base_url, self.lock().issuer_path)
    }

    /// The URL of the JWK Set, `http://127.0.0.1:PORT/jwks`.
    pub fn jwks_uri(&self) -> String {
        self.url(JWKS_PATH)
    }

    /// Where OpenID Connect Discovery finds the metadata: `{issuer}/.well-known/openid-configuration`.
    pub fn openid_configuration_url(&self) -> String {
        format!("{}{OPENID_SUFFIX}", self.issuer())
    }

    /// Where RFC 8414 finds the metadata: the well-known suffix inserted between the host and
    /// the issuer's path (§3.1).
    pub fn oauth_metadata_url(&self) -> String {
        self.url(&format!("{OAUTH_PREFIX}{}", self.lock().issuer_path))
    }

    /// Gives the issuer a path (`"/tenant-a"`; `""` for none). The metadata then answers only at
    /// the URLs that [`openid_configuration_url`](Self::openid_configuration_url) and
    /// [`oauth_metadata_url`](Self::oauth_metadata_url) return.
    pub fn set_issuer_path(&self, path: &str) {
        self.lock().issuer_path = path.trim_end_matches('/').to_owned();
    }

    /// Makes the metadata announce another `issuer` (`None`: the true one), for mismatch tests.
    pub fn set_metadata_issuer(&self, issuer: Option<&str>) {
        self.lock().metadata_issuer = issuer.map(str::to_owned);
    }

    /// Makes the metadata announce another `jwks_uri` (`None`: this server's `/jwks`).
    pub fn set_metadata_jwks_uri(&self, jwks_uri: Option<&str>) {
        self.lock().metadata_jwks_uri = jwks_uri.map(str::to_owned);
    }

    /// The HTTP status of both metadata documents (200 by default).
    pub fn set_metadata_status(&self, status: u16) {
        self.lock().metadata_status = status;
    }

    /// Replaces the metadata document with these bytes (`None`: the generated JSON).
    pub fn set_metadata_body(&self, body: Option<&str>) {
        self.lock().metadata_body = body.map(|body| body.as_bytes().to_vec());
    }

    /// Delays every metadata answer by `delay`.
    pub fn set_metadata_delay(&self, delay: Duration) {
        self.lock().metadata_delay = delay;
    }

    /// Serves `json` at `/jwks` with status 200.
    pub fn set_jwks(&self, json: &str) {
        let mut behaviour = self.lock();
        behaviour.jwks_status = 200;
        behaviour.jwks_body = json.as_bytes().to_vec();
    }

    /// Serves these exact bytes at `/jwks`, keeping the status.
    pub fn set_jwks_body(&self, body: impl Into<Vec<u8>>) {
        self.lock().jwks_body = body.into();
    }

    /// Serves a JWK Set that is not JSON (a truncated document), with status 200.
    pub fn set_malformed_jwks(&self) {
        self.set_jwks(r#"{"keys":[{"kty":"EC","crv":"P-256","x":"#);
    }

    /// Serves a well-formed but `len`-byte JWK Set (`{"keys":[],"padding":"xxx…"}`), status 200.
    /// Lengths below 27 bytes give the shortest such document.
    pub fn set_oversized_jwks(&self, len: usize) {
        let shell = r#"{"keys":[],"padding":""}"#;
        let padding = "x".repeat(len.saturating_sub(shell.len()));
        self.set_jwks(&format!(r#"{{"keys":[],"padding":"{padding}"}}"#));
    }

    /// The HTTP status of `/jwks` (200 by default); the body stays.
    pub fn set_jwks_status(&self, status: u16) {
        self.lock().jwks_status = status;
    }

    /// Sets a response header of `/jwks`, replacing any header of that name.
    pub fn set_jwks_header(&self, name: &str, value: &str) {
        let mut behaviour = self.lock();
        behaviour
            .jwks_headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
        behaviour
            .jwks_headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
    }

    /// Removes a response header of `/jwks`.
    pub fn remove_jwks_header(&self, name: &str) {
        self.lock()
            .jwks_headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
    }

    /// Sets (`Some`) or removes (`None`) `Cache-Control` on `/jwks`, e.g. `"max-age=60"`.
    pub fn set_cache_control(&self, value: Option<&str>) {
        match value {
            Some(value) => self.set_jwks_header(header::CACHE_CONTROL.as_str(), value),
            None => self.remove_jwks_header(header::CACHE_CONTROL.as_str()),
        }
    }

    /// Sets the entity tag of `/jwks`, written as in the header (`"\"v1\""`, `"W/\"v1\""`), or
    /// removes it. While set, a request whose `If-None-Match` lists it (or `*`) gets
    /// `304 Not Modified` with no body (RFC 9110 §13.1.2, weak comparison).
    pub fn set_etag(&self, etag: Option<&str>) {
        self.lock().etag = etag.map(str::to_owned);
    }

    /// Delays every `/jwks` answer by `delay` (a slow endpoint); `Duration::ZERO` to stop.
    pub fn set_delay(&self, delay: Duration) {
        self.lock().jwks_delay = delay;
    }

    /// How many requests reached `endpoint` since the start or the last
    /// [`reset_counts`](Self::reset_counts), counted on arrival (before any delay).
    pub fn hits(&self, endpoint: Endpoint) -> usize {
        self.shared
            .hits
            .get(endpoint.index())
            .map_or(0, |hits| hits.load(Ordering::SeqCst))
    }

    /// How many `/jwks` requests were answered `304 Not Modified`.
    pub fn not_modified(&self) -> usize {
        self.shared.not_modified.load(Ordering::SeqCst)
    }

    /// Sets every counter back to zero.
    pub fn reset_counts(&self) {
        for hits in &self.shared.hits {
            hits.store(0, Ordering::SeqCst);
        }
        self.shared.not_modified.store(0, Ordering::SeqCst);
    }

    /// A header of the last request that reached `endpoint` (`Accept`, `User-Agent`,
    /// `If-None-Match`, ...), if there was one.
    pub fn last_request_header(&self, endpoint: Endpoint, name: &str) -> Option<String> {
        let last = self
            .shared
            .last_headers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        last.get(&endpoint)?
            .get(name)?
            .to_str()
            .ok()
            .map(str::to_owned)
    }

    /// Whether the server is listening.
    pub fn is_up(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Stops listening: new connections are refused, idle kept-alive connections are closed, and
    /// requests still waiting out a delay are answered `503` at once. Returns when all
    /// connections are closed. Does nothing when already down.
    pub async fn down(&self) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(running) = running {
            let _ = running.shutdown.send(());
            self.shared.closing.notify_waiters();
            let _ = running.task.await;
        }
    }

    /// Listens again on the same port. Does nothing when already up.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the port was taken by someone else in the meantime.
    pub async fn up(&self) -> Result<(), Error> {
        if self.is_up() {
            return Ok(());
        }
        let listener = TcpListener::bind(self.addr).await?;
        let running = serve(listener, Arc::clone(&self.shared));
        *self.running.lock().unwrap_or_else(PoisonError::into_inner) = Some(running);
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Behaviour> {
        self.shared.lock()
    }
}

impl Drop for JwksServer {
    fn drop(&mut self) {
        if let Some(running) = self
            .running
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            let _ = running.shutdown.send(());
            self.shared.closing.notify_waiters();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Behaviour> {
        // A test that panicked while holding the lock left a complete value behind: keep serving.
        self.behaviour
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn serve(listener: TcpListener, shared: Arc<Shared>) -> Running {
    let (shutdown, signal) = oneshot::channel::<()>();
    let app = Router::new().fallback(handle).with_state(shared);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = signal.await;
            })
            .await
    });
    Running { shutdown, task }
}

async fn handle(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
    let behaviour = shared.lock().clone();
    let path = uri.path();
    let endpoint = if path == JWKS_PATH {
        Endpoint::Jwks
    } else if path == format!("{}{OPENID_SUFFIX}", behaviour.issuer_path) {
        Endpoint::OpenidConfiguration
    } else if path == format!("{OAUTH_PREFIX}{}", behaviour.issuer_path) {
        Endpoint::OauthAuthorizationServer
    } else {
        Endpoint::Other
    };
    if let Some(hits) = shared.hits.get(endpoint.index()) {
        hits.fetch_add(1, Ordering::SeqCst);
    }
    shared
        .last_headers
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(endpoint, headers.clone());

    let delay = match endpoint {
        Endpoint::Jwks => behaviour.jwks_delay,
        Endpoint::OpenidConfiguration | Endpoint::OauthAuthorizationServer => {
            behaviour.metadata_delay
        }
        Endpoint::Other => Duration::ZERO,
    };
    if !delay.is_zero() {
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = shared.closing.notified() => return reply(503, &[], Vec::new()),
        }
    }

    match endpoint {
        Endpoint::Jwks => jwks(&shared, &behaviour, &headers),
        Endpoint::OpenidConfiguration | Endpoint::OauthAuthorizationServer => {
            metadata(&shared.base_url, &behaviour)
        }
        Endpoint::Other => reply(404, &[], Vec::new()),
    }
}

fn jwks(shared: &Shared, behaviour: &Behaviour, request: &HeaderMap) -> Response {
    let mut headers = behaviour.jwks_headers.clone();
    if let Some(etag) = &behaviour.etag {
        headers.push((header::ETAG.as_str().to_owned(), etag.clone()));
        if matches_if_none_match(request, etag) {
            shared.not_modified.fetch_add(1, Ordering::SeqCst);
            headers.retain(|(name, _)| !name.eq_ignore_ascii_case(header::CONTENT_TYPE.as_str()));
            return reply(304, &headers, Vec::new());
        }
    }
    reply(behaviour.jwks_status, &headers, behaviour.jwks_body.clone())
}

fn metadata(base_url: &str, behaviour: &Behaviour) -> Response {
    let content_type = [(
        header::CONTENT_TYPE.as_str().to_owned(),
        "application/json".to_owned(),
    )];
    if let Some(body) = &behaviour.metadata_body {
        return reply(behaviour.metadata_status, &content_type, body.clone());
    }
    let issuer = behaviour
        .metadata_issuer
        .clone()
        .unwrap_or_else(|| format!("{base_url}{}", behaviour.issuer_path));
    let jwks_uri = behaviour
        .metadata_jwks_uri
        .clone()
        .unwrap_or_else(|| format!("{base_url}{JWKS_PATH}"));
    let document = json!({
        "issuer": issuer,
        "jwks_uri": jwks_uri,
        "token_endpoint": format!("{base_url}/token"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256", "EdDSA"],
    });
    reply(
        behaviour.metadata_status,
        &content_type,
        document.to_string().into_bytes(),
    )
}

/// RFC 9110 §13.1.2: `*` or any listed tag equal to `etag` under weak comparison.
fn matches_if_none_match(request: &HeaderMap, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(etag);
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| tag.trim() == "*" || opaque(tag) == ours)
}

fn reply(status: u16, headers: &[(String, String)], body: Vec<u8>) -> Response {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.body(Body::from(body)).unwrap_or_else(|_| {
        let mut response = Response::new(Body::from("testkit: invalid response header"));
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}
