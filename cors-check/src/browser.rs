//! A model of the browser's side of CORS, written from the Fetch standard
//! (<https://fetch.spec.whatwg.org/>) and WICG Private Network Access, and independent of
//! any server: nothing here calls `cors-runtime`. It reads what a page asks for and the
//! header map a server answered with, the way a browser reads the bytes on the wire, and
//! decides what the page gets to see.
//!
//! Each decision is a [`Verdict`]: `Ok(())`, or `Err` with the [`Failure`], which quotes
//! the header that made the check fail.
//!
//! What is modelled, by the Fetch section it comes from:
//!
//! - "normalize a method", "forbidden method", "CORS-safelisted method":
//!   [`normalize_method`], [`is_forbidden_method`], [`is_cors_safelisted_method`];
//! - "forbidden request-header" (what `Headers` drops silently for a `fetch` request):
//!   [`is_forbidden_request_header`];
//! - "CORS-safelisted request-header", with the value rules of `accept`,
//!   `accept-language`, `content-language`, `content-type` and `range`:
//!   [`is_cors_safelisted_request_header`] and [`why_not_safelisted`];
//! - "CORS-unsafe request-header names", with its 1024-byte limit:
//!   [`cors_unsafe_request_header_names`] and [`cors_unsafe_request_headers`];
//! - "HTTP fetch", whether the CORS-preflight flag is set, and Private Network Access:
//!   [`BrowserRequest::needs_preflight`];
//! - "CORS-preflight request", as Chromium writes it:
//!   [`BrowserRequest::preflight_headers`];
//! - "CORS check": [`cors_check`];
//! - "CORS-preflight fetch" (its step on an ok status: methods, headers, the "CORS
//!   non-wildcard request-header name", credentials mode reading `*` literally), with
//!   "extract header list values" over the `#method` / `#field-name` lists, and Private
//!   Network Access's `Access-Control-Allow-Private-Network`: [`preflight_check`];
//! - "main fetch" (the CORS-exposed header-name list) and "CORS filtered response" with
//!   "CORS-safelisted response-header name" and "forbidden response-header name":
//!   [`readable_response_headers`].
//!
//! ```
//! use cors_check::browser::{self, BrowserRequest};
//!
//! // fetch(url, { method: "POST", headers: { "Content-Type": "application/json" } })
//! let list: &[(&str, &[u8])] = &[("Content-Type", b"application/json")];
//! let request = BrowserRequest::new("https://app.example.com", "POST").with_header_list(list);
//! assert!(request.needs_preflight());
//! assert_eq!(request.unsafe_headers, ["content-type"]);
//! ```

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use http::header::{HeaderMap, HeaderValue};
use http::{Response, StatusCode};

/// `Ok(())` when the check passes, otherwise why it failed.
pub type Verdict = Result<(), Failure>;

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
    /// PUT already uppercased ([`normalize_method`]), every other method as written.
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
    /// A request from `origin` with `method` (taken as already normalized), no CORS-unsafe
    /// header, credentials omitted, to a public address.
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

    /// The page sets this header list (`new Headers(...)`, forbidden request-headers
    /// already dropped): its CORS-unsafe names are computed as Fetch does ("CORS-unsafe
    /// request-header names").
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
    /// on the CORS-preflight flag, for a request whose mode is "cors" and which no
    /// preflight cache entry matches): a method that is not CORS-safelisted, or a
    /// CORS-unsafe request-header name. Private Network Access preflights every request
    /// to a more private address space.
    pub fn needs_preflight(&self) -> bool {
        !is_cors_safelisted_method(&self.method)
            || !self.unsafe_headers.is_empty()
            || self.private_network
    }

    /// Fetch: the "CORS-preflight request" as Chromium writes it: `Origin`,
    /// `Access-Control-Request-Method`, and, when there are CORS-unsafe names,
    /// `Access-Control-Request-Headers` with them sorted and joined by a bare `,`;
    /// `Access-Control-Request-Private-Network: true` for a private-network request.
    ///
    /// `Err` when the origin, the method or a name is not something a header can carry
    /// (a browser never makes such a request; the fields are bytes so that tests can
    /// model one).
    pub fn preflight_headers(&self) -> Result<HeaderMap, NotAHeaderValue> {
        let mut map = HeaderMap::new();
        map.append("origin", header_value("origin", &self.origin)?);
        map.append(
            "access-control-request-method",
            header_value("access-control-request-method", &self.method)?,
        );
        if !self.unsafe_headers.is_empty() {
            let joined = self.unsafe_headers.join(",");
            map.append(
                "access-control-request-headers",
                header_value("access-control-request-headers", joined.as_bytes())?,
            );
        }
        if self.private_network {
            map.append(
                "access-control-request-private-network",
                HeaderValue::from_static("true"),
            );
        }
        Ok(map)
    }

    /// The headers of the actual request that CORS is about: `Origin` (the page's other
    /// headers change nothing in the server's CORS answer). `Err` when the origin is not
    /// something a header can carry.
    pub fn actual_headers(&self) -> Result<HeaderMap, NotAHeaderValue> {
        let mut map = HeaderMap::new();
        map.append("origin", header_value("origin", &self.origin)?);
        Ok(map)
    }
}

/// A part of a [`BrowserRequest`] that no header can carry: a header value is tab,
/// visible ASCII and bytes from 0x80 on, and nothing else (no NUL, CR, LF or other
/// control byte).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAHeaderValue {
    /// The header it was to be the value of, lowercase (`origin`,
    /// `access-control-request-method`, `access-control-request-headers`).
    pub header: &'static str,
    /// The value.
    pub value: Vec<u8>,
}

impl fmt::Display for NotAHeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}: {}` cannot be sent: ",
            self.header,
            escape(&lossy(&self.value))
        )?;
        match self.value.iter().find(|&&byte| !is_header_value_byte(byte)) {
            Some(&byte) => write!(f, "it contains {}, which ", show_byte(byte))?,
            None => f.write_str("it is not a value that ")?,
        }
        f.write_str("a header cannot carry (only tab, visible ASCII and bytes from 0x80 on)")
    }
}

impl std::error::Error for NotAHeaderValue {}

/// What `HeaderValue::from_bytes` takes: tab, visible ASCII, and bytes from 0x80 on.
fn is_header_value_byte(byte: u8) -> bool {
    byte == b'\t' || (byte >= 0x20 && byte != 0x7f)
}

fn header_value(header: &'static str, value: &[u8]) -> Result<HeaderValue, NotAHeaderValue> {
    HeaderValue::from_bytes(value).map_err(|_| NotAHeaderValue {
        header,
        value: value.to_vec(),
    })
}

/// `text` as the contents of a JavaScript (or Rust) string literal: `\` and `"` escaped,
/// and what a terminal would act on written as an escape (see [`escape_controls`]).
pub(crate) fn escape(text: &str) -> String {
    escaped(text, true)
}

/// `text` with what a terminal would act on written as an escape: `\r`, `\n`, `\t`,
/// `\xHH` for the other ASCII control characters, and `\u{…}` for a character Rust does
/// not print as it is (a C1 control, a bidirectional override).
pub(crate) fn escape_controls(text: &str) -> String {
    escaped(text, false)
}

fn escaped(text: &str, literal: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' if literal => {
                out.push('\\');
                out.push(c);
            }
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "{}", c.escape_debug());
            }
        }
    }
    out
}

/// Why a browser check failed, quoting what the server sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// CORS check: no `Access-Control-Allow-Origin`.
    NoAllowOrigin,
    /// CORS check: `Access-Control-Allow-Origin` is neither `*` (without credentials) nor
    /// the request's origin.
    AllowOriginMismatch {
        /// The header's value, all its lines combined.
        allow_origin: Vec<u8>,
        /// The request's origin.
        origin: Vec<u8>,
    },
    /// CORS check: `Access-Control-Allow-Origin: *` for a request whose credentials mode
    /// is `include`.
    WildcardOriginWithCredentials,
    /// CORS check: credentials included, and `Access-Control-Allow-Credentials` is absent
    /// (`None`) or not exactly `true`.
    CredentialsNotAllowed {
        /// The header's value, if it was sent.
        value: Option<Vec<u8>>,
    },
    /// CORS-preflight fetch: the status is not an ok status (200 to 299).
    PreflightStatus {
        /// The preflight's status.
        status: StatusCode,
    },
    /// Extract header list values: an element of the list is not a token.
    UnparsableList {
        /// The header.
        header: String,
        /// The line that does not parse.
        line: Vec<u8>,
        /// Its element that is not a token.
        element: Vec<u8>,
    },
    /// CORS-preflight fetch: the method is not safelisted and not in
    /// `Access-Control-Allow-Methods`.
    MethodNotAllowed {
        /// The request's method.
        method: Vec<u8>,
        /// The methods the preflight's answer lists.
        allowed: Vec<Vec<u8>>,
        /// The list has `*`, which does not count with credentials.
        wildcard_ignored: bool,
    },
    /// CORS-preflight fetch: `Authorization` is not named in `Access-Control-Allow-Headers`
    /// ("CORS non-wildcard request-header name": `*` never covers it).
    AuthorizationNotNamed {
        /// The names the preflight's answer lists.
        allowed: Vec<Vec<u8>>,
    },
    /// CORS-preflight fetch: a CORS-unsafe request-header name is not in
    /// `Access-Control-Allow-Headers`.
    HeaderNotAllowed {
        /// The name, lowercase.
        name: String,
        /// The names the preflight's answer lists.
        allowed: Vec<Vec<u8>>,
        /// The list has `*`, which does not count with credentials.
        wildcard_ignored: bool,
    },
    /// Private Network Access: no `Access-Control-Allow-Private-Network: true` (the value
    /// sent, if any).
    PrivateNetworkNotAllowed {
        /// The header's value, if it was sent.
        value: Option<Vec<u8>>,
    },
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn list(values: &[Vec<u8>]) -> String {
    if values.is_empty() {
        return "(none)".to_owned();
    }
    values
        .iter()
        .map(|v| lossy(v))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const STAR: &str = " (`*` does not count with credentials)";
        match self {
            Failure::NoAllowOrigin => f.write_str("no `Access-Control-Allow-Origin`"),
            Failure::AllowOriginMismatch {
                allow_origin,
                origin,
            } => write!(
                f,
                "`Access-Control-Allow-Origin: {}` is not the request's origin {:?}",
                lossy(allow_origin),
                lossy(origin)
            ),
            Failure::WildcardOriginWithCredentials => write!(
                f,
                "`Access-Control-Allow-Origin: *` is not the request's origin{STAR}"
            ),
            Failure::CredentialsNotAllowed { value: None } => {
                f.write_str("credentials included but no `Access-Control-Allow-Credentials`")
            }
            Failure::CredentialsNotAllowed { value: Some(value) } => write!(
                f,
                "credentials included but `Access-Control-Allow-Credentials: {}` is not `true`",
                lossy(value)
            ),
            Failure::PreflightStatus { status } => {
                write!(f, "preflight status {status} is not an ok status")
            }
            Failure::UnparsableList {
                header,
                line,
                element,
            } => write!(
                f,
                "`{header}: {}` does not parse: {:?} is not a token",
                lossy(line),
                lossy(element)
            ),
            Failure::MethodNotAllowed {
                method,
                allowed,
                wildcard_ignored,
            } => write!(
                f,
                "method {:?} is not in `Access-Control-Allow-Methods: {}`{}",
                lossy(method),
                list(allowed),
                if *wildcard_ignored { STAR } else { "" }
            ),
            Failure::AuthorizationNotNamed { allowed } => write!(
                f,
                "`authorization` is not named in `Access-Control-Allow-Headers: {}` (`*` never covers it)",
                list(allowed)
            ),
            Failure::HeaderNotAllowed {
                name,
                allowed,
                wildcard_ignored,
            } => write!(
                f,
                "request header `{name}` is not in `Access-Control-Allow-Headers: {}`{}",
                list(allowed),
                if *wildcard_ignored { STAR } else { "" }
            ),
            Failure::PrivateNetworkNotAllowed { value: None } => f.write_str(
                "private-network preflight without `Access-Control-Allow-Private-Network`",
            ),
            Failure::PrivateNetworkNotAllowed { value: Some(value) } => write!(
                f,
                "private-network preflight answered `Access-Control-Allow-Private-Network: {}`",
                lossy(value)
            ),
        }
    }
}

impl std::error::Error for Failure {}

// ---------------------------------------------------------------------------------------
// Header lists (Fetch "HTTP": headers; RFC 9110 §5.6 for tokens and lists).
// ---------------------------------------------------------------------------------------

/// RFC 9110 §5.6.2 `token`: one or more `tchar` (Fetch: a "method" and a "header name"
/// are tokens).
pub fn is_token(bytes: &[u8]) -> bool {
    cors_config::fetch::is_token(bytes)
}

/// Fetch: "HTTP whitespace" trimmed from both ends ("normalize" a header value strips it
/// from every value a page sets and a browser receives; an HTTP/1 parser does the same).
pub fn trim_http_whitespace(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t' | b'\r' | b'\n', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t' | b'\r' | b'\n'] = bytes {
        bytes = rest;
    }
    bytes
}

/// Fetch: a "header value": no leading or trailing HTTP tab or space, no NUL, CR or LF
/// (what `Headers` accepts once it has normalized the value).
pub fn is_header_value(value: &[u8]) -> bool {
    trim_http_whitespace(value).len() == value.len()
        && !value.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n'))
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
pub fn extract_token_list(map: &HeaderMap, name: &str) -> Result<Option<Vec<Vec<u8>>>, Failure> {
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
                return Err(Failure::UnparsableList {
                    header: name.to_owned(),
                    line: line.as_bytes().to_vec(),
                    element: element.to_vec(),
                });
            }
            values.push(element.to_vec());
        }
    }
    Ok(Some(values))
}

// ---------------------------------------------------------------------------------------
// Fetch: methods ("normalize a method", "forbidden method", "CORS-safelisted method").
// ---------------------------------------------------------------------------------------

/// Fetch: "normalize a method": a byte-case-insensitive match of `DELETE`, `GET`, `HEAD`,
/// `OPTIONS`, `POST` or `PUT` is uppercased; any other method is kept as written
/// (`patch` stays `patch`).
pub fn normalize_method(method: &[u8]) -> Vec<u8> {
    cors_config::fetch::normalized_method(method)
        .map_or(method, str::as_bytes)
        .to_vec()
}

/// Fetch: "forbidden method": `CONNECT`, `TRACE` or `TRACK` in any case. `fetch()`
/// throws a `TypeError` before any request is made. The policy language's definition, so
/// that what it refuses to allow and what a browser refuses to send are one list.
pub use cors_config::fetch::is_forbidden_method;

/// Fetch: "CORS-safelisted method": `GET`, `HEAD` or `POST`, byte for byte (after
/// [`normalize_method`]).
pub fn is_cors_safelisted_method(method: &[u8]) -> bool {
    matches!(method, b"GET" | b"HEAD" | b"POST")
}

// ---------------------------------------------------------------------------------------
// Fetch: "forbidden request-header".
// ---------------------------------------------------------------------------------------

pub use cors_config::fetch::FORBIDDEN_REQUEST_HEADER_NAMES;

/// Fetch: "forbidden request-header" (name, value): a name of
/// [`FORBIDDEN_REQUEST_HEADER_NAMES`], a name starting with `proxy-` or `sec-`, or
/// `X-HTTP-Method`, `X-HTTP-Method-Override` or `X-Method-Override` whose value names a
/// forbidden method. `Headers` drops such a header silently: the request goes without it.
pub fn is_forbidden_request_header(name: &str, value: &[u8]) -> bool {
    if cors_config::fetch::is_forbidden_request_header_name(name) {
        return true;
    }
    let name = name.to_ascii_lowercase();
    if matches!(
        name.as_str(),
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) {
        // "getting, decoding, and splitting" the value: comma-separated, whitespace
        // trimmed.
        return value
            .split(|&b| b == b',')
            .any(|method| is_forbidden_method(trim_http_whitespace(method)));
    }
    false
}

// ---------------------------------------------------------------------------------------
// Fetch: "CORS-safelisted request-header", "CORS-unsafe request-header names".
// ---------------------------------------------------------------------------------------

/// Fetch: "CORS-unsafe request-header byte": a control byte other than tab, `"`, `(`,
/// `)`, `:`, `<`, `>`, `?`, `@`, `[`, `\`, `]`, `{`, `}` or DEL.
pub fn is_cors_unsafe_request_header_byte(byte: u8) -> bool {
    (byte < 0x20 && byte != 0x09) || b"\"():<>?@[\\]{}\x7f".contains(&byte)
}

/// Why a request header is not a CORS-safelisted request-header, so that it makes the
/// browser send a preflight (and is listed in `Access-Control-Request-Headers`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotSafelisted {
    /// The name is none of `accept`, `accept-language`, `content-language`,
    /// `content-type`, `range`.
    Name,
    /// The value is longer than 128 bytes.
    TooLong {
        /// Its length.
        length: usize,
    },
    /// `accept` or `content-type` with a CORS-unsafe request-header byte.
    UnsafeByte {
        /// The byte.
        byte: u8,
    },
    /// `accept-language` or `content-language` with a byte other than letters, digits,
    /// space and `*,-.;=`.
    NotALanguageByte {
        /// The byte.
        byte: u8,
    },
    /// `content-type` that does not parse as a MIME type.
    NotAMimeType,
    /// `content-type` whose essence is not `application/x-www-form-urlencoded`,
    /// `multipart/form-data` or `text/plain`.
    MimeEssence {
        /// The essence, lowercase.
        essence: String,
    },
    /// `range` that is not one range `bytes=START-` or `bytes=START-END` (START ≤ END).
    NotASimpleRange,
    /// A safelisted header, but the safelisted headers' values add up to more than 1024
    /// bytes, which makes every one of them CORS-unsafe.
    OverTotal {
        /// The total.
        total: usize,
    },
}

impl fmt::Display for NotSafelisted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotSafelisted::Name => f.write_str(
                "its name is not a CORS-safelisted request-header (only accept, \
                 accept-language, content-language, content-type and range can be)",
            ),
            NotSafelisted::TooLong { length } => write!(
                f,
                "its value is {length} bytes long, and a CORS-safelisted value is at most 128"
            ),
            NotSafelisted::UnsafeByte { byte } => write!(
                f,
                "its value contains {}, a CORS-unsafe request-header byte",
                show_byte(*byte)
            ),
            NotSafelisted::NotALanguageByte { byte } => write!(
                f,
                "its value contains {}; a CORS-safelisted language tag has only letters, \
                 digits, space and * , - . ; =",
                show_byte(*byte)
            ),
            NotSafelisted::NotAMimeType => f.write_str("its value is not a MIME type"),
            NotSafelisted::MimeEssence { essence } => write!(
                f,
                "{essence} is not a CORS-safelisted content type (only \
                 application/x-www-form-urlencoded, multipart/form-data and text/plain are)"
            ),
            NotSafelisted::NotASimpleRange => {
                f.write_str("its value is not a single range `bytes=START-` or `bytes=START-END`")
            }
            NotSafelisted::OverTotal { total } => write!(
                f,
                "the CORS-safelisted headers' values add up to {total} bytes, over the \
                 1024 the Fetch standard allows, so none of them is safelisted"
            ),
        }
    }
}

fn show_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("`{}`", byte as char)
    } else {
        format!("the byte 0x{byte:02x}")
    }
}

/// Fetch: "CORS-safelisted request-header" (name, value): `None` when it is one,
/// otherwise why not (never [`NotSafelisted::OverTotal`], which depends on the other
/// headers: see [`cors_unsafe_request_headers`]). `value` is the normalized value.
pub fn why_not_safelisted(name: &str, value: &[u8]) -> Option<NotSafelisted> {
    let name = name.to_ascii_lowercase();
    if !matches!(
        name.as_str(),
        "accept" | "accept-language" | "content-language" | "content-type" | "range"
    ) {
        return Some(NotSafelisted::Name);
    }
    // 1. If value's length is greater than 128, then return false.
    if value.len() > 128 {
        return Some(NotSafelisted::TooLong {
            length: value.len(),
        });
    }
    // 2. Byte-lowercase name and switch on the result.
    match name.as_str() {
        // `accept`: if value contains a CORS-unsafe request-header byte, return false.
        "accept" => value
            .iter()
            .find(|&&b| is_cors_unsafe_request_header_byte(b))
            .map(|&byte| NotSafelisted::UnsafeByte { byte }),
        // `accept-language`, `content-language`: only 0-9 A-Z a-z space * , - . ; =.
        "accept-language" | "content-language" => value
            .iter()
            .find(|&&b| !(b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)))
            .map(|&byte| NotSafelisted::NotALanguageByte { byte }),
        // `content-type`: no CORS-unsafe request-header byte; "parse a MIME type"; its
        // essence is one of three.
        "content-type" => {
            if let Some(&byte) = value
                .iter()
                .find(|&&b| is_cors_unsafe_request_header_byte(b))
            {
                return Some(NotSafelisted::UnsafeByte { byte });
            }
            let essence = match mime_essence(value) {
                Ok(essence) => essence,
                Err(reason) => return Some(reason),
            };
            (!matches!(
                essence.as_str(),
                "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
            ))
            .then_some(NotSafelisted::MimeEssence { essence })
        }
        // `range`: "parse a single range header value" without whitespace succeeds, and
        // its start is not null.
        _ => match parse_single_range(value) {
            Some((Some(_), _)) => None,
            _ => Some(NotSafelisted::NotASimpleRange),
        },
    }
}

/// Fetch: "CORS-safelisted request-header" (name, value), on its own (the 1024-byte total
/// of "CORS-unsafe request-header names" aside).
pub fn is_cors_safelisted_request_header(name: &str, value: &[u8]) -> bool {
    why_not_safelisted(name, value).is_none()
}

/// MIME Sniffing: "parse a MIME type", up to its essence: the type and subtype, each a
/// non-empty token, lowercase. `Err(NotAMimeType)` when it does not parse.
fn mime_essence(value: &[u8]) -> Result<String, NotSafelisted> {
    // 1. Remove leading and trailing HTTP whitespace.
    let input = trim_http_whitespace(value);
    // 3-6. The type: up to `/`, a non-empty token.
    let slash = input
        .iter()
        .position(|&b| b == b'/')
        .ok_or(NotSafelisted::NotAMimeType)?;
    let kind = &input[..slash];
    // 8-10. The subtype: up to `;`, trailing whitespace removed, a non-empty token.
    let rest = &input[slash + 1..];
    let subtype = rest.split(|&b| b == b';').next().unwrap_or_default();
    let subtype = trim_http_whitespace(subtype);
    if !is_token(kind) || !is_token(subtype) {
        return Err(NotSafelisted::NotAMimeType);
    }
    Ok(format!("{}/{}", lossy(kind), lossy(subtype)).to_ascii_lowercase())
}

/// A range's start and end, as digit strings; either may be absent (null).
type SingleRange<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);

/// Fetch: "parse a single range header value" with allowWhitespace false:
/// `bytes=START-END` where each side is ASCII digits or empty, not both empty, and START
/// ≤ END when both are there. `Some((start, end))` as digit strings, `None` on failure.
fn parse_single_range(value: &[u8]) -> Option<SingleRange<'_>> {
    // 2-4. The data starts with `bytes`, then `=`.
    let range = value.strip_prefix(b"bytes=")?;
    // 9-10. rangeStart: ASCII digits.
    let start_len = range.iter().take_while(|b| b.is_ascii_digit()).count();
    let (start, rest) = range.split_at(start_len);
    // 12-13. A `-`.
    let end = rest.strip_prefix(b"-")?;
    // 15-17. rangeEnd: ASCII digits, to the end.
    if !end.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let start = (!start.is_empty()).then_some(start);
    let end = (!end.is_empty()).then_some(end);
    match (start, end) {
        // 18. Both null: failure.
        (None, None) => None,
        // 19. Both numbers and start > end: failure.
        (Some(s), Some(e)) if decimal_greater(s, e) => None,
        parsed => Some(parsed),
    }
}

/// `a > b` for two strings of ASCII digits of any length.
fn decimal_greater(a: &[u8], b: &[u8]) -> bool {
    let strip = |digits: &[u8]| -> Vec<u8> {
        let zeros = digits.iter().take_while(|&&d| d == b'0').count();
        digits[zeros..].to_vec()
    };
    let (a, b) = (strip(a), strip(b));
    (a.len(), &a) > (b.len(), &b)
}

/// A header of a page's header list that is CORS-unsafe, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsafeHeader {
    /// The name, lowercase.
    pub name: String,
    /// The value.
    pub value: Vec<u8>,
    /// Why it is not safelisted.
    pub reason: NotSafelisted,
}

/// Fetch: "CORS-unsafe request-header names" of a header list, with why each is unsafe:
/// every header that is not a CORS-safelisted request-header, and every safelisted one
/// too when their values add up to more than 1024 bytes. In the list's order; a name the
/// list has twice (`headers.append`) is two entries, each judged on its own value.
pub fn cors_unsafe_request_headers(list: &[(&str, &[u8])]) -> Vec<UnsafeHeader> {
    // 1-3. unsafeNames, potentiallyUnsafeNames, safelistValueSize.
    let mut reasons: Vec<Option<NotSafelisted>> = Vec::with_capacity(list.len());
    let mut safelist_value_size = 0;
    // 4. For each header of headers: not safelisted, it is unsafe; otherwise potentially
    // unsafe, and its value's length counts.
    for &(name, value) in list {
        let reason = why_not_safelisted(name, value);
        if reason.is_none() {
            safelist_value_size += value.len();
        }
        reasons.push(reason);
    }
    // 5. If safelistValueSize is greater than 1024, every potentially unsafe name is
    // unsafe too.
    list.iter()
        .zip(reasons)
        .filter_map(|(&(name, value), reason)| {
            let reason = match reason {
                Some(reason) => reason,
                None if safelist_value_size > 1024 => NotSafelisted::OverTotal {
                    total: safelist_value_size,
                },
                None => return None,
            };
            Some(UnsafeHeader {
                name: name.to_ascii_lowercase(),
                value: value.to_vec(),
                reason,
            })
        })
        .collect()
}

/// Fetch: "CORS-unsafe request-header names" of a header list ("convert header names to
/// a sorted-lowercase set"): lowercase, sorted, without duplicates.
pub fn cors_unsafe_request_header_names(list: &[(&str, &[u8])]) -> Vec<String> {
    let mut names: Vec<String> = cors_unsafe_request_headers(list)
        .into_iter()
        .map(|header| header.name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

// ---------------------------------------------------------------------------------------
// Fetch: "CORS check".
// ---------------------------------------------------------------------------------------

/// Fetch: "CORS check". `Access-Control-Allow-Origin` (all its lines, as "get" combines
/// them, so exactly one line) must be `*` for a request whose credentials mode is not
/// `include`, or otherwise byte for byte the serialization of the request's origin; with
/// credentials mode `include`, `Access-Control-Allow-Credentials` must be exactly `true`.
pub fn cors_check(request: &BrowserRequest, response: &HeaderMap) -> Verdict {
    // 1-2. Let origin be the result of getting `Access-Control-Allow-Origin`; null fails.
    let Some(origin) = get(response, "access-control-allow-origin") else {
        return Err(Failure::NoAllowOrigin);
    };
    let include = request.credentials == Credentials::Include;
    // 3. Credentials mode not "include" and origin is `*`: success.
    if !include && origin == b"*" {
        return Ok(());
    }
    // 4. The serialization of the request's origin is not origin: failure.
    if origin != request.origin {
        if origin == b"*" {
            return Err(Failure::WildcardOriginWithCredentials);
        }
        return Err(Failure::AllowOriginMismatch {
            allow_origin: origin,
            origin: request.origin.clone(),
        });
    }
    // 5. Credentials mode not "include": success.
    if !include {
        return Ok(());
    }
    // 6-7. `Access-Control-Allow-Credentials` must be `true`.
    match get(response, "access-control-allow-credentials") {
        Some(value) if value == b"true" => Ok(()),
        value => Err(Failure::CredentialsNotAllowed { value }),
    }
}

// ---------------------------------------------------------------------------------------
// Fetch: "CORS-preflight fetch".
// ---------------------------------------------------------------------------------------

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
    // "If a CORS check for request and response returns success and response's status is
    // an ok status":
    // (The status is looked at first, only so that a refused preflight is reported by
    // its status rather than by the headers a refusal leaves out.)
    if !status.is_success() {
        return Err(Failure::PreflightStatus { status });
    }
    cors_check(request, response)?;
    // 1-3. methods and headerNames: extracting header list values; failure is a
    // network error.
    let methods = extract_token_list(response, "access-control-allow-methods")?;
    let names = extract_token_list(response, "access-control-allow-headers")?;
    // 4. (methods null with the use-CORS-preflight flag, set only by XMLHttpRequest's
    // upload listeners, is not modelled: null is an empty list.)
    let methods = methods.unwrap_or_default();
    let names = names.unwrap_or_default();
    let include = request.credentials == Credentials::Include;
    let has_star = |list: &[Vec<u8>]| list.iter().any(|entry| entry == b"*");

    // 5. The method is not in methods, is not a CORS-safelisted method, and credentials
    // mode is "include" or methods does not contain `*`: network error.
    let method_listed = methods.contains(&request.method);
    let method_wildcard = !include && has_star(&methods);
    if !is_cors_safelisted_method(&request.method) && !method_listed && !method_wildcard {
        return Err(Failure::MethodNotAllowed {
            method: request.method.clone(),
            wildcard_ignored: include && has_star(&methods),
            allowed: methods,
        });
    }

    let listed = |name: &str| {
        names
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name.as_bytes()))
    };
    // 6. A CORS non-wildcard request-header name that is not in headerNames: network
    // error.
    for name in &request.unsafe_headers {
        if is_cors_non_wildcard_request_header_name(name) && !listed(name) {
            return Err(Failure::AuthorizationNotNamed { allowed: names });
        }
    }
    // 7. Each CORS-unsafe request-header name not in headerNames, when credentials mode
    // is "include" or headerNames does not contain `*`: network error.
    let names_wildcard = !include && has_star(&names);
    for name in &request.unsafe_headers {
        if !listed(name) && !names_wildcard {
            return Err(Failure::HeaderNotAllowed {
                name: name.clone(),
                wildcard_ignored: include && has_star(&names),
                allowed: names,
            });
        }
    }

    // Private Network Access: "CORS-preflight fetch", the extra step: the response must
    // carry `Access-Control-Allow-Private-Network: true`.
    if request.private_network {
        match get(response, "access-control-allow-private-network") {
            Some(value) if value == b"true" => {}
            value => return Err(Failure::PrivateNetworkNotAllowed { value }),
        }
    }
    Ok(())
}

/// [`preflight_check`] of a whole preflight response.
pub fn accepts_preflight(request: &BrowserRequest, response: &Response<()>) -> Verdict {
    preflight_check(request, response.status(), response.headers())
}

/// Fetch: "CORS-preflight fetch", the max-age step: how long the browser may reuse the
/// preflight's answer, in seconds, before each browser's cap: `Access-Control-Max-Age`
/// when it parses as a whole number, otherwise 5 (the default).
pub fn preflight_cache_seconds(response: &HeaderMap) -> u64 {
    get(response, "access-control-max-age")
        .and_then(|value| std::str::from_utf8(&value).ok()?.parse().ok())
        .unwrap_or(5)
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

/// Fetch "main fetch": the CORS-exposed header-name list of a response:
/// `Access-Control-Expose-Headers` extracted as a token list, lowercase; `None` when it is
/// `*` and credentials are not included (every name is exposed); empty when absent or
/// when it does not parse.
pub fn exposed_header_names(request: &BrowserRequest, response: &HeaderMap) -> Option<Vec<String>> {
    match extract_token_list(response, "access-control-expose-headers") {
        Ok(Some(names)) => {
            if request.credentials != Credentials::Include && names.iter().any(|n| n == b"*") {
                None
            } else {
                Some(
                    names
                        .iter()
                        .map(|name| lossy(name).to_ascii_lowercase())
                        .collect(),
                )
            }
        }
        Ok(None) | Err(_) => Some(Vec::new()),
    }
}

/// Whether script may read a response header named `name` (`response.headers.get`),
/// given the exposed list of [`exposed_header_names`] ("CORS filtered response": the
/// CORS-safelisted response-header names, fixed or exposed, and never a forbidden
/// response-header name).
pub fn is_readable_response_header(name: &str, exposed: Option<&[String]>) -> bool {
    let name = name.to_ascii_lowercase();
    CORS_SAFELISTED_RESPONSE_HEADER_NAMES.contains(&name.as_str())
        || (!is_forbidden_response_header_name(&name)
            && exposed.is_none_or(|exposed| exposed.contains(&name)))
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
    let exposed = exposed_header_names(request, response);
    response
        .keys()
        .map(|name| name.as_str().to_ascii_lowercase())
        .filter(|name| is_readable_response_header(name, exposed.as_deref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unsafe_reason(name: &str, value: &str) -> Option<NotSafelisted> {
        why_not_safelisted(name, value.as_bytes())
    }

    #[test]
    fn methods() {
        assert_eq!(normalize_method(b"post"), b"POST");
        assert_eq!(normalize_method(b"Delete"), b"DELETE");
        assert_eq!(normalize_method(b"patch"), b"patch", "not one of the six");
        for method in [&b"GET"[..], b"HEAD", b"POST"] {
            assert!(is_cors_safelisted_method(method));
        }
        for method in [&b"get"[..], b"PUT", b"PATCH", b"OPTIONS", b"DELETE"] {
            assert!(!is_cors_safelisted_method(method), "{method:?}");
        }
        for method in [&b"CONNECT"[..], b"trace", b"Track"] {
            assert!(is_forbidden_method(method));
        }
        assert!(!is_forbidden_method(b"TRACES"));
    }

    #[test]
    fn forbidden_request_headers() {
        for name in [
            "Cookie",
            "host",
            "Origin",
            "Sec-Fetch-Mode",
            "proxy-authorization",
            "DNT",
        ] {
            assert!(is_forbidden_request_header(name, b"x"), "{name}");
        }
        for name in [
            "authorization",
            "x-custom",
            "content-type",
            "secret",
            "proxyish",
        ] {
            assert!(!is_forbidden_request_header(name, b"x"), "{name}");
        }
        assert!(is_forbidden_request_header(
            "X-HTTP-Method-Override",
            b"GET, trace"
        ));
        assert!(!is_forbidden_request_header(
            "X-HTTP-Method-Override",
            b"PATCH"
        ));
        assert!(is_forbidden_request_header("x-method-override", b"CONNECT"));
    }

    #[test]
    fn safelisted_names_and_values() {
        assert_eq!(unsafe_reason("X-Custom", "1"), Some(NotSafelisted::Name));
        assert_eq!(
            unsafe_reason("Authorization", "Bearer t"),
            Some(NotSafelisted::Name)
        );
        // accept: any byte but the CORS-unsafe ones.
        assert_eq!(unsafe_reason("Accept", "application/json, */*;q=0.8"), None);
        assert_eq!(
            unsafe_reason("accept", "text/html(1)"),
            Some(NotSafelisted::UnsafeByte { byte: b'(' })
        );
        assert_eq!(
            unsafe_reason("accept", "a\u{7f}"),
            Some(NotSafelisted::UnsafeByte { byte: 0x7f })
        );
        // accept-language and content-language.
        assert_eq!(unsafe_reason("Accept-Language", "en-US,en;q=0.9"), None);
        assert_eq!(unsafe_reason("Content-Language", "de-DE, *"), None);
        assert_eq!(
            unsafe_reason("accept-language", "en_US"),
            Some(NotSafelisted::NotALanguageByte { byte: b'_' })
        );
        assert_eq!(
            unsafe_reason("content-language", "de/DE"),
            Some(NotSafelisted::NotALanguageByte { byte: b'/' })
        );
        // content-type: the essence of a parsed MIME type.
        for value in [
            "text/plain",
            "text/plain;charset=utf-8",
            " TEXT/Plain ; charset=UTF-8",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
        ] {
            assert_eq!(unsafe_reason("content-type", value), None, "{value}");
        }
        assert_eq!(
            unsafe_reason("Content-Type", "application/json"),
            Some(NotSafelisted::MimeEssence {
                essence: "application/json".into()
            })
        );
        assert_eq!(
            unsafe_reason("content-type", "text"),
            Some(NotSafelisted::NotAMimeType)
        );
        assert_eq!(
            unsafe_reason("content-type", "text /plain"),
            Some(NotSafelisted::NotAMimeType)
        );
        assert_eq!(
            unsafe_reason("content-type", "/plain"),
            Some(NotSafelisted::NotAMimeType)
        );
        assert_eq!(
            unsafe_reason("content-type", "text/plain; charset=\"utf-8\""),
            Some(NotSafelisted::UnsafeByte { byte: b'"' })
        );
        // range: one range, with a start, start <= end, no whitespace.
        for value in ["bytes=0-", "bytes=0-499", "bytes=5-5", "bytes=007-10"] {
            assert_eq!(unsafe_reason("range", value), None, "{value}");
        }
        for value in [
            "bytes=-500",
            "bytes=10-5",
            "bytes=0-1,2-3",
            "bytes= 0-1",
            "bytes=0 -1",
            "Bytes=0-1",
            "items=0-1",
            "bytes=-",
            "bytes=a-1",
            "bytes=99999999999999999999999-1",
        ] {
            assert_eq!(
                unsafe_reason("range", value),
                Some(NotSafelisted::NotASimpleRange),
                "{value}"
            );
        }
        // Any safelisted name: at most 128 bytes.
        assert_eq!(unsafe_reason("accept", &"a".repeat(128)), None);
        assert_eq!(
            unsafe_reason("accept", &"a".repeat(129)),
            Some(NotSafelisted::TooLong { length: 129 })
        );
    }

    #[test]
    fn the_1024_byte_total() {
        let value = [b'a'; 128];
        let eight: Vec<(&str, &[u8])> = (0..8).map(|_| ("accept", &value[..])).collect();
        assert!(
            cors_unsafe_request_headers(&eight).is_empty(),
            "exactly 1024 is fine"
        );
        let mut nine = eight.clone();
        nine.push(("accept-language", b"e"));
        nine.push(("x-custom", b"1"));
        let unsafe_headers = cors_unsafe_request_headers(&nine);
        assert_eq!(
            unsafe_headers.len(),
            10,
            "every safelisted one becomes unsafe"
        );
        assert_eq!(
            unsafe_headers[0].reason,
            NotSafelisted::OverTotal { total: 1025 }
        );
        assert_eq!(unsafe_headers[9].reason, NotSafelisted::Name);
        assert_eq!(
            cors_unsafe_request_header_names(&nine),
            ["accept", "accept-language", "x-custom"]
        );
    }

    fn map(lines: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for &(name, value) in lines {
            map.append(
                http::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    const APP: &str = "https://app.example.com";

    #[test]
    fn cors_check_reads_star_literally_with_credentials() {
        let page = BrowserRequest::new(APP, "GET");
        let star = map(&[("access-control-allow-origin", "*")]);
        assert_eq!(cors_check(&page, &star), Ok(()));
        let credentialed = page.clone().include_credentials();
        assert_eq!(
            cors_check(&credentialed, &star),
            Err(Failure::WildcardOriginWithCredentials)
        );
        let echoed = map(&[("access-control-allow-origin", APP)]);
        assert_eq!(
            cors_check(&credentialed, &echoed),
            Err(Failure::CredentialsNotAllowed { value: None })
        );
        let twice = map(&[
            ("access-control-allow-origin", APP),
            ("access-control-allow-origin", APP),
        ]);
        assert!(matches!(
            cors_check(&page, &twice),
            Err(Failure::AllowOriginMismatch { .. })
        ));
    }

    #[test]
    fn preflight_check_methods_headers_authorization_private_network() {
        let ok = StatusCode::NO_CONTENT;
        let page = BrowserRequest::new(APP, "PUT").with_unsafe_headers(&["Authorization", "X-A"]);
        let star = map(&[
            ("access-control-allow-origin", APP),
            ("access-control-allow-methods", "*"),
            ("access-control-allow-headers", "*"),
        ]);
        assert_eq!(
            preflight_check(&page, ok, &star),
            Err(Failure::AuthorizationNotNamed {
                allowed: vec![b"*".to_vec()]
            }),
            "`*` never covers Authorization"
        );
        let star_and_authorization = map(&[
            ("access-control-allow-origin", APP),
            ("access-control-allow-methods", "*"),
            ("access-control-allow-headers", "*, authorization"),
        ]);
        assert_eq!(preflight_check(&page, ok, &star_and_authorization), Ok(()));
        let mut credentialed = page.clone().include_credentials();
        let mut with_credentials = star_and_authorization.clone();
        with_credentials.insert(
            "access-control-allow-credentials",
            HeaderValue::from_static("true"),
        );
        assert!(matches!(
            preflight_check(&credentialed, ok, &with_credentials),
            Err(Failure::MethodNotAllowed {
                wildcard_ignored: true,
                ..
            })
        ));
        credentialed.method = b"POST".to_vec();
        assert!(matches!(
            preflight_check(&credentialed, ok, &with_credentials),
            Err(Failure::HeaderNotAllowed {
                wildcard_ignored: true,
                ..
            })
        ));
        assert_eq!(
            preflight_check(&page, StatusCode::FORBIDDEN, &star_and_authorization),
            Err(Failure::PreflightStatus {
                status: StatusCode::FORBIDDEN
            })
        );
        let private = BrowserRequest::new(APP, "GET").targeting_private_network();
        assert!(private.needs_preflight());
        let answer = map(&[("access-control-allow-origin", APP)]);
        assert_eq!(
            preflight_check(&private, ok, &answer),
            Err(Failure::PrivateNetworkNotAllowed { value: None })
        );
        let mut allowed = answer.clone();
        allowed.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
        assert_eq!(preflight_check(&private, ok, &allowed), Ok(()));
        assert_eq!(preflight_cache_seconds(&allowed), 5, "the default");
        allowed.insert("access-control-max-age", HeaderValue::from_static("600"));
        assert_eq!(preflight_cache_seconds(&allowed), 600);
    }

    #[test]
    fn what_no_header_can_carry_is_an_error_not_a_panic() {
        let page = BrowserRequest::new("https://a.example\r\nX-Injected: 1", "GET");
        let error = page.actual_headers().expect_err("CR LF in an origin");
        assert_eq!(error.header, "origin");
        assert_eq!(
            error.to_string(),
            "`origin: https://a.example\\r\\nX-Injected: 1` cannot be sent: it contains the \
             byte 0x0d, which a header cannot carry (only tab, visible ASCII and bytes from \
             0x80 on)"
        );
        assert_eq!(page.preflight_headers(), Err(error));

        let page = BrowserRequest::new(APP, b"GE\0T");
        let error = page.preflight_headers().expect_err("NUL in a method");
        assert_eq!(error.header, "access-control-request-method");
        assert!(error.to_string().contains("the byte 0x00"), "{error}");

        let page = BrowserRequest::new(APP, "PUT").with_unsafe_headers(&["x-a\nx-b"]);
        let error = page.preflight_headers().expect_err("LF in a name");
        assert_eq!(error.header, "access-control-request-headers");

        // Bytes from 0x80 on are header bytes.
        let page = BrowserRequest::new(APP, b"P\xe9T").with_unsafe_headers(&["x-\u{e9}"]);
        let map = page.preflight_headers().expect("header bytes");
        assert_eq!(map["access-control-request-method"].as_bytes(), b"P\xe9T");
        assert_eq!(map["access-control-request-headers"], "x-\u{e9}".as_bytes());
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape("a\r\n\t\0\x1b\x7f\"\\é"),
            r#"a\r\n\t\x00\x1b\x7f\"\\é"#
        );
        assert_eq!(escape_controls("\"\\\u{85}\u{202e}"), r#""\\u{85}\u{202e}"#);
    }

    #[test]
    fn exposed_headers() {
        let page = BrowserRequest::new(APP, "GET");
        let response = map(&[
            ("access-control-allow-origin", APP),
            ("access-control-expose-headers", "X-Request-Id"),
            ("x-request-id", "1"),
            ("x-hidden", "2"),
            ("content-type", "text/plain"),
        ]);
        let readable: Vec<String> = readable_response_headers(&page, &response)
            .into_iter()
            .collect();
        assert_eq!(readable, ["content-type", "x-request-id"]);
        assert!(
            !is_readable_response_header("set-cookie", None),
            "never Set-Cookie"
        );
        assert!(
            is_readable_response_header("x-any", None),
            "`*` without credentials"
        );
    }
}
