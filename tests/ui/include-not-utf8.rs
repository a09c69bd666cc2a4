// SPEC §2 rule 14: an included file that is not UTF-8 (here Latin-1: `é` is the byte 0xE9).
use cors_runtime::{cors_policy, CorsPolicy};

static LATIN_1: CorsPolicy = cors_policy!(include "include-not-utf8.toml");

fn main() {}
