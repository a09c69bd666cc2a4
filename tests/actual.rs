//! SPEC §3.4 (actual request, allowed origin), §3.5 (other origin) and §3.6 (not a CORS
//! request), through the public API only: `apply` on the handler's response headers.

mod common;

use common::*;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS as ACAC, ACCESS_CONTROL_ALLOW_HEADERS as ACAH,
    ACCESS_CONTROL_ALLOW_METHODS as ACAM, ACCESS_CONTROL_ALLOW_ORIGIN as ACAO,
    ACCESS_CONTROL_EXPOSE_HEADERS as ACEH, ACCESS_CONTROL_MAX_AGE as ACMA, CONTENT_TYPE, VARY,
};
use http::{HeaderMap, HeaderValue, Method};

// ---------------------------------------------------------------------------------------
// §3.4 Allowed origin
// ---------------------------------------------------------------------------------------

#[test]
fn allowed_origin_gets_acao_acac_and_expose_headers() {
    for origin in ["https://app.example.com", "http://localhost:3000"] {
        let request = headers(&[("origin", origin)]);
        assert!(DOC_REFERENCE.preflight(&Method::GET, &request).is_none());
        let response = apply(&DOC_REFERENCE, &request);
        assert_eq!(single(&response, "access-control-allow-origin"), origin);
        assert_eq!(
            single(&response, "access-control-allow-credentials"),
            "true"
        );
        assert_eq!(
            single(&response, "access-control-expose-headers"),
            "x-request-id, x-trace-id"
        );
        assert_eq!(
            cors_header_names(&response),
            [
                "access-control-allow-credentials",
                "access-control-allow-origin",
                "access-control-expose-headers",
            ]
        );
        let page = BrowserRequest::new(origin, "GET").include_credentials();
        assert_eq!(browser::cors_check(&page, &response), Ok(()));
    }
}

#[test]
fn seed_documentation_policies_answer_their_origins() {
    for (name, policy, origin, expose) in [
        (
            "DOC_PRODUCTION",
            &DOC_PRODUCTION,
            "https://app.yourdomain.com",
            Some("x-request-id"),
        ),
        (
            "DOC_PRODUCTION",
            &DOC_PRODUCTION,
            "https://admin.yourdomain.com",
            Some("x-request-id"),
        ),
        (
            "DOC_SPA",
            &DOC_SPA,
            "https://spa.example.com",
            Some("x-total-count, x-page-number"),
        ),
        (
            "DOC_LOCAL_DEVELOPMENT",
            &DOC_LOCAL_DEVELOPMENT,
            "http://localhost:3000",
            None,
        ),
        (
            "DOC_LOCAL_DEVELOPMENT",
            &DOC_LOCAL_DEVELOPMENT,
            "http://localhost:5173",
            None,
        ),
        (
            "DOC_LOCAL_DEVELOPMENT",
            &DOC_LOCAL_DEVELOPMENT,
            "http://10.0.2.2:8000",
            None,
        ),
        ("DOC_MOBILE", &DOC_MOBILE, "capacitor://localhost", None),
        ("DOC_MOBILE", &DOC_MOBILE, "ionic://localhost", None),
        ("DOC_MOBILE", &DOC_MOBILE, "http://localhost", None),
    ] {
        let response = apply_with_origin(policy, origin);
        assert_eq!(
            single(&response, "access-control-allow-origin"),
            origin,
            "{name}"
        );
        assert_eq!(
            single(&response, "access-control-allow-credentials"),
            "true",
            "{name}"
        );
        match expose {
            Some(expose) => {
                assert_eq!(
                    single(&response, "access-control-expose-headers"),
                    expose,
                    "{name}"
                )
            }
            None => assert!(!response.contains_key(ACEH), "{name}"),
        }
        assert_eq!(vary_tokens(&response), ["origin"], "{name}");
    }
}

#[test]
fn allowed_origin_without_credentials_gets_no_acac() {
    for (name, policy, origin) in [
        ("EXPOSE_ANY", &EXPOSE_ANY, "https://app.example.com"),
        ("PRIVATE_NETWORK", &PRIVATE_NETWORK, "http://localhost:8080"),
        (
            "CASE_SENSITIVE_METHODS",
            &CASE_SENSITIVE_METHODS,
            "https://app.example.com",
        ),
        ("ORIGIN_ONLY", &ORIGIN_ONLY, "https://app.example.com"),
    ] {
        let response = apply_with_origin(policy, origin);
        assert_eq!(
            single(&response, "access-control-allow-origin"),
            origin,
            "{name}"
        );
        assert!(!response.contains_key(ACAC), "{name}");
    }
}

#[test]
fn expose_headers_star_without_credentials_is_sent_as_star() {
    let response = apply_with_origin(&EXPOSE_ANY, "https://app.example.com");
    assert_eq!(single(&response, "access-control-expose-headers"), "*");
    assert_eq!(
        cors_header_names(&response),
        [
            "access-control-allow-origin",
            "access-control-expose-headers"
        ]
    );
}

#[test]
fn no_expose_headers_configured_sends_none() {
    for (name, policy, origin) in [
        ("ORIGIN_ONLY", &ORIGIN_ONLY, "https://app.example.com"),
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT, "https://x.example"),
        ("MANY_ORIGINS", &MANY_ORIGINS, "https://a05.example.com"),
    ] {
        assert!(
            !apply_with_origin(policy, origin).contains_key(ACEH),
            "{name}"
        );
    }
}

#[test]
fn actual_response_never_gets_preflight_headers() {
    for (name, policy, origin) in LISTED_ORIGIN_POLICIES {
        // Even an OPTIONS without ACRM, and a request carrying preflight-looking headers.
        let request = headers(&[
            ("origin", origin),
            ("access-control-request-headers", "content-type"),
            ("access-control-request-private-network", "true"),
        ]);
        let response = apply(policy, &request);
        assert_eq!(
            single(&response, "access-control-allow-origin"),
            origin,
            "{name}"
        );
        for forbidden in [ACAM, ACAH, ACMA, ACAPN] {
            assert!(
                !response.contains_key(&forbidden),
                "{name}: {forbidden} on an actual response"
            );
        }
    }
    for (name, policy) in [
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
        ("ANY_EVERYTHING", &ANY_EVERYTHING),
    ] {
        let response = apply_with_origin(policy, "https://x.example");
        for forbidden in [ACAM, ACAH, ACMA, ACAPN] {
            assert!(!response.contains_key(&forbidden), "{name}: {forbidden}");
        }
    }
}

#[test]
fn acao_replaces_the_handlers_values() {
    let origin = "https://app.example.com";
    let mut response = HeaderMap::new();
    response.append(ACAO, HeaderValue::from_static("*"));
    response.append(ACAO, HeaderValue::from_static("https://evil.example"));
    response.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    DOC_REFERENCE.apply(&headers(&[("origin", origin)]), &mut response);
    assert_eq!(
        single(&response, "access-control-allow-origin"),
        origin,
        "exactly one ACAO"
    );
    assert_eq!(
        single(&response, "access-control-allow-credentials"),
        "true"
    );
    assert_eq!(
        single(&response, "content-type"),
        "application/json",
        "other headers kept"
    );

    let mut response = HeaderMap::new();
    response.insert(ACAO, HeaderValue::from_static("https://evil.example"));
    ANY_EVERYTHING.apply(&headers(&[("origin", origin)]), &mut response);
    assert_eq!(single(&response, "access-control-allow-origin"), "*");
}

#[test]
fn credentials_and_expose_headers_are_not_duplicated() {
    let origin = "https://app.example.com";
    let mut response = HeaderMap::new();
    response.append(ACAC, HeaderValue::from_static("true"));
    response.append(ACEH, HeaderValue::from_static("x-old"));
    DOC_REFERENCE.apply(&headers(&[("origin", origin)]), &mut response);
    assert_eq!(
        single(&response, "access-control-allow-credentials"),
        "true"
    );
    assert_eq!(
        single(&response, "access-control-expose-headers"),
        "x-request-id, x-trace-id"
    );
}

#[test]
fn options_without_request_method_gets_actual_headers() {
    let origin = "https://spa.example.com";
    let request = headers(&[("origin", origin)]);
    assert!(DOC_SPA.preflight(&Method::OPTIONS, &request).is_none());
    let response = apply(&DOC_SPA, &request);
    assert_eq!(single(&response, "access-control-allow-origin"), origin);
    assert!(!response.contains_key(ACAM) && !response.contains_key(ACMA));
}

#[test]
fn every_one_of_twenty_origins_is_found() {
    for origin in MANY_ORIGINS_LISTED {
        let response = apply_with_origin(&MANY_ORIGINS, origin);
        assert_eq!(single(&response, "access-control-allow-origin"), origin);
    }
    for near_miss in [
        "https://a00.example.com",
        "https://a11.example.com",
        "https://a1.example.com",
        "https://bbbb.example.org",
        "https://b.example.com",
        "http://localhost:3002",
        "http://localhost:5000",
        "https://app.example.com",
        "https://app.example.com:8444",
        "capacitor://localhost:1",
        "ionic://localhosT",
        "https://zz.example.nez",
    ] {
        let response = apply_with_origin(&MANY_ORIGINS, near_miss);
        assert!(cors_header_names(&response).is_empty(), "{near_miss}");
    }
}

// ---------------------------------------------------------------------------------------
// §3.5 Other origins
// ---------------------------------------------------------------------------------------

#[test]
fn other_origins_get_no_cors_header() {
    for (name, policy, allowed) in LISTED_ORIGIN_POLICIES {
        for origin in look_alikes(allowed) {
            let mut request = HeaderMap::new();
            append_bytes(&mut request, "origin", &origin);
            let response = apply(policy, &request);
            let context = format!("{name}: Origin {:?}", String::from_utf8_lossy(&origin));
            assert!(
                cors_header_names(&response).is_empty(),
                "{context}: {response:?}"
            );
            assert_eq!(vary_tokens(&response), ["origin"], "{context}");
        }
    }
}

#[test]
fn look_alikes_of_the_reference_origin_get_no_cors_header() {
    for origin in [
        "https://app.example.com.evil.com",
        "https://evilapp.example.com",
        "https://app.example.com.",
        "https://app.example.com/",
        "https://app.example.com:443",
        "https://app.example.com:8443",
        "http://app.example.com",
        "HTTPS://APP.EXAMPLE.COM",
        "https://App.example.com",
        "https://app.example.co",
        "https://app.example.comm",
        "https://example.com",
        "https://sub.app.example.com",
        "http://localhost:3001",
        "http://localhost",
        "http://127.0.0.1:3000",
        "null",
        "file://",
    ] {
        let response = apply_with_origin(&DOC_REFERENCE, origin);
        assert!(
            cors_header_names(&response).is_empty(),
            "{origin}: {response:?}"
        );
    }
}

#[test]
fn two_origin_lines_get_no_cors_header() {
    for (name, policy, allowed) in LISTED_ORIGIN_POLICIES {
        for other in [allowed, "https://evil.example"] {
            let request = headers(&[("origin", allowed), ("origin", other)]);
            let response = apply(policy, &request);
            assert!(
                cors_header_names(&response).is_empty(),
                "{name}: {response:?}"
            );
            assert_eq!(vary_tokens(&response), ["origin"], "{name}");
        }
    }
}

#[test]
fn other_origin_keeps_the_handlers_headers() {
    let mut response = HeaderMap::new();
    response.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    DOC_REFERENCE.apply(
        &headers(&[("origin", "https://evil.example")]),
        &mut response,
    );
    assert_eq!(single(&response, "content-type"), "text/plain");
    assert_eq!(
        response.len(),
        2,
        "content-type and vary only: {response:?}"
    );
}

// ---------------------------------------------------------------------------------------
// §3.6 Not a CORS request
// ---------------------------------------------------------------------------------------

#[test]
fn request_without_origin_gets_only_vary_from_listed_origin_policies() {
    for (name, policy, _) in LISTED_ORIGIN_POLICIES {
        let request = headers(&[("host", "api.example.com")]);
        for method in [Method::GET, Method::OPTIONS] {
            assert!(policy.preflight(&method, &request).is_none(), "{name}");
        }
        let response = apply(policy, &request);
        assert_eq!(
            response.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
            ["vary"],
            "{name}"
        );
        assert_eq!(vary_tokens(&response), ["origin"], "{name}");
    }
}

#[test]
fn wildcard_policy_adds_acao_star_without_origin() {
    let response = apply(&DOC_DEVELOPMENT, &HeaderMap::new());
    assert_eq!(single(&response, "access-control-allow-origin"), "*");
    assert_eq!(
        cors_header_names(&response),
        ["access-control-allow-origin"]
    );
    assert!(!response.contains_key(VARY));

    let response = apply(&ANY_EVERYTHING, &HeaderMap::new());
    assert_eq!(single(&response, "access-control-allow-origin"), "*");
    assert_eq!(single(&response, "access-control-expose-headers"), "*");
    assert!(!response.contains_key(ACAC));
    assert!(!response.contains_key(VARY));
}

#[test]
fn wildcard_policy_answers_every_origin_with_star() {
    let mut origins = look_alikes("https://app.example.com");
    origins.push(b"https://anything.example".to_vec());
    for origin in origins {
        for (name, policy) in [
            ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
            ("ANY_EVERYTHING", &ANY_EVERYTHING),
        ] {
            let mut request = HeaderMap::new();
            append_bytes(&mut request, "origin", &origin);
            let response = apply(policy, &request);
            assert_eq!(
                single(&response, "access-control-allow-origin"),
                "*",
                "{name}"
            );
            assert!(!response.contains_key(ACAC), "{name}");
            let page = BrowserRequest::new("https://anything.example", "GET");
            assert_eq!(browser::cors_check(&page, &response), Ok(()));
        }
    }
}
