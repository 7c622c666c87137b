//! [`BearerLayer`]: authenticates every request before the routes see it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::{OriginalUri, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use tower_layer::Layer;
use tower_service::Service;

use crate::extract::GrantedScope;
use crate::server::ResourceServer;

/// A tower layer: requests with a valid access token go on, with the
/// [`AccessToken`](crate::AccessToken) and [`GrantedScope`] in their extensions; the others
/// are answered with the RFC 6750 challenge.
pub struct BearerLayer<T> {
    server: ResourceServer<T>,
}

impl<T> ResourceServer<T> {
    /// The tower layer that authenticates every request.
    pub fn layer(&self) -> BearerLayer<T> {
        BearerLayer {
            server: self.clone(),
        }
    }
}

impl<T> Clone for BearerLayer<T> {
    fn clone(&self) -> Self {
        Self {
            server: self.server.clone(),
        }
    }
}

impl<S, T> Layer<S> for BearerLayer<T> {
    type Service = BearerService<S, T>;

    fn layer(&self, inner: S) -> Self::Service {
        BearerService {
            inner,
            server: self.server.clone(),
        }
    }
}

/// The service [`BearerLayer`] wraps routes in.
pub struct BearerService<S, T> {
    inner: S,
    server: ResourceServer<T>,
}

impl<S: Clone, T> Clone for BearerService<S, T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            server: self.server.clone(),
        }
    }
}

impl<S, T> Service<Request> for BearerService<S, T>
where
    S: Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    T: DeserializeOwned + Send + Sync + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        // The clone that was polled ready is the one to call (tower's usual swap).
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let server = self.server.clone();
        Box::pin(async move {
            // Inside `Router::nest` axum strips the prefix from `request.uri()`; a DPoP proof's
            // `htu` names the URI the client called, which `OriginalUri` keeps.
            let uri = match request.extensions().get::<OriginalUri>() {
                Some(OriginalUri(original)) => original,
                None => request.uri(),
            };
            let verdict = server
                .authenticate(request.method(), uri, request.headers())
                .await;
            match verdict {
                Ok((token, scheme)) => {
                    let scope = GrantedScope(token.claims().custom.scope.clone());
                    request.extensions_mut().insert(token);
                    request.extensions_mut().insert(scope);
                    request.extensions_mut().insert(scheme);
                    inner.call(request).await
                }
                Err(refusal) => Ok(refusal.into_response()),
            }
        })
    }
}
