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
from desktop_app.domain.l10n import N_, _, format_money, format_percent
from desktop_app.domain.periods import Period
from desktop_app.domain.quantities import quantity

Figures = dict[str, object]


@dataclass(frozen=True)
class Drafting:
    """What a draft sentence may use: the period, its figures, and the change from a year before."""

    period: Period
    figures: Figures
    changes: dict[str, float | None]

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

    def q(self, key: str, unit: str) -> str:
        """The figure ``key`` said with its unit: "3 đơn", "1 petition"."""
        return quantity(self.count(key), unit)

    def some_or_none(self, key: str, unit: str, some: str, none: str, **more: str) -> str:
        """``some`` with the figure ``key`` said with its unit as ``{n}``, or ``none`` when the
        figure is zero, so a clause never says "0 kiến nghị"; ``more`` fills both."""
        return some.format(n=self.q(key, unit), **more) if self.count(key) else none.format(**more)

    def breakdown(self, prefix: str, unit: str) -> str:
        """"khiếu nại 3 đơn, tố cáo 1 đơn": the non-zero choices of a per-choice figure."""
        parts = []
        for group in indicator_groups():
            for item in group.indicators:
                if item.key.startswith(prefix + ".") and self.count(item.key):
                    label = item.display_label
                    parts.append(_("{label} {quantity}").format(label=f"{label[:1].lower()}{label[1:]}",
                                                                quantity=self.q(item.key, unit)))  # fmt: skip
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


# Each sentence says a count with its unit (domain/quantities.py), so that English has "1 petition"
# and "3 petitions"; a clause whose figure is zero is left out or said as none.


def _opinion(d: Drafting) -> list[str]:
    if not d.count("public_opinion.count"):
        return []
    sentence = _("{within}, đã nắm và tổng hợp {reports} tình hình nhân dân").format(
        within=d.within, reports=d.q("public_opinion.count", "lượt")
    )
    moods = d.breakdown("public_opinion.by_mood", "lượt")
    return [sentence + (_(", trong đó: {parts}").format(parts=moods) if moods else "") + "."]


def _government(d: Drafting) -> list[str]:
    sentences = []
    if d.count("reception.sessions"):
        text = _("{within}, đã tiếp {sessions} công dân").format(
            within=d.within, sessions=d.q("reception.sessions", "lượt")
        )
        if d.count("reception.people"):
            text += _(" với {people}").format(people=d.q("reception.people", "người"))
        if d.count("reception.groups"):
            text += _(", trong đó có {groups} đông người").format(groups=d.q("reception.groups", "đoàn"))
        sentences.append(text + d.comparison("reception.sessions") + ".")
    if d.count("dialogue.count"):
        text = _("Tổ chức {dialogues} trực tiếp với Nhân dân").format(dialogues=d.q("dialogue.count", "cuộc đối thoại"))
        if d.count("dialogue.participants"):
            text += _(", có {people} tham dự").format(people=d.q("dialogue.participants", "người"))
        if d.count("dialogue.opinions"):
            text += _(", {opinions}").format(opinions=d.q("dialogue.opinions", "ý kiến, kiến nghị"))
            text += d.some_or_none("dialogue.answered_on_spot", "ý kiến", _("; đã giải đáp tại chỗ {n}"),
                                   _("; chưa có ý kiến nào được giải đáp tại chỗ"))  # fmt: skip
        sentences.append(text + ".")
    if d.count("petition.received"):
        text = _("Tiếp nhận {petitions}").format(petitions=d.q("petition.received", "đơn thư"))
        text += d.comparison("petition.received")
        kinds = d.breakdown("petition.by_kind", "đơn")
        if kinds:
            text += _(" (gồm {parts})").format(parts=kinds)
        if d.count("petition.in_jurisdiction"):
            text += "; " + petition_resolution(d.figures)
        sentences.append(text + ".")
    if d.count("petition.overdue"):
        sentences.append(_("Còn {petitions} quá hạn chưa giải quyết.").format(
            petitions=d.q("petition.overdue", "đơn")))  # fmt: skip
    return sentences


def _front(d: Drafting) -> list[str]:
    sentences = []
    if d.count("supervision.count"):
        text = _("Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đã tổ chức {supervisions}, phản biện xã hội, "
                 "góp ý").format(supervisions=d.q("supervision.count", "cuộc giám sát"))  # fmt: skip
        activities = d.breakdown("supervision.by_activity", "cuộc")
        if activities:
            text += f" ({activities})"
        if d.count("supervision.recommendations"):
            text += _(", đưa ra {recommendations}").format(
                recommendations=d.q("supervision.recommendations", "kiến nghị"))  # fmt: skip
            text += d.some_or_none("supervision.accepted", "kiến nghị", _(", trong đó {n} được tiếp thu"),
                                   _(", chưa có kiến nghị nào được tiếp thu"))  # fmt: skip
        sentences.append(text + ".")
    if d.count("voter_meeting.count"):
        text = _("Phối hợp tổ chức {meetings} tiếp xúc cử tri").format(meetings=d.q("voter_meeting.count", "hội nghị"))
        if d.count("voter_meeting.voters"):
            text += _(" với {voters} tham dự").format(voters=d.q("voter_meeting.voters", "lượt cử tri"))
        if d.count("voter_meeting.opinions"):
            text += _(", {opinions}").format(opinions=d.q("voter_meeting.opinions", "ý kiến, kiến nghị"))
        sentences.append(text + ".")
    return sentences


def _democracy(d: Drafting) -> list[str]:
    if not d.count("democracy.count"):
        return []
    text = _("{within}, đã tổ chức {activities} thực hiện dân chủ ở cơ sở").format(
        within=d.within, activities=d.q("democracy.count", "hoạt động")
    )
    kinds = d.breakdown("democracy.by_kind", "hoạt động")
    return [text + (f" ({kinds})" if kinds else "") + "."]


def _models(d: Drafting) -> list[str]:
    if d.count("exemplary_model.maintained"):
        text = _('Đã xây dựng và duy trì được {models}, điển hình "Dân vận khéo"').format(
            models=d.q("exemplary_model.maintained", "mô hình")
        )
        if d.count("exemplary_model.new"):
            text += _(", trong đó {period} xây dựng được {new}").format(
                period=d.period.label, new=d.q("exemplary_model.new", "mô hình")
            )
            text += d.comparison("exemplary_model.new")
    elif d.count("exemplary_model.new"):
        text = _('{within}, đã xây dựng mới {n}, điển hình "Dân vận khéo"').format(
            within=d.within, n=d.q("exemplary_model.new", "mô hình")
        ) + d.comparison("exemplary_model.new")
    else:
        return []
    if d.count("exemplary_model.funding_vnd"):
        text += _("; hỗ trợ {money} cho các mô hình mới").format(
            money=format_money(d.count("exemplary_model.funding_vnd"))
        )
    if d.count("exemplary_model.recognized"):
        text += _("; {models}, điển hình được công nhận").format(models=d.q("exemplary_model.recognized", "mô hình"))
    return [text + "."]


def _ethnic(d: Drafting) -> list[str]:
    if not d.count("prestigious_person.active"):
        return []
    return [_("Hiện có {persons} có uy tín đang phát huy vai trò trong cộng đồng dân cư.").format(
        persons=d.q("prestigious_person.active", "người"))]  # fmt: skip


def _propaganda(d: Drafting) -> list[str]:
    if not d.count("campaign.count"):
        return []
    text = _("Tổ chức {campaigns} tuyên truyền, vận động").format(campaigns=d.q("campaign.count", "đợt"))
    if d.count("campaign.sessions"):
        text += _(" với {sessions}").format(sessions=d.q("campaign.sessions", "buổi"))
    if d.count("campaign.participants"):
        text += _(", thu hút {people} tham gia").format(people=d.q("campaign.participants", "lượt người"))
    return [text + "."]


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
