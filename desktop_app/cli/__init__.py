"""The command-line face of the program: the same services as the window, no Qt imported.

A small core (``core``: parser, sign-in, opening the database, exit codes) and one module per
group of commands, each declaring its ``COMMANDS``. Exit status 0 means done; anything else
prints one line (or, for a refused import, the list of bad rows) that says what is wrong, and
changes nothing. Command names, flags and their order in ``--help`` are contracts.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from desktop_app import APP_DISPLAY_NAME, __version__
from desktop_app.cli import accounts, periods, records, reports, safety, sync, units
from desktop_app.cli.core import (
    DB_HELP,
    EXIT_ERROR,
    EXIT_OK,
    PASSWORD_HELP,
    USER_HELP,
    CommandError,
    Parser,
    add_command,  # fmt: skip
    db_location,
)
from desktop_app.cli.window import cmd_gui, split_package_files
from desktop_app.domain import l10n
from desktop_app.files import keep_private
from desktop_app.paths import default_database_path

GROUPS = (units, records, reports, sync, accounts, periods, safety)
# The order of the commands in ``danvan --help``, as it has always been.
ORDER = ("init", "demo", "summary", "report", "about", "package", "merge", "trust", "enrolment", "sync", "sync-setup",
         "digest", "serve", "copy", "import", "export", "convert-legacy", "user", "audit", "period", "encrypt",
         "backup", "backups", "restore", "recover", "seal")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="danvan", description=f"{APP_DISPLAY_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"{APP_DISPLAY_NAME} {__version__}")
    parser.add_argument("--db", type=db_location, help=DB_HELP)
    parser.add_argument("--language", choices=l10n.LANGUAGES, help="language of the interface (vi or en)")
    parser.add_argument("--user", help=USER_HELP)
    parser.add_argument("--password-stdin", action="store_true", help=PASSWORD_HELP)
    subcommands = parser.add_subparsers(dest="command", parser_class=Parser)
    declared = {command.name: command for group in GROUPS for command in group.COMMANDS}
    assert set(declared) == set(ORDER), f"commands declared but not ordered, or gone: {set(declared) ^ set(ORDER)}"
    for name in ORDER:
        add_command(subcommands, declared[name])
    return parser


def _quiet_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush into the closed
    pipe says nothing either (the Python documentation's recipe for SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    keep_private()  # the database, its WAL and ring, backups and exports: this user's alone
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    argv, packages = split_package_files(list(sys.argv[1:] if argv is None else argv), set(ORDER))
    args = parser.parse_args(argv)
    args.packages_to_open = packages
    args.db_given = bool(args.db)  # the window opens where it was last unless --db says otherwise
    args.db = args.db or default_database_path()  # argparse has made it a Path (or a server's URL) already
    args.user = args.user or None
    l10n.set_language(getattr(args, "language", None) or l10n.DEFAULT_LANGUAGE)
    handler = getattr(args, "handler", cmd_gui)
    from desktop_app.services.accounts import Refused  # not before: --version and --help need no services

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
    except Refused as error:  # a right the account lacks, a locked period
        print(f"danvan: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if handler is not cmd_gui:
            from desktop_app.store.database import close_database

            close_database()
