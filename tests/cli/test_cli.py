"""The command line, run as a real program (``python -m desktop_app``) on real files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.accounts import ADMIN, raw_connect, signed_in_env, with_admin
from tests.figures_oracle import expected_figures

TODAY = "2026-11-24"


def danvan(*args: str, home: Path | None = None, stdin: str | None = None,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """The real program; ``init`` gets the first account and every other command signs in as it,
    unless ``env`` says otherwise."""
    env = signed_in_env({**os.environ, "PYTHONIOENCODING": "utf-8"}) if env is None else env
    if home is not None:
        env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"))
    argv, stdin = with_admin(args, stdin)
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *argv], capture_output=True, text=True, env=env, timeout=120,
        input=stdin,
    )


def table_digest(path: Path) -> str:
    """A fingerprint of every row of every table, to show that a refused command changed nothing."""
    digest = hashlib.sha256()
    with raw_connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "xa.sqlite"
    done = danvan("init", "--db", str(path), "--unit", "06838", "--hamlet", "Thôn Nà Áng", "--hamlet", "Khu Bình Công")
    assert done.returncode == 0, done.stderr
    said = done.stdout.strip().splitlines()
    assert said[0] == f"Đã tạo {path} cho Xã Bình Liêu (06838); tài khoản quản trị: {ADMIN}."
    assert said[1].startswith("MÃ KHÔI PHỤC (chỉ hiện một lần") and len(said) == 2
    done = danvan("demo", "--db", str(path), "--records", "400", "--seed", "5", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    return path


def test_version():
    done = danvan("--version")
    assert done.returncode == 0 and done.stdout.strip() == "Sổ Dân vận 0.1.0"


def test_init_makes_a_unit_database_with_its_profile(demo_db):
    with raw_connect(demo_db) as con:
        columns = "unit_code, level, unit_name, issuing_body, place_name"
        profile = con.execute(f"SELECT {columns} FROM unitprofile").fetchall()
        hamlets = {name for (name,) in con.execute("SELECT name FROM hamlet")}
    assert profile == [("06838", "commune", "Xã Bình Liêu", "ĐẢNG ỦY XÃ BÌNH LIÊU", "Bình Liêu")]
    assert hamlets == {"Thôn Nà Áng", "Khu Bình Công"}


def test_init_refuses_an_existing_file_and_an_unknown_unit(demo_db, tmp_path):
    before = table_digest(demo_db)
    done = danvan("init", "--db", str(demo_db), "--unit", "06838")
    assert done.returncode == 1 and "đã có; chọn một tên tệp khác" in done.stderr
    assert table_digest(demo_db) == before
    done = danvan("init", "--db", str(tmp_path / "x.sqlite"), "--unit", "99999")
    assert done.returncode == 1 and done.stderr.strip() == (
        "danvan: Không có đơn vị mã «99999» trong danh mục chính thức."
    )
    assert not (tmp_path / "x.sqlite").exists()


def test_demo_fills_every_register_with_vietnamese_records_over_several_years(demo_db):
    with raw_connect(demo_db) as con:
        per_table = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in (
            "reception", "petition", "dialogue", "voter_meeting", "exemplary_model", "supervision",
            "campaign", "democracy", "prestigious_person", "public_opinion")}  # fmt: skip
        years = {y for (y,) in con.execute("SELECT DISTINCT substr(date, 1, 4) FROM reception")}
        names = [n for (n,) in con.execute("SELECT host_name FROM reception LIMIT 20")]  # citizens' are sealed
        hamlets = {h for (h,) in con.execute("SELECT DISTINCT hamlet FROM reception")}
    assert all(count > 0 for count in per_table.values()), per_table
    assert 380 <= sum(per_table.values()) <= 420
    assert years == {"2024", "2025", "2026"}
    assert all(any(ch in n for ch in "ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ") or " " in n for n in names)
    assert hamlets == {"Thôn Nà Áng", "Khu Bình Công"}


def test_demo_is_deterministic_with_its_seed_but_its_uuids_are_the_databases_own(tmp_path):
    contents, uuids = [], []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.sqlite"
        assert danvan("init", "--db", str(path), "--unit", "06838").returncode == 0
        assert danvan("demo", "--db", str(path), "--records", "60", "--seed", "9", "--today", TODAY).returncode == 0
        with raw_connect(path) as con:
            rows = con.execute("SELECT uuid, host_name, content, date FROM reception ORDER BY change_seq").fetchall()
        contents.append([row[1:] for row in rows])
        uuids.append({row[0] for row in rows})
    assert contents[0] == contents[1] and contents[0]
    assert not uuids[0] & uuids[1]  # the two sets of records can meet in a merge without clashing


@pytest.mark.parametrize("period", ["2024", "2025-H1", "2026-Q1"])
def test_summary_json_equals_direct_counts(demo_db, period):
    done = danvan("summary", "--db", str(demo_db), "--period", period, "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    start, end = dt.date.fromisoformat(payload["period"]["start"]), dt.date.fromisoformat(payload["period"]["end"])
    assert payload["unit"] == {"code": "06838", "name": "Xã Bình Liêu", "level": "commune"}
    assert payload["figures"] == expected_figures(demo_db, start, end)
    before = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    assert payload["previous_year"] == expected_figures(demo_db, *before)


def test_summary_says_the_petition_rate_with_its_own_denominator(demo_db):
    """The text summary says "đã giải quyết R/T đơn thuộc thẩm quyền (đạt P)", the report's words,
    with T the petitions in the commune's jurisdiction, not all it received."""
    done = danvan("summary", "--db", str(demo_db), "--period", "2025")
    assert done.returncode == 0, done.stderr
    figures = json.loads(danvan("summary", "--db", str(demo_db), "--period", "2025", "--json").stdout)["figures"]
    assert figures["petition.in_jurisdiction"] < figures["petition.received"]  # the two denominators differ
    line = next(line for line in done.stdout.splitlines() if line.startswith("Đơn thư: "))
    resolved, total = figures["petition.resolved_in_jurisdiction"], figures["petition.in_jurisdiction"]
    percent = f"{figures['petition.resolved_percent']:.1f}".replace(".", ",").replace(",0", "")
    assert line == (f"Đơn thư: nhận {figures['petition.received']} đơn; đã giải quyết {resolved}/{total} đơn "
                    f"thuộc thẩm quyền (đạt {percent}%)")  # fmt: skip


def test_output_into_a_closed_pipe_ends_quietly(demo_db):
    """`danvan summary … | true`: the reader is gone before the first line is written; no
    BrokenPipeError traceback, the usual exit code."""
    env = signed_in_env({**os.environ, "PYTHONIOENCODING": "utf-8"})
    command = f"{sys.executable} -m desktop_app summary --db {demo_db} --period 2025 | true; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=120)
    assert done.stderr == ""
    assert done.returncode == 0


def test_summary_of_a_date_range(demo_db):
    done = danvan("summary", "--db", str(demo_db), "--from", "2025-02-01", "--to", "2025-02-28", "--json")
    figures = json.loads(done.stdout)["figures"]
    assert figures == expected_figures(demo_db, dt.date(2025, 2, 1), dt.date(2025, 2, 28))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2024-Q5"], "danvan: Kỳ «2024-Q5» không hợp lệ."),
        (["--from", "2024-01-01"], "danvan: Cần cả --from và --to (dạng 2024-01-31)."),
        ([], "danvan: Cần --period (ví dụ 2024, 2024-Q1) hoặc --from và --to."),
    ],
)
def test_summary_errors_are_one_line(demo_db, args, message):
    done = danvan("summary", "--db", str(demo_db), *args)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(message)


def test_a_missing_database_is_named(tmp_path):
    done = danvan("summary", "--db", str(tmp_path / "khong_co.sqlite"), "--period", "2024")
    assert done.returncode == 1 and "Không tìm thấy tệp dữ liệu" in done.stderr and "khong_co.sqlite" in done.stderr
    assert not (tmp_path / "khong_co.sqlite").exists()


def test_usage_errors_exit_2(demo_db):
    done = danvan("summary", "--db", str(demo_db), "--bogus")
    assert done.returncode == 2 and "usage: danvan" in done.stderr


def test_import_with_a_bad_row_leaves_the_database_unchanged(demo_db, tmp_path):
    path = tmp_path / "tiep_dan.csv"
    path.write_text(
        "Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,Hướng xử lý\n"
        "03/11/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n"
        "04/11/2026,Chủ tịch UBND,Vi Văn Sáu,không rõ,Hỏi về đất,Kiến nghị,Thụ lý\n",
        encoding="utf-8",
    )
    before = table_digest(demo_db)
    done = danvan("import", "reception", str(path), "--db", str(demo_db))
    assert done.returncode == 1
    assert "Dòng 3: «Số người»: không đọc được «không rõ»" in done.stderr
    assert table_digest(demo_db) == before


def test_import_then_export_in_english(demo_db, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("Date of reception,Received by,Citizen's name,People,Matter raised,Classification,Handling\n"
                    "03/11/2026,People's Committee chair,Hà Thị Lụa,2,Hỏi về đất,Proposal,Accepted\n", encoding="utf-8")
    done = danvan("--language", "en", "import", "reception", str(path), "--db", str(demo_db))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Imported 1 records from {path} (read as UTF-8): 1 new, 0 corrected."
    out = tmp_path / "out.xlsx"
    done = danvan("export", "reception", "--db", str(demo_db), "--out", str(out))
    assert done.returncode == 0 and out.exists() and "Đã xuất" in done.stdout


def test_an_unknown_register_lists_the_registers(demo_db, tmp_path):
    done = danvan("export", "ho_so", "--db", str(demo_db), "--out", str(tmp_path / "x.csv"))
    assert done.returncode == 1 and "Không có sổ «ho_so»" in done.stderr and "reception" in done.stderr


def test_the_default_database_lives_in_the_users_data_folder(tmp_path):
    done = danvan("init", "--unit", "06838", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.rglob("*.sqlite")), done.stdout


def test_a_merging_unit_demo_and_its_summary_per_unit(tmp_path):
    """A province's database with 3 communes: the area total is the sum of the unit rows."""
    path = tmp_path / "tinh.sqlite"
    assert danvan("init", "--db", str(path), "--unit", "22").returncode == 0
    done = danvan("demo", "--db", str(path), "--records", "100", "--communes", "3", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    payload = json.loads(danvan("summary", "--db", str(path), "--period", "2025", "--json").stdout)
    rows = {code: f for code, f in payload["units"].items() if f["reception.sessions"]}
    assert len(rows) == 3
    for key in ("reception.sessions", "petition.received", "exemplary_model.funding_vnd"):
        assert payload["figures"][key] == sum(f[key] for f in payload["units"].values())
    assert payload["figures"] == expected_figures(path, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    done = danvan("demo", "--db", str(path), "--records", "10")
    assert done.returncode == 1 and "--communes" in done.stderr


TCVN3_RECEPTION = ("Ngµy tiÕp,Ng­êi chñ tr× tiÕp,Hä tªn c«ng d©n,Sè ng­êi,Néi dung vô viÖc,Ph©n lo¹i,H­íng xö lý\n"
                   "03/11/2026,Chñ tÞch UBND,Hµ ThÞ Lôa,1,Hái vÒ ®Êt,KiÕn nghÞ,Thô lý\n")


def test_import_reads_an_old_tcvn3_sheet_and_says_what_it_converted(demo_db, tmp_path):
    path = tmp_path / "tiep_dan_cu.csv"
    path.write_text(TCVN3_RECEPTION, encoding="utf-8")  # saved as UTF-8 from a .VnTime sheet: the font's letters
    before = table_digest(demo_db)
    refused = danvan("import", "reception", str(path), "--db", str(demo_db), "--legacy", "off")
    assert refused.returncode == 1 and "không nhận ra cột" in refused.stderr and table_digest(demo_db) == before
    done = danvan("import", "reception", str(path), "--db", str(demo_db))
    assert done.returncode == 0, done.stderr
    assert "Đã chuyển 12 ô từ TCVN3 sang Unicode." in done.stdout
    export = tmp_path / "ra.csv"
    danvan("export", "reception", "--db", str(demo_db), "--out", str(export))
    assert "Hà Thị Lụa" in export.read_text(encoding="utf-8-sig")
    wrong = danvan("import", "reception", str(path), "--db", str(demo_db), "--legacy", "abc")
    assert wrong.returncode == 2 and "--legacy" in wrong.stderr


def test_convert_legacy_writes_a_unicode_copy_and_leaves_the_source(tmp_path):
    source = tmp_path / "cu.csv"
    source.write_text(TCVN3_RECEPTION, encoding="utf-8")
    before = source.read_bytes()
    target = tmp_path / "moi.xlsx"
    done = danvan("convert-legacy", str(source), str(target))
    assert done.returncode == 0, done.stderr
    assert f"Đã ghi {target}." in done.stdout and "12 ô từ TCVN3" in done.stdout
    import openpyxl

    sheet = openpyxl.load_workbook(target).active
    assert [cell.value for cell in sheet[1]][:3] == ["Ngày tiếp", "Người chủ trì tiếp", "Họ tên công dân"]
    assert sheet["C2"].value == "Hà Thị Lụa" and sheet["D2"].value == "1" and source.read_bytes() == before
    again = danvan("convert-legacy", str(target), str(tmp_path / "lan-hai.csv"))
    assert again.returncode == 0 and "Không có ô nào cần chuyển." in again.stdout
    same = danvan("convert-legacy", str(source), str(source))
    assert same.returncode == 1 and "tệp gốc được giữ nguyên" in same.stderr and source.read_bytes() == before
    bad = danvan("convert-legacy", str(source), str(tmp_path / "x.xls"))
    assert bad.returncode == 1 and "chỉ nhận tệp .csv hoặc .xlsx" in bad.stderr
