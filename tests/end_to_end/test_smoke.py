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
