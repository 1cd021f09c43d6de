"""The indicators a statistics annex prints: each figure of a period with its Vietnamese
label and unit, grouped by area of work in the order of the periodic report's outline.

Per-choice figures (``petition.by_kind.to_cao``) take their labels from the register's
choices, so a new choice appears in the annex with no edit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from desktop_app.domain.l10n import N_, _
from desktop_app.domain.registers import BY_NAME


@dataclass(frozen=True)
class Indicator:
    key: str  # a key of the figures of a period
    label: str  # Vietnamese, N_ marked (or a choice label)
    unit: str  # N_ marked
    indent: bool = False  # a breakdown of the indicator above it

    @property
    def display_label(self) -> str:
        return _(self.label)

    @property
    def display_unit(self) -> str:
        return _(self.unit)

    @property
    def is_percent(self) -> bool:
        return self.key.endswith("_percent")

    @property
    def is_money(self) -> bool:
        return self.key.endswith("_vnd")


@dataclass(frozen=True)
class IndicatorGroup:
    title: str  # N_ marked
    indicators: tuple[Indicator, ...]

    @property
    def display_title(self) -> str:
        return _(self.title)


def _by_choice(prefix: str, register: str, field: str, unit: str) -> tuple[Indicator, ...]:
    choices = BY_NAME[register].field(field).choices
    return tuple(Indicator(f"{prefix}.{c.code}", c.label, unit, indent=True) for c in choices)


@cache
def indicator_groups() -> tuple[IndicatorGroup, ...]:
    """Every indicator, grouped as the annex prints them (labels are translated when shown,
    so one tuple serves every language)."""
    times, people, petitions, meetings = N_("lượt"), N_("người"), N_("đơn"), N_("cuộc")
    opinions, models = N_("ý kiến"), N_("mô hình")
    return (
        IndicatorGroup(N_("Nắm tình hình nhân dân"), (
            Indicator("public_opinion.count", N_("Số lượt nắm tình hình nhân dân"), times),
            *_by_choice("public_opinion.by_mood", "public_opinion", "mood", times),
        )),
        IndicatorGroup(N_("Tiếp công dân"), (
            Indicator("reception.sessions", N_("Số lượt tiếp công dân"), times),
            Indicator("reception.people", N_("Số người được tiếp"), people),
            Indicator("reception.groups", N_("Số đoàn đông người"), N_("đoàn")),
            *_by_choice("reception.by_classification", "reception", "classification", times),
        )),
        IndicatorGroup(N_("Đối thoại trực tiếp"), (
            Indicator("dialogue.count", N_("Số cuộc đối thoại"), meetings),
            Indicator("dialogue.participants", N_("Số người tham dự"), people),
            Indicator("dialogue.opinions", N_("Số ý kiến, kiến nghị"), opinions),
            Indicator("dialogue.answered_on_spot", N_("Số ý kiến được giải đáp tại chỗ"), opinions),
        )),
        IndicatorGroup(N_("Tiếp nhận, giải quyết đơn thư"), (
            Indicator("petition.received", N_("Số đơn thư tiếp nhận"), petitions),
            *_by_choice("petition.by_kind", "petition", "kind", petitions),
            Indicator("petition.in_jurisdiction", N_("Số đơn thuộc thẩm quyền"), petitions),
            Indicator("petition.resolved", N_("Số đơn đã giải quyết"), petitions),
            Indicator("petition.resolved_in_jurisdiction", N_("Số đơn thuộc thẩm quyền đã giải quyết"), petitions),
            Indicator("petition.resolved_percent", N_("Tỷ lệ giải quyết đơn thuộc thẩm quyền"), N_("%")),
            Indicator("petition.overdue", N_("Số đơn quá hạn chưa giải quyết"), petitions),
            Indicator("petition.due_soon", N_("Số đơn sắp đến hạn"), petitions),
            Indicator("petition.on_time", N_("Số đơn đang giải quyết trong hạn"), petitions),
        )),
        IndicatorGroup(N_("Giám sát, phản biện xã hội, góp ý"), (
            Indicator("supervision.count", N_("Số cuộc giám sát, phản biện, góp ý"), meetings),
            *_by_choice("supervision.by_activity", "supervision", "activity", meetings),
            Indicator("supervision.recommendations", N_("Số kiến nghị"), N_("kiến nghị")),
            Indicator("supervision.accepted", N_("Số kiến nghị được tiếp thu"), N_("kiến nghị")),
        )),
        IndicatorGroup(N_("Tiếp xúc cử tri"), (
            Indicator("voter_meeting.count", N_("Số hội nghị tiếp xúc cử tri"), N_("hội nghị")),
            Indicator("voter_meeting.voters", N_("Số lượt cử tri tham dự"), times),
            Indicator("voter_meeting.opinions", N_("Số ý kiến, kiến nghị của cử tri"), opinions),
        )),
        IndicatorGroup(N_("Thực hiện dân chủ ở cơ sở"), (
            Indicator("democracy.count", N_("Số hoạt động thực hiện dân chủ ở cơ sở"), N_("hoạt động")),
            *_by_choice("democracy.by_kind", "democracy", "kind", N_("hoạt động")),
        )),
        IndicatorGroup(N_('Phong trào thi đua "Dân vận khéo"'), (
            Indicator("exemplary_model.new", N_("Số mô hình, điển hình xây dựng mới"), models),
            *_by_choice("exemplary_model.new_by_field", "exemplary_model", "field", models),
            Indicator("exemplary_model.recognized", N_("Số mô hình, điển hình được công nhận"), models),
            Indicator("exemplary_model.maintained", N_("Số mô hình, điển hình đang duy trì"), models),
            Indicator("exemplary_model.funding_vnd", N_("Kinh phí hỗ trợ mô hình mới"), N_("đồng")),
        )),
        IndicatorGroup(N_("Dân tộc, tôn giáo, người có uy tín"), (
            Indicator("prestigious_person.active", N_("Số người có uy tín"), people),
        )),
        IndicatorGroup(N_("Tuyên truyền, vận động"), (
            Indicator("campaign.count", N_("Số đợt tuyên truyền, vận động"), N_("đợt")),
            Indicator("campaign.sessions", N_("Số buổi tuyên truyền"), N_("buổi")),
            Indicator("campaign.participants", N_("Số lượt người tham gia"), times),
        )),
    )  # fmt: skip


# The columns of a consolidated annex: one row per unit, the indicators a province compares.
CONSOLIDATED_KEYS = (
    "reception.sessions",
    "reception.people",
    "petition.received",
    "petition.resolved",
    "petition.resolved_percent",
    "petition.overdue",
    "dialogue.count",
    "voter_meeting.count",
    "supervision.count",
    "democracy.count",
    "exemplary_model.new",
    "exemplary_model.maintained",
    "campaign.count",
)

# Figures that count what happened in a period (not what stands at its end): a unit with
# none of them has sent no data for the period.
ACTIVITY_KEYS = (
    "reception.sessions",
    "petition.received",
    "dialogue.count",
    "voter_meeting.count",
    "exemplary_model.new",
    "exemplary_model.recognized",
    "supervision.count",
    "campaign.count",
    "democracy.count",
    "public_opinion.count",
)

# Figures that each count a register's records of a period, as its list shows them for the
# period: their sum is how many records a unit has in the period.
RECORD_KEYS = tuple(key for key in ACTIVITY_KEYS if key != "exemplary_model.recognized")


@cache
def _by_key() -> dict[str, Indicator]:
    return {item.key: item for group in indicator_groups() for item in group.indicators}


def indicator(key: str) -> Indicator:
    return _by_key()[key]
