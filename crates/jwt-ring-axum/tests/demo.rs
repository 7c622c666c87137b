//! The orders API's demo mode: without an outside issuer, the four requests it prints get the
//! answers it says, sent as printed.

#[path = "../examples/orders_api/main.rs"]
mod orders_api;

use orders_api::demo;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_answers_its_printed_requests_as_it_says() {
    let demo = demo::start("127.0.0.1:0").await.expect("the demo starts");
    assert_eq!(demo.requests.len(), 4);
    let statuses: Vec<u16> = demo.requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 403, 401, 200]);
    let banner = demo::banner(&demo);
    let client = jwt_ring_testkit::http_client().unwrap();
    for request in &demo.requests {
        // The command printed is this request, header for header.
        let curl = request.curl();
        assert!(banner.contains(&curl), "{banner}");
        assert!(curl.ends_with(&request.url), "{curl}");
        for (name, value) in &request.headers {
            assert!(curl.contains(&format!("-H '{name}: {value}'")), "{curl}");
        }
        let mut call = match request.method {
            "POST" => client.post(&request.url),
            _ => client.get(&request.url),
        };
        for (name, value) in &request.headers {
            call = call.header(*name, value);
        }
        let response = call.send().await.expect("the API answers");
        assert_eq!(
            response.status().as_u16(),
            request.status,
            "{}",
            request.label
        );
        let challenge = response
            .headers()
            .get("www-authenticate")
            .map(|value| value.to_str().unwrap_or_default().to_owned());
        match request.status {
            403 => assert!(
                challenge.as_deref().is_some_and(|c| c.contains("insufficient_scope")
                    && c.contains("orders:write")),
                "{challenge:?}"
            ),
            401 => assert!(
                challenge
                    .as_deref()
                    .is_some_and(|c| c.contains("invalid_token")),
                "{challenge:?}"
            ),
            _ => assert!(
                response.text().await.unwrap().contains("alice") || request.method == "POST"
            ),
        }
    }
    // The DPoP proof is single-use: the same command again is a replay.
    let dpop = &demo.requests[3];
    let mut again = client.get(&dpop.url);
    for (name, value) in &dpop.headers {
        again = again.header(*name, value);
    }
    assert_eq!(again.send().await.unwrap().status().as_u16(), 401);
}
