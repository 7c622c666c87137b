//! [`DpopSettings`]: how a [`ResourceServer`](crate::ResourceServer) checks DPoP proofs
//! (RFC 9449 §7).

use std::fmt;
use std::sync::Arc;

use jwt_ring::oauth::AsyncReplayStore;
use jwt_ring::oauth::dpop::DpopVerifier;

/// DPoP for a resource server: the proof rules, the store that remembers proofs' `jti`s, and
/// the origin clients address the API by.
///
/// With it, a [`ResourceServer`](crate::ResourceServer) accepts `Authorization: DPoP <token>`
/// with one `DPoP` proof header, and refuses a DPoP-bound token presented as `Bearer`
/// (RFC 9449 §7.2). Behind several instances, share one store between them
/// (`jwt-ring-redis`): a proof seen by one instance is then refused by all.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use jwt_ring::oauth::MemoryReplayStore;
/// use jwt_ring::oauth::dpop::DpopVerifier;
/// use jwt_ring_axum::DpopSettings;
///
/// let dpop = DpopSettings::new(
///     DpopVerifier::builder().build()?,
///     Arc::new(MemoryReplayStore::default()),
///     "https://api.example",
/// );
/// assert_eq!(dpop.htu("/orders"), "https://api.example/orders");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct DpopSettings {
    verifier: Arc<DpopVerifier>,
    store: Arc<dyn AsyncReplayStore>,
    origin: Arc<str>,
    required: bool,
}

impl DpopSettings {
    /// Proofs checked by `verifier`, their `jti`s remembered in `store`, for an API that
    /// clients reach at `public_origin` (`https://api.example`, the scheme, host and port in
    /// the clients' URLs: behind a proxy, not the address the process listens on).
    pub fn new(
        verifier: DpopVerifier,
        store: Arc<dyn AsyncReplayStore>,
        public_origin: impl Into<String>,
    ) -> Self {
        let origin: String = public_origin.into();
        Self {
            verifier: Arc::new(verifier),
            store,
            origin: Arc::from(origin.trim_end_matches('/')),
            required: false,
        }
    }

    /// Refuses bearer tokens altogether: every request must present a DPoP-bound token.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The URI a proof for a request to `path` must name in `htu`.
    pub fn htu(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    pub(crate) fn verifier(&self) -> &DpopVerifier {
        &self.verifier
    }

    pub(crate) fn store(&self) -> &dyn AsyncReplayStore {
        &*self.store
    }

    pub(crate) fn is_required(&self) -> bool {
        self.required
    }
}

impl fmt::Debug for DpopSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopSettings")
            .field("verifier", &self.verifier)
            .field("origin", &self.origin)
            .field("required", &self.required)
            .finish_non_exhaustive()
    }
}
