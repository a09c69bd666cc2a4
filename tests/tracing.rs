//! With the `tracing` feature, every refusal is a `debug` event naming the origin and the
//! reason, so that monitoring CORS errors is one line of subscriber setup. The policy
//! loaded from the same TOML logs what the macro-built one logs, word for word.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use cors_runtime::CorsPolicy;
use http::header::{ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use tracing::Level;

twin_policies! {
    static POLICY: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        allow_methods = ["PUT"]
        allow_headers = ["authorization"]
        "#
    );
}

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `f` with a `debug` subscriber and returns what it logged.
fn logged(f: impl FnOnce()) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(Level::DEBUG)
        .with_ansi(false)
        .without_time()
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, f);
    let bytes = captured.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

fn headers(pairs: &[(HeaderName, &'static str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
        .collect()
}

/// What `f` logs with each policy, the macro-built and the loaded one, which must log the
/// same but for the name of the TOML's source (`<inline>` for the macro's literal, `<toml>`
/// for `from_toml`'s text).
fn logged_by_each(f: impl Fn(&CorsPolicy)) -> String {
    let [(_, built), (_, loaded)] = POLICY.each();
    let log = logged(|| f(built));
    assert_eq!(
        logged(|| f(loaded)).replace("<toml>", "<inline>"),
        log,
        "the loaded policy (left) logs unlike the macro-built one"
    );
    log
}

fn refused_preflight(pairs: &[(HeaderName, &'static str)]) -> String {
    logged_by_each(|policy| {
        let answer = policy.preflight(&Method::OPTIONS, &headers(pairs)).unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    })
}

#[test]
fn a_preflight_from_another_origin_logs_the_origin() {
    let log = refused_preflight(&[
        (ORIGIN, "https://evil.example"),
        (ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
    ]);
    assert!(log.contains("DEBUG"), "{log}");
    assert!(log.contains("CORS preflight refused"), "{log}");
    assert!(log.contains("origin=https://evil.example"), "{log}");
    assert!(
        log.contains(
            "reason=origin \"https://evil.example\" is not in allow_origins (<inline>:2:25)"
        ),
        "{log}"
    );
}

#[test]
fn a_preflight_for_another_method_logs_the_method() {
    let log = refused_preflight(&[
        (ORIGIN, "https://app.example.com"),
        (ACCESS_CONTROL_REQUEST_METHOD, "DELETE"),
    ]);
    assert!(
        log.contains("reason=method \"DELETE\" is not in allow_methods (<inline>:3:25)"),
        "{log}"
    );
}

#[test]
fn a_preflight_for_another_header_logs_the_header() {
    let log = refused_preflight(&[
        (ORIGIN, "https://app.example.com"),
        (ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
        (ACCESS_CONTROL_REQUEST_HEADERS, "authorization, x-secret"),
    ]);
    assert!(
        log.contains("reason=request header \"x-secret\" is not in allow_headers (<inline>:4:25)"),
        "{log}"
    );
}

#[test]
fn a_private_network_preflight_logs_that_it_is_not_enabled() {
    let log = refused_preflight(&[
        (ORIGIN, "https://app.example.com"),
        (ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
        (
            HeaderName::from_static("access-control-request-private-network"),
            "true",
        ),
    ]);
    assert!(
        log.contains("reason=private network access is not allowed: allow_private_network is not set in <inline>"),
        "{log}"
    );
}

#[test]
fn an_actual_request_from_another_origin_is_logged() {
    let log = logged_by_each(|policy| {
        let mut response = HeaderMap::new();
        policy.apply(&headers(&[(ORIGIN, "null")]), &mut response);
    });
    assert!(log.contains("CORS origin not allowed"), "{log}");
    assert!(
        log.contains("reason=origin \"null\" is not in allow_origins (<inline>:2:25)"),
        "{log}"
    );
}

#[test]
fn allowed_and_non_cors_requests_log_nothing() {
    let log = logged_by_each(|policy| {
        let allowed = headers(&[
            (ORIGIN, "https://app.example.com"),
            (ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
        ]);
        let answer = policy.preflight(&Method::OPTIONS, &allowed).unwrap();
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        let mut response = HeaderMap::new();
        policy.apply(&allowed, &mut response);
        policy.apply(&HeaderMap::new(), &mut response);
    });
    assert_eq!(log, "");
}
