"""Broken, hostile and foreign packages: each is refused whole, with a message that says which
and why, and the receiving database does not change (its digest is the same)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_app.domain.fields import Kind
from desktop_app.domain.registers import BY_NAME
from desktop_app.security import keys
from desktop_app.store.models import Installation
from desktop_app.sync import merge, outgoing
from desktop_app.sync.package import MANIFEST, SIGNATURE, VALUES_ONLY_VERSION
from tests.sync.conftest import COMMUNES, DISTRICT, digest_of, make_unit, opened


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> dict[str, object]:
    """A good package of a ward, the ward's private key, and its district (which trusts it)."""
    tmp = tmp_path_factory.mktemp("bad")
    commune = make_unit(tmp / "xa.sqlite", COMMUNES[0], records=24)
    with opened(commune):
        made = outgoing.make_package(tmp / "out")
        private = bytes(Installation.get().private_key)
    district = make_unit(tmp / "district.sqlite", DISTRICT)
    with opened(district):
        from desktop_app.sync.package import read_package

        merge.trust(read_package(made.path), how="package")
    return Valid(path=made.path, private=private, district=district, tmp=tmp, members=read_members(made.path))


class Valid(dict):
    """The fixture's values; shown by name only when a generated case fails."""

    def __repr__(self) -> str:
        return f"<valid package {self['path'].name}>"


def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def build(members: dict[str, bytes], *, resign_with: bytes | None = None) -> bytes:
    """A zip of ``members``; with a key, the manifest is signed again (a forger who has a key)."""
    members = dict(members)
    if resign_with is not None:
        members[SIGNATURE] = keys.to_text(keys.sign(resign_with, members[MANIFEST])).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def manifest_of(members: dict[str, bytes]) -> dict:
    return json.loads(members[MANIFEST])


def with_manifest(members: dict[str, bytes], manifest: dict) -> dict[str, bytes]:
    return {**members, MANIFEST: json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()}


def refused(valid: dict, data: bytes, name: str = "thu.danvan") -> merge.Outcome:
    path = valid["tmp"] / name
    path.write_bytes(data)
    before = digest_of(valid["district"])
    with opened(valid["district"]):
        outcome = merge.apply(path, trust_new=True)
    assert outcome.status == "refused", f"accepted: {outcome.summary()}"
    assert outcome.message.startswith(f"Gói {name} bị từ chối: ") and len(outcome.message) > 40
    assert digest_of(valid["district"]) == before
    return outcome


def records_part(members: dict[str, bytes]) -> str:
    return next(name for name in members if name.startswith("records/"))


# ----------------------------------------------------------------------------- named cases


def test_the_valid_package_is_accepted_as_a_control(valid, tmp_path):
    district = make_unit(tmp_path / "d.sqlite", DISTRICT)
    with opened(district):
        assert merge.apply(valid["path"], trust_new=True).status == "applied"


def test_zip_slip_is_refused(valid):
    for name in ("../../evil.txt", "/etc/passwd", "records/../../x.jsonl", "C:\\Windows\\x", "records\\..\\x"):
        outcome = refused(valid, build({**valid["members"], name: b"x"}))
        assert outcome.reason == "zip-slip", name
        assert "trỏ ra ngoài gói" in outcome.message


def test_a_zip_bomb_is_refused_before_it_is_inflated(valid):
    bomb = b"\0" * (300 * 1024 * 1024)  # 300 MB of zeros deflate to about 300 kB
    part = records_part(valid["members"])
    outcome = refused(valid, build({**valid["members"], part: bomb}))
    assert outcome.reason == "zip-bomb" and "bom nén" in outcome.message


def test_a_package_signed_by_someone_else_is_refused(valid):
    forger, _ = keys.new_key_pair()
    manifest = manifest_of(valid["members"])
    manifest["counts"]["reception"] = manifest["counts"].get("reception", 0)  # unchanged content, new signer
    outcome = refused(valid, build(with_manifest(valid["members"], manifest), resign_with=forger))
    assert outcome.reason == "signature" and "chữ ký không khớp" in outcome.message


def test_a_package_with_a_forged_key_for_a_known_unit_is_refused(valid):
    forger_private, forger_public = keys.new_key_pair()
    manifest = manifest_of(valid["members"])
    manifest["installation"]["public_key"] = keys.to_text(forger_public)
    outcome = refused(valid, build(with_manifest(valid["members"], manifest), resign_with=forger_private))
    assert outcome.reason == "wrong-key" and "khóa khác" in outcome.message


def test_a_record_edited_after_signing_is_refused(valid):
    part = records_part(valid["members"])
    body = valid["members"][part].replace(b'"revision":1', b'"revision":9', 1)
    outcome = refused(valid, build({**valid["members"], part: body}))
    assert outcome.reason == "tampered" and "đã bị sửa" in outcome.message


def test_a_package_of_another_unit_is_refused(valid):
    manifest = manifest_of(valid["members"])
    manifest["unit"]["code"] = "06709"  # a ward of Móng Cái, not of this district
    outcome = refused(valid, build(with_manifest(valid["members"], manifest), resign_with=valid["private"]))
    assert outcome.reason == "area" and "không thuộc địa bàn" in outcome.message


def test_a_record_of_a_unit_outside_the_sender_is_refused(valid):
    part = records_part(valid["members"])
    body = valid["members"][part].replace(f'"unit_code":"{COMMUNES[0]}"'.encode(), b'"unit_code":"06709"', 1)
    manifest = manifest_of(valid["members"])
    import hashlib

    manifest["parts"][part]["sha256"] = hashlib.sha256(body).hexdigest()
    outcome = refused(valid, build(with_manifest({**valid["members"], part: body}, manifest),
                                   resign_with=valid["private"]))  # fmt: skip
    assert outcome.reason == "area" and "06709" in outcome.message


def test_a_newer_format_is_refused_with_advice(valid):
    manifest = manifest_of(valid["members"])
    manifest["format_version"] = VALUES_ONLY_VERSION + 1
    outcome = refused(valid, build(with_manifest(valid["members"], manifest), resign_with=valid["private"]))
    assert outcome.reason == "newer-format" and "Hãy cập nhật chương trình" in outcome.message


def test_a_uuid_twice_in_one_package_is_refused(valid):
    import hashlib

    part = records_part(valid["members"])
    lines = valid["members"][part].splitlines(keepends=True)
    body = b"".join([*lines, lines[0]])
    manifest = manifest_of(valid["members"])
    manifest["parts"][part].update(sha256=hashlib.sha256(body).hexdigest(), bytes=len(body), records=len(lines) + 1)
    manifest["counts"][part[len("records/"):-len(".jsonl")]] = len(lines) + 1
    outcome = refused(valid, build(with_manifest({**valid["members"], part: body}, manifest),
                                   resign_with=valid["private"]))  # fmt: skip
    assert outcome.reason == "duplicate" and "hai lần" in outcome.message


def test_a_truncated_file_and_a_file_that_is_no_package_are_refused(valid):
    data = valid["path"].read_bytes()
    assert refused(valid, data[: len(data) // 2]).reason == "truncated"
    assert refused(valid, b"PK\x03\x04 not really").reason == "truncated"
    assert refused(valid, "Báo cáo quý".encode()).reason == "truncated"


# ----------------------------------------------------------------------------- generated cases

MUTATIONS = ("truncate", "flip-data", "drop-member", "manifest-value", "record-value", "record-value-resigned",
             "extra-member", "signature-bytes")  # fmt: skip
BAD_VALUES = (None, -1, 10**20, "", "∅", [], {}, True, 1.5, "../x")


def _contents(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except Exception:  # any failure to read it back means it is broken, which is what we want
        return None


def _data_ranges(data: bytes) -> list[tuple[int, int]]:
    """Where each member's compressed bytes lie in the zip."""
    ranges = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
            ranges.append((start, start + info.compress_size))
    return ranges


COMMON_WRONG = {"uuid": "khong-phai-uuid", "unit_code": 5, "hamlet": 7, "created_at": "hôm qua",
                "updated_at": "2026-13-45T00:00:00", "deleted_at": 3, "created_by": "", "updated_by": None,
                "origin": "", "revision": 0}  # fmt: skip
KIND_WRONG = {Kind.TEXT: 12, Kind.LONG_TEXT: ["a"], Kind.LINK: "khong-phai-uuid", Kind.CHOICE: "khong_co_ma",
              Kind.MULTI_CHOICE: "khong_co_ma", Kind.DATE: "2024-13-45", Kind.COUNT: "mười", Kind.YEAR: 1.5,
              Kind.MONEY: True, Kind.NUMBER: "mười", Kind.YES_NO: "có"}  # fmt: skip


def wrong_value(register, field_name: str) -> object:
    """A value the field can never hold, chosen by what the field is."""
    if field_name in COMMON_WRONG:
        return COMMON_WRONG[field_name]
    return KIND_WRONG[register.field(field_name).kind]


def mutate(valid: dict, kind: str, draw: st.DataObject) -> bytes:
    members: dict[str, bytes] = dict(valid["members"])
    data = valid["path"].read_bytes()
    if kind == "truncate":
        return data[: draw.draw(st.integers(0, len(data) - 1))]
    if kind == "flip-data":
        start, end = draw.draw(st.sampled_from(_data_ranges(data)))
        position = draw.draw(st.integers(start, end - 1))
        flipped = bytearray(data)
        flipped[position] ^= draw.draw(st.integers(1, 255))
        # Some bits of a deflate stream change nothing that is read back (a block flag after the
        # last byte needed): such a "mutation" is still the same package, not a broken one.
        assume(_contents(bytes(flipped)) != members)
        return bytes(flipped)
    if kind == "drop-member":
        members.pop(draw.draw(st.sampled_from(sorted(members))))
        return build(members)
    if kind == "manifest-value":
        manifest = manifest_of(members)
        path = draw.draw(st.sampled_from([("format",), ("format_version",), ("package_id",), ("unit", "code"),
                                          ("installation", "public_key"), ("kind",), ("changes", "after_seq"),
                                          ("counts",), ("parts",), ("omitted",)]))  # fmt: skip
        holder = manifest
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = draw.draw(st.sampled_from(BAD_VALUES))
        resign = draw.draw(st.booleans())
        return build(with_manifest(members, manifest), resign_with=valid["private"] if resign else None)
    if kind in ("record-value", "record-value-resigned"):
        part = records_part(members)
        lines = members[part].decode().splitlines()
        number = draw.draw(st.integers(0, len(lines) - 1))
        record = json.loads(lines[number])
        register = BY_NAME[part[len("records/"):-len(".jsonl")]]
        change = draw.draw(st.sampled_from(["value", "value", "value", "missing", "unknown"]))
        if change == "missing":
            record.pop(draw.draw(st.sampled_from(sorted(record))))
        elif change == "unknown":
            record["truong_khong_co"] = draw.draw(st.sampled_from(BAD_VALUES))
        else:
            field = draw.draw(st.sampled_from(sorted(record)))
            record[field] = wrong_value(register, field)
        lines[number] = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        body = ("\n".join(lines) + "\n").encode()
        members[part] = body
        if kind == "record-value-resigned":
            import hashlib

            manifest = manifest_of(members)
            manifest["parts"][part].update(sha256=hashlib.sha256(body).hexdigest(), bytes=len(body))
            return build(with_manifest(members, manifest), resign_with=valid["private"])
        return build(members)
    if kind == "extra-member":
        name = draw.draw(st.sampled_from(["records/khong_co_so.jsonl", "README.txt", "records/", "manifest.json.bak"]))
        return build({**members, name: b"{}"})
    if kind == "signature-bytes":
        return build({**members, SIGNATURE: draw.draw(st.binary(max_size=100))})
    raise AssertionError(kind)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(kind=st.sampled_from(MUTATIONS), draw=st.data())
def test_a_thousand_broken_packages_are_each_refused_and_change_nothing(valid, kind, draw):
    data = mutate(valid, kind, draw)
    path = valid["tmp"] / "hong.danvan"
    path.write_bytes(data)
    with opened(valid["district"]):
        before = _quick_digest()
        outcome = merge.apply(path, trust_new=False)
        assert outcome.status == "refused", f"{kind}: accepted {outcome.summary()}"
        assert outcome.reason and outcome.message.startswith("Gói hong.danvan bị từ chối: ")
        assert _quick_digest() == before


def _quick_digest() -> str:
    from desktop_app.sync.digest import digest

    return digest().sha256
