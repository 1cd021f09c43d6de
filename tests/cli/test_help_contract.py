"""The command line is a contract: other programs and people call its commands and flags
exactly so. Every command's ``--help`` text is compared, byte for byte, with the copy taken
before the command line became a package (tests/cli/help_before_move/)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from desktop_app.cli import build_parser

BEFORE = Path(__file__).with_name("help_before_move")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"danvan": parser, **sub.choices}


def test_every_command_has_its_copy_and_no_command_was_lost_or_added():
    """The same commands as the copies, no more and no fewer (a command added since the move,
    ``seal``, brought its copy with it)."""
    assert {path.stem for path in BEFORE.glob("*.txt")} == set(_commands())


@pytest.mark.parametrize("name", sorted(path.stem for path in BEFORE.glob("*.txt")))
def test_help_text_is_byte_identical(name, monkeypatch):
    """Same usage line, same flags, same words, at the width the copy was taken (100 columns)."""
    monkeypatch.setenv("COLUMNS", "100")
    assert _commands()[name].format_help() == (BEFORE / f"{name}.txt").read_text(encoding="utf-8")
