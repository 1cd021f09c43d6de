"""Help → About: what this program is, which version, where its data lives, and the licences of
the program and of every part it ships, with each licence's full text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_DISPLAY_NAME, __version__, about
from desktop_app.domain.l10n import _
from desktop_app.ui import dialogs


def application_icon() -> QIcon:
    """The program's icon in every size it ships, for windows, the task bar and dialogs."""
    icon = QIcon()
    for path in about.icon_files():
        icon.addFile(str(path))
    return icon


class AboutDialog(QDialog):
    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("Giới thiệu {name}").format(name=APP_DISPLAY_NAME))
        self.resize(760, 560)
        self.database = database
        tabs = QTabWidget()
        tabs.addTab(self._summary_tab(), _("Chương trình"))
        tabs.addTab(self._licences_tab(), _("Giấy phép"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        dialogs.translate_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ the program
    def _summary_tab(self) -> QWidget:
        page = QWidget()
        heading = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(application_icon().pixmap(96, 96))
        title = QLabel(f"<h2>{APP_DISPLAY_NAME}</h2><p>{_('Phiên bản {version}').format(version=__version__)}</p>"
                       f"<p>{_('Sổ theo dõi công tác dân vận ở cơ sở: ghi chép, báo cáo và gửi dữ liệu lên cấp trên.')}"
                       "</p>")  # fmt: skip
        title.setWordWrap(True)
        heading.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(title, 1)

        facts = QFormLayout()
        self.data_folder_label = self._selectable(str(about.data_folder()))
        self.database_label = self._selectable(str(self.database))
        facts.addRow(_("Thư mục dữ liệu:"), self.data_folder_label)
        facts.addRow(_("Tệp dữ liệu đang dùng:"), self.database_label)
        facts.addRow(_("Giấy phép:"), QLabel(_("GPL-3.0-or-later — phần mềm tự do, được dùng, sửa và chia sẻ lại "
                                               "theo các điều khoản của giấy phép.")))  # fmt: skip
        build = about.build_info()
        if build:
            facts.addRow(_("Bản dựng:"), QLabel(f"{build.get('built', '')} · {build.get('platform', '')}"))
        open_folder = QPushButton(_("Mở thư mục dữ liệu"))
        open_folder.clicked.connect(self.open_data_folder)

        layout = QVBoxLayout(page)
        layout.addLayout(heading)
        layout.addLayout(facts)
        note = QLabel(_("Gỡ cài đặt chương trình không xóa thư mục dữ liệu. Hãy sao lưu thư mục này thường xuyên."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    @staticmethod
    def _selectable(text: str) -> QLabel:
        label = QLabel(text)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def open_data_folder(self) -> None:
        folder = about.data_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ------------------------------------------------------------------ the licences
    def _licences_tab(self) -> QWidget:
        page = QWidget()
        table = QTableWidget(len(about.COMPONENTS), 4)
        table.setObjectName("licenceTable")
        table.setHorizontalHeaderLabels([_("Thành phần"), _("Phiên bản"), _("Giấy phép"), _("Dùng để")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for row, component in enumerate(about.COMPONENTS):
            for column, text in enumerate((component.name, component.version(), component.license, _(component.role))):
                table.setItem(row, column, QTableWidgetItem(text))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.licence_text = QPlainTextEdit()
        self.licence_text.setObjectName("licenceText")
        self.licence_text.setReadOnly(True)
        self.licence_text.setFont(QFont("monospace"))
        table.currentCellChanged.connect(lambda row, *_: self.show_licence(row))
        self.licence_table = table
        layout = QVBoxLayout(page)
        layout.addWidget(table, 3)
        layout.addWidget(self.licence_text, 2)
        table.selectRow(0)
        return page

    def show_licence(self, row: int) -> None:
        if not 0 <= row < len(about.COMPONENTS):
            return
        path = about.COMPONENTS[row].license_path()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            text = _("Không đọc được tệp giấy phép {path}: {error}").format(path=path, error=error.strerror or error)
        self.licence_text.setPlainText(text)
