"""The issue's own reproduction, on the real program in a real window at 1366×768: an officer
types a petition with xdotool at 120 ms a key, a click into "Ngày nhận" first, and the file
holds exactly the date typed. On the way, each register's page is photographed with a record
open, for the README and for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time

import pytest

from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.domain.sealed import is_sealed
from desktop_app.services import accounts, encryption
from desktop_app.store import database, queries
from tests.accounts import ADMIN, ADMIN_PASSWORD, raw_connect, signed_in_env, with_admin
from tests.end_to_end.test_smoke import DANVAN, start
from tests.xvfb import screenshot, sign_in, stop, virtual_screen, wait_for_window

pytestmark = pytest.mark.xvfb

TITLE = "Sổ Dân vận — Xã Bình Liêu (06838)"
PETITION = BY_NAME["petition"]
ROW_HEIGHT = 26  # the navigation list's rows, as the screenshot at 1366×768 shows them


def xdotool(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=60)


def slowly(display: str, text: str) -> None:
    xdotool(display, "type", "--delay", "120", text)


def test_a_petition_typed_at_a_person_s_pace_holds_the_date_typed(tmp_path):
    db = tmp_path / "xa.sqlite"
    argv, stdin = with_admin([str(DANVAN), "init", "--db", str(db), "--unit", "06838"], None)
    subprocess.run(argv, check=True, timeout=60, input=stdin, text=True)
    subprocess.run([str(DANVAN), "demo", "--db", str(db), "--records", "300"], check=True, timeout=60,
                   env=signed_in_env())  # fmt: skip
    with virtual_screen("1366x768") as display:
        program = start(["--db", str(db)], display, tmp_path)
        try:
            sign_in(display, program, ADMIN, ADMIN_PASSWORD)
            wait_for_window(display, TITLE, program)
            time.sleep(2)
            for row, register in enumerate(REGISTERS, start=1):  # each register with its first record open
                xdotool(display, "mousemove", "60", str(32 + ROW_HEIGHT * row), "click", "1")
                time.sleep(1.0)
                xdotool(display, "mousemove", "300", "200", "click", "1")  # the first row of the list
                time.sleep(1.0)
                screenshot(display, f"register-{register.name}.png")
            xdotool(display, "mousemove", "60", str(32 + ROW_HEIGHT * 2), "click", "1")  # Đơn thư
            time.sleep(1)
            xdotool(display, "key", "ctrl+n")
            time.sleep(1)
            xdotool(display, "key", "shift+Tab", "Tab")  # and back: the cursor is in "Ngày nhận"
            slowly(display, "15/03/2024")
            for keys in ("Tab", "Tab", "qua b", "Tab", "Tab", "Lo Van Sau", "Tab", "Tab", "Tab", "kien", "Tab",
                         "dat", "Tab", "Tranh chap loi di chung"):  # fmt: skip
                if keys == "Tab":
                    xdotool(display, "key", "Tab")
                else:
                    slowly(display, keys)
            time.sleep(0.5)
            screenshot(display, "typed-petition.png")
            xdotool(display, "key", "ctrl+s")
            time.sleep(1.5)
            screenshot(display, "saved-petition.png")
            xdotool(display, "type", "x")  # an edit left unsaved: the session's end does not wait on it
        finally:
            status = stop(program)
    assert status == 0, program.stderr.read().decode()
    with raw_connect(db) as con:
        found = con.execute("SELECT received_date, channel, sender_name, kind, subject_field FROM petition "
                            "WHERE summary = 'Tranh chap loi di chung'").fetchall()  # fmt: skip
    [(date, channel, sender, kind, subject)] = found
    assert (date, channel, kind, subject) == (str(dt.date(2024, 3, 15)), "buu_chinh", "kien_nghi", "dat_dai")
    assert is_sealed(sender)  # the name typed is in the file only sealed; the administrator reads it
    encryption.open_signed_in(db, ADMIN, ADMIN_PASSWORD, record_success=False)
    try:
        [record] = [r for r in queries.select_all(queries.ListQuery(PETITION, search="Tranh chap loi di chung"))]
        assert record["sender_name"] == "Lo Van Sau"
    finally:
        database.close_database()
        accounts.sign_out()
