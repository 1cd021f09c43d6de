"""Field types of a register: what a value is, how it is read from input, checked and shown.

A field is declared once in its register (see ``desktop_app/domain/registers``); the table
column, the form widget, the list column, import and export all follow from its ``kind``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop_app.domain import text
from desktop_app.domain.dates import DateTextError, parse_date
from desktop_app.domain.l10n import (
    LANGUAGES,
    _,
    format_date,
    format_money,
    format_number,
    gettext_in,
    parse_number,
)
from desktop_app.domain.sealed import MASK, is_sealed


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    DATE = "date"
    COUNT = "count"  # an integer >= 0
    MONEY = "money"  # an integer number of đồng
    NUMBER = "number"  # a decimal, such as a percentage
    YES_NO = "yes_no"
    YEAR = "year"
    LINK = "link"  # the uuid of another record of a register


TEXT_KINDS = (Kind.TEXT, Kind.LONG_TEXT)
INTEGER_KINDS = (Kind.COUNT, Kind.MONEY, Kind.YEAR)

_YES = {"1", "x", "có", "co", "yes", "y", "true", "đúng", "dung", "c"}
_NO = {"0", "không", "khong", "no", "n", "false", "sai", "k"}
_MULTI_SPLIT = re.compile(r"[;,\n]")


class FieldError(ValueError):
    """A value that cannot be read as its field's kind; the message names the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


@dataclass(frozen=True)
class Choice:
    code: str
    label: str  # Vietnamese; translated when shown

    @property
    def display(self) -> str:
        return _(self.label)


@dataclass(frozen=True)
class Field:
    """One field of a register. ``label`` is Vietnamese, marked with N_ and shown through _."""

    name: str
    label: str
    kind: Kind
    required: bool = False
    sensitive: bool = False
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    default: Any = None
    not_future: bool = False
    # Filled by the program, never typed: a function of the record (a petition's deadline).
    computed: Callable[[dict[str, Any]], Any] | None = None
    # Filled by the program, never typed: the day the named field took its present value, set
    # by a save that changes it (records.stamped); empty when the record was first written with
    # it, since then nobody knows. A past period is judged by it (a petition filed later was
    # still open at the end of the quarter). Packages of earlier versions lack it.
    dates_change_of: str | None = None
    # The register a LINK points to.
    link_register: str | None = None
    # Unique among the unit's records of the same year of this date field.
    unique_per_year_of: str | None = None
    # Values typed before in this field are offered as the officer types (names, addresses).
    completes: bool = False
    help: str = ""
    _choice_index: dict[str, Choice] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._choice_index.update({choice.code: choice for choice in self.choices})

    # ------------------------------------------------------------ describing
    @property
    def display_label(self) -> str:
        return _(self.label)

    @property
    def editable(self) -> bool:
        return self.computed is None and self.dates_change_of is None

    @property
    def is_choice(self) -> bool:
        return self.kind in (Kind.CHOICE, Kind.MULTI_CHOICE)

    def choice(self, code: str) -> Choice | None:
        return self._choice_index.get(code)

    def choice_rank(self) -> dict[str, int]:
        """Position of each choice in Vietnamese alphabetical order of its label."""
        ordered = sorted(self.choices, key=lambda c: text.sort_key(c.label))
        return {choice.code: rank for rank, choice in enumerate(ordered)}

    # ------------------------------------------------------------ reading input
    def coerce(self, value: Any) -> Any:
        """Turn input (typed, imported, or from JSON) into this field's Python value.

        Empty input gives None. Raises FieldError naming the field when the value cannot be
        read at all; range and cross-field rules are checked later by ``problems``.
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self.sensitive and is_sealed(value):
            return value
        reader = _READERS[self.kind]
        try:
            return reader(self, value)
        except FieldError:
            raise
        except (ValueError, TypeError, ArithmeticError) as error:
            raise FieldError(self.name, self._unreadable_message(value)) from error

    def _unreadable_message(self, value: Any) -> str:
        expected = {
            Kind.DATE: _("một ngày dạng ngày/tháng/năm"),
            Kind.COUNT: _("một số nguyên không âm"),
            Kind.MONEY: _("một số tiền bằng đồng"),
            Kind.YEAR: _("một năm (4 chữ số)"),
            Kind.NUMBER: _("một số"),
            Kind.YES_NO: _("có hoặc không"),
        }.get(self.kind, _("một giá trị hợp lệ"))
        return _("«{label}»: không đọc được «{value}», cần {expected}.").format(
            label=self.display_label, value=value, expected=expected
        )

    # ------------------------------------------------------------ checking
    def problems(self, value: Any, today: dt.date) -> list[str]:
        """Messages for what is wrong with ``value`` on its own (not against other fields)."""
        label = self.display_label
        if value is None or value == "" or value == ():
            if self.required:
                return [_("«{label}» là bắt buộc.").format(label=label)]
            return []
        if is_sealed(value):
            return []
        found: list[str] = []
        if self.kind in TEXT_KINDS and self.max_length and len(value) > self.max_length:
            found.append(
                _("«{label}» dài quá {limit} ký tự.").format(label=label, limit=self.max_length)
            )
        negative = self.kind in (Kind.COUNT, Kind.MONEY) and value < 0
        if negative:
            found.append(_("«{label}» không được là số âm.").format(label=label))
        elif self.minimum is not None and not isinstance(value, str) and value < self.minimum:
            found.append(
                _("«{label}» phải từ {minimum} trở lên.").format(label=label, minimum=self.minimum)
            )
        if self.maximum is not None and not isinstance(value, str) and value > self.maximum:
            found.append(
                _("«{label}» không được lớn hơn {maximum}.").format(label=label, maximum=self.maximum)
            )
        if self.kind == Kind.DATE and self.not_future and value > today:
            found.append(_("«{label}» không được là ngày trong tương lai.").format(label=label))
        if self.kind == Kind.YEAR and self.not_future and value > today.year:
            found.append(_("«{label}» không được sau năm nay.").format(label=label))
        if self.kind == Kind.CHOICE and value not in self._choice_index:
            found.append(_("«{label}»: «{value}» không có trong danh sách.").format(label=label, value=value))
        if self.kind == Kind.MULTI_CHOICE:
            unknown = [code for code in value if code not in self._choice_index]
            if unknown:
                found.append(
                    _("«{label}»: «{value}» không có trong danh sách.").format(
                        label=label, value=", ".join(unknown)
                    )
                )
        return found

    # ------------------------------------------------------------ showing
    def display(self, value: Any) -> str:
        """The value as the interface and printed registers show it, in the active language."""
        if value is None or value == "" or value == ():
            return ""
        if is_sealed(value):
            return _(MASK)
        if self.kind == Kind.CHOICE:
            choice = self.choice(value)
            return choice.display if choice else str(value)
        if self.kind == Kind.MULTI_CHOICE:
            return "; ".join(self.choice(code).display if self.choice(code) else code for code in value)
        if self.kind == Kind.DATE:
            return format_date(value)
        if self.kind == Kind.MONEY:
            return format_money(value, with_unit=False)
        if self.kind == Kind.COUNT:
            return format_number(value)
        if self.kind == Kind.NUMBER:
            return format_number(value, 1 if value != int(value) else 0)
        if self.kind == Kind.YES_NO:
            return _("Có") if value else _("Không")
        if self.kind == Kind.YEAR:
            return str(value)
        return str(value)


# ---------------------------------------------------------------- readers, one per kind


def _read_text(fld: Field, value: Any) -> str | None:
    cleaned = text.clean(str(value), multiline=fld.kind == Kind.LONG_TEXT)
    return cleaned or None


# id of a field -> {folded code, label or translated label: code}: what an import reads most
_FOLDED_CHOICES: dict[int, dict[str, str]] = {}


def _folded_choices(fld: Field) -> dict[str, str]:
    found = _FOLDED_CHOICES.get(id(fld))
    if found is None:
        found = {}
        for choice in fld.choices:
            for name in (choice.code, choice.label, *(gettext_in(lang, choice.label) for lang in LANGUAGES)):
                found.setdefault(text.fold(name), choice.code)
        _FOLDED_CHOICES[id(fld)] = found
    return found


def _read_choice_code(fld: Field, value: Any) -> str:
    raw = text.clean(str(value))
    if raw in fld._choice_index:
        return raw
    folded = text.fold(raw)
    if (code := _folded_choices(fld).get(folded)) is not None:
        return code
    for choice in fld.choices:  # not seen by the table above (a catalogue loaded since): ask each
        names = {choice.code, choice.label, *(gettext_in(lang, choice.label) for lang in LANGUAGES)}
        if folded in {text.fold(name) for name in names}:
            return choice.code
    raise FieldError(
        fld.name,
        _("«{label}»: «{value}» không có trong danh sách.").format(label=fld.display_label, value=raw),
    )


def _read_multi_choice(fld: Field, value: Any) -> tuple[str, ...] | None:
    parts = value if isinstance(value, list | tuple) else _MULTI_SPLIT.split(str(value))
    codes = {_read_choice_code(fld, part) for part in parts if str(part).strip()}
    ordered = tuple(choice.code for choice in fld.choices if choice.code in codes)
    return ordered or None


def _read_date(fld: Field, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(value))
    except DateTextError as error:
        message = _("«{label}»: {reason}.").format(label=fld.display_label, reason=error.reason)
        raise FieldError(fld.name, message) from None


def _read_integer(fld: Field, value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != int(value):
            raise ValueError(value)
        return int(value)
    raw = str(value).strip()
    if fld.kind == Kind.MONEY:
        raw = re.sub(r"\s*(đồng|dong|đ|vnd|₫)\s*$", "", raw, flags=re.IGNORECASE)
    number = Decimal(raw) if re.fullmatch(r"-?\d+", raw) else parse_number(raw)
    if number != number.to_integral_value():
        raise ValueError(raw)
    return int(number)


def _read_number(fld: Field, value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int | float):
        return float(value)
    raw = str(value).strip().rstrip("%").strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", raw):
        return float(raw)
    return float(parse_number(raw))


def _read_yes_no(fld: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raw = str(value).strip().lower()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise ValueError(raw)


def _read_link(fld: Field, value: Any) -> str:
    return str(value).strip()


_READERS: dict[Kind, Callable[[Field, Any], Any]] = {
    Kind.TEXT: _read_text,
    Kind.LONG_TEXT: _read_text,
    Kind.CHOICE: _read_choice_code,
    Kind.MULTI_CHOICE: _read_multi_choice,
    Kind.DATE: _read_date,
    Kind.COUNT: _read_integer,
    Kind.MONEY: _read_integer,
    Kind.YEAR: _read_integer,
    Kind.NUMBER: _read_number,
    Kind.YES_NO: _read_yes_no,
    Kind.LINK: _read_link,
}


def choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    """Declare choices as (code, Vietnamese label) pairs."""
    return tuple(Choice(code, label) for code, label in pairs)
