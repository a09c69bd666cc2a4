// SPEC §1.4 and §2 rule 7: an entry that a pattern of the same list already allows is an
// error, like a duplicate.
use cors_runtime::{cors_policy, CorsPolicy};

// An origin under a subdomain pattern, listed after it.
static ORIGIN_UNDER_SUBDOMAINS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://*.example.com", "https://a.example.com"]
"#);

// A pattern inside a wider one, listed before it.
static PATTERN_UNDER_ANY_PORT: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://*.example.com", "https://*.example.com:*"]
"#);

// One port of an any-port pattern.
static PORT_UNDER_ANY_PORT: CorsPolicy = cors_policy!(r#"
allow_origins = ["http://localhost:3000", "http://localhost:*"]
"#);

// A narrower pattern and a port, both under a pattern of any port.
static UNDER_SUBDOMAINS_ANY_PORT: CorsPolicy = cors_policy!(r#"
allow_origins = [
  "https://*.a.example.com",
  "https://*.example.com:*",
  "https://b.example.com:8443",
]
"#);

fn main() {}
