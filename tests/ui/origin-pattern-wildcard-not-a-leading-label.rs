// SPEC §1.4: in a pattern, `*` is only a whole leading label, `*.`, standing for one or more
// labels before a fixed domain. A `*` glued to a label, in the middle of the host, twice,
// or doubled is an error.
use cors_runtime::{cors_policy, CorsPolicy};

static GLUED_TO_A_LABEL: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://*example.com"]
"#);

static IN_THE_MIDDLE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://foo.*.example.com"]
"#);

static TWO_WILDCARD_LABELS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://*.*.example.com"]
"#);

static DOUBLED: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://**.example.com"]
"#);

fn main() {}
