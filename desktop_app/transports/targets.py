"""Where packages travel: a folder (USB stick, network share, synced folder) or a WebDAV server
(Nextcloud, ownCloud, IIS, Apache), both laid out the same way:

    <target>/<code of the unit above>/<code of the sending unit>/<package>.danvan

A unit sends into its own folder inside the folder of the unit above it; a merging unit fetches
from the folders inside its own, so one server serves every level without a unit seeing the
packages meant for another. A package is uploaded under a temporary name (``.part``), moved to its name,
then read back and compared by size and SHA-256, so a half-written file is never taken for a
package; names that do not end in ``.danvan`` are never fetched.
"""

from __future__ import annotations

import logging
import shutil
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from desktop_app import PACKAGE_SUFFIX
from desktop_app.domain.l10n import _
from desktop_app.files import sha256_of

log = logging.getLogger(__name__)
PART_SUFFIX = ".part"
TIMEOUT_SECONDS = 30


class TransportError(Exception):
    """The target could not be reached or refused; the message is for a commune officer,
    ``technical`` for the log, ``retry`` whether trying later may help."""

    def __init__(self, message: str, technical: str = "", *, retry: bool = True) -> None:
        super().__init__(message)
        self.technical = technical or message
        self.retry = retry


@dataclass(frozen=True)
class Remote:
    folder: str  # "<code of the unit above>/<code of the sender>"
    name: str
    size: int


class Target(Protocol):
    description: str

    def upload(self, path: Path, folder: str, sha256: str) -> None: ...
    def check(self) -> None: ...
    def list(self, inbox: str) -> list[Remote]: ...
    def download(self, remote: Remote, destination: Path) -> None: ...


def _verify(received: Path, size: int, sha256: str, where: str) -> None:
    if received.stat().st_size != size or sha256_of(received) != sha256:
        raise TransportError(_("Gói trên {where} không giống gói đã gửi (khác kích thước hoặc mã kiểm tra); "
                               "sẽ gửi lại.").format(where=where))  # fmt: skip


# ------------------------------------------------------------------------------ a folder


class FolderTarget:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.description = str(self.root)

    def _check_root(self) -> None:
        if not self.root.is_dir():
            raise TransportError(_("Không thấy thư mục {path} (chưa cắm USB, hoặc ổ mạng chưa kết nối?).").format(
                path=self.root))  # fmt: skip

    def check(self) -> None:
        self._check_root()

    def upload(self, path: Path, folder: str, sha256: str) -> None:
        self._check_root()
        try:
            destination = self.root / folder
            destination.mkdir(parents=True, exist_ok=True)
            final = destination / path.name
            partial = destination / (path.name + PART_SUFFIX)
            shutil.copyfile(path, partial)
            shutil.copymode(path, partial)  # a package stays readable by the unit above, a backup private
            partial.replace(final)
            _verify(final, path.stat().st_size, sha256, self.description)
        except OSError as error:
            raise TransportError(_("Không ghi được vào thư mục {path}: {error}").format(
                path=self.root, error=error.strerror or error), repr(error)) from error  # fmt: skip

    def list(self, inbox: str) -> list[Remote]:
        self._check_root()
        place = self.root / inbox
        if not place.is_dir():
            return []
        return [Remote(f"{inbox}/{package.parent.name}", package.name, package.stat().st_size)
                for package in sorted(place.glob(f"*/*{PACKAGE_SUFFIX}"))]  # fmt: skip

    def test_steps(self, folder: str) -> list[tuple[str, Callable[[], object]]]:
        """The connection test in the unit's folder (as WebDavTarget.test_steps)."""
        place = self.root / folder
        name = f"kiem-tra-{uuidlib.uuid4().hex[:8]}.tmp"
        data = b"So Dan van: kiem tra ket noi\n"

        def read_back() -> None:
            if (place / name).read_bytes() != data:
                raise OSError("the file read back differs")

        return [
            (_("tạo thư mục của đơn vị"), lambda: (self._check_root(), place.mkdir(parents=True, exist_ok=True))),
            (_("ghi tệp"), lambda: (place / (name + PART_SUFFIX)).write_bytes(data)),
            (_("đổi tên tệp"), lambda: (place / (name + PART_SUFFIX)).replace(place / name)),
            (_("liệt kê thư mục"), lambda: next(p for p in place.iterdir() if p.name == name)),
            (_("đọc lại tệp"), read_back),
            (_("xóa tệp"), lambda: (place / name).unlink()),
        ]

    def _call(self, what: str, action: Callable[..., Any], *args: Any) -> Any:
        try:
            return action(*args)
        except (OSError, StopIteration) as error:
            raise TransportError(_("Không {what} được trong thư mục {path}: {error}").format(
                what=what, path=self.root, error=getattr(error, "strerror", None) or error), repr(error),
                retry=False) from error  # fmt: skip

    def download(self, remote: Remote, destination: Path) -> None:
        try:
            shutil.copyfile(self.root / remote.folder / remote.name, destination)
        except OSError as error:
            raise TransportError(_("Không đọc được {name} từ {path}: {error}").format(
                name=remote.name, path=self.root, error=error.strerror or error), repr(error)) from error  # fmt: skip


# ------------------------------------------------------------------------------ WebDAV


class WebDavTarget:
    """A WebDAV folder (transports/webdav.py); no retries of its own: the sync worker backs off."""

    def __init__(self, url: str, username: str = "", password: str = "") -> None:
        from desktop_app.transports.webdav import DavClient

        self.url = url.rstrip("/") + "/"
        self.description = self.url
        self.client = DavClient(self.url, username, password, timeout=TIMEOUT_SECONDS)

    def _call(self, what: str, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        import httpx

        from desktop_app.transports.webdav import DavStatusError

        try:
            return action(*args, **kwargs)
        except DavStatusError as error:
            log.warning("WebDAV %s %s refused with %s", error.method, error.path, error.status)
            raise _http_error(error.status, self.url, what, error.path, str(error)) from error
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.NetworkError) as error:
            raise TransportError(_("Không kết nối được máy chủ {url}: máy đang ngoại tuyến hoặc máy chủ tắt. "
                                   "Gói vẫn nằm trong hộp thư đi và sẽ được gửi khi có mạng.").format(url=self.url),
                                 repr(error)) from error  # fmt: skip
        except httpx.TimeoutException as error:
            raise TransportError(_("Máy chủ {url} không trả lời kịp; sẽ thử lại.").format(url=self.url),
                                 repr(error)) from error  # fmt: skip
        except (httpx.HTTPError, ValueError) as error:  # ValueError: an answer that is not WebDAV XML
            raise TransportError(_("Lỗi khi {what} với máy chủ {url}; sẽ thử lại.").format(what=what, url=self.url),
                                 repr(error)) from error  # fmt: skip

    def check(self) -> None:
        """Reach the server and log in: online or not, and whether the password is right."""
        self._call(_("kết nối"), self.client.list, "")

    def _ensure_folder(self, folder: str) -> None:
        path = ""
        for part in folder.split("/"):
            path = f"{path}/{part}" if path else part
            if not self._call(_("kiểm tra thư mục"), self.client.exists, path):
                self._call(_("tạo thư mục"), self.client.mkdir, path)

    def upload(self, path: Path, folder: str, sha256: str) -> None:
        self._ensure_folder(folder)
        final, partial = f"{folder}/{path.name}", f"{folder}/{path.name}{PART_SUFFIX}"
        self._call(_("tải gói lên"), self.client.upload, path, partial)
        self._call(_("đổi tên gói"), self.client.move, partial, final)
        check = path.with_name(path.name + ".check")
        try:
            self._call(_("đọc lại gói"), self.client.download, final, check)
            _verify(check, path.stat().st_size, sha256, self.url)
        finally:
            check.unlink(missing_ok=True)

    def list(self, inbox: str) -> list[Remote]:
        if not self._call(_("kiểm tra thư mục"), self.client.exists, inbox):
            return []
        senders = sorted(e.name for e in self._call(_("liệt kê thư mục"), self.client.list, inbox) if e.is_folder)
        found = []
        for sender in senders:
            folder = f"{inbox}/{sender}"
            for entry in self._call(_("liệt kê thư mục"), self.client.list, folder):
                if not entry.is_folder and entry.name.endswith(PACKAGE_SUFFIX):
                    found.append(Remote(folder, entry.name, entry.size))
        return found

    def download(self, remote: Remote, destination: Path) -> None:
        self._call(_("tải gói về"), self.client.download, f"{remote.folder}/{remote.name}", destination)

    def test_steps(self, folder: str) -> list[tuple[str, Callable[[], object]]]:
        """The steps of "Kiểm tra kết nối" in the unit's own folder: what a sync does, on a
        small file of its own, so a server that refuses one step is found before it matters."""
        name = f"kiem-tra-{uuidlib.uuid4().hex[:8]}"
        data = b"So Dan van: kiem tra ket noi\n"
        first, second = f"{folder}/{name}.tmp{PART_SUFFIX}", f"{folder}/{name}.tmp"

        def listed() -> None:
            if name + ".tmp" not in {e.name for e in self.client.list(folder)}:
                raise TransportError(_("Thư mục {folder} trên máy chủ không liệt kê tệp vừa ghi.").format(
                    folder=folder), retry=False)  # fmt: skip

        def read_back() -> None:
            if self.client.read(second) != data:
                raise TransportError(_("Tệp đọc lại khác tệp đã ghi."), retry=False)

        return [
            (_("tạo thư mục của đơn vị"), lambda: self._ensure_folder(folder)),
            (_("ghi tệp"), lambda: self.client.put_bytes(data, first)),
            (_("đổi tên tệp"), lambda: self.client.move(first, second)),
            (_("liệt kê thư mục"), listed),
            (_("đọc lại tệp"), read_back),
            (_("xóa tệp"), lambda: self.client.delete(second)),
        ]


def run_test(target: Target, folder: str) -> list[str]:
    """Run the connection test; the steps that passed, in words. TransportError names the step
    the server refused (and whatever was left of the test file is removed where possible)."""
    done = []
    for what, step in target.test_steps(folder):  # type: ignore[attr-defined]
        try:
            target._call(what, step)  # type: ignore[attr-defined]
        except TransportError as error:
            raise TransportError(_("Bước «{step}» không được: {error}").format(step=what, error=error),
                                 error.technical, retry=error.retry) from error  # fmt: skip
        done.append(what)
    return done


def _http_error(status: int, url: str, what: str, path: str, technical: str) -> TransportError:
    """Words for a refusal: each status says what happened; only 401 is about the password."""
    words = {
        401: _("Máy chủ {url} từ chối tên đăng nhập hoặc mật khẩu (mã 401). Hãy kiểm tra trong Cài đặt đồng bộ."),
        403: _("Máy chủ {url} không cho phép {what} ở {path} (mã 403): quyền trên thư mục này hoặc cấu hình WebDAV "
               "của máy chủ không cho. Hãy báo quản trị máy chủ."),
        404: _("Không thấy {path} trên máy chủ {url} (mã 404). Hãy kiểm tra địa chỉ trong Cài đặt đồng bộ."),
        405: _("Máy chủ {url} không nhận lệnh khi {what} ở {path} (mã 405): WebDAV chưa bật cho thư mục này, hoặc "
               "máy chủ không cho phương thức đó."),
        409: _("Máy chủ {url} không {what} được ở {path} (mã 409): thư mục chứa nó chưa có trên máy chủ."),
        412: _("Máy chủ {url} không cho ghi đè {path} khi {what} (mã 412). Hãy báo quản trị máy chủ cho phép ghi "
               "đè (docs/webdav-servers.md)."),
        413: _("Máy chủ {url} không nhận {path}: gói lớn hơn mức máy chủ cho phép (mã 413). Hãy báo quản trị máy "
               "chủ nâng giới hạn (docs/webdav-servers.md)."),
        423: _("{path} đang bị khóa trên máy chủ {url} (mã 423); sẽ thử lại sau."),
        507: _("Máy chủ {url} đã hết dung lượng lưu trữ (mã 507). Hãy báo quản trị máy chủ; gói vẫn nằm trong hộp "
               "thư đi."),
    }
    retry = status in (423, 507) or status >= 500
    if status in words:
        text = words[status]
    elif status >= 500:
        text = _("Máy chủ {url} đang gặp lỗi (mã {status}); sẽ thử lại sau.")
    else:
        text = _("Máy chủ {url} từ chối khi {what} ở {path} (mã {status}).")
    return TransportError(text.format(url=url, what=what, path=path, status=status), technical, retry=retry)
