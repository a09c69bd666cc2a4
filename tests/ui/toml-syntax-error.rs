// SPEC §2 rule 14: TOML that does not parse, with its line and column.
use cors_runtime::{cors_policy, CorsPolicy};

static UNCLOSED_ARRAY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"
allow_methods = ["GET"]
"#);

static UNQUOTED_STRING: CorsPolicy = cors_policy!(r#"
allow_origins = [https://app.example.com]
"#);

static DUPLICATE_KEY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_origins = ["http://localhost:3000"]
"#);

static UNTERMINATED_STRING: CorsPolicy = cors_policy!("allow_origins = \"https://app.example.com");

fn main() {}
