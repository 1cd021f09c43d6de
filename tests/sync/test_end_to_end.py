"""The whole chain by the command line, as README.md writes it: three wards made by
``danvan demo`` send through a real WebDAV server on 127.0.0.1 (one through a folder, a USB
stick), their district syncs and merges, then sends upward to the province."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.accounts import signed_in_env, with_admin
from tests.sync.conftest import COMMUNES, DISTRICT, PROVINCE
from tests.sync.davserver import PASSWORD, USER
from tests.sync.servers import KINDS, start_server

DANVAN = [sys.executable, "-m", "desktop_app"]


def danvan(*args: str, stdin: str | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    argv, stdin = with_admin(args, stdin)
    done = subprocess.run([*DANVAN, *argv], capture_output=True, text=True, input=stdin, timeout=300,
                          env=signed_in_env())  # fmt: skip
    if ok:
        assert done.returncode == 0, f"danvan {' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done


def summary(db: Path) -> dict:
    return json.loads(danvan("summary", "--db", str(db), "--period", "2026", "--json").stdout)


def digest(db: Path, *options: str) -> str:
    return danvan("digest", "--db", str(db), *options).stdout.split()[0]


@pytest.fixture(params=KINDS)
def dav(request, tmp_path):
    """Each WebDAV server offices run (tests/sync/servers.py), started for the test."""
    server = start_server(request.param, tmp_path)
    yield server
    getattr(server, "remove", server.stop)()


def test_wards_to_district_to_province_through_webdav_and_a_usb_stick(dav, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    wards = {code: tmp_path / f"{code}.sqlite" for code in COMMUNES}
    for seed, (code, db) in enumerate(wards.items(), start=1):
        danvan("init", "--db", str(db), "--unit", code, "--structure", "2004")
        danvan("demo", "--db", str(db), "--records", "300", "--seed", str(seed), "--today", "2026-11-24")
        danvan("enrolment", "--db", str(db), "--out", str(tmp_path / f"{code}.enrol"))
    via_webdav, via_usb = list(wards)[:2], list(wards)[2]
    for code in via_webdav:
        danvan("sync-setup", "--db", str(wards[code]), "--webdav", dav.url, "--user", USER, "--password-stdin",
               stdin=PASSWORD + "\n")  # fmt: skip
        sent = danvan("sync", "--db", str(wards[code]))
        assert "Đã gửi" in sent.stdout
    danvan("sync-setup", "--db", str(wards[via_usb]), "--folder", str(usb))
    danvan("sync", "--db", str(wards[via_usb]))
    assert any(path.suffix == ".danvan" for path in (usb / DISTRICT / via_usb).iterdir())
    assert not [name for name in dav.files() if name.endswith(".part")]

    district = tmp_path / "district.sqlite"
    danvan("init", "--db", str(district), "--unit", DISTRICT, "--structure", "2004")
    for code in wards:
        trusted = danvan("trust", "--db", str(district), str(tmp_path / f"{code}.enrol"))
        assert "Đã tin cậy khóa" in trusted.stdout
    danvan("sync-setup", "--db", str(district), "--webdav", dav.url, "--user", USER, "--password-stdin",
           stdin=PASSWORD + "\n")  # fmt: skip
    fetched = danvan("sync", "--db", str(district))
    assert fetched.stdout.count("thêm 300") == 2, fetched.stdout
    merged = danvan("merge", "--db", str(district), *map(str, (usb / DISTRICT / via_usb).glob("*.danvan")))
    assert "thêm 300" in merged.stdout
    again = danvan("sync", "--db", str(district))  # nothing new comes in: nothing is taken twice
    assert "thêm" not in again.stdout
    assert "Đã gửi" in again.stdout  # what came by USB goes upward

    totals = summary(district)["figures"]
    parts = [summary(db)["figures"] for db in wards.values()]
    for key, value in totals.items():
        if key.endswith("_percent"):
            continue
        assert value == sum(part[key] or 0 for part in parts), key
    for code, db in wards.items():
        assert digest(district, "--unit", code, "--without-sensitive") == digest(db, "--without-sensitive")

    province = tmp_path / "province.sqlite"
    danvan("init", "--db", str(province), "--unit", PROVINCE, "--structure", "2004")
    danvan("enrolment", "--db", str(district), "--out", str(tmp_path / "district.enrol"))
    danvan("trust", "--db", str(province), str(tmp_path / "district.enrol"))
    danvan("sync-setup", "--db", str(province), "--webdav", dav.url, "--user", USER, "--password-stdin",
           stdin=PASSWORD + "\n")  # fmt: skip
    taken = danvan("sync", "--db", str(province))
    assert taken.stdout.count(f"({DISTRICT})): thêm") == 2, taken.stdout
    assert digest(province, "--unit", DISTRICT) == digest(district, "--unit", DISTRICT) == digest(district)
    assert summary(province)["figures"]["reception.sessions"] == totals["reception.sessions"]


def test_a_wrong_password_and_a_missing_setup_say_what_to_do(dav, tmp_path):
    db = tmp_path / "xa.sqlite"
    danvan("init", "--db", str(db), "--unit", COMMUNES[0], "--structure", "2004")
    done = danvan("sync", "--db", str(db), ok=False)
    assert done.returncode == 1 and "Chưa cài đặt nơi gửi gói" in done.stderr
    danvan("sync-setup", "--db", str(db), "--webdav", dav.url, "--user", USER, "--password-stdin", stdin="sai\n")
    done = danvan("sync", "--db", str(db), ok=False)
    assert done.returncode == 1 and "từ chối tên đăng nhập hoặc mật khẩu" in done.stderr
    done = danvan("sync-setup", "--db", str(db), "--webdav", "ftp://x", ok=False)
    assert "phải bắt đầu bằng http://" in done.stderr


def test_sync_setup_check_tests_the_server_before_anything_is_saved(dav, tmp_path):
    db = tmp_path / "xa.sqlite"
    danvan("init", "--db", str(db), "--unit", COMMUNES[0], "--structure", "2004")
    refused = danvan("sync-setup", "--db", str(db), "--webdav", dav.url, "--user", USER, "--password-stdin",
                     "--check", stdin="sai-mat-khau\n", ok=False)  # fmt: skip
    assert refused.returncode == 1 and "Bước «tạo thư mục của đơn vị» không được" in refused.stderr
    assert "mã 401" in refused.stderr
    assert "Nơi gửi: none" in danvan("sync-setup", "--db", str(db)).stdout  # nothing was saved
    done = danvan("sync-setup", "--db", str(db), "--webdav", dav.url, "--user", USER, "--password-stdin", "--check",
                  stdin=PASSWORD + "\n")  # fmt: skip
    assert "Được: xóa tệp." in done.stdout and "Kết nối được" in done.stdout
    assert f"Nơi gửi: webdav {dav.url}" in done.stdout and dav.files() == []
    again = danvan("sync-setup", "--db", str(db), "--check")  # the saved settings, tested again
    assert "Kết nối được" in again.stdout
