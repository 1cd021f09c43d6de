"""Unit databases for the sync tests, made in this process, one open at a time, and a keyring
that lives in the test's own folder."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from desktop_app.domain.units import Structure, find_unit
from desktop_app.security import keys
from desktop_app.services import demo, unit_setup
from desktop_app.store import database
from desktop_app.store.models import Installation
from desktop_app.sync.digest import digest

TODAY = dt.date(2026, 11, 24)
# The structure before 7/2025: Thành phố Hạ Long (193) in Quảng Ninh (22), and three of its wards.
PROVINCE, DISTRICT = "22", "193"
COMMUNES = ("06649", "06652", "06655")
ELSEWHERE = "06709"  # Phường Ka Long, Thành phố Móng Cái: another district of Quảng Ninh


@contextmanager
def opened(path: Path | str) -> Iterator[Path | str]:
    database.open_database(path)
    try:
        yield path
    finally:
        database.close_database()


def make_unit(path: Path | str, code: str, *, records: int = 0, seed: int = 1,
              structure: Structure = Structure.LEGACY) -> Path | str:  # fmt: skip
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(code, structure)))
    if records:
        demo.fill(records, seed=seed, today=TODAY, years=2)
    database.close_database()
    return path


def second_installation(source: Path, copy: Path) -> Path:
    """Another laptop of the same unit, set up from a copy of the database: same records, its
    own installation id and key."""
    shutil.copyfile(source, copy)
    with opened(copy):
        private, public = keys.new_key_pair()
        Installation.update(installation_id=str(uuidlib.uuid4()), private_key=private, public_key=public).execute()
    return copy


def hand_down_key(above: Path, below: Path) -> None:
    """The unit above's enrolment file taken in below: sensitive fields are sealed to its key."""
    from desktop_app.sync import enrolment, outgoing

    handed = below.with_suffix(".enrolment.json")  # above may be a server: the file travels on the commune's side
    with opened(above):
        enrolment.write(handed)
    data = enrolment.read(handed)
    with opened(below):
        outgoing.set_recipient(data["unit_code"], data["box_public_key"])


def digest_of(path: Path | str, unit_codes: set[str] | None = None, *, without_sensitive: bool = False) -> str:
    with opened(path):
        return digest(unit_codes, without_sensitive=without_sensitive).sha256


@pytest.fixture(autouse=True)
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A plain-file keyring in the test's folder, for this process and for the programs it starts."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    yield
    keyring.set_keyring(previous)
    database.close_database()
