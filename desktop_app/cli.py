"""The command-line face of the program: the same services as the window, no Qt imported.

Exit status 0 means done; anything else prints one line (or, for a refused import, the list
of bad rows) that says what is wrong, and changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop_app import APP_DISPLAY_NAME, PACKAGE_SUFFIX, __version__
from desktop_app.domain import l10n
from desktop_app.domain.l10n import _
from desktop_app.domain.periods import Period, PeriodError, date_range, parse_period
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.roles import BY_CODE as ROLE_CODES
from desktop_app.domain.roles import Right
from desktop_app.domain.units import Structure, UnitError, area_of, find_unit
from desktop_app.paths import default_database_path
from desktop_app.reports.kinds import KINDS

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
USER_VARIABLE = "DANVAN_USER"  # the account, when --user is not given
PASSWORD_VARIABLE = "DANVAN_PASSWORD"  # the acting account's password, when not --password-stdin
# Commands whose standard input carries another secret: the acting password comes from the variable.
OWN_STDIN = ("init", "user", "sync-setup", "recover")


class CommandError(Exception):
    """What went wrong, in one message for the user."""


def _open(args: argparse.Namespace) -> None:
    """Open ``--db`` and, when it has accounts, sign in as ``--user`` (CommandError if not). An
    encrypted file needs the account before it can be opened at all."""
    from desktop_app.services import accounts, encryption
    from desktop_app.store.database import DatabaseError, is_encrypted, is_set_up, open_database
    from desktop_app.store.migrations import SchemaError

    path = args.db
    try:
        if is_encrypted(path):
            encryption.open_signed_in(path, *_credentials(args), where="cli", record_success=False)
        else:
            open_database(path)
            _sign_in(args)
    except (DatabaseError, SchemaError, accounts.Refused) as error:
        raise CommandError(str(error)) from error
    if not is_set_up():
        raise CommandError(_("Tệp {path} chưa được thiết lập cho đơn vị nào (chạy «danvan init»).").format(path=path))


def _credentials(args: argparse.Namespace) -> tuple[str, str]:
    """The acting account's name and password, from --user / --password-stdin or the variables."""
    name = getattr(args, "user", None) or os.environ.get(USER_VARIABLE, "")
    password = os.environ.get(PASSWORD_VARIABLE)
    if getattr(args, "password_stdin", False):
        password = _stdin_lines(1)[0]
    if not name or password is None:
        raise CommandError(_("Tệp dữ liệu này có tài khoản: cần --user TÊN và mật khẩu (--password-stdin hoặc biến "
                             "môi trường {variable}).").format(variable=PASSWORD_VARIABLE))  # fmt: skip
    return name, password


def _sign_in(args: argparse.Namespace) -> None:
    from desktop_app.services import accounts

    if not accounts.has_accounts():
        return
    accounts.sign_in(*_credentials(args), where="cli", record_success=False)


def _stdin_lines(count: int) -> list[str]:
    """``count`` lines of standard input, without their line ends (missing ones are empty)."""
    return [sys.stdin.readline().rstrip("\r\n") for _index in range(count)]


def _new_password() -> str:
    """A new password from standard input: one line, or two identical lines (a confirmation)."""
    first, second = _stdin_lines(2)
    if not first:
        raise CommandError(_("Cần mật khẩu mới ở dòng đầu của đầu vào chuẩn (stdin)."))
    if second and second != first:
        raise CommandError(_("Hai dòng mật khẩu mới không giống nhau; không có gì thay đổi."))
    return first


def _register(name: str) -> object:
    try:
        return BY_NAME[name]
    except KeyError:
        raise CommandError(
            _("Không có sổ «{name}». Các sổ: {names}.").format(name=name, names=", ".join(BY_NAME))
        ) from None


def _period(args: argparse.Namespace) -> Period:
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


# ------------------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    from desktop_app.services.unit_setup import SetupError, create_unit_database, suggested_profile

    try:
        unit = find_unit(args.unit, Structure(args.structure))
    except UnitError as error:
        raise CommandError(str(error)) from error
    data = suggested_profile(unit, args.report_profile or "party")
    for key in ("issuing_body", "superior_body", "place_name", "signer_name", "signer_title", "signer_authority",
                "issuer_code"):  # fmt: skip
        value = getattr(args, key)
        if value:
            setattr(data, key, value)
    if not args.admin or not args.password_stdin:
        raise CommandError(_("Cần tài khoản quản trị đầu tiên: --admin TÊN --password-stdin (mật khẩu ở dòng đầu "
                             "của đầu vào chuẩn)."))  # fmt: skip
    try:
        code = create_unit_database(args.db, data, args.hamlet or [], admin=(args.admin, _new_password()),
                                    encrypt=not args.no_encryption)  # fmt: skip
    except SetupError as error:
        raise CommandError(str(error)) from error
    from desktop_app.services.accounts import normal_name

    print(_("Đã tạo {path} cho {unit}; tài khoản quản trị: {admin}.").format(path=args.db, unit=unit.display,
                                                                           admin=normal_name(args.admin)))
    if code is None:
        print(_("Tệp dữ liệu không mã hóa (--no-encryption): chỉ dùng trên máy chủ đã được bảo vệ."))
    else:
        from desktop_app import cli_safety

        cli_safety.show_recovery_code(args, code, unit.display)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop_app.services import demo

    _open(args)
    try:
        counts = demo.fill(args.records, seed=args.seed, years=args.years, communes=args.communes, today=args.today)
    except demo.DemoError as error:
        raise CommandError(str(error)) from error
    total = sum(counts.values())
    print(_("Đã thêm {count} bản ghi mẫu vào {path}.").format(count=total, path=args.db))
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from desktop_app.domain.headlines import headline_figures
    from desktop_app.services import figures, unit_setup

    _open(args)
    period = _period(args)
    unit = unit_setup.current_unit()
    area = area_of(unit) if unit.is_merging else None
    summary = figures.summarize(period, area)
    payload = {"unit": {"code": unit.code, "name": unit.name, "level": unit.level.value}, **summary.as_json()}
    if not area:
        payload.pop("units")
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"{unit.display} — {period.label}")
        for title, line in headline_figures(summary.figures):
            print(f"{title}: {line}")
        print()
        for key, value in summary.figures.items():
            print(f"  {key}: {'' if value is None else value}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from desktop_app.services import transfer

    register = _register(args.register)
    _open(args)
    try:
        result = transfer.import_file(register, args.file)  # type: ignore[arg-type]
    except transfer.TransferError as error:
        raise CommandError(str(error)) from error
    print(
        _("Đã nhập {count} bản ghi từ {path} (đọc theo bảng mã {encoding}): {added} bản ghi mới, {updated} bản ghi "
          "được sửa.").format(count=result.imported, path=args.file, added=result.added, updated=result.updated,
                             encoding=result.encoding_label)
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from desktop_app.services import transfer

    register = _register(args.register)
    _open(args)
    try:
        count = transfer.export_file(register, args.out, include_sensitive=not args.without_sensitive)  # type: ignore[arg-type]
    except transfer.TransferError as error:
        raise CommandError(str(error)) from error
    print(_("Đã xuất {count} bản ghi ra {path}.").format(count=count, path=args.out))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from desktop_app.services import reports

    _open(args)
    # Minutes are of one record: they need no period.
    no_period = args.kind == "dialogue" and not (args.period or args.date_from or args.date_to)
    period = parse_period(str((args.date or dt.date.today()).year)) if no_period else _period(args)
    try:
        pdf = reports.build_report(args.kind, period, profile=args.profile, record_uuid=args.record,
                                   number=args.number, today=args.date)  # fmt: skip
        reports.write_pdf(pdf, args.out)
    except reports.ReportError as error:
        raise CommandError(str(error)) from error
    print(_("Đã lưu {path}.").format(path=args.out))
    return EXIT_OK


def cmd_package(args: argparse.Namespace) -> int:
    from desktop_app.sync import outgoing

    _open(args)
    if args.out.exists() and not args.out.is_dir():
        raise CommandError(_("--out phải là một thư mục: {path} là một tệp.").format(path=args.out))
    try:
        made = outgoing.make_package(args.out, full=args.full, sent_to=str(args.out))
    except OSError as error:
        raise CommandError(_("Không ghi được gói vào {path}: {error}").format(path=args.out,
                                                                             error=error.strerror)) from error
    if made is None:
        print(_("Không có thay đổi nào từ gói trước; không tạo gói mới (dùng --full để gửi toàn bộ)."))
        return EXIT_OK
    print(_("Đã tạo gói {path}: {count} bản ghi.").format(path=made.path, count=made.records))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from desktop_app.sync import merge

    _open(args)
    if not _current_unit_is_merging():
        raise CommandError(_("Đơn vị cấp xã không nhận gói của đơn vị khác."))
    outcomes = merge.apply_all(args.packages, trust_new=args.trust)
    for outcome in outcomes:
        print(outcome.summary(), file=sys.stderr if outcome.status == "refused" else sys.stdout)
    refused = [o for o in outcomes if o.status == "refused"]
    if refused:
        print(_("{refused}/{total} gói bị từ chối; các gói khác đã được nhận.").format(
            refused=len(refused), total=len(outcomes)), file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    return EXIT_OK


def cmd_trust(args: argparse.Namespace) -> int:
    from desktop_app.sync import enrolment, merge
    from desktop_app.sync.package import PackageError, read_package

    _open(args)
    try:
        if args.file.suffix == PACKAGE_SUFFIX:
            source: object = read_package(args.file, merge.box_key())
            merge.check_area(source)  # type: ignore[arg-type]
            how = "package"
        else:
            source = enrolment.read(args.file)
            how = "enrolment"
            if enrolment.is_from_unit_above(source):  # type: ignore[arg-type]
                fingerprint = enrolment.take_key_above(source, args.file)  # type: ignore[arg-type]
                print(_("Thông tin nhạy cảm gửi lên sẽ được mã hóa cho {unit}; dấu vân tay khóa {fingerprint}.").format(
                    unit=source["unit_name"], fingerprint=fingerprint))  # type: ignore[index]
                return EXIT_OK
        fingerprint = merge.trust(source, how=how, replace=args.replace)  # type: ignore[arg-type]
    except (PackageError, enrolment.EnrolmentError) as error:
        raise CommandError(str(error)) from error
    print(_("Đã tin cậy khóa {fingerprint}.").format(fingerprint=fingerprint))
    return EXIT_OK


def cmd_enrolment(args: argparse.Namespace) -> int:
    from desktop_app.sync import enrolment

    _open(args)
    fingerprint = enrolment.write(args.out)
    print(_("Đã ghi tệp đăng ký {path}. Dấu vân tay khóa: {fingerprint}").format(path=args.out,
                                                                               fingerprint=fingerprint))
    return EXIT_OK


def cmd_digest(args: argparse.Namespace) -> int:
    from desktop_app.sync.digest import digest

    _open(args)
    codes = None
    if args.unit:
        from desktop_app.sync.merge import units_within

        try:
            codes = units_within(args.unit)
        except UnitError as error:
            raise CommandError(str(error)) from error
    result = digest(codes, without_sensitive=args.without_sensitive)
    print(f"{result.sha256}  {result.records}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from desktop_app.sync import runner

    _open(args)
    result = runner.sync()
    for line in result.lines():
        print(line, file=sys.stderr if result.error and line == str(result.error) else sys.stdout)
    if not (result.made or result.sent or result.outcomes or result.error):
        print(_("Không có gì để gửi hoặc nhận."))
    refused = [o for o in result.outcomes if o.status == "refused"]
    return EXIT_ERROR if result.error or refused else EXIT_OK


def cmd_sync_setup(args: argparse.Namespace) -> int:
    from desktop_app.sync import outgoing, runner
    from desktop_app.sync.transports import TransportError

    _open(args)
    for name in [*(args.sensitive or ()), *(args.no_sensitive or ())]:
        _register(name)  # every name checked before anything is changed
    try:
        secret = sys.stdin.readline().rstrip("\n") if args.webdav and args.webdav_password_stdin else None
        if args.check:  # before anything is saved: a target that refuses a step is not kept
            kind = "folder" if args.folder else "webdav" if args.webdav else None
            location = str(args.folder.resolve()) if args.folder else args.webdav or ""
            for step in runner.test_connection(kind, location, args.webdav_user or "", secret):
                print(_("Được: {step}.").format(step=step))
            print(_("Kết nối được: máy chủ nhận đủ các bước của một lần đồng bộ."))
        if args.folder:
            runner.configure("folder", str(args.folder.resolve()), interval_minutes=args.every)
        elif args.webdav:
            runner.configure("webdav", args.webdav, args.webdav_user or "", secret, interval_minutes=args.every)
        elif args.off:
            runner.configure("none")
        for name in args.sensitive or ():
            runner.set_sensitive(name, True)
        for name in args.no_sensitive or ():
            runner.set_sensitive(name, False)
    except TransportError as error:
        raise CommandError(str(error)) from error
    options = outgoing.settings()
    print(_("Nơi gửi: {kind} {target}; trường nhạy cảm được gửi ở: {registers}.").format(
        kind=options.target_kind, target=options.target,
        registers=", ".join(sorted(options.sensitive)) or _("không sổ nào")))  # fmt: skip
    from desktop_app.sync import enrolment

    if options.sensitive and enrolment.key_above() is None:
        print(_("Lưu ý: chưa có khóa mã hóa của cấp trên, nên chưa gửi được thông tin nhạy cảm; nhận tệp đăng ký "
                "của cấp trên bằng «danvan trust TỆP»."))  # fmt: skip
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    from desktop_app.domain.l10n import format_stamp
    from desktop_app.domain.roles import role
    from desktop_app.services import accounts

    if args.action in ("add", "passwd") and os.environ.get(PASSWORD_VARIABLE) is None and accounts_exist(args):
        raise CommandError(_("Mật khẩu mới đọc từ đầu vào chuẩn, nên mật khẩu của người thực hiện phải ở biến môi "
                             "trường {variable}.").format(variable=PASSWORD_VARIABLE))  # fmt: skip
    _open(args)
    try:
        if args.action == "add":
            if not args.role:
                raise CommandError(_("Cần --role (nhap_lieu, lanh_dao hoặc quan_tri)."))
            account = accounts.add_account(args.name, args.role, _new_password(), args.full_name or "")
            print(_("Đã thêm tài khoản {name} ({role}).").format(name=account.name, role=role(account.role).display))
        elif args.action == "passwd":
            if accounts.current().name == accounts.normal_name(args.name):  # one's own: the old one is known
                accounts.change_own_password(os.environ.get(PASSWORD_VARIABLE, ""), _new_password())
            else:
                accounts.reset_password(args.name, _new_password())
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
    from desktop_app.store.database import DatabaseError, is_encrypted, open_database
    from desktop_app.store.migrations import SchemaError

    if is_encrypted(args.db):
        return True  # only an account opens it
    try:
        open_database(args.db)
    except (DatabaseError, SchemaError) as error:
        raise CommandError(str(error)) from error
    return accounts.has_accounts()


def cmd_audit(args: argparse.Namespace) -> int:
    from desktop_app.services import audit

    _open(args)
    if args.action == "verify":
        findings = audit.verify()
        for finding in findings:
            print(f"danvan: {finding.message}", file=sys.stderr)
        if findings:
            return EXIT_ERROR
        print(_("Nhật ký nguyên vẹn: {n} mục, mọi bản ghi khớp với lần thay đổi cuối.").format(n=audit.entry_count()))
        return EXIT_OK
    try:
        start = dt.date.fromisoformat(args.date_from) if args.date_from else None
        end = dt.date.fromisoformat(args.date_to) if args.date_to else None
    except ValueError as error:
        raise CommandError(_("Ngày không hợp lệ: {reason}").format(reason=error)) from error
    if args.register:
        _register(args.register)
    found = audit.lines(register=args.register, record_uuid=args.record, user=args.by, start=start, end=end)
    if args.json:
        print(json.dumps([line.as_json() for line in found], ensure_ascii=False, indent=1))
        return EXIT_OK
    from desktop_app.domain.l10n import format_stamp

    for line in found:
        print(f"{line.id}\t{format_stamp(line.at)}\t{line.user}\t{line.role}\t{line.summary()}")
        for label, before, after in line.change_lines():
            print(f"\t\t{label}: {before} → {after}")
    return EXIT_OK


def cmd_period(args: argparse.Namespace) -> int:
    from desktop_app.services import periods

    _open(args)
    try:
        if args.action == "list":
            rows = periods.all_rows() if args.all else periods.rows()
            for row in rows:
                print(f"{row.unit_code}\t{periods.summary_line(row)}")
            if not rows:
                print(_("Chưa có kỳ nào được chốt."))
            return EXIT_OK
        if not args.period:
            raise CommandError(_("Cần kỳ, ví dụ: danvan period {action} 2026-Q3 --reason \"…\"").format(
                action=args.action))
        row = periods.lock(args.period, args.reason) if args.action == "lock" else periods.reopen(args.period,
                                                                                                   args.reason)
    except periods.LockError as error:
        raise CommandError(str(error)) from error
    print(periods.summary_line(row))
    return EXIT_OK


def _current_unit_is_merging() -> bool:
    from desktop_app.services import unit_setup

    return unit_setup.current_unit().is_merging


def cmd_about(args: argparse.Namespace) -> int:
    from desktop_app import about

    print(f"{APP_DISPLAY_NAME} {__version__}")
    print(_("Thư mục dữ liệu: {path}").format(path=about.data_folder()))
    print(_("Tệp dữ liệu đang dùng: {path}").format(path=args.db))
    print(_("Thành phần và giấy phép:"))
    for component in about.COMPONENTS:
        print(f"  {component.name} {component.version()} — {component.license} — {_(component.role)}")
    missing = [str(path) for path in about.license_files() if not path.is_file()]
    if missing:
        raise CommandError(_("Thiếu tệp giấy phép: {files}").format(files=", ".join(missing)))
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop_app.ui.app import run

    return run(args.db, language=args.language, packages=getattr(args, "packages_to_open", []))


def _split_package_files(argv: list[str], commands: set[str]) -> tuple[list[str], list[Path]]:
    """``danvan FILE.danvan…`` (a double-click on a package): the window, then the merge dialog
    with those files. With a command (``merge``, ``trust``) the files are that command's."""
    if commands & set(argv):
        return argv, []
    packages = [Path(arg) for arg in argv if arg.endswith(PACKAGE_SUFFIX) and not arg.startswith("-")]
    return [arg for arg in argv if Path(arg) not in packages], packages


# ------------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"danvan: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="danvan", description=f"{APP_DISPLAY_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"{APP_DISPLAY_NAME} {__version__}")
    parser.add_argument("--db", type=Path, help="database file (default: the one in the user's data folder)")
    parser.add_argument("--language", choices=l10n.LANGUAGES, help="language of the interface (vi or en)")
    parser.add_argument("--user", help=f"the account to act as (or ${USER_VARIABLE})")
    parser.add_argument("--password-stdin", action="store_true",
                        help=f"read the account's password from standard input (or ${PASSWORD_VARIABLE})")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        # SUPPRESS keeps a --db given before the command name; without either, the default file.
        sub.add_argument("--db", type=Path, default=argparse.SUPPRESS,
                         help="database file (default: the one in the user's data folder)")
        if name not in ("init", "sync-setup"):  # sync-setup's --user is the WebDAV user (since 0.1)
            sub.add_argument("--user", default=argparse.SUPPRESS, help=f"the account to act as (or ${USER_VARIABLE})")
        if name not in OWN_STDIN:
            sub.add_argument("--password-stdin", action="store_true", default=argparse.SUPPRESS,
                             help=f"read the account's password from standard input (or ${PASSWORD_VARIABLE})")
        sub.set_defaults(handler=handler)
        return sub

    init = command("init", cmd_init, "create a database for a unit")
    init.add_argument("--unit", required=True, help="official code: province 2 digits, district 3, commune 5")
    init.add_argument("--structure", choices=[s.value for s in Structure], default=Structure.CURRENT.value,
                      help="2025: province and commune (default); 2004: with districts, before 7/2025")  # fmt: skip
    init.add_argument("--hamlet", action="append", help="a hamlet (thôn, bản, tổ dân phố); repeat for each")
    for option in ("issuing-body", "superior-body", "place-name", "signer-name", "signer-title", "signer-authority",
                   "issuer-code"):  # fmt: skip
        init.add_argument(f"--{option}", help=f"the unit's {option.replace('-', ' ')} for official headers")
    init.add_argument("--report-profile", choices=("party", "state"))
    init.add_argument("--admin", metavar="NAME", help="the first account (role quan_tri)")
    init.add_argument("--password-stdin", action="store_true", dest="password_stdin",
                      help="the first account's password, from standard input (a second identical line confirms)")
    init.add_argument("--no-encryption", action="store_true",
                      help="a plain SQLite file (a province server whose disk is protected otherwise); by default "
                      "the database is encrypted and its recovery code printed once")
    init.add_argument("--recovery-sheet", type=Path, metavar="FILE.pdf",
                      help="also write the recovery code as a one-page PDF to print and keep in the office safe")

    demo = command("demo", cmd_demo, "fill a database with realistic sample records")
    demo.add_argument("--records", type=int, default=500, help="records per unit (default 500)")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--years", type=int, default=3, help="years the records span, ending today")
    demo.add_argument("--communes", type=int, default=0, help="at a merging unit: communes to fill")
    demo.add_argument("--today", type=_iso_date, help="the last day the sample may reach (default: today)")

    summary = command("summary", cmd_summary, "the figures of a period")
    _period_options(summary)
    summary.add_argument("--json", action="store_true", help="print JSON")

    report = command("report", cmd_report, "build a printed report as PDF")
    report.add_argument("kind", choices=KINDS)
    _period_options(report)
    report.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    report.add_argument("--profile", choices=("party", "state"), help="format profile (default: the unit's)")
    report.add_argument("--record", help="dialogue: the UUID of the dialogue record")
    report.add_argument("--number", type=int, help="the document number (default: the next one)")
    report.add_argument("--date", type=_iso_date, help="the date of the document (default: today)")

    command("about", cmd_about, "version, licences of the parts, and the data folder")

    package = command("package", cmd_package, "write a sync package of the changes since the last one")
    package.add_argument("--out", type=Path, required=True, help="the folder to write it in (a USB stick…)")
    package.add_argument("--full", action="store_true", help="every record, not only the changes")
    merge = command("merge", cmd_merge, "take in packages from units below, each whole or not at all")
    merge.add_argument("packages", nargs="+", type=Path, metavar="PACKAGE")
    merge.add_argument("--trust", action="store_true",
                       help="trust the key of a unit sending for the first time (check its fingerprint first)")
    trust = command("trust", cmd_trust, "trust a unit's key, from its enrolment file or a package it signed")
    trust.add_argument("file", type=Path)
    trust.add_argument("--replace", action="store_true", help="forget the unit's other keys")
    enrol = command("enrolment", cmd_enrolment, "write this installation's enrolment file for the unit above")
    enrol.add_argument("--out", type=Path, required=True)
    command("sync", cmd_sync, "send the outbox and, at a merging unit, fetch and merge the inbox now")
    setup = command("sync-setup", cmd_sync_setup, "where packages go, and which registers send sensitive fields")
    where = setup.add_mutually_exclusive_group()
    where.add_argument("--folder", type=Path, help="a folder: USB stick, network share, synced folder")
    where.add_argument("--webdav", metavar="URL", help="a WebDAV folder (Nextcloud, ownCloud, IIS, Apache)")
    where.add_argument("--off", action="store_true", help="no target")
    setup.add_argument("--user", "--webdav-user", dest="webdav_user",
                       help="WebDAV user name (the account acting is given before the command: danvan --user NAME "
                       f"sync-setup …, or ${USER_VARIABLE})")
    setup.add_argument("--password-stdin", action="store_true", dest="webdav_password_stdin",
                       help="read the WebDAV password from the first line of standard input; it is kept in the "
                       f"system keyring (the account's own password then comes from ${PASSWORD_VARIABLE})")
    setup.add_argument("--every", type=int, metavar="MINUTES", help="how often the window syncs (default 10)")
    setup.add_argument("--sensitive", action="append", metavar="REGISTER", help="send this register's sensitive "
                       "fields (off by default)")
    setup.add_argument("--no-sensitive", action="append", metavar="REGISTER")
    setup.add_argument("--check", action="store_true", help="test the connection first (write, rename, list, "
                       "read back, delete a small file in this unit's folder); nothing is saved if a step fails")
    digest = command("digest", cmd_digest, "SHA-256 over every record, to compare two databases")
    digest.add_argument("--unit", help="only the records of this unit and the units under it")
    digest.add_argument("--without-sensitive", action="store_true",
                        help="leave sensitive fields out (to compare with a unit that got records without them)")

    for name, handler, help_text in (("import", cmd_import, "import records from .xlsx or .csv, all or nothing"),):
        sub = command(name, handler, help_text)
        sub.add_argument("register", help=", ".join(BY_NAME))
        sub.add_argument("file", type=Path)
    export = command("export", cmd_export, "export a register to .xlsx or .csv")
    export.add_argument("register", help=", ".join(BY_NAME))
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--without-sensitive", action="store_true", help="leave out personal data")

    user = command("user", cmd_user, "accounts: add, list, passwd, disable (new passwords from standard input)")
    user.add_argument("action", choices=("add", "list", "passwd", "disable"))
    user.add_argument("name", nargs="?", help="the account's sign-in name")
    user.add_argument("--role", choices=tuple(ROLE_CODES), help="add: nhap_lieu, lanh_dao or quan_tri")
    user.add_argument("--full-name", help="add: the officer's full name")

    audit = command("audit", cmd_audit, "list the audit trail, or check it (audit verify)")
    audit.add_argument("action", nargs="?", choices=("list", "verify"), default="list")
    audit.add_argument("--register", help=", ".join(BY_NAME))
    audit.add_argument("--record", metavar="UUID")
    audit.add_argument("--by", "--user-name", dest="by", metavar="NAME", help="entries of this account")
    audit.add_argument("--from", dest="date_from", help="first day, 2026-07-01")
    audit.add_argument("--to", dest="date_to", help="last day")
    audit.add_argument("--json", action="store_true")

    period = command("period", cmd_period, "approve and lock a period, reopen it, or list the locks")
    period.add_argument("action", choices=("lock", "reopen", "list"))
    period.add_argument("period", nargs="?", help="2026-Q3, 2026-H1, 2026-9M, 2026, 2026-07")
    period.add_argument("--reason", default="", help="why (required to lock or reopen)")
    period.add_argument("--all", action="store_true", help="list: the units below too")

    from desktop_app import cli_safety

    cli_safety.add_commands(command)
    return parser


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", help="2024, 2024-H1, 2024-9M, 2024-Q1 or 2024-03")
    parser.add_argument("--from", dest="date_from", help="first day of a range, 2024-01-31")
    parser.add_argument("--to", dest="date_to", help="last day of a range")


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date of the form 2024-01-31: {text!r}") from None


def _quiet_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush into the closed
    pipe says nothing either (the Python documentation's recipe for SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    commands = next(set(action.choices) for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    argv, packages = _split_package_files(list(sys.argv[1:] if argv is None else argv), commands)
    args = parser.parse_args(argv)
    args.packages_to_open = packages
    args.db = args.db or default_database_path()  # argparse has made it a Path already
    args.user = args.user or None
    l10n.set_language(getattr(args, "language", None) or l10n.DEFAULT_LANGUAGE)
    handler = getattr(args, "handler", cmd_gui)
    try:
        status = handler(args)
        sys.stdout.flush()  # here, where a closed pipe is caught, not in the interpreter's exit
        return status
    except CommandError as error:
        print(f"danvan: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # the reader (head, less) went away: nothing is wrong
        _quiet_stdout()
        return EXIT_OK
    except Exception as error:
        from desktop_app.services.accounts import Refused  # not before: --version needs no database code

        if not isinstance(error, Refused):
            raise
        print(f"danvan: {error}", file=sys.stderr)  # a right the account lacks, a locked period
        return EXIT_ERROR
    finally:
        if handler is not cmd_gui:
            from desktop_app.store.database import close_database

            close_database()
