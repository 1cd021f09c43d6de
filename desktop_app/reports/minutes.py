"""Biên bản đối thoại: the minutes of one direct dialogue with citizens (Quy định 11-QĐi/TW)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from desktop_app.domain.l10n import _, format_dateline, format_number
from desktop_app.domain.registers import BY_NAME
from desktop_app.reports.document import DocumentClass, DocumentSpec, OfficialDocument

DIALOGUE = BY_NAME["dialogue"]


def _count(record: dict[str, Any], name: str) -> str:
    return format_number(record.get(name) or 0)


def minutes_paragraphs(record: dict[str, Any], issuer_name: str, place: str) -> list[tuple[str, str]]:
    """(heading, text) pairs of the minutes, in order; a heading of "" continues the text."""
    day = record["date"]
    chair = DIALOGUE.field("chair_role").display(record.get("chair_role"))
    if record.get("chair_name"):
        chair = f"{chair} {record['chair_name']}"
    when = format_dateline(place, day).split(", ", 1)[-1]  # "ngày 05 tháng 02 năm 2026"
    venue = record.get("venue") or place
    return [
        ("", _("Hôm nay, {when}, tại {venue}, {issuer} tổ chức hội nghị đối thoại trực tiếp với Nhân dân về: "
               "{topic}.").format(when=when, venue=venue, issuer=issuer_name, topic=record.get("topic") or "")),
        (_("I. THÀNH PHẦN"), _("Chủ trì: {chair}.").format(chair=chair)),
        ("", _("Số người tham dự: {count} người.").format(count=_count(record, "participants"))),
        (_("II. NỘI DUNG ĐỐI THOẠI"), _(
            "Tại hội nghị có {opinions} ý kiến, kiến nghị của Nhân dân; đã giải đáp tại chỗ {answered} ý kiến; "
            "tiếp thu, chuyển cơ quan có thẩm quyền giải quyết {referred} ý kiến; đã giải quyết sau đối thoại "
            "{resolved} ý kiến."
        ).format(opinions=_count(record, "opinions_raised"), answered=_count(record, "answered_on_spot"),
                 referred=_count(record, "referred"), resolved=_count(record, "resolved_after"))),
        (_("III. KẾT LUẬN"), record.get("conclusion") or ""),
        ("", _("Biên bản được đọc lại cho những người dự hội nghị cùng nghe và thống nhất.")),
    ]  # fmt: skip


def build_minutes(spec: DocumentSpec, record: dict[str, Any], issuer_name: str,
                  document: DocumentClass = OfficialDocument) -> bytes:  # fmt: skip
    doc = document(spec)
    story: list[Flowable] = [*doc.opening()]
    for heading, text in minutes_paragraphs(record, issuer_name, spec.letterhead.place_name):
        if heading:
            story.append(doc.heading(heading))
        story.extend(doc.paragraphs(text))
    chair_name = record.get("chair_name") or spec.letterhead.signer_name
    story.append(doc.signatures((_("THƯ KÝ"), ""), (_("CHỦ TRÌ"), chair_name)))
    return doc.render(story)
