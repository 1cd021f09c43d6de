"""The list query: accent-free search, filters, Vietnamese sort and paging, on a real file."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain.registers import get_register
from desktop_app.services import records
from desktop_app.store.queries import ATTENTION_DUE_SOON, ATTENTION_OVERDUE, ListQuery, count, select_page

pytestmark = pytest.mark.both_engines  # the store's results on a SQLite file and on a PostgreSQL server

RECEPTION = get_register("reception")
PETITION = get_register("petition")
TODAY = dt.date(2026, 11, 24)


def reception(name: str, day: str, **extra) -> dict:
    raw = {"date": day, "host_role": "chu_tich_ubnd", "citizen_name": name, "people_count": 1,
           "content": "Hỏi về chế độ chính sách", "classification": "kien_nghi", "action": "giai_thich", **extra}
    return records.save(RECEPTION, raw, today=TODAY)


def names(query: ListQuery) -> list[str]:
    return [r["citizen_name"] for r in select_page(query, 0, 100)]


@pytest.fixture
def people(commune_db):
    for name, day, hamlet, kind in [
        ("Nguyễn Thị Hoà", "05/01/2026", "Thôn Nà Áng", "khieu_nai"),
        ("Đỗ Văn Thuỷ", "10/02/2026", "Thôn Bắc Cương", "to_cao"),
        ("Dương Văn An", "15/03/2025", "Thôn Nà Áng", "kien_nghi"),
        ("Ân Thị Mai", "20/04/2026", None, "kien_nghi"),
        ("Bùi Văn Ba", "25/05/2026", "Khu Bình Công", "phan_anh"),
    ]:
        reception(name, day, hamlet=hamlet, classification=kind)


def test_search_ignores_accents_and_reads_d_as_d(people):
    """"do van thuy" finds "Đỗ Văn Thuỷ"."""
    assert names(ListQuery(RECEPTION, search="do van thuy")) == ["Đỗ Văn Thuỷ"]
    assert names(ListQuery(RECEPTION, search="DƯƠNG")) == ["Dương Văn An"]


def test_search_matches_tone_placement_variants(people):
    """"Hòa" finds "Hoà", "thủy" finds "Thuỷ"."""
    assert names(ListQuery(RECEPTION, search="Hòa")) == ["Nguyễn Thị Hoà"]
    assert names(ListQuery(RECEPTION, search="thủy")) == ["Đỗ Văn Thuỷ"]


def test_search_words_must_all_match_in_any_field(people):
    """Words may come from different fields: the hamlet and a choice label count too."""
    assert names(ListQuery(RECEPTION, search="na ang khieu nai")) == ["Nguyễn Thị Hoà"]
    assert count(ListQuery(RECEPTION, search="nà áng")) == 2
    assert names(ListQuery(RECEPTION, search="100%_")) == []


def test_filters_by_period_hamlet_and_choice(people):
    in_2026 = ListQuery(RECEPTION, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert count(in_2026) == 4
    assert names(ListQuery(RECEPTION, hamlet="Thôn Nà Áng")) == ["Nguyễn Thị Hoà", "Dương Văn An"]
    both = ListQuery(RECEPTION, choices=(("classification", "kien_nghi"),), start=dt.date(2026, 1, 1))
    assert names(both) == ["Ân Thị Mai"]


def test_default_order_is_newest_first(people):
    assert names(ListQuery(RECEPTION))[0] == "Bùi Văn Ba"


def test_sort_by_name_in_vietnamese_order(people):
    """A before Â, D before Đ: not the order of code points."""
    ordered = names(ListQuery(RECEPTION, sort_field="citizen_name"))
    assert ordered == ["Ân Thị Mai", "Bùi Văn Ba", "Dương Văn An", "Đỗ Văn Thuỷ", "Nguyễn Thị Hoà"]
    assert names(ListQuery(RECEPTION, sort_field="citizen_name", descending=True)) == ordered[::-1]


def test_sort_by_choice_follows_its_vietnamese_label(people):
    """Choices sort by their label (Khiếu nại, Kiến nghị, Phản ánh, Tố cáo), not their code."""
    rows = select_page(ListQuery(RECEPTION, sort_field="classification"), 0, 10)
    assert [r["classification"] for r in rows] == ["khieu_nai", "kien_nghi", "kien_nghi", "phan_anh", "to_cao"]


def test_paging_returns_every_record_once(people):
    query = ListQuery(RECEPTION, sort_field="citizen_name")
    pages = [r["uuid"] for offset in range(0, 5, 2) for r in select_page(query, offset, 2)]
    assert len(pages) == len(set(pages)) == 5


def test_deleted_records_leave_the_list_and_show_in_the_trash(people):
    (target,) = select_page(ListQuery(RECEPTION, search="bui van ba"), 0, 1)
    records.delete(RECEPTION, target["uuid"])
    assert count(ListQuery(RECEPTION)) == 4
    assert names(ListQuery(RECEPTION, deleted=True)) == ["Bùi Văn Ba"]


def test_attention_filters_pick_overdue_and_due_soon_petitions(commune_db):
    base = {"channel": "truc_tiep", "sender_name": "Lò Văn Páo", "kind": "phan_anh", "subject_field": "dat_dai",
            "summary": "Phản ánh về đường"}
    overdue = records.save(PETITION, {**base, "received_date": "01/11/2026"}, today=TODAY)  # due 11/11
    soon = records.save(PETITION, {**base, "received_date": "19/11/2026"}, today=TODAY)  # due 29/11
    records.save(PETITION, {**base, "received_date": "20/11/2026"}, today=TODAY)  # due 30/11: 6 days left
    records.save(PETITION, {**base, "received_date": "01/10/2026", "status": "luu"}, today=TODAY)

    def pick(attention: str) -> list[str]:
        return [r["uuid"] for r in select_page(ListQuery(PETITION, attention=attention, today=TODAY), 0, 9)]

    assert pick(ATTENTION_OVERDUE) == [overdue["uuid"]]
    assert pick(ATTENTION_DUE_SOON) == [soon["uuid"]]
