// SPEC §2 rule 12: a `max_age` string that is not a duration.
use cors_runtime::{cors_policy, CorsPolicy};

static WORD: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "one hour"
"#);

static UNKNOWN_UNIT: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "2 weeks"
"#);

static EMPTY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = ""
"#);

fn main() {}
