"""Commands of accounts and the audit trail: user, audit."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from desktop_app.cli.core import (
    EXIT_ERROR,
    EXIT_OK,
    PASSWORD_VARIABLE,
    Command,
    CommandError,
    new_password,
    open_database,  # fmt: skip
    register_named,
)
from desktop_app.domain.l10n import _, format_stamp
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.roles import BY_CODE as ROLE_CODES
from desktop_app.domain.roles import Right


def cmd_user(args: argparse.Namespace) -> int:
    from desktop_app.domain.roles import role
    from desktop_app.services import accounts

    if args.action in ("add", "passwd") and os.environ.get(PASSWORD_VARIABLE) is None and accounts_exist(args):
        raise CommandError(_("Mật khẩu mới đọc từ đầu vào chuẩn, nên mật khẩu của người thực hiện phải ở biến môi "
                             "trường {variable}.").format(variable=PASSWORD_VARIABLE))  # fmt: skip
    open_database(args)
    try:
        if args.action == "add":
            if not args.role:
                raise CommandError(_("Cần --role (nhap_lieu, lanh_dao hoặc quan_tri)."))
            account = accounts.add_account(args.name, args.role, new_password(), args.full_name or "")
            print(_("Đã thêm tài khoản {name} ({role}).").format(name=account.name, role=role(account.role).display))
        elif args.action == "passwd":
            if accounts.current().name == accounts.normal_name(args.name):  # one's own: the old one is known
                accounts.change_own_password(os.environ.get(PASSWORD_VARIABLE, ""), new_password())
            else:
                accounts.reset_password(args.name, new_password())
            print(_("Đã đặt mật khẩu mới cho {name}.").format(name=args.name))
        elif args.action == "disable":
            accounts.disable(args.name)
            print(_("Đã vô hiệu hóa tài khoản {name}.").format(name=args.name))
        else:
            accounts.require(Right.MANAGE_ACCOUNTS)
            for account in accounts.accounts():
                state = _("vô hiệu hóa") if account.disabled_at else _("đang dùng")
                last = format_stamp(account.last_sign_in_at) if account.last_sign_in_at else "—"
                print(f"{account.name}\t{account.role}\t{state}\t{last}\t{account.full_name}")
    except accounts.AccountError as error:
        raise CommandError(str(error)) from error
    return EXIT_OK


def accounts_exist(args: argparse.Namespace) -> bool:
    """Whether ``--db`` has accounts, asked before anything reads standard input."""
    from desktop_app.services import accounts
    from desktop_app.store.cipher import is_encrypted
    from desktop_app.store.database import DatabaseError
    from desktop_app.store.database import open_database as open_file
    from desktop_app.store.migrations import SchemaError

    if is_encrypted(args.db):
        return True  # only an account opens it
    try:
        open_file(args.db)
    except (DatabaseError, SchemaError) as error:
        raise CommandError(str(error)) from error
    return accounts.has_accounts()


def _user_arguments(user: argparse.ArgumentParser) -> None:
    user.add_argument("action", choices=("add", "list", "passwd", "disable"))
    user.add_argument("name", nargs="?", help="the account's sign-in name")
    user.add_argument("--role", choices=tuple(ROLE_CODES), help="add: nhap_lieu, lanh_dao or quan_tri")
    user.add_argument("--full-name", help="add: the officer's full name")


def cmd_audit(args: argparse.Namespace) -> int:
    from desktop_app.services import audit_reading

    open_database(args)
    if args.action == "verify":
        findings = audit_reading.verify()
        for finding in findings:
            print(f"danvan: {finding.message}", file=sys.stderr)
        if findings:
            return EXIT_ERROR
        print(_("Nhật ký nguyên vẹn: {n} mục, mọi bản ghi khớp với lần thay đổi cuối.").format(
            n=audit_reading.entry_count()))
        return EXIT_OK
    try:
        start = dt.date.fromisoformat(args.date_from) if args.date_from else None
        end = dt.date.fromisoformat(args.date_to) if args.date_to else None
    except ValueError as error:
        raise CommandError(_("Ngày không hợp lệ: {reason}").format(reason=error)) from error
    if args.register:
        register_named(args.register)
    found = audit_reading.lines(register=args.register, record_uuid=args.record, user=args.by, start=start, end=end)
    if args.json:
        print(json.dumps([line.as_json() for line in found], ensure_ascii=False, indent=1))
        return EXIT_OK
    for line in found:
        print(f"{line.id}\t{format_stamp(line.at)}\t{line.user}\t{line.role}\t{line.summary()}")
        for label, before, after in line.change_lines():
            print(f"\t\t{label}: {before} → {after}")
    return EXIT_OK


def _audit_arguments(audit: argparse.ArgumentParser) -> None:
    audit.add_argument("action", nargs="?", choices=("list", "verify"), default="list")
    audit.add_argument("--register", help=", ".join(BY_NAME))
    audit.add_argument("--record", metavar="UUID")
    audit.add_argument("--by", "--user-name", dest="by", metavar="NAME", help="entries of this account")
    audit.add_argument("--from", dest="date_from", help="first day, 2026-07-01")
    audit.add_argument("--to", dest="date_to", help="last day")
    audit.add_argument("--json", action="store_true")


COMMANDS = (
    Command("user", cmd_user, "accounts: add, list, passwd, disable (new passwords from standard input)",
            _user_arguments),
    Command("audit", cmd_audit, "list the audit trail, or check it (audit verify)", _audit_arguments),
)
