//! Every policy the tests answer requests with is built twice from one TOML: by
//! `cors_policy!` when the tests compile, and by `CorsPolicy::from_toml` (`from_file` for
//! an `include`) when they run, which SPEC §6 says must answer every request alike, byte
//! for byte.
//!
//! [`twin_policies!`](crate::twin_policies) defines a [`Twin`] from what would otherwise be
//! a `static NAME: CorsPolicy = cors_policy!(…);`. Its `preflight`, `apply` and `refusal`
//! ask both policies, fail the test when their answers differ in any way (status, every
//! header line in order, value bytes and sensitivity, the refusal), and return the
//! macro-built policy's answer, so that every assertion a test makes on an answer holds
//! for both. [`Twin::each`] gives the two policies for what has to run on each on its own
//! (allocation counts, a `CorsLayer`, logging, timing), and [`differential`] is the whole
//! comparison as a `Result`, for the judges of the property tests and the bypass corpus.
//!
//! `Debug` does not depend on the request: it is compared once, when the loaded policy is
//! loaded, and a loaded policy that does not print like the macro's never comes into use.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::LazyLock;

use cors_runtime::{CorsPolicy, PolicyError, Refusal};
use http::{HeaderMap, Method, Response};

/// Defines statics of type [`Twin`], written as the `cors_policy!` statics they replace:
///
/// ```ignore
/// twin_policies! {
///     /// Docs.
///     pub static NAME: Twin = cors_policy!(r#"allow_origins = "*""#);
///     static FROM_A_FILE: Twin = cors_policy!(include "nexus.toml");
/// }
/// ```
///
/// The macro-built policy is that very `cors_policy!`; the loaded one is
/// `CorsPolicy::from_toml` of the same literal, or `CorsPolicy::from_file` of the included
/// file, found as `include` finds it: beside the source file that names it.
#[macro_export]
macro_rules! twin_policies {
    ($(
        $(#[$attribute:meta])*
        $visibility:vis static $name:ident: Twin = cors_policy!($($source:tt)+);
    )*) => {
        $(
            $(#[$attribute])*
            $visibility static $name: $crate::common::twin::Twin =
                $crate::twin_policies!(@twin $name, $($source)+);
        )*
    };
    (@twin $name:ident, include $file:tt) => {
        $crate::common::twin::Twin::new(
            stringify!($name),
            ::cors_runtime::cors_policy!(include $file),
            // `file!()` is where `twin_policies!` was invoked, relative to the workspace
            // root, the tests' working directory: `include` resolves the path from there.
            ::std::sync::LazyLock::new(|| {
                $crate::common::twin::load_file(&$name, file!(), $file)
            }),
        )
    };
    (@twin $name:ident, $toml:tt) => {
        $crate::common::twin::Twin::new(
            stringify!($name),
            ::cors_runtime::cors_policy!($toml),
            ::std::sync::LazyLock::new(|| $crate::common::twin::load_toml(&$name, $toml)),
        )
    };
}

/// One policy, built by `cors_policy!` and loaded at run time from the same TOML.
pub struct Twin {
    name: &'static str,
    built: CorsPolicy,
    loaded: LazyLock<CorsPolicy>,
}

impl Twin {
    /// `loaded` must load the TOML `built` was built from; see [`load_toml`].
    pub const fn new(name: &'static str, built: CorsPolicy, loaded: LazyLock<CorsPolicy>) -> Twin {
        Twin {
            name,
            built,
            loaded,
        }
    }

    /// The static's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The policy `cors_policy!` built.
    pub fn built(&self) -> &CorsPolicy {
        &self.built
    }

    /// The policy loaded at run time (loaded at the first call).
    pub fn loaded(&self) -> &CorsPolicy {
        &self.loaded
    }

    /// Both policies, named `built` and `loaded`, for what must run on each on its own.
    pub fn each(&'static self) -> [(&'static str, &'static CorsPolicy); 2] {
        [("built", &self.built), ("loaded", &self.loaded)]
    }

    /// `preflight` of both policies, which must answer alike (and refuse alike); the
    /// macro-built one's answer.
    #[track_caller]
    pub fn preflight(&self, method: &Method, request: &HeaderMap) -> Option<Response<()>> {
        let built = self.built.preflight(method, request);
        let loaded = self.loaded().preflight(method, request);
        self.expect(
            same_preflight(built.as_ref(), loaded.as_ref()),
            method,
            request,
        );
        self.expect(
            same_refusal(
                self.built.refusal(method, request),
                self.loaded().refusal(method, request),
            ),
            method,
            request,
        );
        built
    }

    /// `apply` of both policies to copies of `response`, which must come out alike (and
    /// both must refuse alike); `response` is left as the macro-built policy made it.
    #[track_caller]
    pub fn apply(&self, request: &HeaderMap, response: &mut HeaderMap) {
        let mut loaded = response.clone();
        self.built.apply(request, response);
        self.loaded().apply(request, &mut loaded);
        // `apply` answers what is not a preflight, whose refusal is the one of a `GET`.
        self.expect(
            same_headers("`apply`", response, &loaded),
            &Method::GET,
            request,
        );
        self.expect(
            same_refusal(
                self.built.refusal(&Method::GET, request),
                self.loaded().refusal(&Method::GET, request),
            ),
            &Method::GET,
            request,
        );
    }

    /// `refusal` of both policies, which must agree; the macro-built one's.
    #[track_caller]
    pub fn refusal<'r>(&self, method: &Method, request: &'r HeaderMap) -> Option<Refusal<'r>> {
        let built = self.built.refusal(method, request);
        let loaded = self.loaded().refusal(method, request);
        self.expect(same_refusal(built, loaded), method, request);
        built
    }

    #[track_caller]
    fn expect(&self, same: Result<(), String>, method: &Method, request: &HeaderMap) {
        if let Err(difference) = same {
            panic!(
                "{}: the loaded policy answers {method} {} unlike the macro-built one: \
                 {difference}",
                self.name,
                show_headers(request)
            );
        }
    }
}

/// Whether both policies of `twin` answer a request alike: `preflight`, `refusal`, and
/// for what is not a preflight, `apply` to a response with the `handler`'s headers. Any
/// panic of either is a difference too. `Err` says what differs.
pub fn differential(
    twin: &Twin,
    method: &Method,
    request: &HeaderMap,
    handler: &HeaderMap,
) -> Result<(), String> {
    let answers = |policy: &CorsPolicy| {
        catch_unwind(AssertUnwindSafe(|| {
            let preflight = policy.preflight(method, request);
            let refusal = format!("{:?}", policy.refusal(method, request));
            let mut response = handler.clone();
            if preflight.is_none() {
                policy.apply(request, &mut response);
            }
            (preflight, refusal, response)
        }))
        .map_err(|_| "it panicked".to_owned())
    };
    let built = answers(twin.built()).map_err(|why| format!("the macro-built policy: {why}"))?;
    let loaded = answers(twin.loaded()).map_err(|why| format!("the loaded policy: {why}"))?;
    let context = |difference: String| {
        format!(
            "{}: the loaded policy answers {method} {} unlike the macro-built one: {difference}",
            twin.name(),
            show_headers(request)
        )
    };
    same_preflight(built.0.as_ref(), loaded.0.as_ref()).map_err(context)?;
    if built.1 != loaded.1 {
        return Err(context(format!("refusal {} / {}", built.1, loaded.1)));
    }
    same_headers("`apply`", &built.2, &loaded.2).map_err(context)
}

/// The loaded twin of `twin`, from the TOML text its `cors_policy!` was given.
pub fn load_toml(twin: &Twin, toml: &str) -> CorsPolicy {
    checked(twin, CorsPolicy::from_toml(toml))
}

/// The loaded twin of `twin`, from the file its `cors_policy!(include "FILE")` names,
/// `FILE` relative to the directory of `invoking_file` (a path from the package's root).
pub fn load_file(twin: &Twin, invoking_file: &str, file: &str) -> CorsPolicy {
    let directory = Path::new(invoking_file)
        .parent()
        .expect("a source file in a directory");
    checked(twin, CorsPolicy::from_file(directory.join(file)))
}

fn checked(twin: &Twin, loaded: Result<CorsPolicy, PolicyError>) -> CorsPolicy {
    let loaded = loaded.unwrap_or_else(|error| {
        panic!(
            "{}: `cors_policy!` accepts the policy, the loader refuses it:\n{error}",
            twin.name
        )
    });
    assert_eq!(
        format!("{loaded:?}"),
        format!("{:?}", twin.built),
        "{}: the loaded policy's Debug (left) differs from the macro-built one's",
        twin.name
    );
    loaded
}

/// Both `preflight` answers: both `None`, or the same status, version and header lines.
pub fn same_preflight(
    built: Option<&Response<()>>,
    loaded: Option<&Response<()>>,
) -> Result<(), String> {
    match (built, loaded) {
        (None, None) => Ok(()),
        (Some(built), Some(loaded)) => {
            if built.status() != loaded.status() || built.version() != loaded.version() {
                return Err(format!(
                    "`preflight` answers {} {:?} / {} {:?}",
                    built.status(),
                    built.version(),
                    loaded.status(),
                    loaded.version()
                ));
            }
            same_headers("`preflight`", built.headers(), loaded.headers())
        }
        (built, loaded) => Err(format!(
            "`preflight` is {} / {}",
            if built.is_some() { "an answer" } else { "None" },
            if loaded.is_some() {
                "an answer"
            } else {
                "None"
            },
        )),
    }
}

/// The same header lines, in the same order, with the same bytes and sensitivity.
pub fn same_headers(what: &str, built: &HeaderMap, loaded: &HeaderMap) -> Result<(), String> {
    let lines = |map: &HeaderMap| -> Vec<(String, Vec<u8>, bool)> {
        map.iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    value.as_bytes().to_vec(),
                    value.is_sensitive(),
                )
            })
            .collect()
    };
    if lines(built) == lines(loaded) {
        Ok(())
    } else {
        Err(format!(
            "{what} gives the headers\n    built:  {}\n    loaded: {}",
            show_headers(built),
            show_headers(loaded)
        ))
    }
}

fn same_refusal(built: Option<Refusal<'_>>, loaded: Option<Refusal<'_>>) -> Result<(), String> {
    if built == loaded {
        Ok(())
    } else {
        Err(format!("`refusal` is {built:?} / {loaded:?}"))
    }
}

/// Header lines for a message, values escaped and long ones shortened.
pub fn show_headers(map: &HeaderMap) -> String {
    let mut shown = String::new();
    for (index, (name, value)) in map.iter().enumerate() {
        if index == 40 {
            write!(shown, " …({} lines)", map.len()).unwrap();
            break;
        }
        let bytes = value.as_bytes();
        let cut = &bytes[..bytes.len().min(120)];
        write!(shown, "[{name}: {}", cut.escape_ascii()).unwrap();
        if bytes.len() > cut.len() {
            write!(shown, "…({} bytes)", bytes.len()).unwrap();
        }
        shown.push_str("] ");
    }
    shown.trim_end().to_owned()
}
