// Seed configuration 5: web and mobile development origins with credentials, comments
// inside the array, and private-network access.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = [
  "http://localhost:3000", # Web dev server
  "http://localhost:8081", # React Native
  "http://10.0.2.2:8000", # Android emulator
  "capacitor://localhost", # Capacitor
  "ionic://localhost" # Ionic
]
allow_methods = ["GET", "POST", "OPTIONS"]
allow_headers = ["authorization", "content-type"]
allow_credentials = true
allow_private_network = true # For local network access
"#);

fn main() {
    for origin in [
        "http://localhost:3000",
        "http://localhost:8081",
        "http://10.0.2.2:8000",
        "capacitor://localhost",
        "ionic://localhost",
    ] {
        let response = actual(&POLICY, origin);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    }
    assert_eq!(get(&actual(&POLICY, "http://localhost:8000"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_static("capacitor://localhost"));
    request.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("POST"));
    request.insert(
        HeaderName::from_static("access-control-request-private-network"),
        HeaderValue::from_static("true"),
    );
    let answer = POLICY.preflight(&Method::OPTIONS, &request).expect("a preflight");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("capacitor://localhost"));
    assert_eq!(get(headers, "access-control-allow-private-network"), Some("true"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, POST, OPTIONS"));
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
