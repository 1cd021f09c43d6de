"""Reference lists the program ships: the 54 ethnic groups and the recognised religions."""

from __future__ import annotations

from desktop_app.domain.fields import Choice
from desktop_app.domain.l10n import N_

# Danh mục các dân tộc Việt Nam, Quyết định 121-TCTK/PPCĐ (1979) of the General Statistics
# Office, with its codes 01–54, as used by the censuses.
ETHNIC_GROUPS: tuple[Choice, ...] = tuple(
    Choice(f"{number:02d}", label)
    for number, label in enumerate(
        (
            N_("Kinh"), N_("Tày"), N_("Thái"), N_("Hoa"), N_("Khơ-me"), N_("Mường"),
            N_("Nùng"), N_("Hmông"), N_("Dao"), N_("Gia-rai"), N_("Ngái"), N_("Ê-đê"),
            N_("Ba-na"), N_("Xơ-đăng"), N_("Sán Chay"), N_("Cơ-ho"), N_("Chăm"),
            N_("Sán Dìu"), N_("Hrê"), N_("Mnông"), N_("Ra-glai"), N_("Xtiêng"),
            N_("Bru-Vân Kiều"), N_("Thổ"), N_("Giáy"), N_("Cơ-tu"), N_("Gié-Triêng"),
            N_("Mạ"), N_("Khơ-mú"), N_("Co"), N_("Tà-ôi"), N_("Chơ-ro"), N_("Kháng"),
            N_("Xinh-mun"), N_("Hà Nhì"), N_("Chu-ru"), N_("Lào"), N_("La Chí"),
            N_("La Ha"), N_("Phù Lá"), N_("La Hủ"), N_("Lự"), N_("Lô Lô"), N_("Chứt"),
            N_("Mảng"), N_("Pà Thẻn"), N_("Cờ Lao"), N_("Cống"), N_("Bố Y"), N_("Si La"),
            N_("Pu Péo"), N_("Brâu"), N_("Ơ-đu"), N_("Rơ-măm"),
        ),
        start=1,
    )
)

# Religions recognised and registered in Viet Nam (Luật Tín ngưỡng, tôn giáo 2016; the list
# kept by Ban Tôn giáo Chính phủ), and "Không" for a person who follows none.
RELIGIONS: tuple[Choice, ...] = (
    Choice("khong", N_("Không")),
    Choice("phat_giao", N_("Phật giáo")),
    Choice("cong_giao", N_("Công giáo")),
    Choice("tin_lanh", N_("Tin lành")),
    Choice("cao_dai", N_("Cao Đài")),
    Choice("phat_giao_hoa_hao", N_("Phật giáo Hòa Hảo")),
    Choice("hoi_giao", N_("Hồi giáo")),
    Choice("bahai", N_("Tôn giáo Baha'i")),
    Choice("tinh_do_cu_si", N_("Tịnh độ Cư sĩ Phật hội Việt Nam")),
    Choice("co_doc_phuc_lam", N_("Cơ đốc Phục lâm Việt Nam")),
    Choice("tu_an_hieu_nghia", N_("Phật giáo Tứ Ân Hiếu Nghĩa")),
    Choice("minh_su_dao", N_("Minh Sư đạo")),
    Choice("minh_ly_dao", N_("Minh Lý đạo - Tam Tông Miếu")),
    Choice("ba_la_mon", N_("Bà-la-môn giáo")),
    Choice("mac_mon", N_("Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ki-tô (Mặc Môn)")),
    Choice("hieu_nghia_ta_lon", N_("Phật giáo Hiếu Nghĩa Tà Lơn")),
    Choice("phuc_lam", N_("Giáo hội Phục lâm Việt Nam")),
    Choice("khac", N_("Tôn giáo khác")),
)
