// SPEC §1.2: `expose_headers` lists the response headers scripts may read.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response};


static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
expose_headers = ["x-custom-header", "x-another-header"]
"#);

// One string, written in any case: header names are lowercased (§1.3).
static ONE_STRING: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
expose_headers = "X-Custom-Header"
"#);

// `"*"` without credentials.
static ANY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
expose_headers = "*"
"#);

fn main() {
    let response = actual(&POLICY, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://app.example.com"));
    assert_eq!(
        get(&response, ACCESS_CONTROL_EXPOSE_HEADERS),
        Some("x-custom-header, x-another-header")
    );
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), None);
    // Only for allowed origins.
    assert_eq!(get(&actual(&POLICY, "https://evil.example.com"), ACCESS_CONTROL_EXPOSE_HEADERS), None);

    let response = actual(&ONE_STRING, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-custom-header"));

    let response = actual(&ANY, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("*"));
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
