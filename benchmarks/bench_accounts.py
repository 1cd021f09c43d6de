"""Accountability costs: a save with its audit entry and change log against a bare peewee
insert (goal ≤ 3×), a sign-in at the chosen argon2id cost (goal < 0.5 s), and checking the
whole audit trail.

    .venv/bin/python benchmarks/bench_accounts.py [--records 20000] [--saves 300]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures
from benchmarks.bench_registers import timed
from desktop_app.domain.registers import get_register
from desktop_app.domain.units import find_unit
from desktop_app.security import passwords
from desktop_app.services import accounts, audit_reading, demo, records, unit_setup
from desktop_app.store import records as store_records
from desktop_app.store.database import close_database
from desktop_app.store.models import model_for

REGISTER = get_register("petition")
TODAY = dt.date(2026, 11, 24)
RAW = {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": "Lò Thị Hoà", "kind": "kien_nghi",
       "subject_field": "dat_dai", "summary": "Phản ánh đường làng ngập nước"}  # fmt: skip


def bench_save(samples: int) -> tuple[float, float]:
    saves = timed(lambda: records.save(REGISTER, RAW, today=TODAY), repeat=samples)
    edits_of = records.save(REGISTER, RAW, today=TODAY)["uuid"]
    edits = timed(lambda: records.save(REGISTER, {**RAW, "summary": f"Sửa {time.perf_counter()}"}, uuid=edits_of,
                                       today=TODAY), repeat=samples)  # fmt: skip
    model = model_for(REGISTER)
    row = store_records.to_row(REGISTER, records.get(REGISTER, edits_of))
    counter = iter(range(10**9))
    bare = timed(lambda: model.insert(**{**row, "uuid": f"bench-{next(counter)}"}).execute(), repeat=samples)
    save_ms, edit_ms, bare_ms = statistics.median(saves), statistics.median(edits), statistics.median(bare)
    print(f"\nSaving one record with its audit entry and change log ({samples} each, median)")
    print(f"  records.save, new record:   {save_ms:8.3f} ms   {save_ms / bare_ms:5.1f} × bare   (goal ≤ 3×)")
    print(f"  records.save, a correction: {edit_ms:8.3f} ms   {edit_ms / bare_ms:5.1f} × bare")
    print(f"  bare peewee insert:         {bare_ms:8.3f} ms")
    return save_ms, bare_ms


def bench_sign_in() -> float:
    """The worst sign-in with the right password, in ms."""
    runs = timed(lambda: accounts.sign_in("nhaplieu", "nhap-lieu-2026", record_success=False), repeat=7)
    wrong = timed(lambda: _refused("sai-mat-khau"), repeat=3)
    print(f"\nSigning in (argon2id, {passwords.MEMORY_KIB // 1024} MiB, {passwords.TIME_COST} passes, "
          f"{passwords.LANES} lanes; goal < 500 ms)")
    print(f"  right password: median {statistics.median(runs):6.0f} ms, worst {max(runs):6.0f} ms")
    print(f"  wrong password: median {statistics.median(wrong):6.0f} ms (and one audit entry each)")
    accounts.sign_in("nhaplieu", "nhap-lieu-2026")  # the failures above are reset
    return max(runs)


def _refused(password: str) -> None:
    with contextlib.suppress(accounts.SignInError):
        accounts.sign_in("lanhdao", password)


def bench_verify() -> None:
    start = time.perf_counter()
    findings = audit_reading.verify()
    took = time.perf_counter() - start
    print(f"\nChecking the audit trail: {audit_reading.entry_count():,} entries and every record in {took:.2f} s "
          f"({len(findings)} findings)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="danvan-bench-"))
    path = folder / "bench.sqlite"
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit("06838")), ["Thôn Nà Áng"],
                                    admin=("quantri", "quan-tri-2026"))  # fmt: skip
    accounts.add_account("nhaplieu", "nhap_lieu", "nhap-lieu-2026")
    accounts.add_account("lanhdao", "lanh_dao", "lanh-dao-2026")
    start = time.perf_counter()
    demo.fill(args.records, seed=1, today=TODAY, only=REGISTER.name)
    print(f"Filled {args.records:,} {REGISTER.name} records with their audit entries in "
          f"{time.perf_counter() - start:.1f} s ({path})")
    sign_in_ms = bench_sign_in()
    bench_verify()  # before the bare inserts below, which the check would rightly name
    save_ms, bare_ms = bench_save(args.saves)
    close_database()
    measures.report([
        measures.ratio_at_most("save with its audit entry vs a bare peewee insert", save_ms, "ms", bare_ms, 3),
        measures.at_most("sign-in (argon2id), worst", sign_in_ms, "ms", 500),
    ])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
