// SPEC §2 rule 5: `null` and `file:` origins are opaque: any page can forge them.
use cors_runtime::{cors_policy, CorsPolicy};

static NULL: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["null", "NULL"]
"#);

static FILE: CorsPolicy = cors_policy!(r#"
allow_origins = ["file://", "file:///home/me/index.html"]
"#);

fn main() {}
