"""Taking in packages from units below: trust, area, then an upsert by UUID that any order and
any repetition bring to the same database (docs/package-format.md, "Merge").

The winner of two versions of one record is the greater of (revision, time of the change,
installation, content hash) — ``codec.version_key``. A version that loses to a concurrent edit
(the same revision, or a later time than the winner's) is kept in the conflict log. Every
package is applied in one transaction: it is taken whole or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from desktop_app.domain.codec import encode, version_key
from desktop_app.domain.l10n import _, format_stamp
from desktop_app.domain.register import Register
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.roles import Right
from desktop_app.domain.units import Structure, Unit, UnitError, children, find_unit, parent
from desktop_app.security import keys
from desktop_app.services import accounts, audit, batch, unit_setup
from desktop_app.services.records import now
from desktop_app.store import records as store
from desktop_app.store import sealed
from desktop_app.store.models import Conflict, ReceivedPackage, TrustedKey, database
from desktop_app.sync import accountability
from desktop_app.sync.package import Package, PackageError, read_package

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a package did (or would do): ``status`` is applied, already, refused or preview."""

    path: Path
    status: str
    package: Package | None = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    reopened: int = 0  # changed records dated in a period their unit had locked and reopened
    periods: int = 0  # period lock states that changed here
    reason: str = ""
    message: str = ""
    new_key: bool = False  # the unit is new here: its key must be trusted first

    @property
    def unit(self) -> str:
        return f"{self.package.unit_name} ({self.package.unit_code})" if self.package else ""

    def summary(self) -> str:
        if self.status in ("refused", "already"):
            return self.message
        verb = _("sẽ") + " " if self.status == "preview" else ""
        text = _("{name} ({unit}): {verb}thêm {added}, cập nhật {updated}, không đổi {unchanged}, "
                 "xung đột {conflicts}.").format(name=self.path.name, unit=self.unit, verb=verb, added=self.added,
                                                  updated=self.updated, unchanged=self.unchanged,
                                                  conflicts=self.conflicts)  # fmt: skip
        if self.reopened:
            text += " " + _("{n} bản ghi thuộc kỳ đã mở lại sau khi chốt.").format(n=self.reopened)
        if self.periods:
            text += " " + _("{n} thay đổi trạng thái chốt kỳ.").format(n=self.periods)
        return text


@dataclass
class _Plan:
    inserts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    before: dict[str, dict[str, Any]] = field(default_factory=dict)  # the stored version an update replaces


# ------------------------------------------------------------------------- trust and area


@cache
def _units_within(code: str, level: str, structure: str) -> frozenset[str]:
    unit = find_unit(code, Structure(structure))
    assert unit.level.value == level
    found = {unit.code}
    for child in children(unit):
        found |= _units_within(child.code, child.level.value, structure)
    return frozenset(found)


def units_within(code: str) -> set[str]:
    """The codes of a unit and of every unit under it, in this database's structure."""
    structure = unit_setup.current_unit().structure
    unit = find_unit(code, structure)
    return set(_units_within(unit.code, unit.level.value, structure.value))


def _sender_unit(package: Package, importer: Unit) -> Unit:
    refuse = _area_refusal(package)
    try:
        sender = find_unit(package.unit_code, importer.structure)
    except UnitError:
        raise refuse(_("đơn vị gửi mã {code} không có trong danh mục của đơn vị này.").format(
            code=package.unit_code)) from None  # fmt: skip
    if sender.code == importer.code and sender.level == importer.level:
        raise refuse(_("đây là gói của chính đơn vị này."))
    above = parent(sender)
    while above is not None and not (above.code == importer.code and above.level == importer.level):
        above = parent(above)
    if above is None:
        raise refuse(_("{sender} không thuộc địa bàn của {importer}; chỉ đơn vị cấp trên mới nhận được gói "
                       "này.").format(sender=sender.display, importer=importer.display))  # fmt: skip
    return sender


def _area_refusal(package: Package) -> Callable[[str], PackageError]:
    return lambda message: PackageError(package.path, "area", message)


def check_area(package: Package) -> None:
    """The importer is above the sender, and every record belongs to the sender's area."""
    importer = unit_setup.current_unit()
    sender = _sender_unit(package, importer)
    allowed = _units_within(sender.code, sender.level.value, sender.structure.value)
    if (outside := accountability.within_area(package.periods, allowed)) is not None:
        raise _area_refusal(package)(_("gói mang trạng thái chốt kỳ của đơn vị {code}, ngoài địa bàn của "
                                       "{sender}.").format(code=outside, sender=sender.display))  # fmt: skip
    for register_name, records in package.records.items():
        for record in records:
            if record["unit_code"] not in allowed:
                raise _area_refusal(package)(_(
                    "bản ghi {uuid} (sổ {register}) thuộc đơn vị {code}, ngoài địa bàn của {sender}."
                ).format(uuid=record["uuid"], register=register_name, code=record["unit_code"],
                         sender=sender.display))  # fmt: skip


def key_status(package: Package) -> str:
    """trusted, new (the unit has no key here yet) or other (the unit has other keys)."""
    known = list(TrustedKey.select().where(TrustedKey.unit_code == package.unit_code))
    if not known:
        return "new"
    text = keys.to_text(package.public_key)
    return "trusted" if any(row.public_key == text for row in known) else "other"


def read(path: Path) -> Package:
    """``path`` read as this database takes it in. A database that seals its sensitive values
    keeps those a package brings sealed as they came, so taking one in needs no key (a
    data-entry officer does it) and only the reader key opens them here; one that does not seal
    opens them with its package key, which it keeps in clear."""
    return read_package(path, sealed.box_private(), keep_sealed_for=sealed.box_public() if sealed.active() else None)


def check_trust(package: Package) -> None:
    status = key_status(package)
    if status == "new":
        raise PackageError(package.path, "untrusted", _(
            "{unit} gửi gói lần đầu. Dấu vân tay khóa: {fingerprint}. Hãy đối chiếu dấu vân tay với cán bộ "
            "của đơn vị rồi chọn tin cậy (dòng lệnh: danvan merge --trust).").format(
                unit=f"{package.unit_name} ({package.unit_code})", fingerprint=package.fingerprint))  # fmt: skip
    if status == "other":
        raise PackageError(package.path, "wrong-key", _(
            "gói được ký bằng khóa khác với khóa đã đăng ký của {unit} (dấu vân tay {fingerprint}). Nếu đơn vị "
            "đã cài lại chương trình hoặc dùng thêm máy, hãy đăng ký lại: danvan trust {name}.").format(
                unit=f"{package.unit_name} ({package.unit_code})", fingerprint=package.fingerprint,
                name=package.path.name))  # fmt: skip


def trust(package_or_enrolment: Package | dict[str, str], *, how: str, replace: bool = False) -> str:
    """Pin the key of a unit below (from a package or an enrolment file); returns its fingerprint.
    ``replace`` drops the unit's other keys (a laptop that was replaced)."""
    if isinstance(package_or_enrolment, Package):
        package = package_or_enrolment
        unit_code, unit_name = package.unit_code, package.unit_name
        installation_id, public_key = package.installation_id, package.public_key
    else:
        enrolment = package_or_enrolment
        unit_code, unit_name = enrolment["unit_code"], enrolment["unit_name"]
        installation_id, public_key = enrolment["installation_id"], keys.from_text(enrolment["public_key"])
    session = accounts.require(Right.SYNC_SETUP)
    text = keys.to_text(public_key)
    with database.atomic():
        if replace:
            TrustedKey.delete().where(TrustedKey.unit_code == unit_code).execute()
        TrustedKey.insert(unit_code=unit_code, unit_name=unit_name, installation_id=installation_id,
                          public_key=text, fingerprint=keys.fingerprint(public_key), how=how, trusted_at=now(),
                          trusted_by=session.name).on_conflict_ignore().execute()  # fmt: skip
        audit.record_event(session, "trust", {"unit": unit_code, "fingerprint": keys.fingerprint(public_key),
                                              "how": how, "replace": replace})  # fmt: skip
    return keys.fingerprint(public_key)


# ------------------------------------------------------------------------- the upsert


def _is_concurrent(loser: dict[str, Any], winner: dict[str, Any]) -> bool:
    """Whether the loser was an edit made without knowing the winner (so a person should look)."""
    return loser["revision"] == winner["revision"] or loser["updated_at"] > winner["updated_at"]


def _plan(package: Package) -> _Plan:
    plan = _Plan()
    for register_name, incoming in package.records.items():
        register = BY_NAME[register_name]
        omitted = package.omitted(register_name)
        existing = store.get_many(register, [record["uuid"] for record in incoming])
        inserts, updates = plan.inserts.setdefault(register_name, []), plan.updates.setdefault(register_name, [])
        for record in incoming:
            mine = existing.get(record["uuid"])
            full = dict(record)
            for name in omitted:  # a field the sender left out keeps what this database has
                full[name] = mine.get(name) if mine else None
            if mine is None:
                inserts.append(full)
                continue
            theirs_key, mine_key = version_key(register, full), version_key(register, mine)
            if theirs_key == mine_key:  # the same version: it may bring sensitive values this copy lacks
                enriched = _with_sensitive(register, mine, record, omitted)
                if enriched == mine:
                    plan.unchanged += 1
                else:
                    updates.append(enriched)
                    plan.before[record["uuid"]] = mine
            elif theirs_key > mine_key:
                updates.append(full)
                plan.before[record["uuid"]] = mine
                if _is_concurrent(mine, full):
                    plan.conflicts.append(_conflict(register, loser=mine, winner=full, package=package))
            else:
                plan.unchanged += 1
                if _is_concurrent(full, mine):
                    plan.conflicts.append(_conflict(register, loser=full, winner=mine, package=package))
    return plan


def _with_sensitive(register: Register, base: dict[str, Any], other: dict[str, Any],
                    omitted: tuple[str, ...]) -> dict[str, Any]:  # fmt: skip
    """``base`` with the sensitive values it lacks taken from ``other`` (another copy of the same
    record that travelled with them): sensitive values are only ever filled, never emptied."""
    result = dict(base)
    for sensitive in register.sensitive_fields:
        name = sensitive.name
        if name not in omitted and result.get(name) is None and other.get(name) is not None:
            result[name] = other[name]
    return result


def _conflict(register: Register, *, loser: dict[str, Any], winner: dict[str, Any], package: Package) -> dict[str, Any]:
    loser = dict(loser)
    sealed.seal_record(register, loser)  # the conflict log keeps no sensitive value in clear either
    loser_key = f"{loser['revision']}|{loser['updated_at'].isoformat(timespec='microseconds')}|{loser['origin']}"
    return {"register": register.name, "uuid": loser["uuid"], "loser": encode(register, loser),
            "loser_key": loser_key, "winner_revision": winner["revision"], "winner_origin": winner["origin"],
            "winner_updated_at": winner["updated_at"], "package_id": package.package_id,
            "detected_at": now()}  # fmt: skip


def _write(plan: _Plan, package: Package, session: accounts.Session) -> None:
    """Write the plan through the batch path an import takes too (services/batch.py): each
    merged change gets a local change sequence number, so it travels upward too."""
    roles = accountability.take_editors(package.editors)
    source = {"package": package.package_id, "unit": package.unit_code}
    for register_name in sorted(set(plan.inserts) | set(plan.updates)):
        register = BY_NAME[register_name]
        batch.write_changes(register, [
            batch.Change(plan.before.get(record["uuid"]), record, "merge_record", session,
                         {**source, "by": record["updated_by"],
                          "role": roles.get((record["origin"], record["updated_by"]), "")})
            for record in plan.inserts.get(register_name, []) + plan.updates.get(register_name, [])])  # fmt: skip
    if package.value_keys and sealed.active():  # its values are stored sealed as they came: keep their keys
        sealed.take_value_keys(package.sealed_to, package.value_keys)  # type: ignore[arg-type]
    for start in range(0, len(plan.conflicts), store.INSERT_BATCH):
        Conflict.insert_many(plan.conflicts[start : start + store.INSERT_BATCH]).on_conflict_ignore().execute()


def _outcome(package: Package, plan: _Plan, status: str) -> Outcome:
    return Outcome(package.path, status, package, added=sum(len(v) for v in plan.inserts.values()),
                   updated=sum(len(v) for v in plan.updates.values()), unchanged=plan.unchanged,
                   conflicts=len(plan.conflicts))  # fmt: skip


def _already(package: Package) -> Outcome | None:
    row = ReceivedPackage.get_or_none(ReceivedPackage.package_id == package.package_id)
    if row is None:
        return None
    return Outcome(package.path, "already", package, unchanged=package.record_count, message=_(
        "{name}: gói này đã được nhận lúc {when}; không có gì thay đổi.").format(
            name=package.path.name, when=format_stamp(row.received_at)))  # fmt: skip


def _refused(path: Path, error: PackageError, package: Package | None = None) -> Outcome:
    log.info("package refused: %s", error)
    return Outcome(path, "refused", package, reason=error.reason, message=str(error),
                   new_key=error.reason == "untrusted")  # fmt: skip


def preview(path: Path) -> Outcome:
    """What taking in ``path`` would do, without changing anything."""
    package: Package | None = None
    try:
        package = read(path)
        check_area(package)
        if (already := _already(package)) is not None:
            return already
        plan = _plan(package)
        outcome = _outcome(package, plan, "preview")
        try:
            check_trust(package)
        except PackageError as error:  # shown with the preview: the officer may trust it now
            outcome.reason, outcome.message, outcome.new_key = error.reason, str(error), error.reason == "untrusted"
        return outcome
    except PackageError as error:
        return _refused(path, error)
    finally:
        if package is not None:  # the outcome keeps what the package says of itself, not its records
            package.release()


class BackupOnce:
    """The backup before a merge: made before the first package that is written, once for a
    whole batch (a failed backup refuses the package: no merge runs without a way back)."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self, path: Path) -> None:
        if self.done:
            return
        from desktop_app.services import backups

        try:
            backups.backup_before("before_merge")
        except backups.BackupError as error:
            raise PackageError(path, "backup", str(error)) from error
        self.done = True


def apply(path: Path, *, trust_new: bool = False, backup: BackupOnce | None = None) -> Outcome:
    """Take in one package whole, or refuse it whole; the outcome says which and why. ``backup``
    (default: a backup for this package alone) is made before anything is written."""
    package: Package | None = None
    try:
        package = read(path)
        check_area(package)
        if (already := _already(package)) is not None:
            return already
        if trust_new and key_status(package) == "new":
            fingerprint = trust(package, how="package")
            log.info("trusted %s (%s) with key %s", package.unit_name, package.unit_code, fingerprint)
        check_trust(package)
        session = accounts.require(Right.SEND)
        (backup or BackupOnce())(path)
        with database.atomic():
            plan = _plan(package)
            _write(plan, package, session)
            outcome = _outcome(package, plan, "applied")
            outcome.periods = len(accountability.take_periods(package.periods, unit_setup.profile().unit_code))
            outcome.reopened = accountability.reopened_changes(
                {name: plan.inserts.get(name, []) + plan.updates.get(name, []) for name in package.records}, BY_NAME)
            ReceivedPackage.create(
                package_id=package.package_id, file_sha256=package.sha256, file_name=path.name,
                unit_code=package.unit_code, unit_name=package.unit_name, installation_id=package.installation_id,
                kind=package.kind, after_seq=package.after_seq, through_seq=package.through_seq,
                created_at=package.created_at, received_at=now(), records=package.record_count,
                added=outcome.added, updated=outcome.updated, unchanged=outcome.unchanged,
                conflicts=outcome.conflicts, reopened=outcome.reopened,
            )  # fmt: skip
            audit.record_event(session, "merge", {**{"package": package.package_id, "file": path.name,
                                                     "sha256": package.sha256, "unit": package.unit_code},
                                                  "added": outcome.added, "updated": outcome.updated,
                                                  "conflicts": outcome.conflicts, "reopened": outcome.reopened,
                                                  "periods": outcome.periods})  # fmt: skip
        log.info("merged %s: %s", path.name, outcome.summary())
        return outcome
    except PackageError as error:
        return _refused(path, error, package)
    except accounts.Refused as error:  # the account may not take in, or may not trust a new key
        return _refused(path, PackageError(path, "not-allowed", str(error)), package)
    finally:
        if package is not None:  # a province taking in a hundred packages holds one at a time
            package.release()


def apply_all(paths: Iterable[Path], *, trust_new: bool = False,
              progress: Callable[[int, int, Path], None] | None = None) -> list[Outcome]:  # fmt: skip
    """Take in several packages, each whole or not at all, in the order given."""
    paths = list(paths)
    outcomes = []
    backup = BackupOnce()
    for number, path in enumerate(paths, start=1):
        if progress:
            progress(number, len(paths), path)
        outcomes.append(apply(path, trust_new=trust_new, backup=backup))
    return outcomes


# ------------------------------------------------------------------------- the conflict log


def open_conflicts() -> list[Conflict]:
    return list(Conflict.select().where(Conflict.reviewed_at.is_null()).order_by(Conflict.detected_at.desc()))


def mark_reviewed(conflict_id: int) -> None:
    session = accounts.require(Right.EDIT_RECORDS)
    Conflict.update(reviewed_at=now(), reviewed_by=session.name).where(Conflict.id == conflict_id).execute()


def last_package_by_unit() -> dict[str, ReceivedPackage]:
    """The newest package taken in from each unit below."""
    latest: dict[str, ReceivedPackage] = {}
    for row in ReceivedPackage.select().order_by(ReceivedPackage.received_at):
        latest[row.unit_code] = row
    return latest
