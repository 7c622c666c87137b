//! [`Refusal`]: a refused request, as the response an OAuth client understands.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jwt_ring::oauth::bearer::Rejection;

/// The `DPoP-Nonce` response header (RFC 9449 §8.1).
static DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");

/// Why a request was refused, and the answer it gets: the status, one `WWW-Authenticate`
/// challenge per scheme the server accepts (RFC 6750 §3, RFC 9449 §7.1), and a fresh
/// `DPoP-Nonce` when the proof lacked a valid server nonce (RFC 9449 §8). No body: nothing of
/// the token or the proof is echoed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    rejection: Rejection,
    challenges: Vec<String>,
    dpop_nonce: Option<String>,
}

impl Refusal {
    pub(crate) fn new(
        rejection: Rejection,
        challenges: Vec<String>,
        dpop_nonce: Option<String>,
    ) -> Self {
        Self {
            rejection,
            challenges,
            dpop_nonce,
        }
    }

    /// A refusal of a bearer-only server: the RFC 6750 challenge alone.
    pub(crate) fn bearer(rejection: Rejection, realm: Option<&str>) -> Self {
        let challenges = rejection.challenge(realm).into_iter().collect();
        Self::new(rejection, challenges, None)
    }

    /// The failure, with its status and error code.
    pub fn rejection(&self) -> &Rejection {
        &self.rejection
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.rejection.status()
    }

    /// The `WWW-Authenticate` values, one per scheme (none for a 503).
    pub fn challenges(&self) -> &[String] {
        &self.challenges
    }

    /// The nonce the client must put in its next proof, when it must.
    pub fn dpop_nonce(&self) -> Option<&str> {
        self.dpop_nonce.as_deref()
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        let headers = response.headers_mut();
        for challenge in &self.challenges {
            if let Ok(value) = HeaderValue::from_str(challenge) {
                headers.append(header::WWW_AUTHENTICATE, value);
            }
        }
        if let Some(nonce) = self
            .dpop_nonce
            .as_deref()
            .and_then(|nonce| HeaderValue::from_str(nonce).ok())
        {
            headers.insert(DPOP_NONCE.clone(), nonce);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
