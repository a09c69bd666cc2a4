// SPEC §2: mistakes in an included file are located as `FILE:LINE:COLUMN` of the value
// inside that file, the Rust span being the macro's literal.
use cors_runtime::{cors_policy, CorsPolicy};

// A whole Nexus file: only `[server.cors]` is checked.
static NEXUS: CorsPolicy = cors_policy!(include "include-error-located-in-file.toml");

// A file that does not parse.
static SYNTAX: CorsPolicy = cors_policy!(include "include-syntax-error.toml");

fn main() {}
