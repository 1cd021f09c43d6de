"""The few WebDAV requests sync makes, sent with httpx exactly as the servers offices run
expect them: every PROPFIND with an explicit Depth (0 or 1; RFC 4918 reads a missing one as
"infinity", which Apache and lighttpd refuse with 403, as some nginx dav-ext builds do), MOVE with an explicit
Overwrite, and each answer's status turned into words that say what happened.

webdav4, used before, sends PROPFIND without Depth from ``exists()`` (skshetry/webdav4#178);
this module replaces it rather than patching around it.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx

log = logging.getLogger(__name__)

DAV = "{DAV:}"
PROPFIND_BODY = (b'<?xml version="1.0" encoding="utf-8"?>'
                 b'<propfind xmlns="DAV:"><prop><resourcetype/><getcontentlength/></prop></propfind>')  # fmt: skip
CHUNK = 1024 * 1024


class DavStatusError(Exception):
    """The server answered a request with an error status."""

    def __init__(self, method: str, path: str, status: int) -> None:
        super().__init__(f"{method} {path} → {status}")
        self.method, self.path, self.status = method, path, status


@dataclass(frozen=True)
class Entry:
    name: str  # the last part of the path, unquoted
    is_folder: bool
    size: int


class DavClient:
    """Requests relative to a base URL (a folder); paths are "a/b/c.danvan", without a leading slash."""

    def __init__(self, base_url: str, username: str = "", password: str = "", timeout: float = 30) -> None:
        self.base = base_url.rstrip("/") + "/"
        auth = httpx.BasicAuth(username, password) if username else None
        self.http = httpx.Client(auth=auth, timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self.http.close()

    def url(self, path: str, folder: bool = False) -> str:
        quoted = "/".join(quote(part, safe="") for part in path.strip("/").split("/") if part)
        return urljoin(self.base, quoted + ("/" if folder and quoted else ""))

    def _send(self, method: str, path: str, *, ok: tuple[int, ...], folder: bool = False, **options) -> httpx.Response:
        response = self.http.request(method, self.url(path, folder), **options)
        log.debug("%s /%s → %s", method, path, response.status_code)
        if response.status_code not in ok:
            log.info("WebDAV %s %s answered %s", method, urlsplit(self.url(path, folder)).path, response.status_code)
            raise DavStatusError(method, urlsplit(self.url(path, folder)).path, response.status_code)
        return response

    def _propfind(self, path: str, depth: str, folder: bool) -> ET.Element:
        response = self._send("PROPFIND", path, ok=(207,), folder=folder, content=PROPFIND_BODY,
                              headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"})  # fmt: skip
        return ET.fromstring(response.content)

    def exists(self, path: str) -> bool:
        """Whether ``path`` is there (PROPFIND, Depth 0)."""
        try:
            self._propfind(path, "0", folder=False)
        except DavStatusError as error:
            if error.status == 404:
                return False
            raise
        return True

    def list(self, path: str) -> list[Entry]:
        """What a folder holds, without the folder itself (PROPFIND, Depth 1)."""
        root = self._propfind(path, "1", folder=True)
        own = urlsplit(self.url(path, folder=True)).path.rstrip("/")
        found = []
        for response in root.iter(f"{DAV}response"):
            href = unquote(urlsplit((response.findtext(f"{DAV}href") or "").strip()).path).rstrip("/")
            if href == unquote(own) or not href:
                continue
            prop = _ok_prop(response)
            is_folder = prop is not None and prop.find(f"{DAV}resourcetype/{DAV}collection") is not None
            length = prop.findtext(f"{DAV}getcontentlength") if prop is not None else None
            found.append(Entry(href.rsplit("/", 1)[-1], is_folder, int(length) if length and length.isdigit() else 0))
        return found

    def mkdir(self, path: str) -> None:
        self._send("MKCOL", path, ok=(201,), folder=True)

    def upload(self, source: Path, path: str) -> None:
        with source.open("rb") as handle:
            self._send("PUT", path, ok=(200, 201, 204), content=_chunks(handle),
                       headers={"Content-Length": str(source.stat().st_size),
                                "Content-Type": "application/octet-stream"})  # fmt: skip

    def put_bytes(self, data: bytes, path: str) -> None:
        self._send("PUT", path, ok=(200, 201, 204), content=data, headers={"Content-Type": "application/octet-stream"})

    def move(self, source: str, destination: str, *, overwrite: bool = True) -> None:
        self._send("MOVE", source, ok=(201, 204), headers={"Destination": self.url(destination),
                                                          "Overwrite": "T" if overwrite else "F"})  # fmt: skip

    def download(self, path: str, destination: Path) -> None:
        with self.http.stream("GET", self.url(path)) as response:
            if response.status_code != 200:
                raise DavStatusError("GET", urlsplit(self.url(path)).path, response.status_code)
            with destination.open("wb") as handle:
                for chunk in response.iter_bytes(CHUNK):
                    handle.write(chunk)

    def read(self, path: str) -> bytes:
        return self._send("GET", path, ok=(200,)).content

    def delete(self, path: str) -> None:
        self._send("DELETE", path, ok=(200, 204))


def _ok_prop(response: ET.Element) -> ET.Element | None:
    """The <prop> of the 200 <propstat> of a <response>."""
    for propstat in response.iter(f"{DAV}propstat"):
        status = propstat.findtext(f"{DAV}status") or ""
        if " 200 " in f"{status} ":
            return propstat.find(f"{DAV}prop")
    return None


def _chunks(handle) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk
