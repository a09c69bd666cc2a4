//! The oracle of the CORS policy tests: what SPEC §3 means a policy to answer, and the
//! judges of the answers it gives.
//!
//! A policy is described by a [`Definition`], its `[server.cors]` table restated by hand
//! next to the policy it describes; nothing here reads the TOML, calls `cors-config`,
//! `cors-runtime` or `cors-check`, or borrows a list from them. From a definition:
//!
//! - [`Definition::preflight`] says whether §3.2 allows a preflight, and if not, why
//!   ([`Verdict`]); [`Definition::allows_origin`] whether an origin is allowed (§3
//!   "allowed origin", §1.4 patterns, in [`origin`]); [`Definition::exposes`] which
//!   response headers the policy means to expose; [`Definition::validate`] whether §2
//!   lets such a policy compile at all;
//! - [`judge_classification`], [`judge_preflight`] and [`judge_actual`] check an answer:
//!   the classification of §3.1 and the structure §3.2–§3.7 require;
//! - [`intended_preflight_outcome`], [`intended_sharing`] and [`intended_readable`] say
//!   what a browser's page is meant to get, for a comparison with a browser model.
//!
//! Its parsers ([`syntax`]: RFC 9110 tokens and lists) and the Fetch standard's lists
//! ([`fetch`]) are its own: the product's copies are compared with these by a test of the
//! workspace, so that a wrong entry in the product is not also the oracle's.

pub mod fetch;
pub mod origin;
pub mod syntax;

mod definition;
mod judge;

pub use definition::{
    private_network, requested_header_names, Credentials, Definition, Names, Origins,
    PrivateNetwork, Verdict, MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_HEADERS_LINES,
    MAX_REQUEST_HEADERS_NAMES,
};
pub use judge::{
    intended_preflight_outcome, intended_readable, intended_sharing, is_preflight, judge_actual,
    judge_classification, judge_preflight,
};
