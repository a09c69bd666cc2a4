// SPEC §1.1: `include "PATH"` reads a file beside this one (resolved like `include_str!`).
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static POLICY: CorsPolicy = cors_policy!(include "include-file.toml");

fn main() {
    let response = actual(&POLICY, "https://dashboard.example.org");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://dashboard.example.org"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-request-id"));
    assert_eq!(get(&actual(&POLICY, "https://example.org"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = preflight(&POLICY, "http://localhost:5173", "PUT", "content-type");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("http://localhost:5173"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, PUT"));
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("1800"));
}
