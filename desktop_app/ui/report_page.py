"""The report page: choose the kind, the period and the format profile; edit the narrative of a
periodic report; preview the PDF in the program; print it, save it, or save its annex as .xlsx.

Reports are built off the interface thread (``jobs.run_job``); this page only shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import _, format_date, pgettext
from desktop_app.domain.periods import Period, parse_period, periods_of_year
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.roles import Right
from desktop_app.domain.text import sentence_case
from desktop_app.reports.narrative import EDITABLE_SECTIONS
from desktop_app.reports.profiles import PROFILES
from desktop_app.services import accounts, periods, reports, unit_setup
from desktop_app.store import queries
from desktop_app.ui import dialogs
from desktop_app.ui.field_widgets import DateInput
from desktop_app.ui.issue_dialog import IssueDialog
from desktop_app.ui.jobs import run_job


class ReportPage(QWidget):
    """Builds, previews, prints and keeps reports."""

    pdf_ready = Signal()  # a preview has been built and shown
    period_locked = Signal()  # the officer locked the period of the report just issued

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPage")
        self.unit = unit_setup.current_unit()
        self.draft: reports.ReportDraft | None = None
        self.pdf: bytes = b""
        self._waiting: list[Callable[[], None]] = []  # slots that act once the PDF is built
        self._buffer: QBuffer | None = None
        choose = self._build_choices()
        self._build_sections()
        self._build_buttons()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(choose)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.late_note)
        left_layout.addWidget(self.narrative, 1)
        left_layout.addLayout(self.edit_buttons)
        left_layout.addLayout(self.output_buttons)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.kind.currentIndexChanged.connect(self.load)
        self.year.valueChanged.connect(self._fill_periods)
        self.period.currentIndexChanged.connect(self.load)
        self.profile.currentIndexChanged.connect(self.load)
        self._loaded = False  # the first draft is made when the page is first shown, not at startup
        self._fill_periods(load=False)

    def _build_choices(self) -> QFormLayout:
        """Which report, of which period, in which format, with which number and date."""
        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        for kind in reports.KINDS:
            if kind != "consolidated" or self.unit.is_merging:
                self.kind.addItem(_(reports.KIND_LABELS[kind]), kind)
        self.year = QSpinBox()
        self.year.setObjectName("reportYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        self.profile = QComboBox()
        self.profile.setObjectName("reportProfile")
        for name, profile in PROFILES.items():
            self.profile.addItem(profile.display_title, name)
        self.profile.setCurrentIndex(self.profile.findData(unit_setup.profile().report_profile))
        self.dialogue = QComboBox()
        self.dialogue.setObjectName("reportDialogue")
        self.number = QSpinBox()
        self.number.setObjectName("reportNumber")
        self.number.setRange(0, 99999)
        self.number.setSpecialValueText(_("(để trống)"))
        self.doc_date = DateInput()
        self.doc_date.setObjectName("reportDate")
        self.doc_date.set_value(dt.date.today())
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.late_note = QLabel()  # records of a locked period changed after its lock
        self.late_note.setObjectName("reportLateChanges")
        self.late_note.setWordWrap(True)
        self.late_note.setStyleSheet("color: #9a3412;")
        self.late_note.hide()


        choose = QFormLayout()
        choose.addRow(_("Loại báo cáo:"), self.kind)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period, 1)
        period_row.addWidget(self.year)
        choose.addRow(_("Kỳ báo cáo:"), period_row)
        choose.addRow(_("Thể thức:"), self.profile)
        choose.addRow(_("Cuộc đối thoại:"), self.dialogue)
        choose.addRow(_("Số văn bản:"), self.number)
        choose.addRow(_("Ngày ban hành:"), self.doc_date)
        return choose

    def _build_sections(self) -> None:
        """The narrative's sections the officer edits, and the recipients."""
        self.section_edits: dict[str, QPlainTextEdit] = {}
        sections = QWidget()
        sections_layout = QVBoxLayout(sections)
        for section in EDITABLE_SECTIONS:
            label = QLabel(f"<b>{section.display_heading}</b>")
            edit = QPlainTextEdit()
            edit.setObjectName(f"section_{section.key}")
            edit.setMinimumHeight(70)
            sections_layout.addWidget(label)
            sections_layout.addWidget(edit)
        self.recipients = QPlainTextEdit()
        self.recipients.setObjectName("reportRecipients")
        self.recipients.setMaximumHeight(90)
        sections_layout.addWidget(QLabel(f"<b>{_('Nơi nhận (mỗi dòng một nơi):')}</b>"))
        sections_layout.addWidget(self.recipients)
        for section in EDITABLE_SECTIONS:
            self.section_edits[section.key] = sections.findChild(QPlainTextEdit, f"section_{section.key}")
        self.narrative = QScrollArea()
        self.narrative.setWidget(sections)
        self.narrative.setWidgetResizable(True)

    def _build_buttons(self) -> None:
        """Drafting (redraft, save, issue) and output (preview, print, PDF, annex)."""
        self.redraft_button = self._button(_("Soạn lại từ số liệu"), "redraftButton", self.redraft)
        self.save_button = self._button(pgettext("button", "Lưu"), "saveReportButton", self.save)
        self.final_button = self._button(_("Ban hành bản chính thức"), "finalizeButton", self.finalize)
        self.preview_button = self._button(_("Xem trước"), "previewButton", self.preview)
        self.print_button = self._button(_("In…"), "printButton", self.print_report)
        self.pdf_button = self._button(_("Lưu PDF…"), "savePdfButton", self.save_pdf)
        self.xlsx_button = self._button(_("Lưu phụ lục Excel…"), "saveXlsxButton", self.save_annex)
        self.word_button = self._button(_("Lưu bản Word…"), "saveWordButton", self.save_word)
        self.word_button.setToolTip(_("Bản .docx cùng thể thức, để sửa nội dung trong Word"))
        self.edit_buttons = edit_buttons = QHBoxLayout()
        for button in (self.redraft_button, self.save_button, self.final_button):
            edit_buttons.addWidget(button)
        self.output_buttons = output_buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.pdf_button, self.word_button, self.xlsx_button):
            output_buttons.addWidget(button)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ choosing
    def current_kind(self) -> str:
        return self.kind.currentData()

    def current_period(self) -> Period:
        return parse_period(self.period.currentData())

    def choose(self, kind: str, period_code: str, profile: str | None = None) -> None:
        """Select a kind, a period and (optionally) a profile, as a user would."""
        period = parse_period(period_code)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.year.setValue(period.start.year)
        self.period.setCurrentIndex(self.period.findData(period.code))
        if profile:
            self.profile.setCurrentIndex(self.profile.findData(profile))

    def showEvent(self, event: Any) -> None:
        if not self._loaded:
            self.load()
        super().showEvent(event)

    def _fill_periods(self, load: bool = True) -> None:
        chosen = self.period.currentData()
        suffix = chosen.split("-", 1)[1] if chosen and "-" in chosen else ""
        self.period.blockSignals(True)
        self.period.clear()
        for period in periods_of_year(self.year.value()):
            self.period.addItem(sentence_case(period.label), period.code)
        index = self.period.findData(f"{self.year.value()}-{suffix}" if suffix else str(self.year.value()))
        self.period.setCurrentIndex(max(index, 0))
        self.period.blockSignals(False)
        if load:
            self.load()

    def _fill_dialogues(self) -> None:
        period = self.current_period()
        self.dialogue.clear()
        query = queries.ListQuery(BY_NAME["dialogue"], start=period.start, end=period.end)
        for record in queries.select_all(query):
            self.dialogue.addItem(f"{format_date(record['date'])} — {record['topic']}", record["uuid"])

    def load(self) -> None:
        """Show the saved report of the chosen period, or a fresh draft of it."""
        self._loaded = True
        kind = self.current_kind()
        if kind is None or self.period.currentData() is None:
            return
        saved_kind = kind in reports.SAVED_KINDS
        self.narrative.setVisible(saved_kind)
        for button in (self.redraft_button, self.save_button, self.final_button, self.xlsx_button):
            button.setVisible(saved_kind)
        self.dialogue.setEnabled(kind == "dialogue")
        if kind == "dialogue":
            self._fill_dialogues()
        self.draft = None
        if saved_kind:
            self.draft = self._saved_or_new(kind)
            self._show_draft(self.draft)
        else:
            self.number.setValue(0)
            self.status.setText(_("Báo cáo được lập từ dữ liệu hiện có trong sổ; không lưu thành bản ghi."))
        late = periods.late_changes(self.current_period()) if kind != "dialogue" else None
        self.late_note.setText(late.note() if late is not None else "")
        self.late_note.setVisible(late is not None)
        self.document.close()
        self.pdf = b""

    def _saved_or_new(self, kind: str) -> reports.ReportDraft:
        period, profile = self.current_period(), self.profile.currentData()
        saved = reports.saved_report(kind, period, profile)
        return saved if saved is not None else reports.new_report(period, kind, profile, today=dt.date.today())

    def _show_draft(self, draft: reports.ReportDraft) -> None:
        for key, edit in self.section_edits.items():
            edit.setPlainText(draft.sections.get(key, ""))
            edit.setReadOnly(draft.is_final)
        self.recipients.setPlainText("\n".join(draft.recipients))
        self.number.setValue(draft.number or 0)
        self.doc_date.set_value(draft.doc_date)
        for widget in (self.number, self.doc_date, self.recipients, self.save_button, self.final_button,
                       self.redraft_button):  # fmt: skip
            widget.setEnabled(not draft.is_final)
        if not accounts.may(Right.ISSUE_REPORTS):
            self.final_button.setEnabled(False)
            self.final_button.setToolTip(_("Chỉ lãnh đạo ban hành báo cáo."))
        if draft.is_final:
            self.status.setText(_("Bản chính thức, ban hành ngày {date}; in lại đúng bản đã lưu (SHA-256 {digest}…).")
                                .format(date=format_date(draft.doc_date), digest=(draft.pdf_sha256 or "")[:12]))
        elif draft.uuid:
            self.status.setText(_("Bản nháp đã lưu. Sửa nội dung rồi bấm Lưu; bấm Ban hành khi đã duyệt."))
        else:
            self.status.setText(_("Bản nháp mới, soạn từ số liệu của kỳ; chưa lưu."))

    def _doc_date(self) -> dt.date:
        """The document's date as typed; ReportError, naming the field, when it is not one."""
        day, reason = self.doc_date.parsed()
        if day is None:
            raise reports.ReportError(_("«Ngày ban hành»: {reason}.").format(reason=reason or _("chưa có ngày")))
        return day

    def _collect(self) -> reports.ReportDraft:
        """The draft with what the officer typed."""
        assert self.draft is not None
        self.draft.sections = {key: edit.toPlainText().strip() for key, edit in self.section_edits.items()}
        self.draft.recipients = [r.strip() for r in self.recipients.toPlainText().splitlines() if r.strip()]
        self.draft.number = self.number.value() or None
        self.draft.doc_date = self._doc_date()
        return self.draft

    # ------------------------------------------------------------ editing
    def redraft(self) -> None:
        if self.draft is None or self.draft.is_final:
            return
        if any(e.toPlainText().strip() for e in self.section_edits.values()) and not dialogs.confirm(
            self, _("Soạn lại"), _("Thay nội dung các mục bằng bản soạn mới từ số liệu?"), yes=_("Soạn lại")
        ):
            return
        fresh = reports.new_report(self.draft.period, self.draft.kind, self.draft.profile, self.draft.doc_date)
        for key, edit in self.section_edits.items():
            edit.setPlainText(fresh.sections.get(key, ""))

    def save(self) -> bool:
        if self.draft is None:
            return False
        try:
            reports.save_report(self._collect())
        except reports.ReportError as error:
            dialogs.warn(self, _("Không lưu được"), str(error))
            return False
        self._show_draft(self.draft)
        return True

    def finalize(self) -> None:
        if self.draft is None or not self.save():
            return
        empty = [s.display_heading for s in EDITABLE_SECTIONS if not self.draft.sections.get(s.key)]
        question = _("Ban hành báo cáo số {number}? Bản chính thức không sửa được nữa.").format(
            number=self.draft.number or "")
        if empty:
            question += "\n\n" + _("Các mục còn trống: {names}.").format(names="; ".join(empty))
        organisation = reports.issuer_name(unit_setup.current_unit(), self.draft.profile)
        dialog = IssueDialog(question, organisation, getattr(self.window(), "settings", None), self)
        if not dialog.exec():
            return
        credential = dialog.credential
        uuid = self.draft.uuid
        assert uuid is not None

        def done(pdf: bytes) -> None:
            if credential is not None:
                credential.close()
            self.draft = reports.load_report(uuid)
            self._show_draft(self.draft)
            self._show_pdf(pdf)
            self._offer_lock(self.draft)

        def failed(message: str) -> None:
            if credential is not None:
                credential.close()
            dialogs.warn(self, _("Không ban hành được"), message)

        run_job(self, _("Đang lập bản chính thức…"), lambda progress: reports.finalize_report(uuid, credential), done,
                failed)

    def _offer_lock(self, draft: reports.ReportDraft) -> None:
        """An issued periodic report's figures must not drift: offer to lock its period."""
        if draft.kind != "periodic" or draft.period.kind == "range" or not accounts.may(Right.APPROVE_PERIODS):
            return
        question = _("Báo cáo đã ban hành. Chốt số liệu {period} để số liệu của kỳ không bị sửa nữa?").format(
            period=draft.period.label)
        if dialogs.confirm(self, _("Chốt số liệu kỳ"), question, yes=_("Chốt số liệu")):
            from desktop_app.ui.periods_dialog import PeriodsDialog

            dialog = PeriodsDialog(self, draft.period)
            dialog.reason.setText(_("Đã ban hành báo cáo số {number}").format(number=draft.number))
            dialog.exec()
            if dialog.changed:
                self.period_locked.emit()

    # ------------------------------------------------------------ building and showing
    def build_work(self, word: bool = False) -> object:
        """A function that builds the chosen report's PDF (``word``: its Word copy), run off the
        interface thread."""
        kind, period, profile = self.current_kind(), self.current_period(), self.profile.currentData()
        if self.draft is not None:
            draft = self._collect()
            if draft.is_final and not word:
                uuid = draft.uuid
                return lambda progress: reports.final_pdf(uuid)  # type: ignore[arg-type]
            return lambda progress: reports.build_saved_pdf(draft, word=word)
        record, number, day = self.dialogue.currentData(), self.number.value() or None, self._doc_date()
        return lambda progress: reports.build_report(kind, period, profile=profile, record_uuid=record, number=number,
                                                     today=day, progress=progress, word=word)  # fmt: skip

    def preview(self) -> None:
        try:
            work = self.build_work()
        except reports.ReportError as error:
            dialogs.warn(self, _("Không lập được báo cáo"), str(error))
            return
        run_job(self, _("Đang lập báo cáo…"), work, self._show_pdf,  # type: ignore[arg-type]
                lambda message: dialogs.warn(self, _("Không lập được báo cáo"), message),
                on_cancelled=self._stopped)  # fmt: skip

    def _stopped(self) -> None:
        """The officer stopped building: what waited for the PDF (a save, a print) waits no more."""
        for slot in self._waiting:
            self.pdf_ready.disconnect(slot)
        self._waiting.clear()

    def _show_pdf(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.pdf_ready.emit()

    def _with_pdf(self, then: object) -> None:
        """Run ``then`` with the PDF, building it first if it is not shown yet."""
        if self.pdf:
            then()  # type: ignore[operator]
            return
        slot = self._once(then)
        self._waiting.append(slot)
        self.pdf_ready.connect(slot)
        self.preview()

    def _once(self, then: object) -> Callable[[], None]:
        def slot() -> None:
            self.pdf_ready.disconnect(slot)
            self._waiting.remove(slot)
            then()  # type: ignore[operator]

        return slot

    def save_pdf(self) -> None:
        self._with_pdf(self._ask_and_save_pdf)

    def _ask_and_save_pdf(self) -> None:
        path = dialogs.choose_file(self, _("Lưu báo cáo"), "PDF (*.pdf)", save=True, default_suffix="pdf")
        if path:
            self.save_pdf_to(Path(path))

    def _note_reprint(self) -> None:
        """Saving or printing an issued report again is a reprint: the audit trail says so."""
        if self.draft is not None and self.draft.is_final and self.draft.uuid:
            reports.reprint(self.draft.uuid)

    def save_pdf_to(self, path: Path) -> None:
        try:
            self._note_reprint()
            reports.write_pdf(self.pdf, path)
        except (reports.ReportError, OSError) as error:
            dialogs.warn(self, _("Không lưu được"), str(error))

    def save_word(self) -> None:
        """The editable Word copy of what the page shows, in the same layout."""
        try:
            work = self.build_work(word=True)
        except reports.ReportError as error:
            dialogs.warn(self, _("Không lập được báo cáo"), str(error))
            return
        path = dialogs.choose_file(self, _("Lưu bản Word"), "Word (*.docx)", save=True, default_suffix="docx")
        if not path:
            return

        def build_and_write(progress: object) -> Path:
            return reports.write_pdf(work(progress), path)  # type: ignore[operator]

        run_job(self, _("Đang lập bản Word…"), build_and_write,
                lambda out: dialogs.inform(self, _("Lưu bản Word"), _("Đã lưu {path}.").format(path=out)),
                lambda message: dialogs.warn(self, _("Không lưu được"), message),
                on_cancelled=lambda: None)  # fmt: skip

    def save_annex(self) -> None:
        if self.draft is None:
            return
        path = dialogs.choose_file(self, _("Lưu phụ lục số liệu"), "Excel (*.xlsx)", save=True, default_suffix="xlsx")
        if path:
            try:
                draft = self._collect()
            except reports.ReportError as error:
                dialogs.warn(self, _("Không lưu được"), str(error))
                return
            run_job(self, _("Đang lưu phụ lục…"), lambda progress: reports.write_annex_xlsx(draft, path),
                    lambda out: dialogs.inform(self, _("Lưu phụ lục"), _("Đã lưu {path}.").format(path=out)),
                    lambda message: dialogs.warn(self, _("Không lưu được"), message))  # fmt: skip

    def print_report(self) -> None:
        self._with_pdf(self._ask_and_print)

    def _ask_and_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("In báo cáo"))
        if dialog.exec():
            self._note_reprint()
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Paint every page of the shown PDF on ``printer``, each scaled to fit the paper."""
        painter = QPainter()
        if not painter.begin(printer):
            dialogs.warn(self, _("Không in được"), _("Máy in không sẵn sàng."))
            return
        dpi = printer.resolution()
        for index in range(self.document.pageCount()):
            if index:
                printer.newPage()
            points = self.document.pagePointSize(index)
            size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            image = self.document.render(index, size)
            area = painter.viewport()
            scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(QPoint(0, 0), scaled), image)
        painter.end()
