// SPEC §2 rule 10: a forbidden request-header name in `allow_headers` (browsers set these
// themselves), or a CORS response header, which a request never carries.
use cors_runtime::{cors_policy, CorsPolicy};

static FORBIDDEN_NAMES: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
allow_headers = [
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]
"#);

// Prefixes, and any case.
static PREFIXES_AND_CASE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_headers = [
  "proxy-authorization",
  "Proxy-Connection",
  "sec-fetch-mode",
  "Sec-CH-UA",
  "Cookie",
  "HOST",
]
"#);

// CORS response headers.
static RESPONSE_HEADERS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
allow_headers = [
  "access-control-allow-origin",
  "Access-Control-Allow-Credentials",
  "access-control-allow-private-network",
  "access-control-max-age",
  "access-control-expose-headers",
]
"#);

fn main() {}
