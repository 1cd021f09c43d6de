"""A long job — a book, an export, a package — says how far it is, and an officer who stops it
(the window's "Dừng", raised from its report of progress) is left with nothing half done: no
file, no trail entry, no package counted as made."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.services import audit_reading, demo, reports, transfer
from desktop_app.store.models import OutboxPackage, model_for
from desktop_app.store.queries import ListQuery, count
from desktop_app.store.sync_settings import sync_settings
from desktop_app.sync import outgoing

TODAY = dt.date(2026, 11, 24)
PETITION = BY_NAME["petition"]


class Stopped(Exception):
    """What the window raises from a job's report of progress when the officer stops it."""


@pytest.fixture
def filled(commune_db):
    demo.fill(700, seed=3, today=TODAY, years=1, only="petition")
    return commune_db


def heard_list():
    heard: list[tuple[int, int]] = []
    return heard, lambda done, total: heard.append((done, total))


def stop_at_first(done: int, total: int) -> None:
    raise Stopped


def assert_climbs_to_the_end(heard: list[tuple[int, int]], total: int) -> None:
    assert heard[-1] == (total, total)
    assert all(t == total for _d, t in heard)
    assert [d for d, _t in heard] == sorted(d for d, _t in heard)
    assert len(heard) >= 2


def trail_length() -> int:
    return audit_reading.entry_count()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_says_how_far_it_is_and_a_stop_leaves_the_old_file(filled, tmp_path, suffix):
    petitions = count(ListQuery(PETITION))
    assert petitions > 2 * 250
    heard, progress = heard_list()
    out = tmp_path / "xuat" / f"don{suffix}"
    out.parent.mkdir()
    assert transfer.export_file(PETITION, out, progress=progress) == petitions
    assert_climbs_to_the_end(heard, petitions)

    before, entries = out.read_bytes(), trail_length()
    temporary = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    with pytest.raises(Stopped):
        transfer.export_file(PETITION, out, progress=stop_at_first)
    assert out.read_bytes() == before  # the file written before is as it was
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # and no half file beside it
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) == temporary  # nor a copy of its rows elsewhere
    assert trail_length() == entries  # an export that did not happen is not in the trail


def test_a_book_says_how_far_it_is_going_twice_through_its_records(filled):
    period = parse_period("2026")
    received = count(ListQuery(PETITION, start=period.start, end=period.end))
    heard, progress = heard_list()
    pdf = reports.build_report("petitions", period, today=TODAY, progress=progress)
    assert pdf.startswith(b"%PDF")
    assert_climbs_to_the_end(heard, 2 * received)
    with pytest.raises(Stopped):
        reports.build_report("petitions", period, today=TODAY, progress=stop_at_first)


def test_a_stopped_package_is_not_made_and_the_next_one_carries_everything(filled, tmp_path):
    folder = tmp_path / "goi"
    folder.mkdir()
    with pytest.raises(Stopped):
        outgoing.make_package(folder, progress=stop_at_first)
    assert list(folder.iterdir()) == []
    assert OutboxPackage.select().count() == 0 and sync_settings().last_packaged_seq == 0

    heard, progress = heard_list()
    made = outgoing.make_package(folder, progress=progress)
    assert made is not None and made.records == sum(model_for(r).select().count() for r in REGISTERS) > 500
    assert_climbs_to_the_end(heard, made.records)
    assert [p.name for p in folder.iterdir()] == [made.path.name]
