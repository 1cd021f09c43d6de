"""The rule list of each format profile, checked on a real periodic report by position, font
and size with pdfplumber (REPORTS.md, "Format profiles")."""

from __future__ import annotations

import pytest

from desktop_app.domain.periods import parse_period
from desktop_app.reports.profiles import PARTY, STATE
from desktop_app.services import reports
from tests.reports.conftest import DOC_DATE, SIGNER, open_pdf

MM = 72 / 25.4
TOLERANCE = 1.5  # points


@pytest.fixture(params=["party", "state"])
def issued(request, known_db):
    """The report of quý I/2026 numbered 12, dated 05/02/2026, under each profile."""
    draft = reports.new_report(parse_period("2026-Q1"), "periodic", request.param, today=DOC_DATE)
    draft.number = 12
    draft.recipients = ["Ban Dân vận Tỉnh ủy (b/c)", "Các đồng chí Ủy viên Ban Chấp hành"]
    document = open_pdf(reports.build_saved_pdf(draft))
    yield request.param, document
    document.close()


def find(page, text):
    """The one place ``text`` is on ``page``, with its characters."""
    found = page.search(text, regex=False, return_chars=True)
    assert found, f"{text!r} is not on page {page.page_number}"
    return found[0]


def fonts(match):
    return {char["fontname"].split("+")[-1] for char in match["chars"] if char["text"].strip()}


def sizes(match):
    return {round(char["size"], 1) for char in match["chars"] if char["text"].strip()}


def is_bold(match):
    return all("Bold" in name for name in fonts(match))


def is_italic(match):
    return all("Italic" in name for name in fonts(match))


def lines_under(page, match, gap=8):
    """Horizontal lines drawn just under a piece of text."""
    return [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 1
            and 0 <= ln["top"] - match["bottom"] <= gap and ln["x0"] < match["x1"] and ln["x1"] > match["x0"]]


def test_margins_hold_on_every_page(issued):
    """Text stays inside the margins: top 20, bottom 20, left 30, right 15 mm; only the page
    number sits in the top margin."""
    name, document = issued
    margins = (PARTY if name == "party" else STATE).margins
    for page in document.pages:
        number = str(page.page_number)
        for char in page.chars:
            if not char["text"].strip():
                continue
            assert char["x0"] >= margins.left * MM - TOLERANCE, (page.page_number, char["text"])
            assert char["x1"] <= page.width - margins.right * MM + TOLERANCE, (page.page_number, char["text"])
            assert char["bottom"] <= page.height - margins.bottom * MM + TOLERANCE
            if char["top"] < margins.top * MM - TOLERANCE:
                assert char["text"] in number, f"only the page number is in the top margin: {char['text']!r}"


def test_header_texts_sizes_and_weights(issued):
    name, document = issued
    page = document.pages[0]
    middle = page.width / 2
    if name == "party":
        national = find(page, "ĐẢNG CỘNG SẢN VIỆT NAM")
        assert sizes(national) == {15} and is_bold(national)
        superior = find(page, "ĐẢNG BỘ THÀNH PHỐ")
        assert sizes(superior) == {14} and not any("Bold" in f for f in fonts(superior))
        issuing = find(page, "ĐẢNG ỦY XÃ BÌNH LIÊU")
        assert sizes(issuing) == {14} and is_bold(issuing)
    else:
        national = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        assert sizes(national) == {12} and is_bold(national)
        motto = find(page, "Độc lập - Tự do - Hạnh phúc")
        assert sizes(motto) == {13} and is_bold(motto)
        assert motto["x0"] > national["x0"] and motto["x1"] < national["x1"], "the motto is centred under it"
        issuing = find(page, "ỦY BAN NHÂN DÂN")
        assert sizes(issuing) == {13} and is_bold(issuing)
    assert national["x0"] > middle - 40 and issuing["x1"] < middle + 20, "two columns: bodies left, nation right"
    assert all("LiberationSerif" in f or "TimesNewRoman" in f for f in fonts(national) | fonts(issuing))


def test_the_rule_under_the_national_line_is_a_line_as_long_as_its_text(issued):
    name, document = issued
    page = document.pages[0]
    text = find(page, "ĐẢNG CỘNG SẢN VIỆT NAM" if name == "party" else "Độc lập - Tự do - Hạnh phúc")
    rules = lines_under(page, text)
    assert len(rules) == 1
    assert abs((rules[0]["x1"] - rules[0]["x0"]) - (text["x1"] - text["x0"])) < 2
    assert not any(ch.get("underline") for ch in text["chars"])


def test_asterisk_for_party_rule_for_state_under_the_issuing_body(issued):
    name, document = issued
    page = document.pages[0]
    issuing = find(page, "ĐẢNG ỦY XÃ BÌNH LIÊU" if name == "party" else "XÃ BÌNH LIÊU")
    if name == "party":
        star = find(page, "*")
        assert star["top"] > issuing["bottom"] and star["top"] - issuing["bottom"] < 20
        assert abs((star["x0"] + star["x1"]) / 2 - (issuing["x0"] + issuing["x1"]) / 2) < 3
        assert not lines_under(page, issuing)
    else:
        body = find(page, "ỦY BAN NHÂN DÂN")
        width = max(body["x1"] - body["x0"], issuing["x1"] - issuing["x0"])
        rules = lines_under(page, issuing)
        assert len(rules) == 1
        assert width / 3 - 1 <= rules[0]["x1"] - rules[0]["x0"] <= width / 2 + 1


def test_number_line_follows_the_profile(issued):
    name, document = issued
    page = document.pages[0]
    number = find(page, "Số 12-BC/ĐU" if name == "party" else "Số: 12/BC-UBND")
    assert sizes(number) == ({14} if name == "party" else {13})
    assert number["x1"] < page.width / 2


def test_date_line_is_italic_with_two_digit_day_and_month(issued):
    _name, document = issued
    page = document.pages[0]
    date = find(page, "Bình Liêu, ngày 05 tháng 02 năm 2026")
    assert sizes(date) == {14} and is_italic(date)
    assert date["x0"] > page.width / 2 - 30


def test_type_name_summary_and_short_rule(issued):
    name, document = issued
    page = document.pages[0]
    title = find(page, "BÁO CÁO")
    assert is_bold(title) and sizes(title) == ({16} if name == "party" else {14})
    summary = find(page, "kết quả công tác dân vận quý I năm 2026")
    assert is_bold(summary) and sizes(summary) == {14}
    centre = page.width / 2 + (PARTY.margins.left - PARTY.margins.right) * MM / 2
    assert abs((summary["x0"] + summary["x1"]) / 2 - centre) < 3
    rule = lines_under(page, summary, gap=12)
    assert len(rule) == 1 and (rule[0]["x1"] - rule[0]["x0"]) < (summary["x1"] - summary["x0"])


def test_signature_block_and_recipients(issued):
    name, document = issued
    page = next(p for p in document.pages if p.search("Nơi nhận:", regex=False))
    authority = find(page, "T/M ĐẢNG ỦY" if name == "party" else "TM. ỦY BAN NHÂN DÂN")
    title = find(page, "BÍ THƯ" if name == "party" else "CHỦ TỊCH")
    signer = find(page, SIGNER)
    for part in (authority, title, signer):
        assert is_bold(part) and sizes(part) == {14} and part["x0"] > page.width / 2
    assert signer["top"] - title["bottom"] > 50, "room for the signature and the seal"
    heading = find(page, "Nơi nhận:")
    assert heading["x1"] < page.width / 2
    first = find(page, "- Ban Dân vận Tỉnh ủy (b/c);")
    last = find(page, "- Lưu Văn phòng Đảng ủy." if name == "party" else "- Lưu: VT.")
    if name == "party":
        assert sizes(heading) == {14} and not is_bold(heading) and lines_under(page, heading, gap=4)
        assert sizes(first) == {12} and sizes(last) == {12}
    else:
        assert sizes(heading) == {12} and is_bold(heading) and is_italic(heading)
        assert sizes(first) == {11} and sizes(last) == {11}


def test_page_numbers_from_page_two_centred_at_the_top(issued):
    _name, document = issued
    assert len(document.pages) >= 3
    first_top = min(c["top"] for c in document.pages[0].chars)
    assert first_top > 20 * MM - TOLERANCE, "page 1 has no number"
    for page in document.pages[1:]:
        top_chars = [c for c in page.chars if c["top"] < 20 * MM]
        assert "".join(c["text"] for c in top_chars) == str(page.page_number)
        assert {round(c["size"]) for c in top_chars} == {14}
        middle = (min(c["x0"] for c in top_chars) + max(c["x1"] for c in top_chars)) / 2
        assert abs(middle - page.width / 2) < 2


def test_the_statistics_annex_is_landscape(issued):
    _name, document = issued
    annex = [p for p in document.pages if p.search("PHỤ LỤC", regex=False)]
    assert annex and all(p.width > p.height for p in annex)
    assert document.pages[0].width < document.pages[0].height
