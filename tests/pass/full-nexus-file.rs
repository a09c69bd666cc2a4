// SPEC §1.1: a whole Nexus file: only `[server.cors]` is read; the other sections
// (including an `{{ env.… }}` value outside the cors table) are ignored, not validated.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
[server]
listen_address = "0.0.0.0:8000"

[server.health]
enabled = true
path = "/health"

[server.oauth]
url = "https://auth.example.com/.well-known/jwks.json"
poll_interval = "5m"
expected_issuer = "https://auth.example.com"
expected_audience = "nexus"

[server.oauth.protected_resource]
resource = "https://nexus.example.com"
authorization_servers = ["https://auth.example.com"]

[server.cors]
allow_origins = ["https://app.example.com"]
allow_methods = ["GET", "POST"]
allow_headers = ["authorization", "content-type", "mcp-session-id"]
allow_credentials = true
max_age = "1h"
expose_headers = ["mcp-session-id"]

[mcp]
enabled = true
path = "/mcp"

[mcp.servers.x]
url = "https://mcp.example.com/mcp"

[llm]
enabled = true
path = "/llm"

[llm.providers.openai]
type = "openai"
api_key = "{{ env.OPENAI_API_KEY }}"

[llm.providers.openai.models.gpt-4o]
"#);

fn main() {
    let response = actual(&POLICY, "https://app.example.com");
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some("https://app.example.com"));
    assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    assert_eq!(get(&response, ACCESS_CONTROL_EXPOSE_HEADERS), Some("mcp-session-id"));
    // URLs elsewhere in the file are not origins of the policy.
    assert_eq!(get(&actual(&POLICY, "https://auth.example.com"), ACCESS_CONTROL_ALLOW_ORIGIN), None);
    assert_eq!(get(&actual(&POLICY, "https://mcp.example.com"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = preflight(&POLICY, "https://app.example.com", "POST", "mcp-session-id");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(get(answer.headers(), ACCESS_CONTROL_MAX_AGE), Some("3600"));
}
