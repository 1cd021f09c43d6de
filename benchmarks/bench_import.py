"""Benchmark of the import: a commune's petition book taken in from a spreadsheet, against the
merge of the same records from a package (issue #13).

    .venv/bin/python benchmarks/bench_import.py [--rows 5000]

A ward database gets ``--rows`` petitions; they are exported to CSV, as an officer would keep
them in Excel, and packaged for the district. A fresh ward database then imports the CSV
(``danvan import``'s path: every row read and checked, then written in one transaction) and a
fresh district database merges the package. Goal: the import takes in at least half as many
records per second as the merge. It prints its figures and judges nothing else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.units import Structure, find_unit
from desktop_app.services import demo, transfer, unit_setup
from desktop_app.store.database import close_database
from desktop_app.sync import merge, outgoing

PETITION = BY_NAME["petition"]
TODAY = dt.date(2026, 11, 24)
WARD, DISTRICT = "06649", "193"  # a ward of Hạ Long and its city (the structure before 7/2025)


def make(path: Path, code: str) -> None:
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(code, Structure.LEGACY)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    make(folder / "source.sqlite", WARD)
    demo.fill(args.rows, seed=3, today=TODAY, years=2, only=PETITION.name)
    book = folder / "don-thu.csv"
    rows = transfer.export_file(PETITION, book)
    package = outgoing.make_package(folder / "packages", full=True).path
    hamlets = unit_setup.hamlets()
    close_database()

    make(folder / "imported.sqlite", WARD)
    unit_setup.set_hamlets(hamlets)  # the ward's own list, as its wizard would have it
    started = time.perf_counter()
    result = transfer.import_file(PETITION, book, today=TODAY)
    import_seconds = time.perf_counter() - started
    close_database()
    assert result.added == rows, result

    make(folder / "district.sqlite", DISTRICT)
    merge.trust(merge.read(package), how="package")
    started = time.perf_counter()
    outcome = merge.apply(package)
    merge_seconds = time.perf_counter() - started
    close_database()
    assert outcome.status == "applied", outcome.message
    merged = outcome.added

    import_rate, merge_rate = rows / import_seconds, merged / merge_seconds
    ratio = import_rate / merge_rate
    print(f"import of {rows:,} petitions from CSV: {import_seconds:.2f} s, {import_rate:,.0f} rows/s")
    print(f"merge of the same {merged:,} records from a package: {merge_seconds:.2f} s, {merge_rate:,.0f} records/s")
    print(f"import / merge = {ratio:.2f}   (goal: at least 0.50: {'met' if ratio >= 0.5 else 'NOT met'})")
    measures.report([measures.ratio_at_least(f"import of {rows:,} petitions (CSV) vs their merge, records/s",
                                             import_rate, "rows/s", merge_rate, 0.5)])  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
