// SPEC §2 rule 14: an included file that does not exist; the message shows the resolved
// path (relative to this file's directory, like `include_str!`).
use cors_runtime::{cors_policy, CorsPolicy};

static MISSING: CorsPolicy = cors_policy!(include "no-such-nexus.toml");

static MISSING_IN_DIRECTORY: CorsPolicy = cors_policy!(include "config/../nexus/missing.toml");

fn main() {}
