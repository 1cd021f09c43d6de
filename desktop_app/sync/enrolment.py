"""The enrolment file: how a commune hands its key to the unit above before the first package,
so the officer there need not compare fingerprints by telephone — and how the unit above hands
down the key that units below seal sensitive fields to."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.files import share, written_in_place
from desktop_app.security import keys
from desktop_app.services import unit_setup
from desktop_app.store.models import Installation
from desktop_app.store.sync_settings import sync_settings

FORMAT = "sodanvan-enrolment"


class EnrolmentError(ValueError):
    pass


def write(path: Path) -> str:
    """Write this installation's enrolment file; returns the key's fingerprint."""
    unit = unit_setup.current_unit()
    installation = Installation.get()
    public_key = bytes(installation.public_key)
    data = {"format": FORMAT, "unit_code": unit.code, "unit_name": unit.name,
            "installation_id": installation.installation_id, "public_key": keys.to_text(public_key),
            "fingerprint": keys.fingerprint(public_key)}  # fmt: skip
    if installation.box_public_key:  # what units below seal sensitive fields to (since program 0.2)
        data["box_public_key"] = keys.to_text(bytes(installation.box_public_key))
    with written_in_place(path) as temporary:
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    share(path)  # for the officer of the unit above
    return data["fingerprint"]


def read(path: Path) -> dict[str, str]:
    """An enrolment file's content, checked; EnrolmentError naming the file and what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise EnrolmentError(_("Không đọc được {path}: {error}").format(path=path, error=error.strerror)) from None
    except (UnicodeDecodeError, ValueError):
        raise EnrolmentError(_("{path} không phải tệp đăng ký (không phải JSON).").format(path=path)) from None
    fields = ("unit_code", "unit_name", "installation_id", "public_key", "fingerprint")
    if not isinstance(data, dict) or data.get("format") != FORMAT or not all(
        isinstance(data.get(name), str) and data[name] for name in fields
    ):
        raise EnrolmentError(_("{path} không phải tệp đăng ký của Sổ Dân vận.").format(path=path))
    try:
        public_key = keys.from_text(data["public_key"])
    except ValueError:
        public_key = b""
    if len(public_key) != keys.PUBLIC_KEY_BYTES or keys.fingerprint(public_key) != data["fingerprint"]:
        raise EnrolmentError(_("{path}: khóa trong tệp đăng ký hỏng (dấu vân tay không khớp).").format(path=path))
    found = {name: data[name] for name in fields}
    box = data.get("box_public_key")
    if box is not None:
        try:
            valid = isinstance(box, str) and len(keys.from_text(box)) == keys.PUBLIC_KEY_BYTES
        except ValueError:
            valid = False
        if not valid:
            raise EnrolmentError(_("{path}: khóa mã hóa trong tệp đăng ký hỏng.").format(path=path))
        found["box_public_key"] = box
    return found


def is_from_unit_above(data: dict[str, str]) -> bool:
    from desktop_app.domain.units import parent

    above = parent(unit_setup.current_unit())
    return above is not None and above.code == data["unit_code"]


def take_key_above(data: dict[str, str], path: Path) -> str:
    """Keep the encryption key of the unit above from its enrolment file (read with ``read``):
    sensitive fields sent upward are sealed to it. Returns the key's fingerprint; EnrolmentError
    when the file is not the unit above's or has no encryption key."""
    from desktop_app.sync import outgoing

    if not is_from_unit_above(data):
        raise EnrolmentError(_("{path} là tệp đăng ký của {unit}, không phải của đơn vị cấp trên.").format(
            path=path.name, unit=data["unit_name"]))
    if "box_public_key" not in data:
        raise EnrolmentError(_("Tệp đăng ký của {unit} không có khóa mã hóa (chương trình ở đó cũ hơn 0.2).").format(
            unit=data["unit_name"]))
    outgoing.set_recipient(data["unit_code"], data["box_public_key"])
    return keys.fingerprint(keys.from_text(data["box_public_key"]))


def key_above() -> tuple[str, str] | None:
    """(unit code, fingerprint) of the key sensitive fields are sealed to, or None."""

    options = sync_settings()
    if not options.recipient_key:
        return None
    return options.recipient_unit, keys.fingerprint(keys.from_text(options.recipient_key))
