// SPEC §1.2 and §2 rule 12: whole seconds in a string, as Nexus writes plain seconds, are
// checked like `max_age` written unquoted: not above 86400, not negative.
use cors_runtime::{cors_policy, CorsPolicy};

static ABOVE_THE_LIMIT: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "100000"
"#);

static NEGATIVE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "-5"
"#);

static BEYOND_ANY_INTEGER: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "99999999999999999999"
"#);

fn main() {}
