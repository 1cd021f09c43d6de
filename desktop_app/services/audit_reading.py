"""Reading and checking the audit trail, as the acting account's role may: the check of the
chain and of every record against its last entry, the listing (sensitive values masked unless
the role may read them), and its spreadsheet. Writing entries is ``services/audit.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.codec import state_hash
from desktop_app.domain.l10n import _
from desktop_app.domain.register import MASK, Register
from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.domain.roles import Right
from desktop_app.domain.sealed import is_sealed
from desktop_app.services import accounts, records
from desktop_app.services.audit import ACTIONS, DETAIL_LABELS, DETAIL_VALUES
from desktop_app.store import audit as store
from desktop_app.store import records as record_store
from desktop_app.store import sealed
from desktop_app.store.models import AuditEntry

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
    from desktop_app.domain.codec import RecordError, decode_value

    if value is None:
        return ""
    if is_sealed(value):
        return _(MASK)
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


def _opened(line: Line) -> Line:
    """The entry with the sealed values of its changes opened (a reader holding the key): each is
    sealed as the record held it, so it opens with the record's field as its context."""
    register = BY_NAME.get(line.register or "")
    if register is None or "changes" not in line.detail or not line.record_uuid:
        return line
    secret = {f.name for f in register.sensitive_fields}
    changed = {}
    for name, pair in line.detail["changes"].items():
        where = sealed.context(register.name, line.record_uuid, name)
        changed[name] = [sealed.open_value(v, where) for v in pair] if name in secret else pair
    return Line(line.id, line.at, line.user, line.role, line.action, line.register, line.record_uuid,
                {**line.detail, "changes": changed})  # fmt: skip


def _line(row: AuditEntry) -> Line:
    return Line(row.id, row.at, row.user, row.role, row.action, row.register, row.record_uuid, json.loads(row.detail))


def lines(*, register: str | None = None, record_uuid: str | None = None, user: str | None = None,
          start: dt.date | None = None, end: dt.date | None = None, newest_first: bool = False,
          limit: int | None = None) -> Iterator[Line]:  # fmt: skip
    """Entries as the acting role may read them (sensitive values masked unless it may)."""
    accounts.require(Right.READ_AUDIT)
    reveal = records.may_read_sensitive()
    first = dt.datetime.combine(start, dt.time()) if start else None
    after_last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time()) if end else None
    for row in store.entries(register=register, record_uuid=record_uuid, user=user, start=first, end=after_last,
                             newest_first=newest_first, limit=limit):  # fmt: skip
        line = _line(row)
        yield _opened(line) if reveal else _masked(line)


def write_xlsx(path: Any, found: list[Line]) -> None:
    """The listed entries as an .xlsx sheet (the audit page's export)."""
    from openpyxl import Workbook

    from desktop_app.domain.l10n import format_stamp
    from desktop_app.files import written_in_place

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
