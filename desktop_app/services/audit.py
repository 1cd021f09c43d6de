"""Writing the audit trail: an entry for every change, and the words its readers see.

Every service that changes something calls one of the ``record_*`` functions inside its own
transaction. A record's entry keeps each changed field with its value before and after, and the
hash of the record as the change left it (``state``): ``audit_reading.verify`` then finds both an
entry edited in the database and a record edited there behind the program's back. Reading and
checking the trail, which asks the acting account's rights, is ``services/audit_reading.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from desktop_app.domain.codec import state_hash
from desktop_app.domain.l10n import N_
from desktop_app.domain.register import Register
from desktop_app.domain.roles import Role
from desktop_app.store import audit as store


class Actor(Protocol):
    """Who an entry names: the signed-in account's session (``accounts.Session``) or any value
    with its name and role; the trail is written below the accounts, which call it."""

    name: str
    role: Role

ACTIONS: dict[str, str] = {
    "create": N_("Thêm bản ghi"),
    "update": N_("Sửa bản ghi"),
    "delete": N_("Xóa bản ghi"),
    "restore": N_("Khôi phục bản ghi"),
    "import": N_("Nhập từ tệp"),
    "merge": N_("Nhận gói"),
    "merge_record": N_("Bản ghi từ gói"),
    "baseline": N_("Bản ghi có từ trước nhật ký"),
    "sample": N_("Dữ liệu mẫu"),
    "export": N_("Xuất dữ liệu"),
    "package": N_("Tạo gói gửi lên"),
    "report_issued": N_("Ban hành báo cáo"),
    "report_reprinted": N_("In lại báo cáo"),
    "period_locked": N_("Chốt số liệu kỳ"),
    "period_reopened": N_("Mở lại kỳ"),
    "sign_in": N_("Đăng nhập"),
    "sign_in_failed": N_("Đăng nhập không thành công"),
    "account_added": N_("Thêm tài khoản"),
    "password_changed": N_("Đổi mật khẩu"),
    "password_reset": N_("Đặt lại mật khẩu"),
    "account_disabled": N_("Vô hiệu hóa tài khoản"),
    "settings": N_("Sửa thông tin đơn vị"),
    "sync_setup": N_("Thiết lập đồng bộ"),
    "trust": N_("Tin cậy khóa đơn vị"),
    "head_rebuilt": N_("Dựng lại đầu chuỗi nhật ký (đã bị xóa ngoài chương trình)"),
    "recovered": N_("Mở dữ liệu bằng mã khôi phục"),
    "encrypted": N_("Mã hóa tệp dữ liệu"),
    "ring_rebuilt": N_("Lập lại tệp khóa bằng mã khôi phục"),
    "rekeyed": N_("Đổi khóa tệp dữ liệu theo mã khôi phục"),
    "reader_key_granted": N_("Trao khóa xem thông tin nhạy cảm"),
    "reader_key_rotated": N_("Thay khóa xem thông tin nhạy cảm (một người được xem đã thôi)"),
    "values_sealed": N_("Niêm phong thông tin nhạy cảm đang lưu"),
    "package_key_sealed": N_("Niêm phong khóa mở gói của đơn vị dưới"),
    "backup_made": N_("Sao lưu"),
    "backup_failed": N_("Sao lưu không đạt"),
    "restored": N_("Khôi phục từ bản sao lưu"),
}


# How the keys and coded values of an entry's detail read in a summary line.
DETAIL_LABELS: dict[str, str] = {
    "file": N_("tệp"), "rows": N_("số dòng"), "records": N_("số bản ghi"), "sensitive": N_("thông tin nhạy cảm"),
    "package": N_("gói"), "unit": N_("đơn vị"), "period": N_("kỳ"), "reason": N_("lý do"), "account": N_("tài khoản"),
    "role": N_("vai trò"), "where": N_("từ"), "failed": N_("lần sai liên tiếp"), "locked_minutes": N_("khóa (phút)"),
    "by": N_("người sửa"), "number": N_("số"), "kind": N_("loại"), "added": N_("thêm"), "updated": N_("cập nhật"),
    "conflicts": N_("xung đột"), "reopened": N_("bản ghi kỳ đã mở lại"), "periods": N_("trạng thái chốt kỳ"),
    "import": N_("nhập từ tệp"), "row": N_("dòng"), "seed": N_("mẫu số"), "first": N_("tài khoản đầu tiên"),
    "target_kind": N_("nơi gửi"), "target": N_("địa chỉ"), "user": N_("người dùng"), "every": N_("mỗi (phút)"),
    "fingerprint": N_("dấu vân tay"), "how": N_("cách"), "replace": N_("thay khóa cũ"), "profile": N_("thể thức"),
    "report": N_("báo cáo"), "attempted_at": N_("lúc"), "backup": N_("bản sao lưu"), "digest": N_("mã kiểm tra"),
    "size": N_("dung lượng (byte)"), "second_place": N_("nơi lưu thứ hai"), "taken_at": N_("lúc sao lưu"),
    "kept_as": N_("bản cũ giữ tại"), "entries": N_("số mục nhật ký"),
    "previous_head": N_("mã cuối chuỗi trước đó"), "accounts": N_("tài khoản"), "error": N_("lỗi"),
}
DETAIL_VALUES: dict[str, str] = {
    "password": N_("sai mật khẩu"), "unknown": N_("không có tài khoản"), "locked": N_("đang tạm khóa"),
    "disabled": N_("đã vô hiệu hóa"), "included": N_("có"), "masked": N_("che"), "none": N_("không"),
    "True": N_("có"), "False": N_("không"), "window": N_("cửa sổ"), "unlock": N_("mở khóa màn hình"),
    "cli": N_("dòng lệnh"), "daily": N_("hằng ngày"), "close": N_("khi đóng chương trình"),
    "migration": N_("trước khi nâng cấp dữ liệu"), "import_rows": N_("trước khi nhập tệp"),
    "before_merge": N_("trước khi nhận gói"), "before_restore": N_("trước khi khôi phục"),
    "before_sealing": N_("trước khi niêm phong thông tin nhạy cảm"), "manual": N_("theo yêu cầu"),
    "second_place": N_("nơi lưu thứ hai"),
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def changes(register: Register, before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    """Each declared field (and the hamlet) whose value differs: [before, after]."""
    names = ["hamlet", *(f.name for f in register.fields)]
    old = before or {}
    return {name: [_json_value(old.get(name)), _json_value(after.get(name))] for name in names
            if old.get(name) != after.get(name)}  # fmt: skip


def record_event(session: Actor, action: str, detail: dict[str, Any] | None = None, *,
                 register: str | None = None) -> None:  # fmt: skip
    """An entry for something that is not one record: a sign-in, an export, a lock."""
    store.append([store.Entry(_now(), session.name, session.role.code, action, register, None, detail or {})])


def record_entry(session: Actor, action: str, register: Register, before: dict[str, Any] | None,
                 after: dict[str, Any], **detail: Any) -> store.Entry:  # fmt: skip
    """The entry of one record's change (not yet appended). A record new here from a package
    keeps no copy of its values in the trail (the record holds them; its history is the
    sender's): a merge of thousands of records would otherwise write them twice."""
    body: dict[str, Any] = {"revision": after.get("revision"), **detail}
    described = action in ("create", "update") or (action == "merge_record" and before is not None)
    if described and (changed := changes(register, before, after)):
        body["changes"] = changed
    return store.Entry(_now(), session.name, session.role.code, action, register.name, after["uuid"], body,
                       state_hash(register, after))


def record_change(session: Actor, action: str, register: Register, before: dict[str, Any] | None,
                  after: dict[str, Any], **detail: Any) -> None:  # fmt: skip
    store.append([record_entry(session, action, register, before, after, **detail)])


def append(entries: Iterable[store.Entry]) -> int:
    return store.append(entries)
