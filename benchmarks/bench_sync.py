"""Benchmark of sync: merging many packages, and making a small package in a big database.

    .venv/bin/python benchmarks/bench_sync.py [--units 30] [--records 2000] [--big 100000]

It prints its figures and judges nothing; the goals (issue #4) are printed beside them:

1. Merging 30 packages of 2,000 records each at a province runs at least half as fast (records
   per second) as a raw sqlite3 ``executemany`` upsert of the same rows into the same tables.
   The merge reads and checks each package (zip, signature, checksums, every value), checks
   area and trust, compares versions, computes the search text and sort keys, and logs.
2. Making an incremental package of 10 changes takes about the same time in a database of
   100,000 records as in one of 10,000 (the change sequence is indexed; nothing scans a table).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.units import communes_under, find_unit
from desktop_app.services import demo, records, unit_setup
from desktop_app.store.database import close_database
from desktop_app.store.models import model_for
from desktop_app.sync import merge, outgoing
from desktop_app.sync.package import read_package

PROVINCE = "22"
TODAY = dt.date(2026, 11, 24)


def make(path: Path, code: str, records_count: int, seed: int, only: str | None = None) -> None:
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(code)))
    if records_count:
        demo.fill(records_count, seed=seed, today=TODAY, years=2, only=only)


def raw_upsert(table: str, columns: list[str], *, derived: bool = True) -> str:
    """An upsert of ``columns``; unless ``derived`` (they are among them), the columns the
    program derives get empty values."""
    names, extra = (columns, "") if derived else ([*columns, "change_seq", "search_text"], ", 0, ''")
    updates = ", ".join(f"{c}=excluded.{c}" for c in columns if c != "uuid")
    return (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(columns))}{extra}) "
            f"ON CONFLICT(uuid) DO UPDATE SET {updates}")


def raw_connection(path: Path) -> sqlite3.Connection:
    """A fresh province database with the program's tables, opened with plain sqlite3 and the
    program's journal settings."""
    make(path, PROVINCE, 0, 0)
    close_database()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=wal")
    connection.execute("PRAGMA synchronous=normal")
    return connection


def merge_benchmark(folder: Path, units: int, per_unit: int) -> measures.Measure:
    codes = [unit.code for unit in sorted(communes_under(find_unit(PROVINCE)), key=lambda u: u.code)[:units]]
    packages = []
    started = time.perf_counter()
    for number, code in enumerate(codes):
        make(folder / f"{code}.sqlite", code, per_unit, seed=number + 1)
        packages.append(outgoing.make_package(folder / "packages").path)
        close_database()
    print(f"made {units} ward databases and packages in {time.perf_counter() - started:.1f} s")
    total = sum(read_package(path).record_count for path in packages)

    province = folder / "province.sqlite"
    make(province, PROVINCE, 0, 0)
    for path in packages:
        merge.trust(read_package(path), how="package")
    started = time.perf_counter()
    outcomes = merge.apply_all(packages)
    merge_seconds = time.perf_counter() - started
    assert all(o.status == "applied" for o in outcomes), [o.message for o in outcomes if o.status != "applied"]
    columns = {register.name: [f.column_name for f in model_for(register)._meta.sorted_fields]
               for register in BY_NAME.values()}  # fmt: skip
    close_database()
    # The same rows, as stored in the province's tables, for the raw upsert.
    with sqlite3.connect(province) as source:
        rows_by_table = {name: source.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall()
                         for name, cols in columns.items()}  # fmt: skip

    connection = raw_connection(folder / "raw.sqlite")
    started = time.perf_counter()
    with connection:
        for name, rows in rows_by_table.items():
            if rows:
                connection.executemany(raw_upsert(name, columns[name]), rows)
    raw_seconds = time.perf_counter() - started
    connection.close()

    # The raw path that reads the same packages: unzip, one json.loads per line, executemany of
    # the travelling fields — no signature, checksum, value, area or version checks, no search
    # text or sort keys, no conflict log.
    connection = raw_connection(folder / "raw-files.sqlite")
    started = time.perf_counter()
    with connection:
        for path in packages:
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if not member.startswith("records/"):
                        continue
                    name = member[len("records/"):-len(".jsonl")]
                    lines = [json.loads(line) for line in archive.read(member).splitlines()]
                    cols = list(lines[0])
                    connection.executemany(raw_upsert(name, cols, derived=False), [
                        [",".join(v) if isinstance(v, list) else v for v in line.values()] for line in lines])
    files_seconds = time.perf_counter() - started
    connection.close()

    merge_rate, raw_rate, files_rate = total / merge_seconds, total / raw_seconds, total / files_seconds
    print(f"merge {units} packages × {per_unit} records ({total} records): {merge_seconds:.2f} s, "
          f"{merge_rate:,.0f} records/s")
    print(f"raw: unzip + json.loads + sqlite3 executemany upsert: {files_seconds:.2f} s, {files_rate:,.0f} records/s")
    print(f"raw: sqlite3 executemany upsert of ready rows only:   {raw_seconds:.2f} s, {raw_rate:,.0f} records/s")
    print(f"merge / raw reading the packages = {merge_rate / files_rate:.2f}   (goal: at least 0.50)")
    print(f"merge / raw upsert of ready rows = {merge_rate / raw_rate:.2f}")
    return measures.ratio_at_least(f"merge {units} packages × {per_unit:,} records vs raw reading of them",
                                   merge_rate, "records/s", files_rate, 0.5)  # fmt: skip


def incremental_benchmark(folder: Path, sizes: list[int], changes: int, repeat: int) -> list[float]:
    """The median ms of an incremental package of ``changes`` in a database of each size."""
    register = BY_NAME["reception"]
    medians = []
    for size in sizes:
        path = folder / f"big-{size}.sqlite"
        make(path, "06838", size, seed=7, only="reception")
        outgoing.make_package(folder / "big-out")  # everything so far is packaged
        model = model_for(register)
        uuids = [row[0] for row in model.select(model.uuid).tuples()]
        times = []
        for attempt in range(repeat):
            for uuid in random.Random(attempt).sample(uuids, changes):
                record = records.get(register, uuid)
                records.save(register, {**record, "content": f"Sửa lần {attempt}", "hamlet": None}, uuid=uuid,
                             today=record["date"])  # fmt: skip
            started = time.perf_counter()
            made = outgoing.make_package(folder / "big-out")
            times.append((time.perf_counter() - started) * 1000)
            assert made is not None and made.records == changes
        count = model.select().count()
        print(f"incremental package of {changes} changes in a database of {count:,} records: "
              f"median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f})")
        medians.append(statistics.median(times))
        close_database()
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        merged = merge_benchmark(folder, args.units, args.records)
        small, big = incremental_benchmark(folder, [args.big // 10, args.big], 10, args.repeat)
    print("goal 2: the time should not grow with the database (compare the two lines above)")
    measures.report([merged, measures.ratio_at_most(
        f"incremental package of 10 changes, {args.big:,} vs {args.big // 10:,} records", big, "ms", small, 1.5)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
