//! The policy as a tower [`Layer`], for axum, hyper, tonic and any other server built on
//! `tower::Service` and the `http` crate's types.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{HeaderValue, Method, Request, Response};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

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
pub struct CorsLayer<R = EmptyRefusals> {
    policy: &'static CorsPolicy,
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
    pub trait Sealed {
        /// The body of a preflight's answer until the future makes the service's body of it.
        type Answer;
    }

    impl Sealed for super::EmptyRefusals {
        type Answer = ();
    }

    /// `None` for an empty body (an allowed preflight), which is `ResBody::default()`.
    impl Sealed for super::ExplainedRefusals {
        type Answer = Option<String>;
    }
}

impl CorsLayer {
    /// The layer for a policy built with [`cors_policy!`](crate::cors_policy).
    pub const fn new(policy: &'static CorsPolicy) -> CorsLayer {
        CorsLayer {
            policy,
            refusals: PhantomData,
        }
    }

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
    pub const fn explain_refusals(self) -> CorsLayer<ExplainedRefusals> {
        CorsLayer {
            policy: self.policy,
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

impl<S, R> Layer<S> for CorsLayer<R> {
    type Service = Cors<S, R>;

    fn layer(&self, inner: S) -> Cors<S, R> {
        Cors {
            inner,
            policy: self.policy,
            refusals: PhantomData,
        }
    }
}

/// The service [`CorsLayer`] wraps around another.
#[derive(Debug, Clone)]
pub struct Cors<S, R = EmptyRefusals> {
    inner: S,
    policy: &'static CorsPolicy,
    refusals: PhantomData<R>,
}

impl<S, R> Cors<S, R> {
    /// The rest of `call` once the request is not answered as a preflight.
    fn call_inner<B, F>(&mut self, request: Request<B>) -> ResponseFuture<F, R>
    where
        S: Service<Request<B>, Future = F>,
        R: RefusalBody,
    {
        // Read before the request moves into the service; a configured origin's value is
        // static, so this clone copies no bytes.
        let origin = self.policy.actual_origin(request.headers()).cloned();
        ResponseFuture {
            state: State::Service {
                future: self.inner.call(request),
                policy: self.policy,
                origin,
            },
        }
    }
}

impl<S, B, ResBody> Service<Request<B>> for Cors<S, EmptyRefusals>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // Only an `OPTIONS` can be a preflight: every other request skips the call.
        if request.method() == Method::OPTIONS {
            if let Some(answer) = self.policy.preflight(request.method(), request.headers()) {
                return ResponseFuture::answered(answer);
            }
        }
        self.call_inner(request)
    }
}

impl<S, B, ResBody> Service<Request<B>> for Cors<S, ExplainedRefusals>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    ResBody: Default + From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ExplainedRefusals>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        if request.method() == Method::OPTIONS {
            if let Some(answer) = self
                .policy
                .preflight_with_reason(request.method(), request.headers())
            {
                return ResponseFuture::answered(answer);
            }
        }
        self.call_inner(request)
    }
}

pin_project! {
    /// The response of [`Cors`]: the preflight's answer, or the service's response with
    /// the policy's headers added.
    pub struct ResponseFuture<F, R: RefusalBody = EmptyRefusals> {
        #[pin]
        state: State<F, <R as sealed::Sealed>::Answer>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<F, A> {
        Preflight {
            answer: Option<Response<A>>,
        },
        Service {
            #[pin]
            future: F,
            policy: &'static CorsPolicy,
            origin: Option<HeaderValue>,
        },
    }
}

impl<F, R: RefusalBody> ResponseFuture<F, R> {
    fn answered(answer: Response<<R as sealed::Sealed>::Answer>) -> ResponseFuture<F, R> {
        ResponseFuture {
            state: State::Preflight {
                answer: Some(answer),
            },
        }
    }
}

impl<F, A> State<F, A> {
    /// The response: the preflight's answer, with its body made by `body`, or the
    /// service's response with the policy's headers.
    fn poll_with<ResBody, E>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        body: impl FnOnce(A) -> ResBody,
    ) -> Poll<Result<Response<ResBody>, E>>
    where
        F: Future<Output = Result<Response<ResBody>, E>>,
    {
        match self.project() {
            StateProjection::Preflight { answer } => {
                let answer = answer
                    .take()
                    .expect("a ResponseFuture is not polled again once it is ready");
                Poll::Ready(Ok(answer.map(body)))
            }
            StateProjection::Service {
                future,
                policy,
                origin,
            } => {
                let mut response = std::task::ready!(future.poll(cx))?;
                policy.apply_for_origin(origin.as_ref(), response.headers_mut());
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
        self.project().state.poll_with(cx, |()| ResBody::default())
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
        self.project()
            .state
            .poll_with(cx, |reason: Option<String>| {
                reason.map_or_else(ResBody::default, ResBody::from)
            })
    }
}

impl<F, R: RefusalBody> std::fmt::Debug for ResponseFuture<F, R> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ResponseFuture")
            .finish_non_exhaustive()
    }
}
