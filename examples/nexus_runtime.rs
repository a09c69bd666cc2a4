//! The Nexus-style API of `examples/nexus.rs`, with its policy loaded when it starts, as
//! a server whose operators edit `nexus.toml` would have it.
//!
//! ```text
//! cargo run --example nexus_runtime                      # examples/nexus.toml
//! cargo run --example nexus_runtime -- path/to/nexus.toml
//! ```
//!
//! A relative path is read from the working directory (the repository root under
//! `cargo run`). When the file is wrong, every mistake is printed, located in the file,
//! and the server does not start: it exits with status 1.

use std::process::ExitCode;
use std::sync::OnceLock;

use cors_runtime::CorsPolicy;

#[path = "support/nexus_api.rs"]
mod nexus_api;

static POLICY: OnceLock<CorsPolicy> = OnceLock::new();

#[tokio::main]
async fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .unwrap_or_else(|| "examples/nexus.toml".into());
    let policy = match CorsPolicy::from_file(&path) {
        Ok(policy) => POLICY.get_or_init(|| policy),
        Err(error) => {
            // As the compiler shows them: `error: `, then the diagnostic.
            for diagnostic in error.diagnostics() {
                eprintln!("error: {diagnostic}\n");
            }
            let count = error.diagnostics().len();
            eprintln!(
                "error: the CORS policy in {} has {count} mistake{}; the server did not start",
                path.to_string_lossy(),
                if count == 1 { "" } else { "s" }
            );
            return ExitCode::FAILURE;
        }
    };
    println!("CORS policy loaded from {}", path.to_string_lossy());
    match nexus_api::serve(policy).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
