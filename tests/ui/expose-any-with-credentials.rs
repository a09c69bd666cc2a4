// SPEC §2 rule 2: `allow_credentials = true` with `expose_headers = "*"`: browsers then
// read `*` as a header named `*`.
use cors_runtime::{cors_policy, CorsPolicy};

static STAR: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_credentials = true
expose_headers = "*"
"#);

static STAR_IN_ARRAY: CorsPolicy = cors_policy!(r#"
allow_origins = "https://app.example.com"
expose_headers = ["*"]
allow_credentials = true
"#);

fn main() {}
