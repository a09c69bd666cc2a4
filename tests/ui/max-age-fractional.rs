// SPEC §2 rule 12: a fractional `max_age`: browsers only read whole seconds.
use cors_runtime::{cors_policy, CorsPolicy};

static FLOAT: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = 1.5
"#);

static FRACTIONAL_DURATION: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "1.5h"
"#);

fn main() {}
