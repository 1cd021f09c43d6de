"""What every command shares: exit codes, errors, the parser and its common options, signing
in with the account's password, opening the database, standard input, and periods.

A command module declares its commands as ``Command`` values; ``desktop_app.cli`` assembles
them into one parser. No command module reaches into another.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.domain.periods import Period, PeriodError, date_range, parse_period
from desktop_app.domain.registers import BY_NAME

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
USER_VARIABLE = "DANVAN_USER"  # the account, when --user is not given
PASSWORD_VARIABLE = "DANVAN_PASSWORD"  # the acting account's password, when not --password-stdin
# Commands whose standard input carries another secret: the acting password comes from the variable.
OWN_STDIN = ("init", "user", "sync-setup", "recover")
DB_HELP = ("database file, or a server's database as postgresql://user@host:5432/name (default: the file in the "
           "user's data folder)")
USER_HELP = f"the account to act as (or ${USER_VARIABLE})"
PASSWORD_HELP = f"read the account's password from standard input (or ${PASSWORD_VARIABLE})"

Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """What went wrong, in one message for the user."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name (a contract), what runs it, its help line, and its own options."""

    name: str
    handler: Handler
    help: str
    arguments: Callable[[argparse.ArgumentParser], None] | None = None


class Parser(argparse.ArgumentParser):
    """A usage error prints the usage and one line, and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"danvan: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def db_location(value: str) -> Path | str:
    """A --db value: a file's path, or a server database's URL kept as it was typed."""
    return value if value.startswith(("postgresql://", "postgres://")) else Path(value)


def file_only(args: argparse.Namespace, command: str) -> None:
    """Refuse ``command`` on a server's database: it works on a file (encrypting, copying it)."""
    if isinstance(args.db, str):
        raise CommandError(_("«danvan {command}» dùng cho tệp dữ liệu. Cơ sở dữ liệu trên máy chủ do máy chủ bảo vệ "
                             "và sao lưu (pg_dump, bản sao của máy chủ).").format(command=command))


def add_command(commands: argparse._SubParsersAction, command: Command) -> argparse.ArgumentParser:
    """The subcommand's parser, with the options every command takes after its name."""
    sub = commands.add_parser(command.name, help=command.help)
    # SUPPRESS keeps a --db given before the command name; without either, the default file.
    sub.add_argument("--db", type=db_location, default=argparse.SUPPRESS, help=DB_HELP)
    if command.name not in ("init", "sync-setup"):  # sync-setup's --user is the WebDAV user (since 0.1)
        sub.add_argument("--user", default=argparse.SUPPRESS, help=USER_HELP)
    if command.name not in OWN_STDIN:
        sub.add_argument("--password-stdin", action="store_true", default=argparse.SUPPRESS, help=PASSWORD_HELP)
    sub.set_defaults(handler=command.handler)
    if command.arguments is not None:
        command.arguments(sub)
    return sub


# ------------------------------------------------------------------------- the account and the file


def open_database(args: argparse.Namespace) -> tuple[str, str] | None:
    """Open ``--db`` and, when it has accounts, sign in as ``--user`` (CommandError if not). An
    encrypted file needs the account before it can be opened at all. Returns the name and
    password signed in with (None on a database without accounts)."""
    from desktop_app.services import accounts, encryption
    from desktop_app.store.cipher import is_encrypted
    from desktop_app.store.database import DatabaseError, is_set_up, set_upgrade_notice
    from desktop_app.store.database import open_database as open_file
    from desktop_app.store.migrations import SchemaError

    set_upgrade_notice(_terminal_upgrade_notice)
    path = args.db
    signed: tuple[str, str] | None = None
    try:
        if is_encrypted(path):
            signed = credentials(args)
            encryption.open_signed_in(path, *signed, where="cli", record_success=False)
        else:
            open_file(path)
            if accounts.has_accounts():
                signed = credentials(args)
                encryption.sign_in(*signed, where="cli", record_success=False)  # a server's ring opens too
    except (DatabaseError, SchemaError, accounts.Refused) as error:
        raise CommandError(str(error)) from error
    if not is_set_up():
        raise CommandError(_("Tệp {path} chưa được thiết lập cho đơn vị nào (chạy «danvan init»).").format(path=path))
    return signed


@contextlib.contextmanager
def _terminal_upgrade_notice() -> Iterator[None]:
    """A line on a terminal while an older database is backed up and upgraded (minutes when large)."""
    if sys.stderr.isatty():
        print(_("Đang sao lưu rồi nâng cấp dữ liệu cho phiên bản mới của chương trình…"), file=sys.stderr, flush=True)
    yield


def credentials(args: argparse.Namespace) -> tuple[str, str]:
    """The acting account's name and password, from --user / --password-stdin or the variables."""
    name = getattr(args, "user", None) or os.environ.get(USER_VARIABLE, "")
    password = os.environ.get(PASSWORD_VARIABLE)
    if getattr(args, "password_stdin", False):
        password = stdin_lines(1)[0]
    if not name or password is None:
        raise CommandError(_("Tệp dữ liệu này có tài khoản: cần --user TÊN và mật khẩu (--password-stdin hoặc biến "
                             "môi trường {variable}).").format(variable=PASSWORD_VARIABLE))  # fmt: skip
    return name, password


def stdin_lines(count: int) -> list[str]:
    """``count`` lines of standard input, without their line ends (missing ones are empty)."""
    return [sys.stdin.readline().rstrip("\r\n") for _index in range(count)]


def new_password() -> str:
    """A new password from standard input: one line, or two identical lines (a confirmation)."""
    first, second = stdin_lines(2)
    if not first:
        raise CommandError(_("Cần mật khẩu mới ở dòng đầu của đầu vào chuẩn (stdin)."))
    if second and second != first:
        raise CommandError(_("Hai dòng mật khẩu mới không giống nhau; không có gì thay đổi."))
    return first


def show_recovery_code(args: argparse.Namespace, code: str, unit: str) -> None:
    """Print the recovery code once (and write the sheet when asked): it is not kept anywhere."""
    print(_("MÃ KHÔI PHỤC (chỉ hiện một lần; in hoặc chép ra giấy, cất trong tủ hồ sơ mật): {code}").format(code=code))
    sheet = getattr(args, "recovery_sheet", None)
    if sheet:
        from desktop_app.reports.recovery_sheet import write_recovery_sheet

        try:
            from desktop_app.store import engines

            place = engines.shown(args.db) if engines.is_server(args.db) else Path(args.db).resolve()
            write_recovery_sheet(sheet, unit=unit, database=place, code=code)
        except OSError as error:
            raise CommandError(_("Không ghi được {path}: {reason}").format(path=sheet, reason=error)) from error
        print(_("Đã ghi phiếu mã khôi phục: {path}").format(path=sheet))


# ------------------------------------------------------------------------- registers and periods


def terminal_progress(what: str) -> Callable[[int, int], None] | None:
    """A progress line on standard error while a long job runs — ``what`` and how far, in
    percent — on a terminal only: a script or a pipe reads no progress noise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        print(f"\r{what}… {percent}%", end="\n" if done >= total else "", file=sys.stderr, flush=True)

    return show


def register_named(name: str) -> object:
    try:
        return BY_NAME[name]
    except KeyError:
        raise CommandError(
            _("Không có sổ «{name}». Các sổ: {names}.").format(name=name, names=", ".join(BY_NAME))
        ) from None


def add_period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", help="2024, 2024-H1, 2024-9M, 2024-Q1 or 2024-03")
    parser.add_argument("--from", dest="date_from", help="first day of a range, 2024-01-31")
    parser.add_argument("--to", dest="date_to", help="last day of a range")


def period_of(args: argparse.Namespace) -> Period:
    """The period ``--period``, or ``--from`` and ``--to``, name."""
    try:
        if args.date_from or args.date_to:
            if not (args.date_from and args.date_to):
                raise CommandError(_("Cần cả --from và --to (dạng 2024-01-31)."))
            return date_range(dt.date.fromisoformat(args.date_from), dt.date.fromisoformat(args.date_to))
        if not args.period:
            raise CommandError(_("Cần --period (ví dụ 2024, 2024-Q1) hoặc --from và --to."))
        return parse_period(args.period)
    except PeriodError as error:
        raise CommandError(str(error)) from error
    except ValueError as error:
        raise CommandError(_("Ngày không hợp lệ: {reason}").format(reason=error)) from error


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date of the form 2024-01-31: {text!r}") from None


def current_unit_is_merging() -> bool:
    from desktop_app.services import unit_setup

    return unit_setup.current_unit().is_merging
