"""A fingerprint of a database's records: SHA-256 over the canonical form of every record
(tombstones included), sorted by UUID, so two databases with the same records give the same
digest whatever order the records came in. The local change sequence is left out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.codec import canonical, encode
from desktop_app.domain.l10n import _
from desktop_app.domain.register import Register
from desktop_app.domain.registers import REGISTERS
from desktop_app.domain.sealed import is_sealed
from desktop_app.store import records as store
from desktop_app.store import sealed
from desktop_app.store.models import model_for


class DigestError(ValueError):
    """The digest would hash sealed values that the acting account cannot open."""


@dataclass(frozen=True)
class Digest:
    sha256: str
    records: int


def digest(unit_codes: set[str] | None = None, *, without_sensitive: bool = False) -> Digest:
    """The digest of every record, or of the records of ``unit_codes`` only. ``without_sensitive``
    leaves sensitive fields out, to compare with a unit that received the records without them.
    Sealed values are hashed as they read, so the digest is the same on every unit that holds
    the records; DigestError when one cannot be opened here."""
    lines: list[tuple[str, str, str]] = []
    for register in REGISTERS:
        model = model_for(register)
        omit = [f.name for f in register.sensitive_fields] if without_sensitive else []
        query = model.select()
        if unit_codes is not None:
            query = query.where(model.unit_code.in_(sorted(unit_codes)))
        for row in query.dicts().iterator():
            record = store.from_row(register, row)
            if register.sensitive_fields and not without_sensitive:
                record = _opened(register, record)
            lines.append((record["uuid"], register.name, canonical(encode(register, record, omit=omit))))
    lines.sort()
    hasher = hashlib.sha256()
    for uuid, register_name, text in lines:
        hasher.update(f"{register_name}\t{uuid}\t{text}\n".encode())
    return Digest(hasher.hexdigest(), len(lines))


def _opened(register: Register, record: dict[str, Any]) -> dict[str, Any]:
    shown = sealed.reveal(register, record)
    if any(is_sealed(shown.get(f.name)) for f in register.sensitive_fields):
        raise DigestError(_("Thông tin nhạy cảm được niêm phong: cần tài khoản lãnh đạo hoặc quản trị (có khóa đọc) "
                            "để tính mã kiểm tra, hoặc dùng --without-sensitive."))  # fmt: skip
    return shown
