//! The authorization-code flow against the provider's development login and consent pages,
//! for tests that need a real ID token (with `nonce`, `at_hash`, `c_hash`).

use std::collections::BTreeMap;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::error::Error;
use crate::provider::OidcProvider;

/// What to ask the authorization endpoint for.
#[derive(Clone, Debug)]
pub struct AuthorizationRequest<'a> {
    /// The client (registered with a redirect URI of [`REDIRECT_URI`](crate::REDIRECT_URI)).
    pub client_id: &'a str,
    /// `code` or, for the hybrid flow, `code id_token`.
    pub response_type: &'a str,
    /// Scopes, `openid` first.
    pub scope: &'a str,
    /// The `nonce` the ID token must carry.
    pub nonce: &'a str,
    /// Who logs in on the development login page.
    pub login: &'a str,
    /// `max_age`, if any (OpenID Connect Core §3.1.2.1).
    pub max_age: Option<u64>,
}

/// Where the flow ended: the redirect URI's parameters.
#[derive(Clone, Debug, Default)]
pub struct AuthorizationResponse {
    /// Every parameter of the final redirect (`code`, `state`, and `id_token` for a hybrid
    /// flow), from the query or the fragment.
    pub params: BTreeMap<String, String>,
}

impl AuthorizationResponse {
    /// One parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

impl OidcProvider {
    /// Runs the authorization request, logs `request.login` in and consents on the development
    /// pages, and returns the parameters of the final redirect to the client. Cookies are
    /// carried by hand from response to request; redirects are followed up to the client's.
    ///
    /// # Errors
    ///
    /// [`Error::Http`], or [`Error::Authorization`] when a step does not answer as expected.
    pub async fn authorize(
        &self,
        request: &AuthorizationRequest<'_>,
    ) -> Result<AuthorizationResponse, Error> {
        let mut query = vec![
            ("client_id", request.client_id.to_owned()),
            ("response_type", request.response_type.to_owned()),
            ("scope", request.scope.to_owned()),
            ("nonce", request.nonce.to_owned()),
            ("state", "testkit-state".to_owned()),
            ("redirect_uri", crate::REDIRECT_URI.to_owned()),
        ];
        if let Some(max_age) = request.max_age {
            query.push(("max_age", max_age.to_string()));
        }
        let mut cookies = BTreeMap::new();
        let mut url = reqwest::Url::parse_with_params(&self.authorization_endpoint(), &query)
            .map_err(|_| Error::Authorization("authorization URL".to_owned()))?;
        // auth -> interaction (login) -> auth -> interaction (consent) -> auth -> client.
        for _ in 0..12 {
            if url.as_str().starts_with(crate::REDIRECT_URI) {
                return Ok(final_params(&url));
            }
            let response = if let Some(uid) = interaction_uid(&url) {
                let prompt = self.prompt(&url, &cookies).await?;
                let mut form = vec![("prompt", prompt.clone())];
                if prompt == "login" {
                    form.push(("login", request.login.to_owned()));
                    form.push(("password", "testkit".to_owned()));
                }
                let _ = uid;
                self.http()
                    .post(url.clone())
                    .header(COOKIE, cookie_header(&cookies))
                    .form(&form)
                    .send()
                    .await?
            } else {
                self.http()
                    .get(url.clone())
                    .header(COOKIE, cookie_header(&cookies))
                    .send()
                    .await?
            };
            for value in response.headers().get_all(SET_COOKIE) {
                if let Some((name, value)) = value
                    .to_str()
                    .ok()
                    .and_then(|cookie| cookie.split(';').next())
                    .and_then(|pair| pair.split_once('='))
                {
                    cookies.insert(name.trim().to_owned(), value.trim().to_owned());
                }
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|value| value.to_str().ok())
                .ok_or_else(|| Error::Authorization(format!("no redirect from {}", url.path())))?;
            url = url
                .join(location)
                .map_err(|_| Error::Authorization("bad redirect".to_owned()))?;
        }
        Err(Error::Authorization("too many redirects".to_owned()))
    }

    /// Which prompt the interaction page shows: `login` or `consent`.
    async fn prompt(
        &self,
        url: &reqwest::Url,
        cookies: &BTreeMap<String, String>,
    ) -> Result<String, Error> {
        let page = self
            .http()
            .get(url.clone())
            .header(COOKIE, cookie_header(cookies))
            .send()
            .await?
            .text()
            .await?;
        if page.contains("name=\"prompt\" value=\"login\"") {
            Ok("login".to_owned())
        } else if page.contains("name=\"prompt\" value=\"consent\"") {
            Ok("consent".to_owned())
        } else {
            Err(Error::Authorization(format!(
                "unexpected interaction page at {}",
                url.path()
            )))
        }
    }
}

fn interaction_uid(url: &reqwest::Url) -> Option<String> {
    url.path()
        .strip_prefix("/interaction/")
        .map(|uid| uid.trim_end_matches('/').to_owned())
}

fn cookie_header(cookies: &BTreeMap<String, String>) -> String {
    cookies
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn final_params(url: &reqwest::Url) -> AuthorizationResponse {
    let mut params: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
    if let Some(fragment) = url.fragment() {
        params.extend(
            reqwest::Url::parse(&format!("http://f/?{fragment}"))
                .map(|parsed| parsed.query_pairs().into_owned().collect::<Vec<_>>())
                .unwrap_or_default(),
        );
    }
    AuthorizationResponse { params }
}
