"""The list query of a register: filters, accent-free search, Vietnamese sort, paging."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import reduce
from typing import Any

import peewee as pw

from desktop_app.domain.deadlines import CLOSED_ELSEWHERE, CLOSED_STATUSES, DUE_SOON_DAYS, SETTLED
from desktop_app.domain.fields import Kind
from desktop_app.domain.register import Register
from desktop_app.domain.text import fold
from desktop_app.store import engines, sealed, sealed_search, search_index
from desktop_app.store.models import HAMLET, database, default_sort_column, model_for, sort_key_column
from desktop_app.store.records import SENSITIVE_MARK, from_row

ATTENTION_OVERDUE = "overdue"
ATTENTION_DUE_SOON = "due_soon"
ATTENTION_ON_TIME = "on_time"  # open and neither overdue nor due soon: the rest of a chart's open petitions


@dataclass(frozen=True)
class ListQuery:
    """What a register list shows. Every filter is optional; all of them must hold."""

    register: Register
    search: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    hamlet: str | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (field, code) pairs
    unit_codes: tuple[str, ...] | None = None
    deleted: bool = False  # the deleted records instead of the live ones
    attention: str | None = None  # petitions: overdue, due_soon or on_time
    today: dt.date | None = None  # the day "overdue" is judged on
    resolved_by: dt.date | None = None  # petitions: only those resolved by the end of this day
    sort_field: str | None = None
    descending: bool = False
    search_sensitive: bool = True  # False: a role that may not read sensitive fields does not search them


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _period_condition(query: ListQuery, model: type[pw.Model]) -> pw.Expression | None:
    register = query.register
    if register.date_field is None or (query.start is None and query.end is None):
        return None
    start_col = getattr(model, register.date_field)
    if register.end_field is None:
        conditions = []
        if query.start is not None:
            conditions.append(start_col >= query.start)
        if query.end is not None:
            conditions.append(start_col <= query.end)
        return reduce(operator.and_, conditions)
    # A record with a [start, end] range belongs to every period it overlaps.
    end_col = getattr(model, register.end_field)
    conditions = []
    if query.end is not None:
        conditions.append(start_col <= query.end)
    if query.start is not None:
        conditions.append(end_col.is_null() | (end_col >= query.start))
    return reduce(operator.and_, conditions)


def conditions(query: ListQuery) -> list[pw.Expression]:
    model = model_for(query.register)
    found: list[pw.Expression] = [
        model.deleted_at.is_null(False) if query.deleted else model.deleted_at.is_null()
    ]
    period = _period_condition(query, model)
    if period is not None:
        found.append(period)
    if query.hamlet:
        found.append(model.hamlet == query.hamlet)
    sealing = sealed.active()
    for field_name, code in query.choices:
        if sealing and query.register.field(field_name).sensitive:
            found.append(_in_index(model, sealed_search.ensure(query.register), sealed_search.value_column(field_name),
                                   code))  # fmt: skip
        else:
            found.append(getattr(model, field_name) == code)
    if query.unit_codes is not None:
        found.append(model.unit_code.in_(query.unit_codes))
    searched: Any = model.search_text
    if not query.search_sensitive and not sealing:  # only the part before the sensitive fields
        searched = pw.fn.substr(model.search_text, 1, engines.position(model.search_text.concat(SENSITIVE_MARK),
                                                                        SENSITIVE_MARK) - 1)  # fmt: skip
    words = fold(query.search).split()
    # A reader: the opened table holds each record's whole search text, sealed words included, and
    # answers every word (sealed_search). Opened only when a search needs it, not for every list.
    if words and sealing and query.search_sensitive and (
        opened := sealed_search.condition(query.register, model.uuid, words)
    ) is not None:  # fmt: skip
        found.append(opened)
        words = []
    indexed = search_index.indexed(words)
    if indexed:  # the full-text index finds the records; only they are read
        found.append(search_index.condition(query.register, indexed))
    # The index knows no mark, so where the words must stand before it every word is checked in
    # the text; elsewhere only the words too short for the index.
    checked = words if searched is not model.search_text else [word for word in words if word not in indexed]
    for word in checked:
        pattern = f"%{_escape_like(word)}%"
        found.append(pw.NodeList((searched, pw.SQL("LIKE"), pattern, pw.SQL("ESCAPE '\\'"))))
    if query.resolved_by is not None and query.register.has_field("resolved_date"):
        found.append(resolved_by(model, query.resolved_by))
    if query.attention and query.register.has_field("deadline"):
        today = query.today or dt.date.today()
        # A day of the past is judged as it stood (open_on); today, the states say it all, and
        # the figures index answers them without reading the records.
        still_open = open_on(model, today) if today < dt.date.today() else model.status.not_in(CLOSED_STATUSES)
        found.append(still_open & deadline_states(model, today)[query.attention])
    return found


def deadline_states(model: type[pw.Model], day: dt.date) -> dict[str, pw.Expression]:
    """Of the open petitions, which are overdue, due soon or on time on ``day``, as
    deadlines.deadline_state says (no deadline to run against is on time): the list's filters
    and the figures of a period both ask these."""
    soon = day + dt.timedelta(days=DUE_SOON_DAYS)
    return {
        ATTENTION_OVERDUE: model.deadline < day,
        ATTENTION_DUE_SOON: model.deadline.between(day, soon),
        ATTENTION_ON_TIME: model.deadline.is_null() | (model.deadline > soon),
    }


def resolved_by(model: type[pw.Model], day: dt.date) -> pw.Expression:
    """Petitions resolved by the end of ``day``: what the figures count as resolved in a period
    ending that day, and the list a chart's bar of them opens."""
    return (model.status == SETTLED) & (model.resolved_date <= day)


def open_on(model: type[pw.Model], day: dt.date) -> pw.Expression:
    """Petitions received by ``day`` and still open on it, as the dates their records keep say
    (``deadlines.closed_by`` in SQL): a quarter's figures and a book of the past are those of
    its last day, not of today's states."""
    settled = (model.status == SETTLED) & model.resolved_date.is_null(False) & (model.resolved_date <= day)
    elsewhere = model.status.in_(CLOSED_ELSEWHERE) & (model.status_date.is_null() | (model.status_date <= day))
    return (model.received_date <= day) & ~settled & ~elsewhere


def _in_index(model: type[pw.Model], index: str | None, column: str, value: Any) -> pw.Expression:
    """Records whose opened sensitive value in ``column`` (``sealed_search``) is ``value``; none
    when no reader key is held, since nothing else can tell."""
    if index is None:
        return pw.SQL("1 = 0")
    return model.uuid.in_(pw.SQL(f'(SELECT "uuid" FROM {index} WHERE {column} = {database.param})', [value]))


def _sealed_sort_column(query: ListQuery, model: type[pw.Model], name: str) -> Any:
    """What a list sorted by a sealed field is ordered by: its opened sort key (or choice code)
    for a reader, nothing for anyone else."""
    index = sealed_search.ensure(query.register)
    if index is None:
        return pw.SQL("NULL")
    return pw.NodeList((pw.SQL(f'(SELECT {sealed_search.sort_column(name)} FROM {index} WHERE "uuid" ='), model.uuid,
                        pw.SQL(")")))  # fmt: skip


def _order(query: ListQuery, model: type[pw.Model]) -> list[Any]:
    register = query.register
    if query.sort_field is None:
        # The order of the list index (models.list_index), so a page is read straight from it.
        column = getattr(model, default_sort_column(register))
        if register.date_field is not None:
            return [column.desc(), model.created_at.desc(), model.uuid.desc()]
        return [column.asc(), model.created_at.asc(), model.uuid.asc()]
    name = query.sort_field
    field = register.field(name) if register.has_field(name) else None
    if field is not None and field.sensitive and sealed.active():
        column = _sealed_sort_column(query, model, name)
        if field.kind == Kind.CHOICE:
            column = pw.Case(column, [(code, rank) for code, rank in field.choice_rank().items()], None)
    elif (field is not None and field.kind in (Kind.TEXT, Kind.LONG_TEXT)) or name == HAMLET:
        column: Any = getattr(model, sort_key_column(name))
    elif field is not None and field.kind == Kind.CHOICE:
        ranks = field.choice_rank()
        column = pw.Case(getattr(model, name), [(code, rank) for code, rank in ranks.items()], None)
    else:
        column = getattr(model, name)
    descending = query.descending
    if field is not None and field.required:  # no empty values: an index on it can serve the order
        primary = column.desc() if descending else column.asc()
    else:
        primary = column.desc(nulls="LAST") if descending else column.asc(nulls="LAST")
    tiebreak = model.created_at.desc() if descending else model.created_at.asc()
    return [primary, tiebreak, model.uuid]


def select_page(query: ListQuery, offset: int, limit: int | None) -> list[dict[str, Any]]:
    """One page of records (``limit`` None: all from ``offset``), as dicts, in the query's order;
    sealed values opened when the reader key is held (lists and printed books show them; nothing
    else reads through here)."""
    model = model_for(query.register)
    order = _order(query, model)
    if query.sort_field is None:  # the list index gives the page in order
        rows = model.select().where(*conditions(query)).order_by(*order).offset(offset).limit(limit)
    else:  # the page's UUIDs first, from a narrow index (models.sort_indexes), then only those records
        page = model.select(model.uuid).where(*conditions(query)).order_by(*order).offset(offset).limit(limit)
        rows = model.select().where(model.uuid.in_(page)).order_by(*order)
    return list(_opened(query.register, rows.dicts()))


def iter_select(query: ListQuery) -> Iterator[dict[str, Any]]:
    """Every record the query matches, in its order, read from the database as they are used:
    a printed book of any length holds a row at a time, never the whole register."""
    model = model_for(query.register)
    rows = model.select().where(*conditions(query)).order_by(*_order(query, model))
    return _opened(query.register, rows.dicts().iterator())


def _opened(register: Register, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Stored rows as records, their sealed values opened when the reader key is held."""
    for row in rows:
        yield sealed.reveal(register, from_row(register, row))


def count(query: ListQuery) -> int:
    model = model_for(query.register)
    return model.select(pw.fn.COUNT(pw.SQL("*"))).where(*conditions(query)).scalar() or 0


def changed_after(register: Register, change_seq: int, start: dt.date, end: dt.date) -> int:
    """How many records dated from ``start`` to ``end`` (deleted ones too: a deletion is a
    change) were changed here after the change sequence number ``change_seq``: read through the
    change sequence's index, so only the changes since are looked at."""
    assert register.date_field is not None
    model = model_for(register)
    date = getattr(model, register.date_field)
    return model.select(pw.fn.COUNT(pw.SQL("*"))).where(
        (model.change_seq > change_seq) & date.between(start, end)).scalar() or 0  # fmt: skip


def select_all(query: ListQuery) -> list[dict[str, Any]]:
    """Every record the query matches, in its order (for printed registers)."""
    return select_page(query, 0, None)  # SQLite's LIMIT -1 is an error on the server


def select_overlapping(
    register: Register, start_field: str, end_field: str, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Live records whose [start_field, end_field] (an empty end: still running) overlaps
    [start, end], oldest first: the models active in a period."""
    model = model_for(register)
    first, last = getattr(model, start_field), getattr(model, end_field)
    rows = (
        model.select()
        .where(model.deleted_at.is_null(), first <= end, last.is_null() | (last >= start))
        .order_by(first, model.created_at, model.uuid)
        .dicts()
    )
    return [sealed.reveal(register, from_row(register, row)) for row in rows]
