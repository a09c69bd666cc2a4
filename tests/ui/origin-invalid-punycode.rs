use cors_runtime::{cors_policy, CorsPolicy};

// `xn--` labels that are not the Punycode of a name: a browser cannot parse such a URL,
// so it never sends the origin.
static POLICY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://xn--a.example", "https://app.xn--zz-.example", "http://xn--"]
"#);

fn main() {}
