//! SPEC §9.7: a client that sends a new `Origin` on every request costs the database one
//! lookup per origin and the server a bounded cache, however many origins it makes up.
//! A global allocator counts the bytes the process holds (its own test binary, with this
//! one test, so that nothing else allocates beside it).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::held::{CountingAllocator, HELD};
use cors_runtime::{CorsLayer, Origin};
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN};
use http::{Request, Response};
use tower::{service_fn, Layer, ServiceExt};

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

twin_policies! {
    static PLATFORM: Twin = cors_policy!(
        r#"
        allow_origins = ["https://platform.example"]
        allow_credentials = true
        "#
    );
}

const FLOOD: usize = 200_000;
const CAPACITY: usize = 1_000;
/// What a thousand remembered origins may hold, with the cache's own bookkeeping: a few
/// hundred bytes each. Remembering the whole flood would hold more than ten times this.
const BOUND: isize = 2 * 1024 * 1024;

async fn allowed_origin<S>(service: &S, origin: &str) -> Option<String>
where
    S: tower::Service<Request<()>, Response = Response<()>, Error = std::convert::Infallible>
        + Clone,
{
    let request = Request::builder().header(ORIGIN, origin).body(()).unwrap();
    let response = service.clone().oneshot(request).await.unwrap();
    let value = response.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN)?;
    Some(value.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_flood_of_unknown_origins_asks_each_once_and_holds_a_bounded_cache() {
    // One of the twins: the flood is the cache's, and both policies hand it the same
    // origins (`origin_resolvers.rs`).
    for (variant, policy) in PLATFORM.each().into_iter().take(1) {
        let lookups = Arc::new(AtomicUsize::new(0));
        let layer = CorsLayer::new(policy)
            .allow_origin_async({
                let lookups = lookups.clone();
                move |origin: Origin| {
                    lookups.fetch_add(1, Ordering::Relaxed);
                    std::future::ready(Ok::<_, std::io::Error>(origin == "https://tenant.example"))
                }
            })
            .unwrap()
            .origin_cache_capacity(CAPACITY);
        let service = layer.layer(service_fn(|_: Request<()>| async {
            Ok::<_, std::convert::Infallible>(Response::new(()))
        }));
        let flood = |index: usize| format!("https://{index:x}.flood.example");
        // The cache's own tables are made as it fills: fill it before measuring.
        for index in 0..2 * CAPACITY {
            assert_eq!(allowed_origin(&service, &flood(index)).await, None);
        }
        let before = HELD.load(Ordering::Relaxed);
        for index in 2 * CAPACITY..FLOOD {
            assert_eq!(allowed_origin(&service, &flood(index)).await, None);
        }
        let grown = HELD.load(Ordering::Relaxed) - before;
        assert!(
            grown < BOUND,
            "{variant}: {FLOOD} unknown origins grew the heap by {grown} bytes"
        );
        assert_eq!(
            lookups.load(Ordering::Relaxed),
            FLOOD,
            "{variant}: not one lookup each"
        );

        // The platform's own origin is never asked, and the tenant still is.
        let own = allowed_origin(&service, "https://platform.example").await;
        assert_eq!(
            own.as_deref(),
            Some("https://platform.example"),
            "{variant}"
        );
        assert_eq!(lookups.load(Ordering::Relaxed), FLOOD, "{variant}");
        let tenant = allowed_origin(&service, "https://tenant.example").await;
        assert_eq!(
            tenant.as_deref(),
            Some("https://tenant.example"),
            "{variant}"
        );
    }
}
