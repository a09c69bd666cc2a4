//! Stage 4's input: what a validated policy becomes at run time, every value decided and
//! formatted here, once, for both front-ends. `cors_policy!` writes a [`Plan`] out as the
//! tokens of a constant, `CorsPolicy::from_toml` as values; neither decides anything, so a
//! new key is added here and written out by each.

use crate::origin::Origin;
use crate::valid::{Allow, OriginEntry, Places, Policy};

/// The runtime's parts of a policy, field by field (`cors_runtime::__private::Parts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// `None` for `allow_origins = "*"`.
    pub origins: Option<OriginsPlan>,
    /// `allow_credentials`.
    pub allow_credentials: bool,
    /// `allow_methods`.
    pub methods: ListPlan,
    /// `allow_headers`.
    pub headers: ListPlan,
    /// `Access-Control-Expose-Headers`: `*`, the names, or `None` for none.
    pub expose_headers: Option<String>,
    /// `Access-Control-Max-Age`, when `max_age` is set.
    pub max_age: Option<String>,
    /// `allow_private_network`.
    pub allow_private_network: bool,
    /// Where the keys a refusal can name are written.
    pub places: PlacesPlan,
}

/// `allow_origins` as the runtime's origin table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginsPlan {
    /// Every entry as written, in order (the table's `Debug`).
    pub listed: Vec<String>,
    /// The origins compared byte for byte.
    pub exact: Vec<String>,
    /// The patterns, split into their parts.
    pub patterns: Vec<Origin>,
}

/// `allow_methods` or `allow_headers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListPlan {
    /// `"*"`.
    Any,
    /// The normalized names, and the header value listing them when there is one.
    Listed {
        /// The names.
        names: Vec<String>,
        /// `GET, POST`, or `None` for no names.
        header: Option<String>,
    },
}

/// Where each key a refusal names is written, as `SOURCE:LINE:COLUMN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacesPlan {
    /// The source's name: `nexus.toml`, `<inline>`, `<toml>`.
    pub source: String,
    /// The `[server.cors]` header; `None` when the keys are the document's own.
    pub server_cors: Option<String>,
    /// `allow_origins`'s value.
    pub allow_origins: Option<String>,
    /// `allow_methods`'s value.
    pub allow_methods: Option<String>,
    /// `allow_headers`'s value.
    pub allow_headers: Option<String>,
    /// `allow_private_network`'s value.
    pub allow_private_network: Option<String>,
}

impl Policy {
    /// What the policy becomes at run time, for a front-end to write out.
    #[doc(hidden)]
    pub fn plan(&self) -> Plan {
        Plan {
            origins: self.origins_plan(),
            allow_credentials: self.allow_credentials,
            methods: list_plan(&self.methods),
            headers: list_plan(&self.headers),
            expose_headers: match &self.expose_headers {
                Allow::Any => Some("*".to_owned()),
                listed => joined(listed),
            },
            max_age: self.max_age.map(|seconds| seconds.to_string()),
            allow_private_network: self.allow_private_network,
            places: places_plan(&self.places),
        }
    }

    fn origins_plan(&self) -> Option<OriginsPlan> {
        let Allow::Listed(listed) = &self.origins else {
            return None;
        };
        let mut plan = OriginsPlan {
            listed: listed.clone(),
            exact: Vec::new(),
            patterns: Vec::new(),
        };
        for entry in &self.origin_entries {
            match entry {
                OriginEntry::Exact(origin) => plan.exact.push(origin.clone()),
                OriginEntry::Pattern(pattern) => plan.patterns.push(pattern.clone()),
            }
        }
        Some(plan)
    }
}

fn list_plan(list: &Allow) -> ListPlan {
    match list {
        Allow::Any => ListPlan::Any,
        Allow::Listed(names) => ListPlan::Listed {
            names: names.clone(),
            header: joined(list),
        },
    }
}

/// The header value of a list of names: `None` when it is empty or `"*"`.
fn joined(list: &Allow) -> Option<String> {
    match list {
        Allow::Listed(names) if !names.is_empty() => Some(names.join(", ")),
        _ => None,
    }
}

fn places_plan(places: &Places) -> PlacesPlan {
    let place = |location: &Option<crate::Location>| location.as_ref().map(ToString::to_string);
    PlacesPlan {
        source: places.source_name.clone(),
        server_cors: place(&places.server_cors),
        allow_origins: place(&places.allow_origins),
        allow_methods: place(&places.allow_methods),
        allow_headers: place(&places.allow_headers),
        allow_private_network: place(&places.allow_private_network),
    }
}
