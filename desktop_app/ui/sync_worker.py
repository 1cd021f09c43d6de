"""The background sync of the window: at start, every few minutes, and on demand, off the
interface thread, backing off after a failure; it tells the status bar what it knows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from desktop_app.domain.l10n import _, format_number, format_stamp, ngettext
from desktop_app.store.sync_settings import sync_settings
from desktop_app.sync import outgoing, runner
from desktop_app.ui.jobs import Job

log = logging.getLogger(__name__)
FIRST_DELAY_MS = 3_000
BACK_OFF_MINUTES = (1, 2, 5, 10, 30, 60)


class SyncWorker(QObject):
    status_changed = Signal(str, bool)  # the words for the status bar; online or not
    finished = Signal(object)  # runner.SyncResult

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self.failures = 0
        self.running: Job | None = None
        self.online: bool | None = None
        self.last_error = ""

    def start(self) -> None:
        """Begin: a first sync shortly after the window shows, if a target is set."""
        if sync_settings().target_kind != "none":
            self.timer.start(FIRST_DELAY_MS)
        self.report()

    def interval_ms(self) -> int:
        minutes = sync_settings().interval_minutes
        if self.failures:
            minutes = min(minutes, BACK_OFF_MINUTES[min(self.failures - 1, len(BACK_OFF_MINUTES) - 1)])
        return max(1, minutes) * 60_000

    def sync_now(self) -> bool:
        """Start a sync unless one runs; False when one was already running."""
        if self.running is not None:
            return False
        if sync_settings().target_kind == "none":
            self.report()
            return False
        self.timer.stop()
        job = Job(lambda progress: runner.sync(progress=progress))
        job.setAutoDelete(False)
        job.signals.progress.connect(self._packaging)
        job.signals.finished.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.running = job
        self.status_changed.emit(_("Đang đồng bộ…"), bool(self.online))
        QThreadPool.globalInstance().start(job)
        return True

    def _packaging(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        self.status_changed.emit(_("Đang đóng gói: {percent}%").format(percent=percent), bool(self.online))

    def _done(self, result: runner.SyncResult) -> None:
        self.running = None
        if result.error is None:
            self.failures, self.online, self.last_error = 0, True, ""
        else:
            self.failures += 1
            self.online = False
            self.last_error = str(result.error)
        self.timer.start(self.interval_ms())
        self.report()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self.running = None
        self.failures += 1
        self.online, self.last_error = False, message
        log.error("sync failed: %s", message)
        self.timer.start(self.interval_ms())
        self.report()

    def status_text(self) -> str:
        options = sync_settings()
        if options.target_kind == "none":
            return _("Chưa cài đặt nơi gửi gói")
        parts = [_("Trực tuyến") if self.online else (_("Ngoại tuyến") if self.online is False else _("Chưa đồng bộ"))]
        if options.last_sync_at:
            parts.append(_("đồng bộ lúc {time}").format(time=format_stamp(options.last_sync_at)))
        packages, changes = len(outgoing.waiting()), outgoing.pending_changes()
        if packages or changes:
            waiting = []
            if packages:
                waiting.append(ngettext("{n} gói", "{n} gói", packages).format(n=format_number(packages)))
            if changes:
                waiting.append(ngettext("{n} thay đổi", "{n} thay đổi", changes).format(n=format_number(changes)))
            parts.append(_("chờ gửi: {what}").format(what=", ".join(waiting)))
        else:
            parts.append(_("không có gì chờ gửi"))
        if self.last_error:
            parts.append(self.last_error)
        return " · ".join(parts)

    def report(self) -> None:
        self.status_changed.emit(self.status_text(), bool(self.online))
