"""What encryption at rest and backups cost: save, search and merge on an encrypted database
against the same on a plain one (goal ≤ 1.3×), and a checked backup of a 100,000-record
database (goal ≤ 5 s on the 2-core machine).

    .venv/bin/python benchmarks/bench_data_safety.py [--records 100000] [--saves 300] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures
from benchmarks.bench_registers import timed
from desktop_app.domain.registers import get_register
from desktop_app.domain.units import Structure, find_unit
from desktop_app.security import keyslots
from desktop_app.services import accounts, backups, demo, encryption, records, unit_setup
from desktop_app.store import database as store_db
from desktop_app.store.queries import ListQuery, count, select_page
from desktop_app.sync import merge, outgoing

REGISTER = get_register("petition")
TODAY = dt.date(2026, 11, 24)
ADMIN, PASSWORD = "quantri", "quan-tri-2026"
RAW = {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": "Lò Thị Hoà", "kind": "kien_nghi",
       "subject_field": "dat_dai", "summary": "Phản ánh đường làng ngập nước"}  # fmt: skip
TYPED = ("nguyen thi", "dat dai", "lo")
ROUNDS = 6


def make_pair(folder: Path, code: str, structure: Structure, count_: int) -> tuple[Path, Path]:
    """A plain database with ``count_`` sample records, and an encrypted copy of it."""
    plain = folder / f"{code}-plain.sqlite"
    unit_setup.create_unit_database(plain, unit_setup.suggested_profile(find_unit(code, structure)),
                                    admin=(ADMIN, PASSWORD), encrypt=False)  # fmt: skip
    if count_:
        demo.fill(count_, seed=5, today=TODAY, years=3)
    store_db.close_database()
    encrypted = folder / f"{code}-encrypted.sqlite"
    shutil.copyfile(plain, encrypted)
    encryption.open_signed_in(encrypted, ADMIN, PASSWORD)
    encryption.encrypt(encrypted, PASSWORD)
    store_db.close_database()
    return plain, encrypted


def opened(path: Path) -> None:
    accounts.sign_out()
    encryption.open_signed_in(path, ADMIN, PASSWORD, record_success=False)


def search_runs() -> list[float]:
    """Each keystroke of the phrases typed one letter at a time (count and first page), in ms."""
    runs = []
    for phrase in TYPED:
        for end in range(1, len(phrase) + 1):
            query = ListQuery(REGISTER, search=phrase[:end])
            runs += timed(lambda query=query: (count(query), select_page(query, 0, 100)), repeat=2)
    return runs


def merge_ms(district: Path, packages: list[Path]) -> float:
    opened(district)
    [elapsed] = timed(lambda: merge.apply_all(packages, trust_new=True))
    store_db.close_database()
    return elapsed


def row(measure: str, plain: float, encrypted: float, goal: float) -> None:
    ratio = encrypted / plain if plain else float("inf")
    verdict = "met" if ratio <= goal else "NOT met"
    print(f"  {measure:<34} {plain:10.2f} {encrypted:12.2f} {ratio:8.2f}×   ≤ {goal}×  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="10,000 records, 100 saves")
    args = parser.parse_args()
    if args.quick:
        args.records, args.saves = 10_000, 100
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print(f"Building {args.records:,} sample records, plain and encrypted…")
        plain, encrypted = make_pair(folder, "06838", Structure.CURRENT, args.records)
        results: dict[str, dict[str, float]] = {"plain": {}, "encrypted": {}}
        saves: dict[str, list[float]] = {"plain": [], "encrypted": []}
        searches: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for _round in range(ROUNDS):  # interleaved, so that a job running beside weighs on both alike
            for name, path in (("plain", plain), ("encrypted", encrypted)):
                opened(path)
                saves[name] += timed(lambda: records.save(REGISTER, RAW, today=TODAY), repeat=args.saves // ROUNDS)
                searches[name] += search_runs()
                store_db.close_database()
        for name, path in (("plain", plain), ("encrypted", encrypted)):
            opened(path)
            results[name]["save"] = statistics.median(saves[name])
            results[name]["search"] = statistics.median(searches[name])
            [results[name]["backup"]] = timed(lambda: backups.make_backup("manual", second_place=False))
            results[name]["size"] = path.stat().st_size
            store_db.close_database()

        packages = []
        for number, code in enumerate(("06649", "06652", "06655")):
            commune = folder / f"{code}.sqlite"
            unit_setup.create_unit_database(commune, unit_setup.suggested_profile(find_unit(code, Structure.LEGACY)))
            demo.fill(2000, seed=number + 1, today=TODAY, years=2)
            packages.append(outgoing.make_package(folder / "packages", full=True).path)
            store_db.close_database()
        district_plain, district_encrypted = make_pair(folder, "193", Structure.LEGACY, 0)
        results["plain"]["merge"] = merge_ms(district_plain, packages)
        results["encrypted"]["merge"] = merge_ms(district_encrypted, packages)

    print(f"\nEncryption at rest (SQLCipher 4, raw 256-bit key), {args.records:,} records; milliseconds")
    print(f"  {'measure':<34} {'plain':>10} {'encrypted':>12} {'ratio':>9}   goal")
    plain_, encrypted_ = results["plain"], results["encrypted"]
    row(f"save one petition (median of {len(saves['plain'])})", plain_["save"], encrypted_["save"], 1.3)
    row("search keystroke (median)", results["plain"]["search"], results["encrypted"]["search"], 1.3)
    row("merge 3 packages × 2,000 records", results["plain"]["merge"], results["encrypted"]["merge"], 1.3)
    print(f"\nChecked backup (copy, integrity_check, fingerprint of every table) of {args.records:,} records")
    for name in ("plain", "encrypted"):
        seconds = results[name]["backup"] / 1000
        verdict = "met" if seconds <= 5 else "NOT met"
        print(f"  {name:<10} {seconds:6.2f} s for {results[name]['size'] / 1_048_576:6.1f} MB   goal ≤ 5 s  {verdict}")
    print(f"\nKey ring: argon2id {keyslots.passwords.MEMORY_KIB // 1024} MiB per sign-in unwrap (see bench_accounts).")
    measures.report([
        measures.ratio_at_most("encrypted vs plain: save one petition", encrypted_["save"], "ms", plain_["save"], 1.3),
        measures.ratio_at_most("encrypted vs plain: search keystroke", encrypted_["search"], "ms", plain_["search"],
                               1.3),
        measures.ratio_at_most("encrypted vs plain: merge 3 × 2,000", encrypted_["merge"], "ms", plain_["merge"], 1.3),
        measures.at_most(f"checked backup of {args.records:,} records (encrypted)", encrypted_["backup"] / 1000, "s",
                         5),
    ])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
