//! What an origin resolver costs through the layer (SPEC §9.7), in paired wall-clock time
//! (`pairing.rs`; requests built 32 at a time, fresh from the parser):
//!
//! - a listed origin's request with a resolver configured, against the same layer without
//!   one (target ≤ 1.05×): the resolver and its cache are never touched;
//! - an origin the resolver allowed, answered from `allow_origin_async`'s cache, against a
//!   listed origin's request (target ≤ 1.5×);
//! - listed origins' requests while a flood of distinct unknown origins passes through
//!   the same layer, against the same requests without the flood (target ≤ 1.5×), and
//!   what each origin of the flood costs; every one is asked of the resolver exactly once.
//!
//! ```text
//! cargo bench -p cors-runtime --features allow-origin-async,load --bench resolver
//! ```
//!
//! With `count SIDE CASE REQUESTS` it times nothing and makes that many calls, for
//! callgrind to count their instructions (`resolver_instructions.sh`): `SIDE` is
//! `no-resolver`, `allow_origin_async`, `allow_origin_if` (the case's own, listed origin)
//! or `resolver-allowed` (the same request from an origin the async resolver allowed), and
//! `CASE` `preflight` or `get`.

// Only some of the cases' parts are used here.
#[allow(dead_code)]
mod cases;
mod pairing;

use std::convert::Infallible;
use std::future::poll_fn;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cases::Case;
use cors_runtime::{CorsLayer, Origin};
use http::header::ORIGIN;
use http::{Request, Response};
use pairing::{compare, header, Side, Tower, REQUESTS_PER_SLICE};
use tower::{Layer, Service};

/// The origin the resolver allows; no policy of the cases lists it.
const TENANT: &str = "https://shop.tenant.example";
const BATCH: usize = 32;

static LOOKUPS: AtomicU64 = AtomicU64::new(0);

/// The resolver of every row: a lookup that answers at once, so that what is measured is
/// the layer and its cache, not a database.
async fn is_tenant(origin: Origin) -> Result<bool, Infallible> {
    LOOKUPS.fetch_add(1, Ordering::Relaxed);
    Ok(origin.as_str() == TENANT)
}

fn with_async_resolver(
    case: &Case,
) -> impl Service<Request<()>, Response = Response<()>, Error = Infallible> {
    CorsLayer::new(case.policy)
        .allow_origin_async(is_tenant)
        .expect("the cases' policies list their origins")
        .layer(cases::bare())
}

fn with_sync_resolver(
    case: &Case,
) -> impl Service<Request<()>, Response = Response<()>, Error = Infallible> {
    CorsLayer::new(case.policy)
        .allow_origin_if(|origin: &Origin| origin.as_str() == TENANT)
        .expect("the cases' policies list their origins")
        .layer(cases::bare())
}

fn without_resolver(
    case: &Case,
) -> impl Service<Request<()>, Response = Response<()>, Error = Infallible> {
    case.policy.layer().layer(cases::bare())
}

/// `case` from `origin` instead.
fn from_origin(case: &Case, name: &'static str, origin: &str) -> Case {
    let mut case = case.clone();
    case.name = name;
    case.headers
        .insert(ORIGIN, cases::shared(origin.as_bytes()));
    case
}

/// The case's requests, timed, each after a request from an origin never seen before
/// (untimed): what the flood does to everyone else's requests.
struct UnderFlood<S> {
    service: S,
    flood: Flood,
}

/// Requests from distinct unknown origins, built outside the timing.
struct Flood {
    next: u64,
}

impl Flood {
    fn requests(&mut self, case: &Case, count: usize) -> Vec<Request<()>> {
        (0..count)
            .map(|_| {
                self.next += 1;
                let origin = format!("https://t{}.flood.example", self.next);
                let mut request = cases::request(case);
                request
                    .headers_mut()
                    .insert(ORIGIN, cases::shared(origin.as_bytes()));
                request
            })
            .collect()
    }
}

fn call<S>(service: &mut S, request: Request<()>)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    cases::now(poll_fn(|context| service.poll_ready(context))).unwrap();
    drop(cases::now(service.call(request)).unwrap());
}

impl<S> Side for UnderFlood<S>
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    fn slice(&mut self, case: &Case) -> f64 {
        let mut elapsed = Duration::ZERO;
        for _ in 0..REQUESTS_PER_SLICE / BATCH {
            for request in self.flood.requests(case, BATCH) {
                call(&mut self.service, request);
            }
            let requests: Vec<Request<()>> = (0..BATCH).map(|_| cases::request(case)).collect();
            let start = Instant::now();
            for request in requests {
                call(&mut self.service, request);
            }
            elapsed += start.elapsed();
        }
        elapsed.as_nanos() as f64 / REQUESTS_PER_SLICE as f64
    }
}

/// The flood's own requests, timed: each from an origin never seen before, so each asks
/// the resolver and is cached refused.
struct Flooding<S> {
    service: S,
    flood: Flood,
}

impl<S> Side for Flooding<S>
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    fn slice(&mut self, case: &Case) -> f64 {
        let mut elapsed = Duration::ZERO;
        for _ in 0..REQUESTS_PER_SLICE / BATCH {
            let requests = self.flood.requests(case, BATCH);
            let start = Instant::now();
            for request in requests {
                call(&mut self.service, request);
            }
            elapsed += start.elapsed();
        }
        elapsed.as_nanos() as f64 / REQUESTS_PER_SLICE as f64
    }
}

/// `count SIDE CASE REQUESTS`: see the module's documentation.
fn count(arguments: &[String]) {
    let usage = "usage: resolver count no-resolver|allow_origin_async|allow_origin_if|resolver-allowed preflight|get REQUESTS";
    let [side, case, requests] = arguments else {
        panic!("{usage}");
    };
    let name = match case.as_str() {
        "preflight" => "preflight allowed",
        "get" => "GET allowed origin",
        _ => panic!("{usage}"),
    };
    let all = cases::cases();
    let listed = all.iter().find(|case| case.name == name).unwrap();
    let tenant = from_origin(listed, name, TENANT);
    let requests: usize = requests.parse().expect(usage);
    match side.as_str() {
        "no-resolver" => calls(listed, without_resolver(listed), requests),
        "allow_origin_async" => calls(listed, with_async_resolver(listed), requests),
        "allow_origin_if" => calls(listed, with_sync_resolver(listed), requests),
        "resolver-allowed" => {
            let mut service = with_async_resolver(&tenant);
            // Asked once, before the requests counted.
            call(&mut service, cases::request(&tenant));
            calls(&tenant, service, requests);
        }
        _ => panic!("{usage}"),
    }
}

fn calls<S>(case: &Case, mut service: S, requests: usize)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    for _ in 0..requests {
        call(&mut service, cases::request(std::hint::black_box(case)));
    }
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    // The async form's lookups run under a timeout, which needs tokio's timer; every
    // lookup here answers at once, so nothing is ever driven by it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime");
    let _entered = runtime.enter();
    if arguments.first().map(String::as_str) == Some("count") {
        return count(&arguments[1..]);
    }

    let all = cases::cases();
    let case = |name: &str| all.iter().find(|case| case.name == name).unwrap().clone();
    let listed = [
        case("preflight allowed"),
        case("GET allowed origin"),
        case("GET, 1000 origins, the last asking"),
        case("GET, pattern, three-label subdomain"),
    ];

    println!("A listed origin, with a resolver configured and without (target ≤ 1.05):");
    // Control: two layers alike, to show what the pairing reads where nothing differs.
    against_no_resolver(&listed, "no resolver", without_resolver);
    against_no_resolver(&listed, "allow_origin_async", with_async_resolver);
    against_no_resolver(&listed, "allow_origin_if", with_sync_resolver);
    let lookups = LOOKUPS.swap(0, Ordering::Relaxed);
    println!("\nresolver lookups for listed origins: {lookups}");
    assert_eq!(lookups, 0, "a listed origin reached the resolver");

    println!(
        "\nAn origin the resolver allowed, from the cache, against a listed one (target ≤ 1.5):"
    );
    header("listed", "resolver-allowed");
    for (listed, name) in [
        (
            case("preflight allowed"),
            "preflight, resolver-allowed origin",
        ),
        (case("GET allowed origin"), "GET, resolver-allowed origin"),
    ] {
        let tenant = from_origin(&listed, name, TENANT);
        let mut allowed = Tower {
            service: with_async_resolver(&tenant),
            batch: BATCH,
        };
        let mut baseline = Tower {
            service: with_async_resolver(&listed),
            batch: BATCH,
        };
        // Both sides are timed on their own requests: the pair's ratio is theirs.
        compare_two(&tenant, &mut allowed, &listed, &mut baseline);
    }
    let lookups = LOOKUPS.swap(0, Ordering::Relaxed);
    println!("\nresolver lookups for the allowed origin: {lookups} (one per layer; the rest from the cache)");

    println!("\nA flood of distinct unknown origins through the same layer (target ≤ 1.5):");
    header("listed, no flood", "listed, under a flood");
    let get = case("GET allowed origin");
    compare(
        &get,
        &mut UnderFlood {
            service: with_async_resolver(&get),
            flood: Flood { next: 0 },
        },
        &mut Tower {
            service: with_async_resolver(&get),
            batch: BATCH,
        },
    );
    let flooded = LOOKUPS.swap(0, Ordering::Relaxed);
    header("a listed origin", "a new unknown origin");
    let unknown = from_origin(
        &get,
        "GET, a new unknown origin each",
        "https://t.flood.example",
    );
    let mut flooding = Flooding {
        service: with_async_resolver(&get),
        flood: Flood { next: 0 },
    };
    let mut baseline = Tower {
        service: with_async_resolver(&get),
        batch: BATCH,
    };
    compare_two(&unknown, &mut flooding, &get, &mut baseline);
    let sent = flooding.flood.next;
    let lookups = LOOKUPS.swap(0, Ordering::Relaxed);
    println!(
        "\nresolver lookups: {flooded} for the first flood, {lookups} for {sent} distinct unknown origins"
    );
    assert_eq!(lookups, sent, "each unknown origin is asked exactly once");
}

/// A table of `cases` through the layer `measured` makes, against the layer without a
/// resolver.
fn against_no_resolver<S>(cases: &[Case], name: &str, measured: impl Fn(&Case) -> S)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    header("no resolver", name);
    for case in cases {
        compare(
            case,
            &mut Tower {
                service: measured(case),
                batch: BATCH,
            },
            &mut Tower {
                service: without_resolver(case),
                batch: BATCH,
            },
        );
    }
}

/// [`compare`] where the two sides answer different requests.
fn compare_two(
    measured_case: &Case,
    measured: &mut dyn Side,
    baseline_case: &Case,
    baseline: &mut dyn Side,
) {
    struct Pinned<'s> {
        side: &'s mut dyn Side,
        case: &'s Case,
    }
    impl Side for Pinned<'_> {
        fn slice(&mut self, _: &Case) -> f64 {
            self.side.slice(self.case)
        }
    }
    compare(
        measured_case,
        &mut Pinned {
            side: measured,
            case: measured_case,
        },
        &mut Pinned {
            side: baseline,
            case: baseline_case,
        },
    );
}
