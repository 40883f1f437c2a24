"""How long `import coursekit` takes in a fresh interpreter, beside a bare interpreter start.

Goal: under 0.5 s for `import coursekit`. Run: .venv/bin/python benchmarks/import_time.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "bare interpreter (baseline)": "pass",
    "import coursekit": "import coursekit",
    "import coursekit.scoring (hidden tests)": "import coursekit.scoring",
    "from coursekit import Buckets (first widget)": "from coursekit import Buckets",
    "import ipywidgets (for scale)": "import ipywidgets",
}


def median_seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = {name: median_seconds(code, args.runs) for name, code in CASES.items()}
    baseline = results["bare interpreter (baseline)"]
    print(f"{'case':48} {'median s':>9} {'vs bare':>8}")
    for name, seconds in results.items():
        print(f"{name:48} {seconds:9.3f} {seconds / baseline:7.1f}x")
    verdict = "meets" if results["import coursekit"] < 0.5 else "MISSES"
    print(f"\nimport coursekit {verdict} the 0.5 s goal.")


if __name__ == "__main__":
    main()
