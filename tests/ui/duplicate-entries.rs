// SPEC §2 rule 7: a duplicate entry in any list, after normalization, naming both places.
use cors_runtime::{cors_policy, CorsPolicy};

static ORIGINS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = [
  "https://app.example.com",
  "http://localhost:3000",
  "https://app.example.com",
]
"#);

// `get` is normalized to `GET` (§1.3); header names to lower case.
static METHODS_AND_HEADERS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_methods = ["get", "POST", "GET"]
allow_headers = ["X-A", "content-type", "x-a"]
expose_headers = ["x-request-id", "X-Request-Id", "x-request-id"]
"#);

fn main() {}
