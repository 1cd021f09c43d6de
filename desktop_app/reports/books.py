"""Printed register books on landscape pages: Sổ tiếp công dân (the twelve columns of Mẫu số
03, Thông tư 04/2021/TT-TTCP) and Sổ theo dõi đơn thư with its list of overdue and due-soon
petitions.

Cells show values as the register declares them (``Field.display``); the builder is given the
records and prints them, it reads nothing from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

from desktop_app.domain.deadlines import printed_deadline
from desktop_app.domain.l10n import _, format_date, format_number, ngettext
from desktop_app.domain.periods import Period
from desktop_app.domain.register import MASK
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.text import sentence_case
from desktop_app.reports.document import LANDSCAPE, DocumentClass, DocumentSpec, OfficialDocument

Record = dict[str, Any]
Records = Callable[[], Iterable[Record]]  # the records of a book, in order, anew at each call


def period_span(period: Period) -> str:
    """"Quý I năm 2024 (từ ngày 01/01/2024 đến ngày 31/03/2024)"."""
    label = sentence_case(period.label)
    if period.kind == "range":
        return label
    return _("{period} (từ ngày {start} đến ngày {end})").format(
        period=label, start=format_date(period.start), end=format_date(period.end)
    )


def _show(register: str, name: str, record: Record) -> str:
    return BY_NAME[register].field(name).display(record.get(name))


# ---------------------------------------------------------------- Sổ tiếp công dân


def reception_header() -> tuple[list[list[str]], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Three header rows: the column names, the parts of "Hướng xử lý", the column numbers."""
    names = [_("STT"), _("Ngày tiếp"), _("Họ và tên"), _("Số CCCD/Hộ chiếu"), _("Địa chỉ"),
             _("Nội dung vụ việc"), _("Phân loại, số người"), _("Cơ quan, tổ chức đã giải quyết"),
             _("Hướng xử lý"), "", "", _("Theo dõi kết quả")]  # fmt: skip
    parts = ["", "", "", "", "", "", "", "", _("Thụ lý giải quyết"), _("Trả lại đơn, hướng dẫn, giải thích"),
             _("Chuyển đơn đến cơ quan có thẩm quyền"), ""]  # fmt: skip
    numbers = [f"({n})" for n in range(1, 13)]
    spans = [((c, 0), (c, 1)) for c in (*range(8), 11)] + [((8, 0), (10, 0))]
    return [names, parts, numbers], spans


def reception_row(number: int, record: Record) -> list[str]:
    action = record.get("action")
    people = record.get("people_count") or 1
    classification = _show("reception", "classification", record)
    count = ngettext("{n} người", "{n} người", people).format(n=format_number(people))
    returned = {"tra_lai_huong_dan": "x", "giai_thich": _("Giải thích, hướng dẫn trực tiếp")}.get(action or "", "")
    return [
        str(number),
        _show("reception", "date", record),
        _show("reception", "citizen_name", record),
        _show("reception", "citizen_id_number", record),
        _show("reception", "citizen_address", record),
        _show("reception", "content", record),
        f"{classification} ({count})",
        _show("reception", "prior_handler", record),
        "x" if action == "thu_ly" else "",
        returned,
        (record.get("transferred_to") or "x") if action == "chuyen_don" else "",
        _show("reception", "follow_up", record),
    ]


def build_reception_book(spec: DocumentSpec, period: Period, records: Records,
                         document: DocumentClass = OfficialDocument) -> bytes:  # fmt: skip
    """Sổ tiếp công dân; ``records`` gives the period's receptions in order each time it is
    called (read once to fit the columns and once to print, never held whole)."""
    doc = document(spec)
    spec.summary = spec.summary or period_span(period)
    header, spans = reception_header()
    totals = {"sessions": 0, "people": 0}

    def rows() -> Iterator[list[str]]:
        totals.update(sessions=0, people=0)
        for number, record in enumerate(records(), start=1):
            totals["sessions"] += 1
            totals["people"] += record.get("people_count") or 0
            yield reception_row(number, record)

    def total() -> Iterator[Flowable]:  # laid out after the table: the counts are known by then
        yield doc.space(4)
        yield from doc.paragraphs(_("Tổng số: {sessions} lượt tiếp, {people} người.").format(
            sessions=format_number(totals["sessions"]), people=format_number(totals["people"])))  # fmt: skip

    story: list[Flowable | Iterable[Flowable]] = [*doc.opening(doc.landscape_width)]
    if _empty(records):
        story.extend(doc.paragraphs(_("Trong kỳ không có lượt tiếp công dân nào.")))
    else:
        story.append(doc.long_table(header, rows, "CCLLLLLLCCLL", spans=spans))
    story.append(total())
    return doc.render(story, first=LANDSCAPE)


def _empty(records: Records) -> bool:
    return next(iter(records()), None) is None


# ---------------------------------------------------------------- Sổ theo dõi đơn thư


@dataclass
class PetitionBook:
    spec: DocumentSpec
    period: Period
    received: Records  # received in the period, in order of receipt (read twice, never held whole)
    attention: Sequence[Record] = field(default_factory=list)  # open, overdue or due soon at ``as_of``
    as_of: dt.date = dt.date.min


def sender_text(record: Record) -> str:
    """The sender as a printed book may show it: a denouncer's identity stays secret."""
    if record.get("anonymous"):
        return _("(nặc danh)")
    if record.get("identity_confidential"):
        return _(MASK)
    parts = [record.get("sender_name") or "", record.get("sender_address") or ""]
    return ", ".join(p for p in parts if p)


def petition_row(number: int, record: Record) -> list[str]:
    return [
        str(number),
        _show("petition", "receipt_number", record),
        _show("petition", "received_date", record),
        sender_text(record),
        _show("petition", "channel", record),
        _show("petition", "kind", record),
        _show("petition", "subject_field", record),
        _show("petition", "summary", record),
        format_date(printed_deadline(record)),
        _show("petition", "status", record),
        _show("petition", "resolved_date", record),
    ]


def deadline_words(record: Record, as_of: dt.date) -> str:
    """"Quá hạn 12 ngày" or "Còn 3 ngày"."""
    days = (record["deadline"] - as_of).days
    if days < 0:
        return ngettext("Quá hạn {n} ngày", "Quá hạn {n} ngày", -days).format(n=format_number(-days))
    return ngettext("Còn {n} ngày", "Còn {n} ngày", days).format(n=format_number(days))


def build_petition_book(book: PetitionBook, document: DocumentClass = OfficialDocument) -> bytes:
    doc = document(book.spec)
    book.spec.summary = book.spec.summary or period_span(book.period)
    header = [_("STT"), _("Số vào sổ"), _("Ngày nhận"), _("Người gửi, địa chỉ"), _("Nguồn đơn"), _("Loại đơn"),
              _("Lĩnh vực"), _("Tóm tắt nội dung"), _("Hạn xử lý, giải quyết"), _("Tình trạng"),
              _("Ngày giải quyết xong")]  # fmt: skip

    def rows() -> Iterator[list[str]]:
        return (petition_row(number, record) for number, record in enumerate(book.received(), start=1))

    story: list[Flowable | Iterable[Flowable]] = [*doc.opening(doc.landscape_width)]
    if not _empty(book.received):
        story.append(doc.long_table([header], rows, "CCCLLLLLCLC"))
    else:
        story.extend(doc.paragraphs(_("Trong kỳ không tiếp nhận đơn thư nào.")))
    story.append(doc.keep_with_next(50))
    story.append(doc.space(8))
    story.append(doc.centred(_("ĐƠN THƯ QUÁ HẠN VÀ SẮP ĐẾN HẠN"), bold=True))
    story.append(doc.centred(_("(tính đến ngày {date})").format(date=format_date(book.as_of)), italic=True))
    story.append(doc.space(6))
    if book.attention:
        attention_header = [_("STT"), _("Số vào sổ"), _("Ngày nhận"), _("Người gửi, địa chỉ"), _("Tóm tắt nội dung"),
                            _("Hạn xử lý, giải quyết"), _("Tình trạng"), _("Quá hạn / còn hạn")]  # fmt: skip
        attention_rows = [
            [str(n), _show("petition", "receipt_number", r), _show("petition", "received_date", r), sender_text(r),
             _show("petition", "summary", r), format_date(printed_deadline(r)), _show("petition", "status", r),
             deadline_words(r, book.as_of)]
            for n, r in enumerate(book.attention, start=1)
        ]  # fmt: skip
        story.append(doc.table([attention_header], attention_rows, "CCCLLCLL", book=True))
    else:
        story.extend(doc.paragraphs(_("Không có đơn thư quá hạn hoặc sắp đến hạn.")))
    return doc.render(story, first=LANDSCAPE)
