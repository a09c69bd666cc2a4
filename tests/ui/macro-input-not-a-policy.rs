// The macro's own input: a TOML string literal, or `include` and a path literal.
use cors_runtime::{cors_policy, CorsPolicy};

static EMPTY: CorsPolicy = cors_policy!();

static NOT_A_STRING: CorsPolicy = cors_policy!(allow_origins = "*");

static INCLUDE_WITHOUT_PATH: CorsPolicy = cors_policy!(include);

static INCLUDE_NOT_A_LITERAL: CorsPolicy = cors_policy!(include nexus.toml);

static TRAILING_TOKENS: CorsPolicy = cors_policy!("allow_origins = '*'", "allow_methods = '*'");

fn main() {}
