"""The full-text index of each register's search text, so that a search keystroke reads only the
records it finds instead of every record's text.

An FTS5 table with the trigram tokenizer over the folded text (``records.search_text``): a
quoted word of three letters or more matches wherever it stands in the text, exactly as a
substring search does. Its rows are the register's rowids (an external-content table: the text
is not stored twice) and triggers keep it in step, so every write — a save, an import, a merge,
the sealing upgrade, a restore — updates it in the same transaction. Writes that replace a row
must update it in place (``records.replace_rows``): a REPLACE would leave the old entry behind.
A word of one or two letters is not in the index; ``queries`` matches it in the text itself.

On a PostgreSQL server the same work is a trigram GIN index of pg_trgm over the search text,
which answers LIKE '%word%' itself and is kept by the server with every write.
"""

from __future__ import annotations

import operator
from functools import reduce

import peewee as pw

from desktop_app.domain.register import Register
from desktop_app.domain.registers import REGISTERS
from desktop_app.store import engines
from desktop_app.store.models import database, model_for

MIN_INDEXED = 3  # letters of the shortest word the trigram index answers


def table(register: Register) -> str:
    return f"{register.name}_fts"


def _statements(register: Register) -> list[str]:
    source, index = register.name, table(register)
    delete = f"INSERT INTO \"{index}\"(\"{index}\", rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    insert = f'INSERT INTO "{index}"(rowid, search_text) VALUES (new.rowid, new.search_text);'
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{index}" USING fts5(search_text, content="{source}", '
        f"tokenize='trigram')",
        f'CREATE TRIGGER IF NOT EXISTS "{source}_fts_insert" AFTER INSERT ON "{source}" BEGIN {insert} END',
        f'CREATE TRIGGER IF NOT EXISTS "{source}_fts_delete" AFTER DELETE ON "{source}" BEGIN {delete} END',
        f'CREATE TRIGGER IF NOT EXISTS "{source}_fts_update" AFTER UPDATE OF search_text ON "{source}" '
        f"WHEN old.search_text IS NOT new.search_text BEGIN {delete} {insert} END",
    ]


def _server_statements(register: Register) -> list[str]:
    return [f'CREATE INDEX IF NOT EXISTS "{table(register)}" ON "{register.name}" '
            f"USING gin (search_text gin_trgm_ops)"]  # fmt: skip


def create_all() -> None:
    """Make the index of every register and fill it from the stored text (a new database, an
    upgrade); call inside a transaction."""
    if engines.on_server():
        database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # a trusted extension: the owner may
        for register in REGISTERS:
            for statement in _server_statements(register):
                database.execute_sql(statement)
        return
    for register in REGISTERS:
        for statement in _statements(register):
            database.execute_sql(statement)
    rebuild_all()


def rebuild_all() -> None:
    """Fill every index again from the stored text: after the rows were copied into another
    file (their rowids may change), or to repair one."""
    if engines.on_server():
        return  # the server keeps its index with every write
    for register in REGISTERS:
        index = table(register)
        database.execute_sql(f"INSERT INTO \"{index}\"(\"{index}\") VALUES ('rebuild')")


def indexed(words: list[str]) -> list[str]:
    """Those of the folded ``words`` the index answers: the others are too short for it."""
    return [word for word in words if len(word) >= MIN_INDEXED]


def match_expression(words: list[str]) -> str:
    """The MATCH text that finds every one of ``words`` (folded, each at least MIN_INDEXED
    letters) anywhere in the text: each is a quoted phrase, so nothing in it is an operator."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def condition(register: Register, words: list[str]) -> pw.Node:
    """A condition on the register's own table (a query of that table alone): its rows whose
    search text holds every one of ``words`` (see ``match_expression``)."""
    if engines.on_server():
        model = model_for(register)
        return reduce(operator.and_, [model.search_text % f"%{escaped(word)}%" for word in words])
    index = table(register)
    return pw.SQL(f'rowid IN (SELECT rowid FROM "{index}" WHERE "{index}" MATCH ?)', [match_expression(words)])


def escaped(word: str) -> str:
    """A word as a LIKE pattern's literal part (PostgreSQL's escape character is the backslash)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
