"""Đơn thư: complaints, denunciations, proposals and feedback, with their legal deadlines.

Sources: Thông tư 05/2021/TT-TTCP (classification and handling), Luật Khiếu nại 2011 Điều 27,
28, 37, Luật Tố cáo 2018 Điều 30. Deadlines are computed in ``domain/deadlines.py``.
"""

from desktop_app.domain.deadlines import petition_deadline
from desktop_app.domain.fields import Field, Kind, choices
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.rules import (
    AllOf,
    AllowedValues,
    ChoiceOnlyWhen,
    Equals,
    IsFalse,
    IsTrue,
    NotBefore,
    OnlyWhen,
    Record,
    RequiredWhen,
)

KINDS = choices(
    ("khieu_nai", N_("Khiếu nại")),
    ("to_cao", N_("Tố cáo")),
    ("kien_nghi", N_("Kiến nghị")),
    ("phan_anh", N_("Phản ánh")),
    ("nhieu_noi_dung", N_("Nhiều nội dung")),
)


def _complete(record: Record) -> None:
    # Luật Tố cáo 2018 requires the identity of a person who denounces to be kept secret.
    if record.get("identity_confidential") is None and record.get("kind") is not None:
        record["identity_confidential"] = record.get("kind") == "to_cao"
    # A petition taken up for settlement is, by that, eligible and in the body's jurisdiction
    # (Luật Khiếu nại 2011 Điều 27; Luật Tố cáo 2018 Điều 29): left unanswered, they say so.
    if record.get("handling") == "thu_ly":
        for name in ("eligible", "in_jurisdiction"):
            if record.get(name) is None:
                record[name] = True


PETITION = Register(
    name="petition",
    title=N_("Sổ theo dõi đơn thư"),
    short_title=N_("Đơn thư"),
    source="Thông tư 05/2021/TT-TTCP; Luật Khiếu nại 2011; Luật Tố cáo 2018",
    icon="mail",
    date_field="received_date",
    summary_fields=("receipt_number", "received_date", "kind", "summary"),
    counted_fields=("kind", "in_jurisdiction", "status", "status_date", "resolved_date", "deadline"),
    list_fields=("receipt_number", "received_date", "sender_name", "kind", "subject_field", "summary",
                 "status", "deadline"),
    complete=_complete,
    batch_fields=("received_date", "channel"),
    fields=(
        Field("received_date", N_("Ngày nhận"), Kind.DATE, required=True, not_future=True),
        Field("receipt_number", N_("Số vào sổ"), Kind.TEXT, max_length=30,
              unique_per_year_of="received_date"),
        Field("channel", N_("Nguồn đơn"), Kind.CHOICE, required=True, choices=choices(
            ("truc_tiep", N_("Nộp trực tiếp")),
            ("buu_chinh", N_("Qua bưu chính")),
            ("chuyen_den", N_("Cơ quan khác chuyển đến")),
            ("dien_tu", N_("Qua cổng điện tử")),
            ("tiep_cong_dan", N_("Qua tiếp công dân")),
        )),
        Field("anonymous", N_("Đơn nặc danh"), Kind.YES_NO, default=False),
        Field("sender_name", N_("Người gửi / đứng đơn"), Kind.TEXT, completes=True, sensitive=True),
        Field("sender_address", N_("Địa chỉ"), Kind.TEXT, completes=True, sensitive=True),
        Field("signers_count", N_("Số người đứng đơn"), Kind.COUNT, minimum=1, default=1),
        Field("kind", N_("Loại đơn"), Kind.CHOICE, required=True, choices=KINDS),
        Field("subject_field", N_("Lĩnh vực"), Kind.CHOICE, required=True, choices=choices(
            ("dat_dai", N_("Đất đai")),
            ("chinh_sach_xa_hoi", N_("Chính sách xã hội")),
            ("hanh_chinh", N_("Hành chính")),
            ("tu_phap", N_("Tư pháp")),
            ("tham_nhung_tieu_cuc", N_("Tham nhũng, tiêu cực")),
            ("moi_truong", N_("Môi trường")),
            ("khac", N_("Khác")),
        )),
        Field("summary", N_("Tóm tắt nội dung"), Kind.LONG_TEXT, required=True),
        Field("eligible", N_("Đủ điều kiện xử lý"), Kind.YES_NO),
        Field("in_jurisdiction", N_("Thuộc thẩm quyền"), Kind.YES_NO),
        Field("duplicate_of", N_("Trùng với đơn"), Kind.LINK, link_register="petition"),
        Field("handling", N_("Hướng xử lý"), Kind.CHOICE, choices=choices(
            ("thu_ly", N_("Thụ lý giải quyết")),
            ("chuyen_don", N_("Chuyển đơn")),
            ("huong_dan", N_("Hướng dẫn công dân")),
            ("luu_don", N_("Lưu đơn")),
            ("tra_don", N_("Trả lại đơn")),
        )),
        Field("instance", N_("Lần giải quyết"), Kind.CHOICE,
              choices=choices(("lan_dau", N_("Lần đầu")), ("lan_hai", N_("Lần hai")))),
        Field("accepted_date", N_("Ngày thụ lý"), Kind.DATE),
        Field("complex_case", N_("Vụ việc phức tạp"), Kind.YES_NO),
        Field("remote_area", N_("Vùng sâu, vùng xa, đi lại khó khăn"), Kind.YES_NO),
        Field("extension_days", N_("Gia hạn (ngày)"), Kind.COUNT),
        Field("status", N_("Tình trạng"), Kind.CHOICE, required=True, default="moi_nhan", choices=choices(
            ("moi_nhan", N_("Mới nhận")),
            ("dang_giai_quyet", N_("Đang giải quyết")),
            ("da_giai_quyet", N_("Đã giải quyết")),
            ("da_chuyen", N_("Đã chuyển")),
            ("luu", N_("Lưu")),
        )),
        Field("resolved_date", N_("Ngày giải quyết xong"), Kind.DATE),
        Field("result", N_("Kết quả"), Kind.CHOICE, choices=choices(
            ("dung", N_("Đúng")),
            ("dung_mot_phan", N_("Đúng một phần")),
            ("sai", N_("Sai")),
            ("rut_don", N_("Rút đơn")),
            ("khac", N_("Khác")),
        )),
        Field("result_text", N_("Nội dung kết quả"), Kind.LONG_TEXT),
        Field("identity_confidential", N_("Giữ bí mật người gửi"), Kind.YES_NO),
        Field("deadline", N_("Hạn xử lý, giải quyết"), Kind.DATE, computed=petition_deadline),
        Field("status_date", N_("Ngày chuyển tình trạng"), Kind.DATE, dates_change_of="status"),
    ),
    rules=(
        RequiredWhen("sender_name", IsFalse("anonymous"), N_("trừ khi là đơn nặc danh")),
        OnlyWhen("instance", Equals("kind", "khieu_nai"), N_("cho đơn khiếu nại")),
        ChoiceOnlyWhen("handling", "thu_ly", AllOf((IsTrue("eligible"), IsTrue("in_jurisdiction"))),
                       N_("khi đơn đủ điều kiện xử lý và thuộc thẩm quyền; đơn không thuộc thẩm quyền thì chuyển "
                          "đơn hoặc hướng dẫn công dân")),
        RequiredWhen("accepted_date", Equals("handling", "thu_ly"),
                     N_("khi hướng xử lý là «Thụ lý giải quyết»")),
        NotBefore("accepted_date", "received_date"),
        OnlyWhen("extension_days", Equals("kind", "to_cao"), N_("cho đơn tố cáo")),
        AllowedValues("extension_days", (0, 30, 60)),
        RequiredWhen("resolved_date", Equals("status", "da_giai_quyet"),
                     N_("khi tình trạng là «Đã giải quyết»")),
        NotBefore("resolved_date", "accepted_date"),
        NotBefore("resolved_date", "received_date"),
    ),
)
