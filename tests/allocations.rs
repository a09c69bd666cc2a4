//! SPEC §4 "Precomputed": answering a request allocates nothing on the heap beyond the
//! response map itself, whether the policy was built by `cors_policy!` or loaded from the
//! same TOML at run time (SPEC §6): every measurement is made on each. A counting global allocator (its own test binary, so that no other
//! test shares it) counts the allocations made by the current thread; each measurement
//! runs on its test's thread, so tests running in parallel do not disturb one another.
//!
//! Request values are built with `HeaderValue::from_static`: a value built by `from_bytes`
//! or `from_str` is backed by a heap buffer that `Bytes` may have to promote to a shared
//! allocation the first time it is cloned, and an echoed request value is cloned. That
//! allocation belongs to how the request was built, not to the policy, so it is kept out
//! of the measurements.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::*;
use cors_runtime::CorsPolicy;
use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};

// ---------------------------------------------------------------------------------------
// The counting allocator.
// ---------------------------------------------------------------------------------------

thread_local! {
    /// Allocations (and reallocations) made by this thread. A `const`-initialized `Cell`
    /// of a type without destructor: reading or writing it never allocates and never
    /// registers a destructor, so the allocator may use it.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct CountingAllocator;

fn record_allocation() {
    // `try_with`: while a thread is being torn down its slot may be gone; such
    // allocations are not ours to count.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record_allocation();
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record_allocation();
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record_allocation();
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// The allocations this thread makes while running `f`, and its result (dropped by the
/// caller, outside the measurement).
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    let after = ALLOCATIONS.with(Cell::get);
    (after - before, result)
}

// ---------------------------------------------------------------------------------------
// Requests and responses built from static values only.
// ---------------------------------------------------------------------------------------

const ACRPN_NAME: HeaderName = HeaderName::from_static("access-control-request-private-network");

fn request(origin: Option<&'static str>) -> HeaderMap {
    let mut map = HeaderMap::with_capacity(8);
    if let Some(origin) = origin {
        map.insert(ORIGIN, HeaderValue::from_static(origin));
    }
    map
}

fn preflight_request_static(
    origin: &'static str,
    method: &'static str,
    requested_headers: &[&'static str],
) -> HeaderMap {
    let mut map = request(Some(origin));
    map.insert(
        ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_static(method),
    );
    for line in requested_headers {
        map.append(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static(line),
        );
    }
    map
}

/// The handler's response headers. `HeaderMap::with_capacity(16)`: room for every header
/// `apply` may add, so that the growth of the map's own table (which any header a handler
/// or middleware adds would cause as well) is not counted against the policy.
fn handler_response(vary: Option<&'static str>) -> HeaderMap {
    let mut map = HeaderMap::with_capacity(16);
    if let Some(vary) = vary {
        map.insert(VARY, HeaderValue::from_static(vary));
    }
    map
}

/// The allocations of `policy.apply(request, response)`.
fn apply_allocations(policy: &CorsPolicy, request: &HeaderMap, response: &mut HeaderMap) -> usize {
    allocations(|| policy.apply(request, response)).0
}

/// The allocations of `policy.preflight(OPTIONS, request)`, and its answer.
fn preflight_allocations(policy: &CorsPolicy, request: &HeaderMap) -> (usize, Response<()>) {
    // A policy builds its allowed preflights' answer once, at the first it serves; what
    // is measured is every one after. A loaded policy is no different.
    drop(policy.preflight(&Method::OPTIONS, request));
    let (count, response) = allocations(|| policy.preflight(&Method::OPTIONS, request));
    (count, response.expect("a preflight"))
}

/// What building the largest possible preflight answer costs by hand: a response whose
/// map has room for the seven headers a preflight may carry (ACAO, ACAC, ACAM, ACAH, ACMA,
/// ACAPN, Vary), and those seven static values inserted. `extra_lines` more values are
/// appended under one of the names (an echoed multi-line `Access-Control-Request-Headers`).
fn response_map_baseline(extra_lines: usize) -> usize {
    let names = [
        ACCESS_CONTROL_ALLOW_ORIGIN,
        ACCESS_CONTROL_ALLOW_CREDENTIALS,
        ACCESS_CONTROL_ALLOW_METHODS,
        ACCESS_CONTROL_ALLOW_HEADERS,
        ACCESS_CONTROL_MAX_AGE,
        HeaderName::from_static("access-control-allow-private-network"),
        VARY,
    ];
    let (count, response) = allocations(|| {
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::NO_CONTENT;
        let mut map = HeaderMap::with_capacity(7);
        for name in names {
            map.insert(name, HeaderValue::from_static("value"));
        }
        for _ in 0..extra_lines {
            map.append(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("more"),
            );
        }
        *response.headers_mut() = map;
        response
    });
    drop(response);
    count
}

// ---------------------------------------------------------------------------------------
// A policy with origin patterns (SPEC §1.4).
// ---------------------------------------------------------------------------------------

twin_policies! {
    /// Exact origins and patterns, with credentials: a pattern match echoes the request's
    /// `Origin`, which must cost nothing either.
    static PATTERNS: Twin = cors_policy!(
        r#"
        allow_origins = [
            "https://example.com",
            "https://*.example.com",
            "http://localhost:*",
            "https://*.example.net:*",
        ]
        allow_methods = ["PUT"]
        allow_headers = ["x-a"]
        expose_headers = ["x-request-id"]
        allow_credentials = true
        max_age = 600
        "#
    );
}

/// `https://` and 10 000 labels `a.` before `tail`, for the whole run of the tests.
fn ten_thousand_labels(tail: &str) -> &'static str {
    let mut origin = String::from("https://");
    for _ in 0..10_000 {
        origin.push_str("a.");
    }
    origin.push_str(tail);
    Box::leak(origin.into_boxed_str())
}

// ---------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------

#[test]
fn the_counter_counts_this_threads_allocations() {
    assert_eq!(allocations(|| 1 + 1).0, 0);
    let (count, vector) = allocations(|| Vec::<u64>::with_capacity(8));
    assert_eq!(count, 1);
    drop(vector);
    let (count, map) = allocations(|| HeaderMap::<HeaderValue>::with_capacity(7));
    assert!(count >= 1, "a map with capacity allocates its table");
    drop(map);
    assert!(response_map_baseline(0) >= 1);
}

#[test]
fn apply_allocates_nothing_for_an_allowed_origin() {
    for (name, twin, origin) in [
        ("DOC_REFERENCE", &DOC_REFERENCE, "https://app.example.com"),
        ("DOC_REFERENCE", &DOC_REFERENCE, "http://localhost:3000"),
        ("DOC_SPA", &DOC_SPA, "https://spa.example.com"),
        ("DOC_MOBILE", &DOC_MOBILE, "capacitor://localhost"),
        (
            "CREDENTIALS_ECHO",
            &CREDENTIALS_ECHO,
            "https://app.example.com",
        ),
        ("EXPOSE_ANY", &EXPOSE_ANY, "https://app.example.com"),
        ("ORIGIN_ONLY", &ORIGIN_ONLY, "https://app.example.com"),
    ] {
        for (variant, policy) in twin.each() {
            let request = request(Some(origin));
            let mut response = handler_response(None);
            assert_eq!(
                apply_allocations(policy, &request, &mut response),
                0,
                "{name} ({variant}): {origin}"
            );
            assert_eq!(
                response[ACCESS_CONTROL_ALLOW_ORIGIN], origin,
                "{name} ({variant})"
            );
        }
    }
}

#[test]
fn apply_allocates_nothing_for_other_origins_and_non_cors_requests() {
    for (name, twin) in ALL_POLICIES {
        for (variant, policy) in twin.each() {
            for origin in [
                None,
                Some("https://evil.example"),
                Some("https://app.example.com.evil.com"),
                Some("null"),
                Some(""),
            ] {
                let request = request(origin);
                let mut response = handler_response(None);
                assert_eq!(
                    apply_allocations(policy, &request, &mut response),
                    0,
                    "{name} ({variant}): {origin:?}"
                );
            }
            // Two Origin lines.
            let mut request = request(Some("https://app.example.com"));
            request.append(ORIGIN, HeaderValue::from_static("https://app.example.com"));
            let mut response = handler_response(None);
            assert_eq!(
                apply_allocations(policy, &request, &mut response),
                0,
                "{name} ({variant}): two lines"
            );
        }
    }
}

#[test]
fn apply_allocates_nothing_for_a_wildcard_policy() {
    for (name, twin) in [
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
        ("ANY_EVERYTHING", &ANY_EVERYTHING),
    ] {
        for (variant, policy) in twin.each() {
            for origin in [None, Some("https://anything.example")] {
                let request = request(origin);
                let mut response = handler_response(Some("accept-encoding"));
                assert_eq!(
                    apply_allocations(policy, &request, &mut response),
                    0,
                    "{name} ({variant})"
                );
                assert_eq!(
                    response[ACCESS_CONTROL_ALLOW_ORIGIN], "*",
                    "{name} ({variant})"
                );
            }
        }
    }
}

#[test]
fn apply_allocates_nothing_when_vary_already_names_origin_or_star() {
    for (variant, policy) in DOC_REFERENCE.each() {
        for vary in ["origin", "Origin", "accept-encoding, Origin", "*"] {
            for origin in [
                Some("https://app.example.com"),
                Some("https://evil.example"),
                None,
            ] {
                let request = request(origin);
                let mut response = handler_response(Some(vary));
                assert_eq!(
                    apply_allocations(policy, &request, &mut response),
                    0,
                    "{variant}: {vary}"
                );
            }
        }
    }
}

#[test]
fn apply_appends_vary_without_allocating_more_than_the_map_needs() {
    // A second Vary line goes to the map's storage of extra values, which `with_capacity`
    // does not reserve: whatever appending one static value to the same map costs, and
    // nothing more.
    let mut map = handler_response(Some("accept-encoding"));
    let baseline = allocations(|| map.append(VARY, HeaderValue::from_static("origin"))).0;
    drop(map);
    for (variant, policy) in DOC_REFERENCE.each() {
        // No Vary yet: `origin` is a new entry, for which the map has room.
        let request_allowed = request(Some("https://app.example.com"));
        let mut response = handler_response(None);
        assert_eq!(
            apply_allocations(policy, &request_allowed, &mut response),
            0,
            "{variant}"
        );

        for origin in [
            Some("https://app.example.com"),
            Some("https://evil.example"),
            None,
        ] {
            let request = request(origin);
            let mut response = handler_response(Some("accept-encoding"));
            let count = apply_allocations(policy, &request, &mut response);
            eprintln!(
                "{variant}: Vary appended for {origin:?}: {count} allocations (baseline \
                 {baseline})"
            );
            assert!(
                count <= baseline,
                "{variant}: {origin:?}: {count} allocations, appending costs {baseline}"
            );
            assert_eq!(
                vary_tokens(&response),
                ["accept-encoding", "origin"],
                "{variant}"
            );
        }
    }
}

#[test]
fn apply_finds_the_last_of_twenty_origins_without_allocating() {
    for (variant, policy) in MANY_ORIGINS.each() {
        for origin in [
            "https://zz.example.net",
            "https://app.example.com:8443",
            "https://a10.example.com",
            "https://a01.example.com",
            "ionic://localhost",
        ] {
            let request = request(Some(origin));
            let mut response = handler_response(None);
            assert_eq!(
                apply_allocations(policy, &request, &mut response),
                0,
                "{variant}: {origin}"
            );
            assert_eq!(response[ACCESS_CONTROL_ALLOW_ORIGIN], origin, "{variant}");
        }
        for miss in [
            "https://zz.example.nez",
            "https://a11.example.com",
            "https://example.com",
        ] {
            let request = request(Some(miss));
            let mut response = handler_response(None);
            assert_eq!(
                apply_allocations(policy, &request, &mut response),
                0,
                "{variant}: {miss}"
            );
            assert!(
                !response.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
                "{variant}: {miss}"
            );
        }
    }
}

#[test]
fn apply_twice_allocates_nothing_the_second_time() {
    for (variant, policy) in DOC_REFERENCE.each() {
        let request = request(Some("https://app.example.com"));
        let mut response = handler_response(Some("accept-encoding"));
        policy.apply(&request, &mut response);
        assert_eq!(
            apply_allocations(policy, &request, &mut response),
            0,
            "{variant}"
        );
    }
}

#[test]
fn allowed_preflight_allocates_only_its_response_map() {
    let baseline = response_map_baseline(0);
    let cases: [(&str, &Twin, HeaderMap); 12] = [
        (
            "PATTERNS (subdomain, echoed origin)",
            &PATTERNS,
            preflight_request_static("https://a.b.example.com", "PUT", &["x-a"]),
        ),
        (
            "PATTERNS (any port, echoed origin)",
            &PATTERNS,
            preflight_request_static("http://localhost:5173", "PUT", &[]),
        ),
        (
            "PATTERNS (exact origin)",
            &PATTERNS,
            preflight_request_static("https://example.com", "PUT", &["x-a"]),
        ),
        (
            "DOC_REFERENCE",
            &DOC_REFERENCE,
            preflight_request_static(
                "https://app.example.com",
                "POST",
                &["authorization,content-type"],
            ),
        ),
        (
            "DOC_SPA",
            &DOC_SPA,
            preflight_request_static("https://spa.example.com", "DELETE", &["x-csrf-token"]),
        ),
        (
            "DOC_DEVELOPMENT",
            &DOC_DEVELOPMENT,
            preflight_request_static("https://x.example", "PATCH", &["authorization"]),
        ),
        (
            "ANY_EVERYTHING",
            &ANY_EVERYTHING,
            preflight_request_static("https://x.example", "PURGE", &["x-a"]),
        ),
        (
            "CREDENTIALS_ECHO (prebuilt method)",
            &CREDENTIALS_ECHO,
            preflight_request_static(
                "https://app.example.com",
                "PATCH",
                &["x-custom,authorization"],
            ),
        ),
        (
            "CREDENTIALS_ECHO (echoed method)",
            &CREDENTIALS_ECHO,
            preflight_request_static("https://app.example.com", "PURGE", &["x-custom"]),
        ),
        (
            "DOC_LOCAL_DEVELOPMENT (echo)",
            &DOC_LOCAL_DEVELOPMENT,
            preflight_request_static("http://10.0.2.2:8000", "PUT", &[]),
        ),
        (
            "MANY_ORIGINS (last origin)",
            &MANY_ORIGINS,
            preflight_request_static("https://zz.example.net", "PUT", &[]),
        ),
        ("PRIVATE_NETWORK", &PRIVATE_NETWORK, {
            let mut map =
                preflight_request_static("https://app.example.com", "PUT", &["content-type"]);
            map.insert(ACRPN_NAME, HeaderValue::from_static("true"));
            map
        }),
    ];
    for (name, twin, request) in cases {
        for (variant, policy) in twin.each() {
            let (count, response) = preflight_allocations(policy, &request);
            eprintln!("{name} ({variant}): {count} allocations (baseline {baseline})");
            assert_eq!(
                response.status(),
                StatusCode::NO_CONTENT,
                "{name} ({variant})"
            );
            assert!(
                count <= baseline,
                "{name} ({variant}): {count} allocations, building the response map costs \
                 {baseline}"
            );
        }
    }
}

#[test]
fn echoing_a_multi_line_request_headers_allocates_only_the_extra_lines() {
    // Each further line of an echoed ACRH is one more value in the response map.
    let baseline = response_map_baseline(2);
    let request = preflight_request_static(
        "https://app.example.com",
        "PUT",
        &["x-a", "x-b", "authorization"],
    );
    for (variant, policy) in CREDENTIALS_ECHO.each() {
        let (count, response) = preflight_allocations(policy, &request);
        eprintln!("{variant}: three echoed lines: {count} allocations (baseline {baseline})");
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{variant}");
        assert_eq!(
            values(response.headers(), "access-control-allow-headers").len(),
            3,
            "{variant}"
        );
        assert!(
            count <= baseline,
            "{variant}: {count} allocations, building the response map costs {baseline}"
        );
    }
}

#[test]
fn refused_preflight_allocates_only_its_response_map() {
    let baseline = response_map_baseline(0);
    let many_commas: &'static str = Box::leak(",".repeat(1 << 20).into_boxed_str());
    let long_miss = ten_thousand_labels("example.org");
    let cases: [(&str, &Twin, HeaderMap); 12] = [
        (
            "PATTERNS, look-alike origin",
            &PATTERNS,
            preflight_request_static("https://evil-example.com", "PUT", &[]),
        ),
        (
            "PATTERNS, default port",
            &PATTERNS,
            preflight_request_static("https://a.example.com:443", "PUT", &[]),
        ),
        (
            "PATTERNS, 10 000 labels",
            &PATTERNS,
            preflight_request_static(long_miss, "PUT", &[]),
        ),
        (
            "PATTERNS, unlisted method",
            &PATTERNS,
            preflight_request_static("https://a.example.com", "DELETE", &[]),
        ),
        (
            "DOC_REFERENCE, other origin",
            &DOC_REFERENCE,
            preflight_request_static("https://evil.example", "POST", &[]),
        ),
        (
            "DOC_REFERENCE, unlisted method",
            &DOC_REFERENCE,
            preflight_request_static("https://app.example.com", "DELETE", &[]),
        ),
        (
            "DOC_REFERENCE, unlisted header",
            &DOC_REFERENCE,
            preflight_request_static("https://app.example.com", "POST", &["x-evil"]),
        ),
        (
            "CREDENTIALS_ECHO, other origin",
            &CREDENTIALS_ECHO,
            preflight_request_static("https://evil.example", "PURGE", &["x-a"]),
        ),
        (
            "CREDENTIALS_ECHO, non-token header",
            &CREDENTIALS_ECHO,
            preflight_request_static("https://app.example.com", "PUT", &["x a"]),
        ),
        (
            "ANY_EVERYTHING, a megabyte of commas",
            &ANY_EVERYTHING,
            preflight_request_static("https://x.example", "PUT", &[many_commas]),
        ),
        ("ANY_EVERYTHING, private network", &ANY_EVERYTHING, {
            let mut map = preflight_request_static("https://x.example", "PUT", &[]);
            map.insert(ACRPN_NAME, HeaderValue::from_static("true"));
            map
        }),
        (
            "MANY_ORIGINS, near miss",
            &MANY_ORIGINS,
            preflight_request_static("https://zz.example.nez", "PUT", &[]),
        ),
    ];
    for (name, twin, request) in cases {
        for (variant, policy) in twin.each() {
            let (count, response) = preflight_allocations(policy, &request);
            eprintln!("{name} ({variant}): {count} allocations (baseline {baseline})");
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{name} ({variant})"
            );
            assert!(
                count <= baseline,
                "{name} ({variant}): {count} allocations, building the response map costs \
                 {baseline}"
            );
        }
    }
}

#[test]
fn non_preflights_allocate_nothing_in_preflight() {
    for (name, twin) in ALL_POLICIES {
        for (variant, policy) in twin.each() {
            let request = preflight_request_static("https://app.example.com", "PUT", &["x-a"]);
            let (count, answer) = allocations(|| policy.preflight(&Method::PUT, &request));
            assert!(answer.is_none());
            assert_eq!(count, 0, "{name} ({variant}): not OPTIONS");
            let no_origin = {
                let mut map = request.clone();
                map.remove(ORIGIN);
                map
            };
            let (count, answer) = allocations(|| policy.preflight(&Method::OPTIONS, &no_origin));
            assert!(answer.is_none());
            assert_eq!(count, 0, "{name} ({variant}): no Origin");
        }
    }
}

#[test]
fn apply_allocates_nothing_for_an_origin_a_pattern_allows() {
    for (variant, policy) in PATTERNS.each() {
        for origin in [
            "https://a.example.com",
            "https://a.b.example.com",
            "http://localhost",
            "http://localhost:3000",
            "https://a.example.net",
            "https://a.example.net:8443",
            // The exact origin beside the patterns.
            "https://example.com",
        ] {
            let request = request(Some(origin));
            let mut response = handler_response(None);
            assert_eq!(
                apply_allocations(policy, &request, &mut response),
                0,
                "{variant}: {origin}"
            );
            assert_eq!(response[ACCESS_CONTROL_ALLOW_ORIGIN], origin, "{variant}");
            assert_eq!(
                response[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true",
                "{variant}"
            );
        }
    }
}

#[test]
fn apply_allocates_nothing_for_an_origin_no_pattern_allows() {
    for (variant, policy) in PATTERNS.each() {
        for origin in [
            "https://evil-example.com",
            "https://example.com.evil.com",
            "https://a.example.com.",
            "https://A.example.com",
            "https://a.example.com:443",
            "https://a.example.com:8443",
            "https://x@a.example.com",
            "http://localhost:0",
            "http://localhost:65536",
            "http://localhost:080",
            "http://localhost:80",
            "null",
            "",
        ] {
            let request = request(Some(origin));
            let mut response = handler_response(None);
            assert_eq!(
                apply_allocations(policy, &request, &mut response),
                0,
                "{variant}: {origin}"
            );
            assert!(
                !response.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
                "{variant}: {origin}"
            );
        }
    }
}

#[test]
fn apply_allocates_nothing_for_a_long_origin() {
    for (variant, policy) in PATTERNS.each() {
        for (origin, allowed) in [
            (ten_thousand_labels("example.com"), true),
            (ten_thousand_labels("example.net:8443"), true),
            (ten_thousand_labels("example.org"), false),
            (ten_thousand_labels("example.com."), false),
        ] {
            let request = request(Some(origin));
            let mut response = handler_response(None);
            assert_eq!(
                apply_allocations(policy, &request, &mut response),
                0,
                "{variant}: {}…",
                &origin[origin.len() - 20..]
            );
            assert_eq!(
                response.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
                allowed,
                "{variant}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// The two steps of a server without tower (SPEC §9.5): the origin's decision read before
// the handler, applied to its response after.
// ---------------------------------------------------------------------------------------

#[test]
fn deciding_the_origin_and_applying_the_decision_allocate_nothing() {
    let cases: [(&str, &Twin, Option<&'static str>, Option<bool>); 7] = [
        (
            "listed",
            &DOC_REFERENCE,
            Some("https://app.example.com"),
            None,
        ),
        ("matched", &PATTERNS, Some("https://a.b.example.com"), None),
        (
            "any origin",
            &DOC_DEVELOPMENT,
            Some("https://x.example"),
            None,
        ),
        (
            "resolver-allowed",
            &PATTERNS,
            Some("https://shop.acme.com"),
            Some(true),
        ),
        (
            "resolver-refused",
            &PATTERNS,
            Some("https://shop.acme.com"),
            Some(false),
        ),
        ("refused", &DOC_REFERENCE, Some("null"), None),
        ("not CORS", &DOC_REFERENCE, None, None),
    ];
    for (what, twin, origin, resolved) in cases {
        for (variant, policy) in twin.each() {
            let request = request(origin);
            let (decided, mut decision) = allocations(|| policy.decide_origin(&request));
            assert_eq!(decided, 0, "{what} ({variant}): decide_origin");
            if let Some(allowed) = resolved {
                assert!(decision.to_resolve().is_some(), "{what} ({variant})");
                decision.resolve(allowed);
            }
            let mut response = handler_response(None);
            let (applied, ()) = allocations(|| policy.apply_with(&decision, &mut response));
            assert_eq!(applied, 0, "{what} ({variant}): apply_with");
            let mut expected = handler_response(None);
            if resolved != Some(true) {
                policy.apply(&request, &mut expected);
                assert_eq!(response, expected, "{what} ({variant})");
            } else {
                assert_eq!(
                    response[ACCESS_CONTROL_ALLOW_ORIGIN], "https://shop.acme.com",
                    "{what} ({variant})"
                );
            }
        }
    }
}
