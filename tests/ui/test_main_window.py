"""The real main window driven as an officer would: type, save, find, correct, delete, restore.

Three registers are driven through the window (receptions, petitions, "Dân vận khéo" models);
each test types Vietnamese with the keyboard, as Unikey users do.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTableView

from desktop_app.ui.register_page import RegisterPage
from tests.ui.typing import type_text as type_keys

TODAY = dt.date.today()


def open_register(qtbot, window, name: str) -> RegisterPage:
    page = window.pages[name]
    row = 1 + list(window.pages).index(name)
    window.navigation.setCurrentRow(row)
    assert window.stack.currentWidget() is page
    return page


def field(page: RegisterPage, name: str):
    return page.findChild(object, f"field_{name}")


def type_text(qtbot, widget, text: str) -> None:
    """Clear the field, then type into it key by key."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.clear()
    widget.setFocus()
    type_keys(qtbot, widget, text)


def choose(widget: QComboBox, label: str) -> None:
    index = widget.findText(label)
    assert index >= 0, f"{label!r} is not offered: {[widget.itemText(i) for i in range(widget.count())]}"
    widget.setCurrentIndex(index)


def type_date(qtbot, widget, day: dt.date) -> None:
    """Tab into the date, as the keys go: the field selects its text, the digits replace it."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(widget.focusProxy(), day.strftime("%d%m%Y"))
    assert widget.value() == day


def visible_rows(page: RegisterPage, column_field: str) -> list[str]:
    model = page.model
    column = model.columns.index(column_field)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def search(qtbot, page: RegisterPage, text: str) -> None:
    page.search.clear()
    type_keys(qtbot, page.search, text)
    qtbot.waitUntil(lambda: page.model.query.search == text, timeout=2000)


def problems_text(page: RegisterPage) -> str:
    label = page.findChild(QLabel, "formProblems")
    return label.text() if label.isVisible() else ""


def delete_current(qtbot, window, page: RegisterPage, answer) -> list[str]:
    seen = answer("Xóa")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(seen) > 0, timeout=3000)
    return seen


# ---------------------------------------------------------------- receptions


def fill_reception(qtbot, page, host: str, citizen: str, content: str, classification: str, action: str) -> None:
    """Fill the required fields of the reception form that is open."""
    type_date(qtbot, field(page, "date"), TODAY)
    choose(field(page, "host_role"), host)
    type_text(qtbot, field(page, "citizen_name"), citizen)
    type_text(qtbot, field(page, "content"), content)
    choose(field(page, "classification"), classification)
    choose(field(page, "action"), action)


def test_reception_enter_find_correct_delete_restore(qtbot, window, answer):
    page = open_register(qtbot, window, "reception")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    fill_reception(qtbot, page, "Chủ tịch UBND", "Hoàng Thị Thuỷ",
                   "Đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất", "Kiến nghị",
                   "Giải thích, hướng dẫn trực tiếp")  # fmt: skip
    choose(field(page, "hamlet"), "Thôn Nà Áng")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert problems_text(page) == ""
    assert visible_rows(page, "citizen_name") == ["Hoàng Thị Thuỷ"]
    assert page.count_label.text() == "1 bản ghi"

    # Found without accents, and by the other tone placement.
    search(qtbot, page, "hoang thi thuy")
    assert visible_rows(page, "citizen_name") == ["Hoàng Thị Thuỷ"]
    search(qtbot, page, "thủy")
    assert visible_rows(page, "citizen_name") == ["Hoàng Thị Thuỷ"]
    search(qtbot, page, "nguyen")
    assert visible_rows(page, "citizen_name") == []
    search(qtbot, page, "")

    # Corrected: select it, change the number of people, save.
    page.table.selectRow(0)
    people = field(page, "people_count")
    people.setFocus()
    people.selectAll()
    qtbot.keyClicks(people, "3")
    assert page.save_record()
    assert visible_rows(page, "people_count") == ["3"]
    assert page.form.title.text().startswith("Sửa:")

    # Deleted after a confirmation in Vietnamese, then restored from the deleted records.
    page.table.selectRow(0)
    page.table.setFocus()
    seen = delete_current(qtbot, window, page, answer)
    assert seen[0].startswith("Xóa bản ghi «") and "Hủy" in seen
    assert visible_rows(page, "citizen_name") == []
    window.trash_action.trigger()
    assert page.show_deleted.isChecked()
    assert visible_rows(page, "citizen_name") == ["Hoàng Thị Thuỷ"]
    page.table.selectRow(0)
    page.restore_button.click()
    window.trash_action.trigger()
    assert visible_rows(page, "citizen_name") == ["Hoàng Thị Thuỷ"]


def test_reception_validation_names_the_field(qtbot, window):
    page = open_register(qtbot, window, "reception")
    page.new_record()
    type_text(qtbot, field(page, "citizen_name"), "Lý Văn Tài")
    type_text(qtbot, field(page, "citizen_id_number"), "12345")
    assert not page.save_record()
    text = problems_text(page)
    assert "«Ngày tiếp» là bắt buộc." in text
    assert "«Số CCCD / hộ chiếu» phải là số CCCD 12 chữ số" in text
    assert page.model.rowCount() == 0
    assert "color" in page.form.labels["date"].styleSheet()


def test_cancelling_the_delete_keeps_the_record(qtbot, window, answer):
    page = open_register(qtbot, window, "reception")
    page.new_record()
    fill_reception(qtbot, page, "Bí thư Đảng ủy", "Nông Văn Dền", "Hỏi về trợ cấp", "Khác", "Thụ lý")
    assert page.save_record()
    seen = answer("Hủy")
    page.delete_record()
    assert seen and visible_rows(page, "citizen_name") == ["Nông Văn Dền"]


# ---------------------------------------------------------------- petitions


def fill_petition(qtbot, page, sender: str, kind: str, received: dt.date) -> None:
    page.new_record()
    type_date(qtbot, field(page, "received_date"), received)
    choose(field(page, "channel"), "Qua bưu chính")
    type_text(qtbot, field(page, "sender_name"), sender)
    choose(field(page, "kind"), kind)
    choose(field(page, "subject_field"), "Đất đai")
    type_text(qtbot, field(page, "summary"), "Tranh chấp ranh giới đất với hộ liền kề")


def test_petition_enter_with_deadline_find_correct_delete(qtbot, window, answer):
    page = open_register(qtbot, window, "petition")
    received = TODAY - dt.timedelta(days=12)
    fill_petition(qtbot, page, "Đặng Thị Huế", "Khiếu nại", received)
    assert field(page, "receipt_number").text() == "1"  # suggested
    assert page.save_record(), problems_text(page)
    deadline_column = page.model.columns.index("deadline")
    index = page.model.index(0, deadline_column)
    assert index.data() == (received + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None  # overdue: it stands out
    assert "quá hạn" in window.navigation.item(2).text()
    assert "1 đơn quá hạn" in window.home.findChild(object, "overdueButton").text()

    search(qtbot, page, "dang thi hue")
    assert visible_rows(page, "sender_name") == ["Đặng Thị Huế"]
    search(qtbot, page, "")

    page.table.selectRow(0)
    choose(field(page, "handling"), "Thụ lý giải quyết")
    assert not page.save_record()
    assert "«Ngày thụ lý» là bắt buộc khi hướng xử lý là «Thụ lý giải quyết»." in problems_text(page)
    type_date(qtbot, field(page, "accepted_date"), TODAY)
    assert page.save_record(), problems_text(page)
    expected = (TODAY + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    assert page.model.index(0, deadline_column).data() == expected
    assert "quá hạn" not in window.navigation.item(2).text()

    page.table.selectRow(0)
    page.table.setFocus()
    delete_current(qtbot, window, page, answer)
    assert page.model.rowCount() == 0


def test_petition_choice_filter_and_home_shortcut(qtbot, window):
    page = open_register(qtbot, window, "petition")
    fill_petition(qtbot, page, "Mã Văn Sềnh", "Tố cáo", TODAY - dt.timedelta(days=20))
    assert page.save_record(), problems_text(page)
    assert field(page, "identity_confidential").isChecked()  # a denouncer is kept secret
    fill_petition(qtbot, page, "Hà Thị Mây", "Kiến nghị", TODAY)
    assert page.save_record(), problems_text(page)
    assert page.model.rowCount() == 2

    group = page.choice_groups["kind"]
    action = next(a for a in group.actions() if a.text() == "Tố cáo")
    action.trigger()
    assert visible_rows(page, "sender_name") == ["Mã Văn Sềnh"]
    next(a for a in group.actions() if a.data() is None).trigger()

    window.navigation.setCurrentRow(0)
    window.home.findChild(object, "overdueButton").click()
    assert window.stack.currentWidget() is page
    assert visible_rows(page, "sender_name") == ["Mã Văn Sềnh"]


# ---------------------------------------------------------------- "Dân vận khéo" models


def test_model_enter_money_find_correct_delete(qtbot, window, answer):
    page = open_register(qtbot, window, "exemplary_model")
    page.new_record()
    choose(field(page, "kind"), "Mô hình")
    type_text(qtbot, field(page, "name"), "Dân vận khéo trong xây dựng đường giao thông nông thôn")
    choose(field(page, "field"), "Kinh tế")
    type_text(qtbot, field(page, "lead"), "Chi hội Nông dân thôn Bắc Cương")
    type_date(qtbot, field(page, "start_date"), TODAY)
    money = field(page, "funding_vnd")
    type_text(qtbot, money, "7000000")
    qtbot.keyClick(money, Qt.Key.Key_Tab)
    assert money.text() == "7.000.000"
    assert page.save_record(), problems_text(page)
    assert visible_rows(page, "name") == ["Dân vận khéo trong xây dựng đường giao thông nông thôn"]

    search(qtbot, page, "dan van kheo")
    assert page.model.rowCount() == 1
    search(qtbot, page, "")

    page.table.selectRow(0)
    choose(field(page, "status"), "Được công nhận")
    assert not page.save_record()
    text = problems_text(page)
    assert "«Cấp công nhận» là bắt buộc khi trạng thái là «Được công nhận»." in text
    assert "«Ngày công nhận» là bắt buộc" in text
    choose(field(page, "recognition_level"), "Cấp xã")
    type_date(qtbot, field(page, "recognition_date"), TODAY)
    assert page.save_record(), problems_text(page)

    page.table.selectRow(0)
    page.table.setFocus()
    delete_current(qtbot, window, page, answer)
    assert page.model.rowCount() == 0


# ---------------------------------------------------------------- every register


def test_every_register_has_a_page_with_its_form_and_list(window):
    assert window.navigation.count() == 13, "home, ten registers, reports, audit trail"
    assert window.navigation.item(0).text() == "Trang chủ"
    assert window.navigation.item(11).text() == "Báo cáo, in sổ"
    assert window.navigation.item(12).text() == "Nhật ký thay đổi"
    for name, page in window.pages.items():
        assert page.findChild(QTableView, "recordTable") is not None, name
        for fld in page.register.editable_fields:
            assert page.findChild(object, f"field_{fld.name}") is not None, (name, fld.name)


def test_the_window_remembers_its_size_and_columns(qtbot, commune_db, settings):
    from desktop_app.ui.main_window import MainWindow

    first = MainWindow(commune_db, settings)
    qtbot.addWidget(first)
    first.resize(700, 520)  # within the offscreen screen (800 × 600)
    header = first.pages["reception"].table.horizontalHeader()
    header.resizeSection(1, 333)
    first.close()
    second = MainWindow(commune_db, settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 520)
    assert second.pages["reception"].table.horizontalHeader().sectionSize(1) == 333


def test_every_register_name_shows_whole_in_the_navigation_in_both_languages(qtbot, commune_db, settings):
    """At 1366×768 the navigation keeps its width; a name longer than it (in English,
    "Information and mobilisation campaigns") takes two lines, never an ellipsis or a scroll bar."""
    from PySide6.QtCore import QRect, QThreadPool

    from desktop_app.domain import l10n
    from desktop_app.ui.main_window import MainWindow

    for language in ("vi", "en"):
        l10n.set_language(language)
        main = MainWindow(commune_db, settings)
        main.resize(1366, 768)
        main.show()
        qtbot.waitExposed(main)
        navigation = main.navigation
        metrics = navigation.fontMetrics()
        for row in range(navigation.count()):
            item = navigation.item(row)
            shown = navigation.visualItemRect(item)
            needed = metrics.boundingRect(QRect(0, 0, shown.width() - 16, 10_000), Qt.TextFlag.TextWordWrap,
                                          item.text())  # fmt: skip
            assert needed.height() <= shown.height(), (language, item.text())
        assert not navigation.horizontalScrollBar().isVisible() and navigation.width() <= 220
        main.close()
        main.deleteLater()
        QThreadPool.globalInstance().waitForDone(10000)
