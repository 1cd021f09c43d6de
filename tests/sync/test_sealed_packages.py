"""Sensitive fields sealed to the unit above: that unit reads them, no other unit does, and a
package without them stays format version 1."""

from __future__ import annotations

import json
import zipfile

import pytest

from desktop_app.domain.registers import BY_NAME
from desktop_app.store import records as store
from desktop_app.store.sealed import box_private
from desktop_app.sync import runner
from desktop_app.sync.package import PackageError, read_package
from tests.sync.conftest import COMMUNES, DISTRICT, PROVINCE, digest_of, hand_down_key, make_unit, opened
from tests.sync.test_merge import merge_into, package, zip_bytes

PETITION = BY_NAME["petition"]


def manifest_of(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def sensitive_commune(tmp_path):
    commune = make_unit(tmp_path / "xa.sqlite", COMMUNES[0], records=80, seed=3)
    district = make_unit(tmp_path / "huyen.sqlite", DISTRICT)
    hand_down_key(district, commune)
    with opened(commune):
        runner.set_sensitive("petition", True)
        names = sorted({r["sender_name"] for r in store.iter_all(PETITION) if r.get("sender_name")})
    return commune, district, names


def test_only_the_unit_above_reads_the_sealed_fields(tmp_path):
    commune, district, names = sensitive_commune(tmp_path)
    sealed = package(commune, tmp_path / "out")
    manifest = manifest_of(sealed)
    assert manifest["format_version"] == 4 and "parts" not in manifest["sealed"]
    assert manifest["sealed"]["to"]["unit"] == DISTRICT and len(manifest["sealed"]["value_keys"]) == 1
    content = zip_bytes(sealed)
    assert names and not [name for name in names if name.encode() in content]
    province = make_unit(tmp_path / "tinh.sqlite", PROVINCE)  # above the commune too, but not the one sealed to
    before = digest_of(province)
    (refused,) = merge_into(province, [sealed])
    assert refused.status == "refused" and refused.reason == "sealed"
    assert f"được mã hóa cho đơn vị {DISTRICT}" in refused.message
    assert digest_of(province) == before
    (taken,) = merge_into(district, [sealed])
    assert taken.status == "applied", taken.message
    with opened(district):
        received = sorted({r["sender_name"] for r in store.iter_all(PETITION) if r.get("sender_name")})
    assert received == names


def test_a_package_without_sensitive_fields_is_still_format_1(tmp_path):
    commune = make_unit(tmp_path / "xa.sqlite", COMMUNES[0], records=30)
    plain = package(commune, tmp_path / "out")
    assert manifest_of(plain)["format_version"] == 1 and "sealed" not in manifest_of(plain)
    assert read_package(plain).record_count > 0


def test_a_sealed_package_opens_with_the_recipients_key_only(tmp_path):
    commune, district, _names = sensitive_commune(tmp_path)
    sealed = package(commune, tmp_path / "out")
    with pytest.raises(PackageError) as caught:
        read_package(sealed)  # no key at all
    assert caught.value.reason == "sealed"
    with opened(commune), pytest.raises(PackageError):  # the sender cannot read back what it sealed upward
        read_package(sealed, box_private())
    with opened(district):
        assert read_package(sealed, box_private()).records["petition"]


def test_a_sync_without_the_key_above_says_so_and_sends_nothing_in_clear(tmp_path):
    commune = make_unit(tmp_path / "xa.sqlite", COMMUNES[0], records=20, seed=2)
    usb = tmp_path / "usb"
    usb.mkdir()
    with opened(commune):
        runner.configure("folder", str(usb))
        runner.set_sensitive("petition", True)
        result = runner.sync()
    assert result.error is not None and "chưa có khóa mã hóa của đơn vị cấp trên" in str(result.error)
    assert not list(usb.rglob("*.danvan"))


def test_values_sealed_at_rest_reach_the_unit_above_from_a_data_entry_officers_package(tmp_path):
    """The commune seals its sensitive values at rest (an encrypted database); its data-entry
    officer, who cannot read them, makes the package; the district reads every one of them."""
    from desktop_app.domain.sealed import is_sealed
    from desktop_app.domain.units import Structure, find_unit
    from desktop_app.services import accounts, demo, encryption, unit_setup
    from desktop_app.store import database, queries
    from desktop_app.sync import enrolment, outgoing
    from tests.conftest import PASSWORDS
    from tests.sync.conftest import TODAY

    district = make_unit(tmp_path / "huyen.sqlite", DISTRICT)
    with opened(district):
        enrolment.write(tmp_path / "huyen.enrolment.json")
    handed = enrolment.read(tmp_path / "huyen.enrolment.json")
    commune = tmp_path / "xa.sqlite"
    unit_setup.create_unit_database(commune, unit_setup.suggested_profile(find_unit(COMMUNES[0], Structure.LEGACY)),
                                    admin=("quantri", PASSWORDS["quantri"]))  # fmt: skip
    accounts.add_account("nhaplieu", "nhap_lieu", PASSWORDS["nhaplieu"])
    demo.fill(80, seed=3, today=TODAY, years=1)  # sealed before the unit above's key is known
    runner.set_sensitive("petition", True)
    outgoing.set_recipient(handed["unit_code"], handed["box_public_key"])
    names = sorted({r["sender_name"] for r in queries.select_all(queries.ListQuery(PETITION)) if r["sender_name"]})
    database.close_database()
    accounts.sign_out()

    encryption.open_signed_in(commune, "nhaplieu", PASSWORDS["nhaplieu"])
    assert all(is_sealed(r["sender_name"]) for r in store.iter_all(PETITION) if r["sender_name"])
    made = outgoing.make_package(tmp_path / "out")
    database.close_database()
    accounts.sign_out()
    manifest = manifest_of(made.path)
    assert manifest["format_version"] == 4 and manifest["sealed"]["value_keys"]
    content = zip_bytes(made.path)  # what the outbox keeps, and what travels
    assert not [name for name in names if name.encode() in content]
    (taken,) = merge_into(district, [made.path])
    assert taken.status == "applied", taken.message
    with opened(district):
        received = sorted({r["sender_name"] for r in store.iter_all(PETITION) if r.get("sender_name")})
    assert names and received == names
    province = make_unit(tmp_path / "tinh.sqlite", PROVINCE)  # not the unit it was sealed to
    (refused,) = merge_into(province, [made.path])
    assert refused.status == "refused" and refused.reason == "sealed"
