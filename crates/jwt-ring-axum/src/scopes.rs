//! [`require_scopes`]: a per-route scope requirement, answered with `insufficient_scope`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jwt_ring::oauth::ScopeRequirement;
use jwt_ring::oauth::bearer::{AuthScheme, Rejection};
use tower_layer::Layer;
use tower_service::Service;

use crate::extract::GrantedScope;
use crate::rejection::Refusal;

/// A layer for the routes that need `requirement`: put it on them with `route_layer`, inside
/// the [`BearerLayer`](crate::BearerLayer). A token without the scopes gets 403
/// `insufficient_scope` with the scopes the route needs (RFC 6750 §3.1).
pub fn require_scopes(requirement: ScopeRequirement) -> RequireScopesLayer {
    RequireScopesLayer {
        requirement: Arc::new(requirement),
        realm: None,
    }
}

/// The layer [`require_scopes`] returns.
#[derive(Clone, Debug)]
pub struct RequireScopesLayer {
    requirement: Arc<ScopeRequirement>,
    realm: Option<Arc<str>>,
}

impl RequireScopesLayer {
    /// The `realm` of the challenge (as given to the resource server).
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(Arc::from(realm.into()));
        self
    }
}

impl<S> Layer<S> for RequireScopesLayer {
    type Service = RequireScopes<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequireScopes {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`RequireScopesLayer`] wraps routes in.
#[derive(Clone, Debug)]
pub struct RequireScopes<S> {
    inner: S,
    layer: RequireScopesLayer,
}

impl<S> Service<Request> for RequireScopes<S>
where
    S: Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let verdict = match request.extensions().get::<GrantedScope>() {
            // No bearer layer ran before this one: a wiring mistake, not the client's.
            None => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
            Some(GrantedScope(granted)) => {
                self.layer.requirement.check(granted).map_err(|missing| {
                    let rejection = Rejection::from(&missing);
                    let realm = self.layer.realm.as_deref();
                    // Answered in the scheme the token came with (RFC 9449 §7.1).
                    let challenge = match request.extensions().get::<AuthScheme>() {
                        Some(AuthScheme::Dpop) => rejection.dpop_challenge(realm, &[]),
                        _ => rejection.challenge(realm),
                    };
                    Refusal::new(rejection, challenge.into_iter().collect(), None).into_response()
                })
            }
        };
        Box::pin(async move {
            match verdict {
                Ok(()) => inner.call(request).await,
                Err(response) => Ok(response),
            }
        })
    }
}
