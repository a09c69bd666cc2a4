// SPEC §1.4: `*.` stands for DNS labels; an IP address has none.
use cors_runtime::{cors_policy, CorsPolicy};

static IPV4: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://*.1.2.3.4"]
"#);

static IPV6: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://*.[::1]"]
"#);

fn main() {}
