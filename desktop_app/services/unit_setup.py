"""Setting up a database for a unit: its profile for official headers, its hamlets, its identity."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.domain.text import clean, sort_key
from desktop_app.domain.units import Level, Structure, Unit, UnitError, find_unit, parent
from desktop_app.security.keys import new_key_pair
from desktop_app.security.sealing import new_box_pair
from desktop_app.store import database as store_db
from desktop_app.store import engines, sealed
from desktop_app.store import records as store_records
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
    issuer_code: str = ""  # ĐU, UBND
    signer_authority: str = ""  # T/M ĐẢNG ỦY
    party_term_start: dt.date | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def suggested_letterhead(unit: Unit, report_profile: str) -> dict[str, str]:
    """Header names, number code and signing lines a unit usually prints under a format
    profile; the officer corrects them in the wizard, the settings or the report itself."""
    above = parent(unit)
    if report_profile == "state":
        return {
            "issuing_body": f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
            "superior_body": "",
            "issuer_code": "UBND",
            "signer_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "CHỦ TỊCH",
        }
    if unit.level == Level.PROVINCE:
        return {
            "issuing_body": f"BAN DÂN VẬN {_committee(unit)}",
            "superior_body": _committee(unit),
            "issuer_code": "BDV" + ("TU" if _committee(unit).startswith("TỈNH") else "THU"),
            "signer_authority": "",
            "signer_title": "TRƯỞNG BAN",
        }
    return {
        "issuing_body": f"ĐẢNG ỦY {unit.name.upper()}",
        "superior_body": f"ĐẢNG BỘ {above.name.upper()}" if above else "",
        "issuer_code": "ĐU",
        "signer_authority": "T/M ĐẢNG ỦY",
        "signer_title": "BÍ THƯ",
    }


def default_term_start(unit: Unit) -> dt.date:
    """The start of the Party committee's current term: the 2025 communes took office on
    1 July 2025; before that, terms ran from the 2020 congresses."""
    return dt.date(2025, 7, 1) if unit.structure == Structure.CURRENT else dt.date(2020, 7, 1)


def suggested_profile(unit: Unit, report_profile: str = "party") -> ProfileData:
    """The profile a unit usually has; the officer corrects it in the wizard."""
    return ProfileData(
        unit_code=unit.code,
        structure=unit.structure.value,
        place_name=unit.bare_name,
        report_profile=report_profile,
        party_term_start=default_term_start(unit),
        **suggested_letterhead(unit, report_profile),
    )


def _committee(province: Unit) -> str:
    """TỈNH ỦY QUẢNG NINH, THÀNH ỦY HÀ NỘI."""
    word = "THÀNH ỦY" if province.division_type.startswith("thành phố") else "TỈNH ỦY"
    return f"{word} {province.bare_name.upper()}"


def _checked(data: ProfileData) -> ProfileData:
    cleaned = ProfileData(
        **{key: clean(value) if isinstance(value, str) else value for key, value in asdict(data).items()}
    )
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
    if data.party_term_start is None:
        data.party_term_start = default_term_start(unit)
    with database.atomic():
        if UnitProfile.select().exists():
            raise SetupError(_("Cơ sở dữ liệu này đã được thiết lập cho một đơn vị."))
        UnitProfile.create(level=unit.level.value, unit_name=unit.name, created_at=_now(), **asdict(data))
        private_key, public_key = new_key_pair()
        Installation.create(installation_id=str(uuidlib.uuid4()), created_at=_now(), private_key=private_key,
                            public_key=public_key, **sealed.box_columns(*new_box_pair()))  # fmt: skip
        set_hamlets(hamlets or [])
    sealed.reset()  # the package key's name, for the keys units below will send


def _check_new(data: ProfileData, admin: tuple[str, str] | None) -> None:
    """SetupError, before anything is made, for a profile or a first account that will not do."""
    from desktop_app.services import accounts

    _checked(data)
    if admin is not None:
        try:
            accounts.check_new_account(*admin)
        except accounts.AccountError as error:
            raise SetupError(str(error)) from error


def create_unit_database(path: Path | str, data: ProfileData, hamlets: list[str] | None = None, *,
                         admin: tuple[str, str] | None = None, admin_full_name: str = "",
                         encrypt: bool = True) -> str | None:  # fmt: skip
    """Create a new database file for a unit; refuses a file that already exists. ``admin``
    (name, password) is its first account, signed in; nothing is created if it is refused.

    With an administrator and ``encrypt`` (the default) the file is encrypted and the recovery
    code is returned, to be shown once; a plain file (a province server's choice, or a test
    without accounts, which no one could open if it were encrypted) returns None."""
    from desktop_app.services import accounts, encryption

    if engines.is_server(path):
        return _set_up_server(str(path), data, hamlets, admin, admin_full_name, seal=encrypt)
    path = Path(path)
    if path.exists():
        raise SetupError(_("Tệp {path} đã có; chọn một tên tệp khác.").format(path=path))
    _check_new(data, admin)
    code = None
    try:
        if admin is not None and encrypt:
            code = encryption.create_encrypted(path, find_unit(data.unit_code, Structure(data.structure)).display)
        else:
            store_db.open_database(path, create=True)
        set_up_unit(data, hamlets)
        if admin is not None:
            accounts.create_administrator(*admin, full_name=admin_full_name)
    except BaseException:  # whatever failed, no half-made database is left behind; the error goes on
        store_db.close_database()
        encryption.remove_files(path)
        raise
    return code


def _set_up_server(url: str, data: ProfileData, hamlets: list[str] | None, admin: tuple[str, str] | None,
                   admin_full_name: str, *, seal: bool) -> str | None:  # fmt: skip
    """A unit's database on a server: an empty database gets the schema, the unit and its first
    account in one transaction; one already set up is refused. The server guards the rows (the
    program encrypts no file there); with an administrator and ``seal``, sensitive values are
    sealed to the unit's reader key as in an encrypted file, the key ring kept in the database,
    and the recovery code is returned, to be shown once."""
    from desktop_app.services import accounts, encryption

    _check_new(data, admin)
    store_db.open_database(url)
    try:
        if store_db.is_set_up():
            raise SetupError(_("Cơ sở dữ liệu {url} đã có đơn vị; chọn một cơ sở dữ liệu trống.").format(
                url=engines.shown(url)))  # fmt: skip
        code = None
        with database.atomic():
            if admin is not None and seal:
                code = encryption.seal_on_server(find_unit(data.unit_code, Structure(data.structure)).display)
            set_up_unit(data, hamlets)
            if admin is not None:
                accounts.create_administrator(*admin, full_name=admin_full_name)
    except BaseException:
        accounts.sign_out()  # the ring key made for it leaves memory too
        store_db.close_database()
        raise
    return code


def profile() -> ProfileData:
    row = UnitProfile.get()
    return ProfileData(**{key: getattr(row, key) for key in ProfileData.__dataclass_fields__})


def _settings_session():
    from desktop_app.domain.roles import Right
    from desktop_app.services import accounts

    try:
        return accounts.require(Right.SETTINGS)
    except accounts.NotAllowed as error:
        raise SetupError(str(error)) from error


def update_profile(data: ProfileData, idle_lock_minutes: int | None = None) -> None:
    """Change the unit's profile (an administrator's right); the changes go to the audit trail."""
    from desktop_app.services import audit

    session = _settings_session()
    data = _checked(data)
    before = profile()
    if data.unit_code != before.unit_code:
        raise SetupError(_("Không thể đổi đơn vị của một cơ sở dữ liệu đã có."))
    values = asdict(data)
    changed = {key: [str(getattr(before, key)), str(value)] for key, value in values.items()
               if getattr(before, key) != value}  # fmt: skip
    if idle_lock_minutes is not None:
        if not 1 <= idle_lock_minutes <= 240:
            raise SetupError(_("«{label}» phải từ 1 đến 240 phút.").format(label=_("Tự khóa khi không dùng")))
        if idle_lock_minutes != idle_minutes():
            changed["idle_lock_minutes"] = [idle_minutes(), idle_lock_minutes]
        values["idle_lock_minutes"] = idle_lock_minutes
    with database.atomic():
        UnitProfile.update(**values).execute()
        if changed:
            audit.record_event(session, "settings", {"changes": changed})


def idle_minutes() -> int:
    """After how many idle minutes the window locks itself."""
    return UnitProfile.get().idle_lock_minutes


def update_hamlets(names: list[str]) -> None:
    """Replace the unit's hamlets (an administrator's right), with the change in the audit trail."""
    from desktop_app.services import audit

    session = _settings_session()
    before = hamlets()
    with database.atomic():
        set_hamlets(names)
        after = hamlets()
        if before != after:
            audit.record_event(session, "settings", {"changes": {"hamlets": [before, after]}})


def current_unit() -> Unit:
    row = UnitProfile.get()
    return find_unit(row.unit_code, Structure(row.structure))


def installation_id() -> str:
    return store_records.identity()[1]


def hamlets() -> list[str]:
    """The unit's hamlets in Vietnamese alphabetical order."""
    return store_records.hamlet_names()


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
