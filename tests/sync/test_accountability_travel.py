"""What travels upward besides records: who last changed each one (name and role), and the lock
state of each unit's periods, as far as the province; and the audit entries a merge leaves."""

from __future__ import annotations

import datetime as dt
import json

from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import BY_NAME
from desktop_app.services import accounts, audit_reading, periods, records, reports
from desktop_app.services.periods import unit_periods
from desktop_app.store.models import AuditEntry, PeriodLock, ReceivedPackage
from desktop_app.sync import outgoing
from tests.sync.conftest import COMMUNES, DISTRICT, PROVINCE, TODAY, make_unit, opened
from tests.sync.test_merge import merge_into, package

OFFICERS = {"lan": "nhap-lieu-2026", "dao": "lanh-dao-2026"}


def package_as(name, path, out, **options):
    """A package made at the ward by one of its officers."""
    with opened(path):
        accounts.sign_in(name, OFFICERS[name])
        made = outgoing.make_package(out, **options)
    assert made is not None
    return made.path

RECEPTION = BY_NAME["reception"]
RAW = {"date": "03/08/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
       "content": "Hỏi về cấp giấy chứng nhận", "classification": "kien_nghi", "action": "thu_ly"}  # fmt: skip


def ward_with_officers(path, code):
    make_unit(path, code, records=30, seed=int(code))
    with opened(path):
        accounts.create_administrator("quantri", "quan-tri-2026")
        accounts.add_account("lan", "nhap_lieu", "nhap-lieu-2026")
        accounts.add_account("dao", "lanh_dao", "lanh-dao-2026")
        accounts.sign_in("lan", "nhap-lieu-2026")
        saved = records.save(RECEPTION, RAW, today=TODAY)
        accounts.sign_in("dao", "lanh-dao-2026")
        periods.lock("2026-Q3", "Đã ban hành báo cáo quý III")
        accounts.sign_out()
    return saved["uuid"]


def test_locks_and_editors_arrive_at_the_district_and_the_province(tmp_path):
    ward, district, province = tmp_path / "w.sqlite", tmp_path / "d.sqlite", tmp_path / "p.sqlite"
    uuid = ward_with_officers(ward, COMMUNES[0])
    make_unit(district, DISTRICT)
    make_unit(province, PROVINCE)
    first = package_as("lan", ward, tmp_path / "up1", full=True)
    [outcome] = merge_into(district, [first])
    assert outcome.status == "applied" and outcome.periods == 1
    with opened(district):
        lock = PeriodLock.get(PeriodLock.unit_code == COMMUNES[0])
        assert (lock.period_code, lock.state, lock.changed_by, lock.changed_by_role) == ("2026-Q3", "locked", "dao",
                                                                                         "lanh_dao")
        entry = AuditEntry.get((AuditEntry.record_uuid == uuid) & (AuditEntry.action == "merge_record"))
        assert json.loads(entry.detail)["by"] == "lan" and json.loads(entry.detail)["role"] == "nhap_lieu"
        states = unit_periods(parse_period("2026-Q3"), COMMUNES)
        assert states[COMMUNES[0]].status == "locked" and states[COMMUNES[1]].status == "not_sent"
        assert AuditEntry.select().where(AuditEntry.action == "merge").count() == 1
        assert audit_reading.verify() == []
    merge_into(province, [package(district, tmp_path / "up2", full=True)])
    with opened(province):
        lock = PeriodLock.get(PeriodLock.unit_code == COMMUNES[0])
        assert lock.state == "locked" and lock.changed_by == "dao"
        entry = AuditEntry.get((AuditEntry.record_uuid == uuid) & (AuditEntry.action == "merge_record"))
        assert json.loads(entry.detail)["role"] == "nhap_lieu"  # the district passed the role on
        assert audit_reading.verify() == []


def test_a_reopened_period_is_merged_normally_and_its_changes_are_counted(tmp_path):
    ward, district = tmp_path / "w.sqlite", tmp_path / "d.sqlite"
    uuid = ward_with_officers(ward, COMMUNES[0])
    make_unit(district, DISTRICT)
    first = package_as("lan", ward, tmp_path / "up1", full=True)
    merge_into(district, [first])
    with opened(ward):
        accounts.sign_in("dao", "lanh-dao-2026")
        periods.reopen("2026-Q3", "Sửa số người")
        records.save(RECEPTION, {**RAW, "people_count": "3"}, uuid=uuid, today=TODAY)
    second = package_as("dao", ward, tmp_path / "up2")
    [outcome] = merge_into(district, [second])
    assert outcome.status == "applied" and outcome.updated == 1 and outcome.reopened == 1
    assert "1 bản ghi thuộc kỳ đã mở lại sau khi chốt" in outcome.summary()
    with opened(district):
        assert PeriodLock.get(PeriodLock.unit_code == COMMUNES[0]).state == "reopened"
        assert ReceivedPackage.get(ReceivedPackage.package_id == outcome.package.package_id).reopened == 1
        state = unit_periods(parse_period("2026-Q3"), [COMMUNES[0]])[COMMUNES[0]]
        assert state.status == "sent" and state.reopened_changes == 1


def test_a_lock_change_alone_makes_a_package(tmp_path):
    ward = tmp_path / "w.sqlite"
    ward_with_officers(ward, COMMUNES[0])
    package_as("dao", ward, tmp_path / "up1", full=True)
    with opened(ward):
        accounts.sign_in("dao", "lanh-dao-2026")
        periods.reopen("2026-Q3", "Sửa")
    made = package_as("dao", ward, tmp_path / "up2")
    assert made.exists()
    with opened(ward):
        accounts.sign_in("dao", "lanh-dao-2026")
        assert outgoing.make_package(tmp_path / "up3") is None  # nothing changed since


def test_an_older_lock_state_arriving_later_never_wins(tmp_path):
    ward, district = tmp_path / "w.sqlite", tmp_path / "d.sqlite"
    ward_with_officers(ward, COMMUNES[0])
    make_unit(district, DISTRICT)
    locked = package_as("dao", ward, tmp_path / "up1", full=True)
    with opened(ward):
        accounts.sign_in("dao", "lanh-dao-2026")
        periods.reopen("2026-Q3", "Sửa")
    reopened = package_as("dao", ward, tmp_path / "up2")
    merge_into(district, [reopened, locked])  # the older state arrives last
    with opened(district):
        assert PeriodLock.get(PeriodLock.unit_code == COMMUNES[0]).state == "reopened"


def test_the_consolidated_report_lists_the_units_that_have_not_locked(tmp_path):
    ward, district = tmp_path / "w.sqlite", tmp_path / "d.sqlite"
    ward_with_officers(ward, COMMUNES[0])
    make_unit(district, DISTRICT)
    first = package_as("lan", ward, tmp_path / "up1", full=True)
    merge_into(district, [first])
    with opened(district):
        draft = reports.new_report(parse_period("2026-Q3"), "consolidated", None, dt.date(2026, 10, 5))
        content = reports.periodic_content(draft)
    names = {row.code: row.name for row in content.units}
    assert names[COMMUNES[0]] not in content.unlocked
    assert names[COMMUNES[1]] in content.unlocked and names[COMMUNES[2]] in content.unlocked
