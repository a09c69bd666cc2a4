//! The policy language of [`cors-runtime`](https://docs.rs/cors-runtime): the
//! `[server.cors]` table of a Nexus configuration, parsed, checked against every rule a
//! browser imposes, and normalized. TOML text in; a policy, or every diagnostic about
//! what is wrong with it, out.
//!
//! ```
//! use cors_config::Allow;
//!
//! let policy = cors_config::compile(
//!     r#"
//!     [server.cors]
//!     allow_origins = ["https://app.example.com"]
//!     allow_methods = ["get", "PATCH"]
//!     max_age = "1h"
//!     "#,
//!     "nexus.toml",
//! )
//! .expect("a valid policy");
//! assert_eq!(policy.methods, Allow::Listed(vec!["GET".into(), "PATCH".into()]));
//! assert_eq!(policy.max_age, Some(3600));
//!
//! let errors = cors_config::compile(
//!     "allow_origins = \"*\"\nallow_credentials = true\n",
//!     "nexus.toml",
//! )
//! .unwrap_err();
//! assert!(errors[0].message().starts_with("`allow_credentials = true` cannot be combined"));
//! println!("{}", errors[0]); // the message, `--> nexus.toml:2:21`, the line, the help
//! ```
//!
//! It has two front-ends, which say the same thing in the same words: the
//! `cors_policy!` macro, which runs it when a crate is compiled, and
//! `CorsPolicy::from_toml` / `from_file` (the `load` feature of `cors-runtime`), which run
//! it when a server starts. Use it through them.
//!
//! # What is stable
//!
//! [`compile`], [`Diagnostic`] and [`Location`], the [`Policy`] it returns (its fields
//! may be read; new keys add fields, so it cannot be built outside this crate, nor can
//! [`Places`]), [`Allow`], [`OriginEntry`], [`check_origin`] with [`Origin`], [`Host`],
//! [`Port`] and [`Rejected`], [`KEYS`], [`MAX_AGE_LIMIT`] and [`fetch`]. Items hidden from
//! this documentation are the front-ends' plumbing (reading a policy file, the plan of a
//! policy's runtime parts): they change with `cors-runtime` and `cors-macros`, which pin
//! this crate's exact version.
//!
//! The stages, a module each: `file` (the text of a policy file), `ast` (the TOML parsed
//! into the cors table's typed keys, each keeping its place, with `{{ env.NAME }}`
//! replaced by `env`), `valid` with `origin` (the rules and the normalization;
//! `public_suffix` and `punycode` serve them), and `diagnostic`, which collects every
//! mistake and renders it with its snippet.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ast;
mod compile;
mod diagnostic;
mod env;
pub mod fetch;
mod file;
mod origin;
mod plan;
mod public_suffix;
mod punycode;
mod valid;

pub use ast::KEYS;
pub use compile::compile;
pub use diagnostic::{Diagnostic, Location};
#[doc(hidden)]
pub use file::{read_policy_file, FileError, NOT_UTF8_HELP};
pub use origin::{check as check_origin, Host, Origin, Port, Rejected};
#[doc(hidden)]
pub use plan::{ListPlan, OriginsPlan, PlacesPlan, Plan};
pub use valid::{Allow, OriginEntry, Places, Policy, MAX_AGE_LIMIT};
