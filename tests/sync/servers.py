"""The WebDAV servers offices really run, from Debian's packages, started by the tests on
127.0.0.1 with basic authentication and their stock WebDAV settings, each with its own config in
a temporary folder and, when the tests run as root, as the unprivileged user ``nobody``.

Every server serves the folder ``data/`` at ``/``; ``/cam/`` is a folder the server forbids
(403), to test that message. The configs are the snippets of docs/webdav-servers.md.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from tests.sync.davserver import PASSWORD, USER, DavServer

KINDS = ("wsgidav", "apache", "nginx", "lighttpd", "rclone")
FORBIDDEN = "cam"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


def apache_config(home: Path, port: int) -> str:
    modules = "/usr/lib/apache2/modules"
    loaded = "\n".join(f"LoadModule {name}_module {modules}/mod_{name}.so" for name in (
        "mpm_event", "authn_core", "authn_file", "authz_core", "authz_user", "auth_basic", "dav", "dav_fs"))
    return f"""{loaded}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {home}/apache.pid
ErrorLog {home}/error.log
LogLevel warn
DavLockDB {home}/davlock
DocumentRoot {home}/data
<Directory {home}/data>
    Dav On
    AuthType Basic
    AuthName "Sổ Dân vận"
    AuthUserFile {home}/htpasswd
    Require valid-user
</Directory>
<Directory {home}/data/{FORBIDDEN}>
    Require all denied
</Directory>
"""


def nginx_config(home: Path, port: int, *, body_limit: str | None = "512m") -> str:
    """``body_limit`` None: nginx's stock 1 MB limit on an upload."""
    temp = "\n".join(f"    {name}_temp_path {home}/tmp-{name};" for name in ("client_body", "proxy", "fastcgi",
                                                                               "uwsgi", "scgi"))
    return f"""load_module /usr/lib/nginx/modules/ngx_http_dav_ext_module.so;
daemon off;
pid {home}/nginx.pid;
error_log {home}/error.log warn;
events {{}}
http {{
{temp}
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        root {home}/data;
        location / {{
            dav_methods PUT DELETE MKCOL COPY MOVE;
            dav_ext_methods PROPFIND OPTIONS;
{f"            client_max_body_size {body_limit};{chr(10)}" if body_limit else ""}            auth_basic "danvan";
            auth_basic_user_file {home}/htpasswd;
        }}
        location /{FORBIDDEN}/ {{
            deny all;
        }}
    }}
}}
"""


def lighttpd_config(home: Path, port: int) -> str:
    return f"""server.modules = ("mod_access", "mod_auth", "mod_authn_file", "mod_webdav")
server.document-root = "{home}/data"
server.bind = "127.0.0.1"
server.port = {port}
server.errorlog = "{home}/error.log"
webdav.activate = "enable"
webdav.is-readonly = "disable"
webdav.sqlite-db-name = "{home}/webdav.sqlite"
auth.backend = "htpasswd"
auth.backend.htpasswd.userfile = "{home}/htpasswd"
auth.require = ("/" => ("method" => "basic", "realm" => "danvan", "require" => "valid-user"))
$HTTP["url"] =~ "^/{FORBIDDEN}(/|$)" {{
    url.access-deny = ("")
}}
"""


class RealDavServer:
    """One of apache, nginx, lighttpd, rclone, with the interface of the WsgiDAV DavServer the
    sync tests use: ``url``, ``start``, ``stop``, ``files``."""

    def __init__(self, kind: str, **options: object) -> None:
        self.kind = kind
        self.options = options  # passed to the configuration (nginx: body_limit)
        self.home = Path(tempfile.mkdtemp(prefix=f"danvan-{kind}-"))
        self.root = self.home / "data"
        (self.root / FORBIDDEN).mkdir(parents=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        subprocess.run(["htpasswd", "-bcB", str(self.home / "htpasswd"), USER, PASSWORD], check=True,
                       capture_output=True)  # fmt: skip
        self._write_config()
        if os.geteuid() == 0:  # the server runs as nobody: it must be able to read and write here
            shutil.chown(self.home, "nobody")
            for path in self.home.rglob("*"):
                shutil.chown(path, "nobody")
            self.home.chmod(0o755)

    def _write_config(self) -> None:
        config = {"apache": apache_config, "nginx": nginx_config, "lighttpd": lighttpd_config}.get(self.kind)
        if config is not None:
            path = self.home / f"{self.kind}.conf"
            path.write_text(config(self.home, self.port, **self.options), encoding="utf-8")
            if os.geteuid() == 0:
                shutil.chown(path, "nobody")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        conf = str(self.home / f"{self.kind}.conf")
        if self.kind == "apache":
            return ["/usr/sbin/apache2", "-f", conf, "-DFOREGROUND"]
        if self.kind == "nginx":
            return ["/usr/sbin/nginx", "-c", conf, "-p", str(self.home), "-e", str(self.home / "error.log")]
        if self.kind == "lighttpd":
            return ["/usr/sbin/lighttpd", "-D", "-f", conf]
        return ["rclone", "serve", "webdav", str(self.root), "--addr", f"127.0.0.1:{self.port}",
                "--htpasswd", str(self.home / "htpasswd"), "--config", str(self.home / "rclone.conf"),
                "--cache-dir", str(self.home / "rclone-cache")]  # fmt: skip

    def start(self, port: int | None = None) -> RealDavServer:
        """Start the server (again); ``port``: on another port than before."""
        if port is not None:
            self.port = port
            self._write_config()
        env = {**os.environ, "APACHE_RUN_DIR": str(self.home), "APACHE_LOG_DIR": str(self.home),
               "HOME": str(self.home)}  # fmt: skip
        for attempt in range(3):  # a server just stopped may still be letting go (apache's pid file)
            for stale in self.home.glob("*.pid"):
                stale.unlink()
            self.process = subprocess.Popen(_as_server_user(self.command()), env=env, stdout=subprocess.DEVNULL,
                                            stderr=(self.home / f"stderr-{attempt}.log").open("wb"))  # fmt: skip
            if self._answers():
                return self
            time.sleep(1)
        raise AssertionError(f"{self.kind} did not answer on {self.url} (exit {self.process.poll()}): {self.log()}")

    def _answers(self) -> bool:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.process is not None and self.process.poll() is None:
            try:
                httpx.request("OPTIONS", self.url, timeout=1)
                return True
            except httpx.HTTPError:
                time.sleep(0.1)
        return False

    def log(self) -> str:
        logs = [*sorted(self.home.glob("stderr-*.log")), self.home / "error.log"]
        return "\n".join(p.read_text(errors="replace") for p in logs if p.exists())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def files(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())


def start_server(kind: str, folder: Path) -> DavServer | RealDavServer:
    if kind == "wsgidav":
        server = DavServer(folder / "dav")
        (server.root / FORBIDDEN).mkdir(parents=True, exist_ok=True)
        return server.start()
    return RealDavServer(kind).start()
