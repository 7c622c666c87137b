//! A token's parts decoded for display, and how `inspect` and `verify` print them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use crate::error::CliError;
use crate::style::{HEADING, Painter};
use crate::times;

/// The time claims shown with dates: RFC 7519 §4.1 and OpenID Connect's `auth_time`.
const TIME_CLAIMS: [&str; 4] = ["iat", "nbf", "exp", "auth_time"];

/// A token's header and claims as JSON, and its signature's length.
pub struct View {
    header: Value,
    claims: Value,
    signature_len: usize,
}

impl View {
    /// Decodes `token`, which the library has already parsed (three strict base64url segments
    /// and a JSON header).
    ///
    /// # Errors
    ///
    /// An invalid-token error when the payload is not JSON.
    pub fn decode(token: &str) -> Result<Self, CliError> {
        let mut segments = token.split('.');
        let mut next = || segments.next().unwrap_or_default();
        let (header, payload, signature) = (next(), next(), next());
        let signature_len = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| malformed("signature is not strict base64url"))?
            .len();
        Ok(Self {
            header: decode_json(header, "header")?,
            claims: decode_json(payload, "payload")?,
            signature_len,
        })
    }

    /// The human form: `label`, the header and claims pretty-printed, the time claims as UTC
    /// dates and relative to `now`, and the signature's length.
    pub fn human(&self, label: &str, now: i64, painter: Painter) -> String {
        let mut out = format!("{label}\n");
        out.push_str(&painter.paint(HEADING, "Header"));
        out.push('\n');
        out.push_str(&pretty(&self.header));
        out.push('\n');
        out.push_str(&painter.paint(HEADING, "Claims"));
        out.push('\n');
        out.push_str(&pretty(&self.claims));
        out.push('\n');
        let times = self.times(now);
        if !times.is_empty() {
            let heading = format!("Times (now {})", times::utc(now).unwrap_or_default());
            out.push_str(&painter.paint(HEADING, &heading));
            out.push('\n');
            for time in times {
                out.push_str(&format!(
                    "  {:<9} {}  {}\n",
                    time.name, time.utc, time.relative
                ));
            }
        }
        out.push_str(&painter.paint(HEADING, "Signature"));
        out.push_str(&format!(" {} bytes\n", self.signature_len));
        out
    }

    /// The JSON form, for scripts: one document ending with a newline, as text on a terminal
    /// or in a file should.
    pub fn json(&self, verified: bool, now: i64) -> String {
        format!("{}\n", pretty(&self.document(verified, now)))
    }

    /// The JSON form as a value: `verified`, `header`, `claims`, `times` and
    /// `signature_bytes`.
    pub fn document(&self, verified: bool, now: i64) -> Value {
        let times: Map<String, Value> = self
            .times(now)
            .into_iter()
            .map(|time| {
                let value = json!({
                    "unix": time.unix,
                    "utc": time.utc,
                    "relative": time.relative,
                });
                (time.name.to_owned(), value)
            })
            .collect();
        json!({
            "verified": verified,
            "header": self.header,
            "claims": self.claims,
            "times": times,
            "signature_bytes": self.signature_len,
        })
    }

    fn times(&self, now: i64) -> Vec<TimeClaim> {
        TIME_CLAIMS
            .iter()
            .filter_map(|name| {
                let unix = self.claims.get(name)?.as_i64()?;
                Some(TimeClaim {
                    name,
                    unix,
                    utc: times::utc(unix).unwrap_or_else(|| "out of range".to_owned()),
                    relative: times::relative(name, unix, now),
                })
            })
            .collect()
    }
}

struct TimeClaim {
    name: &'static str,
    unix: i64,
    utc: String,
    relative: String,
}

fn decode_json(segment: &str, part: &str) -> Result<Value, CliError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| malformed(&format!("{part} is not strict base64url")))?;
    serde_json::from_slice(&bytes).map_err(|_| malformed(&format!("{part} is not valid JSON")))
}

fn malformed(reason: &str) -> CliError {
    CliError::invalid(format!("malformed token: {reason}"))
}

/// `value` as indented JSON.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A JWE's protected header and the lengths of its other segments, decoded for display
/// without decrypting anything.
pub struct JweView {
    header: Value,
    /// The decoded lengths of the encrypted key, IV, ciphertext and tag.
    lengths: [usize; 4],
}

/// How the four segments after the header are named, in order (RFC 7516 §7.1).
const JWE_SEGMENTS: [&str; 4] = ["Encrypted key", "IV", "Ciphertext", "Tag"];

/// The label of a JWE shown by `inspect`.
pub const ENCRYPTED: &str = "ENCRYPTED: a JWE; its content was NOT decrypted (use `jwt decrypt`)";

impl JweView {
    /// Decodes the five segments of `token`: a JSON object header and strict base64url.
    ///
    /// # Errors
    ///
    /// An invalid-token error naming the malformed segment.
    pub fn decode(token: &str) -> Result<Self, CliError> {
        let mut segments = token.split('.');
        let header = segments.next().unwrap_or_default();
        let header_bytes = URL_SAFE_NO_PAD
            .decode(header)
            .map_err(|_| malformed("JWE protected header is not strict base64url"))?;
        let header: Value = serde_json::from_slice(&header_bytes)
            .map_err(|_| malformed("JWE protected header is not valid JSON"))?;
        if !header.is_object() {
            return Err(malformed("JWE protected header is not a JSON object"));
        }
        let mut lengths = [0; 4];
        for (length, name) in lengths.iter_mut().zip(JWE_SEGMENTS) {
            let segment = segments.next().unwrap_or_default();
            *length = URL_SAFE_NO_PAD
                .decode(segment)
                .map_err(|_| malformed(&format!("JWE {name} is not strict base64url")))?
                .len();
        }
        if segments.next().is_some() {
            return Err(malformed("a JWE has exactly five segments"));
        }
        Ok(Self { header, lengths })
    }

    /// The protected header.
    pub fn header(&self) -> &Value {
        &self.header
    }

    /// Whether the header's `cty` says the content is a nested JWT.
    pub fn is_nested(&self) -> bool {
        self.header
            .get("cty")
            .and_then(Value::as_str)
            .is_some_and(crate::encrypt::names_jwt)
    }

    /// The human form: `label`, the protected header pretty-printed and the segment lengths.
    pub fn human(&self, label: &str, painter: Painter) -> String {
        let mut out = format!("{label}\n");
        out.push_str(&painter.paint(HEADING, "Protected header"));
        out.push('\n');
        out.push_str(&pretty(&self.header));
        out.push('\n');
        if self.is_nested() {
            out.push_str("The content is a nested JWT (`cty` JWT): a signed token, encrypted\n");
        }
        for (name, length) in JWE_SEGMENTS.iter().zip(self.lengths) {
            out.push_str(&painter.paint(HEADING, name));
            let padding = " ".repeat(14_usize.saturating_sub(name.len()));
            out.push_str(&format!("{padding}{length} bytes\n"));
        }
        out
    }

    /// The JSON form, for scripts: `encrypted` true, `decrypted` and `verified` false.
    pub fn json(&self) -> String {
        let [encrypted_key, iv, ciphertext, tag] = self.lengths;
        let document = json!({
            "encrypted": true,
            "decrypted": false,
            "verified": false,
            "header": self.header,
            "nested": self.is_nested(),
            "encrypted_key_bytes": encrypted_key,
            "iv_bytes": iv,
            "ciphertext_bytes": ciphertext,
            "tag_bytes": tag,
        });
        format!("{}\n", pretty(&document))
    }
}
