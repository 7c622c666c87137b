//! An OAuth 2.0 resource server's verify path for JWT access tokens (RFC 9068).
//!
//! The authorization server half publishes its public keys as a JWK Set (the document behind its
//! `jwks_uri`) and mints an access token. The resource server half parses that JWK Set text the
//! way it would after fetching it, then checks each request's bearer token: signature by `kid`,
//! `typ: at+jwt`, issuer, audience, expiry, and the `scope` the endpoint needs.
//!
//! Run with `cargo run --example resource_server`.

use jwt_ring::jwk::{Jwk, JwkSet};
use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{ClaimName, Claims, Header, Validator, VerifyError, ecdsa, eddsa, encode};
use serde::{Deserialize, Serialize};

const ISSUER: &str = "https://auth.example.com";
const RESOURCE: &str = "https://api.example.com/orders";
const NEEDED_SCOPE: &str = "orders:read";

/// The RFC 9068 claims beyond the registered ones.
#[derive(Debug, Serialize, Deserialize)]
struct AccessClaims {
    /// The OAuth client the token was issued to (RFC 9068 §2.2, RFC 8693 §4.3).
    client_id: String,
    /// Space-separated scopes (RFC 9068 §2.2.3, RFC 8693 §4.2).
    scope: String,
}

/// The authorization server: signs access tokens and publishes its public keys.
struct AuthorizationServer {
    current: ecdsa::SigningKey,
    /// A second key, already published so that resource servers have it before rotation.
    next: eddsa::SigningKey,
}

impl AuthorizationServer {
    fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let (current, _pkcs8) = ecdsa::SigningKey::generate(&ecdsa::ES256)?;
        let (next, _pkcs8) = eddsa::SigningKey::generate()?;
        Ok(Self {
            current: current.with_key_id("as-2026-11-es256"),
            next: next.with_key_id("as-2026-12-eddsa"),
        })
    }

    /// The JSON served at `jwks_uri`: public keys only, each with `kid`, `alg` and `use`.
    fn jwks_document(&self) -> String {
        let keys: [Jwk; 2] = [
            self.current.verifying_key().to_jwk(),
            self.next.verifying_key().to_jwk(),
        ];
        let members: Vec<String> = keys.iter().map(Jwk::to_json).collect();
        format!("{{\"keys\":[{}]}}", members.join(","))
    }

    /// An RFC 9068 access token for `audience`.
    fn issue(
        &self,
        audience: &str,
        scope: &str,
        now: OffsetDateTime,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let claims = Claims::new(AccessClaims {
            client_id: "s6BhdRkqt3".to_owned(),
            scope: scope.to_owned(),
        })
        .with_issuer(ISSUER)
        .with_subject("user-5ba552d67")
        .with_audience(audience)
        .with_jwt_id(format!("at-{}", now.unix_timestamp()))
        .valid_for(now, Duration::minutes(5));
        // RFC 9068 §2.1: the header's `typ` is "at+jwt".
        let header = Header::new().with_typ("at+jwt");
        Ok(encode(&header, &claims, &self.current)?)
    }
}

/// What the resource server answers.
#[derive(Debug)]
enum Decision {
    Allow {
        sub: String,
        client_id: String,
    },
    /// RFC 6750 §3.1 `insufficient_scope` (HTTP 403).
    InsufficientScope,
    /// RFC 6750 §3.1 `invalid_token` (HTTP 401), with the typed reason for the logs.
    InvalidToken(VerifyError),
}

/// The resource server's check of a bearer token for an endpoint that needs `NEEDED_SCOPE`.
fn authorize(validator: &Validator, bearer: &str) -> Decision {
    let token = match validator.verify::<AccessClaims>(bearer) {
        Ok(token) => token,
        Err(error) => return Decision::InvalidToken(error),
    };
    let claims = token.into_claims();
    if !claims
        .custom
        .scope
        .split(' ')
        .any(|scope| scope == NEEDED_SCOPE)
    {
        return Decision::InsufficientScope;
    }
    Decision::Allow {
        sub: claims.registered.sub().unwrap_or_default().to_owned(),
        client_id: claims.custom.client_id,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let authorization_server = AuthorizationServer::new()?;
    let document = authorization_server.jwks_document();
    println!("jwks_uri serves {} bytes of JWK Set", document.len());

    // --- Resource server: load the JWK Set as fetched. --------------------------------------
    let jwks = JwkSet::from_json(&document)?;
    for jwk in jwks.jwks() {
        println!(
            "  key kid={} kty={} alg={}",
            jwk.kid().unwrap_or("-"),
            jwk.key_type(),
            jwk.algorithm().unwrap_or("-")
        );
    }
    for skipped in jwks.skipped() {
        println!("  skipped key #{}: {}", skipped.index, skipped.reason);
    }
    assert!(jwks.skipped().is_empty());

    let validator = Validator::builder()
        .key_resolver(jwks)
        .typ("at+jwt")
        .issuer(ISSUER)
        .audience(RESOURCE)
        .require_claim("sub")
        .require_claim("client_id")
        .require_claim("jti")
        .require_claim("iat")
        .require_claim("scope")
        .leeway(Duration::seconds(30))
        .build()?;

    // --- A request with a good token. --------------------------------------------------------
    let now = OffsetDateTime::now_utc();
    let token = authorization_server.issue(RESOURCE, "openid orders:read orders:write", now)?;
    match authorize(&validator, &token) {
        Decision::Allow { sub, client_id } => {
            println!("200 OK: {NEEDED_SCOPE} granted to {sub} via client {client_id}");
        }
        other => panic!("expected the token to be accepted, got {other:?}"),
    }

    // --- A valid token without the scope this endpoint needs. --------------------------------
    let token = authorization_server.issue(RESOURCE, "openid profile", now)?;
    let decision = authorize(&validator, &token);
    assert!(matches!(decision, Decision::InsufficientScope));
    println!("403 insufficient_scope: the token lacks {NEEDED_SCOPE}");

    // --- A token minted for another resource server. -----------------------------------------
    let token = authorization_server.issue("https://billing.example.com", "orders:read", now)?;
    match authorize(&validator, &token) {
        Decision::InvalidToken(VerifyError::Claim(error)) if error.claim() == &ClaimName::Aud => {
            println!(
                "401 invalid_token: {error} (claim {:?}, failure {:?})",
                error.claim(),
                error.failure()
            );
        }
        other => panic!("expected an audience error, got {other:?}"),
    }
    Ok(())
}
