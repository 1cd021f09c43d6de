"""The periodic and consolidated reports: their sentences and figures, read back from the PDF."""

from __future__ import annotations

import re
import unicodedata

import pytest

from desktop_app.domain.indicators import CONSOLIDATED_KEYS, indicator
from desktop_app.domain.l10n import format_number
from desktop_app.domain.periods import parse_period
from desktop_app.services import figures, reports
from tests.reports.conftest import DOC_DATE, all_text, open_pdf

pytestmark = pytest.mark.both_engines  # the store's results on a SQLite file and on a PostgreSQL server


@pytest.fixture
def q1_report(known_db):
    draft = reports.new_report(parse_period("2026-Q1"), "periodic", "party", today=DOC_DATE)
    return draft, reports.build_saved_pdf(draft)


def test_extracted_text_is_nfc_and_says_the_known_figures(q1_report):
    """The sentences of REPORTS.md, with the numbers of the records written in the test."""
    _draft, pdf = q1_report
    text = all_text(pdf)
    assert unicodedata.is_normalized("NFC", text)
    flat = re.sub(r"\s+", " ", text)
    assert "Trong quý I năm 2026, đã tiếp 71 lượt công dân với 98 người, trong đó có 1 đoàn đông người" in flat
    assert "(giảm 25,3% so với cùng kỳ năm 2025)" in flat
    assert "Tiếp nhận 35 đơn thư" in flat
    assert "đã giải quyết 30/35 đơn thuộc thẩm quyền (đạt 85,7%)" in flat
    assert "hỗ trợ 7.000.000 đồng cho các mô hình mới" in flat
    assert "kết quả công tác dân vận quý I năm 2026" in flat


def test_every_vietnamese_letter_renders_and_extracts():
    """All 134 Vietnamese letters go through the embedded font and come back as NFC text."""
    import datetime as dt

    from desktop_app.reports.document import DocumentSpec, Letterhead, OfficialDocument
    from desktop_app.reports.profiles import PARTY

    vowels = "aăâeêioôơuưy"
    letters = "".join(
        unicodedata.normalize("NFC", base + mark) for base in vowels for mark in ("", "\u0300", "\u0309", "\u0303",
                                                                                "\u0301", "\u0323")
    ) + "đ"  # fmt: skip
    sample = letters + " " + letters.upper()
    doc = OfficialDocument(DocumentSpec(PARTY, Letterhead("A", "B", "C", "D"), dt.date(2026, 1, 1), "X", ""))
    text = all_text(doc.render(doc.paragraphs(sample)))
    assert unicodedata.is_normalized("NFC", text)
    assert letters in text.replace("\n", "") and letters.upper() in text.replace("\n", "")


def annex_rows(pdf: bytes) -> dict[str, list[str]]:
    """The statistics annex as {label: cells}, read from the table on the landscape pages."""
    rows: dict[str, list[str]] = {}
    with open_pdf(pdf) as document:
        for page in document.pages:
            if page.width < page.height:
                continue
            for table in page.extract_tables():
                for row in table:
                    if row and row[1]:
                        rows.setdefault(re.sub(r"\s+", " ", row[1]), [c or "" for c in row])
    return rows


def test_the_annex_prints_the_figures_of_the_period_and_a_year_before(q1_report):
    _draft, pdf = q1_report
    summary = figures.summarize(parse_period("2026-Q1"))
    rows = annex_rows(pdf)
    for key in ("reception.sessions", "reception.people", "petition.received", "petition.resolved",
                "exemplary_model.new", "exemplary_model.funding_vnd"):  # fmt: skip
        row = rows[indicator(key).display_label]
        assert row[3] == format_number(summary.figures[key]), key
        assert row[4] == format_number(summary.previous[key]), key
    assert rows["Số lượt tiếp công dân"][3:6] == ["71", "95", "-25,3"]
    assert rows["Tỷ lệ giải quyết đơn thuộc thẩm quyền"][3] == "85,7"


def test_an_edited_narrative_is_what_prints(q1_report, known_db):
    draft, _pdf = q1_report
    draft.sections["limits"] = "Việc nắm tình hình ở một số thôn còn chậm."
    reports.save_report(draft)
    pdf = reports.build_report("periodic", parse_period("2026-Q1"), today=DOC_DATE)
    assert "Việc nắm tình hình ở một số thôn còn chậm." in all_text(pdf)


def test_consolidated_total_is_the_sum_of_the_unit_rows_and_lists_units_without_data(province_db):
    period = parse_period("2026-9M")
    draft = reports.new_report(period, "consolidated", today=DOC_DATE.replace(month=10))
    content = reports.periodic_content(draft)
    pdf = reports.build_saved_pdf(draft)
    rows = []
    with open_pdf(pdf) as document:
        for page in document.pages:
            for table in page.extract_tables() if page.width > page.height else []:
                rows += [r for r in table if len(r) == 2 + len(CONSOLIDATED_KEYS) and r[0] is not None]
    unit_rows = [r for r in rows if r[0].isdigit() and len(r) == 2 + len(CONSOLIDATED_KEYS)]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert len(unit_rows) == len(content.units)
    for column, key in enumerate(CONSOLIDATED_KEYS, start=2):
        if key.endswith("_percent"):
            continue
        cells = [int(r[column].replace(".", "")) for r in unit_rows]
        assert sum(cells) == int(total[column].replace(".", "")), key
        assert sum(cells) == content.figures[key], key
    missing = [r for r in unit_rows if "(chưa có số liệu)" in r[1].replace("\n", " ")]
    assert missing and len(missing) == len(content.missing)
    flat = re.sub(r"\s+", " ", all_text(pdf))
    assert "Các đơn vị chưa có số liệu trong kỳ: " + content.missing[0] in flat
    summary = figures.summarize(period, {u.code: [u.code] for u in content.units})
    assert content.figures == summary.figures
