// SPEC §1.4: in `{{ env.NAME }}`, NAME is a variable name: letters, digits and `_`, not
// starting with a digit.
use cors_runtime::{cors_policy, CorsPolicy};

static NAME_STARTS_WITH_A_DIGIT: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_headers = ["{{ env.1X }}"]
"#);

fn main() {}
