//! OAuth 2.0 scopes (RFC 6749 §3.3) and scope requirements as data.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A space-delimited list of scope tokens with the syntax of RFC 6749 §3.3 enforced:
///
/// ```text
/// scope       = scope-token *( SP scope-token )
/// scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
/// ```
///
/// Tokens are separated by exactly one space, with no leading or trailing space; a token never
/// contains `"`, `\`, a control character or a non-ASCII character. The empty scope (no tokens)
/// is what an absent `scope` claim reads as; an empty *string* is not a valid scope.
///
/// In JSON it is the string form (RFC 9068 §2.2.3, RFC 8693 §4.2).
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::Scope;
///
/// let scope: Scope = "orders:read orders:write".parse()?;
/// assert!(scope.contains("orders:read"));
/// assert_eq!(scope.iter().count(), 2);
/// assert!("orders:read  orders:write".parse::<Scope>().is_err()); // two spaces
/// # Ok::<(), jwt_ring::oauth::InvalidScope>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Scope {
    /// The validated text; empty for the empty scope.
    text: String,
}

/// Why a text is not an RFC 6749 §3.3 scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidScope {
    /// The text is empty, or a token is empty (a leading, trailing or doubled space).
    #[error("scope has an empty scope token")]
    EmptyToken,
    /// A character outside `%x21 / %x23-5B / %x5D-7E` (and the separating space) appears.
    #[error("scope has a character outside the scope-token set")]
    InvalidCharacter,
}

impl Scope {
    /// The empty scope: no tokens.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Parses a non-empty `scope` value.
    ///
    /// # Errors
    ///
    /// [`InvalidScope`] when `text` breaks RFC 6749 §3.3.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::oauth::{InvalidScope, Scope};
    ///
    /// assert!(Scope::parse("openid profile").is_ok());
    /// assert_eq!(Scope::parse(" openid"), Err(InvalidScope::EmptyToken));
    /// assert_eq!(Scope::parse("say\"hi\""), Err(InvalidScope::InvalidCharacter));
    /// ```
    pub fn parse(text: &str) -> Result<Self, InvalidScope> {
        check_scope(text)?;
        Ok(Self {
            text: text.to_owned(),
        })
    }

    /// Builds a scope from its tokens, joined with single spaces.
    ///
    /// # Errors
    ///
    /// [`InvalidScope`] when a token is empty or has a character outside the scope-token set.
    ///
    /// # Examples
    ///
    /// ```
    /// use jwt_ring::oauth::Scope;
    ///
    /// let scope = Scope::from_tokens(["a", "b"])?;
    /// assert_eq!(scope.as_str(), "a b");
    /// # Ok::<(), jwt_ring::oauth::InvalidScope>(())
    /// ```
    pub fn from_tokens<I, S>(tokens: I) -> Result<Self, InvalidScope>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut text = String::new();
        for token in tokens {
            let token = token.as_ref();
            check_token(token)?;
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(token);
        }
        Ok(Self { text })
    }

    /// Whether `token` is one of the scope's tokens (exact, case-sensitive comparison).
    pub fn contains(&self, token: &str) -> bool {
        self.iter().any(|t| t == token)
    }

    /// The tokens, in the order they were written.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.text.split(' ').filter(|t| !t.is_empty())
    }

    /// Whether the scope has no tokens.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The space-delimited text (empty for the empty scope).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Whether `text` is a scope (RFC 6749 §3.3): non-empty tokens separated by single spaces.
fn check_scope(text: &str) -> Result<(), InvalidScope> {
    text.split(' ').try_for_each(check_token)
}

/// Whether `token` is a scope-token: `1*( %x21 / %x23-5B / %x5D-7E )`.
fn check_token(token: &str) -> Result<(), InvalidScope> {
    if token.is_empty() {
        return Err(InvalidScope::EmptyToken);
    }
    if token.bytes().all(is_scope_char) {
        Ok(())
    } else {
        Err(InvalidScope::InvalidCharacter)
    }
}

/// `%x21 / %x23-5B / %x5D-7E`: visible ASCII except `"` and `\`.
pub(crate) fn is_scope_char(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

impl FromStr for Scope {
    type Err = InvalidScope;

    fn from_str(text: &str) -> Result<Self, InvalidScope> {
        Self::parse(text)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        check_scope(&text).map_err(serde::de::Error::custom)?;
        Ok(Self { text })
    }
}

/// Which scopes an operation needs: all of a list, or any one of it.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::{Scope, ScopeRequirement};
///
/// let granted: Scope = "orders:read".parse()?;
/// assert!(ScopeRequirement::all(["orders:read"]).check(&granted).is_ok());
/// assert!(ScopeRequirement::any(["orders:read", "admin"]).check(&granted).is_ok());
///
/// let missing = ScopeRequirement::all(["orders:read", "orders:write"])
///     .check(&granted)
///     .unwrap_err();
/// assert_eq!(missing.missing(), ["orders:write"]);
/// # Ok::<(), jwt_ring::oauth::InvalidScope>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeRequirement {
    scopes: Vec<String>,
    any: bool,
}

impl ScopeRequirement {
    /// Every one of `scopes` must be granted. An empty list is always met.
    pub fn all<I, S>(scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            scopes: scopes.into_iter().map(Into::into).collect(),
            any: false,
        }
    }

    /// At least one of `scopes` must be granted. An empty list is never met.
    pub fn any<I, S>(scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            scopes: scopes.into_iter().map(Into::into).collect(),
            any: true,
        }
    }

    /// The scopes named by the requirement.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// Whether one of [`scopes`](Self::scopes) suffices (rather than all of them).
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// Checks `granted` against the requirement.
    ///
    /// # Errors
    ///
    /// [`InsufficientScope`] naming the scopes that are missing: for an all-of requirement
    /// those not granted, for an any-of requirement every listed scope.
    pub fn check(&self, granted: &Scope) -> Result<(), InsufficientScope> {
        let missing: Vec<String> = self
            .scopes
            .iter()
            .filter(|scope| !granted.contains(scope))
            .cloned()
            .collect();
        let met = if self.any {
            missing.len() < self.scopes.len()
        } else {
            missing.is_empty()
        };
        if met {
            Ok(())
        } else {
            Err(InsufficientScope {
                required: self.scopes.clone(),
                missing,
                any: self.any,
            })
        }
    }
}

/// A token lacks the scope an operation requires (RFC 6750 §3.1 `insufficient_scope`).
///
/// The message names the missing scopes: they come from the requirement, not from the token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", if self.any { "missing any one of the scopes" } else { "missing scope" }, self.missing.join(" "))]
pub struct InsufficientScope {
    required: Vec<String>,
    missing: Vec<String>,
    any: bool,
}

impl InsufficientScope {
    /// The scopes that were required and not granted (for an any-of requirement, all of them).
    pub fn missing(&self) -> &[String] {
        &self.missing
    }

    /// Every scope the requirement names: what a `scope` challenge attribute lists
    /// (RFC 6750 §3).
    pub fn required(&self) -> &[String] {
        &self.required
    }

    /// Whether the requirement was any-of (one of [`missing`](Self::missing) would do).
    pub fn is_any(&self) -> bool {
        self.any
    }
}

#[cfg(test)]
mod tests {
    use super::{InvalidScope, Scope, ScopeRequirement, is_scope_char};

    #[test]
    fn scope_token_characters_follow_rfc_6749() {
        for byte in 0u8..=255 {
            let expected =
                byte == 0x21 || (0x23..=0x5B).contains(&byte) || (0x5D..=0x7E).contains(&byte);
            assert_eq!(is_scope_char(byte), expected, "{byte:#x}");
        }
    }

    #[test]
    fn scope_syntax_table() {
        for (text, expected) in [
            ("a", Ok(())),
            ("a b c", Ok(())),
            ("orders:read https://api.example/x", Ok(())),
            ("!#[]~", Ok(())),
            ("", Err(InvalidScope::EmptyToken)),
            (" a", Err(InvalidScope::EmptyToken)),
            ("a ", Err(InvalidScope::EmptyToken)),
            ("a  b", Err(InvalidScope::EmptyToken)),
            ("a\tb", Err(InvalidScope::InvalidCharacter)),
            ("a\\b", Err(InvalidScope::InvalidCharacter)),
            ("a\"b", Err(InvalidScope::InvalidCharacter)),
            ("caf\u{e9}", Err(InvalidScope::InvalidCharacter)),
            ("a\u{7f}", Err(InvalidScope::InvalidCharacter)),
        ] {
            assert_eq!(Scope::parse(text).map(|_| ()), expected, "{text:?}");
        }
    }

    #[test]
    fn parsing_and_emptiness() {
        assert!(Scope::empty().is_empty());
        assert_eq!(Scope::empty().as_str(), "");
        let scope: Scope = "a b".parse().unwrap();
        assert!(!scope.is_empty());
        assert_eq!(scope.to_string(), "a b");
        assert_eq!(scope.iter().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!("".parse::<Scope>(), Err(InvalidScope::EmptyToken));
        assert_eq!(
            serde_json::to_string(&scope).unwrap(),
            "\"a b\"",
            "a scope is its string form"
        );
        assert!(serde_json::from_str::<Scope>("\"a  b\"").is_err());
    }

    #[test]
    fn requirement_accessors() {
        let all = ScopeRequirement::all(["a", "b"]);
        assert_eq!(all.scopes(), ["a", "b"]);
        assert!(!all.is_any());
        let any = ScopeRequirement::any(["c"]);
        assert_eq!(any.scopes(), ["c"]);
        assert!(any.is_any());
    }

    #[test]
    fn from_tokens_joins_and_checks() {
        assert_eq!(Scope::from_tokens(["a", "b"]).unwrap().as_str(), "a b");
        assert_eq!(
            Scope::from_tokens::<[&str; 0], _>([]).unwrap(),
            Scope::empty()
        );
        assert_eq!(Scope::from_tokens(["a", ""]), Err(InvalidScope::EmptyToken));
        assert_eq!(
            Scope::from_tokens(["a b"]),
            Err(InvalidScope::InvalidCharacter)
        );
    }

    #[test]
    fn requirements() {
        let granted = Scope::parse("a b").unwrap();
        assert!(ScopeRequirement::all(["a", "b"]).check(&granted).is_ok());
        assert!(
            ScopeRequirement::all::<[&str; 0], &str>([])
                .check(&granted)
                .is_ok()
        );
        assert!(
            ScopeRequirement::any::<[&str; 0], &str>([])
                .check(&granted)
                .is_err()
        );
        let error = ScopeRequirement::all(["a", "c", "d"])
            .check(&granted)
            .unwrap_err();
        assert_eq!(error.missing(), ["c", "d"]);
        assert_eq!(error.required(), ["a", "c", "d"]);
        assert!(!error.is_any());
        assert_eq!(error.to_string(), "missing scope: c d");
        assert!(ScopeRequirement::any(["c", "b"]).check(&granted).is_ok());
        let error = ScopeRequirement::any(["c", "d"])
            .check(&granted)
            .unwrap_err();
        assert!(error.is_any());
        assert_eq!(error.missing(), ["c", "d"]);
        assert_eq!(error.to_string(), "missing any one of the scopes: c d");
        assert!(ScopeRequirement::all(["a"]).check(&Scope::empty()).is_err());
    }
}
