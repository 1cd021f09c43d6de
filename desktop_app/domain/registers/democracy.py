"""Thực hiện dân chủ ở cơ sở: what people are told, discuss and decide, comment on, supervise.

Source: Luật Thực hiện dân chủ ở cơ sở 2022 (10/2022/QH15).
"""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register

DEMOCRACY = Register(
    name="democracy",
    title=N_("Thực hiện dân chủ ở cơ sở"),
    short_title=N_("Dân chủ ở cơ sở"),
    source="Luật Thực hiện dân chủ ở cơ sở 2022 (10/2022/QH15)",
    icon="vote",
    date_field="date",
    summary_fields=("date", "kind", "content"),
    counted_fields=("kind",),
    list_fields=("date", "kind", "content", "form", "participants", "households", "agreement_percent"),
    fields=(
        Field("date", N_("Ngày"), Kind.DATE, required=True),
        Field("kind", N_("Nội dung"), Kind.CHOICE, required=True, choices=choices(
            ("cong_khai", N_("Công khai thông tin (dân biết)")),
            ("ban_quyet_dinh", N_("Dân bàn và quyết định")),
            ("tham_gia_y_kien", N_("Dân tham gia ý kiến")),
            ("kiem_tra_giam_sat", N_("Dân kiểm tra, giám sát")),
        )),
        Field("content", N_("Nội dung cụ thể"), Kind.TEXT, required=True),
        Field("form", N_("Hình thức"), Kind.CHOICE, choices=choices(
            ("hoi_nghi_thon", N_("Hội nghị thôn, tổ dân phố")),
            ("niem_yet", N_("Niêm yết")),
            ("loa", N_("Loa truyền thanh")),
            ("phieu_lay_y_kien", N_("Phiếu lấy ý kiến")),
            ("dien_tu", N_("Trang thông tin điện tử")),
        )),
        Field("participants", N_("Số người tham gia"), Kind.COUNT),
        Field("households", N_("Số hộ tham gia"), Kind.COUNT),
        Field("agreement_percent", N_("Tỷ lệ đồng thuận (%)"), Kind.NUMBER, minimum=0, maximum=100),
        Field("result", N_("Kết quả"), Kind.LONG_TEXT),
    ),
)
