//! Shared by the integration tests of SPEC §3: the policies they run on, builders of
//! request header maps, and readers of responses. A model of what a browser's CORS checks
//! accept is in [`browser`]; the definitions of the policies of the property tests and the
//! bypass corpus, from which the oracle (`cors-oracle`) says what SPEC §3 intends, in
//! [`intended`]; running a request through a policy and judging the answer by both, in
//! [`exchange`].
//!
//! Every policy is a [`Twin`] ([`twin`]): built by `cors_policy!` and loaded by
//! `CorsPolicy::from_toml` / `from_file` from the same TOML. Each request a test sends
//! through a twin is answered by both, which must answer alike byte for byte; the test's
//! assertions are made on that answer.
//!
//! Every test binary compiles this module on its own and uses part of it.
#![allow(dead_code)]

pub mod browser;
pub mod environment;
pub mod exchange;
pub mod held;
pub mod intended;
pub mod twin;

#[allow(unused_imports)]
pub use browser::{BrowserRequest, Credentials};
pub use twin::Twin;

use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, Response, StatusCode};

// ---------------------------------------------------------------------------------------
// Policies of the seed documentation (the Nexus `[server.cors]` page).
// ---------------------------------------------------------------------------------------

crate::twin_policies! {
    /// The reference example, read from a whole Nexus file (`include`), whose other tables
    /// are ignored: two origins, listed methods and headers, credentials, `max_age = 3600`,
    /// `allow_private_network = false`, two exposed headers.
    pub static DOC_REFERENCE: Twin = cors_policy!(include "nexus.toml");

    /// "Allow all origins during development".
    pub static DOC_DEVELOPMENT: Twin = cors_policy!(
        r#"
        [server.cors]
        allow_origins = "*"
        allow_methods = "*"
        allow_headers = "*"
        allow_credentials = false
        "#
    );

    /// "Restrict to specific domains in production": `OPTIONS` listed, a comment after a
    /// value, `max_age` at Firefox's cap.
    pub static DOC_PRODUCTION: Twin = cors_policy!(
        r#"
        [server.cors]
        allow_origins = [
            "https://app.yourdomain.com",
            "https://admin.yourdomain.com"
        ]
        allow_methods = ["GET", "POST", "OPTIONS"]
        allow_headers = ["authorization", "content-type"]
        allow_credentials = true
        max_age = 86400 # 24 hours
        expose_headers = ["x-request-id"]
        "#
    );

    /// "A typical SPA": one origin written as a string, not an array.
    pub static DOC_SPA: Twin = cors_policy!(
        r#"
        [server.cors]
        allow_origins = "https://spa.example.com"
        allow_methods = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]
        allow_headers = ["authorization", "content-type", "x-csrf-token"]
        allow_credentials = true
        max_age = 3600
        expose_headers = ["x-total-count", "x-page-number"]
        "#
    );

    /// "Local development servers": comments inside the array, the Android emulator's host
    /// address, `"*"` methods and headers with credentials (so they are echoed).
    pub static DOC_LOCAL_DEVELOPMENT: Twin = cors_policy!(
        r#"
        [server.cors]
        allow_origins = [
            "http://localhost:3000",  # web dev server
            "http://localhost:5173",  # Vite
            "http://10.0.2.2:8000",   # Android emulator's host
        ]
        allow_methods = "*"
        allow_headers = "*"
        allow_credentials = true
        "#
    );

    /// Mobile apps: custom schemes with credentials, `max_age = 0` (no preflight caching).
    pub static DOC_MOBILE: Twin = cors_policy!(
        r#"
        [server.cors]
        allow_origins = ["capacitor://localhost", "ionic://localhost", "http://localhost"]
        allow_methods = ["GET", "POST", "PUT", "DELETE"]
        allow_headers = ["authorization", "content-type"]
        allow_credentials = true
        max_age = 0
        "#
    );
}

// ---------------------------------------------------------------------------------------
// Policies of our own, spanning the language.
// ---------------------------------------------------------------------------------------

crate::twin_policies! {
    /// `"*"` everywhere it is allowed, and `max_age` as a duration string.
    pub static ANY_EVERYTHING: Twin = cors_policy!(
        r#"
        allow_origins = "*"
        allow_methods = "*"
        allow_headers = "*"
        expose_headers = "*"
        max_age = "1h 30m"
        "#
    );

    /// Credentials with `"*"` methods and headers: what was asked is echoed (a credentialed
    /// browser reads `*` literally) and named in `Vary`.
    pub static CREDENTIALS_ECHO: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        allow_methods = "*"
        allow_headers = "*"
        allow_credentials = true
        expose_headers = ["x-request-id"]
        "#
    );

    /// Private-network preflights answered.
    pub static PRIVATE_NETWORK: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com", "http://localhost:8080"]
        allow_methods = ["PUT"]
        allow_headers = ["content-type"]
        allow_private_network = true
        "#
    );

    /// Listed origins, `"*"` headers and `"*"` exposed headers, without credentials.
    pub static EXPOSE_ANY: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        allow_methods = ["PUT", "PATCH"]
        allow_headers = "*"
        expose_headers = "*"
        "#
    );

    /// Methods and header names written in mixed case: `get` is uppercased (browsers do the
    /// same), `patch` stays as written and is case-sensitive; header names are lowercased.
    pub static CASE_SENSITIVE_METHODS: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        allow_methods = ["patch", "get"]
        allow_headers = ["X-Custom-Header", "Content-Type"]
        "#
    );

    /// Only `allow_origins`: no methods, headers or exposed headers beyond the safelisted.
    pub static ORIGIN_ONLY: Twin = cors_policy!(
        r#"
        allow_origins = "https://app.example.com"
        "#
    );

    /// Twenty origins, several of one length, so that the lookup has to tell them apart.
    pub static MANY_ORIGINS: Twin = cors_policy!(
        r#"
        allow_origins = [
            "https://a01.example.com",
            "https://a02.example.com",
            "https://a03.example.com",
            "https://a04.example.com",
            "https://a05.example.com",
            "https://a06.example.com",
            "https://a07.example.com",
            "https://a08.example.com",
            "https://a09.example.com",
            "https://a10.example.com",
            "https://b.example.org",
            "https://bb.example.org",
            "https://bbb.example.org",
            "http://localhost:3000",
            "http://localhost:3001",
            "http://localhost:4000",
            "capacitor://localhost",
            "ionic://localhost",
            "https://app.example.com:8443",
            "https://zz.example.net",
        ]
        allow_methods = ["PUT"]
        "#
    );
}

/// The entries of `MANY_ORIGINS`' `allow_origins`, in order. `cors_policy!` takes only a
/// literal, so the policy cannot be built from this list: the two are kept in step by
/// hand, and `every_one_of_twenty_origins_is_found` (tests/actual.rs) fails for any entry
/// here that the policy does not allow.
pub const MANY_ORIGINS_LISTED: [&str; 20] = [
    "https://a01.example.com",
    "https://a02.example.com",
    "https://a03.example.com",
    "https://a04.example.com",
    "https://a05.example.com",
    "https://a06.example.com",
    "https://a07.example.com",
    "https://a08.example.com",
    "https://a09.example.com",
    "https://a10.example.com",
    "https://b.example.org",
    "https://bb.example.org",
    "https://bbb.example.org",
    "http://localhost:3000",
    "http://localhost:3001",
    "http://localhost:4000",
    "capacitor://localhost",
    "ionic://localhost",
    "https://app.example.com:8443",
    "https://zz.example.net",
];

/// Every policy above, with a name for assertion messages.
pub const ALL_POLICIES: [(&str, &Twin); 13] = [
    ("DOC_REFERENCE", &DOC_REFERENCE),
    ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
    ("DOC_PRODUCTION", &DOC_PRODUCTION),
    ("DOC_SPA", &DOC_SPA),
    ("DOC_LOCAL_DEVELOPMENT", &DOC_LOCAL_DEVELOPMENT),
    ("DOC_MOBILE", &DOC_MOBILE),
    ("ANY_EVERYTHING", &ANY_EVERYTHING),
    ("CREDENTIALS_ECHO", &CREDENTIALS_ECHO),
    ("PRIVATE_NETWORK", &PRIVATE_NETWORK),
    ("EXPOSE_ANY", &EXPOSE_ANY),
    ("CASE_SENSITIVE_METHODS", &CASE_SENSITIVE_METHODS),
    ("ORIGIN_ONLY", &ORIGIN_ONLY),
    ("MANY_ORIGINS", &MANY_ORIGINS),
];

/// The policies whose `allow_origins` is a list, with one origin each allows.
pub const LISTED_ORIGIN_POLICIES: [(&str, &Twin, &str); 11] = [
    ("DOC_REFERENCE", &DOC_REFERENCE, "https://app.example.com"),
    (
        "DOC_PRODUCTION",
        &DOC_PRODUCTION,
        "https://admin.yourdomain.com",
    ),
    ("DOC_SPA", &DOC_SPA, "https://spa.example.com"),
    (
        "DOC_LOCAL_DEVELOPMENT",
        &DOC_LOCAL_DEVELOPMENT,
        "http://10.0.2.2:8000",
    ),
    ("DOC_MOBILE", &DOC_MOBILE, "capacitor://localhost"),
    (
        "CREDENTIALS_ECHO",
        &CREDENTIALS_ECHO,
        "https://app.example.com",
    ),
    ("PRIVATE_NETWORK", &PRIVATE_NETWORK, "http://localhost:8080"),
    ("EXPOSE_ANY", &EXPOSE_ANY, "https://app.example.com"),
    (
        "CASE_SENSITIVE_METHODS",
        &CASE_SENSITIVE_METHODS,
        "https://app.example.com",
    ),
    ("ORIGIN_ONLY", &ORIGIN_ONLY, "https://app.example.com"),
    ("MANY_ORIGINS", &MANY_ORIGINS, "https://zz.example.net"),
];

// ---------------------------------------------------------------------------------------
// Header names the `http` crate has no constant for.
// ---------------------------------------------------------------------------------------

pub const ACRPN: HeaderName = HeaderName::from_static("access-control-request-private-network");
pub const ACAPN: HeaderName = HeaderName::from_static("access-control-allow-private-network");

// ---------------------------------------------------------------------------------------
// Building requests.
// ---------------------------------------------------------------------------------------

/// A header map from `(name, value)` pairs, appended in order (a repeated name makes
/// several lines).
pub fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for &(name, value) in pairs {
        append_bytes(&mut map, name, value.as_bytes());
    }
    map
}

/// Appends one header line whose value is arbitrary bytes (non-UTF-8 included).
pub fn append_bytes(map: &mut HeaderMap, name: &str, value: &[u8]) {
    let name = HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
    let value = HeaderValue::from_bytes(value).expect("a valid header value");
    map.append(name, value);
}

/// The request headers of a browser's preflight (`Access-Control-Request-Headers` only
/// when `requested_headers` is `Some`).
pub fn preflight_request(origin: &str, method: &str, requested_headers: Option<&str>) -> HeaderMap {
    let mut map = headers(&[
        ("origin", origin),
        ("access-control-request-method", method),
    ]);
    if let Some(requested) = requested_headers {
        append_bytes(
            &mut map,
            "access-control-request-headers",
            requested.as_bytes(),
        );
    }
    map
}

/// `policy.preflight` of an `OPTIONS` request, which must be a preflight (by both
/// policies of the twin, alike).
#[track_caller]
pub fn preflight(policy: &Twin, request: &HeaderMap) -> Response<()> {
    policy
        .preflight(&Method::OPTIONS, request)
        .expect("OPTIONS with Origin and Access-Control-Request-Method is a preflight")
}

/// `policy.apply` to a response whose handler set no header (by both policies, alike).
#[track_caller]
pub fn apply(policy: &Twin, request: &HeaderMap) -> HeaderMap {
    let mut response = HeaderMap::new();
    policy.apply(request, &mut response);
    response
}

/// `policy.apply` for a request with one `Origin` line.
#[track_caller]
pub fn apply_with_origin(policy: &Twin, origin: &str) -> HeaderMap {
    apply(policy, &headers(&[("origin", origin)]))
}

// ---------------------------------------------------------------------------------------
// Reading responses.
// ---------------------------------------------------------------------------------------

/// Every value of `name`, as bytes, in order.
pub fn values<'a>(map: &'a HeaderMap, name: &str) -> Vec<&'a [u8]> {
    map.get_all(name)
        .iter()
        .map(HeaderValue::as_bytes)
        .collect()
}

/// The only value of `name` as a string; panics when it is absent or repeated.
pub fn single<'a>(map: &'a HeaderMap, name: &str) -> &'a str {
    let all = values(map, name);
    assert_eq!(
        all.len(),
        1,
        "expected exactly one `{name}` line in {map:?}"
    );
    std::str::from_utf8(all[0]).expect("an ASCII value")
}

/// The names of the `Access-Control-*` headers of a map, sorted.
pub fn cors_header_names(map: &HeaderMap) -> Vec<&str> {
    let mut names: Vec<&str> = map
        .keys()
        .map(HeaderName::as_str)
        .filter(|name| name.starts_with("access-control-"))
        .collect();
    names.sort_unstable();
    names
}

/// The tokens of every `Vary` line, lowercased, in order (duplicates kept).
pub fn vary_tokens(map: &HeaderMap) -> Vec<String> {
    map.get_all(http::header::VARY)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&byte| byte == b','))
        .map(|token| String::from_utf8_lossy(token).trim().to_ascii_lowercase())
        .filter(|token| !token.is_empty())
        .collect()
}

/// How many times `Vary` names `token` (case-insensitively).
pub fn vary_count(map: &HeaderMap, token: &str) -> usize {
    vary_tokens(map)
        .iter()
        .filter(|t| t.eq_ignore_ascii_case(token))
        .count()
}

/// A refused preflight (§3.3): 403, no `Access-Control-Allow-*` and no max-age header.
/// With a policy whose answer depends on the origin it still varies on `Origin` (§3.7).
pub fn assert_refused(response: &Response<()>, varies_on_origin: bool, context: &str) {
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "{context}: {response:?}"
    );
    let leaked: Vec<&str> = response
        .headers()
        .keys()
        .map(HeaderName::as_str)
        .filter(|name| {
            name.starts_with("access-control-allow-") || *name == "access-control-max-age"
        })
        .collect();
    assert!(
        leaked.is_empty(),
        "{context}: a refused preflight sent {leaked:?}"
    );
    if varies_on_origin {
        assert_eq!(
            vary_count(response.headers(), "origin"),
            1,
            "{context}: a refused preflight must still vary on Origin: {response:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Origins that are not the allowed one.
// ---------------------------------------------------------------------------------------

/// `Origin` values that differ from `allowed` and must not be allowed by a policy that
/// lists `allowed` (and nothing resembling it): case, scheme, port, trailing slash or dot,
/// look-alike prefixes and suffixes, paths, whitespace, opaque and non-UTF-8 origins.
pub fn look_alikes(allowed: &str) -> Vec<Vec<u8>> {
    let (scheme, rest) = allowed.split_once("://").expect("scheme://host");
    let other_scheme = if scheme == "https" { "http" } else { "https" };
    let mut capitalized_host = rest.to_owned();
    capitalized_host[..1].make_ascii_uppercase();
    let mut texts = vec![
        allowed.to_ascii_uppercase(),
        format!("{}://{rest}", scheme.to_ascii_uppercase()),
        format!("{scheme}://{capitalized_host}"),
        format!("{other_scheme}://{rest}"),
        format!("{allowed}/"),
        format!("{allowed}."),
        format!("{allowed}:1"),
        format!("{allowed}.evil.com"),
        format!("{allowed}evil"),
        format!("{scheme}://evil{rest}"),
        format!("{scheme}://evil.{rest}"),
        format!("{scheme}://user@{rest}"),
        format!("{allowed}/path"),
        format!("{allowed}?query"),
        format!("{allowed}#fragment"),
        format!(" {allowed}"),
        format!("{allowed} "),
        format!("{allowed}, {allowed}"),
        allowed[..allowed.len() - 1].to_owned(),
        format!("{}x", &allowed[..allowed.len() - 1]),
        "null".to_owned(),
        "*".to_owned(),
        String::new(),
    ];
    // Explicit ports: the default one (never sent by browsers) and another.
    if !rest.contains(':') {
        let default_port = if scheme == "https" { ":443" } else { ":80" };
        texts.push(format!("{allowed}{default_port}"));
        texts.push(format!("{allowed}:8443"));
    } else {
        let host = &allowed[..allowed.rfind(':').unwrap()];
        texts.push(host.to_owned());
        texts.push(format!("{host}:1"));
    }
    let mut bytes: Vec<Vec<u8>> = texts.into_iter().map(String::into_bytes).collect();
    // Non-UTF-8: a byte appended, prefixed, and one letter replaced by an obs-text byte.
    let mut appended = allowed.as_bytes().to_vec();
    appended.push(0xff);
    let mut prefixed = vec![0x80];
    prefixed.extend_from_slice(allowed.as_bytes());
    let mut replaced = allowed.as_bytes().to_vec();
    let last = replaced.len() - 1;
    replaced[last] = 0xe9;
    bytes.extend([appended, prefixed, replaced]);
    // A host starting with a digit has no case to change.
    bytes.retain(|variant| variant != allowed.as_bytes());
    bytes
}

/// A service behind the layer in the tower tests: it answers `status` with a `Vary` and an
/// `x-request-id` of its own and a body, and counts its calls.
pub fn counting_service(
    status: StatusCode,
) -> (
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    impl tower::Service<
            http::Request<String>,
            Response = Response<String>,
            Error = std::convert::Infallible,
            Future: Send,
        > + Clone
        + Send
        + Sync,
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let calls = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let service = tower::service_fn(move |_request: http::Request<String>| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok::<_, std::convert::Infallible>(
                Response::builder()
                    .status(status)
                    .header(http::header::VARY, "accept-encoding")
                    .header("x-request-id", "42")
                    .body("from the service".to_owned())
                    .unwrap(),
            )
        }
    });
    (calls, service)
}
