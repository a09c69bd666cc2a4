// SPEC §2: mobile and emulator origins compile with credentials: custom schemes
// (`capacitor://localhost`, `ionic://localhost`) and an IP address with a port.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


static POLICY: CorsPolicy = cors_policy!(r#"
allow_origins = ["capacitor://localhost", "ionic://localhost", "http://10.0.2.2:8000"]
allow_methods = ["GET", "POST"]
allow_headers = ["authorization"]
allow_credentials = true
"#);

fn main() {
    for origin in ["capacitor://localhost", "ionic://localhost", "http://10.0.2.2:8000"] {
        let response = actual(&POLICY, origin);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));

        let answer = preflight(&POLICY, origin, "POST", "authorization");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(get(answer.headers(), ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
    }
    for other in ["http://localhost", "capacitor://localhost:8080", "http://10.0.2.2"] {
        assert_eq!(get(&actual(&POLICY, other), ACCESS_CONTROL_ALLOW_ORIGIN), None, "{other}");
    }
    // No private-network access unless asked for.
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_static("http://10.0.2.2:8000"));
    request.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("GET"));
    request.insert(
        HeaderName::from_static("access-control-request-private-network"),
        HeaderValue::from_static("true"),
    );
    let answer = POLICY.preflight(&Method::OPTIONS, &request).expect("a preflight");
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
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
