"""Đối thoại trực tiếp: heads of the Party committee and People's Committee meet citizens.

Source: Quy định 11-QĐi/TW.
"""

from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.registers.reception import HOST_ROLES
from desktop_app.domain.rules import AtMost, SumAtMost

DIALOGUE = Register(
    name="dialogue",
    title=N_("Đối thoại trực tiếp với Nhân dân"),
    short_title=N_("Đối thoại"),
    source="Quy định 11-QĐi/TW",
    icon="chat",
    date_field="date",
    summary_fields=("date", "topic"),
    counted_fields=("participants", "opinions_raised", "answered_on_spot"),
    list_fields=("date", "topic", "chair_role", "venue", "participants", "opinions_raised",
                 "answered_on_spot"),
    fields=(
        Field("date", N_("Ngày đối thoại"), Kind.DATE, required=True),
        Field("chair_role", N_("Người chủ trì"), Kind.CHOICE, required=True, choices=HOST_ROLES),
        Field("chair_name", N_("Họ tên người chủ trì"), Kind.TEXT, completes=True),
        Field("topic", N_("Chủ đề, nội dung"), Kind.TEXT, required=True),
        Field("venue", N_("Địa điểm"), Kind.TEXT, completes=True),
        Field("participants", N_("Số người tham dự"), Kind.COUNT),
        Field("opinions_raised", N_("Số ý kiến, kiến nghị"), Kind.COUNT),
        Field("answered_on_spot", N_("Giải đáp tại chỗ"), Kind.COUNT),
        Field("referred", N_("Tiếp thu, chuyển giải quyết"), Kind.COUNT),
        Field("resolved_after", N_("Đã giải quyết sau đối thoại"), Kind.COUNT),
        Field("conclusion", N_("Kết luận, biên bản"), Kind.LONG_TEXT),
    ),
    rules=(
        AtMost("answered_on_spot", "opinions_raised"),
        SumAtMost(("answered_on_spot", "referred"), "opinions_raised"),
        AtMost("resolved_after", "referred"),
    ),
)
