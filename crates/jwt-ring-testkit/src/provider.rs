//! A real OpenID Provider: panva's `oidc-provider` under Node.js, on loopback.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{OnceCell, oneshot};

use crate::Error;

/// Resource indicator (RFC 8707) whose access tokens are signed with ES256 by default; scopes
/// `orders:read orders:write`.
pub const ORDERS_RESOURCE: &str = "https://api.example/orders";
/// Resource indicator whose access tokens are signed with RS256 by default; scope `billing:read`.
pub const BILLING_RESOURCE: &str = "https://api.example/billing";
/// Resource indicator whose access tokens are signed with EdDSA (Ed25519) by default; scope
/// `audit:read`.
pub const AUDIT_RESOURCE: &str = "https://api.example/audit";

/// The confidential client that authenticates with `client_secret_basic`.
pub const BASIC_CLIENT_ID: &str = "jwt-ring-basic";
/// The secret of [`BASIC_CLIENT_ID`]. Test-only: published with the source.
pub const BASIC_CLIENT_SECRET: &str = "jwt-ring-basic-test-secret-not-for-production";
/// The client that authenticates with `private_key_jwt` (RFC 7523, ES256), registered with the
/// public half of [`PRIVATE_KEY_JWT_CLIENT_JWK`].
pub const PRIVATE_KEY_JWT_CLIENT_ID: &str = "jwt-ring-private-key-jwt";
/// The `kid` of the `private_key_jwt` client's key.
pub const PRIVATE_KEY_JWT_CLIENT_KID: &str = "testkit-client-es256";
/// The `private_key_jwt` client's private key as a JWK (P-256, `alg` ES256). Test-only.
pub const PRIVATE_KEY_JWT_CLIENT_JWK: &str = include_str!("../fixtures/client-private-jwk.json");
/// The same private key as PKCS#8 PEM. Test-only.
pub const PRIVATE_KEY_JWT_CLIENT_PEM: &str = include_str!("../fixtures/client-private-key.pem");
/// The provider's private signing keys as a JWK Set: `testkit-rs256` (RS256, 2048 bits),
/// `testkit-es256` (ES256) and `testkit-eddsa` (EdDSA, Ed25519). Test-only.
pub const PROVIDER_PRIVATE_JWKS: &str = include_str!("../fixtures/provider-private-jwks.json");
/// The client whose ID tokens are encrypted with `RSA-OAEP-256` and `A256GCM`
/// (`id_token_encrypted_response_alg`/`_enc`, OpenID Connect Core §10.2), to the public half of
/// the key [`RSA_OAEP_CLIENT_KID`] in [`CLIENT_ENCRYPTION_PRIVATE_JWKS`]. It authenticates with
/// `client_secret_basic` ([`ENCRYPTED_CLIENT_SECRET`]) and may use the hybrid response type
/// `code id_token token`, whose front-channel ID token carries `at_hash` and `c_hash`.
pub const RSA_OAEP_CLIENT_ID: &str = "jwt-ring-encrypted-rsa-oaep";
/// The client whose ID tokens are encrypted with `ECDH-ES` and oidc-provider's default `enc`,
/// `A128CBC-HS256`, to the public half of the key [`ECDH_ES_CLIENT_KID`]; otherwise as
/// [`RSA_OAEP_CLIENT_ID`].
pub const ECDH_ES_CLIENT_ID: &str = "jwt-ring-encrypted-ecdh-es";
/// The secret of both encrypted-ID-token clients. Test-only: published with the source.
pub const ENCRYPTED_CLIENT_SECRET: &str = "jwt-ring-encrypted-test-secret-not-for-production";
/// The `kid` of the `RSA-OAEP-256` key (RSA 2048) of [`RSA_OAEP_CLIENT_ID`].
pub const RSA_OAEP_CLIENT_KID: &str = "testkit-client-rsa-oaep-256";
/// The `kid` of the `ECDH-ES` key (P-256) of [`ECDH_ES_CLIENT_ID`].
pub const ECDH_ES_CLIENT_KID: &str = "testkit-client-ecdh-es";
/// The encrypted-ID-token clients' private decryption keys as a JWK Set (`use` `enc`, each
/// with its `alg`): [`RSA_OAEP_CLIENT_KID`] and [`ECDH_ES_CLIENT_KID`]. The provider registers
/// each client with the public half of its own key. Test-only.
pub const CLIENT_ENCRYPTION_PRIVATE_JWKS: &str =
    include_str!("../fixtures/client-encryption-private-jwks.json");
/// The redirect URI registered for every client (authorization-code flow; the test reads the
/// `Location` header instead of following it).
pub const REDIRECT_URI: &str = "https://client.example/callback";

/// The directory of `server.mjs`, `package.json` and `node_modules`.
const SCRIPT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/oidc-provider");

/// A resource server the provider issues RFC 9068 JWT access tokens for.
#[derive(Clone, Debug)]
pub struct Resource {
    /// The resource indicator (RFC 8707), which becomes the tokens' `aud`.
    pub identifier: String,
    /// The space-separated scopes the resource accepts.
    pub scope: String,
    /// The JWS algorithm of its access tokens: `RS256`, `ES256` or `EdDSA` with the default keys.
    pub alg: String,
    /// Lifetime of its access tokens; [`ProviderOptions::access_token_ttl`] when `None`.
    pub access_token_ttl: Option<Duration>,
}

impl Resource {
    /// A resource with its own identifier, scopes and signing algorithm.
    pub fn new(
        identifier: impl Into<String>,
        scope: impl Into<String>,
        alg: impl Into<String>,
    ) -> Self {
        Self {
            identifier: identifier.into(),
            scope: scope.into(),
            alg: alg.into(),
            access_token_ttl: None,
        }
    }
}

/// How to configure the provider. [`Default`] gives the three resources and four clients that
/// the constants of this module describe.
#[derive(Clone, Debug)]
pub struct ProviderOptions {
    /// The resource indicators and their access-token algorithms.
    pub resources: Vec<Resource>,
    /// oidc-provider client metadata records; push more for a test's own clients.
    pub clients: Vec<Value>,
    /// The provider's private signing keys as a JWK Set ([`PROVIDER_PRIVATE_JWKS`] by default).
    pub jwks: String,
    /// Default lifetime of access tokens (5 minutes).
    pub access_token_ttl: Duration,
    /// How long to wait for the provider to announce it is listening (20 s).
    pub ready_timeout: Duration,
    /// The Node.js executable (`node`, found on `PATH`).
    pub node: PathBuf,
    /// Whether the token endpoint demands a server nonce in every DPoP proof (RFC 9449 §8):
    /// the first request is answered `use_dpop_nonce` with a `DPoP-Nonce` header. Off by
    /// default.
    pub dpop_nonce: bool,
}

impl Default for ProviderOptions {
    fn default() -> Self {
        let client_public_jwk = public_jwk(PRIVATE_KEY_JWT_CLIENT_JWK);
        Self {
            resources: vec![
                Resource::new(ORDERS_RESOURCE, "orders:read orders:write", "ES256"),
                Resource::new(BILLING_RESOURCE, "billing:read", "RS256"),
                Resource::new(AUDIT_RESOURCE, "audit:read", "EdDSA"),
            ],
            clients: vec![
                json!({
                    "client_id": BASIC_CLIENT_ID,
                    "client_secret": BASIC_CLIENT_SECRET,
                    "token_endpoint_auth_method": "client_secret_basic",
                    "grant_types": ["client_credentials", "authorization_code", "refresh_token"],
                    "response_types": ["code"],
                    "redirect_uris": [REDIRECT_URI],
                }),
                json!({
                    "client_id": PRIVATE_KEY_JWT_CLIENT_ID,
                    "token_endpoint_auth_method": "private_key_jwt",
                    "token_endpoint_auth_signing_alg": "ES256",
                    "jwks": { "keys": [client_public_jwk] },
                    "grant_types": ["client_credentials", "authorization_code", "refresh_token"],
                    "response_types": ["code"],
                    "redirect_uris": [REDIRECT_URI],
                }),
                encrypted_id_token_client(RSA_OAEP_CLIENT_ID, RSA_OAEP_CLIENT_KID, Some("A256GCM")),
                // No `id_token_encrypted_response_enc`: the provider's default, A128CBC-HS256.
                encrypted_id_token_client(ECDH_ES_CLIENT_ID, ECDH_ES_CLIENT_KID, None),
            ],
            jwks: PROVIDER_PRIVATE_JWKS.to_owned(),
            access_token_ttl: Duration::from_secs(300),
            ready_timeout: Duration::from_secs(20),
            node: PathBuf::from("node"),
            dpop_nonce: false,
        }
    }
}

impl ProviderOptions {
    /// Sets the signing algorithm of one resource's access tokens (no effect on unknown ones).
    pub fn with_resource_alg(mut self, identifier: &str, alg: impl Into<String>) -> Self {
        let alg = alg.into();
        for resource in &mut self.resources {
            if resource.identifier == identifier {
                resource.alg.clone_from(&alg);
            }
        }
        self
    }

    /// Makes the token endpoint demand DPoP server nonces ([`dpop_nonce`](Self::dpop_nonce)).
    pub fn with_dpop_nonce(mut self) -> Self {
        self.dpop_nonce = true;
        self
    }

    /// The JSON that `server.mjs` receives on its command line.
    ///
    /// # Errors
    ///
    /// [`Error::Options`] when `jwks` is not JSON.
    fn to_config(&self) -> Result<Value, Error> {
        let jwks: Value = serde_json::from_str(&self.jwks)
            .map_err(|_| Error::Options("jwks is not a json document"))?;
        let resources: Vec<Value> = self
            .resources
            .iter()
            .map(|resource| {
                json!({
                    "identifier": resource.identifier,
                    "scope": resource.scope,
                    "alg": resource.alg,
                    "accessTokenTtl": resource.access_token_ttl.map(|ttl| ttl.as_secs()),
                })
            })
            .collect();
        Ok(json!({
            "jwks": jwks,
            "resources": resources,
            "clients": self.clients,
            "accessTokenTtl": self.access_token_ttl.as_secs(),
            "dpopNonce": self.dpop_nonce,
        }))
    }
}

/// The metadata of a client that receives encrypted ID tokens: `id_token_encrypted_response_alg`
/// is the `alg` of the key `kid` of [`CLIENT_ENCRYPTION_PRIVATE_JWKS`], whose public half is the
/// client's `jwks`; `enc` is the provider's default when `None`.
fn encrypted_id_token_client(client_id: &str, kid: &str, enc: Option<&str>) -> Value {
    let key = encryption_key(kid);
    let alg = key.get("alg").cloned().unwrap_or(Value::Null);
    let mut client = json!({
        "client_id": client_id,
        "client_secret": ENCRYPTED_CLIENT_SECRET,
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code", "implicit"],
        "response_types": ["code", "code id_token token"],
        "redirect_uris": [REDIRECT_URI],
        "id_token_encrypted_response_alg": alg,
        "jwks": { "keys": [public_members(key)] },
    });
    if let (Some(enc), Some(members)) = (enc, client.as_object_mut()) {
        members.insert("id_token_encrypted_response_enc".to_owned(), json!(enc));
    }
    client
}

/// The key `kid` of [`CLIENT_ENCRYPTION_PRIVATE_JWKS`] (`null` if absent: the provider then
/// refuses the client, and the test says so).
fn encryption_key(kid: &str) -> Value {
    let set: Value = serde_json::from_str(CLIENT_ENCRYPTION_PRIVATE_JWKS).unwrap_or(Value::Null);
    set.get("keys")
        .and_then(Value::as_array)
        .and_then(|keys| {
            keys.iter()
                .find(|key| key.get("kid").and_then(Value::as_str) == Some(kid))
        })
        .cloned()
        .unwrap_or(Value::Null)
}

/// The public members of a private JWK fixture.
fn public_jwk(private: &str) -> Value {
    public_members(serde_json::from_str(private).unwrap_or(Value::Null))
}

/// `jwk` without its private members: `d` (EC, OKP, RSA) and the RSA CRT members.
fn public_members(mut jwk: Value) -> Value {
    if let Some(members) = jwk.as_object_mut() {
        for private in ["d", "p", "q", "dp", "dq", "qi", "oth"] {
            members.remove(private);
        }
    }
    jwk
}

/// The answer to a token request, error or not.
#[derive(Clone, Debug)]
pub struct TokenResponse {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body (`access_token`, `token_type`, ... or `error`).
    pub body: Value,
    /// The `DPoP-Nonce` response header (RFC 9449 §8), when present.
    pub dpop_nonce: Option<String>,
}

impl TokenResponse {
    /// The `access_token` member, if the request succeeded.
    pub fn access_token(&self) -> Option<&str> {
        self.body.get("access_token").and_then(Value::as_str)
    }
}

/// A running `oidc-provider` on `http://127.0.0.1:PORT`, killed when dropped.
///
/// Discovery is at [`discovery_url`](Self::discovery_url), keys at [`jwks_uri`](Self::jwks_uri).
/// Features on: `client_credentials`, resource indicators with JWT access tokens (RFC 9068,
/// `typ: at+jwt`), DPoP, introspection, revocation, encrypted ID tokens (for the clients that
/// register `id_token_encrypted_response_alg`) and the development login/consent pages.
///
/// The process and its pipes are not tied to the tokio runtime that started it, so one provider
/// can serve every test of a test binary: see [`shared`](Self::shared).
#[derive(Debug)]
pub struct OidcProvider {
    /// Only held: dropping it ends the process.
    _process: Process,
    issuer: String,
    port: u16,
    stderr: Arc<Mutex<String>>,
    http: reqwest::Client,
}

/// The node process: killed and reaped on drop, on every path out of `start_with` included.
#[derive(Debug)]
struct Process {
    child: Child,
    /// Kept open: the script exits when its stdin closes, so it also ends with this process
    /// when the provider is never dropped (a `static`).
    _stdin: Option<ChildStdin>,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        // Reaps it; returns at once after SIGKILL.
        let _ = self.child.wait();
    }
}

/// The provider [`OidcProvider::shared`] returns.
static SHARED: OnceCell<OidcProvider> = OnceCell::const_new();

impl OidcProvider {
    /// Starts the provider with [`ProviderOptions::default`].
    ///
    /// # Errors
    ///
    /// [`Error::NodeNotFound`], [`Error::DependenciesMissing`] (run `npm ci`), [`Error::NotReady`]
    /// with the provider's stderr when it fails to start within the timeout.
    pub async fn start() -> Result<Self, Error> {
        Self::start_with(ProviderOptions::default()).await
    }

    /// One provider with [`ProviderOptions::default`] for the whole test binary, started by the
    /// first caller; tests on different runtimes (each `#[tokio::test]` has its own) may share
    /// it. It is never dropped: the script exits when the test binary does (its stdin closes).
    /// Start a provider of your own when a test changes options or needs a fresh state.
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start); the next caller tries again.
    pub async fn shared() -> Result<&'static Self, Error> {
        SHARED.get_or_try_init(Self::start).await
    }

    /// Starts the provider with the given options.
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start), and [`Error::Options`] when `jwks` is not JSON.
    pub async fn start_with(options: ProviderOptions) -> Result<Self, Error> {
        let dir = Path::new(SCRIPT_DIR);
        let installed: PathBuf = dir.join("node_modules/oidc-provider/package.json");
        if !installed.is_file() {
            return Err(Error::DependenciesMissing(dir.to_path_buf()));
        }
        let config = options.to_config()?.to_string();
        let mut child = Command::new(&options.node)
            .arg("server.mjs")
            .arg(config)
            .current_dir(dir)
            .env("NODE_ENV", "test")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => Error::NodeNotFound,
                _ => Error::Io(error),
            })?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr_pipe = child.stderr.take();
        let process = Process {
            child,
            _stdin: stdin,
        };

        // Plain threads drain both pipes until the process ends, so that it never blocks on a
        // full pipe and nothing depends on the runtime of this call.
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_done = stderr_pipe.map(|pipe| {
            let sink = Arc::clone(&stderr);
            thread::spawn(move || collect(pipe, &sink))
        });
        let Some(stdout) = stdout else {
            return Err(not_ready("no stdout pipe", &stderr));
        };
        let (ready_tx, ready_rx) = oneshot::channel::<Option<String>>();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = ready_tx.send(lines.next().and_then(Result::ok));
            for _ in lines {}
        });

        let ready = match tokio::time::timeout(options.ready_timeout, ready_rx).await {
            Ok(Ok(Some(line))) => line,
            Ok(_) => {
                // Exited before announcing itself: let the stderr thread read what it wrote.
                if let Some(done) = stderr_done {
                    for _ in 0..100 {
                        if done.is_finished() {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
                return Err(not_ready("exited before it was ready", &stderr));
            }
            Err(_) => {
                return Err(not_ready(
                    &format!("no ready line within {:?}", options.ready_timeout),
                    &stderr,
                ));
            }
        };
        let announced: Value = serde_json::from_str(&ready)
            .map_err(|_| not_ready(&format!("unreadable ready line {ready:?}"), &stderr))?;
        let (Some(issuer), Some(port)) = (
            announced.get("issuer").and_then(Value::as_str),
            announced
                .get("port")
                .and_then(Value::as_u64)
                .and_then(|port| u16::try_from(port).ok()),
        ) else {
            return Err(not_ready(
                &format!("unexpected ready line {ready:?}"),
                &stderr,
            ));
        };
        // No idle connections are kept: a pooled connection belongs to the runtime that opened
        // it, and a shared provider is called from many.
        let http = crate::http_client_builder()
            .pool_max_idle_per_host(0)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            _process: process,
            issuer: issuer.to_owned(),
            port,
            stderr,
            http,
        })
    }

    /// The issuer identifier, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The port the provider listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The OpenID Connect Discovery document's URL.
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer)
    }

    /// The `jwks_uri` the discovery document announces.
    pub fn jwks_uri(&self) -> String {
        format!("{}/jwks", self.issuer)
    }

    /// The token endpoint.
    pub fn token_endpoint(&self) -> String {
        format!("{}/token", self.issuer)
    }

    /// The HTTP client the helpers use.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The authorization endpoint (authorization-code flow with the development interactions).
    pub fn authorization_endpoint(&self) -> String {
        format!("{}/auth", self.issuer)
    }

    /// Everything the provider has written to stderr so far (warnings, errors).
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .map(|text| text.clone())
            .unwrap_or_default()
    }

    /// A `client_credentials` access token for `resource` with the space-separated `scope`,
    /// requested by [`BASIC_CLIENT_ID`] with `client_secret_basic`.
    ///
    /// # Errors
    ///
    /// [`Error::Http`] when the provider cannot be reached, [`Error::TokenRequest`] when it
    /// refuses (unknown resource, scope not allowed, ...).
    pub async fn client_credentials_token(
        &self,
        resource: &str,
        scope: &str,
    ) -> Result<String, Error> {
        let form = [
            ("grant_type", "client_credentials"),
            ("resource", resource),
            ("scope", scope),
        ];
        let response = self
            .token_request(Some((BASIC_CLIENT_ID, BASIC_CLIENT_SECRET)), &form)
            .await?;
        match response.access_token() {
            Some(token) if response.status == 200 => Ok(token.to_owned()),
            _ => Err(Error::TokenRequest {
                status: response.status,
                body: response.body.to_string(),
            }),
        }
    }

    /// POSTs `form` to the token endpoint, with HTTP Basic client authentication when
    /// `basic_auth` is `Some((client_id, client_secret))` (for `private_key_jwt`, put
    /// `client_assertion_type` and `client_assertion` in the form instead). Error answers are
    /// returned, not turned into errors.
    ///
    /// # Errors
    ///
    /// [`Error::Http`] when the provider cannot be reached or answers something other than JSON.
    pub async fn token_request(
        &self,
        basic_auth: Option<(&str, &str)>,
        form: &[(&str, &str)],
    ) -> Result<TokenResponse, Error> {
        self.token_request_with_headers(basic_auth, &[], form).await
    }

    /// As [`token_request`](Self::token_request), with extra request headers such as `DPoP`.
    ///
    /// # Errors
    ///
    /// As [`token_request`](Self::token_request).
    pub async fn token_request_with_headers(
        &self,
        basic_auth: Option<(&str, &str)>,
        headers: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> Result<TokenResponse, Error> {
        let mut request = self.http.post(self.token_endpoint()).form(form);
        if let Some((id, secret)) = basic_auth {
            request = request.basic_auth(id, Some(secret));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let dpop_nonce = response
            .headers()
            .get("dpop-nonce")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body: Value = response.json().await?;
        Ok(TokenResponse {
            status,
            body,
            dpop_nonce,
        })
    }
}

/// Appends every line `pipe` yields to `sink`, until it closes.
fn collect(pipe: impl Read, sink: &Mutex<String>) {
    for line in BufReader::new(pipe).lines() {
        let Ok(line) = line else { break };
        if let Ok(mut text) = sink.lock() {
            text.push_str(&line);
            text.push('\n');
        }
    }
}

fn not_ready(reason: &str, stderr: &Mutex<String>) -> Error {
    Error::NotReady {
        reason: reason.to_owned(),
        stderr: stderr.lock().map(|text| text.clone()).unwrap_or_default(),
    }
}
