"""``danvan serve``: the sync cycle of a merging unit run unattended on its server's database —
logging for journald, one cycle at a time on a database, stopping cleanly on SIGTERM after the
package it is in, and a database killed with -9 mid-merge completed by the next cycle."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.accounts import signed_in_env
from tests.sync.conftest import COMMUNES, DISTRICT
from tests.sync.test_end_to_end import DANVAN, danvan


def start_serve(db: str, work: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([*DANVAN, "serve", "--db", db, "--work", str(work), *options], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=signed_in_env())  # fmt: skip


@pytest.fixture(scope="module")
def wards(tmp_path_factory) -> tuple[Path, list[Path]]:
    """Three wards that sent two packages each into a shared folder (a USB stick, a share)."""
    root = tmp_path_factory.mktemp("phuong")
    folder = root / "chung"
    folder.mkdir()
    enrolments = []
    for seed, code in enumerate(COMMUNES, start=1):
        db = root / f"{code}.sqlite"
        danvan("init", "--db", str(db), "--unit", code, "--structure", "2004")
        danvan("sync-setup", "--db", str(db), "--folder", str(folder))
        for part in (1, 2):
            danvan("demo", "--db", str(db), "--records", "1500", "--seed", str(seed * 10 + part), "--today",
                   "2026-11-24")  # packages big enough that a signal comes while some wait
            danvan("sync", "--db", str(db))
        enrolments.append(root / f"{code}.enrol")
        danvan("enrolment", "--db", str(db), "--out", str(enrolments[-1]))
    return folder, enrolments


def district_at(location: str, folder: Path, enrolments: list[Path]) -> str:
    danvan("init", "--db", location, "--unit", DISTRICT, "--structure", "2004", "--no-encryption")
    for enrolment in enrolments:
        danvan("trust", "--db", location, str(enrolment))
    danvan("sync-setup", "--db", location, "--folder", str(folder))
    return location


def digest(location: str) -> str:
    return danvan("digest", "--db", location).stdout.split()[0]


def test_serve_merges_what_sync_merges_and_logs_for_journald(wards, server_url, tmp_path):
    folder, enrolments = wards
    reference = district_at(str(tmp_path / "huyen.sqlite"), folder, enrolments)
    danvan("sync", "--db", reference)
    server = district_at(server_url, folder, enrolments)
    done = subprocess.run([*DANVAN, "serve", "--db", server, "--work", str(tmp_path / "work"), "--once"],
                          capture_output=True, text=True, timeout=300, env=signed_in_env())  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(line[:3] in ("<6>", "<4>", "<3>") for line in lines), lines
    assert sum("thêm" in line for line in lines) == 6 and lines[-1] == "<6>Đã dừng."
    assert [line for line in lines if "Đã dọn bảng" in line] == ["<6>Đã dọn bảng và cập nhật thống kê sau khi nhận "
                                                                 "9000 bản ghi."], "VACUUM after a large merge"
    assert digest(server) == digest(reference)
    assert (tmp_path / "work" / "server-inbox").is_dir(), "its files in --work, never a folder named after the URL"


def test_a_second_server_on_the_same_database_skips_its_cycle(wards, server_url, postgres_server, tmp_path):
    import psycopg

    from desktop_app.store.engines import CYCLE_LOCK

    folder, enrolments = wards
    server = district_at(server_url, folder, enrolments)
    before = digest(server)
    with psycopg.connect(server_url, autocommit=True) as other:  # another server in the middle of a cycle
        assert other.execute("SELECT pg_try_advisory_lock(%s)", (CYCLE_LOCK,)).fetchone()[0]
        done = subprocess.run([*DANVAN, "serve", "--db", server, "--work", str(tmp_path / "w"), "--once"],
                              capture_output=True, text=True, timeout=300, env=signed_in_env())  # fmt: skip
    assert done.returncode == 0 and "<4>Một máy khác đang đồng bộ cơ sở dữ liệu này" in done.stdout
    assert digest(server) == before, "nothing merged beside the other server"


def test_sigterm_stops_after_the_package_and_kill_9_is_completed_by_the_next_cycle(wards, server_url, tmp_path):
    folder, enrolments = wards
    reference = district_at(str(tmp_path / "huyen.sqlite"), folder, enrolments)
    danvan("sync", "--db", reference)
    server = district_at(server_url, folder, enrolments)

    serving = start_serve(server, tmp_path / "w1", "--every", "60")
    seen = [serving.stdout.readline()]
    assert seen[0].startswith("<6>Bắt đầu phục vụ")
    while "thêm" not in seen[-1]:  # in the middle of the cycle: one package taken in, five to come
        seen.append(serving.stdout.readline())
        assert serving.poll() is None
    serving.send_signal(signal.SIGTERM)
    out, _err = serving.communicate(timeout=120)
    assert serving.returncode == 0 and "<6>Nhận tín hiệu SIGTERM" in out and out.rstrip().endswith("<6>Đã dừng.")
    merged = "".join(seen).count("thêm") + out.count("thêm")
    assert merged < 6, "it stopped before the rest"
    completed = danvan("merge", "--db", server, *map(str, sorted((folder / DISTRICT).rglob("*.danvan"))))
    assert completed.stdout.count("đã được nhận lúc") == merged, "each package it took in is whole, and taken once"
    assert completed.stdout.count("thêm") == 6 - merged
    assert digest(server) == digest(reference)

    server_two = district_at(str(tmp_path / "huyen-2.sqlite"), folder, enrolments)
    killed = start_serve(server_two, tmp_path / "w2", "--every", "60")
    killed.stdout.readline()
    time.sleep(0.5)
    killed.kill()  # -9, wherever it was
    killed.communicate(timeout=60)
    done = subprocess.run([*DANVAN, "serve", "--db", server_two, "--work", str(tmp_path / "w2"), "--once"],
                          capture_output=True, text=True, timeout=300, env=signed_in_env())  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert digest(server_two) == digest(reference)


def test_the_systemd_unit_runs_serve_with_flags_the_program_takes():
    """installer/linux/danvan-serve.service: its ExecStart is a command line this program parses
    (a renamed flag would leave the service failing at every start)."""
    import configparser
    import shlex

    from desktop_app.cli import build_parser

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(Path(__file__).resolve().parents[2] / "installer" / "linux" / "danvan-serve.service", encoding="utf-8")
    command = shlex.split(unit["Service"]["ExecStart"])
    assert command[0].endswith("/danvan") and command[1] == "serve"
    args = build_parser().parse_args(command[1:])
    assert args.command == "serve" and args.db.startswith("postgresql://") and args.every == 15
    assert unit["Service"]["KillSignal"] == "SIGTERM" and "DANVAN_USER" in unit["Service"]["Environment"]
