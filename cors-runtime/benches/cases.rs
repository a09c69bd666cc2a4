//! The cases of the benchmark (`cors.rs`) and of the allocation table
//! (`tests/allocations_against_tower_http.rs`): the same policy for this crate and for
//! tower-http, the requests, and the services around them.

use std::convert::Infallible;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::LazyLock;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    AUTHORIZATION, CONTENT_TYPE, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use tower::{service_fn, Service};
use tower_http::cors::{AllowOrigin, CorsLayer as TowerHttpCors};

static POLICY: CorsPolicy = cors_policy!(include "policy.toml");
static MANY_ORIGINS: CorsPolicy = cors_policy!(include "many-origins.toml");
const LAST_OF_MANY: &str = "http://dev999.example.org:8999";
static PATTERN: CorsPolicy = cors_policy!(include "pattern.toml");

/// The same policies, loaded when the benchmark starts instead of built by the macro.
static LOADED_POLICY: LazyLock<CorsPolicy> = LazyLock::new(|| load(POLICY_TOML));
static LOADED_MANY_ORIGINS: LazyLock<CorsPolicy> = LazyLock::new(|| load(MANY_ORIGINS_TOML));
static LOADED_PATTERN: LazyLock<CorsPolicy> = LazyLock::new(|| load(PATTERN_TOML));

pub const POLICY_TOML: &str = include_str!("policy.toml");
pub const MANY_ORIGINS_TOML: &str = include_str!("many-origins.toml");
pub const PATTERN_TOML: &str = include_str!("pattern.toml");

fn load(text: &str) -> CorsPolicy {
    CorsPolicy::from_toml(text).unwrap_or_else(|error| panic!("{error}"))
}

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
const X_TRACE_ID: HeaderName = HeaderName::from_static("x-trace-id");

/// tower-http configured like `policy.toml`, with `origins` as its origin rule.
pub fn tower_http(origins: AllowOrigin) -> TowerHttpCors {
    TowerHttpCors::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE, X_REQUEST_ID])
        .allow_credentials(true)
        .expose_headers([X_REQUEST_ID, X_TRACE_ID])
        .max_age(Duration::from_secs(3600))
}

fn three_origins() -> AllowOrigin {
    AllowOrigin::list(
        [
            "https://app.example.com",
            "https://admin.example.com",
            "http://localhost:3000",
        ]
        .map(HeaderValue::from_static),
    )
}

fn many_origins() -> AllowOrigin {
    let list = MANY_ORIGINS_TOML
        .lines()
        .filter_map(|line| line.trim().strip_prefix('"')?.strip_suffix("\","))
        .map(|origin| HeaderValue::from_str(origin).unwrap());
    AllowOrigin::list(list)
}

/// The closest tower-http has to `https://*.example.com`.
fn subdomain_predicate() -> AllowOrigin {
    AllowOrigin::predicate(|origin, _| {
        let origin = origin.as_bytes();
        origin.starts_with(b"https://")
            && origin.ends_with(b".example.com")
            && origin.len() > b"https://".len() + b".example.com".len()
    })
}

/// A request as it reaches the server (header values share one buffer, as hyper's do),
/// the policies that answer it, and what this crate answers.
#[derive(Clone)]
pub struct Case {
    pub name: &'static str,
    pub method: Method,
    pub headers: HeaderMap,
    /// What the floor rows insert: the headers this crate answers with.
    pub answer: &'static [(HeaderName, &'static str)],
    /// The status of this crate's answer (a GET's is the handler's, `200`).
    pub status: StatusCode,
    pub policy: &'static CorsPolicy,
    /// The same policy, loaded with `CorsPolicy::from_toml`.
    pub loaded: &'static CorsPolicy,
    pub theirs: fn() -> AllowOrigin,
}

/// A header value as hyper makes it: a slice of a shared buffer, so that a clone (an echo
/// of it) counts a reference instead of copying.
pub fn shared(value: &[u8]) -> HeaderValue {
    let buffer = Bytes::copy_from_slice(value);
    HeaderValue::from_maybe_shared(buffer.slice(..)).unwrap()
}

fn headers(pairs: &[(HeaderName, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(name.clone(), shared(value));
    }
    map
}

const PREFLIGHT_ANSWER: &[(HeaderName, &str)] = &[
    (ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com"),
    (ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"),
    (ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, DELETE"),
    (
        ACCESS_CONTROL_ALLOW_HEADERS,
        "authorization, content-type, x-request-id",
    ),
    (ACCESS_CONTROL_MAX_AGE, "3600"),
    (VARY, "origin"),
];
const ACTUAL_ANSWER: &[(HeaderName, &str)] = &[
    (VARY, "origin"),
    (ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com"),
    (ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"),
    (ACCESS_CONTROL_EXPOSE_HEADERS, "x-request-id, x-trace-id"),
];
const VARY_ONLY: &[(HeaderName, &str)] = &[(VARY, "origin")];

pub fn cases() -> Vec<Case> {
    let preflight = |origin: &[u8]| {
        headers(&[
            (ORIGIN, origin),
            (ACCESS_CONTROL_REQUEST_METHOD, b"PUT"),
            (
                ACCESS_CONTROL_REQUEST_HEADERS,
                b"authorization,content-type",
            ),
        ])
    };
    let commas = vec![b','; 1 << 20];
    let mut many_lines = headers(&[
        (ORIGIN, b"https://app.example.com"),
        (ACCESS_CONTROL_REQUEST_METHOD, b"PUT"),
    ]);
    for _ in 0..1024 {
        many_lines.append(ACCESS_CONTROL_REQUEST_HEADERS, shared(b"x-request-id"));
    }
    vec![
        Case {
            name: "preflight allowed",
            method: Method::OPTIONS,
            headers: preflight(b"https://app.example.com"),
            answer: PREFLIGHT_ANSWER,
            status: StatusCode::NO_CONTENT,
            policy: &POLICY,
            loaded: &LOADED_POLICY,
            theirs: three_origins,
        },
        Case {
            name: "preflight refused origin",
            method: Method::OPTIONS,
            headers: preflight(b"https://evil.example"),
            answer: VARY_ONLY,
            status: StatusCode::FORBIDDEN,
            policy: &POLICY,
            loaded: &LOADED_POLICY,
            theirs: three_origins,
        },
        Case {
            name: "GET allowed origin",
            method: Method::GET,
            headers: headers(&[(ORIGIN, b"https://app.example.com")]),
            answer: ACTUAL_ANSWER,
            status: StatusCode::OK,
            policy: &POLICY,
            loaded: &LOADED_POLICY,
            theirs: three_origins,
        },
        Case {
            name: "GET other origin",
            method: Method::GET,
            headers: headers(&[(ORIGIN, b"https://evil.example")]),
            answer: VARY_ONLY,
            status: StatusCode::OK,
            policy: &POLICY,
            loaded: &LOADED_POLICY,
            theirs: three_origins,
        },
        Case {
            name: "GET without Origin",
            method: Method::GET,
            headers: HeaderMap::new(),
            answer: VARY_ONLY,
            status: StatusCode::OK,
            policy: &POLICY,
            loaded: &LOADED_POLICY,
            theirs: three_origins,
        },
        Case {
            name: "GET, 1000 origins, the last asking",
            method: Method::GET,
            headers: headers(&[(ORIGIN, LAST_OF_MANY.as_bytes())]),
            answer: ACTUAL_ANSWER,
            status: StatusCode::OK,
            policy: &MANY_ORIGINS,
            loaded: &LOADED_MANY_ORIGINS,
            theirs: many_origins,
        },
        Case {
            name: "GET, pattern, three-label subdomain",
            method: Method::GET,
            headers: headers(&[(ORIGIN, b"https://a.b.c.example.com")]),
            answer: ACTUAL_ANSWER,
            status: StatusCode::OK,
            policy: &PATTERN,
            loaded: &LOADED_PATTERN,
            theirs: subdomain_predicate,
        },
        Case {
            name: "preflight, 1 MiB of commas",
            method: Method::OPTIONS,
            headers: headers(&[
                (ORIGIN, b"https://app.example.com"),
                (ACCESS_CONTROL_REQUEST_METHOD, b"PUT"),
                (ACCESS_CONTROL_REQUEST_HEADERS, &commas),
            ]),
            answer: VARY_ONLY,
            status: StatusCode::FORBIDDEN,
            policy: &POLICY,
            loaded: &LOADED_POLICY,
            theirs: three_origins,
        },
        Case {
            name: "preflight, 1024 header lines",
            method: Method::OPTIONS,
            headers: many_lines,
            answer: VARY_ONLY,
            status: StatusCode::FORBIDDEN,
            policy: &POLICY,
            loaded: &LOADED_POLICY,
            theirs: three_origins,
        },
    ]
}

/// What a server asks of `policy` for the case's request: its preflight answer, or its
/// headers on a fresh response map; dropped, as a server drops a response once written.
pub fn answer(case: &Case, policy: &CorsPolicy) {
    match policy.preflight(black_box(&case.method), black_box(&case.headers)) {
        Some(answer) => drop(black_box(answer)),
        None => {
            let mut response = HeaderMap::new();
            policy.apply(black_box(&case.headers), &mut response);
            drop(black_box(response));
        }
    }
}

/// Polls a future that never waits (every service here answers at once).
pub fn now<F: Future>(future: F) -> F::Output {
    let mut context = Context::from_waker(Waker::noop());
    match pin!(future).poll(&mut context) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the services here never wait"),
    }
}

pub fn request(case: &Case) -> Request<()> {
    let mut request = Request::new(());
    *request.method_mut() = case.method.clone();
    *request.headers_mut() = case.headers.clone();
    request
}

pub fn bare() -> impl Service<Request<()>, Response = Response<()>, Error = Infallible> + Clone {
    service_fn(|_request: Request<()>| async { Ok::<_, Infallible>(Response::new(())) })
}

/// The floor of an answer as a server writes it, with no room made in advance: a new
/// response, its status, then each prebuilt header inserted (`Vary` appended).
pub fn floor_response(case: &Case) -> Response<()> {
    let mut response = Response::new(());
    *response.status_mut() = case.status;
    let headers = response.headers_mut();
    for (name, value) in case.answer {
        let value = HeaderValue::from_static(value);
        if name == VARY {
            headers.append(name.clone(), value);
        } else {
            headers.insert(name.clone(), value);
        }
    }
    response
}

/// The floor of the tower rows: a service that answers with the case's prebuilt headers
/// (room made for them), matching nothing and calling no inner service.
pub fn floor_service(
    case: &Case,
) -> impl Service<Request<()>, Response = Response<()>, Error = Infallible> + Clone {
    let answer = case.answer;
    service_fn(move |_request: Request<()>| async move {
        let mut response = Response::new(());
        response.headers_mut().reserve(answer.len());
        insert_answer(answer, response.headers_mut());
        Ok::<_, Infallible>(response)
    })
}

pub fn insert_answer(answer: &[(HeaderName, &'static str)], headers: &mut HeaderMap) {
    for (name, value) in answer {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
}
