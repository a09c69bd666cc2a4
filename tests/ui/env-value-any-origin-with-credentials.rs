// SPEC §1.4 and §2 rules 1 to 3: `"*"` from a variable is checked like `"*"` written out,
// and the message names the variable it came from. CORS_TEST_ANY="*" (tests/compile.rs).
use cors_runtime::{cors_policy, CorsPolicy};

static ANY_ORIGIN_WITH_CREDENTIALS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = "{{ env.CORS_TEST_ANY }}"
allow_credentials = true
"#);

static ANY_EXPOSED_HEADER_WITH_CREDENTIALS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
expose_headers = "{{ env.CORS_TEST_ANY }}"
allow_credentials = true
"#);

static ANY_ORIGIN_WITH_PRIVATE_NETWORK: CorsPolicy = cors_policy!(r#"
allow_origins = ["{{ env.CORS_TEST_ANY }}"]
allow_private_network = true
"#);

fn main() {}
