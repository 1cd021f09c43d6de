"""``danvan`` with no command: the window, on ``--db``, with any package files it was given
(a double-click on ``*.danvan``) opened in the merge dialog."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app import PACKAGE_SUFFIX


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop_app.ui.app import run

    location = args.db if getattr(args, "db_given", True) else None  # None: where the window was last
    return run(location, language=args.language, packages=getattr(args, "packages_to_open", []))


def split_package_files(argv: list[str], commands: set[str]) -> tuple[list[str], list[Path]]:
    """``danvan FILE.danvan…`` (a double-click on a package): the window, then the merge dialog
    with those files. With a command (``merge``, ``trust``) the files are that command's."""
    if commands & set(argv):
        return argv, []
    packages = [Path(arg) for arg in argv if arg.endswith(PACKAGE_SUFFIX) and not arg.startswith("-")]
    return [arg for arg in argv if Path(arg) not in packages], packages
