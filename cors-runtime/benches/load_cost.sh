#!/usr/bin/env bash
# What the `load` feature adds to a server's binary: a small crate that prints the seed's
# policy is built from scratch in release, once with the policy built by `cors_policy!`
# (no `load`), once loading the same file with `CorsPolicy::from_toml` (with `load`); the
# build's wall time and the binary's size (as built, and stripped) are printed for each.
#
#   bash cors-runtime/benches/load_cost.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/target/load-cost"
policy="$root/examples/nexus.toml"

echo "| binary | clean release build | size | stripped |"
echo "|---|---:|---:|---:|"
for variant in macro loaded; do
    crate="$work/$variant"
    mkdir -p "$crate/src"
    if [ "$variant" = macro ]; then
        features='default-features = false'
        main="static POLICY: cors_runtime::CorsPolicy = cors_runtime::cors_policy!(include \"$policy\");
fn main() { println!(\"{POLICY:?}\"); }"
    else
        features='default-features = false, features = ["load"]'
        main="fn main() {
    let policy = cors_runtime::CorsPolicy::from_toml(include_str!(\"$policy\")).unwrap();
    println!(\"{policy:?}\");
}"
    fi
    cat >"$crate/Cargo.toml" <<TOML
[package]
name = "load-cost-$variant"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
cors-runtime = { path = "$root/cors-runtime", $features }

[workspace]
TOML
    printf '%s\n' "$main" >"$crate/src/main.rs"
    cp "$root/Cargo.lock" "$crate/Cargo.lock"
    rm -rf "$crate/target"
    start=$(date +%s%N)
    (cd "$crate" && cargo build --release --offline --quiet)
    seconds=$(awk "BEGIN { printf \"%.1f\", ($(date +%s%N) - $start) / 1e9 }")
    binary="$crate/target/release/load-cost-$variant"
    size=$(stat -c %s "$binary")
    strip -o "$crate/stripped" "$binary"
    stripped=$(stat -c %s "$crate/stripped")
    "$binary" >/dev/null
    echo "| $variant | ${seconds} s | $((size / 1024)) KiB | $((stripped / 1024)) KiB |"
done
