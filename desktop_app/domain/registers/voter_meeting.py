"""Tiếp xúc cử tri: meetings of elected deputies with voters, before or after a session."""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.rules import AtMost, SumAtMost

FORWARDED = ("answered_at_meeting", "forwarded_commune", "forwarded_province", "forwarded_central")

VOTER_MEETING = Register(
    name="voter_meeting",
    title=N_("Tiếp xúc cử tri"),
    short_title=N_("Tiếp xúc cử tri"),
    source="Luật Tổ chức Quốc hội; Luật Tổ chức chính quyền địa phương",
    icon="megaphone",
    date_field="date",
    summary_fields=("date", "kind", "body"),
    counted_fields=("voters", "opinions"),
    list_fields=("date", "kind", "body", "venue", "voters", "opinions", "answered_at_meeting"),
    fields=(
        Field("date", N_("Ngày tiếp xúc"), Kind.DATE, required=True),
        Field("kind", N_("Hình thức"), Kind.CHOICE, required=True, choices=choices(
            ("truoc_ky_hop", N_("Trước kỳ họp")),
            ("sau_ky_hop", N_("Sau kỳ họp")),
            ("chuyen_de", N_("Chuyên đề")),
        )),
        Field("body", N_("Đại biểu của"), Kind.CHOICE, required=True, choices=choices(
            ("quoc_hoi", N_("Quốc hội")),
            ("hdnd_tinh", N_("HĐND tỉnh")),
            ("hdnd_huyen", N_("HĐND huyện (trước 7/2025)")),
            ("hdnd_xa", N_("HĐND xã")),
        )),
        Field("delegates", N_("Đại biểu tham dự"), Kind.TEXT, completes=True),
        Field("venue", N_("Địa điểm"), Kind.TEXT, completes=True),
        Field("voters", N_("Số cử tri tham dự"), Kind.COUNT, required=True),
        Field("opinions", N_("Số ý kiến, kiến nghị"), Kind.COUNT, required=True),
        Field("answered_at_meeting", N_("Giải trình tại hội nghị"), Kind.COUNT),
        Field("forwarded_commune", N_("Chuyển cấp xã"), Kind.COUNT),
        Field("forwarded_province", N_("Chuyển cấp tỉnh"), Kind.COUNT),
        Field("forwarded_central", N_("Chuyển Trung ương"), Kind.COUNT),
        Field("main_issues", N_("Nội dung chủ yếu"), Kind.LONG_TEXT),
    ),
    rules=(
        AtMost("answered_at_meeting", "opinions"),
        SumAtMost(FORWARDED, "opinions"),
    ),
)
