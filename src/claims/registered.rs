//! [`RegisteredClaims`]: the claims of RFC 7519 §4.1, each typed exactly, with their text kept
//! in one buffer so that reading a token costs one allocation for all of them.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{Audience, ClaimName, NumericDate};

/// The registered claims of RFC 7519 §4.1.
///
/// When reading a token, a registered claim with the wrong JSON type (a number for `iss`, an
/// object for `aud`, a string for `exp`) is an error, never "absent".
///
/// # Examples
///
/// ```
/// use jwt_ring::{NumericDate, RegisteredClaims};
///
/// let claims = RegisteredClaims::new()
///     .with_issuer("https://auth.example")
///     .with_audience(["api", "billing"])
///     .with_expiry(NumericDate::from_unix(2_000_000_000)?);
/// assert_eq!(claims.iss(), Some("https://auth.example"));
/// assert!(claims.aud().is_some_and(|aud| aud.contains("billing")));
/// assert_eq!(claims.exp().map(|exp| exp.unix()), Some(2_000_000_000));
/// # Ok::<(), jwt_ring::DateOutOfRange>(())
/// ```
#[derive(Clone, Default)]
pub struct RegisteredClaims {
    /// The text of `iss`, `sub`, `jti` and every audience.
    text: String,
    /// `iss`, `sub` and `jti` (see [`Slot`]), as spans of `text`.
    texts: [Option<Range<usize>>; 3],
    aud: Option<AudienceSpans>,
    /// `exp`, `nbf` and `iat` (see [`Slot`]).
    dates: [Option<NumericDate>; 3],
}

/// Where [`RegisteredClaims`] keeps a registered claim: readers and the validator name claims by
/// slot, so that storing or checking one is an array access rather than a match on its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// `iss`, `sub` or `jti`: an index into `texts`.
    Text(u8),
    /// `aud`.
    Audience,
    /// `exp`, `nbf` or `iat`: an index into `dates`.
    Date(u8),
}

pub(crate) const ISS: Slot = Slot::Text(0);
pub(crate) const SUB: Slot = Slot::Text(1);
pub(crate) const JTI: Slot = Slot::Text(2);
pub(crate) const AUD: Slot = Slot::Audience;
pub(crate) const EXP: Slot = Slot::Date(0);
pub(crate) const NBF: Slot = Slot::Date(1);
pub(crate) const IAT: Slot = Slot::Date(2);

impl Slot {
    /// The registered claim called `name`, if it is one.
    #[inline]
    pub(crate) fn named(name: &str) -> Option<Slot> {
        // Every registered name has three bytes: matching on them as an array compiles to a few
        // integer comparisons, which matters because every member of every payload comes here.
        let &[a, b, c] = name.as_bytes() else {
            return None;
        };
        Some(match [a, b, c] {
            [b'i', b's', b's'] => ISS,
            [b's', b'u', b'b'] => SUB,
            [b'a', b'u', b'd'] => AUD,
            [b'e', b'x', b'p'] => EXP,
            [b'n', b'b', b'f'] => NBF,
            [b'i', b'a', b't'] => IAT,
            [b'j', b't', b'i'] => JTI,
            _ => return None,
        })
    }

    /// The claim's public name.
    pub(crate) fn name(self) -> ClaimName {
        match self {
            ISS => ClaimName::Iss,
            SUB => ClaimName::Sub,
            Slot::Text(_) => ClaimName::Jti,
            Slot::Audience => ClaimName::Aud,
            EXP => ClaimName::Exp,
            NBF => ClaimName::Nbf,
            Slot::Date(_) => ClaimName::Iat,
        }
    }
}

#[derive(Clone)]
enum AudienceSpans {
    One(Range<usize>),
    Many(Vec<Range<usize>>),
}

impl AudienceSpans {
    fn as_slice(&self) -> &[Range<usize>] {
        match self {
            AudienceSpans::One(span) => std::slice::from_ref(span),
            AudienceSpans::Many(spans) => spans,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Range<usize>] {
        match self {
            AudienceSpans::One(span) => std::slice::from_mut(span),
            AudienceSpans::Many(spans) => spans,
        }
    }
}

/// The `aud` claim of a [`RegisteredClaims`], borrowed.
#[derive(Clone, Copy)]
pub struct AudienceRef<'a> {
    text: &'a str,
    spans: &'a AudienceSpans,
}

impl<'a> AudienceRef<'a> {
    /// The audiences: one, or each element of the array.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let text = self.text;
        self.spans
            .as_slice()
            .iter()
            .map(move |span| text.get(span.clone()).unwrap_or_default())
    }

    /// Whether `audience` is among them.
    pub fn contains(&self, audience: &str) -> bool {
        self.iter().any(|value| value == audience)
    }

    /// Whether the claim was written as a JSON array.
    pub fn is_array(&self) -> bool {
        matches!(self.spans, AudienceSpans::Many(_))
    }

    /// An owned copy.
    pub fn to_audience(&self) -> Audience {
        match self.spans {
            AudienceSpans::One(_) => Audience::One(self.iter().collect()),
            AudienceSpans::Many(_) => Audience::Many(self.iter().map(str::to_owned).collect()),
        }
    }
}

impl fmt::Debug for AudienceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.spans {
            AudienceSpans::One(_) => f.debug_tuple("One").field(&self.iter().next()).finish(),
            AudienceSpans::Many(_) => f.debug_list().entries(self.iter()).finish(),
        }
    }
}

impl PartialEq for AudienceRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.is_array() == other.is_array() && self.iter().eq(other.iter())
    }
}

impl Eq for AudienceRef<'_> {}

impl RegisteredClaims {
    /// No claims.
    pub fn new() -> Self {
        Self::default()
    }

    /// `iss`: who issued the token (RFC 7519 §4.1.1).
    pub fn iss(&self) -> Option<&str> {
        self.text_at(ISS)
    }

    /// `sub`: whom the token is about (RFC 7519 §4.1.2).
    pub fn sub(&self) -> Option<&str> {
        self.text_at(SUB)
    }

    /// `aud`: whom the token is for (RFC 7519 §4.1.3).
    pub fn aud(&self) -> Option<AudienceRef<'_>> {
        self.aud.as_ref().map(|spans| AudienceRef {
            text: &self.text,
            spans,
        })
    }

    /// `exp`: when the token expires (RFC 7519 §4.1.4).
    pub fn exp(&self) -> Option<NumericDate> {
        self.date_at(EXP)
    }

    /// `nbf`: when the token becomes valid (RFC 7519 §4.1.5).
    pub fn nbf(&self) -> Option<NumericDate> {
        self.date_at(NBF)
    }

    /// `iat`: when the token was issued (RFC 7519 §4.1.6).
    pub fn iat(&self) -> Option<NumericDate> {
        self.date_at(IAT)
    }

    /// `jti`: a unique token id (RFC 7519 §4.1.7).
    pub fn jti(&self) -> Option<&str> {
        self.text_at(JTI)
    }

    /// Whether the registered claim `name` is present.
    pub fn has(&self, name: &ClaimName) -> bool {
        name.slot().is_some_and(|slot| self.has_slot(slot))
    }

    #[inline]
    pub(crate) fn has_slot(&self, slot: Slot) -> bool {
        match slot {
            Slot::Text(_) => self.span_at(slot).is_some(),
            Slot::Audience => self.aud.is_some(),
            Slot::Date(index) => self
                .dates
                .get(usize::from(index))
                .is_some_and(Option::is_some),
        }
    }

    /// Where the text claim in `slot` is in `text`, if present.
    #[inline]
    fn span_at(&self, slot: Slot) -> Option<&Range<usize>> {
        let Slot::Text(index) = slot else { return None };
        self.texts.get(usize::from(index))?.as_ref()
    }

    fn text_at(&self, slot: Slot) -> Option<&str> {
        let span = self.span_at(slot)?;
        Some(self.text.get(span.clone()).unwrap_or_default())
    }

    /// The text claim in `slot` as bytes, for comparing: bytes skip `str`'s boundary checks.
    pub(crate) fn bytes_at(&self, slot: Slot) -> Option<&[u8]> {
        let span = self.span_at(slot)?;
        Some(self.text.as_bytes().get(span.clone()).unwrap_or_default())
    }

    /// `None` without `aud`, else whether one of its values is among `accepted`.
    pub(crate) fn audience_among(&self, accepted: &[String]) -> Option<bool> {
        let spans = self.aud.as_ref()?.as_slice();
        let text = self.text.as_bytes();
        Some(spans.iter().any(|span| {
            let value = text.get(span.clone()).unwrap_or_default();
            accepted.iter().any(|a| a.as_bytes() == value)
        }))
    }

    fn date_at(&self, slot: Slot) -> Option<NumericDate> {
        let Slot::Date(index) = slot else { return None };
        self.dates.get(usize::from(index)).copied().flatten()
    }

    /// Sets `iss`.
    pub fn with_issuer(mut self, iss: impl AsRef<str>) -> Self {
        let span = self.push(iss.as_ref());
        self.set_span(ISS, span);
        self
    }

    /// Sets `sub`.
    pub fn with_subject(mut self, sub: impl AsRef<str>) -> Self {
        let span = self.push(sub.as_ref());
        self.set_span(SUB, span);
        self
    }

    /// Sets `aud`: one audience (a JSON string) or several (a JSON array).
    pub fn with_audience(mut self, aud: impl Into<Audience>) -> Self {
        self.aud = Some(match aud.into() {
            Audience::One(value) => AudienceSpans::One(self.push(&value)),
            Audience::Many(values) => {
                AudienceSpans::Many(values.iter().map(|value| self.push(value)).collect())
            }
        });
        self
    }

    /// Sets `exp`.
    pub fn with_expiry(mut self, exp: NumericDate) -> Self {
        self.set_date(EXP, exp);
        self
    }

    /// Sets `nbf`.
    pub fn with_not_before(mut self, nbf: NumericDate) -> Self {
        self.set_date(NBF, nbf);
        self
    }

    /// Sets `iat`.
    pub fn with_issued_at(mut self, iat: NumericDate) -> Self {
        self.set_date(IAT, iat);
        self
    }

    /// Sets `jti`.
    pub fn with_jwt_id(mut self, jti: impl AsRef<str>) -> Self {
        let span = self.push(jti.as_ref());
        self.set_span(JTI, span);
        self
    }

    /// Appends `value` to the text buffer and returns where it landed.
    fn push(&mut self, value: &str) -> Range<usize> {
        push(&mut self.text, value)
    }

    // Readers of untrusted claims fill the claims through the methods below, after checking
    // types. While reading, a span below `base.len()` points into the claims set `base` being
    // read, and one above it into `text`, which holds only the strings that had escapes (those
    // cannot be borrowed from `base`). `finish_reading` then makes the spans point into `text`
    // alone.

    /// Where `value` is: inside `base` when it was borrowed from there, else appended to `text`.
    fn locate(&mut self, base: &str, value: &str) -> Range<usize> {
        let offset = value.as_ptr().addr().wrapping_sub(base.as_ptr().addr());
        match offset.checked_add(value.len()) {
            Some(end) if end <= base.len() => offset..end,
            _ => {
                let start = base.len() + self.text.len();
                self.text.push_str(value);
                start..start + value.len()
            }
        }
    }

    /// Sets the text claim in `slot` to `value`, found in (or appended after) `base`.
    pub(crate) fn set_text(&mut self, slot: Slot, base: &str, value: &str) {
        let span = self.locate(base, value);
        self.set_span(slot, span);
    }

    fn set_span(&mut self, slot: Slot, span: Range<usize>) {
        if let Slot::Text(index) = slot {
            if let Some(place) = self.texts.get_mut(usize::from(index)) {
                *place = Some(span);
            }
        }
    }

    pub(crate) fn set_date(&mut self, slot: Slot, value: NumericDate) {
        if let Slot::Date(index) = slot {
            if let Some(place) = self.dates.get_mut(usize::from(index)) {
                *place = Some(value);
            }
        }
    }

    pub(crate) fn set_audience_one(&mut self, base: &str, value: &str) {
        self.aud = Some(AudienceSpans::One(self.locate(base, value)));
    }

    pub(crate) fn set_audience_many<'s>(
        &mut self,
        base: &str,
        values: impl Iterator<Item = &'s str>,
    ) {
        let spans = values.map(|value| self.locate(base, value)).collect();
        self.aud = Some(AudienceSpans::Many(spans));
    }

    /// Finishes reading from `base`: a short claims set becomes the start of the text (no copy
    /// at all when it is owned), a longer one has each claim's text copied out of it, so that the
    /// claims do not hold a large payload for a few short strings.
    pub(crate) fn finish_reading(&mut self, base: Cow<'_, str>) {
        if base.len() <= KEEP_PAYLOAD_LEN {
            let escaped = std::mem::replace(&mut self.text, base.into_owned());
            self.text.push_str(&escaped);
        } else {
            self.copy_out(&base);
        }
    }

    /// Copies each claim's text out of `base` (and the escaped strings) into one new buffer.
    fn copy_out(&mut self, base: &str) {
        let escaped = std::mem::take(&mut self.text);
        let source = |span: &Range<usize>| -> &str {
            match span.start.checked_sub(base.len()) {
                Some(start) => escaped.get(start..span.end - base.len()),
                None => base.get(span.clone()),
            }
            .unwrap_or_default()
        };
        let audiences = self.aud.iter().flat_map(AudienceSpans::as_slice);
        let len = self
            .texts
            .iter()
            .flatten()
            .chain(audiences)
            .map(Range::len)
            .sum();
        let mut text = String::with_capacity(len);
        let audiences = self.aud.iter_mut().flat_map(AudienceSpans::as_mut_slice);
        for span in self.texts.iter_mut().flatten().chain(audiences) {
            *span = push(&mut text, source(span));
        }
        self.text = text;
    }
}

impl PartialEq for RegisteredClaims {
    fn eq(&self, other: &Self) -> bool {
        self.iss() == other.iss()
            && self.sub() == other.sub()
            && self.aud() == other.aud()
            && self.dates == other.dates
            && self.jti() == other.jti()
    }
}

impl Eq for RegisteredClaims {}

impl fmt::Debug for RegisteredClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisteredClaims")
            .field("iss", &self.iss())
            .field("sub", &self.sub())
            .field("aud", &self.aud())
            .field("exp", &self.exp())
            .field("nbf", &self.nbf())
            .field("iat", &self.iat())
            .field("jti", &self.jti())
            .finish()
    }
}

impl Serialize for RegisteredClaims {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(iss) = self.iss() {
            map.serialize_entry("iss", iss)?;
        }
        if let Some(sub) = self.sub() {
            map.serialize_entry("sub", sub)?;
        }
        if let Some(aud) = self.aud() {
            map.serialize_entry("aud", &AudienceOut(aud))?;
        }
        for (name, date) in [
            ("exp", self.exp()),
            ("nbf", self.nbf()),
            ("iat", self.iat()),
        ] {
            if let Some(date) = date {
                map.serialize_entry(name, &date)?;
            }
        }
        if let Some(jti) = self.jti() {
            map.serialize_entry("jti", jti)?;
        }
        map.end()
    }
}

/// Claims sets up to this length are kept whole as the registered claims' text (see
/// [`RegisteredClaims::finish_reading`]).
const KEEP_PAYLOAD_LEN: usize = 1024;

/// Appends `value` to `text` and returns where it landed.
fn push(text: &mut String, value: &str) -> Range<usize> {
    let start = text.len();
    text.push_str(value);
    start..text.len()
}

struct AudienceOut<'a>(AudienceRef<'a>);

impl Serialize for AudienceOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_array() {
            let mut seq = serializer.serialize_seq(None)?;
            for value in self.0.iter() {
                seq.serialize_element(value)?;
            }
            seq.end()
        } else {
            serializer.serialize_str(self.0.iter().next().unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_ignores_the_order_claims_were_set_in() {
        let a = RegisteredClaims::new().with_issuer("i").with_subject("s");
        let b = RegisteredClaims::new().with_subject("s").with_issuer("i");
        assert_eq!(a, b);
        assert_ne!(a, b.clone().with_jwt_id("j"));
        let one = RegisteredClaims::new().with_audience("api");
        let many = RegisteredClaims::new().with_audience(["api"]);
        assert_ne!(one, many);
        assert_eq!(serde_json::to_string(&one).unwrap(), r#"{"aud":"api"}"#);
        assert_eq!(serde_json::to_string(&many).unwrap(), r#"{"aud":["api"]}"#);
    }
}
