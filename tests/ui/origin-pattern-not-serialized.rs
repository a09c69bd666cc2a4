// SPEC §1.4 and §2 rule 4: the fixed part of a pattern follows the rules of an origin:
// lower case, no path or trailing slash, no default port, no trailing dot.
use cors_runtime::{cors_policy, CorsPolicy};

static NOT_SERIALIZED: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = [
  "https://*.Example.com",
  "https://*.example.com/",
  "https://*.example.com:443",
  "https://*.example.com.",
  "https://*..example.com",
]
"#);

fn main() {}
