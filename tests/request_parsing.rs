//! SPEC §3.8 (reading `Access-Control-Request-Headers`, bounded), the reading of
//! `Access-Control-Request-Method` and `-Private-Network`, and §3.9 (never panic), through
//! the public API only.
//!
//! The documented bounds (`CorsPolicy::preflight`): more than 16 lines, 4096 bytes or 64
//! names of `Access-Control-Request-Headers` is refused before anything is scanned.

mod common;

use common::*;
use http::{HeaderMap, Method, StatusCode};

const ORIGIN: &str = "https://app.example.com";

/// Policies that allow every header name (`"*"`), where only the parsing can refuse.
const ANY_HEADER_POLICIES: [(&str, &Twin, &str, &str); 4] = [
    ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT, ORIGIN, "PUT"),
    ("ANY_EVERYTHING", &ANY_EVERYTHING, ORIGIN, "PUT"),
    ("EXPOSE_ANY", &EXPOSE_ANY, ORIGIN, "PUT"),
    ("CREDENTIALS_ECHO", &CREDENTIALS_ECHO, ORIGIN, "PUT"),
];

/// A preflight from `origin` for `method` whose ACRH is these lines (as bytes).
fn preflight_with_lines(origin: &str, method: &str, lines: &[&[u8]]) -> HeaderMap {
    let mut request = preflight_request(origin, method, None);
    for line in lines {
        append_bytes(&mut request, "access-control-request-headers", line);
    }
    request
}

fn status(policy: &Twin, request: &HeaderMap) -> StatusCode {
    preflight(policy, request).status()
}

/// The reference policy lists `authorization, content-type, x-request-id` and `POST`.
fn reference_status(lines: &[&[u8]]) -> StatusCode {
    status(&DOC_REFERENCE, &preflight_with_lines(ORIGIN, "POST", lines))
}

// ---------------------------------------------------------------------------------------
// §3.8 Access-Control-Request-Headers
// ---------------------------------------------------------------------------------------

#[test]
fn request_headers_spread_over_several_lines_are_all_read() {
    assert_eq!(
        reference_status(&[b"authorization", b"content-type", b"x-request-id"]),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        reference_status(&[b"authorization, content-type", b"x-request-id"]),
        StatusCode::NO_CONTENT
    );
    // A name that is not listed is found on any line.
    assert_eq!(
        reference_status(&[b"authorization", b"x-evil"]),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        reference_status(&[b"x-evil", b"authorization"]),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        reference_status(&[b"authorization", b"content-type", b"x-request-id, x-evil"]),
        StatusCode::FORBIDDEN
    );
}

#[test]
fn optional_whitespace_around_names_is_tolerated() {
    for line in [
        &b" authorization , content-type "[..],
        b"authorization,\tcontent-type\t",
        b"\tauthorization\t,\t x-request-id",
        b"authorization ,content-type",
    ] {
        assert_eq!(
            reference_status(&[line]),
            StatusCode::NO_CONTENT,
            "{:?}",
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn empty_elements_are_tolerated() {
    for lines in [
        &[&b",,authorization,, ,content-type,"[..]][..],
        &[b""],
        &[b" "],
        &[b","],
        &[b", ,\t,"],
        &[b"", b"authorization", b""],
    ] {
        assert_eq!(reference_status(lines), StatusCode::NO_CONTENT, "{lines:?}");
    }
}

#[test]
fn names_compare_case_insensitively_in_any_order() {
    for line in [
        &b"X-Request-ID,Content-Type,AUTHORIZATION"[..],
        b"content-type,authorization",
        b"x-request-id, authorization, content-type",
        b"Authorization",
        b"content-type, content-type, CONTENT-TYPE",
    ] {
        assert_eq!(
            reference_status(&[line]),
            StatusCode::NO_CONTENT,
            "{:?}",
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn a_megabyte_of_commas_is_refused() {
    let commas = vec![b','; 1 << 20];
    // Under `"*"` headers an unbounded reader would find no name at all and allow it.
    for (name, policy, origin, method) in ANY_HEADER_POLICIES {
        let response = preflight(policy, &preflight_with_lines(origin, method, &[&commas]));
        assert_refused(
            &response,
            name != "DOC_DEVELOPMENT" && name != "ANY_EVERYTHING",
            name,
        );
    }
    assert_eq!(reference_status(&[&commas]), StatusCode::FORBIDDEN);
    // One huge token, and a huge list of allowed names, likewise.
    let token = vec![b'x'; 1 << 20];
    let names = b"content-type,".repeat(80_000);
    for value in [&token, &names] {
        for (name, policy, origin, method) in ANY_HEADER_POLICIES {
            assert_eq!(
                status(policy, &preflight_with_lines(origin, method, &[value])),
                StatusCode::FORBIDDEN,
                "{name}"
            );
        }
    }
}

#[test]
fn a_thousand_request_headers_lines_are_refused() {
    let lines: Vec<&[u8]> = vec![b"x-a"; 1024];
    for (name, policy, origin, method) in ANY_HEADER_POLICIES {
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &lines)),
            StatusCode::FORBIDDEN,
            "{name}"
        );
    }
    let lines: Vec<&[u8]> = vec![b""; 1024];
    for (name, policy, origin, method) in ANY_HEADER_POLICIES {
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &lines)),
            StatusCode::FORBIDDEN,
            "{name}"
        );
    }
}

#[test]
fn sixteen_lines_are_read_and_seventeen_refused() {
    let sixteen: Vec<&[u8]> = vec![b"content-type"; 16];
    let seventeen: Vec<&[u8]> = vec![b"content-type"; 17];
    for (name, policy, origin, method) in ANY_HEADER_POLICIES {
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &sixteen)),
            StatusCode::NO_CONTENT,
            "{name}"
        );
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &seventeen)),
            StatusCode::FORBIDDEN,
            "{name}"
        );
    }
    assert_eq!(reference_status(&sixteen), StatusCode::NO_CONTENT);
    assert_eq!(reference_status(&seventeen), StatusCode::FORBIDDEN);
}

#[test]
fn sixty_four_names_are_read_and_sixty_five_refused() {
    let names = |count: usize| -> String {
        (0..count)
            .map(|i| format!("x-h{i:02}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let sixty_four = names(64);
    let sixty_five = names(65);
    for (name, policy, origin, method) in ANY_HEADER_POLICIES {
        let allowed = preflight(
            policy,
            &preflight_with_lines(origin, method, &[sixty_four.as_bytes()]),
        );
        assert_eq!(allowed.status(), StatusCode::NO_CONTENT, "{name}");
        let refused = preflight(
            policy,
            &preflight_with_lines(origin, method, &[sixty_five.as_bytes()]),
        );
        assert_refused(
            &refused,
            name == "EXPOSE_ANY" || name == "CREDENTIALS_ECHO",
            name,
        );
    }
    // The echoing policy echoes all 64.
    let echoed = preflight(
        &CREDENTIALS_ECHO,
        &preflight_with_lines(ORIGIN, "PUT", &[sixty_four.as_bytes()]),
    );
    assert_eq!(
        single(echoed.headers(), "access-control-allow-headers"),
        sixty_four
    );
    // Counted over lines, empty elements not counted.
    let lines_64: Vec<String> = (0..4)
        .map(|l| {
            (0..16)
                .map(|i| format!("x-{l}-{i}"))
                .collect::<Vec<_>>()
                .join(", ,")
        })
        .collect();
    let mut lines_65 = lines_64.clone();
    lines_65.push("x-last".to_owned());
    let as_bytes = |lines: &[String]| -> Vec<Vec<u8>> {
        lines.iter().map(|l| l.clone().into_bytes()).collect()
    };
    for (name, policy, origin, method) in ANY_HEADER_POLICIES {
        let ok = as_bytes(&lines_64);
        let ok: Vec<&[u8]> = ok.iter().map(Vec::as_slice).collect();
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &ok)),
            StatusCode::NO_CONTENT,
            "{name}"
        );
        let too_many = as_bytes(&lines_65);
        let too_many: Vec<&[u8]> = too_many.iter().map(Vec::as_slice).collect();
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &too_many)),
            StatusCode::FORBIDDEN,
            "{name}"
        );
    }
}

#[test]
fn four_kilobytes_are_read_and_more_refused() {
    let exactly = vec![b'x'; 4096];
    let over = vec![b'x'; 4097];
    let split_over = [vec![b'x'; 2048], vec![b'y'; 2049]];
    for (name, policy, origin, method) in ANY_HEADER_POLICIES {
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &[&exactly])),
            StatusCode::NO_CONTENT,
            "{name}"
        );
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &[&over])),
            StatusCode::FORBIDDEN,
            "{name}"
        );
        assert_eq!(
            status(
                policy,
                &preflight_with_lines(origin, method, &[&split_over[0], &split_over[1]])
            ),
            StatusCode::FORBIDDEN,
            "{name}: the bound is over all lines"
        );
    }
}

#[test]
fn request_header_names_that_are_not_tokens_are_refused() {
    let not_tokens: [&[u8]; 16] = [
        b"content type",
        b"x-a;b",
        b"x/y",
        b"(x)",
        b"\"x\"",
        b"x=y",
        b"x@y",
        b"{x}",
        b"x\\y",
        b"x:y",
        b"[x]",
        b"x?",
        b"x-\xc3\xa9",
        b"x-\xff",
        b"content-type, x y",
        b"x\ty",
    ];
    for value in not_tokens {
        let context = String::from_utf8_lossy(value);
        for (name, policy, origin, method) in ANY_HEADER_POLICIES {
            let response = preflight(policy, &preflight_with_lines(origin, method, &[value]));
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{name}: {context:?}"
            );
            assert!(
                !response
                    .headers()
                    .contains_key("access-control-allow-headers"),
                "{name}: a refused name is never echoed"
            );
        }
        assert_eq!(
            reference_status(&[value]),
            StatusCode::FORBIDDEN,
            "{context:?}"
        );
        assert_eq!(
            reference_status(&[b"authorization", value]),
            StatusCode::FORBIDDEN,
            "{context:?}"
        );
    }
}

#[test]
fn every_token_character_is_accepted_in_a_name() {
    let name = b"x!#$%&'*+-.^_`|~09AZaz";
    for (policy_name, policy, origin, method) in ANY_HEADER_POLICIES {
        assert_eq!(
            status(policy, &preflight_with_lines(origin, method, &[name])),
            StatusCode::NO_CONTENT,
            "{policy_name}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Access-Control-Request-Method
// ---------------------------------------------------------------------------------------

/// Policies with `allow_methods = "*"`, where only the reading can refuse a method.
const ANY_METHOD_POLICIES: [(&str, &Twin, &str); 4] = [
    ("DOC_DEVELOPMENT", &DOC_DEVELOPMENT, ORIGIN),
    ("ANY_EVERYTHING", &ANY_EVERYTHING, ORIGIN),
    ("CREDENTIALS_ECHO", &CREDENTIALS_ECHO, ORIGIN),
    (
        "DOC_LOCAL_DEVELOPMENT",
        &DOC_LOCAL_DEVELOPMENT,
        "http://localhost:3000",
    ),
];

fn method_request(origin: &str, methods: &[&[u8]]) -> HeaderMap {
    let mut request = headers(&[("origin", origin)]);
    for method in methods {
        append_bytes(&mut request, "access-control-request-method", method);
    }
    request
}

#[test]
fn any_token_method_is_allowed_by_wildcard_methods() {
    for method in [
        &b"PURGE"[..],
        b"PROPFIND",
        b"patch",
        b"M-SEARCH",
        b"X!#$%&'*+.^_`|~",
    ] {
        for (name, policy, origin) in ANY_METHOD_POLICIES {
            assert_eq!(
                status(policy, &method_request(origin, &[method])),
                StatusCode::NO_CONTENT,
                "{name}: {:?}",
                String::from_utf8_lossy(method)
            );
        }
    }
}

#[test]
fn request_method_that_is_not_a_token_is_refused() {
    for method in [
        &b"GE T"[..],
        b"GET,POST",
        b"GET, POST",
        b" GET",
        b"GET ",
        b"(GET)",
        b"GET;",
        b"G\xffT",
        b"P\xc3\x9cT",
        b"GET/1",
    ] {
        let context = String::from_utf8_lossy(method);
        for (name, policy, origin) in ANY_METHOD_POLICIES {
            let response = preflight(policy, &method_request(origin, &[method]));
            assert_refused(
                &response,
                name != "DOC_DEVELOPMENT" && name != "ANY_EVERYTHING",
                &format!("{name}: {context:?}"),
            );
        }
    }
}

#[test]
fn empty_request_method_is_refused() {
    for (name, policy, origin) in ANY_METHOD_POLICIES {
        let response = preflight(policy, &method_request(origin, &[b""]));
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}");
    }
    assert_eq!(
        status(&DOC_REFERENCE, &method_request(ORIGIN, &[b""])),
        StatusCode::FORBIDDEN
    );
}

#[test]
fn repeated_request_method_is_refused() {
    let put: &[u8] = b"PUT";
    let hundred = [put; 100];
    let cases: [&[&[u8]]; 4] = [
        &[put, put],
        &[b"GET", b"GET"],
        &[b"GET", b"DELETE"],
        &hundred,
    ];
    for methods in cases {
        for (name, policy, origin) in ANY_METHOD_POLICIES {
            assert_eq!(
                status(policy, &method_request(origin, methods)),
                StatusCode::FORBIDDEN,
                "{name}: {methods:?}"
            );
        }
        assert_eq!(
            status(&DOC_REFERENCE, &method_request(ORIGIN, methods)),
            StatusCode::FORBIDDEN
        );
    }
}

// ---------------------------------------------------------------------------------------
// Access-Control-Request-Private-Network
// ---------------------------------------------------------------------------------------

#[test]
fn only_request_private_network_true_asks_for_private_network() {
    let base = || preflight_request(ORIGIN, "PUT", None);
    // Absent, `false`, anything but `true`: an ordinary preflight, answered without ACAPN.
    for value in [None, Some(&b"false"[..]), Some(b"\xff")] {
        let mut request = base();
        if let Some(value) = value {
            append_bytes(&mut request, ACRPN.as_str(), value);
        }
        let response = preflight(&PRIVATE_NETWORK, &request);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{value:?}");
        assert!(!response.headers().contains_key(ACAPN), "{value:?}");
    }
    let mut request = base();
    append_bytes(&mut request, ACRPN.as_str(), b"true");
    let response = preflight(&PRIVATE_NETWORK, &request);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(single(response.headers(), ACAPN.as_str()), "true");
}

// ---------------------------------------------------------------------------------------
// §3.9 Never panic
// ---------------------------------------------------------------------------------------

/// Runs every entry point of every policy on `request`; a preflight answer is 204 or 403.
fn survive(request: &HeaderMap, context: &str) {
    for (name, policy) in ALL_POLICIES {
        for method in [Method::OPTIONS, Method::GET, Method::POST] {
            if let Some(response) = policy.preflight(&method, request) {
                assert_eq!(method, Method::OPTIONS, "{name}: {context}");
                let status = response.status();
                assert!(
                    status == StatusCode::NO_CONTENT || status == StatusCode::FORBIDDEN,
                    "{name}: {context}: {status}"
                );
            }
        }
        let mut response = HeaderMap::new();
        policy.apply(request, &mut response);
        policy.apply(request, &mut response);
    }
}

#[test]
fn thousands_of_header_lines_never_panic() {
    let many = 4000;
    for header in [
        "origin",
        "access-control-request-method",
        "access-control-request-headers",
        "access-control-request-private-network",
    ] {
        let mut request = preflight_request(ORIGIN, "PUT", Some("content-type"));
        for i in 0..many {
            append_bytes(&mut request, header, format!("x-{i}").as_bytes());
        }
        survive(&request, header);
        let mut request = preflight_request(ORIGIN, "GET", None);
        for _ in 0..many {
            append_bytes(&mut request, header, ORIGIN.as_bytes());
        }
        survive(&request, header);
    }
    // All of them at once, plus unrelated noise.
    let mut request = HeaderMap::new();
    for i in 0..many {
        append_bytes(&mut request, "origin", b"https://app.example.com");
        append_bytes(&mut request, "access-control-request-method", b"PUT");
        append_bytes(&mut request, "access-control-request-headers", b",,,");
        append_bytes(
            &mut request,
            "access-control-request-private-network",
            b"true",
        );
        append_bytes(&mut request, &format!("x-noise-{}", i % 100), b"noise");
    }
    survive(&request, "everything repeated");
}

#[test]
fn non_utf8_and_odd_values_never_panic() {
    let odd: [&[u8]; 10] = [
        b"\xff\xfe\xfd",
        b"https://app.example.com\x80",
        b"\x80https://app.example.com",
        b"https://\xc3\xa9.example.com",
        b"",
        b" ",
        b"\t",
        b"*",
        b"null",
        b",",
    ];
    let everything_high: Vec<u8> = (0x80..=0xff).collect();
    let huge_origin = [
        b"https://".as_slice(),
        &vec![b'a'; 64 * 1024],
        b".example.com",
    ]
    .concat();
    let mut values: Vec<&[u8]> = odd.to_vec();
    values.push(&everything_high);
    values.push(&huge_origin);
    for value in &values {
        let context = format!(
            "{:?}",
            String::from_utf8_lossy(&value[..value.len().min(40)])
        );
        for header in [
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
            "access-control-request-private-network",
        ] {
            let mut request = preflight_request(ORIGIN, "PUT", None);
            request.remove(header);
            append_bytes(&mut request, header, value);
            survive(&request, &format!("{header}: {context}"));
        }
        let mut request = HeaderMap::new();
        for header in [
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
            "access-control-request-private-network",
        ] {
            append_bytes(&mut request, header, value);
        }
        survive(&request, &format!("all: {context}"));
    }
}

#[test]
fn hostile_handler_responses_never_panic() {
    for (name, policy, origin) in LISTED_ORIGIN_POLICIES {
        // 1000, not more: `HeaderMap::insert` over many interleaved extra values is slow
        // in the `http` crate itself (debug builds), which is not what is tested here.
        let mut response = HeaderMap::new();
        for i in 0..1000 {
            append_bytes(
                &mut response,
                "vary",
                if i % 2 == 0 {
                    b"\xff, ,,"
                } else {
                    b"accept-encoding"
                },
            );
            append_bytes(&mut response, "access-control-allow-origin", b"\xff");
        }
        policy.apply(&headers(&[("origin", origin)]), &mut response);
        assert_eq!(
            single(&response, "access-control-allow-origin"),
            origin,
            "{name}"
        );
        assert_eq!(vary_count(&response, "origin"), 1, "{name}");
    }
}
