//! Two ways of answering the same requests, timed in alternating slices so that the
//! machine's drift cancels: what is reported is the median, over many pairs of slices, of
//! each pair's ratio. Shared by `paired.rs` and `resolver.rs`.

use std::convert::Infallible;
use std::future::poll_fn;
use std::time::{Duration, Instant};

use http::{Request, Response};
use tower::Service;

use crate::cases::{self, Case};

pub const REQUESTS_PER_SLICE: usize = 4_000;
pub const PAIRS: usize = 301;

/// A way of answering a case's requests, timed a slice at a time.
pub trait Side {
    /// Nanoseconds per request, over one slice.
    fn slice(&mut self, case: &Case) -> f64;
}

/// One call on a ready service per request; the requests are built before the timing,
/// `batch` at a time: 32 stay in the cache, 4,000 (the whole slice) do not.
pub struct Tower<S> {
    pub service: S,
    pub batch: usize,
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
pub fn compare(case: &Case, measured: &mut dyn Side, baseline: &mut dyn Side) {
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

pub fn header(baseline: &str, measured: &str) {
    println!();
    println!(
        "| case | {baseline}, ns | {measured}, ns | {measured} / {baseline}: median of {PAIRS} pairs | 10th–90th percentile |"
    );
    println!("|---|---:|---:|---:|---|");
}
