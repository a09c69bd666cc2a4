//! Requests as a browser sends them, and the header values answered: the helpers of the
//! `tests/pass` cases, each of which declares `mod support;`.
//!
//! This is a directory module so that trybuild's `tests/pass/*.rs` does not take it for a
//! pass case of its own.

// trybuild compiles every pass case as its own binary, and each uses only some of these
// helpers: the rest would be dead code in it.
#![allow(dead_code)]

use cors_runtime::CorsPolicy;
use http::header::{
    AsHeaderName, HeaderMap, HeaderName, HeaderValue, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
};
use http::{Method, Response};

/// `policy.preflight` of an `OPTIONS` request with `Origin`,
/// `Access-Control-Request-Method` and, unless `headers` is empty,
/// `Access-Control-Request-Headers`; it must be a preflight.
pub fn preflight(policy: &CorsPolicy, origin: &str, method: &str, headers: &str) -> Response<()> {
    answer(policy, &preflight_request(origin, method, headers))
}

/// [`preflight`] without requested headers, from a page asking to reach a private network
/// (`Access-Control-Request-Private-Network: true`).
pub fn private_network_preflight(policy: &CorsPolicy, origin: &str, method: &str) -> Response<()> {
    let mut request = preflight_request(origin, method, "");
    request.insert(
        HeaderName::from_static("access-control-request-private-network"),
        HeaderValue::from_static("true"),
    );
    answer(policy, &request)
}

/// The response headers `policy.apply` gives a `GET` from `origin` (which must not be
/// taken for a preflight) whose handler set no header.
pub fn actual(policy: &CorsPolicy, origin: &str) -> HeaderMap {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    assert!(policy.preflight(&Method::GET, &request).is_none());
    let mut response = HeaderMap::new();
    policy.apply(&request, &mut response);
    response
}

/// The (first) value of `name` as a string, `None` when it is absent.
pub fn get<'a>(headers: &'a HeaderMap, name: impl AsHeaderName) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}

fn preflight_request(origin: &str, method: &str, headers: &str) -> HeaderMap {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    request.insert(
        ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_str(method).unwrap(),
    );
    if !headers.is_empty() {
        request.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_str(headers).unwrap(),
        );
    }
    request
}

fn answer(policy: &CorsPolicy, request: &HeaderMap) -> Response<()> {
    policy
        .preflight(&Method::OPTIONS, request)
        .expect("OPTIONS with Origin and Access-Control-Request-Method is a preflight")
}
