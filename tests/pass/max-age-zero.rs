// SPEC §2: `max_age = 0` compiles, and is sent as `Access-Control-Max-Age: 0` (no caching).
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["PUT"]
max_age = 0
"#);

fn main() {
    let answer = preflight(&POLICY, "https://app.example.com", "PUT", "");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(get(answer.headers(), ACCESS_CONTROL_MAX_AGE), Some("0"));
    assert_eq!(get(answer.headers(), ACCESS_CONTROL_ALLOW_METHODS), Some("PUT"));
    // Never on an actual response.
    assert_eq!(get(&actual(&POLICY, "https://app.example.com"), ACCESS_CONTROL_MAX_AGE), None);
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
