// SPEC §1.4: with credentials, a pattern over a public suffix is an error: anyone can
// register a name it matches. The list says `*.sch.uk` and `*.kawasaki.jp`: every name
// directly under `sch.uk` or `kawasaki.jp` is a public suffix, so `https://*.sch.uk`
// matches names anyone can register, exactly as `https://*.co.uk` does.
use cors_runtime::{cors_policy, CorsPolicy};

static WILDCARD_RULE: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://*.sch.uk", "https://*.kawasaki.jp"]
allow_credentials = true
"#);

fn main() {}
