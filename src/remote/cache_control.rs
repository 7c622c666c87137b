//! Reading a freshness lifetime from a `Cache-Control` response header (RFC 9111 §5.2.2).

use time::Duration;

use super::policy::CachePolicy;

/// The lifetime of a response: its `max-age` (or the policy's default without one), clamped to
/// the policy's bounds; `no-store` gives the lower bound.
///
/// Only `max-age` and `no-store` matter. `no-cache` asks a shared cache to revalidate before
/// each use, which for a key set would mean a fetch per request: the lower bound is the most we
/// honour of that, and only through `no-store`; `no-cache` alone is ignored, as is `s-maxage`
/// (this is a private cache). A `max-age` that is not a plain decimal number is ignored; one
/// that is repeated counts with its smallest value; one too large for the clock saturates.
pub(crate) fn lifetime(cache_control: Option<&str>, policy: &CachePolicy) -> Duration {
    let mut max_age: Option<u64> = None;
    for directive in cache_control.unwrap_or_default().split(',') {
        let (name, value) = match directive.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim())),
            None => (directive.trim(), None),
        };
        if name.eq_ignore_ascii_case("no-store") {
            return policy.clamp_max_age(Duration::ZERO);
        }
        if !name.eq_ignore_ascii_case("max-age") {
            continue;
        }
        let Some(seconds) = value.and_then(seconds) else {
            continue;
        };
        max_age = Some(max_age.map_or(seconds, |known| known.min(seconds)));
    }
    let lifetime = match max_age {
        Some(seconds) => Duration::seconds(i64::try_from(seconds).unwrap_or(i64::MAX)),
        None => policy.default_max_age,
    };
    policy.clamp_max_age(lifetime)
}

/// A delta-seconds value (RFC 9111 §1.2.2), optionally quoted; saturating when too large.
fn seconds(value: &str) -> Option<u64> {
    let value = value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value);
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(value.parse::<u64>().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> CachePolicy {
        CachePolicy::default()
            .default_max_age(Duration::minutes(10))
            .max_age_bounds(Duration::seconds(30), Duration::hours(24))
    }

    #[test]
    fn directives() {
        let cases: &[(Option<&str>, Duration)] = &[
            (None, Duration::minutes(10)),
            (Some(""), Duration::minutes(10)),
            (Some("max-age=300"), Duration::seconds(300)),
            (
                Some("public, MAX-AGE=300, must-revalidate"),
                Duration::seconds(300),
            ),
            (Some("max-age = 301"), Duration::seconds(301)),
            (Some("max-age=\"302\""), Duration::seconds(302)),
            (Some("max-age=0"), Duration::seconds(30)),
            (Some("max-age=29"), Duration::seconds(30)),
            (Some("max-age=31"), Duration::seconds(31)),
            (Some("max-age=86400"), Duration::hours(24)),
            (Some("max-age=86401"), Duration::hours(24)),
            (Some("max-age=99999999999999999999999"), Duration::hours(24)),
            (Some("max-age=-5"), Duration::minutes(10)),
            (Some("max-age=5s"), Duration::minutes(10)),
            (Some("max-age="), Duration::minutes(10)),
            (Some("max-age"), Duration::minutes(10)),
            (Some("max-age=\""), Duration::minutes(10)),
            (Some("max-age=600, max-age=60"), Duration::seconds(60)),
            (Some("max-age=60, max-age=600"), Duration::seconds(60)),
            (Some("no-cache"), Duration::minutes(10)),
            (Some("no-cache, max-age=120"), Duration::seconds(120)),
            (Some("max-age=3600, no-store"), Duration::seconds(30)),
            (Some("No-Store"), Duration::seconds(30)),
            (Some("s-maxage=60"), Duration::minutes(10)),
            (Some("x-max-age=60"), Duration::minutes(10)),
        ];
        for (header, expected) in cases {
            assert_eq!(lifetime(*header, &policy()), *expected, "{header:?}");
        }
    }

    #[test]
    fn the_default_is_clamped_too() {
        let policy = policy().default_max_age(Duration::hours(48));
        assert_eq!(lifetime(None, &policy), Duration::hours(24));
        let policy = policy.default_max_age(Duration::seconds(1));
        assert_eq!(lifetime(None, &policy), Duration::seconds(30));
    }
}
