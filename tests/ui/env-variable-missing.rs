// SPEC §1.4: `{{ env.NAME }}` of a variable the build environment does not have is an
// error naming it. `CORS_TEST_NEVER_SET` is never set (tests/compile.rs).
use cors_runtime::{cors_policy, CorsPolicy};

static MISSING: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com", "{{ env.CORS_TEST_NEVER_SET }}"]
"#);

// Inside a value.
static MISSING_INSIDE_A_VALUE: CorsPolicy = cors_policy!(r#"
allow_origins = "https://api.{{env.CORS_TEST_NEVER_SET}}"
"#);

fn main() {}
