// SPEC §2: `"*"` methods and headers compile with and without credentials, and `["*"]`
// means the same as `"*"`.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static WITHOUT_CREDENTIALS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = "*"
allow_headers = "*"
"#);

static WITH_CREDENTIALS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = "*"
allow_headers = "*"
allow_credentials = true
"#);

static ARRAYS_WITHOUT_CREDENTIALS: CorsPolicy = cors_policy!(r#"
allow_origins = ["*"]
allow_methods = ["*"]
allow_headers = ["*"]
expose_headers = ["*"]
"#);

static ARRAYS_WITH_CREDENTIALS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_methods = ["*"]
allow_headers = ["*"]
allow_credentials = true
"#);

fn main() {
    for policy in [&WITHOUT_CREDENTIALS, &ARRAYS_WITHOUT_CREDENTIALS] {
        let answer = preflight(policy, "https://app.example.com", "PATCH", "x-custom, authorization");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        let headers = answer.headers();
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("*"));
        assert!(get(headers, ACCESS_CONTROL_ALLOW_HEADERS).unwrap().starts_with('*'));
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_CREDENTIALS), None);
    }
    assert_eq!(
        get(preflight(&WITHOUT_CREDENTIALS, "https://app.example.com", "GET", "").headers(), ACCESS_CONTROL_ALLOW_ORIGIN),
        Some("https://app.example.com")
    );
    assert_eq!(
        get(preflight(&ARRAYS_WITHOUT_CREDENTIALS, "https://app.example.com", "GET", "").headers(), ACCESS_CONTROL_ALLOW_ORIGIN),
        Some("*")
    );
    assert_eq!(
        get(&actual(&ARRAYS_WITHOUT_CREDENTIALS, "https://app.example.com"), ACCESS_CONTROL_EXPOSE_HEADERS),
        Some("*")
    );

    // With credentials a browser reads `*` literally, so what was asked is echoed.
    for policy in [&WITH_CREDENTIALS, &ARRAYS_WITH_CREDENTIALS] {
        let answer = preflight(policy, "https://app.example.com", "PATCH", "x-custom, authorization");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        let headers = answer.headers();
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://app.example.com"));
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("PATCH"));
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_HEADERS), Some("x-custom, authorization"));
        assert_eq!(
            preflight(policy, "https://evil.example.com", "PATCH", "").status(),
            StatusCode::FORBIDDEN
        );
    }
}
