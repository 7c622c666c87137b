//! What is written to Redis: a fixed-length key that hides the `jti`, and its lifetime.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::digest::{Context, SHA256};
use time::{Duration, OffsetDateTime};

/// `prefix` followed by the unpadded base64url SHA-256 of `scope` and `jti`: 43 characters
/// whatever their length, and nothing of the `jti` in clear.
///
/// The scope's length comes first (eight bytes, big-endian), so that `("ab", "c")` and
/// `("a", "bc")` hash different inputs.
pub(crate) fn replay_key(prefix: &str, scope: &str, jti: &str) -> String {
    let mut context = Context::new(&SHA256);
    let scope_len = u64::try_from(scope.len()).unwrap_or(u64::MAX);
    context.update(&scope_len.to_be_bytes());
    context.update(scope.as_bytes());
    context.update(jti.as_bytes());
    let digest = context.finish();
    let mut key = String::with_capacity(prefix.len() + 43);
    key.push_str(prefix);
    URL_SAFE_NO_PAD.encode_string(digest.as_ref(), &mut key);
    key
}

/// How long to remember a value, in whole milliseconds rounded up (so that it is never
/// forgotten before `until`); `None` when `until` is not after `now`.
///
/// The longest span `time` represents (years -9999 to 9999) is under 2^50 ms, far below the
/// 2^63 ms at which Redis refuses an expiry.
pub(crate) fn ttl_ms(until: OffsetDateTime, now: OffsetDateTime) -> Option<u64> {
    let left: Duration = until - now;
    if !left.is_positive() {
        return None;
    }
    let whole = left.whole_milliseconds();
    let partial = i128::from(left.subsec_nanoseconds() % 1_000_000 != 0);
    u64::try_from(whole + partial).ok()
}

#[cfg(test)]
mod tests {
    use super::{replay_key, ttl_ms};
    use time::{Duration, OffsetDateTime};

    fn t(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_767_225_600 + seconds).unwrap()
    }

    #[test]
    fn keys_are_prefixed_fixed_length_and_opaque() {
        let key = replay_key("p:", "client-1", "jti-secret-value");
        assert!(key.starts_with("p:"));
        assert_eq!(key.len(), 2 + 43);
        assert!(!key.contains("jti-secret-value"));
        assert!(!key.contains("client-1"));
        assert_eq!(replay_key("p:", "c", &"x".repeat(10_000)).len(), 2 + 43);
        let hash = &key[2..];
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn keys_depend_on_every_input_and_are_unambiguous() {
        let key = replay_key("p:", "ab", "c");
        assert_eq!(key, replay_key("p:", "ab", "c"));
        assert_ne!(key, replay_key("p:", "a", "bc"));
        assert_ne!(key, replay_key("p:", "ab", "d"));
        assert_ne!(key, replay_key("p:", "", "abc"));
        assert_ne!(key[2..], replay_key("q:", "ab", "c")[2..].to_owned() + "x");
        assert!(replay_key("q:", "ab", "c").starts_with("q:"));
    }

    #[test]
    fn key_is_the_documented_hash() {
        // SHA-256 of 00..00 01 "a" "b" (scope "a", jti "b"), base64url without padding.
        let expected = {
            let mut input = vec![0, 0, 0, 0, 0, 0, 0, 1];
            input.extend_from_slice(b"ab");
            let digest = ring::digest::digest(&ring::digest::SHA256, &input);
            use base64::Engine as _;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
        };
        assert_eq!(replay_key("", "a", "b"), expected);
    }

    #[test]
    fn ttl_rounds_up_to_whole_milliseconds() {
        assert_eq!(ttl_ms(t(60), t(0)), Some(60_000));
        assert_eq!(ttl_ms(t(0) + Duration::milliseconds(1), t(0)), Some(1));
        assert_eq!(ttl_ms(t(0) + Duration::nanoseconds(1), t(0)), Some(1));
        assert_eq!(
            ttl_ms(t(1) + Duration::microseconds(500), t(0)),
            Some(1_001)
        );
        assert_eq!(
            ttl_ms(t(1) + Duration::nanoseconds(999_999), t(0)),
            Some(1_001)
        );
        assert_eq!(
            ttl_ms(t(1) + Duration::nanoseconds(1_000_000), t(0)),
            Some(1_001)
        );
        assert_eq!(
            ttl_ms(t(1) + Duration::nanoseconds(1_000_001), t(0)),
            Some(1_002)
        );
    }

    #[test]
    fn no_ttl_when_already_expired() {
        assert_eq!(ttl_ms(t(0), t(0)), None);
        assert_eq!(ttl_ms(t(0), t(1)), None);
        assert_eq!(ttl_ms(t(0) - Duration::nanoseconds(1), t(0)), None);
    }

    #[test]
    fn the_longest_span_fits() {
        let ms = ttl_ms(
            time::PrimitiveDateTime::MAX.assume_utc(),
            time::PrimitiveDateTime::MIN.assume_utc(),
        )
        .unwrap();
        assert!(ms > 600_000_000_000_000 && ms < 1 << 50, "{ms}");
    }
}
