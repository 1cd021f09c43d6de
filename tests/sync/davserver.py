"""A real WebDAV server (WsgiDAV on cheroot) on 127.0.0.1, started by the tests, with faults
that can be switched on: an HTTP status for every request, or a connection cut in the middle of
an upload."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp

USER, PASSWORD = "xa", "mật-khẩu-thử"


class CutUpload(Exception):
    pass


class _HalfInput:
    """The body of an upload that stops halfway, as when the server goes down."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream, self.left = stream, limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise CutUpload("the connection was cut in the middle of the upload")
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data

    def readline(self, *args: Any) -> bytes:
        return self.read(*args)


class DavServer:
    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = port
        self.status: int | None = None  # answer every request with this status
        self.forbidden = "/cam"  # requests under this path are refused with 403, as a server's access rule does
        self.cut_uploads = False  # cut the next upload halfway and stop the server
        self.requests: list[tuple[str, str]] = []
        self._server: wsgi.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _app(self) -> Any:
        dav = WsgiDAVApp({
            "provider_mapping": {"/": str(self.root)},
            "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
            "http_authenticator": {"domain_controller": None, "accept_basic": True, "accept_digest": False,
                                   "default_to_digest": False},
            "verbose": 1, "logging": {"enable": False}, "lock_storage": True,
        })  # fmt: skip

        def app(environ: dict[str, Any], start_response: Any) -> Any:
            self.requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
            path = environ["PATH_INFO"]
            status = 403 if path == self.forbidden or path.startswith(self.forbidden + "/") else self.status
            if status is not None:
                start_response(f"{status} Fault", [("Content-Type", "text/plain"), ("Content-Length", "5")])
                return [b"fault"]
            if self.cut_uploads and environ["REQUEST_METHOD"] == "PUT":
                self.cut_uploads = False
                length = int(environ.get("CONTENT_LENGTH") or 0)
                environ["wsgi.input"] = _HalfInput(environ["wsgi.input"], length // 2)
                threading.Thread(target=self._stop_soon, daemon=True).start()
            return dav(environ, start_response)

        return app

    def _stop_soon(self) -> None:
        time.sleep(0.05)
        self.stop()

    def start(self) -> DavServer:
        self._server = wsgi.Server(("127.0.0.1", self.port), self._app(), numthreads=4)
        self._server.prepare()
        self.port = self._server.bind_addr[1]
        self._thread = threading.Thread(target=self._server.serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._thread = None

    def wait_stopped(self, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while self._server is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self._server is None, "the server did not stop"

    def files(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())
