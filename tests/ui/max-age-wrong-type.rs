// SPEC §2 rule 12: a `max_age` that is neither an integer nor a duration string.
use cors_runtime::{cors_policy, CorsPolicy};

static BOOLEAN: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = true
"#);

static ARRAY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = [3600]
"#);

static DATE_TIME: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = 2025-01-01T00:00:00Z
"#);

static TABLE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = { seconds = 3600 }
"#);

fn main() {}
