//! The JOSE header (RFC 7515 §4): typed registered members, the caller's extra members, and the
//! strict reader for untrusted headers.
//!
//! `alg` is never set by hand: [`encode`](crate::encode) writes the signer's algorithm, so a header
//! cannot announce an algorithm its key does not use, and `none` cannot be written at all.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::de::{
    self, Deserialize, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor,
};
use serde_json::value::RawValue;

use crate::error::{EncodeError, HeaderError, Malformed, Part, VerifyError};
use crate::json::{Key, SeenNames, starts_as_object};

/// Header members the encoder writes itself; extra members may not reuse them.
const ENCODER_NAMES: [&str; 6] = ["alg", "typ", "cty", "kid", "crit", "b64"];

/// Header names registered by RFC 7515/7516/7518/7797, which `crit` may not list
/// (RFC 7515 §4.1.11). The common three come first: the reader looks names up in this order.
const REGISTERED_NAMES: [&str; 22] = [
    "alg", "typ", "kid", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "b64", "ppt",
];

/// The JWS algorithm names this crate knows, so reading them does not allocate.
const KNOWN_ALGORITHMS: [&str; 14] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "EdDSA", "ES256K",
];

/// A JOSE header.
///
/// Build one for [`encode`](crate::encode) with [`Header::new`] and the `with_` methods; read one
/// from a verified [`Token`](crate::Token) or an [`UntrustedToken`](crate::UntrustedToken).
///
/// # Examples
///
/// ```
/// use jwt_ring::Header;
///
/// let header = Header::new().with_key_id("2026-11").with_typ("at+jwt");
/// assert_eq!(header.kid(), Some("2026-11"));
/// assert_eq!(header.algorithm(), None); // the signer decides
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    alg: Option<Cow<'static, str>>,
    typ: Option<Cow<'static, str>>,
    kid: Option<String>,
    /// Members most tokens lack, and the caller's own members, boxed so that a header stays
    /// small to move.
    rare: Option<Box<RareMembers>>,
}

#[derive(Clone, Default, PartialEq, Eq)]
struct RareMembers {
    cty: Option<String>,
    crit: Option<Vec<String>>,
    jku: Option<String>,
    jwk: Option<String>,
    x5u: Option<String>,
    x5c: Option<Vec<String>>,
    x5t: Option<String>,
    x5t_s256: Option<String>,
    extra: Extra,
}

/// The caller's own header members.
#[derive(Clone, Default, PartialEq, Eq)]
enum Extra {
    #[default]
    None,
    /// Members to write, as JSON object text without its braces, and their names.
    ToWrite { members: String, names: Vec<String> },
    /// The whole decoded header of a read token.
    Read(Vec<u8>),
}

impl Default for Header {
    fn default() -> Self {
        Self::new()
    }
}

impl Header {
    /// A header with `typ: "JWT"` (RFC 7519 §5.1) and nothing else.
    pub fn new() -> Self {
        Self {
            alg: None,
            typ: Some(Cow::Borrowed("JWT")),
            kid: None,
            rare: None,
        }
    }

    fn rare_mut(&mut self) -> &mut RareMembers {
        self.rare.get_or_insert_with(Box::default)
    }

    fn extra_members(&self) -> &Extra {
        self.rare
            .as_deref()
            .map_or(&Extra::None, |rare| &rare.extra)
    }

    fn rare<T: ?Sized>(&self, member: impl Fn(&RareMembers) -> Option<&T>) -> Option<&T> {
        self.rare.as_deref().and_then(member)
    }

    /// Sets `typ`, the media type of the whole token (RFC 7515 §4.1.9), for example `"at+jwt"`
    /// for OAuth 2.0 access tokens (RFC 9068). RFC 8725 §3.11 recommends explicit types.
    pub fn with_typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(Cow::Owned(typ.into()));
        self
    }

    /// Removes `typ`.
    pub fn without_typ(mut self) -> Self {
        self.typ = None;
        self
    }

    /// Sets `cty`, the content type (RFC 7515 §4.1.10).
    pub fn with_content_type(mut self, cty: impl Into<String>) -> Self {
        self.rare_mut().cty = Some(cty.into());
        self
    }

    /// Sets `kid` (RFC 7515 §4.1.4). Without it, `encode` writes the signer's key id, if any.
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Sets `crit` (RFC 7515 §4.1.11): extension members the recipient must understand. Each
    /// name must be one of the extra members.
    pub fn with_critical<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rare_mut().crit = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Adds the caller's own header members, from any serde type that serializes as a JSON
    /// object. `jku`, `jwk`, `x5u`, `x5c`, `x5t` and `x5t#S256` may be written this way.
    ///
    /// # Errors
    ///
    /// [`EncodeError::Serialize`] when `extra` is not a JSON object, and
    /// [`EncodeError::Header`] when it reuses `alg`, `typ`, `cty`, `kid`, `crit` or `b64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::Header;
    ///
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct Tenant {
    ///     tenant: String,
    /// }
    ///
    /// let header = Header::new().with_extra(&Tenant { tenant: "acme".into() })?;
    /// assert_eq!(header.extra::<Tenant>()?.tenant, "acme");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_extra<T: Serialize + ?Sized>(mut self, extra: &T) -> Result<Self, EncodeError> {
        let serialize_error = EncodeError::Serialize { part: Part::Header };
        let value = serde_json::to_value(extra).map_err(|_| serialize_error)?;
        let serde_json::Value::Object(map) = value else {
            return Err(EncodeError::Serialize { part: Part::Header });
        };
        if map
            .keys()
            .any(|name| ENCODER_NAMES.contains(&name.as_str()))
        {
            return Err(EncodeError::Header(HeaderError::ReservedName));
        }
        let names = map.keys().cloned().collect();
        let text = serde_json::to_string(&map)
            .map_err(|_| EncodeError::Serialize { part: Part::Header })?;
        let members = text
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or_default()
            .to_owned();
        self.rare_mut().extra = Extra::ToWrite { members, names };
        Ok(self)
    }

    /// Reads the caller's own header members into `T`.
    ///
    /// For a header read from a token that has extra members, `T` sees the whole header,
    /// registered members included; `T` should not require registered members.
    ///
    /// # Errors
    ///
    /// [`VerifyError::Malformed`] when the members do not fit `T`.
    pub fn extra<T: DeserializeOwned>(&self) -> Result<T, VerifyError> {
        let parsed = match self.extra_members() {
            Extra::Read(raw) => serde_json::from_slice(raw),
            Extra::ToWrite { members, .. } => serde_json::from_str(&format!("{{{members}}}")),
            Extra::None => serde_json::from_str("{}"),
        };
        parsed.map_err(|_| Malformed::Json(Part::Header).into())
    }

    /// `alg`: the algorithm the token was signed with. `None` on a header built for `encode`,
    /// where the signer decides.
    pub fn algorithm(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// `typ`, the media type of the token (RFC 7515 §4.1.9).
    pub fn typ(&self) -> Option<&str> {
        self.typ.as_deref()
    }

    /// `cty`, the content type (RFC 7515 §4.1.10).
    pub fn content_type(&self) -> Option<&str> {
        self.rare(|rare| rare.cty.as_deref())
    }

    /// `kid`, the key id (RFC 7515 §4.1.4). Untrusted until the token is verified.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// `crit`, the extensions the recipient must understand (RFC 7515 §4.1.11).
    pub fn critical(&self) -> Option<&[String]> {
        self.rare(|rare| rare.crit.as_deref())
    }

    /// `jku`, a JWK Set URL (RFC 7515 §4.1.2).
    ///
    /// # Security
    ///
    /// Never fetch keys from it to verify the same token: an attacker chooses it. The validator
    /// never does.
    pub fn jwk_set_url(&self) -> Option<&str> {
        self.rare(|rare| rare.jku.as_deref())
    }

    /// `jwk`, an embedded public key, as JSON text (RFC 7515 §4.1.3).
    ///
    /// # Security
    ///
    /// Never verify a token with the key it carries itself (RFC 8725 §3.10 context); the
    /// validator never does.
    pub fn jwk(&self) -> Option<&str> {
        self.rare(|rare| rare.jwk.as_deref())
    }

    /// `x5u`, an X.509 URL (RFC 7515 §4.1.5). Untrusted, like `jku`.
    pub fn x509_url(&self) -> Option<&str> {
        self.rare(|rare| rare.x5u.as_deref())
    }

    /// `x5c`, a base64 (not base64url) X.509 chain (RFC 7515 §4.1.6). Untrusted.
    pub fn x509_chain(&self) -> Option<&[String]> {
        self.rare(|rare| rare.x5c.as_deref())
    }

    /// `x5t`, a SHA-1 certificate thumbprint (RFC 7515 §4.1.7).
    pub fn x509_sha1_thumbprint(&self) -> Option<&str> {
        self.rare(|rare| rare.x5t.as_deref())
    }

    /// `x5t#S256`, a SHA-256 certificate thumbprint (RFC 7515 §4.1.8).
    pub fn x509_sha256_thumbprint(&self) -> Option<&str> {
        self.rare(|rare| rare.x5t_s256.as_deref())
    }

    /// Writes the header JSON with `alg` and, when the header has none, `kid`, into `out`.
    pub(crate) fn write_json(
        &self,
        alg: &str,
        kid: Option<&str>,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        if alg.is_empty() || alg.eq_ignore_ascii_case("none") {
            return Err(EncodeError::UnusableAlgorithm);
        }
        let extra_names: &[String] = match self.extra_members() {
            Extra::ToWrite { names, .. } => names,
            _ => &[],
        };
        if let Some(crit) = self.critical() {
            check_critical(crit, |name| extra_names.iter().any(|n| n == name))
                .map_err(EncodeError::Header)?;
        }
        let header = HeaderOut {
            alg,
            typ: self.typ.as_deref(),
            cty: self.content_type(),
            kid: self.kid.as_deref().or(kid),
            crit: self.critical(),
        };
        serde_json::to_writer(&mut *out, &header)
            .map_err(|_| EncodeError::Serialize { part: Part::Header })?;
        if let Extra::ToWrite { members, .. } = self.extra_members() {
            if !members.is_empty() {
                out.pop();
                out.push(b',');
                out.extend_from_slice(members.as_bytes());
                out.push(b'}');
            }
        }
        Ok(())
    }

    /// The header JSON as [`write_json`](Self::write_json) writes it.
    #[cfg(test)]
    pub(crate) fn to_json(&self, alg: &str, kid: Option<&str>) -> Result<String, EncodeError> {
        let mut out = Vec::new();
        self.write_json(alg, kid, &mut out)?;
        String::from_utf8(out).map_err(|_| EncodeError::Serialize { part: Part::Header })
    }

    /// Reads an untrusted header: strict types, no duplicate members, `crit` well-formed, no
    /// `b64`, `alg` present and not `none`.
    #[inline]
    pub(crate) fn parse(raw: &[u8]) -> Result<Self, VerifyError> {
        // Validated once here; parsing from `str` then skips serde_json's per-string checks.
        let Ok(text) = std::str::from_utf8(raw) else {
            return Err(Malformed::Utf8(Part::Header).into());
        };
        if !starts_as_object(raw) {
            return Err(if serde_json::from_slice::<IgnoredAny>(raw).is_ok() {
                Malformed::NotAnObject(Part::Header).into()
            } else {
                Malformed::Json(Part::Header).into()
            });
        }
        let mut state = ReadState::default();
        let parsed = {
            let mut de = serde_json::Deserializer::from_str(text);
            de.deserialize_map(HeaderVisitor { state: &mut state })
                .and_then(|header| de.end().map(|()| header))
        };
        let mut header = match parsed {
            Ok(header) => header,
            Err(error) => {
                return Err(match state.failure {
                    Some(failure) => failure,
                    None if error.classify() == serde_json::error::Category::Data => {
                        Malformed::Json(Part::Header).into()
                    }
                    None => Malformed::Json(Part::Header).into(),
                });
            }
        };
        // Keep the text for `extra` only when there are members this type does not hold.
        if state.has_extra {
            header.rare_mut().extra = Extra::Read(raw.to_vec());
        }
        Ok(header)
    }
}

/// RFC 7515 §4.1.11: `crit` is non-empty, lists no name twice, no registered name, and only
/// names present in the header.
fn check_critical(crit: &[String], present: impl Fn(&str) -> bool) -> Result<(), HeaderError> {
    if crit.is_empty() {
        return Err(HeaderError::InvalidCritical);
    }
    for (index, name) in crit.iter().enumerate() {
        let repeated = crit.iter().take(index).any(|earlier| earlier == name);
        if repeated || REGISTERED_NAMES.contains(&name.as_str()) || !present(name) {
            return Err(HeaderError::InvalidCritical);
        }
    }
    Ok(())
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Header")
            .field("alg", &self.alg)
            .field("typ", &self.typ)
            .field("cty", &self.content_type())
            .field("kid", &self.kid)
            .field("crit", &self.critical())
            .field("jku", &self.jwk_set_url())
            .field("x5u", &self.x509_url())
            .field("has_jwk", &self.jwk().is_some())
            .field("has_x5c", &self.x509_chain().is_some())
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct HeaderOut<'a> {
    alg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    typ: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cty: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    crit: Option<&'a [String]>,
}

#[derive(Default)]
struct ReadState {
    failure: Option<VerifyError>,
    /// Whether the header has members other than the registered ones.
    has_extra: bool,
}

struct HeaderVisitor<'s> {
    state: &'s mut ReadState,
}

impl HeaderVisitor<'_> {
    #[cold]
    #[inline(never)]
    fn fail<E: de::Error>(&mut self, failure: impl Into<VerifyError>) -> E {
        self.state.failure = Some(failure.into());
        E::custom("header rejected")
    }
}

fn intern_alg(alg: Cow<'_, str>) -> Cow<'static, str> {
    match KNOWN_ALGORITHMS.iter().find(|known| **known == alg) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(alg.into_owned()),
    }
}

fn intern_typ(typ: Cow<'_, str>) -> Cow<'static, str> {
    match typ.as_ref() {
        "JWT" => Cow::Borrowed("JWT"),
        "at+jwt" => Cow::Borrowed("at+jwt"),
        _ => Cow::Owned(typ.into_owned()),
    }
}

impl<'de> Visitor<'de> for HeaderVisitor<'_> {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JOSE header object")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Header, A::Error> {
        let mut header = Header::new();
        header.typ = None;
        // `alg`, `typ` and `kid` are matched first: a repeat finds its slot filled. The other
        // registered names are tracked in a bit set, the rest by name.
        let mut seen_registered = 0u32;
        // Most headers hold `alg`, `typ` and `kid` only, so the detector is made on first need.
        let mut seen: Option<SeenNames<'de>> = None;
        while let Some(Key(name)) = map.next_key::<Key<'de>>()? {
            match name.as_ref() {
                "alg" if header.alg.is_none() => {
                    let alg = map
                        .next_value::<Key<'de>>()
                        .map_err(|_: A::Error| self.fail(HeaderError::InvalidMember("alg")))?;
                    header.alg = Some(intern_alg(alg.0));
                }
                "typ" if header.typ.is_none() => {
                    let typ = map
                        .next_value::<Key<'de>>()
                        .map_err(|_: A::Error| self.fail(HeaderError::InvalidMember("typ")))?;
                    header.typ = Some(intern_typ(typ.0));
                }
                "kid" if header.kid.is_none() => {
                    header.kid = Some(self.string(&mut map, "kid")?);
                }
                "alg" | "typ" | "kid" => {
                    return Err(self.fail(Malformed::DuplicateMember(Part::Header)));
                }
                _ => {
                    let repeated = match REGISTERED_NAMES.iter().position(|known| *known == name) {
                        Some(index) => {
                            let bit = 1u32.checked_shl(index as u32).unwrap_or(0);
                            let repeated = seen_registered & bit != 0;
                            seen_registered |= bit;
                            repeated
                        }
                        None => !seen.get_or_insert_with(SeenNames::default).insert(&name),
                    };
                    if repeated {
                        return Err(self.fail(Malformed::DuplicateMember(Part::Header)));
                    }
                    self.read_other_member(&name, &mut map, &mut header)?;
                }
            }
        }
        let Some(alg) = &header.alg else {
            return Err(self.fail(HeaderError::MissingAlgorithm));
        };
        if alg.eq_ignore_ascii_case("none") {
            return Err(self.fail(HeaderError::AlgorithmNone));
        }
        if alg.is_empty() {
            return Err(self.fail(HeaderError::InvalidMember("alg")));
        }
        if let Some(crit) = header.critical() {
            // Registered names are refused in `crit`, so only the others need to be present.
            if let Err(error) = check_critical(crit, |name| {
                seen.as_ref().is_some_and(|seen| seen.contains(name))
            }) {
                return Err(self.fail(error));
            }
        }
        Ok(header)
    }
}

impl HeaderVisitor<'_> {
    /// Members other than `alg`, `typ` and `kid`: kept out of line, since most tokens have
    /// none, so that the common path stays small.
    #[inline(never)]
    fn read_other_member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
        header: &mut Header,
    ) -> Result<(), A::Error> {
        match name {
            "cty" => header.rare_mut().cty = Some(self.string(map, "cty")?),
            "jku" => header.rare_mut().jku = Some(self.string(map, "jku")?),
            "x5u" => header.rare_mut().x5u = Some(self.string(map, "x5u")?),
            "x5t" => header.rare_mut().x5t = Some(self.string(map, "x5t")?),
            "x5t#S256" => header.rare_mut().x5t_s256 = Some(self.string(map, "x5t#S256")?),
            "crit" => header.rare_mut().crit = Some(self.strings(map, "crit")?),
            "x5c" => header.rare_mut().x5c = Some(self.strings(map, "x5c")?),
            "jwk" => {
                let raw = map
                    .next_value::<Box<RawValue>>()
                    .map_err(|_: A::Error| self.fail(HeaderError::InvalidMember("jwk")))?;
                if !starts_as_object(raw.get().as_bytes()) {
                    return Err(self.fail(HeaderError::InvalidMember("jwk")));
                }
                header.rare_mut().jwk = Some(raw.get().to_owned());
            }
            "b64" => return Err(self.fail(HeaderError::UnencodedPayload)),
            _ => {
                self.state.has_extra = true;
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn string<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        name: &'static str,
    ) -> Result<String, A::Error> {
        map.next_value::<String>()
            .map_err(|_: A::Error| self.fail(HeaderError::InvalidMember(name)))
    }

    fn strings<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        name: &'static str,
    ) -> Result<Vec<String>, A::Error> {
        map.next_value::<Vec<String>>()
            .map_err(|_: A::Error| self.fail(HeaderError::InvalidMember(name)))
    }
}

impl<'de> Deserialize<'de> for Header {
    /// Reads a header with the same strict rules as token decoding.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Header::parse(raw.get().as_bytes()).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Header, VerifyError> {
        Header::parse(json.as_bytes())
    }

    #[test]
    fn reads_registered_members() {
        let header = parse(
            r#"{"alg":"ES256","typ":"at+jwt","kid":"k","cty":"x","x5t#S256":"t","x5c":["a"],"jwk":{"kty":"EC"},"jku":"u"}"#,
        )
        .unwrap();
        assert_eq!(header.algorithm(), Some("ES256"));
        assert_eq!(header.typ(), Some("at+jwt"));
        assert_eq!(header.kid(), Some("k"));
        assert_eq!(header.content_type(), Some("x"));
        assert_eq!(header.x509_sha256_thumbprint(), Some("t"));
        assert_eq!(header.x509_chain(), Some(&["a".to_owned()][..]));
        assert_eq!(header.jwk(), Some(r#"{"kty":"EC"}"#));
        assert_eq!(header.jwk_set_url(), Some("u"));
    }

    #[test]
    fn rejects_bad_headers_with_typed_errors() {
        use HeaderError::*;
        type Case = (&'static str, fn(&VerifyError) -> bool);
        let cases: [Case; 14] = [
            (r#"{"typ":"JWT"}"#, |e| {
                matches!(e, VerifyError::Header(MissingAlgorithm))
            }),
            (r#"{"alg":"none"}"#, |e| {
                matches!(e, VerifyError::Header(AlgorithmNone))
            }),
            (r#"{"alg":"nOnE"}"#, |e| {
                matches!(e, VerifyError::Header(AlgorithmNone))
            }),
            (r#"{"alg":""}"#, |e| {
                matches!(e, VerifyError::Header(InvalidMember("alg")))
            }),
            (r#"{"alg":1}"#, |e| {
                matches!(e, VerifyError::Header(InvalidMember("alg")))
            }),
            (r#"{"alg":"HS256","kid":7}"#, |e| {
                matches!(e, VerifyError::Header(InvalidMember("kid")))
            }),
            (r#"{"alg":"HS256","b64":false}"#, |e| {
                matches!(e, VerifyError::Header(UnencodedPayload))
            }),
            (r#"{"alg":"HS256","crit":[]}"#, |e| {
                matches!(e, VerifyError::Header(InvalidCritical))
            }),
            (r#"{"alg":"HS256","crit":["x"]}"#, |e| {
                matches!(e, VerifyError::Header(InvalidCritical))
            }),
            (r#"{"alg":"HS256","crit":["kid"],"kid":"a"}"#, |e| {
                matches!(e, VerifyError::Header(InvalidCritical))
            }),
            (r#"{"alg":"HS256","crit":["x","x"],"x":1}"#, |e| {
                matches!(e, VerifyError::Header(InvalidCritical))
            }),
            (r#"{"alg":"HS256","alg":"HS256"}"#, |e| {
                matches!(
                    e,
                    VerifyError::Malformed(Malformed::DuplicateMember(Part::Header))
                )
            }),
            (r#"["alg"]"#, |e| {
                matches!(
                    e,
                    VerifyError::Malformed(Malformed::NotAnObject(Part::Header))
                )
            }),
            (r#"{"alg":"HS256""#, |e| {
                matches!(e, VerifyError::Malformed(Malformed::Json(Part::Header)))
            }),
        ];
        for (json, expected) in cases {
            let error = parse(json).unwrap_err();
            assert!(expected(&error), "{json}: {error:?}");
        }
    }

    #[test]
    fn repeats_of_any_registered_or_unknown_name_are_duplicates() {
        for name in REGISTERED_NAMES.iter().chain(&["x", "ppt2"]) {
            let value = match *name {
                "b64" => continue,
                "crit" | "x5c" => r#"["v"]"#,
                "jwk" => "{}",
                _ => r#""v""#,
            };
            let json = format!(r#"{{"alg":"HS256","{name}":{value},"{name}":{value}}}"#);
            let error = parse(&json).unwrap_err();
            assert!(
                matches!(
                    error,
                    VerifyError::Malformed(Malformed::DuplicateMember(Part::Header))
                ),
                "{name}: {error:?}"
            );
        }
    }

    #[test]
    fn accepts_well_formed_crit() {
        let header = parse(r#"{"crit":["exp"],"alg":"HS256","exp":1}"#).unwrap();
        assert_eq!(header.critical(), Some(&["exp".to_owned()][..]));
    }

    #[test]
    fn writes_alg_kid_and_extras() {
        #[derive(Serialize)]
        struct Extra {
            tenant: &'static str,
        }
        let header = Header::new().with_extra(&Extra { tenant: "a" }).unwrap();
        let json = header.to_json("HS256", Some("k1")).unwrap();
        assert_eq!(
            json,
            r#"{"alg":"HS256","typ":"JWT","kid":"k1","tenant":"a"}"#
        );
        let json = header
            .with_key_id("mine")
            .to_json("HS256", Some("k1"))
            .unwrap();
        assert!(json.contains(r#""kid":"mine""#));
    }

    #[test]
    fn refuses_reserved_extras_and_none() {
        #[derive(Serialize)]
        struct Sneaky {
            alg: &'static str,
        }
        assert!(matches!(
            Header::new().with_extra(&Sneaky { alg: "none" }),
            Err(EncodeError::Header(HeaderError::ReservedName))
        ));
        assert!(matches!(
            Header::new().to_json("none", None),
            Err(EncodeError::UnusableAlgorithm)
        ));
        assert!(matches!(
            Header::new().with_critical(["x"]).to_json("HS256", None),
            Err(EncodeError::Header(HeaderError::InvalidCritical))
        ));
    }
}
