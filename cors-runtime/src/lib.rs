//! A CORS policy written in the `[server.cors]` TOML of a Nexus configuration, checked
//! entirely when the crate compiles, and answered at run time by a static, precomputed
//! matcher that allocates nothing.
//!
//! ```
//! use cors_runtime::{cors_policy, CorsPolicy};
//! use http::{header, HeaderMap, HeaderValue};
//!
//! static POLICY: CorsPolicy = cors_policy!(r#"
//!     [server.cors]
//!     allow_origins = ["https://app.example.com", "http://localhost:3000"]
//!     allow_methods = ["GET", "POST"]
//!     allow_headers = ["authorization", "content-type"]
//!     allow_credentials = true
//!     max_age = "1h"
//! "#);
//!
//! let mut request = HeaderMap::new();
//! request.insert(header::ORIGIN, HeaderValue::from_static("http://localhost:3000"));
//! let mut response = HeaderMap::new();
//! POLICY.apply(&request, &mut response);
//! assert_eq!(response[header::ACCESS_CONTROL_ALLOW_ORIGIN], "http://localhost:3000");
//! ```
//!
//! A policy that would be wrong in a browser does not compile: `"*"` origins with
//! credentials, an origin with a trailing slash, a header browsers never let a page set,
//! a duplicate, an unknown key. Every mistake of one invocation is reported at once,
//! located in the TOML:
//!
//! ```compile_fail
//! static POLICY: cors_runtime::CorsPolicy = cors_runtime::cors_policy!(r#"
//!     allow_origins = ["https://app.example.com/"]
//! "#);
//! ```
//!
//! The policy language, what fails to compile and why, and how requests are answered
//! are described in the crate's README and in [`cors_policy!`].
//!
//! A server asks the policy twice per request:
//! [`CorsPolicy::preflight`] before the handler, [`CorsPolicy::apply`] after it; one whose
//! handler takes the request reads its origin first with [`CorsPolicy::decide_origin`],
//! and answers with [`CorsPolicy::preflight_with`] and [`CorsPolicy::apply_with`], cloning
//! nothing of the request. Origins kept outside the policy, in a database, are decided by
//! a resolver ([`OriginDecision::resolve`], or `CorsLayer::allow_origin_async`). When it
//! refuses, [`CorsPolicy::refusal`] says why, and [`CorsPolicy::explain`] in words; while
//! developing, [`CorsPolicy::preflight_explained`] (or `CorsLayer::explain_refusals`) says
//! it in the body of a refused preflight, where the browser's developer tools show it.
//!
//! # Features
//!
//! - `tower` (default): `CorsLayer`, the policy as a tower `Layer` for axum, hyper and
//!   tonic.
//! - `tracing`: every refusal logged as a `debug` event with the origin and the reason.
//! - `load`: `CorsPolicy::from_toml` and `CorsPolicy::from_file`, the same policy
//!   language loaded when a server starts, for a server whose operators edit its
//!   `nexus.toml`: the same rules and words (a `PolicyError` lists every diagnostic), and
//!   a `CorsPolicy` that answers exactly as the macro's would.
//! - `allow-origin-async`: `CorsLayer::allow_origin_async`, origins the policy does not
//!   list decided by an asynchronous lookup (a database query) behind a bounded cache,
//!   for platforms whose tenants bring their own domains; needs a tokio runtime.
//!   `CorsLayer::allow_origin_if`, its synchronous form, needs only `tower`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// docs.rs marks each item a feature gates with its feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
pub mod __private;
mod decision;
#[cfg(feature = "tower")]
mod layer;
#[cfg(feature = "load")]
mod load;
mod origin;
#[cfg(feature = "allow-origin-async")]
mod origin_cache;
mod origins;
mod pattern;
mod policy;
mod refusal;
mod request;
mod resolver;

pub use cors_macros::cors_policy;
pub use decision::OriginDecision;
#[cfg(feature = "tower")]
pub use layer::{Cors, CorsLayer, EmptyRefusals, ExplainedRefusals, RefusalBody, ResponseFuture};
#[cfg(feature = "load")]
pub use load::{Diagnostic, Location, PolicyError};
pub use origin::Origin;
#[cfg(feature = "allow-origin-async")]
pub use origin_cache::AllowOriginAsync;
pub use policy::CorsPolicy;
pub use refusal::{Explained, Refusal};
pub use resolver::{AllowOriginIf, NoResolver, OriginResolver, ResolverError};
