"""Encryption, recovery, backups and restore through the real ``danvan`` command, and kill -9 in
the middle of each: afterwards the database opens, is whole, and has lost nothing."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.accounts import ADMIN, ADMIN_PASSWORD, copy_database, raw_connect
from tests.cli.test_cli import TODAY, danvan, table_digest


def recovery_code_of(done: subprocess.CompletedProcess[str]) -> str:
    line = next(line for line in done.stdout.splitlines() if line.startswith("MÃ KHÔI PHỤC"))
    return line.rsplit(": ", 1)[1].strip()


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """An encrypted commune database, as ``danvan init`` makes it, with 1,500 sample records."""
    path = tmp_path_factory.mktemp("safe") / "xa.sqlite"
    made = danvan("init", "--db", str(path), "--unit", "06838")
    assert made.returncode == 0, made.stderr
    assert danvan("demo", "--db", str(path), "--records", "1500", "--seed", "2", "--today", TODAY).returncode == 0
    done = danvan("user", "add", "lan", "--role", "nhap_lieu", "--db", str(path), stdin="mat-khau-lan\n")
    assert done.returncode == 0, done.stderr
    path.with_name("code.txt").write_text(recovery_code_of(made), encoding="ascii")
    return path


@pytest.fixture
def work(office, tmp_path):
    """A copy of the office database of its own, for a test that changes it."""
    copy = tmp_path / "xa.sqlite"
    copy_database(office, copy)
    return copy


def records_digest(path) -> str:
    done = danvan("digest", "--db", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[0]


def test_the_file_has_no_sqlite_header_and_no_name_it_holds(office):
    with raw_connect(office) as con:
        names = [n for (n,) in con.execute("SELECT citizen_name FROM reception WHERE citizen_name != '' LIMIT 30")]
    content = office.read_bytes() + office.with_name("xa.sqlite.keys").read_bytes()
    assert not content.startswith(b"SQLite format 3") and names
    assert not [name for name in names if name.encode() in content]


def test_init_can_write_the_recovery_sheet_and_a_province_server_may_stay_plain(tmp_path):
    from tests.reports.conftest import all_text

    sheet = tmp_path / "phieu.pdf"
    done = danvan("init", "--db", str(tmp_path / "xa.sqlite"), "--unit", "06838", "--recovery-sheet", str(sheet))
    assert done.returncode == 0, done.stderr
    text = all_text(sheet.read_bytes())
    assert "PHIẾU MÃ KHÔI PHỤC" in text and recovery_code_of(done).split("-")[0] in text and "Xã Bình Liêu" in text
    plain = danvan("init", "--db", str(tmp_path / "tinh.sqlite"), "--unit", "22", "--no-encryption")
    assert plain.returncode == 0 and "không mã hóa" in plain.stdout and "MÃ KHÔI PHỤC" not in plain.stdout
    assert (tmp_path / "tinh.sqlite").read_bytes().startswith(b"SQLite format 3")


def test_a_wrong_password_or_recovery_code_is_one_line_and_changes_nothing(work):
    before = table_digest(work)
    wrong = danvan("summary", "--db", str(work), "--period", "2026", env={
        **os.environ, "DANVAN_USER": ADMIN, "DANVAN_PASSWORD": "sai-mat-khau"})  # fmt: skip
    assert wrong.returncode == 1 and wrong.stderr == "danvan: Sai tên đăng nhập hoặc mật khẩu.\n"
    bytes_before = work.read_bytes()
    refused = danvan("recover", "--db", str(work), stdin="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\nmat-khau-moi-1\n")
    assert refused.returncode == 1 and refused.stderr == "danvan: Mã khôi phục không đúng; không có gì thay đổi.\n"
    assert work.read_bytes() == bytes_before and table_digest(work) == before
    assert "Traceback" not in wrong.stderr + refused.stderr


def test_the_recovery_code_gives_the_administrator_a_new_password(office, work):
    code = office.with_name("code.txt").read_text(encoding="ascii")
    done = danvan("recover", "--db", str(work), stdin=f"{code.lower()}\nmat-khau-moi-2026\n")
    assert done.returncode == 0, done.stderr
    assert "quantri" in done.stdout
    new = {**os.environ, "PYTHONIOENCODING": "utf-8", "DANVAN_USER": ADMIN, "DANVAN_PASSWORD": "mat-khau-moi-2026"}
    assert danvan("summary", "--db", str(work), "--period", "2026", env=new).returncode == 0
    assert danvan("summary", "--db", str(work), "--period", "2026").returncode == 1  # the old one no longer
    lan = {**new, "DANVAN_USER": "lan", "DANVAN_PASSWORD": "mat-khau-lan"}
    assert danvan("summary", "--db", str(work), "--period", "2026", env=lan).returncode == 0


def test_a_copy_on_a_usb_stick_without_its_ring_opens_with_the_sheet_alone(office, tmp_path):
    import shutil

    code = office.with_name("code.txt").read_text(encoding="ascii")
    stick = tmp_path / "usb" / "xa.sqlite"
    stick.parent.mkdir()
    shutil.copyfile(office, stick)
    wrong = danvan("summary", "--db", str(stick), "--period", "2026")
    assert wrong.returncode == 1 and "xa.sqlite.keys" in wrong.stderr and "Traceback" not in wrong.stderr
    refused = danvan("recover", "--db", str(stick), stdin="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\nmat-khau-moi-1\n")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "không có gì thay đổi" in refused.stderr
    assert not stick.with_name("xa.sqlite.keys").exists()
    done = danvan("recover", "--db", str(stick), stdin=f"{code}\nmat-khau-moi-2026\n")
    assert done.returncode == 0, done.stderr
    assert stick.with_name("xa.sqlite.keys").exists()
    admin = {**os.environ, "PYTHONIOENCODING": "utf-8", "DANVAN_USER": ADMIN, "DANVAN_PASSWORD": "mat-khau-moi-2026"}
    same = danvan("digest", "--db", str(stick), env=admin)
    assert same.returncode == 0 and same.stdout.split()[0] == records_digest(office)
    lan = {**admin, "DANVAN_USER": "lan", "DANVAN_PASSWORD": "mat-khau-lan"}
    assert danvan("summary", "--db", str(stick), "--period", "2026", env=lan).returncode == 0  # keeps its password
    refused = danvan("digest", "--db", str(stick), env=lan)  # but reads no sealed value
    assert refused.returncode == 1 and "--without-sensitive" in refused.stderr


def test_encrypt_keeps_every_row_the_digest_and_every_password(tmp_path):
    path = tmp_path / "cu.sqlite"
    assert danvan("init", "--db", str(path), "--unit", "06838", "--no-encryption").returncode == 0
    assert danvan("demo", "--db", str(path), "--records", "300", "--seed", "4", "--today", TODAY).returncode == 0
    added = danvan("user", "add", "lan", "--role", "nhap_lieu", "--db", str(path), stdin="mat-khau-lan\n")
    assert added.returncode == 0
    digest = records_digest(path)
    with raw_connect(path) as con:  # the full-text index's own tables change with the text sealing leaves
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for (t,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%fts%'").fetchall()}  # fmt: skip
    done = danvan("encrypt", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert recovery_code_of(done)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert records_digest(path) == digest
    with raw_connect(path) as con:
        after = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in counts}
    keys_and_trail = ("auditentry", "readerkey", "sealkey", "syncsettings")  # the seal's keys, its backup's settings
    assert {t: n for t, n in after.items() if t not in keys_and_trail} == {
        t: n for t, n in counts.items() if t not in keys_and_trail}
    assert (counts["readerkey"], after["readerkey"]) == (0, 1)  # the reader key comes with encryption
    lan = {**os.environ, "PYTHONIOENCODING": "utf-8", "DANVAN_USER": "lan", "DANVAN_PASSWORD": "mat-khau-lan"}
    assert danvan("summary", "--db", str(path), "--period", "2026", env=lan).returncode == 0
    again = danvan("encrypt", "--db", str(path))
    assert again.returncode == 1 and "đã được mã hóa" in again.stderr


def test_backup_backups_and_restore(work):
    digest = records_digest(work)
    made = danvan("backup", "--db", str(work))
    assert made.returncode == 0 and "Đã sao lưu và kiểm tra" in made.stdout, made.stderr
    listed = danvan("backups", "--db", str(work))
    assert listed.returncode == 0 and "theo yêu cầu" in listed.stdout
    backup = listed.stdout.splitlines()[0].split("\t")[-1]
    file = work.with_name("moi.csv")
    file.write_text("Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,Hướng xử lý\n"
                    "20/11/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n",
                    encoding="utf-8")  # fmt: skip
    assert danvan("import", "reception", str(file), "--db", str(work)).returncode == 0
    assert records_digest(work) != digest
    lan = {**os.environ, "PYTHONIOENCODING": "utf-8", "DANVAN_USER": "lan", "DANVAN_PASSWORD": "mat-khau-lan"}
    refused = danvan("restore", "--db", str(work), backup, env=lan)
    assert refused.returncode == 1 and "không được" in refused.stderr
    done = danvan("restore", "--db", str(work), backup)
    assert done.returncode == 0, done.stderr
    assert "Bản sao lưu: Xã Bình Liêu (06838)" in done.stdout and "Đã khôi phục" in done.stdout
    assert records_digest(work) == digest


def test_a_truncated_database_is_restored_from_the_newest_good_backup(work):
    assert danvan("backup", "--db", str(work)).returncode == 0
    listed = danvan("backups", "--db", str(work), "--json")
    newest = json.loads(listed.stdout)[0]
    with open(work, "r+b") as stream:
        stream.truncate(os.path.getsize(work) // 3)
    assert danvan("summary", "--db", str(work), "--period", "2026").returncode == 1
    done = danvan("restore", "--db", str(work), newest["file"])
    assert done.returncode == 0, done.stderr
    assert "tệp hỏng" in done.stdout
    with raw_connect(work) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    from desktop_app.store.fingerprint import fingerprint

    with raw_connect(newest["file"]) as con:
        expected = fingerprint(con)
    with raw_connect(work) as con:
        restored = fingerprint(con)
    assert {t: n for t, n in restored.rows.items() if t != "auditentry"} == {
        t: n for t, n in expected.rows.items() if t != "auditentry"}


# ------------------------------------------------------------------------- kill -9


def start(*args: str, stdin: str | None = None) -> subprocess.Popen:
    from tests.accounts import signed_in_env

    env = signed_in_env({**os.environ, "PYTHONIOENCODING": "utf-8"})
    program = subprocess.Popen([sys.executable, "-m", "desktop_app", *args], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    if stdin is not None:
        program.stdin.write(stdin)
    program.stdin.close()
    return program


def duration(*args: str) -> float:
    began = time.monotonic()
    program = start(*args)
    assert program.wait(120) == 0, program.stderr.read()
    return time.monotonic() - began


def killed_at(fraction: float, whole: float, *args: str) -> int | None:
    program = start(*args)
    time.sleep(whole * fraction)
    program.send_signal(signal.SIGKILL)
    return program.wait(30)


def whole_and_equal(path, digest: str, *others: str) -> None:
    """The database opens, passes integrity_check, and its records are ``digest`` (or one of ``others``)."""
    with raw_connect(path, ADMIN, ADMIN_PASSWORD) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert records_digest(path) in (digest, *others)


MOMENTS = (0.35, 0.55, 0.7, 0.8, 0.9, 0.97)


def test_kill_9_during_a_backup_loses_nothing(work):
    digest = records_digest(work)
    whole = duration("backup", "--db", str(work))
    for fraction in MOMENTS:
        killed_at(fraction, whole, "backup", "--db", str(work))
        whole_and_equal(work, digest)
        for copy in (work.parent / "backups").glob("*.sqlite"):  # a copy that is listed is a good copy
            assert copy.with_name(copy.name + ".json").exists()
    listed = danvan("backups", "--db", str(work), "--json")
    for backup in json.loads(listed.stdout):
        with raw_connect(backup["file"]) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_kill_9_during_a_restore_leaves_the_old_or_the_restored_database(work):
    old = records_digest(work)
    assert danvan("backup", "--db", str(work)).returncode == 0
    backup = json.loads(danvan("backups", "--db", str(work), "--json").stdout)[0]["file"]
    assert danvan("demo", "--db", str(work), "--records", "200", "--seed", "9", "--today", TODAY).returncode == 0
    new = records_digest(work)
    whole = duration("restore", "--db", str(work), backup)
    assert records_digest(work) == old
    assert danvan("demo", "--db", str(work), "--records", "200", "--seed", "9", "--today", TODAY).returncode == 0
    newer = records_digest(work)
    for fraction in MOMENTS:
        killed_at(fraction, whole, "restore", "--db", str(work), backup)
        whole_and_equal(work, old, newer, new)


def test_kill_9_during_encrypt_leaves_the_plain_or_the_encrypted_database(tmp_path):
    path = tmp_path / "cu.sqlite"
    assert danvan("init", "--db", str(path), "--unit", "06838", "--no-encryption").returncode == 0
    assert danvan("demo", "--db", str(path), "--records", "1500", "--seed", "4", "--today", TODAY).returncode == 0
    digest = records_digest(path)
    trial = tmp_path / "thu.sqlite"
    copy_database(path, trial)
    whole = duration("encrypt", "--db", str(trial))
    for fraction in MOMENTS:
        subject = tmp_path / f"giet-{fraction}.sqlite"
        copy_database(path, subject)
        killed_at(fraction, whole, "encrypt", "--db", str(subject))
        whole_and_equal(subject, digest)


def test_the_unit_above_hands_down_its_key_and_sensitive_packages_are_sealed_to_it(tmp_path):
    commune, district = tmp_path / "xa.sqlite", tmp_path / "tinh.sqlite"
    assert danvan("init", "--db", str(commune), "--unit", "06838").returncode == 0
    assert danvan("init", "--db", str(district), "--unit", "22").returncode == 0
    assert danvan("demo", "--db", str(commune), "--records", "60", "--seed", "3", "--today", TODAY).returncode == 0
    assert danvan("sync-setup", "--db", str(commune), "--folder", str(tmp_path), "--sensitive", "petition"
                  ).returncode == 0  # fmt: skip
    refused = danvan("package", "--db", str(commune), "--out", str(tmp_path / "out"))
    assert refused.returncode == 1 and "chưa có khóa mã hóa của đơn vị cấp trên" in refused.stderr
    assert danvan("enrolment", "--db", str(district), "--out", str(tmp_path / "tinh.json")).returncode == 0
    taken = danvan("trust", str(tmp_path / "tinh.json"), "--db", str(commune))
    assert taken.returncode == 0 and "sẽ được mã hóa cho Thành phố Quảng Ninh" in taken.stdout, taken.stdout
    made = danvan("package", "--db", str(commune), "--out", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr
    [sealed] = (tmp_path / "out").glob("*.danvan")
    merged = danvan("merge", str(sealed), "--trust", "--db", str(district))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    with raw_connect(district) as con:  # the names arrived, and are sealed there again to the district's key
        assert con.execute("SELECT count(*) FROM petition WHERE sender_name LIKE 'Nguy%'").fetchone()[0] == 0
    names = []
    for path in (commune, district):  # a leader of each reads them in an export
        out = tmp_path / f"{path.stem}.csv"
        assert danvan("export", "petition", "--out", str(out), "--db", str(path)).returncode == 0
        with out.open(encoding="utf-8-sig", newline="") as stream:
            names.append(sorted(row["Người gửi / đứng đơn"] for row in csv.DictReader(stream)))
    assert names[0] == names[1] and len([n for n in names[0] if n and n != "(giữ bí mật)"]) > 10


def test_seal_says_in_one_line_when_there_is_nothing_left_to_seal(office, work):
    code = office.with_name("code.txt").read_text(encoding="ascii")
    done = danvan("seal", "--db", str(work), stdin=f"{code}\n")
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "đã được niêm phong" in done.stderr
    plain = work.with_name("tinh.sqlite")
    assert danvan("init", "--db", str(plain), "--unit", "22", "--no-encryption").returncode == 0
    refused = danvan("seal", "--db", str(plain), stdin=f"{code}\n")
    assert refused.returncode == 1 and "danvan encrypt" in refused.stderr and "Traceback" not in refused.stderr
