"""Province scale (issue #13): the packages of 100 communes of 10,000 records each (1,000,000
records) merged at the province, then its figures of a year, its consolidated annual report and
its window on the merged database.

    .venv/bin/python benchmarks/bench_province.py [--units 100] [--records 10000] [--keep DIR [--reuse]]

Goals: the merge ≤ 2 minutes on the 2-core machine; ``summary --period YEAR`` ≤ 1 s; the
consolidated annual report with a row per unit ≤ 1.3× bare reportlab of the same tables; the
window opens the province database and paints its first page of petitions ≤ 2 s, fetches more
as the list scrolls, and stays ≤ 300 MB. The communes are made two at a time (one process per
core); with ``--keep`` their packages are kept and made again only when missing, and with
``--reuse`` the province merged by an earlier run is measured again without merging.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures
from benchmarks.bench_reports import bare_reportlab, timed
from desktop_app.domain.periods import parse_period
from desktop_app.domain.units import Structure, area_of, communes_under, find_unit

PROVINCE = "38"  # Tỉnh Thanh Hóa: 166 communes since 7/2025
TODAY = dt.date(2026, 11, 24)
YEAR = "2026"


def make_commune(folder: Path, code: str, records: int, seed: int) -> str:
    """One commune's database and its full package; returns the package's path."""
    from desktop_app.services import demo, unit_setup
    from desktop_app.store.database import close_database
    from desktop_app.sync import outgoing

    out = folder / "packages" / code
    if out.is_dir() and (found := sorted(out.glob("*.danvan"))):
        return str(found[0])
    path = folder / "communes" / f"{code}.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(code, Structure.CURRENT)))
    demo.fill(records, seed=seed, today=TODAY, years=2)
    made = outgoing.make_package(out, full=True)
    close_database()
    path.unlink()
    assert made is not None
    return str(made.path)


def merge_into_new(location: str | Path, packages: list[Path]) -> tuple[float, int]:
    """A new province database at ``location`` (a file, or an empty server database) that trusts
    the packages' keys and merges them: (seconds the merge took, records it added)."""
    from desktop_app.services import unit_setup
    from desktop_app.sync import merge

    unit_setup.create_unit_database(location, unit_setup.suggested_profile(find_unit(PROVINCE, Structure.CURRENT)))
    for path in packages:
        merge.trust(merge.read(path), how="package")
    started = time.perf_counter()
    outcomes = merge.apply_all(packages)
    seconds = time.perf_counter() - started
    assert all(o.status == "applied" for o in outcomes), [o.message for o in outcomes if o.status != "applied"]
    return seconds, sum(o.added for o in outcomes)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_window(path: Path) -> tuple[Any, Any, float]:
    """Open the database at ``path`` and the main window on it, offscreen at 1366×768, and let it
    paint its first screen: (the application, the window, when the opening began)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop_app.store.database import open_database
    from desktop_app.ui.main_window import MainWindow

    started = time.perf_counter()
    app = QApplication.instance() or QApplication([])
    open_database(path)
    window = MainWindow(path, QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    return app, window, started


def window_probe(path: Path) -> None:
    """In its own process: open the window on ``path``, paint the petitions' first page, scroll
    through ten more pages; print the times and the memory as JSON."""
    app, window, started = open_window(path)
    opened_ms = (time.perf_counter() - started) * 1000
    page = window.pages["petition"]
    window.navigation.setCurrentRow(1 + list(window.pages).index("petition"))
    app.processEvents()
    painted_ms = (time.perf_counter() - started) * 1000
    scrolls = []
    for _page in range(10):
        begun = time.perf_counter()
        page.table.scrollToBottom()
        app.processEvents()
        scrolls.append((time.perf_counter() - begun) * 1000)
    print(json.dumps({"opened_ms": opened_ms, "painted_ms": painted_ms, "rows": page.model.rowCount(),
                      "scroll_ms": statistics.median(scrolls), "peak_mb": peak_mb()}))  # fmt: skip
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--records", type=int, default=10_000, help="records per commune")
    parser.add_argument("--keep", type=Path, help="a folder to keep the packages in")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: measure the province merged by an earlier run, without merging again")
    parser.add_argument("--window-probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.window_probe:
        window_probe(args.window_probe)
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-province-"))
    folder.mkdir(parents=True, exist_ok=True)
    province = folder / "tinh.sqlite"
    if args.reuse and province.exists():
        from desktop_app.store.database import open_database

        open_database(province)
        return measure_province(province, [])
    codes = [u.code for u in sorted(communes_under(find_unit(PROVINCE, Structure.CURRENT)), key=lambda u: u.code)]
    codes = codes[: args.units]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        packages = [Path(p) for p in pool.map(make_commune, [folder] * len(codes), codes, [args.records] * len(codes),
                                              range(1, len(codes) + 1))]  # fmt: skip
    took = time.perf_counter() - started
    print(f"{len(packages)} commune packages of {args.records:,} records ready in {took:.0f} s")

    province.unlink(missing_ok=True)
    merge_seconds, merged = merge_into_new(province, packages)
    print(f"merged {merged:,} records from {len(packages)} packages in {merge_seconds:.0f} s "
          f"({merged / merge_seconds:,.0f} records/s), peak memory {peak_mb():.0f} MB")  # fmt: skip
    return measure_province(province, [
        measures.at_most(f"merge {len(packages)} packages × {args.records:,} records at the province",
                         merge_seconds, "s", 120),
    ])  # fmt: skip


def measure_province(province: Path, lines: list[measures.Measure]) -> int:
    """The figures, the consolidated report and the window on the merged ``province`` (open)."""
    from desktop_app.domain.registers import REGISTERS
    from desktop_app.services import figures, reports, unit_setup
    from desktop_app.store.database import close_database
    from desktop_app.store.models import model_for

    merged = sum(model_for(register).select().count() for register in REGISTERS)
    period = parse_period(YEAR)
    area = area_of(unit_setup.current_unit())
    [summary_ms] = timed(lambda: figures.summarize(period, area), 1)
    print(f"summary --period {YEAR}: {summary_ms:.0f} ms")
    from desktop_app.reports.periodic import (
        consolidated_header,
        consolidated_rows,
        statistics_header,
        statistics_rows,
    )

    draft = reports.new_report(period, "consolidated", today=TODAY)
    content = reports.periodic_content(draft)
    rows, _groups = statistics_rows(content)
    tables = [[statistics_header(period), *rows], [consolidated_header(), *consolidated_rows(content)]]
    program_ms = statistics.median(timed(lambda: reports.build_report("consolidated", period, today=TODAY), 2))
    bare_ms = statistics.median(timed(lambda: bare_reportlab(tables), 2))
    print(f"consolidated annual report, {len(content.units or [])} units: {program_ms:.0f} ms, "
          f"bare reportlab {bare_ms:.0f} ms ({program_ms / bare_ms:.2f}×)")  # fmt: skip
    close_database()

    probe = subprocess.run([sys.executable, __file__, "--window-probe", str(province)], capture_output=True, text=True,
                           timeout=600, check=True)  # fmt: skip
    window = json.loads(probe.stdout.strip().splitlines()[-1])
    print(f"window: opened in {window['opened_ms']:.0f} ms, petitions painted at {window['painted_ms']:.0f} ms, "
          f"{window['rows']:,} rows after ten scrolls ({window['scroll_ms']:.0f} ms each), "
          f"peak memory {window['peak_mb']:.0f} MB")  # fmt: skip
    measures.report([
        *lines,
        measures.at_most(f"summary --period {YEAR} of {merged:,} records", summary_ms / 1000, "s", 1),
        measures.ratio_at_most(f"consolidated annual report, {len(content.units or [])} units, vs bare reportlab",
                               program_ms, "ms", bare_ms, 1.3),
        measures.at_most("window: first page of petitions painted", window["painted_ms"] / 1000, "s", 2),
        measures.at_most("window: peak memory, scrolling the petitions", window["peak_mb"], "MB", 300),
    ])  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
