//! Registered claims (RFC 7519 §4.1), [`NumericDate`], [`Audience`], and [`Claims`], which pairs
//! them with the caller's own serde type.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use time::{Duration, OffsetDateTime};

/// A JSON numeric date (RFC 7519 §2): seconds since the Unix epoch, UTC.
///
/// RFC 7519 makes a NumericDate any JSON number, so reading a token never refuses a number for
/// its value:
///
/// * fractional seconds are kept (to the nanosecond);
/// * a date before 1970 (a negative number) is an ordinary date in the past: an `exp` there has
///   expired, an `nbf` or `iat` there has passed;
/// * a number beyond what [`time`] represents (after 9999-12-31T23:59:59Z, such as
///   `9223372036854775807` or `1e20`, or before -9999-01-01T00:00:00Z) *saturates* to
///   [`NumericDate::MAX`] or [`NumericDate::MIN`] for every comparison: an `exp` there never
///   expires, an `nbf` there is never reached, and `claims.exp() == Some(NumericDate::MAX)` is
///   how to tell such a token apart. The number the issuer wrote is kept all the same:
///   [`unix`](Self::unix) returns it (saturated to `i64`) and serializing writes it back
///   unchanged, so a service that forwards claims never alters them.
///
/// Only a value of another JSON type (a string, `null`, ..) is an error. A number beyond the
/// range of an IEEE 754 double (about ±1.8e308, such as `1e400`) never reaches here: the JSON
/// parser refuses it, as RFC 8259 §6 allows, and the claim is reported as invalid.
///
/// # Examples
///
/// ```
/// use jwt_ring::NumericDate;
///
/// let date = NumericDate::from_unix(1_300_819_380)?;
/// assert_eq!(date.unix(), 1_300_819_380);
///
/// // A far-future `exp` compares as the last representable second...
/// let far: NumericDate = serde_json::from_str("9223372036854775807")?;
/// assert_eq!(far, NumericDate::MAX);
/// assert_eq!(far.to_offset_date_time().year(), 9999);
/// // ...and keeps the number the issuer wrote.
/// assert_eq!(far.unix(), i64::MAX);
/// assert_eq!(serde_json::to_string(&far)?, "9223372036854775807");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct NumericDate {
    /// Whole seconds since the epoch (rounded toward the past), `MIN_UNIX..=MAX_UNIX`.
    seconds: i64,
    /// The fraction of a second, `0..1_000_000_000`.
    nanos: u32,
    /// The number as written, when it lay outside the range above.
    written: Written,
}

/// What a [`NumericDate`] read from JSON held before it saturated.
#[derive(Clone, Copy, Debug)]
enum Written {
    /// Within range: `seconds` and `nanos` are the number.
    InRange,
    /// An integer out of range that fits an `i64` (JSON integers reach down to `i64::MIN`).
    Signed(i64),
    /// An integer past `i64::MAX` (JSON integers reach `u64::MAX`). Two `i64`-sized variants
    /// rather than one `i128` keep the date at 32 bytes instead of 48: a verified token holds
    /// three, and moves them with every return.
    Unsigned(u64),
    /// A fraction or exponent out of range, as the bits of its `f64`.
    Float(u64),
}

/// Dates compare, and hash, as the validator sees them: saturated. Two numbers past the year
/// 9999 are the same date (one that never comes), whatever was written.
impl PartialEq for NumericDate {
    fn eq(&self, other: &Self) -> bool {
        (self.seconds, self.nanos) == (other.seconds, other.nanos)
    }
}

impl Eq for NumericDate {}

impl PartialOrd for NumericDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NumericDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.seconds, self.nanos).cmp(&(other.seconds, other.nanos))
    }
}

impl std::hash::Hash for NumericDate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.seconds, self.nanos).hash(state);
    }
}

/// A numeric date outside the years -9999 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("numeric date is out of range")]
pub struct DateOutOfRange;

/// 9999-12-31T23:59:59Z, the last second `time` represents without its `large-dates` feature.
const MAX_UNIX: i64 = 253_402_300_799;

/// -9999-01-01T00:00:00Z, the first second `time` represents without its `large-dates` feature.
const MIN_UNIX: i64 = -377_705_116_800;

impl NumericDate {
    /// The latest date: 9999-12-31T23:59:59Z. Later numbers read from a token saturate to it.
    pub const MAX: NumericDate = NumericDate {
        seconds: MAX_UNIX,
        nanos: 0,
        written: Written::InRange,
    };

    /// The earliest date: -9999-01-01T00:00:00Z. Earlier numbers read from a token saturate to
    /// it.
    pub const MIN: NumericDate = NumericDate {
        seconds: MIN_UNIX,
        nanos: 0,
        written: Written::InRange,
    };

    /// The date `seconds` after the Unix epoch (before it when negative).
    ///
    /// # Errors
    ///
    /// [`DateOutOfRange`] when `seconds` is before [`MIN`](Self::MIN) or after
    /// [`MAX`](Self::MAX). [`from_unix_saturating`](Self::from_unix_saturating) clamps instead.
    pub fn from_unix(seconds: i64) -> Result<Self, DateOutOfRange> {
        if !(MIN_UNIX..=MAX_UNIX).contains(&seconds) {
            return Err(DateOutOfRange);
        }
        Ok(Self {
            seconds,
            nanos: 0,
            written: Written::InRange,
        })
    }

    /// The date `seconds` after the Unix epoch, clamped to [`MIN`](Self::MIN)..=[`MAX`](Self::MAX):
    /// what reading a token does with an integer.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::NumericDate;
    ///
    /// assert_eq!(NumericDate::from_unix_saturating(i64::MAX), NumericDate::MAX);
    /// assert_eq!(NumericDate::from_unix_saturating(-1).unix(), -1);
    /// ```
    pub fn from_unix_saturating(seconds: i64) -> Self {
        Self::from_integer(i128::from(seconds))
    }

    /// The current time, from the system clock.
    pub fn now() -> Self {
        Self::from(OffsetDateTime::now_utc())
    }

    /// Whole seconds since the Unix epoch, as written: a fraction is dropped toward the past
    /// (`1.5` reads as `1` and `-1.5` as `-2`), and a number past the range of an `i64`
    /// saturates to `i64::MAX` or `i64::MIN`. A date past the year 9999 keeps its number here
    /// (`9223372036854775807` is `i64::MAX`, `1e12` is `1_000_000_000_000`) though it compares
    /// as [`MAX`](Self::MAX).
    pub fn unix(&self) -> i64 {
        match self.written {
            Written::InRange => self.seconds,
            Written::Signed(value) => value,
            // Only a `u64` past `i64::MAX` is kept unsigned.
            Written::Unsigned(_) => i64::MAX,
            // `as` saturates, and the floor keeps "toward the past".
            Written::Float(bits) => f64::from_bits(bits).floor() as i64,
        }
    }

    /// The date as a [`time::OffsetDateTime`] in UTC: [`MAX`](Self::MAX) or [`MIN`](Self::MIN)
    /// for a number past either end of the range.
    pub fn to_offset_date_time(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.seconds)
            .ok()
            .and_then(|date| date.checked_add(Duration::nanoseconds(i64::from(self.nanos))))
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// The date of an integer number of seconds, clamped, remembering the integer when it was
    /// out of range.
    fn from_integer(value: i128) -> Self {
        let written = match i64::try_from(value) {
            Ok(seconds) if (MIN_UNIX..=MAX_UNIX).contains(&seconds) => Written::InRange,
            Ok(seconds) => Written::Signed(seconds),
            // JSON integers read by serde_json reach neither beyond u64 nor below i64.
            Err(_) => u64::try_from(value)
                .map(Written::Unsigned)
                .unwrap_or(Written::Float((value as f64).to_bits())),
        };
        Self {
            seconds: i64::try_from(value.clamp(i128::from(MIN_UNIX), i128::from(MAX_UNIX)))
                .unwrap_or(MAX_UNIX),
            nanos: 0,
            written,
        }
    }

    /// Nanoseconds since the epoch: the form the validator compares in. Within `±1.2e22`, so
    /// that adding any leeway saturates rather than overflows.
    pub(crate) fn unix_nanos(&self) -> i128 {
        i128::from(self.seconds) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// The date `seconds` after the epoch, saturating; `None` only for NaN, which JSON cannot
    /// express.
    fn from_float(seconds: f64) -> Option<Self> {
        if seconds.is_nan() {
            return None;
        }
        // Both bounds are integers well below 2^53, so these comparisons are exact. The last
        // second of the range saturates whole: its fractions are not worth an exception.
        let bound = if seconds >= MAX_UNIX as f64 {
            Self::MAX
        } else if seconds <= MIN_UNIX as f64 {
            Self::MIN
        } else {
            let whole = seconds.floor();
            let nanos = ((seconds - whole) * 1e9) as u32;
            return Some(Self {
                seconds: whole as i64,
                nanos: nanos.min(999_999_999),
                written: Written::InRange,
            });
        };
        let written = if seconds == bound.seconds as f64 {
            Written::InRange
        } else {
            Written::Float(seconds.to_bits())
        };
        Some(Self { written, ..bound })
    }
}

impl From<OffsetDateTime> for NumericDate {
    /// Converts a date-time to whole seconds (fractions are dropped, because many JWT libraries
    /// accept only integers), saturating at [`NumericDate::MIN`] and [`NumericDate::MAX`] (which
    /// `time` only exceeds with its `large-dates` feature).
    fn from(value: OffsetDateTime) -> Self {
        Self::from_unix_saturating(value.unix_timestamp())
    }
}

impl Serialize for NumericDate {
    /// Writes the number as it was read: a date past either end of the range keeps its value.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.written {
            Written::InRange => {}
            Written::Signed(value) => return serializer.serialize_i64(value),
            Written::Unsigned(value) => return serializer.serialize_u64(value),
            Written::Float(bits) => return serializer.serialize_f64(f64::from_bits(bits)),
        }
        if self.nanos == 0 {
            serializer.serialize_i64(self.seconds)
        } else {
            serializer.serialize_f64(self.seconds as f64 + f64::from(self.nanos) / 1e9)
        }
    }
}

impl<'de> Deserialize<'de> for NumericDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = NumericDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of seconds")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumericDate, E> {
                Ok(NumericDate::from_integer(i128::from(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumericDate, E> {
                Ok(NumericDate::from_integer(i128::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumericDate, E> {
                NumericDate::from_float(v).ok_or_else(|| E::custom("numeric date is not a number"))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// The `aud` claim (RFC 7519 §4.1.3): one audience string or an array of them.
///
/// # Examples
///
/// ```
/// use jwt_ring::Audience;
///
/// let aud = Audience::from(["api", "billing"]);
/// assert!(aud.contains("billing"));
/// assert!(!aud.contains("admin"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    /// A single audience, written as a JSON string.
    One(String),
    /// Several audiences, written as a JSON array of strings.
    Many(Vec<String>),
}

impl Audience {
    /// Whether `audience` is among the values.
    pub fn contains(&self, audience: &str) -> bool {
        self.iter().any(|value| value == audience)
    }

    /// The values, one or many.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let values: &[String] = match self {
            Audience::One(value) => std::slice::from_ref(value),
            Audience::Many(values) => values,
        };
        values.iter().map(String::as_str)
    }
}

impl From<&str> for Audience {
    fn from(value: &str) -> Self {
        Audience::One(value.to_owned())
    }
}

impl From<String> for Audience {
    fn from(value: String) -> Self {
        Audience::One(value)
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for Audience {
    fn from(values: [S; N]) -> Self {
        Audience::Many(values.into_iter().map(Into::into).collect())
    }
}

impl From<Vec<String>> for Audience {
    fn from(values: Vec<String>) -> Self {
        Audience::Many(values)
    }
}

impl Serialize for Audience {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Audience::One(value) => serializer.serialize_str(value),
            Audience::Many(values) => {
                let mut seq = serializer.serialize_seq(Some(values.len()))?;
                for value in values {
                    seq.serialize_element(value)?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AudienceVisitor;
        impl<'de> Visitor<'de> for AudienceVisitor {
            type Value = Audience;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Audience, E> {
                Ok(Audience::One(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Audience, E> {
                Ok(Audience::One(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Audience, A::Error> {
                let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(1).min(16));
                while let Some(value) = seq.next_element::<String>()? {
                    values.push(value);
                }
                Ok(Audience::Many(values))
            }
        }
        deserializer.deserialize_any(AudienceVisitor)
    }
}

/// The name of a claim, used in [`ClaimError`](crate::ClaimError) and for required claims.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClaimName {
    /// `iss`, the issuer (RFC 7519 §4.1.1).
    Iss,
    /// `sub`, the subject (RFC 7519 §4.1.2).
    Sub,
    /// `aud`, the audience (RFC 7519 §4.1.3).
    Aud,
    /// `exp`, the expiration time (RFC 7519 §4.1.4).
    Exp,
    /// `nbf`, the not-before time (RFC 7519 §4.1.5).
    Nbf,
    /// `iat`, the issued-at time (RFC 7519 §4.1.6).
    Iat,
    /// `jti`, the token id (RFC 7519 §4.1.7).
    Jti,
    /// A claim that is not registered, named by the caller's configuration.
    Other(String),
}

impl ClaimName {
    /// The claim's name as it appears in JSON.
    pub fn as_str(&self) -> &str {
        match self {
            ClaimName::Iss => "iss",
            ClaimName::Sub => "sub",
            ClaimName::Aud => "aud",
            ClaimName::Exp => "exp",
            ClaimName::Nbf => "nbf",
            ClaimName::Iat => "iat",
            ClaimName::Jti => "jti",
            ClaimName::Other(name) => name,
        }
    }

    /// The claim called `name`: a registered variant where there is one.
    pub fn new(name: &str) -> Self {
        Self::registered(name).unwrap_or_else(|| ClaimName::Other(name.to_owned()))
    }

    pub(crate) fn registered(name: &str) -> Option<Self> {
        Slot::named(name).map(Slot::name)
    }

    /// Where [`RegisteredClaims`] keeps this claim, if it is a registered one.
    pub(crate) fn slot(&self) -> Option<Slot> {
        Some(match self {
            ClaimName::Iss => registered::ISS,
            ClaimName::Sub => registered::SUB,
            ClaimName::Aud => registered::AUD,
            ClaimName::Exp => registered::EXP,
            ClaimName::Nbf => registered::NBF,
            ClaimName::Iat => registered::IAT,
            ClaimName::Jti => registered::JTI,
            ClaimName::Other(_) => return None,
        })
    }
}

impl fmt::Display for ClaimName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A claims set: the registered claims plus the caller's own claims `T`.
///
/// `T` is any serde type for the private claims; it sees every member except the registered ones,
/// which land in [`registered`](Claims::registered) with exact types. Use [`NoCustomClaims`] when
/// there are none.
///
/// `T` must not serialize a member named like a registered claim: `encode` would write that
/// name twice, and strict verifiers (this crate's included) refuse duplicate members.
///
/// # Examples
///
/// ```
/// use jwt_ring::{Claims, NumericDate};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct Scope {
///     scope: String,
/// }
///
/// let claims = Claims::new(Scope { scope: "read".into() })
///     .with_subject("alice")
///     .with_expiry(NumericDate::from_unix(2_000_000_000)?);
/// assert_eq!(claims.registered.sub(), Some("alice"));
/// # Ok::<(), jwt_ring::DateOutOfRange>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Claims<T = NoCustomClaims> {
    /// The registered claims.
    #[serde(flatten)]
    pub registered: RegisteredClaims,
    /// The caller's own claims.
    #[serde(flatten)]
    pub custom: T,
}

/// The custom-claims type for tokens that carry only registered claims.
///
/// Reading into it accepts and ignores any private claims.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoCustomClaims {}

impl<T> Claims<T> {
    /// Claims with `custom` private claims and no registered claims yet.
    pub fn new(custom: T) -> Self {
        Self {
            registered: RegisteredClaims::default(),
            custom,
        }
    }

    /// Sets `iss`.
    pub fn with_issuer(mut self, iss: impl AsRef<str>) -> Self {
        self.registered = self.registered.with_issuer(iss);
        self
    }

    /// Sets `sub`.
    pub fn with_subject(mut self, sub: impl AsRef<str>) -> Self {
        self.registered = self.registered.with_subject(sub);
        self
    }

    /// Sets `aud`.
    pub fn with_audience(mut self, aud: impl Into<Audience>) -> Self {
        self.registered = self.registered.with_audience(aud);
        self
    }

    /// Sets `exp`.
    pub fn with_expiry(mut self, exp: NumericDate) -> Self {
        self.registered = self.registered.with_expiry(exp);
        self
    }

    /// Sets `nbf`.
    pub fn with_not_before(mut self, nbf: NumericDate) -> Self {
        self.registered = self.registered.with_not_before(nbf);
        self
    }

    /// Sets `iat`.
    pub fn with_issued_at(mut self, iat: NumericDate) -> Self {
        self.registered = self.registered.with_issued_at(iat);
        self
    }

    /// Sets `iat` to `now` and `exp` to `now + lifetime`: the usual way to mint a token.
    pub fn valid_for(self, now: OffsetDateTime, lifetime: Duration) -> Self {
        self.with_issued_at(NumericDate::from(now))
            .with_expiry(NumericDate::from(now.saturating_add(lifetime)))
    }

    /// Sets `jti`.
    pub fn with_jwt_id(mut self, jti: impl AsRef<str>) -> Self {
        self.registered = self.registered.with_jwt_id(jti);
        self
    }
}

impl Claims<NoCustomClaims> {
    /// Claims with only registered claims, none set yet.
    pub fn registered_only() -> Self {
        Self::default()
    }
}

pub(crate) mod read;
pub(crate) mod registered;
pub(crate) use registered::Slot;
pub use registered::{AudienceRef, RegisteredClaims};

#[cfg(test)]
mod tests {
    use super::*;

    /// A verified token holds three dates and is moved on every return: a larger date showed as
    /// about 200 more instructions per HMAC verification (`scripts/instruction-counts`).
    #[test]
    fn a_date_and_an_absent_date_take_32_bytes() {
        assert_eq!(std::mem::size_of::<NumericDate>(), 32);
        assert_eq!(std::mem::size_of::<Option<NumericDate>>(), 32);
    }

    #[test]
    fn dates_from_date_times_are_whole_seconds() {
        let at = OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap()
            + Duration::milliseconds(900);
        let date = NumericDate::from(at);
        assert_eq!(date.unix(), 1_767_225_600);
        assert_eq!(serde_json::to_string(&date).unwrap(), "1767225600");
        let before_epoch = OffsetDateTime::UNIX_EPOCH - Duration::days(1);
        assert_eq!(NumericDate::from(before_epoch).unix(), -86_400);
    }

    #[test]
    fn the_range_is_exactly_what_time_represents() {
        let first = OffsetDateTime::new_utc(time::Date::MIN, time::Time::MIDNIGHT);
        let last = OffsetDateTime::new_utc(time::Date::MAX, time::Time::MIDNIGHT)
            + (Duration::days(1) - Duration::seconds(1));
        assert_eq!(NumericDate::MIN.unix(), first.unix_timestamp());
        assert_eq!(NumericDate::MAX.unix(), last.unix_timestamp());
        assert_eq!(NumericDate::MIN.to_offset_date_time(), first);
        assert_eq!(NumericDate::MAX.to_offset_date_time(), last);
        assert_eq!(NumericDate::from_unix(MIN_UNIX), Ok(NumericDate::MIN));
        assert_eq!(NumericDate::from_unix(MAX_UNIX), Ok(NumericDate::MAX));
        assert_eq!(NumericDate::from_unix(-1).map(|d| d.unix()), Ok(-1));
        assert_eq!(NumericDate::from_unix(MIN_UNIX - 1), Err(DateOutOfRange));
        assert_eq!(NumericDate::from_unix(MAX_UNIX + 1), Err(DateOutOfRange));
        assert_eq!(
            NumericDate::from_unix_saturating(i64::MIN),
            NumericDate::MIN
        );
        assert_eq!(
            NumericDate::from_unix_saturating(MIN_UNIX + 1).unix(),
            MIN_UNIX + 1
        );
        assert_eq!(
            NumericDate::from_unix_saturating(MAX_UNIX - 1).unix(),
            MAX_UNIX - 1
        );
        assert_eq!(
            NumericDate::from_unix_saturating(i64::MAX),
            NumericDate::MAX
        );
    }

    #[test]
    fn any_json_number_is_a_date_and_saturates_at_the_ends() {
        let read = |json: &str| serde_json::from_str::<NumericDate>(json).unwrap();
        for (json, seconds, nanos) in [
            ("0", 0, 0),
            ("1300819380", 1_300_819_380, 0),
            ("1300819380.25", 1_300_819_380, 250_000_000),
            ("-1", -1, 0),
            ("-1.5", -2, 500_000_000),
            ("-0.0", 0, 0),
            ("253402300798", MAX_UNIX - 1, 0),
            ("253402300798.5", MAX_UNIX - 1, 500_000_000),
            ("253402300799", MAX_UNIX, 0),
            ("253402300799.5", MAX_UNIX, 0),
            ("253402300800", MAX_UNIX, 0),
            ("253402300800.0", MAX_UNIX, 0),
            ("9223372036854775807", MAX_UNIX, 0),
            ("18446744073709551615", MAX_UNIX, 0),
            ("18446744073709551616", MAX_UNIX, 0),
            ("1e20", MAX_UNIX, 0),
            ("1e300", MAX_UNIX, 0),
            ("-377705116799", MIN_UNIX + 1, 0),
            ("-377705116799.5", MIN_UNIX, 500_000_000),
            ("-377705116800", MIN_UNIX, 0),
            ("-377705116801", MIN_UNIX, 0),
            ("-377705116800.5", MIN_UNIX, 0),
            ("-9223372036854775808", MIN_UNIX, 0),
            ("-1e300", MIN_UNIX, 0),
        ] {
            let date = read(json);
            assert_eq!((date.seconds, date.nanos), (seconds, nanos), "{json}");
            // Written back as read: the same number (an integer stays an integer).
            let again: serde_json::Value = serde_json::to_value(date).unwrap();
            let original: serde_json::Value = serde_json::from_str(json).unwrap();
            if date.seconds == MAX_UNIX || date.seconds == MIN_UNIX {
                assert_eq!(again, original, "{json}");
            }
        }
        for (json, unix) in [
            ("253402300799.5", MAX_UNIX),
            ("253402300800", MAX_UNIX + 1),
            ("253402300800.0", MAX_UNIX + 1),
            ("9223372036854775807", i64::MAX),
            ("18446744073709551615", i64::MAX),
            ("1e20", i64::MAX),
            ("-377705116800.5", MIN_UNIX - 1),
            ("-9223372036854775808", i64::MIN),
            ("-1e300", i64::MIN),
        ] {
            assert_eq!(read(json).unix(), unix, "{json}");
        }
        assert_eq!(
            NumericDate::from_float(f64::INFINITY),
            Some(NumericDate::MAX)
        );
        assert_eq!(
            NumericDate::from_float(f64::NEG_INFINITY),
            Some(NumericDate::MIN)
        );
        assert_eq!(NumericDate::from_float(f64::NAN), None);
    }

    #[test]
    fn other_json_types_are_not_dates() {
        for json in [r#""10""#, "null", "true", "[1]", r#"{"a":1}"#, "1e400"] {
            assert!(serde_json::from_str::<NumericDate>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn dates_before_1970_write_back_as_they_read() {
        for json in ["-1", "-1.5", "-377705116800", "253402300799"] {
            let date: NumericDate = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&date).unwrap(), json);
        }
    }
}
