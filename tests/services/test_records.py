"""Saving, correcting, deleting and restoring records: identity, revisions, stamps, refusals."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop_app.domain.registers import get_register
from desktop_app.services import records, unit_setup
from desktop_app.store.queries import ListQuery, count

pytestmark = pytest.mark.both_engines  # the store's results on a SQLite file and on a PostgreSQL server

PETITION = get_register("petition")
RECEPTION = get_register("reception")
TODAY = dt.date(2026, 11, 24)
RAW = {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": "Lò Thị Hoà", "kind": "khieu_nai",
       "subject_field": "dat_dai", "summary": "Khiếu nại về bồi thường đất", "receipt_number": "1"}


def test_a_new_record_gets_identity_revision_and_stamps(commune_db):
    saved = records.save(PETITION, RAW, user="can_bo_1", today=TODAY)
    assert len(saved["uuid"]) == 36 and saved["revision"] == 1
    assert saved["unit_code"] == "06838"
    assert saved["created_by"] == saved["updated_by"] == "can_bo_1"
    assert saved["origin"] == unit_setup.installation_id()
    assert saved["deadline"] == dt.date(2026, 11, 12)
    assert records.get(PETITION, saved["uuid"])["summary"] == "Khiếu nại về bồi thường đất"


def test_text_is_stored_nfc_whatever_the_keyboard_typed(commune_db):
    """Unikey and others may type decomposed letters; the stored text is composed."""
    typed = {**RAW, "sender_name": unicodedata.normalize("NFD", "  Nguyễn   Thị Thuỷ ")}
    saved = records.get(PETITION, records.save(PETITION, typed, today=TODAY)["uuid"])
    assert saved["sender_name"] == "Nguyễn Thị Thuỷ"
    assert unicodedata.is_normalized("NFC", saved["sender_name"])


def test_a_correction_raises_the_revision_and_keeps_identity_and_creation(commune_db):
    first = records.save(PETITION, RAW, user="a", today=TODAY)
    second = records.save(PETITION, {**RAW, "summary": "Đã bổ sung hồ sơ"}, uuid=first["uuid"], user="b", today=TODAY)
    assert second["uuid"] == first["uuid"] and second["revision"] == 2
    assert second["created_by"] == "a" and second["updated_by"] == "b"
    assert second["created_at"] == first["created_at"] and second["updated_at"] >= first["updated_at"]
    assert second["change_seq"] > first["change_seq"]


def test_a_refused_save_names_the_field_and_changes_nothing(commune_db):
    saved = records.save(PETITION, RAW, today=TODAY)
    bad = {**RAW, "status": "da_giai_quyet", "summary": "sửa"}
    with pytest.raises(records.ValidationError) as caught:
        records.save(PETITION, bad, uuid=saved["uuid"], today=TODAY)
    assert [p.field for p in caught.value.problems] == ["resolved_date"]
    assert "«Ngày giải quyết xong» là bắt buộc" in str(caught.value)
    stored = records.get(PETITION, saved["uuid"])
    assert stored["revision"] == 1 and stored["summary"] == RAW["summary"]


def test_receipt_numbers_are_unique_per_unit_and_year(commune_db):
    records.save(PETITION, RAW, today=TODAY)
    with pytest.raises(records.ValidationError, match="«Số vào sổ» 1 đã dùng cho một bản ghi khác trong năm 2026"):
        records.save(PETITION, RAW, today=TODAY)
    records.save(PETITION, {**RAW, "received_date": "30/12/2025"}, today=TODAY)  # another year: fine
    assert records.suggest_unique_value(PETITION, "receipt_number", dt.date(2026, 5, 1)) == "2"
    assert records.suggest_unique_value(PETITION, "receipt_number", dt.date(2024, 5, 1)) == "1"


def test_saving_a_record_again_does_not_clash_with_its_own_number(commune_db):
    saved = records.save(PETITION, RAW, today=TODAY)
    records.save(PETITION, {**RAW, "summary": "sửa"}, uuid=saved["uuid"], today=TODAY)


def test_the_hamlet_must_be_one_of_the_units(commune_db):
    raw = {**RAW, "hamlet": "Thôn Không Có"}
    with pytest.raises(records.ValidationError, match="«Thôn, tổ dân phố»: «Thôn Không Có» chưa có trong danh sách"):
        records.save(PETITION, raw, today=TODAY)
    assert records.save(PETITION, {**RAW, "hamlet": "Thôn Nà Áng"}, today=TODAY)["hamlet"] == "Thôn Nà Áng"


def test_delete_is_a_tombstone_that_can_be_restored(commune_db):
    saved = records.save(PETITION, RAW, today=TODAY)
    deleted = records.delete(PETITION, saved["uuid"])
    assert deleted["deleted_at"] is not None and deleted["revision"] == 2
    assert count(ListQuery(PETITION)) == 0 and count(ListQuery(PETITION, deleted=True)) == 1
    assert records.delete(PETITION, saved["uuid"])["revision"] == 2  # deleting twice changes nothing
    restored = records.restore(PETITION, saved["uuid"])
    assert restored["deleted_at"] is None and restored["revision"] == 3
    assert count(ListQuery(PETITION)) == 1


def test_unknown_records_are_reported(commune_db):
    with pytest.raises(records.RecordNotFound):
        records.delete(PETITION, "00000000-0000-0000-0000-000000000000")
    with pytest.raises(records.RecordNotFound):
        records.save(PETITION, RAW, uuid="00000000-0000-0000-0000-000000000000", today=TODAY)
