"""What the audit trail says: entries for every change, its check, and its listing.

Every service that changes something calls one of the ``record_*`` functions inside its own
transaction. A record's entry keeps each changed field with its value before and after, and the
hash of the record as the change left it (``state``): ``verify`` then finds both an entry edited
in the database and a record edited there behind the program's back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.l10n import N_, _
from desktop_app.domain.register import MASK, Register
from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.store import audit as store
from desktop_app.store import records as record_store
from desktop_app.store.models import AuditEntry
from desktop_app.sync.codec import state_hash

if TYPE_CHECKING:
    from desktop_app.services.accounts import Session

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
    "kept_as": N_("bản cũ giữ tại"), "accounts": N_("tài khoản"), "error": N_("lỗi"),
}
DETAIL_VALUES: dict[str, str] = {
    "password": N_("sai mật khẩu"), "unknown": N_("không có tài khoản"), "locked": N_("đang tạm khóa"),
    "disabled": N_("đã vô hiệu hóa"), "included": N_("có"), "masked": N_("che"), "none": N_("không"),
    "True": N_("có"), "False": N_("không"), "window": N_("cửa sổ"), "unlock": N_("mở khóa màn hình"),
    "cli": N_("dòng lệnh"), "daily": N_("hằng ngày"), "close": N_("khi đóng chương trình"),
    "migration": N_("trước khi nâng cấp dữ liệu"), "import_rows": N_("trước khi nhập tệp"),
    "before_merge": N_("trước khi nhận gói"), "before_restore": N_("trước khi khôi phục"), "manual": N_("theo yêu cầu"),
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


def record_event(session: Session, action: str, detail: dict[str, Any] | None = None, *,
                 register: str | None = None) -> None:  # fmt: skip
    """An entry for something that is not one record: a sign-in, an export, a lock."""
    store.append([store.Entry(_now(), session.name, session.role.code, action, register, None, detail or {})])


def record_entry(session: Session, action: str, register: Register, before: dict[str, Any] | None,
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


def record_change(session: Session, action: str, register: Register, before: dict[str, Any] | None,
                  after: dict[str, Any], **detail: Any) -> None:  # fmt: skip
    store.append([record_entry(session, action, register, before, after, **detail)])


def append(entries: Iterable[store.Entry]) -> int:
    return store.append(entries)


# ------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Finding:
    """Something the check found: an entry not as written, or a record not as the trail left it."""

    kind: str  # chain or record
    entry_id: int | None
    message: str


def entry_count() -> int:
    return store.count()


def verify() -> list[Finding]:
    """Check the chain, then every record against the state its newest entry recorded."""
    from desktop_app.domain.roles import Right
    from desktop_app.services import accounts

    accounts.require(Right.READ_AUDIT)
    findings: list[Finding] = []
    broken = store.first_break()
    if broken is not None:
        words = {
            "changed": _("mục {id} của nhật ký đã bị sửa sau khi ghi."),
            "missing": _("mục {id} của nhật ký đã bị xóa."),
            "relinked": _("mục {id} của nhật ký không nối với mục trước nó: có mục đã bị xóa hoặc chèn vào."),
            "truncated": _("các mục cuối của nhật ký (từ mục {id}) đã bị xóa."),
            "head": _("dòng ghi mục cuối của nhật ký đã bị xóa ngoài chương trình (phát hiện ở mục {id}); các mục "
                      "cuối có thể đã bị xóa cùng."),
        }
        findings.append(Finding("chain", broken.entry_id, words[broken.reason].format(id=broken.entry_id or "?")))
    latest = store.latest_states()
    for register in REGISTERS:
        for record in record_store.iter_all(register, include_deleted=True):
            known = latest.get(record["uuid"])
            if known is None:
                findings.append(Finding("record", None, _(
                    "bản ghi {uuid} (sổ {register}) không có trong nhật ký: được thêm ngoài chương trình.").format(
                        uuid=record["uuid"], register=register.display_short_title)))  # fmt: skip
            elif known[1] != state_hash(register, record):
                findings.append(Finding("record", known[0], _(
                    "bản ghi {uuid} (sổ {register}) khác với lần thay đổi cuối trong nhật ký (mục {id}): "
                    "đã bị sửa ngoài chương trình.").format(uuid=record["uuid"], register=register.display_short_title,
                                                          id=known[0])))  # fmt: skip
    return findings


# ------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Line:
    """An entry as a person reads it."""

    id: int
    at: dt.datetime
    user: str
    role: str
    action: str
    register: str | None
    record_uuid: str | None
    detail: dict[str, Any]

    @property
    def action_label(self) -> str:
        return _(ACTIONS.get(self.action, self.action))

    def change_lines(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for each changed field, as the form shows them."""
        register = BY_NAME.get(self.register or "")
        order = {name: index for index, name in enumerate(["hamlet", *(f.name for f in register.fields)])} \
            if register else {}
        out = []
        for name, (before, after) in sorted(self.detail.get("changes", {}).items(),
                                            key=lambda item: (order.get(item[0], len(order)), item[0])):  # fmt: skip
            if register is None or name == "hamlet" or not register.has_field(name):
                label = _("Thôn, tổ dân phố") if name == "hamlet" else name
                out.append((label, _plain(before), _plain(after)))
                continue
            field = register.field(name)
            out.append((field.display_label, _shown(register, field, before), _shown(register, field, after)))
        return out

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(timespec="seconds") + "Z", "user": self.user,
                "role": self.role, "action": self.action, "register": self.register, "record": self.record_uuid,
                "detail": self.detail}  # fmt: skip

    def detail_text(self) -> str:
        """The entry's particulars in words: "tệp: a.csv, số bản ghi: 3"."""
        skip = {"changes", "revision", "sha256"}
        extra = [f"{_(DETAIL_LABELS.get(key, key))}: {_(DETAIL_VALUES.get(str(value), str(value)))}"
                 for key, value in sorted(self.detail.items()) if key not in skip]  # fmt: skip
        if "changes" in self.detail:
            extra.append(_("{n} trường đổi").format(n=len(self.detail["changes"])))
        return ", ".join(extra)

    def summary(self) -> str:
        """One line: what, in which register, which record, and its particulars."""
        parts = [self.action_label]
        if self.register:
            register = BY_NAME.get(self.register)
            parts.append(register.display_short_title if register else self.register)
        if self.record_uuid:
            parts.append(self.record_uuid[:8])
        extra = self.detail_text()
        return " — ".join(parts) + (f" ({extra})" if extra else "")


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _shown(register: Register, field: Any, value: Any) -> str:
    """A value as the trail keeps it (JSON), shown as the form shows it; a masked one as is."""
    from desktop_app.sync.codec import RecordError, decode_value

    if value is None:
        return ""
    try:
        return field.display(decode_value(register, field, value))
    except RecordError:
        return str(value)


def _masked(line: Line) -> Line:
    """The entry with the values of sensitive fields hidden (a role that may not read them)."""
    register = BY_NAME.get(line.register or "")
    if register is None or "changes" not in line.detail:
        return line
    secret = {f.name for f in register.sensitive_fields}
    hidden = _(MASK)
    changed = {name: ([hidden if v is not None else None for v in pair] if name in secret else pair)
               for name, pair in line.detail["changes"].items()}  # fmt: skip
    return Line(line.id, line.at, line.user, line.role, line.action, line.register, line.record_uuid,
                {**line.detail, "changes": changed})  # fmt: skip


def _line(row: AuditEntry) -> Line:
    return Line(row.id, row.at, row.user, row.role, row.action, row.register, row.record_uuid, json.loads(row.detail))


def lines(*, register: str | None = None, record_uuid: str | None = None, user: str | None = None,
          start: dt.date | None = None, end: dt.date | None = None, newest_first: bool = False,
          limit: int | None = None) -> Iterator[Line]:  # fmt: skip
    """Entries as the acting role may read them (sensitive values masked unless it may)."""
    from desktop_app.domain.roles import Right
    from desktop_app.services import accounts

    session = accounts.require(Right.READ_AUDIT)
    reveal = session.may(Right.READ_SENSITIVE)
    first = dt.datetime.combine(start, dt.time()) if start else None
    after_last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time()) if end else None
    for row in store.entries(register=register, record_uuid=record_uuid, user=user, start=first, end=after_last,
                             newest_first=newest_first, limit=limit):  # fmt: skip
        line = _line(row)
        yield line if reveal else _masked(line)


def write_xlsx(path: Any, found: list[Line]) -> None:
    """The listed entries as an .xlsx sheet (the audit page's export)."""
    from openpyxl import Workbook

    from desktop_app.domain.l10n import format_stamp
    from desktop_app.services.files import written_in_place

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Nhật ký")[:31])
    sheet.append([_("Số"), _("Thời điểm"), _("Người thực hiện"), _("Vai trò"), _("Việc"), _("Sổ"), _("Mã bản ghi"),
                  _("Nội dung")])  # fmt: skip
    for line in found:
        changes_text = "; ".join(f"{label}: {before} → {after}" for label, before, after in line.change_lines())
        sheet.append([line.id, format_stamp(line.at), line.user, line.role, line.action_label,
                      line.register or "", line.record_uuid or "", changes_text or line.summary()])  # fmt: skip
    with written_in_place(path) as temporary:
        workbook.save(temporary)
