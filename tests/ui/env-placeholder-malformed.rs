// SPEC §1.4: the only placeholder is `{{ env.NAME }}`; a `{{ … }}` without `env.` is an
// error. (A name that is not a variable name and an unclosed `{{`:
// env-placeholder-name-not-a-variable-name.rs, env-placeholder-unclosed.rs.)
use cors_runtime::{cors_policy, CorsPolicy};

static WITHOUT_ENV: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["{{ CORS_TEST_APP_ORIGIN }}"]
"#);

fn main() {}
