// SPEC §2: `max_age = 0` compiles, and is sent as `Access-Control-Max-Age: 0` (no caching).
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["PUT"]
max_age = 0
"#);

fn main() {
    let answer = preflight(&POLICY, "https://app.example.com", "PUT", "");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(get(answer.headers(), ACCESS_CONTROL_MAX_AGE), Some("0"));
    assert_eq!(get(answer.headers(), ACCESS_CONTROL_ALLOW_METHODS), Some("PUT"));
    // Never on an actual response.
    assert_eq!(get(&actual(&POLICY, "https://app.example.com"), ACCESS_CONTROL_MAX_AGE), None);
}
