// SPEC §1.4: a `{{ env.NAME` never closed by `}}` is an error.
use cors_runtime::{cors_policy, CorsPolicy};

static UNCLOSED: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
expose_headers = ["{{ env.A"]
"#);

fn main() {}
