//! A load test of a real server: axum on loopback, four times over, driven in the same
//! run by a hyper client in the same process.
//!
//! ```text
//! cargo bench -p cors-runtime --features load --bench load
//! ```
//!
//! The four servers are one axum `Router` whose only handler answers `200` with an empty
//! body, served by `axum::serve` on `127.0.0.1` (port 0):
//! - `bare`: no CORS at all;
//! - `ours`: behind this crate's `CorsLayer`, with the macro-built policy of the benchmark
//!   (`cases.rs`, `policy.toml`);
//! - `tower-http`: behind tower-http's `CorsLayer` configured the same (`cases::tower_http`);
//! - `floor`: behind a layer that answers with the same prebuilt headers and statuses as
//!   ours, with no matching: it reads which answer to give from the request's path (every
//!   server is sent the same paths, `/0` to `/7`), as the floor service of `cors.rs` is told
//!   its case. It is the cost of sending this crate's answers at all.
//!
//! Each server gets 64 keep-alive HTTP/1.1 connections (hyper's client connection, over
//! tokio, on one two-worker runtime shared with the servers) and a fixed mix of requests,
//! in a shuffled cycle of 1,000: allowed preflights, preflights from a refused origin,
//! `GET`s from an allowed origin and from another, `GET`s without `Origin`, and hostile
//! preflights whose `Access-Control-Request-Headers` is as large as hyper accepts (one
//! value of 400 KiB, close to hyper's 408 KiB buffer for a request's head; 97 lines, with
//! `Host`, `Origin` and `Access-Control-Request-Method` hyper's 100 headers) or past it (128
//! lines, which hyper answers itself with `431` and closes the connection: the client
//! opens another). Every response is checked: its status, and whether
//! `Access-Control-Allow-Origin` is absent or equal to the origin, as the policy says for
//! ours and the floor, as tower-http answers for tower-http (it answers every preflight
//! `200` and does not read the requested headers), and no CORS header at all for bare.
//!
//! This machine's speed drifts by tens of percent within seconds, so the servers are not
//! run one after the other: each round gives every server one slice of 10,000 requests
//! (the order rotating from round to round), and what compares two servers is the median,
//! over rounds, of the ratio of their requests per second in the same round. Two passes of
//! 50 rounds follow one warm-up round; the process's resident memory (`VmRSS`) is read
//! before the first pass and after each, so that the second shows whether it grows with
//! the number of requests. Latencies (from sending a request to its response's end) go to
//! fixed histograms, so that measuring allocates nothing per request.
//!
//! It exits with status 1 if any request failed or was answered wrongly, or if memory
//! grew over the second pass by more than 32 bytes per request; a watchdog ends it after
//! four and a half minutes. Nothing is sent anywhere but to 127.0.0.1.

// Only the policy, tower-http's configuration and the floor's headers are used here.
#[allow(dead_code)]
mod cases;

use std::future::{poll_fn, Future};
use std::net::SocketAddr;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use bytes::Bytes;
use cases::insert_answer;
use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, HOST, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri};
use hyper::body::Body as _;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use pin_project_lite::pin_project;
use tokio::net::{TcpListener, TcpStream};
use tower::{Layer, Service};

const CONNECTIONS: usize = 64;
const REQUESTS_PER_SLICE: usize = 10_000;
const ROUNDS_PER_PASS: usize = 50;
const PASSES: usize = 2;
/// How much the second pass may add to the resident memory, per request it sends: less
/// than the smallest allocation glibc's malloc makes, so a leak of anything per request
/// fails, while the churn of the 400 KiB read buffers that hostile requests make hyper
/// grow (up to 512 of them, one a connection on each side) does not.
const MAX_GROWTH_BYTES_PER_REQUEST: f64 = 32.0;
const WATCHDOG: Duration = Duration::from_secs(270);

const ALLOWED: &str = "https://app.example.com";
const REFUSED: &str = "https://evil.example";
/// One `Access-Control-Request-Headers` value, close to hyper's limit for a whole head
/// (`8192 + 4096 * 100` bytes).
const HUGE_VALUE_BYTES: usize = 400 * 1024;
/// With `Host`, `Origin` and `Access-Control-Request-Method`, hyper's 100 headers.
const MOST_LINES: usize = 97;
/// More lines than hyper parses: it answers `431` itself.
const TOO_MANY_LINES: usize = 128;

/// The kinds of request, in the order of their paths (`/0` to `/7`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    PreflightAllowed,
    PreflightRefusedOrigin,
    GetAllowedOrigin,
    GetOtherOrigin,
    GetWithoutOrigin,
    PreflightHugeValue,
    PreflightMostLines,
    PreflightTooManyLines,
}

const KINDS: [Kind; 8] = [
    Kind::PreflightAllowed,
    Kind::PreflightRefusedOrigin,
    Kind::GetAllowedOrigin,
    Kind::GetOtherOrigin,
    Kind::GetWithoutOrigin,
    Kind::PreflightHugeValue,
    Kind::PreflightMostLines,
    Kind::PreflightTooManyLines,
];

/// How many of each kind in a cycle of 1,000 requests, in the order of `KINDS`.
const MIX: [usize; 8] = [200, 150, 300, 150, 190, 4, 5, 1];
const CYCLE: usize = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Server {
    Bare,
    Ours,
    TowerHttp,
    Floor,
}

const SERVERS: [Server; 4] = [Server::Bare, Server::Ours, Server::TowerHttp, Server::Floor];

impl Server {
    fn name(self) -> &'static str {
        match self {
            Server::Bare => "bare",
            Server::Ours => "ours",
            Server::TowerHttp => "tower-http",
            Server::Floor => "floor",
        }
    }
}

/// What `Access-Control-Allow-Origin` must be.
#[derive(Clone, Copy, Debug)]
enum Acao {
    Absent,
    Equal(&'static str),
}

/// The right answer of `server` to a request of `kind`.
fn expected(server: Server, kind: Kind) -> (StatusCode, Acao) {
    use Kind::*;
    let ok = StatusCode::OK;
    match (server, kind) {
        (_, PreflightTooManyLines) => (StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, Acao::Absent),
        (_, GetOtherOrigin | GetWithoutOrigin) => (ok, Acao::Absent),
        (_, GetAllowedOrigin) if server != Server::Bare => (ok, Acao::Equal(ALLOWED)),
        (Server::Bare, _) => (ok, Acao::Absent),
        (Server::Ours | Server::Floor, PreflightAllowed) => {
            (StatusCode::NO_CONTENT, Acao::Equal(ALLOWED))
        }
        (Server::Ours | Server::Floor, _) => (StatusCode::FORBIDDEN, Acao::Absent),
        // tower-http answers every preflight 200, and allows it from an allowed origin
        // whatever headers it asks for.
        (Server::TowerHttp, PreflightRefusedOrigin) => (ok, Acao::Absent),
        (Server::TowerHttp, _) => (ok, Acao::Equal(ALLOWED)),
    }
}

fn is_right(server: Server, kind: Kind, response: &Response<hyper::body::Incoming>) -> bool {
    let (status, acao) = expected(server, kind);
    let headers = response.headers();
    let acao_right = match acao {
        Acao::Absent => !headers.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
        Acao::Equal(origin) => {
            headers.get_all(ACCESS_CONTROL_ALLOW_ORIGIN).iter().count() == 1
                && headers[ACCESS_CONTROL_ALLOW_ORIGIN] == origin
        }
    };
    let clean = server != Server::Bare
        || !headers
            .keys()
            .any(|name| name.as_str().starts_with("access-control-") || name == VARY);
    response.status() == status && acao_right && clean
}

/// A request of each kind, its header values slices of shared buffers so that a clone for
/// each request copies no bytes.
fn templates() -> Vec<(Method, Uri, HeaderMap)> {
    let shared = |value: &[u8]| HeaderValue::from_maybe_shared(Bytes::copy_from_slice(value));
    let preflight = |origin: &str| {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_static("127.0.0.1"));
        headers.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
        headers.insert(
            ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PUT"),
        );
        headers
    };
    let names = "x-request-id,".repeat(HUGE_VALUE_BYTES / "x-request-id,".len());
    KINDS
        .iter()
        .enumerate()
        .map(|(index, kind)| {
            let mut headers;
            let method = match kind {
                Kind::GetAllowedOrigin | Kind::GetOtherOrigin | Kind::GetWithoutOrigin => {
                    headers = HeaderMap::new();
                    headers.insert(HOST, HeaderValue::from_static("127.0.0.1"));
                    match kind {
                        Kind::GetAllowedOrigin => {
                            headers.insert(ORIGIN, HeaderValue::from_static(ALLOWED));
                        }
                        Kind::GetOtherOrigin => {
                            headers.insert(ORIGIN, HeaderValue::from_static(REFUSED));
                        }
                        _ => {}
                    }
                    Method::GET
                }
                _ => {
                    let origin = match kind {
                        Kind::PreflightRefusedOrigin => REFUSED,
                        _ => ALLOWED,
                    };
                    headers = preflight(origin);
                    match kind {
                        Kind::PreflightAllowed | Kind::PreflightRefusedOrigin => {
                            headers.insert(
                                ACCESS_CONTROL_REQUEST_HEADERS,
                                HeaderValue::from_static("authorization,content-type"),
                            );
                        }
                        Kind::PreflightHugeValue => {
                            headers.insert(
                                ACCESS_CONTROL_REQUEST_HEADERS,
                                shared(names.as_bytes()).unwrap(),
                            );
                        }
                        _ => {
                            let lines = if *kind == Kind::PreflightMostLines {
                                MOST_LINES
                            } else {
                                TOO_MANY_LINES
                            };
                            let line = shared(b"x-request-id").unwrap();
                            for _ in 0..lines {
                                headers.append(ACCESS_CONTROL_REQUEST_HEADERS, line.clone());
                            }
                        }
                    }
                    Method::OPTIONS
                }
            };
            let uri = Uri::try_from(format!("/{index}")).unwrap();
            (method, uri, headers)
        })
        .collect()
}

/// The cycle of kinds: `MIX[k]` of kind `k`, shuffled by a fixed xorshift.
fn cycle() -> Vec<Kind> {
    let mut kinds: Vec<Kind> = KINDS
        .iter()
        .zip(MIX)
        .flat_map(|(&kind, count)| std::iter::repeat_n(kind, count))
        .collect();
    assert_eq!(kinds.len(), CYCLE);
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..kinds.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        kinds.swap(i, (state % (i as u64 + 1)) as usize);
    }
    kinds
}

/// The headers of one answer, as `cases.rs` writes them for its floor rows.
type Headers = &'static [(HeaderName, &'static str)];

/// By kind (the request's path): the status of a preflight's answer, or `None` for a
/// request the service answers, and the headers.
type FloorAnswers = [(Option<StatusCode>, Headers); 8];

/// The floor: the answers this crate sends, prebuilt, without matching anything. A
/// preflight is answered without calling the service, as ours answers it; any other
/// request gets the headers added to the service's response.
#[derive(Clone, Copy)]
struct FloorLayer {
    answers: &'static FloorAnswers,
}

#[derive(Clone, Copy)]
struct Floor<S> {
    inner: S,
    answers: &'static FloorAnswers,
}

impl<S> Layer<S> for FloorLayer {
    type Service = Floor<S>;

    fn layer(&self, inner: S) -> Floor<S> {
        Floor {
            inner,
            answers: self.answers,
        }
    }
}

impl<S, B, ResBody> Service<Request<B>> for Floor<S>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = FloorFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let kind = request
            .uri()
            .path()
            .as_bytes()
            .get(1)
            .map_or(0, |b| b - b'0');
        let (status, answer) = self.answers[usize::from(kind) % 8];
        match status {
            Some(status) => {
                let mut response = Response::new(ResBody::default());
                *response.status_mut() = status;
                response.headers_mut().reserve(answer.len());
                insert_answer(answer, response.headers_mut());
                FloorFuture {
                    inner: None,
                    answered: Some(response),
                    answer,
                }
            }
            None => FloorFuture {
                inner: Some(self.inner.call(request)),
                answered: None,
                answer,
            },
        }
    }
}

pin_project! {
    struct FloorFuture<F, ResBody> {
        #[pin]
        inner: Option<F>,
        answered: Option<Response<ResBody>>,
        answer: Headers,
    }
}

impl<F, ResBody, E> Future for FloorFuture<F, ResBody>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Some(response) = this.answered.take() {
            return Poll::Ready(Ok(response));
        }
        let future = this.inner.as_pin_mut().expect("polled after it completed");
        let mut response = ready!(future.poll(cx))?;
        response.headers_mut().reserve(this.answer.len());
        insert_answer(this.answer, response.headers_mut());
        Poll::Ready(Ok(response))
    }
}

/// Latencies in a fixed log-linear histogram: exact below 128 ns, then 64 buckets per
/// power of two (about 1.6% wide).
struct Histogram {
    buckets: Vec<AtomicU64>,
}

const BUCKETS: usize = 128 + 57 * 64;

impl Histogram {
    fn new() -> Histogram {
        Histogram {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn index(nanos: u64) -> usize {
        if nanos < 128 {
            return nanos as usize;
        }
        let top = 63 - u64::from(nanos.leading_zeros());
        let sub = (nanos >> (top - 6)) & 63;
        128 + (top as usize - 7) * 64 + sub as usize
    }

    /// The middle of a bucket, in nanoseconds.
    fn value(index: usize) -> f64 {
        if index < 128 {
            return index as f64;
        }
        let (top, sub) = ((index - 128) / 64 + 7, (index - 128) % 64);
        let low = ((64 + sub) as u64) << (top - 6);
        low as f64 + (1u64 << (top - 6)) as f64 / 2.0
    }

    fn record(&self, elapsed: Duration) {
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.buckets[Self::index(nanos)].fetch_add(1, Ordering::Relaxed);
    }

    fn clear(&self) {
        for bucket in &self.buckets {
            bucket.store(0, Ordering::Relaxed);
        }
    }

    /// The latency below which `fraction` of the recorded ones are, in microseconds.
    fn percentile(&self, fraction: f64) -> f64 {
        let counts: Vec<u64> = self
            .buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        let rank = (total as f64 * fraction).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (index, count) in counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return Self::value(index) / 1_000.0;
            }
        }
        f64::NAN
    }
}

/// What the client keeps for one server.
struct Target {
    server: Server,
    address: SocketAddr,
    connections: Vec<Option<SendRequest<String>>>,
    latencies: Arc<Histogram>,
    answered: Arc<AtomicU64>,
    errors: Arc<AtomicU64>,
    wrong: Arc<AtomicU64>,
}

async fn connect(address: SocketAddr) -> Option<SendRequest<String>> {
    let stream = TcpStream::connect(address).await.ok()?;
    stream.set_nodelay(true).ok()?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .ok()?;
    tokio::spawn(connection);
    Some(sender)
}

async fn start(server: Server) -> SocketAddr {
    let case = &cases::cases()[0];
    let router = Router::new().fallback(|| async {});
    let router = match server {
        Server::Bare => router,
        Server::Ours => router.layer(case.policy.layer()),
        Server::TowerHttp => router.layer(cases::tower_http((case.theirs)())),
        Server::Floor => router.layer(FloorLayer {
            answers: floor_answers(),
        }),
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

/// The floor's answers by kind: the statuses and headers ours sends (the headers as
/// `cases.rs` writes them for its floor rows).
fn floor_answers() -> &'static FloorAnswers {
    let cases = cases::cases();
    let (allowed_preflight, vary_only, actual) =
        (cases[0].answer, cases[1].answer, cases[2].answer);
    let refused = (Some(StatusCode::FORBIDDEN), vary_only);
    Box::leak(Box::new([
        (Some(StatusCode::NO_CONTENT), allowed_preflight),
        refused,
        (None, actual),
        (None, vary_only),
        (None, vary_only),
        refused,
        refused,
        refused,
    ]))
}

/// One slice: `REQUESTS_PER_SLICE` requests (ten cycles of the mix) over the target's
/// connections; returns its requests per second.
async fn slice(
    target: &mut Target,
    templates: &Arc<Vec<(Method, Uri, HeaderMap)>>,
    kinds: &Arc<Vec<Kind>>,
    measured: bool,
) -> f64 {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = target
        .connections
        .iter_mut()
        .map(|connection| {
            let mut connection = connection.take();
            let (next, templates, kinds) = (next.clone(), templates.clone(), kinds.clone());
            let (server, address) = (target.server, target.address);
            let latencies = target.latencies.clone();
            let (answered, errors, wrong) = (
                target.answered.clone(),
                target.errors.clone(),
                target.wrong.clone(),
            );
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= REQUESTS_PER_SLICE {
                        return connection;
                    }
                    let kind = kinds[n % CYCLE];
                    let (method, uri, headers) = &templates[kind as usize];
                    let mut request = Request::new(String::new());
                    *request.method_mut() = method.clone();
                    *request.uri_mut() = uri.clone();
                    *request.headers_mut() = headers.clone();
                    let sent = Instant::now();
                    let right = match send(&mut connection, address, request).await {
                        Some(response) => {
                            let right = is_right(server, kind, &response);
                            if drain(response.into_body()).await {
                                Some(right)
                            } else {
                                None
                            }
                        }
                        None => None,
                    };
                    if measured {
                        latencies.record(sent.elapsed());
                    }
                    match right {
                        Some(true) => answered.fetch_add(1, Ordering::Relaxed),
                        Some(false) => wrong.fetch_add(1, Ordering::Relaxed),
                        None => errors.fetch_add(1, Ordering::Relaxed),
                    };
                    // hyper closes a connection after its 431; any failure, too.
                    if right.is_none() || kind == Kind::PreflightTooManyLines {
                        connection = None;
                    }
                }
            })
        })
        .collect();
    for (slot, task) in target.connections.iter_mut().zip(tasks) {
        *slot = task.await.unwrap();
    }
    REQUESTS_PER_SLICE as f64 / start.elapsed().as_secs_f64()
}

/// Sends one request on the connection, opening one first if it has none (or its last
/// was closed); `None` if that or the request failed.
async fn send(
    connection: &mut Option<SendRequest<String>>,
    address: SocketAddr,
    request: Request<String>,
) -> Option<Response<hyper::body::Incoming>> {
    if connection.as_ref().is_none_or(|c| c.is_closed()) {
        *connection = connect(address).await;
    }
    let sender = connection.as_mut()?;
    sender.ready().await.ok()?;
    sender.send_request(request).await.ok()
}

/// Reads a response's body to its end; false if that failed.
async fn drain(mut body: hyper::body::Incoming) -> bool {
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        if frame.is_err() {
            return false;
        }
    }
    true
}

/// The process's resident memory, in KiB.
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; this binary takes no other argument.
    std::thread::spawn(|| {
        std::thread::sleep(WATCHDOG);
        eprintln!("the load test did not finish in {WATCHDOG:?}: stopped");
        std::process::exit(2);
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .unwrap();
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    let began = Instant::now();
    let templates = Arc::new(templates());
    let kinds = Arc::new(cycle());
    let mut targets = Vec::new();
    for server in SERVERS {
        let address = start(server).await;
        let mut connections = Vec::new();
        for _ in 0..CONNECTIONS {
            connections.push(connect(address).await);
        }
        targets.push(Target {
            server,
            address,
            connections,
            latencies: Arc::new(Histogram::new()),
            answered: Arc::new(AtomicU64::new(0)),
            errors: Arc::new(AtomicU64::new(0)),
            wrong: Arc::new(AtomicU64::new(0)),
        });
    }
    // One warm-up round, checked but not timed.
    for target in &mut targets {
        slice(target, &templates, &kinds, false).await;
    }
    let rss_before = resident_kib();
    let mut rss_after = Vec::new();
    // rates[round][server]: requests per second.
    let mut rates: Vec<[f64; 4]> = Vec::new();
    for pass in 0..PASSES {
        for round in 0..ROUNDS_PER_PASS {
            let number = pass * ROUNDS_PER_PASS + round;
            let mut rate = [0.0; 4];
            for offset in 0..SERVERS.len() {
                let index = (number + offset) % SERVERS.len();
                rate[index] = slice(&mut targets[index], &templates, &kinds, true).await;
            }
            rates.push(rate);
        }
        rss_after.push(resident_kib());
    }
    let elapsed = began.elapsed();
    report(&targets, &rates, rss_before, &rss_after, elapsed)
}

fn report(
    targets: &[Target],
    rates: &[[f64; 4]],
    rss_before: u64,
    rss_after: &[u64],
    elapsed: Duration,
) -> ExitCode {
    let (bare, ours, floor) = (0, 1, 3);
    let ratios = |a: usize, b: usize| -> Vec<f64> {
        let mut r: Vec<f64> = rates.iter().map(|rate| rate[a] / rate[b]).collect();
        r.sort_by(f64::total_cmp);
        r
    };
    let measured = rates.len() * REQUESTS_PER_SLICE;
    println!(
        "{} rounds of {REQUESTS_PER_SLICE} requests per server ({measured} per server, {} in all, after one warm-up round), {CONNECTIONS} connections per server, in {:.0} s",
        rates.len(),
        measured * SERVERS.len(),
        elapsed.as_secs_f64()
    );
    println!();
    println!("| server | requests/s (median of rounds) | / bare (median of rounds) | p50 µs | p99 µs | p999 µs | requests checked | errors | wrong answers |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    for (index, target) in targets.iter().enumerate() {
        let mut own: Vec<f64> = rates.iter().map(|rate| rate[index]).collect();
        let mut to_bare = ratios(index, bare);
        let (errors, wrong) = (
            target.errors.load(Ordering::Relaxed),
            target.wrong.load(Ordering::Relaxed),
        );
        if errors + wrong > 0 {
            println!(
                "FAILED: {} had {errors} errors and {wrong} wrong answers",
                target.server.name()
            );
            failed = true;
        }
        println!(
            "| {} | {:.0} | {:.3} | {:.0} | {:.0} | {:.0} | {} | {errors} | {wrong} |",
            target.server.name(),
            median(&mut own),
            median(&mut to_bare),
            target.latencies.percentile(0.5),
            target.latencies.percentile(0.99),
            target.latencies.percentile(0.999),
            target.answered.load(Ordering::Relaxed) + errors + wrong,
        );
        target.latencies.clear();
    }
    println!();
    println!("| paired ratio of requests/s | median of rounds | 10th–90th percentile |");
    println!("|---|---:|---:|");
    for (name, a, b) in [
        ("ours / floor", ours, floor),
        ("ours / bare", ours, bare),
        ("tower-http / bare", 2, bare),
        ("floor / bare", floor, bare),
        ("ours / tower-http", ours, 2),
    ] {
        let r = ratios(a, b);
        println!(
            "| {name} | {:.3} | {:.3}–{:.3} |",
            percentile(&r, 0.5),
            percentile(&r, 0.1),
            percentile(&r, 0.9)
        );
    }
    println!();
    let mib = |kib: u64| kib as f64 / 1024.0;
    let after: Vec<String> = rss_after
        .iter()
        .enumerate()
        .map(|(pass, kib)| format!("{:.1} MiB after pass {}", mib(*kib), pass + 1))
        .collect();
    println!(
        "resident memory (VmRSS): {:.1} MiB before, {}",
        mib(rss_before),
        after.join(", ")
    );
    let growth = rss_after[rss_after.len() - 1].saturating_sub(rss_after[0]);
    let per_request = (growth * 1024) as f64 / (measured * SERVERS.len() / PASSES) as f64;
    println!("growth over the second pass: {per_request:.1} bytes per request");
    if per_request > MAX_GROWTH_BYTES_PER_REQUEST {
        println!(
            "FAILED: memory grew by {:.1} MiB over the second pass",
            mib(growth)
        );
        failed = true;
    }
    if failed {
        println!("FAILED");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
