// SPEC §1.1: a whole Nexus file: only `[server.cors]` is read; the other sections
// (including an `{{ env.… }}` value outside the cors table) are ignored, not validated.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


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

// Requests as a browser sends them, and the header values answered.

fn preflight(policy: &CorsPolicy, origin: &str, method: &str, headers: &str) -> Response<()> {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    request.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_str(method).unwrap());
    if !headers.is_empty() {
        request.insert(ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_str(headers).unwrap());
    }
    policy
        .preflight(&Method::OPTIONS, &request)
        .expect("OPTIONS with Origin and Access-Control-Request-Method is a preflight")
}

fn actual(policy: &CorsPolicy, origin: &str) -> HeaderMap {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    assert!(policy.preflight(&Method::GET, &request).is_none());
    let mut response = HeaderMap::new();
    policy.apply(&request, &mut response);
    response
}

fn get<'a>(headers: &'a HeaderMap, name: impl AsHeaderName) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}
