"""Test configuration for every layer: Qt offscreen, Vietnamese interface, fresh databases.

The configuration sets QT_QPA_PLATFORM itself so that nobody running the tests has to.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.domain import l10n
from desktop_app.domain.units import find_unit
from desktop_app.services import unit_setup
from desktop_app.store import database

pytest_plugins = ["tests.xvfb"]  # the display fixture of the window tests

COMMUNE = "06838"  # Xã Bình Liêu, Thành phố Quảng Ninh (the 2025 list)
HAMLETS = ("Thôn Bắc Cương", "Thôn Nà Áng", "Khu Bình Công")
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def vietnamese_interface() -> Iterator[None]:
    """Every test starts in Vietnamese, the default language, and leaves it so."""
    l10n.set_language("vi")
    yield
    l10n.set_language("vi")


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``both_engines`` runs twice: on a SQLite file and on a PostgreSQL server (#14)."""
    marked = metafunc.definition.get_closest_marker("both_engines")
    if marked and "engine" in metafunc.fixturenames and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a test's databases live on: SQLite unless the test is marked ``both_engines``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def place(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[str], Path | str]]:
    """``place(name)``: where a database of that name lives on the test's engine — a file in the
    test's folder, or a fresh, empty database on the test server (dropped afterwards)."""
    made: list[str] = []

    def where(name: str) -> Path | str:
        if engine == "sqlite":
            return tmp_path / f"{name}.sqlite"
        made.append(request.getfixturevalue("postgres_server").new_database())
        return made[-1]

    yield where
    if made:
        database.close_database()
        server = request.getfixturevalue("postgres_server")
        for url in made:
            server.drop_database(url)


@pytest.fixture
def db_path(place: Callable[[str], Path | str]) -> Path | str:
    """The test's database: a file (``tmp_path / "danvan.sqlite"``), or a server's URL on the
    PostgreSQL run of a test marked ``both_engines``."""
    return place("danvan")


@pytest.fixture
def commune_db(db_path: Path) -> Iterator[Path]:
    """A real database file, set up for a commune with three hamlets, and opened."""
    data = unit_setup.suggested_profile(find_unit(COMMUNE))
    unit_setup.create_unit_database(db_path, data, list(HAMLETS))
    yield db_path
    database.close_database()


PASSWORDS = {"quantri": "quan-tri-2026", "lanhdao": "lanh-dao-2026", "nhaplieu": "nhap-lieu-2026"}
ROLE_OF = {"quantri": "quan_tri", "lanhdao": "lanh_dao", "nhaplieu": "nhap_lieu"}


@pytest.fixture
def guarded_db(commune_db: Path) -> Iterator[Path]:
    """The commune database with one account per role, signed in as the administrator."""
    from desktop_app.services import accounts

    accounts.create_administrator("quantri", PASSWORDS["quantri"], "Hoàng Văn Quân")
    accounts.add_account("lanhdao", "lanh_dao", PASSWORDS["lanhdao"], "Nông Thị Đào")
    accounts.add_account("nhaplieu", "nhap_lieu", PASSWORDS["nhaplieu"], "Lý Văn Liệu")
    yield commune_db
    accounts.sign_out()


def sign_in_as(name: str) -> None:
    from desktop_app.services import accounts

    accounts.sign_in(name, PASSWORDS[name])


@pytest.fixture
def encrypted_db(db_path: Path) -> Iterator[Path]:
    """A commune database as the wizard makes it — encrypted — with one account per role and a
    few sample records, signed in as the administrator; its recovery code is ``recovery_code``."""
    from desktop_app.services import accounts, demo

    data = unit_setup.suggested_profile(find_unit(COMMUNE))
    code = unit_setup.create_unit_database(db_path, data, list(HAMLETS), admin=("quantri", PASSWORDS["quantri"]),
                                           admin_full_name="Hoàng Văn Quân")  # fmt: skip
    (db_path.parent / "recovery.txt").write_text(code, encoding="ascii")
    accounts.add_account("lanhdao", "lanh_dao", PASSWORDS["lanhdao"], "Nông Thị Đào")
    accounts.add_account("nhaplieu", "nhap_lieu", PASSWORDS["nhaplieu"], "Lý Văn Liệu")
    demo.fill(40, seed=7, today=TODAY, years=1)
    yield db_path
    accounts.sign_out()
    database.close_database()


@pytest.fixture
def recovery_code(encrypted_db: Path) -> str:
    return (encrypted_db.parent / "recovery.txt").read_text(encoding="ascii")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A real PostgreSQL server for the whole run, started only when a test asks for it."""
    from tests.postgres import Server

    server = Server().start()
    yield server
    server.stop()


@pytest.fixture
def server_url(postgres_server) -> Iterator[str]:
    """A fresh, empty database on the test server; dropped afterwards."""
    from desktop_app.store import database

    url = postgres_server.new_database()
    yield url
    database.close_database()
    postgres_server.drop_database(url)
