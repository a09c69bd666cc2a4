// SPEC §1.1: a document with a `server` table but no `server.cors` (Nexus would silently
// allow every origin).
use cors_runtime::{cors_policy, CorsPolicy};

static SERVER_ONLY: CorsPolicy = cors_policy!(r#"
[server]
listen_address = "127.0.0.1:8000"

[server.health]
enabled = true
path = "/health"

[mcp]
enabled = true
"#);

static FROM_FILE: CorsPolicy = cors_policy!(include "server-table-without-cors.toml");

fn main() {}
