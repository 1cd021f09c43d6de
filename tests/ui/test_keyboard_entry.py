"""Records entered with the keyboard alone, as an officer keys a day's book: Ctrl+N, the values
with Tab between them in the printed book's order, Ctrl+S; and a reception session of ten
citizens with Ctrl+Enter, the session's fields carried from one row to the next."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import l10n
from desktop_app.domain.registers import PETITION, RECEPTION
from desktop_app.services import records
from desktop_app.store.records import iter_all
from tests.ui.keyboard import Keyboard, enter, field_with_cursor

CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = dt.date.today()
DAY = TODAY - dt.timedelta(days=3)


def label(register, name: str, code: str) -> str:
    return register.field(name).choice(code).display


def reception_values(citizen: str, content: str, classification: str = "kien_nghi") -> dict:
    return {
        "date": DAY,
        "session_type": label(RECEPTION, "session_type", "dinh_ky"),
        "host_role": label(RECEPTION, "host_role", "chu_tich_ubnd"),
        "host_name": "Hoàng Văn Thắng",
        "citizen_name": citizen,
        "citizen_address": "Thôn Nà Áng",
        "content": content,
        "classification": label(RECEPTION, "classification", classification),
        "action": label(RECEPTION, "action", "giai_thich"),
    }


def petition_values() -> dict:
    return {
        "received_date": DAY,
        "channel": label(PETITION, "channel", "buu_chinh"),
        "sender_name": "Đặng Thị Huế",
        "sender_address": "Khu Bình Công",
        "kind": label(PETITION, "kind", "khieu_nai"),
        "subject_field": label(PETITION, "subject_field", "dat_dai"),
        "summary": "Tranh chấp ranh giới đất với hộ liền kề",
    }


@pytest.fixture(params=["vi", "en"])
def language(request):
    l10n.set_language(request.param)
    yield request.param
    l10n.set_language("vi")


def open_page(window, name: str):
    window.navigation.setCurrentRow(1 + list(window.pages).index(name))
    return window.pages[name]


@pytest.mark.parametrize(("register", "values"), [(RECEPTION, None), (PETITION, None)], ids=["reception", "petition"])
def test_a_record_from_an_empty_form_to_saved_with_keys_only(qtbot, language, window, register, values):
    """Ctrl+N puts the cursor in the first field; Tab follows the book's order; Ctrl+S saves."""
    values = reception_values("Lý Văn Tài", "Hỏi về trợ cấp người cao tuổi") if register is RECEPTION \
        else petition_values()  # fmt: skip
    page = open_page(window, register.name)
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_N, CTRL)
    visited = enter(keys, page.form, values)
    keys.press(Qt.Key.Key_S, CTRL)
    assert page.form.problems_label.isHidden(), page.form.problems_label.text()
    [saved] = list(iter_all(register))
    for name, value in values.items():
        widget_value = saved[name]
        if register.field(name).kind.value == "choice":
            widget_value = register.field(name).choice(widget_value).display
        assert widget_value == value, name
    declared = [f.name for f in register.editable_fields]
    assert visited == [name for name in declared if declared.index(name) <= declared.index(visited[-1])][
        declared.index(visited[0]):]  # every field in declared order, none skipped
    assert keys.keys < sum(len(str(v)) + 1 for v in values.values()) + 2  # fewer than typing each in full


def test_a_session_of_ten_receptions_with_ctrl_enter(qtbot, window):
    """The first reception is typed whole; each next one starts on the citizen's name with the
    date, the session, who received and the hamlet kept; ten rows, ten records."""
    page = open_page(window, "reception")
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_N, CTRL)
    page.form.hamlet.setFocus(Qt.FocusReason.BacktabFocusReason)  # Shift+Tab from the date
    enter(keys, page.form, {"hamlet": "Thôn Nà Áng", **reception_values("Công dân 1", "Nội dung 1")})
    keys.press(Qt.Key.Key_Return, CTRL)
    first_row_keys = keys.keys
    for number in range(2, 11):
        assert field_with_cursor(page.form) == "citizen_name", page.form.problems_label.text()
        kind = "phan_anh" if number % 2 else "kien_nghi"
        values = reception_values(f"Công dân {number}", f"Nội dung {number}", kind)
        short = {name: values[name] for name in ("citizen_name", "content", "classification", "action")}
        enter(keys, page.form, short)
        keys.press(Qt.Key.Key_Return, CTRL)
    saved = sorted(iter_all(RECEPTION), key=lambda r: int(r["citizen_name"].split()[-1]))
    assert [r["citizen_name"] for r in saved] == [f"Công dân {n}" for n in range(1, 11)]
    for record in saved:
        assert (record["date"], record["session_type"], record["host_role"], record["host_name"], record["hamlet"]) \
            == (DAY, "dinh_ky", "chu_tich_ubnd", "Hoàng Văn Thắng", "Thôn Nà Áng")  # fmt: skip
    assert [r["classification"] for r in saved[1:]] == ["kien_nghi" if n % 2 == 0 else "phan_anh" for n in range(2, 11)]
    assert (keys.keys - first_row_keys) / 9 < first_row_keys / 2  # a next row is a short row
    assert page.form.uuid is None and page.form.widgets["date"].value() == DAY  # the eleventh is ready


def test_a_refused_save_and_next_keeps_the_row_and_says_why_at_the_field(qtbot, window):
    """Ctrl+Enter on a row with a wrong date saves nothing, keeps what was typed, and the
    cursor goes to the field at fault with its message under it."""
    page = open_page(window, "reception")
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_N, CTRL)
    keys.type("31/02/2026")
    keys.tab()
    assert "không có ngày 31/02/2026" in page.form.messages["date"].text()
    keys.type(page.form.widgets["session_type"].currentText()[:0])
    keys.press(Qt.Key.Key_Return, CTRL)
    assert list(iter_all(RECEPTION)) == []
    assert field_with_cursor(page.form) == "date"
    assert page.form.widgets["date"].text() == "31/02/2026"
    assert records.typed_before(RECEPTION, "citizen_name") == []


def test_names_typed_before_are_offered_without_accents(qtbot, window):
    """A citizen who came before is offered when the first letters are typed without accents."""
    page = open_page(window, "reception")
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_N, CTRL)
    enter(keys, page.form, reception_values("Nguyễn Thị Hoà", "Hỏi về đất"))
    keys.press(Qt.Key.Key_Return, CTRL)
    assert field_with_cursor(page.form) == "citizen_name"
    keys.type("nguyen thi")
    completer = page.form.widgets["citizen_name"].completer()
    qtbot.waitUntil(completer.popup().isVisible, timeout=2000)
    assert completer.currentCompletion() == "Nguyễn Thị Hoà"
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Return)
    assert page.form.widgets["citizen_name"].text() == "Nguyễn Thị Hoà"


def test_a_rule_follows_a_tick_at_once(qtbot, window):
    """Ticking "anonymous" takes the "*" off the sender's name at once; choosing a complaint
    opens "instance", which stays closed for other kinds."""
    page = open_page(window, "petition")
    page.new_record()
    form = page.form
    assert form.labels["sender_name"].text().endswith(" *")
    form.widgets["anonymous"].setFocus()
    Keyboard(qtbot).press(Qt.Key.Key_Space)
    assert not form.labels["sender_name"].text().endswith(" *")
    assert not form.widgets["instance"].isEnabled()
    form.widgets["kind"].setFocus()
    Keyboard(qtbot).type("khieu")
    assert form.widgets["instance"].isEnabled()


def test_a_duplicate_is_found_among_all_petitions_by_search(qtbot, window):
    """"Trùng với đơn" lists the newest petitions; its search box finds any other one, however
    old, by its summary's words typed without accents, and the choice is saved."""
    from desktop_app.ui import register_page

    for number in range(register_page.LINK_CANDIDATES + 5):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=number)
        summary = "Tranh chấp lối đi chung" if number == 0 else f"Đề nghị số {number}"
        records.save(PETITION, {"received_date": day, "channel": "buu_chinh", "sender_name": "Lò Văn Sau",
                                "kind": "kien_nghi", "subject_field": "dat_dai", "summary": summary})  # fmt: skip
    page = open_page(window, "petition")
    page.new_record()
    link = page.form.widgets["duplicate_of"]
    assert all("lối đi" not in link.combo.itemText(i) for i in range(link.combo.count()))  # the oldest is not listed
    link.search.setFocus()
    Keyboard(qtbot).type("loi di chung")
    qtbot.waitUntil(lambda: link.combo.count() == 2, timeout=3000)
    assert "Tranh chấp lối đi chung" in link.combo.itemText(1)
    link.combo.setFocus()
    Keyboard(qtbot).press(Qt.Key.Key_Down)
    assert link.value() is not None
    oldest = link.value()
    page.form.widgets["received_date"].set_value(TODAY)
    page.form.widgets["channel"].set_value("buu_chinh")
    page.form.widgets["sender_name"].set_value("Lò Văn Sau")
    page.form.widgets["kind"].set_value("kien_nghi")
    page.form.widgets["subject_field"].set_value("dat_dai")
    page.form.widgets["summary"].set_value("Tranh chấp lối đi chung, gửi lại")
    assert page.save_record(), page.form.problems_label.text()
    assert records.get(PETITION, page.form.uuid)["duplicate_of"] == oldest
    assert "lối đi chung" in page.form.widgets["duplicate_of"].combo.currentText()  # shown by its summary


def test_names_from_earlier_days_are_read_when_the_field_first_takes_the_cursor(qtbot, commune_db, settings):
    """A citizen saved before the window opened is offered too; the names are grouped when the
    officer first reaches the field, not for every field of every register as the window opens."""
    from desktop_app.store.database import database
    from desktop_app.ui.main_window import MainWindow

    raw = {"date": DAY.strftime("%d/%m/%Y"), "host_role": "bi_thu", "citizen_name": "Vi Thị Sáu",
           "people_count": 1, "content": "Hỏi về sổ đỏ", "classification": "kien_nghi", "action": "giai_thich"}
    records.save(RECEPTION, raw, today=TODAY)
    statements: list[str] = []
    database.connection().set_trace_callback(statements.append)
    try:
        window = MainWindow(commune_db, settings)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.focusWidget() is not None)
        page = open_page(window, "reception")
        grouped = [s for s in statements if 'GROUP BY "t1"."citizen_name"' in s]
        assert grouped == []
        keys = Keyboard(qtbot)
        keys.press(Qt.Key.Key_N, CTRL)
        enter(keys, page.form, {"date": DAY, "session_type": label(RECEPTION, "session_type", "dinh_ky"),
                                "host_role": label(RECEPTION, "host_role", "chu_tich_ubnd"),
                                "host_name": "Hoàng Văn Thắng"})  # fmt: skip
        keys.tab()
        assert field_with_cursor(page.form) == "citizen_name"
        assert len([s for s in statements if 'GROUP BY "t1"."citizen_name"' in s]) == 1
        keys.type("vi thi")
        completer = page.form.widgets["citizen_name"].completer()
        qtbot.waitUntil(completer.popup().isVisible, timeout=2000)
        assert completer.currentCompletion() == "Vi Thị Sáu"
    finally:
        database.connection().set_trace_callback(None)
    page.form.clear()
    window.close()
