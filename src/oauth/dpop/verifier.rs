//! The server's side: checking a proof against the request (RFC 9449 §4.3, §11.1).

use std::fmt;

use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::DPOP_TYPE;
use super::error::DpopError;
use super::htu::normalize_htu;
use super::nonce::NonceIssuer;
use super::proof::{DpopProof, UnrecordedProof, access_token_hash, replay_key};
use super::request::{DpopRequest, ProofHeaders};
use crate::claims::NumericDate;
use crate::error::{ConfigError, HeaderError, VerifyError};
use crate::json::starts_as_object;
use crate::jwk::{Jwk, ThumbprintHash};
use crate::replay::{AsyncReplayStore, ReplayStore, ScopeKind};
use crate::token::UntrustedToken;

/// The algorithms a [`DpopVerifier`] accepts unless told otherwise: every asymmetric JWS
/// algorithm this crate verifies with a key from a JWK.
pub const DPOP_ALGORITHMS: [&str; 10] = [
    "ES256", "ES384", "EdDSA", "Ed25519", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
];

/// How old a proof may be unless set otherwise: 60 seconds.
pub const DEFAULT_MAX_AGE: Duration = Duration::seconds(60);

/// How far in the future a proof's `iat` may be unless set otherwise: 5 seconds.
pub const DEFAULT_FUTURE_SKEW: Duration = Duration::seconds(5);

/// The longest proof accepted unless set otherwise, in bytes: 8 KiB (an RSA-4096 proof is
/// under 2 KiB).
pub const DEFAULT_MAX_PROOF_LEN: usize = 8 * 1024;

/// The longest `jti` accepted unless set otherwise, in bytes.
pub const DEFAULT_MAX_JTI_LEN: usize = 256;

/// The replay store's scope for proofs unless set otherwise.
pub const DEFAULT_REPLAY_SCOPE: &str = "dpop";

/// Checks DPoP proofs (RFC 9449 §4.3) for one server. Built once, shared across threads.
///
/// See the [module documentation](super) for the checks and their order.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::dpop::{DpopError, DpopKey, DpopRequest, DpopVerifier, NonceIssuer, ProofOptions};
/// use time::{Duration, OffsetDateTime};
///
/// let verifier = DpopVerifier::builder()
///     .algorithms(["ES256", "EdDSA"])
///     .nonces(NonceIssuer::new(&[42u8; 32], Duration::minutes(5))?)
///     .build()?;
/// let now = OffsetDateTime::now_utc();
/// let key = DpopKey::generate("ES256")?;
///
/// // Without a nonce the client is told to get one.
/// let proof = key.proof_at("POST", "https://as.example/token", &ProofOptions::new(), now)?;
/// let request = DpopRequest::new("POST", "https://as.example/token").proof_headers([proof.as_bytes()]);
/// assert!(matches!(verifier.check_at(&request, now), Err(DpopError::UseNonce)));
///
/// let nonce = verifier.fresh_nonce(now).unwrap(); // sent as `DPoP-Nonce`
/// let proof = key.proof_at("POST", "https://as.example/token", &ProofOptions::new().nonce(&nonce), now)?;
/// let request = DpopRequest::new("POST", "https://as.example/token").proof_headers([proof.as_bytes()]);
/// assert!(verifier.check_at(&request, now).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DpopVerifier {
    algorithms: Vec<String>,
    max_age: Duration,
    future_skew: Duration,
    nonces: Option<NonceIssuer>,
    max_proof_len: usize,
    max_jti_len: usize,
    replay_scope: String,
}

/// The proof's claims as read: every member optional, so that a missing one is named.
#[derive(Deserialize)]
struct ClaimsIn {
    jti: Option<String>,
    htm: Option<String>,
    htu: Option<String>,
    iat: Option<NumericDate>,
    ath: Option<String>,
    nonce: Option<String>,
}

impl DpopVerifier {
    /// Starts configuring a verifier with the defaults.
    pub fn builder() -> DpopVerifierBuilder {
        DpopVerifierBuilder {
            algorithms: DPOP_ALGORITHMS.iter().map(|a| (*a).to_owned()).collect(),
            max_age: DEFAULT_MAX_AGE,
            future_skew: DEFAULT_FUTURE_SKEW,
            nonces: None,
            max_proof_len: DEFAULT_MAX_PROOF_LEN,
            max_jti_len: DEFAULT_MAX_JTI_LEN,
            replay_scope: DEFAULT_REPLAY_SCOPE.to_owned(),
        }
    }

    /// The algorithms accepted, for the `algs` of a `WWW-Authenticate: DPoP` challenge
    /// (RFC 9449 §7.1).
    pub fn algorithms(&self) -> &[String] {
        &self.algorithms
    }

    /// A nonce issued at `now` for the `DPoP-Nonce` header, when nonces are configured.
    pub fn fresh_nonce(&self, now: OffsetDateTime) -> Option<String> {
        self.nonces.as_ref().map(|nonces| nonces.issue(now))
    }

    /// Applies every check of RFC 9449 §4.3 to `request` as of `now`, except the replay check:
    /// record the result to finish. Pure: no store, no clock.
    ///
    /// # Errors
    ///
    /// The [`DpopError`] of the first failing check, in the order the
    /// [module documentation](super) lists.
    pub fn check_at(
        &self,
        request: &DpopRequest<'_>,
        now: OffsetDateTime,
    ) -> Result<UnrecordedProof, DpopError> {
        let value = match request.proofs {
            ProofHeaders::None => return Err(DpopError::Missing),
            ProofHeaders::Many => return Err(DpopError::MultipleProofs),
            ProofHeaders::One(value) => value,
        };
        if value.len() > self.max_proof_len {
            return Err(DpopError::TooLong);
        }
        let text = std::str::from_utf8(value).map_err(|_| DpopError::Malformed)?;
        let token =
            UntrustedToken::parse_with_limit(text, self.max_proof_len).map_err(|e| match e {
                VerifyError::Header(HeaderError::AlgorithmNone | HeaderError::MissingAlgorithm) => {
                    DpopError::Algorithm
                }
                VerifyError::Header(
                    HeaderError::InvalidCritical | HeaderError::UnsupportedCritical,
                ) => DpopError::Critical,
                _ => DpopError::Malformed,
            })?;
        let header = token.header();
        let typ = header.typ().ok_or(DpopError::MissingClaim("typ"))?;
        if !is_dpop_type(typ) {
            return Err(DpopError::Type);
        }
        let alg = token.algorithm();
        if !self.algorithms.iter().any(|allowed| allowed == alg) {
            return Err(DpopError::Algorithm);
        }
        if header.critical().is_some() {
            return Err(DpopError::Critical);
        }
        let jwk_text = header.jwk().ok_or(DpopError::MissingClaim("jwk"))?;
        // The point of an EC key is not checked on its curve here: ring's ECDSA verification
        // refuses a point off the curve, and the separate check (an ECDH agreement) would cost
        // as much as the signature. It runs only when the signature fails, to name the cause.
        let jwk = Jwk::from_json_unchecked_point(jwk_text).map_err(|_| DpopError::Key)?;
        // `verifier_for` refuses private members and, the algorithm being asymmetric, `oct` keys.
        let verifier = jwk.verifier_for(alg).map_err(|_| DpopError::Key)?;
        if verifier
            .verify(token.signing_input().as_bytes(), token.signature())
            .is_err()
        {
            return Err(if jwk.has_valid_point() {
                DpopError::InvalidSignature
            } else {
                DpopError::Key
            });
        }

        if !starts_as_object(token.payload()) {
            return Err(DpopError::Malformed);
        }
        let claims: ClaimsIn =
            serde_json::from_slice(token.payload()).map_err(|_| DpopError::Malformed)?;
        let jti = claims.jti.ok_or(DpopError::MissingClaim("jti"))?;
        let htm = claims.htm.ok_or(DpopError::MissingClaim("htm"))?;
        let htu = claims.htu.ok_or(DpopError::MissingClaim("htu"))?;
        let iat = claims.iat.ok_or(DpopError::MissingClaim("iat"))?;
        if jti.is_empty() {
            return Err(DpopError::MissingClaim("jti"));
        }
        if jti.len() > self.max_jti_len {
            return Err(DpopError::JtiTooLong);
        }
        if htm != request.method {
            return Err(DpopError::Method);
        }
        let claimed = normalize_htu(&htu).ok_or(DpopError::Uri)?;
        let actual = normalize_htu(request.uri).ok_or(DpopError::Uri)?;
        if claimed != actual {
            return Err(DpopError::Uri);
        }
        if let Some(nonces) = &self.nonces {
            let valid = claims
                .nonce
                .as_deref()
                .is_some_and(|nonce| nonces.is_valid(nonce, now));
            if !valid {
                return Err(DpopError::UseNonce);
            }
        }
        let issued_at = iat.to_offset_date_time();
        if issued_at < now.saturating_sub(self.max_age)
            || issued_at > now.saturating_add(self.future_skew)
        {
            return Err(DpopError::IssuedAt);
        }
        if let Some(access_token) = request.access_token {
            let matches = claims
                .ath
                .as_deref()
                .is_some_and(|ath| ath == access_token_hash(access_token));
            if !matches {
                return Err(DpopError::TokenHash);
            }
        }

        let thumbprint = jwk.thumbprint(ThumbprintHash::Sha256);
        let key = replay_key(&thumbprint, &jti);
        // Remembered past the last moment the proof is accepted (`iat + max_age`), so that it
        // cannot be replayed at the edge of the window.
        let until = issued_at
            .saturating_add(self.max_age)
            .saturating_add(self.future_skew)
            .saturating_add(Duration::SECOND);
        Ok(UnrecordedProof {
            proof: DpopProof {
                thumbprint,
                public_jwk: jwk,
                jti,
                issued_at,
                nonce: claims.nonce,
                ath: claims.ath,
            },
            scope: ScopeKind::Dpop.scope(&self.replay_scope),
            key,
            until,
            access_token: request.access_token.map(str::to_owned),
        })
    }

    /// Checks `request` as [`check_at`](Self::check_at) does and records the proof in
    /// `store`, refusing it if it was seen before (RFC 9449 §11.1).
    ///
    /// # Security
    ///
    /// Record a proof only once the rest of the request is accepted: otherwise anyone can fill
    /// the store with proofs signed by throwaway keys for requests that are refused anyway, and
    /// a full store refuses every client. A resource server checks with
    /// [`check_at`](Self::check_at) and hands the result to
    /// [`AccessTokenValidator::verify_dpop_at`](crate::oauth::AccessTokenValidator::verify_dpop_at),
    /// which records last; this method suits a caller with nothing else to check.
    ///
    /// # Errors
    ///
    /// As for [`check_at`](Self::check_at), [`DpopError::Replayed`], and
    /// [`DpopError::Store`] when the store fails.
    pub fn verify_at(
        &self,
        request: &DpopRequest<'_>,
        store: &dyn ReplayStore,
        now: OffsetDateTime,
    ) -> Result<DpopProof, DpopError> {
        self.check_at(request, now)?.record(store, now)
    }

    /// As [`verify_at`](Self::verify_at), with a store that answers by a future (a store
    /// shared between instances). Runs on any executor; the crate starts none.
    ///
    /// # Errors
    ///
    /// As for [`verify_at`](Self::verify_at).
    pub async fn verify_at_async(
        &self,
        request: &DpopRequest<'_>,
        store: &dyn AsyncReplayStore,
        now: OffsetDateTime,
    ) -> Result<DpopProof, DpopError> {
        self.check_at(request, now)?.record_async(store, now).await
    }
}

/// `dpop+jwt`, in any case, with or without `application/` (RFC 8725 §3.11).
fn is_dpop_type(typ: &str) -> bool {
    let bare = match typ.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("application/") => {
            typ.get(12..).unwrap_or_default()
        }
        _ => typ,
    };
    bare.eq_ignore_ascii_case(DPOP_TYPE)
}

impl fmt::Debug for DpopVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopVerifier")
            .field("algorithms", &self.algorithms)
            .field("max_age", &self.max_age)
            .field("future_skew", &self.future_skew)
            .field("nonces", &self.nonces)
            .field("max_proof_len", &self.max_proof_len)
            .field("max_jti_len", &self.max_jti_len)
            .field("replay_scope", &self.replay_scope)
            .finish()
    }
}

/// Configures a [`DpopVerifier`].
#[derive(Debug)]
pub struct DpopVerifierBuilder {
    algorithms: Vec<String>,
    max_age: Duration,
    future_skew: Duration,
    nonces: Option<NonceIssuer>,
    max_proof_len: usize,
    max_jti_len: usize,
    replay_scope: String,
}

impl DpopVerifierBuilder {
    /// Accepts only these algorithms instead of [`DPOP_ALGORITHMS`]. Each must be one of
    /// [`DPOP_ALGORITHMS`]: symmetric algorithms and `none` are refused by
    /// [`build`](Self::build) (RFC 9449 §4.3 item 5).
    pub fn algorithms<I: IntoIterator<Item = S>, S: Into<String>>(mut self, algorithms: I) -> Self {
        self.algorithms = algorithms.into_iter().map(Into::into).collect();
        self
    }

    /// Refuses proofs issued more than `max_age` ago ([`DEFAULT_MAX_AGE`] otherwise).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// Accepts proofs issued up to `skew` in the future ([`DEFAULT_FUTURE_SKEW`] otherwise),
    /// for clients whose clocks run ahead.
    pub fn future_skew(mut self, skew: Duration) -> Self {
        self.future_skew = skew;
        self
    }

    /// Requires every proof to carry a valid nonce from `issuer` (RFC 9449 §8, §9).
    pub fn nonces(mut self, issuer: NonceIssuer) -> Self {
        self.nonces = Some(issuer);
        self
    }

    /// Refuses proofs longer than `max_len` bytes ([`DEFAULT_MAX_PROOF_LEN`] otherwise).
    pub fn max_proof_len(mut self, max_len: usize) -> Self {
        self.max_proof_len = max_len;
        self
    }

    /// Refuses a `jti` longer than `max_len` bytes ([`DEFAULT_MAX_JTI_LEN`] otherwise).
    pub fn max_jti_len(mut self, max_len: usize) -> Self {
        self.max_jti_len = max_len;
        self
    }

    /// Records proofs under this replay-store scope ([`DEFAULT_REPLAY_SCOPE`] otherwise), to
    /// keep two verifiers' proofs apart in a shared store. The store's scope is `dpop:`
    /// followed by this value, so proofs never share a namespace with client assertions or
    /// revocations.
    pub fn replay_scope(mut self, scope: impl Into<String>) -> Self {
        self.replay_scope = scope.into();
        self
    }

    /// Builds the verifier.
    ///
    /// # Errors
    ///
    /// [`ConfigError::EmptyList`] for an empty algorithm list, [`ConfigError::AlgorithmNone`]
    /// for `none`, [`ConfigError::UnsupportedAlgorithm`] for an algorithm outside
    /// [`DPOP_ALGORITHMS`] (`HS256`, say), and [`ConfigError::OutOfRange`] for a `max_age`
    /// that is not positive, a negative skew, a zero length limit or an empty scope.
    pub fn build(self) -> Result<DpopVerifier, ConfigError> {
        if self.algorithms.is_empty() {
            return Err(ConfigError::EmptyList);
        }
        for alg in &self.algorithms {
            if alg.eq_ignore_ascii_case("none") {
                return Err(ConfigError::AlgorithmNone);
            }
            if !DPOP_ALGORITHMS.contains(&alg.as_str()) {
                return Err(ConfigError::UnsupportedAlgorithm);
            }
        }
        if !self.max_age.is_positive()
            || self.future_skew.is_negative()
            || self.max_proof_len == 0
            || self.max_jti_len == 0
            || self.replay_scope.is_empty()
        {
            return Err(ConfigError::OutOfRange);
        }
        Ok(DpopVerifier {
            algorithms: self.algorithms,
            max_age: self.max_age,
            future_skew: self.future_skew,
            nonces: self.nonces,
            max_proof_len: self.max_proof_len,
            max_jti_len: self.max_jti_len,
            replay_scope: self.replay_scope,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::is_dpop_type;

    #[test]
    fn types() {
        for (typ, ok) in [
            ("dpop+jwt", true),
            ("DPoP+JWT", true),
            ("application/dpop+jwt", true),
            ("APPLICATION/dpop+jwt", true),
            ("application/", false),
            ("applicatio/dpop+jwt", false),
            ("jwt", false),
            ("dpop+jwt ", false),
            ("x/dpop+jwt", false),
        ] {
            assert_eq!(is_dpop_type(typ), ok, "{typ}");
        }
    }
}
