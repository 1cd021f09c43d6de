"""Commands over a register's records and figures: summary, import, export."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.cli.core import (
    EXIT_OK,
    Command,
    CommandError,
    add_period_options,
    open_database,
    period_of,
    register_named,  # fmt: skip
    terminal_progress,
)
from desktop_app.domain.l10n import _
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.units import area_of
from desktop_app.services.legacy_cells import MODES as LEGACY_MODES


def cmd_summary(args: argparse.Namespace) -> int:
    from desktop_app.domain.headlines import headline_figures
    from desktop_app.services import figures, unit_setup

    open_database(args)
    period = period_of(args)
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


def _summary_arguments(summary: argparse.ArgumentParser) -> None:
    add_period_options(summary)
    summary.add_argument("--json", action="store_true", help="print JSON")


def cmd_import(args: argparse.Namespace) -> int:
    from desktop_app.services import transfer

    register = register_named(args.register)
    open_database(args)
    try:
        result = transfer.import_file(register, args.file, progress=terminal_progress(_("Đang nhập")),  # type: ignore[arg-type]
                                      legacy=args.legacy)
    except transfer.TransferError as error:
        raise CommandError(str(error)) from error
    print(
        _("Đã nhập {count} bản ghi từ {path} (đọc theo bảng mã {encoding}): {added} bản ghi mới, {updated} bản ghi "
          "được sửa.").format(count=result.imported, path=args.file, added=result.added, updated=result.updated,
                             encoding=result.encoding_label)
    )
    if result.legacy.summary():
        print(result.legacy.summary())
    return EXIT_OK


LEGACY_HELP = ("text typed in the old Vietnamese fonts: auto (find TCVN3 and VNI cell by cell, the default), "
               "tcvn3, vni, or off")


def _import_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("register", help=", ".join(BY_NAME))
    sub.add_argument("file", type=Path)
    sub.add_argument("--legacy", choices=LEGACY_MODES, default="auto", help=LEGACY_HELP)


def cmd_convert_legacy(args: argparse.Namespace) -> int:
    from desktop_app.services import transfer

    try:
        report = transfer.convert_legacy_file(args.source, args.target, args.legacy)
    except transfer.TransferError as error:
        raise CommandError(str(error)) from error
    print(_("Đã ghi {path}.").format(path=args.target), report.summary() or _("Không có ô nào cần chuyển."))
    return EXIT_OK


def _convert_legacy_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("source", type=Path, help="the old sheet: .xls, .xlsx or .csv (its first sheet)")
    sub.add_argument("target", type=Path, help="where to write it in Unicode: .xlsx or .csv")
    sub.add_argument("--legacy", choices=LEGACY_MODES, default="auto", help=LEGACY_HELP)


def cmd_export(args: argparse.Namespace) -> int:
    from desktop_app.services import transfer

    register = register_named(args.register)
    open_database(args)
    try:
        count = transfer.export_file(register, args.out, include_sensitive=not args.without_sensitive,  # type: ignore[arg-type]
                                     progress=terminal_progress(_("Đang xuất")))
    except transfer.TransferError as error:
        raise CommandError(str(error)) from error
    print(_("Đã xuất {count} bản ghi ra {path}.").format(count=count, path=args.out))
    return EXIT_OK


def _export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("register", help=", ".join(BY_NAME))
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--without-sensitive", action="store_true", help="leave out personal data")


COMMANDS = (
    Command("summary", cmd_summary, "the figures of a period", _summary_arguments),
    Command("import", cmd_import, "import records from .xlsx, .xls or .csv, all or nothing", _import_arguments),
    Command("export", cmd_export, "export a register to .xlsx or .csv", _export_arguments),
    Command("convert-legacy", cmd_convert_legacy, "write an old TCVN3 or VNI sheet out in Unicode",
            _convert_legacy_arguments),
)
