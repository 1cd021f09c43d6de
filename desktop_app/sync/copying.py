"""A merging unit's database moved between a file and a PostgreSQL server, either way (#14):
every table copied row by row into a new file or an empty server database, then checked — the
digest of the records and the audit trail's chain must say on the copy what they say on the
source. The source is only read.

A copy to a file is a plain file, unless the source keeps a key ring (an encrypted file, a
sealed server: store/key_ring.py): then the copy is encrypted with the key the ring's slots
hold and the ring is written beside it, so the same accounts open it and the same readers read
its names; onto a server the ring goes into the database's table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw

from desktop_app.domain.l10n import _
from desktop_app.security import keyslots
from desktop_app.services import accounts, audit_reading
from desktop_app.services.progress import Progress, Steps
from desktop_app.store import engines, key_ring, migrations, sealed
from desktop_app.store.cipher import CipherDatabase
from desktop_app.store.database import PRAGMAS
from desktop_app.store.models import ALL_MODELS, KeyRingRow, SchemaVersion, database
from desktop_app.sync.digest import digest

BATCH = 1000  # rows read and written at a time


class CopyError(RuntimeError):
    """A copy that could not be made or does not equal its source; the message says which."""


@dataclass(frozen=True)
class Copied:
    rows: int  # every row of every table
    digest: str  # the records' digest, the same on both


@contextmanager
def bound(db: pw.Database) -> Iterator[None]:
    """The store speaks to ``db`` for a while, then to what it spoke to before; the signed-in
    session acts on it too."""
    before = database.obj
    database.initialize(db)
    try:
        with accounts.acting_on(db):
            yield
    finally:
        database.initialize(before)


def _target(location: str | Path, key: bytes | None) -> pw.Database:
    if engines.is_server(location):
        return engines.connect_server(str(location))
    path = Path(location)
    if path.exists():
        raise CopyError(_("Tệp {path} đã có; chép vào một tệp mới.").format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    return CipherDatabase(str(path), key, pragmas=PRAGMAS)


def copy_open_database(target: str | Path, progress: Progress | None = None) -> Copied:
    """Copy the open database into ``target`` (a new file, or an empty database on a server) and
    check the copy. CopyError, with a new file removed, when it cannot be made or differs."""
    source = database.obj
    if source is None:
        raise CopyError(_("Chưa mở cơ sở dữ liệu nguồn."))
    # The source's key ring goes with it: into a server's table, or beside a file encrypted with
    # the key its slots hold (a sealed server's copy is an encrypted file its accounts open).
    ring = key_ring.read()
    key = key_ring.slot_key() if ring is not None and not engines.is_server(target) else None
    copy = _target(target, key)
    models = [model for model in ALL_MODELS if model is not SchemaVersion  # the copy's schema is new
              and not (model is KeyRingRow and not engines.is_server(target))]  # a file's ring is beside it
    try:
        with bound(copy):
            copy.connect()
            if migrations.current_version() is not None:
                raise CopyError(_("Cơ sở dữ liệu {target} không trống; chép vào một cơ sở dữ liệu mới.").format(
                    target=engines.shown(target)))  # fmt: skip
            migrations.upgrade()
        totals = {model: model.select().count() for model in models}
        steps = Steps(progress, sum(totals.values()))
        rows = 0
        for model in models:
            rows += _copy_table(model, copy, steps)
        if ring is not None and engines.is_server(target):
            with bound(copy):
                key_ring.write(ring)
        elif ring is not None:
            keyslots.write_ring(keyslots.ring_path(target), ring)
        expected = digest().sha256
        reader = sealed.reader()  # sealed values are compared opened: the copy opens them with the same key
        with bound(copy):
            if reader is not None:
                sealed.use_reader(reader)
            found, chain = digest().sha256, audit_reading.verify()
        if found != expected or chain:
            mismatch = _("Bản chép sang {target} không khớp với nguồn (mã băm {found} thay vì {expected}).")
            raise CopyError(mismatch.format(target=engines.shown(target), found=found[:16], expected=expected[:16]))
        steps.end()
        return Copied(rows, expected)
    except BaseException:
        copy.close()
        if not engines.is_server(target):
            for suffix in ("", "-wal", "-shm", keyslots.SUFFIX):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        if not copy.is_closed():
            copy.close()


def _copy_table(model: type[pw.Model], copy: pw.Database, steps: Steps) -> int:
    """Every row of ``model``'s table, in the order of its key, written as the source holds it."""
    key = model._meta.primary_key
    written = 0
    batch: list[dict[str, Any]] = []
    for row in model.select().order_by(key).dicts().iterator():
        batch.append(row)
        if len(batch) == BATCH:
            written += _write(model, copy, batch)
            steps.step(len(batch))
            batch = []
    if batch:
        written += _write(model, copy, batch)
        steps.step(len(batch))
    if written and isinstance(key, pw.AutoField):
        with bound(copy):
            engines.after_explicit_keys(model)
    return written


def _write(model: type[pw.Model], copy: pw.Database, rows: list[dict[str, Any]]) -> int:
    with bound(copy), copy.atomic():
        model.insert_many(rows).execute()
    return len(rows)
