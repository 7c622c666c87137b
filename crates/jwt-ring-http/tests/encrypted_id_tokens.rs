//! Encrypted ID tokens (OpenID Connect Core §10.2) from a real OpenID Provider: panva's
//! `oidc-provider` registers clients with `id_token_encrypted_response_alg` `RSA-OAEP-256`
//! (`enc` `A256GCM`) and `ECDH-ES` (the provider's default `enc`, `A128CBC-HS256`), and signs
//! then encrypts their ID tokens to the clients' keys in the testkit's fixtures. The code flow
//! yields them; `IdTokenValidator` with a decrypter decrypts them and verifies the inner JWS
//! with the provider's keys from discovery.

mod support;

use jwt_ring::jwe::{self, DecryptError, Decrypter, DecryptingKey, NestedError};
use jwt_ring::jwk::DecryptingKeySet;
use jwt_ring::oauth::{IdTokenError, IdTokenExpectations, IdTokenValidator};
use jwt_ring::{Backend, Malformed, NoCustomClaims, VerifyError};
use jwt_ring_http::RemoteKeys;
use jwt_ring_testkit::{
    AuthorizationRequest, CLIENT_ENCRYPTION_PRIVATE_JWKS, ECDH_ES_CLIENT_ID, ECDH_ES_CLIENT_KID,
    ENCRYPTED_CLIENT_SECRET, OidcProvider, REDIRECT_URI, RSA_OAEP_CLIENT_ID, RSA_OAEP_CLIENT_KID,
};
use support::loopback;

/// One registered client and what its ID tokens must look like.
struct Case {
    client_id: &'static str,
    kid: &'static str,
    alg: &'static jwe::KeyAlgorithm,
    enc: &'static jwe::ContentEncryption,
    /// A new key of the same algorithm, not the client's.
    other_key: fn() -> DecryptingKey,
}

fn rsa_oaep_256() -> Case {
    Case {
        client_id: RSA_OAEP_CLIENT_ID,
        kid: RSA_OAEP_CLIENT_KID,
        alg: &jwe::RSA_OAEP_256,
        enc: &jwe::A256GCM,
        other_key: || {
            DecryptingKey::rsa_oaep_generate(&jwe::RSA_OAEP_256, 2048)
                .expect("an RSA key")
                .0
        },
    }
}

fn ecdh_es() -> Case {
    Case {
        client_id: ECDH_ES_CLIENT_ID,
        kid: ECDH_ES_CLIENT_KID,
        alg: ecdh_es_on_aws_lc(),
        enc: &jwe::A128CBC_HS256,
        other_key: || {
            DecryptingKey::ecdh_generate(ecdh_es_on_aws_lc(), jwe::Curve::P256)
                .expect("a P-256 key")
        },
    }
}

/// ECDH-ES decryption keys compute on aws-lc (ring has no static ECDH keys).
fn ecdh_es_on_aws_lc() -> &'static jwe::KeyAlgorithm {
    jwe::ECDH_ES.on(Backend::AwsLc).expect("ECDH-ES on aws-lc")
}

/// The client's own decryption key, from the fixture's JWK Set, pinned to the registered
/// algorithms.
fn client_decrypter(case: &Case) -> Decrypter {
    let set = DecryptingKeySet::from_json(CLIENT_ENCRYPTION_PRIVATE_JWKS).expect("the fixture");
    assert!(set.skipped().is_empty(), "{:?}", set.skipped());
    let key = set
        .into_keys()
        .into_iter()
        .find(|key| key.key_id() == Some(case.kid))
        .expect("the client's key");
    assert_eq!(key.algorithm(), case.alg);
    Decrypter::builder()
        .key(key)
        .allow_algorithms([case.alg])
        .allow_encryptions([case.enc])
        .build()
        .expect("a decrypter")
}

async fn discover(provider: &OidcProvider) -> RemoteKeys {
    RemoteKeys::builder()
        .http(loopback())
        .discover(provider.issuer())
        .await
        .expect("discovery")
}

/// Asserts that `token` is a JWE compact token whose authenticated protected header names the
/// case's `alg` and `enc`, `cty` `JWT`, and the client's key.
fn assert_encrypted_for(case: &Case, token: &str) {
    assert_eq!(token.split('.').count(), 5, "a JWE compact token");
    let decrypted = client_decrypter(case).decrypt(token).expect("decrypts");
    let header = decrypted.header();
    assert_eq!(header.algorithm(), Some(case.alg.name()));
    assert_eq!(header.encryption(), Some(case.enc.name()));
    assert_eq!(header.content_type(), Some("JWT"));
    assert_eq!(header.kid(), Some(case.kid));
    // The plaintext is the signed ID token.
    assert_eq!(decrypted.plaintext().split(|&b| b == b'.').count(), 3);
}

/// The hybrid flow `code id_token token`, whose front-channel ID token carries `at_hash` and
/// `c_hash`, then the code exchanged at the token endpoint for a second ID token.
async fn encrypted_id_tokens_are_decrypted_and_verified(case: Case) {
    let provider = OidcProvider::shared().await.expect("oidc-provider starts");
    let keys = discover(provider).await;
    let nonce = format!("n-{}", case.client_id);
    let authorized = provider
        .authorize(&AuthorizationRequest {
            client_id: case.client_id,
            response_type: "code id_token token",
            scope: "openid",
            nonce: &nonce,
            login: "carol",
            max_age: None,
        })
        .await
        .expect("the hybrid flow");
    let id_token = authorized
        .get("id_token")
        .expect("a front-channel id_token");
    let access_token = authorized.get("access_token").expect("an access token");
    let code = authorized.get("code").expect("a code");
    assert_encrypted_for(&case, id_token);

    let validator = IdTokenValidator::builder(provider.issuer(), case.client_id)
        .key_resolver(keys.key_set().clone())
        .decrypter(client_decrypter(&case))
        .build()
        .expect("a validator");
    let expected = IdTokenExpectations::new()
        .nonce(&nonce)
        .access_token(access_token)
        .require_access_token_hash()
        .code(code)
        .require_code_hash();
    let verified = keys
        .verify_with(id_token, |now| {
            validator.verify_at::<NoCustomClaims>(id_token, &expected, now)
        })
        .await
        .unwrap_or_else(|error| panic!("{}: {error:?}", case.client_id));
    let claims = verified.claims();
    assert_eq!(claims.registered.sub(), Some("carol"));
    assert_eq!(claims.custom.nonce.as_deref(), Some(nonce.as_str()));
    assert!(claims.custom.at_hash.is_some());
    // The inner JWS is signed with the provider's default for ID tokens.
    assert_eq!(verified.header().algorithm(), Some("RS256"));

    // The checks run on the decrypted token: another nonce, another access token.
    assert!(matches!(
        validator.verify::<NoCustomClaims>(id_token, &IdTokenExpectations::new().nonce("another")),
        Err(IdTokenError::NonceMismatch)
    ));
    let swapped = IdTokenExpectations::new()
        .nonce(&nonce)
        .access_token("an access token of another flow");
    assert!(matches!(
        validator.verify::<NoCustomClaims>(id_token, &swapped),
        Err(IdTokenError::AccessTokenHashMismatch)
    ));

    // A decrypter with another key of the same algorithm (and the same `kid`): the one
    // decryption error, before any signature or claim is looked at.
    let wrong_key = IdTokenValidator::builder(provider.issuer(), case.client_id)
        .key_resolver(keys.key_set().clone())
        .decrypter(
            Decrypter::builder()
                .key((case.other_key)().with_key_id(case.kid))
                .build()
                .expect("a decrypter"),
        )
        .build()
        .expect("a validator");
    let refused = wrong_key.verify::<NoCustomClaims>(id_token, &expected);
    assert!(
        matches!(
            refused,
            Err(IdTokenError::Decrypt(NestedError::Outer(
                DecryptError::Decryption
            )))
        ),
        "{refused:?}"
    );
    // Without a decrypter the encrypted token is not a JWS.
    let plain = IdTokenValidator::builder(provider.issuer(), case.client_id)
        .key_resolver(keys.key_set().clone())
        .build()
        .expect("a validator");
    assert!(matches!(
        plain.verify::<NoCustomClaims>(id_token, &expected),
        Err(IdTokenError::Verify(VerifyError::Malformed(Malformed::Jwe)))
    ));

    // The token endpoint's ID token for the same code is encrypted too.
    let response = provider
        .token_request(
            Some((case.client_id, ENCRYPTED_CLIENT_SECRET)),
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT_URI),
            ],
        )
        .await
        .expect("the token endpoint answers");
    assert_eq!(response.status, 200, "{}", response.body);
    let back_channel = response.body["id_token"].as_str().expect("an id_token");
    assert_encrypted_for(&case, back_channel);
    let verified = keys
        .verify_with(back_channel, |now| {
            validator.verify_at::<NoCustomClaims>(
                back_channel,
                &IdTokenExpectations::new().nonce(&nonce),
                now,
            )
        })
        .await
        .unwrap_or_else(|error| panic!("{}: {error:?}", case.client_id));
    assert_eq!(verified.claims().registered.sub(), Some("carol"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_oaep_256_id_tokens_from_the_code_flow_are_decrypted_and_verified() {
    encrypted_id_tokens_are_decrypted_and_verified(rsa_oaep_256()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ecdh_es_id_tokens_from_the_code_flow_are_decrypted_and_verified() {
    encrypted_id_tokens_are_decrypted_and_verified(ecdh_es()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_registered_encryption_refuses_a_signed_id_token() {
    use jwt_ring_testkit::{BASIC_CLIENT_ID, BASIC_CLIENT_SECRET};

    let provider = OidcProvider::shared().await.expect("oidc-provider starts");
    let keys = discover(provider).await;
    // A real signed ID token of the client without encryption ...
    let authorized = provider
        .authorize(&AuthorizationRequest {
            client_id: BASIC_CLIENT_ID,
            response_type: "code",
            scope: "openid",
            nonce: "n-plain",
            login: "carol",
            max_age: None,
        })
        .await
        .expect("the code flow");
    let code = authorized.get("code").expect("a code");
    let response = provider
        .token_request(
            Some((BASIC_CLIENT_ID, BASIC_CLIENT_SECRET)),
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT_URI),
            ],
        )
        .await
        .expect("the token endpoint answers");
    let signed = response.body["id_token"].as_str().expect("an id_token");
    assert_eq!(signed.split('.').count(), 3);
    // ... is refused by name by a validator that decrypts, whatever its audience.
    let validator = IdTokenValidator::builder(provider.issuer(), BASIC_CLIENT_ID)
        .key_resolver(keys.key_set().clone())
        .decrypter(client_decrypter(&rsa_oaep_256()))
        .build()
        .expect("a validator");
    let refused = keys
        .verify_with(signed, |now| {
            validator.verify_at::<NoCustomClaims>(
                signed,
                &IdTokenExpectations::new().nonce("n-plain"),
                now,
            )
        })
        .await;
    assert!(
        matches!(
            refused,
            Err(IdTokenError::Decrypt(NestedError::NotEncrypted))
        ),
        "{refused:?}"
    );
}
