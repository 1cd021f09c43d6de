"""A commune restores an older backup after it had sent newer work upward: the unit above never
loses what it had silently — it keeps the newer state, or logs a conflict it can review."""

from __future__ import annotations

from desktop_app.domain.registers import BY_NAME
from desktop_app.services import backups, records
from desktop_app.store import records as store
from desktop_app.store.models import Conflict, model_for
from tests.sync.conftest import COMMUNES, DISTRICT, make_unit, opened
from tests.sync.test_merge import merge_into, package

RECEPTION = BY_NAME["reception"]


def edit(path, uuid: str, content: str) -> int:
    with opened(path):
        record = records.get(RECEPTION, uuid)
        saved = records.save(RECEPTION, {**record, "content": content, "hamlet": None}, uuid=uuid,
                             today=record["date"])  # fmt: skip
        return saved["revision"]


def test_restore_then_edit_then_sync_gives_the_newer_state_or_a_conflict(tmp_path):
    out = tmp_path / "packages"
    commune = make_unit(tmp_path / "xa.sqlite", COMMUNES[0], records=30, seed=4)
    district = make_unit(tmp_path / "huyen.sqlite", DISTRICT)
    merge_into(district, [package(commune, out)])
    with opened(commune):
        model = model_for(RECEPTION)
        live = model.select(model.uuid).where(model.deleted_at.is_null()).tuples()
        first, second = sorted(row[0] for row in live)[:2]
        old = backups.make_backup("manual")
    assert edit(commune, first, "Sửa sau khi sao lưu, đã gửi") == 2
    assert edit(commune, second, "Sửa sau khi sao lưu, đã gửi") == 2
    merge_into(district, [package(commune, out)])
    with opened(commune):
        backups.restore(old.path)  # the commune goes back to before those edits
        assert records.get(RECEPTION, first)["revision"] == 1
    assert edit(commune, first, "Sửa lại sau khi khôi phục") == 2  # the same revision as the one sent: concurrent
    outcomes = merge_into(district, [package(commune, out)])
    assert all(o.status == "applied" for o in outcomes), [o.message for o in outcomes]
    with opened(district):
        kept_first = store.get(RECEPTION, first)
        kept_second = store.get(RECEPTION, second)
        logged = {(c.uuid, c.loser["content"]) for c in Conflict.select()}
    # The record edited again after the restore: the later edit wins, the one it replaced is logged.
    assert kept_first["content"] == "Sửa lại sau khi khôi phục" and (first, "Sửa sau khi sao lưu, đã gửi") in logged
    # The record not edited again: the district keeps what it had, the older copy cannot win.
    assert kept_second["content"] == "Sửa sau khi sao lưu, đã gửi" and kept_second["revision"] == 2
