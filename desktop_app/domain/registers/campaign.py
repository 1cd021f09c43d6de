"""Tuyên truyền, vận động: campaigns, donation drives and land clearance (giải phóng mặt bằng).

A campaign belongs to every period its [start, end] overlaps.
"""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.rules import AtMost, NotBefore

CAMPAIGN = Register(
    name="campaign",
    title=N_("Tuyên truyền, vận động"),
    short_title=N_("Tuyên truyền, vận động"),
    source="Báo cáo kết quả công tác dân vận (các đợt tuyên truyền, vận động)",
    icon="flag",
    date_field="start_date",
    end_field="end_date",
    summary_fields=("name", "start_date"),
    counted_fields=("end_date", "sessions", "participants"),
    list_fields=("name", "kind", "start_date", "end_date", "sessions", "participants", "achieved"),
    fields=(
        Field("name", N_("Tên đợt, chủ đề"), Kind.TEXT, required=True),
        Field("kind", N_("Loại"), Kind.CHOICE, required=True, choices=choices(
            ("tuyen_truyen", N_("Tuyên truyền")),
            ("van_dong", N_("Vận động")),
            ("giai_phong_mat_bang", N_("Giải phóng mặt bằng")),
            ("an_sinh", N_("An sinh xã hội, quyên góp")),
        )),
        Field("start_date", N_("Từ ngày"), Kind.DATE, required=True),
        Field("end_date", N_("Đến ngày"), Kind.DATE),
        Field("methods", N_("Hình thức"), Kind.MULTI_CHOICE, choices=choices(
            ("hoi_nghi", N_("Hội nghị")),
            ("loa_truyen_thanh", N_("Loa truyền thanh")),
            ("niem_yet", N_("Niêm yết")),
            ("hop_to_dan", N_("Họp tổ dân")),
            ("mang_xa_hoi", N_("Mạng xã hội")),
            ("den_tung_nha", N_("Đến từng hộ")),
        )),
        Field("sessions", N_("Số buổi"), Kind.COUNT),
        Field("participants", N_("Số lượt người"), Kind.COUNT),
        Field("target", N_("Chỉ tiêu"), Kind.COUNT),
        Field("achieved", N_("Kết quả đạt"), Kind.COUNT),
        Field("measure", N_("Đơn vị tính"), Kind.TEXT, completes=True, max_length=30, help=N_("hộ, người, lượt, đồng")),
        Field("households_affected", N_("Số hộ bị ảnh hưởng"), Kind.COUNT),
        Field("households_agreed", N_("Số hộ đồng thuận"), Kind.COUNT),
        Field("households_handed_over", N_("Số hộ bàn giao mặt bằng"), Kind.COUNT),
        Field("result", N_("Kết quả"), Kind.LONG_TEXT),
    ),
    rules=(
        NotBefore("end_date", "start_date"),
        AtMost("households_agreed", "households_affected"),
        AtMost("households_handed_over", "households_agreed"),
    ),
)
