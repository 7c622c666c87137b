//! Shared pieces for reading untrusted JSON objects in one pass: object keys that borrow from the
//! input where they can, and a duplicate-member detector that does not allocate for small objects.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An object member name, borrowed from the input unless it contained escapes.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            #[inline]
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

const INLINE: usize = 16;

/// Remembers the member names of one object and reports the first repeat.
///
/// Names are compared after JSON unescaping, so `"\u0065xp"` repeats `"exp"`.
#[derive(Default)]
pub(crate) struct SeenNames<'de> {
    inline: [&'de str; INLINE],
    inline_len: usize,
    owned: Vec<String>,
    spilled: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> SeenNames<'de> {
    /// Whether `name` was recorded.
    pub(crate) fn contains(&self, name: &str) -> bool {
        match &self.spilled {
            Some(set) => set.contains(name),
            None => {
                self.inline
                    .iter()
                    .take(self.inline_len)
                    .any(|seen| *seen == name)
                    || self.owned.iter().any(|seen| seen == name)
            }
        }
    }

    /// Records `name`; returns `false` when it was seen before.
    // The `Cow` tells a name borrowed from the input (kept without copying) from an owned one.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn insert(&mut self, name: &Cow<'de, str>) -> bool {
        if let Some(set) = &mut self.spilled {
            return set.insert(name.clone());
        }
        let inline = self.inline.get(..self.inline_len).unwrap_or_default();
        if inline.iter().any(|seen| *seen == name.as_ref())
            || self.owned.iter().any(|seen| seen == name.as_ref())
        {
            return false;
        }
        match name {
            Cow::Borrowed(borrowed) if self.inline_len < INLINE => {
                if let Some(slot) = self.inline.get_mut(self.inline_len) {
                    *slot = borrowed;
                    self.inline_len += 1;
                }
            }
            _ if self.owned.len() < INLINE => self.owned.push(name.to_string()),
            _ => {
                let mut set: HashSet<Cow<'de, str>> = HashSet::with_capacity(4 * INLINE);
                set.extend(inline.iter().map(|seen| Cow::Borrowed(*seen)));
                set.extend(self.owned.drain(..).map(Cow::Owned));
                set.insert(name.clone());
                self.spilled = Some(set);
            }
        }
        true
    }
}

/// Whether the JSON text starts (after whitespace) with an object: checked before serde reads
/// a derived struct, which would also accept a JSON array of the members' values in declaration
/// order. Every JOSE and OAuth document (a header, a claims set, a JWK, a JWK Set, metadata) is
/// an object (RFC 7519 §7.2 step 10, RFC 7517 §4, §5, RFC 8414 §3.2).
pub(crate) fn starts_as_object(text: &[u8]) -> bool {
    text.iter()
        .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        .is_some_and(|byte| *byte == b'{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_inline_and_spilled() {
        let names: Vec<String> = (0..100).map(|i| format!("n{i}")).collect();
        let mut seen = SeenNames::default();
        for (i, name) in names.iter().enumerate() {
            let name: Cow<'_, str> = if i % 3 == 0 {
                Cow::Owned(name.clone())
            } else {
                Cow::Borrowed(name.as_str())
            };
            assert!(seen.insert(&name), "{name} is new");
        }
        for name in &names {
            assert!(
                !seen.insert(&Cow::Borrowed(name.as_str())),
                "{name} repeats"
            );
        }
    }

    #[test]
    fn finds_a_repeat_among_few() {
        let mut seen = SeenNames::default();
        assert!(seen.insert(&Cow::Borrowed("exp")));
        assert!(seen.insert(&Cow::Owned("iat".to_owned())));
        assert!(!seen.insert(&Cow::Owned("exp".to_owned())));
        assert!(!seen.insert(&Cow::Borrowed("iat")));
    }

    #[test]
    fn object_detection_skips_whitespace_only() {
        assert!(starts_as_object(b" \n{}"));
        assert!(!starts_as_object(b"[]"));
        assert!(!starts_as_object(b""));
        assert!(!starts_as_object(b"\x0c{}"));
    }
}
