//! What a policy decided about a request's origin, as a value a server keeps from before
//! its handler runs until the response exists (SPEC §9.5): the request can then move into
//! the handler, and nothing of it needs to be cloned but the origin's value.

use std::fmt;

use http::HeaderValue;

use crate::origin::Origin;

/// What [`CorsPolicy::decide_origin`](crate::CorsPolicy::decide_origin) found in a
/// request's `Origin`: allowed (listed, matched by a pattern, `"*"`, or allowed by a
/// resolver), refused, not a CORS request, or an origin the policy leaves to a resolver.
///
/// Read it before the handler takes the request, and hand it to
/// [`CorsPolicy::apply_with`](crate::CorsPolicy::apply_with) once the response exists (and
/// to [`CorsPolicy::preflight_with`](crate::CorsPolicy::preflight_with) before that). It
/// keeps the request's origin value, a clone that shares its bytes, and allocates nothing.
///
/// An origin the policy does not allow, but that a browser could have sent, is left
/// [`to_resolve`](OriginDecision::to_resolve): a server that keeps origins elsewhere asks
/// its own store and calls [`resolve`](OriginDecision::resolve) with the answer. One that
/// does not just passes the decision on: an origin left undecided is refused.
#[derive(Clone)]
pub struct OriginDecision {
    pub(crate) verdict: Verdict,
}

#[derive(Clone)]
pub(crate) enum Verdict {
    /// No `Origin`, and a policy other than `"*"`.
    NotCors,
    /// `value` is what `Access-Control-Allow-Origin` says.
    Allowed { value: HeaderValue, by: AllowedBy },
    /// Refused by the policy alone, whatever a resolver would say: `null`, a malformed or
    /// non-canonical value, several lines. The first line's value, for the log.
    Refused(HeaderValue),
    /// Not allowed by the policy, and canonical: a resolver may allow it.
    Undecided(Origin),
    /// A resolver refused it, or could not answer.
    RefusedByResolver(Origin),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AllowedBy {
    /// `allow_origins = "*"`.
    Any,
    /// An origin listed in `allow_origins`.
    Listed,
    /// A pattern of `allow_origins`.
    Pattern,
    /// A resolver.
    Resolver,
}

impl OriginDecision {
    pub(crate) const fn new(verdict: Verdict) -> OriginDecision {
        OriginDecision { verdict }
    }

    /// The origin a resolver must decide: one the policy does not allow, sent as a
    /// browser sends it. `None` when the policy decided alone: a listed or matched origin,
    /// a `"*"` policy, a request without `Origin`, or an origin no resolver should be asked
    /// about (`null`, malformed, not canonical, repeated).
    pub fn to_resolve(&self) -> Option<&Origin> {
        match &self.verdict {
            Verdict::Undecided(origin) => Some(origin),
            _ => None,
        }
    }

    /// Records a resolver's answer for the origin of [`to_resolve`](Self::to_resolve):
    /// allowed, it is answered exactly as an origin listed in `allow_origins`; refused,
    /// as any origin the policy does not allow. Does nothing to a decision the policy
    /// made alone: a resolver never overrides the policy.
    ///
    /// ```
    /// use cors_runtime::{cors_policy, CorsPolicy};
    /// use http::{header, HeaderMap, HeaderValue};
    ///
    /// static POLICY: CorsPolicy = cors_policy!(r#"allow_origins = ["https://platform.example"]"#);
    ///
    /// let mut request = HeaderMap::new();
    /// request.insert(header::ORIGIN, HeaderValue::from_static("https://shop.acme.com"));
    /// let mut decision = POLICY.decide_origin(&request);
    /// assert!(!decision.is_allowed());
    /// decision.resolve(true);
    /// assert!(decision.is_allowed());
    /// assert_eq!(format!("{decision:?}"), r#"ResolverAllowed("https://shop.acme.com")"#);
    /// ```
    pub fn resolve(&mut self, allowed: bool) {
        // Moved, not cloned: the origin's bytes are the request's, counted once.
        self.verdict = match std::mem::replace(&mut self.verdict, Verdict::NotCors) {
            Verdict::Undecided(origin) if allowed => Verdict::Allowed {
                value: origin.into_value(),
                by: AllowedBy::Resolver,
            },
            Verdict::Undecided(origin) => Verdict::RefusedByResolver(origin),
            decided => decided,
        };
    }

    /// Whether the response will carry `Access-Control-Allow-Origin`. An origin left
    /// undecided is not allowed.
    pub fn is_allowed(&self) -> bool {
        matches!(self.verdict, Verdict::Allowed { .. })
    }

    /// The value of `Access-Control-Allow-Origin`, for an allowed origin.
    pub(crate) fn allowed_value(&self) -> Option<&HeaderValue> {
        match &self.verdict {
            Verdict::Allowed { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value of `Access-Control-Allow-Origin`, for an allowed origin, moved out.
    #[cfg(feature = "tower")]
    pub(crate) fn into_allowed_value(self) -> Option<HeaderValue> {
        match self.verdict {
            Verdict::Allowed { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The origin as sent, when it is refused (or left undecided).
    pub(crate) fn refused_origin(&self) -> Option<&[u8]> {
        match &self.verdict {
            Verdict::Refused(value) => Some(value.as_bytes()),
            Verdict::Undecided(origin) | Verdict::RefusedByResolver(origin) => {
                Some(origin.as_str().as_bytes())
            }
            Verdict::NotCors | Verdict::Allowed { .. } => None,
        }
    }
}

impl fmt::Debug for OriginDecision {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, origin) = match &self.verdict {
            Verdict::NotCors => return formatter.write_str("NotCors"),
            Verdict::Allowed { by, value } => {
                let name = match by {
                    AllowedBy::Any => return formatter.write_str("Any"),
                    AllowedBy::Listed => "Listed",
                    AllowedBy::Pattern => "Matched",
                    AllowedBy::Resolver => "ResolverAllowed",
                };
                (name, value.as_bytes())
            }
            Verdict::Refused(value) => ("Refused", value.as_bytes()),
            Verdict::Undecided(origin) => ("Undecided", origin.as_str().as_bytes()),
            Verdict::RefusedByResolver(origin) => ("ResolverRefused", origin.as_str().as_bytes()),
        };
        write!(formatter, "{name}(\"{}\")", origin.escape_ascii())
    }
}
