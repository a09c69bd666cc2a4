// SPEC §1.4: Nexus's brace globs (`{app,admin}`) are not patterns here. The help lists the
// origins a glob stands for, ready to paste, each checked: one that is not an origin is
// offered corrected, or, when there is no correction, said to be wrong.
use cors_runtime::{cors_policy, CorsPolicy};

static SUBDOMAINS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://{app,admin}.example.com"]
"#);

static PORTS_AND_SCHEMES: CorsPolicy = cors_policy!(r#"
allow_origins = [
  "http://localhost:{3000,5173}",
  "{http,https}://app.example.com",
  "https://{,www.}example.com",
]
"#);

static AN_EXPANSION_TO_CORRECT: CorsPolicy = cors_policy!(r#"
allow_origins = "https://{app,Admin}.example.com"
"#);

static AN_EXPANSION_THAT_IS_NO_ORIGIN: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://{app,admin}.example.com:0"]
"#);

static TOO_MANY_TO_LIST: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://{a,b,c,d,e}.{eu,us,asia,africa}.example.com"]
"#);

fn main() {}
