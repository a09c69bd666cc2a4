// SPEC §2 rule 12: a `max_age` far above 86400, beyond the range of a 64-bit integer.
use cors_runtime::{cors_policy, CorsPolicy};

static BEYOND_I64: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = 99999999999999999999
"#);

fn main() {}
