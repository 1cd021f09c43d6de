"""Tình hình nhân dân, dư luận xã hội: what people think and feel, as staff learn it."""

from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register

PUBLIC_OPINION = Register(
    name="public_opinion",
    title=N_("Tình hình nhân dân, dư luận xã hội"),
    short_title=N_("Tình hình nhân dân"),
    source="Báo cáo kết quả công tác dân vận (nắm tình hình nhân dân)",
    icon="ear",
    date_field="date",
    summary_fields=("date", "topic"),
    counted_fields=("mood",),
    list_fields=("date", "topic", "category", "mood", "handled"),
    fields=(
        Field("date", N_("Ngày nắm tình hình"), Kind.DATE, required=True),
        Field("topic", N_("Vấn đề"), Kind.TEXT, required=True),
        Field("category", N_("Nhóm"), Kind.CHOICE, required=True, choices=choices(
            ("doi_song", N_("Kinh tế, đời sống")),
            ("dat_dai", N_("Đất đai")),
            ("chinh_sach", N_("Chính sách")),
            ("an_ninh_trat_tu", N_("An ninh, trật tự")),
            ("ton_giao", N_("Tôn giáo")),
            ("dan_toc", N_("Dân tộc")),
            ("khac", N_("Khác")),
        )),
        Field("mood", N_("Tâm trạng"), Kind.CHOICE, required=True, choices=choices(
            ("on_dinh", N_("Ổn định")),
            ("quan_tam", N_("Quan tâm")),
            ("buc_xuc", N_("Bức xúc")),
        )),
        Field("summary", N_("Nội dung"), Kind.LONG_TEXT),
        Field("proposals", N_("Kiến nghị, đề xuất"), Kind.LONG_TEXT),
        Field("handled", N_("Đã xử lý"), Kind.YES_NO),
    ),
)
