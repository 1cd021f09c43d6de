"""Cross-field rules of a register: each checks a whole record and names the field at fault."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from desktop_app.domain.fields import Field
from desktop_app.domain.l10n import _


class Register(Protocol):
    """What a rule needs of its register (``domain.register.Register``): a field by its name.
    A protocol, so that the register, which holds its rules, is not imported by them."""

    def field(self, name: str) -> Field: ...

Record = dict[str, Any]


@dataclass(frozen=True)
class Problem:
    """What is wrong with a record: the field it concerns and a message in the user's language."""

    field: str
    message: str


@dataclass(frozen=True)
class Equals:
    """Condition: ``field`` holds ``value`` (or one of ``value`` when it is a tuple)."""

    field: str
    value: Any

    def __call__(self, record: Record) -> bool:
        wanted = self.value if isinstance(self.value, tuple) else (self.value,)
        return record.get(self.field) in wanted


@dataclass(frozen=True)
class IsTrue:
    field: str

    def __call__(self, record: Record) -> bool:
        return bool(record.get(self.field))


@dataclass(frozen=True)
class IsFalse:
    field: str

    def __call__(self, record: Record) -> bool:
        return not record.get(self.field)


def _label(register: Register, name: str) -> str:
    return register.field(name).display_label


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


class Rule:
    """A rule over several fields. ``check`` returns the problems it finds."""

    def check(self, record: Record, register: Register) -> list[Problem]:
        raise NotImplementedError

    def requires(self, record: Record) -> set[str]:
        """The fields this rule requires for ``record`` as it stands (a form marks them)."""
        return set()

    def closes(self, record: Record) -> set[str]:
        """The fields this rule says stay empty for ``record`` as it stands."""
        return set()


@dataclass(frozen=True)
class RequiredWhen(Rule):
    """``field`` must be filled when ``condition`` holds (recognition level once recognised)."""

    field: str
    condition: Callable[[Record], bool]
    reason: str  # Vietnamese, marked N_: "khi trạng thái là «Được công nhận»"

    def requires(self, record: Record) -> set[str]:
        return {self.field} if self.condition(record) else set()

    def check(self, record: Record, register: Register) -> list[Problem]:
        if self.condition(record) and _empty(record.get(self.field)):
            message = _("«{label}» là bắt buộc {reason}.").format(
                label=_label(register, self.field), reason=_(self.reason)
            )
            return [Problem(self.field, message)]
        return []


@dataclass(frozen=True)
class OnlyWhen(Rule):
    """``field`` may be filled only when ``condition`` holds (second instance only for complaints)."""

    field: str
    condition: Callable[[Record], bool]
    reason: str

    def closes(self, record: Record) -> set[str]:
        return set() if self.condition(record) else {self.field}

    def check(self, record: Record, register: Register) -> list[Problem]:
        if not self.condition(record) and not _empty(record.get(self.field)):
            message = _("«{label}» chỉ ghi {reason}.").format(
                label=_label(register, self.field), reason=_(self.reason)
            )
            return [Problem(self.field, message)]
        return []


@dataclass(frozen=True)
class ChoiceOnlyWhen(Rule):
    """``field`` may hold the choice ``value`` only when ``condition`` holds (a petition is taken
    up for settlement only when it is eligible and in the body's jurisdiction)."""

    field: str
    value: str
    condition: Callable[[Record], bool]
    reason: str

    def check(self, record: Record, register: Register) -> list[Problem]:
        if record.get(self.field) != self.value or self.condition(record):
            return []
        fld = register.field(self.field)
        choice = fld.choice(self.value)
        message = _("«{label}» là «{choice}» chỉ {reason}.").format(
            label=fld.display_label, choice=choice.display if choice else self.value, reason=_(self.reason)
        )
        return [Problem(self.field, message)]


@dataclass(frozen=True)
class AllOf:
    """Condition: every one of ``conditions`` holds."""

    conditions: tuple[Callable[[Record], bool], ...]

    def __call__(self, record: Record) -> bool:
        return all(condition(record) for condition in self.conditions)


@dataclass(frozen=True)
class NotBefore(Rule):
    """The date in ``field`` is not before the date in ``other`` (end date ≥ start date)."""

    field: str
    other: str

    def check(self, record: Record, register: Register) -> list[Problem]:
        value, bound = record.get(self.field), record.get(self.other)
        if value is not None and bound is not None and value < bound:
            message = _("«{label}» không được trước «{other}».").format(
                label=_label(register, self.field), other=_label(register, self.other)
            )
            return [Problem(self.field, message)]
        return []


@dataclass(frozen=True)
class SumAtMost(Rule):
    """The sum of ``fields`` is at most ``other`` (answered on the spot ≤ opinions raised)."""

    fields: Sequence[str]
    other: str

    def check(self, record: Record, register: Register) -> list[Problem]:
        bound = record.get(self.other)
        values = [record.get(name) for name in self.fields]
        if bound is None or all(value is None for value in values):
            return []
        if sum(value or 0 for value in values) <= bound:
            return []
        other = _label(register, self.other)
        if len(self.fields) == 1:
            message = _("«{label}» không được lớn hơn «{other}».").format(
                label=_label(register, self.fields[0]), other=other
            )
        else:
            labels = ", ".join(f"«{_label(register, name)}»" for name in self.fields)
            message = _("Tổng {labels} không được lớn hơn «{other}».").format(labels=labels, other=other)
        return [Problem(self.fields[-1], message)]


def AtMost(field: str, other: str) -> SumAtMost:
    """``field`` is at most ``other``."""
    return SumAtMost((field,), other)


@dataclass(frozen=True)
class AllowedValues(Rule):
    """``field`` takes only ``values`` (a denunciation is extended by 0, 30 or 60 days)."""

    field: str
    values: tuple[Any, ...]

    def check(self, record: Record, register: Register) -> list[Problem]:
        value = record.get(self.field)
        if value is not None and value not in self.values:
            allowed = ", ".join(str(v) for v in self.values)
            message = _("«{label}» chỉ nhận một trong các giá trị: {allowed}.").format(
                label=_label(register, self.field), allowed=allowed
            )
            return [Problem(self.field, message)]
        return []


@dataclass(frozen=True)
class IdentityNumber(Rule):
    """A CCCD of 12 digits, an old CMND of 9 digits, or a passport number (letters and digits)."""

    field: str

    def check(self, record: Record, register: Register) -> list[Problem]:
        value = record.get(self.field)
        if not value:
            return []
        compact = value.replace(" ", "").upper()
        if compact.isdigit():
            valid = len(compact) in (9, 12)
        else:
            valid = compact.isalnum() and compact.isascii() and 6 <= len(compact) <= 12
        if valid:
            return []
        message = _(
            "«{label}» phải là số CCCD 12 chữ số, số CMND 9 chữ số hoặc số hộ chiếu."
        ).format(label=_label(register, self.field))
        return [Problem(self.field, message)]
