//! Comparing `htu` with the request URI (RFC 9449 §4.3 item 9, RFC 3986 §6.2.2, §6.2.3).

use std::fmt::Write as _;

use url::Url;

/// The form of `uri` that DPoP compares: `scheme://host[:port]/path`, without query, fragment
/// and user information, normalised as RFC 3986 §6.2.2 and §6.2.3 describe.
///
/// The URI is parsed with the `url` crate, which lowercases the scheme and host, drops the
/// scheme's default port, removes dot segments and writes an empty path as `/`. The path's
/// percent-encodings are then normalised: hex digits uppercased, unreserved characters
/// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`) decoded.
///
/// Returns `None` for anything that is not an absolute `http` or `https` URI with a host, for
/// a URI with user information, for one with whitespace or control characters (which the
/// parser would otherwise silently drop), and for a path with a `%` that does not start a
/// `%XX` triplet (RFC 3986 §2.1): decoding next to a stray `%` could make a new triplet, so
/// such a path has no stable normal form.
///
/// # Examples
///
/// ```
/// use jwt_ring::oauth::dpop::normalize_htu;
///
/// assert_eq!(
///     normalize_htu("HTTPS://API.Example:443/a/./b/../%7euser?q=1#f").as_deref(),
///     Some("https://api.example/a/~user"),
/// );
/// assert_eq!(normalize_htu("ftp://api.example/"), None);
/// ```
pub fn normalize_htu(uri: &str) -> Option<String> {
    if uri
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return None;
    }
    let url = Url::parse(uri).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let host = url.host_str()?;
    let mut out = String::with_capacity(uri.len());
    out.push_str(url.scheme());
    out.push_str("://");
    out.push_str(host);
    if let Some(port) = url.port() {
        // Writing to a String cannot fail.
        let _ = write!(out, ":{port}");
    }
    push_path(&mut out, url.path())?;
    Some(out)
}

/// Appends `path` with its percent-encodings normalised (RFC 3986 §6.2.2.2): unreserved
/// characters decoded, other triplets written with uppercase hex digits. `None` when a `%`
/// does not start a triplet.
fn push_path(out: &mut String, path: &str) -> Option<()> {
    let mut rest = path;
    while let Some(at) = rest.find('%') {
        let (before, from_percent) = rest.split_at(at);
        out.push_str(before);
        let byte = from_percent
            .get(1..3)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())?;
        if is_unreserved(byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
        rest = from_percent.get(3..).unwrap_or_default();
    }
    out.push_str(rest);
    Some(())
}

/// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"` (RFC 3986 §2.3).
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

#[cfg(test)]
mod tests {
    use super::{is_unreserved, push_path};

    #[test]
    fn percent_encodings_are_normalised() {
        for (path, normal) in [
            ("/a%2fb", Some("/a%2Fb")),
            ("/%7e%41%2D%5f%2e%30", Some("/~A-_.0")),
            ("/%e9", Some("/%E9")),
            ("/%25", Some("/%25")),
            ("/plain", Some("/plain")),
            ("/", Some("/")),
            ("/%", None),
            ("/%4", None),
            ("/%zz", None),
            ("/%+1", None),
            ("/%4g", None),
            ("/%%41", None),
            ("/a/%%43e", None),
            ("/ok%41/then%", None),
        ] {
            let mut out = String::new();
            let pushed = push_path(&mut out, path).map(|()| out);
            assert_eq!(pushed.as_deref(), normal, "{path}");
        }
    }

    #[test]
    fn unreserved_follows_rfc_3986() {
        for byte in 0u8..=255 {
            let expected = byte.is_ascii_alphanumeric() || b"-._~".contains(&byte);
            assert_eq!(is_unreserved(byte), expected, "{byte:#x}");
        }
    }
}
