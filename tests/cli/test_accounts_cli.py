"""Accounts, the audit trail and period locks through the real ``danvan`` command."""

from __future__ import annotations

import os

import pytest

from tests.accounts import ADMIN, ADMIN_PASSWORD, copy_database, raw_connect
from tests.cli.test_cli import TODAY, danvan, table_digest

HEADING = "Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,Hướng xử lý\n"


def as_account(name: str, password: str) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "DANVAN_USER": name, "DANVAN_PASSWORD": password}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A commune database with sample records and a data-entry officer and a leader."""
    path = tmp_path_factory.mktemp("office") / "xa.sqlite"
    assert danvan("init", "--db", str(path), "--unit", "06838").returncode == 0
    assert danvan("demo", "--db", str(path), "--records", "200", "--seed", "3", "--today", TODAY).returncode == 0
    for name, role in (("lan", "nhap_lieu"), ("dao", "lanh_dao")):
        done = danvan("user", "add", name, "--role", role, "--db", str(path),
                      stdin=f"mat-khau-{name}\nmat-khau-{name}\n")  # fmt: skip
        assert done.returncode == 0, done.stderr
    return path


def test_init_needs_the_first_account(tmp_path):
    done = danvan("init", "--db", str(tmp_path / "x.sqlite"), "--unit", "06838", "--admin", "a", "--password-stdin",
                  stdin="ngan\n")  # fmt: skip
    assert done.returncode == 1 and "Tên đăng nhập" in done.stderr and not (tmp_path / "x.sqlite").exists()
    done = danvan("init", "--db", str(tmp_path / "x.sqlite"), "--unit", "06838", "--admin", "quantri",
                  "--password-stdin", stdin="ngan\n")  # fmt: skip
    assert done.returncode == 1 and "ít nhất 8" in done.stderr and not (tmp_path / "x.sqlite").exists()


@pytest.mark.parametrize("environment", [
    {"DANVAN_USER": ADMIN, "DANVAN_PASSWORD": "sai-mat-khau"},
    {"DANVAN_USER": ADMIN},
    {"DANVAN_PASSWORD": ADMIN_PASSWORD},
    {"DANVAN_USER": "khong_co", "DANVAN_PASSWORD": ADMIN_PASSWORD},
], ids=["wrong password", "no password", "no user", "unknown user"])  # fmt: skip
def test_a_wrong_or_missing_password_exits_with_one_line_and_changes_no_record(office, tmp_path, environment):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")} | environment
    file = tmp_path / "in.csv"
    file.write_text(HEADING + "03/11/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n", encoding="utf-8")
    with raw_connect(office) as con:
        before = con.execute("SELECT COUNT(*), MAX(change_seq) FROM reception").fetchone()
    done = danvan("import", "reception", str(file), "--db", str(office), env=env)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("danvan: ")
    with raw_connect(office) as con:
        assert con.execute("SELECT COUNT(*), MAX(change_seq) FROM reception").fetchone() == before


def test_the_password_can_come_from_standard_input(office):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")}
    done = danvan("summary", "--db", str(office), "--period", "2026", "--user", ADMIN, "--password-stdin",
                  stdin=f"{ADMIN_PASSWORD}\n", env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_read_only_command_leaves_the_database_as_it_was(office):
    before = table_digest(office)
    assert danvan("summary", "--db", str(office), "--period", "2026", "--json").returncode == 0
    assert table_digest(office) == before


def test_each_role_is_allowed_and_refused_as_the_table_says(office, tmp_path):
    lan, dao = as_account("lan", "mat-khau-lan"), as_account("dao", "mat-khau-dao")
    refused = danvan("period", "lock", "2026-Q1", "--reason", "x", "--db", str(office), env=lan)
    assert refused.returncode == 1 and "không được chốt và mở lại số liệu kỳ" in refused.stderr
    assert danvan("user", "list", "--db", str(office), env=lan).returncode == 1
    assert danvan("user", "list", "--db", str(office), env=dao).returncode == 1
    listed = danvan("user", "list", "--db", str(office))
    assert listed.returncode == 0 and "lan\tnhap_lieu" in listed.stdout and "dao\tlanh_dao" in listed.stdout
    masked = danvan("export", "reception", "--db", str(office), "--out", str(tmp_path / "lan.csv"), env=lan)
    assert masked.returncode == 0
    full = danvan("export", "reception", "--db", str(office), "--out", str(tmp_path / "dao.csv"), env=dao)
    assert full.returncode == 0
    lan_text, dao_text = (tmp_path / "lan.csv").read_text("utf-8-sig"), (tmp_path / "dao.csv").read_text("utf-8-sig")
    assert "(giữ bí mật)" in lan_text and lan_text.count("\n") == dao_text.count("\n")
    assert danvan("audit", "--db", str(office), "--by", "lan", env=dao).stdout.count("Xuất dữ liệu") == 1


def test_user_passwd_and_disable(office):
    assert danvan("user", "add", "tam", "--role", "nhap_lieu", "--db", str(office),
                  stdin="mat-khau-tam\nkhac-han\n").returncode == 1  # the confirmation differs
    added = danvan("user", "add", "tam", "--role", "nhap_lieu", "--db", str(office), stdin="mat-khau-tam\n")
    assert added.returncode == 0
    assert danvan("user", "passwd", "tam", "--db", str(office), stdin="mat-khau-moi\n").returncode == 0
    tam = as_account("tam", "mat-khau-moi")
    assert danvan("summary", "--db", str(office), "--period", "2026", env=tam).returncode == 0
    assert danvan("user", "passwd", "tam", "--db", str(office), stdin="tu-doi-2026\n", env=tam).returncode == 0
    assert danvan("user", "disable", "tam", "--db", str(office)).returncode == 0
    done = danvan("summary", "--db", str(office), "--period", "2026", env=as_account("tam", "tu-doi-2026"))
    assert done.returncode == 1 and "vô hiệu hóa" in done.stderr
    assert "tam\tnhap_lieu\tvô hiệu hóa" in danvan("user", "list", "--db", str(office)).stdout


def test_audit_verify_finds_an_entry_edited_with_sqlite3(office, tmp_path):
    copy = tmp_path / "copy.sqlite"
    copy_database(office, copy)
    assert danvan("audit", "verify", "--db", str(copy)).returncode == 0
    with raw_connect(copy) as con:
        con.execute("UPDATE auditentry SET detail = replace(detail, 'nhap_lieu', 'quan_tri') WHERE action = "
                    "'account_added' AND detail LIKE '%\"lan\"%'")
        entry = con.execute("SELECT id FROM auditentry WHERE action = 'account_added' AND detail LIKE '%\"lan\"%'"
                            ).fetchone()[0]  # fmt: skip
    done = danvan("audit", "verify", "--db", str(copy))
    assert done.returncode == 1 and f"mục {entry} của nhật ký đã bị sửa" in done.stderr


def test_period_lock_refuses_an_import_and_reopen_allows_it(office, tmp_path):
    dao = as_account("dao", "mat-khau-dao")
    file = tmp_path / "quy3.csv"
    file.write_text(HEADING + "15/08/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n", encoding="utf-8")
    assert danvan("period", "lock", "2026-Q3", "--reason", "Đã báo cáo quý III", "--db", str(office), env=dao
                  ).returncode == 0  # fmt: skip
    before = table_digest(office)
    done = danvan("import", "reception", str(file), "--db", str(office))
    assert done.returncode == 1 and "Dòng 2: ngày thuộc kỳ 2026-Q3 đã chốt số liệu" in done.stderr
    assert table_digest(office) == before
    listed = danvan("period", "list", "--db", str(office)).stdout
    assert "2026-Q3 (01/07/2026 – 30/09/2026): đã chốt" in listed and "dao" in listed
    assert danvan("period", "reopen", "2026-Q3", "--reason", "Bổ sung", "--db", str(office), env=dao).returncode == 0
    assert danvan("import", "reception", str(file), "--db", str(office)).returncode == 0
    trail = danvan("audit", "--db", str(office), "--json").stdout
    assert '"period_locked"' in trail and '"period_reopened"' in trail and '"import"' in trail
