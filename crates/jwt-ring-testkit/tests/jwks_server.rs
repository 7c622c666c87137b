//! Each behaviour of the fault server, seen from a real HTTP client.

use std::time::Duration;

use jwt_ring::ecdsa;
use jwt_ring::jwk::JwkSet;
use jwt_ring_testkit::{Endpoint, JwksServer};
use reqwest::StatusCode;
use serde_json::Value;

fn client() -> reqwest::Client {
    jwt_ring_testkit::http_client().unwrap()
}

async fn get(url: &str) -> reqwest::Response {
    client().get(url).send().await.unwrap()
}

#[tokio::test]
async fn serves_an_empty_jwk_set_by_default() {
    let server = JwksServer::start().await.unwrap();
    assert_eq!(server.base_url(), format!("http://{}", server.addr()));
    assert_eq!(server.jwks_uri(), format!("{}/jwks", server.base_url()));
    let response = get(&server.jwks_uri()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/jwk-set+json"
    );
    assert!(response.headers().get("etag").is_none());
    assert_eq!(response.text().await.unwrap(), r#"{"keys":[]}"#);
}

#[tokio::test]
async fn serves_a_jwk_set_that_jwt_ring_reads() {
    let server = JwksServer::start().await.unwrap();
    let (key, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256).unwrap();
    let jwk = key.with_key_id("k1").verifying_key().to_jwk().to_json();
    server.set_jwks(&format!(r#"{{"keys":[{jwk}]}}"#));
    let body = get(&server.jwks_uri()).await.text().await.unwrap();
    let set = JwkSet::from_json(&body).unwrap();
    let kids: Vec<_> = set.jwks().iter().map(|jwk| jwk.kid()).collect();
    assert_eq!(kids, [Some("k1")]);
}

#[tokio::test]
async fn both_discovery_documents_name_the_issuer_and_jwks_uri() {
    let server = JwksServer::start().await.unwrap();
    assert_eq!(server.issuer(), server.base_url());
    for (url, endpoint) in [
        (
            server.openid_configuration_url(),
            Endpoint::OpenidConfiguration,
        ),
        (
            server.oauth_metadata_url(),
            Endpoint::OauthAuthorizationServer,
        ),
    ] {
        assert_eq!(server.hits(endpoint), 0);
        let response = get(&url).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let document: Value = response.json().await.unwrap();
        assert_eq!(document["issuer"], server.issuer().as_str());
        assert_eq!(document["jwks_uri"], server.jwks_uri().as_str());
        assert_eq!(server.hits(endpoint), 1);
    }
    assert_eq!(
        server.openid_configuration_url(),
        server.url("/.well-known/openid-configuration")
    );
    assert_eq!(
        server.oauth_metadata_url(),
        server.url("/.well-known/oauth-authorization-server")
    );
}

#[tokio::test]
async fn an_issuer_with_a_path_uses_path_insertion_for_rfc_8414() {
    let server = JwksServer::start().await.unwrap();
    server.set_issuer_path("/tenant-a");
    assert_eq!(server.issuer(), server.url("/tenant-a"));
    assert_eq!(
        server.oauth_metadata_url(),
        server.url("/.well-known/oauth-authorization-server/tenant-a")
    );
    assert_eq!(
        server.openid_configuration_url(),
        server.url("/tenant-a/.well-known/openid-configuration")
    );
    for url in [
        server.oauth_metadata_url(),
        server.openid_configuration_url(),
    ] {
        let document: Value = get(&url).await.json().await.unwrap();
        assert_eq!(
            document["issuer"],
            server.url("/tenant-a").as_str(),
            "{url}"
        );
    }
    // The wrong constructions are not answered, and are counted as such.
    for wrong in [
        "/tenant-a/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration/tenant-a",
        "/.well-known/oauth-authorization-server",
    ] {
        assert_eq!(
            get(&server.url(wrong)).await.status(),
            StatusCode::NOT_FOUND,
            "{wrong}"
        );
    }
    assert_eq!(server.hits(Endpoint::Other), 3);
    assert_eq!(server.hits(Endpoint::OauthAuthorizationServer), 1);
    assert_eq!(server.hits(Endpoint::OpenidConfiguration), 1);
}

#[tokio::test]
async fn metadata_can_lie_fail_or_be_replaced() {
    let server = JwksServer::start().await.unwrap();
    server.set_metadata_issuer(Some("https://evil.example"));
    server.set_metadata_jwks_uri(Some("http://127.0.0.1:1/keys"));
    let document: Value = get(&server.openid_configuration_url())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(document["issuer"], "https://evil.example");
    assert_eq!(document["jwks_uri"], "http://127.0.0.1:1/keys");

    server.set_metadata_issuer(None);
    server.set_metadata_jwks_uri(None);
    let document: Value = get(&server.oauth_metadata_url())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(document["issuer"], server.issuer().as_str());
    assert_eq!(document["jwks_uri"], server.jwks_uri().as_str());

    server.set_metadata_status(500);
    assert_eq!(
        get(&server.openid_configuration_url()).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    server.set_metadata_status(200);
    server.set_metadata_body(Some("not json"));
    assert_eq!(
        get(&server.oauth_metadata_url())
            .await
            .text()
            .await
            .unwrap(),
        "not json"
    );
}

#[tokio::test]
async fn status_and_headers_are_configurable() {
    let server = JwksServer::start().await.unwrap();
    server.set_jwks_status(503);
    server.set_cache_control(Some("max-age=60"));
    server.set_jwks_header("Content-Type", "text/html");
    server.set_jwks_header("X-Test", "one");
    let response = get(&server.jwks_uri()).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["cache-control"], "max-age=60");
    assert_eq!(response.headers()["content-type"], "text/html");
    assert_eq!(response.headers()["x-test"], "one");
    assert_eq!(response.text().await.unwrap(), r#"{"keys":[]}"#);

    server.set_jwks_status(200);
    server.set_cache_control(None);
    server.remove_jwks_header("x-test");
    let response = get(&server.jwks_uri()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("cache-control").is_none());
    assert!(response.headers().get("x-test").is_none());
    assert_eq!(response.headers()["content-type"], "text/html");
}

#[tokio::test]
async fn an_etag_turns_a_matching_if_none_match_into_304() {
    let server = JwksServer::start().await.unwrap();
    server.set_etag(Some("\"v1\""));
    server.set_cache_control(Some("max-age=300"));
    let response = get(&server.jwks_uri()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["etag"], "\"v1\"");

    let table = [
        ("\"v1\"", StatusCode::NOT_MODIFIED),
        ("W/\"v1\"", StatusCode::NOT_MODIFIED),
        ("\"v0\", \"v1\"", StatusCode::NOT_MODIFIED),
        ("*", StatusCode::NOT_MODIFIED),
        ("\"v2\"", StatusCode::OK),
        ("v1", StatusCode::OK),
    ];
    for (if_none_match, expected) in table {
        let response = client()
            .get(server.jwks_uri())
            .header("if-none-match", if_none_match)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), expected, "{if_none_match}");
        assert_eq!(response.headers()["etag"], "\"v1\"");
        assert_eq!(response.headers()["cache-control"], "max-age=300");
        let body = response.text().await.unwrap();
        assert_eq!(body.is_empty(), expected == StatusCode::NOT_MODIFIED);
    }
    assert_eq!(server.not_modified(), 4);
    assert_eq!(server.hits(Endpoint::Jwks), 7);
    assert_eq!(
        server.last_request_header(Endpoint::Jwks, "if-none-match"),
        Some("v1".to_owned())
    );

    // A new key set with a new tag: the old tag no longer matches.
    server.set_etag(Some("\"v2\""));
    let response = client()
        .get(server.jwks_uri())
        .header("if-none-match", "\"v1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    server.set_etag(None);
    let response = client()
        .get(server.jwks_uri())
        .header("if-none-match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("etag").is_none());
    assert_eq!(server.not_modified(), 4);
}

#[tokio::test]
async fn a_slow_endpoint_outlasts_a_client_timeout() {
    let server = JwksServer::start().await.unwrap();
    server.set_delay(Duration::from_secs(30));
    let impatient = jwt_ring_testkit::http_client_builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = impatient.get(server.jwks_uri()).send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.hits(Endpoint::Jwks), 1);

    server.set_delay(Duration::ZERO);
    let response = impatient.get(server.jwks_uri()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(Endpoint::Jwks), 2);
}

#[tokio::test]
async fn a_slow_metadata_endpoint_outlasts_a_client_timeout() {
    let server = JwksServer::start().await.unwrap();
    server.set_metadata_delay(Duration::from_secs(30));
    let impatient = jwt_ring_testkit::http_client_builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = impatient
        .get(server.openid_configuration_url())
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The key set is not slowed down.
    let response = impatient.get(server.jwks_uri()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn oversized_and_malformed_bodies() {
    let server = JwksServer::start().await.unwrap();
    for len in [300 * 1024, 2 * 1024 * 1024] {
        server.set_oversized_jwks(len);
        let body = get(&server.jwks_uri()).await.bytes().await.unwrap();
        assert_eq!(body.len(), len);
        let document: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(document["keys"], Value::Array(Vec::new()));
    }

    server.set_malformed_jwks();
    let response = get(&server.jwks_uri()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&body).is_err());
    assert!(JwkSet::from_json(&body).is_err());

    server.set_jwks_body(vec![0xff, 0xfe, 0x00]);
    let body = get(&server.jwks_uri()).await.bytes().await.unwrap();
    assert_eq!(&body[..], [0xff, 0xfe, 0x00]);
}

#[tokio::test]
async fn counts_every_request_per_endpoint() {
    let server = JwksServer::start().await.unwrap();
    let http = client();
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..50 {
        requests.spawn(http.get(server.jwks_uri()).send());
    }
    for response in requests.join_all().await {
        assert_eq!(response.unwrap().status(), StatusCode::OK);
    }
    get(&server.openid_configuration_url()).await;
    get(&server.url("/nothing-here")).await;
    assert_eq!(server.hits(Endpoint::Jwks), 50);
    assert_eq!(server.hits(Endpoint::OpenidConfiguration), 1);
    assert_eq!(server.hits(Endpoint::OauthAuthorizationServer), 0);
    assert_eq!(server.hits(Endpoint::Other), 1);

    server.reset_counts();
    for endpoint in [
        Endpoint::Jwks,
        Endpoint::OpenidConfiguration,
        Endpoint::OauthAuthorizationServer,
        Endpoint::Other,
    ] {
        assert_eq!(server.hits(endpoint), 0, "{endpoint:?}");
    }
    assert_eq!(server.not_modified(), 0);
}

#[tokio::test]
async fn records_the_last_request_headers() {
    let server = JwksServer::start().await.unwrap();
    assert_eq!(server.last_request_header(Endpoint::Jwks, "accept"), None);
    client()
        .get(server.jwks_uri())
        .header("accept", "application/jwk-set+json, application/json")
        .header("user-agent", "testkit/1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.last_request_header(Endpoint::Jwks, "accept"),
        Some("application/jwk-set+json, application/json".to_owned())
    );
    assert_eq!(
        server.last_request_header(Endpoint::Jwks, "user-agent"),
        Some("testkit/1".to_owned())
    );
    assert_eq!(
        server.last_request_header(Endpoint::OpenidConfiguration, "accept"),
        None
    );
}

#[tokio::test]
async fn down_refuses_connections_and_up_listens_on_the_same_port() {
    let server = JwksServer::start().await.unwrap();
    let http = client();
    // A kept-alive connection must not survive the outage either.
    assert_eq!(
        http.get(server.jwks_uri()).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert!(server.is_up());

    server.down().await;
    assert!(!server.is_up());
    let error = http.get(server.jwks_uri()).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    let error = client().get(server.jwks_uri()).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    server.down().await;

    let addr = server.addr();
    server.up().await.unwrap();
    server.up().await.unwrap();
    assert!(server.is_up());
    assert_eq!(server.addr(), addr);
    assert_eq!(
        http.get(server.jwks_uri()).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(server.hits(Endpoint::Jwks), 2);
}

#[tokio::test]
async fn down_answers_a_delayed_request_at_once() {
    let server = JwksServer::start().await.unwrap();
    server.set_delay(Duration::from_secs(600));
    let uri = server.jwks_uri();
    let pending = tokio::spawn(async move { client().get(uri).send().await });
    for _ in 0..1000 {
        if server.hits(Endpoint::Jwks) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(server.hits(Endpoint::Jwks), 1, "the request never arrived");
    server.down().await;
    // Bounded, so that a server that keeps the request waiting fails the test instead of hanging.
    let response = tokio::time::timeout(Duration::from_secs(30), pending)
        .await
        .expect("the delayed request was not answered")
        .unwrap()
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn dropping_the_server_answers_a_delayed_request_at_once() {
    let server = JwksServer::start().await.unwrap();
    server.set_delay(Duration::from_secs(600));
    let uri = server.jwks_uri();
    let pending = tokio::spawn(async move { client().get(uri).send().await });
    for _ in 0..1000 {
        if server.hits(Endpoint::Jwks) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(server.hits(Endpoint::Jwks), 1, "the request never arrived");
    drop(server);
    // Bounded, so that a server that keeps the request waiting fails the test instead of hanging.
    let response = tokio::time::timeout(Duration::from_secs(30), pending)
        .await
        .expect("the delayed request was not answered")
        .unwrap()
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = JwksServer::start().await.unwrap();
    let url = server.jwks_uri();
    assert_eq!(get(&url).await.status(), StatusCode::OK);
    drop(server);
    let mut refused = false;
    for _ in 0..100 {
        if client().get(&url).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the server still answers after drop");
}
