//! The definitions of the Fetch standard (<https://fetch.spec.whatwg.org/>) that rules 9 and
//! 10 of the language rest on: methods and request headers a page can never send. The
//! browser model of `cors-check` uses the same definitions, so that what the policy
//! language refuses to allow and what the model says a browser drops are one list. The
//! tests' oracle (`cors-oracle`) keeps a copy of its own, which `tests/fetch_lists.rs`
//! compares with these.

/// RFC 9110 `token`, which methods and header names are: one or more letters, digits
/// and ``!#$%&'*+-.^_`|~``. The rule of this workspace; `cors-runtime`, which cannot
/// depend on this crate, keeps a table of the same bytes, tested against this function.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&byte| is_tchar(byte))
}

/// RFC 9110 `tchar`: a byte of a [`token`](is_token).
pub const fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// Fetch: "normalize a method": a byte-case-insensitive match of `DELETE`, `GET`, `HEAD`,
/// `OPTIONS`, `POST` or `PUT` is upper-cased (the one it matches is returned); every other
/// method is kept as it is, case and all (`None`).
pub fn normalized_method(method: &[u8]) -> Option<&'static str> {
    ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]
        .into_iter()
        .find(|known| known.as_bytes().eq_ignore_ascii_case(method))
}

/// Fetch: "forbidden method": a byte-case-insensitive match of `CONNECT`, `TRACE` or
/// `TRACK`.
pub fn is_forbidden_method(method: &[u8]) -> bool {
    [&b"CONNECT"[..], b"TRACE", b"TRACK"]
        .iter()
        .any(|forbidden| forbidden.eq_ignore_ascii_case(method))
}

/// The names of Fetch's "forbidden request-header" list, lowercase.
pub const FORBIDDEN_REQUEST_HEADER_NAMES: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether `name` makes a request header forbidden whatever its value (Fetch: "forbidden
/// request-header", its first two steps): one of [`FORBIDDEN_REQUEST_HEADER_NAMES`], or a
/// name starting with `proxy-` or `sec-`, in any case.
pub fn is_forbidden_request_header_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    FORBIDDEN_REQUEST_HEADER_NAMES.contains(&name.as_str())
        || name.starts_with("proxy-")
        || name.starts_with("sec-")
}

#[cfg(test)]
mod tests {
    use super::{is_forbidden_method, is_forbidden_request_header_name};

    #[test]
    fn forbidden_in_any_case() {
        assert!(is_forbidden_method(b"Trace") && is_forbidden_method(b"connect"));
        assert!(!is_forbidden_method(b"TRACES") && !is_forbidden_method(b"PATCH"));
        for name in [
            "Cookie",
            "HOST",
            "sec-fetch-mode",
            "Proxy-Authorization",
            "te",
        ] {
            assert!(is_forbidden_request_header_name(name), "{name}");
        }
        for name in ["authorization", "x-request-id", "secret", "proxy", "tea"] {
            assert!(!is_forbidden_request_header_name(name), "{name}");
        }
    }
}
