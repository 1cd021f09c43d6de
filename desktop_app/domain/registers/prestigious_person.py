"""Người có uy tín: respected persons in ethnic-minority communities.

Source: Quyết định 12/2018/QĐ-TTg. The whole record is sensitive (ethnicity, religion).
"""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.reference import ETHNIC_GROUPS, RELIGIONS
from desktop_app.domain.register import Register

PRESTIGIOUS_PERSON = Register(
    name="prestigious_person",
    title=N_("Người có uy tín trong đồng bào dân tộc thiểu số"),
    short_title=N_("Người có uy tín"),
    source="Quyết định 12/2018/QĐ-TTg",
    icon="person",
    summary_fields=("full_name", "role"),
    counted_fields=("active", "recognized_year"),
    list_fields=("full_name", "birth_year", "gender", "ethnicity", "religion", "role", "active"),
    fields=(
        Field("full_name", N_("Họ và tên"), Kind.TEXT, completes=True, required=True, sensitive=True),
        Field("birth_year", N_("Năm sinh"), Kind.YEAR, minimum=1900, not_future=True),
        Field("gender", N_("Giới tính"), Kind.CHOICE, choices=choices(("nam", N_("Nam")), ("nu", N_("Nữ")))),
        Field("ethnicity", N_("Dân tộc"), Kind.CHOICE, sensitive=True, choices=ETHNIC_GROUPS),
        Field("religion", N_("Tôn giáo"), Kind.CHOICE, sensitive=True, choices=RELIGIONS),
        Field("role", N_("Vai trò"), Kind.CHOICE, required=True, choices=choices(
            ("gia_lang", N_("Già làng")),
            ("truong_dong_ho", N_("Trưởng dòng họ")),
            ("chuc_sac", N_("Chức sắc, chức việc tôn giáo")),
            ("truong_thon", N_("Trưởng thôn, bản")),
            ("nhan_si", N_("Nhân sĩ, trí thức")),
            ("khac", N_("Khác")),
        )),
        Field("recognized_year", N_("Năm được công nhận"), Kind.YEAR, minimum=1990, not_future=True),
        Field("decision_number", N_("Số quyết định công nhận"), Kind.TEXT),
        Field("phone", N_("Điện thoại"), Kind.TEXT, sensitive=True, max_length=20),
        Field("support", N_("Chế độ, hỗ trợ đã nhận"), Kind.TEXT),
        Field("active", N_("Đang là người có uy tín"), Kind.YES_NO, default=True),
    ),
)
