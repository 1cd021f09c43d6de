"""File → Take in packages: pick files or a folder, see what each package would do, then take
them in with progress; each row ends with what its package did, or why it was refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import PACKAGE_SUFFIX
from desktop_app.domain.l10n import N_, _, format_number
from desktop_app.sync import merge
from desktop_app.ui import dialogs
from desktop_app.ui.jobs import run_job

COLUMNS = (N_("Tệp"), N_("Đơn vị"), N_("Bản ghi"), N_("Thêm"), N_("Cập nhật"), N_("Không đổi"), N_("Xung đột"),
           N_("Tình trạng"))  # fmt: skip
REFUSED, NEEDS_TRUST, DONE = QColor("#fde2e1"), QColor("#fff1d6"), QColor("#e3f4e1")


class MergeDialog(QDialog):
    def __init__(self, paths: list[Path] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(_("Nhận gói dữ liệu của đơn vị cấp dưới"))
        self.resize(1100, 480)
        self.paths: list[Path] = []
        self.outcomes: dict[Path, merge.Outcome] = {}
        self.applied = False

        add_files = QPushButton(_("Chọn tệp…"))
        add_files.clicked.connect(self._add_files)
        add_folder = QPushButton(_("Chọn thư mục…"))
        add_folder.clicked.connect(self._add_folder)
        picks = QHBoxLayout()
        picks.addWidget(add_files)
        picks.addWidget(add_folder)
        picks.addStretch(1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("packageTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        self.trust_new = QCheckBox(_("Tin cậy khóa của các đơn vị gửi lần đầu (đã đối chiếu dấu vân tay)"))
        self.trust_new.setObjectName("trustNew")
        self.trust_new.setVisible(False)
        self.summary = QLabel(_("Chọn các tệp gói (*{suffix}) hoặc một thư mục.").format(suffix=PACKAGE_SUFFIX))
        self.summary.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(_("Nhận các gói"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setEnabled(False)
        close = self.buttons.addButton(_("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(picks)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.trust_new)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        if paths:
            self.add(paths)

    # ------------------------------------------------------------------ choosing
    def _add_files(self) -> None:
        chosen = dialogs.choose_files(self, _("Chọn gói dữ liệu"), _("Gói dữ liệu (*{suffix})").format(
            suffix=PACKAGE_SUFFIX))  # fmt: skip
        self.add([Path(p) for p in chosen])

    def _add_folder(self) -> None:
        folder = dialogs.choose_folder(self, _("Chọn thư mục chứa gói"))
        if folder:
            found = sorted(Path(folder).rglob(f"*{PACKAGE_SUFFIX}"))
            if not found:
                dialogs.inform(self, _("Nhận gói"), _("Thư mục {path} không có tệp gói nào.").format(path=folder))
            self.add(found)

    def add(self, paths: list[Path]) -> None:
        """Add packages and show what they would do (read off the interface thread)."""
        new = [path for path in paths if path not in self.paths]
        if not new:
            return
        self.paths += new
        self.applied = False
        run_job(self, _("Đang đọc và kiểm tra gói…"), lambda progress: self._preview(new, progress),
                self._show_previews, self._failed)  # fmt: skip

    @staticmethod
    def _preview(paths: list[Path], progress) -> list[merge.Outcome]:
        outcomes = []
        for number, path in enumerate(paths, start=1):
            progress(number, len(paths))
            outcomes.append(merge.preview(path))
        return outcomes

    def _show_previews(self, outcomes: list[merge.Outcome]) -> None:
        for outcome in outcomes:
            self.outcomes[outcome.path] = outcome
        self._fill()

    # ------------------------------------------------------------------ applying
    def apply(self) -> None:
        paths = [path for path in self.paths if self.outcomes.get(path) and self.outcomes[path].status == "preview"]
        trust = self.trust_new.isChecked()

        def work(progress) -> list[merge.Outcome]:
            return merge.apply_all(paths, trust_new=trust, progress=lambda n, total, _path: progress(n, total))

        run_job(self, _("Đang nhận gói…"), work, self._show_results, self._failed)

    def _show_results(self, outcomes: list[merge.Outcome]) -> None:
        for outcome in outcomes:
            self.outcomes[outcome.path] = outcome
        self.applied = True
        self._fill()

    def _failed(self, message: str) -> None:
        dialogs.warn(self, _("Nhận gói"), message)

    # ------------------------------------------------------------------ the table
    def _fill(self) -> None:
        self.table.setRowCount(len(self.paths))
        waiting = needs_trust = 0
        for row, path in enumerate(self.paths):
            outcome = self.outcomes.get(path)
            if outcome is None:
                continue
            records = outcome.package.record_count if outcome.package else None
            status, colour = self._status(outcome)
            values = (path.name, outcome.unit, format_number(records) if records is not None else "",
                      *(format_number(n) if outcome.status in ("preview", "applied") else ""
                        for n in (outcome.added, outcome.updated, outcome.unchanged, outcome.conflicts)),
                      status)  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if 2 <= column <= 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                item.setToolTip(outcome.message or status)
                self.table.setItem(row, column, item)
            waiting += outcome.status == "preview"
            needs_trust += outcome.status == "preview" and outcome.new_key
        self.table.resizeRowsToContents()
        self.trust_new.setVisible(needs_trust > 0)
        self.apply_button.setEnabled(waiting > 0)
        self.summary.setText(self._summary_text())

    def _status(self, outcome: merge.Outcome) -> tuple[str, QColor | None]:
        if outcome.status == "refused":
            return outcome.message, REFUSED
        if outcome.status == "already":
            return outcome.message, None
        if outcome.status == "applied":
            return _("Đã nhận"), DONE
        if outcome.new_key:
            return _("Đơn vị gửi lần đầu — dấu vân tay khóa: {fingerprint}").format(
                fingerprint=outcome.package.fingerprint), NEEDS_TRUST  # fmt: skip
        if outcome.message:
            return outcome.message, REFUSED
        return _("Sẵn sàng nhận"), None

    def _summary_text(self) -> str:
        counts = {status: 0 for status in ("preview", "applied", "already", "refused")}
        for outcome in self.outcomes.values():
            counts[outcome.status] += 1
        if self.applied:
            return _("Đã nhận {applied} gói; {already} gói đã nhận từ trước; {refused} gói bị từ chối.").format(
                **counts)  # fmt: skip
        return _("{preview} gói sẵn sàng; {already} gói đã nhận từ trước; {refused} gói bị từ chối.").format(**counts)
