//! SPEC §3.1 (classification), §3.2 (allowed preflight) and §3.3 (refused preflight),
//! through the public API only.

mod common;

use common::*;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS as ACAC, ACCESS_CONTROL_ALLOW_HEADERS as ACAH,
    ACCESS_CONTROL_ALLOW_METHODS as ACAM, ACCESS_CONTROL_ALLOW_ORIGIN as ACAO,
    ACCESS_CONTROL_MAX_AGE as ACMA,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

// ---------------------------------------------------------------------------------------
// §3.1 Classification
// ---------------------------------------------------------------------------------------

#[test]
fn options_with_origin_and_request_method_is_a_preflight() {
    for (name, policy) in ALL_POLICIES {
        for origin in ["https://app.example.com", "https://unknown.example", "null"] {
            let request = preflight_request(origin, "GET", None);
            assert!(
                policy.preflight(&Method::OPTIONS, &request).is_some(),
                "{name}: OPTIONS from {origin} with ACRM is a preflight, allowed or not"
            );
        }
    }
}

#[test]
fn options_without_origin_is_not_a_preflight() {
    let request = headers(&[
        ("access-control-request-method", "PUT"),
        ("access-control-request-headers", "content-type"),
    ]);
    for (name, policy) in ALL_POLICIES {
        assert!(
            policy.preflight(&Method::OPTIONS, &request).is_none(),
            "{name}"
        );
    }
}

#[test]
fn options_without_request_method_is_an_actual_request() {
    let request = headers(&[
        ("origin", "https://app.example.com"),
        ("access-control-request-headers", "content-type"),
    ]);
    for (name, policy) in ALL_POLICIES {
        assert!(
            policy.preflight(&Method::OPTIONS, &request).is_none(),
            "{name}"
        );
    }
    // Answered as an actual request: the handler runs, then `apply` adds ACAO.
    let response = apply(&DOC_REFERENCE, &request);
    assert_eq!(
        single(&response, "access-control-allow-origin"),
        "https://app.example.com"
    );
    assert!(!response.contains_key(ACAM) && !response.contains_key(ACAH));
}

#[test]
fn non_options_request_with_request_method_is_not_a_preflight() {
    let request = preflight_request("https://app.example.com", "PUT", Some("content-type"));
    let methods = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::from_bytes(b"PROPFIND").unwrap(),
        Method::from_bytes(b"options").unwrap(),
    ];
    for (name, policy) in ALL_POLICIES {
        for method in &methods {
            assert!(
                policy.preflight(method, &request).is_none(),
                "{name}: {method}"
            );
        }
    }
}

#[test]
fn request_without_origin_is_never_a_preflight_for_any_method() {
    let request = HeaderMap::new();
    for (name, policy) in ALL_POLICIES {
        for method in [Method::OPTIONS, Method::GET, Method::POST] {
            assert!(
                policy.preflight(&method, &request).is_none(),
                "{name}: {method}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// §3.2 Allowed preflights: status and exact header values
// ---------------------------------------------------------------------------------------

#[test]
fn reference_policy_allows_listed_preflight_with_exact_headers() {
    for origin in ["https://app.example.com", "http://localhost:3000"] {
        let request = preflight_request(origin, "POST", Some("authorization,content-type"));
        let response = preflight(&DOC_REFERENCE, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let h = response.headers();
        assert_eq!(single(h, "access-control-allow-origin"), origin);
        assert_eq!(single(h, "access-control-allow-credentials"), "true");
        assert_eq!(single(h, "access-control-allow-methods"), "GET, POST");
        assert_eq!(
            single(h, "access-control-allow-headers"),
            "authorization, content-type, x-request-id"
        );
        assert_eq!(single(h, "access-control-max-age"), "3600");
        assert_eq!(single(h, "vary"), "origin");
        assert_eq!(
            cors_header_names(h),
            [
                "access-control-allow-credentials",
                "access-control-allow-headers",
                "access-control-allow-methods",
                "access-control-allow-origin",
                "access-control-max-age",
            ],
            "no ACAPN without ACRPN, no ACEH on a preflight"
        );
        let page = BrowserRequest::new(origin, "POST")
            .with_unsafe_headers(&["authorization", "content-type"])
            .include_credentials();
        assert_eq!(browser::accepts_preflight(&page, &response), Ok(()));
    }
}

#[test]
fn safelisted_methods_are_allowed_without_being_listed() {
    for method in ["GET", "HEAD", "POST"] {
        let response = preflight(
            &ORIGIN_ONLY,
            &preflight_request("https://app.example.com", method, None),
        );
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{method}");
        let h = response.headers();
        assert_eq!(
            single(h, "access-control-allow-origin"),
            "https://app.example.com"
        );
        assert_eq!(
            cors_header_names(h),
            ["access-control-allow-origin"],
            "nothing configured, nothing else sent"
        );
        let page = BrowserRequest::new("https://app.example.com", method);
        assert_eq!(
            browser::accepts_preflight(&page, &response),
            Ok(()),
            "{method}"
        );
    }
}

#[test]
fn preflight_with_unlisted_method_is_refused() {
    for method in ["PUT", "DELETE", "PATCH", "get", "post"] {
        let request = preflight_request("https://app.example.com", method, None);
        assert_refused(&preflight(&DOC_REFERENCE, &request), true, method);
        assert_refused(&preflight(&ORIGIN_ONLY, &request), true, method);
    }
}

#[test]
fn preflight_with_unlisted_header_is_refused_without_allow_headers() {
    let origin = "https://app.example.com";
    assert_refused(
        &preflight(
            &ORIGIN_ONLY,
            &preflight_request(origin, "GET", Some("content-type")),
        ),
        true,
        "ORIGIN_ONLY lists no header",
    );
    for requested in ["x-custom", "authorization, x-custom", "x-request-id,cookie"] {
        let request = preflight_request(origin, "POST", Some(requested));
        assert_refused(&preflight(&DOC_REFERENCE, &request), true, requested);
    }
}

#[test]
fn production_policy_answers_a_preflight_asking_for_options() {
    let origin = "https://app.yourdomain.com";
    let response = preflight(
        &DOC_PRODUCTION,
        &preflight_request(origin, "OPTIONS", Some("authorization")),
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let h = response.headers();
    assert_eq!(single(h, "access-control-allow-origin"), origin);
    assert_eq!(single(h, "access-control-allow-credentials"), "true");
    assert_eq!(
        single(h, "access-control-allow-methods"),
        "GET, POST, OPTIONS"
    );
    assert_eq!(
        single(h, "access-control-allow-headers"),
        "authorization, content-type"
    );
    assert_eq!(single(h, "access-control-max-age"), "86400");
    assert_refused(
        &preflight(&DOC_PRODUCTION, &preflight_request(origin, "PUT", None)),
        true,
        "PUT is not listed",
    );
}

#[test]
fn spa_policy_with_one_origin_string_allows_its_methods_and_headers() {
    let origin = "https://spa.example.com";
    for method in ["PUT", "DELETE"] {
        let request = preflight_request(origin, method, Some("x-csrf-token,content-type"));
        let response = preflight(&DOC_SPA, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{method}");
        let h = response.headers();
        assert_eq!(single(h, "access-control-allow-origin"), origin);
        assert_eq!(single(h, "access-control-allow-credentials"), "true");
        assert_eq!(
            single(h, "access-control-allow-methods"),
            "GET, POST, PUT, DELETE, OPTIONS"
        );
        assert_eq!(
            single(h, "access-control-allow-headers"),
            "authorization, content-type, x-csrf-token"
        );
        assert_eq!(single(h, "access-control-max-age"), "3600");
        let page = BrowserRequest::new(origin, method)
            .with_unsafe_headers(&["content-type", "x-csrf-token"])
            .include_credentials();
        assert_eq!(
            browser::accepts_preflight(&page, &response),
            Ok(()),
            "{method}"
        );
    }
    assert_refused(
        &preflight(&DOC_SPA, &preflight_request(origin, "PATCH", None)),
        true,
        "PATCH is not listed",
    );
}

#[test]
fn development_policy_answers_any_origin_with_wildcards() {
    for origin in ["https://anything.example", "http://localhost:1234", "null"] {
        let request = preflight_request(origin, "PATCH", Some("x-custom,authorization"));
        let response = preflight(&DOC_DEVELOPMENT, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{origin}");
        let h = response.headers();
        assert_eq!(single(h, "access-control-allow-origin"), "*");
        assert_eq!(single(h, "access-control-allow-methods"), "*");
        assert!(!h.contains_key(ACAC), "no credentials");
        assert!(!h.contains_key(ACMA), "no max_age configured");
        assert!(
            !h.contains_key(http::header::VARY),
            "a `*` policy does not depend on Origin"
        );
        let page = BrowserRequest::new(origin, "PATCH")
            .with_unsafe_headers(&["authorization", "x-custom"]);
        assert_eq!(
            browser::accepts_preflight(&page, &response),
            Ok(()),
            "{origin}"
        );
    }
}

#[test]
fn wildcard_headers_without_credentials_let_authorization_through() {
    // A browser's `*` in ACAH covers every name except `Authorization` (Fetch: "CORS
    // non-wildcard request-header name"), so the answer must name it explicitly.
    for (name, policy, origin) in [
        (
            "DOC_DEVELOPMENT",
            &DOC_DEVELOPMENT,
            "https://anything.example",
        ),
        (
            "ANY_EVERYTHING",
            &ANY_EVERYTHING,
            "https://anything.example",
        ),
        ("EXPOSE_ANY", &EXPOSE_ANY, "https://app.example.com"),
    ] {
        let request = preflight_request(origin, "PUT", Some("authorization"));
        let response = preflight(policy, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{name}");
        let allowed = single(response.headers(), "access-control-allow-headers");
        assert_eq!(allowed, "*, authorization", "{name}");
        let page = BrowserRequest::new(origin, "PUT")
            .with_unsafe_headers(&["authorization", "x-anything"]);
        assert_eq!(
            browser::accepts_preflight(&page, &response),
            Ok(()),
            "{name}"
        );
    }
    // The browser model itself: `*` alone would not let Authorization through.
    let mut bare = preflight(
        &EXPOSE_ANY,
        &preflight_request("https://app.example.com", "PUT", None),
    );
    bare.headers_mut()
        .insert(ACAH, HeaderValue::from_static("*"));
    let page = BrowserRequest::new("https://app.example.com", "PUT")
        .with_unsafe_headers(&["authorization"]);
    assert!(browser::accepts_preflight(&page, &bare).is_err());
}

#[test]
fn expose_any_policy_echoes_origin_and_allows_listed_methods() {
    let origin = "https://app.example.com";
    let response = preflight(
        &EXPOSE_ANY,
        &preflight_request(origin, "PATCH", Some("x-a")),
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let h = response.headers();
    assert_eq!(single(h, "access-control-allow-origin"), origin);
    assert_eq!(single(h, "access-control-allow-methods"), "PUT, PATCH");
    assert!(!h.contains_key(ACAC));
    assert!(!h.contains_key(ACMA));
    assert_refused(
        &preflight(&EXPOSE_ANY, &preflight_request(origin, "DELETE", None)),
        true,
        "DELETE is not listed",
    );
}

#[test]
fn credentialed_wildcards_echo_the_requested_method_and_headers() {
    let origin = "https://app.example.com";
    for method in ["PATCH", "DELETE", "PUT", "PURGE", "patch", "GET"] {
        let request = preflight_request(origin, method, Some("x-custom,authorization"));
        let response = preflight(&CREDENTIALS_ECHO, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{method}");
        let h = response.headers();
        assert_eq!(single(h, "access-control-allow-origin"), origin);
        assert_eq!(single(h, "access-control-allow-credentials"), "true");
        assert_eq!(
            single(h, "access-control-allow-methods"),
            method,
            "echoed, not `*`"
        );
        assert_eq!(
            single(h, "access-control-allow-headers"),
            "x-custom,authorization"
        );
        assert_eq!(
            vary_tokens(h),
            [
                "origin",
                "access-control-request-method",
                "access-control-request-headers"
            ]
        );
        let page = BrowserRequest::new(origin, method)
            .with_unsafe_headers(&["authorization", "x-custom"])
            .include_credentials();
        assert_eq!(
            browser::accepts_preflight(&page, &response),
            Ok(()),
            "{method}"
        );
    }
}

#[test]
fn credentialed_wildcard_headers_echo_every_request_headers_line() {
    let mut request = preflight_request("https://app.example.com", "PUT", Some("x-a, x-b"));
    append_bytes(
        &mut request,
        "access-control-request-headers",
        b"authorization",
    );
    let response = preflight(&CREDENTIALS_ECHO, &request);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        values(response.headers(), "access-control-allow-headers"),
        [&b"x-a, x-b"[..], b"authorization"]
    );
    let page = BrowserRequest::new("https://app.example.com", "PUT")
        .with_unsafe_headers(&["authorization", "x-a", "x-b"])
        .include_credentials();
    assert_eq!(browser::accepts_preflight(&page, &response), Ok(()));
}

#[test]
fn credentialed_wildcards_never_answer_a_literal_star() {
    for (name, policy, origin) in [
        (
            "CREDENTIALS_ECHO",
            &CREDENTIALS_ECHO,
            "https://app.example.com",
        ),
        (
            "DOC_LOCAL_DEVELOPMENT",
            &DOC_LOCAL_DEVELOPMENT,
            "http://10.0.2.2:8000",
        ),
    ] {
        for requested in [None, Some("content-type")] {
            let response = preflight(policy, &preflight_request(origin, "DELETE", requested));
            assert_eq!(response.status(), StatusCode::NO_CONTENT, "{name}");
            let h = response.headers();
            assert_eq!(single(h, "access-control-allow-origin"), origin, "{name}");
            assert_eq!(
                single(h, "access-control-allow-methods"),
                "DELETE",
                "{name}"
            );
            for value in values(h, "access-control-allow-headers") {
                assert_ne!(
                    value, b"*",
                    "{name}: a credentialed browser reads `*` literally"
                );
            }
            if let Some(requested) = requested {
                assert_eq!(
                    single(h, "access-control-allow-headers"),
                    requested,
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn mobile_policy_allows_custom_schemes_and_sends_max_age_zero() {
    for origin in [
        "capacitor://localhost",
        "ionic://localhost",
        "http://localhost",
    ] {
        let request = preflight_request(origin, "PUT", Some("authorization"));
        let response = preflight(&DOC_MOBILE, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{origin}");
        let h = response.headers();
        assert_eq!(single(h, "access-control-allow-origin"), origin);
        assert_eq!(single(h, "access-control-allow-credentials"), "true");
        assert_eq!(
            single(h, "access-control-allow-methods"),
            "GET, POST, PUT, DELETE"
        );
        assert_eq!(
            single(h, "access-control-allow-headers"),
            "authorization, content-type"
        );
        assert_eq!(
            single(h, "access-control-max-age"),
            "0",
            "max_age = 0 is sent"
        );
    }
}

#[test]
fn max_age_duration_string_is_sent_in_seconds() {
    let response = preflight(
        &ANY_EVERYTHING,
        &preflight_request("https://x.example", "GET", None),
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(single(response.headers(), "access-control-max-age"), "5400");
}

#[test]
fn no_max_age_configured_sends_no_max_age() {
    for (name, policy, origin) in [
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT, "https://x.example"),
        (
            "CREDENTIALS_ECHO",
            &CREDENTIALS_ECHO,
            "https://app.example.com",
        ),
        ("EXPOSE_ANY", &EXPOSE_ANY, "https://app.example.com"),
        ("ORIGIN_ONLY", &ORIGIN_ONLY, "https://app.example.com"),
    ] {
        let response = preflight(policy, &preflight_request(origin, "GET", None));
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{name}");
        assert!(!response.headers().contains_key(ACMA), "{name}");
    }
}

#[test]
fn lowercase_get_is_normalized_and_patch_stays_case_sensitive() {
    let origin = "https://app.example.com";
    let allowed = |method: &str| {
        preflight(
            &CASE_SENSITIVE_METHODS,
            &preflight_request(origin, method, None),
        )
    };

    let response = allowed("patch");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        single(response.headers(), "access-control-allow-methods"),
        "patch, GET"
    );
    let page = BrowserRequest::new(origin, "patch");
    assert_eq!(browser::accepts_preflight(&page, &response), Ok(()));

    assert_eq!(allowed("GET").status(), StatusCode::NO_CONTENT);
    for refused in ["PATCH", "Patch", "get", "PUT"] {
        assert_refused(&allowed(refused), true, refused);
    }
}

#[test]
fn header_names_are_normalized_and_compared_case_insensitively() {
    let origin = "https://app.example.com";
    let request = preflight_request(origin, "GET", Some("content-type, X-CUSTOM-HEADER"));
    let response = preflight(&CASE_SENSITIVE_METHODS, &request);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        single(response.headers(), "access-control-allow-headers"),
        "x-custom-header, content-type"
    );
}

// ---------------------------------------------------------------------------------------
// §3.2 / §3.3 Private network
// ---------------------------------------------------------------------------------------

fn with_private_network(mut request: HeaderMap, value: &str) -> HeaderMap {
    append_bytes(&mut request, ACRPN.as_str(), value.as_bytes());
    request
}

#[test]
fn private_network_preflight_gets_allow_private_network_when_enabled() {
    for origin in ["https://app.example.com", "http://localhost:8080"] {
        let request = with_private_network(
            preflight_request(origin, "PUT", Some("content-type")),
            "true",
        );
        let response = preflight(&PRIVATE_NETWORK, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{origin}");
        let h = response.headers();
        assert_eq!(single(h, ACAPN.as_str()), "true");
        assert_eq!(single(h, "access-control-allow-origin"), origin);
        assert_eq!(single(h, "access-control-allow-methods"), "PUT");
        assert_eq!(single(h, "access-control-allow-headers"), "content-type");
        assert!(!h.contains_key(ACAC));
        let page = BrowserRequest::new(origin, "PUT")
            .with_unsafe_headers(&["content-type"])
            .targeting_private_network();
        assert_eq!(browser::accepts_preflight(&page, &response), Ok(()));
    }
}

#[test]
fn allow_private_network_is_sent_only_when_requested_true() {
    let origin = "https://app.example.com";
    let absent = preflight(&PRIVATE_NETWORK, &preflight_request(origin, "PUT", None));
    let falsy = preflight(
        &PRIVATE_NETWORK,
        &with_private_network(preflight_request(origin, "PUT", None), "false"),
    );
    for response in [absent, falsy] {
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert!(!response.headers().contains_key(ACAPN), "{response:?}");
    }
}

#[test]
fn private_network_preflight_is_refused_when_not_enabled() {
    for (name, policy, origin) in [
        ("DOC_REFERENCE", &DOC_REFERENCE, "https://app.example.com"),
        (
            "CREDENTIALS_ECHO",
            &CREDENTIALS_ECHO,
            "https://app.example.com",
        ),
        ("ORIGIN_ONLY", &ORIGIN_ONLY, "https://app.example.com"),
    ] {
        let request = with_private_network(preflight_request(origin, "GET", None), "true");
        let response = preflight(policy, &request);
        assert_refused(&response, true, name);
        assert!(!response.headers().contains_key(ACAPN), "{name}");
        // `false` is not a private-network preflight: answered as usual.
        let request = with_private_network(preflight_request(origin, "GET", None), "false");
        assert_eq!(
            preflight(policy, &request).status(),
            StatusCode::NO_CONTENT,
            "{name}"
        );
    }
    for (name, policy) in [
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
        ("ANY_EVERYTHING", &ANY_EVERYTHING),
    ] {
        let request =
            with_private_network(preflight_request("https://x.example", "GET", None), "true");
        assert_refused(&preflight(policy, &request), false, name);
    }
}

#[test]
fn private_network_preflight_from_other_origin_is_refused() {
    let request = with_private_network(
        preflight_request("https://evil.example", "PUT", None),
        "true",
    );
    let response = preflight(&PRIVATE_NETWORK, &request);
    assert_refused(&response, true, "other origin");
    assert!(!response.headers().contains_key(ACAPN));
}

// ---------------------------------------------------------------------------------------
// §3.3 Refused preflights
// ---------------------------------------------------------------------------------------

#[test]
fn preflight_from_other_origin_is_refused_without_cors_headers() {
    for (name, policy, allowed) in LISTED_ORIGIN_POLICIES {
        for origin in look_alikes(allowed) {
            let mut request = HeaderMap::new();
            append_bytes(&mut request, "origin", &origin);
            append_bytes(&mut request, "access-control-request-method", b"GET");
            let response = policy
                .preflight(&Method::OPTIONS, &request)
                .expect("a preflight");
            let context = format!("{name}: Origin {:?}", String::from_utf8_lossy(&origin));
            assert_refused(&response, true, &context);
            assert!(
                cors_header_names(response.headers()).is_empty(),
                "{context}"
            );
        }
    }
}

#[test]
fn preflight_with_two_origin_lines_is_refused() {
    for (name, policy, allowed) in LISTED_ORIGIN_POLICIES {
        let request = headers(&[
            ("origin", allowed),
            ("origin", allowed),
            ("access-control-request-method", "GET"),
        ]);
        assert_refused(&preflight(policy, &request), true, name);
    }
}

#[test]
fn refused_preflight_of_echoing_policy_echoes_nothing() {
    let request = preflight_request("https://evil.example", "DELETE", Some("x-custom"));
    let response = preflight(&CREDENTIALS_ECHO, &request);
    assert_refused(&response, true, "CREDENTIALS_ECHO, other origin");
    assert!(!response.headers().contains_key(ACAO));
    assert!(cors_header_names(response.headers()).is_empty());
}

#[test]
fn every_policy_answers_a_plain_preflight_a_browser_accepts() {
    for (name, policy, origin) in LISTED_ORIGIN_POLICIES {
        let response = preflight(policy, &preflight_request(origin, "GET", None));
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{name}");
        let h = response.headers();
        let acao = single(h, "access-control-allow-origin");
        assert_eq!(acao, origin, "{name}: a listed origin is echoed");
        let credentials = h.contains_key(ACAC);
        if credentials {
            assert_eq!(
                single(h, "access-control-allow-credentials"),
                "true",
                "{name}"
            );
        }
        let page = BrowserRequest::new(origin, "GET").with_credentials(if credentials {
            Credentials::Include
        } else {
            Credentials::Omit
        });
        assert_eq!(
            browser::accepts_preflight(&page, &response),
            Ok(()),
            "{name}"
        );
    }
    for (name, policy) in [
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
        ("ANY_EVERYTHING", &ANY_EVERYTHING),
    ] {
        let response = preflight(policy, &preflight_request("https://x.example", "GET", None));
        assert_eq!(
            single(response.headers(), "access-control-allow-origin"),
            "*",
            "{name}"
        );
    }
}

#[test]
fn credentials_header_is_sent_only_by_credentialed_policies() {
    for (name, policy, origin, credentials) in [
        (
            "DOC_REFERENCE",
            &DOC_REFERENCE,
            "https://app.example.com",
            true,
        ),
        (
            "DOC_PRODUCTION",
            &DOC_PRODUCTION,
            "https://app.yourdomain.com",
            true,
        ),
        ("DOC_SPA", &DOC_SPA, "https://spa.example.com", true),
        (
            "DOC_LOCAL_DEVELOPMENT",
            &DOC_LOCAL_DEVELOPMENT,
            "http://localhost:5173",
            true,
        ),
        ("DOC_MOBILE", &DOC_MOBILE, "ionic://localhost", true),
        (
            "CREDENTIALS_ECHO",
            &CREDENTIALS_ECHO,
            "https://app.example.com",
            true,
        ),
        (
            "PRIVATE_NETWORK",
            &PRIVATE_NETWORK,
            "https://app.example.com",
            false,
        ),
        ("EXPOSE_ANY", &EXPOSE_ANY, "https://app.example.com", false),
        (
            "ORIGIN_ONLY",
            &ORIGIN_ONLY,
            "https://app.example.com",
            false,
        ),
        (
            "DOC_DEVELOPMENT",
            &DOC_DEVELOPMENT,
            "https://x.example",
            false,
        ),
        (
            "ANY_EVERYTHING",
            &ANY_EVERYTHING,
            "https://x.example",
            false,
        ),
    ] {
        let response = preflight(policy, &preflight_request(origin, "GET", None));
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{name}");
        let acac = values(response.headers(), "access-control-allow-credentials");
        if credentials {
            assert_eq!(acac, [b"true"], "{name}");
        } else {
            assert!(acac.is_empty(), "{name}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// §3.1–§3.3 A request of many lines
// ---------------------------------------------------------------------------------------

/// A preflight's CORS headers are found by one scan of a browser-sized request and by
/// lookups in a larger one: every answer must be the same either way, the header lines
/// in any order.
#[test]
fn a_preflight_among_many_header_lines_is_answered_as_a_small_one() {
    let origin = "https://app.example.com";
    let preflights: Vec<(&str, HeaderMap)> = vec![
        (
            "plain",
            preflight_request(origin, "PUT", Some("content-type")),
        ),
        (
            "private network",
            with_private_network(preflight_request(origin, "PUT", None), "true"),
        ),
        (
            "private network twice, the first false",
            with_private_network(
                with_private_network(preflight_request(origin, "PUT", None), "false"),
                "true",
            ),
        ),
        (
            "two origin lines",
            headers(&[
                ("origin", origin),
                ("origin", origin),
                ("access-control-request-method", "GET"),
            ]),
        ),
        (
            "two method lines",
            headers(&[
                ("origin", origin),
                ("access-control-request-method", "PUT"),
                ("access-control-request-method", "PUT"),
            ]),
        ),
        (
            "request headers over two lines",
            headers(&[
                ("origin", origin),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content-type"),
                ("access-control-request-headers", "x-unknown"),
            ]),
        ),
        (
            "other origin",
            preflight_request("https://evil.example", "PUT", None),
        ),
    ];
    for (name, policy) in ALL_POLICIES {
        for (case, small) in &preflights {
            // Fillers before and after, so that the CORS lines are in the middle.
            let mut large = HeaderMap::new();
            for filler in 0..20 {
                append_bytes(&mut large, &format!("x-filler-{filler}"), b"1");
            }
            for (header, value) in small {
                large.append(header, value.clone());
            }
            for filler in 20..40 {
                append_bytes(&mut large, &format!("x-filler-{filler}"), b"1");
            }
            let answer = |request: &HeaderMap| {
                let response = policy
                    .preflight(&Method::OPTIONS, request)
                    .expect("a preflight");
                (response.status(), response.headers().clone())
            };
            assert_eq!(answer(&large), answer(small), "{name}: {case}");
        }
    }
}
