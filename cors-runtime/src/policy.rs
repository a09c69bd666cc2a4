use http::header::{
    Entry, HeaderMap, HeaderName, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS,
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, CONTENT_TYPE, ORIGIN, VARY,
};
use http::{Method, Response, StatusCode};
use std::borrow::Cow;
use std::sync::OnceLock;

use crate::__private::{AllowList, OriginMatch, OriginTable, Origins, Parts, Places};
use crate::decision::{AllowedBy, OriginDecision, Verdict};
use crate::origin::Origin;
use crate::refusal::{Explained, Refusal};
use crate::request::{
    is_token, same_bytes, trim_ows, RequestHeadersRefusal, RequestedHeaders, SingleLine,
};

/// [`Access-Control-Request-Private-Network`](https://wicg.github.io/private-network-access/#headers):
/// a private-network preflight.
const ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
/// [`Access-Control-Allow-Private-Network`](https://wicg.github.io/private-network-access/#headers).
const ACCESS_CONTROL_ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

/// The `Content-Type` of a refusal explained in its body.
const TEXT_PLAIN: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");

const TRUE: HeaderValue = HeaderValue::from_static("true");
/// A static, not a const: `allowed_origin` lends it out like a request's own value.
static ANY_ORIGIN: HeaderValue = HeaderValue::from_static("*");
const ANY_METHOD: HeaderValue = HeaderValue::from_static("*");
/// `*` alone never covers `Authorization` (Fetch: "CORS non-wildcard request-header
/// name"), so a policy whose `allow_headers = "*"` names it too.
const ANY_HEADER: HeaderValue = HeaderValue::from_static("*, authorization");

const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("origin");
const VARY_ORIGIN_METHOD: HeaderValue =
    HeaderValue::from_static("origin, access-control-request-method");
const VARY_ORIGIN_HEADERS: HeaderValue =
    HeaderValue::from_static("origin, access-control-request-headers");
const VARY_ORIGIN_METHOD_HEADERS: HeaderValue = HeaderValue::from_static(
    "origin, access-control-request-method, access-control-request-headers",
);

/// Prebuilt echoes of the methods browsers send most, so that echoing them costs nothing.
const ECHOED_METHODS: [HeaderValue; 7] = [
    HeaderValue::from_static("DELETE"),
    HeaderValue::from_static("GET"),
    HeaderValue::from_static("HEAD"),
    HeaderValue::from_static("OPTIONS"),
    HeaderValue::from_static("PATCH"),
    HeaderValue::from_static("POST"),
    HeaderValue::from_static("PUT"),
];

/// A CORS policy, written in TOML and checked when the crate is compiled.
///
/// Build one with [`cors_policy!`](crate::cors_policy); there is no other constructor, so
/// every `CorsPolicy` in a program passed every check of the policy language. Every
/// header value it sends, except what it echoes from the request, was built by the macro.
///
/// A server asks it twice per request: [`preflight`](CorsPolicy::preflight) before the
/// handler (a preflight is answered here and the handler never runs), then
/// [`apply`](CorsPolicy::apply) to the handler's response.
///
/// ```
/// use cors_runtime::{cors_policy, CorsPolicy};
/// use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
///
/// static POLICY: CorsPolicy = cors_policy!(r#"
///     allow_origins = ["https://app.example.com"]
///     allow_methods = ["PUT"]
///     allow_headers = ["authorization"]
///     allow_credentials = true
/// "#);
///
/// // A browser's preflight for a PUT with an Authorization header.
/// let mut request = HeaderMap::new();
/// request.insert(header::ORIGIN, HeaderValue::from_static("https://app.example.com"));
/// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("PUT"));
/// request.insert(header::ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_static("authorization"));
/// let answer = POLICY.preflight(&Method::OPTIONS, &request).expect("a preflight");
/// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
/// assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com");
///
/// // The PUT itself: the handler runs, then the policy adds its headers.
/// request.remove(header::ACCESS_CONTROL_REQUEST_METHOD);
/// request.remove(header::ACCESS_CONTROL_REQUEST_HEADERS);
/// assert!(POLICY.preflight(&Method::PUT, &request).is_none());
/// let mut response = HeaderMap::new();
/// POLICY.apply(&request, &mut response);
/// assert_eq!(response[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
/// assert_eq!(response[header::VARY], "origin");
/// ```
pub struct CorsPolicy {
    parts: Parts,
    /// The headers of an allowed preflight's answer, built from the prebuilt values at the
    /// first preflight and cloned for each one after, as one clone costs less than
    /// inserting each header. The second answers private-network preflights.
    preflight_answers: [OnceLock<HeaderMap>; 2],
}

/// What an allowed preflight is answered with, borrowed from the request where echoed.
struct Grant<'r> {
    origin: &'r HeaderValue,
    method: &'r HeaderValue,
    headers: RequestedHeaders<'r>,
    private_network: bool,
}

/// What a preflight's answer depends on, each header found once: `Origin`,
/// `Access-Control-Request-Method`, whether there may be an
/// `Access-Control-Request-Headers`, and the first
/// `Access-Control-Request-Private-Network`.
pub struct PreflightRequest<'r> {
    headers: &'r HeaderMap,
    pub(crate) origin: SingleLine<'r>,
    method: SingleLine<'r>,
    /// `false` when a scan found no `Access-Control-Request-Headers` line.
    may_have_request_headers: bool,
    private_network: Scanned<'r>,
}

/// A header a scan of the request found (or did not), or that is yet to be looked up.
#[derive(Clone, Copy)]
enum Scanned<'r> {
    Found(Option<&'r HeaderValue>),
    NotScanned,
}

impl<'r> PreflightRequest<'r> {
    /// `Some` for a preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
    pub(crate) fn classify(
        method: &Method,
        headers: &'r HeaderMap,
    ) -> Option<PreflightRequest<'r>> {
        if method != Method::OPTIONS {
            return None;
        }
        let request = if headers.len() <= SCANNED_LINES {
            Self::scan(headers)
        } else {
            Self::look_up(headers)
        };
        (request.origin.first().is_some() && request.method.first().is_some()).then_some(request)
    }

    /// One pass over a browser-sized request: comparing each of its dozen lines' names with
    /// the four costs less than four hashed lookups, one of a 38-byte custom name.
    fn scan(headers: &'r HeaderMap) -> Self {
        let mut request = Self::empty(headers);
        for (name, value) in headers {
            if *name == ORIGIN {
                request.origin.add(value);
            } else if *name == ACCESS_CONTROL_REQUEST_METHOD {
                request.method.add(value);
            } else if *name == ACCESS_CONTROL_REQUEST_HEADERS {
                request.may_have_request_headers = true;
            } else if *name == ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK {
                if let Scanned::Found(first @ None) = &mut request.private_network {
                    *first = Some(value);
                }
            }
        }
        request
    }

    /// The same as [`scan`](Self::scan), by lookups, for a request of many lines (a
    /// hostile one may have thousands), whose scan would take longer. What a refusal may
    /// make unneeded is looked up only when it is needed.
    fn look_up(headers: &'r HeaderMap) -> Self {
        PreflightRequest {
            origin: SingleLine::of(headers.get_all(ORIGIN)),
            method: SingleLine::of(headers.get_all(ACCESS_CONTROL_REQUEST_METHOD)),
            may_have_request_headers: true,
            private_network: Scanned::NotScanned,
            headers,
        }
    }

    fn empty(headers: &'r HeaderMap) -> Self {
        PreflightRequest {
            headers,
            origin: SingleLine::default(),
            method: SingleLine::default(),
            may_have_request_headers: false,
            private_network: Scanned::Found(None),
        }
    }

    /// `Access-Control-Request-Private-Network: true` (its first line).
    fn private_network_requested(&self) -> bool {
        let line = match self.private_network {
            Scanned::Found(line) => line,
            Scanned::NotScanned => self.headers.get(ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK),
        };
        line.is_some_and(|value| value == "true")
    }

    /// The first `Origin` line, as sent.
    fn origin(&self) -> &'r [u8] {
        self.origin.first().map_or(&[], HeaderValue::as_bytes)
    }
}

/// Who decides a preflight's origin: the policy alone, or a decision made before.
#[derive(Clone, Copy)]
pub enum Deciding<'r> {
    Alone,
    Decided(&'r OriginDecision),
}

/// Up to this many header lines, a preflight's headers are found by one scan of the map.
const SCANNED_LINES: usize = 24;

impl CorsPolicy {
    #[doc(hidden)]
    pub const fn __from_parts(parts: Parts) -> CorsPolicy {
        CorsPolicy {
            parts,
            preflight_answers: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The policy a failed `cors_policy!` stands for beside its compile errors, so that
    /// they are the only errors the user sees. It allows nothing.
    #[doc(hidden)]
    pub const fn __placeholder() -> CorsPolicy {
        CorsPolicy::__from_parts(Parts {
            origins: Origins::Listed(OriginTable {
                listed: Cow::Borrowed(&[]),
                exact: Cow::Borrowed(&[]),
                slots: Cow::Borrowed(&[]),
                patterns: Cow::Borrowed(&[]),
            }),
            allow_credentials: false,
            methods: AllowList::NONE,
            headers: AllowList::NONE,
            expose_headers: None,
            max_age: None,
            allow_private_network: false,
            places: Places::NOWHERE,
        })
    }

    /// Answers a [CORS preflight](https://developer.mozilla.org/en-US/docs/Glossary/Preflight_request).
    ///
    /// Returns `Some(response)` when the request is a preflight (`OPTIONS` with `Origin`
    /// and [`Access-Control-Request-Method`](https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Request-Method)):
    /// send it as it is, with an empty body, and do not run the handler. It is `204 No
    /// Content` with the `Access-Control-Allow-*` headers a browser needs when the policy
    /// allows the request, and `403 Forbidden` with none of them otherwise.
    ///
    /// Returns `None` for every other request: run the handler, then call
    /// [`apply`](CorsPolicy::apply) on its response.
    ///
    /// A refused preflight's reason is not in its answer: [`refusal`](CorsPolicy::refusal)
    /// gives it, and while developing, [`preflight_explained`](CorsPolicy::preflight_explained)
    /// answers with it in the body.
    ///
    /// `Access-Control-Request-Headers` is read within fixed bounds: more than 16 lines,
    /// 4096 bytes or 64 names is refused before anything is scanned.
    ///
    /// It allocates the response's header map and nothing else. An allowed answer is a
    /// clone of one the policy builds at its first allowed preflight, with the request's
    /// origin (and what the policy echoes) written in.
    #[must_use]
    pub fn preflight(&self, method: &Method, request_headers: &HeaderMap) -> Option<Response<()>> {
        self.answer_preflight(method, request_headers, Deciding::Alone)
            .map(|(answer, _)| answer)
    }

    /// [`preflight`](CorsPolicy::preflight), saying why in the body of a `403`: for a
    /// server under development, whose developers read a refused preflight's answer in
    /// their browser's developer tools. **Do not use it in production** (see below).
    ///
    /// Returns `None` for what is not a preflight, as `preflight` does. An allowed
    /// preflight's answer is `preflight`'s, with an empty body. A refused one's is
    /// `preflight`'s `403` with the same headers, plus
    /// [`Content-Type`](https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Type)`:
    /// text/plain; charset=utf-8` and a body of one line (no line break), the words of
    /// [`explain`](CorsPolicy::explain): the refusal, the key to change and where it is
    /// written, `method "PUT" is not in allow_methods (nexus.toml:3:17)`.
    ///
    /// # Why it is not the default
    ///
    /// The body tells whoever sends a preflight what the policy allows and where it is
    /// configured: the names of its keys, the path of its file, the lines they are on.
    /// Anyone can send a preflight (`curl -X OPTIONS` is enough), so a public server
    /// should not say this. It only helps a developer: a browser never hands a failed
    /// preflight's body to the page (its
    /// [`fetch`](https://developer.mozilla.org/en-US/docs/Web/API/Window/fetch) fails with
    /// a bare network error), but its developer tools show the response, body included.
    /// Answering from this method rather than `preflight` is the opt-in; a server picks
    /// one of the two once, for example from its configuration.
    ///
    /// With the `tower` feature, `CorsLayer::explain_refusals` does the same in a tower
    /// layer.
    ///
    /// ```
    /// use cors_runtime::{cors_policy, CorsPolicy};
    /// use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
    ///
    /// static POLICY: CorsPolicy = cors_policy!(r#"
    /// allow_origins = "https://app.example.com"
    /// allow_methods = ["GET", "POST"]
    /// "#);
    ///
    /// let mut request = HeaderMap::new();
    /// request.insert(header::ORIGIN, HeaderValue::from_static("https://app.example.com"));
    /// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("PUT"));
    /// let answer = POLICY.preflight_explained(&Method::OPTIONS, &request).expect("a preflight");
    /// assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    /// assert_eq!(answer.headers()[header::CONTENT_TYPE], "text/plain; charset=utf-8");
    /// assert_eq!(answer.body(), r#"method "PUT" is not in allow_methods (<inline>:3:17)"#);
    ///
    /// // An allowed preflight is answered as `preflight` answers it, with an empty body.
    /// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("POST"));
    /// let answer = POLICY.preflight_explained(&Method::OPTIONS, &request).expect("a preflight");
    /// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    /// assert_eq!(answer.body(), "");
    /// ```
    ///
    /// A server with another body type converts the answer, `answer.map(Body::from)`.
    #[must_use]
    pub fn preflight_explained(
        &self,
        method: &Method,
        request_headers: &HeaderMap,
    ) -> Option<Response<String>> {
        let answer = self.preflight_with_reason(method, request_headers, Deciding::Alone)?;
        Some(answer.map(Option::unwrap_or_default))
    }

    /// `preflight_explained`'s answer, whose body is `None` when it is empty (allowed).
    pub(crate) fn preflight_with_reason<'r>(
        &self,
        method: &Method,
        request_headers: &'r HeaderMap,
        deciding: Deciding<'r>,
    ) -> Option<Response<Option<String>>> {
        let answer = self.answer_preflight(method, request_headers, deciding)?;
        Some(self.with_reason(answer))
    }

    /// A preflight's answer with its refusal, if any, said in its body.
    pub(crate) fn with_reason(
        &self,
        (answer, refusal): (Response<()>, Option<Refusal<'_>>),
    ) -> Response<Option<String>> {
        let Some(refusal) = refusal else {
            return answer.map(|()| None);
        };
        let (mut parts, ()) = answer.into_parts();
        parts.headers.reserve(1);
        parts.headers.insert(CONTENT_TYPE, TEXT_PLAIN);
        Response::from_parts(parts, Some(self.explain(refusal).to_string()))
    }

    /// The answer to a preflight, and why it is refused if it is. Inlined, so that
    /// `preflight`, which drops the reason, pays nothing for returning it.
    #[inline(always)]
    pub(crate) fn answer_preflight<'r>(
        &self,
        method: &Method,
        request_headers: &'r HeaderMap,
        deciding: Deciding<'r>,
    ) -> Option<(Response<()>, Option<Refusal<'r>>)> {
        let request = PreflightRequest::classify(method, request_headers)?;
        let allowed_origin = match deciding {
            Deciding::Alone => self.allowed_origin(&request.origin),
            Deciding::Decided(decision) => decision.allowed_value(),
        };
        Some(self.answer_classified(&request, allowed_origin))
    }

    /// The answer to this preflight, whose origin is allowed with `allowed_origin` (or
    /// not, `None`), and why it is refused if it is.
    #[inline(always)]
    pub(crate) fn answer_classified<'r: 'g, 'g>(
        &self,
        request: &PreflightRequest<'r>,
        allowed_origin: Option<&'g HeaderValue>,
    ) -> (Response<()>, Option<Refusal<'r>>) {
        let mut response = Response::new(());
        match self.check_preflight(request, allowed_origin) {
            Ok(grant) => {
                *response.status_mut() = StatusCode::NO_CONTENT;
                *response.headers_mut() = self.allowed_preflight_headers(&grant);
                (response, None)
            }
            Err(refusal) => {
                log_refusal(
                    "CORS preflight refused",
                    request.origin(),
                    self.explain(refusal),
                );
                *response.status_mut() = StatusCode::FORBIDDEN;
                if let Some(vary) = self.preflight_vary() {
                    let headers = response.headers_mut();
                    headers.reserve(1);
                    headers.insert(VARY, vary);
                }
                (response, Some(refusal))
            }
        }
    }

    /// Why the policy refuses this request, if it does: for a preflight, the first check
    /// it fails (its answer from [`preflight`](CorsPolicy::preflight) is `403`); for an
    /// actual CORS request, an origin that is not allowed (its response gets no CORS
    /// headers from [`apply`](CorsPolicy::apply)). `None` for an allowed request and for a
    /// request without `Origin`.
    ///
    /// It repeats the checks `preflight` and `apply` make, so call it only to say why,
    /// for example once a preflight was answered `403`.
    pub fn refusal<'r>(
        &self,
        method: &Method,
        request_headers: &'r HeaderMap,
    ) -> Option<Refusal<'r>> {
        if let Some(request) = PreflightRequest::classify(method, request_headers) {
            return self
                .check_preflight(&request, self.allowed_origin(&request.origin))
                .err();
        }
        let origins = SingleLine::of(request_headers.get_all(ORIGIN));
        let origin = origins.first()?;
        let allowed = self.allowed_origin(&origins).is_some();
        (!allowed).then_some(Refusal::OriginNotAllowed {
            origin: origin.as_bytes(),
        })
    }

    /// A refusal in words, with the key to change and where it is written in the TOML:
    /// `method "PUT" is not in allow_methods (nexus.toml:3:17)`. The same words as
    /// `cors-check` and the `tracing` events use.
    ///
    /// ```
    /// use cors_runtime::{cors_policy, CorsPolicy};
    /// use http::{header, HeaderMap, HeaderValue, Method};
    ///
    /// static POLICY: CorsPolicy = cors_policy!(r#"
    /// allow_origins = "https://app.example.com"
    /// allow_methods = ["GET", "POST"]
    /// "#);
    ///
    /// let mut request = HeaderMap::new();
    /// request.insert(header::ORIGIN, HeaderValue::from_static("https://app.example.com"));
    /// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("PUT"));
    /// let refusal = POLICY.refusal(&Method::OPTIONS, &request).unwrap();
    /// assert_eq!(
    ///     POLICY.explain(refusal).to_string(),
    ///     r#"method "PUT" is not in allow_methods (<inline>:3:17)"#
    /// );
    /// ```
    pub fn explain<'p, 'r>(&'p self, refusal: Refusal<'r>) -> Explained<'p, 'r> {
        Explained {
            refusal,
            places: &self.parts.places,
        }
    }

    /// Adds the CORS headers to the response of a request that was not a preflight.
    ///
    /// For an allowed origin it sets
    /// [`Access-Control-Allow-Origin`](https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Origin)
    /// (replacing any the handler set, so there is exactly one),
    /// [`Access-Control-Allow-Credentials`](https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Credentials)
    /// with credentials, and
    /// [`Access-Control-Expose-Headers`](https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Expose-Headers)
    /// when configured, whatever the response's status. Any other origin gets no CORS
    /// header: the browser then keeps the response from the page.
    ///
    /// Unless the policy is `allow_origins = "*"`, the answer depends on the request's
    /// `Origin`, so `origin` is added to
    /// [`Vary`](https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Vary)
    /// on every response, allowed or not, CORS or not: existing `Vary` values are kept,
    /// `origin` is never named twice, and `Vary: *` is left alone.
    ///
    /// It allocates nothing beyond what the response map itself needs to grow.
    pub fn apply(&self, request_headers: &HeaderMap, response_headers: &mut HeaderMap) {
        let origin = self.actual_origin(request_headers).cloned();
        self.apply_for_origin(origin, response_headers);
    }

    /// Reads the request's `Origin` and decides it, as [`apply`](CorsPolicy::apply) and
    /// [`preflight`](CorsPolicy::preflight) would: the first of two steps, for a server
    /// that calls the policy itself and hands the request to its handler before the
    /// response exists. Keep the small value it returns, then give it to
    /// [`apply_with`](CorsPolicy::apply_with) (or, before the handler,
    /// [`preflight_with`](CorsPolicy::preflight_with)).
    ///
    /// An origin the policy does not allow but that a browser could have sent is left
    /// to a resolver: [`OriginDecision::to_resolve`] names it, and
    /// [`OriginDecision::resolve`] records the answer. A listed origin, a pattern's, a
    /// `"*"` policy, `null` and malformed values are decided here, and never reach a
    /// resolver.
    ///
    /// It allocates nothing: the decision keeps a clone of the request's value, which
    /// shares its bytes.
    ///
    /// ```
    /// use cors_runtime::{cors_policy, CorsPolicy};
    /// use http::{header, HeaderMap, HeaderValue, Method, Request, Response};
    ///
    /// static POLICY: CorsPolicy = cors_policy!(r#"
    ///     allow_origins = ["https://platform.example"]
    ///     allow_methods = ["PUT"]
    ///     allow_credentials = true
    /// "#);
    ///
    /// /// The origins the platform's tenants brought, kept where the server keeps them.
    /// fn is_tenant(origin: &str) -> bool {
    ///     origin == "https://shop.acme.com"
    /// }
    ///
    /// fn handle(request: Request<String>) -> Response<String> {
    ///     Response::new(format!("stored {} bytes", request.body().len()))
    /// }
    ///
    /// fn serve(request: Request<String>) -> Response<String> {
    ///     let mut origin = POLICY.decide_origin(request.headers());
    ///     if let Some(unlisted) = origin.to_resolve() {
    ///         let allowed = is_tenant(unlisted.as_str());
    ///         origin.resolve(allowed);
    ///     }
    ///     if let Some(answer) = POLICY.preflight_with(request.method(), request.headers(), &origin) {
    ///         return answer.map(|()| String::new());
    ///     }
    ///     let mut response = handle(request); // the request moves into the handler
    ///     POLICY.apply_with(&origin, response.headers_mut());
    ///     response
    /// }
    ///
    /// let call = |origin: &'static str| {
    ///     let request = Request::put("/items")
    ///         .header(header::ORIGIN, origin)
    ///         .body("{}".to_owned())
    ///         .unwrap();
    ///     serve(request)
    /// };
    /// let tenant = call("https://shop.acme.com");
    /// assert_eq!(tenant.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://shop.acme.com");
    /// assert_eq!(tenant.headers()[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    /// let stranger = call("https://elsewhere.example");
    /// assert!(!stranger.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    /// assert_eq!(stranger.headers()[header::VARY], "origin");
    ///
    /// let preflight = Request::options("/items")
    ///     .header(header::ORIGIN, "https://shop.acme.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
    ///     .body(String::new())
    ///     .unwrap();
    /// assert_eq!(serve(preflight).status(), 204);
    /// ```
    #[must_use]
    pub fn decide_origin(&self, request_headers: &HeaderMap) -> OriginDecision {
        self.decide(&SingleLine::of(request_headers.get_all(ORIGIN)))
    }

    /// [`decide_origin`](CorsPolicy::decide_origin) for these `Origin` lines.
    pub(crate) fn decide(&self, origins: &SingleLine<'_>) -> OriginDecision {
        let table = match &self.parts.origins {
            Origins::Any => {
                return OriginDecision::new(Verdict::Allowed {
                    value: ANY_ORIGIN.clone(),
                    by: AllowedBy::Any,
                })
            }
            Origins::Listed(table) => table,
        };
        if let Some(origin) = origins.only() {
            match table.matches(origin.as_bytes()) {
                Some(OriginMatch::Exact(configured)) => {
                    return OriginDecision::new(Verdict::Allowed {
                        value: configured.clone(),
                        by: AllowedBy::Listed,
                    })
                }
                Some(OriginMatch::Echo) => {
                    return OriginDecision::new(Verdict::Allowed {
                        value: origin.clone(),
                        by: AllowedBy::Pattern,
                    })
                }
                None => {}
            }
        }
        Self::decide_unmatched(origins)
    }

    /// The decision for `Origin` lines that no listed origin or pattern allows: not CORS,
    /// refused, or, for an origin a browser could have sent, left to a resolver.
    pub(crate) fn decide_unmatched(origins: &SingleLine<'_>) -> OriginDecision {
        let Some(first) = origins.first() else {
            return OriginDecision::new(Verdict::NotCors);
        };
        let Some(origin) = origins.only() else {
            return OriginDecision::new(Verdict::Refused(first.clone()));
        };
        OriginDecision::new(match Origin::parse(origin) {
            Some(origin) => Verdict::Undecided(origin),
            None => Verdict::Refused(origin.clone()),
        })
    }

    /// [`preflight`](CorsPolicy::preflight), with the origin decided by
    /// [`decide_origin`](CorsPolicy::decide_origin) (and a resolver) for this request: an
    /// origin allowed there is answered as a listed one, and every other check of the
    /// preflight still applies. An origin left undecided is refused.
    ///
    /// The decision must be this request's.
    #[must_use]
    pub fn preflight_with(
        &self,
        method: &Method,
        request_headers: &HeaderMap,
        origin: &OriginDecision,
    ) -> Option<Response<()>> {
        self.answer_preflight(method, request_headers, Deciding::Decided(origin))
            .map(|(answer, _)| answer)
    }

    /// [`apply`](CorsPolicy::apply), with the origin decided by
    /// [`decide_origin`](CorsPolicy::decide_origin) before the handler took the request:
    /// the same headers, allocating nothing. An origin left undecided is refused.
    pub fn apply_with(&self, origin: &OriginDecision, response_headers: &mut HeaderMap) {
        self.log_refused(origin);
        self.apply_for_origin(origin.allowed_value().cloned(), response_headers);
    }

    /// With the `tracing` feature, logs an origin the decision refuses.
    pub(crate) fn log_refused(&self, decision: &OriginDecision) {
        if let Some(refused) = decision.refused_origin() {
            let refusal = Refusal::OriginNotAllowed { origin: refused };
            log_refusal("CORS origin not allowed", refused, self.explain(refusal));
        }
    }

    /// The validated policy, field by field (the layer's view of it).
    #[cfg(feature = "tower")]
    pub(crate) fn parts(&self) -> &Parts {
        &self.parts
    }

    /// `apply` in two steps, for a caller that hands the request on before the response
    /// exists: this part reads the request (and logs a refused origin).
    pub(crate) fn actual_origin<'a>(
        &'a self,
        request_headers: &'a HeaderMap,
    ) -> Option<&'a HeaderValue> {
        let origins = SingleLine::of(request_headers.get_all(ORIGIN));
        let allowed = self.allowed_origin(&origins);
        #[cfg(feature = "tracing")]
        if allowed.is_none() {
            if let Some(origin) = origins.first() {
                let refusal = Refusal::OriginNotAllowed {
                    origin: origin.as_bytes(),
                };
                log_refusal(
                    "CORS origin not allowed",
                    origin.as_bytes(),
                    self.explain(refusal),
                );
            }
        }
        allowed
    }

    /// The other part of `apply`: the response headers for the origin `actual_origin` found.
    pub(crate) fn apply_for_origin(
        &self,
        origin: Option<HeaderValue>,
        response_headers: &mut HeaderMap,
    ) {
        if !matches!(self.parts.origins, Origins::Any) {
            vary_on_origin(response_headers);
        }
        let Some(origin) = origin else {
            return;
        };
        response_headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if self.parts.allow_credentials {
            response_headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        if let Some(expose) = &self.parts.expose_headers {
            response_headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
    }

    /// The `Access-Control-Allow-Origin` value for a request with these `Origin` lines, if
    /// its origin is allowed. A `"*"` policy allows every request, with or without `Origin`.
    pub(crate) fn allowed_origin<'r>(
        &'r self,
        origins: &SingleLine<'r>,
    ) -> Option<&'r HeaderValue> {
        match &self.parts.origins {
            Origins::Any => Some(&ANY_ORIGIN),
            Origins::Listed(table) => {
                let origin = origins.only()?;
                match table.matches(origin.as_bytes())? {
                    OriginMatch::Exact(configured) => Some(configured),
                    OriginMatch::Echo => Some(origin),
                }
            }
        }
    }

    /// The preflight's checks after its origin's, which `allowed_origin` decided.
    fn check_preflight<'r: 'g, 'g>(
        &self,
        request: &PreflightRequest<'r>,
        allowed_origin: Option<&'g HeaderValue>,
    ) -> Result<Grant<'g>, Refusal<'r>> {
        let origin = allowed_origin.ok_or_else(|| Refusal::OriginNotAllowed {
            origin: request.origin(),
        })?;

        let refused_method = || Refusal::MethodNotAllowed {
            method: request.method.first().map_or(&[], HeaderValue::as_bytes),
        };
        let method = request
            .method
            .only()
            .filter(|method| is_token(method.as_bytes()))
            .ok_or_else(refused_method)?;
        let method_allowed = matches!(method.as_bytes(), b"GET" | b"HEAD" | b"POST")
            || match &self.parts.methods {
                AllowList::Any => true,
                AllowList::Listed { names, .. } => names
                    .iter()
                    .any(|name| same_bytes(name.as_bytes(), method.as_bytes())),
            };
        if !method_allowed {
            return Err(refused_method());
        }

        let allowed = |requested: &[u8]| match &self.parts.headers {
            AllowList::Any => true,
            // The names are lower case, as browsers send them: compare bytes first.
            AllowList::Listed { names, .. } => names.iter().any(|name| {
                same_bytes(name.as_bytes(), requested)
                    || name.as_bytes().eq_ignore_ascii_case(requested)
            }),
        };
        let headers = RequestedHeaders::check(
            request
                .may_have_request_headers
                .then(|| request.headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS)),
            allowed,
        )
        .map_err(|refusal| match refusal {
            RequestHeadersRefusal::Malformed => Refusal::MalformedRequestHeaders,
            RequestHeadersRefusal::NotAllowed(header) => Refusal::HeaderNotAllowed { header },
        })?;

        let private_network = request.private_network_requested();
        if private_network && !self.parts.allow_private_network {
            return Err(Refusal::PrivateNetworkNotAllowed);
        }

        Ok(Grant {
            origin,
            method,
            headers,
            private_network,
        })
    }

    fn allowed_preflight_headers(&self, grant: &Grant<'_>) -> HeaderMap {
        let answer = self.preflight_answers[usize::from(grant.private_network)]
            .get_or_init(|| self.preflight_answer(grant.private_network));
        let echoed_lines = match self.echoes(&self.parts.headers) {
            true => grant.headers.lines().count(),
            false => 0,
        };
        let mut headers = if echoed_lines <= 1 {
            answer.clone()
        } else {
            // A clone has no room for the further lines: a map with room for them instead.
            let mut roomy = HeaderMap::with_capacity(answer.len() + 1);
            roomy.extend(
                answer
                    .iter()
                    .map(|(name, value)| (name.clone(), value.clone())),
            );
            roomy
        };
        // The first header of the answer is its origin (`preflight_answer` puts it there),
        // reached without hashing the name.
        if let Some((name, value)) = headers.iter_mut().next() {
            debug_assert_eq!(name, ACCESS_CONTROL_ALLOW_ORIGIN);
            *value = grant.origin.clone();
        }
        // The clone has no room to spare, and `insert` makes room even to replace: the
        // stand-ins are replaced in place.
        let mut fill_in = |name: HeaderName, value: HeaderValue| {
            if let Some(stand_in) = headers.get_mut(name) {
                *stand_in = value;
            }
        };
        if self.echoes(&self.parts.methods) {
            fill_in(ACCESS_CONTROL_ALLOW_METHODS, echo_method(grant.method));
        }
        if self.echoes(&self.parts.headers) {
            let mut lines = grant.headers.lines();
            match lines.next() {
                Some(first) => {
                    fill_in(ACCESS_CONTROL_ALLOW_HEADERS, first.clone());
                    for line in lines {
                        headers.append(ACCESS_CONTROL_ALLOW_HEADERS, line.clone());
                    }
                }
                None => {
                    headers.remove(ACCESS_CONTROL_ALLOW_HEADERS);
                }
            }
        }
        headers
    }

    /// The headers every allowed preflight's answer has, with `*` standing for what each
    /// answer fills in from its request: the origin and what the policy echoes.
    fn preflight_answer(&self, private_network: bool) -> HeaderMap {
        let mut headers = HeaderMap::new();
        // First: `allowed_preflight_headers` finds it there.
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, ANY_ORIGIN.clone());
        if self.parts.allow_credentials {
            headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        match &self.parts.methods {
            // With credentials a browser reads `*` as a method named `*`: it is echoed then.
            AllowList::Any => {
                headers.insert(ACCESS_CONTROL_ALLOW_METHODS, ANY_METHOD);
            }
            AllowList::Listed { header, .. } => {
                if let Some(methods) = header {
                    headers.insert(ACCESS_CONTROL_ALLOW_METHODS, methods.clone());
                }
            }
        }
        match &self.parts.headers {
            AllowList::Any => {
                headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, ANY_HEADER);
            }
            AllowList::Listed { header, .. } => {
                if let Some(names) = header {
                    headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, names.clone());
                }
            }
        }
        if let Some(max_age) = &self.parts.max_age {
            headers.insert(ACCESS_CONTROL_MAX_AGE, max_age.clone());
        }
        if private_network {
            headers.insert(ACCESS_CONTROL_ALLOW_PRIVATE_NETWORK, TRUE);
        }
        if let Some(vary) = self.preflight_vary() {
            headers.insert(VARY, vary);
        }
        headers
    }

    /// Whether a list of `"*"` is answered by echoing the request: with credentials, a
    /// browser reads `*` as a name.
    fn echoes(&self, list: &AllowList) -> bool {
        self.parts.allow_credentials && matches!(list, AllowList::Any)
    }

    /// A preflight's answer depends on `Origin` unless every origin gets `*`, and on the
    /// request headers whose values the policy echoes.
    fn preflight_vary(&self) -> Option<HeaderValue> {
        if matches!(self.parts.origins, Origins::Any) {
            return None;
        }
        Some(
            match (
                self.echoes(&self.parts.methods),
                self.echoes(&self.parts.headers),
            ) {
                (false, false) => VARY_ORIGIN,
                (true, false) => VARY_ORIGIN_METHOD,
                (false, true) => VARY_ORIGIN_HEADERS,
                (true, true) => VARY_ORIGIN_METHOD_HEADERS,
            },
        )
    }
}

/// With the `tracing` feature, a `debug` event naming the origin and the reason, in the
/// words of [`CorsPolicy::explain`].
#[cfg(feature = "tracing")]
fn log_refusal(message: &str, origin: &[u8], reason: Explained<'_, '_>) {
    tracing::debug!(origin = %origin.escape_ascii(), %reason, "{message}");
}

#[cfg(not(feature = "tracing"))]
#[inline(always)]
fn log_refusal(_message: &str, _origin: &[u8], _reason: Explained<'_, '_>) {}

fn echo_method(method: &HeaderValue) -> HeaderValue {
    ECHOED_METHODS
        .into_iter()
        .find(|known| known == method)
        .unwrap_or_else(|| method.clone())
}

/// Appends `origin` to `Vary` unless a value already names it or is `*`.
fn vary_on_origin(response_headers: &mut HeaderMap) {
    match response_headers.entry(VARY) {
        Entry::Vacant(vacant) => {
            vacant.insert(VARY_ORIGIN);
        }
        Entry::Occupied(mut occupied) => {
            let already_varies = occupied.iter().any(|value| {
                value
                    .as_bytes()
                    .split(|&byte| byte == b',')
                    .map(trim_ows)
                    .any(|token| token == b"*" || token.eq_ignore_ascii_case(b"origin"))
            });
            if !already_varies {
                occupied.append(VARY_ORIGIN);
            }
        }
    }
}

impl std::fmt::Debug for CorsPolicy {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let any: &[&str] = &["*"];
        fn names<'a>(list: &'a AllowList, any: &'a [&'static str]) -> &'a [&'static str] {
            match list {
                AllowList::Any => any,
                AllowList::Listed { names, .. } => names,
            }
        }
        let list = |list| names(list, any);
        formatter
            .debug_struct("CorsPolicy")
            .field(
                "allow_origins",
                &match &self.parts.origins {
                    Origins::Any => any,
                    Origins::Listed(table) => &table.listed[..],
                },
            )
            .field("allow_methods", &list(&self.parts.methods))
            .field("allow_headers", &list(&self.parts.headers))
            .field("expose_headers", &self.parts.expose_headers)
            .field("allow_credentials", &self.parts.allow_credentials)
            .field("max_age", &self.parts.max_age)
            .field("allow_private_network", &self.parts.allow_private_network)
            .finish()
    }
}
