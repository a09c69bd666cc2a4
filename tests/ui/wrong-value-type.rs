// SPEC §2 rule 13: a value of the wrong type.
use cors_runtime::{cors_policy, CorsPolicy};

static BOOLEANS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_credentials = "yes"
allow_private_network = 1
"#);

static LISTS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_methods = ["GET", 1]
allow_headers = true
expose_headers = { name = "x-request-id" }
allow_credentials = "false"
"#);

static CORS_NOT_A_TABLE: CorsPolicy = cors_policy!(r#"
[server]
cors = "*"
"#);

fn main() {}
