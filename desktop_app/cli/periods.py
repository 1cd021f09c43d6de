"""The command of period locks: period lock, reopen, list."""

from __future__ import annotations

import argparse

from desktop_app.cli.core import EXIT_OK, Command, CommandError, open_database
from desktop_app.domain.l10n import _


def cmd_period(args: argparse.Namespace) -> int:
    from desktop_app.services import periods

    open_database(args)
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


def _period_arguments(period: argparse.ArgumentParser) -> None:
    period.add_argument("action", choices=("lock", "reopen", "list"))
    period.add_argument("period", nargs="?", help="2026-Q3, 2026-H1, 2026-9M, 2026, 2026-07")
    period.add_argument("--reason", default="", help="why (required to lock or reopen)")
    period.add_argument("--all", action="store_true", help="list: the units below too")


COMMANDS = (
    Command("period", cmd_period, "approve and lock a period, reopen it, or list the locks", _period_arguments),
)
