// SPEC §1.1: `include "PATH"` reads a file beside this one (resolved like `include_str!`).
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


static POLICY: CorsPolicy = cors_policy!(include "include-file.toml");

fn main() {
    let response = actual(&POLICY, "https://dashboard.example.org");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://dashboard.example.org"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-request-id"));
    assert_eq!(get(&actual(&POLICY, "https://example.org"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = preflight(&POLICY, "http://localhost:5173", "PUT", "content-type");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("http://localhost:5173"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, PUT"));
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("1800"));
}

// Requests as a browser sends them, and the header values answered.

fn preflight(policy: &CorsPolicy, origin: &str, method: &str, headers: &str) -> Response<()> {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    request.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_str(method).unwrap());
    if !headers.is_empty() {
        request.insert(ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_str(headers).unwrap());
    }
    policy
        .preflight(&Method::OPTIONS, &request)
        .expect("OPTIONS with Origin and Access-Control-Request-Method is a preflight")
}

fn actual(policy: &CorsPolicy, origin: &str) -> HeaderMap {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    assert!(policy.preflight(&Method::GET, &request).is_none());
    let mut response = HeaderMap::new();
    policy.apply(&request, &mut response);
    response
}

fn get<'a>(headers: &'a HeaderMap, name: impl AsHeaderName) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}
