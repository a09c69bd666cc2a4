#!/usr/bin/env bash
# Instructions per request, under callgrind, for every case of the benchmark, through the
# `http` API of the policy `cors_policy!` built and of the same policy loaded with
# `CorsPolicy::from_toml`. Each count is that of 10,000 requests less that of none (the
# start-up, the loading), divided by 10,000. Needs valgrind.
#
#   bash cors-runtime/benches/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$(cargo bench -p cors-runtime --features load --bench instructions --no-run \
    --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and message["target"]["name"] == "instructions":
        print(message["executable"])')
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
requests=10000
echo "| case | built | loaded | loaded / built |"
echo "|---|---:|---:|---:|"
index=0
while IFS= read -r name; do
    row="| $name"
    for policy in built loaded; do
        total=$(( $(count "$index" "$policy" "$requests") - $(count "$index" "$policy" 0) ))
        per_request=$(( total / requests ))
        row="$row | $per_request"
        [ "$policy" = built ] && built=$per_request || loaded=$per_request
    done
    echo "$row | $(awk "BEGIN { printf \"%.3f\", $loaded / $built }") |"
    index=$((index + 1))
done < <("$binary" list)
