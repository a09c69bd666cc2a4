//! A crate that uses `cors_policy!` is rebuilt when what its policy read changes: an
//! environment variable it substitutes, or the file it includes. Checked the way a user
//! meets it: a small crate is built and run with `cargo run`, then the variable or the
//! file changes, and the next `cargo run` must print the new policy.

use std::path::{Path, PathBuf};
use std::process::Command;

const VARIABLE: &str = "CORS_TEST_REBUILD_ORIGIN";

const MAIN: &str = r#"
use cors_runtime::{cors_policy, CorsPolicy};

static POLICY: CorsPolicy = cors_policy!(include "../policy.toml");

fn main() {
    println!("{POLICY:?}");
}
"#;

fn policy_file(max_age: u32) -> String {
    format!("allow_origins = [\"{{{{ env.{VARIABLE} }}}}\"]\nmax_age = {max_age}\n")
}

/// `cargo run` in `dir` with the variable set to `origin`; what the program printed.
fn run(workspace: &Path, dir: &Path, origin: &str) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace.join("target/tests/rebuild"))
        .env(VARIABLE, origin)
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo run failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn a_changed_variable_or_included_file_rebuilds_the_policy() {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = workspace.join("target/tests/rebuild/policy-user");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"policy-user\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ncors-runtime = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        workspace.join("cors-runtime")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file pins the same versions, so that `--offline` finds them.
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), MAIN).unwrap();
    std::fs::write(dir.join("policy.toml"), policy_file(60)).unwrap();

    let first = run(&workspace, &dir, "https://one.example");
    assert!(first.contains("\"https://one.example\""), "{first}");
    assert!(first.contains("\"60\""), "{first}");

    let second = run(&workspace, &dir, "https://two.example");
    assert!(
        second.contains("\"https://two.example\"") && !second.contains("one.example"),
        "a new value of {VARIABLE} must rebuild the policy: {second}"
    );

    // Editing the file is all it takes: no `touch` of the source that includes it.
    std::fs::write(dir.join("policy.toml"), policy_file(120)).unwrap();
    let third = run(&workspace, &dir, "https://two.example");
    assert!(
        third.contains("\"120\"") && !third.contains("\"60\""),
        "an edited policy file must rebuild the policy: {third}"
    );
}
