"""A virtual screen for the tests that start the real program in a real window: Xvfb on a free
display number, the window list, waiting for a window by its title, and a screenshot."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@contextlib.contextmanager
def virtual_screen(size: str = "1366x800") -> Iterator[str]:
    """A virtual screen of ``size`` pixels of its own, on a free display number."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: run .ci/setup (it installs xvfb)")
    for number in range(90 + os.getpid() % 100, 400):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1.0)
    assert server.poll() is None, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def display() -> Iterator[str]:
    """A virtual screen of its own, on a free display number."""
    with virtual_screen() as name:
        yield name


def window_geometry(display: str, title: str) -> tuple[int, int, int, int]:
    """x, y, width and height on the screen of the largest window called ``title``."""
    sizes = []
    for line in window_names(display).splitlines():
        found = re.search(r'"(.*)":.*?(\d+)x(\d+)[+-]\d+[+-]\d+\s+\+(-?\d+)\+(-?\d+)', line)
        if found and found.group(1).startswith(title):
            width, height, x, y = (int(found.group(n)) for n in range(2, 6))
            sizes.append((x, y, width, height))
    assert sizes, f"no window called {title!r}"
    return max(sizes, key=lambda g: g[2] * g[3])


def program_env(display: str, home: Path) -> dict[str, str]:
    """The environment of a user with an empty home on ``display``."""
    return {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}  # fmt: skip


def window_names(display: str) -> str:
    done = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                          env={**os.environ, "DISPLAY": display}, timeout=20)  # fmt: skip
    return done.stdout


def wait_for_window(display: str, title: str, program: subprocess.Popen, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert program.poll() is None, program.stderr.read().decode() if program.stderr else "the program ended"
        tree = window_names(display)
        if title in tree:
            return tree
        time.sleep(0.5)
    raise AssertionError(f"no window called {title!r}:\n{window_names(display)}")


def sign_in(display: str, program: subprocess.Popen, name: str, password: str) -> None:
    """Answer the program's login dialog as an officer does: type the name, Tab, the password,
    Enter (xdotool types into the focused field of the real window)."""
    wait_for_window(display, "Đăng nhập", program)
    time.sleep(1)
    env = {**os.environ, "DISPLAY": display}
    for command in (["type", "--delay", "20", name], ["key", "Tab"], ["type", "--delay", "20", password],
                    ["key", "Return"]):  # fmt: skip
        subprocess.run(["xdotool", *command], env=env, check=True, timeout=30)


def screenshot(display: str, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / name
    subprocess.run(["import", "-window", "root", str(path)], env={**os.environ, "DISPLAY": display},
                   check=True, timeout=30)  # fmt: skip
    assert path.stat().st_size > 10_000
    return path


def stop(program: subprocess.Popen) -> int:
    """Ask the program to end as the session does at logout (SIGTERM); its exit status."""
    if program.poll() is None:
        program.terminate()
    try:
        return program.wait(timeout=20)
    except subprocess.TimeoutExpired:
        program.kill()
        program.wait(timeout=10)
        raise AssertionError("the program did not end within 20 s of SIGTERM") from None
