"""Commands of data safety: encrypting a database, the recovery code, backups and restoring
them, sealing sensitive fields: encrypt, backup, backups, restore, recover, seal."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.core import (
    EXIT_OK,
    Command,
    CommandError,
    credentials,
    file_only,
    new_password,
    open_database,
    show_recovery_code,  # fmt: skip
    stdin_lines,
)
from desktop_app.domain.l10n import _, format_size


def cmd_encrypt(args: argparse.Namespace) -> int:
    from desktop_app.services import encryption, unit_setup

    file_only(args, "encrypt")
    signed = open_database(args)
    try:
        code = encryption.encrypt(args.db, signed[1] if signed else "")
    except OSError as error:
        raise CommandError(_("Không mã hóa được {path}: {reason}").format(path=args.db, reason=error)) from error
    print(_("Đã mã hóa {path}; mọi tài khoản giữ mật khẩu cũ.").format(path=args.db))
    show_recovery_code(args, code, unit_setup.current_unit().display)
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from desktop_app.services import accounts, encryption

    file_only(args, "recover")
    code = stdin_lines(1)[0]
    if not code.strip():
        raise CommandError(_("Cần mã khôi phục ở dòng đầu của đầu vào chuẩn (stdin), mật khẩu mới ở dòng sau."))
    password = new_password()
    try:
        session = encryption.recover(args.db, code, args.user or "", password)
    except accounts.AccountError as error:
        raise CommandError(str(error)) from error
    print(_("Đã mở bằng mã khôi phục và đặt mật khẩu mới cho {name}.").format(name=session.name))
    return EXIT_OK


def cmd_seal(args: argparse.Namespace) -> int:
    from desktop_app.services import encryption, unit_setup
    from desktop_app.store import engines

    if engines.is_server(args.db):  # a server set up without sealing: a new reader key, a new recovery code
        signed = open_database(args)
        code, done = encryption.seal_server(signed[1] if signed else "")
        print(_("Đã niêm phong thông tin nhạy cảm: {records} bản ghi, {entries} mục nhật ký, {conflicts} xung đột; "
                "chỉ lãnh đạo và quản trị đọc được.").format(**done))  # fmt: skip
        show_recovery_code(args, code, unit_setup.current_unit().display)
        return EXIT_OK
    signed = open_database(args)
    code = stdin_lines(1)[0]
    if not code.strip():
        raise CommandError(_("Cần mã khôi phục ở dòng đầu của đầu vào chuẩn (stdin)."))
    done = encryption.seal_with_code(args.db, code, signed[1] if signed else "")
    print(_("Đã niêm phong thông tin nhạy cảm: {records} bản ghi, {entries} mục nhật ký, {conflicts} xung đột; "
            "chỉ lãnh đạo và quản trị đọc được.").format(**done))  # fmt: skip
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop_app.domain.roles import Right
    from desktop_app.services import accounts, backups

    file_only(args, "backup")
    open_database(args)
    accounts.require(Right.SETTINGS)
    try:
        made = backups.make_backup("manual", to=args.to)
    except backups.BackupError as error:
        raise CommandError(str(error)) from error
    print(_("Đã sao lưu và kiểm tra: {path} ({size}, {n} bản ghi, mã kiểm tra {digest}).").format(
        path=made.path, size=format_size(made.size), n=made.records, digest=made.sha256[:16]))
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    file_only(args, "backups")
    import json

    from desktop_app.services import backups

    open_database(args)
    listed = backups.backups(Path(args.db))
    if args.json:
        print(json.dumps([{"file": str(b.path), "taken_at": b.taken_at.isoformat(), "reason": b.reason,
                           "unit_code": b.unit_code, "size": b.size, "records": b.records, "counts": b.counts,
                           "sha256": b.sha256, "encrypted": b.encrypted} for b in listed],
                         ensure_ascii=False, indent=1))  # fmt: skip
        return EXIT_OK
    if not listed:
        print(_("Chưa có bản sao lưu nào trong {folder}.").format(folder=backups.folder_for(Path(args.db))))
    for backup in listed:
        print("\t".join((backup.taken_at.strftime("%d/%m/%Y %H:%M:%S"), _(reason_label(backup.reason)),
                         str(backup.records), format_size(backup.size), str(backup.path))))  # fmt: skip
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop_app.services import accounts, backups
    from desktop_app.store.database import DatabaseError

    file_only(args, "restore")
    try:
        chosen = backups.Backup.read(args.backup)
    except backups.BackupError as error:
        raise CommandError(str(error)) from error
    print(_("Bản sao lưu: {unit}; lúc {at}; {n} bản ghi.").format(
        unit=chosen.unit, at=chosen.taken_at.strftime("%d/%m/%Y %H:%M:%S"), n=chosen.records))
    for name, count in chosen.counts.items():
        if count:
            print(f"  {register_title(name)}: {count}")
    try:
        open_database(args)
    except CommandError as error:
        if not _damaged(error):
            raise
        print(_("Không mở được tệp dữ liệu hiện tại ({reason}); khôi phục thay cho tệp hỏng.").format(reason=error))
        try:
            done = backups.restore_damaged(args.db, chosen.path, *credentials(args))
        except (backups.BackupError, accounts.Refused, DatabaseError, OSError) as failure:
            raise CommandError(str(failure)) from failure
    else:
        try:
            done = backups.restore(chosen.path)
        except (backups.BackupError, OSError) as failure:
            raise CommandError(str(failure)) from failure
    kept = _("tệp cũ giữ tại {path}").format(path=done.kept_as) if done.kept_as else _("không giữ được tệp cũ")
    print(_("Đã khôi phục {path} từ bản sao lưu và kiểm tra lại; {kept}.").format(path=args.db, kept=kept))
    return EXIT_OK


def _damaged(error: CommandError) -> bool:
    """Whether opening failed because the file itself is damaged, not because the account was
    refused or the file is missing."""
    from desktop_app.services.accounts import Refused
    from desktop_app.store.database import DatabaseMissing, KeyNeeded

    return not isinstance(error.__cause__, Refused | DatabaseMissing | KeyNeeded)


def reason_label(reason: str) -> str:
    from desktop_app.services.audit import DETAIL_VALUES

    return DETAIL_VALUES.get(reason, reason)


def register_title(name: str) -> str:
    from desktop_app.domain.registers import BY_NAME

    register = BY_NAME.get(name)
    return register.display_short_title if register else name


def _encrypt_arguments(encrypt: argparse.ArgumentParser) -> None:
    encrypt.add_argument("--recovery-sheet", type=Path, metavar="FILE.pdf",
                         help="also write the new recovery code as a one-page PDF")


def _backup_arguments(backup: argparse.ArgumentParser) -> None:
    backup.add_argument("--to", type=Path, metavar="DIR", help="another folder (a USB stick)")


def _backups_arguments(listed: argparse.ArgumentParser) -> None:
    listed.add_argument("--json", action="store_true")


def _restore_arguments(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("backup", type=Path, metavar="BACKUP")


COMMANDS = (
    Command("encrypt", cmd_encrypt, "encrypt a plain database in place (an administrator signs in)",
            _encrypt_arguments),
    Command("backup", cmd_backup, "back up the database now (checked), into backups/ or --to DIR", _backup_arguments),
    Command("backups", cmd_backups, "list the backups, newest first", _backups_arguments),
    Command("restore", cmd_restore, "replace the database by a backup (the current one is kept as a copy)",
            _restore_arguments),
    Command("recover", cmd_recover, "every password lost: open with the recovery code (first line of standard "
            "input) and set the new password (next line) of the administrator --user (default: the only one)"),
    Command("seal", cmd_seal, "seal the sensitive fields of a file encrypted before they were sealed (an "
            "administrator signs in and gives the recovery code, first line of standard input), or of a server "
            "database set up without sealing (its new recovery code is printed once)"),
)
