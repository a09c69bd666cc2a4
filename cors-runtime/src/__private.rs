//! What `cors_policy!` expands to. Not public API: the macro is the only author of these
//! values, and it has already validated and normalized everything it puts here.

pub use crate::pattern::OriginParts;
pub use http::HeaderValue;

/// A validated policy, field by field, as the macro writes it.
pub struct Parts {
    pub origins: Origins,
    pub allow_credentials: bool,
    pub methods: AllowList,
    pub headers: AllowList,
    /// `Access-Control-Expose-Headers`, joined at compile time (`*` or a list).
    pub expose_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`, formatted at compile time.
    pub max_age: Option<HeaderValue>,
    pub allow_private_network: bool,
}

pub enum Origins {
    /// `allow_origins = "*"`: never combined with credentials or private network.
    Any,
    /// Generated code deciding whether a request's `Origin` bytes are allowed, and the
    /// entries of `allow_origins` it was generated from.
    Matching {
        matches: fn(&[u8]) -> Option<OriginMatch>,
        listed: &'static [&'static str],
    },
}

/// How an allowed origin is answered in `Access-Control-Allow-Origin`.
#[derive(Clone, Copy)]
pub enum OriginMatch {
    /// A configured origin: its prebuilt value, equal byte for byte to the request's.
    Exact(&'static HeaderValue),
    /// Allowed by a rule rather than a literal: the request's own value is echoed.
    Echo,
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
