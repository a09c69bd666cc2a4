// SPEC §1.4 and §2 rule 12: whole seconds from a variable are checked like `max_age`
// written unquoted, and the message names the variable they came from. The variables are
// set in tests/compile.rs.
use cors_runtime::{cors_policy, CorsPolicy};

// CORS_TEST_MAX_AGE_TOO_LONG="100000"
static ABOVE_THE_LIMIT: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "{{ env.CORS_TEST_MAX_AGE_TOO_LONG }}"
"#);

// CORS_TEST_MAX_AGE_NEGATIVE="-5"
static NEGATIVE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "{{ env.CORS_TEST_MAX_AGE_NEGATIVE }}"
"#);

fn main() {}
