"""The real ``danvan`` program, started as a user starts it, in a real window under Xvfb."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.accounts import ADMIN, ADMIN_PASSWORD, signed_in_env, with_admin
from tests.xvfb import program_env, screenshot, sign_in, stop, wait_for_window

pytestmark = pytest.mark.xvfb

DANVAN = Path(sys.executable).with_name("danvan")


def start(args: list[str], display: str, home: Path) -> subprocess.Popen:
    return subprocess.Popen([str(DANVAN), *args], env=program_env(display, home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def test_first_start_shows_the_wizard_in_vietnamese(display, tmp_path):
    program = start([], display, tmp_path)
    try:
        wait_for_window(display, "Thiết lập Sổ Dân vận", program)
        time.sleep(1)
        screenshot(display, "wizard.png")
    finally:
        stop(program)


def test_the_program_opens_a_demo_database_and_ends_cleanly_on_sigterm(display, tmp_path):
    db = tmp_path / "xa.sqlite"
    argv, stdin = with_admin([str(DANVAN), "init", "--db", str(db), "--unit", "06838"], None)
    subprocess.run(argv, check=True, timeout=60, input=stdin, text=True)
    subprocess.run([str(DANVAN), "demo", "--db", str(db), "--records", "300"], check=True, timeout=60,
                   env=signed_in_env())  # fmt: skip
    program = start(["--db", str(db)], display, tmp_path)
    try:
        wait_for_window(display, "Đăng nhập — Sổ Dân vận", program)
        time.sleep(1)
        screenshot(display, "login.png")
        sign_in(display, program, ADMIN, ADMIN_PASSWORD)
        wait_for_window(display, "Sổ Dân vận — Xã Bình Liêu (06838)", program)
        time.sleep(2)
        screenshot(display, "home.png")
        assert program.poll() is None
    finally:
        status = stop(program)
    assert status == 0, program.stderr.read().decode()
    # The layout was saved on the way out, as when the window is closed.
    assert (tmp_path / "config" / "SoDanVan" / "SoDanVan.conf").read_text(encoding="utf-8").count("geometry") >= 1


@pytest.mark.parametrize("size", ["1366x768", "1280x720"])
def test_the_window_opens_inside_the_commonest_screens(tmp_path, size):
    """At 1366×768 (most commune laptops) and 1280×720 (a 1080p laptop at 150 %) the main
    window opens inside the screen, its status bar (who is signed in, encryption) on it."""
    from tests.xvfb import virtual_screen, window_geometry

    db = tmp_path / "xa.sqlite"
    argv, stdin = with_admin([str(DANVAN), "init", "--db", str(db), "--unit", "06838"], None)
    subprocess.run(argv, check=True, timeout=60, input=stdin, text=True)
    subprocess.run([str(DANVAN), "demo", "--db", str(db), "--records", "300"], check=True, timeout=60,
                   env=signed_in_env())  # fmt: skip
    width, height = (int(n) for n in size.split("x"))
    with virtual_screen(size) as display:
        program = start(["--db", str(db)], display, tmp_path)
        try:
            sign_in(display, program, ADMIN, ADMIN_PASSWORD)
            title = "Sổ Dân vận — Xã Bình Liêu (06838)"
            wait_for_window(display, title, program)
            time.sleep(2)
            x, y, w, h = window_geometry(display, title)
            assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, (x, y, w, h)
            assert w >= width - 10 and h >= height - 10  # maximised: the screen is smaller than its natural size
            screenshot(display, f"home-{size}.png")
        finally:
            status = stop(program)
    assert status == 0, program.stderr.read().decode()
