//! A Nexus-style API behind `cors_policy!(include "nexus.toml")`, and a page on another
//! origin that calls it from a browser.
//!
//! ```text
//! cargo run --example nexus
//! ```
//!
//! Then open <http://127.0.0.1:3000>: the page calls the API at `127.0.0.1:8000` with
//! `fetch`, credentials and a bearer token, as the Nexus documentation shows, and prints
//! the answer and the exposed `x-request-id`.
//!
//! The policy is checked when this example compiles: a mistake in `nexus.toml` is a
//! compile error. `examples/nexus_runtime.rs` serves the same API with the policy loaded
//! when it starts instead.

use cors_runtime::{cors_policy, CorsPolicy};

#[path = "support/nexus_api.rs"]
mod nexus_api;

static POLICY: CorsPolicy = cors_policy!(include "nexus.toml");

#[tokio::main]
async fn main() -> std::io::Result<()> {
    nexus_api::serve(&POLICY).await
}
