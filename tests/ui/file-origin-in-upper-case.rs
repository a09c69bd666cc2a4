// SPEC §2 rule 5: any `file:` origin is opaque, whatever its case.
use cors_runtime::{cors_policy, CorsPolicy};

static FILE_IN_UPPER_CASE: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["FILE:///C:/app/index.html", "File://localhost/index.html"]
"#);

fn main() {}
