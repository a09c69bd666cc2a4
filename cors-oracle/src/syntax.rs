//! RFC 9110 §5.6: tokens and comma-separated lists, read from a header map's lines as
//! bytes; and how a value is shown in a judge's message.

use std::fmt::{self, Write as _};

use http::HeaderMap;

/// RFC 9110 §5.6.2 `tchar`.
pub fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// RFC 9110 §5.6.2 `token`: one or more `tchar` (a method and a header name are tokens).
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().copied().all(is_tchar)
}

/// RFC 9110 §5.6.3 OWS (space, tab) trimmed from both ends.
pub fn trim_ows(bytes: &[u8]) -> &[u8] {
    let is_ows = |byte: &u8| matches!(byte, b' ' | b'\t');
    let Some(start) = bytes.iter().position(|byte| !is_ows(byte)) else {
        return &[];
    };
    let end = bytes
        .iter()
        .rposition(|byte| !is_ows(byte))
        .map_or(start, |last| last + 1);
    &bytes[start..end]
}

/// Every line of header `name`, as bytes, in order.
pub fn lines<'m>(map: &'m HeaderMap, name: &str) -> Vec<&'m [u8]> {
    map.get_all(name)
        .iter()
        .map(|value| value.as_bytes())
        .collect()
}

/// RFC 9110 §5.6.1: the elements of a comma-separated list spread over `lines`, OWS
/// around each trimmed and empty ones dropped, as written.
pub fn list_elements<'a>(lines: &[&'a [u8]]) -> Vec<&'a [u8]> {
    lines
        .iter()
        .flat_map(|line| line.split(|&byte| byte == b','))
        .map(trim_ows)
        .filter(|element| !element.is_empty())
        .collect()
}

/// The elements of every `Vary` line of `map`, lowercased, in order (repeats kept).
pub fn vary_tokens(map: &HeaderMap) -> Vec<String> {
    list_elements(&lines(map, "vary"))
        .iter()
        .map(|token| String::from_utf8_lossy(token).to_ascii_lowercase())
        .collect()
}

/// A value for a message: the text, bytes that are not printable ASCII escaped, a long
/// value shortened.
pub fn show(bytes: &[u8]) -> String {
    let mut text = String::new();
    for &byte in bytes.iter().take(120) {
        if (0x20..0x7f).contains(&byte) {
            text.push(byte as char);
        } else {
            write!(text, "\\x{byte:02x}").unwrap();
        }
    }
    if bytes.len() > 120 {
        write!(text, "…({} bytes)", bytes.len()).unwrap();
    }
    text
}

/// Several values for a message.
pub fn show_lines(lines: &[&[u8]]) -> Vec<String> {
    lines.iter().map(|line| show(line)).collect()
}

/// A header map for a message: `[name: value]` for each line, in order, the first 40.
pub fn show_headers(map: &HeaderMap) -> String {
    let mut shown: Vec<String> = map
        .iter()
        .take(40)
        .map(|(name, value)| format!("[{name}: {}]", show(value.as_bytes())))
        .collect();
    if map.len() > 40 {
        shown.push(format!("…({} lines)", map.len()));
    }
    shown.join(" ")
}

/// A header map in a message, rendered by [`show_headers`] only when the message is.
pub struct Shown<'a>(pub &'a HeaderMap);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&show_headers(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_lists() {
        assert!(is_token(b"x-request-id") && is_token(b"*") && is_token(b"PATCH"));
        assert!(!is_token(b"") && !is_token(b"x y") && !is_token(b"\xc3\xa9"));
        assert_eq!(trim_ows(b" \tx \t"), b"x");
        assert_eq!(trim_ows(b" a b "), b"a b");
        assert_eq!(trim_ows(b" \t "), b"");
        assert_eq!(trim_ows(b""), b"");
        assert_eq!(trim_ows(b"x"), b"x");
        let lines: [&[u8]; 2] = [b" a ,, b", b"\tc,"];
        assert_eq!(list_elements(&lines), [&b"a"[..], b"b", b"c"]);
        assert_eq!(show(b"a\xffb"), "a\\xffb");
    }
}
