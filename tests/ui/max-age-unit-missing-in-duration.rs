// SPEC §2 rule 12: a duration with a number that has no unit: the last (`"1h30"` for one
// hour and a half) or the first (`"1 30m"`). A number alone is whole seconds (`"3600"`).
use cors_runtime::{cors_policy, CorsPolicy};

static HOUR_AND_THIRTY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "1h30"
"#);

static FIRST_WITHOUT_UNIT: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "1 30m"
"#);

fn main() {}
