#!/usr/bin/env python3
"""The tables of BENCHMARKS.md, from the last `cargo bench -p cors-runtime --features load`.

    python3 cors-runtime/benches/summary.py

Reads criterion's estimates under target/criterion: for every case, the median time of
each row with the 95% confidence interval of that median, then the CORS overhead of each
tower row (its median minus the bare service's) and the ratios the targets speak of; then
the loaded policy's rows beside the macro's, and the time of loading a policy.
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CRITERION = ROOT / "target" / "criterion"
ROWS = ["ours/http", "floor/http", "floor-response/http", "ours/tower", "tower-http/tower", "bare/tower", "floor/tower"]
LOADED_ROWS = ["loaded/http", "loaded/tower"]


def median(case_dir: pathlib.Path, row: str):
    estimates = case_dir / row.replace("/", "_") / "new" / "estimates.json"
    if not estimates.exists():
        return None
    data = json.loads(estimates.read_text())["median"]
    interval = data["confidence_interval"]
    return data["point_estimate"], interval["lower_bound"], interval["upper_bound"]


def shown(value):
    point, low, high = value
    spread = max(point - low, high - point) / point * 100
    return f"{point:,.0f} ±{spread:.0f}%"


def main() -> int:
    cases = sorted(
        (path for path in CRITERION.iterdir() if (path / "ours_tower").is_dir()),
        key=lambda path: path.stat().st_mtime,
    )
    if not cases:
        print("no results: run `cargo bench -p cors-runtime --features load` first",
              file=sys.stderr)
        return 1
    print("| case | " + " | ".join(ROWS) + " | ours − bare | tower-http − bare | floor − bare "
          "| ours / tower-http | ours / floor | ours/http / floor-response/http |")
    print("|---" * (len(ROWS) + 7) + "|")
    for case in cases:
        values = {row: median(case, row) for row in ROWS}
        if any(value is None for value in values.values()):
            continue
        bare = values["bare/tower"][0]
        ours = values["ours/tower"][0] - bare
        theirs = values["tower-http/tower"][0] - bare
        floor = values["floor/tower"][0] - bare
        name = json.loads((case / "ours_tower" / "new" / "benchmark.json").read_text())["group_id"]
        cells = [shown(values[row]) for row in ROWS]
        print(f"| {name} | " + " | ".join(cells)
              + f" | {ours:,.0f} | {theirs:,.0f} | {floor:,.0f} | {ours / theirs:.2f} | {ours / floor:.2f}"
              + f" | {values['ours/http'][0] / values['floor-response/http'][0]:.2f} |")

    print()
    print("| case | ours/http | loaded/http | loaded / ours, http | ours − bare | loaded − bare "
          "| loaded / ours, tower overhead |")
    print("|---|---|---|---|---|---|---|")
    for case in cases:
        values = {row: median(case, row) for row in ROWS + LOADED_ROWS}
        if any(value is None for value in values.values()):
            continue
        bare = values["bare/tower"][0]
        ours = values["ours/tower"][0] - bare
        loaded = values["loaded/tower"][0] - bare
        http_ratio = values["loaded/http"][0] / values["ours/http"][0]
        name = json.loads((case / "ours_tower" / "new" / "benchmark.json").read_text())["group_id"]
        print(f"| {name} | {shown(values['ours/http'])} | {shown(values['loaded/http'])} "
              f"| {http_ratio:.2f} | {ours:,.0f} | {loaded:,.0f} | {loaded / ours:.2f} |")

    load = CRITERION / "load"
    if load.is_dir():
        print()
        print("| loading | median |")
        print("|---|---|")
        for row in sorted(path for path in load.iterdir() if (path / "new").is_dir()):
            data = json.loads((row / "new" / "estimates.json").read_text())["median"]
            name = json.loads((row / "new" / "benchmark.json").read_text())["function_id"]
            print(f"| {name} | {data['point_estimate'] / 1000:,.1f} µs |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
