// SPEC §1.1: a Nexus file with Nexus's own tables (`[mcp]`, `[llm]`, `[telemetry]`) and no
// `[server]` table has no `[server.cors]`: Nexus would silently allow every origin. One
// error, not one per table or per key.
use cors_runtime::{cors_policy, CorsPolicy};

static MCP_AND_LLM: CorsPolicy = cors_policy!(r#"
# nexus.toml
[mcp]
enabled = true
path = "/mcp"

[mcp.servers.github]
url = "https://api.githubcopilot.com/mcp/"

[llm.providers.openai]
type = "openai"
api_key = "{{ env.OPENAI_API_KEY }}"
"#);

// The cors keys written in another section are not the cors table.
static KEYS_IN_THE_WRONG_SECTION: CorsPolicy = cors_policy!(r#"
[telemetry]
service_name = "nexus"
allow_origins = ["https://app.example.com"]
"#);

fn main() {}
