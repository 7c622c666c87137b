//! The JWE protected header (RFC 7516 §4): the typed members a caller reads and writes, and the
//! strict reader for untrusted headers.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::base64url;
use crate::json::{Key, SeenNames};
use crate::jwe::error::HeaderError;

/// A JWE protected header: `alg`, `enc`, `kid`, `typ`, `cty` and the ECDH-ES party
/// information `apu`/`apv`.
///
/// For [`encrypt`](crate::jwe::encrypt), build one with [`Header::new`] and the `with_`
/// methods: `alg`, `enc` and `kid` come from the key and the content encryption, never from
/// the caller. A [`Decrypted`](crate::jwe::Decrypted) token carries the header it was
/// decrypted with.
///
/// # Examples
///
/// ```
/// use jwt_ring::jwe::Header;
///
/// let header = Header::new().with_typ("JWT").with_content_type("JWT");
/// assert_eq!(header.content_type(), Some("JWT"));
/// assert_eq!(header.algorithm(), None); // the key decides
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Header {
    alg: Option<String>,
    enc: Option<String>,
    kid: Option<String>,
    typ: Option<String>,
    cty: Option<String>,
    apu: Option<Vec<u8>>,
    apv: Option<Vec<u8>>,
}

impl Header {
    /// An empty header.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `typ`, the media type of the whole token (RFC 7516 §4.1.11).
    pub fn with_typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// Sets `cty`, the content type of the plaintext (RFC 7516 §4.1.12): `JWT` for a nested
    /// JWT.
    pub fn with_content_type(mut self, cty: impl Into<String>) -> Self {
        self.cty = Some(cty.into());
        self
    }

    /// Sets `apu`, the agreement PartyUInfo of ECDH-ES (RFC 7518 §4.6.1.2); other algorithms
    /// write it but do not use it.
    pub fn with_party_u_info(mut self, apu: impl Into<Vec<u8>>) -> Self {
        self.apu = Some(apu.into());
        self
    }

    /// Sets `apv`, the agreement PartyVInfo of ECDH-ES (RFC 7518 §4.6.1.3).
    pub fn with_party_v_info(mut self, apv: impl Into<Vec<u8>>) -> Self {
        self.apv = Some(apv.into());
        self
    }

    /// `alg`, the key-management algorithm; set by decryption and encryption.
    pub fn algorithm(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// `enc`, the content encryption; set by decryption and encryption.
    pub fn encryption(&self) -> Option<&str> {
        self.enc.as_deref()
    }

    /// `kid`, the key id.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// `typ`, the token's media type.
    pub fn typ(&self) -> Option<&str> {
        self.typ.as_deref()
    }

    /// `cty`, the plaintext's content type.
    pub fn content_type(&self) -> Option<&str> {
        self.cty.as_deref()
    }

    /// `apu`, decoded.
    pub fn party_u_info(&self) -> Option<&[u8]> {
        self.apu.as_deref()
    }

    /// `apv`, decoded.
    pub fn party_v_info(&self) -> Option<&[u8]> {
        self.apv.as_deref()
    }

    /// The header JSON with `alg`, `enc`, `kid` and the key-management members `extra` (each a
    /// name and a JSON value) written in.
    ///
    /// The members are written in the order of their names, as a `serde_json::Map` (a
    /// `BTreeMap`) would write them, and a member of `extra` replaces a typed member of the same
    /// name; but without building the map, whose allocations cost as much as the rest of a
    /// `dir` encryption.
    pub(crate) fn to_json(
        &self,
        alg: &str,
        enc: &str,
        kid: Option<&str>,
        extra: Vec<(&'static str, serde_json::Value)>,
    ) -> String {
        enum Member<'a> {
            Text(&'a str),
            Bytes(&'a [u8]),
            Json(serde_json::Value),
        }
        let typed = [
            ("alg", Some(Member::Text(alg))),
            ("enc", Some(Member::Text(enc))),
            ("kid", kid.map(Member::Text)),
            ("typ", self.typ.as_deref().map(Member::Text)),
            ("cty", self.cty.as_deref().map(Member::Text)),
            ("apu", self.apu.as_deref().map(Member::Bytes)),
            ("apv", self.apv.as_deref().map(Member::Bytes)),
        ];
        let mut members: Vec<(&str, Member<'_>)> = Vec::with_capacity(typed.len() + extra.len());
        for (name, member) in typed {
            if let Some(member) = member {
                members.push((name, member));
            }
        }
        for (name, value) in extra {
            members.retain(|(other, _)| *other != name);
            members.push((name, Member::Json(value)));
        }
        members.sort_by(|a, b| a.0.cmp(b.0));
        let mut json = String::with_capacity(64);
        json.push('{');
        for (index, (name, member)) in members.iter().enumerate() {
            if index > 0 {
                json.push(',');
            }
            write_json_string(&mut json, name);
            json.push(':');
            match member {
                Member::Text(text) => write_json_string(&mut json, text),
                Member::Bytes(bytes) => {
                    // base64url needs no escaping.
                    json.push('"');
                    base64url::encode_into(bytes, &mut json);
                    json.push('"');
                }
                Member::Json(value) => json.push_str(&value.to_string()),
            }
        }
        json.push('}');
        json
    }
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
fn write_json_string(json: &mut String, text: &str) {
    let needs_escape = text
        .bytes()
        .any(|byte| byte < 0x20 || byte == b'"' || byte == b'\\');
    if needs_escape {
        json.push_str(&serde_json::Value::from(text).to_string());
    } else {
        json.push('"');
        json.push_str(text);
        json.push('"');
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("jwe::Header")
            .field("alg", &self.alg)
            .field("enc", &self.enc)
            .field("kid", &self.kid)
            .field("typ", &self.typ)
            .field("cty", &self.cty)
            .finish_non_exhaustive()
    }
}

/// An ephemeral public key as a JWE header carries it (RFC 7518 §4.6.1.1): a JWK with `kty`,
/// `crv`, `x` and, for EC keys, `y`, decoded but not yet checked against a curve.
#[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
pub(crate) struct EphemeralKey {
    pub(crate) kty: String,
    pub(crate) crv: String,
    pub(crate) x: Vec<u8>,
    pub(crate) y: Option<Vec<u8>>,
}

/// A protected header read from a token: the public members and what key management needs.
pub(crate) struct ParsedHeader {
    pub(crate) header: Header,
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    pub(crate) epk: Option<EphemeralKey>,
    pub(crate) iv: Option<Vec<u8>>,
    pub(crate) tag: Option<Vec<u8>>,
    pub(crate) crit: bool,
    /// `zip`, the compression algorithm, if present.
    pub(crate) zip: Option<String>,
    /// `p2s`, the PBES2 salt, decoded.
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    pub(crate) p2s: Option<Vec<u8>>,
    /// `p2c`, the PBES2 iteration count.
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    pub(crate) p2c: Option<u64>,
}

/// The members of one JSON object, in order, with their raw values.
struct Members<'de>(Vec<(Cow<'de, str>, &'de RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(Key(name)) = map.next_key::<Key<'de>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    members.push((name, value));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

impl<'de> Members<'de> {
    /// Parses `text` as one JSON object whose member names are all distinct.
    fn parse(text: &'de str) -> Result<Self, HeaderError> {
        let members: Members<'de> = serde_json::from_str(text).map_err(|_| HeaderError::Json)?;
        let mut seen = SeenNames::default();
        if !members.0.iter().all(|(name, _)| seen.insert(name)) {
            return Err(HeaderError::DuplicateMember);
        }
        Ok(members)
    }

    fn raw(&self, name: &str) -> Option<&'de RawValue> {
        self.0
            .iter()
            .find(|(member, _)| member.as_ref() == name)
            .map(|(_, value)| *value)
    }

    /// A string member, or `None` when absent.
    fn string(&self, name: &'static str) -> Result<Option<String>, HeaderError> {
        self.raw(name)
            .map(|raw| {
                serde_json::from_str::<String>(raw.get())
                    .map_err(|_| HeaderError::InvalidMember(name))
            })
            .transpose()
    }

    /// A non-negative integer member, or `None` when absent.
    fn count(&self, name: &'static str) -> Result<Option<u64>, HeaderError> {
        self.raw(name)
            .map(|raw| {
                serde_json::from_str::<u64>(raw.get()).map_err(|_| HeaderError::InvalidMember(name))
            })
            .transpose()
    }

    /// A base64url member, decoded, or `None` when absent.
    fn bytes(&self, name: &'static str) -> Result<Option<Vec<u8>>, HeaderError> {
        self.string(name)?
            .map(|text| base64url::decode(text.as_bytes()).ok_or(HeaderError::InvalidMember(name)))
            .transpose()
    }
}

impl ParsedHeader {
    /// Reads a decoded protected header: a UTF-8 JSON object with distinct member names,
    /// `alg` and `enc` strings, and the other members of the right types.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, HeaderError> {
        let text = std::str::from_utf8(bytes).map_err(|_| HeaderError::Utf8)?;
        let members = Members::parse(text)?;
        let alg = members
            .string("alg")?
            .ok_or(HeaderError::MissingMember("alg"))?;
        let enc = members
            .string("enc")?
            .ok_or(HeaderError::MissingMember("enc"))?;
        let epk = members
            .raw("epk")
            .map(|raw| EphemeralKey::parse(raw.get()))
            .transpose()?;
        Ok(Self {
            header: Header {
                alg: Some(alg),
                enc: Some(enc),
                kid: members.string("kid")?,
                typ: members.string("typ")?,
                cty: members.string("cty")?,
                apu: members.bytes("apu")?,
                apv: members.bytes("apv")?,
            },
            epk,
            iv: members.bytes("iv")?,
            tag: members.bytes("tag")?,
            crit: members.raw("crit").is_some(),
            zip: members.string("zip")?,
            p2s: members.bytes("p2s")?,
            p2c: members.count("p2c")?,
        })
    }
}

impl EphemeralKey {
    fn parse(text: &str) -> Result<Self, HeaderError> {
        const EPK: HeaderError = HeaderError::InvalidMember("epk");
        let members = Members::parse(text).map_err(|_| EPK)?;
        let string = |name| members.string(name).map_err(|_| EPK);
        let bytes = |name| members.bytes(name).map_err(|_| EPK);
        Ok(Self {
            kty: string("kty")?.ok_or(EPK)?,
            crv: string("crv")?.ok_or(EPK)?,
            x: bytes("x")?.ok_or(EPK)?,
            y: bytes("y")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_typed_members() {
        let parsed = ParsedHeader::parse(
            br#"{"alg":"dir","enc":"A256GCM","kid":"k","typ":"JWT","cty":"JWT","apu":"QQ"}"#,
        )
        .unwrap();
        assert_eq!(parsed.header.algorithm(), Some("dir"));
        assert_eq!(parsed.header.encryption(), Some("A256GCM"));
        assert_eq!(parsed.header.kid(), Some("k"));
        assert_eq!(parsed.header.typ(), Some("JWT"));
        assert_eq!(parsed.header.content_type(), Some("JWT"));
        assert_eq!(parsed.header.party_u_info(), Some(&b"A"[..]));
        assert!(!parsed.crit && parsed.zip.is_none());
    }

    /// `to_json` writes what a `serde_json::Map` of the same members writes: the members in
    /// the order of their names, strings escaped alike, an extra member replacing a typed one.
    #[test]
    fn writes_the_json_a_map_would() {
        use serde_json::{Map, Value, json};
        let via_map = |header: &Header, kid: Option<&str>, extra: &[(&'static str, Value)]| {
            let mut members = Map::new();
            members.insert("alg".into(), "ECDH-ES".into());
            members.insert("enc".into(), "A128GCM".into());
            if let Some(kid) = kid {
                members.insert("kid".into(), kid.into());
            }
            for (name, value) in [("typ", &header.typ), ("cty", &header.cty)] {
                if let Some(value) = value {
                    members.insert(name.into(), value.as_str().into());
                }
            }
            for (name, value) in [("apu", &header.apu), ("apv", &header.apv)] {
                if let Some(value) = value {
                    members.insert(name.into(), base64url::encode(value).into());
                }
            }
            for (name, value) in extra {
                members.insert((*name).into(), value.clone());
            }
            Value::Object(members).to_string()
        };
        let epk = json!({"kty": "EC", "crv": "P-256", "x": "QQ", "y": "Qg"});
        let headers = [
            Header::new(),
            Header::new().with_typ("JWT").with_content_type("JWT"),
            Header::new()
                .with_typ("a\"b\\c\u{1}\u{7f}é/")
                .with_party_u_info(b"Alice".to_vec())
                .with_party_v_info(Vec::new()),
        ];
        let extras: [Vec<(&'static str, Value)>; 3] = [
            Vec::new(),
            vec![("epk", epk.clone())],
            vec![
                ("iv", "AAAA".into()),
                ("tag", "BBBB".into()),
                ("typ", json!(null)),
            ],
        ];
        for header in &headers {
            for kid in [None, Some("key \"1\"")] {
                for extra in &extras {
                    assert_eq!(
                        header.to_json("ECDH-ES", "A128GCM", kid, extra.clone()),
                        via_map(header, kid, extra)
                    );
                }
            }
        }
    }

    #[test]
    fn refuses_malformed_headers() {
        for (text, error) in [
            (&br#"{"alg":"dir","alg":"dir","enc":"A256GCM"}"#[..], HeaderError::DuplicateMember),
            (br#"{"alg":"dir","enc":"A256GCM","\u0065nc":"A128GCM"}"#, HeaderError::DuplicateMember),
            (br#"{"enc":"A256GCM"}"#, HeaderError::MissingMember("alg")),
            (br#"{"alg":"dir"}"#, HeaderError::MissingMember("enc")),
            (br#"{"alg":1,"enc":"A256GCM"}"#, HeaderError::InvalidMember("alg")),
            (br#"["dir","A256GCM"]"#, HeaderError::Json),
            (b"\xff", HeaderError::Utf8),
            (br#"{"alg":"dir","enc":"A256GCM","iv":"QQ=="}"#, HeaderError::InvalidMember("iv")),
            (br#"{"alg":"dir","enc":"A256GCM","epk":{"kty":"EC"}}"#, HeaderError::InvalidMember("epk")),
            (br#"{"alg":"dir","enc":"A256GCM","epk":{"kty":"EC","kty":"EC","crv":"P-256","x":"QQ"}}"#, HeaderError::InvalidMember("epk")),
        ] {
            assert_eq!(
                ParsedHeader::parse(text).err(),
                Some(error),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
