"""The command that prints: report KIND, a PDF under the unit's format profile."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from desktop_app.cli.core import (
    EXIT_OK,
    Command,
    CommandError,
    add_period_options,
    iso_date,
    open_database,
    period_of,
    terminal_progress,  # fmt: skip
)
from desktop_app.domain.l10n import _
from desktop_app.domain.periods import parse_period
from desktop_app.reports.kinds import KINDS


def cmd_report(args: argparse.Namespace) -> int:
    from desktop_app.services import periods, reports

    open_database(args)
    # Minutes are of one record: they need no period.
    no_period = args.kind == "dialogue" and not (args.period or args.date_from or args.date_to)
    period = parse_period(str((args.date or dt.date.today()).year)) if no_period else period_of(args)
    try:
        pdf = reports.build_report(args.kind, period, profile=args.profile, record_uuid=args.record,
                                   number=args.number, today=args.date,
                                   progress=terminal_progress(_("Đang lập sổ")))  # fmt: skip
        reports.write_pdf(pdf, args.out)
    except reports.ReportError as error:
        raise CommandError(str(error)) from error
    print(_("Đã lưu {path}.").format(path=args.out))
    if args.kind != "dialogue" and (late := periods.late_changes(period)) is not None:
        print(late.note())
    return EXIT_OK


def _report_arguments(report: argparse.ArgumentParser) -> None:
    report.add_argument("kind", choices=KINDS)
    add_period_options(report)
    report.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    report.add_argument("--profile", choices=("party", "state"), help="format profile (default: the unit's)")
    report.add_argument("--record", help="dialogue: the UUID of the dialogue record")
    report.add_argument("--number", type=int, help="the document number (default: the next one)")
    report.add_argument("--date", type=iso_date, help="the date of the document (default: today)")


COMMANDS = (Command("report", cmd_report, "build a printed report as PDF", _report_arguments),)
