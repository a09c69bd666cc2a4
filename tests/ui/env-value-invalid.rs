// SPEC §1.4: a substituted value is checked like any other, and the message names the
// variable it came from. The variables are set in tests/compile.rs.
use cors_runtime::{cors_policy, CorsPolicy};

// CORS_TEST_ORIGIN_WITH_SLASH="https://a.com/"
static TRAILING_SLASH: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["{{ env.CORS_TEST_ORIGIN_WITH_SLASH }}"]
"#);

// CORS_TEST_ORIGIN_LIST_ONE_BAD="https://a.example.com, https://B.example.com, https://c.example.com"
static ONE_BAD_ENTRY_IN_A_LIST: CorsPolicy = cors_policy!(r#"
allow_origins = ["http://localhost:3000", "{{ env.CORS_TEST_ORIGIN_LIST_ONE_BAD }}"]
"#);

// CORS_TEST_MAX_AGE_NOT_A_DURATION="soon"
static MAX_AGE_NOT_A_DURATION: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "{{ env.CORS_TEST_MAX_AGE_NOT_A_DURATION }}"
"#);

fn main() {}
