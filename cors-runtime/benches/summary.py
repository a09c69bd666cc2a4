#!/usr/bin/env python3
"""The table of BENCHMARKS.md, from the last `cargo bench -p cors-runtime --bench cors`.

    python3 cors-runtime/benches/summary.py

Reads criterion's estimates under target/criterion: for every case, the median time of
each row with the 95% confidence interval of that median, then the CORS overhead of each
tower row (its median minus the bare service's) and the ratios the targets speak of.
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CRITERION = ROOT / "target" / "criterion"
ROWS = ["ours/http", "floor/http", "ours/tower", "tower-http/tower", "bare/tower", "floor/tower"]


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
        print("no results: run `cargo bench -p cors-runtime --bench cors` first", file=sys.stderr)
        return 1
    print("| case | " + " | ".join(ROWS) + " | ours − bare | tower-http − bare | floor − bare "
          "| ours / tower-http | ours / floor |")
    print("|---" * (len(ROWS) + 6) + "|")
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
              + f" | {ours:,.0f} | {theirs:,.0f} | {floor:,.0f} | {ours / theirs:.2f} | {ours / floor:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
