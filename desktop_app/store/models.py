"""The peewee models: the program's own tables, and one table per register built from its declaration.

The database is a ``DatabaseProxy`` bound when a file is opened (``store.database``), so tests
bind a temporary file. Register tables get, besides the declared fields and the common fields,
derived columns the program fills: ``search_text`` (accent-folded text for search) and a sort
key ``sk_<field>`` for each text field (Vietnamese alphabetical order).
"""

from __future__ import annotations

import json
from typing import Any

import peewee as pw

from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.register import Register
from desktop_app.domain.registers import REGISTERS

database = pw.DatabaseProxy()


class JSONField(pw.TextField):
    """A value kept as JSON text, the same on both engines: compact, as SQLite's json() wrote
    it in the files made before (so their stored text is what this writes too)."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, separators=(",", ":"))

    def python_value(self, value: Any) -> Any:
        return None if value is None else json.loads(value)


class BaseModel(pw.Model):
    class Meta:
        database = database


class SchemaVersion(BaseModel):
    """One row: the schema version of this file, raised by each migration."""

    version = pw.IntegerField()
    changed_at = pw.DateTimeField()


class UnitProfile(BaseModel):
    """One row: the unit this database belongs to, and what official headers print for it."""

    unit_code = pw.CharField()
    structure = pw.CharField()  # 2025 or 2004 (domain.units.Structure)
    level = pw.CharField()  # commune, district, province
    unit_name = pw.CharField()
    issuing_body = pw.CharField()  # ĐẢNG ỦY XÃ VÔ NGẠI / ỦY BAN NHÂN DÂN XÃ LỘC KHÁNH
    superior_body = pw.CharField()  # ĐẢNG BỘ TỈNH QUẢNG NINH
    place_name = pw.CharField()  # Vô Ngại, for the date line
    signer_name = pw.CharField(default="")
    signer_title = pw.CharField(default="")  # BÍ THƯ, CHỦ TỊCH …
    report_profile = pw.CharField(default="party")  # party or state (REPORTS.md)
    issuer_code = pw.CharField(default="")  # ĐU, UBND: in document numbers (12-BC/ĐU)
    signer_authority = pw.CharField(default="")  # T/M ĐẢNG ỦY, TM. ỦY BAN NHÂN DÂN
    party_term_start = pw.DateField(null=True)  # Party numbers restart with each term
    idle_lock_minutes = pw.IntegerField(default=10)  # the window locks itself after this long idle
    created_at = pw.DateTimeField()


class Installation(BaseModel):
    """One row: this installation's identity, stamped on every record it saves."""

    installation_id = pw.CharField()
    created_at = pw.DateTimeField()
    last_change_seq = pw.IntegerField(default=0)
    private_key = pw.BlobField(null=True)  # Ed25519, raw: signs this installation's packages
    public_key = pw.BlobField(null=True)
    box_private_key = pw.BlobField(null=True)  # X25519, raw: opens what units below seal to this unit
    box_public_key = pw.BlobField(null=True)
    # In a database with a reader key the private half above is empty and kept here instead,
    # wrapped to the reader key (store/sealed.py): only a reader opens what units below sealed.
    box_private_sealed = pw.BlobField(null=True)


class SyncSettings(BaseModel):
    """One row: where packages go, what they carry, and how far the last package reached."""

    target_kind = pw.CharField(default="none")  # none, folder, webdav
    target = pw.CharField(default="")  # a folder path or a WebDAV URL
    username = pw.CharField(default="")  # WebDAV; the password is in the system keyring
    interval_minutes = pw.IntegerField(default=10)
    sensitive = JSONField(default=dict)  # {register: true} where sensitive fields travel
    last_packaged_seq = pw.IntegerField(default=0)  # changes up to here are in a package
    last_sync_at = pw.DateTimeField(null=True)
    last_error = pw.TextField(default="")
    # Where each backup is copied besides the data folder: "" (nowhere), "folder" (backup_folder,
    # a USB stick) or "webdav" (the target above, encrypted databases only).
    backup_place = pw.CharField(default="")
    backup_folder = pw.CharField(default="")
    # The unit above's X25519 key, from its enrolment file: sensitive fields are sealed to it.
    recipient_unit = pw.CharField(default="")
    recipient_key = pw.CharField(default="")  # base64


class TrustedKey(BaseModel):
    """A key a merging unit accepts packages from: the unit, the installation and its key."""

    unit_code = pw.CharField(index=True)
    unit_name = pw.CharField()
    installation_id = pw.CharField()
    public_key = pw.CharField()  # base64
    fingerprint = pw.CharField()
    how = pw.CharField()  # package or enrolment
    trusted_at = pw.DateTimeField()
    trusted_by = pw.CharField(default="")

    class Meta:
        indexes = ((("unit_code", "public_key"), True),)


class ReceivedPackage(BaseModel):
    """A package taken in: recognised when it comes again, and what it did."""

    package_id = pw.CharField(primary_key=True, max_length=36)
    file_sha256 = pw.CharField(index=True)
    file_name = pw.CharField()
    unit_code = pw.CharField(index=True)
    unit_name = pw.CharField()
    installation_id = pw.CharField()
    kind = pw.CharField()
    after_seq = pw.IntegerField()
    through_seq = pw.IntegerField()
    created_at = pw.CharField()  # as the sender wrote it
    received_at = pw.DateTimeField()
    records = pw.IntegerField()
    added = pw.IntegerField()
    updated = pw.IntegerField()
    unchanged = pw.IntegerField()
    conflicts = pw.IntegerField()
    reopened = pw.IntegerField(default=0)  # records it changed in a period the unit had reopened


class OutboxPackage(BaseModel):
    """A package this installation made; it stays in the outbox until the target has it."""

    package_id = pw.CharField(primary_key=True, max_length=36)
    file_name = pw.CharField()
    sha256 = pw.CharField()
    size = pw.IntegerField()
    after_seq = pw.IntegerField()
    through_seq = pw.IntegerField()
    records = pw.IntegerField()
    created_at = pw.DateTimeField()
    sent_at = pw.DateTimeField(null=True)
    sent_to = pw.CharField(default="")


class Conflict(BaseModel):
    """A version that lost a merge to a concurrent edit, kept for a person to review."""

    register = pw.CharField()
    uuid = pw.CharField(index=True, max_length=36)
    loser = JSONField()  # the losing version, in its travelling form
    loser_key = pw.CharField()  # revision/time/installation of the loser: one row per version
    winner_revision = pw.IntegerField()
    winner_origin = pw.CharField()
    winner_updated_at = pw.DateTimeField()
    package_id = pw.CharField(default="")
    detected_at = pw.DateTimeField()
    reviewed_at = pw.DateTimeField(null=True)
    reviewed_by = pw.CharField(default="")

    class Meta:
        indexes = ((("uuid", "loser_key"), True),)


class Report(BaseModel):
    """A periodic or consolidated report: what it covers, its number, the letterhead and
    narrative as issued, and once final, the PDF that was printed and its SHA-256."""

    uuid = pw.CharField(primary_key=True, max_length=36)
    kind = pw.CharField()  # periodic or consolidated
    period_code = pw.CharField()
    period_start = pw.DateField()
    period_end = pw.DateField()
    profile = pw.CharField()  # party or state
    doc_type = pw.CharField(default="BC")
    number = pw.IntegerField(null=True)
    numbering_scope = pw.CharField()  # a Party term (2025-2030) or a year (2026)
    doc_date = pw.DateField()
    letterhead = JSONField()
    sections = JSONField()
    recipients = JSONField()
    status = pw.CharField(default="draft")  # draft or final
    pdf = pw.BlobField(null=True)
    pdf_sha256 = pw.CharField(null=True)
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    finalized_at = pw.DateTimeField(null=True)
    updated_by = pw.CharField(default="")

    class Meta:
        indexes = ((("profile", "doc_type", "numbering_scope", "number"), False),)


class SignatureImage(BaseModel):
    """A transparent PNG a digital signature shows (services/signing.py): an account's
    signature (``owner`` its name) or the unit's seal (``owner`` empty)."""

    owner = pw.CharField(default="")
    kind = pw.CharField()  # signature or seal
    png = pw.BlobField()
    chosen_at = pw.DateTimeField()
    chosen_by = pw.CharField(default="")

    class Meta:
        indexes = ((("owner", "kind"), True),)


class Account(BaseModel):
    """A person who signs in. Never deleted: the audit trail names it; a disabled account
    cannot sign in."""

    name = pw.CharField(unique=True, max_length=40)  # what the officer types to sign in
    full_name = pw.CharField(default="")
    role = pw.CharField()  # domain.roles: nhap_lieu, lanh_dao, quan_tri
    password_hash = pw.CharField()  # argon2id, encoded with its salt and cost
    failed_attempts = pw.IntegerField(default=0)  # since the last good sign-in
    locked_until = pw.DateTimeField(null=True)  # after too many failed attempts
    disabled_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField()
    created_by = pw.CharField(default="")
    password_changed_at = pw.DateTimeField()
    last_sign_in_at = pw.DateTimeField(null=True)


class ReaderKey(BaseModel):
    """One row (in an encrypted database): the unit's reader key, the X25519 pair sensitive
    values are sealed to. Its private half is kept here only under the recovery code; accounts
    allowed to read sensitive fields hold it through the grant in their key slot."""

    public_key = pw.BlobField()
    recovery_salt = pw.BlobField()
    recovery_sealed = pw.BlobField()  # nonce + AES-GCM of the private half (keyslots.seal_with_recovery)
    created_at = pw.DateTimeField()
    values_sealed_at = pw.DateTimeField(null=True)  # when the values kept in clear before were sealed
    # The private half sealed to an X25519 pair derived from the recovery code (keyslots.recovery_box),
    # whose public half is kept here: a reader key made anew (rotated) stays under the recovery sheet.
    recovery_public = pw.BlobField(null=True)
    recovery_wrapped = pw.BlobField(null=True)
    rotated_at = pw.DateTimeField(null=True)


class KeyRingRow(BaseModel):
    """One row, in a database on a server (#14): the key ring (security/keyslots.py) that a
    database file keeps in a file beside it — each account's slot, with the reader key granted
    to it — kept in the database itself, which has no file beside it. Empty in a file."""

    ring = pw.TextField()  # keyslots.KeyRing.to_json, as the ring file holds it
    updated_at = pw.DateTimeField()

    class Meta:
        table_name = "keyring"


class SealKey(BaseModel):
    """A content key sensitive values are sealed with: one per sitting of the program that writes
    them, wrapped to the unit's reader key and to the unit above's key, so that a package carries
    the values exactly as they are stored (store/sealed.py); and the keys packages from units below
    brought, wrapped to this unit's package key, which their values are stored with."""

    key_id = pw.CharField(primary_key=True, max_length=16)
    wraps = JSONField()  # {"reader": base64, "<fingerprint of the key above or of this unit's package key>": base64}
    created_at = pw.DateTimeField()


class AuditEntry(BaseModel):
    """One entry of the append-only audit trail. ``hash`` covers the entry and the hash of the
    one before it (a chain), so an entry changed or removed afterwards is found; ``state`` is the
    hash of the record as the change left it, so a record changed outside the program is found."""

    id = pw.AutoField()
    at = pw.DateTimeField(index=True)
    user = pw.CharField(index=True)
    role = pw.CharField(default="")
    action = pw.CharField(index=True)
    register = pw.CharField(null=True, index=True)
    record_uuid = pw.CharField(null=True, max_length=36, index=True)
    detail = pw.TextField(default="{}")  # canonical JSON: what changed, from which file or package
    state = pw.CharField(null=True)
    prev_hash = pw.CharField()
    hash = pw.CharField()


class AuditHead(BaseModel):
    """One row: the last entry of the trail, so that entries cut off its end are found too."""

    last_id = pw.IntegerField(default=0)
    last_hash = pw.CharField(default="")


class PeriodLock(BaseModel):
    """A unit's period that a leader approved and locked ("chốt số liệu"), or reopened after.
    A unit's own rows are made here; the rows of units below arrive in their packages."""

    unit_code = pw.CharField(max_length=5)
    period_code = pw.CharField()
    start = pw.DateField()
    end = pw.DateField()
    state = pw.CharField()  # locked or reopened
    changed_at = pw.DateTimeField()
    changed_by = pw.CharField()
    changed_by_role = pw.CharField(default="")
    reason = pw.TextField(default="")
    change_seq = pw.IntegerField(default=0, index=True)  # travels upward like a record change
    # The change sequence number here when the unit first locked the period (kept when it is
    # reopened and locked again; 0 for the rows of units below): a record of the period with a
    # later one changed after the period's figures were settled.
    first_locked_seq = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("unit_code", "period_code"), True),)


class Editor(BaseModel):
    """The role of an account of another installation that changed records this database has
    (from the packages of units below), so the trail here can say who, and in which role."""

    installation_id = pw.CharField(max_length=36)
    name = pw.CharField(max_length=40)
    role = pw.CharField()

    class Meta:
        indexes = ((("installation_id", "name"), True),)


class Hamlet(BaseModel):
    """Thôn, bản, tổ dân phố of the unit, entered by the commune."""

    name = pw.CharField(unique=True)
    sort_key = pw.CharField()


class MultiChoiceField(pw.TextField):
    """A tuple of choice codes, stored as "code1,code2" in declaration order."""

    def db_value(self, value: Any) -> str | None:
        if not value:
            return None
        return ",".join(value)

    def python_value(self, value: Any) -> tuple[str, ...] | None:
        if not value:
            return None
        return tuple(value.split(","))


def _column(field: Field) -> pw.Field:
    kind = field.kind
    if field.sensitive and kind in (Kind.TEXT, Kind.CHOICE):
        # Sealed, a value is several times longer than typed (store/sealed.py): a CCCD's 12
        # digits take about 90 characters. SQLite never held a column to its width; a server does.
        return pw.TextField(null=True)
    if kind == Kind.TEXT:
        return pw.CharField(null=True, max_length=field.max_length or 255)
    if kind == Kind.LONG_TEXT:
        return pw.TextField(null=True)
    if kind == Kind.CHOICE:
        return pw.CharField(null=True, max_length=40)
    if kind == Kind.MULTI_CHOICE:
        return MultiChoiceField(null=True)
    if kind == Kind.DATE:
        return pw.DateField(null=True, index=field.name in ("date", "received_date", "start_date"))
    if kind in (Kind.COUNT, Kind.YEAR):
        return pw.IntegerField(null=True)
    if kind == Kind.MONEY:
        return pw.BigIntegerField(null=True)
    if kind == Kind.NUMBER:
        return pw.FloatField(null=True)
    if kind == Kind.YES_NO:
        return pw.BooleanField(null=True)
    if kind == Kind.LINK:
        return pw.CharField(null=True, max_length=36)
    raise ValueError(f"no column for kind {kind}")


SORT_KEY_PREFIX = 64  # characters of a long text that its sort key keeps


HAMLET = "hamlet"  # the common column every register's list shows and sorts by, in Vietnamese order


def sort_key_column(field_name: str) -> str:
    return f"sk_{field_name}"


def sorted_text_fields(register: Register) -> tuple[Field, ...]:
    """The text fields that get a Vietnamese sort key column."""
    return tuple(f for f in register.fields if f.kind in (Kind.TEXT, Kind.LONG_TEXT))


def common_columns() -> dict[str, pw.Field]:
    return {
        "uuid": pw.CharField(primary_key=True, max_length=36),
        "unit_code": pw.CharField(index=True, max_length=5),
        "hamlet": pw.CharField(null=True),
        "created_at": pw.DateTimeField(),
        "updated_at": pw.DateTimeField(),
        "created_by": pw.CharField(),
        "updated_by": pw.CharField(),
        "revision": pw.IntegerField(default=1),
        "origin": pw.CharField(max_length=36),  # the installation that made this revision
        "change_seq": pw.IntegerField(index=True, default=0),
        "deleted_at": pw.DateTimeField(null=True, index=True),
        "search_text": pw.TextField(default=""),
    }


def default_sort_column(register: Register) -> str:
    """The column a register's list is sorted by until the user picks another: its date, newest
    first, or (a register without dates) the sort key of its first summary field."""
    if register.date_field is not None:
        return register.date_field
    return sort_key_column(register.summary_fields[0])


def list_index(register: Register) -> tuple[tuple[str, ...], bool]:
    """The index the list reads a page from: live records in default order. A search finds its
    records in the full-text index (store/search_index.py)."""
    return (("deleted_at", default_sort_column(register), "created_at", "uuid"), False)


def sort_indexes(register: Register) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The narrow indexes a list sorted by one of its short text columns (a name, a number, the
    hamlet) reads its order from, without reading the records it does not show
    (``queries.select_page``). A long text (a summary) gets none: its index would be the size
    of the records' own text at a province, for an order seldom asked."""
    names = [n for n in register.list_fields if register.field(n).kind == Kind.TEXT] + [HAMLET]
    return tuple((("deleted_at", sort_key_column(name), "created_at", "uuid"), False) for name in names)


def figures_index(register: Register) -> tuple[tuple[str, ...], bool]:
    """The narrow index the figures of a period read instead of the records (services/figures.py):
    live records by date, with the unit and every counted field, so that a province's year of a
    million records is summed from the index alone."""
    dated = (register.date_field,) if register.date_field else ()
    counted = tuple(name for name in register.counted_fields if name != register.date_field)
    return (("deleted_at", *dated, "unit_code", *counted), False)


def build_model(register: Register) -> type[BaseModel]:
    """The peewee model of a register, derived from its declaration."""
    attrs: dict[str, Any] = common_columns()
    for field in register.fields:
        attrs[field.name] = _column(field)
    for field in sorted_text_fields(register):
        attrs[sort_key_column(field.name)] = pw.TextField(null=True)
    attrs[sort_key_column(HAMLET)] = pw.TextField(null=True)
    attrs["Meta"] = type("Meta", (), {"table_name": register.name,
                                      "indexes": (list_index(register), *sort_indexes(register),
                                                  figures_index(register))})  # fmt: skip
    attrs["__doc__"] = f"Records of the register {register.name}."
    class_name = "".join(part.title() for part in register.name.split("_")) + "Record"
    return type(class_name, (BaseModel,), attrs)


RECORD_MODELS: dict[str, type[BaseModel]] = {r.name: build_model(r) for r in REGISTERS}
SYNC_MODELS: tuple[type[BaseModel], ...] = (SyncSettings, TrustedKey, ReceivedPackage, OutboxPackage, Conflict)
ACCOUNTABILITY_MODELS: tuple[type[BaseModel], ...] = (Account, AuditEntry, AuditHead, PeriodLock, Editor)
PROGRAM_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion, UnitProfile, Installation, Hamlet, Report, *SYNC_MODELS, *ACCOUNTABILITY_MODELS, ReaderKey, SealKey,
    SignatureImage, KeyRingRow,
)
ALL_MODELS: tuple[type[BaseModel], ...] = PROGRAM_MODELS + tuple(RECORD_MODELS.values())


def model_for(register: Register | str) -> type[BaseModel]:
    name = register if isinstance(register, str) else register.name
    return RECORD_MODELS[name]
