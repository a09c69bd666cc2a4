// SPEC §2 rule 6: an empty `allow_origins` allows nobody.
use cors_runtime::{cors_policy, CorsPolicy};

static EMPTY_ARRAY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = []
allow_methods = ["GET"]
"#);

static EMPTY_ARRAY_ON_LINES: CorsPolicy = cors_policy!(r#"
allow_origins = [
  # "https://app.example.com",
]
"#);

fn main() {}
