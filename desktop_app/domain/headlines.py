"""The figures of a period in one line per area of work, as the home page and ``danvan
summary`` print them; the petitions' rate is said with its own denominator, in the same words
as the periodic report (the petitions in the unit's jurisdiction).
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain.l10n import _, format_money, format_number, format_percent


def petition_resolution(f: dict[str, Any]) -> str:
    """"đã giải quyết 3/24 đơn thuộc thẩm quyền (đạt 12,5%)": the settled petitions among those
    the unit may settle, never among all it received."""
    resolved, total = f["petition.resolved_in_jurisdiction"], f["petition.in_jurisdiction"]
    text = _("đã giải quyết {resolved}/{total} đơn thuộc thẩm quyền").format(
        resolved=format_number(resolved), total=format_number(total)
    )
    percent = f.get("petition.resolved_percent")
    if percent is not None:
        text += _(" (đạt {percent})").format(percent=format_percent(percent))
    return text


def headline_figures(f: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, figure line) for each area of work, from the figures of a period."""
    return [
        (_("Tiếp công dân"), _("{sessions} lượt, {people} người, {groups} đoàn đông người").format(
            sessions=format_number(f["reception.sessions"]), people=format_number(f["reception.people"]),
            groups=format_number(f["reception.groups"]))),
        (_("Đơn thư"), _("nhận {received} đơn").format(received=format_number(f["petition.received"]))
         + (f"; {petition_resolution(f)}" if f["petition.in_jurisdiction"] else "")),
        (_("Đối thoại"), _("{count} cuộc, {participants} người tham dự, {opinions} ý kiến").format(
            count=format_number(f["dialogue.count"]), participants=format_number(f["dialogue.participants"]),
            opinions=format_number(f["dialogue.opinions"]))),
        (_("Tiếp xúc cử tri"), _("{count} hội nghị, {voters} lượt cử tri, {opinions} ý kiến").format(
            count=format_number(f["voter_meeting.count"]), voters=format_number(f["voter_meeting.voters"]),
            opinions=format_number(f["voter_meeting.opinions"]))),
        (_("Dân vận khéo"), _("{new} mô hình, điển hình mới; {maintained} đang duy trì; kinh phí {funding}").format(
            new=format_number(f["exemplary_model.new"]), maintained=format_number(f["exemplary_model.maintained"]),
            funding=format_money(f["exemplary_model.funding_vnd"]))),
        (_("Giám sát, phản biện"), _("{count} cuộc, {recommendations} kiến nghị, {accepted} được tiếp thu").format(
            count=format_number(f["supervision.count"]),
            recommendations=format_number(f["supervision.recommendations"]),
            accepted=format_number(f["supervision.accepted"]))),
        (_("Tuyên truyền, vận động"), _("{count} đợt, {sessions} buổi, {participants} lượt người").format(
            count=format_number(f["campaign.count"]), sessions=format_number(f["campaign.sessions"]),
            participants=format_number(f["campaign.participants"]))),
        (_("Dân chủ ở cơ sở"), _("{count} hoạt động").format(count=format_number(f["democracy.count"]))),
        (_("Người có uy tín"), _("{count} người").format(count=format_number(f["prestigious_person.active"]))),
        (_("Tình hình nhân dân"), _("{count} lần nắm tình hình, {upset} vấn đề bức xúc").format(
            count=format_number(f["public_opinion.count"]), upset=format_number(f["public_opinion.by_mood.buc_xuc"]))),
    ]  # fmt: skip
