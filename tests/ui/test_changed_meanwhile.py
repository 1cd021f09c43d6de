"""Two officers on one record: the form opened at revision 1, someone else saved since; this
officer's save is refused with who saved first, nothing is written over, and the form shows the
record as it now stands."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop_app.domain.registers import BY_NAME
from desktop_app.services import records
from tests.ui.test_main_window import field, open_register

RECEPTION = BY_NAME["reception"]
RAW = {"date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
       "content": "Hỏi về đất", "classification": "kien_nghi", "action": "thu_ly"}  # fmt: skip


def test_a_save_after_someone_else_s_is_refused_and_the_form_reloads(qtbot, window, answer):
    first = records.save(RECEPTION, RAW, today=dt.date(2026, 11, 24))
    page = open_register(qtbot, window, "reception")
    page.model.refresh()
    page.table.selectRow(0)
    assert page.form.uuid == first["uuid"] and page.form.revision == 1
    records.save(RECEPTION, {**RAW, "people_count": "5"}, uuid=first["uuid"], user="dao",
                 revision=1, today=dt.date(2026, 11, 24))  # another officer, another window  # fmt: skip
    people = field(page, "people_count")
    people.setFocus()
    people.selectAll()
    qtbot.keyClicks(people, "3")
    seen = answer("Đóng")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert seen and "sau khi anh/chị mở nó" in seen[0] and "chưa được lưu" in seen[0]
    stored = records.get(RECEPTION, first["uuid"])
    assert (stored["revision"], stored["people_count"]) == (2, 5), "the other officer's save stands"
    assert page.form.revision == 2 and field(page, "people_count").text() == "5"
