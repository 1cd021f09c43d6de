"""Records as they travel: one JSON object per record, the same on every machine.

A record is encoded from the store's dict (declared fields and common fields, without the local
change sequence) into JSON values — dates and times as ISO text, multiple choices as lists — and
decoded back with every value checked against its register's declaration, so a package can carry
nothing the program would not have saved itself. The canonical form (sorted keys, no spaces)
is also what the database digest hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.l10n import _
from desktop_app.domain.register import COMMON_FIELDS, Register
from desktop_app.domain.sealed import is_sealed

# What travels besides the declared fields; the change sequence is each database's own.
TRAVELLING_COMMON = tuple(name for name in COMMON_FIELDS if name != "change_seq")
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
STAMP_FIELDS = ("created_at", "updated_at", "deleted_at")


class RecordError(ValueError):
    """A record line that the program could not have written; the message says which field."""


def encode_value(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if field.kind == Kind.DATE:
        return value.isoformat()
    if field.kind == Kind.MULTI_CHOICE:
        return list(value)
    return value


def _stamp(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds")


def encode(register: Register, record: dict[str, Any], *, omit: Iterable[str] = ()) -> dict[str, Any]:
    """The travelling form of a stored record; fields in ``omit`` are left out entirely."""
    left_out = set(omit)
    data: dict[str, Any] = {}
    for name in TRAVELLING_COMMON:
        value = record.get(name)
        data[name] = _stamp(value) if name in STAMP_FIELDS else value
    for field in register.fields:
        if field.name not in left_out:
            data[field.name] = encode_value(field, record.get(field.name))
    return data


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def state_hash(register: Register, record: dict[str, Any]) -> str:
    """The SHA-256 of a record's canonical travelling form: the state the audit trail vouches for."""
    return hashlib.sha256(canonical(encode(register, record)).encode("utf-8")).hexdigest()


def _problem(register: Register, data: dict[str, Any], field_name: str, what: str) -> RecordError:
    uuid = data.get("uuid") if isinstance(data.get("uuid"), str) else "?"
    return RecordError(
        _("Sổ «{register}», bản ghi {uuid}, trường «{field}»: {what}").format(
            register=_(register.short_title), uuid=uuid, field=field_name, what=what
        )
    )


def _decode_stamp(register: Register, data: dict[str, Any], name: str, *, required: bool) -> dt.datetime | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _problem(register, data, name, _("thiếu thời điểm hoặc không phải chuỗi ISO"))
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _problem(register, data, name, _("«{value}» không phải thời điểm ISO").format(value=value)) from None
    if stamp.tzinfo is not None:
        raise _problem(register, data, name, _("thời điểm phải là giờ UTC không kèm múi giờ"))
    return stamp


def _decode_field(register: Register, data: dict[str, Any], field: Field) -> Any:
    value = data.get(field.name)
    if value is None:
        return None
    if field.sensitive and is_sealed(value):  # as it is stored here (store/sealed.py): opened by a reader
        return value
    kind = field.kind

    def wrong(what: str) -> RecordError:
        return _problem(register, data, field.name, what)

    if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.LINK):
        if not isinstance(value, str):
            raise wrong(_("phải là chuỗi"))
        if field.max_length and len(value) > field.max_length:
            raise wrong(_("dài quá {n} ký tự").format(n=field.max_length))
        if kind == Kind.LINK and value and not UUID_PATTERN.match(value):
            raise wrong(_("không phải mã UUID"))
        return value
    if kind == Kind.CHOICE:
        if not isinstance(value, str) or field.choice(value) is None:
            raise wrong(_("«{value}» không có trong danh mục").format(value=value))
        return value
    if kind == Kind.MULTI_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) and field.choice(v) for v in value):
            raise wrong(_("«{value}» không có trong danh mục").format(value=value))
        return tuple(value) or None
    if kind == Kind.DATE:
        if not isinstance(value, str):
            raise wrong(_("phải là ngày ISO"))
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise wrong(_("«{value}» không phải ngày").format(value=value)) from None
    if kind in (Kind.COUNT, Kind.YEAR, Kind.MONEY):
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong(_("phải là số nguyên"))
        return value
    if kind == Kind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong(_("phải là số"))
        return float(value)
    if kind == Kind.YES_NO:
        if not isinstance(value, bool):
            raise wrong(_("phải là có hoặc không"))
        return value
    raise wrong(_("kiểu không biết"))


def decode_value(register: Register, field: Field, value: Any) -> Any:
    """One field's value from its travelling form, checked (the audit trail keeps this form)."""
    return _decode_field(register, {field.name: value}, field)


_SLOW = object()  # a fast check could not vouch for the value: the full check decides and explains


def _fast_check(field: Field) -> Callable[[Any], Any]:
    """A check of the common case for one field, without building messages: the decoded value,
    or ``_SLOW`` to let ``_decode_field`` decide (and say what is wrong)."""
    kind, limit = field.kind, field.max_length or 1 << 30
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        return lambda value: value if type(value) is str and len(value) <= limit else _SLOW
    if kind == Kind.CHOICE:
        codes = frozenset(choice.code for choice in field.choices)
        return lambda value: value if type(value) is str and value in codes else _SLOW
    if kind in (Kind.COUNT, Kind.YEAR, Kind.MONEY):
        return lambda value: value if type(value) is int else _SLOW
    if kind == Kind.YES_NO:
        return lambda value: value if type(value) is bool else _SLOW
    return lambda value: _SLOW  # dates, numbers, links, multiple choices: the full check


_PLANS: dict[tuple[str, tuple[str, ...]], tuple[frozenset[str], tuple[tuple[Field, Callable[[Any], Any]], ...]]] = {}


def _plan(register: Register, omitted: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[Field, Callable], ...]]:
    key = (register.name, omitted)
    plan = _PLANS.get(key)
    if plan is None:
        fields = tuple(f for f in register.fields if f.name not in omitted)
        plan = (frozenset(TRAVELLING_COMMON) | {f.name for f in fields}, tuple((f, _fast_check(f)) for f in fields))
        _PLANS[key] = plan
    return plan


def decode(register: Register, data: Any, *, omitted: Iterable[str] = ()) -> dict[str, Any]:
    """A stored-record dict from a travelling one, every value checked; RecordError if not.

    Fields in ``omitted`` (sensitive fields the sender left out) are absent from the result, so
    that a merge keeps what the receiver has."""
    if not isinstance(data, dict):
        raise RecordError(_("Sổ «{register}»: một dòng không phải đối tượng JSON.").format(
            register=_(register.short_title)))  # fmt: skip
    expected, checks = _plan(register, tuple(sorted(omitted)))
    if data.keys() != expected and (late := [f.name for f in register.change_dates if f.name not in data]):
        data = {**data, **dict.fromkeys(late)}  # a package of an earlier version: the change's day is not known
    if data.keys() != expected:
        if unknown := sorted(data.keys() - expected):
            raise _problem(register, data, unknown[0], _("trường không có trong sổ (gói của phiên bản khác?)"))
        raise _problem(register, data, sorted(expected - data.keys())[0], _("thiếu trường"))
    uuid = data["uuid"]
    if not isinstance(uuid, str) or not UUID_PATTERN.match(uuid):
        raise _problem(register, data, "uuid", _("không phải mã UUID"))
    for name in ("unit_code", "created_by", "updated_by", "origin"):
        if not isinstance(data[name], str) or not data[name]:
            raise _problem(register, data, name, _("phải là chuỗi khác rỗng"))
    if data["hamlet"] is not None and not isinstance(data["hamlet"], str):
        raise _problem(register, data, "hamlet", _("phải là chuỗi"))
    revision = data["revision"]
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise _problem(register, data, "revision", _("phải là số nguyên từ 1"))
    record: dict[str, Any] = {name: data[name] for name in ("uuid", "unit_code", "hamlet", "created_by",
                                                              "updated_by", "revision", "origin")}  # fmt: skip
    record["created_at"] = _decode_stamp(register, data, "created_at", required=True)
    record["updated_at"] = _decode_stamp(register, data, "updated_at", required=True)
    record["deleted_at"] = _decode_stamp(register, data, "deleted_at", required=False)
    for field, fast in checks:
        value = data[field.name]
        if value is not None:
            value = fast(value)
            if value is _SLOW:
                value = _decode_field(register, data, field)
        record[field.name] = value
    return record


def identity(record: dict[str, Any]) -> tuple[int, str, str]:
    """Which version of a record this is: revision, time of the change, installation."""
    return (record["revision"], record["updated_at"].isoformat(timespec="microseconds"), record["origin"])


def version_key(register: Register, record: dict[str, Any]) -> tuple[int, str, str, str]:
    """The order of two versions of one record; the greater wins (docs/package-format.md):
    revision, then the time of the change, then the installation that made it, then — for two
    versions alike in all three, which a correct program never makes — the content itself,
    sensitive fields left out (one copy may travel without them)."""
    sensitive = [f.name for f in register.sensitive_fields]
    shared = hashlib.sha256(canonical(encode(register, record, omit=sensitive)).encode("utf-8")).hexdigest()
    return (*identity(record), shared)
