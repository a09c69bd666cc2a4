// SPEC §2: all errors of one invocation are reported together, in the order they appear.
use cors_runtime::{cors_policy, CorsPolicy};

static EVERYTHING_WRONG: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = "*"
allow_methods = ["GET", "get", "CONNECT", "PUT PATCH"]
allow_headers = ["content-type", "Host", "x-b", "X-B"]
expose_headers = "*"
allow_credentials = true
allow_private_network = true
max_age = 90000
allow_origin = "https://app.example.com"
"#);

fn main() {}
