// SPEC §1.4: with credentials, a pattern whose fixed part is a public suffix is an error:
// anyone can register a name there and read credentialed responses. (Without credentials
// it compiles: tests/pass/origin-patterns.rs.)
use cors_runtime::{cors_policy, CorsPolicy};

static TOP_LEVEL_DOMAIN: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://*.com"]
allow_credentials = true
"#);

static SECOND_LEVEL_SUFFIX: CorsPolicy = cors_policy!(r#"
allow_credentials = true
allow_origins = ["https://*.co.uk:*"]
"#);

// A suffix from the list's private section: every user's site is under it.
static HOSTING_PROVIDER: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com", "https://*.github.io"]
allow_credentials = true
"#);

fn main() {}
