//! SPEC §8, "Saying why, while developing": with the opt-in (`CorsLayer::explain_refusals`,
//! `CorsPolicy::preflight_explained`), a refused preflight's `403` carries a
//! `text/plain; charset=utf-8` body of one line, the words of `CorsPolicy::explain`; every
//! other answer is the one without the opt-in, byte for byte, and without it a refused
//! preflight's body stays empty.
//!
//! Every case runs with the macro-built policy and the one loaded from the same TOML; their
//! words differ only in the name of the TOML's source (`<inline>` for the macro's literal,
//! `<toml>` for `from_toml`'s text; an included file is named by its path in both).

mod common;

use std::convert::Infallible;
use std::sync::atomic::Ordering;

use axum::body::{Body, Bytes};
use common::twin::same_headers;
use common::{counting_service, preflight_request, Twin, ACRPN};
use cors_runtime::{CorsLayer, CorsPolicy};
use http::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    CONTENT_TYPE, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use tower::{service_fn, Layer, ServiceExt};

twin_policies! {
    /// The cors table's keys at the top of the document; `allow_private_network` not set.
    static POLICY: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        allow_methods = ["PUT"]
        allow_headers = ["authorization"]
        allow_credentials = true
        expose_headers = ["x-request-id"]
        "#
    );

    /// A `[server.cors]` table with only `allow_origins`.
    static ORIGINS_ONLY: Twin = cors_policy!(
        r#"
        [server.cors]
        allow_origins = "https://app.example.com"
        "#
    );

    /// The seed documentation's whole Nexus file, included.
    static FROM_FILE: Twin = cors_policy!(include "common/nexus.toml");
}

const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

/// A refused preflight and the words that explain it, with `<inline>` for the source of an
/// inline policy.
struct Case {
    name: &'static str,
    twin: &'static Twin,
    request: HeaderMap,
    words: String,
}

/// One case per kind of refusal, and per way a key is written or not.
fn refused_preflights() -> Vec<Case> {
    let app = "https://app.example.com";
    let with = |mut request: HeaderMap, name, value: &str| {
        request.append(name, HeaderValue::from_str(value).unwrap());
        request
    };
    let mut seventeen_lines = preflight_request(app, "PUT", None);
    for _ in 0..17 {
        seventeen_lines.append(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("authorization"),
        );
    }
    // Both policies name the included file by its path from the package's root: the
    // macro's `include` resolves it beside this file, and `from_file` is given that path.
    let file = "tests/common/nexus.toml";
    vec![
        Case {
            name: "origin",
            twin: &POLICY,
            request: preflight_request("https://evil.example", "PUT", None),
            words: r#"origin "https://evil.example" is not in allow_origins (<inline>:2:25)"#
                .to_owned(),
        },
        Case {
            name: "method",
            twin: &POLICY,
            request: preflight_request(app, "DELETE", None),
            words: r#"method "DELETE" is not in allow_methods (<inline>:3:25)"#.to_owned(),
        },
        Case {
            name: "request header",
            twin: &POLICY,
            request: preflight_request(app, "PUT", Some("Authorization, X-Secret")),
            words: r#"request header "X-Secret" is not in allow_headers (<inline>:4:25)"#
                .to_owned(),
        },
        Case {
            name: "malformed Access-Control-Request-Headers",
            twin: &POLICY,
            request: seventeen_lines,
            words: "Access-Control-Request-Headers is not a list of at most 64 header names \
                    in at most 16 lines and 4096 bytes"
                .to_owned(),
        },
        Case {
            name: "private network, key not set at the top level",
            twin: &POLICY,
            request: with(preflight_request(app, "PUT", None), ACRPN, "true"),
            words: "private network access is not allowed: allow_private_network is not set \
                    in <inline>"
                .to_owned(),
        },
        Case {
            name: "method, key not set in [server.cors]",
            twin: &ORIGINS_ONLY,
            request: preflight_request(app, "PUT", None),
            words: r#"method "PUT" is not allowed: allow_methods is not set in [server.cors] (<inline>:2:17)"#
                .to_owned(),
        },
        Case {
            name: "request header, key not set in [server.cors]",
            twin: &ORIGINS_ONLY,
            request: preflight_request(app, "GET", Some("content-type")),
            words: "request header \"content-type\" is not allowed: allow_headers is not set \
                    in [server.cors] (<inline>:2:17)"
                .to_owned(),
        },
        Case {
            name: "private network, key not set in [server.cors]",
            twin: &ORIGINS_ONLY,
            request: with(preflight_request(app, "GET", None), ACRPN, "true"),
            words: "private network access is not allowed: allow_private_network is not set \
                    in [server.cors] (<inline>:2:17)"
                .to_owned(),
        },
        Case {
            name: "method, included file",
            twin: &FROM_FILE,
            request: preflight_request(app, "PUT", None),
            words: format!(r#"method "PUT" is not in allow_methods ({file}:13:17)"#),
        },
        Case {
            name: "origin, included file",
            twin: &FROM_FILE,
            request: preflight_request("http://localhost:3001", "GET", None),
            words: format!(
                r#"origin "http://localhost:3001" is not in allow_origins ({file}:12:17)"#
            ),
        },
        Case {
            name: "private network set to false, included file",
            twin: &FROM_FILE,
            request: with(preflight_request(app, "GET", None), ACRPN, "true"),
            words: format!(
                "private network access is not allowed: allow_private_network is not true \
                 ({file}:17:25)"
            ),
        },
    ]
}

/// The words a case expects from one of its twin's policies.
fn expected(case: &Case, variant: &str) -> String {
    match variant {
        "loaded" => case.words.replace("<inline>", "<toml>"),
        _ => case.words.clone(),
    }
}

/// The request a browser sends, as a tower request with an empty `String` body.
fn request(method: Method, headers: &HeaderMap) -> Request<String> {
    let mut request = Request::new(String::new());
    *request.method_mut() = method;
    *request.uri_mut() = "/resource".parse().unwrap();
    *request.headers_mut() = headers.clone();
    request
}

/// What the layer answers, with and without the opt-in, and how often the service ran
/// for each.
struct Answers {
    quiet: Response<String>,
    quiet_calls: usize,
    explained: Response<String>,
    explained_calls: usize,
}

async fn both_layers(
    policy: &'static CorsPolicy,
    method: &Method,
    headers: &HeaderMap,
    status: StatusCode,
) -> Answers {
    let (quiet_calls, service) = counting_service(status);
    let quiet = CorsLayer::new(policy)
        .layer(service)
        .oneshot(request(method.clone(), headers))
        .await
        .unwrap();
    let (explained_calls, service) = counting_service(status);
    let explained = CorsLayer::new(policy)
        .explain_refusals()
        .layer(service)
        .oneshot(request(method.clone(), headers))
        .await
        .unwrap();
    Answers {
        quiet,
        quiet_calls: quiet_calls.load(Ordering::SeqCst),
        explained,
        explained_calls: explained_calls.load(Ordering::SeqCst),
    }
}

/// `with`'s header lines are `without`'s followed by one `Content-Type: text/plain;
/// charset=utf-8`.
fn assert_only_content_type_added(without: &HeaderMap, with: &HeaderMap, context: &str) {
    let mut expected = without.clone();
    expected.append(CONTENT_TYPE, HeaderValue::from_static(TEXT_PLAIN));
    if let Err(difference) = same_headers("the explained refusal", &expected, with) {
        panic!("{context}: {difference}");
    }
    assert_eq!(with.get_all(CONTENT_TYPE).iter().count(), 1, "{context}");
}

/// Status, header lines and body alike.
fn assert_same_response<B: PartialEq + std::fmt::Debug>(
    quiet: &Response<B>,
    explained: &Response<B>,
    context: &str,
) {
    assert_eq!(quiet.status(), explained.status(), "{context}");
    assert_eq!(quiet.version(), explained.version(), "{context}");
    assert_eq!(quiet.body(), explained.body(), "{context}");
    if let Err(difference) = same_headers("the opt-in", quiet.headers(), explained.headers()) {
        panic!("{context}: {difference}");
    }
}

#[tokio::test]
async fn the_layer_says_why_it_refuses_each_preflight() {
    for case in refused_preflights() {
        // Both policies refuse alike, and the words are the policy's explanation.
        let refusal = case.twin.refusal(&Method::OPTIONS, &case.request);
        assert!(refusal.is_some(), "{}: a refused preflight", case.name);
        for (variant, policy) in case.twin.each() {
            let context = format!("{} ({}, {variant})", case.name, case.twin.name());
            let words = expected(&case, variant);
            let explanation = policy
                .explain(policy.refusal(&Method::OPTIONS, &case.request).unwrap())
                .to_string();
            assert_eq!(explanation, words, "{context}: `explain`");

            let answers =
                both_layers(policy, &Method::OPTIONS, &case.request, StatusCode::OK).await;
            assert_eq!(
                answers.quiet_calls, 0,
                "{context}: the service must not run"
            );
            assert_eq!(
                answers.explained_calls, 0,
                "{context}: the service must not run"
            );
            let explained = &answers.explained;
            assert_eq!(explained.status(), StatusCode::FORBIDDEN, "{context}");
            assert_eq!(explained.headers()[CONTENT_TYPE], TEXT_PLAIN, "{context}");
            assert_eq!(explained.body(), &words, "{context}");
            assert!(!explained.body().contains('\n'), "{context}: one line");
            assert_only_content_type_added(answers.quiet.headers(), explained.headers(), &context);
            assert!(
                explained
                    .headers()
                    .keys()
                    .all(|name| !name.as_str().starts_with("access-control-")),
                "{context}: a refused preflight has no CORS header"
            );
        }
    }
}

#[tokio::test]
async fn without_the_opt_in_a_refused_preflight_has_an_empty_body() {
    for case in refused_preflights() {
        for (variant, policy) in case.twin.each() {
            let context = format!("{} ({}, {variant})", case.name, case.twin.name());
            let answers =
                both_layers(policy, &Method::OPTIONS, &case.request, StatusCode::OK).await;
            assert_eq!(answers.quiet.status(), StatusCode::FORBIDDEN, "{context}");
            assert_eq!(answers.quiet.body(), "", "{context}");
            assert!(
                answers.quiet.headers().get(CONTENT_TYPE).is_none(),
                "{context}"
            );
            // The layer's answer is `preflight`'s, the http API's default.
            let preflight = policy.preflight(&Method::OPTIONS, &case.request).unwrap();
            if let Err(difference) = same_headers(
                "the layer and `preflight`",
                preflight.headers(),
                answers.quiet.headers(),
            ) {
                panic!("{context}: {difference}");
            }
        }
    }
}

/// Requests the opt-in must not change: allowed preflights, actual requests from an
/// allowed and another origin, an `OPTIONS` that is not a preflight, no `Origin` at all.
fn unchanged_requests() -> Vec<(&'static str, &'static Twin, Method, HeaderMap)> {
    let app = "https://app.example.com";
    let origin = |value: &'static str| {
        let mut map = HeaderMap::new();
        map.insert(ORIGIN, HeaderValue::from_static(value));
        map
    };
    let mut private_network = preflight_request(app, "GET", None);
    private_network.insert(ACRPN, HeaderValue::from_static("false"));
    vec![
        (
            "allowed preflight",
            &POLICY,
            Method::OPTIONS,
            preflight_request(app, "PUT", Some("authorization")),
        ),
        (
            "allowed preflight, private network false",
            &POLICY,
            Method::OPTIONS,
            private_network,
        ),
        (
            "allowed preflight, [server.cors]",
            &ORIGINS_ONLY,
            Method::OPTIONS,
            preflight_request(app, "POST", None),
        ),
        (
            "allowed preflight, included file",
            &FROM_FILE,
            Method::OPTIONS,
            preflight_request("http://localhost:3000", "POST", Some("content-type")),
        ),
        ("actual request, allowed", &POLICY, Method::PUT, origin(app)),
        (
            "actual request, another origin",
            &POLICY,
            Method::DELETE,
            origin("https://evil.example"),
        ),
        (
            "actual request, another origin, included file",
            &FROM_FILE,
            Method::GET,
            origin("null"),
        ),
        (
            "OPTIONS without Access-Control-Request-Method, another origin",
            &POLICY,
            Method::OPTIONS,
            origin("https://evil.example"),
        ),
        ("no Origin", &POLICY, Method::GET, HeaderMap::new()),
    ]
}

#[tokio::test]
async fn with_the_opt_in_every_other_answer_is_unchanged() {
    for status in [
        StatusCode::OK,
        StatusCode::FORBIDDEN,
        StatusCode::INTERNAL_SERVER_ERROR,
    ] {
        for (name, twin, method, headers) in unchanged_requests() {
            for (variant, policy) in twin.each() {
                let context = format!("{name} ({}, {variant}, {status})", twin.name());
                let answers = both_layers(policy, &method, &headers, status).await;
                assert_eq!(answers.quiet_calls, answers.explained_calls, "{context}");
                assert_same_response(&answers.quiet, &answers.explained, &context);
                assert!(
                    answers.explained.headers().get(CONTENT_TYPE).is_none(),
                    "{context}"
                );
                if method == Method::OPTIONS && headers.contains_key(ACCESS_CONTROL_REQUEST_METHOD)
                {
                    assert_eq!(
                        answers.explained.status(),
                        StatusCode::NO_CONTENT,
                        "{context}"
                    );
                    assert_eq!(answers.explained.body(), "", "{context}");
                    assert_eq!(answers.explained_calls, 0, "{context}");
                } else {
                    assert_eq!(answers.explained.status(), status, "{context}");
                    assert_eq!(answers.explained.body(), "from the service", "{context}");
                    assert_eq!(answers.explained_calls, 1, "{context}");
                }
            }
        }
    }
}

#[tokio::test]
async fn the_service_s_own_content_type_and_body_on_a_refused_origin_are_kept() {
    // An actual request the policy refuses: the service's answer, whatever it is, is
    // never explained.
    let service = service_fn(|_request: Request<String>| async {
        Ok::<_, Infallible>(
            Response::builder()
                .header(CONTENT_TYPE, "application/json")
                .body(r#"{"ok":true}"#.to_owned())
                .unwrap(),
        )
    });
    for (variant, policy) in POLICY.each() {
        let mut headers = HeaderMap::new();
        headers.insert(ORIGIN, HeaderValue::from_static("https://evil.example"));
        let response = CorsLayer::new(policy)
            .explain_refusals()
            .layer(service)
            .oneshot(request(Method::POST, &headers))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{variant}");
        assert_eq!(
            response.headers()[CONTENT_TYPE],
            "application/json",
            "{variant}"
        );
        assert_eq!(response.body(), r#"{"ok":true}"#, "{variant}");
        assert!(
            response
                .headers()
                .get(ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none(),
            "{variant}"
        );
    }
}

#[tokio::test]
async fn the_http_api_says_why_it_refuses_each_preflight() {
    for case in refused_preflights() {
        for (variant, policy) in case.twin.each() {
            let context = format!("{} ({}, {variant})", case.name, case.twin.name());
            let quiet = policy.preflight(&Method::OPTIONS, &case.request).unwrap();
            let explained = policy
                .preflight_explained(&Method::OPTIONS, &case.request)
                .unwrap();
            assert_eq!(explained.status(), StatusCode::FORBIDDEN, "{context}");
            assert_eq!(explained.version(), quiet.version(), "{context}");
            assert_eq!(explained.body(), &expected(&case, variant), "{context}");
            assert_only_content_type_added(quiet.headers(), explained.headers(), &context);
        }
    }
}

#[test]
fn the_http_api_answers_everything_else_as_preflight_does() {
    for (name, twin, method, headers) in unchanged_requests() {
        for (variant, policy) in twin.each() {
            let context = format!("{name} ({}, {variant})", twin.name());
            let quiet = policy.preflight(&method, &headers);
            let explained = policy.preflight_explained(&method, &headers);
            match (quiet, explained) {
                (None, None) => {}
                (Some(quiet), Some(explained)) => {
                    assert_eq!(quiet.status(), StatusCode::NO_CONTENT, "{context}");
                    assert_same_response(&quiet.map(|()| String::new()), &explained, &context);
                }
                (quiet, explained) => panic!("{context}: {quiet:?} / {explained:?}"),
            }
        }
    }
}

#[test]
fn the_explained_words_of_both_policies_differ_only_in_the_source_name() {
    for case in refused_preflights() {
        let [(_, built), (_, loaded)] = case.twin.each();
        let words = |policy: &CorsPolicy| {
            policy
                .preflight_explained(&Method::OPTIONS, &case.request)
                .unwrap()
                .into_body()
        };
        assert_eq!(
            words(loaded).replace("<toml>", "<inline>"),
            words(built),
            "{} ({})",
            case.name,
            case.twin.name()
        );
    }
}

#[tokio::test]
async fn an_axum_router_sends_the_reason_in_its_body() {
    use axum::routing::put;
    for (variant, policy) in POLICY.each() {
        let app = axum::Router::new()
            .route("/resource", put(|| async { "stored" }))
            .layer(policy.layer().explain_refusals());
        let send = |method: Method, headers: HeaderMap| {
            let app = app.clone();
            async move {
                let mut request = Request::new(Body::empty());
                *request.method_mut() = method;
                *request.uri_mut() = "/resource".parse().unwrap();
                *request.headers_mut() = headers;
                let response = app.oneshot(request).await.unwrap();
                let (parts, body) = response.into_parts();
                let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
                (parts, body)
            }
        };
        let app_origin = "https://app.example.com";

        let (refused, body) = send(
            Method::OPTIONS,
            preflight_request(app_origin, "DELETE", None),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{variant}");
        assert_eq!(refused.headers[CONTENT_TYPE], TEXT_PLAIN, "{variant}");
        let source = if variant == "loaded" {
            "<toml>"
        } else {
            "<inline>"
        };
        assert_eq!(
            body,
            format!(r#"method "DELETE" is not in allow_methods ({source}:3:25)"#),
            "{variant}"
        );

        let (allowed, body) =
            send(Method::OPTIONS, preflight_request(app_origin, "PUT", None)).await;
        assert_eq!(allowed.status, StatusCode::NO_CONTENT, "{variant}");
        assert!(allowed.headers.get(CONTENT_TYPE).is_none(), "{variant}");
        assert_eq!(body, "", "{variant}");

        let mut actual = HeaderMap::new();
        actual.insert(ORIGIN, HeaderValue::from_static(app_origin));
        let (actual, body) = send(Method::PUT, actual).await;
        assert_eq!(actual.status, StatusCode::OK, "{variant}");
        assert_eq!(
            actual.headers[ACCESS_CONTROL_ALLOW_ORIGIN], app_origin,
            "{variant}"
        );
        assert_eq!(body, "stored", "{variant}");

        // Without the opt-in, the same router's refusal has an empty body.
        let quiet = axum::Router::new()
            .route("/resource", put(|| async { "stored" }))
            .layer(policy.layer());
        let mut request = Request::new(Body::empty());
        *request.method_mut() = Method::OPTIONS;
        *request.headers_mut() = preflight_request(app_origin, "DELETE", None);
        let response = quiet.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{variant}");
        assert!(response.headers().get(CONTENT_TYPE).is_none(), "{variant}");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(body, "", "{variant}");
    }
}

#[tokio::test]
async fn a_bytes_body_carries_the_reason_too() {
    let service = service_fn(|_request: Request<String>| async {
        Ok::<_, Infallible>(Response::new(Bytes::from_static(b"from the service")))
    });
    for (variant, policy) in POLICY.each() {
        let layer = CorsLayer::new(policy).explain_refusals();
        let refused = layer
            .layer(service)
            .oneshot(request(
                Method::OPTIONS,
                &preflight_request("https://evil.example", "PUT", None),
            ))
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{variant}");
        let source = if variant == "loaded" {
            "<toml>"
        } else {
            "<inline>"
        };
        assert_eq!(
            refused.body(),
            format!(r#"origin "https://evil.example" is not in allow_origins ({source}:2:25)"#)
                .as_bytes(),
            "{variant}"
        );
        let allowed = layer
            .layer(service)
            .oneshot(request(
                Method::OPTIONS,
                &preflight_request("https://app.example.com", "PUT", None),
            ))
            .await
            .unwrap();
        assert_eq!(allowed.status(), StatusCode::NO_CONTENT, "{variant}");
        assert!(allowed.body().is_empty(), "{variant}");
    }
}
