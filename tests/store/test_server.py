"""A merging unit's registers on a PostgreSQL server (#14), first part: the same store code
opens a server database by its URL, gives it the whole schema, and the figures, the digest, the
search and the audit trail say on it what they say on SQLite for the same records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.units import Structure, area_of, find_unit
from desktop_app.services import audit_reading, demo, figures, records, unit_setup
from desktop_app.store import database, engines, models, queries
from desktop_app.store.migrations import LATEST_VERSION, current_version
from desktop_app.sync.digest import digest

TODAY = dt.date(2026, 11, 24)
PERIODS = ("2025", "2026-Q3", "2026")


def filled(location: str | Path, unit: str = "06838", **options) -> None:
    database.open_database(location, create=True)
    unit_setup.set_up_unit(unit_setup.suggested_profile(find_unit(unit)), ["Thôn Nà Áng", "Khu Bình Công"])
    demo.fill(options.pop("records", 300), seed=options.pop("seed", 2), years=2, today=TODAY, **options)


def reckoned(unit: str = "06838") -> dict:
    area = area_of(unit_setup.current_unit()) if unit_setup.current_unit().is_merging else None
    return {
        "figures": [figures.summarize(parse_period(code), area).as_json() for code in PERIODS],
        "search": [queries.count(queries.ListQuery(BY_NAME["petition"], search=word)) for word in ("dat", "Nà", "x")],
        "audit": audit_reading.verify(),
    }


def test_a_server_database_gets_the_whole_schema_and_reads_back_what_it_keeps(server_url):
    database.open_database(server_url)
    assert engines.on_server() and current_version() == LATEST_VERSION
    unit_setup.set_up_unit(unit_setup.suggested_profile(find_unit("06838")), ["Thôn Nà Áng"])
    saved = records.save(BY_NAME["reception"], {
        "date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
        "content": "Hỏi về cấp giấy chứng nhận quyền sử dụng đất", "classification": "kien_nghi",
        "action": "thu_ly", "hamlet": "Thôn Nà Áng"}, today=TODAY)  # fmt: skip
    again = records.get(BY_NAME["reception"], saved["uuid"])
    assert again["citizen_name"] == "Hà Thị Lụa" and again["date"] == dt.date(2026, 11, 3)
    assert queries.count(queries.ListQuery(BY_NAME["reception"], search="giay chung")) == 1
    assert queries.count(queries.ListQuery(BY_NAME["reception"], search="50%_")) == 0, "a pattern's signs are text"
    database.close_database()
    database.open_database(server_url)  # opened again: the schema is there, nothing to upgrade
    assert current_version() == LATEST_VERSION and records.get(BY_NAME["reception"], saved["uuid"]) == again


@pytest.mark.parametrize("unit, options", [("06838", {}), ("22", {"communes": 3})], ids=["commune", "province"])
def test_the_same_records_say_the_same_on_both_engines(server_url, tmp_path, unit, options):
    filled(tmp_path / "tep.sqlite", unit, **dict(options))
    on_file = reckoned(unit)
    database.close_database()
    filled(server_url, unit, **dict(options))
    on_server = reckoned(unit)
    assert on_server == on_file
    assert on_file["audit"] == [] and sum(on_file["search"]) > 0


def test_three_commune_packages_merged_give_the_same_digest_and_summary(server_url, tmp_path):
    from tests.sync.conftest import COMMUNES, DISTRICT, make_unit
    from tests.sync.test_merge import merge_into, package

    packages = [package(make_unit(tmp_path / f"{code}.sqlite", code, records=80, seed=n + 1), tmp_path / f"up{n}",
                        full=True) for n, code in enumerate(COMMUNES)]  # fmt: skip
    made = {}
    for location in (tmp_path / "huyen.sqlite", server_url):
        database.open_database(location, create=True)
        unit_setup.set_up_unit(unit_setup.suggested_profile(find_unit(DISTRICT, Structure.LEGACY)), None)
        database.close_database()
        outcomes = merge_into(location, packages)
        assert [outcome.status for outcome in outcomes] == ["applied"] * 3
        database.open_database(location)
        made[str(location)] = (digest().sha256, reckoned(DISTRICT))
        database.close_database()
    on_file, on_server = made.values()
    assert on_server == on_file


def test_a_server_that_does_not_answer_is_named_without_its_password(postgres_server):
    url = postgres_server.url("khong_co").replace("danvan@", "danvan:mat-khau@")
    with pytest.raises(database.DatabaseError) as caught:
        database.open_database(url)
    assert "khong_co" in str(caught.value) and "mat-khau" not in str(caught.value)


def test_the_command_line_takes_a_server_url_wherever_it_takes_a_file(server_url, tmp_path):
    """init, merge and summary on the server say what they say on a file; what only a file can
    do (encrypt, back up) is refused with the reason."""
    import json
    import os
    import subprocess
    import sys

    from tests.sync.conftest import COMMUNES, DISTRICT, make_unit
    from tests.sync.test_merge import package

    def danvan(*args: str, password: str | None = "quan-tri-2026") -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "DANVAN_USER": "quantri",
               "DANVAN_PASSWORD": password or ""}  # fmt: skip
        return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, env=env,
                              timeout=180, input="quan-tri-2026\n")  # fmt: skip

    packages = [str(package(make_unit(tmp_path / f"{code}.sqlite", code, records=40, seed=n + 1), tmp_path / f"p{n}",
                            full=True)) for n, code in enumerate(COMMUNES)]  # fmt: skip
    file = tmp_path / "huyen.sqlite"
    summaries = []
    for place in (str(file), server_url):
        done = danvan("init", "--db", place, "--unit", DISTRICT, "--structure", "2004", "--admin", "quantri",
                      "--password-stdin", "--no-encryption")  # fmt: skip
        assert done.returncode == 0, done.stderr
        merged = danvan("merge", "--db", place, "--trust", *packages)
        assert merged.returncode == 0, merged.stderr
        summary = danvan("summary", "--db", place, "--period", "2026", "--json")
        assert summary.returncode == 0, summary.stderr
        summaries.append(json.loads(summary.stdout))
    assert summaries[0] == summaries[1] and summaries[0]["figures"]["reception.sessions"] > 0
    again = danvan("init", "--db", server_url, "--unit", DISTRICT, "--structure", "2004", "--admin", "quantri",
                   "--password-stdin")  # fmt: skip
    assert again.returncode == 1 and "đã có đơn vị" in again.stderr
    refused = danvan("encrypt", "--db", server_url)
    assert refused.returncode == 1 and "pg_dump" in refused.stderr
    wrong = danvan("summary", "--db", server_url, "--period", "2026", password="sai-mat-khau")
    assert wrong.returncode == 1 and "figures" not in wrong.stdout
    back = tmp_path / "tu-may-chu.sqlite"
    copied = danvan("copy", "--from", server_url, "--to", str(back))
    assert copied.returncode == 0, copied.stderr
    assert "mã băm các bản ghi khớp với nguồn" in copied.stdout and back.exists()
    file_digest = danvan("digest", "--db", str(file)).stdout.split()[0]
    assert danvan("digest", "--db", str(back)).stdout.split()[0] == file_digest
    assert danvan("digest", "--db", server_url).stdout.split()[0] == file_digest


def test_copy_moves_a_province_onto_the_server_and_back_keeping_its_digest(server_url, tmp_path):
    """A province's file onto the server, and the server's database back to a new file: every
    table, the same digest, the audit chain whole; a non-empty target is refused, unchanged."""
    from desktop_app.sync.copying import CopyError, copy_open_database

    source = tmp_path / "tinh.sqlite"
    filled(source, "22", communes=3, records=200)
    records.save(BY_NAME["reception"], {
        "date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
        "content": "Hỏi về đất", "classification": "kien_nghi", "action": "thu_ly"}, today=TODAY)  # fmt: skip
    before = (digest().sha256, reckoned("22"))
    copied = copy_open_database(server_url)
    assert copied.digest == before[0] and copied.rows > 600
    database.close_database()
    database.open_database(server_url)
    assert (digest().sha256, reckoned("22")) == before
    saved = records.save(BY_NAME["reception"], {
        "date": "04/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Vi Văn Sáu", "people_count": "1",
        "content": "Hỏi về đường", "classification": "kien_nghi", "action": "thu_ly"}, today=TODAY)  # fmt: skip
    assert saved["uuid"], "the server's numbering goes on after the copied rows (audit entries, accounts)"
    after_save = digest().sha256
    back = tmp_path / "tinh-lai.sqlite"
    assert copy_open_database(back).digest == after_save
    database.close_database()
    database.open_database(back)
    assert digest().sha256 == after_save and audit_reading.verify() == []
    assert queries.count(queries.ListQuery(BY_NAME["reception"], search="Vi Van Sau")) == 1, "the file's own index"
    with pytest.raises(CopyError, match="không trống"):
        copy_open_database(server_url)
    with pytest.raises(CopyError, match="đã có"):
        copy_open_database(source)


@pytest.fixture(params=["sqlite", "postgresql"])
def either(request, tmp_path):
    """A commune's database on each engine."""
    location = request.getfixturevalue("server_url") if request.param == "postgresql" else tmp_path / "xa.sqlite"
    database.open_database(location, create=True)
    unit_setup.set_up_unit(unit_setup.suggested_profile(find_unit("06838")), ["Thôn Nà Áng"])
    yield location
    database.close_database()


RAW = {"date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
       "content": "Hỏi về đất", "classification": "kien_nghi", "action": "thu_ly"}  # fmt: skip


def test_two_officers_saving_one_record_at_once_give_one_refusal_and_no_lost_update(either):
    """Both opened revision 1; both press Lưu at the same moment, on connections of their own:
    one is saved, the other is refused with who saved first, and nothing is written over."""
    import threading

    from desktop_app.services.records import ChangedMeanwhile

    reception = BY_NAME["reception"]
    first = records.save(reception, RAW, user="lan", today=TODAY)
    start, outcomes = threading.Barrier(2), {}

    def officer(name: str, content: str) -> None:
        start.wait()
        try:
            outcomes[name] = records.save(reception, {**RAW, "content": content}, uuid=first["uuid"], user=name,
                                          revision=first["revision"], today=TODAY)["revision"]  # fmt: skip
        except ChangedMeanwhile as refused:
            outcomes[name] = str(refused)
        finally:
            models.database.close()  # this thread's own connection

    threads = [threading.Thread(target=officer, args=(name, f"Sửa bởi {name}")) for name in ("lan", "dao")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    saved = [name for name, outcome in outcomes.items() if outcome == 2]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, str)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    stored = records.get(reception, first["uuid"])
    assert (stored["revision"], stored["content"]) == (2, f"Sửa bởi {saved[0]}")
    assert f"đã được {saved[0]} sửa lúc" in refused[0] and "chưa được lưu" in refused[0]


def test_a_server_made_at_version_16_gets_its_ring_table_and_sensitive_columns_without_a_width(server_url):
    """Version 17 on a server: the key ring's table, and the sensitive columns, declared with a
    width before, made wide enough for a sealed value (a file's columns never had a width)."""
    from contextlib import closing

    from tests.accounts import raw_connect

    database.open_database(server_url)
    database.close_database()
    with closing(raw_connect(server_url)) as con:
        con.execute('ALTER TABLE "reception" ALTER COLUMN "citizen_id_number" TYPE varchar(20)')
        con.execute('DROP TABLE "keyring"')
        con.execute("UPDATE schemaversion SET version = 16")
    database.open_database(server_url)
    assert current_version() == LATEST_VERSION and models.KeyRingRow.table_exists()
    with closing(raw_connect(server_url)) as con:
        kind = con.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'reception' "
                           "AND column_name = 'citizen_id_number'").fetchone()[0]  # fmt: skip
    assert kind == "text"
