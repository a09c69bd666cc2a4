#!/usr/bin/env bash
# Instructions per request through the layer, under callgrind, with and without an origin
# resolver (`resolver.rs count`): a listed origin's request without a resolver, with
# `allow_origin_async` and with `allow_origin_if` configured, and the same request from an
# origin the async resolver allowed, answered from its cache. Each count is that of 10,000
# requests less that of none, divided by 10,000 (each call also clones the case's request,
# in every column alike). Needs valgrind.
#
#   bash cors-runtime/benches/resolver_instructions.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$(cargo bench -p cors-runtime --features allow-origin-async,load --bench resolver \
    --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and message["target"]["name"] == "resolver":
        print(message["executable"])')
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" count "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
requests=10000
per_request() {
    echo $(( ($(count "$1" "$2" "$requests") - $(count "$1" "$2" 0)) / requests ))
}
ratio() { awk "BEGIN { printf \"%.3f\", $1 / $2 }"; }
echo "| case | no resolver | allow_origin_async | / no resolver | allow_origin_if | / no resolver | resolver-allowed, cached | / listed |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for case in preflight get; do
    plain=$(per_request no-resolver "$case")
    async=$(per_request allow_origin_async "$case")
    sync=$(per_request allow_origin_if "$case")
    allowed=$(per_request resolver-allowed "$case")
    echo "| $case | $plain | $async | $(ratio "$async" "$plain") | $sync | $(ratio "$sync" "$plain") | $allowed | $(ratio "$allowed" "$async") |"
done
