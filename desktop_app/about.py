"""What the program is and what it ships: its version, the parts it is built from and their
licences, and where it keeps its data. Read by the About dialog, ``danvan about`` and the bundle
recipe (installer/sodanvan.spec), so the list is written once."""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from desktop_app import APP_DISPLAY_NAME, __version__
from desktop_app.domain.l10n import N_
from desktop_app.paths import install_root, resources_dir, user_data_dir

UNKNOWN_VERSION = "—"


@dataclass(frozen=True)
class Component:
    name: str
    role: str  # a msgid: what the part does for the program
    license: str  # SPDX expression
    license_file: str  # relative to the install root
    distribution: str = ""  # the Python distribution whose metadata tells the version
    fixed_version: str = ""  # or the version, when no distribution tells it

    def version(self) -> str:
        if self.fixed_version:
            return self.fixed_version
        if self.distribution == PYTHON:
            return platform.python_version()
        if self.distribution == CLDR:
            from babel.core import get_cldr_version

            return str(get_cldr_version())
        if self.distribution == BUNDLER:
            return str(build_info().get("pyinstaller", UNKNOWN_VERSION))
        try:
            return metadata.version(self.distribution)
        except metadata.PackageNotFoundError:
            return UNKNOWN_VERSION

    def license_path(self) -> Path:
        return install_root() / self.license_file


PYTHON, CLDR, BUNDLER = "<python>", "<cldr>", "<pyinstaller>"  # versions not told by a distribution
GPL = "LICENSE"
LICENSES = "resources/licenses"

# fmt: off
COMPONENTS: tuple[Component, ...] = (
    Component(APP_DISPLAY_NAME, N_("Chương trình"), "GPL-3.0-or-later", GPL, fixed_version=__version__),
    Component("Python", N_("Ngôn ngữ và thư viện chuẩn"), "PSF-2.0", f"{LICENSES}/Python-PSF-2.0.txt", PYTHON),
    Component("Qt 6, PySide6", N_("Giao diện cửa sổ, xem trước và in"), "LGPL-3.0-only",
              f"{LICENSES}/LGPL-3.0.txt", "PySide6-Essentials"),
    Component("Shiboken6", N_("Cầu nối Python với Qt"), "LGPL-3.0-only", f"{LICENSES}/LGPL-3.0.txt", "shiboken6"),
    Component("Liberation Serif", N_("Phông chữ của văn bản in"), "OFL-1.1",
              "resources/fonts/LICENSE-LiberationFonts-OFL.txt", fixed_version="2.1.5"),
    Component("ReportLab", N_("Tạo tệp PDF"), "BSD-3-Clause", f"{LICENSES}/ReportLab-BSD.txt", "reportlab"),
    Component("Pillow", N_("Ảnh trong tệp PDF: chữ ký, con dấu (ReportLab)"), "MIT-CMU",
              f"{LICENSES}/Pillow-MIT-CMU.txt", "pillow"),
    Component("peewee", N_("Cơ sở dữ liệu SQLite"), "MIT", f"{LICENSES}/peewee-MIT.txt", "peewee"),
    Component("Babel", N_("Định dạng số, ngày tháng; bản dịch"), "BSD-3-Clause",
              f"{LICENSES}/Babel-BSD-3-Clause.txt", "babel"),
    Component("Unicode CLDR", N_("Dữ liệu ngôn ngữ đi kèm Babel"), "Unicode-3.0", f"{LICENSES}/Unicode-3.0-CLDR.txt",
              CLDR),
    Component("openpyxl", N_("Đọc, ghi tệp Excel"), "MIT", f"{LICENSES}/openpyxl-MIT.txt", "openpyxl"),
    Component("et_xmlfile", N_("Ghi XML cho openpyxl"), "MIT", f"{LICENSES}/et_xmlfile-MIT.txt", "et_xmlfile"),
    Component("xlrd", N_("Đọc tệp Excel 97-2003 (.xls) của sổ cũ"), "BSD-3-Clause",
              f"{LICENSES}/xlrd-BSD-3-Clause.txt", "xlrd"),
    Component("psycopg", N_("Kết nối cơ sở dữ liệu PostgreSQL trên máy chủ"), "LGPL-3.0-only",
              f"{LICENSES}/LGPL-3.0.txt", "psycopg"),
    Component("platformdirs", N_("Tìm thư mục dữ liệu"), "MIT", f"{LICENSES}/platformdirs-MIT.txt", "platformdirs"),
    Component("vietnam-provinces", N_("Danh mục đơn vị hành chính"), "GPL-3.0-or-later", GPL, "vietnam-provinces"),
    Component("sqlcipher3", N_("Mã hóa tệp dữ liệu (SQLCipher, SQLite)"), "Zlib", f"{LICENSES}/sqlcipher3-Zlib.txt",
              "sqlcipher3"),
    Component("SQLCipher", N_("Mã hóa tệp dữ liệu (nằm trong sqlcipher3)"), "BSD-3-Clause",
              f"{LICENSES}/SQLCipher-BSD-3-Clause.txt", fixed_version="4.19.0"),
    Component("OpenSSL", N_("Thuật toán mã hóa của SQLCipher (nằm trong sqlcipher3)"), "Apache-2.0",
              f"{LICENSES}/OpenSSL-Apache-2.0.txt", fixed_version="3.6.0"),
    Component("cryptography", N_("Chữ ký Ed25519 của gói dữ liệu"), "Apache-2.0 OR BSD-3-Clause",
              f"{LICENSES}/cryptography-Apache-2.0-OR-BSD-3-Clause.txt", "cryptography"),
    Component("argon2-cffi", N_("Băm mật khẩu tài khoản (argon2id)"), "MIT", f"{LICENSES}/argon2-cffi-MIT.txt",
              "argon2-cffi"),
    Component("argon2-cffi-bindings", N_("Băm mật khẩu tài khoản (argon2id)"), "MIT",
              f"{LICENSES}/argon2-cffi-bindings-MIT.txt", "argon2-cffi-bindings"),
    Component("cffi", N_("Gọi thư viện C (argon2, cryptography)"), "MIT-0", f"{LICENSES}/cffi-MIT-0.txt", "cffi"),
    Component("pycparser", N_("Gọi thư viện C (argon2, cryptography)"), "BSD-3-Clause",
              f"{LICENSES}/pycparser-BSD-3-Clause.txt", "pycparser"),
    Component("HTTPX", N_("Gửi, nhận gói qua WebDAV"), "BSD-3-Clause", f"{LICENSES}/httpx-BSD-3-Clause.txt", "httpx"),
    Component("HTTP Core", N_("Kết nối HTTP"), "BSD-3-Clause", f"{LICENSES}/httpcore-BSD-3-Clause.txt", "httpcore"),
    Component("h11", N_("Kết nối HTTP"), "MIT", f"{LICENSES}/h11-MIT.txt", "h11"),
    Component("AnyIO", N_("Kết nối HTTP"), "MIT", f"{LICENSES}/anyio-MIT.txt", "anyio"),
    Component("idna", N_("Tên miền quốc tế"), "BSD-3-Clause", f"{LICENSES}/idna-BSD-3-Clause.txt", "idna"),
    Component("certifi", N_("Chứng chỉ gốc HTTPS"), "MPL-2.0", f"{LICENSES}/certifi-MPL-2.0.txt", "certifi"),
    Component("keyring", N_("Lưu mật khẩu trong kho mật khẩu của hệ điều hành"), "MIT", f"{LICENSES}/keyring-MIT.txt",
              "keyring"),
    Component("pyHanko", N_("Ký số văn bản PDF (PAdES)"), "MIT", f"{LICENSES}/pyHanko-MIT.txt", "pyHanko"),
    Component("pyhanko-certvalidator", N_("Kiểm tra chứng thư số (pyHanko)"), "MIT",
              f"{LICENSES}/pyhanko-certvalidator-MIT.txt", "pyhanko-certvalidator"),
    Component("asn1crypto", N_("Kiểm tra chứng thư số (pyHanko)"), "MIT",
              f"{LICENSES}/asn1crypto-MIT.txt", "asn1crypto"),
    Component("oscrypto", N_("Kiểm tra chứng thư số (pyHanko)"), "MIT", f"{LICENSES}/oscrypto-MIT.txt", "oscrypto"),
    Component("uritools", N_("Kiểm tra chứng thư số (pyHanko)"), "MIT", f"{LICENSES}/uritools-MIT.txt", "uritools"),
    Component("tzlocal", N_("Giờ ký của chữ ký số"), "MIT", f"{LICENSES}/tzlocal-MIT.txt", "tzlocal"),
    Component("python-pkcs11", N_("Ký số bằng USB token (PKCS#11)"), "MIT",
              f"{LICENSES}/python-pkcs11-MIT.txt", "python-pkcs11"),
    Component("python-docx", N_("Ghi bản Word (.docx) của báo cáo"), "MIT",
              f"{LICENSES}/python-docx-MIT.txt", "python-docx"),
    Component("lxml", N_("Ghi XML cho bản Word và chữ ký số"), "BSD-3-Clause",
              f"{LICENSES}/lxml-BSD-3-Clause.txt", "lxml"),
    Component("typing_extensions", N_("Kiểu dữ liệu dùng chung của các thư viện"), "PSF-2.0",
              f"{LICENSES}/typing_extensions-PSF-2.0.txt", "typing_extensions"),
    Component("aiohttp", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "Apache-2.0 AND MIT",
              f"{LICENSES}/aiohttp-Apache-2.0-AND-MIT.txt", "aiohttp"),
    Component("aiohappyeyeballs", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "PSF-2.0",
              f"{LICENSES}/aiohappyeyeballs-PSF-2.0.txt", "aiohappyeyeballs"),
    Component("aiosignal", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "Apache-2.0",
              f"{LICENSES}/aiosignal-Apache-2.0.txt", "aiosignal"),
    Component("attrs", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "MIT",
              f"{LICENSES}/attrs-MIT.txt", "attrs"),
    Component("frozenlist", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "Apache-2.0",
              f"{LICENSES}/frozenlist-Apache-2.0.txt", "frozenlist"),
    Component("multidict", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "Apache-2.0",
              f"{LICENSES}/multidict-Apache-2.0.txt", "multidict"),
    Component("propcache", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "Apache-2.0",
              f"{LICENSES}/propcache-Apache-2.0.txt", "propcache"),
    Component("yarl", N_("Kết nối mạng của pyHanko (chưa dùng khi ngoại tuyến)"), "Apache-2.0",
              f"{LICENSES}/yarl-Apache-2.0.txt", "yarl"),
    Component("PyInstaller", N_("Đóng gói bản cài đặt (chỉ có trong bản cài)"),
              "GPL-2.0-or-later WITH Bootloader-exception",
              f"{LICENSES}/PyInstaller-GPL-2.0-bootloader-exception.txt", BUNDLER),
)
# fmt: on

# The distributions whose metadata a bundle must carry so that the versions above are known.
DISTRIBUTIONS = tuple(c.distribution for c in COMPONENTS if c.distribution and not c.distribution.startswith("<"))
BUILD_INFO = "build-info.json"  # written into the bundle by installer/sodanvan.spec


def build_info() -> dict[str, str]:
    """What the bundle recipe recorded (build date, platform, PyInstaller); empty from source."""
    path = install_root() / BUILD_INFO
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def license_files() -> list[Path]:
    return sorted({c.license_path() for c in COMPONENTS})


def icon_files() -> list[Path]:
    """The application icon in every size it is drawn at, smallest first."""
    return sorted((resources_dir() / "icons").glob("sodanvan-*.png"), key=lambda p: int(p.stem.split("-")[1]))


def data_folder() -> Path:
    return user_data_dir()
