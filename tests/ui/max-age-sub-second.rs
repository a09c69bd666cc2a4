// SPEC §2 rule 12: a sub-second `max_age`.
use cors_runtime::{cors_policy, CorsPolicy};

static MILLISECONDS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "500ms"
"#);

static MICROSECONDS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "100us"
"#);

fn main() {}
