//! The `cors_policy!` macro of [`cors-runtime`](https://docs.rs/cors-runtime): use it
//! through that crate, which re-exports it and holds the types it expands to.
//!
//! ```
//! use cors_runtime::{cors_policy, CorsPolicy};
//! use http::{header, HeaderMap, HeaderValue};
//!
//! static POLICY: CorsPolicy = cors_policy!(r#"
//!     [server.cors]
//!     allow_origins = ["https://app.example.com"]
//!     allow_credentials = true
//! "#);
//!
//! let mut request = HeaderMap::new();
//! request.insert(header::ORIGIN, HeaderValue::from_static("https://app.example.com"));
//! let mut response = HeaderMap::new();
//! POLICY.apply(&request, &mut response);
//! assert_eq!(response[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
//! ```
//!
//! It is the compile-time front-end of the policy language, `cors-config`: `source`
//! reads the literal or the included file, `cors_config::compile` parses, checks and
//! normalizes the TOML, and `expand` writes the constant `CorsPolicy`, or every
//! diagnostic as a `compile_error!`.

mod expand;
mod source;

use proc_macro::TokenStream;

/// A CORS policy, written in the `[server.cors]` TOML of a Nexus configuration and
/// checked at compile time, as a constant `cors_runtime::CorsPolicy`.
///
/// ```ignore
/// use cors_runtime::{cors_policy, CorsPolicy};
///
/// // A file (here, one that is not beside this documentation), resolved like `include_str!`: against the directory of this source file.
/// static API: CorsPolicy = cors_policy!(include "nexus.toml");
///
/// // Or the TOML itself.
/// static DEV: CorsPolicy = cors_policy!(r#"
///     allow_origins = "*"
///     allow_methods = "*"
/// "#);
/// ```
///
/// The TOML may be a whole Nexus file (only `[server.cors]` is read) or just the keys of
/// the cors table. A policy that a browser would not honour as written fails to
/// compile, with every mistake located in the TOML.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    let input = match syn::parse::<source::Input>(input) {
        Ok(input) => input,
        Err(error) => return expand::errors(&[error.to_string()], error.span(), None).into(),
    };
    let source = match source::load(input) {
        Ok(source) => source,
        Err(error) => return expand::errors(&[error.to_string()], error.span(), None).into(),
    };
    let file = source.file.as_deref();
    match cors_config::compile(&source.text, &source.name) {
        Ok(policy) => expand::policy(&policy, file),
        Err(diagnostics) => {
            let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            expand::errors(&messages, source.span, file)
        }
    }
    .into()
}
