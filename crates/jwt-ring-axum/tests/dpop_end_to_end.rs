//! DPoP (RFC 9449) end to end: proofs minted here, DPoP-bound access tokens from a real OpenID
//! Provider (panva's `oidc-provider`), and two instances of the orders API example behind one
//! public origin sharing a real `redis-server` for their proofs' `jti`s.

#[path = "../examples/orders_api/main.rs"]
mod orders_api;

use std::sync::Arc;

use jwt_ring::oauth::AsyncReplayStore;
use jwt_ring::oauth::dpop::{DpopKey, DpopVerifier, NonceIssuer, ProofOptions};
use jwt_ring::time::Duration;
use jwt_ring_axum::DpopSettings;
use jwt_ring_http::HttpOptions;
use jwt_ring_redis::{RedisReplayStore, RedisStoreOptions};
use jwt_ring_testkit::{
    BASIC_CLIENT_ID, BASIC_CLIENT_SECRET, ORDERS_RESOURCE, OidcProvider, ProviderOptions,
    RedisServer, TokenResponse, http_client,
};

/// The origin clients address the API by, as behind a load balancer: both instances answer
/// for it, so a proof for one is a proof for the other.
const ORIGIN: &str = "https://orders.example";

struct Instance {
    base: String,
    client: jwt_ring_testkit::reqwest::Client,
}

struct Answer {
    status: u16,
    challenges: Vec<String>,
    dpop_nonce: Option<String>,
    body: String,
}

impl Answer {
    fn challenge(&self, scheme: &str) -> &str {
        self.challenges
            .iter()
            .find(|value| value.starts_with(scheme))
            .map_or("", String::as_str)
    }
}

impl Instance {
    async fn start(provider: &OidcProvider, dpop: DpopSettings) -> Self {
        let server = orders_api::resource_server(
            provider.issuer(),
            ORDERS_RESOURCE,
            HttpOptions::default().allow_loopback_http(),
        )
        .await
        .expect("discovery")
        .with_dpop(dpop);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = orders_api::app(&server);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            base,
            client: http_client().unwrap(),
        }
    }

    async fn call(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
        let url = format!("{}{path}", self.base);
        let mut request = match method {
            "POST" => self.client.post(url),
            _ => self.client.get(url),
        };
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("the API answers");
        let status = response.status().as_u16();
        let challenges = response
            .headers()
            .get_all("www-authenticate")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .map(str::to_owned)
            .collect();
        let dpop_nonce = response
            .headers()
            .get("dpop-nonce")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            challenges,
            dpop_nonce,
            body,
        }
    }
}

async fn redis_store(redis: &RedisServer) -> Arc<dyn AsyncReplayStore> {
    Arc::new(
        RedisReplayStore::connect(&redis.url(), RedisStoreOptions::default())
            .await
            .expect("redis answers"),
    )
}

fn settings(store: Arc<dyn AsyncReplayStore>) -> DpopSettings {
    DpopSettings::new(DpopVerifier::builder().build().unwrap(), store, ORIGIN)
}

/// A DPoP-bound `client_credentials` token for `key`, answering one `use_dpop_nonce` round
/// when the provider demands a nonce.
async fn dpop_token(provider: &OidcProvider, key: &DpopKey, scope: &str) -> TokenResponse {
    let form = [
        ("grant_type", "client_credentials"),
        ("resource", ORDERS_RESOURCE),
        ("scope", scope),
    ];
    let endpoint = provider.token_endpoint();
    let mut nonce: Option<String> = None;
    let mut rounds = 0;
    loop {
        let mut options = ProofOptions::new();
        if let Some(nonce) = &nonce {
            options = options.nonce(nonce);
        }
        let proof = key.proof("POST", &endpoint, &options).unwrap();
        let response = provider
            .token_request_with_headers(
                Some((BASIC_CLIENT_ID, BASIC_CLIENT_SECRET)),
                &[("DPoP", proof.as_str())],
                &form,
            )
            .await
            .unwrap();
        match (response.status, &response.dpop_nonce) {
            (400, Some(fresh)) if response.body["error"] == "use_dpop_nonce" => {
                nonce = Some(fresh.clone());
            }
            _ => return response,
        }
        rounds += 1;
        assert!(rounds < 2, "a second nonce round");
    }
}

/// The `cnf.jkt` of an access token, read without verification (the API verifies it).
fn bound_thumbprint(token: &str) -> String {
    let untrusted = jwt_ring::dangerous::decode_unverified::<serde_json::Value>(token).unwrap();
    untrusted.claims().custom["cnf"]["jkt"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn dpop_headers(token: &str, proof: &str) -> Vec<(&'static str, String)> {
    vec![
        ("authorization", format!("DPoP {token}")),
        ("dpop", proof.to_owned()),
    ]
}

fn as_pairs<'a>(headers: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    headers
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dpop_bound_token_works_once_per_proof_across_instances() {
    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let redis = RedisServer::start().expect("redis-server starts");
    let first = Instance::start(&provider, settings(redis_store(&redis).await)).await;
    let second = Instance::start(&provider, settings(redis_store(&redis).await)).await;

    // The provider binds the token to the proof's key (RFC 9449 §5, §6.1).
    let key = DpopKey::generate("ES256").unwrap();
    let response = dpop_token(&provider, &key, "orders:read").await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.body["token_type"], "DPoP");
    let token = response.access_token().unwrap().to_owned();
    assert_eq!(bound_thumbprint(&token), key.thumbprint());

    // A fresh proof for this request: 200.
    let url = format!("{ORIGIN}/orders");
    let proof = key
        .proof("GET", &url, &ProofOptions::new().access_token(&token))
        .unwrap();
    let headers = dpop_headers(&token, &proof);
    let ok = first.call("GET", "/orders", &as_pairs(&headers)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains(BASIC_CLIENT_ID), "{}", ok.body);

    // The same proof again, at the other instance and at the same one: a replay (§11.1).
    for (name, instance) in [("other instance", &second), ("same instance", &first)] {
        let replayed = instance.call("GET", "/orders", &as_pairs(&headers)).await;
        assert_eq!(replayed.status, 401, "{name}");
        assert!(
            replayed
                .challenge("DPoP")
                .contains(r#"error="invalid_dpop_proof""#),
            "{name}: {:?}",
            replayed.challenges
        );
    }

    // A fresh proof per request keeps working, at either instance.
    for instance in [&second, &first] {
        let proof = key
            .proof("GET", &url, &ProofOptions::new().access_token(&token))
            .unwrap();
        let answer = instance
            .call("GET", "/orders", &as_pairs(&dpop_headers(&token, &proof)))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }

    // A proof for another URL, another method, or without the token hash: invalid_dpop_proof.
    let other_url = key
        .proof(
            "GET",
            &format!("{ORIGIN}/orders/new"),
            &ProofOptions::new().access_token(&token),
        )
        .unwrap();
    let other_method = key
        .proof("POST", &url, &ProofOptions::new().access_token(&token))
        .unwrap();
    let no_ath = key.proof("GET", &url, &ProofOptions::new()).unwrap();
    for (name, proof) in [
        ("another url", &other_url),
        ("another method", &other_method),
        ("no ath", &no_ath),
    ] {
        let answer = first
            .call("GET", "/orders", &as_pairs(&dpop_headers(&token, proof)))
            .await;
        assert_eq!(answer.status, 401, "{name}");
        let challenge = answer.challenge("DPoP");
        assert!(
            challenge.contains(r#"error="invalid_dpop_proof""#),
            "{name}: {challenge}"
        );
        assert!(challenge.contains("algs=\""), "{name}: {challenge}");
        assert!(!challenge.contains(&token), "{name}: the token is echoed");
    }

    // A proof signed by another key: the token is not bound to it (RFC 9449 §7.1).
    let thief = DpopKey::generate("ES256").unwrap();
    let stolen = thief
        .proof("GET", &url, &ProofOptions::new().access_token(&token))
        .unwrap();
    let answer = first
        .call("GET", "/orders", &as_pairs(&dpop_headers(&token, &stolen)))
        .await;
    assert_eq!(answer.status, 401);
    assert!(
        answer
            .challenge("DPoP")
            .contains(r#"error="invalid_token""#),
        "{:?}",
        answer.challenges
    );

    // No proof at all with the DPoP scheme.
    let answer = first
        .call(
            "GET",
            "/orders",
            &[("authorization", format!("DPoP {token}").as_str())],
        )
        .await;
    assert_eq!(answer.status, 401);
    assert!(
        answer
            .challenge("DPoP")
            .contains(r#"error="invalid_dpop_proof""#),
        "{:?}",
        answer.challenges
    );

    // The DPoP-bound token presented as a bearer token (RFC 9449 §7.2): invalid_token.
    let answer = first
        .call(
            "GET",
            "/orders",
            &[("authorization", format!("Bearer {token}").as_str())],
        )
        .await;
    assert_eq!(answer.status, 401);
    assert!(
        answer
            .challenge("Bearer")
            .contains(r#"error="invalid_token""#),
        "{:?}",
        answer.challenges
    );
    assert!(
        answer.challenge("DPoP").contains("algs="),
        "{:?}",
        answer.challenges
    );

    // Both schemes in one request: 400 invalid_request.
    let proof = key
        .proof("GET", &url, &ProofOptions::new().access_token(&token))
        .unwrap();
    let client = &first.client;
    let both = client
        .get(format!("{}/orders", first.base))
        .header("authorization", format!("DPoP {token}"))
        .header("authorization", format!("Bearer {token}"))
        .header("dpop", proof)
        .send()
        .await
        .unwrap();
    assert_eq!(both.status().as_u16(), 400);

    // No credentials: a bare challenge for each scheme the API accepts.
    let none = first.call("GET", "/orders", &[]).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.challenge("Bearer"), r#"Bearer realm="orders""#);
    assert!(
        none.challenge("DPoP")
            .starts_with(r#"DPoP realm="orders", algs=""#),
        "{:?}",
        none.challenges
    );

    // A plain bearer token still works beside DPoP.
    let bearer = provider
        .client_credentials_token(ORDERS_RESOURCE, "orders:read")
        .await
        .unwrap();
    let answer = first
        .call(
            "GET",
            "/orders",
            &[("authorization", format!("Bearer {bearer}").as_str())],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);

    // The scope check answers in the DPoP scheme for a DPoP request.
    let proof = key
        .proof(
            "POST",
            &format!("{ORIGIN}/orders/new"),
            &ProofOptions::new().access_token(&token),
        )
        .unwrap();
    let answer = first
        .call(
            "POST",
            "/orders/new",
            &as_pairs(&dpop_headers(&token, &proof)),
        )
        .await;
    assert_eq!(answer.status, 403);
    assert!(
        answer
            .challenge("DPoP")
            .contains(r#"error="insufficient_scope""#),
        "{:?}",
        answer.challenges
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_nonces_round_trip_at_the_provider_and_at_the_api() {
    let provider = OidcProvider::start_with(ProviderOptions::default().with_dpop_nonce())
        .await
        .expect("oidc-provider starts");
    let key = DpopKey::generate("EdDSA").unwrap();

    // The provider answers the first request use_dpop_nonce with a DPoP-Nonce (RFC 9449 §8).
    let form = [
        ("grant_type", "client_credentials"),
        ("resource", ORDERS_RESOURCE),
        ("scope", "orders:read"),
    ];
    let proof = key
        .proof("POST", &provider.token_endpoint(), &ProofOptions::new())
        .unwrap();
    let first = provider
        .token_request_with_headers(
            Some((BASIC_CLIENT_ID, BASIC_CLIENT_SECRET)),
            &[("DPoP", proof.as_str())],
            &form,
        )
        .await
        .unwrap();
    assert_eq!(first.status, 400, "{}", first.body);
    assert_eq!(first.body["error"], "use_dpop_nonce");
    assert!(first.dpop_nonce.is_some());
    // With the nonce in the proof, the token is issued.
    let response = dpop_token(&provider, &key, "orders:read").await;
    assert_eq!(response.status, 200, "{}", response.body);
    let token = response.access_token().unwrap().to_owned();
    assert_eq!(bound_thumbprint(&token), key.thumbprint());

    // The API demands its own nonces (stateless, from a secret both instances would share).
    let nonces = NonceIssuer::new(&[7u8; 32], Duration::minutes(5)).unwrap();
    let verifier = DpopVerifier::builder().nonces(nonces).build().unwrap();
    let store: Arc<dyn AsyncReplayStore> = Arc::new(jwt_ring::oauth::MemoryReplayStore::default());
    let api = Instance::start(&provider, DpopSettings::new(verifier, store, ORIGIN)).await;
    let url = format!("{ORIGIN}/orders");
    let proof = key
        .proof("GET", &url, &ProofOptions::new().access_token(&token))
        .unwrap();
    let answer = api
        .call("GET", "/orders", &as_pairs(&dpop_headers(&token, &proof)))
        .await;
    assert_eq!(answer.status, 401);
    assert!(
        answer
            .challenge("DPoP")
            .contains(r#"error="use_dpop_nonce""#),
        "{:?}",
        answer.challenges
    );
    let nonce = answer.dpop_nonce.expect("a DPoP-Nonce header");
    let proof = key
        .proof(
            "GET",
            &url,
            &ProofOptions::new().access_token(&token).nonce(&nonce),
        )
        .unwrap();
    let answer = api
        .call("GET", "/orders", &as_pairs(&dpop_headers(&token, &proof)))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_down_proofs_are_refused_and_accepted_again_when_it_returns() {
    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let mut redis = RedisServer::start().expect("redis-server starts");
    let api = Instance::start(&provider, settings(redis_store(&redis).await)).await;
    let key = DpopKey::generate("ES256").unwrap();
    let response = dpop_token(&provider, &key, "orders:read").await;
    let token = response.access_token().unwrap().to_owned();
    let url = format!("{ORIGIN}/orders");
    let fresh = || {
        key.proof("GET", &url, &ProofOptions::new().access_token(&token))
            .unwrap()
    };

    let proof = fresh();
    let ok = api
        .call("GET", "/orders", &as_pairs(&dpop_headers(&token, &proof)))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);

    // The replay store cannot answer: fail closed, 503, never an unchecked acceptance.
    redis.stop();
    for _ in 0..3 {
        let proof = fresh();
        let answer = api
            .call("GET", "/orders", &as_pairs(&dpop_headers(&token, &proof)))
            .await;
        assert_eq!(answer.status, 503, "{}", answer.body);
        assert!(answer.challenges.is_empty(), "{:?}", answer.challenges);
    }

    // Redis is back: the same store works again.
    redis.restart().expect("redis-server restarts");
    let mut status = 0;
    for _ in 0..50 {
        let proof = fresh();
        status = api
            .call("GET", "/orders", &as_pairs(&dpop_headers(&token, &proof)))
            .await
            .status;
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "the store recovers once redis is back");
}
