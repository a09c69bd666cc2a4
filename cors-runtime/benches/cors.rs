//! This crate's `CorsPolicy` against tower-http's `CorsLayer` on the same policy, with two
//! references measured in the same run: the bare inner service (no CORS at all) and the
//! floor (the policy's prebuilt headers put into a fresh response map, with no matching).
//!
//! ```text
//! cargo bench -p cors-runtime --bench cors
//! ```
//!
//! Every case has these rows:
//! - `ours/http`: `CorsPolicy::preflight`, or `apply` on a fresh response map, of the
//!   policy `cors_policy!` built;
//! - `loaded/http`, `loaded/tower`: the same, of the same policy loaded with
//!   `CorsPolicy::from_toml`;
//! - `floor/http`: the same headers inserted into a fresh map, no matching;
//! - `floor-response/http`: the same answer built as a server writes it, no room made in
//!   advance: `Response::new`, its status, each header inserted (`Vary` appended);
//! - `ours/tower`, `tower-http/tower`, `bare/tower`, `floor/tower`: one call on a ready
//!   service wrapping an inner service that answers `200` with an empty map; the floor
//!   service inserts the prebuilt headers itself.
//!
//! The CORS overhead of a tower row is its time minus `bare/tower`'s. The group `load`
//! times `CorsPolicy::from_toml` itself.

mod cases;

use std::convert::Infallible;
use std::future::poll_fn;
use std::hint::black_box;
use std::time::Duration;

use cases::{
    answer, bare, cases, floor_response, floor_service, insert_answer, now, request, tower_http,
    Case, MANY_ORIGINS_TOML, POLICY_TOML,
};
use cors_runtime::CorsPolicy;
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion};
use http::{HeaderMap, Request, Response};
use tower::{Layer, Service};

/// One call on a ready service, per iteration; the request is built outside the timing,
/// and the response dropped inside it, as a server drops it once it is written.
fn bench_service<S>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    row: &str,
    case: &Case,
    mut service: S,
) where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    group.bench_function(row, |bencher| {
        bencher.iter_batched(
            || request(case),
            |request| {
                now(poll_fn(|context| service.poll_ready(context))).unwrap();
                drop(now(service.call(request)).unwrap());
            },
            BatchSize::SmallInput,
        )
    });
}

/// `preflight`, or `apply` to a fresh response map, as a server asks the policy.
fn bench_http(
    group: &mut BenchmarkGroup<'_, WallTime>,
    row: &str,
    case: &Case,
    policy: &CorsPolicy,
) {
    group.bench_function(row, |bencher| bencher.iter(|| answer(case, policy)));
}

/// What loading costs a server's start: the seed's typical policy (the one every case
/// but two uses), and 1,000 origins.
fn load(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("load");
    for (row, text) in [
        ("typical policy", POLICY_TOML),
        ("1000 origins", MANY_ORIGINS_TOML),
    ] {
        group.bench_function(row, |bencher| {
            bencher.iter(|| CorsPolicy::from_toml(black_box(text)).unwrap())
        });
    }
    group.finish();
}

fn compare(criterion: &mut Criterion) {
    for case in cases() {
        let mut group = criterion.benchmark_group(case.name);
        bench_http(&mut group, "ours/http", &case, case.policy);
        bench_http(&mut group, "loaded/http", &case, case.loaded);
        group.bench_function("floor/http", |bencher| {
            bencher.iter(|| {
                let mut response = HeaderMap::new();
                response.reserve(case.answer.len());
                insert_answer(case.answer, &mut response);
                drop(black_box(response));
            })
        });
        group.bench_function("floor-response/http", |bencher| {
            bencher.iter(|| drop(black_box(floor_response(&case))))
        });
        bench_service(
            &mut group,
            "ours/tower",
            &case,
            case.policy.layer().layer(bare()),
        );
        bench_service(
            &mut group,
            "loaded/tower",
            &case,
            case.loaded.layer().layer(bare()),
        );
        bench_service(
            &mut group,
            "tower-http/tower",
            &case,
            tower_http((case.theirs)()).layer(bare()),
        );
        bench_service(&mut group, "bare/tower", &case, bare());
        bench_service(&mut group, "floor/tower", &case, floor_service(&case));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40);
    targets = compare, load
}
criterion_main!(benches);
