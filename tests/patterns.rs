//! SPEC §1.4 at run time: what origin patterns allow and what they never allow.
//!
//! `https://*.example.com` allows one or more whole, lower-case DNS labels before
//! `.example.com`, with the scheme and port written in the pattern (none there: none in the
//! request); `http://localhost:*` allows any port a browser would write, or none;
//! `https://*.example.com:*` combines both. Everything else — the apex, an empty label,
//! look-alike hosts, another scheme or port, a default or leading-zero port, upper case,
//! userinfo, a path, `null`, non-UTF-8 bytes — is not allowed, and gets no CORS header.
//! An exact origin is answered with its configured value, a pattern match with the
//! request's own `Origin`, in exactly one `Access-Control-Allow-Origin`.

mod common;

use std::time::{Duration, Instant};

use common::*;
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

// ---------------------------------------------------------------------------------------
// Policies.
// ---------------------------------------------------------------------------------------

twin_policies! {
    /// Subdomains of `example.com` over https, no port; without credentials.
    static SUBDOMAINS: Twin = cors_policy!(
        r#"
        allow_origins = ["https://*.example.com"]
        allow_methods = ["PUT"]
        allow_headers = ["x-custom"]
        expose_headers = ["x-request-id"]
        "#
    );

    /// Subdomains of `example.com` on port 8443 only.
    static SUBDOMAINS_ON_PORT: Twin = cors_policy!(
        r#"
        allow_origins = ["https://*.example.com:8443"]
        "#
    );

    /// Local development servers on any port: a name, an IPv4 and an IPv6 address.
    static LOCAL_ANY_PORT: Twin = cors_policy!(
        r#"
        allow_origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"]
        allow_methods = ["PUT"]
        "#
    );

    /// Subdomains of `example.com` on any port, or none.
    static SUBDOMAINS_ANY_PORT: Twin = cors_policy!(
        r#"
        allow_origins = ["https://*.example.com:*"]
        "#
    );

    /// Exact origins and patterns in one list, with credentials.
    static EXACT_AND_PATTERNS: Twin = cors_policy!(
        r#"
        [server.cors]
        allow_origins = [
            "https://example.com",
            "https://app.example.org",
            "https://*.example.com",
            "http://localhost:*",
            "https://*.example.net:8443",
        ]
        allow_methods = ["PUT", "PATCH"]
        allow_headers = ["authorization", "content-type"]
        expose_headers = ["x-request-id"]
        allow_credentials = true
        max_age = 600
        "#
    );
}

const PATTERN_POLICIES: [(&str, &Twin); 5] = [
    ("SUBDOMAINS", &SUBDOMAINS),
    ("SUBDOMAINS_ON_PORT", &SUBDOMAINS_ON_PORT),
    ("LOCAL_ANY_PORT", &LOCAL_ANY_PORT),
    ("SUBDOMAINS_ANY_PORT", &SUBDOMAINS_ANY_PORT),
    ("EXACT_AND_PATTERNS", &EXACT_AND_PATTERNS),
];

// ---------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------

/// A request with one `Origin` line of arbitrary bytes.
fn origin_request(origin: &[u8]) -> HeaderMap {
    let mut map = HeaderMap::new();
    append_bytes(&mut map, "origin", origin);
    map
}

/// A preflight (`Access-Control-Request-Method: GET`) from `origin`, of arbitrary bytes.
fn preflight_from(origin: &[u8]) -> HeaderMap {
    let mut map = origin_request(origin);
    append_bytes(&mut map, "access-control-request-method", b"GET");
    map
}

/// `origin` is allowed: an actual request gets exactly one ACAO, the request's origin, and
/// varies on Origin; a preflight for GET is answered 204 with the same ACAO.
#[track_caller]
fn assert_allows(name: &str, policy: &Twin, origin: &str) {
    let response = apply_with_origin(policy, origin);
    assert_eq!(
        single(&response, "access-control-allow-origin"),
        origin,
        "{name}: {origin}"
    );
    assert_eq!(vary_count(&response, "origin"), 1, "{name}: {origin}");

    let answer = preflight(policy, &preflight_from(origin.as_bytes()));
    assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{name}: {origin}");
    assert_eq!(
        single(answer.headers(), "access-control-allow-origin"),
        origin,
        "{name}: {origin}"
    );
}

/// `origin` (any bytes) is not allowed: an actual request gets no `Access-Control-*`
/// header but still varies on Origin; a preflight is refused.
#[track_caller]
fn assert_not_allowed(name: &str, policy: &Twin, origin: &[u8]) {
    let shown = origin.escape_ascii().to_string();
    let response = apply(policy, &origin_request(origin));
    assert_eq!(
        cors_header_names(&response),
        Vec::<&str>::new(),
        "{name}: {shown}"
    );
    assert_eq!(vary_count(&response, "origin"), 1, "{name}: {shown}");
    let answer = preflight(policy, &preflight_from(origin));
    assert_refused(&answer, true, &format!("{name}: {shown}"));
}

// ---------------------------------------------------------------------------------------
// `https://*.example.com`.
// ---------------------------------------------------------------------------------------

#[test]
fn a_subdomain_pattern_allows_one_or_more_whole_labels_before_the_domain() {
    for origin in [
        "https://a.example.com",
        "https://app.example.com",
        "https://a.b.example.com",
        "https://a.b.c.d.example.com",
        "https://a-b.example.com",
        "https://a_b.example.com",
        "https://1.example.com",
        "https://xn--bcher-kva.example.com",
        "https://www.example.com",
        "https://example.example.com",
    ] {
        assert_allows("SUBDOMAINS", &SUBDOMAINS, origin);
        assert_allows("EXACT_AND_PATTERNS", &EXACT_AND_PATTERNS, origin);
    }
}

#[test]
fn a_subdomain_pattern_never_allows_the_apex_or_an_empty_label() {
    for origin in [
        "https://example.com",
        "https://.example.com",
        "https://..example.com",
        "https://a..example.com",
        "https://.a.example.com",
        "https://a.example.com.",
        "https://example.com.",
        "https://a.example.com..",
        "https://",
    ] {
        assert_not_allowed("SUBDOMAINS", &SUBDOMAINS, origin.as_bytes());
        assert_not_allowed(
            "SUBDOMAINS_ANY_PORT",
            &SUBDOMAINS_ANY_PORT,
            origin.as_bytes(),
        );
    }
}

#[test]
fn a_subdomain_pattern_never_allows_a_look_alike_host() {
    for origin in [
        "https://evil-example.com",
        "https://aexample.com",
        "https://a-example.com",
        "https://example.com.evil.com",
        "https://a.example.com.evil.com",
        "https://a.example.comevil.com",
        "https://a.example.co",
        "https://a.example.comm",
        "https://a.xexample.com",
        "https://example.com/.a.example.com",
        "https://a.example.org",
        "https://a.example.com%2e",
        "https://a.example%2ecom",
    ] {
        assert_not_allowed("SUBDOMAINS", &SUBDOMAINS, origin.as_bytes());
        assert_not_allowed(
            "SUBDOMAINS_ANY_PORT",
            &SUBDOMAINS_ANY_PORT,
            origin.as_bytes(),
        );
    }
}

#[test]
fn a_subdomain_pattern_never_allows_an_origin_a_browser_would_not_send() {
    for origin in [
        // Upper case anywhere.
        "https://A.example.com",
        "https://aPP.example.com",
        "https://a.Example.com",
        "https://a.EXAMPLE.COM",
        "HTTPS://a.example.com",
        // The default port, written out; a leading zero; an empty port.
        "https://a.example.com:443",
        "https://a.example.com:0443",
        "https://a.example.com:",
        // Userinfo, a path, a query, a fragment, whitespace.
        "https://x@a.example.com",
        "https://x:y@a.example.com",
        "https://evil.com@a.example.com",
        "https://a.example.com@evil.com",
        "https://a.example.com/",
        "https://a.example.com/path",
        "https://a.example.com?q",
        "https://a.example.com#f",
        " https://a.example.com",
        "https://a.example.com ",
        "https://a .example.com",
        "https://a.example.com\t",
        // Not a host name.
        "https://a!.example.com",
        "https://*.example.com",
        "https://a*.example.com",
        // Not an origin at all.
        "null",
        "",
        "*",
        "a.example.com",
        "//a.example.com",
        "https:/a.example.com",
        "https:///a.example.com",
    ] {
        assert_not_allowed("SUBDOMAINS", &SUBDOMAINS, origin.as_bytes());
    }
}

#[test]
fn a_subdomain_pattern_allows_only_its_scheme() {
    for origin in [
        "http://a.example.com",
        "wss://a.example.com",
        "ws://a.example.com",
        "httpss://a.example.com",
        "xhttps://a.example.com",
        "capacitor://a.example.com",
    ] {
        assert_not_allowed("SUBDOMAINS", &SUBDOMAINS, origin.as_bytes());
        assert_not_allowed(
            "SUBDOMAINS_ANY_PORT",
            &SUBDOMAINS_ANY_PORT,
            origin.as_bytes(),
        );
    }
}

#[test]
fn a_pattern_without_a_port_never_allows_an_explicit_port() {
    for origin in [
        "https://a.example.com:8443",
        "https://a.example.com:1",
        "https://a.example.com:65535",
        "https://a.b.example.com:3000",
        "https://a.example.com:80",
    ] {
        assert_not_allowed("SUBDOMAINS", &SUBDOMAINS, origin.as_bytes());
    }
}

#[test]
fn a_pattern_with_a_port_allows_only_that_port() {
    for origin in ["https://a.example.com:8443", "https://a.b.example.com:8443"] {
        assert_allows("SUBDOMAINS_ON_PORT", &SUBDOMAINS_ON_PORT, origin);
    }
    for origin in [
        "https://a.example.com",
        "https://a.example.com:8444",
        "https://a.example.com:844",
        "https://a.example.com:84430",
        "https://a.example.com:08443",
        "https://a.example.com:443",
        "https://example.com:8443",
        "http://a.example.com:8443",
        "https://a.example.com:8443/",
    ] {
        assert_not_allowed("SUBDOMAINS_ON_PORT", &SUBDOMAINS_ON_PORT, origin.as_bytes());
    }
}

#[test]
fn non_utf8_origins_are_never_allowed_and_never_panic() {
    let origins: [&[u8]; 8] = [
        b"https://\xff.example.com",
        b"https://a\xe9.example.com",
        b"https://a.example.com\xff",
        b"\x80https://a.example.com",
        b"https://a.example.co\xed",
        b"https://\xc3\xa9.example.com",
        b"https://xn--\xff.example.com",
        b"http://localhost:\xef\xbc\x93",
    ];
    for (name, policy) in PATTERN_POLICIES {
        for origin in origins {
            assert_not_allowed(name, policy, origin);
        }
    }
}

// ---------------------------------------------------------------------------------------
// `http://localhost:*`.
// ---------------------------------------------------------------------------------------

#[test]
fn an_any_port_pattern_allows_every_port_a_browser_writes_or_none() {
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        for port in ["", ":1", ":443", ":3000", ":5173", ":8080", ":65535"] {
            let origin = format!("http://{host}{port}");
            assert_allows("LOCAL_ANY_PORT", &LOCAL_ANY_PORT, &origin);
        }
    }
    for origin in ["http://localhost", "http://localhost:3000"] {
        assert_allows("EXACT_AND_PATTERNS", &EXACT_AND_PATTERNS, origin);
    }
}

#[test]
fn an_any_port_pattern_never_allows_a_port_a_browser_would_not_write() {
    for port in [
        ":0",
        ":00",
        ":65536",
        ":99999",
        ":100000",
        ":4294967296",
        ":080",
        ":03000",
        ":80",
        ":",
        ":+80",
        ":-1",
        ":8080x",
        ":3000/",
        ":3000:3000",
        ": 3000",
        ":3000 ",
        ":*",
        ":0x50",
    ] {
        for host in ["localhost", "127.0.0.1", "[::1]"] {
            let origin = format!("http://{host}{port}");
            assert_not_allowed("LOCAL_ANY_PORT", &LOCAL_ANY_PORT, origin.as_bytes());
        }
        let origin = format!("http://localhost{port}");
        assert_not_allowed("EXACT_AND_PATTERNS", &EXACT_AND_PATTERNS, origin.as_bytes());
    }
}

#[test]
fn an_any_port_pattern_still_requires_its_scheme_and_host() {
    for origin in [
        "https://localhost:3000",
        "https://localhost",
        "ws://localhost:3000",
        "http://localhost.evil.com:3000",
        "http://a.localhost:3000",
        "http://alocalhost:3000",
        "http://localhos:3000",
        "http://LOCALHOST:3000",
        "http://localhost.:3000",
        "http://127.0.0.2:3000",
        "http://127.0.0.1.evil.com:3000",
        "http://[::2]:3000",
        "http://[0:0:0:0:0:0:0:1]:3000",
        "http://[::1",
        "http://::1:3000",
        "http://user@localhost:3000",
        "http://localhost:3000@evil.com",
    ] {
        assert_not_allowed("LOCAL_ANY_PORT", &LOCAL_ANY_PORT, origin.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------
// `https://*.example.com:*`.
// ---------------------------------------------------------------------------------------

#[test]
fn subdomains_and_any_port_combine() {
    for origin in [
        "https://a.example.com",
        "https://a.example.com:8443",
        "https://a.b.example.com:1",
        "https://a.example.com:65535",
    ] {
        assert_allows("SUBDOMAINS_ANY_PORT", &SUBDOMAINS_ANY_PORT, origin);
    }
    for origin in [
        "https://example.com",
        "https://example.com:8443",
        "https://evil-example.com:8443",
        "https://example.com.evil.com:8443",
        "https://a.example.com:443",
        "https://a.example.com:0",
        "https://a.example.com:65536",
        "https://a.example.com:08443",
        "https://A.example.com:8443",
        "https://a.example.com.:8443",
        "http://a.example.com:8443",
    ] {
        assert_not_allowed(
            "SUBDOMAINS_ANY_PORT",
            &SUBDOMAINS_ANY_PORT,
            origin.as_bytes(),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Long origins.
// ---------------------------------------------------------------------------------------

/// `https://` and 10 000 labels `a.` before `tail`.
fn ten_thousand_labels(tail: &str) -> Vec<u8> {
    let mut origin = b"https://".to_vec();
    for _ in 0..10_000 {
        origin.extend_from_slice(b"a.");
    }
    origin.extend_from_slice(tail.as_bytes());
    origin
}

#[test]
fn a_very_long_origin_is_answered_quickly_without_panicking() {
    // Whole labels all the way: a browser can send it, and the pattern allows it.
    let allowed = ten_thousand_labels("example.com");
    let allowed_text = std::str::from_utf8(&allowed).unwrap();
    assert_allows("SUBDOMAINS", &SUBDOMAINS, allowed_text);
    assert_allows("EXACT_AND_PATTERNS", &EXACT_AND_PATTERNS, allowed_text);

    let not_allowed = [
        ten_thousand_labels("example.org"),
        ten_thousand_labels("example.com."),
        ten_thousand_labels("example.com:443"),
        ten_thousand_labels("exAmple.com"),
        ten_thousand_labels(".example.com"),
        {
            let mut non_utf8 = ten_thousand_labels("example.com");
            non_utf8.push(0xff);
            non_utf8
        },
        {
            let mut upper_first = ten_thousand_labels("example.com");
            upper_first[8] = b'A';
            upper_first
        },
    ];
    for origin in &not_allowed {
        assert_not_allowed("SUBDOMAINS", &SUBDOMAINS, origin);
    }

    // Answered in time linear in its length: ten rounds over every policy take well under
    // a second, even unoptimized (about 1 ms per request); a scan quadratic in the length
    // would take minutes.
    let requests: Vec<HeaderMap> = std::iter::once(&allowed)
        .chain(&not_allowed)
        .map(|origin| preflight_from(origin))
        .collect();
    // Each policy both macro-built and loaded, timed without comparing their answers.
    let rounds = 10 * 2 * PATTERN_POLICIES.len() * requests.len();
    let start = Instant::now();
    for _ in 0..10 {
        for (_, twin) in PATTERN_POLICIES {
            for (_, policy) in twin.each() {
                for request in &requests {
                    let mut response = HeaderMap::new();
                    policy.apply(request, &mut response);
                    std::hint::black_box(&response);
                    std::hint::black_box(policy.preflight(&Method::OPTIONS, request));
                }
            }
        }
    }
    let elapsed = start.elapsed();
    eprintln!("{rounds} rounds: {elapsed:?}");
    assert!(
        elapsed < Duration::from_secs(5),
        "{rounds} rounds of `apply` and `preflight` for 20 kB origins took {elapsed:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Exact origins and patterns together.
// ---------------------------------------------------------------------------------------

#[test]
fn an_exact_origin_is_answered_with_its_configured_value_and_a_pattern_match_with_the_request_value(
) {
    // A request value backed by its own heap buffer: echoing it shares that buffer, while
    // a configured origin is the policy's static value (the macro's, or the loader's).
    for (origin, echoed) in [
        ("https://example.com", false),
        ("https://app.example.org", false),
        ("https://a.example.com", true),
        ("https://a.b.example.com", true),
        ("http://localhost:3000", true),
        ("https://a.example.net:8443", true),
    ] {
        let value = HeaderValue::from_bytes(origin.as_bytes()).unwrap();
        let mut request = HeaderMap::new();
        request.insert(ORIGIN, value);
        // Where the value's bytes are is not part of the answer: each policy on its own.
        for (variant, policy) in EXACT_AND_PATTERNS.each() {
            let mut response = HeaderMap::new();
            policy.apply(&request, &mut response);
            assert_eq!(single(&response, "access-control-allow-origin"), origin);
            let sent = response[ACCESS_CONTROL_ALLOW_ORIGIN].as_bytes().as_ptr();
            let received = request[ORIGIN].as_bytes().as_ptr();
            assert_eq!(sent == received, echoed, "{variant}: {origin}: echoed");
        }
    }
}

#[test]
fn an_exact_origin_beside_a_pattern_is_not_widened_by_it() {
    // `https://example.com` is listed; `https://*.example.com` does not make it a pattern.
    assert_allows(
        "EXACT_AND_PATTERNS",
        &EXACT_AND_PATTERNS,
        "https://example.com",
    );
    for origin in [
        "https://a.app.example.org",
        "https://example.org",
        "https://app.example.org:8443",
        "https://example.com:8443",
        "https://a.example.net",
        "https://a.example.net:8444",
        "https://example.net:8443",
        "https://localhost:3000",
    ] {
        assert_not_allowed("EXACT_AND_PATTERNS", &EXACT_AND_PATTERNS, origin.as_bytes());
    }
}

#[test]
fn a_pattern_match_replaces_an_allow_origin_the_handler_set() {
    let request = headers(&[("origin", "https://a.example.com")]);
    let mut response = headers(&[
        ("access-control-allow-origin", "*"),
        ("access-control-allow-origin", "https://other.example.com"),
        ("vary", "accept-encoding"),
    ]);
    EXACT_AND_PATTERNS.apply(&request, &mut response);
    assert_eq!(
        single(&response, "access-control-allow-origin"),
        "https://a.example.com"
    );
    assert_eq!(vary_tokens(&response), ["accept-encoding", "origin"]);
}

#[test]
fn two_origin_lines_are_never_allowed_even_when_a_pattern_allows_both() {
    for (name, policy) in PATTERN_POLICIES {
        let request = headers(&[
            ("origin", "https://a.example.com:8443"),
            ("origin", "https://a.example.com:8443"),
        ]);
        let response = apply(policy, &request);
        assert_eq!(cors_header_names(&response), Vec::<&str>::new(), "{name}");
    }
}

#[test]
fn every_response_of_a_pattern_policy_varies_on_origin() {
    for (name, policy) in PATTERN_POLICIES {
        for request in [
            headers(&[("origin", "https://a.example.com")]),
            headers(&[("origin", "https://evil-example.com")]),
            headers(&[]),
        ] {
            let response = apply(policy, &request);
            assert_eq!(vary_count(&response, "origin"), 1, "{name}: {request:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Preflights and credentials.
// ---------------------------------------------------------------------------------------

#[test]
fn a_preflight_from_an_origin_a_pattern_allows_is_answered_with_that_origin() {
    for origin in [
        "https://a.example.com",
        "https://a.b.example.com",
        "http://localhost:5173",
        "https://a.example.net:8443",
    ] {
        let request = BrowserRequest::new(origin, "PATCH")
            .with_unsafe_headers(&["authorization", "content-type"])
            .include_credentials();
        let answer = preflight(
            &EXACT_AND_PATTERNS,
            &request.preflight_headers().expect("a browser's request"),
        );
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{origin}");
        let headers = answer.headers();
        assert_eq!(single(headers, "access-control-allow-origin"), origin);
        assert_eq!(single(headers, "access-control-allow-credentials"), "true");
        assert_eq!(
            single(headers, "access-control-allow-methods"),
            "PUT, PATCH"
        );
        assert_eq!(
            single(headers, "access-control-allow-headers"),
            "authorization, content-type"
        );
        assert_eq!(single(headers, "access-control-max-age"), "600");
        assert_eq!(vary_count(headers, "origin"), 1, "{origin}");
        assert_eq!(
            browser::accepts_preflight(&request, &answer),
            Ok(()),
            "{origin}"
        );
    }

    // Without credentials.
    let request =
        BrowserRequest::new("https://a.example.com", "PUT").with_unsafe_headers(&["x-custom"]);
    let answer = preflight(
        &SUBDOMAINS,
        &request.preflight_headers().expect("a browser's request"),
    );
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert!(!answer
        .headers()
        .contains_key("access-control-allow-credentials"));
    assert_eq!(browser::accepts_preflight(&request, &answer), Ok(()));
}

#[test]
fn a_preflight_from_an_origin_no_pattern_allows_is_refused() {
    for origin in [
        "https://example.net",
        "https://evil-example.com",
        "https://example.com.evil.com",
        "https://a.example.com.",
        "https://a.example.com:443",
        "http://a.example.com",
        "https://a.example.net",
        "http://localhost:0",
        "null",
    ] {
        let answer = preflight(
            &EXACT_AND_PATTERNS,
            &preflight_request(origin, "PUT", Some("authorization")),
        );
        assert_refused(&answer, true, origin);
    }
}

#[test]
fn a_preflight_from_an_allowed_origin_is_still_refused_for_an_unlisted_method_or_header() {
    for (method, requested) in [("DELETE", None), ("PUT", Some("x-evil")), ("put", None)] {
        let answer = preflight(
            &EXACT_AND_PATTERNS,
            &preflight_request("https://a.example.com", method, requested),
        );
        assert_refused(&answer, true, &format!("{method} {requested:?}"));
    }
}

#[test]
fn credentials_are_allowed_for_every_origin_a_pattern_allows_and_no_other() {
    for origin in [
        "https://a.example.com",
        "https://example.com",
        "http://localhost",
        "http://localhost:3000",
        "https://a.example.net:8443",
    ] {
        let response = apply_with_origin(&EXACT_AND_PATTERNS, origin);
        assert_eq!(
            single(&response, "access-control-allow-credentials"),
            "true"
        );
        assert_eq!(
            single(&response, "access-control-expose-headers"),
            "x-request-id"
        );
        let request = BrowserRequest::new(origin, "GET").include_credentials();
        assert_eq!(browser::cors_check(&request, &response), Ok(()), "{origin}");
    }
    for origin in ["https://evil-example.com", "https://a.example.com:8443"] {
        let response = apply_with_origin(&EXACT_AND_PATTERNS, origin);
        assert_eq!(cors_header_names(&response), Vec::<&str>::new(), "{origin}");
    }
    // No credentials in a policy without them.
    let response = apply_with_origin(&SUBDOMAINS, "https://a.example.com");
    assert_eq!(
        cors_header_names(&response),
        [
            "access-control-allow-origin",
            "access-control-expose-headers"
        ]
    );
}
