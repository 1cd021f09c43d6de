"""Giám sát, phản biện xã hội, góp ý xây dựng Đảng, chính quyền.

Source: Quyết định 217-QĐ/TW and 218-QĐ/TW (2013): the Fatherland Front and the mass
organisations supervise, critique and comment.
"""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.rules import AtMost

SUPERVISION = Register(
    name="supervision",
    title=N_("Giám sát, phản biện xã hội, góp ý xây dựng Đảng, chính quyền"),
    short_title=N_("Giám sát, phản biện"),
    source="Quyết định 217-QĐ/TW, 218-QĐ/TW (2013)",
    icon="eye",
    date_field="date",
    summary_fields=("date", "organization", "subject"),
    counted_fields=("activity", "recommendations", "accepted"),
    list_fields=("date", "organization", "activity", "subject", "recommendations", "accepted"),
    fields=(
        Field("date", N_("Ngày thực hiện"), Kind.DATE, required=True),
        Field("organization", N_("Tổ chức thực hiện"), Kind.CHOICE, required=True, choices=choices(
            ("mttq", N_("Mặt trận Tổ quốc")),
            ("hoi_nong_dan", N_("Hội Nông dân")),
            ("hoi_phu_nu", N_("Hội Liên hiệp Phụ nữ")),
            ("doan_thanh_nien", N_("Đoàn Thanh niên")),
            ("hoi_cuu_chien_binh", N_("Hội Cựu chiến binh")),
            ("cong_doan", N_("Công đoàn")),
            ("ban_thanh_tra_nhan_dan", N_("Ban Thanh tra nhân dân")),
            ("ban_giam_sat_dau_tu", N_("Ban Giám sát đầu tư cộng đồng")),
        )),
        Field("activity", N_("Hoạt động"), Kind.CHOICE, required=True, choices=choices(
            ("giam_sat", N_("Giám sát")),
            ("phan_bien", N_("Phản biện xã hội")),
            ("gop_y", N_("Góp ý xây dựng Đảng, chính quyền")),
        )),
        Field("subject", N_("Nội dung, đối tượng"), Kind.TEXT, required=True),
        Field("recommendations", N_("Số kiến nghị"), Kind.COUNT),
        Field("accepted", N_("Số kiến nghị được tiếp thu"), Kind.COUNT),
        Field("result", N_("Kết quả"), Kind.LONG_TEXT),
    ),
    rules=(AtMost("accepted", "recommendations"),),
)
