//! Heap allocations per request, for every case of the benchmark, counted by a counting
//! global allocator: this crate (its `http` API and its tower layer, for the policy the
//! macro built and for the same policy loaded at start-up), tower-http's
//! `CorsLayer` on the same policy, and the bare service. The table is printed
//! (`cargo test -p cors-runtime --test allocations_against_tower_http -- --nocapture`);
//! what this crate makes is asserted.

// The floor rows are the benchmark's alone: their parts of the cases go unused here.
#[allow(dead_code)]
#[path = "../benches/cases.rs"]
mod cases;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::poll_fn;

use cases::{bare, cases, now, request, tower_http, Case};
use cors_runtime::CorsPolicy;
use http::{HeaderMap, Request, Response};
use tower::{Layer, Service};

thread_local! {
    /// Allocations made by this thread; a const-initialized `Cell` never allocates itself.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        unsafe { System.realloc(pointer, layout, size) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocations made while `f` runs; what it returns is dropped after the count.
fn allocations<R>(f: impl FnOnce() -> R) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    let count = ALLOCATIONS.with(Cell::get) - before;
    drop(result);
    count
}

/// One call on a ready service, the request built before counting.
fn service_allocations<S>(case: &Case, mut service: S) -> usize
where
    S: Service<Request<()>, Response = Response<()>, Error = std::convert::Infallible>,
{
    now(poll_fn(|context| service.poll_ready(context))).unwrap();
    let request = request(case);
    allocations(|| now(service.call(request)).unwrap())
}

struct Row {
    case: &'static str,
    ours_http: usize,
    ours_tower: usize,
    loaded_http: usize,
    loaded_tower: usize,
    tower_http: usize,
    bare: usize,
}

/// `preflight`, or `apply` to a response map with room to spare, as a server asks.
fn http_allocations(case: &Case, policy: &CorsPolicy) -> usize {
    // A policy builds its allowed preflights' answer once, at the first: served
    // requests are counted, not that one.
    drop(policy.preflight(&case.method, &case.headers));
    // The response map a server already has; `apply` must not need to grow it.
    let mut response = HeaderMap::with_capacity(16);
    allocations(|| match policy.preflight(&case.method, &case.headers) {
        Some(answer) => Some(answer),
        None => {
            policy.apply(&case.headers, &mut response);
            None
        }
    })
}

#[test]
fn allocations_per_request_against_tower_http() {
    let mut rows = Vec::new();
    for case in cases() {
        rows.push(Row {
            case: case.name,
            ours_http: http_allocations(&case, case.policy),
            ours_tower: service_allocations(&case, case.policy.layer().layer(bare())),
            loaded_http: http_allocations(&case, case.loaded),
            loaded_tower: service_allocations(&case, case.loaded.layer().layer(bare())),
            tower_http: service_allocations(&case, tower_http((case.theirs)()).layer(bare())),
            bare: service_allocations(&case, bare()),
        });
    }

    println!(
        "| case | ours, http API | ours, tower | loaded, http API | loaded, tower \
         | tower-http, tower | bare service |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.case,
            row.ours_http,
            row.ours_tower,
            row.loaded_http,
            row.loaded_tower,
            row.tower_http,
            row.bare
        );
    }

    for row in &rows {
        if row.case.starts_with("preflight") {
            // The answer's own header map: its indices and its entries.
            assert!(
                row.ours_http <= 2,
                "{}: preflight made {} allocations",
                row.case,
                row.ours_http
            );
        } else {
            assert_eq!(row.ours_http, 0, "{}: apply allocated", row.case);
        }
        // A loaded policy is the same data, from another author.
        assert_eq!(
            (row.loaded_http, row.loaded_tower),
            (row.ours_http, row.ours_tower),
            "{}: the loaded policy allocates otherwise than the macro's",
            row.case
        );
        // Through the layer, only the response map the service left empty grows.
        assert!(
            row.ours_tower <= row.bare + 2,
            "{}: the layer made {} allocations, the bare service {}",
            row.case,
            row.ours_tower,
            row.bare
        );
    }
}
