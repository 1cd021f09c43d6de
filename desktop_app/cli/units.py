"""Commands that make and describe a unit's database: init, demo, about."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app import APP_DISPLAY_NAME, __version__
from desktop_app.cli.core import (
    EXIT_OK,
    Command,
    CommandError,
    iso_date,
    new_password,
    open_database,
    show_recovery_code,
)
from desktop_app.domain.l10n import _
from desktop_app.domain.units import Structure, UnitError, find_unit

PROFILE_OPTIONS = ("issuing-body", "superior-body", "place-name", "signer-name", "signer-title", "signer-authority",
                   "issuer-code")  # fmt: skip


def cmd_init(args: argparse.Namespace) -> int:
    from desktop_app.services.accounts import normal_name
    from desktop_app.services.unit_setup import SetupError, create_unit_database, suggested_profile
    from desktop_app.store import engines

    try:
        unit = find_unit(args.unit, Structure(args.structure))
    except UnitError as error:
        raise CommandError(str(error)) from error
    data = suggested_profile(unit, args.report_profile or "party")
    for option in PROFILE_OPTIONS:
        value = getattr(args, option.replace("-", "_"))
        if value:
            setattr(data, option.replace("-", "_"), value)
    if not args.admin or not args.password_stdin:
        raise CommandError(_("Cần tài khoản quản trị đầu tiên: --admin TÊN --password-stdin (mật khẩu ở dòng đầu "
                             "của đầu vào chuẩn)."))  # fmt: skip
    try:
        code = create_unit_database(args.db, data, args.hamlet or [], admin=(args.admin, new_password()),
                                    encrypt=not args.no_encryption)  # fmt: skip
    except SetupError as error:
        raise CommandError(str(error)) from error
    print(_("Đã tạo {path} cho {unit}; tài khoản quản trị: {admin}.").format(
        path=engines.shown(args.db), unit=unit.display, admin=normal_name(args.admin)))  # never the URL's password
    if engines.is_server(args.db) and code is None:
        print(_("Cơ sở dữ liệu trên máy chủ, không niêm phong thông tin nhạy cảm (--no-encryption): ai có tài khoản "
                "máy chủ cũng đọc được họ tên người tố cáo."))  # fmt: skip
    elif code is None:
        print(_("Tệp dữ liệu không mã hóa (--no-encryption): chỉ dùng trên máy chủ đã được bảo vệ."))
    else:
        show_recovery_code(args, code, unit.display)
    return EXIT_OK


def _init_arguments(init: argparse.ArgumentParser) -> None:
    init.add_argument("--unit", required=True, help="official code: province 2 digits, district 3, commune 5")
    init.add_argument("--structure", choices=[s.value for s in Structure], default=Structure.CURRENT.value,
                      help="2025: province and commune (default); 2004: with districts, before 7/2025")  # fmt: skip
    init.add_argument("--hamlet", action="append", help="a hamlet (thôn, bản, tổ dân phố); repeat for each")
    for option in PROFILE_OPTIONS:
        init.add_argument(f"--{option}", help=f"the unit's {option.replace('-', ' ')} for official headers")
    init.add_argument("--report-profile", choices=("party", "state"))
    init.add_argument("--admin", metavar="NAME", help="the first account (role quan_tri)")
    init.add_argument("--password-stdin", action="store_true", dest="password_stdin",
                      help="the first account's password, from standard input (a second identical line confirms)")
    init.add_argument("--no-encryption", action="store_true",
                      help="a plain SQLite file, or on a PostgreSQL server sensitive values not sealed; by default "
                      "a file is encrypted, a server's sensitive values are sealed, and the recovery code is printed "
                      "once")
    init.add_argument("--recovery-sheet", type=Path, metavar="FILE.pdf",
                      help="also write the recovery code as a one-page PDF to print and keep in the office safe")


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop_app.services import demo

    open_database(args)
    try:
        counts = demo.fill(args.records, seed=args.seed, years=args.years, communes=args.communes, today=args.today)
    except demo.DemoError as error:
        raise CommandError(str(error)) from error
    total = sum(counts.values())
    print(_("Đã thêm {count} bản ghi mẫu vào {path}.").format(count=total, path=args.db))
    return EXIT_OK


def _demo_arguments(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("--records", type=int, default=500, help="records per unit (default 500)")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--years", type=int, default=3, help="years the records span, ending today")
    demo.add_argument("--communes", type=int, default=0, help="at a merging unit: communes to fill")
    demo.add_argument("--today", type=iso_date, help="the last day the sample may reach (default: today)")


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


COMMANDS = (
    Command("init", cmd_init, "create a database for a unit", _init_arguments),
    Command("demo", cmd_demo, "fill a database with realistic sample records", _demo_arguments),
    Command("about", cmd_about, "version, licences of the parts, and the data folder"),
)
