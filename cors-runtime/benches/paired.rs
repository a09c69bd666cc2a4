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
mod pairing;

use std::time::Instant;

use cases::Case;
use pairing::{compare, header, Side, Tower, REQUESTS_PER_SLICE};
use tower::Layer;

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
