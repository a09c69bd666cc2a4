#!/usr/bin/env bash
# Instructions per request, under callgrind, for every case of the benchmark: through the
# `http` API, of the policy `cors_policy!` built, of the same policy loaded with
# `CorsPolicy::from_toml`, and of the floor (`floor_response`); through a tower service,
# of the built policy's layer around the bare service and of the floor service (each call
# there also clones the case's request, in both columns alike). Each count is that of
# 10,000 requests less that of none (the start-up, the loading), divided by 10,000. Needs
# valgrind.
#
#   bash cors-runtime/benches/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. cors-runtime/benches/callgrind.sh
binary=$(bench_binary instructions load)
requests=10000
echo "| case | built | loaded | loaded / built | floor | built / floor | built, tower | floor, tower | built / floor, tower |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
index=0
while IFS= read -r name; do
    built=$(per_request "$index" built)
    loaded=$(per_request "$index" loaded)
    floor=$(per_request "$index" floor)
    built_tower=$(per_request "$index" built-tower)
    floor_tower=$(per_request "$index" floor-tower)
    echo "| $name | $built | $loaded | $(ratio "$loaded" "$built") | $floor | $(ratio "$built" "$floor") | $built_tower | $floor_tower | $(ratio "$built_tower" "$floor_tower") |"
    index=$((index + 1))
done < <("$binary" list)
