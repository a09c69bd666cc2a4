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

/// `a == b`, in 8-byte words (the last overlapping the one before), inline: an origin or
/// a method is a few bytes to a few dozen, for which a call to `memcmp` costs more than
/// the comparison.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> u64 {
        u64::from_ne_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
    }
    let length = a.len();
    if length != b.len() {
        return false;
    }
    if length < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < length {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, length - 8) == word(b, length - 8)
}

/// The lines of a header that must appear exactly once (`Origin`,
/// `Access-Control-Request-Method`), as far as that is concerned: the first, and whether
/// there are more.
#[derive(Clone, Copy, Default)]
pub struct SingleLine<'a> {
    first: Option<&'a HeaderValue>,
    repeated: bool,
}

impl<'a> SingleLine<'a> {
    pub fn of(values: GetAll<'a, HeaderValue>) -> Self {
        let mut values = values.iter();
        SingleLine {
            first: values.next(),
            repeated: values.next().is_some(),
        }
    }

    /// Counts one more line, in order.
    pub fn add(&mut self, value: &'a HeaderValue) {
        if self.first.is_none() {
            self.first = Some(value);
        } else {
            self.repeated = true;
        }
    }

    /// The first line, as sent.
    pub fn first(&self) -> Option<&'a HeaderValue> {
        self.first
    }

    /// The value, when there is exactly one line (two `Origin` lines name no single origin).
    pub fn only(&self) -> Option<&'a HeaderValue> {
        self.first.filter(|_| !self.repeated)
    }
}

/// RFC 9110 `tchar`, as a table: one load per byte. The runtime cannot depend on the policy
/// language, whose `cors_config::fetch::is_tchar` is the rule; a test holds this table to it.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(
            byte as u8,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'!' | b'#' | b'$' | b'%' | b'&' | b'\''
                | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
        );
        byte += 1;
    }
    table
};

/// RFC 9110 `token`: what methods and header names are made of.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&byte| TCHAR[usize::from(byte)])
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
    /// `None` when the request has no `Access-Control-Request-Headers` line.
    lines: Option<GetAll<'a, HeaderValue>>,
}

/// Why `Access-Control-Request-Headers` is refused.
pub enum RequestHeadersRefusal<'a> {
    /// Over the bounds, or an element that is not a token.
    Malformed,
    /// The first name `allowed` refused, as sent.
    NotAllowed(&'a [u8]),
}

impl<'a> RequestedHeaders<'a> {
    /// Checks the bounds from the lines' lengths alone, then, in one pass over the bytes,
    /// that every name is a token and that `allowed` accepts it. `None`: no line at all.
    pub fn check(
        lines: Option<GetAll<'a, HeaderValue>>,
        allowed: impl Fn(&[u8]) -> bool,
    ) -> Result<Self, RequestHeadersRefusal<'a>> {
        let Some(all_lines) = &lines else {
            return Ok(RequestedHeaders { lines });
        };
        let mut total_bytes = 0;
        for (index, line) in all_lines.iter().enumerate() {
            total_bytes += line.len();
            if index >= MAX_REQUEST_HEADERS_LINES || total_bytes > MAX_REQUEST_HEADERS_BYTES {
                return Err(RequestHeadersRefusal::Malformed);
            }
        }
        let mut names = 0;
        let mut not_allowed = None;
        for line in all_lines.iter() {
            // One pass over the bytes: each element is optional whitespace, a token, optional
            // whitespace; elements are separated by commas and may be empty.
            let bytes = line.as_bytes();
            let skip_ows = |mut index: usize| {
                while index < bytes.len() && matches!(bytes[index], b' ' | b'\t') {
                    index += 1;
                }
                index
            };
            let mut index = 0;
            while index <= bytes.len() {
                let start = skip_ows(index);
                let mut end = start;
                while end < bytes.len() && TCHAR[usize::from(bytes[end])] {
                    end += 1;
                }
                index = skip_ows(end);
                if index < bytes.len() && bytes[index] != b',' {
                    return Err(RequestHeadersRefusal::Malformed);
                }
                index += 1;
                if end == start {
                    continue;
                }
                let name = &bytes[start..end];
                names += 1;
                if names > MAX_REQUEST_HEADERS_NAMES {
                    return Err(RequestHeadersRefusal::Malformed);
                }
                if not_allowed.is_none() && !allowed(name) {
                    not_allowed = Some(name);
                }
            }
        }
        match not_allowed {
            Some(name) => Err(RequestHeadersRefusal::NotAllowed(name)),
            None => Ok(RequestedHeaders { lines }),
        }
    }

    /// The lines as sent, each already checked to be a list of tokens.
    pub fn lines(&self) -> impl Iterator<Item = &'a HeaderValue> {
        self.lines.as_ref().map(GetAll::iter).into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::same_bytes;

    #[test]
    fn same_bytes_is_equality_at_every_length() {
        let text = b"https://tenant-1.example.com:8443/";
        for length in 0..=text.len() {
            let a = &text[..length];
            assert!(same_bytes(a, a), "{length}");
            for at in 0..length {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{length}, byte {at}");
            }
            if length > 0 {
                assert!(!same_bytes(a, &a[..length - 1]), "{length}");
            }
        }
    }

    #[cfg(feature = "load")]
    #[test]
    fn the_token_table_is_the_policy_languages() {
        for byte in 0..=u8::MAX {
            assert_eq!(
                super::TCHAR[usize::from(byte)],
                cors_config::fetch::is_tchar(byte),
                "{byte:#04x}"
            );
        }
    }
}
