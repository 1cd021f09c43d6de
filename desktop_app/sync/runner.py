"""One sync: package what changed, send the outbox, and at a merging unit fetch and merge what
the units below sent. Called by ``danvan sync`` and by the window's background worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.domain.roles import Right
from desktop_app.domain.units import parent
from desktop_app.services import accounts, audit, unit_setup
from desktop_app.services.progress import Progress
from desktop_app.services.records import now
from desktop_app.store.models import ReceivedPackage, SyncSettings, database
from desktop_app.store.sync_settings import sync_settings
from desktop_app.sync import merge, outgoing
from desktop_app.transports import credentials
from desktop_app.transports.places import target_for
from desktop_app.transports.targets import FolderTarget, Target, TransportError, WebDavTarget, run_test

log = logging.getLogger(__name__)
TARGET_KINDS = ("none", "folder", "webdav")


class NotConfigured(TransportError):
    def __init__(self) -> None:
        super().__init__(_("Chưa cài đặt nơi gửi gói (Công cụ → Cài đặt đồng bộ, hoặc danvan sync-setup)."),
                         retry=False)  # fmt: skip


@dataclass
class SyncResult:
    made: outgoing.Made | None = None
    sent: list[str] = field(default_factory=list)
    outcomes: list[merge.Outcome] = field(default_factory=list)
    error: TransportError | None = None

    def lines(self) -> list[str]:
        lines = []
        if self.made:
            lines.append(_("Đã tạo gói {name}: {count} bản ghi.").format(name=self.made.path.name,
                                                                       count=self.made.records))  # fmt: skip
        lines += [_("Đã gửi {name}.").format(name=name) for name in self.sent]
        lines += [outcome.summary() for outcome in self.outcomes]
        if self.error:
            lines.append(str(self.error))
        return lines


def target(options: SyncSettings | None = None) -> Target:
    options = options or sync_settings()
    found = target_for(options.target_kind, options.target, options.username)
    if found is None:
        raise NotConfigured()
    return found


def configure(kind: str, location: str = "", username: str = "", password: str | None = None,
              interval_minutes: int | None = None) -> None:  # fmt: skip
    """Set where packages go; a WebDAV password goes to the system keyring, never the database."""
    session = _setup_session()
    if kind not in TARGET_KINDS:
        raise ValueError(kind)
    if kind == "webdav" and not location.startswith(("http://", "https://")):
        raise TransportError(_("Địa chỉ WebDAV phải bắt đầu bằng http:// hoặc https://: «{url}».").format(url=location),
                             retry=False)  # fmt: skip
    if kind == "webdav" and password is not None and username:
        credentials.set_password(location, username, password)
    options = sync_settings()
    options.target_kind, options.target, options.username = kind, location if kind != "none" else "", username
    if interval_minutes is not None:
        options.interval_minutes = max(1, interval_minutes)
    with database.atomic():
        options.save()
        audit.record_event(session, "sync_setup", {"target_kind": kind, "target": options.target,
                                                   "user": username, "every": options.interval_minutes})


def test_connection(kind: str | None = None, location: str = "", username: str = "",
                    password: str | None = None) -> list[str]:  # fmt: skip
    """"Kiểm tra kết nối": write, rename, list, read back and delete a small file in this unit's
    folder on the target given (default: the saved one). The steps done; TransportError names
    the step the target refused. Nothing is saved."""
    if kind is None:
        where = target()
    elif kind == "folder":
        where = FolderTarget(Path(location))
    elif kind == "webdav":
        if not location.startswith(("http://", "https://")):
            raise TransportError(_("Địa chỉ WebDAV phải bắt đầu bằng http:// hoặc https://: «{url}».").format(
                url=location), retry=False)  # fmt: skip
        secret = password if password is not None else (credentials.password(location, username) if username else "")
        where = WebDavTarget(location, username, secret or "")
    else:
        raise NotConfigured()
    unit = unit_setup.current_unit()
    return run_test(where, outbox_folder_on_target() or f"{unit.code}/{unit.code}")


def set_sensitive(register_name: str, travels: bool) -> None:
    session = _setup_session()
    options = sync_settings()
    sensitive = dict(options.sensitive or {})
    before = bool(sensitive.get(register_name))
    sensitive[register_name] = travels
    options.sensitive = {name: True for name, on in sensitive.items() if on}
    with database.atomic():
        options.save()
        if before != travels:
            audit.record_event(session, "sync_setup", {"sensitive": travels}, register=register_name)


def _send_session() -> accounts.Session:
    try:
        return accounts.require(Right.SEND)
    except accounts.NotAllowed as error:
        raise TransportError(str(error), retry=False) from error


def _setup_session() -> accounts.Session:
    try:
        return accounts.require(Right.SYNC_SETUP)
    except accounts.NotAllowed as error:
        raise TransportError(str(error), retry=False) from error


def outbox_folder_on_target() -> str | None:
    """``<unit above>/<this unit>``; None at the top (a province sends to nobody)."""
    unit = unit_setup.current_unit()
    above = parent(unit)
    return None if above is None else f"{above.code}/{unit.code}"


def send(where: Target, result: SyncResult) -> None:
    folder = outbox_folder_on_target()
    if folder is None:
        return
    for waiting in outgoing.waiting():
        path = outgoing.outbox_folder() / waiting.file_name
        if not path.exists():  # removed by hand: its changes go again in the next package
            log.warning("outbox file %s is missing; its changes will be packaged again", path)
            outgoing.forget_missing(waiting)
            continue
        where.upload(path, folder, waiting.sha256)
        outgoing.mark_sent(waiting.package_id, where.description)
        result.sent.append(waiting.file_name)


def fetch_and_merge(where: Target, result: SyncResult, stopping: Callable[[], bool] = lambda: False,
                    taken_in: Callable[[merge.Outcome], None] | None = None) -> None:  # fmt: skip
    """Take in the packages of the units below waiting on ``where``, each whole or not at all;
    ``stopping`` is asked before each (a service told to stop ends after the package it is in),
    ``taken_in`` hears of each as it is done."""
    unit = unit_setup.current_unit()
    within = merge.units_within(unit.code) - {unit.code}
    taken = {row.file_name for row in ReceivedPackage.select(ReceivedPackage.file_name)}
    backup = merge.BackupOnce()
    inbox = outgoing.database_path().with_name(f"{outgoing.database_path().stem}-inbox")
    inbox.mkdir(parents=True, exist_ok=True)
    for remote in where.list(unit.code):
        if remote.name in taken or remote.folder.rsplit("/", 1)[-1] not in within:
            continue
        if stopping():
            return
        local = inbox / remote.name
        if not local.exists() or local.stat().st_size != remote.size:
            partial = local.with_name(local.name + ".part")
            where.download(remote, partial)
            partial.replace(local)
        result.outcomes.append(merge.apply(local, backup=backup))
        if taken_in is not None:
            taken_in(result.outcomes[-1])


def sync(progress: Progress | None = None, stopping: Callable[[], bool] = lambda: False,
         taken_in: Callable[[merge.Outcome], None] | None = None) -> SyncResult:  # fmt: skip
    """Package, send, fetch and merge. Transport errors end the run and are in ``result.error``;
    what was sent or merged before stays done, and the outbox keeps the rest. ``progress``
    hears of the records the package is written with; ``stopping`` ends the run between two
    packages (what is taken in goes up in the next run); ``taken_in`` hears of each package
    taken in as soon as it is."""
    result = SyncResult()
    options = sync_settings()
    sends = outbox_folder_on_target() is not None
    try:
        _send_session()
        where = target(options)
        where.check()
        if unit_setup.current_unit().is_merging:  # first, so what it takes in goes up in this run
            fetch_and_merge(where, result, stopping, taken_in)
    except TransportError as error:
        result.error = error
    if stopping():
        return result
    if sends and accounts.may(Right.SEND):  # offline too: the changes wait in the outbox as a package
        try:
            result.made = outgoing.make_package(progress=progress)
        except outgoing.NoRecipient as error:  # sensitive fields on, no key above to seal them to
            result.error = result.error or TransportError(str(error), retry=False)
        if result.error is None:
            try:
                send(where, result)
            except TransportError as error:
                result.error = error
    if result.error is not None:
        log.warning("sync stopped: %s (%s)", result.error, result.error.technical)
        SyncSettings.update(last_error=str(result.error)).execute()
        return result
    SyncSettings.update(last_sync_at=now(), last_error="").execute()
    return result
