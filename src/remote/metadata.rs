//! Authorization server metadata (RFC 8414) and OpenID Provider metadata (OpenID Connect
//! Discovery 1.0 §3): the members a resource server needs, read strictly.

use serde::Deserialize;

/// The longest metadata document accepted, in bytes. Real documents are a few KiB; the bound
/// keeps a hostile endpoint from making the parser work without end.
pub const MAX_METADATA_LEN: usize = 256 * 1024;

/// Why a metadata document was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    /// The document is larger than [`MAX_METADATA_LEN`].
    #[error("metadata is larger than the limit")]
    TooLarge,
    /// The document is not a JSON object, repeats a member, or a member has the wrong type.
    #[error("metadata is not a well-formed JSON object")]
    Malformed,
    /// `issuer` is absent or not exactly the issuer the metadata was fetched for (RFC 8414
    /// §3.3, OpenID Connect Discovery §4.3): the document may come from another party.
    #[error("metadata `issuer` is not the expected issuer")]
    IssuerMismatch,
    /// `jwks_uri` is absent or empty: there are no keys to verify with.
    #[error("metadata has no `jwks_uri`")]
    MissingJwksUri,
}

/// The metadata of an authorization server or OpenID Provider, checked against the issuer it
/// was fetched for.
///
/// URLs are kept as text: building the well-known URL and fetching are the driver's job.
///
/// # Examples
///
/// ```
/// use jwt_ring::remote::{MetadataError, ProviderMetadata};
///
/// let json = br#"{"issuer":"https://id.example","jwks_uri":"https://id.example/jwks",
///                 "id_token_signing_alg_values_supported":["RS256","ES256"]}"#;
/// let metadata = ProviderMetadata::from_json(json, "https://id.example")?;
/// assert_eq!(metadata.jwks_uri(), "https://id.example/jwks");
/// assert_eq!(
///     ProviderMetadata::from_json(json, "https://id.example/").err(),
///     Some(MetadataError::IssuerMismatch)
/// );
/// # Ok::<(), MetadataError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderMetadata {
    issuer: String,
    jwks_uri: String,
    token_endpoint: Option<String>,
    authorization_endpoint: Option<String>,
    id_token_signing_alg_values_supported: Option<Vec<String>>,
    token_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    dpop_signing_alg_values_supported: Option<Vec<String>>,
}

/// The members read; unknown members are ignored, as both specifications require.
#[derive(Deserialize)]
struct Raw {
    issuer: Option<String>,
    jwks_uri: Option<String>,
    token_endpoint: Option<String>,
    authorization_endpoint: Option<String>,
    id_token_signing_alg_values_supported: Option<Vec<String>>,
    token_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    dpop_signing_alg_values_supported: Option<Vec<String>>,
}

impl ProviderMetadata {
    /// Parses a metadata document and refuses it unless its `issuer` equals `expected_issuer`
    /// exactly (no normalisation: a trailing slash or another case is another issuer) and it
    /// has a `jwks_uri`.
    ///
    /// # Errors
    ///
    /// [`MetadataError::TooLarge`] past [`MAX_METADATA_LEN`], [`MetadataError::Malformed`] for
    /// anything but a JSON object with correctly typed members (a repeated member included),
    /// [`MetadataError::IssuerMismatch`] and [`MetadataError::MissingJwksUri`].
    ///
    /// # Security
    ///
    /// The issuer check is what ties the keys to the issuer the tokens are checked against: an
    /// attacker who can serve metadata for one issuer must not be able to name keys for
    /// another (RFC 8414 §6.2, the mix-up attacks of RFC 9207).
    pub fn from_json(json: &[u8], expected_issuer: &str) -> Result<Self, MetadataError> {
        if json.len() > MAX_METADATA_LEN {
            return Err(MetadataError::TooLarge);
        }
        if !crate::json::starts_as_object(json) {
            return Err(MetadataError::Malformed);
        }
        let raw: Raw = serde_json::from_slice(json).map_err(|_| MetadataError::Malformed)?;
        if raw.issuer.as_deref() != Some(expected_issuer) {
            return Err(MetadataError::IssuerMismatch);
        }
        let jwks_uri = raw
            .jwks_uri
            .filter(|uri| !uri.is_empty())
            .ok_or(MetadataError::MissingJwksUri)?;
        Ok(Self {
            issuer: expected_issuer.to_owned(),
            jwks_uri,
            token_endpoint: raw.token_endpoint,
            authorization_endpoint: raw.authorization_endpoint,
            id_token_signing_alg_values_supported: raw.id_token_signing_alg_values_supported,
            token_endpoint_auth_signing_alg_values_supported: raw
                .token_endpoint_auth_signing_alg_values_supported,
            dpop_signing_alg_values_supported: raw.dpop_signing_alg_values_supported,
        })
    }

    /// The issuer, equal to the expected one.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Where the issuer's JWK Set is published.
    pub fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }

    /// The token endpoint, if published.
    pub fn token_endpoint(&self) -> Option<&str> {
        self.token_endpoint.as_deref()
    }

    /// The authorization endpoint, if published.
    pub fn authorization_endpoint(&self) -> Option<&str> {
        self.authorization_endpoint.as_deref()
    }

    /// The algorithms the provider signs ID tokens with (OpenID Connect Discovery §3).
    pub fn id_token_signing_alg_values_supported(&self) -> Option<&[String]> {
        self.id_token_signing_alg_values_supported.as_deref()
    }

    /// The algorithms accepted for client authentication JWTs at the token endpoint.
    pub fn token_endpoint_auth_signing_alg_values_supported(&self) -> Option<&[String]> {
        self.token_endpoint_auth_signing_alg_values_supported
            .as_deref()
    }

    /// The algorithms accepted for DPoP proofs (RFC 9449 §5.1).
    pub fn dpop_signing_alg_values_supported(&self) -> Option<&[String]> {
        self.dpop_signing_alg_values_supported.as_deref()
    }
}
