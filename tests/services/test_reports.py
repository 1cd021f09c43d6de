"""Saved reports: numbering by profile, final reports kept byte for byte, bad input refused."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from desktop_app.domain.periods import parse_period
from desktop_app.reports.profiles import PARTY, STATE
from desktop_app.services import reports
from desktop_app.store.models import Report
from tests.reports.conftest import add_receptions

pytestmark = pytest.mark.both_engines  # the store's results on a SQLite file and on a PostgreSQL server


def _saved(period: str, day: dt.date, profile: str, number: int | None = None) -> reports.ReportDraft:
    draft = reports.new_report(parse_period(period), "periodic", profile, today=day)
    if number is not None:
        draft.number = number
    reports.save_report(draft)
    return draft


def test_state_numbers_restart_each_calendar_year(commune_db):
    assert _saved("2026-Q1", dt.date(2026, 4, 2), "state").number == 1
    assert _saved("2026-Q2", dt.date(2026, 7, 2), "state").number == 2
    assert reports.new_report(parse_period("2026"), "periodic", "state", today=dt.date(2027, 1, 5)).number == 1


def test_party_numbers_run_through_the_term_not_the_year(commune_db):
    _saved("2026-Q3", dt.date(2026, 10, 2), "party", number=7)
    following = reports.new_report(parse_period("2026"), "periodic", "party", today=dt.date(2027, 1, 5))
    assert following.number == 8, "the 2025-2030 term goes on in 2027"
    assert reports.new_report(parse_period("2026-Q2"), "periodic", "state", today=dt.date(2026, 7, 1)).number == 1


def test_party_term_of_a_date():
    start = dt.date(2025, 7, 1)
    assert PARTY.numbering_scope(dt.date(2026, 2, 5), start) == "2025-2030"
    assert PARTY.numbering_scope(dt.date(2030, 6, 30), start) == "2025-2030"
    assert PARTY.numbering_scope(dt.date(2030, 7, 1), start) == "2030-2035"
    assert PARTY.numbering_scope(dt.date(2025, 3, 1), start) == "2020-2025"
    assert STATE.numbering_scope(dt.date(2026, 2, 5), start) == "2026"


def test_number_formats():
    assert PARTY.format_number(12, "BC", "ĐU") == "Số 12-BC/ĐU"
    assert STATE.format_number(12, "BC", "UBND") == "Số: 12/BC-UBND"
    assert PARTY.format_number(3, "BB", "ĐU") == "Số 03-BB/ĐU"


def test_a_number_used_in_the_same_run_is_refused_and_nothing_is_saved(commune_db):
    _saved("2026-Q1", dt.date(2026, 4, 2), "state", number=5)
    other = reports.new_report(parse_period("2026-Q2"), "periodic", "state", today=dt.date(2026, 7, 2))
    other.number = 5
    with pytest.raises(reports.ReportError, match=r"«Số văn bản» 5 đã dùng.*số gợi ý: 6"):
        reports.save_report(other)
    assert Report.select().count() == 1


def test_finalizing_stores_the_pdf_and_reprints_it_byte_for_byte(commune_db):
    draft = _saved("2026-Q1", dt.date(2026, 4, 2), "party")
    pdf = reports.finalize_report(draft.uuid)
    row = Report.get_by_id(draft.uuid)
    assert row.status == "final" and row.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    add_receptions(5, [1] * 5, dt.date(2026, 2, 1))  # the registers change after the report is issued
    assert reports.final_pdf(draft.uuid) == pdf
    assert reports.build_report("periodic", parse_period("2026-Q1")) == pdf
    final = reports.load_report(draft.uuid)
    final.sections["limits"] = "Sửa sau khi ban hành"
    with pytest.raises(reports.ReportError, match="không sửa được"):
        reports.save_report(final)


def test_a_final_pdf_whose_bytes_changed_is_refused(commune_db):
    draft = _saved("2026-Q1", dt.date(2026, 4, 2), "party")
    reports.finalize_report(draft.uuid)
    Report.update(pdf=b"%PDF-1.4 changed").where(Report.uuid == draft.uuid).execute()
    with pytest.raises(reports.ReportError, match="SHA-256"):
        reports.final_pdf(draft.uuid)


def test_a_report_without_a_number_cannot_be_made_final(commune_db):
    draft = reports.new_report(parse_period("2026-Q1"), "periodic", "party", today=dt.date(2026, 4, 2))
    draft.number = None
    reports.save_report(draft)
    with pytest.raises(reports.ReportError, match="«Số văn bản» là bắt buộc"):
        reports.finalize_report(draft.uuid)
    assert Report.get_by_id(draft.uuid).status == "draft"


def test_unknown_kind_and_profile_say_what_is_accepted(commune_db):
    with pytest.raises(reports.ReportError, match=r"periodic, models, reception"):
        reports.build_report("yearly", parse_period("2026"))
    with pytest.raises(reports.ReportError, match=r"party .* state"):
        reports.build_report("periodic", parse_period("2026"), profile="company")
    with pytest.raises(reports.ReportError, match="đơn vị tổng hợp"):
        reports.build_report("consolidated", parse_period("2026"))


def test_the_annex_saves_as_xlsx_with_the_same_figures(commune_db, tmp_path):
    from openpyxl import load_workbook

    add_receptions(4, [2, 1, 1, 1], dt.date(2026, 1, 3))
    draft = reports.new_report(parse_period("2026-Q1"), "periodic", "party", today=dt.date(2026, 4, 2))
    out = reports.write_annex_xlsx(draft, tmp_path / "phu-luc.xlsx")
    sheet = load_workbook(out).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row and len(row) > 3}
    assert rows["Số lượt tiếp công dân"][3] == 4 and rows["Số người được tiếp"][3] == 5
