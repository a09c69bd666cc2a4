// Seed configuration 5: web and mobile development origins with credentials, comments
// inside the array, and private-network access.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, private_network_preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
[server.cors]
allow_origins = [
  "http://localhost:3000", # Web dev server
  "http://localhost:8081", # React Native
  "http://10.0.2.2:8000", # Android emulator
  "capacitor://localhost", # Capacitor
  "ionic://localhost" # Ionic
]
allow_methods = ["GET", "POST", "OPTIONS"]
allow_headers = ["authorization", "content-type"]
allow_credentials = true
allow_private_network = true # For local network access
"#);

fn main() {
    for origin in [
        "http://localhost:3000",
        "http://localhost:8081",
        "http://10.0.2.2:8000",
        "capacitor://localhost",
        "ionic://localhost",
    ] {
        let response = actual(&POLICY, origin);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));
    }
    assert_eq!(get(&actual(&POLICY, "http://localhost:8000"), ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let answer = private_network_preflight(&POLICY, "capacitor://localhost", "POST");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let headers = answer.headers();
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_ORIGIN), Some("capacitor://localhost"));
    assert_eq!(get(headers, "access-control-allow-private-network"), Some("true"));
    assert_eq!(get(headers, ACCESS_CONTROL_ALLOW_METHODS), Some("GET, POST, OPTIONS"));
    assert_eq!(get(headers, ACCESS_CONTROL_MAX_AGE), None);
}
