"""Mô hình, điển hình "Dân vận khéo": collective models and exemplary individuals.

Sources: registration items of Công văn 249/MTTQ-BTT (Thanh Khê, 2026); the fields every
provincial guide uses; counts per year as the news reports them.
"""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.rules import Equals, NotBefore, RequiredWhen

RECOGNISED = Equals("status", "cong_nhan")
WHEN_RECOGNISED = N_("khi trạng thái là «Được công nhận»")

EXEMPLARY_MODEL = Register(
    name="exemplary_model",
    title=N_('Mô hình, điển hình "Dân vận khéo"'),
    short_title=N_("Dân vận khéo"),
    source="Công văn 249/MTTQ-BTT (2026); hướng dẫn phong trào thi đua \"Dân vận khéo\"",
    icon="star",
    date_field="start_date",
    summary_fields=("name", "kind"),
    counted_fields=("kind", "field", "status", "recognition_date", "end_date", "funding_vnd"),
    list_fields=("name", "kind", "field", "lead", "start_date", "funding_vnd", "status",
                 "recognition_level"),
    fields=(
        Field("kind", N_("Loại"), Kind.CHOICE, required=True,
              choices=choices(("mo_hinh", N_("Mô hình")), ("dien_hinh", N_("Điển hình")))),
        Field("name", N_("Tên mô hình / điển hình"), Kind.TEXT, required=True, max_length=300),
        Field("field", N_("Lĩnh vực"), Kind.CHOICE, required=True, choices=choices(
            ("kinh_te", N_("Kinh tế")),
            ("van_hoa_xa_hoi", N_("Văn hóa - xã hội")),
            ("quoc_phong_an_ninh", N_("Quốc phòng - an ninh")),
            ("xay_dung_he_thong_chinh_tri", N_("Xây dựng Đảng, hệ thống chính trị")),
        )),
        Field("lead", N_("Chủ thể thực hiện (tập thể / cá nhân)"), Kind.TEXT, completes=True, required=True),
        Field("partners", N_("Lực lượng phối hợp"), Kind.TEXT, completes=True),
        Field("area_beneficiaries", N_("Địa bàn, đối tượng"), Kind.TEXT),
        Field("reason", N_("Thực trạng, lý do"), Kind.LONG_TEXT),
        Field("goals", N_("Mục tiêu, tiêu chí"), Kind.LONG_TEXT),
        Field("content", N_("Nội dung, cách thức thực hiện"), Kind.LONG_TEXT),
        Field("funding_vnd", N_("Kinh phí hỗ trợ (đồng)"), Kind.MONEY, minimum=0),
        Field("funding_source", N_("Nguồn kinh phí"), Kind.TEXT, completes=True),
        Field("contributions_vnd", N_("Đóng góp xã hội hóa (đồng)"), Kind.MONEY, minimum=0),
        Field("workdays", N_("Ngày công"), Kind.COUNT),
        Field("beneficiary_households", N_("Số hộ hưởng lợi"), Kind.COUNT),
        Field("start_date", N_("Ngày bắt đầu"), Kind.DATE, required=True),
        Field("end_date", N_("Ngày kết thúc"), Kind.DATE),
        Field("outputs", N_("Sản phẩm đầu ra kiểm chứng được"), Kind.LONG_TEXT),
        Field("sustainability", N_("Khả năng duy trì, nhân rộng"), Kind.LONG_TEXT),
        Field("status", N_("Trạng thái"), Kind.CHOICE, required=True, default="dang_ky", choices=choices(
            ("dang_ky", N_("Đăng ký")),
            ("trien_khai", N_("Đang triển khai")),
            ("danh_gia", N_("Đang đánh giá")),
            ("cong_nhan", N_("Được công nhận")),
            ("khong_dat", N_("Không đạt")),
        )),
        Field("recognition_level", N_("Cấp công nhận"), Kind.CHOICE, choices=choices(
            ("xa", N_("Cấp xã")),
            ("huyen", N_("Cấp huyện (trước 7/2025)")),
            ("tinh", N_("Cấp tỉnh")),
            ("trung_uong", N_("Trung ương")),
        )),
        Field("recognition_date", N_("Ngày công nhận"), Kind.DATE),
        Field("award", N_("Hình thức khen thưởng"), Kind.TEXT),
        Field("replicated", N_("Được nhân rộng"), Kind.YES_NO),
    ),
    rules=(
        NotBefore("end_date", "start_date"),
        RequiredWhen("recognition_level", RECOGNISED, WHEN_RECOGNISED),
        RequiredWhen("recognition_date", RECOGNISED, WHEN_RECOGNISED),
        NotBefore("recognition_date", "start_date"),
    ),
)
