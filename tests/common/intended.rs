//! What SPEC §3 intends for a policy, computed from the policy's definition as written
//! here, independently of the implementation (nothing here calls `cors-runtime` to
//! decide: the policies are only named, next to their definitions).
//!
//! Each [`Subject`] pairs a policy (a [`Twin`]: macro-built and loaded) with a
//! [`Definition`] that restates its TOML; the two are kept in step by hand. From a
//! definition, [`Definition::preflight`] says whether SPEC §3.2 allows a preflight (and
//! if not, why), [`Definition::allows_origin`] whether an origin is allowed (§3 "allowed
//! origin", §1.4 patterns), and [`Definition::exposes`] which response headers the policy
//! means to expose.

use http::HeaderMap;

use super::browser::{is_token, Credentials};
use super::twin::Twin;
use super::{
    ANY_EVERYTHING, CASE_SENSITIVE_METHODS, CREDENTIALS_ECHO, DOC_DEVELOPMENT, DOC_MOBILE,
    DOC_REFERENCE, DOC_SPA, EXPOSE_ANY, MANY_ORIGINS, MANY_ORIGINS_LISTED, ORIGIN_ONLY,
    PRIVATE_NETWORK,
};

// ---------------------------------------------------------------------------------------
// Policies of the property tests and the bypass corpus, besides those of `common`.
// ---------------------------------------------------------------------------------------

crate::twin_policies! {
    /// One subdomain pattern, without credentials.
    pub static SUBDOMAINS: Twin = cors_policy!(
        r#"
        allow_origins = ["https://*.example.com"]
        allow_methods = ["PUT"]
        allow_headers = ["x-custom"]
        expose_headers = ["x-request-id"]
        "#
    );

    /// One any-port pattern, with credentials.
    pub static LOCALHOST_ANY_PORT: Twin = cors_policy!(
        r#"
        allow_origins = ["http://localhost:*"]
        allow_methods = ["DELETE"]
        allow_headers = ["authorization"]
        allow_credentials = true
        "#
    );

    /// Exact origins and every kind of pattern, credentials, private network, mixed-case
    /// entries, a duration `max_age`, in a whole Nexus file.
    pub static PATTERNS_AND_EXACT: Twin = cors_policy!(
        r#"
        [server]
        listen_address = "0.0.0.0:8000"

        [server.cors]
        allow_origins = [
            "https://example.org",
            "https://*.example.org:*",
            "https://*.a.example.net",
            "http://127.0.0.1:*",
            "ionic://localhost",
        ]
        allow_methods = ["PATCH", "put"]
        allow_headers = ["Authorization", "X-Tenant"]
        allow_credentials = true
        allow_private_network = true
        max_age = "10m"

        [llm]
        enabled = true
        "#
    );

    /// `"*"` methods and headers without credentials, listed origins, `max_age = 0`.
    pub static STAR_WITHOUT_CREDENTIALS: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com", "http://localhost:3000"]
        allow_methods = "*"
        allow_headers = "*"
        max_age = 0
        "#
    );
}

// ---------------------------------------------------------------------------------------
// Definitions.
// ---------------------------------------------------------------------------------------

/// `allow_origins`.
#[derive(Clone, Copy, Debug)]
pub enum Origins {
    /// `"*"`.
    Any,
    /// Entries as written: exact origins, and patterns (`*.` before the domain, `:*` for
    /// the port).
    Listed(&'static [&'static str]),
}

/// `allow_methods`, `allow_headers`, `expose_headers`.
#[derive(Clone, Copy, Debug)]
pub enum Names {
    /// The key is absent.
    Unset,
    /// `"*"`.
    Any,
    /// Entries as written in the TOML (normalized here, as §1.3 says).
    Listed(&'static [&'static str]),
}

/// A policy's `[server.cors]` table, restated.
#[derive(Clone, Copy, Debug)]
pub struct Definition {
    pub origins: Origins,
    pub methods: Names,
    pub headers: Names,
    pub expose: Names,
    pub credentials: bool,
    /// `max_age` in seconds, as `Access-Control-Max-Age` must say.
    pub max_age: Option<u64>,
    pub private_network: bool,
}

/// A policy (macro-built and loaded), its definition, and origins it allows (for patterns: origins they
/// match), from which the tests make near misses.
pub struct Subject {
    pub name: &'static str,
    pub policy: &'static Twin,
    pub definition: Definition,
    pub allowed_examples: &'static [&'static str],
}

const NONE: Definition = Definition {
    origins: Origins::Any,
    methods: Names::Unset,
    headers: Names::Unset,
    expose: Names::Unset,
    credentials: false,
    max_age: None,
    private_network: false,
};

/// Every policy the property tests and the bypass corpus run on.
pub static SUBJECTS: [Subject; 16] = [
    Subject {
        name: "ANY_EVERYTHING",
        policy: &ANY_EVERYTHING,
        definition: Definition {
            origins: Origins::Any,
            methods: Names::Any,
            headers: Names::Any,
            expose: Names::Any,
            max_age: Some(5400), // "1h 30m"
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:3000"],
    },
    Subject {
        name: "DOC_DEVELOPMENT",
        policy: &DOC_DEVELOPMENT,
        definition: Definition {
            origins: Origins::Any,
            methods: Names::Any,
            headers: Names::Any,
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:5173"],
    },
    Subject {
        name: "ORIGIN_ONLY",
        policy: &ORIGIN_ONLY,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "MANY_ORIGINS",
        policy: &MANY_ORIGINS,
        definition: Definition {
            origins: Origins::Listed(&MANY_ORIGINS_LISTED),
            methods: Names::Listed(&["PUT"]),
            ..NONE
        },
        allowed_examples: &MANY_ORIGINS_LISTED,
    },
    Subject {
        name: "SUBDOMAINS",
        policy: &SUBDOMAINS,
        definition: Definition {
            origins: Origins::Listed(&["https://*.example.com"]),
            methods: Names::Listed(&["PUT"]),
            headers: Names::Listed(&["x-custom"]),
            expose: Names::Listed(&["x-request-id"]),
            ..NONE
        },
        allowed_examples: &[
            "https://a.example.com",
            "https://a.b.example.com",
            "https://x-1.example.com",
            "https://app.example.com",
        ],
    },
    Subject {
        name: "LOCALHOST_ANY_PORT",
        policy: &LOCALHOST_ANY_PORT,
        definition: Definition {
            origins: Origins::Listed(&["http://localhost:*"]),
            methods: Names::Listed(&["DELETE"]),
            headers: Names::Listed(&["authorization"]),
            credentials: true,
            ..NONE
        },
        allowed_examples: &[
            "http://localhost",
            "http://localhost:3000",
            "http://localhost:5173",
            "http://localhost:65535",
        ],
    },
    Subject {
        name: "PATTERNS_AND_EXACT",
        policy: &PATTERNS_AND_EXACT,
        definition: Definition {
            origins: Origins::Listed(&[
                "https://example.org",
                "https://*.example.org:*",
                "https://*.a.example.net",
                "http://127.0.0.1:*",
                "ionic://localhost",
            ]),
            methods: Names::Listed(&["PATCH", "put"]),
            headers: Names::Listed(&["Authorization", "X-Tenant"]),
            credentials: true,
            private_network: true,
            max_age: Some(600), // "10m"
            ..NONE
        },
        allowed_examples: &[
            "https://example.org",
            "https://a.example.org",
            "https://a.example.org:8443",
            "https://b.a.example.net",
            "http://127.0.0.1",
            "http://127.0.0.1:3000",
            "ionic://localhost",
        ],
    },
    Subject {
        name: "CREDENTIALS_ECHO",
        policy: &CREDENTIALS_ECHO,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            methods: Names::Any,
            headers: Names::Any,
            expose: Names::Listed(&["x-request-id"]),
            credentials: true,
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "STAR_WITHOUT_CREDENTIALS",
        policy: &STAR_WITHOUT_CREDENTIALS,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com", "http://localhost:3000"]),
            methods: Names::Any,
            headers: Names::Any,
            max_age: Some(0),
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:3000"],
    },
    Subject {
        name: "PRIVATE_NETWORK",
        policy: &PRIVATE_NETWORK,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com", "http://localhost:8080"]),
            methods: Names::Listed(&["PUT"]),
            headers: Names::Listed(&["content-type"]),
            private_network: true,
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:8080"],
    },
    Subject {
        name: "EXPOSE_ANY",
        policy: &EXPOSE_ANY,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            methods: Names::Listed(&["PUT", "PATCH"]),
            headers: Names::Any,
            expose: Names::Any,
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "CASE_SENSITIVE_METHODS",
        policy: &CASE_SENSITIVE_METHODS,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            methods: Names::Listed(&["patch", "get"]),
            headers: Names::Listed(&["X-Custom-Header", "Content-Type"]),
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "DOC_REFERENCE",
        policy: &DOC_REFERENCE,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com", "http://localhost:3000"]),
            methods: Names::Listed(&["GET", "POST"]),
            headers: Names::Listed(&["authorization", "content-type", "x-request-id"]),
            expose: Names::Listed(&["x-request-id", "x-trace-id"]),
            credentials: true,
            max_age: Some(3600),
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:3000"],
    },
    Subject {
        name: "DOC_SPA",
        policy: &DOC_SPA,
        definition: Definition {
            origins: Origins::Listed(&["https://spa.example.com"]),
            methods: Names::Listed(&["GET", "POST", "PUT", "DELETE", "OPTIONS"]),
            headers: Names::Listed(&["authorization", "content-type", "x-csrf-token"]),
            expose: Names::Listed(&["x-total-count", "x-page-number"]),
            credentials: true,
            max_age: Some(3600),
            ..NONE
        },
        allowed_examples: &["https://spa.example.com"],
    },
    Subject {
        name: "DOC_MOBILE",
        policy: &DOC_MOBILE,
        definition: Definition {
            origins: Origins::Listed(&[
                "capacitor://localhost",
                "ionic://localhost",
                "http://localhost",
            ]),
            methods: Names::Listed(&["GET", "POST", "PUT", "DELETE"]),
            headers: Names::Listed(&["authorization", "content-type"]),
            credentials: true,
            max_age: Some(0),
            ..NONE
        },
        allowed_examples: &[
            "capacitor://localhost",
            "ionic://localhost",
            "http://localhost",
        ],
    },
    Subject {
        name: "DOC_LOCAL_DEVELOPMENT_ECHO",
        policy: &super::DOC_LOCAL_DEVELOPMENT,
        definition: Definition {
            origins: Origins::Listed(&[
                "http://localhost:3000",
                "http://localhost:5173",
                "http://10.0.2.2:8000",
            ]),
            methods: Names::Any,
            headers: Names::Any,
            credentials: true,
            ..NONE
        },
        allowed_examples: &[
            "http://localhost:3000",
            "http://localhost:5173",
            "http://10.0.2.2:8000",
        ],
    },
];

/// The subject named `name`.
pub fn subject(name: &str) -> &'static Subject {
    SUBJECTS
        .iter()
        .find(|subject| subject.name == name)
        .unwrap_or_else(|| panic!("no subject {name}"))
}

// ---------------------------------------------------------------------------------------
// §1.3 normalization and §1.4 patterns, restated.
// ---------------------------------------------------------------------------------------

/// §1.3: DELETE, GET, HEAD, OPTIONS, POST, PUT in any case are uppercased; every other
/// method is kept as written.
pub fn normalize_method(method: &str) -> String {
    const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
    match NORMALIZED
        .iter()
        .find(|known| known.eq_ignore_ascii_case(method))
    {
        Some(known) => (*known).to_owned(),
        None => method.to_owned(),
    }
}

/// The port part of a pattern.
enum PortPattern<'a> {
    None,
    Any,
    Exactly(&'a str),
}

/// `host[:port]` of an origin: the host, and the port when there is a `:`.
fn split_host_port(rest: &[u8]) -> (&[u8], Option<&[u8]>) {
    if rest.first() == Some(&b'[') {
        if let Some(close) = rest.iter().position(|&b| b == b']') {
            let (host, after) = rest.split_at(close + 1);
            return match after {
                [] => (host, None),
                [b':', port @ ..] => (host, Some(port)),
                _ => (rest, None),
            };
        }
    }
    match rest.iter().position(|&b| b == b':') {
        Some(colon) => (&rest[..colon], Some(&rest[colon + 1..])),
        None => (rest, None),
    }
}

/// A port as a browser writes it for `scheme`: 1 to 65535 in decimal, no leading zero,
/// not the scheme's default.
fn is_browser_port(port: &[u8], scheme: &str) -> bool {
    if port.is_empty() || port.len() > 5 || port[0] == b'0' || !port.iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let value: u32 = std::str::from_utf8(port).unwrap().parse().unwrap();
    let default = match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    };
    (1..=65535).contains(&value) && default != Some(value)
}

/// Labels as browsers serialize them: non-empty, lowercase letters, digits, `-`, `_`.
fn are_browser_labels(labels: &[u8]) -> bool {
    labels.split(|&b| b == b'.').all(|label| {
        !label.is_empty()
            && label
                .iter()
                .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    })
}

/// Whether `allow_origins` entry `entry` allows `origin`: byte equality for an exact
/// origin; for a pattern (§1.4), the scheme as written, a host of one or more whole
/// labels before `.DOMAIN` for `*.DOMAIN` (else the host as written), and for the port:
/// none when the pattern has none, any port a browser writes or none for `:*`, else the
/// one written.
pub fn entry_allows(entry: &str, origin: &[u8]) -> bool {
    if !entry.contains('*') {
        return entry.as_bytes() == origin;
    }
    let (scheme, rest) = entry.split_once("://").expect("scheme://");
    let (host_pattern, port_pattern) = if let Some(host) = rest.strip_suffix(":*") {
        (host, PortPattern::Any)
    } else {
        match split_host_port(rest.as_bytes()) {
            (_, Some(port)) => (
                &rest[..rest.len() - port.len() - 1],
                PortPattern::Exactly(std::str::from_utf8(port).unwrap()),
            ),
            (_, None) => (rest, PortPattern::None),
        }
    };
    let Some(origin_rest) = origin
        .strip_prefix(scheme.as_bytes())
        .and_then(|after| after.strip_prefix(b"://"))
    else {
        return false;
    };
    let (host, port) = split_host_port(origin_rest);
    let port_ok = match (port_pattern, port) {
        (PortPattern::None, None) => true,
        (PortPattern::None, Some(_)) => false,
        (PortPattern::Any, None) => true,
        (PortPattern::Any, Some(port)) => is_browser_port(port, scheme),
        (PortPattern::Exactly(_), None) => false,
        (PortPattern::Exactly(expected), Some(port)) => expected.as_bytes() == port,
    };
    if !port_ok {
        return false;
    }
    match host_pattern.strip_prefix("*.") {
        Some(domain) => {
            let Some(labels) = host
                .strip_suffix(domain.as_bytes())
                .and_then(|before| before.strip_suffix(b"."))
            else {
                return false;
            };
            are_browser_labels(labels)
        }
        None => host == host_pattern.as_bytes(),
    }
}

// ---------------------------------------------------------------------------------------
// §3: what a request gets.
// ---------------------------------------------------------------------------------------

/// README "Using it with `http` types": `Access-Control-Request-Headers` is refused
/// beyond these bounds (SPEC §3.8 only says "huge" and "absurd"; the tests stay far from
/// the bounds on both sides).
pub const MAX_REQUEST_HEADERS_LINES: usize = 16;
pub const MAX_REQUEST_HEADERS_BYTES: usize = 4096;
pub const MAX_REQUEST_HEADERS_NAMES: usize = 64;

/// §3.8: the names of `Access-Control-Request-Headers` over all its lines, as written
/// (whitespace around them and empty elements dropped), or why the header is refused.
pub fn requested_header_names(request: &HeaderMap) -> Result<Vec<&[u8]>, String> {
    let lines: Vec<&[u8]> = request
        .get_all("access-control-request-headers")
        .iter()
        .map(|value| value.as_bytes())
        .collect();
    if lines.len() > MAX_REQUEST_HEADERS_LINES {
        return Err(format!("{} request-headers lines", lines.len()));
    }
    let bytes: usize = lines.iter().map(|line| line.len()).sum();
    if bytes > MAX_REQUEST_HEADERS_BYTES {
        return Err(format!("{bytes} bytes of request headers"));
    }
    let mut names = Vec::new();
    for line in lines {
        for element in line.split(|&b| b == b',') {
            let element = trim_ows(element);
            if element.is_empty() {
                continue;
            }
            if !is_token(element) {
                return Err(format!(
                    "requested header {:?} is not a token",
                    String::from_utf8_lossy(element)
                ));
            }
            names.push(element);
        }
    }
    if names.len() > MAX_REQUEST_HEADERS_NAMES {
        return Err(format!("{} requested header names", names.len()));
    }
    Ok(names)
}

/// RFC 9110 OWS (space, tab) trimmed from both ends.
pub fn trim_ows(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

impl Definition {
    /// §3.7: every policy but `"*"` answers differently per origin.
    pub fn varies_on_origin(&self) -> bool {
        !matches!(self.origins, Origins::Any)
    }

    /// §3 "allowed origin", for the `Origin` lines of a request that has at least one:
    /// `"*"` allows whatever was sent; a list allows one line equal to an exact entry, or
    /// matching a pattern (§1.4).
    pub fn allows_origin(&self, lines: &[&[u8]]) -> bool {
        match self.origins {
            Origins::Any => true,
            Origins::Listed(entries) => match lines {
                [origin] => entries.iter().any(|entry| entry_allows(entry, origin)),
                _ => false,
            },
        }
    }

    /// §3.2: a safelisted method (GET, HEAD, POST, byte for byte), a listed one (as
    /// normalized by §1.3, compared byte for byte), or any method for `"*"`. A method
    /// is a token (RFC 9110 §9.1): anything else is not one.
    pub fn allows_method(&self, method: &[u8]) -> bool {
        if !is_token(method) {
            return false;
        }
        if matches!(method, b"GET" | b"HEAD" | b"POST") {
            return true;
        }
        match self.methods {
            Names::Unset => false,
            Names::Any => true,
            Names::Listed(listed) => listed
                .iter()
                .any(|entry| normalize_method(entry).as_bytes() == method),
        }
    }

    /// §3.2: a requested header name is allowed when listed (case-insensitively), or by
    /// `"*"` (Authorization included).
    pub fn allows_header(&self, name: &[u8]) -> bool {
        match self.headers {
            Names::Unset => false,
            Names::Any => true,
            Names::Listed(listed) => listed
                .iter()
                .any(|entry| entry.as_bytes().eq_ignore_ascii_case(name)),
        }
    }

    /// §3.1–§3.3 for a request that is a preflight (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`): `Ok` when §3.2 allows it, else why not.
    pub fn preflight(&self, request: &HeaderMap) -> Result<(), String> {
        let origins: Vec<&[u8]> = request
            .get_all("origin")
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        if !self.allows_origin(&origins) {
            return Err(format!("origin {:?} not allowed", lossy_lines(&origins)));
        }
        let methods: Vec<&[u8]> = request
            .get_all("access-control-request-method")
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        match methods.as_slice() {
            [method] if self.allows_method(method) => {}
            _ => return Err(format!("method {:?} not allowed", lossy_lines(&methods))),
        }
        for name in requested_header_names(request)? {
            if !self.allows_header(name) {
                return Err(format!(
                    "request header {:?} not allowed",
                    String::from_utf8_lossy(name)
                ));
            }
        }
        if requests_private_network(request) && !self.private_network {
            return Err("private network access not enabled".to_owned());
        }
        Ok(())
    }

    /// What the policy means a page to read of a response header `name` (lowercase),
    /// besides the CORS-safelisted response-header names: listed in `expose_headers`,
    /// or any name for `"*"` when credentials are not included (§1.2, §2.2: with
    /// credentials a browser reads `*` literally). Never `Set-Cookie`.
    pub fn exposes(&self, name: &str, credentials: Credentials) -> bool {
        if name == "set-cookie" || name == "set-cookie2" {
            return false;
        }
        match self.expose {
            Names::Unset => false,
            Names::Any => credentials == Credentials::Omit,
            Names::Listed(listed) => listed.iter().any(|entry| entry.eq_ignore_ascii_case(name)),
        }
    }

    /// The `Access-Control-Max-Age` value an allowed preflight carries.
    pub fn max_age_value(&self) -> Option<String> {
        self.max_age.map(|seconds| seconds.to_string())
    }
}

/// §3.2: `Access-Control-Request-Private-Network: true` (one line, exactly `true`).
pub fn requests_private_network(request: &HeaderMap) -> bool {
    let lines: Vec<&[u8]> = request
        .get_all("access-control-request-private-network")
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    matches!(lines.as_slice(), [line] if *line == b"true")
}

pub fn lossy_lines(lines: &[&[u8]]) -> Vec<String> {
    lines
        .iter()
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect()
}
