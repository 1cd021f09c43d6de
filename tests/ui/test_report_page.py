"""The report page in the real main window: draft, edit, save, preview, print, make final."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QRadioButton

from desktop_app.store.models import Report
from tests.reports.conftest import add_receptions, all_text, open_pdf


@pytest.fixture
def page(window, qtbot):
    add_receptions(4, [2, 1, 1, 1], dt.date(2026, 1, 3))
    window.open_reports()
    report_page = window.report_page
    report_page.choose("periodic", "2026-Q1", "party")
    report_page.load()
    return report_page


def preview(page, qtbot) -> None:
    with qtbot.waitSignal(page.pdf_ready, timeout=30000):
        qtbot.mouseClick(page.preview_button, qtbot_left())


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_the_report_page_is_in_the_navigation(window):
    """Ctrl+P (Báo cáo, in sổ) opens the report page."""
    window.findChild(type(window.new_action), "actionReports").trigger()
    assert window.stack.currentWidget() is window.report_page


def test_a_periodic_report_is_drafted_from_the_figures(page):
    text = page.section_edits["government"].toPlainText()
    assert "Trong quý I năm 2026, đã tiếp 4 lượt công dân với 5 người" in text
    assert page.number.value() == 1


def test_edit_save_preview_and_print(page, qtbot, tmp_path):
    """The edited narrative is kept with the report and is what the preview and the printer get."""
    page.section_edits["limits"].setPlainText("Một số thôn báo cáo chậm.")
    qtbot.mouseClick(page.save_button, qtbot_left())
    row = Report.get()
    assert row.sections["limits"] == "Một số thôn báo cáo chậm." and row.status == "draft"
    preview(page, qtbot)
    assert page.document.pageCount() >= 3
    out = tmp_path / "bao-cao.pdf"
    page.save_pdf_to(out)
    assert "Một số thôn báo cáo chậm." in all_text(out.read_bytes())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "in.pdf"
    printer.setOutputFileName(str(printed))
    page.print_to(printer)
    with open_pdf(printed.read_bytes()) as document:
        assert len(document.pages) == page.document.pageCount()


def in_issue_dialog(act) -> list[str]:
    """Act on the issue dialog when it opens (``act(dialog)``); returns the question it asked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from desktop_app.ui.issue_dialog import IssueDialog

    seen: list[str] = []

    def find() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, IssueDialog):
            QTimer.singleShot(20, find)
            return
        seen.append(dialog.findChild(QLabel, "issueQuestion").text())
        act(dialog)

    QTimer.singleShot(0, find)
    return seen


def test_making_a_report_final_locks_it(page, qtbot, answer):
    seen = in_issue_dialog(lambda dialog: qtbot.mouseClick(dialog.issue_button, qtbot_left()))
    offer = answer("Hủy", asking="Chốt số liệu")
    qtbot.mouseClick(page.final_button, qtbot_left())
    qtbot.waitUntil(lambda: Report.get().status == "final" and bool(page.pdf) and bool(offer), timeout=30000)
    assert any("Ban hành báo cáo số 1?" in text for text in seen)
    assert "Báo cáo đã ban hành. Chốt số liệu quý I năm 2026" in offer[0]
    assert not page.save_button.isEnabled() and page.section_edits["limits"].isReadOnly()
    assert page.pdf == bytes(Report.get().pdf)


def test_a_register_book_needs_no_narrative(page, qtbot):
    page.choose("reception", "2026-Q1")
    assert not page.narrative.isVisible()
    preview(page, qtbot)
    with open_pdf(page.pdf) as document:
        assert "SỔ TIẾP CÔNG DÂN" in document.pages[0].extract_text()


def test_a_document_date_that_does_not_exist_saves_nothing(page, qtbot, monkeypatch):
    """"Ngày ban hành" takes what is typed, day first; 31/02 is refused by name, never saved as
    another date, and a corrected date is saved as typed."""
    from PySide6.QtCore import Qt

    from desktop_app.ui import report_page

    said: list[str] = []
    monkeypatch.setattr(report_page.dialogs, "warn", lambda parent, title, text, details="": said.append(text))
    page.doc_date.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(page.doc_date.edit, "31/02/2026")
    assert not page.save()
    assert said == ["«Ngày ban hành»: không có ngày 31/02/2026."]
    assert Report.select().count() == 0
    qtbot.keyClick(page.doc_date.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # still in it
    qtbot.keyClicks(page.doc_date.edit, "2/4/2026")
    assert page.save()
    assert Report.get().doc_date == dt.date(2026, 4, 2)


def test_a_period_corrected_after_its_lock_is_said_beside_its_report(window):
    from desktop_app.domain.registers import PETITION
    from desktop_app.services import periods, records
    from tests.services.test_past_as_it_was import TODAY, late_scenario, petition

    saved = late_scenario()
    periods.reopen("2024-Q1", "Sửa tóm tắt đơn 13")
    records.save(PETITION, petition(13, summary="Đơn 13, sửa"), uuid=saved[2]["uuid"], today=TODAY)
    periods.lock("2024-Q1", "Đã sửa xong")
    window.open_reports()
    page = window.report_page
    page.choose("periodic", "2024-Q1", "party")
    page.load()
    assert page.late_note.isVisible()
    assert page.late_note.text().startswith("Lưu ý: 1 bản ghi của quý I năm 2024 đã thay đổi")
    page.choose("petitions", "2024-Q2")
    page.load()
    assert not page.late_note.isVisible()


@pytest.fixture
def signer_files(tmp_path):
    from desktop_app.services import signing
    from tests import certificates

    authority = certificates.authority()
    (tmp_path / "an.p12").write_bytes(authority.issue())
    signing.choose_signature_image(certificates.signature_png())
    signing.choose_seal_image(certificates.seal_png())
    return tmp_path / "an.p12"


def test_issuing_signed_from_the_window(page, qtbot, answer, signer_files, tmp_path):
    """The leader picks the certificate file, types its password, sees the signature as it will
    show, and issues: the final PDF is signed."""
    from desktop_app.services import signing
    from tests.certificates import P12_PASSWORD

    shown: list[bool] = []

    def sign(dialog) -> None:
        qtbot.mouseClick(dialog.findChild(QRadioButton, "sign_p12"), qtbot_left())
        qtbot.keyClicks(dialog.p12_path, str(signer_files))
        qtbot.keyClicks(dialog.p12_password, P12_PASSWORD)
        shown.append(not dialog.preview.pixmap().isNull())
        dialog.grab().save(str(tmp_path / "issue-dialog.png"))
        qtbot.mouseClick(dialog.issue_button, qtbot_left())

    in_issue_dialog(sign)
    offer = answer("Hủy", asking="Chốt số liệu")
    qtbot.mouseClick(page.final_button, qtbot_left())
    qtbot.waitUntil(lambda: Report.get().status == "final" and bool(page.pdf) and bool(offer), timeout=30000)
    assert shown == [True], "the signature was shown before signing"
    verdict = signing.verify(page.pdf)
    assert verdict.good and verdict.issued is not None and verdict.issued["number"] == 1


def test_a_wrong_password_in_the_window_says_so_and_issues_nothing(page, qtbot, answer, signer_files):
    said = answer("Đóng", asking="mật khẩu sai")
    closed: list[bool] = []

    def sign(dialog) -> None:
        qtbot.mouseClick(dialog.findChild(QRadioButton, "sign_p12"), qtbot_left())
        qtbot.keyClicks(dialog.p12_path, str(signer_files))
        qtbot.keyClicks(dialog.p12_password, "sai-roi")
        qtbot.mouseClick(dialog.issue_button, qtbot_left())  # the warning opens, is answered, the dialog stays
        qtbot.waitUntil(lambda: bool(said), timeout=10000)
        closed.append(not dialog.isVisible())
        dialog.reject()

    in_issue_dialog(sign)
    qtbot.mouseClick(page.final_button, qtbot_left())
    qtbot.waitUntil(lambda: bool(closed), timeout=15000)
    assert closed == [False]
    assert "Không mở được tệp chứng thư số an.p12: mật khẩu sai" in said[0]
    assert Report.get().status == "draft"


def test_the_word_copy_is_saved_from_the_page(page, qtbot, answer, tmp_path, monkeypatch):
    from docx import Document

    from desktop_app.ui import dialogs

    out = tmp_path / "bao-cao.docx"
    monkeypatch.setattr(dialogs, "choose_file", lambda *args, **kwargs: str(out))
    said = answer("Đóng")
    qtbot.mouseClick(page.word_button, qtbot_left())
    qtbot.waitUntil(lambda: out.exists() and bool(said), timeout=30000)
    assert said[0] == f"Đã lưu {out}."
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "BÁO CÁO" in paragraphs and "kết quả công tác dân vận quý I năm 2026" in paragraphs
