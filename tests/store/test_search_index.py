"""The full-text index gives the list exactly what a search of every record's text gives, in
the same order, and stays in step with every kind of write; a list sorted by a text column or
the hamlet is in Vietnamese order, empty values last."""

from __future__ import annotations

import pytest

from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.domain.text import fold, sort_key
from desktop_app.services import demo, records
from desktop_app.store import engines, queries, search_index
from desktop_app.store import records as store
from desktop_app.store.fingerprint import integrity_ok
from desktop_app.store.models import database as db
from desktop_app.store.queries import ListQuery
from desktop_app.store.records import SENSITIVE_MARK, search_text
from tests.conftest import ENGINES, TODAY

PETITION = BY_NAME["petition"]
# Accent-free and accented, đ and d, short words the index does not hold, several words, words
# that are operators to FTS5 or wildcards to LIKE, and words nothing has.
SEARCHES = ("nguyen", "Nguyễn Văn", "nguyen van", "đất đai", "dat dai", "Đinh", "dinh", "n", "ng", "đ", "a b",
            "thon", "Thôn", "oan", "hoa", "hòa", "OR", "NOT dat", '"dat"', "dat*", "%", "_", "o'", "xyzq",
            "khiếu nại", "to cao", "chiem")  # fmt: skip


@pytest.fixture(scope="module", params=ENGINES)
def filled(request, tmp_path_factory):
    """One commune of 400 records for the module, on a SQLite file (FTS5) and on a PostgreSQL
    server (pg_trgm): the same searches must find the same records on both."""
    from desktop_app.domain.units import find_unit
    from desktop_app.services import unit_setup
    from desktop_app.store import database
    from tests.conftest import COMMUNE, HAMLETS

    server = request.getfixturevalue("postgres_server") if request.param == "postgresql" else None
    path = server.new_database() if server else tmp_path_factory.mktemp("search") / "xa.sqlite"
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(COMMUNE)), list(HAMLETS))
    demo.fill(400, seed=11, today=TODAY, years=1)
    yield path
    database.close_database()
    if server:
        server.drop_database(path)


def intact() -> bool:
    """SQLite checks its pages and each FTS5 index against its rows; the server keeps its trigram
    index itself, in the same transaction as the row."""
    return engines.on_server() or integrity_ok(db.connection())


def oracle(register, search: str, *, sensitive: bool = True) -> list[str]:
    """The UUIDs a search of every live record's text finds, in the list's default order."""
    words = fold(search).split()
    found = []
    for record in queries.select_all(ListQuery(register)):
        text = search_text(register, record)
        if not sensitive:
            text = text.split(SENSITIVE_MARK)[0]
        if all(word in text for word in words):
            found.append(record["uuid"])
    return found


@pytest.mark.parametrize("search", SEARCHES)
def test_a_search_finds_what_a_scan_of_every_text_finds(filled, search):
    for register in REGISTERS:
        expected = oracle(register, search)
        assert [r["uuid"] for r in queries.select_all(ListQuery(register, search=search))] == expected, register.name
        assert queries.count(ListQuery(register, search=search)) == len(expected)
        masked = ListQuery(register, search=search, search_sensitive=False)
        assert [r["uuid"] for r in queries.select_all(masked)] == oracle(register, search, sensitive=False)


def test_the_searches_find_something_and_not_everything(filled):
    """The fixed data set makes the comparison above mean something."""
    sizes = {search: len(oracle(PETITION, search)) for search in SEARCHES}
    total = queries.count(ListQuery(PETITION))
    assert 0 < sizes["nguyen"] < total and sizes["nguyen van"] == sizes["Nguyễn Văn"] > 0
    assert sizes["dat dai"] == sizes["đất đai"] > 0
    assert sizes["dinh"] == sizes["Đinh"] > 0
    assert sizes["xyzq"] == 0 and sizes["n"] > sizes["nguyen"]


def test_the_index_follows_every_write(filled):
    saved = records.save(PETITION, {"received_date": TODAY, "channel": "truc_tiep", "kind": "kien_nghi",
                                    "subject_field": "dat_dai", "sender_name": "Lò Thị Xuyến",
                                    "summary": "Đề nghị nạo vét mương Khuổi Phầy"}, today=TODAY)  # fmt: skip
    assert [r["uuid"] for r in queries.select_all(ListQuery(PETITION, search="khuoi phay"))] == [saved["uuid"]]
    corrected = records.save(PETITION, {**saved, "summary": "Đề nghị sửa cầu Nà Pàn"}, uuid=saved["uuid"],
                             today=TODAY)  # fmt: skip
    assert not queries.select_all(ListQuery(PETITION, search="khuoi phay"))
    assert [r["uuid"] for r in queries.select_all(ListQuery(PETITION, search="cau na pan"))] == [corrected["uuid"]]
    # A merge writes in place (records.replace_rows): the same record brought again, changed.
    row = store.to_row(PETITION, {**store.get(PETITION, saved["uuid"]), "summary": "Mương Bản Cáu bị bồi lấp"})
    store.replace_rows(PETITION, [row])
    assert [r["uuid"] for r in queries.select_all(ListQuery(PETITION, search="ban cau"))] == [saved["uuid"]]
    assert not queries.select_all(ListQuery(PETITION, search="cau na pan"))
    records.delete(PETITION, saved["uuid"])
    assert not queries.select_all(ListQuery(PETITION, search="ban cau"))
    assert [r["uuid"] for r in queries.select_all(ListQuery(PETITION, search="ban cau", deleted=True))] == [
        saved["uuid"]]  # fmt: skip
    assert intact()


@pytest.mark.parametrize("filled", ["sqlite"], indirect=True)  # FTS5's own table, which a tool could rewrite
def test_an_index_out_of_step_is_found_and_rebuilt(filled):
    """What a backup's check finds if the index was damaged (say, by a tool that rewrote the
    table); rebuilding it from the rows repairs it."""
    assert integrity_ok(db.connection())
    with db.atomic() as transaction:
        db.execute_sql("INSERT INTO petition_fts(petition_fts, rowid, search_text) VALUES ('delete', 1, 'sai')")
        assert not integrity_ok(db.connection())
        transaction.rollback()
    db.execute_sql("INSERT INTO petition_fts(petition_fts, rowid, search_text) VALUES ('delete', 1, 'sai')")
    search_index.rebuild_all()
    assert integrity_ok(db.connection())


@pytest.mark.parametrize("column", ["sender_name", "summary", "receipt_number", "hamlet"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_list_sorted_by_a_text_column_is_in_vietnamese_order_empty_last(filled, column, descending):
    shown = queries.select_all(ListQuery(PETITION, sort_field=column, descending=descending))
    values = [r[column] for r in shown]
    filled_in = [v for v in values if v]
    assert values == filled_in + [None] * (len(values) - len(filled_in))
    keys = [sort_key(v[:64]) for v in filled_in]
    assert keys == sorted(keys, reverse=descending)
    assert len(shown) == queries.count(ListQuery(PETITION))
    page = queries.select_page(ListQuery(PETITION, sort_field=column, descending=descending), 20, 15)
    assert [r["uuid"] for r in page] == [r["uuid"] for r in shown[20:35]]


def test_hamlets_sort_as_vietnamese_not_as_bytes(filled):
    """"Đồng" comes after "Dương" in Vietnamese, before it by code point."""
    from desktop_app.services import unit_setup

    added = ("Thôn Đồng Tâm", "Thôn Dương Huy", "Thôn Ao Sen")
    unit_setup.set_hamlets([*store.hamlet_names(), *added])
    for hamlet in added:
        records.save(PETITION, {"received_date": TODAY, "channel": "truc_tiep", "kind": "kien_nghi",
                                "subject_field": "dat_dai", "summary": "Hỏi về cấp giấy chứng nhận",
                                "sender_name": "Vi Văn Tình", "hamlet": hamlet}, today=TODAY)  # fmt: skip
    order = [r["hamlet"] for r in queries.select_all(ListQuery(PETITION, sort_field="hamlet", search="giay chung"))]
    assert order.index("Thôn Ao Sen") < order.index("Thôn Dương Huy") < order.index("Thôn Đồng Tâm")
