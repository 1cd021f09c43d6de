"""The editable Word copy (.docx) of every report kind: opened with python-docx, it has the
profile's page and margins, Times New Roman at the profile's sizes, the header block's texts and
rules, the annex in a landscape section; LibreOffice turns it into a PDF whose dates are not
broken across lines."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from desktop_app.domain.periods import parse_period
from desktop_app.reports.profiles import PROFILES
from desktop_app.services import demo, reports

YEAR = parse_period("2026")
TODAY = dt.date(2026, 11, 30)
HEADINGS = {"periodic": "BÁO CÁO", "models": "BÁO CÁO", "reception": "SỔ TIẾP CÔNG DÂN",
            "petitions": "SỔ THEO DÕI ĐƠN THƯ", "dialogue": "BIÊN BẢN"}  # fmt: skip


@pytest.fixture
def filled(commune_db):
    demo.fill(200, seed=2, today=TODAY, years=1)
    return commune_db


def word(kind: str, profile: str, **more) -> Document:
    return Document(io.BytesIO(reports.build_report(kind, YEAR, profile=profile, today=TODAY, word=True, **more)))


def texts(document: Document) -> list[str]:
    """Every paragraph's text, the header table's cells included, in order."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables[:1]:
        found += [p.text for cell in table.rows[0].cells for p in cell.paragraphs]
    return found


def mm(*lengths) -> tuple[float, ...]:
    """Lengths in millimetres, to a tenth (Word keeps them in twentieths of a point)."""
    return tuple(round(length.mm, 1) for length in lengths)


def runs(document: Document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


@pytest.mark.parametrize("profile", ["party", "state"])
@pytest.mark.parametrize("kind", ["periodic", "models", "reception", "petitions", "dialogue"])
def test_every_kind_in_word_keeps_the_profile_s_layout(filled, kind, profile):
    values = PROFILES[profile]
    record = None
    if kind == "dialogue":
        from desktop_app.domain.registers import BY_NAME
        from desktop_app.store.queries import ListQuery, select_page

        record = select_page(ListQuery(BY_NAME["dialogue"]), 0, 1)[0]["uuid"]
    document = word(kind, profile, record_uuid=record)
    first = document.sections[0]
    book = kind in ("reception", "petitions")
    assert (first.orientation == WD_ORIENT.LANDSCAPE) == book
    assert mm(first.page_width, first.page_height) == ((297, 210) if book else (210, 297))
    margins = values.margins
    assert mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == (
        margins.top, margins.bottom, margins.left, margins.right)
    assert {run.font.name for run in runs(document)} == {"Times New Roman"}

    said = texts(document)
    for text, _how in values.national_lines:
        assert text in said
    assert HEADINGS[kind] in said
    if kind in ("periodic", "models"):
        number = r"Số \S*-BC/ĐU" if profile == "party" else r"Số: \S*/BC-UBND"  # blank when not numbered yet
        assert any(re.fullmatch(number, text.replace("\u00a0", "")) for text in said), said[:12]
        heading = next(run for run in runs(document) if run.text == HEADINGS[kind])
        assert heading.font.size == Pt(values.type_name.size) and heading.font.bold
    header = [run for cell in document.tables[0].rows[0].cells for p in cell.paragraphs for run in p.runs]
    dateline = next(run for run in header if re.search(r"ngày \d\d tháng \d+ năm 20\d\d", run.text))
    assert dateline.font.italic and dateline.font.size == Pt(values.dateline.size)
    if kind == "periodic":
        annex = document.sections[-1]
        assert len(document.sections) == 2 and annex.orientation == WD_ORIENT.LANDSCAPE
        assert "PHỤ LỤC" in said
        header_row = [cell.text for cell in document.tables[-1].rows[0].cells]
        assert header_row[:3] == ["STT", "Chỉ tiêu", "Đơn vị tính"]


def test_the_word_copy_turns_into_the_same_report_in_libreoffice(filled, tmp_path):
    """LibreOffice (headless) reads the .docx; the PDF it makes says the same things, with the
    annex on a landscape page and no date broken across lines in the book."""
    for kind in ("periodic", "petitions"):
        (tmp_path / f"{kind}.docx").write_bytes(
            reports.build_report(kind, YEAR, profile="state", today=TODAY, word=True))
    files = [str(tmp_path / "periodic.docx"), str(tmp_path / "petitions.docx")]
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo'}"  # a LibreOffice profile of its own
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *files],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    with pdfplumber.open(tmp_path / "periodic.pdf") as document:
        first = document.pages[0].extract_text()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "Độc lập - Tự do - Hạnh phúc" in first
        assert "BÁO CÁO" in first and "Số: 01/BC-UBND" in first
        annex = next(page for page in document.pages if "PHỤ LỤC" in (page.extract_text() or ""))
        assert annex.width > annex.height
    with pdfplumber.open(tmp_path / "petitions.pdf") as document:
        dates = 0
        for page in document.pages:
            for table in page.extract_tables():
                for row in table[1:]:
                    cell = row[2] or ""
                    if cell:
                        assert re.fullmatch(r"\d\d/\d\d/\d{4}", cell), f"a date broken across lines: {cell!r}"
                        dates += 1
        assert dates > 10
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(tmp_path / "petitions.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)  # fmt: skip
    assert Path(tmp_path / "page-1.png").stat().st_size > 10_000


def test_an_issued_report_s_word_copy_is_made_from_what_it_says(filled, tmp_path):
    draft = reports.new_report(YEAR, "periodic", "party", TODAY)
    draft.sections["leadership"] = "Đảng ủy đã lãnh đạo toàn diện công tác dân vận."
    reports.finalize_report(reports.save_report(draft))
    document = word("periodic", "party")
    assert "Đảng ủy đã lãnh đạo toàn diện công tác dân vận." in texts(document)
    pdf = reports.build_report("periodic", YEAR, profile="party", today=TODAY)
    assert pdf.startswith(b"%PDF"), "the PDF of an issued report is still its original"


def test_the_consolidated_report_in_word_has_both_annexes_landscape(province_db):
    document = Document(io.BytesIO(reports.build_report("consolidated", YEAR, profile="state", today=TODAY,
                                                        word=True)))  # fmt: skip
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                          WD_ORIENT.LANDSCAPE]  # fmt: skip
    units = document.tables[-1]
    assert len(units.rows) >= 5, "a row per unit and the total"
