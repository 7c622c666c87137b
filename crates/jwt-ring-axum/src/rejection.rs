//! A [`Rejection`] turned into the response an OAuth client understands.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jwt_ring::oauth::bearer::Rejection;

/// The status of `rejection` with its `WWW-Authenticate` challenge (none for a 503) and no
/// body: nothing of the token is echoed.
pub(crate) fn respond(rejection: &Rejection, realm: Option<&str>) -> Response {
    let status =
        StatusCode::from_u16(rejection.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = status.into_response();
    let challenge = rejection
        .challenge(realm)
        .and_then(|value| HeaderValue::from_str(&value).ok());
    if let Some(challenge) = challenge {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, challenge);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
