// SPEC §2 rule 12: a sub-second `max_age`, its unit in any case.
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

static MILLISECONDS_IN_UPPER_CASE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "500MS"
"#);

fn main() {}
