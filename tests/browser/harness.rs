//! Runs a script in headless Chromium on a page of one loopback origin, against an API
//! on another origin behind a `CorsLayer`, and returns what the script reported.
//!
//! The page is served at `http://127.0.0.1:PAGE_PORT` (the origin the test policies
//! allow) or at `http://localhost:PAGE_PORT` (another origin); the API listens on
//! `127.0.0.1` on a free port. The script's result, or the error the browser raised, is
//! posted back to the page's own server, so nothing depends on timing the page's DOM.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post, put};
use axum::Router;
use cors_runtime::CorsPolicy;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The page server's port: fixed, since the policies name its origin at compile time.
pub const PAGE_PORT: u16 = 47_801;
/// The origin the test policies allow.
pub const ALLOWED_ORIGIN: &str = "http://127.0.0.1:47801";
/// The same page server, reached under a name no policy lists.
pub const OTHER_ORIGIN: &str = "http://localhost:47801";

/// One browser at a time: the page port is shared, and the machine has two cores.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What the page's script reported.
#[derive(Debug)]
pub enum Outcome {
    /// The script's return value.
    Returned(Value),
    /// What the script threw: for a request the browser blocked, `TypeError: Failed to fetch`.
    Threw(String),
}

impl Outcome {
    pub fn value(self) -> Value {
        match self {
            Outcome::Returned(value) => value,
            Outcome::Threw(error) => panic!(
                "the browser ({}) refused what the policy should allow: {error}",
                chromium_version()
            ),
        }
    }

    pub fn error(self) -> String {
        match self {
            Outcome::Threw(error) => error,
            Outcome::Returned(value) => panic!(
                "the browser ({}) allowed what the policy should refuse; the script got {value}",
                chromium_version()
            ),
        }
    }
}

/// What the script returned, the browser having allowed every request it made; `None`
/// when the test is skipped (see [`run`]).
pub async fn returned(
    policy: &'static CorsPolicy,
    page_origin: &str,
    script: &str,
) -> Option<Value> {
    Some(run(policy, page_origin, script).await?.value())
}

/// What the script threw, the browser having refused a request; `None` when skipped.
pub async fn threw(policy: &'static CorsPolicy, page_origin: &str, script: &str) -> Option<String> {
    Some(run(policy, page_origin, script).await?.error())
}

/// Chromium's path: `$CHROMIUM`, or `chromium` / `chromium-browser` on the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// `Chromium 1xx.x.x.x`, as the browser says.
pub fn chromium_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        chromium()
            .and_then(|path| {
                std::process::Command::new(path)
                    .arg("--version")
                    .output()
                    .ok()
            })
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            .unwrap_or_else(|| "no Chromium".to_owned())
    })
}

/// Runs `script` (the body of an async function, with `API` bound to the API's base URL)
/// on a page served from `page_origin`, with `policy` in front of the test API.
/// `None` when Chromium is not installed and this is not CI (under CI it panics).
pub async fn run(policy: &'static CorsPolicy, page_origin: &str, script: &str) -> Option<Outcome> {
    let Some(chromium) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "Chromium is required in CI: install Debian's `chromium` package (.ci/run does)"
            );
        }
        eprintln!("skipped: no Chromium on this machine (apt-get install chromium)");
        return None;
    };
    let _browser = ONE_AT_A_TIME.lock().await;
    println!("browser: {}", chromium_version());

    let api_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", api_listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(api_listener, api_router(policy)).await });

    let (report_sender, report) = oneshot::channel();
    let page = PageState {
        html: page(&api, script),
        report: Arc::new(Mutex::new(Some(report_sender))),
    };
    let page_listener = TcpListener::bind(("127.0.0.1", PAGE_PORT))
        .await
        .unwrap_or_else(|error| panic!("the page server needs port {PAGE_PORT}: {error}"));
    let page_server = tokio::spawn(async move {
        let router = Router::new()
            .route("/", get(serve_page))
            .route("/report", post(receive_report))
            .with_state(page);
        axum::serve(page_listener, router).await
    });

    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let profile = std::env::temp_dir().join(format!(
        "cors-browser-test-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let mut browser = tokio::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("{page_origin}/"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start Chromium");

    let reported = tokio::time::timeout(Duration::from_secs(60), report).await;
    let _ = browser.kill().await;
    page_server.abort();
    let _ = page_server.await;
    let _ = std::fs::remove_dir_all(&profile);
    let report = reported
        .unwrap_or_else(|_| panic!("{} reported nothing within 60 s", chromium_version()))
        .expect("the page server keeps the report channel");
    Some(if report["ok"] == Value::Bool(true) {
        Outcome::Returned(report["value"].clone())
    } else {
        Outcome::Threw(report["error"].as_str().unwrap_or_default().to_owned())
    })
}

#[derive(Clone)]
struct PageState {
    html: String,
    report: Arc<Mutex<Option<oneshot::Sender<Value>>>>,
}

async fn serve_page(State(page): State<PageState>) -> Html<String> {
    Html(page.html)
}

async fn receive_report(State(page): State<PageState>, body: String) {
    let report = serde_json::from_str(&body).unwrap_or_else(|error| {
        serde_json::json!({ "ok": false, "error": format!("unreadable report {body:?}: {error}") })
    });
    if let Some(sender) = page.report.lock().unwrap().take() {
        let _ = sender.send(report);
    }
}

fn page(api: &str, script: &str) -> String {
    format!(
        r#"<!doctype html>
<meta charset="utf-8">
<title>CORS browser test</title>
<script>
const API = {api:?};
async function test() {{
{script}
}}
function report(outcome) {{
  fetch('/report', {{ method: 'POST', body: JSON.stringify(outcome) }});
}}
test().then(
  value => report({{ ok: true, value: value === undefined ? null : value }}),
  error => report({{ ok: false, error: String(error) }}),
);
</script>
"#
    )
}

/// The API the pages call: what each test needs, behind the policy under test.
fn api_router(policy: &'static CorsPolicy) -> Router {
    Router::new()
        .route("/json", get(json))
        .route(
            "/items",
            put(|| async { "stored" }).patch(|| async { "patched" }),
        )
        .route("/set-cookie", get(set_cookie))
        .route("/whoami", get(whoami))
        .route("/llm/v1/chat/completions", post(chat_completions))
        .layer(policy.layer())
}

async fn json() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::HeaderName::from_static("x-exposed"), "visible"),
            (header::HeaderName::from_static("x-hidden"), "secret"),
        ],
        r#"{"hello":"world"}"#,
    )
}

async fn set_cookie() -> impl IntoResponse {
    (
        [(header::SET_COOKIE, "session=abc123; Path=/; SameSite=Lax")],
        "cookie set",
    )
}

async fn whoami(headers: HeaderMap) -> impl IntoResponse {
    let cookie = headers
        .get(header::COOKIE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({ "cookie": cookie }).to_string(),
    )
}

async fn chat_completions(headers: HeaderMap) -> impl IntoResponse {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .cloned()
        .unwrap_or(HeaderValue::from_static(""));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::HeaderName::from_static("x-request-id"),
                HeaderValue::from_static("req-7"),
            ),
        ],
        serde_json::json!({
            "object": "chat.completion",
            "authorization": authorization.to_str().unwrap_or(""),
            "choices": [{ "message": { "role": "assistant", "content": "Hello!" } }],
        })
        .to_string(),
    )
}

/// What the product's browser model (`cors_check::browser`, written from the Fetch
/// standard) says of a call a test's script makes, with the policy's real answers: `Ok`
/// when the page gets the response. Each test asserts that it agrees with Chromium.
pub fn model(
    policy: &CorsPolicy,
    page_origin: &str,
    method: &str,
    headers: &[(&str, &str)],
    credentials: bool,
) -> Result<(), cors_check::browser::Failure> {
    use cors_check::browser::{self, BrowserRequest, Credentials};
    let list: Vec<(&str, &[u8])> = headers
        .iter()
        .map(|&(name, value)| (name, value.as_bytes()))
        .collect();
    let page = BrowserRequest::new(page_origin, browser::normalize_method(method.as_bytes()))
        .with_header_list(&list)
        .with_credentials(if credentials {
            Credentials::Include
        } else {
            Credentials::Omit
        });
    if page.needs_preflight() {
        let answer = policy
            .preflight(&axum::http::Method::OPTIONS, &page.preflight_headers())
            .expect("a preflight");
        browser::accepts_preflight(&page, &answer)?;
    }
    let mut response = HeaderMap::new();
    policy.apply(&page.actual_headers(), &mut response);
    browser::cors_check(&page, &response)
}
