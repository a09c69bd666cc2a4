//! The runtime's answers to arbitrary requests (SPEC §3): a method and header lines decoded
//! from the fuzzer's bytes, a handler's response headers likewise, run through `preflight`,
//! `apply` and `refusal` of several policies built by `cors_policy!`. Besides never
//! panicking (§3.9), every answer is judged by the oracle of the tests (`cors-oracle`):
//! the invariants of §3, and what §3 intends for each policy's definition, written apart
//! from the runtime and the policy language; `refusal` must agree with the answers.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 cargo fuzz run requests corpus/requests -- -dict=requests.dict
//! ```

#![no_main]

use arbitrary::{Result, Unstructured};
use cors_oracle::syntax::{lines, show_headers};
use cors_oracle::{Definition, Names, Origins};
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use libfuzzer_sys::fuzz_target;

// ---------------------------------------------------------------------------------------
// The policies, each with its definition.

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

/// A policy, and its definition for the oracle (its TOML restated).
struct Model {
    name: &'static str,
    policy: &'static CorsPolicy,
    definition: Definition,
}

const MODELS: [Model; 6] = [
    Model {
        name: "any",
        policy: &ANY,
        definition: Definition {
            origins: Origins::Any,
            methods: Names::Listed(&["PUT", "patch"]),
            headers: Names::Listed(&["x-request-id", "content-type"]),
            expose: Names::Listed(&["x-request-id"]),
            max_age: Some(600),
            ..Definition::DEFAULTS
        },
    },
    Model {
        name: "credentials",
        policy: &CREDENTIALS,
        definition: Definition {
            origins: Origins::Listed(&[
                "https://app.example.com",
                "http://localhost:3000",
                "capacitor://localhost",
                "http://[::1]:8080",
            ]),
            methods: Names::Listed(&["GET", "POST", "PUT", "DELETE", "patch"]),
            headers: Names::Listed(&["authorization", "content-type", "x-request-id"]),
            expose: Names::Listed(&["x-request-id", "x-trace-id"]),
            credentials: true,
            max_age: Some(3600), // "1h"
            ..Definition::DEFAULTS
        },
    },
    Model {
        name: "star with credentials",
        policy: &STAR_WITH_CREDENTIALS,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com", "http://localhost:3000"]),
            methods: Names::Any,
            headers: Names::Any,
            credentials: true,
            ..Definition::DEFAULTS
        },
    },
    Model {
        name: "patterns",
        policy: &PATTERNS,
        definition: Definition {
            origins: Origins::Listed(&[
                "https://*.example.com",
                "http://localhost:*",
                "https://exact.example.org",
                "https://*.a.example.net:*",
            ]),
            methods: Names::Listed(&["PUT"]),
            headers: Names::Any,
            expose: Names::Any,
            max_age: Some(0),
            ..Definition::DEFAULTS
        },
    },
    Model {
        name: "private network",
        policy: &PRIVATE_NETWORK,
        definition: Definition {
            origins: Origins::Listed(&["http://localhost:3000", "https://*.intranet.example"]),
            methods: Names::Any,
            headers: Names::Listed(&["x-a"]),
            private_network: true,
            ..Definition::DEFAULTS
        },
    },
    Model {
        name: "nothing listed",
        policy: &NOTHING_LISTED,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            ..Definition::DEFAULTS
        },
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
    static VALID: std::sync::Once = std::sync::Once::new();
    VALID.call_once(|| {
        for model in &MODELS {
            if let Err(why) = model.definition.validate() {
                panic!(
                    "{}: the definition is of no policy that compiles: {why}",
                    model.name
                );
            }
        }
    });
    let mut u = Unstructured::new(data);
    let Ok(exchange) = exchange(&mut u) else {
        return;
    };
    for model in &MODELS {
        check(model, &exchange);
    }
});

// ---------------------------------------------------------------------------------------
// The checks: the oracle's judges, and `refusal` beside them.

/// Panics with `why` and the context when a judge finds fault.
fn hold(judged: std::result::Result<(), String>, context: &dyn Fn() -> String) {
    if let Err(why) = judged {
        panic!("{why}; {}", context());
    }
}

fn check(model: &Model, exchange: &Exchange) {
    let definition = &model.definition;
    let request = &exchange.request;
    let context = || {
        format!(
            "policy {:?}, request {:?} {}",
            model.name,
            exchange.method,
            show_headers(request)
        )
    };

    let answer = model.policy.preflight(&exchange.method, request);
    let refusal = model.policy.refusal(&exchange.method, request);
    hold(
        cors_oracle::judge_classification(&exchange.method, request, answer.is_some()),
        &context,
    );
    if let Some(answer) = &answer {
        hold(
            cors_oracle::judge_preflight(definition, request, answer),
            &context,
        );
        assert_eq!(
            refusal.is_none(),
            answer.status() == StatusCode::NO_CONTENT,
            "refusal() disagrees with preflight(); {}",
            context()
        );
    } else {
        check_apply(model, exchange, &context);
        // `refusal` says what `apply` did: none without `Origin` or for an allowed one.
        let origins = lines(request, "origin");
        assert_eq!(
            refusal.is_none(),
            origins.is_empty() || definition.allows_origin(&origins),
            "refusal() {refusal:?}; {}",
            context()
        );
    }

    // `apply` on a preflight's request too, as a server might: it must hold its own rules.
    if cors_oracle::is_preflight(&exchange.method, request) {
        check_apply(model, exchange, &context);
    }
}

fn check_apply(model: &Model, exchange: &Exchange, context: &dyn Fn() -> String) {
    let mut response = exchange.response.clone();
    model.policy.apply(&exchange.request, &mut response);
    hold(
        cors_oracle::judge_actual(
            &model.definition,
            &exchange.request,
            &exchange.response,
            &response,
        ),
        context,
    );
}
