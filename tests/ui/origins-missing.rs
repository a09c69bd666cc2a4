// SPEC §2 rule 6: `allow_origins` is required.
use cors_runtime::{cors_policy, CorsPolicy};

static IN_SERVER_CORS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_methods = ["GET", "POST"]
allow_credentials = true
"#);

static EMPTY_TABLE: CorsPolicy = cors_policy!(r#"
[server]
listen_address = "127.0.0.1:8000"

[server.cors]
"#);

static BARE_KEYS: CorsPolicy = cors_policy!(r#"
allow_methods = "*"
allow_headers = "*"
"#);

static EMPTY_DOCUMENT: CorsPolicy = cors_policy!("");

fn main() {}
