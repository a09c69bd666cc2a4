// SPEC §1.4: `{{ env.NAME }}` of a variable the build environment does not have is an
// error naming it and the key, in any string value of the cors table.
// `CORS_TEST_NEVER_SET` is never set (tests/compile.rs).
use cors_runtime::{cors_policy, CorsPolicy};

static METHODS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["{{ env.CORS_TEST_NEVER_SET }}"]
"#);

static HEADERS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_headers = "{{ env.CORS_TEST_NEVER_SET }}"
"#);

static MAX_AGE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "{{ env.CORS_TEST_NEVER_SET }}"
"#);

fn main() {}
