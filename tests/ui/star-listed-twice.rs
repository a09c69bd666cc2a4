// SPEC §2 rules 6 and 7: `"*"` listed twice is a duplicate entry.
use cors_runtime::{cors_policy, CorsPolicy};

static STAR_TWICE: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["*", "*"]
allow_methods = ["*", "*"]
"#);

fn main() {}
