//! `CorsLayer` around a tower service: preflights never reach the service, and every
//! response the service makes, errors included, gets the policy's headers. Every test runs
//! with the macro-built policy and with the one loaded from the same TOML, and the two
//! layers must answer alike, byte for byte.

mod common;

use std::sync::atomic::Ordering;

use common::counting_service;
use common::twin::same_headers;
use cors_runtime::CorsLayer;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{Method, Request, Response, StatusCode};
use tower::{Layer, ServiceExt};

twin_policies! {
    static POLICY: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        allow_methods = ["PUT"]
        allow_headers = ["authorization"]
        allow_credentials = true
        expose_headers = ["x-request-id"]
        "#
    );
}

fn request(method: Method, headers: &[(&http::HeaderName, &str)]) -> Request<String> {
    let mut builder = Request::builder().method(method).uri("/resource");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(String::new()).unwrap()
}

fn vary_tokens(response: &Response<String>) -> Vec<String> {
    response
        .headers()
        .get_all(VARY)
        .iter()
        .flat_map(|value| value.to_str().unwrap().split(','))
        .map(|token| token.trim().to_ascii_lowercase())
        .collect()
}

#[tokio::test]
async fn an_allowed_preflight_is_answered_without_calling_the_service() {
    for (variant, policy) in POLICY.each() {
        let (calls, service) = counting_service(StatusCode::OK);
        let response = CorsLayer::new(policy)
            .layer(service)
            .oneshot(request(
                Method::OPTIONS,
                &[
                    (&ORIGIN, "https://app.example.com"),
                    (&ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
                    (&ACCESS_CONTROL_REQUEST_HEADERS, "authorization"),
                ],
            ))
            .await
            .unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            0,
            "{variant}: the service must not run"
        );
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{variant}");
        assert_eq!(
            response.body(),
            "",
            "{variant}: a preflight's body is empty"
        );
        let headers = response.headers();
        assert_eq!(
            headers[ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com",
            "{variant}"
        );
        assert_eq!(headers[ACCESS_CONTROL_ALLOW_METHODS], "PUT", "{variant}");
        assert_eq!(
            headers[ACCESS_CONTROL_ALLOW_HEADERS], "authorization",
            "{variant}"
        );
        assert_eq!(vary_tokens(&response), ["origin"], "{variant}");
    }
}

#[tokio::test]
async fn a_refused_preflight_is_answered_without_calling_the_service() {
    for (variant, policy) in POLICY.each() {
        let (calls, service) = counting_service(StatusCode::OK);
        let response = policy
            .layer()
            .layer(service)
            .oneshot(request(
                Method::OPTIONS,
                &[
                    (&ORIGIN, "https://evil.example"),
                    (&ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
                ],
            ))
            .await
            .unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            0,
            "{variant}: the service must not run"
        );
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{variant}");
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
async fn an_actual_request_keeps_the_service_vary_and_gets_cors_headers() {
    for (variant, policy) in POLICY.each() {
        let (calls, service) = counting_service(StatusCode::OK);
        let response = CorsLayer::new(policy)
            .layer(service)
            .oneshot(request(
                Method::PUT,
                &[(&ORIGIN, "https://app.example.com")],
            ))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{variant}");
        assert_eq!(response.body(), "from the service", "{variant}");
        assert_eq!(
            vary_tokens(&response),
            ["accept-encoding", "origin"],
            "{variant}"
        );
        let headers = response.headers();
        assert_eq!(
            headers[ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com",
            "{variant}"
        );
        assert_eq!(
            headers[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true",
            "{variant}"
        );
        assert_eq!(
            headers[ACCESS_CONTROL_EXPOSE_HEADERS], "x-request-id",
            "{variant}"
        );
    }
}

#[tokio::test]
async fn a_server_error_still_carries_the_cors_headers() {
    for (variant, policy) in POLICY.each() {
        let (calls, service) = counting_service(StatusCode::INTERNAL_SERVER_ERROR);
        let response = CorsLayer::new(policy)
            .layer(service)
            .oneshot(request(
                Method::GET,
                &[(&ORIGIN, "https://app.example.com")],
            ))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{variant}");
        assert_eq!(
            response.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "{variant}"
        );
        let headers = response.headers();
        assert_eq!(
            headers[ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com",
            "{variant}"
        );
        assert_eq!(
            headers[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true",
            "{variant}"
        );
        assert_eq!(
            vary_tokens(&response),
            ["accept-encoding", "origin"],
            "{variant}"
        );
    }
}

#[tokio::test]
async fn another_origin_reaches_the_service_and_gets_only_vary() {
    for (variant, policy) in POLICY.each() {
        let (calls, service) = counting_service(StatusCode::OK);
        let response = CorsLayer::new(policy)
            .layer(service)
            .oneshot(request(Method::GET, &[(&ORIGIN, "https://evil.example")]))
            .await
            .unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "{variant}: nothing is blocked"
        );
        assert!(
            response
                .headers()
                .keys()
                .all(|name| !name.as_str().starts_with("access-control-")),
            "{variant}"
        );
        assert_eq!(
            vary_tokens(&response),
            ["accept-encoding", "origin"],
            "{variant}"
        );
    }
}

#[tokio::test]
async fn the_layer_works_in_an_axum_router() {
    use axum::routing::put;
    for (variant, policy) in POLICY.each() {
        let app = axum::Router::new()
            .route("/resource", put(|| async { "stored" }))
            .layer(policy.layer());
        let preflight = app
            .clone()
            .oneshot(
                Request::builder()
                    .method(Method::OPTIONS)
                    .uri("/resource")
                    .header(ORIGIN, "https://app.example.com")
                    .header(ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(preflight.status(), StatusCode::NO_CONTENT, "{variant}");
        assert_eq!(
            preflight.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
            "https://app.example.com",
            "{variant}"
        );
        let actual = app
            .oneshot(
                Request::builder()
                    .method(Method::PUT)
                    .uri("/resource")
                    .header(ORIGIN, "https://app.example.com")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(actual.status(), StatusCode::OK, "{variant}");
        assert_eq!(
            actual.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
            "https://app.example.com",
            "{variant}"
        );
    }
}

/// The layers of the macro-built and the loaded policy give the same response, status,
/// header lines and body, to each kind of request: allowed and refused preflights, allowed
/// and other origins, a service error, no `Origin`.
#[tokio::test]
async fn both_layers_answer_alike() {
    let requests: [(Method, &[(&http::HeaderName, &str)]); 7] = [
        (
            Method::OPTIONS,
            &[
                (&ORIGIN, "https://app.example.com"),
                (&ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
                (&ACCESS_CONTROL_REQUEST_HEADERS, "Authorization"),
            ],
        ),
        (
            Method::OPTIONS,
            &[
                (&ORIGIN, "https://app.example.com"),
                (&ACCESS_CONTROL_REQUEST_METHOD, "DELETE"),
            ],
        ),
        (
            Method::OPTIONS,
            &[
                (&ORIGIN, "https://evil.example"),
                (&ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
            ],
        ),
        (Method::OPTIONS, &[(&ORIGIN, "https://app.example.com")]),
        (Method::PUT, &[(&ORIGIN, "https://app.example.com")]),
        (Method::GET, &[(&ORIGIN, "https://evil.example")]),
        (Method::GET, &[]),
    ];
    for status in [StatusCode::OK, StatusCode::INTERNAL_SERVER_ERROR] {
        for (method, headers) in &requests {
            let mut answers = Vec::new();
            for (_, policy) in POLICY.each() {
                let (_, service) = counting_service(status);
                let response = CorsLayer::new(policy)
                    .layer(service)
                    .oneshot(request(method.clone(), headers))
                    .await
                    .unwrap();
                answers.push(response);
            }
            let (built, loaded) = (&answers[0], &answers[1]);
            let context = format!("{method} {headers:?} ({status})");
            assert_eq!(built.status(), loaded.status(), "{context}");
            assert_eq!(built.body(), loaded.body(), "{context}");
            if let Err(difference) = same_headers("the layer", built.headers(), loaded.headers()) {
                panic!("{context}: {difference}");
            }
        }
    }
}
