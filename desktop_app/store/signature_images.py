"""The images a digital signature shows: each account's signature and the unit's seal."""

from __future__ import annotations

import datetime as dt

from desktop_app.store.models import SignatureImage, database

SIGNATURE, SEAL = "signature", "seal"


def get(kind: str, owner: str = "") -> bytes | None:
    row = SignatureImage.get_or_none((SignatureImage.kind == kind) & (SignatureImage.owner == owner))
    return bytes(row.png) if row is not None else None


def put(kind: str, png: bytes, *, owner: str = "", by: str = "", at: dt.datetime) -> None:
    with database.atomic():
        SignatureImage.delete().where((SignatureImage.kind == kind) & (SignatureImage.owner == owner)).execute()
        SignatureImage.create(kind=kind, owner=owner, png=png, chosen_at=at, chosen_by=by)
