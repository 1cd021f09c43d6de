"""The real ``danvan`` program, started as a user starts it, in a real window under Xvfb."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.xvfb

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def display(tmp_path):
    """A virtual screen of its own, on a free display number."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: run .ci/setup (it installs xvfb)")
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1366x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1.0)
    assert server.poll() is None, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def window_names(display: str) -> str:
    done = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                          env={**os.environ, "DISPLAY": display}, timeout=20)  # fmt: skip
    return done.stdout


def start(args: list[str], display: str, home: Path) -> subprocess.Popen:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}  # fmt: skip
    danvan = Path(sys.executable).with_name("danvan")
    return subprocess.Popen([str(danvan), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_window(display: str, title: str, program: subprocess.Popen, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert program.poll() is None, program.stderr.read().decode()
        tree = window_names(display)
        if title in tree:
            return tree
        time.sleep(0.5)
    raise AssertionError(f"no window called {title!r}:\n{window_names(display)}")


def screenshot(display: str, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / name
    subprocess.run(["import", "-window", "root", str(path)], env={**os.environ, "DISPLAY": display},
                   check=True, timeout=30)  # fmt: skip
    assert path.stat().st_size > 10_000
    return path


def test_first_start_shows_the_wizard_in_vietnamese(display, tmp_path):
    program = start([], display, tmp_path)
    try:
        wait_for_window(display, "Thiết lập Sổ Dân vận", program)
        time.sleep(1)
        screenshot(display, "wizard.png")
    finally:
        program.terminate()
        program.wait(timeout=10)


def test_the_program_opens_a_demo_database_on_its_home_screen(display, tmp_path):
    db = tmp_path / "xa.sqlite"
    cli = Path(sys.executable).with_name("danvan")
    subprocess.run([str(cli), "init", "--db", str(db), "--unit", "06838"], check=True, timeout=60)
    subprocess.run([str(cli), "demo", "--db", str(db), "--records", "300"], check=True, timeout=60)
    program = start(["--db", str(db)], display, tmp_path)
    try:
        wait_for_window(display, "Sổ Dân vận — Xã Bình Liêu (06838)", program)
        time.sleep(2)
        screenshot(display, "home.png")
        assert program.poll() is None
    finally:
        program.terminate()
        program.wait(timeout=10)
