"""The built Linux bundle, run as an officer runs it: not the source, a program of its own."""

from __future__ import annotations

import gettext
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pdfplumber
import pytest

from desktop_app import APP_DISPLAY_NAME, APP_NAME, __version__, about
from desktop_app.domain.l10n import DOMAIN, LANGUAGES
from tests.accounts import ADMIN, ADMIN_PASSWORD, signed_in_env
from tests.xvfb import program_env, screenshot, sign_in, stop, wait_for_window

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
COMMUNE = "06838"


def test_the_bundle_tells_its_version(run, tmp_path):
    done = run("--version", home=tmp_path)
    assert done.stdout.strip() == f"{APP_DISPLAY_NAME} {__version__}"


def test_the_bundle_creates_a_database_and_sums_it_as_the_source_does(run, tmp_path):
    db = tmp_path / "xa.sqlite"
    run("--db", str(db), "init", "--unit", COMMUNE, "--hamlet", "Thôn Nà Áng", home=tmp_path)
    run("--db", str(db), "demo", "--records", "120", "--today", "2026-11-24", home=tmp_path)
    built = json.loads(run("--db", str(db), "summary", "--period", "2026", "--json", home=tmp_path).stdout)
    assert built["unit"] == {"code": COMMUNE, "name": "Xã Bình Liêu", "level": "commune"}
    assert built["figures"]["reception.sessions"] > 0
    source = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(db), "summary", "--period", "2026",
                             "--json"], capture_output=True, text=True, check=True, timeout=120,
                            env=signed_in_env())  # fmt: skip
    assert built == json.loads(source.stdout)


def test_the_bundle_prints_an_official_report_with_its_own_fonts(run, tmp_path):
    db = tmp_path / "xa.sqlite"
    run("--db", str(db), "init", "--unit", COMMUNE, home=tmp_path)
    run("--db", str(db), "demo", "--records", "120", "--today", "2026-11-24", home=tmp_path)
    pdf = tmp_path / "bao-cao.pdf"
    run("--db", str(db), "report", "periodic", "--period", "2026", "--out", str(pdf), "--date", "2026-11-24",
        home=tmp_path)  # fmt: skip
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
        fonts = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars}
    assert "BÁO CÁO" in text and "kết quả công tác dân vận năm 2026" in text
    assert "Bình Liêu, ngày 24 tháng 11 năm 2026" in text
    assert fonts <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}


def test_the_bundle_speaks_english_when_asked(run, tmp_path):
    db = tmp_path / "xa.sqlite"
    run("--db", str(db), "init", "--unit", COMMUNE, home=tmp_path)
    done = run("--db", str(db), "--language", "en", "summary", "--period", "2026", home=tmp_path)
    assert done.stdout.startswith("Xã Bình Liêu (06838) — year 2026")


def test_about_knows_every_version_and_licence_in_the_bundle(run, tmp_path):
    done = run("about", home=tmp_path)
    for component in about.COMPONENTS:
        line = next(line for line in done.stdout.splitlines() if line.strip().startswith(component.name + " "))
        assert about.UNKNOWN_VERSION + " —" not in line, f"no version for {component.name}: {line}"
    assert "PyInstaller 6." in done.stdout
    assert str(tmp_path / "data" / APP_NAME) in done.stdout  # the data folder, in the user's home


def test_the_bundle_carries_fonts_catalogs_unit_data_icons_and_licences(internal):
    fonts = internal / "resources" / "fonts"
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (fonts / f"LiberationSerif-{face}.ttf").stat().st_size > 100_000
    assert "SIL OPEN FONT LICENSE" in (fonts / "LICENSE-LiberationFonts-OFL.txt").read_text(encoding="utf-8")

    for language in LANGUAGES:
        mo = internal / "i18n" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        if language == "en":
            assert catalog.gettext("Giới thiệu…") == "About…"
    assert not list(internal.glob("i18n/**/*.po")), "the bundle needs the compiled catalogs only"

    units = internal / "vietnam_provinces" / "data"
    assert {path.name for path in units.glob("*.json")} >= {"flat-divisions.json", "nested-divisions.json"}
    assert (units / "nested-divisions.json").stat().st_size > 100_000

    for path in about.license_files():
        carried = internal / path.relative_to(ROOT)
        assert carried.is_file() and carried.stat().st_size > 500, f"licence missing from the bundle: {carried}"
    sizes = {int(path.stem.split("-")[1]) for path in (internal / "resources" / "icons").glob("sodanvan-*.png")}
    assert sizes == {16, 24, 32, 48, 64, 128, 256, 512}
    info = json.loads((internal / about.BUILD_INFO).read_text(encoding="utf-8"))
    assert info["version"] == __version__


def test_the_bundle_leaves_out_what_the_program_does_not_use(internal):
    qt = internal / "PySide6" / "Qt"
    assert (qt / "lib" / "libQt6Pdf.so.6").is_file(), "the report preview needs QtPdf"
    assert (qt / "plugins" / "platforms" / "libqxcb.so").is_file()
    assert (qt / "plugins" / "printsupport").is_dir()
    left_in = [p.name for p in (qt / "plugins").rglob("*.so") if "eglfs" in p.name or "gtk3" in p.name]
    assert not left_in
    assert not (qt / "translations").exists()
    locales = {path.stem for path in (internal / "babel" / "locale-data").glob("*.dat")}
    assert locales == {"root", "vi", "vi_VN", "en", "en_001", "en_GB"}
    for module in ("QtQml", "QtQuick", "QtNetwork", "QtSql", "QtMultimedia", "QtWebEngineCore"):
        assert not list((internal / "PySide6").glob(f"{module}.*")), module
    assert not (internal / "tkinter").exists() and not (internal / "pytest").exists()


def test_the_tarball_holds_the_bundle_and_its_desktop_entry(bundle):
    tarball = bundle.parent / f"{APP_NAME}-{__version__}-linux-{os.uname().machine.lower()}.tar.gz"
    with tarfile.open(tarball) as archive:
        members = {member.name: member for member in archive.getmembers()}
    for name in ("danvan", "install.sh", "sodanvan.desktop", "sodanvan-mime.xml", "_internal/LICENSE"):
        assert f"{APP_NAME}/{name}" in members, name
    assert members[f"{APP_NAME}/danvan"].mode & stat.S_IXUSR
    assert members[f"{APP_NAME}/install.sh"].mode & stat.S_IXUSR
    assert all(name.startswith(f"{APP_NAME}/") or name == APP_NAME for name in members)  # one folder, no ../


def test_install_sh_registers_the_program_for_the_user_and_uninstall_keeps_the_data(bundle, tmp_path):
    data = tmp_path / "share"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    database = data / APP_NAME / "sodanvan.sqlite"  # what the program keeps there
    database.parent.mkdir(parents=True)
    database.write_bytes(b"the officer's records")

    subprocess.run([str(bundle / "install.sh")], env=env, check=True, capture_output=True, timeout=60)
    entry = (data / "applications" / "sodanvan.desktop").read_text(encoding="utf-8")
    assert f'Exec="{bundle}/danvan" %f' in entry and "Name=Sổ Dân vận" in entry
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "sodanvan.png").is_file()
    assert (data / "mime" / "packages" / "sodanvan-mime.xml").is_file()
    assert (tmp_path / ".local" / "bin" / "danvan").resolve() == (bundle / "danvan").resolve()
    assert shutil.which("desktop-file-validate"), "desktop-file-utils is not installed: run .ci/setup"
    check = subprocess.run(["desktop-file-validate", str(data / "applications" / "sodanvan.desktop")],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout

    subprocess.run([str(bundle / "install.sh"), "--uninstall"], env=env, check=True, capture_output=True, timeout=60)
    assert not (data / "applications" / "sodanvan.desktop").exists()
    assert not (data / "icons" / "hicolor" / "256x256" / "apps" / "sodanvan.png").exists()
    assert not (tmp_path / ".local" / "bin" / "danvan").exists()
    assert database.read_bytes() == b"the officer's records"
    assert (bundle / "danvan").is_file()


@pytest.mark.xvfb
def test_the_bundle_opens_its_window_in_vietnamese_and_ends_cleanly(run, bundle, display, tmp_path):
    db = tmp_path / "xa.sqlite"
    run("--db", str(db), "init", "--unit", COMMUNE, home=tmp_path)
    run("--db", str(db), "demo", "--records", "200", home=tmp_path)
    program = subprocess.Popen([str(bundle / "danvan"), "--db", str(db)], env=program_env(display, tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)  # fmt: skip
    try:
        wait_for_window(display, "Đăng nhập", program, seconds=60)
        sign_in(display, program, ADMIN, ADMIN_PASSWORD)
        wait_for_window(display, f"{APP_DISPLAY_NAME} — Xã Bình Liêu ({COMMUNE})", program, seconds=60)
        time.sleep(3)
        screenshot(display, "bundle-home.png")
        assert program.poll() is None, "the window closed by itself"
    finally:
        status = stop(program)
    errors = program.stderr.read().decode()
    assert status == 0, errors
    assert "Traceback" not in errors and "Could not load the Qt platform plugin" not in errors


def test_the_bundle_signs_sends_and_merges_packages(run, tmp_path):
    ward, district, usb = tmp_path / "ward.sqlite", tmp_path / "district.sqlite", tmp_path / "usb"
    usb.mkdir()
    run("--db", str(ward), "init", "--unit", "06649", "--structure", "2004", home=tmp_path)
    run("--db", str(ward), "demo", "--records", "80", home=tmp_path)
    run("--db", str(ward), "sync-setup", "--folder", str(usb), home=tmp_path)
    assert "Đã gửi" in run("--db", str(ward), "sync", home=tmp_path).stdout
    run("--db", str(ward), "enrolment", "--out", str(tmp_path / "ward.enrol"), home=tmp_path)
    run("--db", str(district), "init", "--unit", "193", "--structure", "2004", home=tmp_path)
    run("--db", str(district), "trust", str(tmp_path / "ward.enrol"), home=tmp_path)
    packages = [str(p) for p in usb.rglob("*.danvan")]
    merged = run("--db", str(district), "merge", *packages, home=tmp_path).stdout
    assert re.search(r"Phường Hà Khánh \(06649\)\): thêm \d+, cập nhật 0", merged), merged
    digests = [run("--db", str(db), "digest", "--without-sensitive", home=tmp_path).stdout.split()[0]
               for db in (ward, district)]  # fmt: skip
    assert digests[0] == digests[1]
