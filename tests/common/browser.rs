//! The browser model the tests judge answers by: the product's own, `cors-check`'s
//! [`cors_check::browser`] (cors-check/src/browser.rs), written from the Fetch standard and
//! independent of `cors-runtime`.
pub use cors_check::browser::*;
