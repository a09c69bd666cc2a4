//! A model of the browser's side of CORS, written from the Fetch standard
//! (<https://fetch.spec.whatwg.org/>) and WICG Private Network Access, and independent of
//! the implementation: nothing here calls `cors-runtime`. It only reads the header map a
//! server answered with, the way a browser reads the bytes on the wire, and decides what a
//! page gets to see.
//!
//! Each decision is a [`Verdict`]: `Ok(())`, or `Err` with the reason, quoting the header
//! that made the check fail, for assertion messages.
//!
//! What is modelled, by the Fetch section it comes from:
//!
//! - "CORS check": [`cors_check`];
//! - "CORS-preflight fetch" (its step on an ok status: methods, headers, the "CORS
//!   non-wildcard request-header name"), with "extract header list values" over the
//!   `#method` / `#field-name` lists, and Private Network Access's
//!   `Access-Control-Allow-Private-Network`: [`preflight_check`];
//! - "main fetch" (the CORS-exposed header-name list) and "CORS filtered response" with
//!   "CORS-safelisted response-header name" and "forbidden response-header name":
//!   [`readable_response_headers`];
//! - "CORS-unsafe request-header names" and "CORS-safelisted request-header", to know
//!   what a page's headers put in `Access-Control-Request-Headers`:
//!   [`cors_unsafe_request_header_names`];
//! - "CORS-preflight request", as Chromium writes it: [`BrowserRequest::preflight_headers`].

use std::collections::BTreeSet;

use http::header::{HeaderMap, HeaderValue};
use http::{Response, StatusCode};

/// `Ok(())` when the check passes, otherwise why it failed.
pub type Verdict = Result<(), String>;

/// Fetch: a request's "credentials mode". `same-origin` is not modelled: for the
/// cross-origin requests CORS is about it behaves as [`Credentials::Omit`] ("credentials
/// mode is not `include`").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// `credentials: "omit"` (or `"same-origin"`, cross-origin).
    Omit,
    /// `credentials: "include"`: cookies, HTTP authentication, client certificates.
    Include,
}

/// A cross-origin request as a page makes it, seen from the browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserRequest {
    /// Fetch: "byte-serializing a request origin" (what the browser sends in `Origin`;
    /// `null` for an opaque origin). Bytes, so that tests can model what no browser sends.
    pub origin: Vec<u8>,
    /// The request's method, as fetch() sends it: DELETE, GET, HEAD, OPTIONS, POST and
    /// PUT already uppercased ("normalize a method"), every other method as written.
    pub method: Vec<u8>,
    /// Fetch: "CORS-unsafe request-header names" of the request's header list: the
    /// names the browser puts in `Access-Control-Request-Headers`, lowercase, sorted,
    /// without duplicates.
    pub unsafe_headers: Vec<String>,
    /// Fetch: the request's "credentials mode".
    pub credentials: Credentials,
    /// Private Network Access: the preflight carries
    /// `Access-Control-Request-Private-Network: true`.
    pub private_network: bool,
}

impl BrowserRequest {
    /// A request from `origin` with `method`, no CORS-unsafe header, credentials omitted,
    /// to a public address.
    pub fn new(origin: impl AsRef<[u8]>, method: impl AsRef<[u8]>) -> Self {
        Self {
            origin: origin.as_ref().to_vec(),
            method: method.as_ref().to_vec(),
            unsafe_headers: Vec::new(),
            credentials: Credentials::Omit,
            private_network: false,
        }
    }

    /// The page sets these headers (in addition to any set before); their names are
    /// taken as CORS-unsafe, as `Authorization` or `X-Custom` always are.
    pub fn with_unsafe_headers<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.unsafe_headers
            .extend(names.iter().map(|name| name.as_ref().to_ascii_lowercase()));
        self.unsafe_headers.sort_unstable();
        self.unsafe_headers.dedup();
        self
    }

    /// The page sets this header list (`new Headers(...)`): its CORS-unsafe names are
    /// computed as Fetch does ("CORS-unsafe request-header names").
    pub fn with_header_list(self, list: &[(&str, &[u8])]) -> Self {
        let unsafe_names = cors_unsafe_request_header_names(list);
        self.with_unsafe_headers(&unsafe_names)
    }

    /// `credentials: "include"`.
    pub fn include_credentials(self) -> Self {
        self.with_credentials(Credentials::Include)
    }

    /// The given credentials mode.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The request goes to a more private address space than the page's (Private Network
    /// Access): its preflight asks for `Access-Control-Allow-Private-Network`.
    pub fn targeting_private_network(mut self) -> Self {
        self.private_network = true;
        self
    }

    /// Whether the browser sends a preflight at all (Fetch: "HTTP fetch", the condition
    /// on the CORS-preflight flag): a method that is not CORS-safelisted, or a
    /// CORS-unsafe request header. Private Network Access preflights every request to a
    /// more private address space.
    pub fn needs_preflight(&self) -> bool {
        !is_cors_safelisted_method(&self.method)
            || !self.unsafe_headers.is_empty()
            || self.private_network
    }

    /// Fetch: the "CORS-preflight request" as Chromium writes it: `Origin`,
    /// `Access-Control-Request-Method`, and, when there are CORS-unsafe names,
    /// `Access-Control-Request-Headers` with them sorted and joined by a bare `,`;
    /// `Access-Control-Request-Private-Network: true` for a private-network request.
    pub fn preflight_headers(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.append(
            "origin",
            HeaderValue::from_bytes(&self.origin).expect("an origin a header can carry"),
        );
        map.append(
            "access-control-request-method",
            HeaderValue::from_bytes(&self.method).expect("a method a header can carry"),
        );
        if !self.unsafe_headers.is_empty() {
            let joined = self.unsafe_headers.join(",");
            map.append(
                "access-control-request-headers",
                HeaderValue::from_str(&joined).expect("header names a header can carry"),
            );
        }
        if self.private_network {
            map.append(
                "access-control-request-private-network",
                HeaderValue::from_static("true"),
            );
        }
        map
    }
}

// ---------------------------------------------------------------------------------------
// Header lists (Fetch §2.2 "HTTP": headers; RFC 9110 §5.6 for tokens and lists).
// ---------------------------------------------------------------------------------------

/// RFC 9110 §5.6.2 `token`: one or more `tchar`.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Fetch: "HTTP whitespace" trimmed from both ends ("header value normalize" strips it
/// from every value a browser receives; an HTTP/1 parser does the same).
fn trim_http_whitespace(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t' | b'\r' | b'\n', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t' | b'\r' | b'\n'] = bytes {
        bytes = rest;
    }
    bytes
}

/// Fetch: "get" a header name from a header list: null when absent, otherwise the
/// (normalized) values of every line, in order, joined by `, `.
pub fn get(map: &HeaderMap, name: &str) -> Option<Vec<u8>> {
    let mut lines = map.get_all(name).iter().peekable();
    lines.peek()?;
    let mut combined = Vec::new();
    for (index, line) in lines.enumerate() {
        if index > 0 {
            combined.extend_from_slice(b", ");
        }
        combined.extend_from_slice(trim_http_whitespace(line.as_bytes()));
    }
    Some(combined)
}

/// Fetch: "extract header list values" for a header whose ABNF is a list of tokens
/// (`#method`, `#field-name`), over every line: `Ok(None)` when absent; `Err` when an
/// element is not a token (a failed parse is a network error for the preflight).
/// Optional whitespace around elements and empty elements are allowed (RFC 9110 §5.6.1:
/// a recipient ignores empty list elements; Chromium parses the same way).
pub fn extract_token_list(map: &HeaderMap, name: &str) -> Result<Option<Vec<Vec<u8>>>, String> {
    if !map.contains_key(name) {
        return Ok(None);
    }
    let mut values = Vec::new();
    for line in map.get_all(name) {
        for element in line.as_bytes().split(|&byte| byte == b',') {
            let element = trim_http_whitespace(element);
            if element.is_empty() {
                continue;
            }
            if !is_token(element) {
                return Err(format!(
                    "`{name}: {}` does not parse: {:?} is not a token",
                    lossy(line.as_bytes()),
                    lossy(element)
                ));
            }
            values.push(element.to_vec());
        }
    }
    Ok(Some(values))
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------------------
// Fetch: "CORS check".
// ---------------------------------------------------------------------------------------

/// Fetch: "CORS check". `Access-Control-Allow-Origin` (all its lines, as "get" combines
/// them, so exactly one line) must be `*` for a request whose credentials mode is not
/// `include`, or otherwise byte for byte the serialization of the request's origin; with
/// credentials mode `include`, `Access-Control-Allow-Credentials` must be exactly `true`.
pub fn cors_check(request: &BrowserRequest, response: &HeaderMap) -> Verdict {
    let Some(origin) = get(response, "access-control-allow-origin") else {
        return Err("no `Access-Control-Allow-Origin`".to_owned());
    };
    let include = request.credentials == Credentials::Include;
    if !include && origin == b"*" {
        return Ok(());
    }
    if origin != request.origin {
        return Err(format!(
            "`Access-Control-Allow-Origin: {}` is not the request's origin {:?}{}",
            lossy(&origin),
            lossy(&request.origin),
            if origin == b"*" {
                " (`*` does not count with credentials)"
            } else {
                ""
            }
        ));
    }
    if !include {
        return Ok(());
    }
    match get(response, "access-control-allow-credentials") {
        Some(value) if value == b"true" => Ok(()),
        Some(value) => Err(format!(
            "credentials included but `Access-Control-Allow-Credentials: {}` is not `true`",
            lossy(&value)
        )),
        None => Err("credentials included but no `Access-Control-Allow-Credentials`".to_owned()),
    }
}

// ---------------------------------------------------------------------------------------
// Fetch: "CORS-preflight fetch".
// ---------------------------------------------------------------------------------------

/// Fetch: "CORS-safelisted method": `GET`, `HEAD` or `POST`, byte for byte.
pub fn is_cors_safelisted_method(method: &[u8]) -> bool {
    matches!(method, b"GET" | b"HEAD" | b"POST")
}

/// Fetch: "CORS non-wildcard request-header name": `Authorization`, which a `*` in
/// `Access-Control-Allow-Headers` never covers.
pub fn is_cors_non_wildcard_request_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization")
}

/// Fetch: "CORS-preflight fetch", what the browser does with the preflight's response
/// before sending the actual request:
///
/// 1. the CORS check passes and the status is an "ok status" (200 to 299);
/// 2. `Access-Control-Allow-Methods` and `-Allow-Headers` are extracted as token lists
///    over all their lines; an element that is not a token fails the fetch;
/// 3. the method is a CORS-safelisted method, or is in the methods (compared byte for
///    byte, so case-sensitively), or the methods contain `*` and credentials are not
///    included;
/// 4. `Authorization`, when set, is listed by name ("CORS non-wildcard request-header
///    name");
/// 5. every CORS-unsafe request-header name is listed (case-insensitively), or the names
///    contain `*` and credentials are not included;
/// 6. Private Network Access: a private-network preflight needs
///    `Access-Control-Allow-Private-Network: true`.
pub fn preflight_check(
    request: &BrowserRequest,
    status: StatusCode,
    response: &HeaderMap,
) -> Verdict {
    cors_check(request, response).map_err(|reason| format!("preflight: {reason}"))?;
    if !(200..=299).contains(&status.as_u16()) {
        return Err(format!("preflight status {status} is not an ok status"));
    }
    let methods = extract_token_list(response, "access-control-allow-methods")?;
    let names = extract_token_list(response, "access-control-allow-headers")?;
    let methods = methods.unwrap_or_default();
    let names = names.unwrap_or_default();
    let include = request.credentials == Credentials::Include;

    let method_listed = methods.contains(&request.method);
    let method_wildcard = !include && methods.iter().any(|method| method == b"*");
    if !is_cors_safelisted_method(&request.method) && !method_listed && !method_wildcard {
        return Err(format!(
            "method {:?} is not in `Access-Control-Allow-Methods` {:?}{}",
            lossy(&request.method),
            methods.iter().map(|m| lossy(m)).collect::<Vec<_>>(),
            if include && methods.iter().any(|m| m == b"*") {
                " (`*` does not count with credentials)"
            } else {
                ""
            }
        ));
    }

    let listed = |name: &str| {
        names
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name.as_bytes()))
    };
    for name in &request.unsafe_headers {
        if is_cors_non_wildcard_request_header_name(name) && !listed(name) {
            return Err(format!(
                "`{name}` is not named in `Access-Control-Allow-Headers` {:?} (`*` never covers it)",
                names.iter().map(|n| lossy(n)).collect::<Vec<_>>()
            ));
        }
    }
    let names_wildcard = !include && names.iter().any(|allowed| allowed == b"*");
    for name in &request.unsafe_headers {
        if !listed(name) && !names_wildcard {
            return Err(format!(
                "request header `{name}` is not in `Access-Control-Allow-Headers` {:?}{}",
                names.iter().map(|n| lossy(n)).collect::<Vec<_>>(),
                if include && names.iter().any(|n| n == b"*") {
                    " (`*` does not count with credentials)"
                } else {
                    ""
                }
            ));
        }
    }

    if request.private_network {
        match get(response, "access-control-allow-private-network") {
            Some(value) if value == b"true" => {}
            Some(value) => {
                return Err(format!(
                    "private-network preflight answered `Access-Control-Allow-Private-Network: {}`",
                    lossy(&value)
                ))
            }
            None => {
                return Err(
                    "private-network preflight without `Access-Control-Allow-Private-Network`"
                        .to_owned(),
                )
            }
        }
    }
    Ok(())
}

/// [`preflight_check`] of a whole preflight response.
pub fn accepts_preflight(request: &BrowserRequest, response: &Response<()>) -> Verdict {
    preflight_check(request, response.status(), response.headers())
}

// ---------------------------------------------------------------------------------------
// Fetch: "main fetch" (CORS-exposed header-name list), "CORS filtered response".
// ---------------------------------------------------------------------------------------

/// Fetch: "CORS-safelisted response-header name", without the exposed list.
pub const CORS_SAFELISTED_RESPONSE_HEADER_NAMES: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Fetch: "forbidden response-header name".
pub fn is_forbidden_response_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
}

/// The names of the headers of an actual response that script may read
/// (`response.headers.get`), lowercase. Empty when the CORS check fails (the fetch is a
/// network error).
///
/// Fetch "main fetch": the CORS-exposed header-name list is `Access-Control-Expose-Headers`
/// extracted as a token list; with credentials not included, a `*` in it exposes every
/// name of the response; a list that does not parse exposes nothing. "CORS filtered
/// response" then keeps the CORS-safelisted response-header names: the seven fixed ones,
/// and the exposed ones that are not forbidden response-header names (`Set-Cookie`,
/// `Set-Cookie2`).
pub fn readable_response_headers(
    request: &BrowserRequest,
    response: &HeaderMap,
) -> BTreeSet<String> {
    if cors_check(request, response).is_err() {
        return BTreeSet::new();
    }
    let present: BTreeSet<String> = response
        .keys()
        .map(|name| name.as_str().to_ascii_lowercase())
        .collect();
    let exposed: Vec<String> = match extract_token_list(response, "access-control-expose-headers") {
        Ok(Some(names)) => {
            if request.credentials != Credentials::Include && names.iter().any(|n| n == b"*") {
                present.iter().cloned().collect()
            } else {
                names
                    .iter()
                    .map(|name| lossy(name).to_ascii_lowercase())
                    .collect()
            }
        }
        Ok(None) | Err(_) => Vec::new(),
    };
    present
        .into_iter()
        .filter(|name| {
            CORS_SAFELISTED_RESPONSE_HEADER_NAMES.contains(&name.as_str())
                || (exposed.contains(name) && !is_forbidden_response_header_name(name))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Fetch: "CORS-unsafe request-header names", "CORS-safelisted request-header".
// ---------------------------------------------------------------------------------------

/// Fetch: "CORS-unsafe request-header byte".
fn is_cors_unsafe_request_header_byte(byte: u8) -> bool {
    (byte < 0x20 && byte != 0x09) || b"\"():<>?@[\\]{}\x7f".contains(&byte)
}

/// Fetch: "CORS-safelisted request-header" (name, value).
pub fn is_cors_safelisted_request_header(name: &str, value: &[u8]) -> bool {
    if value.len() > 128 {
        return false;
    }
    match name.to_ascii_lowercase().as_str() {
        "accept" => !value.iter().any(|&b| is_cors_unsafe_request_header_byte(b)),
        "accept-language" | "content-language" => value
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)),
        "content-type" => {
            if value.iter().any(|&b| is_cors_unsafe_request_header_byte(b)) {
                return false;
            }
            // "parse a MIME type", reduced to its essence.
            let essence = value.split(|&b| b == b';').next().unwrap_or_default();
            let essence = trim_http_whitespace(essence).to_ascii_lowercase();
            let Some(slash) = essence.iter().position(|&b| b == b'/') else {
                return false;
            };
            if !is_token(&essence[..slash]) || !is_token(&essence[slash + 1..]) {
                return false;
            }
            matches!(
                essence.as_slice(),
                b"application/x-www-form-urlencoded" | b"multipart/form-data" | b"text/plain"
            )
        }
        "range" => {
            // "parse a single range header value" without whitespace, whose start is
            // not null: `bytes=START-` or `bytes=START-END`.
            let Some(range) = value.strip_prefix(b"bytes=") else {
                return false;
            };
            let Some(dash) = range.iter().position(|&b| b == b'-') else {
                return false;
            };
            let (start, end) = (&range[..dash], &range[dash + 1..]);
            !start.is_empty()
                && start.iter().all(u8::is_ascii_digit)
                && end.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Fetch: "CORS-unsafe request-header names" of a header list: every name that is not
/// a CORS-safelisted request-header, and all the safelisted ones too when their values
/// add up to more than 1024 bytes; lowercase, sorted, without duplicates.
pub fn cors_unsafe_request_header_names(list: &[(&str, &[u8])]) -> Vec<String> {
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe = Vec::new();
    let mut safelist_value_size = 0;
    for &(name, value) in list {
        if is_cors_safelisted_request_header(name, value) {
            potentially_unsafe.push(name.to_ascii_lowercase());
            safelist_value_size += value.len();
        } else {
            unsafe_names.push(name.to_ascii_lowercase());
        }
    }
    if safelist_value_size > 1024 {
        unsafe_names.extend(potentially_unsafe);
    }
    unsafe_names.sort_unstable();
    unsafe_names.dedup();
    unsafe_names
}
