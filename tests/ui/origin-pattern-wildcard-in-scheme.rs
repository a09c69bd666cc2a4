// SPEC §1.4: the scheme of a pattern is written out; `*` never stands for (part of) it.
use cors_runtime::{cors_policy, CorsPolicy};

static ANY_SCHEME: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["*://app.example.com"]
"#);

static PART_OF_THE_SCHEME: CorsPolicy = cors_policy!(r#"
allow_origins = ["http*://app.example.com"]
"#);

fn main() {}
