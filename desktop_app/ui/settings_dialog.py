"""Settings: the interface language, the unit profile printed on documents, the hamlets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import _, current_language
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, signing, unit_setup
from desktop_app.ui import dialogs
from desktop_app.ui.field_widgets import DateInput
from desktop_app.ui.issue_dialog import choose_image
from desktop_app.ui.setup_wizard import PROFILE_FIELDS, REPORT_PROFILE_LABELS

LANGUAGE_KEY = "language"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class SettingsDialog(QDialog):
    """Edits settings; ``language_changed`` tells whether the window must be rebuilt."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language_changed = False
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Cài đặt"))
        tabs = QTabWidget()

        general = QWidget()
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        form.addRow(_("Ngôn ngữ giao diện:"), self.language)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idleMinutes")
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(" " + _("phút"))
        self.idle_minutes.setValue(unit_setup.idle_minutes())
        form.addRow(_("Tự khóa khi không dùng") + ":", self.idle_minutes)
        tabs.addTab(general, _("Chung"))
        # The language is each officer's own; the unit's settings are the administrator's.
        self.may_edit_unit = accounts.may(Right.SETTINGS)

        unit_tab = QWidget()
        unit_form = QFormLayout(unit_tab)
        profile = unit_setup.profile()
        unit_form.addRow(_("Đơn vị:"), QLabel(unit_setup.current_unit().display))
        self.profile_edits: dict[str, QLineEdit] = {}
        for key, label in PROFILE_FIELDS:
            edit = QLineEdit(getattr(profile, key))
            edit.setObjectName(f"profile_{key}")
            self.profile_edits[key] = edit
            unit_form.addRow(_(label), edit)
        self.report_profile = QComboBox()
        for key, label in REPORT_PROFILE_LABELS.items():
            self.report_profile.addItem(_(label), key)
        self.report_profile.setCurrentIndex(self.report_profile.findData(profile.report_profile))
        unit_form.addRow(_("Thể thức văn bản mặc định:"), self.report_profile)
        self.term_start = DateInput()
        self.term_start.setObjectName("partyTermStart")
        self.term_start.set_value(profile.party_term_start)
        self.term_start.setToolTip(_("Văn bản của Đảng đánh số lại từ số 01 ở đầu mỗi nhiệm kỳ."))
        unit_form.addRow(_("Nhiệm kỳ Đảng ủy bắt đầu từ ngày:"), self.term_start)
        self.seal_state = QLabel()
        self.seal_state.setObjectName("sealImageState")
        seal_button = QPushButton(_("Chọn ảnh con dấu…"))
        seal_button.setObjectName("chooseSealImage")
        seal_button.setToolTip(_("Ảnh PNG nền trong suốt của con dấu, đúng kích thước thật: hiện trên văn bản ký số."))
        seal_button.clicked.connect(self._choose_seal)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_state, 1)
        seal_row.addWidget(seal_button)
        unit_form.addRow(_("Ảnh con dấu (ký số):"), seal_row)
        self._show_seal()
        tabs.addTab(unit_tab, _("Đơn vị"))

        hamlet_tab = QWidget()
        hamlet_layout = QVBoxLayout(hamlet_tab)
        hamlet_layout.addWidget(QLabel(_("Mỗi dòng một thôn, bản hoặc tổ dân phố:")))
        self.hamlets = QPlainTextEdit("\n".join(unit_setup.hamlets()))
        self.hamlets.setObjectName("hamletText")
        hamlet_layout.addWidget(self.hamlets)
        tabs.addTab(hamlet_tab, _("Thôn, tổ dân phố"))

        for tab in (unit_tab, hamlet_tab):
            tab.setEnabled(self.may_edit_unit)
        self.idle_minutes.setEnabled(self.may_edit_unit)
        if not self.may_edit_unit:
            note = QLabel(_("Chỉ tài khoản quản trị sửa được thông tin đơn vị, thôn và thời gian tự khóa."))
            note.setWordWrap(True)
            form.addRow(note)
        buttons = dialogs.save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _show_seal(self) -> None:
        has_seal = signing.has_images(accounts.current())[1]
        self.seal_state.setText(_("đã có") if has_seal else _("chưa có"))

    def _choose_seal(self) -> None:
        if choose_image(self, _("Chọn ảnh con dấu"), signing.choose_seal_image):
            self._show_seal()

    def accept(self) -> None:
        if self.may_edit_unit:
            data = unit_setup.profile()
            for key, edit in self.profile_edits.items():
                setattr(data, key, edit.text())
            data.report_profile = self.report_profile.currentData()
            term_start = self.term_start.value()
            if not isinstance(term_start, dt.date):
                dialogs.warn(self, _("Không lưu được"), _(
                    "Ngày bắt đầu nhiệm kỳ «{text}» không đọc được; gõ ngày/tháng/năm, ví dụ 01/07/2025.").format(
                        text=term_start or ""))  # fmt: skip
                return
            data.party_term_start = term_start
            try:
                unit_setup.update_profile(data, idle_lock_minutes=self.idle_minutes.value())
            except unit_setup.SetupError as error:
                dialogs.warn(self, _("Không lưu được"), str(error))
                return
            unit_setup.update_hamlets(self.hamlets.toPlainText().splitlines())
        language = self.language.currentData()
        self.language_changed = language != current_language()
        self.settings.setValue(LANGUAGE_KEY, language)
        super().accept()
