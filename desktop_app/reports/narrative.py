"""The outline of the periodic report and the first draft of each results paragraph, written
from the figures of the period in the sentences reports use:

    "Trong quý I năm 2024, đã tiếp 71 lượt công dân với 98 người (giảm 25,5% so với cùng kỳ
    năm 2023)."

Staff edit the drafts before printing; the edited text is what the report keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.domain.headlines import petition_resolution
from desktop_app.domain.indicators import indicator_groups
from desktop_app.domain.l10n import N_, _, format_money, format_number, format_percent
from desktop_app.domain.periods import Period

Figures = dict[str, object]


@dataclass(frozen=True)
class Drafting:
    """What a draft sentence may use: the period, its figures, and the change from a year before."""

    period: Period
    figures: Figures
    changes: dict[str, float | None]

    def n(self, key: str) -> str:
        return format_number(self.count(key))

    def count(self, key: str) -> int:
        value = self.figures.get(key)
        return int(value) if isinstance(value, int | float) else 0

    @property
    def within(self) -> str:
        """"Trong quý I năm 2024"."""
        return _("Trong {period}").format(period=self.period.label)

    def comparison(self, key: str) -> str:
        """" (giảm 25,5% so với cùng kỳ năm 2023)", or nothing when there is nothing to compare."""
        change = self.changes.get(key)
        if change is None:
            return ""
        year = self.period.previous_year().start.year
        whole_year = self.period.kind == "year"
        if change == 0:
            same = _("bằng năm {year}") if whole_year else _("bằng cùng kỳ năm {year}")
            return f" ({same.format(year=year)})"
        against = (_("so với năm {year}") if whole_year else _("so với cùng kỳ năm {year}")).format(year=year)
        if change > 0:
            what = _("tăng {percent}").format(percent=format_percent(change))
        else:
            what = _("giảm {percent}").format(percent=format_percent(-change))
        return f" ({what} {against})"

    def breakdown(self, prefix: str, unit: str) -> str:
        """"khiếu nại 3 đơn, tố cáo 1 đơn": the non-zero choices of a per-choice figure."""
        parts = []
        for group in indicator_groups():
            for item in group.indicators:
                if item.key.startswith(prefix + ".") and self.count(item.key):
                    label = item.display_label
                    parts.append(f"{label[:1].lower()}{label[1:]} {self.n(item.key)} {unit}")
        return ", ".join(parts)


Drafter = Callable[[Drafting], list[str]]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str  # N_ marked
    level: int  # 1: I., II. …; 2: 1., 2. … under "I. Kết quả"
    drafter: Drafter | None = None  # None: written by staff only

    @property
    def display_heading(self) -> str:
        return _(self.heading)


def _opinion(d: Drafting) -> list[str]:
    if not d.count("public_opinion.count"):
        return []
    sentence = _("{within}, đã nắm và tổng hợp {count} lượt tình hình nhân dân").format(
        within=d.within, count=d.n("public_opinion.count")
    )
    moods = d.breakdown("public_opinion.by_mood", _("lượt"))
    return [sentence + (_(", trong đó: {parts}").format(parts=moods) if moods else "") + "."]


def _government(d: Drafting) -> list[str]:
    sentences = []
    if d.count("reception.sessions"):
        text = _("{within}, đã tiếp {sessions} lượt công dân với {people} người").format(
            within=d.within, sessions=d.n("reception.sessions"), people=d.n("reception.people")
        )
        if d.count("reception.groups"):
            text += _(", trong đó có {groups} đoàn đông người").format(groups=d.n("reception.groups"))
        sentences.append(text + d.comparison("reception.sessions") + ".")
    if d.count("dialogue.count"):
        sentences.append(_(
            "Tổ chức {count} cuộc đối thoại trực tiếp với Nhân dân, có {people} người tham dự, {opinions} ý kiến, "
            "kiến nghị; đã giải đáp tại chỗ {answered} ý kiến."
        ).format(count=d.n("dialogue.count"), people=d.n("dialogue.participants"),
                 opinions=d.n("dialogue.opinions"), answered=d.n("dialogue.answered_on_spot")))  # fmt: skip
    if d.count("petition.received"):
        text = _("Tiếp nhận {count} đơn thư").format(count=d.n("petition.received"))
        text += d.comparison("petition.received")
        kinds = d.breakdown("petition.by_kind", _("đơn"))
        if kinds:
            text += _(" (gồm {parts})").format(parts=kinds)
        if d.count("petition.in_jurisdiction"):
            text += "; " + petition_resolution(d.figures)
        sentences.append(text + ".")
    if d.count("petition.overdue"):
        sentences.append(_("Còn {count} đơn quá hạn chưa giải quyết.").format(count=d.n("petition.overdue")))
    return sentences


def _front(d: Drafting) -> list[str]:
    sentences = []
    if d.count("supervision.count"):
        text = _(
            "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đã tổ chức {count} cuộc giám sát, phản biện xã hội, "
            "góp ý"
        ).format(count=d.n("supervision.count"))
        activities = d.breakdown("supervision.by_activity", _("cuộc"))
        if activities:
            text += f" ({activities})"
        if d.count("supervision.recommendations"):
            text += _(", đưa ra {count} kiến nghị, trong đó {accepted} kiến nghị được tiếp thu").format(
                count=d.n("supervision.recommendations"), accepted=d.n("supervision.accepted")
            )
        sentences.append(text + ".")
    if d.count("voter_meeting.count"):
        sentences.append(_(
            "Phối hợp tổ chức {count} hội nghị tiếp xúc cử tri với {voters} lượt cử tri tham dự và {opinions} ý kiến, "
            "kiến nghị."
        ).format(count=d.n("voter_meeting.count"), voters=d.n("voter_meeting.voters"),
                 opinions=d.n("voter_meeting.opinions")))  # fmt: skip
    return sentences


def _democracy(d: Drafting) -> list[str]:
    if not d.count("democracy.count"):
        return []
    text = _("{within}, đã tổ chức {count} hoạt động thực hiện dân chủ ở cơ sở").format(
        within=d.within, count=d.n("democracy.count")
    )
    kinds = d.breakdown("democracy.by_kind", _("hoạt động"))
    return [text + (f" ({kinds})" if kinds else "") + "."]


def _models(d: Drafting) -> list[str]:
    if not (d.count("exemplary_model.maintained") or d.count("exemplary_model.new")):
        return []
    text = _('Đã xây dựng và duy trì được {maintained} mô hình, điển hình "Dân vận khéo"').format(
        maintained=d.n("exemplary_model.maintained")
    )
    if d.count("exemplary_model.new"):
        text += _(", trong đó {period} xây dựng được {count} mô hình").format(
            period=d.period.label, count=d.n("exemplary_model.new")
        )
        text += d.comparison("exemplary_model.new")
    if d.count("exemplary_model.funding_vnd"):
        text += _("; hỗ trợ {money} cho các mô hình mới").format(
            money=format_money(d.count("exemplary_model.funding_vnd"))
        )
    if d.count("exemplary_model.recognized"):
        text += _("; {count} mô hình, điển hình được công nhận").format(count=d.n("exemplary_model.recognized"))
    return [text + "."]


def _ethnic(d: Drafting) -> list[str]:
    if not d.count("prestigious_person.active"):
        return []
    return [_("Hiện có {count} người có uy tín đang phát huy vai trò trong cộng đồng dân cư.").format(
        count=d.n("prestigious_person.active"))]  # fmt: skip


def _propaganda(d: Drafting) -> list[str]:
    if not d.count("campaign.count"):
        return []
    sentence = _(
        "Tổ chức {count} đợt tuyên truyền, vận động với {sessions} buổi, thu hút {people} lượt người tham gia."
    )
    return [sentence.format(count=d.n("campaign.count"), sessions=d.n("campaign.sessions"),
                            people=d.n("campaign.participants"))]  # fmt: skip


SECTIONS: tuple[Section, ...] = (
    Section("results", N_("I. KẾT QUẢ THỰC HIỆN"), 1),
    Section("leadership", N_("1. Công tác lãnh đạo, chỉ đạo"), 2),
    Section("public_opinion", N_("2. Công tác nắm tình hình nhân dân"), 2, _opinion),
    Section("government", N_("3. Công tác dân vận chính quyền"), 2, _government),
    Section("front", N_("4. Hoạt động của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội"), 2, _front),
    Section("democracy", N_("5. Thực hiện dân chủ ở cơ sở"), 2, _democracy),
    Section("models", N_('6. Phong trào thi đua "Dân vận khéo"'), 2, _models),
    Section("ethnic", N_("7. Công tác dân tộc, tôn giáo, người có uy tín"), 2, _ethnic),
    Section("propaganda", N_("8. Công tác tuyên truyền, vận động"), 2, _propaganda),
    Section("limits", N_("II. HẠN CHẾ, NGUYÊN NHÂN"), 1),
    Section("tasks", N_("III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"), 1),
    Section("proposals", N_("IV. KIẾN NGHỊ, ĐỀ XUẤT"), 1),
)
EDITABLE_SECTIONS = tuple(s for s in SECTIONS if s.key != "results")
NO_DATA = N_("Trong kỳ, sổ theo dõi chưa ghi nhận số liệu về nội dung này.")


def draft_sections(period: Period, figures: Figures, changes: dict[str, float | None]) -> dict[str, str]:
    """The first draft of every editable section: sentences from the figures, or nothing for
    the sections only staff can write (leadership, limits, tasks, proposals)."""
    drafting = Drafting(period, figures, changes)
    drafts = {}
    for section in EDITABLE_SECTIONS:
        if section.drafter is None:
            drafts[section.key] = ""
        else:
            drafts[section.key] = " ".join(section.drafter(drafting)) or _(NO_DATA)
    return drafts
