// SPEC §1.4: `*` alone is not a host pattern; it would allow every site (`"*"` says that).
use cors_runtime::{cors_policy, CorsPolicy};

static ANY_HOST: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://*"]
"#);

static ANY_HOST_ANY_PORT: CorsPolicy = cors_policy!(r#"
allow_origins = ["http://*:*"]
"#);

fn main() {}
