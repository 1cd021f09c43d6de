"""Background work off the interface thread: a job reports progress and its end by signal.

A job never touches a widget. It gets its own database connection (peewee keeps one per
thread), closed when the job ends. A job the officer may stop (a book, an export) is stopped at
its next report of progress: ``Cancelled`` is raised there and unwinds the work, which writes
its file in place only at the end (``files.written_in_place``), so a stopped job leaves nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.l10n import _
from desktop_app.store.models import database

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
_RUNNING: set[Job] = set()  # started by ``start`` and not yet ended: kept alive until they end


class Cancelled(Exception):
    """The officer stopped the job: raised from its report of progress."""


class JobSignals(QObject):
    progress = Signal(int, int)  # done, total (total 0: unknown)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    """Runs ``work(progress)`` on a pool thread; ``work`` reports with ``progress(done, total)``."""

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = JobSignals()
        self.stop = threading.Event()  # set from the interface thread: stop at the next report

    def report(self, done: int, total: int) -> None:
        if self.stop.is_set():
            raise Cancelled
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.work(self.report)
        except Cancelled:
            log.info("background job stopped by the officer")
            self.signals.cancelled.emit()
        except Exception as error:  # every failure is reported to the user, and logged
            log.exception("background job failed")
            self.signals.failed.emit(str(error))
        else:
            self.signals.finished.emit(result)
        finally:
            if not database.is_closed():
                database.close()


def start(job: Job) -> Job:
    """Run ``job`` on the thread pool, its Python object kept alive until it ends (finished,
    failed or stopped), whoever started it and whatever became of them."""
    job.setAutoDelete(False)
    _RUNNING.add(job)
    for ended in (job.signals.finished, job.signals.failed, job.signals.cancelled):
        ended.connect(lambda *_result: _RUNNING.discard(job))
    QThreadPool.globalInstance().start(job)
    return job


def run_job(parent: QWidget, title: str, work: Callable[[Progress], Any],
            on_done: Callable[[Any], None], on_error: Callable[[str], None], *,
            on_cancelled: Callable[[], None] | None = None) -> Job:  # fmt: skip
    """Start ``work`` in the background behind a progress dialog. With ``on_cancelled`` the
    dialog has a "Dừng" button (and Esc): the work stops at its next report of progress, and
    ``on_cancelled`` is called instead of ``on_done``. Without it the work runs to the end (an
    import is all or nothing once it writes)."""
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setWindowTitle(_("Đang xử lý"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    job = Job(work)
    if on_cancelled is None:
        dialog.setCancelButton(None)
    else:
        dialog.setCancelButtonText(_("Dừng"))
        dialog.canceled.connect(job.stop.set)

        def cancelled() -> None:
            dialog.close()
            on_cancelled()

        job.signals.cancelled.connect(cancelled)

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
    return start(job)
