// SPEC §2 rule 13: `allow_origins` of the wrong type, or with an entry of the wrong type.
use cors_runtime::{cors_policy, CorsPolicy};

static INTEGER: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = 42
"#);

static INTEGER_ENTRY: CorsPolicy = cors_policy!(r#"
allow_origins = [42]
"#);

fn main() {}
