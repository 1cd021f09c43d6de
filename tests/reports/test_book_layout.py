"""Books laid out like the paper ones: columns fitted to what they hold, so that no cell breaks a
date, a number or "STT" across lines, as dense as a register's ruled page; the deadline column
filled from the deadline rules. Read back from the PDF with pdfplumber, cell by cell."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desktop_app.domain.deadlines import printed_deadline
from desktop_app.domain.l10n import format_date
from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import BY_NAME
from desktop_app.reports.columns import share_out
from desktop_app.services import demo, reports
from desktop_app.store import queries
from tests.reports.conftest import open_pdf

TODAY = dt.date(2026, 11, 24)
DATE = re.compile(r"\d{2}/\d{2}/\d{4}")


@pytest.fixture
def demo_commune(commune_db):
    demo.fill(1500, seed=5, today=TODAY)
    return commune_db


def table_cells(pdf: bytes) -> list[tuple[int, list[list[str]]]]:
    """(page number, the rows of cell texts) of every ruled table, lines kept as "\\n"."""
    found = []
    with open_pdf(pdf) as document:
        for page in document.pages:
            for table in page.find_tables():
                found.append((page.page_number, [[cell or "" for cell in row] for row in table.extract()]))
    return found


def broken_cells(pdf: bytes) -> list[str]:
    """Cells in which a date, a number or "STT" is split across lines."""
    broken = []
    for page, rows in table_cells(pdf):
        for row in rows:
            for cell in row:
                if "\n" not in cell:
                    continue
                joined = cell.replace("\n", "")
                split_dates = [d for d in DATE.findall(joined) if d not in cell]
                if split_dates or re.fullmatch(r"[\d.\n]+", cell) or joined == "STT" or re.search(r"\d\n\d", cell):
                    broken.append(f"page {page}: {cell!r}")
    return broken


@pytest.mark.parametrize(("kind", "period"), [
    ("petitions", "2026"), ("reception", "2026-Q1"), ("models", "2026"), ("periodic", "2026"),
])  # fmt: skip
def test_no_cell_breaks_a_date_a_number_or_stt(demo_commune, kind, period):
    pdf = reports.build_report(kind, parse_period(period), today=TODAY)
    cells = table_cells(pdf)
    assert cells, "the book has its table"
    assert broken_cells(pdf) == []


def test_the_consolidated_annex_breaks_no_unit_name_or_figure(province_db):
    period = parse_period("2026-9M")
    content = reports.periodic_content(reports.new_report(period, "consolidated", today=TODAY))
    names = {unit.name for unit in content.units or []}
    pdf = reports.build_report("consolidated", period, today=TODAY)
    units = [row for _page, rows in table_cells(pdf) for row in rows if len(row) > 10 and row[0].isdigit()]
    assert len(units) == len(names) >= 4
    assert broken_cells(pdf) == []
    for row in units:  # a unit's name breaks between its words only
        assert row[1].replace("\n", " ").split(" (")[0] in names, row[1]


def test_a_petition_book_holds_as_many_rows_a_page_as_a_ruled_register(demo_commune):
    """A landscape page of the petition book holds at least 15 petitions (the layout with
    weights guessed beforehand held 8 to 12), the header row on each page."""
    pdf = reports.build_report("petitions", parse_period("2026"), today=TODAY)
    book = [rows for _page, rows in table_cells(pdf) if rows and len(rows[0]) == 11]
    numbered = [sum(1 for row in rows[1:] if row[0].isdigit()) for rows in book]
    full_pages = numbered[1:-1]  # the first page opens with the letterhead; the last holds what is left
    assert len(full_pages) >= 3
    assert min(full_pages) >= 15, numbered


def test_the_deadline_column_is_filled_from_the_deadline_rules(demo_commune):
    period = parse_period("2026-Q1")
    petitions = queries.select_all(queries.ListQuery(BY_NAME["petition"], start=period.start, end=period.end))
    by_number = {record["receipt_number"]: record for record in petitions}
    pdf = reports.build_report("petitions", period, today=TODAY)
    book = [row for _page, rows in table_cells(pdf) for row in rows if len(row) == 11 and row[0].isdigit()]
    assert len(book) == len(petitions)
    for row in book:
        record = by_number[row[1].replace("\n", "")]
        assert row[8].replace("\n", "") == format_date(printed_deadline(record)) != "", row


def test_every_column_gets_at_least_its_widest_word_and_the_page_is_used_whole():
    least, wish = [20.0, 60.0, 40.0], [20.0, 400.0, 100.0]
    sample = [[20.0, 380.0, 90.0], [20.0, 100.0, 100.0]]
    widths = share_out(least, wish, 300.0, sample)
    assert sum(widths) == pytest.approx(300.0)
    assert all(w >= m for w, m in zip(widths, least, strict=True))
    assert share_out(least, [20.0, 100.0, 50.0], 340.0, sample) == pytest.approx([40.0, 200.0, 100.0])
    assert share_out([100.0, 300.0], [100.0, 300.0], 200.0, []) == pytest.approx([50.0, 150.0])
