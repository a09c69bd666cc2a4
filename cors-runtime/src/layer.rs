//! The policy as a tower [`Layer`], for axum, hyper, tonic and any other server built on
//! `tower::Service` and the `http` crate's types.

use std::future::Future;
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
pub struct CorsLayer {
    policy: &'static CorsPolicy,
}

impl CorsLayer {
    /// The layer for a policy built with [`cors_policy!`](crate::cors_policy).
    pub const fn new(policy: &'static CorsPolicy) -> CorsLayer {
        CorsLayer { policy }
    }
}

impl CorsPolicy {
    /// This policy as a tower layer: the same as [`CorsLayer::new`].
    pub const fn layer(&'static self) -> CorsLayer {
        CorsLayer::new(self)
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = Cors<S>;

    fn layer(&self, inner: S) -> Cors<S> {
        Cors {
            inner,
            policy: self.policy,
        }
    }
}

/// The service [`CorsLayer`] wraps around another.
#[derive(Debug, Clone)]
pub struct Cors<S> {
    inner: S,
    policy: &'static CorsPolicy,
}

impl<S, B, ResBody> Service<Request<B>> for Cors<S>
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
                return ResponseFuture {
                    state: State::Preflight {
                        answer: Some(answer),
                    },
                };
            }
        }
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

pin_project! {
    /// The response of [`Cors`]: the preflight's answer, or the service's response with
    /// the policy's headers added.
    pub struct ResponseFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<F> {
        Preflight {
            answer: Option<Response<()>>,
        },
        Service {
            #[pin]
            future: F,
            policy: &'static CorsPolicy,
            origin: Option<HeaderValue>,
        },
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    ResBody: Default,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProjection::Preflight { answer } => {
                let answer = answer
                    .take()
                    .expect("a ResponseFuture is not polled again once it is ready");
                Poll::Ready(Ok(answer.map(|()| ResBody::default())))
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

impl<F> std::fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ResponseFuture")
            .finish_non_exhaustive()
    }
}
