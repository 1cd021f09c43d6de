"""Backup copies of the database file: making one with SQLite's online backup API, checking it,
its record beside it, listing them and rotation. The policy — when, the audit trail, the second
place, restoring — is services/backups.py.

A copy goes through the same SQLCipher library, so an encrypted database gives an encrypted
copy with the same key. It is written as ``<name>.part``, checked (opens with the key, passes
integrity_check, and its fingerprint — every table's rows — equals the source's at that moment),
and only then renamed into place, with a record beside it (``<copy>.json``: time, reason, unit,
size, records per register, fingerprint, and the key ring, so a copy can be opened even when the
ring beside the database is lost). A crash leaves at most a ``.part`` file, never a copy that
looks whole and is not.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.domain.units import Structure, UnitError, find_unit
from desktop_app.security import keyslots
from desktop_app.store import cipher
from desktop_app.store.cipher import sqlcipher
from desktop_app.store.fingerprint import Fingerprint, fingerprint, integrity_ok
from desktop_app.store.models import UnitProfile, database

log = logging.getLogger(__name__)

FOLDER = "backups"
SUFFIX = ".sqlite"
RECORD_SUFFIX = ".json"
PARTIAL_SUFFIX = ".part"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
KEEP_RECENT = 10  # the newest copies, whatever their day: this morning's is not lost to tonight's


class BackupError(Exception):
    """A backup that cannot be made, read or trusted; the message names the file and what is wrong."""


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def folder_for(database_path: Path) -> Path:
    return database_path.parent / FOLDER


def _ring_data(database_path: Path) -> dict | None:
    ring_file = keyslots.ring_path(database_path)
    if not ring_file.exists():
        return None
    data = keyslots.read_ring(ring_file).to_json()
    data["pending"] = []
    return data


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime  # local time, with its offset
    reason: str
    unit_code: str
    unit: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""  # the fingerprint of its tables
    encrypted: bool = False
    schema: int = 0
    ring: dict | None = None
    audit_id: int = 0  # the last audit entry the copy holds

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        return _("{unit}, sao lưu lúc {at}, {n} bản ghi").format(
            unit=self.unit, at=self.taken_at.strftime("%d/%m/%Y %H:%M:%S"), n=self.records)

    @classmethod
    def read(cls, path: Path) -> Backup:
        """The record beside the copy at ``path``; BackupError naming it when missing or damaged."""
        record = Path(str(path) + RECORD_SUFFIX)
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            return cls(path=path, taken_at=dt.datetime.fromisoformat(data["taken_at"]), reason=data["reason"],
                       unit_code=data["unit_code"], unit=data["unit"], size=int(data["size"]),
                       counts=dict(data["counts"]), sha256=data["sha256"], encrypted=bool(data["encrypted"]),
                       schema=int(data.get("schema", 0)), ring=data.get("ring"),
                       audit_id=int(data.get("audit_id", 0)))  # fmt: skip
        except FileNotFoundError:
            raise BackupError(_("Bản sao lưu {path} thiếu tệp ghi chép {record}.").format(
                path=path, record=record.name)) from None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BackupError(_("Tệp ghi chép {record} của bản sao lưu hỏng: {reason}").format(
                record=record, reason=error)) from None

    def write_record(self) -> None:
        data = {"format": 1, "taken_at": self.taken_at.isoformat(timespec="seconds"), "reason": self.reason,
                "unit_code": self.unit_code, "unit": self.unit, "size": self.size, "counts": self.counts,
                "sha256": self.sha256, "encrypted": self.encrypted, "schema": self.schema,
                "ring": self.ring, "audit_id": self.audit_id}  # fmt: skip
        record = Path(str(self.path) + RECORD_SUFFIX)
        temporary = Path(str(record) + PARTIAL_SUFFIX)
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, record)


# ------------------------------------------------------------------------- copying and checking


def copy_database(target: Path, key: bytes | None) -> tuple[Fingerprint, int]:
    """Copy the open database into ``target`` (a new file) with the backup API and check the copy;
    returns the fingerprint both have and the last audit entry the copy holds. BackupError, with
    ``target`` removed, when the copy is not equal to the source.

    The copy and the source's fingerprint come from one read snapshot (a save in between, from
    the window while a background backup runs, can change neither), and the source's fingerprint
    is read while other threads check the copy: SQLite does the reading outside the GIL."""
    source_connection = database.connection()
    copy = cipher.connect_file(target, key)
    source_connection.execute("BEGIN")
    try:
        source_connection.execute("SELECT count(*) FROM sqlite_master")  # the snapshot starts here
        try:
            source_connection.backup(copy)
        finally:
            copy.close()
        with ThreadPoolExecutor(max_workers=1) as pool:
            checks = _start_checks(pool, target, key)
            source = fingerprint(source_connection, in_transaction=True)
            _finish_checks(target, checks, source.sha256)
        try:
            last = source_connection.execute("SELECT coalesce(max(id), 0) FROM auditentry").fetchone()[0]
        except sqlcipher.OperationalError:  # a database from before the audit trail (a migration's copy)
            last = 0
    finally:
        source_connection.execute("COMMIT")
    return source, int(last)


CHECK_CACHE_KIB = 256 * 1024  # the page cache of a copy's check: the whole copy, up to 256 MiB


def _checked(path: Path, key: bytes | None) -> tuple[bool, str]:
    """(whole, fingerprint) of the file at ``path``, on one connection whose cache holds the file,
    so integrity_check decrypts each page once and the fingerprint reads them from memory."""
    connection = cipher.connect_file(path, key)
    try:
        cache = min(CHECK_CACHE_KIB, path.stat().st_size // 1024 + 1024)
        connection.execute(f"PRAGMA cache_size = -{cache}")
        whole = integrity_ok(connection)
        return whole, fingerprint(connection).sha256 if whole else ""
    finally:
        connection.close()


def _start_checks(pool: ThreadPoolExecutor, path: Path, key: bytes | None) -> Future:
    return pool.submit(_checked, path, key)


def _finish_checks(path: Path, checks: Future, expected: str) -> None:
    """BackupError (with ``path`` removed) unless the copy was whole and its fingerprint ``expected``."""
    try:
        whole, found = checks.result()
        why = (_("kiểm tra toàn vẹn không đạt") if not whole
               else _("dữ liệu khác bản gốc") if found != expected else "")  # fmt: skip
    except Exception as error:  # a copy that cannot even be read fails its check
        why = str(error)
    if why:
        path.unlink(missing_ok=True)
        raise BackupError(_("Bản sao {path} không đạt kiểm tra: {reason}.").format(path=path.name, reason=why))
    with open(path, "rb+") as stream:
        os.fsync(stream.fileno())


def check_copy(path: Path, key: bytes | None, expected: str) -> None:
    """BackupError (with ``path`` removed) unless the file opens with ``key``, is whole, and its
    fingerprint is ``expected``."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        _finish_checks(path, _start_checks(pool, path, key), expected)


def unit_of_open_database() -> tuple[str, str]:
    """(code, display name) of the open database's unit; empty strings before its set-up."""
    profile = UnitProfile.select(UnitProfile.unit_code, UnitProfile.structure).first()
    if profile is None:
        return "", ""
    try:
        return profile.unit_code, find_unit(profile.unit_code, Structure(profile.structure)).display
    except (UnitError, ValueError):
        return profile.unit_code, profile.unit_code


def make_copy(reason: str, folder: Path | None = None) -> Backup:
    """Copy the open database into ``folder`` (default: ``backups/`` beside it), check it, and
    write its record; BackupError (nothing left behind) when it fails."""
    path = cipher.database_path()
    target_folder = Path(folder) if folder else folder_for(path)
    taken = local_now()
    final = target_folder / f"{path.stem}-{taken.strftime('%Y%m%d-%H%M%S')}-{reason}{SUFFIX}"
    number = 1
    while final.exists():  # two copies in one second (a restore's "before" copy): never one over the other
        number += 1
        final = target_folder / f"{path.stem}-{taken.strftime('%Y%m%d-%H%M%S')}-{number}-{reason}{SUFFIX}"
    partial = Path(str(final) + PARTIAL_SUFFIX)
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        key = cipher.database_key()
        source, last_entry = copy_database(partial, key)
        unit_code, unit = unit_of_open_database()
        backup = Backup(final, taken, reason, unit_code, unit, partial.stat().st_size, source.register_counts(),
                        source.sha256, key is not None, _schema_version(), _ring_data(path), last_entry)  # fmt: skip
        backup.write_record()  # the record first: a copy is listed only once it has one
        os.replace(partial, final)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, keyslots.KeyRingError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(_("Không sao lưu được vào {folder}: {reason}").format(folder=target_folder,
                                                                                reason=error)) from error
    return backup


def _schema_version() -> int:
    row = database.execute_sql("SELECT max(version) FROM schemaversion").fetchone()
    return int(row[0] or 0)




# ------------------------------------------------------------------------- listing and rotation


def backups(database_path: Path | None = None, folder: Path | None = None) -> list[Backup]:
    """The backups of the database at ``database_path`` (default: the open one), newest first;
    a copy whose record is missing or damaged is left out (``danvan backups`` says which)."""
    database_path = database_path or cipher.database_path()
    folder = folder or folder_for(database_path)
    found = []
    for path in sorted(folder.glob(f"{database_path.stem}-*{SUFFIX}")):
        try:
            found.append(Backup.read(path))
        except BackupError as error:
            log.warning("%s", error)
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def kept(taken: list[dt.datetime]) -> set[dt.datetime]:
    """Which of the times ``taken`` rotation keeps: the 10 newest, and the newest of each of the
    last 7 days that have a copy, of each of the last 4 weeks and of the last 12 months."""
    newest = sorted(taken, reverse=True)
    keep: set[dt.datetime] = set(newest[:KEEP_RECENT])
    for count, bucket in ((KEEP_DAILY, lambda t: t.date()), (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
                          (KEEP_MONTHLY, lambda t: (t.year, t.month))):  # fmt: skip
        seen: list[object] = []
        for stamp in newest:
            key = bucket(stamp)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(stamp)
    return keep


def prune(folder: Path, stem: str) -> list[Path]:
    """Remove the copies rotation does not keep; returns what was removed."""
    listed = backups(folder.parent / f"{stem}{SUFFIX}", folder)
    keep = kept([backup.taken_at for backup in listed])
    removed = []
    for backup in listed:
        if backup.taken_at not in keep:
            for path in (backup.path, Path(str(backup.path) + RECORD_SUFFIX)):
                path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


