//! Reads a claims set in one pass: registered claims go to typed slots, every other member is
//! handed to the caller's type, and no member may appear twice.
//!
//! The caller's type `T` is deserialized from a filtered view of the payload object, so the
//! payload is parsed once, without an intermediate `serde_json::Value`, and `T` may borrow
//! strings from the decoded payload.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess,
    Visitor,
};

use super::{NumericDate, RegisteredClaims, Slot};
use crate::error::{ClaimError, ClaimFailure, Malformed, Part, VerifyError};
use crate::json::{Key, SeenNames, starts_as_object};

/// What reading found besides the claims themselves.
pub(crate) struct Presence {
    /// Bit `i` is set when `required_other[i]` was present.
    pub(crate) other: u64,
}

/// Parses `payload` into `registered` and `T`, which may borrow from it; the registered claims
/// keep their own copy of what they need (see [`RegisteredClaims::finish_reading`]).
///
/// `required_other` names non-registered claims whose presence the caller wants recorded (at
/// most 64; later names are ignored here and must be rejected at configuration time).
///
/// The claims are filled in place, so that the caller's token is built once, where it is
/// returned, rather than moved through each layer.
pub(crate) fn read_claims<'de, T: Deserialize<'de>>(
    payload: &'de [u8],
    registered: &mut RegisteredClaims,
    required_other: &[String],
) -> Result<(T, Presence), VerifyError> {
    let Ok(text) = std::str::from_utf8(payload) else {
        return Err(Malformed::Utf8(Part::Payload).into());
    };
    let read = read_text::<T>(text, registered, required_other)?;
    registered.finish_reading(Cow::Borrowed(text));
    Ok(read)
}

/// Parses `payload` into `registered` and an owned `T`. A short payload becomes the registered
/// claims' text, so that they point into it instead of copying from it.
pub(crate) fn read_claims_owned<T: DeserializeOwned>(
    payload: Vec<u8>,
    registered: &mut RegisteredClaims,
    required_other: &[String],
) -> Result<(T, Presence), VerifyError> {
    let Ok(text) = String::from_utf8(payload) else {
        return Err(Malformed::Utf8(Part::Payload).into());
    };
    let read = read_text::<T>(&text, registered, required_other)?;
    registered.finish_reading(Cow::Owned(text));
    Ok(read)
}

/// Reads the claims set `text`. The registered claims get spans into `text` for strings read as
/// they stand, and their own text holds only strings that had escapes (until
/// [`RegisteredClaims::finish_reading`]).
fn read_text<'de, T: Deserialize<'de>>(
    text: &'de str,
    registered: &mut RegisteredClaims,
    required_other: &[String],
) -> Result<(T, Presence), VerifyError> {
    if !starts_as_object(text.as_bytes()) {
        return Err(if serde_json::from_str::<IgnoredAny>(text).is_ok() {
            Malformed::NotAnObject(Part::Payload).into()
        } else {
            Malformed::Json(Part::Payload).into()
        });
    }
    let mut state = State {
        registered,
        base: text,
        seen: SeenNames::default(),
        failed: None,
        duplicate: false,
        required_other,
        present_other: 0,
    };
    // Parsing from `str` skips serde_json's per-string UTF-8 checks: the caller checked once.
    let mut de = serde_json::Deserializer::from_str(text);
    let result = (&mut de)
        .deserialize_map(TopVisitor {
            state: &mut state,
            marker: PhantomData::<T>,
        })
        .and_then(|custom| de.end().map(|()| custom));
    match result {
        Ok(custom) => Ok((
            custom,
            Presence {
                other: state.present_other,
            },
        )),
        Err(error) => Err(classify(&error, &state)),
    }
}

#[cold]
#[inline(never)]
fn classify(error: &serde_json::Error, state: &State<'_, '_>) -> VerifyError {
    if state.duplicate {
        return Malformed::DuplicateMember(Part::Payload).into();
    }
    if let Some(slot) = state.failed {
        return ClaimError::new(slot.name(), ClaimFailure::Invalid).into();
    }
    match error.classify() {
        serde_json::error::Category::Data => VerifyError::ClaimsType,
        _ => Malformed::Json(Part::Payload).into(),
    }
}

struct State<'de, 'r> {
    /// Spans into `base`, and the text of strings that had escapes.
    registered: &'r mut RegisteredClaims,
    /// The claims set being read.
    base: &'de str,
    seen: SeenNames<'de>,
    /// The registered claim being read when an error struck, if any.
    failed: Option<Slot>,
    duplicate: bool,
    required_other: &'r [String],
    present_other: u64,
}

impl<'de> State<'de, '_> {
    #[allow(clippy::ptr_arg)] // passed on to `SeenNames::insert`, which keeps borrowed names
    fn note_name<E: de::Error>(&mut self, name: &Cow<'de, str>) -> Result<(), E> {
        if !self.seen.insert(name) {
            self.duplicate = true;
            return Err(E::custom("duplicate member"));
        }
        if let Some(index) = self.required_other.iter().position(|r| r == name.as_ref()) {
            if let Some(bit) = 1u64.checked_shl(index as u32) {
                self.present_other |= bit;
            }
        }
        Ok(())
    }

    fn read_registered<A: MapAccess<'de>>(
        &mut self,
        slot: Slot,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if self.registered.has_slot(slot) {
            self.duplicate = true;
            return Err(de::Error::custom("duplicate member"));
        }
        let read = match slot {
            Slot::Text(_) => map
                .next_value::<Key<'de>>()
                .map(|Key(value)| self.registered.set_text(slot, self.base, &value)),
            Slot::Audience => map.next_value_seed(AudienceSeed {
                registered: self.registered,
                base: self.base,
            }),
            Slot::Date(_) => map
                .next_value::<NumericDate>()
                .map(|date| self.registered.set_date(slot, date)),
        };
        if read.is_err() {
            self.failed = Some(slot);
        }
        read
    }
}

/// Reads `aud`: a string, or an array of strings, into the registered claims.
struct AudienceSeed<'r, 'de> {
    registered: &'r mut RegisteredClaims,
    base: &'de str,
}

impl<'de> DeserializeSeed<'de> for AudienceSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AudienceSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an array of strings")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.registered.set_audience_one(self.base, value);
        Ok(())
    }

    fn visit_seq<S: de::SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut values: Vec<Cow<'de, str>> = Vec::new();
        while let Some(Key(value)) = seq.next_element::<Key<'de>>()? {
            values.push(value);
        }
        self.registered
            .set_audience_many(self.base, values.iter().map(|value| value.as_ref()));
        Ok(())
    }
}

struct TopVisitor<'s, 'de, 'r, T> {
    state: &'s mut State<'de, 'r>,
    marker: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for TopVisitor<'_, 'de, '_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of claims")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut filter = Filter {
            inner: map,
            state: self.state,
        };
        let custom = T::deserialize(FilterDeserializer {
            filter: &mut filter,
        })?;
        // The caller's type may stop early; registered claims after that point still count.
        while filter.next_key::<IgnoredAny>()?.is_some() {
            filter.next_value::<IgnoredAny>()?;
        }
        Ok(custom)
    }
}

/// The payload object with the registered claims taken out.
struct Filter<'s, 'de, 'r, A> {
    inner: A,
    state: &'s mut State<'de, 'r>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Filter<'_, 'de, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(Key(name)) = self.inner.next_key::<Key<'de>>()? else {
                return Ok(None);
            };
            if let Some(slot) = Slot::named(&name) {
                // A repeated registered claim is caught by its own slot being filled already.
                self.state.read_registered(slot, &mut self.inner)?;
                continue;
            }
            self.state.note_name(&name)?;
            return match name {
                Cow::Borrowed(name) => seed.deserialize(BorrowedStrDeserializer::new(name)),
                Cow::Owned(name) => seed.deserialize(StringDeserializer::new(name)),
            }
            .map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }
}

/// Presents a [`Filter`] to the caller's type as a JSON object.
struct FilterDeserializer<'f, 's, 'de, 'r, A> {
    filter: &'f mut Filter<'s, 'de, 'r, A>,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for FilterDeserializer<'_, '_, 'de, '_, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.filter)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        while self.filter.next_key::<IgnoredAny>()?.is_some() {
            self.filter.next_value::<IgnoredAny>()?;
        }
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{ClaimName, Claims, NoCustomClaims, NumericDate};
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Scope<'a> {
        scope: &'a str,
    }

    fn read<'de, T: Deserialize<'de>>(json: &'de str) -> Result<Claims<T>, VerifyError> {
        let mut registered = RegisteredClaims::default();
        let (custom, _) = read_claims::<T>(json.as_bytes(), &mut registered, &[])?;
        Ok(Claims { registered, custom })
    }

    #[test]
    fn splits_registered_from_custom_and_borrows() {
        let claims: Claims<Scope<'_>> =
            read(r#"{"iss":"a","scope":"read","exp":10,"aud":["x","y"]}"#).unwrap();
        assert_eq!(claims.registered.iss(), Some("a"));
        assert_eq!(claims.registered.exp().map(|d| d.unix()), Some(10));
        assert_eq!(claims.custom, Scope { scope: "read" });
        assert!(claims.registered.aud().unwrap().contains("y"));
    }

    #[test]
    fn mistyped_registered_claim_is_invalid_not_absent() {
        for (json, claim) in [
            (r#"{"iss":1}"#, ClaimName::Iss),
            (r#"{"aud":{"a":1}}"#, ClaimName::Aud),
            (r#"{"aud":[1]}"#, ClaimName::Aud),
            (r#"{"exp":"10"}"#, ClaimName::Exp),
            (r#"{"nbf":null}"#, ClaimName::Nbf),
            (r#"{"iat":[1]}"#, ClaimName::Iat),
            (r#"{"exp":{}}"#, ClaimName::Exp),
            // Beyond an IEEE 754 double: serde_json refuses the number itself (RFC 8259 §6).
            (r#"{"exp":1e400}"#, ClaimName::Exp),
            (r#"{"jti":true}"#, ClaimName::Jti),
            (r#"{"sub":["a"]}"#, ClaimName::Sub),
        ] {
            let error = read::<NoCustomClaims>(json).unwrap_err();
            assert!(
                matches!(&error, VerifyError::Claim(e) if *e.claim() == claim && e.failure() == ClaimFailure::Invalid),
                "{json}: {error:?}"
            );
        }
    }

    #[test]
    fn duplicates_are_rejected_even_when_escaped() {
        for json in [
            r#"{"exp":1,"exp":2}"#,
            r#"{"exp":1,"\u0065xp":2}"#,
            r#"{"x":1,"x":1}"#,
        ] {
            let error = read::<NoCustomClaims>(json).unwrap_err();
            assert!(
                matches!(
                    error,
                    VerifyError::Malformed(Malformed::DuplicateMember(Part::Payload))
                ),
                "{json}: {error:?}"
            );
        }
    }

    #[test]
    fn non_objects_and_bad_json_are_malformed() {
        let error = read::<NoCustomClaims>("[1]").unwrap_err();
        assert!(matches!(
            error,
            VerifyError::Malformed(Malformed::NotAnObject(Part::Payload))
        ));
        let error = read::<NoCustomClaims>("{\"a\":").unwrap_err();
        assert!(matches!(
            error,
            VerifyError::Malformed(Malformed::Json(Part::Payload))
        ));
        let error = read::<NoCustomClaims>("{} x").unwrap_err();
        assert!(matches!(
            error,
            VerifyError::Malformed(Malformed::Json(Part::Payload))
        ));
    }

    #[test]
    fn custom_type_mismatch_is_reported_as_such() {
        let error = read::<Scope<'_>>(r#"{"scope":5}"#).unwrap_err();
        assert!(matches!(error, VerifyError::ClaimsType), "{error:?}");
    }

    #[test]
    fn every_number_is_a_date_saturating_beyond_the_range() {
        let max = NumericDate::MAX;
        let min = NumericDate::MIN;
        let date = |unix| NumericDate::from_unix(unix).unwrap();
        for (json, exp, nbf, iat) in [
            (
                r#"{"exp":9223372036854775807,"nbf":-1,"iat":-1.5}"#,
                max,
                date(-1),
                date(-2),
            ),
            (r#"{"exp":1e20,"nbf":-1e20,"iat":0}"#, max, min, date(0)),
            (
                r#"{"exp":18446744073709551616,"nbf":-9223372036854775808,"iat":253402300799}"#,
                max,
                min,
                max,
            ),
        ] {
            let claims: Claims = read(json).unwrap();
            let registered = &claims.registered;
            assert_eq!(registered.exp(), Some(exp), "{json}");
            assert_eq!(registered.nbf(), Some(nbf), "{json}");
            assert_eq!(
                registered.iat().map(|d| d.unix()),
                Some(iat.unix()),
                "{json}"
            );
        }
    }

    #[test]
    fn fractional_dates_are_accepted() {
        let claims: Claims = read(r#"{"exp":1300819380.5}"#).unwrap();
        assert_eq!(claims.registered.exp().unwrap().unix(), 1_300_819_380);
    }

    #[test]
    fn records_presence_of_required_custom_claims() {
        let required = vec!["tenant".to_owned(), "scope".to_owned()];
        let mut registered = RegisteredClaims::default();
        let (_, presence) =
            read_claims::<NoCustomClaims>(br#"{"scope":"x","a":1}"#, &mut registered, &required)
                .unwrap();
        assert_eq!(presence.other, 0b10);
    }
}
