"""The key ring of an encrypted database: its key, wrapped once per account and once with the
recovery code, in a small file beside the database.

The database key is never typed. Each slot holds it encrypted (AES-256-GCM) under a key
derived from a secret: an account's password through argon2id, or the recovery code (160 random
bits, so a plain HKDF is enough). The database key is itself derived from the recovery code and
a random 16-byte salt that SQLCipher writes, in clear, at the head of the file and of every
copy, so the recovery code opens a copy that has lost its ring (``key_from_recovery``). Files
encrypted before this keep their random 256-bit key and need their ring. The slot's name and the
ring's database id are the associated data, so a slot cannot be moved to another account or
another database. The file holds no name of a citizen and no key in clear; it is written
atomically, so a crash leaves the old ring or the new one.

A slot made from a typed password also holds the account's own X25519 key pair: the private
half wrapped under a second key derived from the same secret, the public half in clear. Whoever
holds the unit's reader key (security/sealing.py, services/reader_key.py) seals it to the public
half of each account allowed to read sensitive fields (a grant); the account opens it at sign-in.
A slot made from a stored password hash (``danvan encrypt``, a ring rebuilt by the recovery
code) gets no pair: anyone who opens the database reads that hash, so it must not guard the
reader key. Such a slot is made anew from the password at the account's next sign-in.

The ring also keeps the failed attempts of each slot: a wrong password cannot open the
database to write them there, so they wait here until the next sign-in moves them into the
audit trail.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop_app.security import passwords, sealing

FORMAT = 1
KEY_BYTES = 32
SALT_BYTES = 16  # SQLCipher's file salt, the first 16 bytes of an encrypted file
RECOVERY_BYTES = 20  # 160 bits: 32 base32 letters
RECOVERY_SLOT = "recovery"
SUFFIX = ".keys"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class KeyRingError(ValueError):
    """A key ring that cannot be read or a secret that does not open a slot."""


def ring_path(database_path: Path | str) -> Path:
    path = Path(database_path)
    return path.with_name(path.name + SUFFIX)


def key_from_recovery(code: str, salt: bytes) -> bytes:
    """The key material of a database whose key comes from its recovery ``code``: 32 bytes of
    key, then the file ``salt``, which SQLCipher takes from the raw key and writes at the head of
    the file (and of every copy made with this key), so the code and the copy alone give it back."""
    if len(salt) != SALT_BYTES:
        raise KeyRingError(f"a file salt is {SALT_BYTES} bytes, not {len(salt)}")
    derived = HKDF(hashes.SHA256(), KEY_BYTES, salt, b"danvan database key").derive(
        normal_recovery_code(code).encode("ascii"))
    return derived + salt


def new_database_key(code: str) -> bytes:
    """The key material of a new encrypted database whose recovery code is ``code``."""
    return key_from_recovery(code, secrets.token_bytes(SALT_BYTES))


def new_recovery_code() -> str:
    """32 letters and digits in 8 groups of 4: what the recovery sheet shows."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normal_recovery_code(text: str) -> str:
    """A typed recovery code as the ring knows it: spaces and dashes dropped, upper case, and the
    digits 0 and 1, which the code never holds, read as the letters O and I people meant."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch not in " -\t")
    return cleaned.replace("0", "O").replace("1", "I")


def account_slot(name: str) -> str:
    return f"account:{name}"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _password_key(password: str, salt: bytes, time_cost: int, memory_kib: int, lanes: int) -> bytes:
    password = unicodedata.normalize("NFC", password or "")
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=time_cost, memory_cost=memory_kib,
                           parallelism=lanes, hash_len=KEY_BYTES, type=Type.ID)  # fmt: skip


def _recovery_key(code: str, salt: bytes, purpose: bytes = b"danvan recovery slot") -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt, purpose).derive(normal_recovery_code(code).encode("ascii"))


def seal_with_recovery(code: str, secret: bytes, context: str) -> tuple[bytes, bytes]:
    """(salt, nonce + AES-GCM of ``secret``) under a key derived from the recovery ``code``: for
    a secret the database itself keeps, that only the recovery sheet opens."""
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(12)
    kek = _recovery_key(code, salt, b"danvan recovery: " + context.encode())
    return salt, nonce + AESGCM(kek).encrypt(nonce, secret, context.encode())


def recovery_box(code: str, salt: bytes) -> tuple[bytes, bytes]:
    """An X25519 pair (private, public) derived from the recovery ``code``: the public half can
    stay in the database, so that a secret made later (a rotated reader key) is sealed to the
    recovery sheet without the sheet at hand (``sealing.wrap_key``)."""
    private = _recovery_key(code, salt, b"danvan recovery box")
    return private, sealing.public_of(private)


def open_with_recovery_code(code: str, salt: bytes, sealed: bytes, context: str) -> bytes:
    """The secret ``seal_with_recovery`` sealed; KeyRingError when ``code`` is not the one."""
    kek = _recovery_key(code, salt, b"danvan recovery: " + context.encode())
    try:
        return AESGCM(kek).decrypt(sealed[:12], sealed[12:], context.encode())
    except (InvalidTag, ValueError):
        raise KeyRingError("wrong recovery code") from None


def _account_kek(kek: bytes) -> bytes:
    """The key that wraps a slot's account private key: derived from the slot's key-encryption
    key, so one argon2id run opens both, and never equal to anything the database stores."""
    return HKDF(hashes.SHA256(), KEY_BYTES, None, b"danvan account key").derive(kek)


@dataclass(frozen=True)
class Opened:
    """What a slot gives its secret's holder: the database key, and the reader key granted to
    the account's pair (None when the slot has no grant)."""

    key: bytes
    reader: bytes | None


@dataclass
class Slot:
    salt: bytes
    nonce: bytes
    wrapped: bytes
    kdf: str  # "argon2id" or "hkdf"
    time_cost: int = 0
    memory_kib: int = 0
    lanes: int = 0
    failed: int = 0
    locked_until: str = ""  # ISO time (UTC) before which the slot refuses even the right password
    from_hash: bool = False  # its key-encryption key is the account's stored password hash
    account_public: bytes = b""  # X25519, raw: what the reader key is granted to
    account_private: bytes = b""  # nonce + AES-GCM of the private half, under _account_kek
    grant: bytes = b""  # the reader key sealed to account_public (sealing.wrap_key)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"kdf": self.kdf, "salt": _b64(self.salt), "nonce": _b64(self.nonce),
                                   "wrapped": _b64(self.wrapped)}  # fmt: skip
        if self.kdf == "argon2id":
            data.update(time_cost=self.time_cost, memory_kib=self.memory_kib, lanes=self.lanes)
        if self.from_hash:
            data["from_hash"] = True
        for name in ("account_public", "account_private", "grant"):
            if getattr(self, name):
                data[name] = _b64(getattr(self, name))
        if self.failed:
            data["failed"] = self.failed
        if self.locked_until:
            data["locked_until"] = self.locked_until
        return data

    @classmethod
    def from_json(cls, data: dict) -> Slot:
        return cls(salt=_unb64(data["salt"]), nonce=_unb64(data["nonce"]), wrapped=_unb64(data["wrapped"]),
                   kdf=str(data["kdf"]), time_cost=int(data.get("time_cost", 0)),
                   memory_kib=int(data.get("memory_kib", 0)), lanes=int(data.get("lanes", 0)),
                   failed=int(data.get("failed", 0)), locked_until=str(data.get("locked_until", "")),
                   from_hash=bool(data.get("from_hash", False)),
                   account_public=_unb64(data.get("account_public", "")),
                   account_private=_unb64(data.get("account_private", "")),
                   grant=_unb64(data.get("grant", "")))  # fmt: skip


@dataclass
class KeyRing:
    database_id: str
    unit: str = ""  # the unit's name, for the sign-in window before the database is open
    slots: dict[str, Slot] = field(default_factory=dict)
    # Refused attempts not yet in the audit trail: {"name", "at", "reason", "where"}.
    pending: list[dict[str, object]] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)  # accounts whose slot was taken away

    # --------------------------------------------------------------- wrapping

    def _aad(self, slot_name: str) -> bytes:
        return f"danvan/{FORMAT}/{self.database_id}/{slot_name}".encode()

    def _wrap(self, slot_name: str, kek: bytes, key: bytes, slot: Slot) -> None:
        slot.nonce = secrets.token_bytes(12)
        slot.wrapped = AESGCM(kek).encrypt(slot.nonce, key, self._aad(slot_name))
        self.slots[slot_name] = slot

    def _unwrap(self, slot_name: str, kek: bytes) -> bytes:
        slot = self.slots[slot_name]
        try:
            return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, self._aad(slot_name))
        except InvalidTag:
            raise KeyRingError("wrong secret") from None

    def set_password(self, name: str, password: str, key: bytes, *, salt: bytes | None = None,
                     time_cost: int = passwords.TIME_COST, memory_kib: int = passwords.MEMORY_KIB,
                     lanes: int = passwords.LANES) -> None:  # fmt: skip
        """Wrap ``key`` for account ``name`` under ``password`` (replacing its slot, and any grant
        it had), with a new account key pair."""
        salt = salt or secrets.token_bytes(16)
        slot = Slot(salt, b"", b"", "argon2id", time_cost, memory_kib, lanes)
        kek = _password_key(password, salt, time_cost, memory_kib, lanes)
        self._wrap(account_slot(name), kek, key, slot)
        private, slot.account_public = sealing.new_box_pair()
        nonce = secrets.token_bytes(12)
        slot.account_private = nonce + AESGCM(_account_kek(kek)).encrypt(nonce, private,
                                                                         self._aad(account_slot(name) + "/account"))

    def set_password_from_hash(self, name: str, encoded_hash: str, key: bytes) -> None:
        """Wrap ``key`` for an account whose password is known only by its argon2id hash: the
        hash's own output is the key argon2id gives that password with that salt, so the
        account's password opens the slot without anyone typing it now (``danvan encrypt``)."""
        parts = encoded_hash.split("$")
        if len(parts) != 6 or parts[1] != "argon2id":
            raise KeyRingError(f"not an argon2id hash: {parts[1] if len(parts) > 1 else '?'}")
        costs = dict(item.split("=") for item in parts[3].split(","))
        salt = base64.b64decode(parts[4] + "=" * (-len(parts[4]) % 4))
        raw = base64.b64decode(parts[5] + "=" * (-len(parts[5]) % 4))
        if len(raw) != KEY_BYTES:
            raise KeyRingError("the hash is not 32 bytes long")
        slot = Slot(salt, b"", b"", "argon2id", int(costs["t"]), int(costs["m"]), int(costs["p"]), from_hash=True)
        self._wrap(account_slot(name), raw, key, slot)

    def open_with_password(self, name: str, password: str) -> bytes:
        """The database key, or KeyRingError when ``name`` has no slot or ``password`` is wrong
        (an unknown name costs the same time as a wrong password)."""
        return self.open_account(name, password).key

    def open_account(self, name: str, password: str) -> Opened:
        """The database key and the reader key granted to ``name`` (one argon2id run), or
        KeyRingError as ``open_with_password``."""
        slot = self.slots.get(account_slot(name))
        if slot is None:
            _password_key(password, b"unknown-account!", passwords.TIME_COST, passwords.MEMORY_KIB, passwords.LANES)
            raise KeyRingError("no such account")
        kek = _password_key(password, slot.salt, slot.time_cost, slot.memory_kib, slot.lanes)
        key = self._unwrap(account_slot(name), kek)
        if not (slot.grant and slot.account_private):
            return Opened(key, None)
        try:
            private = AESGCM(_account_kek(kek)).decrypt(slot.account_private[:12], slot.account_private[12:],
                                                        self._aad(account_slot(name) + "/account"))  # fmt: skip
            return Opened(key, sealing.unwrap_key(private, slot.grant))
        except (InvalidTag, sealing.SealError):  # an altered grant: the file still opens, sealed values stay shut
            return Opened(key, None)

    def grant(self, name: str, reader: bytes) -> bool:
        """Seal the reader key to account ``name``'s pair; False when its slot has no pair."""
        slot = self.slots.get(account_slot(name))
        if slot is None or not slot.account_public:
            return False
        slot.grant = sealing.wrap_key(reader, slot.account_public)
        return True

    def waiting_for_grant(self) -> list[str]:
        """Accounts whose slot has a pair and no grant yet."""
        return sorted(name.split(":", 1)[1] for name, slot in self.slots.items()
                      if name.startswith("account:") and slot.account_public and not slot.grant)  # fmt: skip

    def revoke(self, name: str) -> None:
        """Take the reader key away from ``name`` (the slot stays: it still opens the file)."""
        slot = self.slots.get(account_slot(name))
        if slot is not None:
            slot.grant = b""

    def set_recovery(self, code: str, key: bytes) -> None:
        salt = secrets.token_bytes(16)
        self._wrap(RECOVERY_SLOT, _recovery_key(code, salt), key, Slot(salt, b"", b"", "hkdf"))

    def open_with_recovery(self, code: str) -> bytes:
        slot = self.slots.get(RECOVERY_SLOT)
        if slot is None:
            raise KeyRingError("no recovery slot")
        return self._unwrap(RECOVERY_SLOT, _recovery_key(code, slot.salt))

    def remove(self, name: str) -> None:
        """Take the slot of a disabled account away: its password no longer opens the file, even
        on a copy taken before. The name stays listed, so a sign-in can say why it is refused."""
        self.slots.pop(account_slot(name), None)
        if name not in self.disabled:
            self.disabled.append(name)

    def has_account(self, name: str) -> bool:
        return account_slot(name) in self.slots

    def account_names(self) -> list[str]:
        return sorted(key.split(":", 1)[1] for key in self.slots if key.startswith("account:"))

    # --------------------------------------------------------------- refusals

    def slot_of(self, name: str) -> Slot | None:
        return self.slots.get(account_slot(name))

    def note_refusal(self, name: str, reason: str, where: str, at: dt.datetime) -> None:
        self.pending.append({"name": name, "at": at.isoformat(timespec="seconds"), "reason": reason, "where": where})
        del self.pending[:-200]  # a flood of attempts keeps the newest 200

    def take_pending(self) -> list[dict[str, object]]:
        taken, self.pending = self.pending, []
        return taken

    # --------------------------------------------------------------- file

    def to_json(self) -> dict[str, object]:
        return {"format": FORMAT, "database_id": self.database_id, "unit": self.unit,
                "slots": {name: slot.to_json() for name, slot in sorted(self.slots.items())},
                "pending": self.pending, "disabled": sorted(self.disabled)}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> KeyRing:
        if data.get("format") != FORMAT:
            raise KeyRingError(f"key ring format {data.get('format')!r} is not {FORMAT}")
        return cls(database_id=str(data["database_id"]), unit=str(data.get("unit", "")),
                   slots={name: Slot.from_json(slot) for name, slot in data.get("slots", {}).items()},
                   pending=list(data.get("pending", [])), disabled=list(data.get("disabled", [])))  # fmt: skip

    @classmethod
    def new(cls, unit: str = "") -> KeyRing:
        return cls(database_id=secrets.token_hex(16), unit=unit)


def read_ring(path: Path) -> KeyRing:
    """The key ring at ``path``; KeyRingError (naming the file) when it is missing or damaged."""
    try:
        return KeyRing.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise KeyRingError(f"{path}: missing") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KeyRingError(f"{path}: {error}") from None


def write_ring(path: Path, ring: KeyRing) -> None:
    """Write ``ring`` to ``path`` atomically and durably (temporary file, fsync, rename)."""
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(ring.to_json(), stream, ensure_ascii=False, indent=1)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
