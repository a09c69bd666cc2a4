//! `CorsLayer` around a tower service: preflights never reach the service, and every
//! response the service makes, errors included, gets the policy's headers.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use cors_runtime::{cors_policy, CorsLayer, CorsPolicy};
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{Method, Request, Response, StatusCode};
use tower::{service_fn, Layer, ServiceExt};

static POLICY: CorsPolicy = cors_policy!(
    r#"
    allow_origins = ["https://app.example.com"]
    allow_methods = ["PUT"]
    allow_headers = ["authorization"]
    allow_credentials = true
    expose_headers = ["x-request-id"]
    "#
);

/// A service that counts its calls and answers with `status` and `Vary: accept-encoding`.
fn counting_service(
    status: StatusCode,
) -> (
    Arc<AtomicUsize>,
    impl tower::Service<Request<String>, Response = Response<String>, Error = Infallible> + Clone,
) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let service = service_fn(move |_request: Request<String>| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok::<_, Infallible>(
                Response::builder()
                    .status(status)
                    .header(VARY, "accept-encoding")
                    .header("x-request-id", "42")
                    .body("from the service".to_owned())
                    .unwrap(),
            )
        }
    });
    (calls, service)
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
    let (calls, service) = counting_service(StatusCode::OK);
    let response = CorsLayer::new(&POLICY)
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
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the service must not run");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.body(), "", "a preflight's body is empty");
    let headers = response.headers();
    assert_eq!(
        headers[ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
    );
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_METHODS], "PUT");
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_HEADERS], "authorization");
    assert_eq!(vary_tokens(&response), ["origin"]);
}

#[tokio::test]
async fn a_refused_preflight_is_answered_without_calling_the_service() {
    let (calls, service) = counting_service(StatusCode::OK);
    let response = POLICY
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
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the service must not run");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response
        .headers()
        .get(ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn an_actual_request_keeps_the_service_vary_and_gets_cors_headers() {
    let (calls, service) = counting_service(StatusCode::OK);
    let response = CorsLayer::new(&POLICY)
        .layer(service)
        .oneshot(request(
            Method::PUT,
            &[(&ORIGIN, "https://app.example.com")],
        ))
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(response.body(), "from the service");
    assert_eq!(vary_tokens(&response), ["accept-encoding", "origin"]);
    let headers = response.headers();
    assert_eq!(
        headers[ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
    );
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    assert_eq!(headers[ACCESS_CONTROL_EXPOSE_HEADERS], "x-request-id");
}

#[tokio::test]
async fn a_server_error_still_carries_the_cors_headers() {
    let (calls, service) = counting_service(StatusCode::INTERNAL_SERVER_ERROR);
    let response = CorsLayer::new(&POLICY)
        .layer(service)
        .oneshot(request(
            Method::GET,
            &[(&ORIGIN, "https://app.example.com")],
        ))
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers();
    assert_eq!(
        headers[ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
    );
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    assert_eq!(vary_tokens(&response), ["accept-encoding", "origin"]);
}

#[tokio::test]
async fn another_origin_reaches_the_service_and_gets_only_vary() {
    let (calls, service) = counting_service(StatusCode::OK);
    let response = CorsLayer::new(&POLICY)
        .layer(service)
        .oneshot(request(Method::GET, &[(&ORIGIN, "https://evil.example")]))
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1, "nothing is blocked");
    assert!(response
        .headers()
        .keys()
        .all(|name| !name.as_str().starts_with("access-control-")));
    assert_eq!(vary_tokens(&response), ["accept-encoding", "origin"]);
}

#[tokio::test]
async fn the_layer_works_in_an_axum_router() {
    use axum::routing::put;
    let app = axum::Router::new()
        .route("/resource", put(|| async { "stored" }))
        .layer(POLICY.layer());
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
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        preflight.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
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
    assert_eq!(actual.status(), StatusCode::OK);
    assert_eq!(
        actual.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
    );
}
