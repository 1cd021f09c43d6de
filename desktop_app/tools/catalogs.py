"""The translation catalog workflow in one command: extract, update, compile.

    python -m desktop_app.tools.catalogs            # all three, in order
    python -m desktop_app.tools.catalogs extract    # desktop_app/ -> i18n/messages.pot
    python -m desktop_app.tools.catalogs update     # messages.pot -> i18n/{vi,en}/LC_MESSAGES/messages.po
    python -m desktop_app.tools.catalogs compile    # .po -> .mo (built, never committed)

The source language is Vietnamese, so the vi catalog stays empty of translations and en
carries the English text.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import chdir

from babel.messages.frontend import CommandLineInterface

from desktop_app.domain.l10n import DOMAIN, LANGUAGES
from desktop_app.paths import catalog_dir

PROJECT = "so-dan-van"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    root = catalog_dir()
    with chdir(root.parent):  # locations in the catalog are relative to the project
        _pybabel(
            "extract", "-F", "i18n/babel.cfg", "-o", "i18n/messages.pot", "--project", PROJECT,
            "--copyright-holder", "Sổ Dân vận developers", "--sort-by-file", "--width", "100",
            "desktop_app",
        )  # fmt: skip


def update() -> None:
    root = catalog_dir()
    for language in LANGUAGES:
        po = root / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        verb = "update" if po.exists() else "init"
        extra = ["--ignore-obsolete", "--width", "100"] if verb == "update" else ["--width", "100"]
        _pybabel(verb, "-i", str(root / "messages.pot"), "-d", str(root), "-D", DOMAIN, "-l", language, *extra)


def compile_catalogs() -> None:
    root = catalog_dir()
    for language in LANGUAGES:
        _pybabel("compile", "-d", str(root), "-D", DOMAIN, "-l", language)


COMMANDS = {"extract": (extract,), "update": (update,), "compile": (compile_catalogs,),
            "all": (extract, update, compile_catalogs)}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv) or ["all"]
    if len(args) != 1 or args[0] not in COMMANDS:
        print(f"usage: python -m desktop_app.tools.catalogs [{'|'.join(COMMANDS)}]", file=sys.stderr)
        return 2
    for step in COMMANDS[args[0]]:
        step()
    return 0


if __name__ == "__main__":
    sys.exit(main())
