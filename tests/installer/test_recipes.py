"""The installer recipes, read as text: the parts that cannot run on this Linux machine (Inno Setup)
and the Linux desktop entry, held to what the program expects."""

from __future__ import annotations

import configparser
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop_app import APP_DISPLAY_NAME, APP_NAME, PACKAGE_MIME_TYPE, PACKAGE_SUFFIX
from desktop_app.paths import user_data_dir

INSTALLER = Path(__file__).resolve().parents[2] / "installer"
ISS = INSTALLER / "windows" / "sodanvan.iss"


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("[") and line.rstrip().endswith("]") and not line.startswith("[{"):
            current = line.strip()[1:-1]
            sections.setdefault(current, [])
        elif current and line.strip() and not line.lstrip().startswith(";"):
            sections[current].append(line.strip())
    return sections


def setup_value(key: str) -> str:
    for line in iss_sections()["Setup"]:
        name, _, value = line.partition("=")
        if name.strip() == key:
            return value.strip()
    raise AssertionError(f"[Setup] has no {key}")


def test_the_inno_script_is_utf8_with_a_bom_so_vietnamese_names_survive():
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert '#define AppName "Sổ Dân vận"' in raw.decode("utf-8-sig")
    assert f'#define AppName "{APP_DISPLAY_NAME}"' in raw.decode("utf-8-sig")


def test_the_installer_is_per_user_without_administrator_rights():
    assert setup_value("PrivilegesRequired") == "lowest"
    assert setup_value("DefaultDirName") == r"{autopf}\SoDanVan"  # %LOCALAPPDATA%\Programs per user
    assert "HKLM" not in ISS.read_text(encoding="utf-8-sig")
    assert all(line.startswith("Root: HKA;") for line in iss_sections()["Registry"])


def test_start_menu_and_desktop_shortcuts_start_the_windowed_program_with_its_icon():
    icons = iss_sections()["Icons"]
    assert any(line.startswith(r'Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"') for line in icons)
    assert any(r"{autodesktop}" in line and "Tasks: desktopicon" in line for line in icons)
    assert f'#define AppExe "{APP_NAME}.exe"' in ISS.read_text(encoding="utf-8-sig")
    assert setup_value("SetupIconFile") == r"..\..\resources\icons\sodanvan.ico"
    assert (ISS.parent / setup_value("SetupIconFile").replace("\\", "/")).resolve().is_file()
    assert setup_value("UninstallDisplayIcon") == r"{app}\{#AppExe}"


def test_sync_packages_open_with_the_program():
    text = ISS.read_text(encoding="utf-8-sig")
    assert f'#define PackageExt "{PACKAGE_SUFFIX}"' in text
    assert r'ValueData: """{app}\{#AppExe}"" ""%1"""' in text
    assert setup_value("ChangesAssociations") == "yes"


def test_the_uninstaller_keeps_the_data_folder():
    sections = iss_sections()
    assert "UninstallDelete" not in sections and "InstallDelete" not in sections
    text = ISS.read_text(encoding="utf-8-sig")
    # The folder the message names is the one the program keeps its data in.
    assert f'#define DataFolder "{user_data_dir().name}"' in text
    assert r"ExpandConstant('{localappdata}\{#DataFolder}')" in text
    assert "DelTree" not in text and "DeleteFile" not in text


def test_the_build_command_and_the_script_agree_on_names_and_version():
    build = (INSTALLER / "build.py").read_text(encoding="utf-8")
    assert "/DAppVersion={__version__}" in build
    assert setup_value("OutputBaseFilename") == "SoDanVan-{#AppVersion}-setup"
    assert 'f"{APP_NAME}-{__version__}-setup.exe"' in build
    assert re.search(r'Source: "\{#DistDir\}\\SoDanVan\\\*"', ISS.read_text(encoding="utf-8-sig"))


def test_the_desktop_entry_and_file_type_name_the_program_and_its_packages():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(INSTALLER / "linux" / "sodanvan.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name"] == APP_DISPLAY_NAME
    assert desktop["Exec"] == "danvan %f" and desktop["Icon"] == "sodanvan"
    assert desktop["MimeType"] == f"{PACKAGE_MIME_TYPE};"
    mime = ET.parse(INSTALLER / "linux" / "sodanvan-mime.xml").getroot()
    namespace = "{http://www.freedesktop.org/standards/shared-mime-info}"
    kind = mime.find(f"{namespace}mime-type")
    assert kind is not None and kind.get("type") == PACKAGE_MIME_TYPE
    assert kind.find(f"{namespace}glob").get("pattern") == f"*{PACKAGE_SUFFIX}"
