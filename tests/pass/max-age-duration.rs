// SPEC §1.2: `max_age` as a duration string, as Nexus writes it.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{get, preflight};

static ONE_HOUR: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "1h"
"#);

static HOUR_AND_A_HALF: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "1h 30m"
"#);

static SECONDS: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "3600s"
"#);

static MINUTES: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "30m"
"#);

static ONE_DAY: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "1d"
"#);

fn main() {
    for (policy, seconds) in [
        (&ONE_HOUR, "3600"),
        (&HOUR_AND_A_HALF, "5400"),
        (&SECONDS, "3600"),
        (&MINUTES, "1800"),
        (&ONE_DAY, "86400"),
    ] {
        let answer = preflight(policy, "https://app.example.com", "GET", "");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(get(answer.headers(), ACCESS_CONTROL_MAX_AGE), Some(seconds));
    }
}
