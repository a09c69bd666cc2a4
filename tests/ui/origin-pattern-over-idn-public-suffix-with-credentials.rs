// SPEC §1.4: with credentials, a pattern whose fixed part is a public suffix is an error.
// `xn--55qx5d.cn` is the ASCII form of `公司.cn`, a public suffix; origins (and so
// patterns) are written in that form.
use cors_runtime::{cors_policy, CorsPolicy};

static IDN_SUFFIX: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://*.xn--55qx5d.cn"]
allow_credentials = true
"#);

fn main() {}
