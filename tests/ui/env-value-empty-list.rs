// SPEC §1.4 and §2 rule 6: a list variable that holds no entry leaves `allow_origins`
// empty; the message names the variable. CORS_TEST_NO_ENTRIES=" , " (tests/compile.rs).
use cors_runtime::{cors_policy, CorsPolicy};

static NO_ENTRIES: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["{{ env.CORS_TEST_NO_ENTRIES }}"]
"#);

fn main() {}
