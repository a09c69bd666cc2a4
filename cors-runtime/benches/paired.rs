//! The loaded policy against the macro-built one, in wall-clock time, for every case of
//! the benchmark (`cases.rs`), measured so that the machine's drift cancels: the two are
//! timed in alternating slices of a few thousand requests, and what is reported is the
//! median, over many slices, of each slice's ratio to the slice of the other just before.
//!
//! ```text
//! cargo bench -p cors-runtime --features load --bench paired
//! ```

// Only the cases' requests and policies are used here, not their other parts.
#[allow(dead_code)]
mod cases;

use std::time::Instant;

use cors_runtime::CorsPolicy;

const REQUESTS_PER_SLICE: u32 = 4_000;
const PAIRS: usize = 301;

/// Nanoseconds per request, over one slice.
fn slice(case: &cases::Case, policy: &CorsPolicy) -> f64 {
    let start = Instant::now();
    for _ in 0..REQUESTS_PER_SLICE {
        cases::answer(case, policy);
    }
    start.elapsed().as_nanos() as f64 / f64::from(REQUESTS_PER_SLICE)
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
}

fn main() {
    // `cargo bench` passes `--bench`; this binary takes no other argument.
    println!("| case | built, ns | loaded, ns | loaded / built: median of {PAIRS} pairs | 10th–90th percentile |");
    println!("|---|---:|---:|---:|---|");
    for case in cases::cases() {
        let (built, loaded) = (case.policy, case.loaded);
        // Warm both: their preflight answers, caches, branch predictors.
        slice(&case, built);
        slice(&case, loaded);
        let mut ratios = Vec::with_capacity(PAIRS);
        let (mut built_times, mut loaded_times) = (Vec::new(), Vec::new());
        for pair in 0..PAIRS {
            // Which goes first alternates, so that neither always follows the other.
            let (b, l) = if pair % 2 == 0 {
                let b = slice(&case, built);
                (b, slice(&case, loaded))
            } else {
                let l = slice(&case, loaded);
                (slice(&case, built), l)
            };
            ratios.push(l / b);
            built_times.push(b);
            loaded_times.push(l);
        }
        for values in [&mut ratios, &mut built_times, &mut loaded_times] {
            values.sort_by(f64::total_cmp);
        }
        println!(
            "| {} | {:.0} | {:.0} | {:.3} | {:.3}–{:.3} |",
            case.name,
            percentile(&built_times, 0.5),
            percentile(&loaded_times, 0.5),
            percentile(&ratios, 0.5),
            percentile(&ratios, 0.1),
            percentile(&ratios, 0.9),
        );
    }
}
