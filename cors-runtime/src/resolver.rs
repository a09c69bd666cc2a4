//! Origins decided outside the policy (SPEC §9): what a `CorsLayer` asks about an origin
//! its policy does not allow, and the error of asking where every origin is allowed.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::origin::Origin;

/// What a [`CorsLayer`](crate::CorsLayer) asks about an origin its policy does not allow:
/// nobody ([`NoResolver`], the default), a function ([`AllowOriginIf`]), or an
/// asynchronous lookup behind a cache (`AllowOriginAsync`, feature `allow-origin-async`).
/// Implemented by those types only.
pub trait OriginResolver: sealed::Resolve {}

/// A [`CorsLayer`](crate::CorsLayer) whose policy decides every origin alone: the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoResolver;

/// The resolver of [`CorsLayer::allow_origin_if`](crate::CorsLayer::allow_origin_if): a
/// function asked on every request that reaches it, without a cache.
#[derive(Clone)]
pub struct AllowOriginIf<F> {
    allows: F,
}

impl<F> AllowOriginIf<F> {
    #[cfg(feature = "tower")]
    pub(crate) fn new(allows: F) -> AllowOriginIf<F> {
        AllowOriginIf { allows }
    }
}

impl<F> fmt::Debug for AllowOriginIf<F> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("AllowOriginIf")
    }
}

/// A resolver's answer: now, or once a lookup ends (`false` when it failed: the failure
/// was logged where it happened).
pub enum Resolution {
    Ready(bool),
    Pending(Pin<Box<dyn Future<Output = bool> + Send>>),
}

pub(crate) mod sealed {
    use super::{Origin, Resolution};

    pub trait Resolve: Clone + Send + Sync + 'static {
        /// `false` for [`NoResolver`](super::NoResolver): the layer then never reads an
        /// origin beyond what the policy needs.
        const ASKS: bool;

        fn resolve(&self, origin: &Origin) -> Resolution;
    }
}

impl OriginResolver for NoResolver {}

impl sealed::Resolve for NoResolver {
    const ASKS: bool = false;

    fn resolve(&self, _: &Origin) -> Resolution {
        Resolution::Ready(false)
    }
}

impl<F> OriginResolver for AllowOriginIf<F> where
    F: Fn(&Origin) -> bool + Clone + Send + Sync + 'static
{
}

impl<F> sealed::Resolve for AllowOriginIf<F>
where
    F: Fn(&Origin) -> bool + Clone + Send + Sync + 'static,
{
    const ASKS: bool = true;

    fn resolve(&self, origin: &Origin) -> Resolution {
        Resolution::Ready((self.allows)(origin))
    }
}

/// A resolver given to a policy whose `allow_origins = "*"`: that policy allows every
/// origin already, so a resolver would never be asked, and the policy that was meant
/// (a list, and the resolver for the rest) is not the one written.
///
/// Returned by [`CorsLayer::allow_origin_if`](crate::CorsLayer::allow_origin_if) and
/// `CorsLayer::allow_origin_async`, instead of a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverError {
    /// Where `allow_origins` is written, `nexus.toml:3:17`.
    pub(crate) place: Option<std::borrow::Cow<'static, str>>,
}

impl fmt::Display for ResolverError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .write_str("an origin resolver was given to a policy whose allow_origins is \"*\"")?;
        if let Some(place) = &self.place {
            write!(formatter, " ({place})")?;
        }
        formatter.write_str(
            ": that policy allows every origin, so the resolver would never be asked; list \
             the origins the policy allows on its own in allow_origins, and the resolver \
             decides the others",
        )
    }
}

impl std::error::Error for ResolverError {}
