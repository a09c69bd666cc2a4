// SPEC §1.4: `:*` stands for a whole port (any, or none); a `*` inside a port is an error.
use cors_runtime::{cors_policy, CorsPolicy};

static PORT_PREFIX: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["http://localhost:8*"]
"#);

static PORT_SUFFIX: CorsPolicy = cors_policy!(r#"
allow_origins = ["http://localhost:*0"]
"#);

static DOUBLED: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://*.example.com:**"]
"#);

fn main() {}
