"""Files the program writes are its user's alone (issue #25): another account on the same
computer cannot read the database, its WAL, its key ring, the backups and their records, the
recovery sheet, or an export with sensitive fields. The test runs the real program with the
permissive umask a desktop session has (022) and looks at the mode of every file it left.

A sync package and an enrolment file are for the officer of the unit above, who may open a
shared folder as another user: they stay readable (both are signed; a package's sensitive
parts are sealed to that unit)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.test_cli import danvan

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; on Windows the user's own data folder")


def modes(root: Path) -> dict[str, int]:
    return {str(path.relative_to(root)): stat.S_IMODE(path.stat().st_mode) for path in sorted(root.rglob("*"))}


def test_every_file_the_program_writes_is_its_user_s_alone(tmp_path):
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    old = os.umask(0o022)
    try:
        db = str(work / "xa.sqlite")
        assert danvan("init", "--db", db, "--unit", "06838", "--recovery-sheet", str(work / "phieu.pdf"),
                      home=home).returncode == 0  # fmt: skip
        assert danvan("demo", "--db", db, "--records", "60", home=home).returncode == 0
        assert danvan("backup", "--db", db, home=home).returncode == 0
        assert danvan("export", "petition", "--db", db, "--out", str(work / "don.xlsx"), home=home).returncode == 0
        assert danvan("report", "petitions", "--db", db, "--period", "2026", "--out", str(work / "so.pdf"),
                      home=home).returncode == 0  # fmt: skip
        assert danvan("package", "--db", db, "--out", str(work / "goi"), home=home).returncode == 0
    finally:
        os.umask(old)
    found = modes(work)
    shared = {name for name in found if name.endswith(".danvan")}
    assert shared, found
    private_files = {name: mode for name, mode in found.items() if (work / name).is_file() and name not in shared}
    assert {"xa.sqlite", "xa.sqlite.keys", "phieu.pdf", "don.xlsx", "so.pdf"} <= set(private_files)
    assert any(name.startswith("backups/") and name.endswith(".json") for name in private_files), found
    assert {name: mode for name, mode in private_files.items() if mode != 0o600} == {}
    folders = {name: mode for name, mode in found.items() if (work / name).is_dir()}
    of_packages = {name for name in folders if all(child.suffix == ".danvan" for child in (work / name).iterdir())}
    private_folders = {name: mode for name, mode in folders.items() if name not in of_packages}
    assert "backups" in private_folders
    assert {name: mode for name, mode in private_folders.items() if mode != 0o700} == {}
    assert {found[name] for name in shared} == {0o644}
    assert {folders[name] for name in of_packages} == {0o755}
