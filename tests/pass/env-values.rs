// SPEC §1.4: `{{ env.NAME }}` in a string value of the cors table is replaced by the build
// environment's value (spaces inside the braces optional); an array element that is
// exactly one placeholder may hold a comma-separated list; whole seconds from a variable
// are seconds. The variables are set in tests/compile.rs:
//   CORS_TEST_APP_ORIGIN="https://app.example.com"
//   CORS_TEST_ORIGIN_LIST="https://a.example.com, https://b.example.com,http://localhost:*"
//   CORS_TEST_DOMAIN="example.net"
//   CORS_TEST_METHODS="PUT, delete"
//   CORS_TEST_HEADER="X-Api-Key"
//   CORS_TEST_EXPOSE="x-trace-id"
//   CORS_TEST_MAX_AGE="600"
//   CORS_TEST_MAX_AGE_DURATION="1h 30m"
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

// A whole Nexus file: the `{{ env.… }}` of the other tables are not the policy's and are
// not read (CORS_TEST_NEVER_SET is never set).
static POLICY: CorsPolicy = cors_policy!(r#"
[server]
listen_address = "127.0.0.1:8000"

[server.cors]
allow_origins = [
  "{{ env.CORS_TEST_APP_ORIGIN }}",
  "{{env.CORS_TEST_ORIGIN_LIST}}",
  "https://api.{{ env.CORS_TEST_DOMAIN }}",
]
allow_methods = ["{{ env.CORS_TEST_METHODS }}"]
allow_headers = "{{  env.CORS_TEST_HEADER  }}"
expose_headers = ["x-request-id", "{{ env.CORS_TEST_EXPOSE }}"]
allow_credentials = true
max_age = "{{ env.CORS_TEST_MAX_AGE }}"

[llm.providers.openai]
type = "openai"
api_key = "{{ env.CORS_TEST_NEVER_SET }}"
"#);

static DURATION: CorsPolicy = cors_policy!(r#"
allow_origins = "{{ env.CORS_TEST_APP_ORIGIN }}"
max_age = "{{ env.CORS_TEST_MAX_AGE_DURATION }}"
"#);

static SECONDS_WITH_UNIT: CorsPolicy = cors_policy!(r#"
allow_origins = "{{ env.CORS_TEST_APP_ORIGIN }}"
max_age = "{{ env.CORS_TEST_MAX_AGE }}s"
"#);

fn main() {
    for origin in [
        "https://app.example.com",
        "https://a.example.com",
        "https://b.example.com",
        "http://localhost",
        "http://localhost:3000",
        "https://api.example.net",
    ] {
        let response = actual(&POLICY, origin);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin), "{origin}");
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
        assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-request-id, x-trace-id"));

        let answer = preflight(&POLICY, origin, "DELETE", "x-api-key");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{origin}");
        let headers = answer.headers();
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("PUT, DELETE"));
        assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_HEADERS), Some("x-api-key"));
        assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("600"));
    }
    for other in [
        "https://c.example.com",
        "https://example.net",
        "https://app.example.net",
        "https://localhost:3000",
        // The list's entries are trimmed: no entry keeps a space.
        " https://b.example.com",
    ] {
        assert_eq!(get(&actual(&POLICY, other), ACCESS_CONTROL_ALLOW_ORIGIN), None, "{other}");
    }
    assert_eq!(
        preflight(&POLICY, "https://app.example.com", "PATCH", "").status(),
        StatusCode::FORBIDDEN
    );

    for (policy, seconds) in [(&DURATION, "5400"), (&SECONDS_WITH_UNIT, "600")] {
        let answer = preflight(policy, "https://app.example.com", "GET", "");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(get(answer.headers(), ACCESS_CONTROL_MAX_AGE), Some(seconds));
    }
}
