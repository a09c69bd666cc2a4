// SPEC §1.2: `max_age` as a string, as Nexus writes it: a duration, its units in any case,
// or whole seconds (in Nexus the only way to write plain seconds).
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

static WHOLE_SECONDS: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com"]
max_age = "3600"
"#);

static ONE_HOUR_IN_UPPER_CASE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "1H"
"#);

static MINUTES_IN_UPPER_CASE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "30M"
"#);

static MIXED_CASE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "1h 30M"
"#);

static SECONDS_IN_UPPER_CASE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "10S"
"#);

static ONE_DAY_IN_UPPER_CASE: CorsPolicy = cors_policy!(r#"
allow_origins = ["https://app.example.com"]
max_age = "1D"
"#);

fn main() {
    for (policy, seconds) in [
        (&ONE_HOUR, "3600"),
        (&HOUR_AND_A_HALF, "5400"),
        (&SECONDS, "3600"),
        (&MINUTES, "1800"),
        (&ONE_DAY, "86400"),
        (&WHOLE_SECONDS, "3600"),
        (&ONE_HOUR_IN_UPPER_CASE, "3600"),
        (&MINUTES_IN_UPPER_CASE, "1800"),
        (&MIXED_CASE, "5400"),
        (&SECONDS_IN_UPPER_CASE, "10"),
        (&ONE_DAY_IN_UPPER_CASE, "86400"),
    ] {
        let answer = preflight(policy, "https://app.example.com", "GET", "");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(get(answer.headers(), ACCESS_CONTROL_MAX_AGE), Some(seconds));
    }
}
