//! Reading the CORS headers of a request, defensively: any bytes may arrive, and the work
//! spent on them is bounded before any of it is scanned.

use http::header::{GetAll, HeaderValue};

/// At most this many `Access-Control-Request-Headers` lines are read. Browsers send one;
/// a request with more than this is refused without looking at the rest.
pub const MAX_REQUEST_HEADERS_LINES: usize = 16;
/// At most this many bytes of `Access-Control-Request-Headers`, over all lines. Checked
/// from the lines' lengths before any byte is scanned.
pub const MAX_REQUEST_HEADERS_BYTES: usize = 4096;
/// At most this many header names in `Access-Control-Request-Headers`.
pub const MAX_REQUEST_HEADERS_NAMES: usize = 64;

/// The value of a header that must appear exactly once; `None` when it is absent or
/// repeated (two `Origin` lines name no single origin).
pub fn only_value<'a>(values: &GetAll<'a, HeaderValue>) -> Option<&'a HeaderValue> {
    let mut values = values.iter();
    let first = values.next()?;
    values.next().is_none().then_some(first)
}

/// RFC 9110 `tchar`.
fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// RFC 9110 `token`: what methods and header names are made of.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&byte| is_tchar(byte))
}

/// Strips RFC 9110 optional whitespace (spaces and tabs) from both ends.
pub fn trim_ows(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

/// The names of `Access-Control-Request-Headers`: a comma-separated list over any number
/// of lines, whitespace around names and empty elements tolerated.
pub struct RequestedHeaders<'a> {
    lines: GetAll<'a, HeaderValue>,
}

impl<'a> RequestedHeaders<'a> {
    /// Checks the bounds from the lines' lengths alone, then that every name is a token.
    /// `None` when either fails.
    pub fn parse(lines: GetAll<'a, HeaderValue>) -> Option<Self> {
        let mut total_bytes = 0;
        for (index, line) in lines.iter().enumerate() {
            total_bytes += line.len();
            if index >= MAX_REQUEST_HEADERS_LINES || total_bytes > MAX_REQUEST_HEADERS_BYTES {
                return None;
            }
        }
        let requested = RequestedHeaders { lines };
        let mut count = 0;
        for name in requested.names() {
            if !is_token(name) {
                return None;
            }
            count += 1;
            if count > MAX_REQUEST_HEADERS_NAMES {
                return None;
            }
        }
        Some(requested)
    }

    /// The requested names, as sent (compare them case-insensitively).
    pub fn names(&self) -> impl Iterator<Item = &'a [u8]> {
        self.lines
            .iter()
            .flat_map(|line| line.as_bytes().split(|&byte| byte == b','))
            .map(trim_ows)
            .filter(|name| !name.is_empty())
    }

    /// The lines as sent, each already checked to be a list of tokens.
    pub fn lines(&self) -> impl Iterator<Item = &'a HeaderValue> {
        self.lines.iter()
    }
}
