// Seed configuration 2: any origin, method and header, without credentials.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = "*"
allow_methods = "*"
allow_headers = "*"
allow_credentials = false
"#);

fn main() {
    let response = actual(&POLICY, "https://anyone.example");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("*"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), None);
    assert_eq!(get(&response, VARY), None);

    let answer = preflight(&POLICY, "http://localhost:1234", "DELETE", "x-anything, authorization");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("*"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("*"));
    assert!(get(headers, ACCESS_CONTROL_ALLOW_HEADERS).unwrap().starts_with('*'));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_CREDENTIALS), None);
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), None);
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
