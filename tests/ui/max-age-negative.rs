// SPEC §2 rule 12: a negative `max_age`.
use cors_runtime::{cors_policy, CorsPolicy};

static INTEGER: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = -1
"#);

static DURATION: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "-1h"
"#);

fn main() {}
