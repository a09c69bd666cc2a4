//! What `cors_policy!` costs a build: its stages (parse, validate, expand) timed directly,
//! on a typical policy and on one of 1,000 origins. The time rustc then spends on the
//! generated code is measured by `compile_cost.sh` beside this file.
//!
//! ```text
//! cargo bench -p cors-macros --bench expand
//! ```

// The expansion is a module of the macro crate, which exports only the macro: it is
// compiled in here from its source, beside the policy language it expands.
// `errors` is the other half of the expansion, not timed here.
#[allow(dead_code)]
#[path = "../src/expand.rs"]
mod expand;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

const TYPICAL: &str = r#"
[server.cors]
allow_origins = ["https://app.example.com", "http://localhost:3000"]
allow_methods = ["GET", "POST"]
allow_headers = ["authorization", "content-type", "x-request-id"]
allow_credentials = true
max_age = 3600
allow_private_network = false
expose_headers = ["x-request-id", "x-trace-id"]
"#;

const THOUSAND_ORIGINS: &str = include_str!("../../cors-runtime/benches/many-origins.toml");

fn expansion(text: &str) -> String {
    let policy = cors_config::compile(text, "<inline>").expect("a valid policy");
    expand::policy(&policy, None).to_string()
}

fn stages(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("cors_policy! expansion");
    group.bench_function("typical policy", |bencher| {
        bencher.iter(|| expansion(black_box(TYPICAL)))
    });
    group.bench_function("1000 origins", |bencher| {
        bencher.iter(|| expansion(black_box(THOUSAND_ORIGINS)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = stages
}
criterion_main!(benches);
