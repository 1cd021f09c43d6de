"""Printed books, exports and the full package at a commune's size (issue #27), each beside a bare
library doing the same job on the same rows.

    .venv/bin/python benchmarks/bench_books.py [--sizes 10000 100000] [--keep DIR]

For each size a commune database is filled with ``demo`` records over two years; then, each in
a process of its own (so that its peak memory is its own):

- the petition book of the last full year (``report petitions --period YEAR``) against a bare
  reportlab LongTable of the same rows (one Paragraph per cell, column widths in proportion to
  the longest text of each column, the header repeated): pages, time per page, peak memory;
- the export of every petition to .xlsx (``export petition``) against openpyxl's write-only
  workbook of the same cells: time per row, peak memory;
- the full package of the database (``package --full``): time and peak memory.

Goals: the program's peak memory ≤ 150 MB at 100,000 records, and no more than a little above
its figure at 10,000 (it reads in batches and writes as it goes); time ≤ 1.3× the bare library
per row (per page is printed too, but the program's pages hold more rows); at least as many
petitions per page as the bare layout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures

TODAY = dt.date(2026, 11, 24)
YEAR = "2025"
COMMUNE = "06838"  # Xã Bình Liêu, Quảng Ninh


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def make_database(path: Path, records: int) -> None:
    from desktop_app.domain.units import find_unit
    from desktop_app.services import demo, unit_setup
    from desktop_app.store.database import close_database, database

    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(COMMUNE)))
    demo.fill(records, seed=27, years=2, today=TODAY)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the jobs read the file, not a full write-ahead log
    close_database()


def petition_rows() -> list[list[str]]:
    """The book's rows, as the program reads and words them."""
    from desktop_app.domain.periods import parse_period
    from desktop_app.domain.registers import BY_NAME
    from desktop_app.reports.books import petition_row
    from desktop_app.store import queries

    period = parse_period(YEAR)
    query = queries.ListQuery(BY_NAME["petition"], start=period.start, end=period.end, sort_field="received_date")
    return [petition_row(n, record) for n, record in enumerate(queries.select_all(query), start=1)]


def bare_book(rows: list[list[str]]) -> bytes:
    from io import BytesIO

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    from desktop_app.reports.fonts import FAMILY, register_fonts

    register_fonts()
    style = ParagraphStyle("cell", fontName=FAMILY, fontSize=10, leading=11)
    header = ["STT", "Số vào sổ", "Ngày nhận", "Người gửi, địa chỉ", "Nguồn đơn", "Loại đơn", "Lĩnh vực",
              "Tóm tắt nội dung", "Hạn xử lý, giải quyết", "Tình trạng", "Ngày giải quyết xong"]  # fmt: skip
    longest = [max(6, *(len(row[c]) for row in [header, *rows])) for c in range(len(header))]  # room for padding
    page = landscape(A4)[0] - 2 * 56
    widths = [page * n / sum(longest) for n in longest]
    table = LongTable([[Paragraph(text, style) for text in row] for row in [header, *rows]], colWidths=widths,
                      repeatRows=1)  # fmt: skip
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=56, rightMargin=56).build([table])
    return buffer.getvalue()


def run_job(job: str, path: Path, out: Path) -> dict:
    """One job in this process: its time (the database already open) and this process's peak."""
    from desktop_app.domain.periods import parse_period
    from desktop_app.domain.registers import BY_NAME
    from desktop_app.services import reports, transfer
    from desktop_app.store.database import open_database
    from desktop_app.sync import outgoing

    open_database(path)
    started = time.perf_counter()
    result: dict = {}
    if job == "book":
        pdf = reports.build_report("petitions", parse_period(YEAR), today=TODAY)
        out.write_bytes(pdf)
        result["pages"] = pages_of(pdf)
    elif job == "bare_book":
        rows = petition_rows()
        pdf = bare_book(rows)
        out.write_bytes(pdf)
        result.update(pages=pages_of(pdf), rows=len(rows))
    elif job == "export":
        result["rows"] = transfer.export_file(BY_NAME["petition"], out)
    elif job == "bare_export":
        from openpyxl import Workbook

        from desktop_app.store.records import iter_all

        register = BY_NAME["petition"]
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([f.display_label for f in register.fields])
        count = 0
        for record in iter_all(register):
            sheet.append([record.get(f.name) if not f.is_choice else f.display(record.get(f.name))
                          for f in register.fields])  # fmt: skip
            count += 1
        workbook.save(out)
        result["rows"] = count
    elif job == "package":
        out.mkdir(exist_ok=True)
        made = outgoing.make_package(out, full=True)
        result["records"] = made.records if made else 0
    result.update(seconds=time.perf_counter() - started, peak_mb=peak_mb())
    return result


def job(name: str, path: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--job", name, "--db", str(path), "--out", str(out)],
                          capture_output=True, text=True, timeout=1800, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="a folder to keep (and reuse) the databases in")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        print(json.dumps(run_job(args.job, args.db, args.out)))
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-books-"))
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[measures.Measure] = []
    peaks: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        path = folder / f"xa-{size}.sqlite"
        if not path.exists():
            started = time.perf_counter()
            make_database(path, size)
            print(f"{size:,} records made in {time.perf_counter() - started:.0f} s")
        book, bare = job("book", path, folder / f"book-{size}.pdf"), job("bare_book", path, folder / f"bare-{size}.pdf")
        export = job("export", path, folder / f"export-{size}.xlsx")
        bare_export = job("bare_export", path, folder / f"bare-{size}.xlsx")
        package = job("package", path, folder / f"package-{size}")
        rows = bare["rows"]
        print(f"{size:,} records, petition book of {YEAR} ({rows:,} petitions):")
        print(f"  program: {book['pages']} pages, {book['seconds']:.1f} s, {book['peak_mb']:.0f} MB, "
              f"{rows / book['pages']:.1f} petitions a page")  # fmt: skip
        print(f"  bare reportlab LongTable: {bare['pages']} pages, {bare['seconds']:.1f} s, {bare['peak_mb']:.0f} MB, "
              f"{rows / bare['pages']:.1f} petitions a page")  # fmt: skip
        print(f"  export of {export['rows']:,} petitions to .xlsx: {export['seconds']:.1f} s, "
              f"{export['peak_mb']:.0f} MB; bare openpyxl write-only {bare_export['seconds']:.1f} s, "
              f"{bare_export['peak_mb']:.0f} MB")  # fmt: skip
        print(f"  full package of {package['records']:,} records: {package['seconds']:.1f} s, "
              f"{package['peak_mb']:.0f} MB")  # fmt: skip
        per_row, bare_per_row = book["seconds"] / rows * 1000, bare["seconds"] / rows * 1000
        print(f"  time a page: program {book['seconds'] / book['pages'] * 1000:.0f} ms, bare "
              f"{bare['seconds'] / bare['pages'] * 1000:.0f} ms (the program's pages hold more petitions)")  # fmt: skip
        per_cell = export["seconds"] / export["rows"] * 1e6
        bare_per_cell = bare_export["seconds"] / bare_export["rows"] * 1e6
        lines += [
            measures.ratio_at_most(f"petition book, {size:,} records: time a petition vs bare LongTable", per_row,
                                   "ms", bare_per_row, 1.3),
            measures.ratio_at_least(f"petition book, {size:,} records: petitions a page vs bare LongTable",
                                    rows / book["pages"], "rows", rows / bare["pages"], 1.0),
            measures.ratio_at_most(f"export to .xlsx, {size:,} records: time a row vs bare openpyxl", per_cell, "µs",
                                   bare_per_cell, 1.3),
        ]  # fmt: skip
        peaks[size] = {"book": book["peak_mb"], "export": export["peak_mb"], "package": package["peak_mb"]}
    largest = max(peaks)
    for name in ("book", "export", "package"):
        lines.append(measures.at_most(f"{name}: peak memory at {largest:,} records", peaks[largest][name], "MB", 150))
        if len(peaks) > 1:
            smallest = min(peaks)
            lines.append(measures.ratio_at_most(f"{name}: peak memory at {largest:,} vs {smallest:,} records",
                                                peaks[largest][name], "MB", peaks[smallest][name], 1.25))
    measures.report(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
