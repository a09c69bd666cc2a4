// SPEC §2 rule 1: `allow_credentials = true` with `allow_origins = "*"`.
use cors_runtime::{cors_policy, CorsPolicy};

static STAR: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = "*"
allow_credentials = true
"#);

// `["*"]` means the same as `"*"`.
static STAR_IN_ARRAY: CorsPolicy = cors_policy!(r#"
allow_origins = ["*"]
allow_methods = ["GET"]
allow_credentials = true
"#);

fn main() {}
