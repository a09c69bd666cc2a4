// SPEC §2 rule 12: a sub-second part in a duration of more than a second.
use cors_runtime::{cors_policy, CorsPolicy};

static SECOND_AND_A_HALF: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "1s 500ms"
"#);

fn main() {}
