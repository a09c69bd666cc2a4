//! Wall-clock comparisons that must be read to a few percent, for every case of the
//! benchmark (`cases.rs`), measured so that the machine's drift cancels: the two sides are
//! timed in alternating slices of a few thousand requests, and what is reported is the
//! median, over many pairs of slices, of each pair's ratio. Three comparisons:
//!
//! - the loaded policy against the macro-built one (`http` API);
//! - the macro-built policy against the floor of an answer as a server writes it
//!   (`cases::floor_response`: `Response::new`, the status, the prebuilt headers inserted,
//!   nothing read from the request);
//! - the policy's layer around the bare service against the floor service, which answers
//!   with the same prebuilt headers and matches nothing (one call on a ready service
//!   each), twice: with each request built just before its call, in batches of 32, as a
//!   server calls its services on a request its parser has just written (in the cache);
//!   and with the slice's 4,000 requests built before it, so that each call reads a
//!   request long out of the cache.
//!
//! ```text
//! cargo bench -p cors-runtime --features load --bench paired
//! ```

// Only some of the cases' parts are used here.
#[allow(dead_code)]
mod cases;

use std::convert::Infallible;
use std::future::poll_fn;
use std::time::{Duration, Instant};

use cases::Case;
use http::{Request, Response};
use tower::{Layer, Service};

const REQUESTS_PER_SLICE: usize = 4_000;
const PAIRS: usize = 301;

/// A way of answering a case's requests, timed a slice at a time.
trait Side {
    /// Nanoseconds per request, over one slice.
    fn slice(&mut self, case: &Case) -> f64;
}

/// `preflight`, or `apply` to a fresh response map, of a policy.
struct Http(&'static cors_runtime::CorsPolicy);

impl Side for Http {
    fn slice(&mut self, case: &Case) -> f64 {
        let start = Instant::now();
        for _ in 0..REQUESTS_PER_SLICE {
            cases::answer(case, self.0);
        }
        start.elapsed().as_nanos() as f64 / REQUESTS_PER_SLICE as f64
    }
}

/// The floor of the `http` API: the answer built as a server writes it.
struct FloorResponse;

impl Side for FloorResponse {
    fn slice(&mut self, case: &Case) -> f64 {
        let start = Instant::now();
        for _ in 0..REQUESTS_PER_SLICE {
            drop(std::hint::black_box(cases::floor_response(
                std::hint::black_box(case),
            )));
        }
        start.elapsed().as_nanos() as f64 / REQUESTS_PER_SLICE as f64
    }
}

/// One call on a ready service per request; the requests are built before the timing,
/// `batch` at a time: 32 stay in the cache, 4,000 (the whole slice) do not.
struct Tower<S> {
    service: S,
    batch: usize,
}

impl<S> Side for Tower<S>
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    fn slice(&mut self, case: &Case) -> f64 {
        let mut elapsed = Duration::ZERO;
        for _ in 0..REQUESTS_PER_SLICE / self.batch {
            let requests: Vec<Request<()>> =
                (0..self.batch).map(|_| cases::request(case)).collect();
            let start = Instant::now();
            for request in requests {
                cases::now(poll_fn(|context| self.service.poll_ready(context))).unwrap();
                drop(cases::now(self.service.call(request)).unwrap());
            }
            elapsed += start.elapsed();
        }
        elapsed.as_nanos() as f64 / REQUESTS_PER_SLICE as f64
    }
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
}

/// Times `measured` against `baseline` in alternating slices, and prints a table row:
/// both medians, the median of the pairs' ratios and its 10th to 90th percentile.
fn compare(case: &Case, measured: &mut dyn Side, baseline: &mut dyn Side) {
    // Warm both: the policy's preflight answers, caches, branch predictors.
    measured.slice(case);
    baseline.slice(case);
    let mut ratios = Vec::with_capacity(PAIRS);
    let (mut measured_times, mut baseline_times) = (Vec::new(), Vec::new());
    for pair in 0..PAIRS {
        // Which goes first alternates, so that neither always follows the other.
        let (m, b) = if pair % 2 == 0 {
            let m = measured.slice(case);
            (m, baseline.slice(case))
        } else {
            let b = baseline.slice(case);
            (measured.slice(case), b)
        };
        ratios.push(m / b);
        measured_times.push(m);
        baseline_times.push(b);
    }
    for values in [&mut ratios, &mut measured_times, &mut baseline_times] {
        values.sort_by(f64::total_cmp);
    }
    println!(
        "| {} | {:.0} | {:.0} | {:.3} | {:.3}–{:.3} |",
        case.name,
        percentile(&baseline_times, 0.5),
        percentile(&measured_times, 0.5),
        percentile(&ratios, 0.5),
        percentile(&ratios, 0.1),
        percentile(&ratios, 0.9),
    );
}

fn header(baseline: &str, measured: &str) {
    println!();
    println!(
        "| case | {baseline}, ns | {measured}, ns | {measured} / {baseline}: median of {PAIRS} pairs | 10th–90th percentile |"
    );
    println!("|---|---:|---:|---:|---|");
}

fn main() {
    // `cargo bench` passes `--bench`; this binary takes no other argument.
    let cases = cases::cases();
    header("built", "loaded");
    for case in &cases {
        compare(case, &mut Http(case.loaded), &mut Http(case.policy));
    }
    header("floor-response/http", "ours/http");
    for case in &cases {
        compare(case, &mut Http(case.policy), &mut FloorResponse);
    }
    for (batch, title) in [
        (32, "requests fresh from the parser"),
        (REQUESTS_PER_SLICE, "requests out of the cache"),
    ] {
        println!();
        println!("Through the layer, {title} (built {batch} at a time):");
        header("floor/tower", "ours/tower");
        for case in &cases {
            compare(
                case,
                &mut Tower {
                    service: case.policy.layer().layer(cases::bare()),
                    batch,
                },
                &mut Tower {
                    service: cases::floor_service(case),
                    batch,
                },
            );
        }
    }
}
