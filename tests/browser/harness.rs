//! Runs a script in a real browser engine, on a page of one loopback origin, against an
//! API on another origin behind a `CorsLayer`, and returns what the script reported and
//! what the API saw.
//!
//! Three engines, each from Debian's packages, each started without a WebDriver:
//! Chromium (`chromium --headless`), Firefox ESR (`firefox-esr --headless`) and WebKitGTK
//! (its `MiniBrowser`, in a virtual X display from `xvfb-run`). Every visit starts the
//! engine afresh with its own profile and `HOME`, so that no cookie, HTTP cache entry or
//! preflight cache entry survives from one visit to the next, and removes them once the
//! engine's whole process group has exited.
//!
//! The page is served at `http://localhost:PAGE_PORT` (the origin the test policies allow)
//! or at `http://127.0.0.1:PAGE_PORT` (another origin); the API is addressed as
//! `http://localhost:PORT`, by name because Firefox never reuses a cached preflight for a
//! server addressed by an IP literal, and on the page's site so that its cookies are
//! first-party. The script's result, or the error the engine raised, is posted back to
//! the page's own server, so nothing depends on timing the page's DOM.

use std::convert::Infallible;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post, put};
use axum::Router;
use cors_runtime::{CorsLayer, CorsPolicy, Origin};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The page server's port: fixed, since the policies name its origin at compile time.
pub const PAGE_PORT: u16 = 47_801;
/// The origin the test policies allow.
pub const ALLOWED_ORIGIN: &str = "http://localhost:47801";
/// The same page server, reached under an address no policy lists.
pub const OTHER_ORIGIN: &str = "http://127.0.0.1:47801";

/// How long a visit may take before the engine is taken to have hung.
const VISIT_TIMEOUT: Duration = Duration::from_secs(60);

/// One engine at a time: the page port is shared, and the machine has two cores.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A browser engine the tests drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Chromium,
    Firefox,
    WebKit,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Chromium, Kind::Firefox, Kind::WebKit];

    fn name(self) -> &'static str {
        match self {
            Kind::Chromium => "Chromium",
            Kind::Firefox => "Firefox ESR",
            Kind::WebKit => "WebKitGTK",
        }
    }

    /// The `CORS_TEST_ENGINES` spelling, and the name of the state folders.
    fn key(self) -> &'static str {
        match self {
            Kind::Chromium => "chromium",
            Kind::Firefox => "firefox",
            Kind::WebKit => "webkit",
        }
    }

    fn install_hint(self) -> &'static str {
        match self {
            Kind::Chromium => "apt-get install chromium",
            Kind::Firefox => "apt-get install firefox-esr",
            Kind::WebKit => "apt-get install webkit2gtk-driver xvfb xauth",
        }
    }

    /// What `fetch` rejects with when the engine blocks a response (Fetch: a "network
    /// error", which the standard lets each engine word as it likes).
    pub fn network_error(self) -> &'static str {
        match self {
            Kind::Chromium => "TypeError: Failed to fetch",
            Kind::Firefox => "TypeError: NetworkError when attempting to fetch resource.",
            Kind::WebKit => "TypeError: Load failed",
        }
    }
}

/// An engine found on this machine.
#[derive(Debug)]
pub struct Engine {
    pub kind: Kind,
    program: PathBuf,
    /// As the engine prints it: `Chromium 156.0.8078.114`, `Mozilla Firefox 153.8.0esr`,
    /// `WebKitGTK 2.50.6`.
    version: String,
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.version)
    }
}

/// The engines on this machine, in a fixed order. Under `CI` every engine is required
/// (a missing one panics, naming the package to install); elsewhere a missing engine is
/// skipped with a message, and `CORS_TEST_ENGINES=chromium,firefox,webkit` chooses some.
pub fn engines() -> &'static [Engine] {
    static ENGINES: OnceLock<Vec<Engine>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let ci = std::env::var_os("CI").is_some();
        let chosen = std::env::var("CORS_TEST_ENGINES").ok().filter(|_| !ci);
        let mut found = Vec::new();
        for kind in Kind::ALL {
            if let Some(chosen) = &chosen {
                if !chosen.split(',').any(|key| key.trim() == kind.key()) {
                    continue;
                }
            }
            match find(kind) {
                Some(program) => {
                    let version = version(kind, &program);
                    println!("browser engine: {version} ({})", program.display());
                    found.push(Engine {
                        kind,
                        program,
                        version,
                    });
                }
                None if ci => panic!(
                    "{} is required in CI: {} (.ci/run does)",
                    kind.name(),
                    kind.install_hint()
                ),
                None => eprintln!(
                    "skipped in {}: it is not on this machine ({})",
                    kind.name(),
                    kind.install_hint()
                ),
            }
        }
        found
    })
}

/// The engine's program: `$CHROMIUM`, `$FIREFOX`, `$MINIBROWSER`, or where Debian puts it.
fn find(kind: Kind) -> Option<PathBuf> {
    let (variable, names): (&str, &[&str]) = match kind {
        Kind::Chromium => ("CHROMIUM", &["chromium", "chromium-browser"]),
        Kind::Firefox => ("FIREFOX", &["firefox-esr", "firefox"]),
        Kind::WebKit => ("MINIBROWSER", &[]),
    };
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    if kind == Kind::WebKit {
        // MiniBrowser needs a display: without `xvfb-run` it cannot start.
        on_path(&["xvfb-run"])?;
        // Under the multiarch library folder, `/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/`.
        return std::fs::read_dir("/usr/lib")
            .ok()?
            .flatten()
            .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
            .find(|candidate| candidate.is_file());
    }
    on_path(names)
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn version(kind: Kind, program: &Path) -> String {
    let mut command = match kind {
        // GTK refuses to print even its version without a display.
        Kind::WebKit => {
            let mut command = std::process::Command::new("xvfb-run");
            command.arg("-a").arg(program);
            command
        }
        _ => std::process::Command::new(program),
    };
    let output = command
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("{} --version: {error}", program.display()));
    let printed = String::from_utf8_lossy(&output.stdout);
    // Chromium adds " built on Debian GNU/Linux 12 (bookworm)".
    let version = printed.trim().split(" built on").next().unwrap_or_default();
    if version.is_empty() {
        format!("{} (version unknown)", kind.name())
    } else {
        version.to_owned()
    }
}

/// What to load: a script (the body of an async function, with `API` bound to the API's
/// base URL and `sleep(ms)` available) on a page served from an origin.
pub struct Visit<'a> {
    api: Api,
    page_origin: &'a str,
    script: &'a str,
    sandboxed: bool,
    axios: bool,
    page_headers: Vec<(&'static str, &'static str)>,
}

/// What answers the page's calls.
#[derive(Clone, Copy)]
enum Api {
    /// The test API, behind the policy's `CorsLayer`.
    Policy(&'static CorsPolicy),
    /// The test API, behind the policy's `CorsLayer` with an origin resolver
    /// (`allow_origin_async`) that allows the origins of a list, as a tenants' table would.
    WithTenants(&'static CorsPolicy, &'static [&'static str]),
    /// A hand-written answer to every request, not ours: it shows what an engine does
    /// with a given answer, so that a row can say whether the engine can judge ours.
    HandWritten(fn(&Request) -> Response),
}

impl<'a> Visit<'a> {
    pub fn new(policy: &'static CorsPolicy, page_origin: &'a str, script: &'a str) -> Self {
        Self::against(Api::Policy(policy), page_origin, script)
    }

    /// Against the test API behind `policy`, whose layer allows the origins of `tenants`
    /// besides the policy's own, asked through `allow_origin_async` and its cache.
    pub fn with_tenants(
        policy: &'static CorsPolicy,
        tenants: &'static [&'static str],
        page_origin: &'a str,
        script: &'a str,
    ) -> Self {
        Self::against(Api::WithTenants(policy, tenants), page_origin, script)
    }

    /// Against an API whose every answer is `answer`'s, with no policy in front.
    pub fn hand_written(
        answer: fn(&Request) -> Response,
        page_origin: &'a str,
        script: &'a str,
    ) -> Self {
        Self::against(Api::HandWritten(answer), page_origin, script)
    }

    fn against(api: Api, page_origin: &'a str, script: &'a str) -> Self {
        Self {
            api,
            page_origin,
            script,
            sandboxed: false,
            axios: false,
            page_headers: Vec::new(),
        }
    }

    /// The script runs in `<iframe sandbox="allow-scripts">`: an opaque origin, which
    /// browsers send as `Origin: null`.
    pub fn in_sandboxed_iframe(mut self) -> Self {
        self.sandboxed = true;
        self
    }

    /// The page loads the real axios (`tests/browser/node_modules`, from `npm ci`) first.
    pub fn with_axios(mut self) -> Self {
        self.axios = true;
        self
    }

    /// The page is served with this header too.
    pub fn with_page_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.page_headers.push((name, value));
        self
    }
}

/// What a visit ended with.
pub struct Outcome {
    pub engine: &'static Engine,
    /// The script's return value, or what it threw.
    pub result: Result<Value, String>,
    /// Every request that reached the API, in order, as it arrived (before the policy).
    pub requests: Vec<Seen>,
}

/// A request as it reached the API.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn is_preflight(&self) -> bool {
        self.method == Method::OPTIONS && self.headers.contains_key("access-control-request-method")
    }
}

impl fmt::Display for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        for (name, value) in &self.headers {
            if name.as_str() == "origin" || name.as_str().starts_with("access-control-") {
                write!(f, ", {name}: {}", String::from_utf8_lossy(value.as_bytes()))?;
            }
        }
        Ok(())
    }
}

impl Outcome {
    /// The script's return value; panics, naming the engine, when it threw.
    pub fn value(&self) -> &Value {
        match &self.result {
            Ok(value) => value,
            Err(error) => panic!(
                "{} refused what the policy allows: {error}\n{}",
                self.engine,
                self.log()
            ),
        }
    }

    /// Asserts that the script's call failed as a network error, the way this engine words
    /// one, which is how a page sees a response the browser blocked.
    pub fn assert_network_error(&self) {
        self.assert_threw(self.engine.kind.network_error());
    }

    /// Asserts that the script threw exactly `expected`.
    pub fn assert_threw(&self, expected: &str) {
        match &self.result {
            Err(error) => assert_eq!(
                error,
                expected,
                "{} threw something else than expected\n{}",
                self.engine,
                self.log()
            ),
            Ok(value) => panic!(
                "{} allowed what the policy refuses; the script got {value}\n{}",
                self.engine,
                self.log()
            ),
        }
    }

    pub fn preflights(&self) -> Vec<&Seen> {
        self.requests
            .iter()
            .filter(|seen| seen.is_preflight())
            .collect()
    }

    /// For each request that reached the API, in order, whether it was a preflight.
    pub fn preflight_order(&self) -> Vec<bool> {
        self.requests.iter().map(Seen::is_preflight).collect()
    }

    /// The requests that were not preflights, that is, the ones a handler answered.
    pub fn actual_requests(&self) -> Vec<&Seen> {
        self.requests
            .iter()
            .filter(|seen| !seen.is_preflight())
            .collect()
    }

    /// What the API saw, for failure messages.
    pub fn log(&self) -> String {
        let mut log = format!("the API saw {} request(s):", self.requests.len());
        for seen in &self.requests {
            log.push_str(&format!("\n  {seen}"));
        }
        log
    }
}

impl Engine {
    /// Loads `visit` in this engine, waits for the script's report, and stops the engine.
    pub async fn visit(&'static self, visit: Visit<'_>) -> Outcome {
        let _one = ONE_AT_A_TIME.lock().await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (api_url, api_servers) = serve_api(visit.api, seen.clone()).await;

        let (report_sender, report) = oneshot::channel();
        let page = PageState {
            html: page(&api_url, &visit),
            headers: visit.page_headers.clone(),
            axios: visit.axios.then(axios),
            report: Arc::new(Mutex::new(Some(report_sender))),
        };
        let page_router = Router::new()
            .route("/", get(serve_page))
            .route("/axios.min.js", get(serve_axios))
            .route("/report", post(receive_report))
            .with_state(page);
        let (_, page_servers) = serve_on_loopback(PAGE_PORT, page_router)
            .await
            .unwrap_or_else(|error| panic!("the page server needs port {PAGE_PORT}: {error}"));

        let state = StateDir::new(self.kind);
        let mut browser = self.launch(&format!("{}/", visit.page_origin), &state);
        let reported = tokio::time::timeout(VISIT_TIMEOUT, report).await;
        stop(&mut browser).await;
        for server in page_servers.into_iter().chain(api_servers) {
            server.abort();
            let _ = server.await;
        }
        state.remove();

        let requests = seen.lock().unwrap().clone();
        let report = match reported {
            Ok(report) => report.expect("the page server keeps the report channel"),
            Err(_) => {
                panic!("{self} reported nothing within {VISIT_TIMEOUT:?}; the API saw {requests:?}")
            }
        };
        let result = if report["ok"] == Value::Bool(true) {
            Ok(report["value"].clone())
        } else {
            Err(report["error"].as_str().unwrap_or_default().to_owned())
        };
        Outcome {
            engine: self,
            result,
            requests,
        }
    }

    fn launch(&self, url: &str, state: &StateDir) -> tokio::process::Child {
        let profile = state.path.join("profile");
        let mut command = match self.kind {
            Kind::Chromium => {
                let mut command = tokio::process::Command::new(&self.program);
                command
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
                        // Fetch: a bare `*` in Access-Control-Allow-Headers does not cover
                        // `Authorization`. Chromium allows it unless told to follow the
                        // standard, which would hide a policy that forgets Authorization.
                        "--enable-features=CorsNonWildcardRequestHeadersSupport",
                    ])
                    .arg(format!("--user-data-dir={}", profile.display()));
                command
            }
            Kind::Firefox => {
                std::fs::create_dir_all(&profile).expect("create the Firefox profile");
                std::fs::write(profile.join("user.js"), FIREFOX_PREFERENCES)
                    .expect("write the Firefox profile's user.js");
                let mut command = tokio::process::Command::new(&self.program);
                command
                    .args(["--headless", "--no-remote", "--profile"])
                    .arg(&profile)
                    .env("MOZ_CRASHREPORTER_DISABLE", "1");
                command
            }
            Kind::WebKit => {
                let mut command = tokio::process::Command::new("xvfb-run");
                command.arg("-a").arg(&self.program);
                command
            }
        };
        // Every engine keeps some state under HOME or the XDG folders (WebKitGTK all of it),
        // and `xvfb-run` its X authority file under TMPDIR: all of it goes in the state dir.
        for (variable, folder) in [
            ("HOME", "home"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_RUNTIME_DIR", "runtime"),
            ("TMPDIR", "tmp"),
        ] {
            let folder = state.path.join(folder);
            std::fs::create_dir_all(&folder).expect("create a folder of the engine's state");
            command.env(variable, folder);
        }
        set_owner_only(&state.path.join("runtime"));
        command
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that every process it starts can be stopped and
            // waited for (see `stop`).
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|error| panic!("start {self}: {error}"))
    }
}

/// Firefox's `user.js`: no first-run pages, telemetry, updates or other traffic of its
/// own, and the Fetch standard's reading of a bare `*` in Access-Control-Allow-Headers.
const FIREFOX_PREFERENCES: &str = r#"
user_pref("app.normandy.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.update.disabledForTesting", true);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.sessionstore.resume_from_crash", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.startup.page", 0);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("extensions.update.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
// Fetch: a bare `*` in Access-Control-Allow-Headers does not cover `Authorization`.
user_pref("network.cors_preflight.authorization_covered_by_wildcard", false);
"#;

fn set_owner_only(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // XDG_RUNTIME_DIR must be private to its user, or GTK ignores it.
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
        .expect("make XDG_RUNTIME_DIR private");
}

/// Asks the engine's whole process group to quit, then waits until none of its processes
/// is left (forcing them after a few seconds): an engine's helpers write into its profile
/// until they exit, and Xvfb removes its lock file only when it is let to quit.
async fn stop(browser: &mut tokio::process::Child) {
    let Some(group) = browser.id() else {
        return;
    };
    let group = group as libc::pid_t;
    for (signal, patience) in [
        (libc::SIGTERM, Duration::from_secs(5)),
        (libc::SIGKILL, Duration::from_secs(10)),
    ] {
        // SAFETY: kill(2) with a negative pid signals that process group; it touches no memory.
        unsafe { libc::kill(-group, signal) };
        let _ = tokio::time::timeout(patience, browser.wait()).await;
        let deadline = Instant::now() + patience;
        while group_is_running(group) && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if !group_is_running(group) {
            return;
        }
    }
    panic!("the browser's process group {group} did not exit");
}

/// Whether any live (not zombie) process is in the process group: a zombie holds no file
/// open, and an orphan's may never be reaped here.
fn group_is_running(group: libc::pid_t) -> bool {
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return false;
    };
    processes.flatten().any(|process| {
        let Ok(stat) = std::fs::read_to_string(process.path().join("stat")) else {
            return false;
        };
        // `pid (comm) state ppid pgrp …`, where comm may hold spaces and parentheses.
        let Some((_, after_name)) = stat.rsplit_once(") ") else {
            return false;
        };
        let mut fields = after_name.split(' ');
        let state = fields.next();
        let process_group = fields
            .nth(1)
            .and_then(|field| field.parse::<libc::pid_t>().ok());
        process_group == Some(group) && state != Some("Z") && state != Some("X")
    })
}

/// A visit's own folder for the engine's profile, HOME and XDG folders.
struct StateDir {
    path: PathBuf,
}

impl StateDir {
    fn new(kind: Kind) -> Self {
        static VISITS: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "cors-browser-test-{}-{}-{}",
            kind.key(),
            std::process::id(),
            VISITS.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("create the engine's state folder");
        Self { path }
    }

    /// Removes the folder; the engine has exited, so nothing writes into it any more, and
    /// a folder that cannot be removed is a failure, not litter.
    fn remove(self) {
        if let Err(error) = std::fs::remove_dir_all(&self.path) {
            panic!("could not remove {}: {error}", self.path.display());
        }
    }
}

type Servers = Vec<tokio::task::JoinHandle<std::io::Result<()>>>;

/// Serves `router` on `port` (0: a free one) of both loopback addresses, since `localhost`
/// may resolve to either; returns the port.
async fn serve_on_loopback(port: u16, router: Router) -> std::io::Result<(u16, Servers)> {
    let v4 = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    let port = v4.local_addr()?.port();
    let mut listeners = vec![v4];
    // A machine without IPv6 has no ::1; then localhost is 127.0.0.1 alone.
    match TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await {
        Ok(v6) => listeners.push(v6),
        Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => return Err(error),
        Err(_) => {}
    }
    let servers = listeners
        .into_iter()
        .map(|listener| {
            let router = router.clone();
            tokio::spawn(async move { axum::serve(listener, router).await })
        })
        .collect();
    Ok((port, servers))
}

/// The API on a free port of both loopback addresses, and its `http://localhost:PORT`.
async fn serve_api(api: Api, seen: Arc<Mutex<Vec<Seen>>>) -> (String, Servers) {
    let router = match api {
        Api::Policy(policy) => api_router().layer(policy.layer()),
        Api::WithTenants(policy, tenants) => {
            let is_tenant = move |origin: Origin| async move {
                Ok::<bool, Infallible>(tenants.contains(&origin.as_str()))
            };
            let layer = CorsLayer::new(policy)
                .allow_origin_async(is_tenant)
                .expect("the policy lists its origins");
            api_router().layer(layer)
        }
        Api::HandWritten(answer) => {
            Router::new().fallback(any(move |request: Request| async move { answer(&request) }))
        }
    }
    .layer(tower::util::MapRequestLayer::new(
        move |request: Request| {
            seen.lock().unwrap().push(Seen {
                method: request.method().clone(),
                path: request.uri().path().to_owned(),
                headers: request.headers().clone(),
            });
            request
        },
    ));
    // Port 0 picks a free IPv4 port, which may be taken on ::1: try a few.
    let mut last_error = None;
    for _ in 0..20 {
        match serve_on_loopback(0, router.clone()).await {
            Ok((port, servers)) => return (format!("http://localhost:{port}"), servers),
            Err(error) => last_error = Some(error),
        }
    }
    panic!("no free port for the API: {last_error:?}");
}

#[derive(Clone)]
struct PageState {
    html: String,
    headers: Vec<(&'static str, &'static str)>,
    axios: Option<Vec<u8>>,
    report: Arc<Mutex<Option<oneshot::Sender<Value>>>>,
}

async fn serve_page(State(page): State<PageState>) -> Response {
    let mut response = Html(page.html).into_response();
    for (name, value) in page.headers {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn serve_axios(State(page): State<PageState>) -> Response {
    match page.axios {
        Some(script) => ([(header::CONTENT_TYPE, "text/javascript")], script).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn receive_report(State(page): State<PageState>, body: String) {
    let report = serde_json::from_str(&body).unwrap_or_else(|error| {
        serde_json::json!({ "ok": false, "error": format!("unreadable report {body:?}: {error}") })
    });
    if let Some(sender) = page.report.lock().unwrap().take() {
        let _ = sender.send(report);
    }
}

/// The browser build of axios that `npm ci` installs from `tests/browser/package-lock.json`.
fn axios() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axios/dist/axios.min.js");
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; run `npm ci` in tests/browser (.ci/run does)",
            path.display()
        )
    })
}

/// Whether axios is installed; outside CI a row that needs it is skipped without it.
pub fn axios_installed() -> bool {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axios/dist/axios.min.js")
        .is_file();
    if !installed {
        if std::env::var_os("CI").is_some() {
            panic!("axios is required in CI: run `npm ci` in tests/browser (.ci/run does)");
        }
        eprintln!("skipped: axios is not installed (run `npm ci` in tests/browser)");
    }
    installed
}

/// A JavaScript string literal, safe inside `<script>` and inside `srcdoc`.
fn js_string(text: &str) -> String {
    serde_json::to_string(text)
        .expect("a string serializes")
        .replace("</", "<\\/")
}

fn page(api: &str, visit: &Visit<'_>) -> String {
    let test = format!(
        "const API = {api};\n\
         const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));\n\
         async function test() {{\n{script}\n}}\n\
         const settled = test().then(\n\
           value => ({{ ok: true, value: value === undefined ? null : value }}),\n\
           error => ({{ ok: false, error: String(error) }}),\n\
         );\n",
        api = js_string(api),
        script = visit.script,
    );
    let axios = if visit.axios {
        r#"<script src="/axios.min.js"></script>"#
    } else {
        ""
    };
    let run = if visit.sandboxed {
        // The frame's origin is opaque: it hands its outcome to the page, which reports it.
        // (An `srcdoc` frame resolves URLs against its parent's, so `/axios.min.js` works.)
        let frame = format!(
            "{axios}<script>{test}settled.then(outcome => parent.postMessage(outcome, '*'));</script>"
        );
        format!(
            "addEventListener('message', event => report(event.data));\n\
             const frame = document.createElement('iframe');\n\
             frame.setAttribute('sandbox', 'allow-scripts');\n\
             frame.srcdoc = {frame};\n\
             document.body.append(frame);\n",
            frame = js_string(&frame),
        )
    } else {
        format!("{test}settled.then(report);\n")
    };
    let axios = if visit.sandboxed { "" } else { axios };
    format!(
        r#"<!doctype html>
<meta charset="utf-8">
<title>CORS browser test</title>
<body>
{axios}
<script>
function report(outcome) {{
  fetch('/report', {{ method: 'POST', body: JSON.stringify(outcome) }});
}}
{run}
</script>
"#
    )
}

/// The API the pages call: what each test needs.
fn api_router() -> Router {
    Router::new()
        .route("/json", get(json))
        .route(
            "/items",
            put(|| async { "stored" }).patch(|| async { "patched" }),
        )
        .route("/set-cookie", get(set_cookie))
        .route("/whoami", get(whoami))
        .route("/cached", get(cached))
        .route("/llm/v1/chat/completions", post(chat_completions))
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

/// A response any cache may keep for a minute.
async fn cached() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        r#"{"hello":"world"}"#,
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
/// when the page gets the response. Each test asserts that it agrees with the engines.
pub fn model(
    policy: &CorsPolicy,
    page_origin: &str,
    method: &str,
    headers: &[(&str, &str)],
    credentials: bool,
) -> Result<(), cors_check::browser::Failure> {
    model_with_tenants(policy, &[], page_origin, method, headers, credentials)
}

/// [`model`] for a layer whose resolver allows the origins of `tenants`: the policy's
/// answers to an origin decided as the layer decides it.
pub fn model_with_tenants(
    policy: &CorsPolicy,
    tenants: &[&str],
    page_origin: &str,
    method: &str,
    headers: &[(&str, &str)],
    credentials: bool,
) -> Result<(), cors_check::browser::Failure> {
    let page = model_request(page_origin, method, headers, credentials);
    let decide = |request: &HeaderMap| {
        let mut origin = policy.decide_origin(request);
        if let Some(asked) = origin.to_resolve() {
            let allowed = tenants.contains(&asked.as_str());
            origin.resolve(allowed);
        }
        origin
    };
    if page.needs_preflight() {
        let request = page.preflight_headers().expect("a browser's request");
        let answer = policy
            .preflight_with(&axum::http::Method::OPTIONS, &request, &decide(&request))
            .expect("a preflight");
        cors_check::browser::accepts_preflight(&page, &answer)?;
    }
    let mut response = HeaderMap::new();
    policy.apply_with(
        &decide(&page.actual_headers().expect("a browser's request")),
        &mut response,
    );
    cors_check::browser::cors_check(&page, &response)
}

/// The model's request for a call a test's script makes.
pub fn model_request(
    page_origin: &str,
    method: &str,
    headers: &[(&str, &str)],
    credentials: bool,
) -> cors_check::browser::BrowserRequest {
    use cors_check::browser::{self, BrowserRequest, Credentials};
    let list: Vec<(&str, &[u8])> = headers
        .iter()
        .map(|&(name, value)| (name, value.as_bytes()))
        .collect();
    BrowserRequest::new(page_origin, browser::normalize_method(method.as_bytes()))
        .with_header_list(&list)
        .with_credentials(if credentials {
            Credentials::Include
        } else {
            Credentials::Omit
        })
}
