//! Origins decided outside the policy (SPEC §9): what a resolver is asked, what its answer
//! does to the response, and the cache of the asynchronous form (TTL, capacity, one lookup
//! for concurrent requests, the bound on lookups in flight, the timeout, errors). Every
//! test runs with the macro-built policy and with the one loaded from the same TOML.

mod common;

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::counting_service;
use common::twin::same_headers;
use cors_runtime::{CorsLayer, CorsPolicy, Origin};
use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use tower::util::BoxCloneService;
use tower::{Layer, Service, ServiceExt};

twin_policies! {
    /// The platform's own origins, and its tenants' left to a resolver.
    static PLATFORM: Twin = cors_policy!(
        r#"
        allow_origins = ["https://platform.example", "https://*.platform.example"]
        allow_methods = ["GET", "PUT"]
        allow_headers = ["authorization", "content-type"]
        allow_credentials = true
        expose_headers = ["x-request-id"]
        max_age = 600
        "#
    );

    /// The same policy with the tenant listed: what a resolver's "allowed" must answer.
    static PLATFORM_AND_TENANT: Twin = cors_policy!(
        r#"
        allow_origins = [
            "https://platform.example",
            "https://*.platform.example",
            "https://shop.acme.com",
        ]
        allow_methods = ["GET", "PUT"]
        allow_headers = ["authorization", "content-type"]
        allow_credentials = true
        expose_headers = ["x-request-id"]
        max_age = 600
        "#
    );

    /// Every origin allowed: a resolver beside it is a mistake.
    static ANY_ORIGIN: Twin = cors_policy!(r#"allow_origins = "*""#);
}

const TENANT: &str = "https://shop.acme.com";

// ---------------------------------------------------------------------------------------
// Requests, responses, and resolvers that count what they are asked.
// ---------------------------------------------------------------------------------------

fn request(method: Method, headers: &[(&HeaderName, &str)]) -> Request<String> {
    let mut builder = Request::builder().method(method).uri("/v1/items");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(String::new()).unwrap()
}

fn get_from(origin: &str) -> Request<String> {
    request(Method::GET, &[(&ORIGIN, origin)])
}

fn preflight_from(origin: &str) -> Request<String> {
    request(
        Method::OPTIONS,
        &[
            (&ORIGIN, origin),
            (&ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
            (
                &ACCESS_CONTROL_REQUEST_HEADERS,
                "authorization,content-type",
            ),
        ],
    )
}

/// The requests a browser on `origin` sends, by what they are.
fn exchanges(origin: &str) -> Vec<(&'static str, Request<String>)> {
    let asking = |method: &str, headers: &str| {
        request(
            Method::OPTIONS,
            &[
                (&ORIGIN, origin),
                (&ACCESS_CONTROL_REQUEST_METHOD, method),
                (&ACCESS_CONTROL_REQUEST_HEADERS, headers),
            ],
        )
    };
    let private_network = HeaderName::from_static("access-control-request-private-network");
    vec![
        ("an allowed preflight", preflight_from(origin)),
        (
            "a preflight of a method not allowed",
            asking("DELETE", "authorization"),
        ),
        (
            "a preflight of a header not allowed",
            asking("PUT", "x-secret"),
        ),
        (
            "a preflight asking for the private network",
            request(
                Method::OPTIONS,
                &[
                    (&ORIGIN, origin),
                    (&ACCESS_CONTROL_REQUEST_METHOD, "GET"),
                    (&private_network, "true"),
                ],
            ),
        ),
        ("a GET", get_from(origin)),
        ("a PUT", request(Method::PUT, &[(&ORIGIN, origin)])),
        (
            "an OPTIONS that is not a preflight",
            request(Method::OPTIONS, &[(&ORIGIN, origin)]),
        ),
    ]
}

/// `service`'s answer to `request`, and how many times the service behind the layer was
/// called for it (`calls` counts them).
async fn send<S>(
    service: S,
    calls: &AtomicUsize,
    request: Request<String>,
) -> (Response<String>, usize)
where
    S: Service<Request<String>, Response = Response<String>, Error = Infallible>,
{
    let before = calls.load(Ordering::SeqCst);
    let response = service.oneshot(request).await.unwrap();
    (response, calls.load(Ordering::SeqCst) - before)
}

/// What one request gets through `layer`, around a fresh counting service.
async fn answer<L, S>(layer: &L, request: Request<String>) -> (Response<String>, usize)
where
    L: Layer<CountingService, Service = S>,
    S: Service<Request<String>, Response = Response<String>, Error = Infallible>,
{
    let (calls, service) = counting_service(StatusCode::OK);
    send(layer.layer(BoxCloneService::new(service)), &calls, request).await
}

/// The tests' service behind a name, for `answer`'s bounds.
type CountingService = BoxCloneService<Request<String>, Response<String>, Infallible>;

fn allowed_origin(response: &Response<String>) -> Option<&str> {
    let mut values = response
        .headers()
        .get_all(ACCESS_CONTROL_ALLOW_ORIGIN)
        .iter();
    let value = values.next().map(|value| value.to_str().unwrap());
    assert!(
        values.next().is_none(),
        "two Access-Control-Allow-Origin lines"
    );
    value
}

/// The tenants' table as the tests' resolvers see it, and every origin they were asked.
#[derive(Clone, Default)]
struct Tenants {
    origins: Arc<Mutex<HashSet<String>>>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Tenants {
    fn with(origins: &[&str]) -> Tenants {
        let tenants = Tenants::default();
        for origin in origins {
            tenants.insert(origin);
        }
        tenants
    }

    fn insert(&self, origin: &str) {
        self.origins.lock().unwrap().insert(origin.to_owned());
    }

    fn remove(&self, origin: &str) {
        self.origins.lock().unwrap().remove(origin);
    }

    /// Records the question, and answers it from the table.
    fn ask(&self, origin: &Origin) -> bool {
        self.asked.lock().unwrap().push(origin.as_str().to_owned());
        self.origins.lock().unwrap().contains(origin.as_str())
    }

    fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }

    fn calls(&self) -> usize {
        self.asked.lock().unwrap().len()
    }

    /// The function of `allow_origin_if`.
    fn sync(&self) -> impl Fn(&Origin) -> bool + Clone + Send + Sync + 'static {
        let tenants = self.clone();
        move |origin: &Origin| tenants.ask(origin)
    }

    /// The function of `allow_origin_async`: the same table, asked in a future.
    fn lookup(
        &self,
    ) -> impl Fn(Origin) -> std::future::Ready<Result<bool, std::io::Error>>
           + Clone
           + Send
           + Sync
           + 'static {
        let tenants = self.clone();
        move |origin: Origin| std::future::ready(Ok(tenants.ask(&origin)))
    }
}

/// Everything a `warn` subscriber writes while it is this thread's default.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// A subscriber for this thread (a current-thread runtime's tasks run on it) until the
    /// guard is dropped.
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .without_time()
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

// ---------------------------------------------------------------------------------------
// What a resolver is asked (§9.1, §9.2).
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_listed_or_matched_origin_never_reaches_the_resolver() {
    for (variant, policy) in PLATFORM.each() {
        let tenants = Tenants::default();
        let sync = CorsLayer::new(policy)
            .allow_origin_if(tenants.sync())
            .unwrap();
        let lookup = CorsLayer::new(policy)
            .allow_origin_async(tenants.lookup())
            .unwrap();
        for origin in [
            "https://platform.example",
            "https://eu.shop.platform.example",
        ] {
            for (what, request) in exchanges(origin).into_iter().chain(exchanges(origin)) {
                let (sync_answer, _) = answer(&sync, clone_request(&request)).await;
                let (async_answer, _) = answer(&lookup, request).await;
                if what == "an allowed preflight" || what == "a GET" {
                    assert_eq!(
                        allowed_origin(&sync_answer),
                        Some(origin),
                        "{variant}: {what}"
                    );
                    assert_eq!(
                        allowed_origin(&async_answer),
                        Some(origin),
                        "{variant}: {what}"
                    );
                }
            }
        }
        assert_eq!(tenants.asked(), Vec::<String>::new(), "{variant}");
    }
}

fn clone_request(request: &Request<String>) -> Request<String> {
    let mut copy = Request::builder()
        .method(request.method().clone())
        .uri(request.uri().clone())
        .body(request.body().clone())
        .unwrap();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// `Origin` lines that no browser sends as a serialized origin, or that no resolver may
/// decide: each is refused as the policy refuses it, and never asked about.
fn origins_never_asked() -> Vec<(&'static str, Vec<Vec<u8>>)> {
    let one = |value: &str| vec![value.as_bytes().to_vec()];
    let oversized = format!("https://{}.example", "a".repeat(250));
    vec![
        ("null", one("null")),
        ("upper case", one("HTTPS://SHOP.ACME.COM")),
        ("an upper-case host", one("https://Shop.Acme.com")),
        ("a trailing slash", one("https://shop.acme.com/")),
        ("a path", one("https://shop.acme.com/cart")),
        ("https's default port", one("https://shop.acme.com:443")),
        ("http's default port", one("http://shop.acme.com:80")),
        ("a port out of range", one("https://shop.acme.com:65536")),
        ("a query", one("https://shop.acme.com?x=1")),
        ("user info", one("https://user@shop.acme.com")),
        ("no host", one("https://")),
        ("no scheme", one("shop.acme.com")),
        ("an empty value", one("")),
        ("a space inside", one("https://shop acme.com")),
        ("a file origin", one("file://")),
        ("more than 255 bytes", one(&oversized)),
        (
            "bytes that are not UTF-8",
            vec![b"https://shop.\xe9.com".to_vec()],
        ),
        ("two Origin lines", vec![TENANT.into(), TENANT.into()]),
        (
            "two origins in one line",
            one("https://shop.acme.com https://shop.acme.com"),
        ),
    ]
}

fn request_with_origin_lines(
    method: Method,
    lines: &[Vec<u8>],
    preflight: bool,
) -> Request<String> {
    let mut request = request(method, &[]);
    for line in lines {
        let value = HeaderValue::from_bytes(line).unwrap();
        request.headers_mut().append(ORIGIN, value);
    }
    if preflight {
        let asked = HeaderValue::from_static("PUT");
        request
            .headers_mut()
            .insert(ACCESS_CONTROL_REQUEST_METHOD, asked);
    }
    request
}

#[tokio::test]
async fn an_origin_no_browser_sends_never_reaches_the_resolver() {
    for (variant, policy) in PLATFORM.each() {
        let always = Tenants::default();
        let allow_all = {
            let always = always.clone();
            move |origin: &Origin| {
                always.ask(origin);
                true
            }
        };
        let sync = CorsLayer::new(policy)
            .allow_origin_if(allow_all.clone())
            .unwrap();
        let lookup = CorsLayer::new(policy)
            .allow_origin_async(move |origin: Origin| {
                std::future::ready(Ok::<_, std::io::Error>(allow_all(&origin)))
            })
            .unwrap();
        for (what, lines) in origins_never_asked() {
            for (method, preflight) in [(Method::OPTIONS, true), (Method::GET, false)] {
                for (form, response) in [
                    (
                        "allow_origin_if",
                        answer(
                            &sync,
                            request_with_origin_lines(method.clone(), &lines, preflight),
                        )
                        .await
                        .0,
                    ),
                    (
                        "allow_origin_async",
                        answer(
                            &lookup,
                            request_with_origin_lines(method.clone(), &lines, preflight),
                        )
                        .await
                        .0,
                    ),
                ] {
                    let context = format!("{variant}, {form}: {what} ({method})");
                    assert_eq!(allowed_origin(&response), None, "{context}");
                    if preflight {
                        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{context}");
                    }
                }
            }
        }
        assert_eq!(always.asked(), Vec::<String>::new(), "{variant}");
    }
}

/// An origin, its scheme, host and port, as a resolver read them.
type OriginParts = (String, String, String, Option<u16>);

#[tokio::test]
async fn the_resolver_is_given_the_origin_in_parts() {
    let seen: Arc<Mutex<Vec<OriginParts>>> = Arc::default();
    let layer = CorsLayer::new(PLATFORM.built())
        .allow_origin_if({
            let seen = seen.clone();
            move |origin: &Origin| {
                let parts = (
                    origin.to_string(),
                    origin.scheme().to_owned(),
                    origin.host().to_owned(),
                    origin.port(),
                );
                seen.lock().unwrap().push(parts);
                false
            }
        })
        .unwrap();
    for origin in [
        "http://localhost:8080",
        "https://shop.acme.com",
        "https://[::1]:8443",
        "http://10.0.0.7",
    ] {
        answer(&layer, get_from(origin)).await;
    }
    let owned = |origin: &str, scheme: &str, host: &str, port| {
        (origin.to_owned(), scheme.to_owned(), host.to_owned(), port)
    };
    assert_eq!(
        *seen.lock().unwrap(),
        [
            owned("http://localhost:8080", "http", "localhost", Some(8080)),
            owned("https://shop.acme.com", "https", "shop.acme.com", None),
            owned("https://[::1]:8443", "https", "[::1]", Some(8443)),
            owned("http://10.0.0.7", "http", "10.0.0.7", None),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// What its answer does (§9.3).
// ---------------------------------------------------------------------------------------

/// Each of the browser's requests from `origin`, through `layer` and through the layer of
/// `reference` (no resolver): the same status, the same header lines in the same order,
/// and the service called alike.
async fn answers_as<L, S>(variant: &str, layer: &L, reference: &'static CorsPolicy, origin: &str)
where
    L: Layer<CountingService, Service = S>,
    S: Service<Request<String>, Response = Response<String>, Error = Infallible>,
{
    let expected_layer = CorsLayer::new(reference);
    for ((what, request), (_, same)) in exchanges(origin).into_iter().zip(exchanges(origin)) {
        let (got, got_calls) = answer(layer, request).await;
        let (expected, expected_calls) = answer(&expected_layer, same).await;
        let context = format!("{variant}: {what} from {origin}");
        assert_eq!(got.status(), expected.status(), "{context}");
        assert_eq!(got_calls, expected_calls, "{context}: the service's calls");
        same_headers(&context, got.headers(), expected.headers()).unwrap();
        assert_ne!(allowed_origin(&got), Some("*"), "{context}");
    }
}

#[tokio::test]
async fn an_origin_the_resolver_allows_is_answered_as_a_listed_one() {
    for ((variant, policy), (_, listed)) in
        PLATFORM.each().into_iter().zip(PLATFORM_AND_TENANT.each())
    {
        let tenants = Tenants::with(&[TENANT]);
        let sync = CorsLayer::new(policy)
            .allow_origin_if(tenants.sync())
            .unwrap();
        answers_as(variant, &sync, listed, TENANT).await;
        let lookup = CorsLayer::new(policy)
            .allow_origin_async(tenants.lookup())
            .unwrap();
        answers_as(variant, &lookup, listed, TENANT).await;

        // Sanity of the comparison: the tenant's allowed preflight is allowed.
        let (allowed, calls) = answer(&lookup, preflight_from(TENANT)).await;
        assert_eq!(allowed.status(), StatusCode::NO_CONTENT, "{variant}");
        assert_eq!(allowed_origin(&allowed), Some(TENANT), "{variant}");
        assert_eq!(calls, 0, "{variant}: a preflight reached the service");
    }
}

#[tokio::test]
async fn an_origin_the_resolver_refuses_is_answered_as_an_unlisted_one() {
    for (variant, policy) in PLATFORM.each() {
        let tenants = Tenants::with(&[TENANT]);
        let sync = CorsLayer::new(policy)
            .allow_origin_if(tenants.sync())
            .unwrap();
        answers_as(variant, &sync, policy, "https://other.example").await;
        let lookup = CorsLayer::new(policy)
            .allow_origin_async(tenants.lookup())
            .unwrap();
        answers_as(variant, &lookup, policy, "https://other.example").await;
        assert!(tenants
            .asked()
            .iter()
            .all(|origin| origin == "https://other.example"));
    }
}

#[test]
fn a_resolver_on_a_policy_of_any_origin_is_an_error() {
    for (variant, policy) in ANY_ORIGIN.each() {
        let sync = CorsLayer::new(policy)
            .allow_origin_if(|_: &Origin| true)
            .unwrap_err();
        let lookup = CorsLayer::new(policy)
            .allow_origin_async(|_: Origin| std::future::ready(Ok::<_, std::io::Error>(true)))
            .unwrap_err();
        assert_eq!(sync, lookup, "{variant}");
        let message = sync.to_string();
        let place = if variant == "built" {
            "<inline>:1:17"
        } else {
            "<toml>:1:17"
        };
        assert_eq!(
            message,
            format!(
                "an origin resolver was given to a policy whose allow_origins is \"*\" \
                 ({place}): that policy allows every origin, so the resolver would never be \
                 asked; list the origins the policy allows on its own in allow_origins, and \
                 the resolver decides the others"
            ),
            "{variant}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Without tower (§9.5): the decision read before the handler, applied after.
// ---------------------------------------------------------------------------------------

fn origin_headers(origin: &'static str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_static(origin));
    headers
}

#[test]
fn the_decision_names_the_origin_a_resolver_must_decide() {
    for (variant, policy) in PLATFORM.each() {
        let listed = policy.decide_origin(&origin_headers("https://platform.example"));
        assert_eq!(listed.to_resolve(), None, "{variant}");
        assert!(listed.is_allowed(), "{variant}");
        let matched = policy.decide_origin(&origin_headers("https://eu.platform.example"));
        assert_eq!(matched.to_resolve(), None, "{variant}");
        assert!(matched.is_allowed(), "{variant}");
        for (what, lines) in origins_never_asked() {
            let mut headers = HeaderMap::new();
            for line in &lines {
                headers.append(ORIGIN, HeaderValue::from_bytes(line).unwrap());
            }
            let decision = policy.decide_origin(&headers);
            assert_eq!(decision.to_resolve(), None, "{variant}: {what}");
            assert!(!decision.is_allowed(), "{variant}: {what}");
        }
        let none = policy.decide_origin(&HeaderMap::new());
        assert_eq!(none.to_resolve(), None, "{variant}");
        assert!(!none.is_allowed(), "{variant}");

        let mut tenant = policy.decide_origin(&origin_headers(TENANT));
        assert_eq!(
            tenant.to_resolve().map(Origin::as_str),
            Some(TENANT),
            "{variant}"
        );
        assert!(
            !tenant.is_allowed(),
            "{variant}: allowed before it was resolved"
        );
        tenant.resolve(true);
        assert!(tenant.is_allowed(), "{variant}");
        assert_eq!(
            tenant.to_resolve(),
            None,
            "{variant}: asked again once resolved"
        );
    }
}

#[test]
fn preflight_with_and_apply_with_answer_as_the_listed_policy() {
    let put = Method::OPTIONS;
    for ((variant, policy), (_, listed)) in
        PLATFORM.each().into_iter().zip(PLATFORM_AND_TENANT.each())
    {
        for (what, request) in exchanges(TENANT) {
            let headers = request.headers();
            let mut decision = policy.decide_origin(headers);
            decision.resolve(true);
            let context = format!("{variant}: {what}");
            let got = policy.preflight_with(request.method(), headers, &decision);
            let expected = listed.preflight(request.method(), headers);
            assert_eq!(got.is_some(), expected.is_some(), "{context}");
            if let (Some(got), Some(expected)) = (&got, &expected) {
                assert_eq!(got.status(), expected.status(), "{context}");
                same_headers(&context, got.headers(), expected.headers()).unwrap();
            }
            let mut got = HeaderMap::new();
            policy.apply_with(&decision, &mut got);
            let mut expected = HeaderMap::new();
            listed.apply(headers, &mut expected);
            same_headers(&context, &got, &expected).unwrap();
        }
        // A decision left unresolved is a refusal, as the policy alone answers.
        let headers = origin_headers(TENANT);
        let unresolved = policy.decide_origin(&headers);
        let got =
            policy.preflight_with(&put, &preflight_from(TENANT).headers().clone(), &unresolved);
        assert_eq!(
            got.map(|answer| answer.status()),
            Some(StatusCode::FORBIDDEN),
            "{variant}"
        );
        let mut got = HeaderMap::new();
        policy.apply_with(&unresolved, &mut got);
        let mut expected = HeaderMap::new();
        policy.apply(&headers, &mut expected);
        same_headers(variant, &got, &expected).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// The cache of `allow_origin_async` (§9.4).
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_answer_is_kept_for_the_ttl_and_then_asked_again() {
    const TTL: Duration = Duration::from_millis(800);
    for (variant, policy) in PLATFORM.each() {
        let tenants = Tenants::default();
        let layer = CorsLayer::new(policy)
            .allow_origin_async(tenants.lookup())
            .unwrap()
            .origin_cache_ttl(TTL);
        let allowed = |response: &Response<String>| allowed_origin(response) == Some(TENANT);

        // A refusal is kept as an allowed origin is: the row added now waits for it.
        assert!(
            !allowed(&answer(&layer, get_from(TENANT)).await.0),
            "{variant}"
        );
        tenants.insert(TENANT);
        assert!(
            !allowed(&answer(&layer, preflight_from(TENANT)).await.0),
            "{variant}"
        );
        assert_eq!(tenants.calls(), 1, "{variant}: asked again within the TTL");
        tokio::time::sleep(TTL + Duration::from_millis(300)).await;
        assert!(
            allowed(&answer(&layer, get_from(TENANT)).await.0),
            "{variant}"
        );
        assert_eq!(tenants.calls(), 2, "{variant}");

        // A removed row stops being allowed the same way.
        tenants.remove(TENANT);
        assert!(
            allowed(&answer(&layer, preflight_from(TENANT)).await.0),
            "{variant}"
        );
        assert_eq!(tenants.calls(), 2, "{variant}: asked again within the TTL");
        tokio::time::sleep(TTL + Duration::from_millis(300)).await;
        assert!(
            !allowed(&answer(&layer, get_from(TENANT)).await.0),
            "{variant}"
        );
        assert_eq!(tenants.calls(), 3, "{variant}");
    }
}

#[tokio::test]
async fn at_most_the_capacity_of_origins_is_remembered() {
    const CAPACITY: usize = 10;
    const ORIGINS: usize = 1_000;
    let tenants = Tenants::default();
    let layer = CorsLayer::new(PLATFORM.built())
        .allow_origin_async(tenants.lookup())
        .unwrap()
        .origin_cache_capacity(CAPACITY);
    let origin = |index: usize| format!("https://tenant-{index}.example");
    for _round in 0..2 {
        for index in 0..ORIGINS {
            answer(&layer, get_from(&origin(index))).await;
        }
    }
    let first_round = ORIGINS;
    let asked_again = tenants.calls() - first_round;
    // The second round asks again for every origin but the few the cache kept.
    assert!(
        asked_again >= ORIGINS - CAPACITY,
        "of {ORIGINS} origins, only {asked_again} were asked again with a capacity of {CAPACITY}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_of_one_origin_wait_for_one_lookup() {
    for (variant, policy) in PLATFORM.each() {
        let calls = Arc::new(AtomicUsize::new(0));
        let layer = CorsLayer::new(policy)
            .allow_origin_async({
                let calls = calls.clone();
                move |origin: Origin| {
                    calls.fetch_add(1, Ordering::SeqCst);
                    async move {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        Ok::<_, std::io::Error>(origin == TENANT)
                    }
                }
            })
            .unwrap();
        let mut requests = tokio::task::JoinSet::new();
        for index in 0..50 {
            let layer = layer.clone();
            requests.spawn(async move {
                let request = if index % 2 == 0 {
                    get_from(TENANT)
                } else {
                    preflight_from(TENANT)
                };
                let (response, _) = answer(&layer, request).await;
                allowed_origin(&response).map(str::to_owned)
            });
        }
        while let Some(allowed) = requests.join_next().await {
            assert_eq!(allowed.unwrap().as_deref(), Some(TENANT), "{variant}");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{variant}");
    }
}

/// A lookup that waits for `open` before it answers, for the origins named `slow`.
#[derive(Clone)]
struct Gate {
    open: Arc<tokio::sync::Semaphore>,
    calls: Arc<AtomicUsize>,
}

impl Gate {
    fn closed() -> Gate {
        Gate {
            open: Arc::new(tokio::sync::Semaphore::new(0)),
            calls: Arc::default(),
        }
    }

    fn lookup(
        &self,
    ) -> impl Fn(
        Origin,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<bool, std::io::Error>> + Send>,
    > + Clone
           + Send
           + Sync
           + 'static {
        let gate = self.clone();
        move |origin: Origin| {
            gate.calls.fetch_add(1, Ordering::SeqCst);
            let open = gate.open.clone();
            Box::pin(async move {
                if origin.host().starts_with("slow") {
                    let _ = open.acquire().await.unwrap();
                }
                Ok(true)
            })
        }
    }

    async fn wait_for_calls(&self, calls: usize) {
        let start = Instant::now();
        while self.calls.load(Ordering::SeqCst) < calls {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the lookup was never called"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

#[tokio::test]
async fn an_origin_that_finds_every_lookup_busy_is_refused_once_and_not_cached() {
    for (variant, policy) in PLATFORM.each() {
        let captured = Captured::default();
        let _subscriber = captured.install();
        let gate = Gate::closed();
        let layer = CorsLayer::new(policy)
            .allow_origin_async(gate.lookup())
            .unwrap()
            .origin_lookups_in_flight(1);
        let slow = tokio::spawn({
            let layer = layer.clone();
            async move { answer(&layer, get_from("https://slow.acme.com")).await.0 }
        });
        gate.wait_for_calls(1).await;

        let (busy, _) = answer(&layer, preflight_from(TENANT)).await;
        assert_eq!(busy.status(), StatusCode::FORBIDDEN, "{variant}");
        assert_eq!(allowed_origin(&busy), None, "{variant}");
        assert_eq!(
            gate.calls.load(Ordering::SeqCst),
            1,
            "{variant}: asked while busy"
        );
        let log = captured.text();
        assert!(
            log.contains("WARN")
                && log.contains("every origin lookup is busy")
                && log.contains(TENANT),
            "{variant}: {log}"
        );

        gate.open.add_permits(1);
        assert_eq!(
            allowed_origin(&slow.await.unwrap()),
            Some("https://slow.acme.com"),
            "{variant}"
        );
        let (later, _) = answer(&layer, preflight_from(TENANT)).await;
        assert_eq!(
            allowed_origin(&later),
            Some(TENANT),
            "{variant}: the refusal was cached"
        );
        assert_eq!(gate.calls.load(Ordering::SeqCst), 2, "{variant}");
    }
}

/// A lookup whose first call fails in `fail`'s way, and whose later calls allow.
fn failing_once<Fut>(
    calls: &Arc<AtomicUsize>,
    fail: fn() -> Fut,
) -> impl Fn(
    Origin,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, LookupError>> + Send>>
       + Clone
       + Send
       + Sync
       + 'static
where
    Fut: std::future::Future<Output = Result<bool, LookupError>> + Send + 'static,
{
    let calls = calls.clone();
    move |_: Origin| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Box::pin(fail())
        } else {
            Box::pin(std::future::ready(Ok(true)))
        }
    }
}

/// A database error with a cause, as sqlx's are.
#[derive(Debug)]
struct LookupError(std::io::Error);

impl std::fmt::Display for LookupError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("error communicating with database")
    }
}

impl std::error::Error for LookupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[tokio::test]
async fn a_lookup_that_fails_refuses_its_request_is_logged_and_is_not_cached() {
    for (variant, policy) in PLATFORM.each() {
        let captured = Captured::default();
        let _subscriber = captured.install();
        let calls = Arc::new(AtomicUsize::new(0));
        let fails = || async {
            Err(LookupError(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "connection reset by peer",
            )))
        };
        let layer = CorsLayer::new(policy)
            .allow_origin_async(failing_once(&calls, fails))
            .unwrap();

        let (failed, _) = answer(&layer, get_from(TENANT)).await;
        assert_eq!(allowed_origin(&failed), None, "{variant}");
        let log = captured.text();
        assert!(
            log.contains("WARN")
                && log.contains(TENANT)
                && log.contains("error communicating with database: connection reset by peer")
                && log.contains("not cached"),
            "{variant}: {log}"
        );
        let (later, _) = answer(&layer, get_from(TENANT)).await;
        assert_eq!(
            allowed_origin(&later),
            Some(TENANT),
            "{variant}: the error was cached"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2, "{variant}");
    }
}

#[tokio::test]
async fn a_lookup_that_hangs_is_abandoned_at_the_timeout_and_is_not_cached() {
    const TIMEOUT: Duration = Duration::from_millis(100);
    for (variant, policy) in PLATFORM.each() {
        let captured = Captured::default();
        let _subscriber = captured.install();
        let calls = Arc::new(AtomicUsize::new(0));
        let layer = CorsLayer::new(policy)
            .allow_origin_async(failing_once(&calls, std::future::pending))
            .unwrap()
            .origin_lookup_timeout(TIMEOUT);

        let start = Instant::now();
        let (hung, _) = answer(&layer, preflight_from(TENANT)).await;
        let waited = start.elapsed();
        assert_eq!(hung.status(), StatusCode::FORBIDDEN, "{variant}");
        assert!(
            waited >= TIMEOUT && waited < Duration::from_secs(2),
            "{variant}: waited {waited:?}"
        );
        let log = captured.text();
        assert!(
            log.contains("WARN") && log.contains("timed out") && log.contains(TENANT),
            "{variant}: {log}"
        );
        let (later, _) = answer(&layer, preflight_from(TENANT)).await;
        assert_eq!(
            allowed_origin(&later),
            Some(TENANT),
            "{variant}: the timeout was cached"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2, "{variant}");
    }
}

#[tokio::test]
async fn clones_of_the_layer_and_its_services_share_one_cache() {
    for (variant, policy) in PLATFORM.each() {
        let tenants = Tenants::with(&[TENANT]);
        let layer = CorsLayer::new(policy)
            .allow_origin_async(tenants.lookup())
            .unwrap();
        let clone = layer.clone();
        let (calls, service) = counting_service(StatusCode::OK);
        let first = layer.layer(BoxCloneService::new(service.clone()));
        let second = clone.layer(BoxCloneService::new(service));
        for service in [first.clone(), first, second.clone(), second] {
            let (response, _) = send(service, &calls, get_from(TENANT)).await;
            assert_eq!(allowed_origin(&response), Some(TENANT), "{variant}");
        }
        assert_eq!(tenants.calls(), 1, "{variant}");
    }
}

#[tokio::test]
async fn the_service_is_called_once_for_an_actual_request_and_never_for_a_preflight() {
    for (variant, policy) in PLATFORM.each() {
        let tenants = Tenants::with(&[TENANT]);
        let layer = CorsLayer::new(policy)
            .allow_origin_async(tenants.lookup())
            .unwrap();
        for origin in [TENANT, "https://other.example"] {
            // Asked, then answered from the cache.
            for _ in 0..2 {
                let (response, calls) = answer(&layer, get_from(origin)).await;
                assert_eq!(calls, 1, "{variant}: {origin}");
                assert_eq!(response.body(), "from the service", "{variant}: {origin}");
                let (_, calls) = answer(&layer, preflight_from(origin)).await;
                assert_eq!(calls, 0, "{variant}: {origin}");
            }
        }
        assert_eq!(tenants.calls(), 2, "{variant}");
    }
}
