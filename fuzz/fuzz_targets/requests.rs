//! The runtime's answers to arbitrary requests (SPEC §3): a method and header lines decoded
//! from the fuzzer's bytes, a handler's response headers likewise, run through `preflight`,
//! `apply` and `refusal` of several policies built by `cors_policy!`. Besides never
//! panicking (§3.9), every answer is checked against the invariants of §3 and against a
//! small independent model of each policy, written here from the README, not from the
//! runtime's code.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 cargo fuzz run requests corpus/requests -- -dict=requests.dict
//! ```

#![no_main]

use arbitrary::{Result, Unstructured};
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use libfuzzer_sys::fuzz_target;

// ---------------------------------------------------------------------------------------
// The policies, each with its model.

static ANY: CorsPolicy = cors_policy!(
    r#"
    allow_origins = "*"
    allow_methods = ["PUT", "patch"]
    allow_headers = ["x-request-id", "content-type"]
    expose_headers = ["x-request-id"]
    max_age = 600
"#
);

static CREDENTIALS: CorsPolicy = cors_policy!(
    r#"
    [server.cors]
    allow_origins = ["https://app.example.com", "http://localhost:3000", "capacitor://localhost", "http://[::1]:8080"]
    allow_methods = ["GET", "POST", "PUT", "DELETE", "patch"]
    allow_headers = ["authorization", "content-type", "x-request-id"]
    expose_headers = ["x-request-id", "x-trace-id"]
    allow_credentials = true
    max_age = "1h"
"#
);

static STAR_WITH_CREDENTIALS: CorsPolicy = cors_policy!(
    r#"
    allow_origins = ["https://app.example.com", "http://localhost:3000"]
    allow_methods = "*"
    allow_headers = "*"
    allow_credentials = true
"#
);

static PATTERNS: CorsPolicy = cors_policy!(
    r#"
    allow_origins = ["https://*.example.com", "http://localhost:*", "https://exact.example.org", "https://*.a.example.net:*"]
    allow_methods = ["PUT"]
    allow_headers = "*"
    expose_headers = "*"
    max_age = 0
"#
);

static PRIVATE_NETWORK: CorsPolicy = cors_policy!(
    r#"
    allow_origins = ["http://localhost:3000", "https://*.intranet.example"]
    allow_methods = "*"
    allow_headers = ["x-a"]
    allow_private_network = true
"#
);

static NOTHING_LISTED: CorsPolicy = cors_policy!(r#"allow_origins = "https://app.example.com""#);

/// What the policy was written as, for the independent model.
struct Model {
    name: &'static str,
    policy: &'static CorsPolicy,
    origins: Origins,
    /// `None` for `"*"`.
    methods: Option<&'static [&'static str]>,
    headers: Option<&'static [&'static str]>,
    expose: Option<&'static str>,
    credentials: bool,
    max_age: Option<&'static str>,
    private_network: bool,
}

enum Origins {
    Any,
    Listed {
        exact: &'static [&'static str],
        patterns: &'static [Pattern],
    },
}

struct Pattern {
    scheme: &'static str,
    /// `Some(domain)` for `*.domain`, otherwise the exact host.
    subdomains_of: Option<&'static str>,
    host: &'static str,
    /// `None` for `:*`; otherwise the port as written (`""` for none).
    port: Option<&'static str>,
}

const MODELS: [Model; 6] = [
    Model {
        name: "any",
        policy: &ANY,
        origins: Origins::Any,
        methods: Some(&["PUT", "patch"]),
        headers: Some(&["x-request-id", "content-type"]),
        expose: Some("x-request-id"),
        credentials: false,
        max_age: Some("600"),
        private_network: false,
    },
    Model {
        name: "credentials",
        policy: &CREDENTIALS,
        origins: Origins::Listed {
            exact: &[
                "https://app.example.com",
                "http://localhost:3000",
                "capacitor://localhost",
                "http://[::1]:8080",
            ],
            patterns: &[],
        },
        methods: Some(&["GET", "POST", "PUT", "DELETE", "patch"]),
        headers: Some(&["authorization", "content-type", "x-request-id"]),
        expose: Some("x-request-id, x-trace-id"),
        credentials: true,
        max_age: Some("3600"),
        private_network: false,
    },
    Model {
        name: "star with credentials",
        policy: &STAR_WITH_CREDENTIALS,
        origins: Origins::Listed {
            exact: &["https://app.example.com", "http://localhost:3000"],
            patterns: &[],
        },
        methods: None,
        headers: None,
        expose: None,
        credentials: true,
        max_age: None,
        private_network: false,
    },
    Model {
        name: "patterns",
        policy: &PATTERNS,
        origins: Origins::Listed {
            exact: &["https://exact.example.org"],
            patterns: &[
                Pattern {
                    scheme: "https",
                    subdomains_of: Some("example.com"),
                    host: "",
                    port: Some(""),
                },
                Pattern {
                    scheme: "http",
                    subdomains_of: None,
                    host: "localhost",
                    port: None,
                },
                Pattern {
                    scheme: "https",
                    subdomains_of: Some("a.example.net"),
                    host: "",
                    port: None,
                },
            ],
        },
        methods: Some(&["PUT"]),
        headers: None,
        expose: Some("*"),
        credentials: false,
        max_age: Some("0"),
        private_network: false,
    },
    Model {
        name: "private network",
        policy: &PRIVATE_NETWORK,
        origins: Origins::Listed {
            exact: &["http://localhost:3000"],
            patterns: &[Pattern {
                scheme: "https",
                subdomains_of: Some("intranet.example"),
                host: "",
                port: Some(""),
            }],
        },
        methods: None,
        headers: Some(&["x-a"]),
        expose: None,
        credentials: false,
        max_age: None,
        private_network: true,
    },
    Model {
        name: "nothing listed",
        policy: &NOTHING_LISTED,
        origins: Origins::Listed {
            exact: &["https://app.example.com"],
            patterns: &[],
        },
        methods: Some(&[]),
        headers: Some(&[]),
        expose: None,
        credentials: false,
        max_age: None,
        private_network: false,
    },
];

// ---------------------------------------------------------------------------------------
// Decoding the fuzzer's bytes.

const METHODS: [&str; 12] = [
    "OPTIONS", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "options", "patch", "put", "PURGE",
    "CONNECT",
];

const ORIGINS: [&str; 40] = [
    "https://app.example.com",
    "http://localhost:3000",
    "capacitor://localhost",
    "http://[::1]:8080",
    "https://exact.example.org",
    "https://a.example.com",
    "https://a.b.example.com",
    "https://example.com",
    "https://.example.com",
    "https://evil-example.com",
    "https://example.com.evil.com",
    "https://a.example.com:8443",
    "https://a.example.com.",
    "https://A.example.com",
    "HTTPS://a.example.com",
    "http://localhost",
    "http://localhost:5173",
    "http://localhost:0",
    "http://localhost:80",
    "http://localhost:65535",
    "http://localhost:65536",
    "http://localhost:05173",
    "http://localhost:",
    "https://x.a.example.net:444",
    "https://x.a.example.net:443",
    "https://a.example.net",
    "https://b.intranet.example",
    "https://intranet.example",
    "https://app.example.com/",
    "https://app.example.com:443",
    "http://app.example.com",
    "null",
    "",
    "https://a_b.example.com",
    "https://a..example.com",
    "https://user@a.example.com",
    "http://[::1]",
    "http://[::1]:8080/",
    "https://app.example.co",
    "https://*.example.com",
];

const NAMES: [&str; 14] = [
    "x-request-id",
    "X-Request-ID",
    "content-type",
    "authorization",
    "Authorization",
    "x-a",
    "x-b",
    "*",
    "accept",
    "cookie",
    " x-a ",
    "",
    "x y",
    "é",
];

const VARY_VALUES: [&str; 10] = [
    "origin",
    "Origin",
    "*",
    "accept-encoding",
    "accept-encoding, origin",
    " origin ",
    "origin,origin",
    "accept, *",
    "\"origin\"",
    "originx",
];

/// One request, and the headers of the response its handler would give.
#[derive(Debug)]
struct Exchange {
    method: Method,
    request: HeaderMap,
    response: HeaderMap,
}

fn bytes_value(u: &mut Unstructured<'_>, vocabulary: &[&str]) -> Result<Vec<u8>> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=5 => u.choose(vocabulary)?.as_bytes().to_vec(),
        6 | 7 => {
            let mut value = u.choose(vocabulary)?.as_bytes().to_vec();
            value.extend_from_slice(u.arbitrary::<&[u8]>()?);
            value
        }
        _ => u.arbitrary::<&[u8]>()?.to_vec(),
    })
}

const SEPARATORS: [&[u8]; 5] = [b",", b", ", b" ,", b",,", b"\t,\t"];

/// An `Access-Control-Request-Headers` value: names from the vocabulary, joined by
/// commas with odd spacing, sometimes repeated far past the runtime's bounds.
fn requested_headers(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    if u.ratio(1, 4)? {
        return bytes_value(u, &NAMES);
    }
    let mut value = Vec::new();
    let count = u.int_in_range(0..=6u8)?;
    for index in 0..count {
        if index > 0 {
            value.extend_from_slice(u.choose(&SEPARATORS)?);
        }
        value.extend_from_slice(u.choose(&NAMES)?.as_bytes());
    }
    if u.ratio(1, 16)? {
        let times = u.int_in_range(1..=700usize)?;
        let one = value.clone();
        for _ in 0..times {
            value.push(b',');
            value.extend_from_slice(&one);
        }
    }
    Ok(value)
}

fn header_line(
    u: &mut Unstructured<'_>,
    for_response: bool,
) -> Result<Option<(HeaderName, Vec<u8>)>> {
    let (name, value): (HeaderName, Vec<u8>) = match u.int_in_range(0..=9u8)? {
        0 | 1 => (http::header::ORIGIN, bytes_value(u, &ORIGINS)?),
        2 | 3 => (
            http::header::ACCESS_CONTROL_REQUEST_METHOD,
            bytes_value(u, &METHODS)?,
        ),
        4 | 5 => (
            http::header::ACCESS_CONTROL_REQUEST_HEADERS,
            requested_headers(u)?,
        ),
        6 => (
            HeaderName::from_static("access-control-request-private-network"),
            bytes_value(u, &["true", "false", "TRUE", " true"])?,
        ),
        7 => (http::header::VARY, bytes_value(u, &VARY_VALUES)?),
        8 if for_response => (
            u.choose(&[
                http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
                http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                http::header::ACCESS_CONTROL_EXPOSE_HEADERS,
                http::header::ACCESS_CONTROL_ALLOW_METHODS,
                http::header::ACCESS_CONTROL_MAX_AGE,
                http::header::CONTENT_TYPE,
            ])?
            .clone(),
            bytes_value(u, &ORIGINS)?,
        ),
        _ => {
            let Ok(name) = HeaderName::from_bytes(u.arbitrary::<&[u8]>()?) else {
                return Ok(None);
            };
            (name, u.arbitrary::<&[u8]>()?.to_vec())
        }
    };
    Ok(Some((name, value)))
}

fn header_map(u: &mut Unstructured<'_>, for_response: bool) -> Result<HeaderMap> {
    let mut map = HeaderMap::new();
    let lines = u.int_in_range(0..=12u8)?;
    for _ in 0..lines {
        let Some((name, value)) = header_line(u, for_response)? else {
            continue;
        };
        let Ok(value) = HeaderValue::from_bytes(&value) else {
            continue;
        };
        let repeat = if u.ratio(1, 12)? {
            u.int_in_range(1..=40usize)?
        } else {
            1
        };
        for _ in 0..repeat {
            map.append(name.clone(), value.clone());
        }
    }
    Ok(map)
}

fn exchange(u: &mut Unstructured<'_>) -> Result<Exchange> {
    let method = if u.ratio(1, 8)? {
        Method::from_bytes(u.arbitrary::<&[u8]>()?).unwrap_or(Method::OPTIONS)
    } else {
        Method::from_bytes(u.choose(&METHODS)?.as_bytes()).expect("a method")
    };
    Ok(Exchange {
        method,
        request: header_map(u, false)?,
        response: header_map(u, true)?,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(exchange) = exchange(&mut u) else {
        return;
    };
    for model in &MODELS {
        check(model, &exchange);
    }
});

// ---------------------------------------------------------------------------------------
// The model.

/// What the model says of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Allow,
    Deny,
    /// What the README leaves open (two `Origin` lines, two methods): either answer.
    Open,
}

use Verdict::{Allow, Deny, Open};

fn all(verdicts: &[Verdict]) -> Verdict {
    if verdicts.contains(&Deny) {
        Deny
    } else if verdicts.contains(&Open) {
        Open
    } else {
        Allow
    }
}

fn lines<'m>(headers: &'m HeaderMap, name: &str) -> Vec<&'m HeaderValue> {
    headers.get_all(name).iter().collect()
}

fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&byte| is_tchar(byte))
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |end| end + 1);
    &bytes[start..end.max(start)]
}

/// The elements of a comma-separated list over several lines, empty ones skipped.
fn elements<'a>(values: &[&'a HeaderValue]) -> Vec<&'a [u8]> {
    values
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','))
        .map(trim)
        .filter(|element| !element.is_empty())
        .collect()
}

/// An origin's scheme, host and port (`None` for none).
type OriginParts<'a> = (&'a [u8], &'a [u8], Option<&'a [u8]>);

/// README: "lower-case labels of letters, digits, `-` and `_`, none empty, no trailing
/// dot; a port from 1 to 65535 without a leading zero and not the scheme's default".
/// Returns (scheme, host, port) of a serialized origin with a DNS host.
fn serialized(origin: &[u8]) -> Option<OriginParts<'_>> {
    let text = std::str::from_utf8(origin).ok()?;
    let (scheme, rest) = text.split_once("://")?;
    let mut scheme_bytes = scheme.bytes();
    if !scheme_bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        || !scheme_bytes
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
    {
        return None;
    }
    let (host, port) = match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let label_ok = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    if !host.split('.').all(label_ok) {
        return None;
    }
    if let Some(port) = port {
        let number: u32 = if port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) {
            port.parse().ok()?
        } else {
            return None;
        };
        let default = match scheme {
            "http" | "ws" => 80,
            "https" | "wss" => 443,
            "ftp" => 21,
            _ => 0,
        };
        if port.starts_with('0') || number == 0 || number > 65535 || number == default {
            return None;
        }
    }
    Some((scheme.as_bytes(), host.as_bytes(), port.map(str::as_bytes)))
}

fn pattern_matches(pattern: &Pattern, origin: &[u8]) -> bool {
    let Some((scheme, host, port)) = serialized(origin) else {
        return false;
    };
    let host_matches = match pattern.subdomains_of {
        Some(domain) => host
            .strip_suffix(domain.as_bytes())
            .and_then(|labels| labels.strip_suffix(b"."))
            .is_some_and(|labels| !labels.is_empty()),
        None => host == pattern.host.as_bytes(),
    };
    let port_matches = match pattern.port {
        None => true,
        Some("") => port.is_none(),
        Some(written) => port == Some(written.as_bytes()),
    };
    scheme == pattern.scheme.as_bytes() && host_matches && port_matches
}

impl Model {
    /// Whether a request with these `Origin` lines is from an allowed origin.
    fn origin(&self, origins: &[&HeaderValue]) -> Verdict {
        match (&self.origins, origins) {
            (_, []) => Deny,
            (Origins::Any, _) => Allow,
            (Origins::Listed { exact, patterns }, [origin]) => {
                let bytes = origin.as_bytes();
                let allowed = exact.iter().any(|exact| exact.as_bytes() == bytes)
                    || patterns
                        .iter()
                        .any(|pattern| pattern_matches(pattern, bytes));
                if allowed {
                    Allow
                } else {
                    Deny
                }
            }
            (Origins::Listed { .. }, _) => Open,
        }
    }

    fn method(&self, requested: &[&HeaderValue]) -> Verdict {
        let [method] = requested else {
            return Open;
        };
        let method = method.as_bytes();
        if !is_token(method) {
            return Open;
        }
        let allowed = matches!(method, b"GET" | b"HEAD" | b"POST")
            || self
                .methods
                .is_none_or(|listed| listed.iter().any(|listed| listed.as_bytes() == method));
        if allowed {
            Allow
        } else {
            Deny
        }
    }

    /// README: "more than 16 header lines, 4096 bytes or 64 names is refused"; names are
    /// tokens, compared case-insensitively.
    fn headers(&self, requested: &[&HeaderValue]) -> Verdict {
        let bytes: usize = requested.iter().map(|line| line.len()).sum();
        let names = elements(requested);
        if requested.len() > 16 || bytes > 4096 || names.len() > 64 {
            return Deny;
        }
        if !names.iter().all(|name| is_token(name)) {
            return Deny;
        }
        let allowed = |name: &[u8]| {
            self.headers.is_none_or(|listed| {
                listed
                    .iter()
                    .any(|listed| listed.as_bytes().eq_ignore_ascii_case(name))
            })
        };
        if names.iter().all(|name| allowed(name)) {
            Allow
        } else {
            Deny
        }
    }

    /// Whether the preflight asks for private network access (`None`: several lines, which
    /// the README leaves open), and whether that is allowed.
    fn private_network(&self, requested: &[&HeaderValue]) -> (Option<bool>, Verdict) {
        match requested {
            [] => (Some(false), Allow),
            [value] if value.as_bytes() == b"true" => {
                (Some(true), if self.private_network { Allow } else { Deny })
            }
            [_] => (Some(false), Allow),
            _ => (None, Open),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The checks.

fn check(model: &Model, exchange: &Exchange) {
    let request = &exchange.request;
    let origins = lines(request, "origin");
    let requested_methods = lines(request, "access-control-request-method");
    let is_preflight =
        exchange.method == Method::OPTIONS && !origins.is_empty() && !requested_methods.is_empty();

    let answer = model.policy.preflight(&exchange.method, request);
    let refusal = model.policy.refusal(&exchange.method, request);
    let context = || {
        format!(
            "policy {:?}, request {:?} {:?}",
            model.name, exchange.method, request
        )
    };
    assert_eq!(
        answer.is_some(),
        is_preflight,
        "§3.1 classification; {}",
        context()
    );

    if let Some(answer) = answer {
        let headers = answer.headers();
        let requested_headers = lines(request, "access-control-request-headers");
        let (asks_private_network, private_network) =
            model.private_network(&lines(request, "access-control-request-private-network"));
        let verdict = all(&[
            model.origin(&origins),
            model.method(&requested_methods),
            model.headers(&requested_headers),
            private_network,
        ]);
        let status = answer.status();
        assert!(
            status == StatusCode::NO_CONTENT || status == StatusCode::FORBIDDEN,
            "a preflight answered {status}; {}",
            context()
        );
        match verdict {
            Allow => assert_eq!(
                status,
                StatusCode::NO_CONTENT,
                "model allows; {}",
                context()
            ),
            Deny => assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "model refuses; {}",
                context()
            ),
            Open => {}
        }
        assert_eq!(
            refusal.is_none(),
            status == StatusCode::NO_CONTENT,
            "refusal() disagrees with preflight(); {}",
            context()
        );
        if !matches!(model.origins, Origins::Any) {
            assert_eq!(
                origin_in_vary(headers),
                1,
                "§3.7 preflight Vary {headers:?}; {}",
                context()
            );
        }
        if status == StatusCode::FORBIDDEN {
            for name in headers.keys() {
                assert!(
                    !name.as_str().starts_with("access-control-allow-")
                        && name != http::header::ACCESS_CONTROL_MAX_AGE,
                    "§3.3 a refused preflight carries {name}; {}",
                    context()
                );
            }
        } else {
            check_allowed_preflight(model, exchange, headers, asks_private_network, &context);
        }
    } else {
        let mut response = exchange.response.clone();
        model.policy.apply(request, &mut response);
        check_apply(model, exchange, &origins, &response, &context);
        // `refusal` says the same as `apply` where the model is sure.
        match (origins.is_empty(), model.origin(&origins)) {
            (true, _) => assert!(refusal.is_none(), "a refusal without Origin; {}", context()),
            (false, Allow) => assert!(refusal.is_none(), "{refusal:?}; {}", context()),
            (false, Deny) => assert!(refusal.is_some(), "no refusal; {}", context()),
            (false, Open) => {}
        }
    }

    // `apply` on a preflight's request too, as a server might: it must hold its own rules.
    if is_preflight {
        let mut response = exchange.response.clone();
        model.policy.apply(request, &mut response);
        check_apply(model, exchange, &origins, &response, &context);
    }
}

/// How many times `Vary` names `origin`, or `usize::MAX` when it holds `*`.
fn origin_in_vary(headers: &HeaderMap) -> usize {
    let values = lines(headers, "vary");
    let tokens = elements(&values);
    if tokens.iter().any(|token| *token == b"*") {
        return usize::MAX;
    }
    tokens
        .iter()
        .filter(|token| token.eq_ignore_ascii_case(b"origin"))
        .count()
}

fn vary_names(headers: &HeaderMap, name: &str) -> bool {
    elements(&lines(headers, "vary"))
        .iter()
        .any(|token| token.eq_ignore_ascii_case(name.as_bytes()))
}

fn one<'m>(headers: &'m HeaderMap, name: &str, context: &dyn Fn() -> String) -> &'m HeaderValue {
    let values = lines(headers, name);
    assert_eq!(
        values.len(),
        1,
        "exactly one {name} in {headers:?}; {}",
        context()
    );
    values[0]
}

fn check_allowed_preflight(
    model: &Model,
    exchange: &Exchange,
    headers: &HeaderMap,
    asks_private_network: Option<bool>,
    context: &dyn Fn() -> String,
) {
    let request = &exchange.request;
    let origins = lines(request, "origin");
    let acao = one(headers, "access-control-allow-origin", context);
    match model.origins {
        Origins::Any => assert_eq!(acao, "*", "{}", context()),
        Origins::Listed { .. } => assert!(
            origins.contains(&acao),
            "ACAO {acao:?} is not the request's origin; {}",
            context()
        ),
    }
    if model.credentials {
        assert_eq!(
            one(headers, "access-control-allow-credentials", context),
            "true"
        );
    } else {
        assert!(
            headers.get("access-control-allow-credentials").is_none(),
            "{}",
            context()
        );
    }
    match model.max_age {
        Some(max_age) => assert_eq!(one(headers, "access-control-max-age", context), max_age),
        None => assert!(
            headers.get("access-control-max-age").is_none(),
            "{}",
            context()
        ),
    }
    match asks_private_network {
        Some(true) => {
            assert_eq!(
                one(headers, "access-control-allow-private-network", context),
                "true"
            )
        }
        Some(false) => assert!(
            headers
                .get("access-control-allow-private-network")
                .is_none(),
            "ACAPN without ACRPN: true; {}",
            context()
        ),
        None => {
            if headers.contains_key("access-control-allow-private-network") {
                assert!(
                    model.private_network,
                    "ACAPN from a policy without it; {}",
                    context()
                );
                assert_eq!(
                    one(headers, "access-control-allow-private-network", context),
                    "true"
                );
            }
        }
    }
    assert!(
        headers.get("access-control-expose-headers").is_none(),
        "{}",
        context()
    );

    // Fetch, "CORS-preflight fetch", step 7: what the browser does with the answer.
    let credentialed = model.credentials;
    let allowed_methods = lines(headers, "access-control-allow-methods");
    let allowed_methods = elements(&allowed_methods);
    assert!(
        allowed_methods.iter().all(|method| is_token(method)),
        "ACAM is not a list of tokens: {allowed_methods:?}; {}",
        context()
    );
    let requested_methods = lines(request, "access-control-request-method");
    if let [method] = requested_methods[..] {
        let method = method.as_bytes();
        let passes = allowed_methods.contains(&method)
            || matches!(method, b"GET" | b"HEAD" | b"POST")
            || (!credentialed && allowed_methods.contains(&&b"*"[..]));
        assert!(
            passes,
            "a browser would fail the preflight's method check; {}",
            context()
        );
    }
    let allowed_headers = lines(headers, "access-control-allow-headers");
    let allowed_headers = elements(&allowed_headers);
    assert!(
        allowed_headers.iter().all(|name| is_token(name)),
        "ACAH is not a list of tokens: {allowed_headers:?}; {}",
        context()
    );
    for name in elements(&lines(request, "access-control-request-headers")) {
        let listed = allowed_headers
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name));
        let wildcard = !credentialed
            && !name.eq_ignore_ascii_case(b"authorization")
            && allowed_headers.contains(&&b"*"[..]);
        assert!(
            listed || wildcard,
            "a browser would fail the preflight's check of header {:?}; {}",
            name.escape_ascii().to_string(),
            context()
        );
    }
    // §3.7: a preflight's Vary names each request header it echoed.
    if !matches!(model.origins, Origins::Any) && credentialed {
        if model.methods.is_none() {
            assert!(
                vary_names(headers, "access-control-request-method"),
                "{}",
                context()
            );
        }
        if model.headers.is_none() {
            assert!(
                vary_names(headers, "access-control-request-headers"),
                "{}",
                context()
            );
        }
    }
}

fn check_apply(
    model: &Model,
    exchange: &Exchange,
    origins: &[&HeaderValue],
    response: &HeaderMap,
    context: &dyn Fn() -> String,
) {
    let before = &exchange.response;
    let touched = [
        "access-control-allow-origin",
        "access-control-allow-credentials",
        "access-control-expose-headers",
        "vary",
    ];
    // §3.4: nothing but these four is ever added or changed; ACAM, ACAH and ACMA never.
    for name in before.keys().chain(response.keys()) {
        if touched.contains(&name.as_str()) {
            continue;
        }
        assert!(
            before
                .get_all(name)
                .iter()
                .eq(response.get_all(name).iter()),
            "apply changed {name}: {:?} -> {:?}; {}",
            lines(before, name.as_str()),
            lines(response, name.as_str()),
            context()
        );
    }
    let unchanged = |name: &str| {
        before
            .get_all(name)
            .iter()
            .eq(response.get_all(name).iter())
    };

    // §3.7: Vary.
    let vary_before = lines(before, "vary");
    let vary_after = lines(response, "vary");
    let had = origin_in_vary(before);
    if matches!(model.origins, Origins::Any) || had >= 1 {
        assert!(
            unchanged("vary"),
            "Vary {vary_before:?} -> {vary_after:?}; {}",
            context()
        );
    } else {
        assert!(
            vary_after.starts_with(&vary_before),
            "Vary replaced: {vary_before:?} -> {vary_after:?}; {}",
            context()
        );
        assert_eq!(
            origin_in_vary(response),
            1,
            "Vary {vary_before:?} -> {vary_after:?}; {}",
            context()
        );
    }

    let verdict = if origins.is_empty() {
        // §3.6: not a CORS request; a "*" policy answers it anyway.
        if matches!(model.origins, Origins::Any) {
            Allow
        } else {
            Deny
        }
    } else {
        model.origin(origins)
    };
    match verdict {
        Allow => {
            let acao = one(response, "access-control-allow-origin", context);
            match model.origins {
                Origins::Any => assert_eq!(acao, "*", "{}", context()),
                Origins::Listed { .. } => assert_eq!(acao, origins[0], "{}", context()),
            }
            if model.credentials {
                assert_eq!(
                    one(response, "access-control-allow-credentials", context),
                    "true"
                );
            } else {
                assert!(
                    unchanged("access-control-allow-credentials"),
                    "{}",
                    context()
                );
            }
            match model.expose {
                Some(expose) => {
                    assert_eq!(
                        one(response, "access-control-expose-headers", context),
                        expose
                    )
                }
                None => assert!(unchanged("access-control-expose-headers"), "{}", context()),
            }
        }
        Deny => {
            for name in touched.iter().filter(|name| **name != "vary") {
                assert!(unchanged(name), "§3.5 apply added {name}; {}", context());
            }
        }
        Open => {
            // Whatever it decides, at most one ACAO once it sets one.
            if !unchanged("access-control-allow-origin") {
                one(response, "access-control-allow-origin", context);
            }
        }
    }
}
