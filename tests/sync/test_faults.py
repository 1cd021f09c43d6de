"""Faults on the way: the server stops in the middle of an upload, answers 500 or 507, leaves a
partial file, or the network is off. After each, no package is lost or taken twice, and the
outbox resumes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.store.models import OutboxPackage, ReceivedPackage
from desktop_app.store.sync_settings import sync_settings
from desktop_app.sync import merge, outgoing, runner
from tests.sync.conftest import COMMUNES, DISTRICT, digest_of, make_unit, opened
from tests.sync.davserver import PASSWORD, USER, DavServer
from tests.sync.test_merge import edit_some


@pytest.fixture
def setup(tmp_path):
    server = DavServer(tmp_path / "dav").start()
    ward = make_unit(tmp_path / "ward.sqlite", COMMUNES[0], records=80)
    district = make_unit(tmp_path / "district.sqlite", DISTRICT)
    for db in (ward, district):
        with opened(db):
            runner.configure("webdav", server.url, USER, PASSWORD)
    with opened(ward):
        from desktop_app.sync import enrolment

        enrolment.write(tmp_path / "ward.enrol")
    with opened(district):
        merge.trust(enrolment.read(tmp_path / "ward.enrol"), how="enrolment")
    yield {"server": server, "ward": ward, "district": district, "tmp": tmp_path}
    server.stop()


def sync(db: Path) -> runner.SyncResult:
    with opened(db):
        return runner.sync()


def waiting(db: Path) -> list[str]:
    with opened(db):
        return [row.file_name for row in outgoing.waiting()]


def check_everything_arrived_once(setup) -> None:
    """The ward's outbox is empty, every package it made was taken once, and the district has
    the ward's records."""
    assert waiting(setup["ward"]) == []
    result = sync(setup["district"])
    assert result.error is None, result.error
    with opened(setup["ward"]):
        made = {row.package_id for row in OutboxPackage.select()}
    with opened(setup["district"]):
        taken = [row.package_id for row in ReceivedPackage.select()]
    assert sorted(taken) == sorted(made)  # none lost, none taken twice
    assert digest_of(setup["district"], {COMMUNES[0]}, without_sensitive=True) == digest_of(
        setup["ward"], without_sensitive=True)  # fmt: skip
    assert not [name for name in setup["server"].files() if name.endswith(".part")]  # none half-written left


@pytest.mark.parametrize("status", [500, 507])
def test_the_server_answers_an_error_then_recovers(setup, status):
    setup["server"].status = status
    result = sync(setup["ward"])
    assert result.error is not None
    expected = "hết dung lượng" if status == 507 else "đang gặp lỗi"
    assert expected in str(result.error) and f"mã {status}" in str(result.error)
    assert len(waiting(setup["ward"])) == 1
    with opened(setup["ward"]):
        assert "mã" in sync_settings().last_error
    setup["server"].status = None
    result = sync(setup["ward"])
    assert result.error is None and len(result.sent) == 1
    check_everything_arrived_once(setup)


def test_the_server_stops_in_the_middle_of_an_upload(setup):
    server = setup["server"]
    server.cut_uploads = True
    result = sync(setup["ward"])
    assert result.error is not None
    assert len(waiting(setup["ward"])) == 1
    edit_some(setup["ward"], seed=5)  # work goes on while offline: a second package waits too
    server.wait_stopped()
    restarted = DavServer(server.root, port=server.port).start()
    setup["server"] = restarted
    try:
        result = sync(setup["ward"])
        assert result.error is None and len(result.sent) == 2
        check_everything_arrived_once(setup)
    finally:
        restarted.stop()


def test_a_partial_file_left_on_the_server_is_never_taken_and_is_replaced(setup):
    with opened(setup["ward"]):
        made = outgoing.make_package()
    target = setup["server"].root / DISTRICT / COMMUNES[0]
    target.mkdir(parents=True)
    data = made.path.read_bytes()
    (target / (made.path.name + ".part")).write_bytes(data[:100])  # an upload that died
    district_result = sync(setup["district"])
    assert district_result.outcomes == []  # a .part is not a package
    (target / made.path.name).write_bytes(data[: len(data) // 2])  # half a file under the real name
    district_result = sync(setup["district"])
    assert [o.reason for o in district_result.outcomes] == ["truncated"]  # refused, not merged
    (setup["district"].with_name("district-inbox") / made.path.name).unlink()
    result = sync(setup["ward"])  # the ward's outbox still has it and sends it whole
    assert result.error is None and result.sent == [made.path.name]
    check_everything_arrived_once(setup)


def test_the_network_is_off(setup):
    with opened(setup["ward"]):
        runner.configure("webdav", "http://127.0.0.1:9/", USER, PASSWORD)  # nothing listens there
    result = sync(setup["ward"])
    assert result.error is not None and "ngoại tuyến" in str(result.error)
    assert len(waiting(setup["ward"])) == 1
    with opened(setup["ward"]):
        runner.configure("webdav", setup["server"].url, USER, PASSWORD)
    result = sync(setup["ward"])
    assert result.error is None and len(result.sent) == 1
    check_everything_arrived_once(setup)


def test_a_folder_target_that_is_not_plugged_in(setup, tmp_path):
    with opened(setup["ward"]):
        runner.configure("folder", str(tmp_path / "usb-not-plugged"))
    result = sync(setup["ward"])
    assert result.error is not None and "chưa cắm USB" in str(result.error)
    (tmp_path / "usb-not-plugged").mkdir()
    result = sync(setup["ward"])
    assert result.error is None and len(result.sent) == 1


def test_an_outbox_file_deleted_by_hand_is_packaged_again(setup, tmp_path):
    with opened(setup["ward"]):
        runner.configure("folder", str(tmp_path / "usb-not-plugged"))
    assert sync(setup["ward"]).error is not None  # offline: the package waits in the outbox
    (name,) = waiting(setup["ward"])
    (setup["ward"].with_name("ward-outbox") / name).unlink()
    with opened(setup["ward"]):
        runner.configure("webdav", setup["server"].url, USER, PASSWORD)
    sync(setup["ward"])  # notices the missing file
    result = sync(setup["ward"])  # and sends its changes in a new package
    assert result.error is None and len(result.sent) == 1
    assert waiting(setup["ward"]) == []
    assert sync(setup["district"]).error is None
    assert digest_of(setup["district"], {COMMUNES[0]}, without_sensitive=True) == digest_of(
        setup["ward"], without_sensitive=True)  # fmt: skip
