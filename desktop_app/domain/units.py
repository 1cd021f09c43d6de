"""Administrative units and their official codes, from the ``vietnam-provinces`` package.

Two structures exist. Since 1 July 2025 (Quyết định 19/2025/QĐ-TTg): 34 provinces and 3,321
communes, no district. Before it (Quyết định 124/2004/QĐ-TTg): 63 provinces, about 700
districts, about 10,000 communes; its ``legacy`` module keeps them for units that still report
through a district. Codes are the official ones: province 2 digits, district 3, commune 5.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import vietnam_provinces as current
from vietnam_provinces import legacy

from desktop_app.domain.l10n import N_, _


class Level(StrEnum):
    COMMUNE = "commune"
    DISTRICT = "district"
    PROVINCE = "province"


class Structure(StrEnum):
    CURRENT = "2025"  # two levels, from 1 July 2025
    LEGACY = "2004"  # three levels, before 1 July 2025


LEVEL_LABELS = {
    Level.COMMUNE: N_("Cấp xã (xã, phường, đặc khu)"),
    Level.DISTRICT: N_("Cấp huyện (cơ cấu trước 7/2025)"),
    Level.PROVINCE: N_("Cấp tỉnh"),
}
_CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


# The words a unit's name may start with, longest first.
DIVISION_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


class UnitError(ValueError):
    """A unit code that is not in the official list."""


@dataclass(frozen=True)
class Unit:
    code: str  # zero-padded official code
    name: str  # "Xã Bình Liêu"
    level: Level
    structure: Structure
    division_type: str  # "xã", "phường", "tỉnh", "huyện" …
    parent_code: str | None  # the unit directly above, or None for a province

    @property
    def is_merging(self) -> bool:
        """A district or a province takes in the packages of the units under it."""
        return self.level != Level.COMMUNE

    @property
    def display(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def bare_name(self) -> str:
        """The name without its type: "Bình Liêu" for "Xã Bình Liêu", "Quảng Ninh" for "Thành phố
        Quảng Ninh" (whose type is "thành phố trung ương")."""
        for prefix in (self.division_type, *DIVISION_WORDS):
            if self.name.lower().startswith(prefix.lower() + " "):
                return self.name[len(prefix) + 1 :]
        return self.name


def _pad(code: int, level: Level) -> str:
    return f"{int(code):0{_CODE_WIDTH[level]}d}"


@cache
def _all_units(structure: Structure) -> dict[str, Unit]:
    """Every unit of a structure, keyed by ``level:code`` (codes of two levels may coincide)."""
    units: dict[str, Unit] = {}

    def add(unit: Unit) -> None:
        units[f"{unit.level}:{unit.code}"] = unit

    module = current if structure == Structure.CURRENT else legacy
    for province in module.Province.iter_all():
        add(Unit(_pad(province.code, Level.PROVINCE), province.name, Level.PROVINCE, structure,
                 str(province.division_type), None))  # fmt: skip
    if structure == Structure.CURRENT:
        for ward in current.Ward.iter_all():
            add(Unit(_pad(ward.code, Level.COMMUNE), ward.name, Level.COMMUNE, structure,
                     str(ward.division_type), _pad(ward.province_code, Level.PROVINCE)))  # fmt: skip
        return units
    for district in legacy.District.iter_all():
        add(Unit(_pad(district.code, Level.DISTRICT), district.name, Level.DISTRICT, structure,
                 str(district.division_type), _pad(district.province_code, Level.PROVINCE)))  # fmt: skip
    for ward in legacy.Ward.iter_all():
        add(Unit(_pad(ward.code, Level.COMMUNE), ward.name, Level.COMMUNE, structure,
                 str(ward.division_type), _pad(ward.district_code, Level.DISTRICT)))  # fmt: skip
    return units


def level_of_code(code: str) -> Level:
    """The level a code's width names: 2 digits a province, 3 a district, 5 a commune."""
    for level, width in _CODE_WIDTH.items():
        if len(code) == width and code.isdigit():
            return level
    raise UnitError(
        _("Mã đơn vị «{code}» không hợp lệ: mã tỉnh có 2 chữ số, mã huyện 3, mã xã 5.").format(code=code)
    )


def find_unit(code: str, structure: Structure = Structure.CURRENT) -> Unit:
    """The unit with this official code; UnitError when the list has none."""
    code, structure = code.strip(), Structure(structure)
    level = level_of_code(code)
    if level == Level.DISTRICT and structure == Structure.CURRENT:
        raise UnitError(
            _("Từ 1/7/2025 không còn cấp huyện; mã «{code}» chỉ dùng với cơ cấu trước 7/2025.").format(
                code=code
            )
        )
    unit = _all_units(structure).get(f"{level}:{code}")
    if unit is None:
        raise UnitError(_("Không có đơn vị mã «{code}» trong danh mục chính thức.").format(code=code))
    return unit


def units_at(level: Level, structure: Structure, parent_code: str | None = None) -> list[Unit]:
    """Units of one level, optionally only those directly under ``parent_code``."""
    level, structure = Level(level), Structure(structure)
    return [
        unit
        for unit in _all_units(structure).values()
        if unit.level == level and (parent_code is None or unit.parent_code == parent_code)
    ]


def children(unit: Unit) -> list[Unit]:
    """The units directly under ``unit``."""
    below = {Level.PROVINCE: Level.DISTRICT if unit.structure == Structure.LEGACY else Level.COMMUNE,
             Level.DISTRICT: Level.COMMUNE}.get(unit.level)  # fmt: skip
    return [] if below is None else units_at(below, unit.structure, unit.code)


def communes_under(unit: Unit) -> list[Unit]:
    """Every commune in ``unit``'s area (itself, when it is a commune)."""
    if unit.level == Level.COMMUNE:
        return [unit]
    return [commune for child in children(unit) for commune in communes_under(child)]


def area_of(unit: Unit) -> dict[str, list[str]]:
    """Each unit directly under a merging unit, with the commune codes it covers."""
    return {child.code: [c.code for c in communes_under(child)] for child in children(unit)}


def parent(unit: Unit) -> Unit | None:
    if unit.parent_code is None:
        return None
    level = Level.PROVINCE if unit.level != Level.COMMUNE or unit.structure == Structure.CURRENT else Level.DISTRICT
    return _all_units(unit.structure)[f"{level}:{unit.parent_code}"]
