// SPEC §2: TOML comments inside arrays (and after values) compile.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
# The front ends.
[server.cors] # CORS
allow_origins = [
  # Production
  "https://app.example.com", # the web app
  # "https://old.example.com", (retired)
  "http://localhost:3000" # Web dev server
  , # a comma on its own line
]
allow_methods = [ # what the API needs
  "GET",
  "POST", # trailing comma next
]
allow_headers = ["authorization", # bearer tokens
                 "content-type"]  # JSON bodies
max_age = 600 # WebKit's cap
"#);

fn main() {
    for origin in ["https://app.example.com", "http://localhost:3000"] {
        assert_eq!(get(&actual(&POLICY, origin), ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
    }
    // The commented-out origin is not allowed.
    assert_eq!(get(&actual(&POLICY, "https://old.example.com"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = preflight(&POLICY, "https://app.example.com", "POST", "content-type");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, POST"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_HEADERS), Some("authorization, content-type"));
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), Some("600"));
}
