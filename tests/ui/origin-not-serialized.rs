// SPEC §2 rule 4: an origin must be written exactly as a browser sends it in `Origin`:
// `scheme "://" host [":" port]`, lower case, no default port.
use cors_runtime::{cors_policy, CorsPolicy};

// More than the scheme, host and port.
static PATH_QUERY_FRAGMENT_USERINFO: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = [
  "https://app.example.com/",
  "https://app.example.com/api",
  "https://app.example.com?x=1",
  "https://app.example.com#top",
  "https://user:secret@app.example.com",
  "app.example.com",
]
"#);

// Upper case and whitespace.
static CASE_AND_WHITESPACE: CorsPolicy = cors_policy!(r#"
allow_origins = [
  "https://App.example.com",
  "HTTPS://app.example.com",
  "http://LOCALHOST:3000",
  " https://app.example.com",
  "https://app.example.com ",
  "https://app .example.com",
]
"#);

// Ports: a scheme's default port, 0, above 65535, a leading zero, none after `:`.
static PORTS: CorsPolicy = cors_policy!(r#"
allow_origins = [
  "http://example.com:80",
  "ws://example.com:80",
  "https://example.com:443",
  "wss://example.com:443",
  "http://example.com:0",
  "http://example.com:65536",
  "http://example.com:99999",
  "http://example.com:08080",
  "http://example.com:",
  "http://example.com:http",
]
"#);

// Hosts: non-ASCII (punycode is required), empty labels, a trailing dot, none at all.
static HOSTS: CorsPolicy = cors_policy!(r#"
allow_origins = [
  "https://bücher.example",
  "https://app..example.com",
  "https://.example.com",
  "https://example.com.",
  "https://",
  "",
  "http://01.2.3.4",
  "http://[::0001]:8080",
]
"#);

fn main() {}
