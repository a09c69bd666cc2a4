//! What `cors_policy!` expands to, and what `CorsPolicy::from_toml` builds. Not public
//! API: the macro and the loader are the only authors of these values, and the policy
//! language has already validated and normalized everything they put here.

pub use crate::origins::{
    fill_slots, slot_count, OriginMatch, OriginTable, Pattern, PatternHost, PatternPort,
};
pub use http::HeaderValue;
pub use std::borrow::Cow;

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
    /// Where each key is written, for refusals explained with the key to change.
    pub places: Places,
}

/// Where the policy's keys are written in its TOML, each as `SOURCE:LINE:COLUMN`: the
/// macro's are static, a loaded policy's its own.
pub struct Places {
    /// The source's name: `nexus.toml`, `<inline>`, `<toml>`.
    pub source: Cow<'static, str>,
    /// The `[server.cors]` header; `None` when the keys are the document's own.
    pub server_cors: Option<Cow<'static, str>>,
    /// The value of each key a refusal can name; `None` for a key that is not written.
    pub allow_origins: Option<Cow<'static, str>>,
    pub allow_methods: Option<Cow<'static, str>>,
    pub allow_headers: Option<Cow<'static, str>>,
    pub allow_private_network: Option<Cow<'static, str>>,
}

impl Places {
    /// A policy whose keys are written nowhere (the macro's placeholder).
    pub const NOWHERE: Places = Places {
        source: Cow::Borrowed(""),
        server_cors: None,
        allow_origins: None,
        allow_methods: None,
        allow_headers: None,
        allow_private_network: None,
    };
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
        names: Cow<'static, [&'static str]>,
        header: Option<HeaderValue>,
    },
}

impl AllowList {
    pub const NONE: AllowList = AllowList::Listed {
        names: Cow::Borrowed(&[]),
        header: None,
    };
}
