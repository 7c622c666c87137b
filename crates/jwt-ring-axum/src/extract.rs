//! What the layer leaves in a request for the handlers: the verified token and its scope.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use jwt_ring::oauth::{AccessTokenClaims, Scope};
use jwt_ring::{NoCustomClaims, Token};

/// A verified RFC 9068 access token, as a handler argument.
///
/// The [`BearerLayer`](crate::BearerLayer) puts it in the request; a handler on a route the
/// layer does not cover gets a 500 (a wiring mistake, never a client's).
pub struct AccessToken<T = NoCustomClaims>(Arc<Token<AccessTokenClaims<T>>>);

impl<T> AccessToken<T> {
    pub(crate) fn new(token: Token<AccessTokenClaims<T>>) -> Self {
        Self(Arc::new(token))
    }
}

impl<T> Clone for AccessToken<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Deref for AccessToken<T> {
    type Target = Token<AccessTokenClaims<T>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for AccessToken<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("AccessToken").field(&self.0).finish()
    }
}

impl<S: Send + Sync, T: Send + Sync + 'static> FromRequestParts<S> for AccessToken<T> {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<AccessToken<T>>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// The scope granted to the request's access token, whatever its claims type: what
/// [`RequireScopes`](crate::RequireScopes) checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantedScope(pub Scope);
