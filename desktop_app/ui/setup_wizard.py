"""The first-run wizard: where the registers live (this computer or a server), the level, the
unit from the official list, its profile, its hamlets, its first account."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.domain.l10n import N_, _
from desktop_app.domain.text import sort_key
from desktop_app.domain.units import LEVEL_LABELS, Level, Structure, Unit, find_unit, units_at
from desktop_app.reports.profiles import PROFILES
from desktop_app.services import accounts, unit_setup
from desktop_app.store.database import DatabaseError
from desktop_app.ui import dialogs
from desktop_app.ui.account_dialogs import add_account_rows
from desktop_app.ui.field_widgets import FoldingCompleter
from desktop_app.ui.location_chooser import LocationChooser

REPORT_PROFILE_LABELS = {name: profile.title for name, profile in PROFILES.items()}
PROFILE_FIELDS = (
    ("issuing_body", N_("Tên cơ quan ban hành (in hoa):")),
    ("superior_body", N_("Tên cơ quan cấp trên (in hoa):")),
    ("place_name", N_("Địa danh ghi ngày tháng:")),
    ("signer_name", N_("Họ tên người ký:")),
    ("signer_title", N_("Chức vụ người ký:")),
    ("signer_authority", N_("Thẩm quyền ký (T/M, TM., KT.):")),
    ("issuer_code", N_("Ký hiệu cơ quan trong số văn bản:")),
)


def _unit_combo(object_name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(object_name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumWidth(320)
    return combo


def _fill(combo: QComboBox, units: list[Unit]) -> None:
    combo.blockSignals(True)
    combo.clear()
    for unit in sorted(units, key=lambda u: sort_key(u.bare_name)):
        combo.addItem(unit.display, unit.code)
    # Found as the registers' search finds: "binh lieu" gives "Xã Bình Liêu", đ = d. The
    # completer's rows are the combo's, in order, so choosing one sets the combo to it.
    completer = FoldingCompleter(combo)
    completer.set_values([combo.itemText(index) for index in range(combo.count())])
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    combo.setCompleter(completer)
    combo.setCurrentIndex(-1 if len(units) > 1 else 0)
    combo.blockSignals(False)


class StorePage(QWizardPage):
    """Where the registers live: a file on this computer (a commune's laptop), or a database on
    the unit's PostgreSQL server (#14). A server already set up for a unit is joined here: the
    wizard ends and the officer signs in; an empty one is set up by the pages that follow."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.setTitle(_("Nơi lưu dữ liệu"))
        self.setSubTitle(_("Cấp xã lưu trên máy tính này. Cấp tỉnh có máy chủ PostgreSQL thì nhiều cán bộ có thể "
                           "cùng dùng một cơ sở dữ liệu trên máy chủ."))  # fmt: skip
        self.chooser = LocationChooser(path, fixed_file=True)
        self.chooser.changed.connect(self._on_change)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)

    def _on_change(self) -> None:
        self.setFinalPage(self.joins())  # "Hoàn tất" in place of "Tiếp theo": nothing more to ask
        self.completeChanged.emit()

    def joins(self) -> bool:
        """Whether the officer joins a server database already set up: nothing left to ask."""
        probed = self.chooser.probed
        return self.chooser.on_server.isChecked() and probed is not None and probed.set_up

    def isComplete(self) -> bool:
        return self.chooser.ready()

    def nextId(self) -> int:
        return -1 if self.joins() else super().nextId()


class LevelPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Cấp của đơn vị"))
        self.setSubTitle(
            _("Chương trình dùng cho cấp xã; cấp huyện hoặc cấp tỉnh dùng để tổng hợp số liệu các đơn vị trực thuộc.")
        )
        self.level = QComboBox()
        self.level.setObjectName("levelCombo")
        for level in (Level.COMMUNE, Level.PROVINCE, Level.DISTRICT):
            self.level.addItem(_(LEVEL_LABELS[level]), level)
        self.structure = QComboBox()
        self.structure.setObjectName("structureCombo")
        self.structure.addItem(_("Từ 1/7/2025: tỉnh và xã (Quyết định 19/2025/QĐ-TTg)"), Structure.CURRENT)
        self.structure.addItem(_("Trước 7/2025: tỉnh, huyện, xã (báo cáo qua huyện)"), Structure.LEGACY)
        self.level.currentIndexChanged.connect(self._on_level)
        layout = QFormLayout(self)
        layout.addRow(_("Cấp:"), self.level)
        layout.addRow(_("Cơ cấu hành chính:"), self.structure)

    def _on_level(self) -> None:
        district = self.level.currentData() == Level.DISTRICT
        if district:
            self.structure.setCurrentIndex(1)
        self.structure.setEnabled(not district)


class UnitPage(QWizardPage):
    def __init__(self, level_page: LevelPage) -> None:
        super().__init__()
        self.level_page = level_page
        self.setTitle(_("Chọn đơn vị"))
        self.setSubTitle(_("Chọn theo danh mục đơn vị hành chính chính thức; gõ vài chữ để tìm."))
        self.province = _unit_combo("provinceCombo")
        self.district = _unit_combo("districtCombo")
        self.commune = _unit_combo("communeCombo")
        self.code_label = QLabel()
        self.code_label.setObjectName("unitCodeLabel")
        self.province.currentIndexChanged.connect(self._on_province)
        self.district.currentIndexChanged.connect(self._on_district)
        for combo in (self.province, self.district, self.commune):
            combo.currentIndexChanged.connect(self._on_change)
        layout = QFormLayout(self)
        layout.addRow(_("Tỉnh, thành phố:"), self.province)
        self.district_label = QLabel(_("Quận, huyện:"))
        layout.addRow(self.district_label, self.district)
        self.commune_label = QLabel(_("Xã, phường:"))
        layout.addRow(self.commune_label, self.commune)
        layout.addRow(_("Mã đơn vị:"), self.code_label)

    @property
    def level(self) -> Level:
        return Level(self.level_page.level.currentData())  # Qt hands enum data back as plain str

    @property
    def structure(self) -> Structure:
        return Structure(self.level_page.structure.currentData())

    def initializePage(self) -> None:
        legacy = self.structure == Structure.LEGACY
        shows_district = legacy and self.level != Level.PROVINCE
        self.district.setVisible(shows_district)
        self.district_label.setVisible(shows_district)
        self.commune.setVisible(self.level == Level.COMMUNE)
        self.commune_label.setVisible(self.level == Level.COMMUNE)
        _fill(self.province, units_at(Level.PROVINCE, self.structure))
        self._on_province()

    def _on_province(self) -> None:
        code = self.province.currentData()
        if self.structure == Structure.LEGACY:
            _fill(self.district, units_at(Level.DISTRICT, self.structure, code) if code else [])
            self._on_district()
        else:
            _fill(self.commune, units_at(Level.COMMUNE, self.structure, code) if code else [])

    def _on_district(self) -> None:
        if self.structure == Structure.LEGACY:
            code = self.district.currentData()
            _fill(self.commune, units_at(Level.COMMUNE, self.structure, code) if code else [])

    def chosen(self) -> Unit | None:
        combo = {Level.PROVINCE: self.province, Level.DISTRICT: self.district, Level.COMMUNE: self.commune}[self.level]
        code = combo.currentData() if combo.currentIndex() >= 0 else None
        return find_unit(code, self.structure) if code else None

    def _on_change(self) -> None:
        unit = self.chosen()
        self.code_label.setText(unit.code if unit else "—")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.chosen() is not None


class ProfilePage(QWizardPage):
    def __init__(self, unit_page: UnitPage) -> None:
        super().__init__()
        self.unit_page = unit_page
        self.setTitle(_("Thông tin in trên văn bản"))
        self.setSubTitle(_("Dùng cho tiêu đề, dòng địa danh ngày tháng và phần ký của báo cáo."))
        layout = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in PROFILE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"profile_{key}")
            edit.textChanged.connect(lambda _text: self.completeChanged.emit())
            self.edits[key] = edit
            layout.addRow(_(label), edit)
        self.report_profile = QComboBox()
        for key, label in REPORT_PROFILE_LABELS.items():
            self.report_profile.addItem(_(label), key)
        layout.addRow(_("Thể thức văn bản mặc định:"), self.report_profile)
        self.report_profile.currentIndexChanged.connect(self._suggest_letterhead)

    def initializePage(self) -> None:
        unit = self.unit_page.chosen()
        if unit is None:
            return
        suggested = unit_setup.suggested_profile(unit, self.report_profile.currentData())
        for key, edit in self.edits.items():
            edit.setText(getattr(suggested, key))

    def _suggest_letterhead(self) -> None:
        """A Party committee and a People's Committee print different headers and signers."""
        unit = self.unit_page.chosen()
        if unit is None:
            return
        for key, value in unit_setup.suggested_letterhead(unit, self.report_profile.currentData()).items():
            self.edits[key].setText(value)

    def isComplete(self) -> bool:
        return all(self.edits[key].text().strip() for key in ("issuing_body", "superior_body", "place_name"))

    def data(self) -> unit_setup.ProfileData:
        unit = self.unit_page.chosen()
        assert unit is not None
        return unit_setup.ProfileData(
            unit_code=unit.code, structure=unit.structure.value,
            report_profile=self.report_profile.currentData(),
            **{key: edit.text() for key, edit in self.edits.items()},
        )  # fmt: skip


class HamletPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Thôn, bản, tổ dân phố"))
        self.setSubTitle(_("Mỗi dòng một thôn, bản hoặc tổ dân phố. Có thể sửa sau trong Cài đặt."))
        self.text = QPlainTextEdit()
        self.text.setObjectName("hamletText")
        self.text.setPlaceholderText(_("Thôn Đồng Tâm\nBản Khe Mạ\nTổ dân phố 1"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def names(self) -> list[str]:
        return [line for line in self.text.toPlainText().splitlines() if line.strip()]


class AdminPage(QWizardPage):
    """The first account: the administrator who then adds the unit's other officers."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Tài khoản quản trị"))
        self.setSubTitle(_("Người quản trị thêm tài khoản cho các cán bộ khác. Mật khẩu ít nhất 8 ký tự; không "
                           "ai, kể cả chương trình, đọc lại được mật khẩu."))  # fmt: skip
        self.name = QLineEdit()
        self.name.setObjectName("adminName")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("adminFullName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("adminConfirm")
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.name, self.password, self.confirm):
            edit.textChanged.connect(self.completeChanged)
        form = QFormLayout(self)
        add_account_rows(form, self.name, self.full_name, self.password, self.confirm)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip() and self.password.text() and self.password.text() == self.confirm.text())

    def validatePage(self) -> bool:
        try:
            accounts.check_new_account(self.name.text(), self.password.text())
        except accounts.AccountError as error:
            dialogs.warn(self, _("Tài khoản quản trị"), str(error))
            return False
        return True

    def admin(self) -> tuple[str, str, str]:
        return self.name.text(), self.password.text(), self.full_name.text()


class SetupWizard(QWizard):
    """Creates (or sets up) the database at ``path`` for the unit the officer picks."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.location: Path | str = path  # where the registers were made or joined: the file, or a server's URL
        self.setObjectName("setupWizard")
        self.setWindowTitle(_("Thiết lập Sổ Dân vận"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.level_page = LevelPage()
        self.unit_page = UnitPage(self.level_page)
        self.profile_page = ProfilePage(self.unit_page)
        self.hamlet_page = HamletPage()
        self.admin_page = AdminPage()
        self.store_page = StorePage(path)
        if not path.exists():  # a file there without a unit is set up where it is
            self.addPage(self.store_page)
        for page in (self.level_page, self.unit_page, self.profile_page, self.hamlet_page, self.admin_page):
            self.addPage(page)
        texts = {
            QWizard.WizardButton.BackButton: _("< Quay lại"),
            QWizard.WizardButton.NextButton: _("Tiếp theo >"),
            QWizard.WizardButton.FinishButton: _("Hoàn tất"),
            QWizard.WizardButton.CancelButton: _("Hủy"),
            QWizard.WizardButton.CommitButton: _("Xác nhận"),
            QWizard.WizardButton.HelpButton: _("Trợ giúp"),
        }
        for button, text in texts.items():
            self.setButtonText(button, text)
        self.resize(640, 440)
        self.recovery_code: str | None = None

    def on_server(self) -> bool:
        return self.store_page.chooser.on_server.isChecked()

    def joined(self) -> bool:
        """Whether the officer chose a server database that was set up already (nothing was made)."""
        return self.store_page.joins()

    def accept(self) -> None:
        if self.on_server():
            self.location = self.store_page.chooser.location()
            self.store_page.chooser.server.keep_password(self)
            if self.joined():  # set up already: the officer signs in next
                super().accept()
                return
        name, password, full_name = self.admin_page.admin()
        code = None
        try:
            if not self.on_server() and self.path.exists():  # a file there without its unit
                unit_setup.set_up_unit(self.profile_page.data(), self.hamlet_page.names())
                accounts.create_administrator(name, password, full_name)
            else:  # a new file, or an empty server database
                code = unit_setup.create_unit_database(self.location, self.profile_page.data(),
                                                       self.hamlet_page.names(), admin=(name, password),
                                                       admin_full_name=full_name)  # fmt: skip
        except (unit_setup.SetupError, accounts.AccountError, DatabaseError) as error:
            dialogs.warn(self, _("Không thiết lập được"), str(error))
            return
        self.recovery_code = code  # shown by the caller once the wizard has closed
        super().accept()
