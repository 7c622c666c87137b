//! The request a DPoP proof is checked against.

use std::fmt;

/// The `DPoP` header values a request carried.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ProofHeaders<'a> {
    None,
    One(&'a [u8]),
    Many,
}

/// What the server knows of a request: its method, its URI as the client reached it, its
/// `DPoP` headers and the access token presented with them.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::dpop::DpopRequest;
///
/// let headers: Vec<&[u8]> = vec![b"eyJ...proof"];
/// let request = DpopRequest::new("GET", "https://api.example/orders")
///     .proof_headers(headers)
///     .access_token("the-access-token");
/// # let _ = request;
/// ```
#[derive(Clone, Copy)]
pub struct DpopRequest<'a> {
    pub(crate) method: &'a str,
    pub(crate) uri: &'a str,
    pub(crate) proofs: ProofHeaders<'a>,
    pub(crate) access_token: Option<&'a str>,
}

impl<'a> DpopRequest<'a> {
    /// A `method` request (case-sensitive, `GET`, `POST`, ..) to `uri`: the absolute URI the
    /// request was sent to, as the server is reached publicly (behind a proxy, the public
    /// scheme, host and port, not the internal ones). Its query and fragment are ignored.
    pub fn new(method: &'a str, uri: &'a str) -> Self {
        Self {
            method,
            uri,
            proofs: ProofHeaders::None,
            access_token: None,
        }
    }

    /// All of the request's `DPoP` header values. None is
    /// [`DpopError::Missing`](super::DpopError::Missing), several
    /// [`DpopError::MultipleProofs`](super::DpopError::MultipleProofs).
    pub fn proof_headers<I: IntoIterator<Item = &'a [u8]>>(mut self, values: I) -> Self {
        let mut values = values.into_iter();
        self.proofs = match (values.next(), values.next()) {
            (None, _) => ProofHeaders::None,
            (Some(one), None) => ProofHeaders::One(one),
            (Some(_), Some(_)) => ProofHeaders::Many,
        };
        self
    }

    /// The access token presented with the proof (`Authorization: DPoP <token>`): the proof
    /// must then carry its hash as `ath`.
    pub fn access_token(mut self, token: &'a str) -> Self {
        self.access_token = Some(token);
        self
    }
}

impl fmt::Debug for DpopRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proofs = match self.proofs {
            ProofHeaders::None => 0,
            ProofHeaders::One(_) => 1,
            ProofHeaders::Many => 2,
        };
        f.debug_struct("DpopRequest")
            .field("method", &self.method)
            .field("proof_headers", &proofs)
            .field("has_access_token", &self.access_token.is_some())
            .finish()
    }
}
