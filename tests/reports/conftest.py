"""A commune database with known records, so a report's sentences and figures can be checked
against numbers written down here, and helpers to read PDFs with pdfplumber."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.domain.registers import get_register
from desktop_app.domain.units import find_unit
from desktop_app.services import demo, records, unit_setup
from desktop_app.store import database

TODAY = dt.date(2026, 11, 24)
DOC_DATE = dt.date(2026, 2, 5)
SIGNER = "Nguyễn Thị Hằng"


def _day(start: dt.date, index: int, span: int) -> str:
    return (start + dt.timedelta(days=index % span)).strftime("%d/%m/%Y")


def add_receptions(count: int, people: list[int], start: dt.date, span: int = 80) -> None:
    register = get_register("reception")
    for index in range(count):
        records.save(register, {
            "date": _day(start, index, span), "session_type": "thuong_xuyen", "host_role": "bi_thu",
            "citizen_name": f"Công dân {index}", "people_count": people[index], "content": f"Kiến nghị số {index}",
            "classification": "kien_nghi", "action": "giai_thich",
        }, today=TODAY)  # fmt: skip


def add_petitions(count: int, resolved: int, start: dt.date) -> None:
    register = get_register("petition")
    for index in range(count):
        received = start + dt.timedelta(days=index)
        raw = {
            "received_date": received.strftime("%d/%m/%Y"), "channel": "truc_tiep", "kind": "kien_nghi",
            "sender_name": f"Người gửi {index}", "subject_field": "dat_dai", "summary": f"Đơn đất đai {index}",
            "in_jurisdiction": "Có", "status": "moi_nhan",
        }  # fmt: skip
        if index < resolved:
            raw.update(status="da_giai_quyet", resolved_date=(received + dt.timedelta(days=5)).strftime("%d/%m/%Y"))
        records.save(register, raw, today=TODAY)


@dataclass
class Known:
    path: Path
    period: str = "2026-Q1"


@pytest.fixture
def known_db(commune_db: Path) -> Iterator[Known]:
    """Quý I/2026: 71 lượt tiếp with 98 people (one group of 28), 35 petitions in jurisdiction of
    which 30 resolved, one model with 7.000.000 đồng; quý I/2025: 95 lượt tiếp."""
    data = unit_setup.profile()
    data.signer_name = SIGNER
    unit_setup.update_profile(data)
    add_receptions(71, [1] * 70 + [28], dt.date(2026, 1, 2))
    add_receptions(95, [1] * 95, dt.date(2025, 1, 2))
    add_petitions(35, 30, dt.date(2026, 1, 5))
    records.save(get_register("exemplary_model"), {
        "kind": "mo_hinh", "name": "Nuôi dê sinh sản và thương phẩm", "field": "kinh_te",
        "lead": "Hội Nông dân xã", "funding_vnd": "7.000.000", "start_date": "10/02/2026", "status": "trien_khai",
        "hamlet": "Thôn Nà Áng",
    }, today=TODAY)  # fmt: skip
    yield Known(commune_db)


@pytest.fixture
def province_db(db_path: Path) -> Iterator[Path]:
    """A province that merged sample data of 4 of its communes, and has none from the rest."""
    unit_setup.create_unit_database(db_path, unit_setup.suggested_profile(find_unit("22")))
    demo.fill(120, seed=3, years=2, communes=4, today=DOC_DATE.replace(month=11))
    yield db_path
    database.close_database()


def open_pdf(pdf: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(BytesIO(pdf))


def all_text(pdf: bytes) -> str:
    with open_pdf(pdf) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)
