//! A loaded policy gives its memory back when it is dropped (SPEC §10.4): its tables are
//! its own, and the values it sends are kept once per distinct value for the process, so
//! that loading the same policy again, or one of two in turn, keeps nothing more. A global
//! allocator counts the bytes the process holds (its own test binary, with this one test,
//! so that nothing else allocates beside it).

mod common;

use std::sync::atomic::Ordering;

use common::held::{CountingAllocator, HELD};
use cors_runtime::CorsPolicy;
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN};
use http::{HeaderMap, HeaderValue, Method};

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

const LOADS: usize = 10_000;
/// What 10,000 loads may leave behind at most: far less than one leaked table a load.
const BOUND: isize = 64 * 1024;

const FIRST: &str = r#"
[server.cors]
allow_origins = ["https://app.example.com", "https://admin.example.com", "https://*.preview.example.com", "http://localhost:*"]
allow_methods = ["GET", "POST", "PUT", "DELETE"]
allow_headers = ["authorization", "content-type", "x-request-id"]
expose_headers = ["x-request-id", "x-trace-id"]
allow_credentials = true
max_age = 3600
"#;

const SECOND: &str = r#"
allow_origins = ["https://shop.example.org", "https://*.tenants.example.org"]
allow_methods = "*"
allow_headers = ["content-type"]
max_age = "10m"
"#;

/// Loads `text`, asks it once, and drops it, as a server that reloads its file would.
fn load_and_drop(text: &str) {
    let policy = CorsPolicy::from_toml(text).expect("a valid policy");
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_static("https://app.example.com"));
    let mut response = HeaderMap::new();
    policy.apply(&request, &mut response);
    drop(policy.preflight(&Method::OPTIONS, &request));
    drop(response);
}

/// The bytes `loads` leave held once they are done, after one load of each text.
fn held_after(loads: impl Fn(usize) -> &'static str) -> isize {
    load_and_drop(FIRST);
    load_and_drop(SECOND);
    let before = HELD.load(Ordering::SeqCst);
    for index in 0..LOADS {
        load_and_drop(loads(index));
    }
    HELD.load(Ordering::SeqCst) - before
}

#[test]
fn loaded_policies_give_their_memory_back() {
    let same = held_after(|_| FIRST);
    assert!(
        same < BOUND,
        "{LOADS} loads of one policy kept {same} bytes"
    );
    let alternating = held_after(|index| if index % 2 == 0 { FIRST } else { SECOND });
    assert!(
        alternating < BOUND,
        "{LOADS} loads of two policies in turn kept {alternating} bytes"
    );

    // A policy kept, as a server keeps its current one, answers as it did.
    let kept = CorsPolicy::from_toml(FIRST).unwrap();
    let mut request = HeaderMap::new();
    request.insert(
        ORIGIN,
        HeaderValue::from_static("https://a.preview.example.com"),
    );
    let mut response = HeaderMap::new();
    kept.apply(&request, &mut response);
    assert_eq!(
        response[ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://a.preview.example.com"
    );
}
