// SPEC §2: `allow_methods` may list OPTIONS (never required), and §1.3: the six methods
// browsers upper-case are normalized, any other method is case-sensitive.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{get, preflight};

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
