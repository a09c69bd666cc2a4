// SPEC §2 rule 12: a duration whose last number has no unit (`"1h30"` for one hour and a
// half).
use cors_runtime::{cors_policy, CorsPolicy};

static HOUR_AND_THIRTY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "1h30"
"#);

fn main() {}
