//! The policy language at start-up (SPEC §6): the same TOML, rules and words as
//! `cors_policy!`, read when the server starts, into the same `CorsPolicy`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use cors_config::{Host, ListPlan, OriginsPlan, PlacesPlan, Plan, Port};
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
///
/// When the file could not be read, the [`io::Error`](std::io::Error) that said why is its
/// [`source`](std::error::Error::source): a caller can tell a missing file from a wrong
/// policy.
#[derive(Debug, Clone)]
pub struct PolicyError {
    diagnostics: Vec<Diagnostic>,
    source: Option<Arc<std::io::Error>>,
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

impl std::error::Error for PolicyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// Two errors are equal when they say the same: their diagnostics.
impl PartialEq for PolicyError {
    fn eq(&self, other: &PolicyError) -> bool {
        self.diagnostics == other.diagnostics
    }
}

impl Eq for PolicyError {}

impl PolicyError {
    fn of(diagnostics: Vec<Diagnostic>) -> PolicyError {
        PolicyError {
            diagnostics,
            source: None,
        }
    }
}

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
    /// The policy owns its tables and frees them when it is dropped. The values it sends
    /// (origins, the lists of methods and headers, `max_age`) are kept once per distinct
    /// value for the process, as the macro's are statics, so that a response's copy of
    /// one counts no reference: loading the same file again keeps nothing more. A
    /// [`CorsLayer`](crate::CorsLayer) needs the policy `'static` (in a `static OnceLock`,
    /// or leaked).
    pub fn from_toml(text: &str) -> Result<CorsPolicy, PolicyError> {
        CorsPolicy::__load_toml(text).map(|(policy, _)| policy)
    }

    /// [`from_toml`](CorsPolicy::from_toml), and the policy the language compiled: for
    /// `cors-check`, which names the keys to change from one compilation.
    #[doc(hidden)]
    pub fn __load_toml(text: &str) -> Result<(CorsPolicy, cors_config::Policy), PolicyError> {
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
        CorsPolicy::__load_file(path.as_ref()).map(|(policy, _)| policy)
    }

    /// [`from_file`](CorsPolicy::from_file), and the policy the language compiled.
    #[doc(hidden)]
    pub fn __load_file(path: &Path) -> Result<(CorsPolicy, cors_config::Policy), PolicyError> {
        let shown = path.display().to_string();
        let text = cors_config::read_policy_file(path, &shown).map_err(|error| {
            let help = match error {
                cors_config::FileError::Unreadable(..) => {
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
            let diagnostics = vec![Diagnostic::unlocated(error.message(), help)];
            let source = match error {
                cors_config::FileError::Unreadable(_, error) => Some(Arc::new(error)),
                _ => None,
            };
            PolicyError {
                diagnostics,
                source,
            }
        })?;
        load(&text, &shown)
    }
}

fn load(text: &str, source_name: &str) -> Result<(CorsPolicy, cors_config::Policy), PolicyError> {
    let policy = cors_config::compile(text, source_name).map_err(PolicyError::of)?;
    Ok((CorsPolicy::from_plan(policy.plan())?, policy))
}

impl CorsPolicy {
    /// The runtime policy of a policy the language compiled: its [`Plan`] written out as
    /// values, as `cors_policy!` writes it out as tokens.
    ///
    /// The plan as values. Every value the policy language built is a valid header
    /// value; one that is not is a `PolicyError`, never a panic.
    fn from_plan(plan: Plan) -> Result<CorsPolicy, PolicyError> {
        Ok(CorsPolicy::__from_parts(Parts {
            origins: match plan.origins {
                None => Origins::Any,
                Some(origins) => origin_table(origins)?,
            },
            allow_credentials: plan.allow_credentials,
            methods: allow_list(plan.methods)?,
            headers: allow_list(plan.headers)?,
            expose_headers: plan.expose_headers.map(static_value).transpose()?,
            max_age: plan.max_age.map(static_value).transpose()?,
            allow_private_network: plan.allow_private_network,
            places: places_of(plan.places),
        }))
    }
}

fn origin_table(origins: OriginsPlan) -> Result<Origins, PolicyError> {
    let OriginsPlan {
        listed,
        exact,
        patterns,
    } = origins;
    let exact: Vec<&'static str> = exact.iter().map(|origin| intern(origin)).collect();
    let mut slots = vec![0; slot_count(exact.len())];
    fill_slots(&exact, &mut slots);
    Ok(Origins::Listed(OriginTable {
        listed: Cow::Owned(listed.iter().map(|entry| intern(entry)).collect()),
        exact: Cow::Owned(
            exact
                .into_iter()
                .map(interned_value)
                .collect::<Result<_, _>>()?,
        ),
        slots: Cow::Owned(slots),
        patterns: Cow::Owned(patterns.into_iter().map(pattern_parts).collect()),
    }))
}

fn places_of(places: PlacesPlan) -> Places {
    let place = |location: Option<String>| location.map(Cow::Owned);
    Places {
        source: Cow::Owned(places.source),
        server_cors: place(places.server_cors),
        allow_origins: place(places.allow_origins),
        allow_methods: place(places.allow_methods),
        allow_headers: place(places.allow_headers),
        allow_private_network: place(places.allow_private_network),
    }
}

fn allow_list(list: ListPlan) -> Result<AllowList, PolicyError> {
    Ok(match list {
        ListPlan::Any => AllowList::Any,
        ListPlan::Listed { names, header } => AllowList::Listed {
            names: Cow::Owned(names.iter().map(|name| intern(name)).collect()),
            header: header.map(static_value).transpose()?,
        },
    })
}

fn pattern_parts(pattern: cors_config::Origin) -> Pattern {
    Pattern {
        scheme: intern(&pattern.scheme).as_bytes(),
        host: match &pattern.host {
            Host::Exact(host) => PatternHost::Exact(intern(host).as_bytes()),
            Host::Subdomains(domain) => PatternHost::Subdomains(intern(domain).as_bytes()),
        },
        port: match &pattern.port {
            Port::Absent => PatternPort::Absent,
            Port::Exact(port) => PatternPort::Exact(intern(port).as_bytes()),
            Port::Any => PatternPort::Any,
        },
    }
}

/// A value the policy language built, as the macro's are: static, so that cloning it
/// for each response copies no bytes and counts no references. Interned: kept once per
/// distinct value for the process, so that loading a policy again keeps nothing more.
fn static_value(value: String) -> Result<HeaderValue, PolicyError> {
    interned_value(intern(&value))
}

fn interned_value(value: &'static str) -> Result<HeaderValue, PolicyError> {
    HeaderValue::from_maybe_shared(bytes::Bytes::from_static(value.as_bytes())).map_err(|_| {
        PolicyError::of(vec![Diagnostic::unlocated(
            format!("the policy's value {value:?} is not a valid header value"),
            "the policy language accepted it, which it should not: please report it with \
             the policy",
        )])
    })
}

/// `text`, kept once for the process: the same text loaded again is the same `&'static
/// str`. What a policy sends or compares byte for byte (its header values, origins,
/// names and patterns' parts) is interned, so that a response's clone of a value counts
/// no reference; its tables and the places of its keys are its own, and are freed with it.
fn intern(text: &str) -> &'static str {
    static INTERNED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    // A panic elsewhere while the lock was held leaves the set as it was: still valid.
    let mut interned = INTERNED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(kept) = interned.get(text) {
        return kept;
    }
    let kept: &'static str = Box::leak(text.into());
    interned.insert(kept);
    kept
}
