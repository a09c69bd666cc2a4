// SPEC §2: `allow_methods` may list OPTIONS (never required), and §1.3: the six methods
// browsers upper-case are normalized, any other method is case-sensitive.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


static WITH_OPTIONS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["OPTIONS", "put", "Delete", "patch", "PATCH"]
"#);

static WITHOUT_OPTIONS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["patch"]
"#);

fn main() {
    let answer = preflight(&WITH_OPTIONS, "https://app.example.com", "OPTIONS", "");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get(answer.headers(), ACCESS_CONTROL_ALLOW_METHODS),
        Some("OPTIONS, PUT, DELETE, patch, PATCH")
    );
    for method in ["PUT", "DELETE", "patch", "PATCH", "GET", "POST", "HEAD"] {
        assert_eq!(
            preflight(&WITH_OPTIONS, "https://app.example.com", method, "").status(),
            StatusCode::NO_CONTENT,
            "{method}"
        );
    }

    // `patch` and `PATCH` are different methods to a browser.
    assert_eq!(
        preflight(&WITHOUT_OPTIONS, "https://app.example.com", "patch", "").status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        preflight(&WITHOUT_OPTIONS, "https://app.example.com", "PATCH", "").status(),
        StatusCode::FORBIDDEN
    );
    // Preflights are answered whatever `allow_methods` says.
    assert_eq!(
        preflight(&WITHOUT_OPTIONS, "https://app.example.com", "GET", "").status(),
        StatusCode::NO_CONTENT
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
