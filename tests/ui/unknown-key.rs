// SPEC §2 rule 13: an unknown key, with the valid keys and a "did you mean".
use cors_runtime::{cors_policy, CorsPolicy};

static MISSPELT: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origin = ["https://app.example.com"]
alow_methods = ["GET"]
max-age = 3600
allowed_headers = ["content-type"]
"#);

static OTHER_NAMES: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
credentials = true
exposed = ["x-request-id"]
enabled = true
"#);

fn main() {}
