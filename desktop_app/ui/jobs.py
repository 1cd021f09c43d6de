"""Background work off the interface thread: a job reports progress and its end by signal.

A job never touches a widget. It gets its own database connection (peewee keeps one per
thread), closed when the job ends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.l10n import _
from desktop_app.store.models import database

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


class JobSignals(QObject):
    progress = Signal(int, int)  # done, total (total 0: unknown)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs ``work(progress)`` on a pool thread; ``work`` reports with ``progress(done, total)``."""

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Exception as error:  # every failure is reported to the user, and logged
            log.exception("background job failed")
            self.signals.failed.emit(str(error))
        else:
            self.signals.finished.emit(result)
        finally:
            if not database.is_closed():
                database.close()


def run_job(parent: QWidget, title: str, work: Callable[[Progress], Any],
            on_done: Callable[[Any], None], on_error: Callable[[str], None]) -> Job:  # fmt: skip
    """Start ``work`` in the background behind a progress dialog."""
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setWindowTitle(_("Đang xử lý"))
    dialog.setCancelButton(None)  # imports and exports are all-or-nothing: they run to the end
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    job = Job(work)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finished(result: Any) -> None:
        dialog.close()
        on_done(result)

    def failed(message: str) -> None:
        dialog.close()
        on_error(message)

    job.signals.progress.connect(progress)
    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    job.setAutoDelete(False)
    parent._running_job = job  # type: ignore[attr-defined]  # keep it alive until it ends
    QThreadPool.globalInstance().start(job)
    return job
