// SPEC §2 rule 6 (and §1.2): `"*"` next to other entries in one array.
use cors_runtime::{cors_policy, CorsPolicy};

static ORIGINS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com", "*"]
"#);

static METHODS_HEADERS_EXPOSED: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_methods = ["*", "GET"]
allow_headers = ["content-type", "*"]
expose_headers = ["*", "x-request-id"]
"#);

fn main() {}
