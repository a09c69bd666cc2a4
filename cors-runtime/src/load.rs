//! The policy language at start-up (SPEC §6): the same TOML, rules and words as
//! `cors_policy!`, read when the server starts, into the same `CorsPolicy`.

use std::fmt;
use std::path::Path;

use cors_config::{Allow, Host, OriginEntry, Port};
use http::HeaderValue;

use crate::__private::{
    fill_slots, slot_count, AllowList, OriginTable, Origins, Parts, Pattern, PatternHost,
    PatternPort, Places,
};
use crate::CorsPolicy;

pub use cors_config::{Diagnostic, Location};

/// Every mistake of a policy that [`CorsPolicy::from_toml`] or
/// [`CorsPolicy::from_file`] refused, or why its file could not be read.
///
/// Its `Display` prints every diagnostic as `cors_policy!` renders it, a blank line
/// between two: the message, `--> SOURCE:LINE:COLUMN`, the TOML line with carets under
/// the value, and `= help: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    diagnostics: Vec<Diagnostic>,
}

impl PolicyError {
    /// Each mistake, in the order of the text, with its message, help and position, for a
    /// program that reports them its own way.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.diagnostics.iter().enumerate() {
            if index > 0 {
                formatter.write_str("\n\n")?;
            }
            write!(formatter, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

impl CorsPolicy {
    /// Loads a policy from TOML text: a whole Nexus configuration (its `[server.cors]`)
    /// or just the keys of the cors table, checked by every rule `cors_policy!` checks,
    /// with every mistake reported at once, located as `<toml>:LINE:COLUMN`.
    ///
    /// `{{ env.NAME }}` is replaced from this process's environment, now.
    ///
    /// ```
    /// use cors_runtime::CorsPolicy;
    ///
    /// let policy = CorsPolicy::from_toml(r#"
    ///     [server.cors]
    ///     allow_origins = ["https://app.example.com"]
    ///     allow_credentials = true
    /// "#)?;
    /// # let _ = policy;
    ///
    /// let error = CorsPolicy::from_toml(r#"allow_origins = ["https://app.example.com/"]"#)
    ///     .unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     r#"`allow_origins` entry "https://app.example.com/" has a trailing `/`: an `Origin` header is only the scheme, host and port, so it would never match
    ///  --> <toml>:1:18
    ///   |
    /// 1 | allow_origins = ["https://app.example.com/"]
    ///   |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^
    ///   = help: write "https://app.example.com""#
    /// );
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    ///
    /// Its tables are allocated once and kept for the rest of the process, as the
    /// macro's are statics: load a policy once, when the server starts, and keep it (a
    /// [`CorsLayer`](crate::CorsLayer) needs it `'static`, in a `static OnceLock` or
    /// leaked). Each load keeps its own, a few dozen bytes per entry.
    pub fn from_toml(text: &str) -> Result<CorsPolicy, PolicyError> {
        load(text, "<toml>")
    }

    /// Loads a policy from a file, as [`from_toml`](CorsPolicy::from_toml) does; a
    /// relative path is read from the working directory, and diagnostics name the path
    /// as given (`nexus.toml:3:18`). A missing, unreadable or non-UTF-8 file is a
    /// `PolicyError` that names the path and the reason.
    ///
    /// ```no_run
    /// use cors_runtime::CorsPolicy;
    ///
    /// match CorsPolicy::from_file("nexus.toml") {
    ///     Ok(policy) => println!("{policy:?}"),
    ///     Err(error) => {
    ///         eprintln!("{error}");
    ///         std::process::exit(1);
    ///     }
    /// }
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<CorsPolicy, PolicyError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = cors_config::read_policy_file(path, &shown).map_err(|error| {
            let help = match error {
                cors_config::FileError::Unreadable(_) => {
                    let directory = std::env::current_dir()
                        .map(|directory| format!(", {}", directory.display()))
                        .unwrap_or_default();
                    format!(
                        "check the file name; a relative path is read from the working \
                         directory{directory}"
                    )
                }
                cors_config::FileError::NotUtf8(_) => cors_config::NOT_UTF8_HELP.to_owned(),
            };
            PolicyError {
                diagnostics: vec![Diagnostic::unlocated(error.message(), help)],
            }
        })?;
        load(&text, &shown)
    }
}

fn load(text: &str, source_name: &str) -> Result<CorsPolicy, PolicyError> {
    let policy = cors_config::compile(text, source_name)
        .map_err(|diagnostics| PolicyError { diagnostics })?;
    let values = policy.header_values();
    let origins = match policy.origin_entries() {
        None => Origins::Any,
        Some(entries) => {
            let mut exact = Vec::new();
            let mut patterns = Vec::new();
            for entry in entries {
                match entry {
                    OriginEntry::Exact(origin) => exact.push(leak(origin)),
                    OriginEntry::Pattern(pattern) => patterns.push(pattern_parts(pattern)),
                }
            }
            let mut slots = vec![0; slot_count(exact.len())];
            fill_slots(&exact, &mut slots);
            let listed = match &policy.origins {
                Allow::Listed(listed) => listed.iter().map(|entry| leak(entry)).collect(),
                Allow::Any => Vec::new(),
            };
            Origins::Listed(OriginTable {
                listed: listed.leak(),
                exact: exact
                    .into_iter()
                    .map(HeaderValue::from_static)
                    .collect::<Vec<_>>()
                    .leak(),
                slots: slots.leak(),
                patterns: patterns.leak(),
            })
        }
    };
    Ok(CorsPolicy::__from_parts(Parts {
        origins,
        allow_credentials: policy.allow_credentials,
        methods: allow_list(&policy.methods, values.allow_methods),
        headers: allow_list(&policy.headers, values.allow_headers),
        expose_headers: values.expose_headers.map(static_value),
        max_age: values.max_age.map(static_value),
        allow_private_network: policy.allow_private_network,
        places: places(&policy.places),
    }))
}

fn places(places: &cors_config::Places) -> Places {
    let place = |location: Option<&cors_config::Location>| {
        location.map(|location| leak(&location.to_string()))
    };
    Places {
        source: leak(&places.source_name),
        server_cors: place(places.server_cors.as_ref()),
        allow_origins: place(places.allow_origins.as_ref()),
        allow_methods: place(places.allow_methods.as_ref()),
        allow_headers: place(places.allow_headers.as_ref()),
        allow_private_network: place(places.allow_private_network.as_ref()),
    }
}

fn allow_list(list: &Allow, header: Option<String>) -> AllowList {
    match list {
        Allow::Any => AllowList::Any,
        Allow::Listed(names) => AllowList::Listed {
            names: names
                .iter()
                .map(|name| leak(name))
                .collect::<Vec<_>>()
                .leak(),
            header: header.map(static_value),
        },
    }
}

fn pattern_parts(pattern: cors_config::Origin) -> Pattern {
    Pattern {
        scheme: leak(&pattern.scheme).as_bytes(),
        host: match &pattern.host {
            Host::Exact(host) => PatternHost::Exact(leak(host).as_bytes()),
            Host::Subdomains(domain) => PatternHost::Subdomains(leak(domain).as_bytes()),
        },
        port: match &pattern.port {
            Port::Absent => PatternPort::Absent,
            Port::Exact(port) => PatternPort::Exact(leak(port).as_bytes()),
            Port::Any => PatternPort::Any,
        },
    }
}

/// A value the policy language built, as the macro's are: static, so that cloning it
/// for each response copies no bytes and counts no references.
fn static_value(value: String) -> HeaderValue {
    HeaderValue::from_static(leak(&value))
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.into())
}
