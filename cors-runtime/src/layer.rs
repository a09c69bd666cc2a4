//! The policy as a tower [`Layer`], for axum, hyper, tonic and any other server built on
//! `tower::Service` and the `http` crate's types.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::ORIGIN;
use http::{HeaderMap, HeaderValue, Method, Request, Response};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use crate::__private::Origins;
use crate::decision::OriginDecision;
use crate::origin::Origin;
use crate::policy::{Deciding, PreflightRequest};
use crate::request::SingleLine;
use crate::resolver::{AllowOriginIf, NoResolver, OriginResolver, Resolution, ResolverError};
use crate::CorsPolicy;

/// Applies a [`CorsPolicy`] to a service: preflights are answered by the layer, without
/// calling the service, and every other response gets the policy's headers.
///
/// Put it outside authentication and every other middleware that could turn a preflight
/// away: a preflight never carries credentials, so it must be answered before them.
///
/// A refused preflight's `403` has an empty body; while developing,
/// [`explain_refusals`](CorsLayer::explain_refusals) makes it say why.
///
/// ```
/// use axum::{routing::post, Router};
/// use cors_runtime::{cors_policy, CorsLayer, CorsPolicy};
///
/// static POLICY: CorsPolicy = cors_policy!(r#"
///     allow_origins = ["https://app.example.com"]
///     allow_headers = ["authorization", "content-type"]
///     allow_credentials = true
/// "#);
///
/// let app: Router = Router::new()
///     .route("/llm/v1/chat/completions", post(|| async { "{}" }))
///     // .layer(auth) would go here, inside the CORS layer.
///     .layer(CorsLayer::new(&POLICY)); // or POLICY.layer()
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CorsLayer<R = EmptyRefusals, O = NoResolver> {
    pub(crate) policy: &'static CorsPolicy,
    pub(crate) resolver: O,
    refusals: PhantomData<R>,
}

/// A [`CorsLayer`]'s refused preflights have an empty body: the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyRefusals;

/// A [`CorsLayer`]'s refused preflights say why in their body, while developing: what
/// [`CorsLayer::explain_refusals`] makes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExplainedRefusals;

/// What a [`CorsLayer`] answers a refused preflight with besides its `403` and headers:
/// nothing ([`EmptyRefusals`], the default) or the reason in words ([`ExplainedRefusals`]).
/// Implemented by those two types only.
pub trait RefusalBody: sealed::Sealed {}

impl RefusalBody for EmptyRefusals {}
impl RefusalBody for ExplainedRefusals {}

mod sealed {
    use http::{HeaderMap, HeaderValue, Method, Response};

    use crate::policy::{Deciding, PreflightRequest};
    use crate::CorsPolicy;

    pub trait Sealed {
        /// The body of a preflight's answer until the future makes the service's body of it.
        type Answer: Send + 'static;

        /// The policy's answer, when the request is a preflight.
        fn preflight<'r>(
            policy: &CorsPolicy,
            method: &Method,
            headers: &'r HeaderMap,
            deciding: Deciding<'r>,
        ) -> Option<Response<Self::Answer>>;

        /// The policy's answer to a preflight already read, whose origin is allowed with
        /// `allowed_origin` (or not).
        fn answer<'r>(
            policy: &CorsPolicy,
            preflight: &PreflightRequest<'r>,
            allowed_origin: Option<&'r HeaderValue>,
        ) -> Response<Self::Answer>;
    }

    impl Sealed for super::EmptyRefusals {
        type Answer = ();

        #[inline(always)]
        fn preflight<'r>(
            policy: &CorsPolicy,
            method: &Method,
            headers: &'r HeaderMap,
            deciding: Deciding<'r>,
        ) -> Option<Response<()>> {
            match deciding {
                Deciding::Alone => policy.preflight(method, headers),
                Deciding::Decided(decision) => policy.preflight_with(method, headers, decision),
            }
        }

        #[inline(always)]
        fn answer<'r>(
            policy: &CorsPolicy,
            preflight: &PreflightRequest<'r>,
            allowed_origin: Option<&'r HeaderValue>,
        ) -> Response<()> {
            policy.answer_classified(preflight, allowed_origin).0
        }
    }

    /// `None` for an empty body (an allowed preflight), which is `ResBody::default()`.
    impl Sealed for super::ExplainedRefusals {
        type Answer = Option<String>;

        fn preflight<'r>(
            policy: &CorsPolicy,
            method: &Method,
            headers: &'r HeaderMap,
            deciding: Deciding<'r>,
        ) -> Option<Response<Option<String>>> {
            policy.preflight_with_reason(method, headers, deciding)
        }

        fn answer<'r>(
            policy: &CorsPolicy,
            preflight: &PreflightRequest<'r>,
            allowed_origin: Option<&'r HeaderValue>,
        ) -> Response<Option<String>> {
            policy.with_reason(policy.answer_classified(preflight, allowed_origin))
        }
    }
}

impl CorsLayer {
    /// The layer for a policy built with [`cors_policy!`](crate::cors_policy).
    pub const fn new(policy: &'static CorsPolicy) -> CorsLayer {
        CorsLayer {
            policy,
            resolver: NoResolver,
            refusals: PhantomData,
        }
    }
}

impl<R> CorsLayer<R> {
    /// The same layer, and an origin the policy does not allow is allowed when `allows`
    /// says so: for origins kept in memory (a set the server refreshes), since it is
    /// asked synchronously on every request that reaches it, without a cache.
    /// [`allow_origin_async`](CorsLayer::allow_origin_async) asks a database, through a
    /// cache.
    ///
    /// The policy's own `allow_origins` is asked first: a listed origin, or one a pattern
    /// matches, never reaches `allows`, and neither do `null`, a malformed origin, one no
    /// browser would send (upper case, a path, a default port) or a request with several
    /// `Origin` lines: those are refused as the policy refuses them. `allows` is given
    /// the [`Origin`] as a browser serializes it, to compare whole.
    ///
    /// An origin it allows is answered exactly as a listed one: its preflight still
    /// passes only the policy's methods and headers, and its responses carry what the
    /// policy says (`Access-Control-Allow-Credentials`, `Access-Control-Expose-Headers`,
    /// `Access-Control-Max-Age`). It is never answered `*`.
    ///
    /// # Errors
    ///
    /// [`ResolverError`] when the policy's `allow_origins` is `"*"`: it already allows
    /// every origin.
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use std::sync::{Arc, RwLock};
    ///
    /// use axum::{routing::get, Router};
    /// use cors_runtime::{cors_policy, CorsLayer, CorsPolicy, Origin};
    ///
    /// static POLICY: CorsPolicy = cors_policy!(r#"
    ///     allow_origins = ["https://platform.example"]
    ///     allow_credentials = true
    /// "#);
    ///
    /// let tenants: Arc<RwLock<HashSet<String>>> = Arc::default();
    /// tenants.write().unwrap().insert("https://shop.acme.com".to_owned());
    ///
    /// let layer = CorsLayer::new(&POLICY).allow_origin_if({
    ///     let tenants = tenants.clone();
    ///     move |origin: &Origin| tenants.read().unwrap().contains(origin.as_str())
    /// })?;
    /// let app: Router = Router::new().route("/v1/items", get(|| async { "[]" })).layer(layer);
    /// # Ok::<(), cors_runtime::ResolverError>(())
    /// ```
    pub fn allow_origin_if<F>(
        self,
        allows: F,
    ) -> Result<CorsLayer<R, AllowOriginIf<F>>, ResolverError>
    where
        F: Fn(&Origin) -> bool + Clone + Send + Sync + 'static,
    {
        self.with_resolver(AllowOriginIf::new(allows))
    }

    /// This layer with `resolver`, unless the policy allows every origin already.
    pub(crate) fn with_resolver<O>(self, resolver: O) -> Result<CorsLayer<R, O>, ResolverError> {
        if let Origins::Any = self.policy.parts().origins {
            return Err(ResolverError {
                place: self.policy.parts().places.allow_origins.clone(),
            });
        }
        Ok(CorsLayer {
            policy: self.policy,
            resolver,
            refusals: PhantomData,
        })
    }
}

impl<O> CorsLayer<EmptyRefusals, O> {
    /// The same layer, but a preflight it refuses says why, in a `text/plain;
    /// charset=utf-8` body of one line: the words of [`CorsPolicy::explain`], with the key
    /// to change and where it is written, `method "PUT" is not in allow_methods
    /// (nexus.toml:3:17)`. For a server under development; **not for production**.
    ///
    /// Nothing else changes: an allowed preflight's answer, and the response to every
    /// request that is not a preflight (allowed or not), are what [`CorsLayer::new`]'s
    /// layer gives; a refused preflight keeps its `403` and its headers and gains
    /// [`Content-Type`](https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Type).
    /// The service's response body must be [`Default`] (for the empty bodies) and
    /// `From<String>` (for the reason), as axum's `Body`, `String`, `Vec<u8>`, `Bytes`
    /// and `http_body_util::Full<Bytes>` are.
    ///
    /// It is off by default because the body tells whoever sends a preflight what the
    /// policy allows and where it is configured (the names of its keys, the path of its
    /// file, the lines they are on), and anyone can send one. It helps only a developer:
    /// a browser never hands a failed preflight's body to the page (the page's
    /// [`fetch`](https://developer.mozilla.org/en-US/docs/Web/API/Window/fetch) fails with
    /// a bare network error), but its developer tools show the response, body included.
    /// Turn it on from the server's own setting for development, as the example does.
    /// [`CorsPolicy::preflight_explained`] is the same without tower.
    ///
    /// ```
    /// use axum::{routing::put, Router};
    /// use cors_runtime::{cors_policy, CorsLayer, CorsPolicy};
    ///
    /// static POLICY: CorsPolicy = cors_policy!(r#"
    ///     allow_origins = ["http://localhost:3000"]
    ///     allow_methods = ["PUT"]
    /// "#);
    ///
    /// let development = cfg!(debug_assertions);
    /// let routes = Router::new().route("/items", put(|| async { "stored" }));
    /// let app: Router = if development {
    ///     routes.layer(CorsLayer::new(&POLICY).explain_refusals())
    /// } else {
    ///     routes.layer(CorsLayer::new(&POLICY))
    /// };
    /// ```
    pub fn explain_refusals(self) -> CorsLayer<ExplainedRefusals, O> {
        CorsLayer {
            policy: self.policy,
            resolver: self.resolver,
            refusals: PhantomData,
        }
    }
}

impl CorsPolicy {
    /// This policy as a tower layer: the same as [`CorsLayer::new`].
    pub const fn layer(&'static self) -> CorsLayer {
        CorsLayer::new(self)
    }
}

impl<S, R, O: Clone> Layer<S> for CorsLayer<R, O> {
    type Service = Cors<S, R, O>;

    fn layer(&self, inner: S) -> Cors<S, R, O> {
        Cors {
            inner,
            policy: self.policy,
            resolver: self.resolver.clone(),
            refusals: PhantomData,
        }
    }
}

/// The service [`CorsLayer`] wraps around another.
#[derive(Debug, Clone)]
pub struct Cors<S, R = EmptyRefusals, O = NoResolver> {
    inner: S,
    policy: &'static CorsPolicy,
    resolver: O,
    refusals: PhantomData<R>,
}

impl<S, R: RefusalBody, O: OriginResolver> Cors<S, R, O> {
    /// `call`, whatever the refusals' body: the preflight answered here, or the service
    /// called and its response given the policy's headers.
    #[inline(always)]
    fn route<B>(&mut self, request: Request<B>) -> ResponseFuture<S::Future, R>
    where
        S: Service<Request<B>>,
    {
        if O::ASKS {
            self.route_resolving(request)
        } else {
            self.route_alone(request)
        }
    }

    /// `route` where a resolver decides the origins the policy does not allow.
    fn route_resolving<B>(&mut self, request: Request<B>) -> ResponseFuture<S::Future, R>
    where
        S: Service<Request<B>>,
    {
        if let Some(preflight) = PreflightRequest::classify(request.method(), request.headers()) {
            let (lookup, decision) = match self.answer_preflight(&preflight) {
                Ok(answered) => return answered,
                Err(waiting) => waiting,
            };
            return ResponseFuture {
                state: State::ResolvingPreflight {
                    resolving: Box::new(ResolvingPreflight {
                        lookup,
                        headers: request.into_parts().0.headers,
                        decision: Some(decision),
                    }),
                    policy: self.policy,
                },
            };
        }
        // An origin the policy allows costs what it costs without a resolver.
        let origins = SingleLine::of(request.headers().get_all(ORIGIN));
        if let Some(allowed) = self.policy.allowed_origin(&origins) {
            let allowed = allowed.clone();
            return ResponseFuture::service(self.inner.call(request), self.policy, Some(allowed));
        }
        let mut decision = CorsPolicy::decide_unmatched(&origins);
        let Some(origin) = decision.to_resolve() else {
            return self.call_decided(request, decision);
        };
        match self.resolver.resolve(origin) {
            Resolution::Ready(allowed) => {
                decision.resolve(allowed);
                self.call_decided(request, decision)
            }
            Resolution::Pending(lookup) => ResponseFuture {
                state: State::ResolvingService {
                    future: self.inner.call(request),
                    resolving: Box::new(ResolvingService {
                        lookup: Some(lookup),
                        output: None,
                        decision,
                    }),
                    policy: self.policy,
                },
            },
        }
    }

    /// A preflight answered here, or its origin's lookup to wait for.
    #[inline(always)]
    fn answer_preflight<B>(
        &mut self,
        preflight: &PreflightRequest<'_>,
    ) -> Result<ResponseFuture<S::Future, R>, (Lookup, OriginDecision)>
    where
        S: Service<Request<B>>,
    {
        let mut decision = match self.policy.allowed_origin(&preflight.origin) {
            Some(allowed) => {
                let answer = R::answer(self.policy, preflight, Some(allowed));
                return Ok(ResponseFuture::answered(answer));
            }
            None => CorsPolicy::decide_unmatched(&preflight.origin),
        };
        if let Some(origin) = decision.to_resolve() {
            match self.resolver.resolve(origin) {
                Resolution::Ready(allowed) => decision.resolve(allowed),
                Resolution::Pending(lookup) => return Err((lookup, decision)),
            }
        }
        let answer = R::answer(self.policy, preflight, decision.allowed_value());
        Ok(ResponseFuture::answered(answer))
    }

    /// `route` where the policy decides every origin alone, as fast as it can.
    #[inline(always)]
    fn route_alone<B>(&mut self, request: Request<B>) -> ResponseFuture<S::Future, R>
    where
        S: Service<Request<B>>,
    {
        // Only an `OPTIONS` can be a preflight: every other request skips the call.
        if request.method() == Method::OPTIONS {
            let deciding = Deciding::Alone;
            if let Some(answer) =
                R::preflight(self.policy, request.method(), request.headers(), deciding)
            {
                return ResponseFuture::answered(answer);
            }
        }
        // Read before the request moves into the service; a configured origin's value is
        // static, so this clone copies no bytes.
        let origin = self.policy.actual_origin(request.headers()).cloned();
        ResponseFuture::service(self.inner.call(request), self.policy, origin)
    }

    /// The service called for a request whose origin is decided.
    fn call_decided<B>(
        &mut self,
        request: Request<B>,
        decision: OriginDecision,
    ) -> ResponseFuture<S::Future, R>
    where
        S: Service<Request<B>>,
    {
        self.policy.log_refused(&decision);
        let origin = decision.into_allowed_value();
        ResponseFuture::service(self.inner.call(request), self.policy, origin)
    }
}

impl<S, B, ResBody, O> Service<Request<B>> for Cors<S, EmptyRefusals, O>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    ResBody: Default,
    O: OriginResolver,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        self.route(request)
    }
}

impl<S, B, ResBody, O> Service<Request<B>> for Cors<S, ExplainedRefusals, O>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    ResBody: Default + From<String>,
    O: OriginResolver,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ExplainedRefusals>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        self.route(request)
    }
}

/// A resolver's lookup that has not answered yet.
type Lookup = Pin<Box<dyn Future<Output = bool> + Send>>;

pin_project! {
    /// The response of [`Cors`]: the preflight's answer, or the service's response with
    /// the policy's headers added.
    pub struct ResponseFuture<F: Future, R: RefusalBody = EmptyRefusals> {
        #[pin]
        state: State<F, <R as sealed::Sealed>::Answer>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<F: Future, A> {
        Preflight {
            answer: Option<Response<A>>,
        },
        Service {
            #[pin]
            future: F,
            policy: &'static CorsPolicy,
            origin: Option<HeaderValue>,
        },
        // A preflight whose origin a resolver is deciding: answered once it has.
        ResolvingPreflight {
            resolving: Box<ResolvingPreflight>,
            policy: &'static CorsPolicy,
        },
        // The service runs while a resolver decides the origin; whichever ends first waits
        // for the other.
        ResolvingService {
            #[pin]
            future: F,
            resolving: Box<ResolvingService<F::Output>>,
            policy: &'static CorsPolicy,
        },
    }
}

/// What a preflight waits with for its origin's lookup. Boxed, as is the lookup: only an
/// origin the cache does not know waits, and the future of every other request stays as
/// small as it is without a resolver.
struct ResolvingPreflight {
    lookup: Lookup,
    headers: HeaderMap,
    decision: Option<OriginDecision>,
}

/// What a request waits with for its origin's lookup while the service runs.
struct ResolvingService<T> {
    lookup: Option<Lookup>,
    output: Option<T>,
    decision: OriginDecision,
}

impl<F: Future, R: RefusalBody> ResponseFuture<F, R> {
    fn answered(answer: Response<<R as sealed::Sealed>::Answer>) -> ResponseFuture<F, R> {
        ResponseFuture {
            state: State::Preflight {
                answer: Some(answer),
            },
        }
    }

    fn service(
        future: F,
        policy: &'static CorsPolicy,
        origin: Option<HeaderValue>,
    ) -> ResponseFuture<F, R> {
        ResponseFuture {
            state: State::Service {
                future,
                policy,
                origin,
            },
        }
    }
}

const POLLED_AGAIN: &str = "a ResponseFuture is not polled again once it is ready";

impl<F: Future, A> State<F, A> {
    /// The response: the preflight's answer, with its body made by `body`, or the
    /// service's response with the policy's headers. `preflight` answers a preflight
    /// once a resolver decided its origin.
    fn poll_with<ResBody, E>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        preflight: impl FnOnce(&CorsPolicy, &HeaderMap, &OriginDecision) -> Option<Response<A>>,
        body: impl FnOnce(A) -> ResBody,
    ) -> Poll<Result<Response<ResBody>, E>>
    where
        F: Future<Output = Result<Response<ResBody>, E>>,
        ResBody: Default,
    {
        match self.project() {
            StateProjection::Preflight { answer } => {
                let answer = answer.take().expect(POLLED_AGAIN);
                Poll::Ready(Ok(answer.map(body)))
            }
            StateProjection::Service {
                future,
                policy,
                origin,
            } => {
                let mut response = std::task::ready!(future.poll(cx))?;
                policy.apply_for_origin(origin.take(), response.headers_mut());
                Poll::Ready(Ok(response))
            }
            StateProjection::ResolvingPreflight { resolving, policy } => {
                let ResolvingPreflight {
                    lookup,
                    headers,
                    decision,
                } = &mut **resolving;
                let allowed = std::task::ready!(lookup.as_mut().poll(cx));
                let mut decision = decision.take().expect(POLLED_AGAIN);
                decision.resolve(allowed);
                // `route` checked that it is a preflight, so there is an answer.
                let answer = preflight(policy, headers, &decision)
                    .map_or_else(Response::default, |answer| answer.map(body));
                Poll::Ready(Ok(answer))
            }
            StateProjection::ResolvingService {
                future,
                resolving,
                policy,
            } => {
                let ResolvingService {
                    lookup,
                    output,
                    decision,
                } = &mut **resolving;
                if let Some(pending) = lookup {
                    if let Poll::Ready(allowed) = pending.as_mut().poll(cx) {
                        decision.resolve(allowed);
                        *lookup = None;
                    }
                }
                if output.is_none() {
                    *output = Some(std::task::ready!(future.poll(cx)));
                }
                if lookup.is_some() {
                    return Poll::Pending;
                }
                let mut response = output.take().expect(POLLED_AGAIN)?;
                policy.apply_with(decision, response.headers_mut());
                Poll::Ready(Ok(response))
            }
        }
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    ResBody: Default,
{
    type Output = Result<Response<ResBody>, E>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().state.poll_with(
            cx,
            |policy, headers, decision| policy.preflight_with(&Method::OPTIONS, headers, decision),
            |()| ResBody::default(),
        )
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F, ExplainedRefusals>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    ResBody: Default + From<String>,
{
    type Output = Result<Response<ResBody>, E>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().state.poll_with(
            cx,
            |policy, headers, decision| {
                let deciding = Deciding::Decided(decision);
                policy.preflight_with_reason(&Method::OPTIONS, headers, deciding)
            },
            |reason: Option<String>| reason.map_or_else(ResBody::default, ResBody::from),
        )
    }
}

impl<F: Future, R: RefusalBody> std::fmt::Debug for ResponseFuture<F, R> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ResponseFuture")
            .finish_non_exhaustive()
    }
}
