#!/usr/bin/env bash
# What a `cors_policy!` invocation adds to a build, rustc's work on the generated code
# included: a small crate is rebuilt (after `touch`) without an invocation, with a typical
# policy, and with 1,000 origins; each variant is built 7 times and the median printed.
# Arguments go to `cargo build`.
#
#   bash cors-macros/benches/compile_cost.sh            # dev profile
#   bash cors-macros/benches/compile_cost.sh --release
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/target/compile-cost"
mkdir -p "$work/src"
cat >"$work/Cargo.toml" <<TOML
[package]
name = "compile-cost"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
cors-runtime = { path = "$root/cors-runtime", default-features = false }

[workspace]
TOML
cp "$root/Cargo.lock" "$work/Cargo.lock"

variant() {
    case "$1" in
        none) echo 'fn main() { println!("no policy"); }' ;;
        typical) cat <<'RS'
static POLICY: cors_runtime::CorsPolicy = cors_runtime::cors_policy!(r#"
[server.cors]
allow_origins = ["https://app.example.com", "http://localhost:3000"]
allow_methods = ["GET", "POST"]
allow_headers = ["authorization", "content-type", "x-request-id"]
allow_credentials = true
max_age = 3600
expose_headers = ["x-request-id", "x-trace-id"]
"#);
fn main() { println!("{POLICY:?}"); }
RS
        ;;
        thousand) cat <<RS
static POLICY: cors_runtime::CorsPolicy = cors_runtime::cors_policy!(include "$root/cors-runtime/benches/many-origins.toml");
fn main() { println!("{POLICY:?}"); }
RS
        ;;
    esac
}

echo "| crate | cargo build $* after touch (median of 7) |"
echo "|---|---:|"
cd "$work"
for name in none typical thousand; do
    variant "$name" >src/main.rs
    cargo build --offline --quiet "$@"
    times=()
    for _ in 1 2 3 4 5 6 7; do
        touch src/main.rs
        start=$(date +%s%N)
        cargo build --offline --quiet "$@"
        times+=($(( ($(date +%s%N) - start) / 1000000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)
    echo "| $name | ${median} ms |"
done
