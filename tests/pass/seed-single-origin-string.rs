// Seed configuration 4: one origin written as a string, CRUD methods, a CSRF header.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = "https://spa.example.com"
allow_methods = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]
allow_headers = ["authorization", "content-type", "x-csrf-token"]
allow_credentials = true
max_age = 3600
expose_headers = ["x-total-count", "x-page-number"]
"#);

fn main() {
    let response = actual(&POLICY, "https://spa.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://spa.example.com"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-total-count, x-page-number"));

    // A string origin is one origin, not `*`.
    assert_eq!(get(&actual(&POLICY, "https://other.example.com"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = preflight(&POLICY, "https://spa.example.com", "DELETE", "X-CSRF-Token");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, POST, PUT, DELETE, OPTIONS"));
    assert_eq!(
        get(headers, ACCESS_CONTROL_ALLOW_HEADERS),
        Some("authorization, content-type, x-csrf-token")
    );
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("3600"));

    assert_eq!(
        preflight(&POLICY, "https://spa.example.com", "PATCH", "").status(),
        StatusCode::FORBIDDEN
    );
}
