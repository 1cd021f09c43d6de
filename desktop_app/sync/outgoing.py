"""Making packages: the changes since the last package, found by the change sequence (an index
scan of the newest rows, never the whole table), signed, and kept in the outbox until sent."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw

from desktop_app.domain.codec import encode
from desktop_app.domain.l10n import _
from desktop_app.domain.register import Register
from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.domain.roles import Right
from desktop_app.domain.sealed import is_sealed
from desktop_app.files import sha256_of
from desktop_app.security import keys
from desktop_app.services import accounts, audit, unit_setup
from desktop_app.services.progress import Progress, Steps
from desktop_app.services.records import now
from desktop_app.store import engines, sealed
from desktop_app.store import records as store
from desktop_app.store.models import Installation, OutboxPackage, PeriodLock, SyncSettings, database, model_for
from desktop_app.store.sync_settings import sync_settings
from desktop_app.sync import accountability
from desktop_app.sync.package import Carried, write_package


@dataclass(frozen=True)
class Made:
    path: Path
    package_id: str
    records: int
    after_seq: int
    through_seq: int


def database_path() -> Path:
    """What the sync's own files are named after (store.engines.files_named_after)."""
    return engines.files_named_after()


def outbox_folder() -> Path:
    """Beside the database file: ``<name>-outbox/`` (for a server's database, in the folder of its
    files on this computer)."""
    path = database_path()
    return path.with_name(f"{path.stem}-outbox")


def pending_changes() -> int:
    """How many records changed since the last package (what the status bar calls waiting)."""
    after = sync_settings().last_packaged_seq
    return sum(model_for(r).select().where(model_for(r).change_seq > after).count() for r in REGISTERS) + (
        PeriodLock.select().where(PeriodLock.change_seq > after).count())


def make_package(folder: Path | None = None, *, full: bool = False, sent_to: str = "",
                 progress: Progress | None = None) -> Made | None:  # fmt: skip
    """Write a package of the changes since the last one (``full``: of every record) into
    ``folder`` (default: the outbox). None when nothing changed. With ``sent_to`` the package
    counts as delivered there (a folder the officer chose); otherwise it waits in the outbox.
    ``progress`` hears of the records written into it."""
    session = accounts.require(Right.SEND)
    folder = folder or outbox_folder()
    with database.atomic():
        options = sync_settings()
        installation = Installation.get()
        through = installation.last_change_seq
        after = 0 if full else options.last_packaged_seq
        if not full and through <= after:
            return None
        omitted: dict[str, list[str]] = {}
        queries: dict[str, pw.ModelSelect] = {}
        for register in REGISTERS:
            model = model_for(register)
            left_out = [] if options.sensitive.get(register.name) else [f.name for f in register.sensitive_fields]
            if left_out:
                omitted[register.name] = left_out
            queries[register.name] = (model.select().where((model.change_seq > after) & (model.change_seq <= through))
                                      .order_by(model.change_seq, model.uuid))  # fmt: skip
        counts = {name: query.count() for name, query in queries.items()}
        steps = Steps(progress, sum(counts.values()))
        recipient = recipient_for_sensitive(options, omitted, [name for name, count in counts.items() if count])
        transit = sealed.TransitSeal(recipient[1]) if recipient is not None else None
        key_ids: set[str] = set()
        editors: set[tuple[str, str]] = set()

        def part(register: Register) -> Iterator[dict[str, Any]]:
            """The register's records, encoded as they travel, as the package is written."""
            left_out = omitted.get(register.name, [])
            for row in steps.counted(queries[register.name].dicts().iterator()):
                record = encode(register, store.from_row(register, row), omit=left_out)
                editors.add((record["origin"], record["updated_by"]))
                key_ids.update(_stored_key_ids(register, record))
                if transit is not None and not left_out:  # what this database keeps in clear is sealed for the journey
                    transit.seal(register, record)
                yield record

        def carried() -> Carried:
            value_keys = _value_keys(key_ids, recipient)
            if transit is not None:
                value_keys |= transit.wrapped()
            return Carried(accountability.editors_of(editors), accountability.period_states(), recipient, value_keys)

        unit = unit_setup.current_unit()
        package_id = str(uuidlib.uuid4())
        created = now().replace(microsecond=0)
        path = write_package(
            folder, package_id=package_id, created_at=created,
            unit={"code": unit.code, "name": unit.name, "level": unit.level.value, "structure": unit.structure.value},
            installation_id=installation.installation_id, public_key=bytes(installation.public_key),
            private_key=bytes(installation.private_key), kind="full" if full else "incremental",
            after_seq=after, through_seq=through, omitted=omitted,
            parts={register.name: part(register) for register in REGISTERS}, carried=carried,
        )  # fmt: skip
        steps.end()
        records = sum(counts.values())
        SyncSettings.update(last_packaged_seq=max(through, options.last_packaged_seq)).execute()
        OutboxPackage.create(package_id=package_id, file_name=path.name, sha256=sha256_of(path),
                             size=path.stat().st_size,
                             after_seq=after, through_seq=through, records=records, created_at=created,
                             sent_at=now() if sent_to else None, sent_to=sent_to)  # fmt: skip
        audit.record_event(session, "package", {"package": package_id, "file": path.name, "records": records,
                                                "kind": "full" if full else "incremental",
                                                "sensitive": sorted(options.sensitive or {})})  # fmt: skip
    return Made(path, package_id, records, after, through)


def _stored_key_ids(register: Register, record: dict[str, Any]) -> set[str]:
    """The content keys of the values ``record`` carries sealed as this database stores them."""
    return {key_id for f in register.sensitive_fields
            if is_sealed(value := record.get(f.name)) and (key_id := sealed.key_id_of(value))}  # fmt: skip


def _value_keys(key_ids: set[str], recipient: tuple[str, bytes] | None) -> dict[str, str]:
    """The content keys ``key_ids`` of the sealed values the parts carry, wrapped to the unit
    above (the values travel as they are stored; only that unit's key opens them). NoRecipient
    when some were sealed before its key was known and the reader key that could wrap them is
    not held."""
    if not key_ids or recipient is None:
        return {}
    wraps, missing = sealed.wraps_for(key_ids, recipient[1])
    if missing:
        raise NoRecipient(_("Có thông tin nhạy cảm được ghi trước khi có khóa của đơn vị cấp trên: cần một lãnh đạo "
                            "hoặc quản trị đăng nhập (có khóa đọc) để gói mang được chúng lên."))  # fmt: skip
    return wraps


class NoRecipient(accounts.Refused):
    """Sensitive fields would travel, but the unit above's key to seal them to is not known."""


def recipient_for_sensitive(options: SyncSettings, omitted: dict[str, list[str]],
                            filled: list[str]) -> tuple[str, bytes] | None:  # fmt: skip
    """The unit above's code and X25519 key, when some part (``filled``: the registers that have
    records in the package) carries sensitive fields; NoRecipient when they would travel and no
    key is known (they never travel in clear)."""
    carries = [name for name in filled if name not in omitted and BY_NAME[name].sensitive_fields]
    if not carries:
        return None
    if not options.recipient_key:
        raise NoRecipient(_("Sổ {registers} được đặt gửi cả thông tin nhạy cảm, nhưng chưa có khóa mã hóa của đơn vị "
                            "cấp trên: nhận tệp đăng ký của cấp trên (danvan trust TỆP) rồi gửi lại.").format(
                                registers=", ".join(BY_NAME[n].display_short_title for n in carries)))  # fmt: skip
    return options.recipient_unit, keys.from_text(options.recipient_key)


def set_recipient(unit_code: str, box_public_key: str) -> None:
    """Keep the unit above's X25519 key (from its enrolment file) to seal sensitive fields to."""
    session = accounts.require(Right.SYNC_SETUP)
    with database.atomic():
        options = sync_settings()
        options.recipient_unit, options.recipient_key = unit_code, box_public_key
        options.save()
        audit.record_event(session, "trust", {"unit": unit_code, "how": "recipient",
                                              "fingerprint": keys.fingerprint(keys.from_text(box_public_key))})
        sealed.reset()  # values sealed from now on are wrapped to this key too
        sealed.wrap_all_for(keys.from_text(box_public_key))


def waiting() -> list[OutboxPackage]:
    """Packages not yet delivered, oldest first."""
    return list(OutboxPackage.select().where(OutboxPackage.sent_at.is_null()).order_by(OutboxPackage.created_at))


def forget_missing(package: OutboxPackage) -> None:
    """An outbox file that vanished (deleted by hand): take it off the outbox and move the
    package mark back, so the next package carries its changes again (taking them twice above
    changes nothing)."""
    with database.atomic():
        mark_sent(package.package_id, "(missing)")
        options = sync_settings()
        if package.after_seq < options.last_packaged_seq:
            SyncSettings.update(last_packaged_seq=package.after_seq).execute()


def mark_sent(package_id: str, target: str) -> None:
    OutboxPackage.update(sent_at=now(), sent_to=target).where(OutboxPackage.package_id == package_id).execute()
