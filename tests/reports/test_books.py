"""Printed register books: long tables repeat their header on every page and never split a row."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import get_register
from desktop_app.services import records, reports
from tests.reports.conftest import TODAY, add_petitions, open_pdf

LONG = "nội dung dài cần nhiều dòng để ghi lại đầy đủ ý kiến của công dân về đường giao thông nông thôn " * 2


@pytest.mark.both_engines  # a printed book read from a file and from a server
def test_a_long_reception_book_repeats_its_header_and_never_splits_a_row(commune_db):
    register = get_register("reception")
    for index in range(1, 61):
        records.save(register, {
            "date": f"{(index % 28) + 1:02d}/03/2026", "session_type": "dinh_ky", "host_role": "chu_tich_ubnd",
            "citizen_name": f"Lò Văn Pá {index}", "people_count": 2, "classification": "phan_anh",
            "content": f"Đầu{index}đ {LONG} Cuối{index}c", "action": "thu_ly",
        }, today=TODAY)  # fmt: skip
    pdf = reports.build_report("reception", parse_period("2026-03"), today=TODAY)
    seen: dict[int, int] = {}
    with open_pdf(pdf) as document:
        assert len(document.pages) >= 4
        for page in document.pages:
            assert page.width > page.height, "Mẫu số 03 is landscape"
            text = page.extract_text()
            assert "Nội dung vụ việc" in text and "Hướng xử lý" in text and "(12)" in text, page.page_number
            flat = re.sub(r"\s+", "", text)
            starts = {int(n) for n in re.findall(r"Đầu(\d+)đ", flat)}
            ends = {int(n) for n in re.findall(r"Cuối(\d+)c", flat)}
            assert starts == ends, f"a row is split across page {page.page_number}"
            for number in starts:
                assert number not in seen, f"row {number} printed twice"
                seen[number] = page.page_number
    assert sorted(seen) == list(range(1, 61))


@pytest.mark.both_engines  # a printed book read from a file and from a server
def test_petition_book_lists_the_overdue_and_due_soon(commune_db):
    add_petitions(3, 0, dt.date(2026, 1, 5))  # open, 15-day deadline long past by 31/03
    records.save(get_register("petition"), {
        "received_date": "25/03/2026", "channel": "buu_chinh", "kind": "to_cao", "sender_name": "Người tố cáo",
        "identity_confidential": "Có", "subject_field": "tham_nhung_tieu_cuc", "summary": "Tố cáo cán bộ thôn",
        "status": "moi_nhan",
    }, today=TODAY)  # fmt: skip
    pdf = reports.build_report("petitions", parse_period("2026-Q1"), today=TODAY)
    with open_pdf(pdf) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    assert "ĐƠN THƯ QUÁ HẠN VÀ SẮP ĐẾN HẠN" in text and "(tính đến ngày 31/03/2026)" in text
    assert len(re.findall(r"Quá\s+hạn\s+\d+\s+ngày", text)) == 3
    assert "Người tố cáo" not in text and "(giữ bí mật)" in text, "a denouncer's name never prints"


CITIZEN_PA = {"date": "05/03/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Lò Văn Pá",
              "citizen_address": "Thôn Nà Áng", "people_count": 1, "classification": "phan_anh",
              "content": "Đường giao thông nông thôn", "action": "thu_ly"}  # fmt: skip


@pytest.mark.both_engines  # a printed book read from a file and from a server
def test_a_role_that_may_not_read_sensitive_fields_prints_them_masked(guarded_db):
    """The printed reception book shows citizens' names only to a role that may read them."""
    from tests.conftest import sign_in_as

    records.save(get_register("reception"), CITIZEN_PA, today=TODAY)
    period = parse_period("2026-03")

    def book_text() -> str:
        with open_pdf(reports.build_report("reception", period, today=TODAY)) as document:
            return "\n".join(page.extract_text() for page in document.pages)

    sign_in_as("lanhdao")
    assert "Lò Văn Pá" in book_text()
    sign_in_as("nhaplieu")
    text = book_text()
    assert "Lò Văn Pá" not in text and "Nà Áng" not in text and "(giữ bí mật)" in text
    assert "Đường giao thông" in text  # the rest of the record prints as before


def test_sealed_names_print_for_a_leader_and_stay_masked_for_data_entry(encrypted_db):
    """On an encrypted database the names are sealed in the file: the leader's book opens them."""
    from desktop_app.services import accounts, encryption
    from desktop_app.store import database
    from tests.conftest import PASSWORDS

    records.save(get_register("reception"), CITIZEN_PA, today=TODAY)
    period = parse_period("2026-03")

    def book_text(name: str) -> str:
        database.close_database()
        accounts.sign_out()
        encryption.open_signed_in(encrypted_db, name, PASSWORDS[name])
        with open_pdf(reports.build_report("reception", period, today=TODAY)) as document:
            return "\n".join(page.extract_text() for page in document.pages)

    assert "Lò Văn Pá" in book_text("lanhdao")
    text = book_text("nhaplieu")
    assert "Lò Văn Pá" not in text and "(giữ bí mật)" in text and "\x02" not in text
