"""The declaration of a register: its fields, rules, and how its records belong to a period.

Everything else (table, form, list, validation, import, export, printed register) is derived
from a ``Register``; no second list of a register's fields exists anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.fields import Field, FieldError, Kind
from desktop_app.domain.l10n import LANGUAGES, _, gettext_in
from desktop_app.domain.rules import Problem, Record, Rule
from desktop_app.domain.sealed import MASK as MASK  # where the registers and their readers take it from
from desktop_app.domain.text import fold

# Fields every record carries, filled by the program (DESIGN.md: every record is addressable).
COMMON_FIELDS = (
    "uuid",
    "unit_code",
    "hamlet",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "revision",
    "origin",
    "change_seq",
    "deleted_at",
)


@dataclass(frozen=True)
class Register:
    name: str
    title: str  # Vietnamese, marked N_
    short_title: str
    source: str  # the laws and forms it follows
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    # How a record belongs to a period: the date field, or a [start, end] pair that overlaps.
    date_field: str | None = None
    end_field: str | None = None
    # The fields that name a record in one line (lists of deleted records, messages).
    summary_fields: tuple[str, ...] = ()
    # Columns the list shows by default, in order.
    list_fields: tuple[str, ...] = ()
    # Fills values that depend on others when left empty (a denunciation is kept secret).
    complete: Callable[[Record], None] | None = None
    # Fields that repeat through a batch (one reception session, one day's post) and are carried
    # to the next record by "save and next", as CSPro's persistent fields; the date by default.
    batch_fields: tuple[str, ...] = ()
    icon: str = ""
    # The fields the figures of a period read (REPORTS.md), besides the date: the store keeps
    # them with the unit in one narrow index, so that a province's figures never read the records.
    counted_fields: tuple[str, ...] = ()
    _index: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({f.name: f for f in self.fields})
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"register {self.name}: a field is declared twice")
        if clash := set(names) & set(COMMON_FIELDS):
            raise ValueError(f"register {self.name}: {clash} are common fields")
        dated = tuple(f.dates_change_of for f in self.fields if f.dates_change_of)
        for name in (*self.summary_fields, *self.list_fields, *self.batch_fields, *self.counted_fields, *dated,
                     self.date_field, self.end_field):
            if name is not None and name not in self._index:
                raise ValueError(f"register {self.name}: unknown field {name}")

    # ------------------------------------------------------------ describing
    @property
    def display_title(self) -> str:
        return _(self.title)

    @property
    def display_short_title(self) -> str:
        return _(self.short_title)

    def field(self, name: str) -> Field:
        try:
            return self._index[name]
        except KeyError:
            raise KeyError(f"register {self.name} has no field {name!r}") from None

    def has_field(self, name: str) -> bool:
        return name in self._index

    @property
    def editable_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.editable)

    @property
    def computed_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.computed is not None)

    @property
    def change_dates(self) -> tuple[Field, ...]:
        """The fields that date a change of another (``Field.dates_change_of``)."""
        return tuple(f for f in self.fields if f.dates_change_of is not None)

    @property
    def choice_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind == Kind.CHOICE)

    @property
    def sensitive_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.sensitive)

    @property
    def has_period(self) -> bool:
        return self.date_field is not None

    @property
    def carried_fields(self) -> tuple[str, ...]:
        """What "save and next" keeps for the next record: the hamlet and the batch fields."""
        batch = self.batch_fields or ((self.date_field,) if self.date_field else ())
        return ("hamlet", *batch)

    def required_now(self, record: Record) -> set[str]:
        """The fields that must be filled for this record as it stands: the required ones and
        those a rule requires now (the sender's name, unless the petition is anonymous)."""
        needed = {fld.name for fld in self.fields if fld.required}
        for rule in self.rules:
            needed |= rule.requires(record)
        return needed

    def closed_now(self, record: Record) -> set[str]:
        """The fields a rule says stay empty for this record as it stands (the instance of a
        petition that is not a complaint)."""
        closed: set[str] = set()
        for rule in self.rules:
            closed |= rule.closes(record)
        return closed

    def summary(self, record: Mapping[str, Any]) -> str:
        parts = [self.field(n).display(record.get(n)) for n in self.summary_fields]
        return " — ".join(part for part in parts if part)

    # ------------------------------------------------------------ reading and checking
    def read(self, raw: Mapping[str, Any]) -> tuple[Record, list[Problem]]:
        """Coerce raw input of the editable fields; problems for values that cannot be read."""
        record: Record = {}
        problems: list[Problem] = []
        for fld in self.editable_fields:
            if fld.name not in raw:
                continue
            try:
                record[fld.name] = fld.coerce(raw[fld.name])
            except FieldError as error:
                problems.append(Problem(fld.name, error.message))
        return record, problems

    def prepare(self, record: Record) -> Record:
        """Fill defaults, register-specific completions and computed fields, in place."""
        for fld in self.editable_fields:
            if record.get(fld.name) is None and fld.default is not None:
                record[fld.name] = fld.default
            record.setdefault(fld.name, None)
        if self.complete is not None:
            self.complete(record)
        for fld in self.computed_fields:
            record[fld.name] = fld.computed(record)  # type: ignore[misc]
        return record

    def validate(self, record: Record, today: dt.date) -> list[Problem]:
        """Every problem with a prepared record: each field on its own, then the rules."""
        problems = [
            Problem(fld.name, message)
            for fld in self.editable_fields
            for message in fld.problems(record.get(fld.name), today)
        ]
        for rule in self.rules:
            problems.extend(rule.check(record, self))
        return problems


def field_by_label(register: Register, heading: str) -> Field | None:
    """The field a column heading names: its code name, Vietnamese or English label."""
    wanted = fold(heading)
    for fld in register.fields:
        names = {fld.name, fld.label, *(gettext_in(lang, fld.label) for lang in LANGUAGES)}
        if wanted in {fold(name) for name in names}:
            return fld
    return None


def problems_text(problems: Iterable[Problem]) -> str:
    return "\n".join(problem.message for problem in problems)
