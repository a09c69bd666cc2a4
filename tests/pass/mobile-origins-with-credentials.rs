// SPEC §2: mobile and emulator origins compile with credentials: custom schemes
// (`capacitor://localhost`, `ionic://localhost`) and an IP address with a port.
mod support;

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::StatusCode;
use support::{actual, get, preflight, private_network_preflight};

static POLICY: CorsPolicy = cors_policy!(r#"
allow_origins = ["capacitor://localhost", "ionic://localhost", "http://10.0.2.2:8000"]
allow_methods = ["GET", "POST"]
allow_headers = ["authorization"]
allow_credentials = true
"#);

fn main() {
    for origin in ["capacitor://localhost", "ionic://localhost", "http://10.0.2.2:8000"] {
        let response = actual(&POLICY, origin);
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
        assert_eq!(get(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS), Some("true"));

        let answer = preflight(&POLICY, origin, "POST", "authorization");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(get(answer.headers(), ACCESS_CONTROL_ALLOW_ORIGIN), Some(origin));
    }
    for other in ["http://localhost", "capacitor://localhost:8080", "http://10.0.2.2"] {
        assert_eq!(get(&actual(&POLICY, other), ACCESS_CONTROL_ALLOW_ORIGIN), None, "{other}");
    }
    // No private-network access unless asked for.
    let answer = private_network_preflight(&POLICY, "http://10.0.2.2:8000", "GET");
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
}
