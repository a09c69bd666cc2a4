// SPEC §1.4: origin patterns compile, with and without credentials, and behave: `*.` for
// one or more leading labels, `:*` for any port or none. A pattern over a public suffix
// compiles without credentials.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static WITH_CREDENTIALS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = [
  "https://example.com",
  "https://*.example.com",
  "http://localhost:*",
  "https://*.example.org:*",
  "https://*.example.net:8443",
  "http://[::1]:*",
  "http://127.0.0.1:*",
]
allow_methods = ["PUT"]
allow_headers = ["authorization"]
allow_credentials = true
"#);

static PUBLIC_SUFFIXES_WITHOUT_CREDENTIALS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://*.github.io", "https://*.co.uk", "https://*.com"]
allow_credentials = false
"#);

fn main() {
    for origin in [
        "https://example.com",
        "https://a.example.com",
        "https://a.b.example.com",
        "http://localhost",
        "http://localhost:3000",
        "https://a.example.org",
        "https://a.example.org:8443",
        "https://a.example.net:8443",
        "http://[::1]",
        "http://[::1]:8080",
        "http://127.0.0.1:5173",
    ] {
        let response = actual(&WITH_CREDENTIALS, origin);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin), "{origin}");
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"), "{origin}");
        assert_eq!(get(&response, VARY), Some("origin"), "{origin}");

        let answer = preflight(&WITH_CREDENTIALS, origin, "PUT", "authorization");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{origin}");
        assert_eq!(get(answer.headers(), ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
    }
    for other in [
        "https://evil-example.com",
        "https://example.org",
        "https://example.org:8443",
        "https://example.com.evil.com",
        "http://a.example.com",
        "https://a.example.com:8443",
        "https://a.example.net",
        "https://example.net:8443",
        "http://localhost:0",
        "https://localhost:3000",
        "http://[::2]:8080",
    ] {
        let response = actual(&WITH_CREDENTIALS, other);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), None, "{other}");
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), None, "{other}");
        let answer = preflight(&WITH_CREDENTIALS, other, "PUT", "");
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{other}");
    }

    for origin in ["https://someone.github.io", "https://shop.co.uk", "https://anything.com"] {
        let response = actual(&PUBLIC_SUFFIXES_WITHOUT_CREDENTIALS, origin);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), None);
    }
    for other in ["https://github.io", "https://co.uk", "https://com", "https://a.org"] {
        let response = actual(&PUBLIC_SUFFIXES_WITHOUT_CREDENTIALS, other);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), None, "{other}");
    }
}
