// SPEC §2 rule 11: `set-cookie` / `set-cookie2` are never exposed to scripts, and
// request-only CORS names never appear on a response.
use cors_runtime::{cors_policy, CorsPolicy};

static EXPOSED: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
expose_headers = [
  "x-request-id",
  "set-cookie",
  "Set-Cookie2",
  "origin",
  "access-control-request-method",
  "Access-Control-Request-Headers",
  "access-control-request-private-network",
]
"#);

static ONE_STRING: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
expose_headers = "Set-Cookie"
"#);

fn main() {}
