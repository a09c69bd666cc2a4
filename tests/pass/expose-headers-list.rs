// SPEC §1.2: `expose_headers` lists the response headers scripts may read.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use support::{actual, get};

static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
expose_headers = ["x-custom-header", "x-another-header"]
"#);

// One string, written in any case: header names are lowercased (§1.3).
static ONE_STRING: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
expose_headers = "X-Custom-Header"
"#);

// `"*"` without credentials.
static ANY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
expose_headers = "*"
"#);

fn main() {
    let response = actual(&POLICY, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://app.example.com"));
    assert_eq!(
        get(&response, ACCESS_CONTROL_EXPOSE_HEADERS),
        Some("x-custom-header, x-another-header")
    );
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), None);
    // Only for allowed origins.
    assert_eq!(get(&actual(&POLICY, "https://evil.example.com"), ACCESS_CONTROL_EXPOSE_HEADERS), None);

    let response = actual(&ONE_STRING, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("x-custom-header"));

    let response = actual(&ANY, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("*"));
}
