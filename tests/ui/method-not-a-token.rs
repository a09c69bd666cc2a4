// SPEC §2 rule 8: a method or header name that is not an RFC 9110 token.
use cors_runtime::{cors_policy, CorsPolicy};

static METHODS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["", "GET POST", "GET,POST", "PÄTCH", "(GET)"]
"#);

static HEADER_NAMES: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_headers = ["", "x request id", "content-type, authorization", "x-ünïcode", "x-a:"]
expose_headers = ["x-total count", "x-a,x-b"]
"#);

fn main() {}
