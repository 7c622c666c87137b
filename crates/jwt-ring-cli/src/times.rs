//! Durations on the command line (`10m`, `1h30m`) and times for people (`expires in 9 min`).

use time::{Duration, OffsetDateTime};

/// The longest duration accepted: 100 years, far beyond any token lifetime.
const MAX_SECONDS: i64 = 100 * 366 * 24 * 3600;

/// Parses a duration: a number of seconds (`90`) or numbers with units `s`, `m`, `h`, `d`,
/// written together (`1h30m`).
///
/// # Errors
///
/// A message saying what is expected.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    const EXPECTED: &str = "expected a duration such as 90, 90s, 10m, 1h30m or 7d";
    if text.is_empty() {
        return Err(EXPECTED.into());
    }
    if text.bytes().all(|byte| byte.is_ascii_digit()) {
        return checked(text.parse::<i64>().ok());
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(EXPECTED.into()),
        };
        let value: i64 = number.parse().map_err(|_| EXPECTED.to_owned())?;
        total = value
            .checked_mul(unit)
            .and_then(|seconds| total.checked_add(seconds))
            .ok_or_else(|| EXPECTED.to_owned())?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(EXPECTED.into());
    }
    checked(Some(total))
}

fn checked(seconds: Option<i64>) -> Result<Duration, String> {
    match seconds {
        Some(seconds) if seconds <= MAX_SECONDS => Ok(Duration::seconds(seconds)),
        _ => Err("the duration is longer than 100 years".into()),
    }
}

/// `seconds` since the epoch as `2026-12-04 15:40:35 UTC`, or `None` when out of range.
pub fn utc(seconds: i64) -> Option<String> {
    let at = OffsetDateTime::from_unix_timestamp(seconds).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    ))
}

/// A length of time for people, rounded down: `42 s`, `9 min`, `2 h`, `3 days`.
pub fn span(seconds: i64) -> String {
    let seconds = seconds.unsigned_abs();
    if seconds < 60 {
        format!("{seconds} s")
    } else if seconds < 3600 {
        format!("{} min", seconds / 60)
    } else if seconds < 2 * 86_400 {
        format!("{} h", seconds / 3600)
    } else {
        format!("{} days", seconds / 86_400)
    }
}

/// What the time claim `name` at `at` means at `now`, for example `expires in 9 min` or
/// `expired 2 h ago`.
pub fn relative(name: &str, at: i64, now: i64) -> String {
    let delta = at.saturating_sub(now);
    let span = span(delta);
    let future = delta > 0;
    match (name, future) {
        ("exp", true) => format!("expires in {span}"),
        ("exp", false) => format!("expired {span} ago"),
        ("nbf", true) => format!("not valid for another {span}"),
        ("nbf", false) => format!("valid since {span} ago"),
        ("iat", true) => format!("issued in the future, in {span}"),
        ("iat", false) => format!("issued {span} ago"),
        (_, true) => format!("in {span}"),
        (_, false) => format!("{span} ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let cases: [(&str, Option<i64>); 14] = [
            ("90", Some(90)),
            ("0", Some(0)),
            ("90s", Some(90)),
            ("10m", Some(600)),
            ("1h30m", Some(5400)),
            ("7d", Some(604_800)),
            ("2h5s", Some(7205)),
            ("", None),
            ("m", None),
            ("10", Some(10)),
            ("10x", None),
            ("1h30", None),
            ("-5s", None),
            ("99999999999999999999d", None),
        ];
        for (text, seconds) in cases {
            assert_eq!(
                parse_duration(text).ok(),
                seconds.map(Duration::seconds),
                "{text}"
            );
        }
        // 100 years of 366 days is the limit.
        assert_eq!(MAX_SECONDS, 3_162_240_000);
        assert!(parse_duration("36600d").is_ok());
        assert!(parse_duration("3162240000").is_ok());
        assert!(parse_duration("3162240001").is_err());
        assert!(parse_duration("36600d1s").is_err());
    }

    #[test]
    fn spans_round_down() {
        let cases = [
            (0, "0 s"),
            (59, "59 s"),
            (60, "1 min"),
            (3599, "59 min"),
            (3600, "1 h"),
            (-7300, "2 h"),
            (172_799, "47 h"),
            (172_800, "2 days"),
        ];
        for (seconds, text) in cases {
            assert_eq!(span(seconds), text);
        }
    }

    #[test]
    fn relative_phrases() {
        assert_eq!(relative("exp", 1540, 1000), "expires in 9 min");
        assert_eq!(relative("exp", 1000, 8200), "expired 2 h ago");
        assert_eq!(relative("exp", 1000, 1000), "expired 0 s ago");
        assert_eq!(relative("nbf", 1100, 1000), "not valid for another 1 min");
        assert_eq!(relative("nbf", 1000, 1100), "valid since 1 min ago");
        assert_eq!(
            relative("iat", 1100, 1000),
            "issued in the future, in 1 min"
        );
        assert_eq!(relative("iat", 1000, 1100), "issued 1 min ago");
        assert_eq!(relative("auth_time", 1000, 1100), "1 min ago");
        assert_eq!(relative("auth_time", 1100, 1000), "in 1 min");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0).as_deref(), Some("1970-01-01 00:00:00 UTC"));
        assert_eq!(
            utc(1_796_398_835).as_deref(),
            Some("2026-12-04 15:40:35 UTC")
        );
        assert_eq!(utc(i64::MAX), None);
    }
}
