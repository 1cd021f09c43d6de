"""Merging packages: idempotence, order, concurrent edits, tombstones, sensitive fields, trust and
area — communes on real database files, the merging unit on a file and on a PostgreSQL server."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop_app.domain.registers import BY_NAME
from desktop_app.services import records
from desktop_app.store import records as store
from desktop_app.store.models import Conflict, ReceivedPackage, model_for
from desktop_app.sync import merge, outgoing, runner
from desktop_app.sync.package import read_package
from tests.sync.conftest import (
    COMMUNES,
    DISTRICT,
    ELSEWHERE,
    PROVINCE,
    digest_of,
    hand_down_key,
    make_unit,
    opened,
    second_installation,
)

RECEPTION = BY_NAME["reception"]
pytestmark = pytest.mark.both_engines  # the merging unit's database (``place``) on each engine


def edit_some(path: Path, seed: int, *, count: int = 5, delete: int = 2) -> None:
    """A week of work: some records changed, some deleted."""
    rng = random.Random(seed)
    with opened(path):
        model = model_for(RECEPTION)
        uuids = sorted(row[0] for row in model.select(model.uuid).where(model.deleted_at.is_null()).tuples())
        for uuid in rng.sample(uuids, count):
            record = records.get(RECEPTION, uuid)
            record["content"] = f"Nội dung đã sửa lần {seed}"
            records.save(RECEPTION, {**record, "hamlet": None}, uuid=uuid, today=record["date"])
        for uuid in rng.sample(uuids, delete):
            records.delete(RECEPTION, uuid)


def zip_bytes(path: Path) -> bytes:
    """Every member of a package, uncompressed, one after another: what its reader sees."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def package(path: Path, out: Path, **options) -> Path:
    with opened(path):
        made = outgoing.make_package(out, **options)
    assert made is not None
    return made.path


def merge_into(target: Path, packages: list[Path], *, trust_new: bool = True) -> list[merge.Outcome]:
    with opened(target):
        return merge.apply_all(packages, trust_new=trust_new)


@pytest.fixture
def week(tmp_path) -> dict[str, object]:
    """Three wards of Hạ Long, each with a first package and two weeks of incremental ones."""
    out = tmp_path / "packages"
    communes, packages = {}, []
    for number, code in enumerate(COMMUNES):
        path = make_unit(tmp_path / f"{code}.sqlite", code, records=120, seed=number + 1)
        communes[code] = path
        packages.append(package(path, out))
        for week_number in (1, 2):
            edit_some(path, seed=number * 10 + week_number)
            packages.append(package(path, out))
    return {"communes": communes, "packages": packages, "tmp": tmp_path}


def test_the_same_packages_in_any_order_and_twice_give_the_same_database(week, place):
    packages = week["packages"]
    digests = set()
    for attempt in range(4):
        district = make_unit(place(f"district-{attempt}"), DISTRICT)
        order = list(packages)
        random.Random(attempt).shuffle(order)
        outcomes = merge_into(district, order)
        assert all(o.status == "applied" for o in outcomes), [o.message for o in outcomes]
        again = merge_into(district, order)
        assert {o.status for o in again} == {"already"}
        assert "đã được nhận" in again[0].message
        digests.add(digest_of(district))
    assert len(digests) == 1
    # …and it holds every commune's records as the communes have them (sensitive fields stay home).
    union = make_unit(place("district-check"), DISTRICT)
    merge_into(union, packages)
    for code, path in week["communes"].items():
        assert digest_of(union, {code}, without_sensitive=True) == digest_of(path, without_sensitive=True)


def test_deletes_travel_as_tombstones(week, place):
    district = make_unit(place("district"), DISTRICT)
    merge_into(district, week["packages"])
    commune = next(iter(week["communes"].values()))
    with opened(commune):
        model = model_for(RECEPTION)
        deleted = {row[0] for row in model.select(model.uuid).where(model.deleted_at.is_null(False)).tuples()}
    assert deleted
    with opened(district):
        model = model_for(RECEPTION)
        rows = model.select(model.uuid, model.deleted_at).where(model.uuid.in_(sorted(deleted))).tuples()
        assert {uuid for uuid, deleted_at in rows if deleted_at is not None} == deleted


def test_an_incremental_package_carries_only_the_changes(tmp_path):
    commune = make_unit(tmp_path / "xa.sqlite", COMMUNES[0], records=200)
    first = package(commune, tmp_path / "out")
    edit_some(commune, seed=3, count=4, delete=1)
    second = package(commune, tmp_path / "out")
    with opened(commune):
        assert outgoing.make_package(tmp_path / "out") is None  # nothing changed since
        full = outgoing.make_package(tmp_path / "out", full=True)
    assert read_package(first).record_count == 200
    assert read_package(second).record_count == 5
    assert read_package(second).after_seq == read_package(first).through_seq
    assert read_package(full.path).record_count == 200


def concurrent_edits(tmp_path: Path, place) -> tuple[str, dict[str, tuple], dict[str, Path | str]]:
    """Two laptops of one commune edit one record; their packages merged in both orders into two
    merging units: the record, its winner and conflicts, and where each merging unit lives."""
    laptop_a = make_unit(tmp_path / "a.sqlite", COMMUNES[0], records=60)
    first = package(laptop_a, tmp_path / "out")
    laptop_b = second_installation(laptop_a, tmp_path / "b.sqlite")
    with opened(laptop_a):
        uuid = store.iter_all(RECEPTION).__next__()["uuid"]
        record = records.get(RECEPTION, uuid)
        records.save(RECEPTION, {**record, "content": "Sửa ở máy A"}, uuid=uuid, today=record["date"])
    with opened(laptop_b):
        record = records.get(RECEPTION, uuid)
        records.save(RECEPTION, {**record, "content": "Sửa ở máy B, sau"}, uuid=uuid, today=record["date"])
    from_a, from_b = package(laptop_a, tmp_path / "out"), package(laptop_b, tmp_path / "out")

    results, districts = {}, {}
    for name, order in (("ab", [first, from_a, from_b]), ("ba", [first, from_b, from_a])):
        district = districts[name] = make_unit(place(f"district-{name}"), DISTRICT)
        with opened(district):
            merge.apply(first, trust_new=True)
            refused = merge.apply(from_b, trust_new=True)
            # The unit is known now: a second laptop's key must be enrolled on purpose.
            assert refused.status == "refused" and refused.reason == "wrong-key"
            assert "danvan trust" in refused.message
            merge.trust(read_package(from_b), how="package")
            outcomes = merge.apply_all(order[1:])
            assert [o.status for o in outcomes] == ["applied", "applied"]
            winner = records.get(RECEPTION, uuid)
            conflicts = [(c.uuid, c.loser["content"], c.winner_origin) for c in Conflict.select()]
        results[name] = (winner["content"], winner["revision"], conflicts, digest_of(district))
    return uuid, results, districts


def test_concurrent_edits_of_one_record_the_later_wins_and_the_other_is_logged(tmp_path, place):
    uuid, results, _districts = concurrent_edits(tmp_path, place)
    assert results["ab"] == results["ba"]
    content, revision, conflicts, _ = results["ab"]
    assert content == "Sửa ở máy B, sau" and revision == 2  # same revision: the later change wins
    assert [(u, loser) for u, loser, _ in conflicts] == [(uuid, "Sửa ở máy A")]


def test_the_conflict_log_can_be_reviewed(tmp_path, place):
    _uuid, _results, districts = concurrent_edits(tmp_path, place)
    with opened(districts["ab"]):
        (conflict,) = merge.open_conflicts()
        merge.mark_reviewed(conflict.id)
        assert merge.open_conflicts() == []
        assert Conflict.get_by_id(conflict.id).reviewed_by


def test_sensitive_fields_stay_home_unless_turned_on_and_are_never_lost_later(tmp_path, place):
    commune = make_unit(tmp_path / "xa.sqlite", COMMUNES[0], records=60)
    with opened(commune):
        uuid = store.iter_all(RECEPTION).__next__()["uuid"]
        name = records.get(RECEPTION, uuid)["citizen_name"]
    assert name and RECEPTION.field("citizen_name").sensitive
    district = make_unit(place("district"), DISTRICT)
    merge_into(district, [package(commune, tmp_path / "out")])
    with opened(district):
        assert records.get(RECEPTION, uuid)["citizen_name"] is None

    with opened(commune):
        runner.set_sensitive("reception", True)
        with pytest.raises(outgoing.NoRecipient, match="chưa có khóa mã hóa của đơn vị cấp trên"):
            outgoing.make_package(tmp_path / "out", full=True)  # never in clear: the key above is needed
    hand_down_key(district, commune)
    sealed = package(commune, tmp_path / "out", full=True)
    assert name.encode() not in zip_bytes(sealed)
    merge_into(district, [sealed])
    with opened(district):
        assert records.get(RECEPTION, uuid)["citizen_name"] == name

    with opened(commune):  # turned off again; the record changes; its name must not vanish above
        runner.set_sensitive("reception", False)
        record = records.get(RECEPTION, uuid)
        records.save(RECEPTION, {**record, "content": "Sửa sau khi tắt"}, uuid=uuid, today=record["date"])
    merge_into(district, [package(commune, tmp_path / "out")])
    with opened(district):
        stored = records.get(RECEPTION, uuid)
        assert stored["content"] == "Sửa sau khi tắt" and stored["citizen_name"] == name


def test_a_unit_outside_the_area_and_an_importer_not_above_are_refused_whole(tmp_path, place):
    outsider = make_unit(tmp_path / "other.sqlite", ELSEWHERE, records=20)
    district = make_unit(place("district"), DISTRICT)
    before = digest_of(district)
    (outcome,) = merge_into(district, [package(outsider, tmp_path / "out")])
    assert outcome.status == "refused" and outcome.reason == "area"
    assert "không thuộc địa bàn" in outcome.message
    assert digest_of(district) == before

    commune = make_unit(tmp_path / "xa.sqlite", COMMUNES[0], records=20)
    sibling = make_unit(place("sibling"), COMMUNES[1])
    (outcome,) = merge_into(sibling, [package(commune, tmp_path / "out")])
    assert outcome.status == "refused" and outcome.reason == "area"


def test_a_province_takes_from_a_district_what_the_district_holds_and_the_same_as_directly(week, place):
    tmp, packages = week["tmp"], week["packages"]
    district = make_unit(place("district"), DISTRICT)
    merge_into(district, packages)
    upward = package(district, tmp / "up")
    province = make_unit(place("province"), PROVINCE)
    (outcome,) = merge_into(province, [upward])
    assert outcome.status == "applied" and outcome.added == len(read_package(upward).records["reception"]) + sum(
        len(v) for k, v in read_package(upward).records.items() if k != "reception")
    direct = make_unit(place("province-direct"), PROVINCE)
    merge_into(direct, packages)
    assert digest_of(province) == digest_of(district) == digest_of(direct)
    with opened(province):
        assert {row.unit_code for row in ReceivedPackage.select()} == {DISTRICT}
