"""Setting up a database for a unit: its profile for official headers, its hamlets, its identity."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.domain.text import clean, sort_key
from desktop_app.domain.units import Level, Structure, Unit, UnitError, find_unit, parent
from desktop_app.store import database as store_db
from desktop_app.store.models import Hamlet, Installation, UnitProfile, database

REPORT_PROFILES = ("party", "state")


class SetupError(ValueError):
    """A unit profile that cannot be saved; the message names the field."""


@dataclass
class ProfileData:
    unit_code: str
    structure: str
    issuing_body: str
    superior_body: str
    place_name: str
    signer_name: str = ""
    signer_title: str = ""
    report_profile: str = "party"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def suggested_profile(unit: Unit) -> ProfileData:
    """Header names a unit usually prints; the officer corrects them in the wizard."""
    above = parent(unit)
    if unit.level == Level.PROVINCE:
        issuing = f"BAN DÂN VẬN {_committee(unit)}"
        superior = _committee(unit)
        title = "TRƯỞNG BAN"
    else:
        issuing = f"ĐẢNG ỦY {unit.name.upper()}"
        superior = f"ĐẢNG BỘ {above.name.upper()}" if above else ""
        title = "BÍ THƯ"
    return ProfileData(
        unit_code=unit.code,
        structure=unit.structure.value,
        issuing_body=issuing,
        superior_body=superior,
        place_name=unit.bare_name,
        signer_title=title,
    )


def _committee(province: Unit) -> str:
    """TỈNH ỦY QUẢNG NINH, THÀNH ỦY HÀ NỘI."""
    word = "THÀNH ỦY" if province.division_type.startswith("thành phố") else "TỈNH ỦY"
    return f"{word} {province.bare_name.upper()}"


def _checked(data: ProfileData) -> ProfileData:
    cleaned = ProfileData(**{key: clean(str(value)) for key, value in asdict(data).items()})
    labels = {
        "issuing_body": _("Tên cơ quan ban hành"),
        "superior_body": _("Tên cơ quan cấp trên"),
        "place_name": _("Địa danh ghi ngày tháng"),
    }
    for key, label in labels.items():
        if not getattr(cleaned, key):
            raise SetupError(_("«{label}» là bắt buộc.").format(label=label))
    if cleaned.report_profile not in REPORT_PROFILES:
        raise SetupError(
            _("«{label}» phải là party hoặc state.").format(label=_("Thể thức văn bản mặc định"))
        )
    try:
        find_unit(cleaned.unit_code, Structure(cleaned.structure))
    except (UnitError, ValueError) as error:
        raise SetupError(str(error)) from error
    return cleaned


def set_up_unit(data: ProfileData, hamlets: list[str] | None = None) -> None:
    """Write the unit profile, this installation's identity and the hamlets, all at once."""
    data = _checked(data)
    unit = find_unit(data.unit_code, Structure(data.structure))
    with database.atomic():
        if UnitProfile.select().exists():
            raise SetupError(_("Cơ sở dữ liệu này đã được thiết lập cho một đơn vị."))
        UnitProfile.create(level=unit.level.value, unit_name=unit.name, created_at=_now(), **asdict(data))
        Installation.create(installation_id=str(uuidlib.uuid4()), created_at=_now())
        set_hamlets(hamlets or [])


def create_unit_database(path: Path | str, data: ProfileData, hamlets: list[str] | None = None) -> None:
    """Create a new database file for a unit; refuses a file that already exists."""
    path = Path(path)
    if path.exists():
        raise SetupError(_("Tệp {path} đã có; chọn một tên tệp khác.").format(path=path))
    _checked(data)
    store_db.open_database(path, create=True)
    try:
        set_up_unit(data, hamlets)
    except Exception:
        store_db.close_database()
        path.unlink(missing_ok=True)
        raise


def profile() -> ProfileData:
    row = UnitProfile.get()
    return ProfileData(**{key: getattr(row, key) for key in ProfileData.__dataclass_fields__})


def update_profile(data: ProfileData) -> None:
    data = _checked(data)
    if data.unit_code != profile().unit_code:
        raise SetupError(_("Không thể đổi đơn vị của một cơ sở dữ liệu đã có."))
    UnitProfile.update(**asdict(data)).execute()


def current_unit() -> Unit:
    row = UnitProfile.get()
    return find_unit(row.unit_code, Structure(row.structure))


def installation_id() -> str:
    return Installation.get().installation_id


def hamlets() -> list[str]:
    """The unit's hamlets in Vietnamese alphabetical order."""
    return [row.name for row in Hamlet.select().order_by(Hamlet.sort_key)]


def set_hamlets(names: list[str]) -> None:
    """Replace the list of hamlets; names are cleaned, blanks and repeats dropped."""
    wanted: dict[str, str] = {}
    for name in names:
        name = clean(name)
        if name and name.casefold() not in {n.casefold() for n in wanted}:
            wanted[name] = sort_key(name)
    with database.atomic():
        Hamlet.delete().where(Hamlet.name.not_in(list(wanted))).execute()
        existing = {row.name for row in Hamlet.select()}
        for name, key in wanted.items():
            if name not in existing:
                Hamlet.create(name=name, sort_key=key)
