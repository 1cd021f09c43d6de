"""A province's merge and its figures of a year on a PostgreSQL server beside the same on a SQLite
file (issue #14): the packages of N communes (made as bench_province makes them) merged into each,
then ``summary`` of the year on each.

    .venv/bin/python benchmarks/bench_server.py [--units 20] [--records 10000] [--keep DIR]

The server is Debian's PostgreSQL started in a temporary folder (tests/postgres.py), on this
machine, with fsync off as in the tests — so the comparison is of the engines' work, not of
disks. The digests of the two are checked equal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures
from benchmarks.bench_province import PROVINCE, YEAR, make_commune, merge_into_new
from benchmarks.bench_reports import timed
from desktop_app.domain.periods import parse_period
from desktop_app.domain.units import Structure, area_of, communes_under, find_unit


def merged_into(location: str | Path, packages: list[Path]) -> tuple[float, float, float, str]:
    """(merge seconds, summary milliseconds as merged, and after ``serve``'s tidy-up, digest) of
    ``packages`` merged into a new database."""
    from desktop_app.services import figures, unit_setup
    from desktop_app.store import engines
    from desktop_app.store.database import close_database
    from desktop_app.sync.digest import digest

    seconds, _added = merge_into_new(location, packages)
    period, area = parse_period(YEAR), area_of(unit_setup.current_unit())
    summary_ms = statistics.median(timed(lambda: figures.summarize(period, area), 3))
    engines.tidy_after_merge()  # what ``danvan serve`` does after a large merge (nothing on SQLite)
    tidied_ms = statistics.median(timed(lambda: figures.summarize(period, area), 3))
    found = digest().sha256
    close_database()
    return seconds, summary_ms, tidied_ms, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--records", type=int, default=10_000, help="records per commune")
    parser.add_argument("--keep", type=Path, help="a folder to keep (and reuse) the commune packages in")
    args = parser.parse_args()
    from tests.postgres import Server

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-server-"))
    folder.mkdir(parents=True, exist_ok=True)
    codes = [u.code for u in sorted(communes_under(find_unit(PROVINCE, Structure.CURRENT)), key=lambda u: u.code)]
    codes = codes[: args.units]
    with ProcessPoolExecutor(max_workers=2) as pool:
        packages = [Path(p) for p in pool.map(make_commune, [folder] * len(codes), codes, [args.records] * len(codes),
                                              range(1, len(codes) + 1))]  # fmt: skip
    records = len(packages) * args.records
    file = folder / "tinh-ben-may-chu.sqlite"
    file.unlink(missing_ok=True)
    on_file = merged_into(file, packages)
    server = Server().start()
    try:
        on_server = merged_into(server.new_database(), packages)
    finally:
        server.stop()
    assert on_file[3] == on_server[3], "the two databases hold the same records"
    for name, (seconds, summary_ms, tidied_ms, _digest) in (("SQLite file", on_file), ("PostgreSQL server", on_server)):
        print(f"{name}: merged {records:,} records in {seconds:.1f} s ({records / seconds:,.0f} records/s); "
              f"summary --period {YEAR}: {summary_ms:.0f} ms as merged, {tidied_ms:.0f} ms after serve's tidy-up")
    measures.report([
        measures.Measure(f"merge {len(packages)} × {args.records:,} records into SQLite", on_file[0], "s"),
        measures.Measure(f"merge {len(packages)} × {args.records:,} records into PostgreSQL", on_server[0], "s",
                         on_file[0], on_server[0] / on_file[0]),
        measures.Measure(f"summary --period {YEAR} of {records:,} records on SQLite", on_file[1], "ms"),
        measures.Measure(f"summary --period {YEAR} of {records:,} records on PostgreSQL", on_server[1], "ms",
                         on_file[1], on_server[1] / on_file[1]),
        measures.Measure(f"summary --period {YEAR} on PostgreSQL after serve's VACUUM (ANALYZE)", on_server[2], "ms",
                         on_file[1], on_server[2] / on_file[1]),
    ])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
