"""Where the program finds what it ships (resources, catalogs) and where it keeps user data."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

from desktop_app import APP_NAME


def install_root() -> Path:
    """The source checkout, or the folder a frozen bundle unpacked into."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def catalog_dir() -> Path:
    """The gettext catalogs: ``<lang>/LC_MESSAGES/messages.po`` and its compiled ``.mo``."""
    return install_root() / "i18n"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return user_data_dir() / "sodanvan.sqlite"
