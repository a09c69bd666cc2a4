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
. cors-runtime/benches/callgrind.sh
binary=$(bench_binary resolver allow-origin-async,load)
requests=10000
echo "| case | no resolver | allow_origin_async | / no resolver | allow_origin_if | / no resolver | resolver-allowed, cached | / listed |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for case in preflight get; do
    plain=$(per_request count no-resolver "$case")
    async=$(per_request count allow_origin_async "$case")
    sync=$(per_request count allow_origin_if "$case")
    allowed=$(per_request count resolver-allowed "$case")
    echo "| $case | $plain | $async | $(ratio "$async" "$plain") | $sync | $(ratio "$sync" "$plain") | $allowed | $(ratio "$allowed" "$async") |"
done
