// SPEC §1.1: without a `[server]` table, the top-level keys are the cors table; beside
// Nexus's own tables they are out of place (Nexus reads them only in `[server.cors]` and
// refuses to start with them at the top level). Their values are still checked.
use cors_runtime::{cors_policy, CorsPolicy};

static BESIDE_MCP: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com/"]
max_age = "1h"

[mcp]
enabled = true

[llm]
enabled = false
"#);

fn main() {}
