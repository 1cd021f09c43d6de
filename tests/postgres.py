"""A real PostgreSQL server for the tests that run the store on a province's server (#14):
Debian's ``postgresql`` package, a cluster in a temporary folder, listening on 127.0.0.1 and a
Unix socket of its own, run by an unprivileged user (PostgreSQL refuses root, and CI runs as
root: ``runuser``), stopped when the tests end. Each test gets a database of its own."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ROOT = Path("/usr/lib/postgresql")
_counter = itertools.count(1)


def _bin() -> Path:
    versions = sorted((p for p in ROOT.glob("*/bin/initdb")), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed (Debian's postgresql package; bash .ci/setup installs it)")
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One cluster: ``start``, ``new_database`` as often as needed, ``stop``."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="danvan-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = "danvan"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            shutil.chown(self.folder, "nobody", "nogroup")
            os.chmod(self.folder, 0o700)
            self.as_user = ["runuser", "-u", "nobody", "--"]

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *command], capture_output=True, text=True, timeout=120, check=True,
                              cwd=self.folder)  # fmt: skip

    def start(self) -> Server:
        binary = _bin()
        self._run(str(binary / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")  # fmt: skip
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c full_page_writes=off"
        self._run(str(binary / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "start")  # fmt: skip
        return self

    def stop(self) -> None:
        try:
            self._run(str(_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = f"danvan_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
