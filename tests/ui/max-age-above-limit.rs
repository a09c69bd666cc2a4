// SPEC §2 rule 12: a `max_age` above 86400 seconds (Firefox's cap, the highest).
use cors_runtime::{cors_policy, CorsPolicy};

static SECONDS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = 86401
"#);

static DURATION: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "1d 1s"
"#);

static WEEK: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "7d"
"#);

fn main() {}
