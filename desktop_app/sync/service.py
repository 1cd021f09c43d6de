"""The sync cycle run unattended (``danvan serve``), for a merging unit's server: every N minutes,
fetch the inbox, merge, send upward (sync/runner.py). One cycle at a time on a database, whatever
the number of servers running (store.engines.cycle_lock). Told to stop (SIGTERM from systemd, or
Ctrl+C), it ends after the package it is merging: each package is one transaction, so a service
killed outright leaves none half-merged either, and the next cycle takes it in.

It logs to standard output, one line per event, each beginning with its syslog priority
("<6>" information, "<4>" warning, "<3>" error) as journald reads it.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

from desktop_app.domain.l10n import _, ngettext
from desktop_app.store import engines
from desktop_app.sync import runner

log = logging.getLogger("danvan.serve")
PRIORITIES = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}


class JournalFormatter(logging.Formatter):
    """A line as journald reads it from a service's standard output: its priority in angle brackets."""

    def format(self, record: logging.LogRecord) -> str:
        return f"<{PRIORITIES.get(record.levelno, 6)}>{super().format(record)}"


def log_to_journal() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JournalFormatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


@dataclass
class Stop:
    """Set by a signal; asked between packages and while waiting for the next cycle."""

    event: threading.Event

    def __call__(self) -> bool:
        return self.event.is_set()


def stop_on_signals() -> Stop:
    stop = Stop(threading.Event())

    def handle(number: int, _frame: FrameType | None) -> None:
        log.info(_("Nhận tín hiệu {signal}: dừng sau gói đang nhận.").format(signal=signal.Signals(number).name))
        stop.event.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop


TIDY_AFTER = 5_000  # records written by a cycle's merges, above which the server's tables are tidied


def cycle(stopping: Callable[[], bool]) -> runner.SyncResult | None:
    """One sync cycle, unless another process is running one on this database (then None)."""
    with engines.cycle_lock() as mine:
        if not mine:
            log.warning(_("Một máy khác đang đồng bộ cơ sở dữ liệu này; bỏ qua lượt này."))
            return None
        result = runner.sync(stopping=stopping, taken_in=lambda outcome: log.info(outcome.summary()))
        written = sum(o.added + o.updated for o in result.outcomes if o.status == "applied")
        if written >= TIDY_AFTER and not stopping() and engines.tidy_after_merge():
            log.info(_("Đã dọn bảng và cập nhật thống kê sau khi nhận {count} bản ghi.").format(count=written))
    taken = {outcome.summary() for outcome in result.outcomes}  # said as each was taken in
    for line in result.lines():
        if line not in taken:
            (log.error if result.error is not None and line == str(result.error) else log.info)(line)
    refused = [outcome for outcome in result.outcomes if outcome.status == "refused"]
    if not (result.made or result.sent or result.outcomes or result.error):
        log.info(_("Không có gì để gửi hoặc nhận."))
    elif refused:
        log.warning(ngettext("{count} gói bị từ chối.", "{count} gói bị từ chối.", len(refused)).format(
            count=len(refused)))  # fmt: skip
    return result


def serve(every_minutes: float, once: bool = False, stop: Stop | None = None) -> int:
    """Run cycles every ``every_minutes`` until stopped (or one, with ``once``); 0 when it ended
    as asked."""
    stop = stop or stop_on_signals()
    log.info(_("Bắt đầu phục vụ: đồng bộ mỗi {minutes} phút.").format(minutes=f"{every_minutes:g}"))
    while not stop():
        cycle(stop)
        if once:
            break
        stop.event.wait(every_minutes * 60)
    log.info(_("Đã dừng."))
    return 0
