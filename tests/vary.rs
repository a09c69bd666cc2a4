//! SPEC §3.7: `Vary` on every response whose content depends on the request's `Origin`
//! (and, for a preflight, on the request headers it echoes), appended to the handler's
//! `Vary`, never duplicated, `Vary: *` left alone.

mod common;

use common::*;
use http::header::VARY;
use http::{HeaderMap, HeaderValue, StatusCode};

/// `apply` for a request from `origin` on a response whose handler set these `Vary` lines.
fn apply_over_vary(policy: &Twin, origin: &str, handler_vary: &[&[u8]]) -> HeaderMap {
    let mut response = HeaderMap::new();
    for value in handler_vary {
        append_bytes(&mut response, "vary", value);
    }
    policy.apply(&headers(&[("origin", origin)]), &mut response);
    response
}

#[test]
fn listed_origin_policy_varies_on_origin_for_every_kind_of_response() {
    for (name, policy, origin) in LISTED_ORIGIN_POLICIES {
        let responses = [
            ("allowed actual", apply_with_origin(policy, origin)),
            (
                "other-origin actual",
                apply_with_origin(policy, "https://evil.example"),
            ),
            ("not CORS", apply(policy, &HeaderMap::new())),
            (
                "allowed preflight",
                preflight(policy, &preflight_request(origin, "GET", None))
                    .headers()
                    .clone(),
            ),
            (
                "preflight refused for its origin",
                preflight(
                    policy,
                    &preflight_request("https://evil.example", "GET", None),
                )
                .headers()
                .clone(),
            ),
            (
                "preflight refused for its method",
                preflight(
                    policy,
                    &preflight_request(origin, "CUSTOM-METHOD", Some("x-not-listed")),
                )
                .headers()
                .clone(),
            ),
        ];
        for (kind, response) in responses {
            assert_eq!(
                vary_count(&response, "origin"),
                1,
                "{name}, {kind}: {response:?}"
            );
        }
    }
}

#[test]
fn wildcard_origin_policy_does_not_vary_on_origin() {
    for (name, policy) in [
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
        ("ANY_EVERYTHING", &ANY_EVERYTHING),
    ] {
        let responses = [
            apply_with_origin(policy, "https://x.example"),
            apply(policy, &HeaderMap::new()),
            preflight(
                policy,
                &preflight_request("https://x.example", "PUT", Some("x-a")),
            )
            .headers()
            .clone(),
        ];
        for response in responses {
            assert_eq!(vary_count(&response, "origin"), 0, "{name}: {response:?}");
        }
        // And the handler's own Vary is left as it was.
        let response = apply_over_vary(policy, "https://x.example", &[b"accept-encoding"]);
        assert_eq!(values(&response, "vary"), [b"accept-encoding"], "{name}");
    }
}

#[test]
fn origin_is_appended_to_the_handlers_vary() {
    for (name, policy, origin) in LISTED_ORIGIN_POLICIES {
        for request_origin in [origin, "https://evil.example"] {
            let response = apply_over_vary(policy, request_origin, &[b"accept-encoding"]);
            assert_eq!(
                vary_tokens(&response),
                ["accept-encoding", "origin"],
                "{name}"
            );
            assert_eq!(
                values(&response, "vary")[0],
                b"accept-encoding",
                "{name}: kept as written"
            );
        }
    }
    let response = apply_over_vary(
        &DOC_REFERENCE,
        "https://app.example.com",
        &[b"accept-encoding", b"cookie"],
    );
    assert_eq!(
        vary_tokens(&response),
        ["accept-encoding", "cookie", "origin"]
    );
}

#[test]
fn origin_written_capitalized_is_not_duplicated() {
    for written in [&b"Origin"[..], b"ORIGIN", b"origin", b"oRiGiN"] {
        for request_origin in ["https://app.example.com", "https://evil.example"] {
            let response = apply_over_vary(&DOC_REFERENCE, request_origin, &[written]);
            assert_eq!(
                values(&response, "vary"),
                [written],
                "{:?}",
                String::from_utf8_lossy(written)
            );
        }
    }
}

#[test]
fn origin_inside_a_list_is_not_duplicated() {
    let lists: [&[&[u8]]; 6] = [
        &[b"Accept-Encoding, Origin"],
        &[b"accept-encoding,origin"],
        &[b"Origin, Accept-Encoding"],
        &[b" accept-encoding ,\tOrigin\t, cookie "],
        &[b"accept-encoding", b"Origin"],
        &[b"accept-encoding,,origin,"],
    ];
    for handler_vary in lists {
        let response = apply_over_vary(&DOC_SPA, "https://spa.example.com", handler_vary);
        assert_eq!(values(&response, "vary"), handler_vary, "{handler_vary:?}");
        assert_eq!(vary_count(&response, "origin"), 1);
    }
}

#[test]
fn vary_star_is_left_alone() {
    for request_origin in ["https://app.example.com", "https://evil.example"] {
        let response = apply_over_vary(&DOC_REFERENCE, request_origin, &[b"*"]);
        assert_eq!(values(&response, "vary"), [b"*"]);
    }
    let response = apply_over_vary(
        &DOC_REFERENCE,
        "https://app.example.com",
        &[b"accept-encoding", b"*"],
    );
    assert_eq!(vary_count(&response, "origin"), 0, "{response:?}");
}

#[test]
fn tokens_merely_containing_origin_do_not_count() {
    for written in [
        &b"x-origin"[..],
        b"origins",
        b"origin-agent-cluster",
        b"\"origin\"",
    ] {
        let response = apply_over_vary(&DOC_REFERENCE, "https://app.example.com", &[written]);
        assert_eq!(
            vary_count(&response, "origin"),
            1,
            "{:?}",
            String::from_utf8_lossy(written)
        );
        assert_eq!(values(&response, "vary")[0], written, "kept as written");
    }
}

#[test]
fn apply_twice_is_idempotent() {
    for (name, policy, origin) in LISTED_ORIGIN_POLICIES {
        for request_origin in [origin, "https://evil.example"] {
            let request = headers(&[("origin", request_origin)]);
            let mut once = HeaderMap::new();
            once.insert(VARY, HeaderValue::from_static("accept-encoding"));
            policy.apply(&request, &mut once);
            let mut twice = once.clone();
            policy.apply(&request, &mut twice);
            assert_eq!(once, twice, "{name}: {request_origin}");
            assert_eq!(vary_count(&twice, "origin"), 1, "{name}");
        }
    }
    for (name, policy) in [
        ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT),
        ("ANY_EVERYTHING", &ANY_EVERYTHING),
    ] {
        let request = headers(&[("origin", "https://x.example")]);
        let mut once = HeaderMap::new();
        policy.apply(&request, &mut once);
        let mut twice = once.clone();
        policy.apply(&request, &mut twice);
        assert_eq!(once, twice, "{name}");
    }
}

#[test]
fn preflight_vary_names_the_echoed_request_headers() {
    let origin = "https://app.example.com";
    let echoed = preflight(
        &CREDENTIALS_ECHO,
        &preflight_request(origin, "PUT", Some("x-a")),
    );
    assert_eq!(echoed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        vary_tokens(echoed.headers()),
        [
            "origin",
            "access-control-request-method",
            "access-control-request-headers"
        ]
    );
    // Nothing echoed but the origin: Vary names only Origin.
    for (name, policy, origin, method) in [
        (
            "DOC_REFERENCE",
            &DOC_REFERENCE,
            "https://app.example.com",
            "POST",
        ),
        ("DOC_SPA", &DOC_SPA, "https://spa.example.com", "PUT"),
        (
            "EXPOSE_ANY",
            &EXPOSE_ANY,
            "https://app.example.com",
            "PATCH",
        ),
    ] {
        let response = preflight(
            policy,
            &preflight_request(origin, method, Some("authorization")),
        );
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{name}");
        assert_eq!(vary_tokens(response.headers()), ["origin"], "{name}");
    }
}

#[test]
fn non_utf8_vary_of_the_handler_is_kept() {
    let response = apply_over_vary(&DOC_REFERENCE, "https://app.example.com", &[b"x-\xff\xfe"]);
    assert_eq!(values(&response, "vary"), [&b"x-\xff\xfe"[..], b"origin"]);
}

#[test]
fn thousands_of_vary_lines_are_handled() {
    let lines: Vec<Vec<u8>> = (0..4000).map(|i| format!("x-h{i}").into_bytes()).collect();
    let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
    let response = apply_over_vary(&DOC_REFERENCE, "https://app.example.com", &refs);
    assert_eq!(values(&response, "vary").len(), 4001);
    assert_eq!(vary_count(&response, "origin"), 1);
}
