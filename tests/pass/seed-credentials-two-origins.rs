// Seed configuration 1: two origins with credentials, listed methods and headers.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com", "http://localhost:3000"]
allow_methods = ["GET", "POST"]
allow_headers = ["authorization", "content-type", "x-request-id"]
allow_credentials = true
max_age = 3600
allow_private_network = false
expose_headers = ["x-request-id", "x-trace-id"]
"#);

fn main() {
    let response = actual(&POLICY, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://app.example.com"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-request-id, x-trace-id"));
    assert_eq!(get(&response, VARY), Some("origin"));
    assert_eq!(get(&response, ACCESS_CONTROL_MAX_AGE), None);

    let response = actual(&POLICY, "https://evil.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = preflight(&POLICY, "http://localhost:3000", "POST", "Authorization, X-Request-Id");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("http://localhost:3000"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, POST"));
    assert_eq!(
        get(headers, ACCESS_CONTROL_ALLOW_HEADERS),
        Some("authorization, content-type, x-request-id")
    );
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("3600"));

    assert_eq!(preflight(&POLICY, "http://localhost:3000", "PUT", "").status(), StatusCode::FORBIDDEN);
    assert_eq!(preflight(&POLICY, "http://localhost:3001", "GET", "").status(), StatusCode::FORBIDDEN);
    assert_eq!(
        preflight(&POLICY, "https://app.example.com", "GET", "x-trace-id").status(),
        StatusCode::FORBIDDEN
    );
}
