"""The list of shipped parts and their licences, which the About dialog, ``danvan about`` and the
bundle recipe read."""

from __future__ import annotations

import subprocess
import sys

from desktop_app import APP_DISPLAY_NAME, __version__, about
from desktop_app.paths import install_root


def test_every_licence_file_is_in_the_checkout_and_is_a_licence():
    for component in about.COMPONENTS:
        text = component.license_path().read_text(encoding="utf-8")
        assert len(text) > 500, component.name
        assert any(word in text.upper() for word in ("LICENSE", "LICENCE", "PERMISSION")), component.name


def test_versions_come_from_the_installed_parts():
    versions = {component.name: component.version() for component in about.COMPONENTS}
    assert versions[APP_DISPLAY_NAME] == __version__
    assert versions["Python"] == ".".join(map(str, sys.version_info[:3]))
    from importlib.metadata import version

    assert versions["ReportLab"] == version("reportlab")
    assert versions["Unicode CLDR"].isdigit()
    unknown = [name for name, text in versions.items() if text == about.UNKNOWN_VERSION and name != "PyInstaller"]
    assert not unknown  # only the bundler is unknown outside a bundle


def test_the_icon_comes_in_every_size_the_platforms_ask_for():
    sizes = [int(path.stem.split("-")[1]) for path in about.icon_files()]
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]
    ico = install_root() / "resources" / "icons" / "sodanvan.ico"
    header = ico.read_bytes()[:6]
    assert header[:4] == b"\0\0\1\0" and int.from_bytes(header[4:6], "little") == 6


def test_danvan_about_lists_parts_and_the_data_folder(tmp_path):
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "x.sqlite"), "about"],
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    assert done.stdout.startswith(f"{APP_DISPLAY_NAME} {__version__}\nThư mục dữ liệu: {about.data_folder()}")
    assert "Qt 6, PySide6 " in done.stdout and "LGPL-3.0-only" in done.stdout


def test_the_sqlcipher_and_openssl_versions_named_are_the_ones_linked():
    from sqlcipher3 import dbapi2

    from desktop_app.about import COMPONENTS

    named = {c.name: c.fixed_version for c in COMPONENTS}
    connection = dbapi2.connect(":memory:")
    connection.execute("PRAGMA key = 'any'")  # the provider is told once a key is set
    cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
    provider = connection.execute("PRAGMA cipher_provider_version").fetchone()[0]
    assert cipher.split()[0] == named["SQLCipher"]
    assert provider.split()[:2] == ["OpenSSL", named["OpenSSL"]]
