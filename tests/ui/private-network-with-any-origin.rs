// SPEC §2 rule 3: `allow_private_network = true` with `allow_origins = "*"`: any public
// site could reach the private server.
use cors_runtime::{cors_policy, CorsPolicy};

static STAR: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = "*"
allow_methods = "*"
allow_private_network = true
"#);

static STAR_IN_ARRAY: CorsPolicy = cors_policy!(r#"
allow_private_network = true
allow_origins = ["*"]
"#);

fn main() {}
