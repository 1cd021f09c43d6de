"""The built program: one bundle per test run, made by the documented build command.

``DANVAN_BUNDLE=dist/SoDanVan`` makes the tests use a bundle built before instead of building one
(about half a minute); ``-m 'not bundle'`` leaves these tests out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import APP_NAME
from tests.accounts import signed_in_env, with_admin

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """``{"bundle": folder, "log": build output}``; the tarball lies beside the folder."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle tests run the Linux bundle")
    given = os.environ.get("DANVAN_BUNDLE")
    if given:
        bundle = Path(given).resolve()
        assert (bundle / "danvan").is_file(), f"DANVAN_BUNDLE={given} holds no danvan program"
        return {"bundle": bundle, "log": Path()}
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("build")
    log = dist / "build.log"
    done = subprocess.run([sys.executable, "installer/build.py", "--dist", str(dist), "--work", str(work)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1500)  # fmt: skip
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    assert done.returncode == 0, f"the build failed:\n{done.stdout}\n{done.stderr}"
    print(done.stdout.strip().splitlines()[-3:])  # the size and time, in the test log
    return {"bundle": dist / APP_NAME, "log": log}


@pytest.fixture(scope="session")
def bundle(built) -> Path:
    return built["bundle"]


@pytest.fixture(scope="session")
def internal(bundle) -> Path:
    """Where PyInstaller put everything but the programs."""
    return bundle / "_internal"


@pytest.fixture
def run(bundle):
    """Run the built program (not the source) with a home of its own; the finished process."""

    def run_program(*args: str, home: Path, check: bool = True,
                    stdin: str | None = None) -> subprocess.CompletedProcess:  # fmt: skip
        env = signed_in_env({**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                             "XDG_CONFIG_HOME": str(home / "config"), "PYTHONPATH": ""})  # fmt: skip
        argv, stdin = with_admin(args, stdin)
        done = subprocess.run([str(bundle / "danvan"), *argv], capture_output=True, text=True, env=env,
                              cwd=home, timeout=180, input=stdin)  # fmt: skip
        if check:
            assert done.returncode == 0, f"danvan {' '.join(args)} → {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done

    return run_program
