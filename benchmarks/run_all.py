"""Every benchmark, one after another, and one table of what they measured.

    .venv/bin/python benchmarks/run_all.py [--quick] [--json] [--only NAME ...]

Each benchmark runs as its own process (its own database files and memory), at the sizes the
issues name, or with ``--quick`` at sizes that take a few minutes in all, for development. The
table says, for each measure: the figure, what it is compared with, the ratio, the goal and
whether it is met; ``--json`` prints the same as a JSON list of objects with the keys
``measure``, ``value``, ``unit``, ``baseline``, ``ratio``, ``goal`` and ``met``. Each benchmark
still runs alone with its own figures: ``.venv/bin/python benchmarks/bench_registers.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures

HERE = Path(__file__).resolve().parent
# name: (arguments at the issues' sizes, arguments with --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "registers": (["--records", "100000"], ["--records", "10000", "--saves", "50"]),
    "accounts": ([], ["--records", "2000", "--saves", "50"]),
    "data_safety": ([], ["--quick"]),
    "sealing": (["--records", "400000"], ["--records", "8000", "--saves", "50"]),
    "import": ([], ["--rows", "1000"]),
    "sync": ([], ["--units", "5", "--records", "500", "--big", "10000", "--repeat", "3"]),
    "reports": ([], ["--units", "5", "--records", "100", "--repeat", "2"]),
    "entry": ([], []),
    "province": ([], ["--units", "4", "--records", "1000"]),
    "books": ([], ["--sizes", "2000", "10000"]),
    "window": ([], ["--records", "10000"]),
    "server": ([], ["--units", "2", "--records", "2000"]),
}
TIMEOUT_SECONDS = 3600


def run(name: str, arguments: list[str], into: Path) -> tuple[bool, float]:
    """Run one benchmark; its measures are appended to ``into``. (whether it ended well, seconds)."""
    started = time.perf_counter()
    environment = {**os.environ, measures.MEASURES_FILE: str(into), "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run([sys.executable, str(HERE / f"bench_{name}.py"), *arguments], env=environment,
                              capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        print(f"{name}: stopped after {TIMEOUT_SECONDS} s", file=sys.stderr)
        return False, time.perf_counter() - started
    if done.returncode != 0:
        print(f"{name} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}", file=sys.stderr)
        return False, time.perf_counter() - started
    return True, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    parser.add_argument("--json", action="store_true", help="print the measures as JSON")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME",
                        help=f"only these: {', '.join(BENCHMARKS)}")  # fmt: skip
    args = parser.parse_args()
    failed = []
    with tempfile.TemporaryDirectory(prefix="danvan-benchmarks-") as folder:
        into = Path(folder) / "measures.jsonl"
        into.touch()
        for name, (full, quick) in BENCHMARKS.items():
            if args.only and name not in args.only:
                continue
            print(f"running {name}…", file=sys.stderr, flush=True)
            ended, seconds = run(name, quick if args.quick else full, into)
            print(f"  {name}: {seconds:.0f} s{'' if ended else ', FAILED'}", file=sys.stderr, flush=True)
            if not ended:
                failed.append(name)
        rows = [json.loads(line) for line in into.read_text(encoding="utf-8").splitlines() if line]
    if args.json:
        print(json.dumps([{key: row[key] for key in measures.KEYS} for row in rows], ensure_ascii=False, indent=1))
    else:
        print(measures.table(rows))
        if failed:
            print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
