"""The past as it was: a quarter's overdue petitions are those open on its last day. A petition
transferred or filed in a later quarter was still open then; the day of that change is kept on
the record (status_date), filled from the audit trail for changes made before it existed, and
travels upward with the record."""

from __future__ import annotations

import datetime as dt
import sqlite3

from desktop_app.domain import codec
from desktop_app.domain.deadlines import closed_by
from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import PETITION
from desktop_app.services import figures, periods, records, reports
from desktop_app.store import database, migrations
from tests.cli.test_cli import danvan
from tests.reports.conftest import all_text

TODAY = dt.date(2026, 11, 24)
Q1 = parse_period("2024-Q1")


def petition(day: int, status: str = "moi_nhan", **more: str) -> dict[str, str]:
    return {"received_date": f"{day:02d}/01/2024", "channel": "truc_tiep", "kind": "kien_nghi",
            "sender_name": f"Người gửi {day}", "subject_field": "dat_dai", "summary": f"Đơn {day}",
            "in_jurisdiction": "Có", "status": status, **more}  # fmt: skip


def overdue(period=Q1) -> int:
    return figures.figures_for_period(period)["petition.overdue"]


def test_petitions_filed_or_transferred_later_stay_overdue_in_the_quarter_they_were_open(commune_db):
    saved = [records.save(PETITION, petition(day), today=TODAY) for day in (2, 3, 4)]
    records.save(PETITION, petition(5, "luu"), today=TODAY)  # filed when first written: closed since then
    assert overdue() == 3
    report_before = all_text(reports.build_report("periodic", Q1, today=TODAY))

    records.save(PETITION, petition(2, "da_chuyen"), uuid=saved[0]["uuid"], today=TODAY)
    records.save(PETITION, petition(3, "luu"), uuid=saved[1]["uuid"], today=TODAY)
    changed = records.get(PETITION, saved[0]["uuid"])
    assert changed["status_date"] == dt.date.today()
    assert not closed_by(changed, Q1.end) and closed_by(changed, dt.date.today())

    assert overdue() == 3, "Q1 2024 is judged as it stood on 31/03/2024"
    assert overdue(parse_period(str(dt.date.today().year))) <= 1, "this year they are closed"
    assert all_text(reports.build_report("periodic", Q1, today=TODAY)) == report_before

    records.save(PETITION, petition(2, "da_chuyen", summary="Đơn 2, sửa tóm tắt"), uuid=saved[0]["uuid"],
                 today=TODAY)  # fmt: skip
    assert records.get(PETITION, saved[0]["uuid"])["status_date"] == changed["status_date"], \
        "a later edit that leaves the status keeps the day it changed"


def test_the_book_of_a_past_quarter_lists_what_was_overdue_on_its_last_day(commune_db):
    saved = records.save(PETITION, petition(8), today=TODAY)
    records.save(PETITION, petition(8, "luu"), uuid=saved["uuid"], today=TODAY)
    text = all_text(reports.build_report("petitions", Q1, today=TODAY))
    assert "Đơn 8" in text.split("ĐƠN THƯ QUÁ HẠN VÀ SẮP ĐẾN HẠN")[1]


def test_the_upgrade_dates_earlier_changes_from_the_audit_trail(commune_db):
    saved = records.save(PETITION, petition(6), today=TODAY)
    records.save(PETITION, petition(6, "da_chuyen"), uuid=saved["uuid"], today=TODAY)
    born_filed = records.save(PETITION, petition(7, "luu"), today=TODAY)
    path = database.database_path()
    database.close_database()
    with sqlite3.connect(path) as raw:  # as a database of version 13 had them: no day kept
        raw.execute("UPDATE petition SET status_date = NULL")
        raw.execute("UPDATE schemaversion SET version = 13")
    database.open_database(path)
    assert migrations.current_version() == migrations.LATEST_VERSION
    assert records.get(PETITION, saved["uuid"])["status_date"] == dt.date.today()
    assert records.get(PETITION, born_filed["uuid"])["status_date"] is None
    assert overdue() == 1


def test_the_day_travels_with_the_record_and_an_earlier_package_is_still_read(commune_db):
    saved = records.save(PETITION, petition(9), today=TODAY)
    records.save(PETITION, petition(9, "da_chuyen"), uuid=saved["uuid"], today=TODAY)
    stored = records.get(PETITION, saved["uuid"])
    line = codec.encode(PETITION, stored)
    assert line["status_date"] == dt.date.today().isoformat()
    assert codec.decode(PETITION, line)["status_date"] == dt.date.today()
    del line["status_date"]  # a package written before the field existed
    assert codec.decode(PETITION, line)["status_date"] is None


def late_scenario() -> list[dict]:
    """Three petitions of Q1 2024 and one of Q2; Q1 locked once its report was sent."""
    saved = [records.save(PETITION, petition(day), today=TODAY) for day in (11, 12, 13)]
    saved.append(records.save(PETITION, {**petition(14), "received_date": "14/04/2024"}, today=TODAY))
    periods.lock("2024-Q1", "Đã gửi báo cáo quý I")
    return saved


def test_a_reprint_of_a_period_corrected_after_its_lock_says_so(commune_db):
    saved = late_scenario()
    assert periods.late_changes(Q1) is None
    records.save(PETITION, {**petition(14, "luu"), "received_date": "14/04/2024"}, uuid=saved[3]["uuid"],
                 today=TODAY)  # fmt: skip
    assert periods.late_changes(Q1) is None, "a change to another quarter is not Q1's"

    periods.reopen("2024-Q1", "Sửa tóm tắt đơn 12")
    records.save(PETITION, petition(12, summary="Đơn 12, sửa tóm tắt"), uuid=saved[1]["uuid"], today=TODAY)
    records.delete(PETITION, saved[2]["uuid"])
    relocked = periods.lock("2024-Q1", "Đã sửa xong")
    late = periods.late_changes(Q1)
    assert late is not None and late.records == 2, "the lock again after a reopening hides nothing"
    assert late.locked_at == relocked.changed_at
    assert late.note().startswith("Lưu ý: 2 bản ghi của quý I năm 2024 đã thay đổi sau khi kỳ được chốt số liệu")


def test_the_command_line_and_the_window_say_it_with_the_reprint(commune_db, tmp_path):
    saved = late_scenario()
    periods.reopen("2024-Q1", "Sửa tóm tắt đơn 11")
    records.save(PETITION, petition(11, summary="Đơn 11, sửa tóm tắt"), uuid=saved[0]["uuid"], today=TODAY)
    periods.lock("2024-Q1", "Đã sửa xong")
    path = database.database_path()
    database.close_database()
    out = tmp_path / "quy1.pdf"
    result = danvan("report", "periodic", "--db", str(path), "--period", "2024-Q1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Lưu ý: 1 bản ghi của quý I năm 2024 đã thay đổi sau khi kỳ được chốt số liệu" in result.stdout
    result = danvan("report", "periodic", "--db", str(path), "--period", "2024-Q2", "--out", str(out))
    assert result.returncode == 0 and "Lưu ý" not in result.stdout


def test_an_older_database_knows_its_locks_from_their_last_change(commune_db):
    late_scenario()
    path = database.database_path()
    database.close_database()
    with sqlite3.connect(path) as raw:  # as a database of version 14 had it: no first lock kept
        raw.execute("UPDATE periodlock SET first_locked_seq = 0")
        last = raw.execute("SELECT change_seq FROM periodlock").fetchone()[0]
        raw.execute("UPDATE schemaversion SET version = 14")
    database.open_database(path)
    assert [row.first_locked_seq for row in periods.rows()] == [last]
