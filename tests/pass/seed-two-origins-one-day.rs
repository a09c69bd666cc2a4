// Seed configuration 3: two origins with credentials, a day of preflight cache, OPTIONS
// listed among the methods.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = [ "https://app.yourdomain.com", "https://admin.yourdomain.com" ]
allow_methods = ["GET", "POST", "OPTIONS"]
allow_headers = ["authorization", "content-type"]
allow_credentials = true
max_age = 86400 # 24 hours
expose_headers = ["x-request-id"]
"#);

fn main() {
    let response = actual(&POLICY, "https://admin.yourdomain.com");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://admin.yourdomain.com"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-request-id"));

    assert_eq!(get(&actual(&POLICY, "https://yourdomain.com"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = preflight(&POLICY, "https://app.yourdomain.com", "POST", "content-type");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://app.yourdomain.com"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, POST, OPTIONS"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_HEADERS), Some("authorization, content-type"));
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("86400"));

    assert_eq!(
        preflight(&POLICY, "https://app.yourdomain.com", "DELETE", "").status(),
        StatusCode::FORBIDDEN
    );
}
