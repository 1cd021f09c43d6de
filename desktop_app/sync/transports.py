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

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from desktop_app import PACKAGE_SUFFIX
from desktop_app.domain.l10n import _
from desktop_app.services.files import sha256_of

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

    def download(self, remote: Remote, destination: Path) -> None:
        try:
            shutil.copyfile(self.root / remote.folder / remote.name, destination)
        except OSError as error:
            raise TransportError(_("Không đọc được {name} từ {path}: {error}").format(
                name=remote.name, path=self.root, error=error.strerror or error), repr(error)) from error  # fmt: skip


# ------------------------------------------------------------------------------ WebDAV


class WebDavTarget:
    """A WebDAV folder through webdav4 (httpx); no retries of its own: the sync worker backs off."""

    def __init__(self, url: str, username: str = "", password: str = "") -> None:
        from webdav4.client import Client

        self.url = url.rstrip("/") + "/"
        self.description = self.url
        auth = (username, password) if username else None
        self.client = Client(self.url, auth=auth, retry=False, timeout=TIMEOUT_SECONDS)

    def _call(self, what: str, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        import httpx
        from webdav4.client import (
            BadGatewayError,
            ClientError,
            ForbiddenOperation,
            HTTPError,
            InsufficientStorage,
            ResourceNotFound,
        )

        statuses = {InsufficientStorage: 507, BadGatewayError: 502, ResourceNotFound: 404, ForbiddenOperation: 403}
        try:
            return action(*args, **kwargs)
        except HTTPError as error:
            raise _http_error(error.status_code, self.url, what, repr(error)) from error
        except tuple(statuses) as error:
            raise _http_error(statuses[type(error)], self.url, what, repr(error)) from error
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.NetworkError) as error:
            raise TransportError(_("Không kết nối được máy chủ {url}: máy đang ngoại tuyến hoặc máy chủ tắt. "
                                   "Gói vẫn nằm trong hộp thư đi và sẽ được gửi khi có mạng.").format(url=self.url),
                                 repr(error)) from error  # fmt: skip
        except httpx.TimeoutException as error:
            raise TransportError(_("Máy chủ {url} không trả lời kịp; sẽ thử lại.").format(url=self.url),
                                 repr(error)) from error  # fmt: skip
        except (httpx.HTTPError, ClientError) as error:
            raise TransportError(_("Lỗi khi {what} với máy chủ {url}; sẽ thử lại.").format(what=what, url=self.url),
                                 repr(error)) from error  # fmt: skip

    def check(self) -> None:
        """Reach the server and log in: online or not, and whether the password is right."""
        self._call(_("kết nối"), self.client.ls, "", detail=False)

    def _ensure_folder(self, folder: str) -> None:
        path = ""
        for part in folder.split("/"):
            path = f"{path}/{part}" if path else part
            if not self._call(_("kiểm tra thư mục"), self.client.exists, path):
                self._call(_("tạo thư mục"), self.client.mkdir, path)

    def upload(self, path: Path, folder: str, sha256: str) -> None:
        self._ensure_folder(folder)
        final, partial = f"{folder}/{path.name}", f"{folder}/{path.name}{PART_SUFFIX}"
        self._call(_("tải gói lên"), self.client.upload_file, path, partial, overwrite=True)
        self._call(_("đổi tên gói"), self.client.move, partial, final, overwrite=True)
        check = path.with_name(path.name + ".check")
        try:
            self._call(_("đọc lại gói"), self.client.download_file, final, check)
            _verify(check, path.stat().st_size, sha256, self.url)
        finally:
            check.unlink(missing_ok=True)

    def list(self, inbox: str) -> list[Remote]:
        if not self._call(_("kiểm tra thư mục"), self.client.exists, inbox):
            return []
        entries = self._call(_("liệt kê thư mục"), self.client.ls, inbox, detail=True)
        senders = sorted(Path(e["name"].rstrip("/")).name for e in entries if e.get("type") == "directory")
        found = []
        for sender in senders:
            folder = f"{inbox}/{sender}"
            for entry in self._call(_("liệt kê thư mục"), self.client.ls, folder, detail=True):
                name = Path(entry["name"]).name
                if entry.get("type") == "file" and name.endswith(PACKAGE_SUFFIX):
                    found.append(Remote(folder, name, int(entry.get("content_length") or 0)))
        return found

    def download(self, remote: Remote, destination: Path) -> None:
        self._call(_("tải gói về"), self.client.download_file, f"{remote.folder}/{remote.name}", destination)


def _http_error(status: int, url: str, what: str, technical: str) -> TransportError:
    if status in (401, 403):
        return TransportError(_("Máy chủ {url} từ chối tên đăng nhập hoặc mật khẩu (mã {status}). Hãy kiểm tra "
                                "trong Cài đặt đồng bộ.").format(url=url, status=status), technical,
                              retry=False)  # fmt: skip
    if status == 404:
        return TransportError(_("Không thấy thư mục trên máy chủ {url} (mã 404). Hãy kiểm tra địa chỉ trong Cài "
                                "đặt đồng bộ.").format(url=url), technical, retry=False)  # fmt: skip
    if status == 507:
        return TransportError(_("Máy chủ {url} đã hết dung lượng lưu trữ (mã 507). Hãy báo quản trị máy chủ; gói "
                                "vẫn nằm trong hộp thư đi.").format(url=url), technical)  # fmt: skip
    if status >= 500:
        return TransportError(_("Máy chủ {url} đang gặp lỗi (mã {status}); sẽ thử lại sau.").format(
            url=url, status=status), technical)  # fmt: skip
    return TransportError(_("Máy chủ {url} từ chối khi {what} (mã {status}).").format(url=url, what=what,
                                                                                      status=status), technical)
