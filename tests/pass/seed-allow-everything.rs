// Seed configuration 2: any origin, method and header, without credentials.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

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
