//! The README's resource-server code, run as written: the paved path must refuse what a
//! resource server must. An earlier README built a plain `Validator` here, which accepted a
//! DPoP-bound token presented as a bearer token and a `typ: JWT` token (an ID token, say) signed
//! by the issuer for the same audience.
//!
//! The README block's first line discovers `https://issuer.example`; here the keys come from a
//! local issuer on loopback instead. Its other lines are the code between the markers below,
//! and `the_readme_shows_the_code_this_test_runs` fails if the two drift apart.

mod support;

use jwt_ring::oauth::{AccessTokenClaims, AccessTokenError, Confirmation};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, ConfigError, Header, HeaderError, NoCustomClaims, Token, VerifyError, encode,
};
use jwt_ring_http::RemoteKeys;
use jwt_ring_testkit::JwksServer;
use support::{jwks, key, loopback};

const README: &str = include_str!("../../../README.md");
const THIS_FILE: &str = include_str!("readme_resource_server.rs");
const RESOURCE: &str = "https://api.example";

async fn readme_code(
    keys: RemoteKeys,
    bearer_token: &str,
) -> Result<Token<AccessTokenClaims>, Box<dyn std::error::Error>> {
    // README begin
    let validator = keys.access_token_validator("https://api.example").build()?;
    let access = validator.verify::<NoCustomClaims>(bearer_token).await?;
    // README end
    Ok(access)
}

/// The lines of the README's resource-server block.
fn readme_block() -> Vec<&'static str> {
    let start = README
        .find("```rust,ignore\nlet keys = jwt_ring_http::RemoteKeys::discover(")
        .expect("the README's resource-server block");
    README[start..]
        .lines()
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .collect()
}

#[test]
fn the_readme_shows_the_code_this_test_runs() {
    let start = THIS_FILE.find("// README begin\n").unwrap() + "// README begin\n".len();
    let end = THIS_FILE.find("    // README end").unwrap();
    let ours: Vec<&str> = THIS_FILE[start..end].lines().map(str::trim).collect();
    let block = readme_block();
    assert_eq!(block.len(), 3, "{block:?}");
    assert_eq!(block[1..], ours[..]);
}

/// A token for the README's resource from the local issuer: `typ`, and `cnf.jkt` when given.
fn token(
    signer: &jwt_ring::ecdsa::SigningKey,
    issuer: &str,
    typ: &str,
    jkt: Option<&str>,
) -> String {
    let now = OffsetDateTime::now_utc();
    let mut custom = AccessTokenClaims::new("client-1", NoCustomClaims {});
    custom.cnf = jkt.map(|jkt| Confirmation {
        jkt: Some(jkt.to_owned()),
        x5t_s256: None,
    });
    let claims = Claims::new(custom)
        .with_issuer(issuer)
        .with_audience(RESOURCE)
        .with_subject("alice")
        .with_issued_at(now.into())
        .with_jwt_id("t-1")
        .valid_for(now, Duration::minutes(5));
    encode(&Header::new().with_typ(typ), &claims, signer).unwrap()
}

async fn discover(server: &JwksServer) -> RemoteKeys {
    RemoteKeys::builder()
        .http(loopback())
        .discover(&server.issuer())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_readme_code_refuses_bound_and_untyped_tokens() {
    let server = JwksServer::start().await.unwrap();
    let signer = key("k1");
    server.set_jwks(&jwks(&[&signer]));
    let issuer = server.issuer();

    let access = token(&signer, &issuer, "at+jwt", None);
    let verified = readme_code(discover(&server).await, &access).await.unwrap();
    assert_eq!(verified.claims().custom.client_id, "client-1");

    // A DPoP-bound token presented as a bearer token.
    let bound = token(
        &signer,
        &issuer,
        "at+jwt",
        Some("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"),
    );
    let error = readme_code(discover(&server).await, &bound)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.downcast_ref(),
            Some(AccessTokenError::UncheckedBinding)
        ),
        "{error:?}"
    );

    // A token of the same issuer and audience typed as a plain JWT (an ID token, say).
    let plain = token(&signer, &issuer, "JWT", None);
    let error = readme_code(discover(&server).await, &plain)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.downcast_ref(),
            Some(AccessTokenError::Verify(VerifyError::Header(
                HeaderError::UnexpectedType
            )))
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_issuer_is_the_discovered_one_or_given_once() {
    let server = JwksServer::start().await.unwrap();
    let signer = key("k1");
    server.set_jwks(&jwks(&[&signer]));
    let issuer = server.issuer();
    let keys = discover(&server).await;
    // Naming the discovered issuer again is allowed; naming another is a contradiction.
    assert!(
        keys.access_token_validator(RESOURCE)
            .issuer(issuer.as_str())
            .build()
            .is_ok()
    );
    assert!(matches!(
        keys.access_token_validator(RESOURCE)
            .issuer("https://other.example")
            .build(),
        Err(ConfigError::Conflicting)
    ));
    // Keys without discovery know no issuer until it is given.
    let bare = RemoteKeys::builder()
        .http(loopback())
        .jwks_uri(&server.jwks_uri())
        .await
        .unwrap();
    assert!(matches!(
        bare.access_token_validator(RESOURCE).build(),
        Err(ConfigError::EmptyList)
    ));
    let validator = bare
        .access_token_validator(RESOURCE)
        .issuer(issuer.as_str())
        .leeway(Duration::seconds(5))
        .build()
        .unwrap();
    let access = token(&signer, &issuer, "at+jwt", None);
    assert!(validator.verify::<NoCustomClaims>(&access).await.is_ok());
    // The settings given reach the core validator.
    let scoped = bare
        .access_token_validator(RESOURCE)
        .issuer(issuer.as_str())
        .requires_scopes(jwt_ring::oauth::ScopeRequirement::all(["orders:read"]))
        .build()
        .unwrap();
    assert!(matches!(
        scoped.verify::<NoCustomClaims>(&access).await,
        Err(AccessTokenError::InsufficientScope(_))
    ));
    let second_name = bare
        .access_token_validator("https://api2.example")
        .resource(RESOURCE)
        .issuer(issuer.as_str())
        .build()
        .unwrap();
    assert!(second_name.verify::<NoCustomClaims>(&access).await.is_ok());
}
