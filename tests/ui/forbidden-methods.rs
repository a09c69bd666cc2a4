// SPEC §2 rule 9: CONNECT, TRACE and TRACK, in any case: browsers never send them.
use cors_runtime::{cors_policy, CorsPolicy};

static FORBIDDEN: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["GET", "CONNECT", "trace", "Track"]
"#);

static ONE_STRING: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_methods = "TRACE"
"#);

fn main() {}
