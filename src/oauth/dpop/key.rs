//! The client's side: a proof key and the proofs it signs (RFC 9449 §4.2).

use std::fmt;

use crate::backend::primitives::rand::{SecureRandom, SystemRandom};
use serde::Serialize;
use time::OffsetDateTime;

use super::DPOP_TYPE;
use super::error::DpopMintError;
use super::proof::access_token_hash;
use crate::base64url;
use crate::crypto::Signer;
use crate::encode::encode;
use crate::header::Header;
use crate::jwk::{Jwk, ThumbprintHash};
use crate::{ecdsa, eddsa};

/// A client's DPoP key: a private key bound to its algorithm, with its public JWK and
/// thumbprint, signing one proof per request.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::dpop::{DpopKey, ProofOptions};
///
/// let key = DpopKey::generate("EdDSA")?;
/// // Sent as `dpop_jkt` when asking for a code (RFC 9449 §10).
/// assert_eq!(key.thumbprint().len(), 43);
/// let proof = key.proof(
///     "POST",
///     "https://as.example/token",
///     &ProofOptions::new().nonce("server-nonce"),
/// )?;
/// assert_eq!(proof.split('.').count(), 3);
/// # Ok::<(), jwt_ring::oauth::dpop::DpopMintError>(())
/// ```
pub struct DpopKey {
    signer: Box<dyn Signer>,
    public: Jwk,
    public_json: serde_json::Value,
    thumbprint: String,
}

impl DpopKey {
    /// A new random key for `alg`: `ES256`, `ES384`, `EdDSA` or `Ed25519` (RFC 9864; the same
    /// key, named fully).
    ///
    /// # Errors
    ///
    /// [`DpopMintError::Algorithm`] for another algorithm, [`DpopMintError::Random`] when the
    /// random number generator fails.
    pub fn generate(alg: &str) -> Result<Self, DpopMintError> {
        let (signer, public): (Box<dyn Signer>, Jwk) = match alg {
            "ES256" | "ES384" => {
                let algorithm = if alg == "ES256" {
                    &ecdsa::ES256
                } else {
                    &ecdsa::ES384
                };
                let (key, _) =
                    ecdsa::SigningKey::generate(algorithm).map_err(|_| DpopMintError::Random)?;
                let public = key.verifying_key().to_jwk();
                (Box::new(key), public)
            }
            "EdDSA" | "Ed25519" => {
                let algorithm = if alg == "EdDSA" {
                    &eddsa::EDDSA
                } else {
                    &eddsa::ED25519
                };
                let (key, _) = eddsa::SigningKey::generate_for(algorithm)
                    .map_err(|_| DpopMintError::Random)?;
                let public = key.verifying_key().to_jwk();
                (Box::new(key), public)
            }
            _ => return Err(DpopMintError::Algorithm),
        };
        Self::assemble(signer, &public)
    }

    /// A key from a private asymmetric JWK, for the algorithm its `alg` names (or the only one
    /// its type allows: `EdDSA` for Ed25519, `ES256` for P-256, `ES384` for P-384). An RSA JWK
    /// needs `alg`.
    ///
    /// # Errors
    ///
    /// [`DpopMintError::Key`] for a public-only or symmetric (`oct`) JWK, or one that cannot
    /// sign.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::jwk::Jwk;
    /// use jwt_ring::oauth::dpop::{DpopKey, DpopMintError};
    ///
    /// let public = Jwk::from_json(
    ///     r#"{"kty":"EC","crv":"P-256","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#,
    /// )?;
    /// assert!(matches!(DpopKey::from_jwk(&public), Err(DpopMintError::Key(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, DpopMintError> {
        if jwk.is_symmetric() || !jwk.is_private() {
            return Err(DpopMintError::Key(crate::jwk::JwkError::NoPrivateMaterial));
        }
        let signer = jwk.signer().map_err(DpopMintError::Key)?;
        Self::assemble(signer, jwk)
    }

    fn assemble(signer: Box<dyn Signer>, jwk: &Jwk) -> Result<Self, DpopMintError> {
        let public = jwk.to_bare_public().map_err(DpopMintError::Key)?;
        let public_json = serde_json::from_str(&public.to_json())
            .map_err(|_| DpopMintError::Key(crate::jwk::JwkError::Malformed))?;
        let thumbprint = public.thumbprint(ThumbprintHash::Sha256);
        Ok(Self {
            signer,
            public,
            public_json,
            thumbprint,
        })
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key, base64url: the `dpop_jkt` parameter
    /// and the `cnf.jkt` of tokens bound to this key (RFC 9449 §6.1, §10).
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The public key as embedded in proofs: key type and key members only.
    pub fn public_jwk(&self) -> &Jwk {
        &self.public
    }

    /// The JWS algorithm the proofs are signed with.
    pub fn algorithm(&self) -> &str {
        self.signer.algorithm()
    }

    /// A proof for a `method` request to `uri`, signed now.
    ///
    /// # Errors
    ///
    /// As for [`proof_at`](Self::proof_at).
    pub fn proof(
        &self,
        method: &str,
        uri: &str,
        options: &ProofOptions<'_>,
    ) -> Result<String, DpopMintError> {
        self.proof_at(method, uri, options, OffsetDateTime::now_utc())
    }

    /// A proof for a `method` request to `uri`, issued at `now`.
    ///
    /// The header is `typ: dpop+jwt`, `alg` and the public `jwk`; the claims are a random
    /// `jti` (128 bits), `htm` = `method`, `htu` = `uri` without its query and fragment,
    /// `iat` = `now`, and `ath` and `nonce` when `options` has them.
    ///
    /// # Errors
    ///
    /// [`DpopMintError::Random`] when the random number generator fails,
    /// [`DpopMintError::Encode`] when signing fails.
    pub fn proof_at(
        &self,
        method: &str,
        uri: &str,
        options: &ProofOptions<'_>,
        now: OffsetDateTime,
    ) -> Result<String, DpopMintError> {
        let htu = uri.split(['?', '#']).next().unwrap_or_default();
        let ath = options.access_token.map(access_token_hash);
        let claims = ClaimsOut {
            jti: &random_jti()?,
            htm: method,
            htu,
            iat: now.unix_timestamp(),
            ath: ath.as_deref(),
            nonce: options.nonce,
        };
        let header = Header::new().with_typ(DPOP_TYPE).with_extra(&JwkMember {
            jwk: &self.public_json,
        })?;
        Ok(encode(&header, &claims, &*self.signer)?)
    }
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey")
            .field("algorithm", &self.algorithm())
            .field("thumbprint", &self.thumbprint)
            .field("private_key", &"<redacted>")
            .finish()
    }
}

/// What a proof says besides the request: the access token it goes with and the server's
/// nonce.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::dpop::ProofOptions;
///
/// let options = ProofOptions::new().access_token("the-token").nonce("the-nonce");
/// # let _ = options;
/// ```
#[derive(Clone, Copy, Default)]
pub struct ProofOptions<'a> {
    access_token: Option<&'a str>,
    nonce: Option<&'a str>,
}

impl<'a> ProofOptions<'a> {
    /// No access token, no nonce: a proof for a token request without a server nonce.
    pub fn new() -> Self {
        Self::default()
    }

    /// The access token sent with the proof: the proof gets its hash as `ath` (RFC 9449 §4.2).
    pub fn access_token(mut self, token: &'a str) -> Self {
        self.access_token = Some(token);
        self
    }

    /// The nonce the server sent in its `DPoP-Nonce` header (RFC 9449 §8, §9).
    pub fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }
}

impl fmt::Debug for ProofOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProofOptions")
            .field("access_token", &self.access_token.map(|_| "<redacted>"))
            .field("nonce", &self.nonce)
            .finish()
    }
}

#[derive(Serialize)]
struct JwkMember<'a> {
    jwk: &'a serde_json::Value,
}

#[derive(Serialize)]
struct ClaimsOut<'a> {
    jti: &'a str,
    htm: &'a str,
    htu: &'a str,
    iat: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
}

/// 128 random bits, base64url (RFC 9449 §4.2: enough entropy that a collision is negligible).
fn random_jti() -> Result<String, DpopMintError> {
    let mut bytes = [0u8; 16];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| DpopMintError::Random)?;
    Ok(base64url::encode(&bytes))
}
