// SPEC §1.1: a document without a `server` table is the cors table itself.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

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
