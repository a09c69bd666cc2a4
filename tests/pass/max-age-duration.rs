// SPEC §1.2: `max_age` as a duration string, as Nexus writes it.
use cors_runtime::{cors_policy, CorsPolicy};
use http::header::*;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};


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

// Requests as a browser sends them, and the header values answered.

fn preflight(policy: &CorsPolicy, origin: &str, method: &str, headers: &str) -> Response<()> {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    request.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_str(method).unwrap());
    if !headers.is_empty() {
        request.insert(ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_str(headers).unwrap());
    }
    policy
        .preflight(&Method::OPTIONS, &request)
        .expect("OPTIONS with Origin and Access-Control-Request-Method is a preflight")
}

fn actual(policy: &CorsPolicy, origin: &str) -> HeaderMap {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    assert!(policy.preflight(&Method::GET, &request).is_none());
    let mut response = HeaderMap::new();
    policy.apply(&request, &mut response);
    response
}

fn get<'a>(headers: &'a HeaderMap, name: impl AsHeaderName) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}
