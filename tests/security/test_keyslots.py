"""The key ring: each secret opens its own slot and nothing else, and a tampered ring opens nothing."""

from __future__ import annotations

import base64
import json

import pytest

from desktop_app.security import keyslots, passwords


@pytest.fixture
def ring() -> tuple[keyslots.KeyRing, bytes, str]:
    code = keyslots.new_recovery_code()
    key = keyslots.new_database_key(code)
    made = keyslots.KeyRing.new("Xã Bình Liêu (06838)")
    made.set_recovery(code, key)
    made.set_password("quantri", "quan-tri-2026", key)
    made.set_password("lan", "nhap-lieu-2026", key)
    return made, key, code


def test_each_password_and_the_recovery_code_open_the_same_key(ring):
    made, key, code = ring
    assert made.open_with_password("quantri", "quan-tri-2026") == key
    assert made.open_with_password("lan", "nhap-lieu-2026") == key
    assert made.open_with_recovery(code) == key
    typed = code.lower().replace("-", " ").replace("O", "0")
    assert made.open_with_recovery(typed) == key  # spaces, lower case and a zero for O are what people type


@pytest.mark.parametrize(("name", "secret"), [("quantri", "nhap-lieu-2026"), ("lan", "quan-tri-2026"),
                                              ("khong-co", "quan-tri-2026"), ("quantri", "")])  # fmt: skip
def test_a_wrong_password_or_name_opens_nothing(ring, name, secret):
    with pytest.raises(keyslots.KeyRingError):
        ring[0].open_with_password(name, secret)


def test_a_wrong_recovery_code_opens_nothing(ring):
    made, _key, code = ring
    wrong = ("B" if code[0] != "B" else "C") + code[1:]
    with pytest.raises(keyslots.KeyRingError):
        made.open_with_recovery(wrong)


def test_a_slot_moved_to_another_account_or_ring_opens_nothing(ring, tmp_path):
    """The slot's name and the ring's id are bound to the wrapped key (AES-GCM associated data)."""
    made, _key, _code = ring
    data = made.to_json()
    data["slots"]["account:quantri"] = data["slots"]["account:lan"]  # lan's slot under the admin's name
    with pytest.raises(keyslots.KeyRingError):
        keyslots.KeyRing.from_json(data).open_with_password("quantri", "nhap-lieu-2026")
    other = keyslots.KeyRing.new()
    other.slots["account:lan"] = made.slots["account:lan"]  # the same slot in another database's ring
    with pytest.raises(keyslots.KeyRingError):
        other.open_with_password("lan", "nhap-lieu-2026")


def test_a_flipped_bit_in_a_wrapped_key_opens_nothing(ring):
    made, _key, _code = ring
    data = made.to_json()
    wrapped = bytearray(base64.b64decode(data["slots"]["account:lan"]["wrapped"]))
    wrapped[3] ^= 1
    data["slots"]["account:lan"]["wrapped"] = base64.b64encode(bytes(wrapped)).decode()
    with pytest.raises(keyslots.KeyRingError):
        keyslots.KeyRing.from_json(data).open_with_password("lan", "nhap-lieu-2026")


def test_a_slot_made_from_a_stored_hash_opens_with_that_password():
    """``danvan encrypt`` wraps the key for every account from its argon2id hash alone."""
    key = keyslots.new_database_key(keyslots.new_recovery_code())
    made = keyslots.KeyRing.new()
    made.set_password_from_hash("dao", passwords.hash_password("lanh-dao-2026"), key)
    assert made.open_with_password("dao", "lanh-dao-2026") == key
    with pytest.raises(keyslots.KeyRingError):
        made.open_with_password("dao", "lanh-dao-2025")


def test_the_ring_file_holds_no_key_and_round_trips(ring, tmp_path):
    made, key, code = ring
    path = tmp_path / "x.sqlite.keys"
    keyslots.write_ring(path, made)
    text = path.read_text(encoding="utf-8")
    assert key.hex() not in text and base64.b64encode(key).decode() not in text and code not in text
    assert "quan-tri-2026" not in text
    again = keyslots.read_ring(path)
    assert again.open_with_password("lan", "nhap-lieu-2026") == key
    assert json.loads(text)["unit"] == "Xã Bình Liêu (06838)"


def test_a_damaged_or_missing_ring_is_named(tmp_path):
    path = tmp_path / "x.sqlite.keys"
    with pytest.raises(keyslots.KeyRingError, match="missing"):
        keyslots.read_ring(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(keyslots.KeyRingError, match=r"x\.sqlite\.keys"):
        keyslots.read_ring(path)


def test_a_disabled_account_loses_its_slot_but_stays_named(ring):
    made, _key, _code = ring
    made.remove("lan")
    assert not made.has_account("lan") and "lan" in made.disabled
    with pytest.raises(keyslots.KeyRingError):
        made.open_with_password("lan", "nhap-lieu-2026")


def test_the_database_key_comes_back_from_the_code_and_the_salt_alone(ring):
    _made, key, code = ring
    assert len(key) == keyslots.KEY_BYTES + keyslots.SALT_BYTES
    salt = key[keyslots.KEY_BYTES:]
    assert keyslots.key_from_recovery(code.lower(), salt) == key
    assert keyslots.key_from_recovery("AAAA" + code[4:], salt) != key
    assert keyslots.key_from_recovery(code, bytes(16)) != key
    with pytest.raises(keyslots.KeyRingError):
        keyslots.key_from_recovery(code, b"short")


def test_a_grant_opens_only_with_its_accounts_password(ring):
    from desktop_app.security import sealing

    made, key, _code = ring
    reader, _public = sealing.new_box_pair()
    assert made.waiting_for_grant() == ["lan", "quantri"]
    assert made.grant("quantri", reader) and made.waiting_for_grant() == ["lan"]
    round_trip = keyslots.KeyRing.from_json(json.loads(json.dumps(made.to_json())))
    assert round_trip.open_account("quantri", "quan-tri-2026") == keyslots.Opened(key, reader)
    assert round_trip.open_account("lan", "nhap-lieu-2026") == keyslots.Opened(key, None)
    round_trip.set_password_from_hash("dao", passwords.hash_password("lanh-dao-2026"), key)
    assert not round_trip.grant("dao", reader)  # a slot made from a stored hash has no pair to grant to
    round_trip.revoke("quantri")
    assert round_trip.open_account("quantri", "quan-tri-2026").reader is None
