"""The figures of a period in one line per area of work, as the home page and ``danvan
summary`` print them; the petitions' rate is said with its own denominator, in the same words
as the periodic report (the petitions in the unit's jurisdiction).
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain.l10n import _, format_money, format_number, format_percent
from desktop_app.domain.quantities import quantity


def petition_resolution(f: dict[str, Any]) -> str:
    """"đã giải quyết 3/24 đơn thuộc thẩm quyền (đạt 12,5%)": the settled petitions among those
    the unit may settle, never among all it received; "chưa giải quyết xong đơn nào" for none."""
    resolved, total = f["petition.resolved_in_jurisdiction"], f["petition.in_jurisdiction"]
    if not resolved:
        return _("chưa giải quyết xong đơn nào trong {total} thuộc thẩm quyền").format(total=quantity(total, "đơn"))
    text = _("đã giải quyết {resolved}/{total} thuộc thẩm quyền").format(
        resolved=format_number(resolved), total=quantity(total, "đơn")
    )
    percent = f.get("petition.resolved_percent")
    if percent is not None:
        text += _(" (đạt {percent})").format(percent=format_percent(percent))
    return text


def headline_figures(f: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, figure line) for each area of work, from the figures of a period; every count is
    said with its unit (domain/quantities.py)."""
    return [
        (_("Tiếp công dân"), _("{sessions}, {people}, {groups} đông người").format(
            sessions=quantity(f["reception.sessions"], "lượt"), people=quantity(f["reception.people"], "người"),
            groups=quantity(f["reception.groups"], "đoàn"))),
        (_("Đơn thư"), _("nhận {received}").format(received=quantity(f["petition.received"], "đơn"))
         + (f"; {petition_resolution(f)}" if f["petition.in_jurisdiction"] else "")),
        (_("Đối thoại"), _("{dialogues}, {participants} tham dự, {opinions}").format(
            dialogues=quantity(f["dialogue.count"], "cuộc"),
            participants=quantity(f["dialogue.participants"], "người"),
            opinions=quantity(f["dialogue.opinions"], "ý kiến"))),
        (_("Tiếp xúc cử tri"), _("{meetings}, {voters}, {opinions}").format(
            meetings=quantity(f["voter_meeting.count"], "hội nghị"),
            voters=quantity(f["voter_meeting.voters"], "lượt cử tri"),
            opinions=quantity(f["voter_meeting.opinions"], "ý kiến"))),
        (_("Dân vận khéo"), _("{new}, điển hình mới; {maintained} đang duy trì; kinh phí {funding}").format(
            new=quantity(f["exemplary_model.new"], "mô hình"),
            maintained=format_number(f["exemplary_model.maintained"]),
            funding=format_money(f["exemplary_model.funding_vnd"]))),
        (_("Giám sát, phản biện"), _("{supervisions}, {recommendations}, {accepted} được tiếp thu").format(
            supervisions=quantity(f["supervision.count"], "cuộc giám sát"),
            recommendations=quantity(f["supervision.recommendations"], "kiến nghị"),
            accepted=format_number(f["supervision.accepted"]))),
        (_("Tuyên truyền, vận động"), _("{campaigns}, {sessions}, {participants}").format(
            campaigns=quantity(f["campaign.count"], "đợt"), sessions=quantity(f["campaign.sessions"], "buổi"),
            participants=quantity(f["campaign.participants"], "lượt người"))),
        (_("Dân chủ ở cơ sở"), quantity(f["democracy.count"], "hoạt động")),
        (_("Người có uy tín"), quantity(f["prestigious_person.active"], "người")),
        (_("Tình hình nhân dân"), _("{reports} nắm tình hình, {upset}").format(
            reports=quantity(f["public_opinion.count"], "lượt"),
            upset=quantity(f["public_opinion.by_mood.buc_xuc"], "vấn đề bức xúc"))),
    ]  # fmt: skip
