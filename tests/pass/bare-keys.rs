// SPEC §1.1: a document without a `server` table is the cors table itself.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


static POLICY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com", "http://localhost:3000"]
allow_methods = ["GET", "POST", "DELETE"]
allow_headers = ["Authorization", "X-Request-Id"]
max_age = 120
"#);

// A normal (not raw) string literal works too.
static ONE_LINE: CorsPolicy = cors_policy!("allow_origins = \"http://localhost:3000\"");

fn main() {
    let response = actual(&POLICY, "http://localhost:3000");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("http://localhost:3000"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), None);

    let answer = preflight(&POLICY, "https://app.example.com", "DELETE", "x-request-id");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, POST, DELETE"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_HEADERS), Some("authorization, x-request-id"));
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("120"));

    let response = actual(&ONE_LINE, "http://localhost:3000");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("http://localhost:3000"));
    assert_eq!(get(&actual(&ONE_LINE, "http://localhost:3001"), ACCESS_CONTROL_ALLOW_ORIGIN), None);
    assert_eq!(
        preflight(&ONE_LINE, "http://localhost:3000", "PUT", "").status(),
        StatusCode::FORBIDDEN
    );
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
