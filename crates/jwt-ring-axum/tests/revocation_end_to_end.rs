//! The revocation deny-list across instances: two instances of the orders API share one real
//! `redis-server`; a token revoked through either is refused by both, other tokens still pass,
//! and with Redis down every token is refused with 503 (fail closed).

#[path = "../examples/orders_api/main.rs"]
mod orders_api;

use std::sync::Arc;

use jwt_ring::oauth::AsyncReplayStore;
use jwt_ring::revocation::revoke_async;
use jwt_ring::time::OffsetDateTime;
use jwt_ring_axum::ResourceServer;
use jwt_ring_http::HttpOptions;
use jwt_ring_redis::{RedisReplayStore, RedisStoreOptions};
use jwt_ring_testkit::{ORDERS_RESOURCE, OidcProvider, RedisServer, http_client};

struct Instance {
    base: String,
    client: jwt_ring_testkit::reqwest::Client,
}

struct Answer {
    status: u16,
    challenge: String,
    body: String,
}

impl Instance {
    async fn start(provider: &OidcProvider, store: Arc<dyn AsyncReplayStore>) -> Self {
        let server: ResourceServer = orders_api::resource_server(
            provider.issuer(),
            ORDERS_RESOURCE,
            HttpOptions::default().allow_loopback_http(),
        )
        .await
        .expect("discovery")
        .deny_revoked(store);
        assert!(format!("{server:?}").contains("deny_revoked: true"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = orders_api::app(&server);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            base,
            client: http_client().unwrap(),
        }
    }

    async fn get_orders(&self, token: &str) -> Answer {
        let response = self
            .client
            .get(format!("{}/orders", self.base))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .expect("the API answers");
        let status = response.status().as_u16();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            challenge,
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

/// The `iss`, `jti` and `exp` an operator revoking this token would look up.
fn identity(token: &str) -> (String, String, OffsetDateTime) {
    let token = jwt_ring::dangerous::decode_unverified::<serde_json::Value>(token).unwrap();
    let claims = &token.claims().registered;
    (
        claims.iss().unwrap().to_owned(),
        claims.jti().unwrap().to_owned(),
        claims.exp().unwrap().to_offset_date_time(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_through_one_instance_is_refused_by_both() {
    let provider = OidcProvider::start().await.expect("oidc-provider starts");
    let mut redis = RedisServer::start().expect("redis-server starts");
    let (store_a, store_b) = (redis_store(&redis).await, redis_store(&redis).await);
    let a = Instance::start(&provider, store_a.clone()).await;
    let b = Instance::start(&provider, store_b).await;
    let token = |_| provider.client_credentials_token(ORDERS_RESOURCE, "orders:read");
    let (stolen, other) = (token(0).await.unwrap(), token(1).await.unwrap());

    for instance in [&a, &b] {
        let answer = instance.get_orders(&stolen).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }

    let (issuer, jti, expiry) = identity(&stolen);
    assert_eq!(issuer, provider.issuer());
    revoke_async(&*store_a, &issuer, &jti, expiry, OffsetDateTime::now_utc())
        .await
        .expect("redis records the revocation");
    for instance in [&a, &b] {
        let answer = instance.get_orders(&stolen).await;
        assert_eq!(answer.status, 401, "{}", answer.body);
        assert!(
            answer.challenge.contains(r#"error="invalid_token""#)
                && answer.challenge.contains("revoked"),
            "{}",
            answer.challenge
        );
        let answer = instance.get_orders(&other).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }

    // The deny-list cannot be read: every token is refused with 503, none is let through.
    redis.stop();
    for instance in [&a, &b] {
        for token in [&stolen, &other] {
            let answer = instance.get_orders(token).await;
            assert_eq!(answer.status, 503, "{}", answer.body);
            assert_eq!(answer.challenge, "");
        }
    }

    // Redis is back (empty: this test's server keeps nothing on disk): tokens pass again.
    redis.restart().expect("redis-server restarts");
    let mut status = 0;
    for _ in 0..50 {
        status = b.get_orders(&other).await.status;
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        status, 200,
        "the deny-list answers again once redis is back"
    );
}
