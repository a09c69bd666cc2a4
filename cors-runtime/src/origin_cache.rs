//! An asynchronous origin resolver behind a cache (SPEC §9.4): each distinct origin asked
//! at most once per TTL, at most so many remembered, one lookup for the requests that
//! want the same origin at once, a bound on lookups running at once, and a timeout on
//! each. What fails is refused for its requests, logged, and never cached.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_cache::sync::{Cache, EntryAction, EntryResult};

use crate::layer::CorsLayer;
use crate::origin::Origin;
use crate::resolver::{sealed, OriginResolver, Resolution, ResolverError};

/// How long an answer is kept, by default: a minute.
pub const DEFAULT_TTL: Duration = Duration::from_secs(60);
/// How many origins are remembered, by default.
pub const DEFAULT_CAPACITY: usize = 10_000;
/// How many lookups may run at once, by default.
pub const DEFAULT_LOOKUPS_IN_FLIGHT: usize = 32;
/// How long a lookup may take, by default.
pub const DEFAULT_LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);
/// The longest TTL: a year, far from where an `Instant` would overflow.
const LONGEST_TTL: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// The resolver of [`CorsLayer::allow_origin_async`]: an asynchronous lookup (a
/// database query) behind a cache. Clones share the lookup function, its cache and its
/// count of lookups in flight.
pub struct AllowOriginAsync<F> {
    lookups: Arc<Lookups<F>>,
}

impl<F> Clone for AllowOriginAsync<F> {
    fn clone(&self) -> Self {
        AllowOriginAsync {
            lookups: Arc::clone(&self.lookups),
        }
    }
}

impl<F> fmt::Debug for AllowOriginAsync<F> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.lookups.settings;
        formatter
            .debug_struct("AllowOriginAsync")
            .field("origin_cache_ttl", &settings.ttl)
            .field("origin_cache_capacity", &settings.capacity)
            .field("origin_lookups_in_flight", &settings.in_flight)
            .field("origin_lookup_timeout", &settings.timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy)]
struct Settings {
    ttl: Duration,
    capacity: usize,
    in_flight: usize,
    timeout: Duration,
}

struct Lookups<F> {
    ask: F,
    /// Each origin's answer, allowed or refused, by its bytes: a key of its own, so that
    /// it does not keep the request's buffer alive. The cache bounds how many are kept;
    /// each answer carries when it expires, and one read after that asks again.
    cache: Cache<Vec<u8>, Answer>,
    running: AtomicUsize,
    settings: Settings,
}

/// What the cache keeps of an origin.
#[derive(Clone, Copy, Debug)]
enum Answer {
    /// The lookup's answer, good until `until`.
    Known { allowed: bool, until: Instant },
    /// The lookup ended without an answer at `at`: the requests that were waiting for it
    /// are refused, and every request that comes after asks again. Never an answer.
    Failed { at: Instant },
}

/// A lookup that ended without an answer: refused for its requests, not cached. Logged
/// where it happened.
#[derive(Debug)]
struct NoAnswer;

impl<F> Lookups<F> {
    fn new(ask: F, settings: Settings) -> Lookups<F> {
        Lookups {
            ask,
            cache: Cache::new(settings.capacity.max(1)),
            running: AtomicUsize::new(0),
            settings,
        }
    }

    /// The answer kept for `origin`, if it has not expired: read without waiting, so that
    /// a known origin's request is answered at once.
    fn known(&self, origin: &Origin) -> Option<bool> {
        match self.cache.get(origin.as_bytes())? {
            Answer::Known { allowed, until } if Instant::now() < until => Some(allowed),
            _ => None,
        }
    }

    async fn allows<Fut, E>(&self, origin: Origin) -> bool
    where
        F: Fn(Origin) -> Fut,
        Fut: Future<Output = Result<bool, E>>,
        E: Error,
    {
        let asked_at = Instant::now();
        // A lookup under way for the same origin is waited for, and its failure shared;
        // an expired answer, or a failure from before this request, is asked again.
        let entry = self
            .cache
            .entry_async(origin.as_bytes(), |_, answer| match *answer {
                Answer::Known { allowed, until } if asked_at < until => {
                    EntryAction::Retain(allowed)
                }
                Answer::Failed { at } if asked_at <= at => EntryAction::Retain(false),
                _ => EntryAction::ReplaceWithGuard,
            })
            .await;
        let guard = match entry {
            EntryResult::Retained(allowed) => return allowed,
            EntryResult::Vacant(guard) | EntryResult::Replaced(guard, _) => guard,
            EntryResult::Removed(..) | EntryResult::Timeout => return false,
        };
        let (allowed, answer) = match self.ask_once(origin).await {
            Ok(allowed) => {
                let until = Instant::now() + self.settings.ttl;
                (allowed, Answer::Known { allowed, until })
            }
            Err(NoAnswer) => (false, Answer::Failed { at: Instant::now() }),
        };
        // Err: the entry was removed meanwhile; the answer still holds for this request.
        let _ = guard.insert(answer);
        allowed
    }

    async fn ask_once<Fut, E>(&self, origin: Origin) -> Result<bool, NoAnswer>
    where
        F: Fn(Origin) -> Fut,
        Fut: Future<Output = Result<bool, E>>,
        E: Error,
    {
        let settings = &self.settings;
        let Some(_slot) = Slot::take(&self.running, settings.in_flight) else {
            tracing::warn!(
                origin = %origin,
                lookups_in_flight = settings.in_flight,
                "CORS origin refused for this request: every origin lookup is busy; not cached"
            );
            return Err(NoAnswer);
        };
        if tokio::runtime::Handle::try_current().is_err() {
            tracing::warn!(
                origin = %origin,
                "CORS origin refused: origin lookups need a tokio runtime, for their timeout"
            );
            return Err(NoAnswer);
        }
        match tokio::time::timeout(settings.timeout, (self.ask)(origin.clone())).await {
            Ok(Ok(allowed)) => Ok(allowed),
            Ok(Err(error)) => {
                tracing::warn!(
                    origin = %origin,
                    error = %Chain(&error),
                    "CORS origin lookup failed; refused for this request, not cached"
                );
                Err(NoAnswer)
            }
            Err(_) => {
                tracing::warn!(
                    origin = %origin,
                    timeout = ?settings.timeout,
                    "CORS origin lookup timed out; refused for this request, not cached"
                );
                Err(NoAnswer)
            }
        }
    }
}

/// An error and its sources, `a: b: c`. A source that the message before it already ends
/// with is not repeated: some errors (sqlx's among them) write their source into their own
/// message as well.
struct Chain<'e>(&'e dyn Error);

impl fmt::Display for Chain<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = self.0.to_string();
        let mut source = self.0.source();
        while let Some(error) = source {
            let message = error.to_string();
            if !written.ends_with(&message) {
                written.push_str(": ");
                written.push_str(&message);
            }
            source = error.source();
        }
        formatter.write_str(&written)
    }
}

/// One of the lookups allowed to run at once, given back when dropped.
struct Slot<'c>(&'c AtomicUsize);

impl<'c> Slot<'c> {
    fn take(running: &'c AtomicUsize, limit: usize) -> Option<Slot<'c>> {
        running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |count| {
                (count < limit).then_some(count + 1)
            })
            .ok()
            .map(|_| Slot(running))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl<F, Fut, E> OriginResolver for AllowOriginAsync<F>
where
    F: Fn(Origin) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<bool, E>> + Send + 'static,
    E: Error + Send + Sync + 'static,
{
}

impl<F, Fut, E> sealed::Resolve for AllowOriginAsync<F>
where
    F: Fn(Origin) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<bool, E>> + Send + 'static,
    E: Error + Send + Sync + 'static,
{
    const ASKS: bool = true;

    fn resolve(&self, origin: &Origin) -> Resolution {
        if let Some(allowed) = self.lookups.known(origin) {
            return Resolution::Ready(allowed);
        }
        let lookups = Arc::clone(&self.lookups);
        let origin = origin.clone();
        Resolution::Pending(Box::pin(async move { lookups.allows(origin).await }))
    }
}

impl<R> CorsLayer<R> {
    /// The same layer, and an origin the policy does not allow is allowed when `ask`
    /// answers `Ok(true)`: for origins kept in a database, a call per distinct origin,
    /// behind a cache.
    ///
    /// The policy's own `allow_origins` is asked first: a listed origin, or one a pattern
    /// matches, never reaches `ask` or its cache, and neither do `null`, a malformed
    /// origin, one no browser would send (upper case, a path, a default port) or a request
    /// with several `Origin` lines. `ask` is given the [`Origin`] as a browser serializes
    /// it, to compare whole with the origins the database keeps. An origin it allows is
    /// answered exactly as a listed one (see
    /// [`allow_origin_if`](CorsLayer::allow_origin_if)).
    ///
    /// - **Cached.** Each answer, allowed or refused, is kept for
    ///   [`origin_cache_ttl`](CorsLayer::origin_cache_ttl) (60 s), and at most
    ///   [`origin_cache_capacity`](CorsLayer::origin_cache_capacity) origins (10,000) are
    ///   kept: an origin added to the database is allowed once its refusal expires (at
    ///   once if it was never asked), and a removed one stops being allowed the same way.
    ///   Requests that want the same uncached origin at once wait for one call.
    /// - **Bounded.** At most [`origin_lookups_in_flight`](CorsLayer::origin_lookups_in_flight)
    ///   calls (32) run at once: an origin that finds them all busy is refused for that
    ///   request, not cached, and logged. A client that sends a new `Origin` on every
    ///   request costs the database one call per origin, no more than that many at once.
    /// - **Timed.** A call that has not answered within
    ///   [`origin_lookup_timeout`](CorsLayer::origin_lookup_timeout) (2 s) is abandoned:
    ///   its requests are refused, nothing is cached, and it is logged. A database that
    ///   hangs does not hang the server's CORS requests.
    /// - **Errors are never cached.** `Err(error)` refuses the requests that waited for
    ///   that call, and is logged at `warn` with the origin and the error; the next
    ///   request asks again.
    ///
    /// The layer's clones and every service it makes share one cache (axum clones a
    /// service per connection). Set the cache before cloning the layer. Lookups need a
    /// tokio runtime with its timer, as axum and hyper servers have.
    ///
    /// A browser keeps an allowed preflight for `max_age`: an origin removed from the
    /// database may still pass preflights that long in a browser that asked before.
    ///
    /// # Errors
    ///
    /// [`ResolverError`] when the policy's `allow_origins` is `"*"`: it already allows
    /// every origin.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use axum::{routing::get, Router};
    /// use cors_runtime::{cors_policy, CorsLayer, CorsPolicy, Origin};
    ///
    /// static POLICY: CorsPolicy = cors_policy!(r#"
    ///     allow_origins = ["https://platform.example"]
    ///     allow_credentials = true
    /// "#);
    ///
    /// /// Stands for a database query, such as
    /// /// `SELECT EXISTS(SELECT 1 FROM tenant_origins WHERE origin = ?)`.
    /// async fn is_tenant(origin: Origin) -> Result<bool, std::io::Error> {
    ///     Ok(origin.host().ends_with(".shops.example"))
    /// }
    ///
    /// let layer = CorsLayer::new(&POLICY)
    ///     .allow_origin_async(is_tenant)?
    ///     .origin_cache_ttl(Duration::from_secs(30));
    /// let app: Router = Router::new().route("/v1/items", get(|| async { "[]" })).layer(layer);
    /// # Ok::<(), cors_runtime::ResolverError>(())
    /// ```
    pub fn allow_origin_async<F, Fut, E>(
        self,
        ask: F,
    ) -> Result<CorsLayer<R, AllowOriginAsync<F>>, ResolverError>
    where
        F: Fn(Origin) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<bool, E>> + Send + 'static,
        E: Error + Send + Sync + 'static,
    {
        let settings = Settings {
            ttl: DEFAULT_TTL,
            capacity: DEFAULT_CAPACITY,
            in_flight: DEFAULT_LOOKUPS_IN_FLIGHT,
            timeout: DEFAULT_LOOKUP_TIMEOUT,
        };
        self.with_resolver(AllowOriginAsync {
            lookups: Arc::new(Lookups::new(ask, settings)),
        })
    }
}

impl<R, F: Clone> CorsLayer<R, AllowOriginAsync<F>> {
    /// How long an answer, allowed or refused, is kept (60 s by default; at most a year):
    /// how long an origin added to the database or removed from it may wait to take
    /// effect. Shorter costs more calls: one per origin per TTL.
    pub fn origin_cache_ttl(self, ttl: Duration) -> Self {
        self.with_settings(|settings| settings.ttl = ttl.min(LONGEST_TTL))
    }

    /// How many origins' answers are kept at most (10,000 by default): more than the
    /// tenants whose pages are open at once, so that theirs stay; a flood of unknown
    /// origins costs at most this many entries of a few hundred bytes.
    pub fn origin_cache_capacity(self, capacity: usize) -> Self {
        self.with_settings(|settings| settings.capacity = capacity)
    }

    /// How many calls may run at once (32 by default, at least 1): no more than the
    /// database's pool should spend on CORS. An origin that finds them all busy is refused
    /// for that request, not cached.
    pub fn origin_lookups_in_flight(self, lookups: usize) -> Self {
        self.with_settings(|settings| settings.in_flight = lookups.max(1))
    }

    /// How long a call may take before it is abandoned and its requests refused (2 s by
    /// default).
    pub fn origin_lookup_timeout(self, timeout: Duration) -> Self {
        self.with_settings(|settings| settings.timeout = timeout)
    }

    /// A new cache with the changed settings, for the layer and its clones from now on.
    fn with_settings(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        let lookups = &self.resolver.lookups;
        let mut settings = lookups.settings;
        change(&mut settings);
        self.resolver = AllowOriginAsync {
            lookups: Arc::new(Lookups::new(lookups.ask.clone(), settings)),
        };
        self
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;
    use std::fmt;

    use super::Chain;

    /// An error with a message and, optionally, a source.
    #[derive(Debug)]
    struct Failure(&'static str, Option<Box<Failure>>);

    impl fmt::Display for Failure {
        fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str(self.0)
        }
    }

    impl Error for Failure {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1
                .as_deref()
                .map(|source| source as &(dyn Error + 'static))
        }
    }

    #[test]
    fn an_error_is_written_with_its_sources() {
        let cause = Failure("connection reset by peer", None);
        let io = Failure("reading the reply", Some(Box::new(cause)));
        let error = Failure("error communicating with database", Some(Box::new(io)));
        assert_eq!(
            Chain(&error).to_string(),
            "error communicating with database: reading the reply: connection reset by peer"
        );
    }

    #[test]
    fn a_source_the_message_already_ends_with_is_written_once() {
        let cause = Failure("no such table: tenant_origins", None);
        let error = Failure(
            "error returned from database: no such table: tenant_origins",
            Some(Box::new(cause)),
        );
        assert_eq!(
            Chain(&error).to_string(),
            "error returned from database: no such table: tenant_origins"
        );
    }
}
