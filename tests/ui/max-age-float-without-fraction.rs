// SPEC §2 rule 12: `max_age` must be an integer; `3600.0` is a TOML float.
use cors_runtime::{cors_policy, CorsPolicy};

static WHOLE_FLOAT: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = 3600.0
"#);

fn main() {}
