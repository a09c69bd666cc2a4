//! The lists of the Fetch standard (<https://fetch.spec.whatwg.org/>) that the oracle
//! judges by, written here from the standard, names as it writes them. The product keeps
//! its own (`cors_config::fetch` for the policy language, `cors_check::browser` for the
//! browser model); a test of the workspace compares each list here with the product's,
//! so that a wrong entry on either side is seen rather than shared.

/// "forbidden method", compared byte-case-insensitively.
pub const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// "normalize a method": a byte-case-insensitive match of one of these is uppercased;
/// every other method is kept as written.
pub const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// "CORS-safelisted method", compared byte for byte.
pub const CORS_SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// "forbidden request-header", the names it lists, compared case-insensitively.
pub const FORBIDDEN_REQUEST_HEADER_NAMES: [&str; 21] = [
    "Accept-Charset",
    "Accept-Encoding",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Connection",
    "Content-Length",
    "Cookie",
    "Cookie2",
    "Date",
    "DNT",
    "Expect",
    "Host",
    "Keep-Alive",
    "Origin",
    "Referer",
    "Set-Cookie",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
];

/// "forbidden request-header", the prefixes that make a name forbidden, compared
/// case-insensitively.
pub const FORBIDDEN_REQUEST_HEADER_PREFIXES: [&str; 2] = ["Proxy-", "Sec-"];

/// "CORS non-wildcard request-header name": never covered by a `*` in
/// `Access-Control-Allow-Headers`.
pub const CORS_NON_WILDCARD_REQUEST_HEADER_NAMES: [&str; 1] = ["Authorization"];

/// "CORS-safelisted response-header name", without the names a response exposes.
pub const CORS_SAFELISTED_RESPONSE_HEADER_NAMES: [&str; 7] = [
    "Cache-Control",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "Expires",
    "Last-Modified",
    "Pragma",
];

/// "forbidden response-header name": never readable by a page, whatever is exposed.
pub const FORBIDDEN_RESPONSE_HEADER_NAMES: [&str; 2] = ["Set-Cookie", "Set-Cookie2"];

fn listed(list: &[&str], name: &[u8]) -> bool {
    list.iter()
        .any(|entry| entry.as_bytes().eq_ignore_ascii_case(name))
}

/// Whether `method` is a forbidden method.
pub fn is_forbidden_method(method: &[u8]) -> bool {
    listed(&FORBIDDEN_METHODS, method)
}

/// "normalize a method".
pub fn normalize_method(method: &[u8]) -> Vec<u8> {
    match NORMALIZED_METHODS
        .iter()
        .find(|known| known.as_bytes().eq_ignore_ascii_case(method))
    {
        Some(known) => known.as_bytes().to_vec(),
        None => method.to_vec(),
    }
}

/// Whether `method` is a CORS-safelisted method (byte for byte: `get` is not).
pub fn is_cors_safelisted_method(method: &[u8]) -> bool {
    CORS_SAFELISTED_METHODS
        .iter()
        .any(|safe| safe.as_bytes() == method)
}

/// Whether a request header named `name` is forbidden whatever its value: a listed name,
/// or one that starts with a listed prefix.
pub fn is_forbidden_request_header_name(name: &[u8]) -> bool {
    listed(&FORBIDDEN_REQUEST_HEADER_NAMES, name)
        || FORBIDDEN_REQUEST_HEADER_PREFIXES.iter().any(|prefix| {
            name.len() >= prefix.len()
                && name[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
}

/// Whether `name` is a CORS non-wildcard request-header name.
pub fn is_cors_non_wildcard_request_header_name(name: &[u8]) -> bool {
    listed(&CORS_NON_WILDCARD_REQUEST_HEADER_NAMES, name)
}

/// Whether `name` is a CORS-safelisted response-header name before any is exposed.
pub fn is_cors_safelisted_response_header_name(name: &[u8]) -> bool {
    listed(&CORS_SAFELISTED_RESPONSE_HEADER_NAMES, name)
}

/// Whether `name` is a forbidden response-header name.
pub fn is_forbidden_response_header_name(name: &[u8]) -> bool {
    listed(&FORBIDDEN_RESPONSE_HEADER_NAMES, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_case() {
        let methods: [(&[u8], bool); 6] = [
            (b"connect", true),
            (b"Trace", true),
            (b"TRACK", true),
            (b"TRACES", false),
            (b"PATCH", false),
            (b"get", false),
        ];
        for (method, forbidden) in methods {
            assert_eq!(is_forbidden_method(method), forbidden, "{method:?}");
        }
        assert_eq!(normalize_method(b"delete"), b"DELETE");
        assert_eq!(normalize_method(b"patch"), b"patch");
        assert!(is_cors_safelisted_method(b"HEAD") && !is_cors_safelisted_method(b"head"));
        let names: [(&[u8], bool); 10] = [
            (b"cookie", true),
            (b"HOST", true),
            (b"sec-fetch-mode", true),
            (b"Proxy-Authorization", true),
            (b"te", true),
            (b"authorization", false),
            (b"x-request-id", false),
            (b"secret", false),
            (b"proxy", false),
            (b"tea", false),
        ];
        for (name, forbidden) in names {
            assert_eq!(
                is_forbidden_request_header_name(name),
                forbidden,
                "{name:?}"
            );
        }
        assert!(is_cors_non_wildcard_request_header_name(b"AUTHORIZATION"));
        assert!(is_cors_safelisted_response_header_name(b"content-type"));
        assert!(!is_cors_safelisted_response_header_name(b"x-request-id"));
        assert!(is_forbidden_response_header_name(b"set-cookie2"));
    }
}
