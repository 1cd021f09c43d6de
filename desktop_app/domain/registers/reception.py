"""Sổ tiếp công dân: one row per citizen (or group) received.

Columns of Mẫu số 03, Thông tư 04/2021/TT-TTCP. Duty rules of Quy định 11-QĐi/TW as amended:
the commune Party secretary receives citizens at least 2 days a month, the chair of the
commune People's Committee at least 1 day a week.
"""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.rules import Equals, IdentityNumber, RequiredWhen

# A reception of this many people or more is a group delegation (đoàn đông người).
GROUP_SIZE = 5

HOST_ROLES = choices(
    ("bi_thu", N_("Bí thư Đảng ủy")),
    ("chu_tich_ubnd", N_("Chủ tịch UBND")),
    ("pho_chu_tich_ubnd", N_("Phó Chủ tịch UBND")),
    ("can_bo_tiep_dan", N_("Cán bộ tiếp công dân")),
    ("khac", N_("Khác")),
)

RECEPTION = Register(
    name="reception",
    title=N_("Sổ tiếp công dân"),
    short_title=N_("Tiếp công dân"),
    source="Mẫu số 03, Thông tư 04/2021/TT-TTCP; Quy định 11-QĐi/TW",
    icon="people",
    date_field="date",
    summary_fields=("date", "citizen_name", "classification"),
    counted_fields=("people_count", "classification"),
    list_fields=("date", "citizen_name", "people_count", "classification", "content", "host_role",
                 "action"),
    batch_fields=("date", "session_type", "host_role", "host_name"),
    fields=(
        Field("date", N_("Ngày tiếp"), Kind.DATE, required=True, not_future=True),
        Field("session_type", N_("Hình thức tiếp"), Kind.CHOICE, required=True, default="thuong_xuyen",
              choices=choices(("thuong_xuyen", N_("Thường xuyên")), ("dinh_ky", N_("Định kỳ")),
                              ("dot_xuat", N_("Đột xuất")))),
        Field("host_role", N_("Người chủ trì tiếp"), Kind.CHOICE, required=True, choices=HOST_ROLES),
        Field("host_name", N_("Họ tên người chủ trì"), Kind.TEXT, completes=True),
        Field("citizen_name", N_("Họ tên công dân"), Kind.TEXT, completes=True, required=True, sensitive=True),
        Field("citizen_id_number", N_("Số CCCD / hộ chiếu"), Kind.TEXT, sensitive=True, max_length=20,
              help=N_("12 chữ số (CCCD), 9 chữ số (CMND cũ) hoặc số hộ chiếu")),
        Field("citizen_address", N_("Địa chỉ"), Kind.TEXT, completes=True, sensitive=True),
        Field("people_count", N_("Số người"), Kind.COUNT, required=True, minimum=1, default=1),
        Field("content", N_("Nội dung vụ việc"), Kind.LONG_TEXT, required=True),
        Field("classification", N_("Phân loại"), Kind.CHOICE, required=True, choices=choices(
            ("khieu_nai", N_("Khiếu nại")), ("to_cao", N_("Tố cáo")), ("kien_nghi", N_("Kiến nghị")),
            ("phan_anh", N_("Phản ánh")), ("khac", N_("Khác")),
        )),
        Field("prior_handler", N_("Cơ quan đã giải quyết"), Kind.TEXT, completes=True),
        Field("action", N_("Hướng xử lý"), Kind.CHOICE, required=True, choices=choices(
            ("thu_ly", N_("Thụ lý")),
            ("tra_lai_huong_dan", N_("Trả lại đơn và hướng dẫn")),
            ("chuyen_don", N_("Chuyển đơn")),
            ("giai_thich", N_("Giải thích, hướng dẫn trực tiếp")),
        )),
        Field("transferred_to", N_("Chuyển đến cơ quan"), Kind.TEXT, completes=True),
        Field("follow_up", N_("Theo dõi kết quả"), Kind.TEXT),
    ),
    rules=(
        IdentityNumber("citizen_id_number"),
        RequiredWhen("transferred_to", Equals("action", "chuyen_don"),
                     N_("khi hướng xử lý là «Chuyển đơn»")),
    ),
)
