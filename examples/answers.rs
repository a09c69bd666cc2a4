//! What the policy of `nexus.toml` answers to a few typical requests.
//!
//! ```text
//! cargo run --example answers
//! ```

use cors_runtime::{cors_policy, CorsPolicy};
use http::header::{
    HeaderName, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method};

static POLICY: CorsPolicy = cors_policy!(include "nexus.toml");

fn main() {
    println!("Policy: {POLICY:#?}\n");

    preflight(
        "Allowed preflight: a POST with Authorization and a JSON body, from the app",
        &[
            (ORIGIN, "https://app.example.com"),
            (ACCESS_CONTROL_REQUEST_METHOD, "POST"),
            (ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type"),
        ],
    );
    preflight(
        "Refused preflight: a DELETE, which allow_methods does not list",
        &[
            (ORIGIN, "https://app.example.com"),
            (ACCESS_CONTROL_REQUEST_METHOD, "DELETE"),
        ],
    );
    actual(
        "Actual request: a GET from the local dev server",
        Method::GET,
        &[(ORIGIN, "http://localhost:3000")],
    );
    actual(
        "Other origin: a look-alike of the app's origin gets no CORS header",
        Method::GET,
        &[(ORIGIN, "https://app.example.com.evil.example")],
    );
    actual(
        "Not a CORS request: no Origin header, only Vary",
        Method::GET,
        &[],
    );
}

fn request(headers: &[(HeaderName, &'static str)]) -> HeaderMap {
    headers
        .iter()
        .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
        .collect()
}

fn show_request(title: &str, method: &Method, request: &HeaderMap) {
    println!("== {title}");
    println!("> {method}");
    for (name, value) in request {
        println!("> {name}: {}", value.to_str().unwrap_or("(not text)"));
    }
}

fn show_response(status: &str, response: &HeaderMap) {
    println!("< {status}");
    for (name, value) in response {
        println!("< {name}: {}", value.to_str().unwrap_or("(not text)"));
    }
    println!();
}

fn preflight(title: &str, headers: &[(HeaderName, &'static str)]) {
    let request = request(headers);
    show_request(title, &Method::OPTIONS, &request);
    let response = POLICY
        .preflight(&Method::OPTIONS, &request)
        .expect("OPTIONS with Origin and Access-Control-Request-Method is a preflight");
    show_response(&response.status().to_string(), response.headers());
}

fn actual(title: &str, method: Method, headers: &[(HeaderName, &'static str)]) {
    let request = request(headers);
    show_request(title, &method, &request);
    assert!(POLICY.preflight(&method, &request).is_none());
    let mut response = HeaderMap::new();
    response.insert("content-type", HeaderValue::from_static("application/json"));
    POLICY.apply(&request, &mut response);
    show_response("200 OK (from the handler)", &response);
}
