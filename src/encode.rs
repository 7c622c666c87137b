//! Minting tokens: [`encode`] in one call, or [`SigningInput`] in two phases for signers that
//! live elsewhere (an HSM, a cloud KMS, an async client).

use serde::Serialize;

use crate::base64url;
use crate::crypto::Signer;
use crate::error::{EncodeError, Part};
use crate::header::Header;

/// Signs `claims` under `header` with `signer` and returns the compact token.
///
/// `alg` is the signer's algorithm and `kid` the header's key id or, failing that, the signer's.
///
/// # Errors
///
/// [`EncodeError::Serialize`] when `claims` is not a JSON object, [`EncodeError::Header`] for an
/// inconsistent header, [`EncodeError::UnusableAlgorithm`] for a signer that names `none`, and
/// [`EncodeError::Signing`] when the signer fails.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Claims, Header, encode, hmac};
///
/// let key = hmac::Key::new(&hmac::HS256, b"a secret of at least thirty-two bytes!")?;
/// let claims = Claims::registered_only().with_subject("alice");
/// let token = encode(&Header::new(), &claims, &key)?;
/// assert_eq!(token.split('.').count(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode<C, S>(header: &Header, claims: &C, signer: &S) -> Result<String, EncodeError>
where
    C: Serialize + ?Sized,
    S: Signer + ?Sized,
{
    let input = SigningInput::new(header, claims, signer.algorithm(), signer.key_id())?;
    let signature = signer.sign(input.as_bytes())?;
    Ok(input.finish(&signature))
}

/// Room to reserve for the encoded signature of `algorithm`, so `finish` does not reallocate.
fn signature_room(algorithm: &str) -> usize {
    match algorithm {
        "HS256" => 43,
        "ES256" | "EdDSA" | "HS512" => 86,
        "HS384" => 64,
        "ES384" => 128,
        "ES512" => 176,
        // RSA up to 4096 bits, and anything else.
        _ => 683,
    }
}

/// The first half of two-phase signing: the bytes to sign.
///
/// Build it, send [`as_bytes`](Self::as_bytes) to the signer wherever it lives, then call
/// [`finish`](Self::finish) with the signature. ECDSA signatures must be fixed-width `R || S`
/// (see [`ecdsa::der_signature_to_fixed`](crate::ecdsa::der_signature_to_fixed)).
///
/// # Examples
///
/// ```
/// use jwt_ring::{Claims, Header, SigningInput, Signer, hmac};
///
/// let key = hmac::Key::new(&hmac::HS256, &[1u8; 32])?;
/// let claims = Claims::registered_only().with_subject("alice");
/// let input = SigningInput::new(&Header::new(), &claims, "HS256", None)?;
/// let signature = key.sign(input.as_bytes())?; // could happen in another process
/// let token = input.finish(&signature);
/// assert!(token.starts_with("eyJ"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct SigningInput {
    text: String,
}

impl SigningInput {
    /// Serializes the header (with `algorithm` as `alg`) and the claims.
    ///
    /// # Errors
    ///
    /// As for [`encode`], less the signing failure.
    pub fn new<C: Serialize + ?Sized>(
        header: &Header,
        claims: &C,
        algorithm: &str,
        key_id: Option<&str>,
    ) -> Result<Self, EncodeError> {
        // One scratch buffer for both JSON texts, and the token text sized once, room for the
        // signature included.
        let mut json = Vec::with_capacity(256);
        header.write_json(algorithm, key_id, &mut json)?;
        let mut text = String::with_capacity(512);
        base64url::encode_into(&json, &mut text);
        text.push('.');
        json.clear();
        serde_json::to_writer(&mut json, claims).map_err(|_| EncodeError::Serialize {
            part: Part::Payload,
        })?;
        if json.first() != Some(&b'{') {
            return Err(EncodeError::Serialize {
                part: Part::Payload,
            });
        }
        text.reserve(json.len().div_ceil(3) * 4 + 1 + signature_room(algorithm));
        base64url::encode_into(&json, &mut text);
        Ok(Self { text })
    }

    /// The bytes to sign.
    pub fn as_bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The bytes to sign, as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Appends the signature and returns the compact token.
    pub fn finish(mut self, signature: &[u8]) -> String {
        self.text.push('.');
        base64url::encode_into(signature, &mut self.text);
        self.text
    }
}
