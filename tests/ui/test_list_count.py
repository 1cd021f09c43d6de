"""A long register list shows its first page at once and counts only when the typing pauses:
the count under the list says "200+ …, đang đếm…" meanwhile, then the exact number, and
scrolling still reaches the last record."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain.registers import BY_NAME
from desktop_app.services import demo
from desktop_app.store import queries
from desktop_app.store.queries import ListQuery
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.record_list_model import PAGE_SIZE
from tests.conftest import TODAY
from tests.ui.test_main_window import open_register
from tests.ui.typing import type_text

PETITION = BY_NAME["petition"]


def test_the_count_waits_for_a_pause_and_is_exact_after_it(qtbot, commune_db, settings):
    demo.fill(1600, seed=5, today=TODAY, years=1, only="petition")
    everything = queries.count(ListQuery(PETITION))
    assert everything > 2 * PAGE_SIZE
    window = MainWindow(commune_db, settings)
    window.show()
    qtbot.waitExposed(window)
    try:
        page = open_register(qtbot, window, "petition")
        qtbot.waitUntil(lambda: page.count_label.text() == f"{everything:,} bản ghi".replace(",", "."), timeout=3000)

        page.search.setFocus()
        counted: list[str] = []
        page.model.totalChanged.connect(lambda: counted.append(page.model.query.search))
        type_text(qtbot, page.search, "thon")  # four keys, faster than the pause
        qtbot.waitUntil(lambda: page.model.query.search == "thon", timeout=2000)
        matches = queries.count(ListQuery(PETITION, search="thon"))
        assert matches > PAGE_SIZE
        assert page.model.rowCount() == PAGE_SIZE
        assert page.count_label.text() == f"{PAGE_SIZE}+ bản ghi, đang đếm…"
        qtbot.waitUntil(lambda: page.count_label.text() == f"{matches:,} bản ghi".replace(",", "."), timeout=3000)
        assert counted == ["thon"]  # one count, for what was typed when the typing paused

        view = page.table
        while page.model.canFetchMore():
            view.scrollToBottom()
            qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
            qtbot.wait(10)
        assert page.model.rowCount() == matches

        type_text(qtbot, page.search, "xyzq")  # nothing: known at once, no waiting
        qtbot.waitUntil(lambda: page.model.query.search == "thonxyzq", timeout=2000)
        assert page.count_label.text() == "0 bản ghi"
    finally:
        window.close()
        window.deleteLater()
