# Sourced by instructions.sh and resolver_instructions.sh (from the workspace's root).
#
# bench_binary NAME FEATURES: builds the bench NAME of cors-runtime with FEATURES and
# prints its executable's path.
# count ARGUMENTS…: the instructions callgrind counts when "$binary" runs with them.
# per_request ARGUMENTS…: those of "$requests" requests less those of none (the start-up),
# divided by "$requests"; the last argument the binary takes is the number of requests.
# ratio A B: A / B, to three decimals.
bench_binary() {
    cargo bench -p cors-runtime --features "$2" --bench "$1" --no-run \
        --message-format=json 2>/dev/null |
        python3 -c 'import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and message["target"]["name"] == sys.argv[1]:
        print(message["executable"])' "$1"
}
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_request() {
    echo $(( ($(count "$@" "$requests") - $(count "$@" 0)) / requests ))
}
ratio() { awk "BEGIN { printf \"%.3f\", $1 / $2 }"; }
