"""Roles and what each may do, declared once: the services check these, the window hides by them.

A role holds every right of the role below it (DESIGN.md: "who may do what"). A database made
before accounts existed has none; until its administrator is created, every right is granted,
as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.l10n import N_, _


class Right(StrEnum):
    EDIT_RECORDS = "edit_records"  # create, edit, delete, restore records
    IMPORT = "import"
    EXPORT = "export"  # without sensitive fields
    SEND = "send"  # make and send packages, take in packages from units below
    READ_SENSITIVE = "read_sensitive"
    EXPORT_SENSITIVE = "export_sensitive"
    APPROVE_PERIODS = "approve_periods"  # lock and reopen a period
    ISSUE_REPORTS = "issue_reports"
    READ_AUDIT = "read_audit"
    MANAGE_ACCOUNTS = "manage_accounts"
    SETTINGS = "settings"  # the unit's profile, hamlets, Party term
    SYNC_SETUP = "sync_setup"
    RESTORE = "restore"  # a backup over the registers


RIGHT_LABELS: dict[Right, str] = {
    Right.EDIT_RECORDS: N_("nhập, sửa, xóa bản ghi"),
    Right.IMPORT: N_("nhập dữ liệu từ tệp"),
    Right.EXPORT: N_("xuất dữ liệu không kèm thông tin nhạy cảm"),
    Right.SEND: N_("tạo, gửi và nhận gói dữ liệu"),
    Right.READ_SENSITIVE: N_("xem thông tin nhạy cảm"),
    Right.EXPORT_SENSITIVE: N_("xuất dữ liệu kèm thông tin nhạy cảm"),
    Right.APPROVE_PERIODS: N_("chốt và mở lại số liệu kỳ"),
    Right.ISSUE_REPORTS: N_("ban hành báo cáo"),
    Right.READ_AUDIT: N_("xem nhật ký thay đổi"),
    Right.MANAGE_ACCOUNTS: N_("quản lý tài khoản"),
    Right.SETTINGS: N_("sửa thông tin đơn vị"),
    Right.SYNC_SETUP: N_("thiết lập đồng bộ"),
    Right.RESTORE: N_("khôi phục dữ liệu"),
}


@dataclass(frozen=True)
class Role:
    code: str
    label: str  # N_: translated when shown
    rights: frozenset[Right]

    @property
    def display(self) -> str:
        return _(self.label)

    def may(self, right: Right) -> bool:
        return right in self.rights


_ENTRY = frozenset({Right.EDIT_RECORDS, Right.IMPORT, Right.EXPORT, Right.SEND, Right.READ_AUDIT})
_LEADER = _ENTRY | {Right.READ_SENSITIVE, Right.EXPORT_SENSITIVE, Right.APPROVE_PERIODS, Right.ISSUE_REPORTS}
_ADMIN = _LEADER | {Right.MANAGE_ACCOUNTS, Right.SETTINGS, Right.SYNC_SETUP, Right.RESTORE}

ROLES: tuple[Role, ...] = (
    Role("nhap_lieu", N_("Nhập liệu"), _ENTRY),
    Role("lanh_dao", N_("Lãnh đạo"), _LEADER),
    Role("quan_tri", N_("Quản trị"), _ADMIN),
)
BY_CODE: dict[str, Role] = {role.code: role for role in ROLES}
ADMINISTRATOR = BY_CODE["quan_tri"]
# The role of everyone working on a database that has no accounts yet (made before them).
UNGUARDED = Role("", N_("Chưa có tài khoản"), frozenset(Right))


class RoleError(ValueError):
    pass


def role(code: str) -> Role:
    try:
        return BY_CODE[code]
    except KeyError:
        raise RoleError(
            _("Không có vai trò «{code}». Các vai trò: {codes}.").format(code=code, codes=", ".join(BY_CODE))
        ) from None
