//! What `cors_policy!` expands to, and what `CorsPolicy::from_toml` builds. Not public
//! API: the macro and the loader are the only authors of these values, and the policy
//! language has already validated and normalized everything they put here.

pub use crate::origins::{
    fill_slots, slot_count, OriginMatch, OriginTable, Pattern, PatternHost, PatternPort,
};
pub use http::HeaderValue;

/// A validated policy, field by field.
pub struct Parts {
    pub origins: Origins,
    pub allow_credentials: bool,
    pub methods: AllowList,
    pub headers: AllowList,
    /// `Access-Control-Expose-Headers`, joined by the policy language (`*` or a list).
    pub expose_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`, formatted by the policy language.
    pub max_age: Option<HeaderValue>,
    pub allow_private_network: bool,
}

pub enum Origins {
    /// `allow_origins = "*"`: never combined with credentials or private network.
    Any,
    /// The listed origins and patterns.
    Listed(OriginTable),
}

/// `allow_methods` or `allow_headers`.
pub enum AllowList {
    /// `"*"`.
    Any,
    /// Normalized names (methods as §1.3 says; header names lowercase) and, when there is
    /// at least one, the header value listing them.
    Listed {
        names: &'static [&'static str],
        header: Option<HeaderValue>,
    },
}

impl AllowList {
    pub const NONE: AllowList = AllowList::Listed {
        names: &[],
        header: None,
    };
}
